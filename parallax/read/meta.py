"""Metadata read off a document: title, publisher, publication date,
language. Declared values (manifest, CLI) always win over inferred ones;
``Metadata.origin`` records, per field, ``declared`` or ``inferred:<how>``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import fields
from datetime import date

from ..model import BlockKind, Document, FIELD_DECLARED, FIELD_INFERRED, Metadata

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:\s*(?:st|nd|rd|th))?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
# "Wednesday 30th September 2020", "30 Sept. 2020", "Sep 27, 2020", "September 27"
DAY_MONTH = re.compile(r"\b" + _WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + _YEAR + r"\b", re.I)
MONTH_DAY = re.compile(r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + _YEAR + r"\b", re.I)
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d/.-]\d)")
_URLISH = re.compile(r"(?:https?://|www\.)\S+")

PUBLISHER_LINE = re.compile(
    r"^\W*(?:(?:prepared|issued|published|released|compiled|produced|distributed)\s+by|"
    r"on behalf of|source:|publisher:)\s+(?:the\s+)?(?P<name>[^\n]+?)\s*$", re.I)
PRESS_SERVICE = re.compile(r"^\W*(?P<name>(?:press (?:service|office)|information (?:service|department)) of [^\n]+?)\s*$",
                           re.I)
DATELINE = re.compile(r"^\W*(?:date[d]?|published|issued|released)\s*:?\s*(?P<rest>.+)$", re.I)

STOPWORDS = {
    "en": "the of and to in is that for on with as by was are it this be from at which have has not were".split(),
    "fr": "le la les de des et est en un une du que pour dans sur au par pas qui".split(),
    "de": "der die das und ist nicht zu den von mit sich des auf für im dem ein eine".split(),
    "es": "el la los las de y en que del por con para una un es se no al".split(),
    "it": "il la di e che per un una non sono del della nel con alla gli".split(),
    "ru": "и в не на что с по как это из к у от для о же за".split(),
}


def parse_date(text: str, years: list[int] | None = None) -> tuple[str, str] | None:
    """The first date in ``text`` as an ISO string and how the year was
    found (``printed`` / ``context`` / ``weekday``). A date without year takes
    it from ``years`` (the years the document mentions): the latest year whose
    calendar makes a printed weekday right, else the latest year."""
    m = ISO_DATE.search(text)
    if m:
        return m.group(0), "printed"
    best = None
    for pattern in (DAY_MONTH, MONTH_DAY):
        found = pattern.search(text)
        if found and (best is None or found.start() < best.start()):
            best = found
    if best is None:
        return None
    month = MONTHS[best.group("month").lower().rstrip(".")]
    day = int(best.group("day"))
    if best.group("year"):
        return _iso(int(best.group("year")), month, day), "printed"
    weekday = best.group("weekday")
    for year in sorted(set(years or []), reverse=True):
        if not _valid(year, month, day):
            continue
        if weekday is None:
            return _iso(year, month, day), "context"
        if date(year, month, day).weekday() == WEEKDAYS[weekday.lower().rstrip(".")]:
            return _iso(year, month, day), "weekday"
    return None


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _iso(year: int, month: int, day: int) -> str | None:
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None


def years_mentioned(text: str) -> list[int]:
    """Years written in the text (URLs excluded: their paths are not prose)."""
    text = _URLISH.sub(" ", text)
    return sorted({int(y) for y in YEAR.findall(text)})


def guess_language(text: str) -> str | None:
    """The language whose commonest function words cover the most tokens
    (a stopword-ratio check: enough for telling the handful of languages the
    project meets apart, and no model to ship)."""
    words = re.findall(r"[^\W\d_]+", text.lower()[:50000])
    if len(words) < 5:
        return None
    scores = {lang: sum(w in set(stops) for w in words) / len(words) for lang, stops in STOPWORDS.items()}
    lang, score = max(scores.items(), key=lambda kv: kv[1])
    return lang if score >= 0.08 else None


def _block_texts(document: Document, kinds: tuple[BlockKind, ...]) -> list[tuple[int, str]]:
    from .text import strip_markup

    out = []
    for i, block in enumerate(document.blocks):
        if block.kind in kinds:
            out.append((i, strip_markup(document.text[block.start:block.end]).strip()))
    return out


ORG_WORDS = re.compile(r"\b(ministry|ministries|office|service|council|agency|government|embassy|mission|department|"
                       r"presidency|administration|committee|command|headquarters|secretariat|parliament|"
                       r"assembly|directorate|bureau|press|cabinet|staff|forces|organi[sz]ation)\b", re.I)
SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "to", "at", "by", "a", "an"}


def _letterhead(text: str) -> str | None:
    """An all-capitals organisation line opening the document."""
    first = text.splitlines()[0].strip() if text.strip() else ""
    letters = [ch for ch in first if ch.isalpha()]
    if len(letters) < 6 or sum(ch.isupper() for ch in letters) / len(letters) < 0.9 or not ORG_WORDS.search(first):
        return None
    words = first.lower().split()
    return " ".join(w if (k and w in SMALL_WORDS) else w[:1].upper() + w[1:] for k, w in enumerate(words))


def infer_title(document: Document) -> str | None:
    for k, (_, text) in enumerate(_block_texts(document, (BlockKind.HEADING,))):
        if text and not (k == 0 and _letterhead(text)):
            return re.sub(r"\s*\n\s*", " ", text)
    return None


def infer_publisher(document: Document) -> tuple[str, str] | None:
    """(publisher, how): a "Prepared by / Issued by / Press service of" line,
    a signature block (name and office above the closing date), or an
    all-capitals letterhead."""
    blocks = _block_texts(document, (BlockKind.PARAGRAPH, BlockKind.HEADING))
    for _, text in blocks:
        for line in text.splitlines():
            m = PUBLISHER_LINE.match(line) or PRESS_SERVICE.match(line)
            if m:
                name = re.sub(r"\s*\([^)]*\)\s*$", "", m.group("name")).strip(" .,;:–—-")
                if name and len(name) <= 120:
                    return name, "publisher-line"
    signed = _signature_block(document)
    if signed:
        return signed, "signature"
    if blocks and document.blocks[blocks[0][0]].start < 400:
        head = _letterhead(blocks[0][1])
        if head:
            return head, "letterhead"
    return None


def _signature_block(document: Document) -> str | None:
    """"Name / Office / Place, date" closing the document -> "Office (Name)"."""
    tail = _block_texts(document, (BlockKind.PARAGRAPH,))[-3:]
    for _, text in reversed(tail):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not 2 <= len(lines) <= 3 or not _date_in(lines[-1]):
            continue
        above = lines[:-1]
        if any(len(x) > 80 or x[-1] in ".!?;:," for x in above):
            continue
        if len(above) == 2 and re.fullmatch(r"[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){1,3}", above[0]):
            return f"{above[1]} ({above[0]})"
        return above[-1]
    return None


def _date_in(line: str) -> bool:
    return len(line) <= 60 and bool(DAY_MONTH.search(line) or MONTH_DAY.search(line) or ISO_DATE.search(line))


def infer_published(document: Document) -> str | None:
    """A signature or dateline: a short paragraph that is (mostly) a date,
    near the end of the document, else near its start."""
    years = years_mentioned(document.text)
    paragraphs = _block_texts(document, (BlockKind.PARAGRAPH, BlockKind.HEADING))
    tail = [p for p in paragraphs if document.blocks[p[0]].start >= len(document.text) * 0.6][-8:]
    head = paragraphs[:6]
    lines = [line for _, text in reversed(tail) for line in reversed(text.splitlines())]
    lines += [line for _, text in head for line in text.splitlines()]
    for line in lines:
        candidate = line.strip()
        m = DATELINE.match(candidate)
        if m:
            candidate = m.group("rest")
        if len(candidate) > 60:
            continue
        found = parse_date(candidate, years)
        if found and found[0]:
            return found[0]
    return None


def infer(document: Document, extra: Metadata | None = None, how: str = "text") -> Metadata:
    """Metadata inferred from the document's text, with ``extra`` (values a
    reader found in file properties or HTML meta) taking precedence."""
    meta = Metadata()
    extra = extra or Metadata()

    def put(name: str, value: str | None, origin: str) -> None:
        if value and getattr(meta, name) is None:
            setattr(meta, name, value)
            meta.origin[name] = origin

    # A file's creation date is weaker evidence than a date printed in it.
    if extra.origin.get("published", "").endswith("-properties"):
        put("published", infer_published(document), f"{FIELD_INFERRED}:signature")
    for name in ("title", "publisher", "published", "language"):
        put(name, getattr(extra, name), extra.origin.get(name, f"{FIELD_INFERRED}:{how}"))
    put("title", infer_title(document), f"{FIELD_INFERRED}:first-heading")
    publisher = infer_publisher(document)
    if publisher:
        put("publisher", publisher[0], f"{FIELD_INFERRED}:{publisher[1]}")
    put("published", infer_published(document), f"{FIELD_INFERRED}:signature")
    put("language", guess_language(document.text), f"{FIELD_INFERRED}:stopwords")
    return meta


def merge(inferred: Metadata, declared: Metadata | None) -> Metadata:
    """Declared values win field by field; origin says which is which."""
    if declared is None:
        return inferred
    out = Metadata(origin=dict(inferred.origin))
    for f in fields(Metadata):
        if f.name == "origin":
            continue
        value = getattr(declared, f.name)
        if value not in (None, ""):
            setattr(out, f.name, str(value) if not isinstance(value, str) else value)
            out.origin[f.name] = FIELD_DECLARED
        else:
            setattr(out, f.name, getattr(inferred, f.name))
    return out
