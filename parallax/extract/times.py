"""Time expressions: find them, normalise them TIMEX3-style, anchor them.

The pattern layer (``timeparse``) finds candidates and turns each into a
value given a :class:`~parallax.extract.timeparse.Context`; this module
builds that context for each position of a document:

* the anchor: the publication date (``meta.published``), or for text inside
  an embedded social-media post the post's own date, or, with no
  publication date, the latest full date the text gives;
* the tense of the clause (spaCy's tags and auxiliaries), which decides
  whether a date without a year lies before or after the anchor;
* a year the context gives: a table whose header cell carries "(2020)", a
  short header line with a "(YYYY)", an earlier mention of the same day or
  month with a year;
* the reference time (the last date mentioned) for "two days later".

* cues that point ahead ("payable Dec. 1", "postponed until Tuesday") and
  whether a present-tense verb schedules ("talks resume Monday") or reports;
* for a publication date known only to the year or month, that year.

Then a document pass joins ranges ("12 - 16 July", "from X to Y"; ends
without a year are kept in order), takes the date a relative expression is
restated with ("a year ago, on 3 May 2022"), opens intervals ("since X",
"until X") and resolves expressions anchored on an event ("three days after
the X meeting"), dated earlier or later in the text. A year given later in a
run of days ("on 4 February and again on the 6th, 2011") dates the earlier
ones; "the morning of X", "the week of X", "around X" and "between X and Y"
take their words into the expression; the last night given ("the night of 3
to 4 March") is the one "the night" refers back to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from ..model import Analysis, BlockKind, Document, Event, Provenance, TimeExpr
from ..nlp import analysis_text
from .timeparse import (
    Candidate,
    Context,
    Norm,
    find_candidates,
    iso,
    normalise_candidate,
    shift,
)

VERSION = "2"
_YEAR_HEADER = re.compile(r"\((?:1[6-9]|20)[0-9]{2}\)")
#: the byline of an embedded post, just before its date: "@handle · ", "Name · posted ",
#: "Posted by X on ", "X wrote on "
_POST_HEADER = re.compile(r"(?:@\w+\s*·|\b(?:posted|wrote|replied|commented)(?:\s+by\s+\S[^\n]{0,40}?)?(?:\s+on)?)\s*$",
                          re.IGNORECASE)
_TIME_WORDS = {"year", "years", "month", "months", "day", "days", "week", "weeks", "season", "period",
               "quarter", "budget", "election", "elections", "census", "war", "agreement", "statement",
               "olympics", "games", "plan", "report", "campaign", "summit", "accord", "constitution"}
_STOP = {"the", "a", "an", "of", "high", "level", "high-level", "in", "on", "held", "at"}
# Words just before a date that point ahead of the clause's tense: a deadline,
# a schedule, a payment date ("extended to Nov. 16", "as early as Tuesday").
_FORWARD = re.compile(
    r"(?:\b(?:(?P<weak>until|till|through|expires?|expiring)|payable|effective|due|deadline(?:\s+of)?|"
    r"(?:scheduled|slated|planned|set|due|expected)\s+(?:for|on)|as\s+(?:early|soon)\s+as|no\s+later\s+than|"
    r"(?:extended|postponed|delayed|deferred|adjourned|moved|pushed\s+back|rescheduled)\s+(?:to|until|till))"
    r"(?:\s+(?:on|at|the|[0-9]{1,2}(?::[0-9]{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?,?))*)\s*$", re.IGNORECASE)
# Present-tense verbs that report rather than schedule ("X says Monday").
_REPORTING = {"say", "tell", "announce", "report", "state", "add", "claim", "insist", "warn", "deny", "confirm",
              "accuse", "urge", "call", "write", "note", "argue", "believe", "think", "know", "be", "have",
              "show", "suggest", "allege", "quote", "cite", "reveal", "admit", "acknowledge", "explain", "describe"}
_AGE = re.compile(r"[\s-]+old\b|-olds?\b", re.IGNORECASE)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def extract_times(analysis: Analysis, doc: Any, resources: Any = None, *, ranges: bool = True,
                  ages: bool = True) -> list[TimeExpr]:
    """Every time expression of the document, normalised and anchored.

    ``ranges=False`` keeps the two ends of "from X to Y" as separate
    expressions, and ``ages=False`` drops ages ("a 6-year-old boy"): both
    are TimeML conventions."""
    document = analysis.document
    text = analysis_text(document)
    cands = [c for c in find_candidates(text) if _keep(c, text, doc) and (ages or not _is_age(c, text))]
    anchor, label = _document_anchor(document, text)
    scope = _Scope(document, text, anchor, label, cands)
    known: dict[tuple[int, int | None], int] = {}
    reference: date | None = None
    ref_year: int | None = None  # the year of the last date, month or year mentioned ("that year")
    ref_month: date | None = None  # the first day of the last date or month mentioned ("the following month")
    quarter: tuple[str, int] | None = None  # last quarter value and where it ended
    night: date | None = None  # the first day of the last night interval ("the night of 3 to 4 March")
    narrative: date | None = None  # the last full date that dates a clause, not a noun ("the accord of 3 May 2020")
    told: dict[int, date] = {}  # explicit years given so far (not the dateline's own), each with its last date
    present_seen = False  # the text has spoken of its own days ("today", "on Friday") before
    anniversary = False  # the narrative date is an anniversary's ("ten years ago today")
    story_reference: Any = _UNSET  # the reference day before a post's byline, restored after it
    out: list[tuple[Candidate, Norm]] = []
    for cand in cands:
        ctx = scope.context(cand, doc, known, reference)
        if quarter and cand.start - quarter[1] < 1000:
            ctx.quarter = quarter[0]
        ctx.reference_year, ctx.reference_month, ctx.night = ref_year, ref_month, night
        ctx.narrative = narrative or (None if present_seen else _sole_earlier_year(told, anchor))
        ctx.anniversary = anniversary and ctx.narrative is narrative
        norm = normalise_candidate(cand, ctx)
        if norm is None:
            continue
        out.append((cand, norm))
        if scope.in_byline(cand.start):
            # a post's own timestamp is no part of the story it tells; its clock time still
            # reads on its day
            if story_reference is _UNSET:
                story_reference = reference
            reference = norm.begin if _is_day(norm) else reference
            continue
        if story_reference is not _UNSET:
            reference, story_reference = story_reference, _UNSET
        _remember(norm, known)
        if not norm.explicit_year and norm.precision in ("day", "minute") and norm.begin and anchor \
                and abs((norm.begin - anchor).days) <= 14:
            present_seen = True
        if norm.explicit_year and norm.type == "DATE" and norm.begin and norm.begin != anchor \
                and norm.precision in ("day", "month"):
            told[norm.begin.year] = norm.begin
        if _is_day(norm):
            reference = norm.begin  # a day, a part of one, or a night from one day to the next
            if out[:-1] and _AGO_TODAY.match(text[out[-2][0].end:cand.end]):
                reference = _years_back(reference, text[out[-2][0].start:out[-2][0].end]) or reference
                narrative, anniversary = reference, True
            elif norm.explicit_year and _dates_a_clause(doc, cand):
                narrative, anniversary = reference, False
            if (norm.end - norm.begin).days == 1 and _night_before(text, cand):
                night = norm.begin
        if norm.type == "DATE" and norm.begin and norm.precision in ("day", "month", "year", "season", "quarter") \
                and (norm.end is None or norm.begin.year == norm.end.year):
            ref_year = norm.begin.year
            if norm.precision in ("day", "month") and norm.end and (norm.begin.year, norm.begin.month) == (norm.end.year, norm.end.month):
                ref_month = norm.begin
        if norm.precision == "quarter" and norm.value and "X" not in norm.value and cand.rule.name != "ago":
            quarter = (norm.value, cand.end)
    out = _share_years(out, scope, doc, known)
    times = _join_clock_and_day([_to_timeexpr(document.text, c, n) for c, n in out], text)
    times = [piece for t in times for piece in _split_day_list(t, text)]
    _restated(times, text)
    times = _ago_today(times, text)
    if ranges:
        times = join_ranges(times, text)
    times = [_approx_prefix(_part_of_day_prefix(t, text, between=ranges), text) for t in times]
    _open_intervals(times, text, anchor)
    return resolve_relative_to_events(times, analysis.events, text=text)


def _is_day(norm: Norm) -> bool:
    """A day the narrative moves to: a date, a part of a day ("the next
    morning", "2024-03-04TMO"), or a night from one day to the next."""
    if norm.precision != "day" or not norm.begin or not norm.end or not 0 <= (norm.end - norm.begin).days <= 1:
        return False
    return norm.type == "DATE" or bool(re.search(r"T(?:MO|AF|EV|NI)$", norm.value or ""))


_NIGHT_WORDS = re.compile(r"\b(?:night|nights|overnight)\b", re.IGNORECASE)


def _night_before(text: str, cand: Candidate) -> bool:
    """A two-day interval that is a night: "the night of 3 to 4 March",
    "two nights later" (the word is in the expression or just before it)."""
    return bool(_NIGHT_WORDS.search(text, max(0, cand.start - 20), cand.end))


def normalise(text: str, anchor: date | None = None, **context: Any) -> TimeExpr | None:
    """Normalise one expression on its own: the longest expression found in
    ``text``. ``context`` takes the :class:`Context` fields (``tense``,
    ``year``, ``day_first``, ``reference``, ``known``)."""
    cands = find_candidates(text)
    if not cands:
        return None
    cand = max(cands, key=lambda c: c.end - c.start)
    ctx = Context(anchor=anchor, **context)
    norm = normalise_candidate(cand, ctx)
    return _to_timeexpr(text, cand, norm) if norm else None


def resolve_relative_to_events(times: list[TimeExpr], events: Iterable[Event] | None = None,
                               text: str | None = None) -> list[TimeExpr]:
    """Second pass: "three days after the X meeting" takes its date from an
    earlier expression that dates "the X meeting" (the words of the noun
    phrase in the same sentence as a full date, e.g. "the meeting held in X
    on 31 August"), or from an extracted event whose trigger sentence does,
    or failing both from the nearest later expression that dates it."""
    drop: list[int] = []
    for i, t in enumerate(times):
        if not (t.anchor or "").startswith("pending:"):
            continue
        np, n, unit, direction = t.anchor[len("pending:"):].split("|")
        words = [w for w in re.findall(r"[a-z]+", np) if w not in _STOP]
        own = None if text is None else text[:t.start] + " " * (t.end - t.start) + text[t.end:]
        base = (_event_date(words, times[:i], own) or _event_date_from_events(words, events, t.start, text)
                or _event_date(words, times[i + 1:][::-1], own))  # the text may date it only later
        if base is None:
            t.anchor = f"event:{np}"
            if float(n) == 0:
                drop.append(i)  # "immediately after the X" says nothing on its own
            continue
        d = shift(base, float(n) * (1 if direction == "after" else -1), unit)
        t.value, t.begin, t.end_date, t.anchor = d.isoformat(), d.isoformat(), d.isoformat(), f"event:{np}"
    return [t for i, t in enumerate(times) if i not in drop]


# --------------------------------------------------------------------------
# Candidates and context
# --------------------------------------------------------------------------


def _is_age(cand: Candidate, text: str) -> bool:
    """"a 6-year-old", "six years old": an age, not a time."""
    return cand.rule.name == "duration" and bool(_AGE.match(text, cand.end))


_NAME_ENTS = {"LAW", "ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"}
_PART_WORDS = {"morning", "afternoon", "evening", "night", "noon", "midnight", "and", "or", "to", "through",
               "january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december"}


def _inside_name(cand: Candidate, doc: Any) -> bool:
    """A weekday or named day inside a longer name ("the Good Friday
    Agreement", "Bloody Sunday") names a thing, not a day of this text."""
    text = cand.match.string
    before = re.search(r"(?<![.!?:\n]\s)(?<![.!?:\n])\b[A-Z][a-z]+\s+$", text[max(0, cand.start - 30):cand.start])
    after = re.match(r"\s+([A-Z][a-z]+)", text[cand.end:cand.end + 30])
    if before and after and after.group(1).lower() not in _PART_WORDS and before.start() > 0:
        return True  # "the Good Friday Agreement", with or without the parser's help
    tok = _token_at(doc, cand.start)
    if tok is None or not tok.ent_type_ or tok.ent_type_ not in _NAME_ENTS:
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and (ent.start_char < cand.start or ent.end_char > cand.end)


def _keep(cand: Candidate, text: str, doc: Any) -> bool:
    """Drop matches that are not times: the modal "May", counts ("2000 people"),
    days inside names."""
    name = cand.rule.name
    if name in ("weekday", "holiday") and _inside_name(cand, doc):
        return False
    if name in ("duration", "rel_unit") and _titled(cand, text):
        return False
    if name == "month" and _MARCH_NAME.match(text, cand.end) and cand.match["mon"] == "March":
        return False  # "the March for Life", "the March of the Mothers": a procession
    if name in ("month", "date_md", "month_year") and cand.match.group(0).lstrip().startswith("May"):
        tok = _token_at(doc, cand.start + cand.match.group(0).index("May"))
        if tok is not None and tok.tag_ == "MD":
            return False
    if name == "year":
        tok = _token_at(doc, cand.end - 1)
        if tok is not None and tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and tok.head.i == tok.i + 1 \
                and tok.head.lemma_.lower() not in _TIME_WORDS \
                and not (tok.i > 0 and tok.nbor(-1).dep_ in ("det", "poss", "case")):
            return False  # "2000 people"; but "the 1996 attacks" is a year
        before = text[max(0, cand.start - 14):cand.start].lower()
        if re.search(r"(?:no\.|number|#|page|p\.|more than|over|about|some|nearly|almost|at least|up to)\s*$", before):
            return False
    return True


_MARCH_NAME = re.compile(r"\s+(?:for|of|on|to)\s+(?:the\s+)?[A-Z]")
_UNIT_WORD = re.compile(r"\b(?:Seconds?|Minutes?|Hours?|Days?|Weeks?|Months?|Years?|Decades?)\b")


def _titled(cand: Candidate, text: str) -> bool:
    """"60 Minutes", "This Week With ...": a unit written with a capital
    inside a sentence names a programme or a work, not a time."""
    span = text[cand.start:cand.end]
    unit = _UNIT_WORD.search(span)
    if not unit or unit.start() == 0:
        return False
    at_start = re.search(r"(?:^|[.!?:\n]\s*|[\"“‘'(]\s*)$", text[max(0, cand.start - 3):cand.start])
    return not at_start or bool(re.match(r"[\"”’']|\s+[A-Z][a-z]", text[cand.end:cand.end + 3]))


def _token_at(doc: Any, offset: int) -> Any:
    if doc is None:
        return None
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", str(value))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _document_anchor(document: Document, text: str) -> tuple[date | None, str]:
    """The publication date, else the latest full date in the text."""
    published = _parse_iso(document.meta.published)
    if published:
        return published, "publication"
    latest = None
    for cand in find_candidates(text):
        norm = normalise_candidate(cand, Context())
        if norm and norm.explicit_year and norm.precision in ("day", "minute") and norm.begin:
            latest = max(latest, norm.begin) if latest else norm.begin
    return latest, "latest-date"


def _forward(text: str, start: int) -> str | None:
    """"strong" for a cue that puts a date ahead ("postponed until", "payable"),
    "weak" for a bare "until" / "through" (ahead unless the clause is past)."""
    m = _FORWARD.search(text, max(0, start - 60), start)
    if not m:
        return None
    return "weak" if m["weak"] else "strong"


def _partial_year(published: Any, anchor: date | None, label: str) -> tuple[int | None, str | None]:
    """A publication date given only as "2022" or "2022-09" gives the year
    of dates written without one (when no full date anchors the text)."""
    if label == "publication" or not published:
        return None, None
    m = re.fullmatch(r"\s*((?:1[6-9]|20)[0-9]{2})(?:-[0-9]{1,2})?\s*", str(published))
    return (int(m[1]), "publication-year") if m else (None, None)


class _Scope:
    """Per-document context: post anchors, header years, locale."""

    def __init__(self, document: Document, text: str, anchor: date | None, label: str,
                 cands: list[Candidate]) -> None:
        self.document, self.text, self.anchor, self.label = document, text, anchor, label
        locale = (document.meta.locale or "").replace("-", "_")
        self.day_first = None if not locale else not locale.lower().startswith("en_us")
        self.posts = self._posts(cands)
        self.header_years = self._header_years()
        self.year, self.year_label = _partial_year(document.meta.published, anchor, label)

    def _posts(self, cands: list[Candidate]) -> list[tuple[int, int, date]]:
        """(start, end, date) of embedded posts: blocks with a ``posted``
        attribute, else a "@handle · <date>" header line opening a post."""
        posts = []
        for block in self.document.blocks:
            posted = _parse_iso(str(block.attrs.get("posted") or ""))
            if block.kind == BlockKind.QUOTE and posted:
                posts.append((block.start, block.end, posted))
        if posts:
            return posts
        ctx = Context(anchor=self.anchor, anchor_label=self.label)
        for cand in cands:
            line_start = self.text.rfind("\n", 0, cand.start) + 1
            if not _POST_HEADER.search(self.text[line_start:cand.start]):
                continue
            norm = normalise_candidate(cand, ctx)
            if norm and norm.begin:
                stop = self._post_end(cand.end)
                posts.append((cand.start, stop, norm.begin))
        return posts

    def in_byline(self, offset: int) -> bool:
        """Is ``offset`` on the byline line of an embedded post ("Name · posted
        5 July 2009, 9:12 PM")?"""
        for start, _, _ in self.posts:
            line_end = self.text.find("\n", start)
            if self.text.rfind("\n", 0, start) < offset <= (len(self.text) if line_end < 0 else line_end):
                return True
        return False

    def _post_end(self, start: int) -> int:
        """A post runs to its timestamp line ("1:22 PM · ...") or 1,500 characters."""
        m = re.compile(r"[0-9]{1,2}:[0-9]{2}\s*[AP]M\s*·").search(self.text, start, start + 1500)
        return m.start() if m else min(len(self.text), start + 1500)

    def _header_years(self) -> list[tuple[int, int, int]]:
        """(start, end, year): a table whose header carries "(YYYY)", or,
        without table blocks, a short header line with "(YYYY)" (to the next one)."""
        spans: list[tuple[int, int, int]] = []
        rows = [b for b in self.document.blocks if b.kind == BlockKind.TABLE_ROW]
        for row in rows:
            if not row.attrs.get("header"):
                continue
            m = _YEAR_HEADER.search(self.text, row.start, row.end)
            if m:
                table = row.attrs.get("table")
                same = [b for b in rows if b.attrs.get("table") == table] or [row]
                spans.append((row.start, max(b.end for b in same), int(m.group(0)[1:5])))
        if rows:
            return spans
        for m in _YEAR_HEADER.finditer(self.text):
            line_start = self.text.rfind("\n", 0, m.start()) + 1
            line_end = self.text.find("\n", m.end())
            line_end = len(self.text) if line_end < 0 else line_end
            line = self.text[line_start:line_end]
            if len(line.strip()) <= 80 and not re.search(r"[.!?]\s*$", line.strip()):
                spans.append((m.end(), len(self.text), int(m.group(0)[1:5])))
        return [(s, (spans[i + 1][0] if i + 1 < len(spans) else e), y) for i, (s, e, y) in enumerate(spans)]

    def clause(self, offset: int) -> str:
        """The line-bounded sentence around ``offset`` (cheap, no parse needed)."""
        left = max(self.text.rfind(". ", 0, offset), self.text.rfind("\n", 0, offset)) + 1
        ends = [x for x in (self.text.find(". ", offset), self.text.find("\n", offset)) if x >= 0]
        return self.text[left:min(ends) if ends else len(self.text)]

    def context(self, cand: Candidate, doc: Any, known: dict, reference: date | None) -> Context:
        anchor, label = self.anchor, self.label
        for start, end, posted in self.posts:
            if start < cand.start < end and cand.start > start:
                anchor, label = posted, f"post:{posted.isoformat()}"
        year = next(((y, f"context:{y}") for s, e, y in self.header_years if s <= cand.start < e), (None, None))
        tense, verb, tag = tense_and_verb(doc, cand.start, cand.end)
        possessive = re.match(r"['’]s?\b", self.text[cand.end:cand.end + 2]) is not None
        return Context(anchor=anchor, anchor_label=label, tense=tense,
                       year=year[0] if year[0] else self.year, year_label=year[1] if year[0] else self.year_label,
                       known=dict(known), day_first=self.day_first, reference=reference,
                       clause=self.clause(cand.start),
                       forward=_forward(self.text, cand.start),
                       scheduled=tag in ("VBZ", "VBP") and verb not in _REPORTING and not possessive
                       and not self._headline(cand.start))

    def _headline(self, offset: int) -> bool:
        """A line with no closing punctuation (a headline, a caption)."""
        end = self.text.find("\n", offset)
        line = self.text[self.text.rfind("\n", 0, offset) + 1:len(self.text) if end < 0 else end].rstrip()
        return not re.search(r"[.!?:;\"”')]$", line)


def tense_at(doc: Any, start: int, end: int) -> str | None:
    """past | present | future | None for the clause governing a span, from
    the head verb's tag and its auxiliaries ("will", "plans to", "could")."""
    return tense_and_verb(doc, start, end)[0]


_NOUN_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "dobj", "pobj"}
_PLANS = {"plan", "intend", "expect", "aim", "hope", "schedule", "want", "seek", "set", "prepare", "agree",
          "promise", "pledge", "vow", "threaten", "be"}


