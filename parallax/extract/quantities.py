"""Figures a document states: counts, money, percentages, distances,
fractions of a whole and word quantifiers ("dozens of ...").

Each figure becomes a :class:`~parallax.model.Quantity` with its value (null
for a word quantifier that names no number), a qualifier (exact, more_than,
less_than, about, range), the noun phrase it counts (``unit``), the currency
when it is money, and who states it (``according_to``, via
:mod:`parallax.extract.speakers`).

Hand-written rules rather than a library: the number parsers on PyPI
(e.g. quantulum3, word2number) either pull large models or do not know the
exclusions a conflict document needs (years, dates, times, footnote markers,
thread numbering "5/9", register numbers, durations). The words live in
``parallax/data/quantity_words.yaml``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from ..model import Analysis, BlockKind, Cell, Provenance, Quantity
from ..nlp import doc_text
from ..resources import DATA_DIR
from .speakers import speaker_of

STAGE_VERSION = "1"
WORDS_FILE = DATA_DIR / "quantity_words.yaml"

_DIGITS = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+)(?:\.\d+)?(?![\d])")
_ORDINAL = re.compile(r"\s?(?:st|nd|rd|th)\b", re.IGNORECASE)
_SKIP_BEFORE_UNIT = {"more", "additional", "other", "new", "extra", "further", "of", "such"}
_UNIT_POS = {"ADJ", "NOUN", "PROPN"}
# "two of them", "three of their servicemen": a spelled count of a group.
_PARTITIVE = re.compile(r"\s+of\s+(?:the|them|these|those|their|our|its|his|her|your|whom|which)\b", re.IGNORECASE)
# "five more were injured", "two died": a spelled number as the subject.
_SUBJECT_COUNT = re.compile(r"\s+(?:(?:more|others|other)\s+)?(?:were|was|are|have been|had been|died|remain|remained)\b",
                            re.IGNORECASE)
_OF_WHICH = re.compile(r"\b(?:out\s+)?of\s+(?:which|whom|them|these|those)\s*$", re.IGNORECASE)


@dataclass
class QuantityWords:
    """The vocabulary of ``quantity_words.yaml``, compiled."""

    numbers: dict[str, int]
    multipliers: dict[str, int]
    approximate: dict[str, dict[str, Any]]
    fractions: dict[str, float]
    qualifiers: list[tuple[str, str]]  # (phrase, qualifier), longest first
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    currency_codes: set[str]
    money_cues: set[str]
    units: dict[str, str]
    social_counts: list[str]
    time_units: set[str]
    months: set[str]
    identifier_cues: set[str]
    reference_headers: set[str]
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = WORDS_FILE) -> QuantityWords:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        quals = [(p.lower(), q) for q, phrases in data["qualifiers"].items() for p in phrases]
        words = cls(
            numbers={k.lower(): int(v) for k, v in data["numbers"].items()},
            multipliers={k.lower(): int(v) for k, v in data["multipliers"].items()},
            approximate={k.lower(): v or {} for k, v in data["approximate"].items()},
            fractions={k.lower(): float(v) for k, v in data["fractions"].items()},
            qualifiers=sorted(quals, key=lambda pq: -len(pq[0])),
            currency_symbols=dict(data["currency_symbols"]),
            currency_words={k.lower(): v for k, v in data["currency_words"].items()},
            currency_codes={c.upper() for c in data["currency_codes"]},
            money_cues={w.lower() for w in data["money_cues"]},
            units={str(k).lower(): v for k, v in data["units"].items()},
            social_counts=sorted((w.lower() for w in data["social_counts"]), key=len, reverse=True),
            time_units={str(w).lower() for w in data["time_units"]},
            months={m.lower() for m in data["months"]},
            identifier_cues={str(w).lower() for w in data["identifier_cues"]},
            reference_headers={str(w).lower() for w in data.get("reference_headers", [])},
        )
        words.patterns = words._compile()
        return words

    def _compile(self) -> dict[str, re.Pattern[str]]:
        def alt(items: Any) -> str:
            return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))

        word_mults = [m for m in self.multipliers if len(m) > 2]
        num = alt(list(self.numbers) + word_mults)
        return {
            "spelled": re.compile(rf"\b(?:an?\s+(?=(?:{alt(word_mults)})\b))?(?:{num})(?:(?:\s+|-)(?:and\s+)?(?:{num}))*\b", re.IGNORECASE),
            "multiplier": re.compile(rf"^\s?(?:{alt(word_mults + ['bn', 'mn', 'mln'])})\b", re.IGNORECASE),
            "short_multiplier": re.compile(r"^(?:m|k|bn)\b", re.IGNORECASE),
            "approximate": re.compile(rf"\b(?:{alt(self.approximate)})\b", re.IGNORECASE),
            "fraction": re.compile(rf"\b(?:{alt(self.fractions)})\s+of\b", re.IGNORECASE),
            "qualifier": re.compile(rf"(?:^|(?<=[\s(\[]))(?:{alt(p for p, _ in self.qualifiers)})\s*$", re.IGNORECASE),
            "symbol_before": re.compile(rf"(?:{alt(self.currency_symbols)})\s?$"),
            "code_before": re.compile(rf"\b(?:{alt(self.currency_codes)})\s?$"),
            "currency_after": re.compile(rf"^\s?(?:{alt(list(self.currency_words) + list(self.currency_codes))})\b", re.IGNORECASE),
            "percent_after": re.compile(r"^\s?(?:%|per\s?cent\b|percent\b|pct\b|percentage points\b)", re.IGNORECASE),
        }


@lru_cache(maxsize=1)
def words() -> QuantityWords:
    """The shipped vocabulary, loaded once per process."""
    return QuantityWords.load()


def approximate_estimate(word: str) -> int | None:
    """The conventional number for a word quantifier ("dozens" -> 12), for
    exports that need one (ACLED-style fatalities); None if unknown."""
    entry = words().approximate.get(word.lower().strip())
    if not entry:
        return None
    return entry.get("value", entry.get("acled"))


# --------------------------------------------------------------------------
# Number parsing
# --------------------------------------------------------------------------


def parse_spelled(text: str, lex: QuantityWords | None = None) -> int | None:
    """Value of a spelled-out number: "three thousand" 3000, "twenty-five"
    25, "a million" 1000000. None if it holds no number word."""
    lex = lex or words()
    total, current, seen = 0, 0, False
    for w in re.split(r"[\s-]+", text.lower()):
        if w in ("a", "an", "and", ""):
            continue
        if w in lex.numbers:
            current += lex.numbers[w]
            seen = True
        elif w == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif w in lex.multipliers and len(w) > 2:
            total += max(current, 1) * lex.multipliers[w]
            current, seen = 0, True
        else:
            return None
    return total + current if seen else None


def parse_digits(text: str) -> float:
    return float(re.sub(r"[,\u00a0\u202f ]", "", text))


@dataclass
class _Candidate:
    start: int
    end: int  # end of the number (and multiplier, currency, percent sign)
    value: float | None
    spelled: bool = False
    qualifier: str = "exact"
    value_max: float | None = None
    currency: str | None = None
    unit: str | None = None
    approximate_word: str | None = None
    multiplied: bool = False
    percent: bool = False
    fraction: bool = False
    counted: bool = False  # a spelled count without a noun after it ("two of them", "five were")
    qstart: int | None = None  # start of a qualifier phrase
    unit_end: int | None = None
    flags: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# Context: tokens, blocks, spans to skip
# --------------------------------------------------------------------------


class _Context:
    """What the rules look at around a number: the analysis text, tokens
    by offset, and the spans where no figure is read."""

    def __init__(self, analysis: Analysis, doc: Doc, lex: QuantityWords) -> None:
        self.analysis = analysis
        self.doc = doc
        self.text = doc_text(doc)
        self.lex = lex
        self.starts = [t.idx for t in doc]
        self.skip = self._skip_spans()

    def _skip_spans(self) -> list[tuple[int, int]]:
        document = self.analysis.document
        spans = [(b.start, b.end) for b in document.blocks if b.kind == BlockKind.FOOTNOTE]
        spans += [(m.start, m.end) for m in document.markers]
        spans += [(t.start, t.end) for t in self.analysis.times if t.type in ("DATE", "TIME", "DURATION", "SET")]
        spans += [(l.start, l.end) for l in document.links if l.url and l.text and l.url in l.text]
        return spans

    def skipped(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.skip)

    def token_at(self, offset: int) -> Token | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        tok = self.doc[i]
        return tok if tok.idx <= offset < tok.idx + len(tok) else None

    def token_from(self, offset: int) -> Token | None:
        """The first non-space token starting at or after ``offset``."""
        i = bisect.bisect_left(self.starts, offset)
        while i < len(self.doc) and self.doc[i].is_space:
            i += 1
        return self.doc[i] if i < len(self.doc) else None

    def word_before(self, offset: int) -> str:
        m = re.search(r"([#\w.]+)\W{0,2}$", self.text[max(0, offset - 40):offset])
        return m.group(1).lower() if m else ""

    def word_after(self, offset: int) -> str:
        m = re.match(r"\W{0,2}?([\w.']+)", self.text[offset:offset + 40])
        return m.group(1).lower().rstrip(".,") if m else ""

    def line(self, offset: int) -> tuple[int, int]:
        s = self.text.rfind("\n", 0, offset) + 1
        e = self.text.find("\n", offset)
        return s, len(self.text) if e < 0 else e


# --------------------------------------------------------------------------
# Finding candidates
# --------------------------------------------------------------------------


def _digit_candidates(ctx: _Context) -> list[_Candidate]:
    out = []
    for m in _DIGITS.finditer(ctx.text):
        if _excluded_digits(ctx, m.start(), m.end(), m.group(0)):
            continue
        out.append(_Candidate(m.start(), m.end(), parse_digits(m.group(0))))
    return out


def _glued_ok(ctx: _Context, start: int) -> bool:
    """Digits glued to a preceding word count only when the word is a
    function word ("which134" is a typo for "which 134"); "A320" or "F16" is
    a name."""
    m = re.search(r"([A-Za-z]+)$", ctx.text[max(0, start - 20):start])
    if not m:
        return True
    from spacy.lang.en.stop_words import STOP_WORDS

    return m.group(1).islower() and m.group(1) in STOP_WORDS


def _excluded_digits(ctx: _Context, start: int, end: int, raw: str) -> bool:
    text = ctx.text
    before, after = text[max(0, start - 2):start], text[end:end + 3]
    if ctx.skipped(start, end) or not _glued_ok(ctx, start):
        return True
    if re.search(r"\d{5,}-$", text[max(0, start - 14):start]):
        return True  # the tail of an identifier: 71696536357-87
    if re.search(r"[/:@#]$|[A-Za-z]-$", before) or re.match(r"[/:]\d|,\d(?!\d\d)", after):
        return True  # 5/9, 12/09/2020, 9:45, @user1, #tag2, Su-25, 1,2,3
    if re.match(r"\.\d", after) or re.match(r"-\d{3,}", after) and len(raw) >= 5:
        return True  # 12.09.2020 dates, 71696536357-87 identifiers
    if _ORDINAL.match(text, end) or re.match(r"[A-Za-z]", after) and not _unit_glued(ctx, end):
        return True  # 27th, 6 th; 3D, 5G
    digits = re.sub(r"\D", "", raw)
    if len(digits) >= 7 and not re.search(r"[,\u00a0\u202f.]", raw):
        return True  # register numbers, phone numbers
    if ctx.word_before(start) in ctx.lex.identifier_cues:
        return True
    if _is_date_part(ctx, start, end) or _is_year(ctx, start, end, raw):
        return True
    return _is_list_number(ctx, start, end)


def _unit_glued(ctx: _Context, end: int) -> bool:
    m = re.match(r"[A-Za-z%]+", ctx.text[end:])
    word = m.group(0).lower() if m else ""
    return word in ctx.lex.units or word in ("bn", "m", "k", "mn", "mln")


def _is_date_part(ctx: _Context, start: int, end: int) -> bool:
    before, after = ctx.word_before(start), ctx.word_after(end)
    after = re.sub(r"^(st|nd|rd|th)$", "", after) or ctx.word_after(end + 3)
    return before.rstrip(".") in ctx.lex.months or after.rstrip(".") in ctx.lex.months


def _is_year(ctx: _Context, start: int, end: int, raw: str) -> bool:
    if not re.fullmatch(r"\d{4}", raw) or not 1800 <= int(raw) <= 2100:
        return False
    nxt = ctx.token_from(end)
    plural_noun = nxt is not None and nxt.tag_ == "NNS" and nxt.lower_ not in ctx.lex.time_units
    return not plural_noun


def _is_list_number(ctx: _Context, start: int, end: int) -> bool:
    """A number alone in its line or cell (a footnote marker in a source
    column, a page number) or numbering a list item ("3. ", "4) ")."""
    ls, le = ctx.line(start)
    if ctx.text[ls:start].strip() == "" and re.match(r"[.)]\s", ctx.text[end:end + 2]):
        return True
    cell = _cell_of(ctx, start)
    if cell is not None and ctx.text[cell.start:cell.end].strip() == ctx.text[start:end]:
        return not _counting_column(ctx, cell)
    return ctx.text[ls:le].strip() == ctx.text[start:end]


def _cell_of(ctx: _Context, offset: int) -> Cell | None:
    block = ctx.analysis.document.block_at(offset)
    if block is None:
        return None
    for cell in block.cells:
        if cell.start <= offset < cell.end:
            return cell
    return None


def _counting_column(ctx: _Context, cell: Cell) -> bool:
    """A number alone in a cell is a figure when its column has a header
    that names what is counted ("Impacts", "Killed"); under "Source", "No.",
    "Day" or without a header it is a reference, a row number or a date."""
    header = (cell.header or "").strip().lower()
    words = re.findall(r"[a-z][a-z.]*", header)
    lex = ctx.lex
    return bool(words) and not any(w in lex.reference_headers or w in lex.identifier_cues or w in lex.time_units
                                   or w in lex.months for w in words)


def _spelled_candidates(ctx: _Context) -> list[_Candidate]:
    out = []
    for m in ctx.lex.patterns["spelled"].finditer(ctx.text):
        phrase = m.group(0)
        value = parse_spelled(phrase, ctx.lex)
        lowered = phrase.lower()
        if value is None or ctx.skipped(m.start(), m.end()):
            continue
        has_mult = any(w in ctx.lex.multipliers for w in re.split(r"[\s-]+", lowered))
        if lowered == "one" and _one_counted(ctx, m.end()):
            out.append(_Candidate(m.start(), m.end(), 1.0, spelled=True, counted=True))
            continue
        if lowered in ("one", "zero") or (lowered.startswith(("a ", "an ")) and not has_mult):
            continue  # "one of them", "no one": not a figure
        if not re.match(r"an?\s", lowered) and not any(w in ctx.lex.numbers for w in re.split(r"[\s-]+", lowered)):
            continue  # a bare multiplier: "billion" after digits is read with them

        if re.match(r"\s*-?\s*(?:st|nd|rd|th)\b", ctx.text[m.end():m.end() + 4]):
            continue
        partitive = bool(_PARTITIVE.match(ctx.text, m.end()))
        if re.match(r"\s+of\b", ctx.text[m.end():]) and not has_mult and not partitive:
            continue  # "two of ..." without a determiner: not a count
        if not has_mult and re.search(r"\b(?:the|both|these|those|its|their|his|her|our|my|your|first|last|next)\s+$",
                                      ctx.text[max(0, m.start() - 8):m.start()], re.IGNORECASE):
            continue  # "the two countries": a reference, not a figure
        part = _PARTITIVE.match(ctx.text, m.end())
        counted = partitive or bool(_SUBJECT_COUNT.match(ctx.text, m.end()))
        out.append(_Candidate(m.start(), m.end(), float(value), spelled=True, multiplied=has_mult, counted=counted,
                              unit_end=part.end() if part else None))
    return out


def _one_counted(ctx: _Context, end: int) -> bool:
    """"one soldier wounded", "one civilian was killed": "one" before a
    singular noun that a past participle follows counts a casualty or a
    loss; elsewhere "one" is a pronoun or an article ("one of", "one day")."""
    noun = ctx.token_from(end)
    if noun is None or noun.tag_ != "NN" or noun.i + 1 >= len(ctx.doc):
        return False
    nxt = ctx.doc[noun.i + 1]
    if nxt.lemma_ == "be" and nxt.i + 1 < len(ctx.doc):
        nxt = ctx.doc[nxt.i + 1]
    if nxt.tag_ == "VBN":
        return True
    # "one soldier wounded;" the tagger reads a reduced clause as past tense
    after = ctx.doc[nxt.i + 1] if nxt.i + 1 < len(ctx.doc) else None
    return nxt.tag_ == "VBD" and (after is None or after.is_punct or after.is_space or after.tag_ == "CC")


def _approximate_candidates(ctx: _Context, taken: list[tuple[int, int]]) -> list[_Candidate]:
    out = []
    for m in ctx.lex.patterns["approximate"].finditer(ctx.text):
        if ctx.skipped(m.start(), m.end()) or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        word = m.group(0).lower()
        entry = ctx.lex.approximate.get(word, {})
        value = entry.get("value")
        nxt = ctx.token_from(m.end())
        if nxt is None or not (nxt.lower_ == "of" or nxt.pos_ in _UNIT_POS):
            continue  # "by the hundreds", "several times" handled as time below
        out.append(_Candidate(m.start(), m.end(), None if value is None else float(value),
                              qualifier="exact" if value is not None else "about",
                              approximate_word=word))
    return out


def _fraction_candidates(ctx: _Context) -> list[_Candidate]:
    out = []
    for m in ctx.lex.patterns["fraction"].finditer(ctx.text):
        phrase = re.sub(r"\s+of$", "", m.group(0).lower())
        if ctx.skipped(m.start(), m.end()):
            continue
        end = m.start() + len(phrase)
        out.append(_Candidate(m.start(), end, ctx.lex.fractions[phrase], fraction=True))
    return out


# --------------------------------------------------------------------------
# Reading around a candidate: multiplier, currency, percent, qualifier, unit
# --------------------------------------------------------------------------


def _extend(ctx: _Context, c: _Candidate) -> None:
    """Multiplier, currency and percent sign around the number."""
    p = ctx.lex.patterns
    rest = ctx.text[c.end:c.end + 30]
    if not c.spelled and c.value is not None:
        m = p["multiplier"].match(rest)
        if m:
            c.value *= ctx.lex.multipliers[m.group(0).strip().lower()]
            c.end += m.end()
            c.multiplied = True
            rest = ctx.text[c.end:c.end + 30]
    head = ctx.text[max(0, c.start - 6):c.start]
    sym = p["symbol_before"].search(head)
    code = p["code_before"].search(head)
    if sym or code:
        match = sym or code
        c.currency = ctx.lex.currency_symbols.get(match.group(0).strip()) or match.group(0).strip().upper()
        c.qstart = c.start - (len(head) - match.start())
        if not c.multiplied:
            short = p["short_multiplier"].match(rest)
            if short and c.value is not None:
                c.value *= ctx.lex.multipliers[short.group(0).lower()]
                c.end += short.end()
                c.multiplied = True
                rest = ctx.text[c.end:c.end + 30]
    after = p["currency_after"].match(rest)
    if after and c.currency is None:
        word = after.group(0).strip()
        c.currency = ctx.lex.currency_words.get(word.lower(), word.upper())
        c.end += after.end()
        c.unit = "money"
    pct = p["percent_after"].match(ctx.text[c.end:c.end + 25])
    if pct:
        c.percent = True
        c.unit = "percent"
        c.end += pct.end()
    if c.currency and c.unit is None:
        c.unit = "money"


def _qualify(ctx: _Context, c: _Candidate) -> None:
    start = c.qstart if c.qstart is not None else c.start
    window = ctx.text[max(0, start - 30):start]
    m = ctx.lex.patterns["qualifier"].search(window)
    if not m or c.approximate_word:
        return
    phrase = re.sub(r"\s+", " ", m.group(0).strip().lower())
    qual = dict(ctx.lex.qualifiers).get(phrase)
    if qual:
        c.qualifier = qual
        c.qstart = start - (len(window) - m.start())


def _unit(ctx: _Context, c: _Candidate) -> None:
    """The noun phrase right after the figure: "1300 anti-personnel mines",
    "dozens of fighters", "half of his speech", "8 Retweets"."""
    if c.unit is not None:
        return
    rest = ctx.text[c.end:c.end + 40].lower()
    for social in ctx.lex.social_counts:
        if re.match(rf"\s?{re.escape(social)}\b", rest):
            c.unit = social
            c.unit_end = c.end + rest.index(social) + len(social)
            return
    cell = _cell_of(ctx, c.start)
    if cell is not None and ctx.text[cell.start:cell.end].strip() == ctx.text[c.start:c.end].strip():
        c.unit = (cell.header or "").strip() or None  # a figure alone in a cell counts its column
        return
    tok = ctx.token_from(c.end)
    tokens: list[Token] = []
    # "five more citizens", "dozens of the fighters", "half of his speech"
    while tok is not None and (tok.lower_ in _SKIP_BEFORE_UNIT or tok.pos_ in ("DET", "PRON")):
        nxt = tok.i + 1
        tok = ctx.doc[nxt] if nxt < len(ctx.doc) else None
    while tok is not None and len(tokens) < 6 and (tok.pos_ in _UNIT_POS or tok.text == "-" or tok.tag_ == "HYPH"
                                                    or _participle_modifier(ctx, tok)):
        if tok.is_space or (tokens and tok.is_sent_start):
            break
        tokens.append(tok)
        nxt = tok.i + 1
        tok = ctx.doc[nxt] if nxt < len(ctx.doc) else None
    while tokens and tokens[-1].pos_ not in ("NOUN", "PROPN"):
        tokens.pop()
    if not tokens:
        if _OF_WHICH.search(ctx.text[max(0, c.start - 20):c.start]):
            c.flags.append("subset")
        return
    first, last = tokens[0], tokens[-1]
    phrase = ctx.text[first.idx:last.idx + len(last)]
    c.unit = ctx.lex.units.get(phrase.lower(), phrase)
    c.unit_end = last.idx + len(last)


def _participle_modifier(ctx: _Context, tok: Token) -> bool:
    """"displaced" in "450 displaced families": a participle before a noun."""
    nxt = ctx.doc[tok.i + 1] if tok.i + 1 < len(ctx.doc) else None
    return tok.tag_ in ("VBN", "VBG") and nxt is not None and nxt.pos_ in ("NOUN", "PROPN")


def _is_time(ctx: _Context, c: _Candidate) -> bool:
    """A duration or a clock time: "three days", "thirty years", "9 PM"."""
    head = (c.unit or "").lower().split(" ")[0] if c.unit else ctx.word_after(c.end)
    return head in ctx.lex.time_units or ctx.word_after(c.end) in ctx.lex.time_units


def _money_missing(ctx: _Context, c: _Candidate) -> bool:
    if c.currency or c.unit or not c.multiplied or c.fraction:
        return False
    sent = ctx.analysis.sentence_at(c.start)
    span = ctx.text[sent.start:sent.end] if sent else ctx.text[max(0, c.start - 120):c.end + 60]
    return any(w in ctx.lex.money_cues for w in re.findall(r"[a-z]+", span.lower()))


def _merge_ranges(ctx: _Context, cands: list[_Candidate]) -> list[_Candidate]:
    """"between 3 and 5", "3-5", "3 to 5" → one range quantity."""
    out: list[_Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and prev.value is not None and c.value is not None and not prev.fraction:
            gap = ctx.text[prev.end:c.start]
            between = re.search(r"\bbetween\s+$", ctx.text[max(0, prev.start - 10):prev.start], re.IGNORECASE)
            joined = (between and re.fullmatch(r"\s+and\s+", gap)) or re.fullmatch(r"\s?[-–—]\s?|\s+to\s+", gap)
            if joined and prev.value < c.value:
                prev.value_max, prev.end, prev.qualifier = c.value, c.end, "range"
                if between:
                    prev.qstart = between.start() + max(0, prev.start - 10)
                continue
        out.append(c)
    return out


def extract_quantities(analysis: Analysis, doc: Doc, resources: Any = None) -> list[Quantity]:
    """Every figure the document states, in document order."""
    lex = words()
    ctx = _Context(analysis, doc, lex)
    numeric = sorted(_digit_candidates(ctx) + _spelled_candidates(ctx) + _fraction_candidates(ctx),
                     key=lambda c: c.start)
    numeric = _drop_nested(numeric)
    cands = _merge_ranges(ctx, numeric)
    taken = [(c.start, c.end) for c in cands]
    cands = sorted(cands + _approximate_candidates(ctx, taken), key=lambda c: c.start)
    out: list[Quantity] = []
    for c in cands:
        _extend(ctx, c)
        _qualify(ctx, c)
        _unit(ctx, c)
        if _is_time(ctx, c):
            continue
        if c.spelled and c.unit is None and not c.multiplied and not c.counted:
            continue  # "five to one": no thing counted
        if c.counted and c.unit is None and out:
            c.unit = out[-1].unit  # "two civilians were killed ... five more were injured"
        if _money_missing(ctx, c):
            c.flags.append("currency-missing")
        if "subset" in c.flags and out:
            c.unit = out[-1].unit
        out.append(_record(ctx, c))
    return out


def _drop_nested(cands: list[_Candidate]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for c in cands:
        if out and c.start < out[-1].end:
            if c.end - c.start > out[-1].end - out[-1].start:
                out[-1] = c
            continue
        out.append(c)
    return out


def _record(ctx: _Context, c: _Candidate) -> Quantity:
    start = c.qstart if c.qstart is not None and c.qstart < c.start else c.start
    end = max(c.end, c.unit_end or 0)
    text = ctx.analysis.document.text
    return Quantity(
        text=text[start:end], start=start, end=end, value=c.value, qualifier=c.qualifier,
        unit=c.unit, value_max=c.value_max, currency=c.currency, approximate_word=c.approximate_word,
        flags=[f for f in c.flags if f != "subset"],
        # counts printed under a post are the platform's, not the author's
        according_to=None if c.unit in ctx.lex.social_counts else speaker_of(ctx.analysis, ctx.doc, c.start, c.end),
        prov=Provenance("quantities", STAGE_VERSION, 0.9 if c.unit else 0.7),
    )
