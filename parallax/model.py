"""The shared data model: what every stage reads and writes.

A reader turns a file into a :class:`Document` (text, blocks, footnotes,
links, metadata). The analysis stages add records that all point back into
``Document.text`` with character offsets and carry a :class:`Provenance`
(the stage and its version, a confidence). Nothing here knows about storage;
``parallax.store`` maps these records to tables.

Offsets are always ``[start, end)`` into ``Document.text`` (Python string
indices), so ``doc.text[x.start:x.end]`` is the evidence of record ``x``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class BlockKind(str, Enum):
    """Structural units a reader recognises; sentences never cross them."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    QUOTE = "quote"  # a block quote or an embedded social-media post
    FOOTNOTE = "footnote"


@dataclass
class Cell:
    """One cell of a table row, as an offset range into the document text."""

    start: int
    end: int
    header: str | None = None  # the column header, when the table has one


@dataclass
class Block:
    """A structural unit of the document: heading, paragraph, list item,
    table row (with cells), quote / embedded post, footnote.

    ``attrs`` holds kind-specific details: ``level`` for headings; ``marker``
    for footnotes; ``author``, ``handle``, ``posted`` (ISO time), ``platform``
    and ``counts`` (e.g. ``{"retweets": 8}``) for embedded posts; ``table``
    (index of the table in the document) and ``header`` (bool) for table rows.
    """

    kind: BlockKind
    start: int
    end: int
    cells: list[Cell] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Footnote:
    """A footnote's body: its marker as printed ("1", "12"), text and URL."""

    marker: str
    text: str
    url: str | None
    start: int
    end: int


@dataclass
class Link:
    """An inline or listed hyperlink. ``url`` is None for placeholders
    such as ``[click here](#)``: a dead-end reference, kept so that it can be
    reported, never counted as a citation."""

    text: str
    url: str | None
    start: int
    end: int


@dataclass
class MarkerRef:
    """A footnote marker in the body (superscript ¹², or plain digits in a
    table's source column) and the footnote it resolves to."""

    marker: str
    start: int
    end: int
    footnote: int | None  # index into Document.footnotes, None if unresolved


FIELD_DECLARED = "declared"  # from a manifest or the command line
FIELD_INFERRED = "inferred"  # read off the document


@dataclass
class Metadata:
    """Document metadata. ``origin`` says, per field, whether the value was
    declared (manifest, CLI) or inferred, and from what (``inferred:signature``,
    ``inferred:html-meta``, ``inferred:pdf-properties`` ...)."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date, as precise as known: 2020-09-30, 2020-09, 2020
    language: str | None = None
    side: str | None = None
    kind: str | None = None  # statement | briefing | news | report | post | interview
    locale: str | None = None  # e.g. en_GB: day-month order for numeric dates
    origin: dict[str, str] = field(default_factory=dict)


@dataclass
class Document:
    """A read document: its text (as read, markup kept so that quotes are
    exact substrings), its structure and its metadata."""

    text: str
    path: str | None = None
    format: str = "txt"
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    markers: list[MarkerRef] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    meta: Metadata = field(default_factory=Metadata)
    # Offset ranges that are markup (``<i>``, ``**``, URL brackets, footnote
    # markers): the NLP stage sees them as spaces, offsets stay the same.
    masked: list[tuple[int, int]] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def block_at(self, offset: int) -> Block | None:
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None


def content_hash(text: str) -> str:
    """sha256 of the text: a document's identity for idempotent storage."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# --------------------------------------------------------------------------
# Analysis records
# --------------------------------------------------------------------------


@dataclass
class Provenance:
    """Which stage made a record, at which version, how sure it is."""

    stage: str
    version: str = "1"
    confidence: float = 1.0


@dataclass
class Sentence:
    start: int
    end: int
    block: int | None = None  # index into Document.blocks


class Stance(str, Enum):
    ASSERTED = "asserted"
    DENIED = "denied"
    ALLEGED = "alleged"
    HYPOTHETICAL = "hypothetical"
    PLANNED = "planned"
    HISTORICAL = "historical"


PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass
class Actor:
    """A resolved actor: a name as written, its canonical entry, country code
    (ISO 3166 alpha-3) and sector. A joint party lists its ``countries``."""

    text: str
    name: str | None = None  # canonical name from the actor dictionary
    country: str | None = None
    sector: str | None = None
    countries: list[str] = field(default_factory=list)
    start: int | None = None
    end: int | None = None
    entry: str | None = None  # id of the actor-dictionary entry


def countries_of(actors: Iterable[Actor]) -> set[str]:
    """Every country code the actors name: each one's own and a joint party's."""
    out: set[str] = set()
    for actor in actors:
        if actor.country:
            out.add(actor.country)
        out.update(c for c in actor.countries if c)
    return out


@dataclass
class ActorMention:
    text: str
    start: int
    end: int
    actor: Actor
    prov: Provenance = field(default_factory=lambda: Provenance("actors"))