def tense_and_verb(doc: Any, start: int, end: int) -> tuple[str | None, str | None, str | None]:
    """The tense (as :func:`tense_at`), the lemma and the tag of the governing verb."""
    if doc is None:
        return None, None, None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None, None, None
    tok = span.root
    while start <= tok.idx < end and tok.head is not tok and tok.tag_ == "MD":
        tok = tok.head  # "since 26 May have included": the month read as a modal is the date, not the verb
    for _ in range(6):
        if tok.head is tok:
            break
        if tok.pos_ in ("VERB", "AUX") and not (tok.tag_ == "VBG" and tok.dep_ in _NOUN_DEPS):
            break
        tok = tok.head  # a gerund used as a noun ("Fighting between April and July ended") is not the verb
    if tok.pos_ not in ("VERB", "AUX"):
        return None, None, None
    lemma, tag = tok.lemma_.lower(), tok.tag_
    verbs = [tok, *[c for c in tok.children if c.dep_ in ("aux", "auxpass") and not start <= c.idx < end]]
    if tok.dep_ == "xcomp" and tok.head.pos_ in ("VERB", "AUX"):
        head = tok.head
        if head.lemma_.lower() in _PLANS and any(c.lower_ == "to" for c in tok.children):
            return "future", lemma, tag  # "plans to open ... on Thursday", "is to resume": the aim lies ahead
        verbs += [head, *[c for c in head.children if c.dep_ in ("aux", "auxpass")]]
    lemmas = {v.lemma_.lower() for v in verbs}
    tags = {v.tag_ for v in verbs}
    if lemmas & {"will", "shall", "'ll", "would", "could", "might", "can", "may", "should", "must"} \
            and not tags & {"VBN"} or ("going" in {v.lower_ for v in verbs} and "to" in {c.lower_ for c in tok.children}):
        return "future", lemma, tag
    if tags & {"VBD"} or (tags & {"VBN"} and lemmas & {"have"}):
        return "past", lemma, tag
    if tags & {"VBZ", "VBP", "VBG"}:
        return "present", lemma, tag
    return None, lemma, tag


