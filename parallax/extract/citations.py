"""Citations: the references a document gives for what it says.

Three kinds, each attached to the text it supports:

- ``footnote``: a body marker resolved to its footnote (the URL, or None when
  the footnote names no URL, e.g. "see the annex"); the support is the
  sentence holding the marker (a marker printed after the final period still
  belongs to that sentence) or, for a marker in a table's source column, the
  row's other cells.
- ``inline``: a link with a real target in the running text; the support is
  its sentence.
- ``listed``: a URL standing alone on its line, as in a list of reports
  ("Title" / "Outlet – date" / URL); the support is the title line.

Placeholder links (``[click here](#)``) are dead ends, never citations; see
:func:`dead_end_links`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from urllib.parse import urlparse

from ..model import (
    Analysis,
    Block,
    BlockKind,
    Citation,
    Document,
    Link,
    MarkerRef,
    Provenance,
    Sentence,
)

VERSION = "1"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9])")


def extract_citations(analysis: Analysis, doc=None, resources=None) -> list[Citation]:
    """Every reference of the document, in document order."""
    document = analysis.document
    index = _Index(document, analysis.sentences or fallback_sentences(document))
    out: list[Citation] = []
    for mk in document.markers:
        cit = _footnote_citation(index, mk)
        if cit is not None:
            out.append(cit)
    for link in document.links:
        cit = _link_citation(index, link)
        if cit is not None:
            out.append(cit)
    return sorted(out, key=lambda c: c.start)


class _Index:
    """Blocks and sentences by offset (bisect), so long documents with many
    references stay fast."""

    def __init__(self, document: Document, sentences: list[Sentence]) -> None:
        self.document = document
        self.blocks = sorted(range(len(document.blocks)), key=lambda i: document.blocks[i].start)
        self.block_starts = [document.blocks[i].start for i in self.blocks]
        self.sentences = sorted(sentences, key=lambda s: s.start)
        self.sentence_starts = [s.start for s in self.sentences]

    def block_index(self, offset: int) -> int | None:
        k = bisect_right(self.block_starts, offset) - 1
        if k >= 0:
            i = self.blocks[k]
            block = self.document.blocks[i]
            if block.start <= offset < block.end:
                return i
        return None

    def block_at(self, offset: int) -> Block | None:
        i = self.block_index(offset)
        return None if i is None else self.document.blocks[i]


def dead_end_links(document: Document) -> list[Link]:
    """Placeholder links (``#``, empty, ``javascript:``): references that
    lead nowhere, reported rather than counted."""
    return [link for link in document.links if link.url is None]


def domain(url: str | None) -> str | None:
    """Host of a URL without ``www.``, lower-cased."""
    if not url:
        return None
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlparse(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


# ---- footnotes ------------------------------------------------------------


def _footnote_citation(index: _Index, mk: MarkerRef) -> Citation | None:
    document = index.document
    if mk.footnote is None or mk.footnote >= len(document.footnotes):
        return None
    fn = document.footnotes[mk.footnote]
    start, end = _marker_support(index, mk)
    return Citation(marker=mk.marker, url=fn.url, start=mk.start, end=mk.end, support_start=start,
                    support_end=end, note=footnote_note(fn.text, fn.url), kind="footnote",
                    domain=domain(fn.url), prov=Provenance("citations", VERSION))


def footnote_note(text: str, url: str | None) -> str | None:
    """The footnote's words besides its URL, e.g. "(Russian)"."""
    note = text
    if url:
        note = re.sub(r"\[[^\]]*\]\(\s*" + re.escape(url) + r"[^)]*\)", " ", note)
        note = note.replace("<" + url + ">", " ").replace(url, " ")
    note = re.sub(r"\s+", " ", note).strip(" \t-–—:;,")
    return note or None


def _marker_support(index: _Index, mk: MarkerRef) -> tuple[int, int]:
    document = index.document
    block = index.block_at(mk.start)
    if block is not None and block.kind == BlockKind.TABLE_ROW:
        row = _row_support(document, block, mk)
        if row is not None:
            return row
    sent = _sentence_of(index, mk.start, block)
    if sent is not None:
        return sent
    if block is not None:
        return block.start, block.end
    return mk.start, mk.end


def _row_support(document: Document, block: Block, mk: MarkerRef) -> tuple[int, int] | None:
    """The row without its source cell, when the marker sits in a cell that
    holds only markers."""
    source = next((c for c in block.cells if c.start <= mk.start < c.end), None)
    if source is None:
        return None
    rest = document.text[source.start:source.end]
    if re.sub(r"<[^>]+>|[\s,;\d⁰¹²³⁴⁵⁶⁷⁸⁹]", "", rest):
        return None  # the marker sits in running text of a cell
    others = [c for c in block.cells if c is not source and c.end > c.start]
    if not others:
        return None
    return min(c.start for c in others), max(c.end for c in others)


def _sentence_of(index: _Index, offset: int, block: Block | None, marker: bool = True) -> tuple[int, int] | None:
    """The sentence holding ``offset``; a marker right after a sentence's
    final period (outside every sentence, or opening the next one) belongs
    to the sentence before it, within the same block."""
    lo = block.start if block is not None else 0
    sents = index.sentences
    k = bisect_right(index.sentence_starts, offset) - 1
    before = sents[k - 1] if k >= 1 and sents[k - 1].start >= lo else None
    if k >= 0 and sents[k].start <= offset < sents[k].end:
        sent = sents[k]
        if sent.start < offset or not marker or before is None:
            return sent.start, sent.end
        return before.start, before.end
    if k >= 0 and sents[k].start >= lo:
        return sents[k].start, sents[k].end
    return None


def fallback_sentences(document: Document) -> list[Sentence]:
    """Sentences by punctuation within blocks, for when no parse is at hand."""
    out: list[Sentence] = []
    for index, block in enumerate(document.blocks):
        spans = [(c.start, c.end) for c in block.cells] if block.cells else [(block.start, block.end)]
        for start, end in spans:
            pos = start
            for m in _SENTENCE_END.finditer(document.text, start, end):
                out.append(Sentence(pos, m.start(), index))
                pos = m.end()
            if end > pos:
                out.append(Sentence(pos, end, index))
    return sorted(out, key=lambda s: s.start)


# ---- links ----------------------------------------------------------------


def _link_citation(index: _Index, link: Link) -> Citation | None:
    document = index.document
    if link.url is None or re.match(r"(?i)(mailto|tel|sms|javascript|data):", link.url):
        return None  # a contact address is not a source
    block_no = index.block_index(link.start)
    block = None if block_no is None else document.blocks[block_no]
    if block is not None and block.kind == BlockKind.FOOTNOTE:
        return None
    prov = Provenance("citations", VERSION)
    if _alone_on_line(document, link):
        title = _listed_title(document, block_no)
        start, end = title if title else (link.start, link.end)
        anchor = document.text[start:end] if title else None
        return Citation(marker=None, url=link.url, start=link.start, end=link.end, support_start=start,
                        support_end=end, anchor_text=anchor, kind="listed", domain=domain(link.url), prov=prov)
    sent = _sentence_of(index, link.start, block, marker=False) or \
        ((block.start, block.end) if block else (link.start, link.end))
    return Citation(marker=None, url=link.url, start=link.start, end=link.end, support_start=sent[0],
                    support_end=sent[1], anchor_text=link.text if link.text != link.url else None,
                    kind="inline", domain=domain(link.url), prov=prov)


def _line_at(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _alone_on_line(document: Document, link: Link) -> bool:
    """A bare URL or ``<URL>`` that is the whole line."""
    if link.text != link.url:
        return False
    start, end = _line_at(document.text, link.start)
    rest = document.text[start:link.start] + document.text[link.end:end]
    return not rest.strip(" \t<>")


_DATE_HINT = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}|[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b|"
                        r"(?:19|20)\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})")


def _is_source_line(text: str) -> bool:
    """"Outlet – 28th September": an outlet and a date on one short line."""
    from ..read.text import strip_markup

    text = strip_markup(text)
    return len(text) <= 80 and bool(_DATE_HINT.search(text)) and not text.endswith(".")


def _listed_title(document: Document, index: int | None) -> tuple[int, int] | None:
    """The title line of a listed source: the block before the URL, or the
    one before an "Outlet – date" line; only footnotes may lie between."""
    if index is None:
        return None
    prev: list[Block] = []
    k = index - 1
    while k >= 0 and len(prev) < 2:
        block = document.blocks[k]
        if block.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
            prev.append(block)
        elif block.kind != BlockKind.FOOTNOTE:
            break
        k -= 1
    if not prev or _is_url_line(document, prev[0]):
        return None
    last = prev[0]
    if _is_source_line(document.text[last.start:last.end]) and len(prev) == 2 \
            and not _is_url_line(document, prev[1]):
        return prev[1].start, prev[1].end
    if last.end - last.start <= 300:
        return last.start, last.end
    return None


def _is_url_line(document: Document, block: Block) -> bool:
    body = document.text[block.start:block.end].strip(" \t<>")
    return bool(re.fullmatch(r"(?:https?://|www\.)\S+", body))
