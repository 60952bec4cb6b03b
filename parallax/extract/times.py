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

Then a document pass joins ranges ("12 - 16 July", "from X to Y"), opens
intervals ("since X", "until X") and resolves expressions anchored on an
event ("three days after the X meeting").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
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

VERSION = "1"
_YEAR_HEADER = re.compile(r"\((?:1[6-9]|20)[0-9]{2}\)")
_POST_HEADER = re.compile(r"@\w+\s*·\s*$")
_TIME_WORDS = {"year", "years", "month", "months", "day", "days", "week", "weeks", "season", "period",
               "quarter", "budget", "election", "elections", "census", "war", "agreement", "statement",
               "olympics", "games", "plan", "report", "campaign", "summit", "accord", "constitution"}
_STOP = {"the", "a", "an", "of", "high", "level", "high-level", "in", "on", "held", "at"}


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def extract_times(analysis: Analysis, doc: Any, resources: Any = None, *, ranges: bool = True) -> list[TimeExpr]:
    """Every time expression of the document, normalised and anchored.

    ``ranges=False`` keeps the two ends of "from X to Y" as separate
    expressions (the TimeML convention) instead of one interval."""
    document = analysis.document
    text = analysis_text(document)
    cands = [c for c in find_candidates(text) if _keep(c, text, doc)]
    anchor, label = _document_anchor(document, text)
    scope = _Scope(document, text, anchor, label, cands)
    known: dict[tuple[int, int | None], int] = {}
    reference: date | None = None
    quarter: tuple[str, int] | None = None  # last quarter value and where it ended
    out: list[tuple[Candidate, Norm]] = []
    for cand in cands:
        ctx = scope.context(cand, doc, known, reference)
        if quarter and cand.start - quarter[1] < 1000:
            ctx.quarter = quarter[0]
        norm = normalise_candidate(cand, ctx)
        if norm is None:
            continue
        out.append((cand, norm))
        _remember(norm, known)
        if norm.precision == "day" and norm.begin and norm.begin == norm.end and norm.type == "DATE":
            reference = norm.begin
        if norm.precision == "quarter" and norm.value and "X" not in norm.value and cand.rule.name != "ago":
            quarter = (norm.value, cand.end)
    out = _share_years(out, scope, doc, known)
    times = _join_clock_and_day([_to_timeexpr(document.text, c, n) for c, n in out], text)
    if ranges:
        times = join_ranges(times, text)
    _open_intervals(times, text, anchor)
    return resolve_relative_to_events(times, analysis.events, text=text)


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
    on 31 August"), or from an extracted event whose trigger sentence does."""
    drop: list[int] = []
    for i, t in enumerate(times):
        if not (t.anchor or "").startswith("pending:"):
            continue
        np, n, unit, direction = t.anchor[len("pending:"):].split("|")
        words = [w for w in re.findall(r"[a-z]+", np) if w not in _STOP]
        own = None if text is None else text[:t.start] + " " * (t.end - t.start) + text[t.end:]
        base = _event_date(words, times[:i], own) or _event_date_from_events(words, events, t.start, text)
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


def _keep(cand: Candidate, text: str, doc: Any) -> bool:
    """Drop matches that are not times: the modal "May", counts ("2000 people")."""
    name = cand.rule.name
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


class _Scope:
    """Per-document context: post anchors, header years, locale."""

    def __init__(self, document: Document, text: str, anchor: date | None, label: str,
                 cands: list[Candidate]) -> None:
        self.document, self.text, self.anchor, self.label = document, text, anchor, label
        locale = (document.meta.locale or "").replace("-", "_")
        self.day_first = None if not locale else not locale.lower().startswith("en_us")
        self.posts = self._posts(cands)
        self.header_years = self._header_years()

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
        return Context(anchor=anchor, anchor_label=label, tense=tense_at(doc, cand.start, cand.end),
                       year=year[0], year_label=year[1], known=dict(known), day_first=self.day_first,
                       reference=reference, clause=self.clause(cand.start))