def _remember(norm: Norm, known: dict[tuple[int, int | None], int]) -> None:
    """Record an explicit year given for a day or month, for later mentions."""
    if not norm.explicit_year or norm.type not in ("DATE", "TIME") or not norm.value:
        return
    m = re.match(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?", norm.value)
    if m and "/" not in norm.value:
        y, mo = int(m[1]), int(m[2])
        known.setdefault((mo, int(m[3])) if m[3] else (mo, None), y)
        known[(mo, int(m[3])) if m[3] else (mo, None)] = y


_GLUE = re.compile(r"\s*(?:(?:,|;|and|or|again|then|also|on|later|once more|as well as)\s*)*", re.IGNORECASE)
_RANGE_GLUE = re.compile(r"\s*(?:–|—|-|to|until|till|through|and)\s*", re.IGNORECASE)


def _share_years(out: list[tuple[Candidate, Norm]], scope: _Scope, doc: Any,
                 known: dict) -> list[tuple[Candidate, Norm]]:
    """"March 3rd to March 4th of 2031", "on 4 February and again on the
    6th, 2011": an earlier day or month takes the year a later one in the
    same run gives (back along a list: "4, 6 and 9 February 2011"); "between
    April and July" with no year at all: the first end is put in the year
    that keeps it before the second."""
    given = {i for i, (_, n) in enumerate(out) if n.explicit_year}
    for i in range(len(out) - 2, -1, -1):
        (c1, n1), (c2, n2) = out[i], out[i + 1]
        between = scope.text[c1.end:c2.start]
        if n1.explicit_year or n1.type != "DATE" or n1.precision not in ("day", "month") or not n2.begin or not n1.begin:
            continue
        if i + 1 in given and (_RANGE_GLUE.fullmatch(between) or _GLUE.fullmatch(between)) \
                and n2.precision in ("day", "month"):
            year = n2.begin.year
        elif (_RANGE_GLUE.fullmatch(between) and n2.type == "DATE" and n2.precision in ("day", "month")
              and n1.begin > n2.begin):
            year = n2.begin.year if (n1.begin.month, n1.begin.day) <= (n2.begin.month, n2.begin.day) \
                else n2.begin.year - 1
        else:
            continue
        ctx = scope.context(c1, doc, {}, None)
        ctx.year, ctx.year_label, ctx.known = year, "context:range", {}
        again = normalise_candidate(c1, ctx)
        if again:
            out[i] = (c1, again)
            given.add(i)
    return out


def _to_timeexpr(full_text: str, cand: Candidate, norm: Norm) -> TimeExpr:
    anchor = norm.anchor
    if norm.pending:
        anchor = f"pending:{norm.pending}"
    return TimeExpr(text=full_text[cand.start:cand.end], start=cand.start, end=cand.end, value=norm.value,
                    type=norm.type, precision=norm.precision, begin=iso(norm.begin), end_date=iso(norm.end),
                    approximate=norm.approximate, anchor=anchor, ambiguous=norm.ambiguous,
                    prov=Provenance("times", VERSION, 0.6 if norm.ambiguous or norm.approximate else 0.9))


# --------------------------------------------------------------------------
# Document passes
# --------------------------------------------------------------------------

_CLOCK_GLUE = re.compile(r"\s*(?:[A-Z]{2,4}\s*)?,?\s*(?:on\s+|,\s*)?$")


def _join_clock_and_day(times: list[TimeExpr], text: str) -> list[TimeExpr]:
    """"9 a.m. EST Tuesday", "noon Thursday": one TIME on that day."""
    out: list[TimeExpr] = []
    i = 0
    while i < len(times):
        t = times[i]
        if i + 1 < len(times) and t.type == "TIME" and re.search(r"T[0-9]{2}:[0-9]{2}$", t.value or "") \
                and "·" not in t.text:
            u = times[i + 1]
            day_like = u.type == "DATE" or re.search(r"T(?:MO|AF|EV|NI)$", u.value or "")
            if day_like and u.precision == "day" and u.begin and u.begin == u.end_date \
                    and _CLOCK_GLUE.match(text[t.end:u.start]) and u.start - t.end <= 8:
                clock = t.value.split("T")[1]
                out.append(replace(u, text=text[t.start:u.end], start=t.start, value=f"{u.begin}T{clock}",
                                   approximate=t.approximate or u.approximate,
                                   type="TIME", precision="minute"))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


_DAY_LIST = re.compile(r"(?P<a>.*?[0-9]{1,2}(?:\s?(?:st|nd|rd|th))?)(?P<sep>\s+and\s+)(?P<b>.+)$", re.DOTALL)


def _split_day_list(t: TimeExpr, text: str) -> list[TimeExpr]:
    """"on 6 and 9 February", "April 24 and 25": two days, not a range (only
    "between 6 and 9 February" is one); each keeps the month and year."""
    m = _DAY_LIST.match(t.text)
    if not m or "/" not in (t.value or "") or t.precision != "day" or not t.begin or not t.end_date \
            or re.search(r"\bbetween\s+$", text[max(0, t.start - 9):t.start], re.IGNORECASE):
        return [t]
    cut = t.start + len(m["a"])
    first = replace(t, text=m["a"], end=cut, value=t.begin, end_date=t.begin)
    second = replace(t, text=m["b"], start=cut + len(m["sep"]), value=t.end_date, begin=t.end_date)
    return [first, second]


_RANGE_SEP = re.compile(r"\s*(?:–|—|-|to|until|till|through|and)\s*$")


def join_ranges(times: list[TimeExpr], text: str) -> list[TimeExpr]:
    """Join "X to Y" / "from X to Y" / "between X and Y" into one interval."""
    out: list[TimeExpr] = []
    i = 0
    while i < len(times):
        t = times[i]
        if i + 1 < len(times):
            u = times[i + 1]
            between = text[t.end:u.start]
            before = text[max(0, t.start - 9):t.start].lower()
            sep_and = re.fullmatch(r"\s*and\s*", between)
            if (_RANGE_SEP.match(between) and between.strip() and (not sep_and or "between" in before)
                    and _joinable(t, u)):
                m = re.search(r"\bbetween\s+$", before, re.IGNORECASE) if sep_and else None
                start = t.start - (len(before) - m.start()) if m else t.start
                out.append(TimeExpr(text=text[start:u.end], start=start, end=u.end,
                                    value=f"{t.value}/{u.value}", type="DATE", precision=t.precision,
                                    begin=t.begin, end_date=u.end_date, approximate=t.approximate or u.approximate,
                                    anchor=t.anchor, ambiguous=t.ambiguous or u.ambiguous, prov=t.prov))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


_PART_PREFIX = re.compile(r"(?:\bthe\s+)?\b(?:(?P<hours>(?:early|small|first)\s+hours)|(?P<part>morning|afternoon|evening|night)"
                          r"|(?P<week>week))\s+(?:of|from)\s+(?:the\s+)?$", re.IGNORECASE)
_PART_CODE = {"morning": "MO", "afternoon": "AF", "evening": "EV"}


def _part_of_day_prefix(t: TimeExpr, text: str, between: bool = True) -> TimeExpr:
    """"the morning of 3 March", "the week of March 6": one expression; "the
    night of 12 September" runs to the next day ("the night of", "the early
    hours of" stay outside the expression, as in the gold). A morning,
    afternoon or evening is that day's part; a week is the ISO week of the
    day. ``between=False`` (TimeML conventions) leaves "between" outside
    "between 3 and 5 March" and a night of one day as that day."""
    b = re.search(r"\bbetween\s+$", text[max(0, t.start - 12):t.start], re.IGNORECASE)
    if between and b and "/" in (t.value or ""):
        start = t.start - (len(text[max(0, t.start - 12):t.start]) - b.start())
        return replace(t, text=text[start:t.end], start=start)
    m = _PART_PREFIX.search(text, max(0, t.start - 40), t.start)
    day = _parse_iso(t.begin)
    if not m or t.type != "DATE" or t.precision != "day" or day is None or m.end() != t.start:
        return t
    part = (m["part"] or "").lower()
    new = t if part == "night" or m["hours"] else replace(t, text=text[m.start():t.end], start=m.start())
    if m["week"]:
        if t.begin != t.end_date:
            return t
        y, w, _ = day.isocalendar()
        monday = day - timedelta(days=day.weekday())
        return replace(new, value=f"{y}-W{w:02d}", precision="week", begin=monday.isoformat(),
                       end_date=(monday + timedelta(days=6)).isoformat())
    if part == "night" and t.begin == t.end_date and between:
        nxt = (day + timedelta(days=1)).isoformat()
        return replace(new, value=f"{t.begin}/{nxt}", end_date=nxt)
    if part in _PART_CODE and t.begin == t.end_date:
        return replace(new, value=f"{t.begin}T{_PART_CODE[part]}", type="TIME")
    return new


_APPROX_PREFIX = re.compile(r"\b(?:around|approximately|circa|roughly|sometime|some\s+time\s+(?:in|on))\s+$", re.IGNORECASE)


_GET_AROUND = re.compile(r"\b(?:get|gets|getting|got)\s+$", re.IGNORECASE)


def _approx_prefix(t: TimeExpr, text: str) -> TimeExpr:
    """"around Nov. 1", "sometime next year": the hedge is part of the
    expression, and makes it approximate."""
    m = _APPROX_PREFIX.search(text, max(0, t.start - 20), t.start)
    if not m or t.type not in ("DATE", "TIME") or not t.value or t.value.endswith("_REF"):
        return t
    if re.match(r"['’]", text[t.end:t.end + 1]) or _GET_AROUND.search(text, max(0, m.start() - 9), m.start()):
        return t  # "to get around Wednesday's ruling"
    return replace(t, text=text[m.start():t.end], start=m.start(), approximate=True)


def _joinable(t: TimeExpr, u: TimeExpr) -> bool:
    if t.type != "DATE" or u.type != "DATE" or not t.begin or not u.end_date or "/" in (t.value or "") + (u.value or ""):
        return False
    if t.precision not in ("day", "month", "year") or u.precision not in ("day", "month", "year"):
        return False
    return t.begin < u.end_date and (_parse_iso(u.end_date) - _parse_iso(t.begin)).days < 366 * 60


_UNSET = object()
_AGO_TODAY = re.compile(r"^\s*,?\s*(?:to\s+the\s+day|today|tonight|this\s+(?:day|week|month))\b", re.IGNORECASE)
_AGO_COUNT = re.compile(r"^P(\d+)Y$")


def _ago_today(times: list[TimeExpr], text: str) -> list[TimeExpr]:
    """"Ten years ago today", "thirty years ago to the day": one day, the
    anniversary's date, not a year plus the publication day. Joined here
    because the two parts are matched by separate rules."""
    out: list[TimeExpr] = []
    skip: set[int] = set()
    for i, t in enumerate(times):
        if i in skip:
            continue
        nxt = times[i + 1] if i + 1 < len(times) else None
        day = _parse_iso(nxt.begin) if nxt is not None and nxt.precision == "day" else None
        then = _years_back(day, text[t.start:t.end]) if day and _AGO_TODAY.match(text[t.end:nxt.end]) else None
        if then is None:
            out.append(t)
            continue
        iso = then.isoformat()
        out.append(replace(t, text=text[t.start:nxt.end], end=nxt.end, value=iso, type="DATE", precision="day",
                           begin=iso, end_date=iso, anchor=nxt.anchor))
        skip.add(i + 1)
    return out


def _sole_earlier_year(told: dict[int, date], anchor: date | None) -> date | None:
    """A text whose every explicit year so far is one earlier year ("a year
    has passed since the war of August 2008 ... throughout July ...") tells
    that year's story: its last date stands as the narrative time when no
    full date has dated a clause yet. Two different years (a 2022 statement
    recalling 2020) leave the choice to the publication date."""
    if anchor is None or len(told) != 1:
        return None
    (year, last), = told.items()
    # more than half a year back: a January story's "last December" is no retrospective
    return last if year < anchor.year and (anchor - last).days > 183 else None


def _dates_a_clause(doc: Any, cand: Candidate) -> bool:
    """ "On 6 May 1998 a patrol ...", "troops attacked on 4 June 2011": the
    date modifies a verb, so the story goes on from it; "the statement of
    10 November 2020" dates a noun, a reference to something else."""
    tok = _token_at(doc, cand.start)
    for _ in range(6):
        if tok is None or tok.head == tok:
            return tok is not None and tok.pos_ in ("VERB", "AUX")
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return True
        if tok.pos_ in ("NOUN", "PROPN") and not _date_word(tok):
            return False
    return False


def _date_word(tok: Any) -> bool:
    return tok.like_num or tok.lower_ in _MONTH_WORDS


_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                "nov", "dec"}