@dataclass
class TimeExpr:
    """A normalised time expression, TIMEX3-style.

    ``value`` is an ISO 8601 value: a date (2020-09-27), month (2020-09), year
    (2020), an interval (2022-09-12/2022-09-13), a duration (P1Y8M), a set
    (P1Y with ``type`` SET), or a time (2020-09-27T21:45). ``begin``/``end``
    give the interval it covers as ISO dates when known, so overlap is exact.
    """

    text: str
    start: int
    end: int
    value: str | None
    type: str = "DATE"  # DATE | TIME | DURATION | SET
    precision: str | None = None  # day | week | month | season | quarter | year | decade | century | minute
    begin: str | None = None
    end_date: str | None = None
    approximate: bool = False
    anchor: str | None = None  # what it was anchored on: "publication", "context:2020", "event:...", ...
    ambiguous: bool = False
    prov: Provenance = field(default_factory=lambda: Provenance("times"))


@dataclass
class Place:
    """A gazetteer entry."""

    name: str
    lat: float | None
    lon: float | None
    kind: str  # country | region | district | city | town | village | feature
    geonameid: int | None = None
    country: str | None = None  # ISO alpha-2 as GeoNames gives it
    admin1: str | None = None
    admin2: str | None = None
    population: int | None = None
    precision: str = "point"  # point | district | region | country | fallback-district | fallback-region


@dataclass
class PlaceMention:
    text: str
    start: int
    end: int
    place: Place | None
    role: str = "mentioned"  # event_location | mentioned | actor
    prov: Provenance = field(default_factory=lambda: Provenance("places"))


@dataclass
class Quantity:
    text: str
    start: int
    end: int
    value: float | None
    qualifier: str = "exact"  # exact | more_than | less_than | about | range
    unit: str | None = None
    value_max: float | None = None  # upper bound of a range
    currency: str | None = None
    approximate_word: str | None = None  # "dozens", "hundreds" ...
    flags: list[str] = field(default_factory=list)  # e.g. "currency-missing"
    according_to: str | None = None
    prov: Provenance = field(default_factory=lambda: Provenance("quantities"))


@dataclass
class Citation:
    """A reference the document gives: a resolved footnote, an inline link,
    or a listed source. ``support_start``/``support_end`` is the sentence or
    table row it is attached to."""

    marker: str | None
    url: str | None
    start: int
    end: int
    support_start: int
    support_end: int
    anchor_text: str | None = None
    note: str | None = None
    kind: str = "footnote"  # footnote | inline | listed
    domain: str | None = None
    prov: Provenance = field(default_factory=lambda: Provenance("citations"))
    # Filled by the sources stage (parallax.extract.sources); None = unknown.
    # An outlet of None with a source_kind set means the kind/country come
    # from a registry fact of the domain (.gov.xx, .int), not the outlet table.
    outlet: str | None = None
    source_kind: str | None = None  # news | wire | government | state_media | intl_org | ngo | social_media | blog
    source_country: str | None = None  # ISO 3166 alpha-3, as actors
    source_language: str | None = None
    independent: bool | None = None  # False: the document's own side (self-sourcing)


@dataclass
class Event:
    """Who did what to whom, when, where, as the document tells it."""

    type: str
    start: int  # evidence span (the trigger clause)
    end: int
    sentence_start: int
    sentence_end: int
    trigger: str
    mode: str | None = None
    actors: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    time: TimeExpr | None = None
    places: list[PlaceMention] = field(default_factory=list)
    stance: str = Stance.ASSERTED.value
    according_to: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    prov: Provenance = field(default_factory=lambda: Provenance("events"))

    @property
    def actor(self) -> Actor | None:
        return self.actors[0] if self.actors else None

    @property
    def target(self) -> Actor | None:
        return self.targets[0] if self.targets else None


@dataclass
class Claim:
    text: str
    start: int
    end: int
    speaker: str | None = None  # None = the document's own voice
    checkworthy: float = 0.0  # the classifier's probability
    citations: list[str] = field(default_factory=list)  # URLs
    kind: str = "statement"  # statement | figure | accusation | denial
    prov: Provenance = field(default_factory=lambda: Provenance("claims"))


@dataclass
class Frame:
    """A span that uses a persuasion technique (SemEval-2020 task 11 names):
    ``term`` is the lexicon entry or pattern that matched, ``lexicon`` the
    data file it comes from."""

    text: str
    start: int
    end: int
    technique: str
    term: str | None = None
    lexicon: str | None = None
    prov: Provenance = field(default_factory=lambda: Provenance("framing"))


@dataclass
class Analysis:
    """Everything extracted from one document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)

    def sentence_at(self, offset: int) -> Sentence | None:
        for sent in self.sentences:
            if sent.start <= offset < sent.end:
                return sent
        return None


def to_dict(obj: Any) -> Any:
    """A JSON-ready dict of any model record (enums as their values)."""
    def convert(value: Any) -> Any:
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        return value

    return convert(asdict(obj))


@dataclass
class RecordRef:
    """Points at one record of one analysed document: ``kind`` is events,
    claims or quantities, ``index`` its position in that Analysis list."""

    document: str  # content hash
    kind: str
    index: int


@dataclass
class CrossLink:
    """Two accounts, in different documents, of the same happening."""

    a: RecordRef
    b: RecordRef
    relation: str  # SAME | CONTRADICT | COMPLEMENT
    on: str | None = None  # initiator | target | casualties | date | place | civilians | existence | detail
    reason: str = ""
    prov: Provenance = field(default_factory=lambda: Provenance("align"))
    # evidence on each side: [start, end) into that document's text (the clause or figure compared)
    a_span: tuple[int, int] | None = None
    b_span: tuple[int, int] | None = None