def tense_at(doc: Any, start: int, end: int) -> str | None:
    """past | present | future | None for the clause governing a span, from
    the head verb's tag and its auxiliaries ("will", "plans to")."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    verbs = [tok, *[c for c in tok.children if c.dep_ in ("aux", "auxpass")]]
    if tok.dep_ == "xcomp" and tok.head.pos_ == "VERB":
        head = tok.head
        if head.lemma_.lower() in ("plan", "intend", "expect", "aim", "hope", "schedule", "want", "seek"):
            return "future"  # "plans to open ... on Thursday": the content of a plan lies ahead
        verbs += [head, *[c for c in head.children if c.dep_ in ("aux", "auxpass")]]
    lemmas = {v.lemma_.lower() for v in verbs}
    tags = {v.tag_ for v in verbs}
    if lemmas & {"will", "shall", "'ll"} or ("going" in {v.lower_ for v in verbs} and "to" in
                                              {c.lower_ for c in tok.children}):
        return "future"
    if tags & {"VBD"} or (tags & {"VBN"} and lemmas & {"have"}):
        return "past"
    if tags & {"VBZ", "VBP", "VBG"}:
        return "present"
    return None


def _remember(norm: Norm, known: dict[tuple[int, int | None], int]) -> None:
    """Record an explicit year given for a day or month, for later mentions."""
    if not norm.explicit_year or norm.type not in ("DATE", "TIME") or not norm.value:
        return
    m = re.match(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?", norm.value)
    if m and "/" not in norm.value:
        y, mo = int(m[1]), int(m[2])
        known.setdefault((mo, int(m[3])) if m[3] else (mo, None), y)
        known[(mo, int(m[3])) if m[3] else (mo, None)] = y


def _share_years(out: list[tuple[Candidate, Norm]], scope: _Scope, doc: Any,
                 known: dict) -> list[tuple[Candidate, Norm]]:
    """"March 3rd to March 4th of 2031": the first end takes the
    year the second gives."""
    for i in range(len(out) - 1):
        (c1, n1), (c2, n2) = out[i], out[i + 1]
        between = scope.text[c1.end:c2.start]
        if n1.explicit_year or not n2.explicit_year or not re.fullmatch(r"\s*(?:–|—|-|to|until|till|through|and)\s*", between):
            continue
        if n1.type != "DATE" or n1.precision not in ("day", "month") or not n2.begin:
            continue
        ctx = scope.context(c1, doc, {}, None)
        ctx.year, ctx.year_label, ctx.known = n2.begin.year, "context:range", {}
        again = normalise_candidate(c1, ctx)
        if again:
            out[i] = (c1, again)
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
            if u.type == "DATE" and u.precision == "day" and u.begin and u.begin == u.end_date \
                    and _CLOCK_GLUE.match(text[t.end:u.start]) and u.start - t.end <= 8:
                clock = t.value.split("T")[1]
                out.append(replace(u, text=text[t.start:u.end], start=t.start, value=f"{u.begin}T{clock}",
                                   type="TIME", precision="minute"))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


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
                out.append(TimeExpr(text=text[t.start:u.end], start=t.start, end=u.end,
                                    value=f"{t.value}/{u.value}", type="DATE", precision=t.precision,
                                    begin=t.begin, end_date=u.end_date, approximate=t.approximate or u.approximate,
                                    anchor=t.anchor, ambiguous=t.ambiguous or u.ambiguous, prov=t.prov))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def _joinable(t: TimeExpr, u: TimeExpr) -> bool:
    if t.type != "DATE" or u.type != "DATE" or not t.begin or not u.end_date or "/" in (t.value or "") + (u.value or ""):
        return False
    if t.precision not in ("day", "month", "year") or u.precision not in ("day", "month", "year"):
        return False
    return t.begin < u.end_date and (_parse_iso(u.end_date) - _parse_iso(t.begin)).days < 366 * 60


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