def _years_back(day: date, phrase: str) -> date | None:
    """The anniversary's date when the expression before "today" was "N years ago"."""
    n = _count_years_ago(phrase)
    if n is None:
        return None
    try:
        return day.replace(year=day.year - n)
    except ValueError:  # 29 February
        return day.replace(year=day.year - n, day=28)


def _count_years_ago(phrase: str) -> int | None:
    if not re.search(r"\bago\s*$", phrase, re.IGNORECASE):
        return None
    words = phrase.lower().split()
    if len(words) < 3 or words[-2] not in ("year", "years"):
        return None
    from .timeparse import parse_number
    n = parse_number(" ".join(words[:-2]))
    return int(n) if n is not None and float(n).is_integer() else None


def _restated(times: list[TimeExpr], text: str) -> None:
    """"Sixteen months ago, on 18 October 2023": a relative expression
    restated at once by a full date takes that date."""
    for t, u in pairwise(times):
        if not re.search(r"\b(?:ago|earlier|before|later)$", t.text, re.IGNORECASE) or u.type != "DATE":
            continue
        if not re.fullmatch(r"\s*(?:,|\(|–|—)\s*(?:on|in)?\s*", text[t.end:u.start]):
            continue
        if u.begin and "X" not in (u.value or "") and "/" not in (u.value or ""):
            t.value, t.begin, t.end_date, t.precision = u.value, u.begin, u.end_date, u.precision
            t.anchor = "restated"


def _open_intervals(times: list[TimeExpr], text: str, anchor: date | None) -> None:
    """'since X' runs from X to the anchor; 'until X' / 'by the end of X' from the anchor to X."""
    if anchor is None:
        return
    for t in times:
        if t.type != "DATE" or not t.begin or not t.end_date:
            continue
        before = text[max(0, t.start - 20):t.start].lower()
        if re.search(r"(?:ever\s+)?since\s+$", before) and _parse_iso(t.begin) and _parse_iso(t.begin) <= anchor:
            t.end_date = anchor.isoformat()
        elif re.search(r"(?:until|till|up to|by)\s+$", before) and _parse_iso(t.end_date) and _parse_iso(t.end_date) >= anchor:
            t.begin = anchor.isoformat()


def _event_date(words: list[str], earlier: list[TimeExpr], text: str | None) -> date | None:
    """The latest earlier full date whose sentence names all ``words``."""
    if not text or not words:
        return None
    for t in reversed(earlier):
        d = _parse_iso(t.begin)
        if d is None or t.precision != "day" or t.begin != t.end_date or (t.anchor or "").startswith("event:"):
            continue  # only a date the text gives, not one derived from another event
        left = max(text.rfind(".", 0, t.start), text.rfind("\n", 0, t.start)) + 1
        right_candidates = [x for x in (text.find(".", t.end), text.find("\n", t.end)) if x >= 0]
        right = min(right_candidates) if right_candidates else len(text)
        window = text[max(left, t.start - 80):min(right, t.end + 80)].lower()
        if all(re.search(rf"\b{re.escape(w)}", window) for w in words):
            return d
    return None


def _event_date_from_events(words: list[str], events: Iterable[Event] | None, before: int,
                            text: str | None) -> date | None:
    for ev in reversed(list(events or [])):
        if ev.start >= before or ev.time is None or not text:
            continue
        d = _parse_iso(ev.time.begin)
        if d and all(w in text[ev.sentence_start:ev.sentence_end].lower() for w in words):
            return d
    return None


__all__ = ["extract_times", "join_ranges", "normalise", "resolve_relative_to_events", "tense_at"]
