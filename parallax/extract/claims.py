"""Check-worthy claims: statements of fact, figures, accusations and
denials, in the speaker's words.

One claim per check-worthy sentence, or per clause when a sentence holds two
(a footnote marker or a " – " before a new capitalised clause inside the
sentence, a quotation opened after "... that", or a second party's rival
account after ";" or ", while": "X says ...; Y says ..."). Each claim carries

- ``speaker``: who says it (:func:`parallax.extract.speakers.speaker_of`;
  None is the document's own voice);
- ``citations``: the URLs of ``analysis.citations`` whose support span
  overlaps the claim (empty when the citation stage found none);
- ``kind``: denial, figure, accusation or statement;
- ``checkworthy``: the classifier's probability
  (:mod:`parallax.checkworthy`).

Skipped before the classifier: headings (except a listed report's
headline with a verb), footnotes, post headers and metadata, URL-only lines,
bylines, wire datelines, list items and captions with no verb, sentences of
fewer than SHORT_WORDS words with no figure, attribution or denial ("The
fighting lasted two weeks."), questions, imperatives, appeals ("must", "should"), hedged guesses
("probably", "may"), performatives ("We call on ...", "I thank ...",
"The Ministry condemns ...", "The Ministers welcomed ...", a resolution's
"Calls upon ..."; see :mod:`parallax.extract.claim_acts`), the future and
conditions ("The Chair will report ...", "Should the attacks continue
..."), stated attitudes ("X remains committed to ..."), diplomatic procedure
("The Ministry summoned the ambassador ..."), the document describing
itself ("This report is based on ...") and the speaker's own intentions ("We
plan to ...", "We seek to ..."; a third party's "X is trying to hide ..."
stays).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..model import Analysis, BlockKind, Claim, Provenance, Sentence
from ..nlp import doc_text
from .claim_acts import is_act
from .speakers import SPEECH_LEMMAS, listed_outlet, speaker_of

STAGE_VERSION = "2"
# Kept when the classifier's probability reaches KEEP, or FIGURE_KEEP for a
# sentence that states a figure (the classifier was trained on debate
# transcripts; press statements read flatter).
# KEEP is the pipeline's own cut, lower than the classifier's CT24 threshold
# (chosen for debate sentences by cross-validation): a press statement's
# claims are fewer and flatter, and recall matters more to an analyst than to
# the CT24 score. 0.43 was the classifier's previous threshold; the claims
# F1 of the project's gold corpora is measured with it (README).
KEEP: float | None = 0.43  # None: the classifier's own threshold
FIGURE_KEEP = 0.2
MIN_WORDS = 5
# Below this many words a sentence needs a figure, an attribution or a denial
# to be a claim on its own (see _bare_short): the annotated corpora keep
# short sentences like "Two civilians have been killed." and "They say
# they took it on 4 July." but not "The fighting lasted almost two weeks."
SHORT_WORDS = 8

_BYLINE = re.compile(r"^(?:prepared|published|posted|written|issued|compiled|edited|translated)\s+by\b|^by\s+[A-Z]", re.IGNORECASE)
_NAME_DASH = re.compile(r"^[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s+[–—-]\s+")
_HEDGES = {"probably", "perhaps", "maybe", "possibly", "likely", "apparently", "seemingly"}
_APPEAL_AUX = {"must", "should", "ought", "shall"}
_GUESS_AUX = {"may", "might", "could"}
_DENIAL_LEMMAS = {"deny", "reject", "refute", "dismiss"}
_DENIAL_WORDS = re.compile(r"\b(?:not a single|no (?:victims|casualties|civilians?)|false accusations?|not the case|baseless|groundless|fabricat\w+|untrue|never)\b", re.IGNORECASE)
_ACCUSATION_LEMMAS = {
    "attack", "shell", "kill", "violate", "plant", "destroy", "provoke", "shoot", "bomb", "strike",
    "fire", "occupy", "invade", "accuse", "blame", "commit", "target", "murder", "torture", "loot",
    "deport", "abduct", "massacre", "breach", "launch", "deploy", "recruit", "send", "mine", "wound",
}
_FINITE = {"VBD", "VBZ", "VBP", "MD", "VBN"}  # VBN: the tagger often reads a past tense so
# A sentence whose main verb states an intention or a wish asserts nothing
# checkable ("X intends to ...", "Y aims to ...").
_INTENT_LEMMAS = {"intend", "aim", "plan", "want", "hope", "wish"}
# Striving verbs state the speaker's own intention with "we"/"I" ("We seek to
# ...") but accuse a third party otherwise ("X is trying to hide ...").
_STRIVE_LEMMAS = {"seek", "strive", "try", "endeavour", "endeavor"}
_FIRST_PERSON = {"i", "we"}
# "This report is based on ...": the document describing itself.
_SELF_NOUNS = {"report", "statement", "document", "briefing", "release", "note", "article", "post",
               "page", "update", "bulletin", "summary", "publication", "communique", "communiqué",
               "paper", "study", "chronology", "timeline", "section"}
# Navigation and boilerplate lines of a web page ("Related: ...").
_BOILERPLATE = re.compile(r"^(?:related|see also|read more|more on this|share this|tags?)\s*:", re.IGNORECASE)
# A wire story's dateline: "CITY, Month day (Agency)", "CITY/CITY, Month day".
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'/-]{2,}(?:,\s*[A-Z][a-z]+)?,\s*(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,?\s*\d{4})?\s*(?:\([^)]*\))?\s*$")
_MARKER_CHARS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"


def extract_claims(analysis: Analysis, doc: Doc, resources: Any = None) -> list[Claim]:
    """The check-worthy claims of the document, in document order."""
    atext = doc_text(doc)  # Doc.text joins every token: read it once
    units = [u for u in _units(analysis, doc) if _eligible(analysis, doc, atext, *u)]
    units = _drop_restated_rows(analysis, doc, units)
    if not units:
        return []
    from ..checkworthy.model import default_model

    model = default_model()
    keep = model.threshold if KEEP is None else KEEP
    texts = [_clean(atext[s:e]) for s, e in units]
    probs = model.predict_proba(texts)
    claims = []
    for (start, end), prob in zip(units, probs):
        figure = any(start <= q.start < end for q in analysis.quantities)
        if prob < keep and not (figure and prob >= FIGURE_KEEP):
            continue
        claims.append(_claim(analysis, doc, start, end, prob, figure))
    return claims


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" \"“”'")


# --------------------------------------------------------------------------
# Claim units: sentences, split into clauses where a sentence holds two
# --------------------------------------------------------------------------


def _units(analysis: Analysis, doc: Doc) -> list[tuple[int, int]]:
    text = analysis.document.text
    cuts = _clause_cuts(analysis, doc)
    out = []
    for sent in analysis.sentences:
        pieces = [sent.start]
        pieces += [c for c in cuts if sent.start < c < sent.end]
        pieces.append(sent.end)
        for a, b in pairwise(pieces):
            a, b = _trim(text, a, b)
            if b > a:
                out.append((a, b))
    return out


def _clause_cuts(analysis: Analysis, doc: Doc) -> list[int]:
    """Offsets where a sentence is cut in two: after a footnote marker
    followed by more text, before " – " + a capitalised clause, and before
    a quotation that opens a full sentence after "that" or a colon."""
    text = doc_text(doc)
    raw = analysis.document.text
    cuts = []
    for mk in analysis.document.markers:
        after = raw[mk.end:mk.end + 60]
        if re.match(rf"[{_MARKER_CHARS}\d]*\s*[,;]?\s+[a-z]", after) and not re.match(r"\s*$", after.split("\n")[0]):
            cuts.append(mk.end)
    for m in re.finditer(r"\s[–—]\s+(?=(?:<[^>]+>)?\s*[A-Z][a-z])", text):
        cuts.append(m.start())
    for m in re.finditer(r"(?:\bthat|:)\s*([\"“])\s*(?:<[^>]+>\s*)?(?=[A-Z])", text):
        cuts.append(m.start(1))
    cuts += _second_speaker_cuts(doc)
    return sorted(set(cuts))


# Words that join a second, rival account to a first one ("X says ...;
# Y says ...", "X said ..., while Y insisted ...").
_RIVAL_JOINERS = {";", "while", "whereas"}


def _second_speaker_cuts(doc: Doc) -> list[int]:
    """Offsets where a sentence that reports one party's account goes on to
    another party's ("Veldra says ...; Ostmark says ...", "X said ...,
    while Y insisted that ..."): two speakers, two claims. Only when the
    second speaker is named (not a pronoun, which continues the first) and
    differs from the first."""
    cuts = []
    for sent in doc.sents:
        first = None
        for t in sent:
            if t.lemma_.lower() not in SPEECH_LEMMAS or t.pos_ != "VERB":
                continue
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            name = " ".join(w.lower_ for w in subj.subtree)
            if first is None:
                first = name
                continue
            edge = subj.left_edge
            joiner = doc[edge.i - 1] if edge.i > sent.start else None
            if (joiner is not None and joiner.lower_ in _RIVAL_JOINERS and subj.pos_ != "PRON"
                    and name != first):
                cuts.append(joiner.idx)
    return cuts


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, dashes, footnote markers, an opening quotation mark and
    leading markup tags, so a claim starts at its first word."""
    junk = " \t\n,;–—-" + _MARKER_CHARS
    while start < end:
        tag = re.match(r"<[^<>\n]{1,20}>", text[start:end])
        if tag:
            start += tag.end()
        elif text[start] in junk or (text[start] in "\"“«" and start + 1 < end):
            start += 1
        else:
            break
    while end > start and text[end - 1] in junk:
        end -= 1
    return start, end


# --------------------------------------------------------------------------
# What is not a claim
# --------------------------------------------------------------------------


def _eligible(analysis: Analysis, doc: Doc, atext: str, start: int, end: int) -> bool:
    document = analysis.document
    block = document.block_at(start)
    clean = _clean(atext[start:end])
    if block is not None:
        if block.kind == BlockKind.FOOTNOTE:
            return False
        if block.kind == BlockKind.HEADING and (_own_title(document, block) or not listed_outlet(document.text, start)):
            return False
        if block.kind == BlockKind.QUOTE and block.attrs.get("part") in ("header", "meta"):
            return False
        if block.kind == BlockKind.TABLE_ROW and block.attrs.get("header"):
            return False
    if len(re.findall(r"[A-Za-z]{2,}", clean)) < MIN_WORDS:
        return False
    if clean.endswith("?") or _BYLINE.match(clean) or _NAME_DASH.match(clean) or clean.startswith("@"):
        return False
    if _BOILERPLATE.match(clean) or _DATELINE.match(clean):
        return False
    if re.search(r"\b(?:that|said|says|:)\s*[\"“]?$", clean):
        return False  # the lead-in of a quotation cut off above
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    sent = analysis.sentence_at(start)
    # A unit is the whole sentence when it is the sentence trimmed (a list
    # item loses its closing ";" or ".").
    whole = sent is not None and _trim(document.text, sent.start, sent.end) == (start, end)
    headline = block is not None and block.kind == BlockKind.HEADING
    if (whole or headline) and not any(t.tag_ in _FINITE for t in span):
        return False  # a nominal list item, caption or headline: nothing asserted
    if not _factual(span, need_verb=whole):
        return False
    return not _bare_short(analysis, span, start, end)


def _bare_short(analysis: Analysis, span: Span, start: int, end: int) -> bool:
    """A sentence of fewer than SHORT_WORDS words that neither states a
    figure, nor attributes (\"X says ...\"), nor denies: a narrative link
    (\"The fighting lasted two weeks.\"), a verdict (\"That fiction did not
    survive.\") or a line of a table leans on its context and rarely is a
    claim on its own."""
    if len(re.findall(r"[A-Za-z]{2,}", span.text)) >= SHORT_WORDS:
        return False
    if any(start <= q.start < end for q in analysis.quantities):
        return False
    if _DENIAL_WORDS.search(span.text) or re.search(r"\bnever\b", span.text, re.IGNORECASE):
        return False
    return not any(t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ == "VERB" for t in span)


# A table row sharing at least this share of its content words with one
# sentence of the prose restates it (a chronology summing up the text).
ROW_RESTATES = 0.5
_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}


def _drop_restated_rows(analysis: Analysis, doc: Doc, units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop the table rows that restate a sentence of the prose: a
    chronology table that sums up what the text tells claims nothing new,
    while a table that is the only place a happening is told keeps its
    rows."""
    rows = [b for b in analysis.document.blocks if b.kind == BlockKind.TABLE_ROW and not b.attrs.get("header")]
    if not rows:
        return units
    prose = [_content_words(doc, s.start, s.end) for s in analysis.sentences if not _inside(rows, s.start)]
    out = []
    for start, end in units:
        if _inside(rows, start):
            words = _content_words(doc, start, end)
            if words and any(len(words & p) >= ROW_RESTATES * len(words) for p in prose):
                continue
        out.append((start, end))
    return out


def _inside(blocks: list[Any], offset: int) -> bool:
    return any(b.start <= offset < b.end for b in blocks)


def _content_words(doc: Doc, start: int, end: int) -> set[str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    return {t.lemma_.lower() for t in span if t.pos_ in _CONTENT_POS and t.is_alpha}


def _own_title(document: Any, block: Any) -> bool:
    """The heading that opens the document is its own title (followed by
    its byline), not the headline of a report it lists."""
    first = next((b for b in document.blocks if b.end > b.start), None)
    return first is not None and first.start == block.start


def _factual(span: Span, need_verb: bool = True) -> bool:
    """A sentence with a verb that is neither an imperative, an appeal
    ("must", "should") nor a hedged guess. A clause cut from a longer
    sentence ("From the call-up of ...¹, to ...²") may have no verb."""
    if need_verb and not any(t.pos_ in ("VERB", "AUX") for t in span):
        return False
    root = next((t for t in span if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")), None)
    if root is not None:
        aux = {c.lower_ for c in root.children if c.dep_ in ("aux", "auxpass")}
        if aux & _APPEAL_AUX or aux & _GUESS_AUX:
            return False
        if root.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in root.children):
            return False  # imperative: "Click here ...", "Read the thread"
        if any(c.lower_ in _HEDGES for c in root.children):
            return False
        if root.lemma_.lower() in _INTENT_LEMMAS:
            return False
        if root.lemma_.lower() in _STRIVE_LEMMAS and _subject(root) in _FIRST_PERSON:
            return False
        if _about_itself(root):
            return False
    return not is_act(span)


def _subject(verb: Token) -> str:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj.lower_ if subj is not None else ""


def _about_itself(root: Token) -> bool:
    """"This report is issued by ...": the document's subject is itself."""
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (subj is not None and subj.lemma_.lower() in _SELF_NOUNS
            and any(c.lower_ == "this" for c in subj.children))


# --------------------------------------------------------------------------
# Building a claim
# --------------------------------------------------------------------------


def _claim(analysis: Analysis, doc: Doc, start: int, end: int, prob: float, figure: bool) -> Claim:
    return Claim(
        text=analysis.document.text[start:end],
        start=start,
        end=end,
        speaker=speaker_of(analysis, doc, start, end),
        checkworthy=round(float(prob), 4),
        citations=_citations(analysis, start, end),
        kind=_kind(doc, start, end, figure),
        prov=Provenance("claims", STAGE_VERSION, round(float(prob), 4)),
    )


def _citations(analysis: Analysis, start: int, end: int) -> list[str]:
    """URLs of the citations whose support overlaps the claim. A footnote
    marker inside the claim's sentence belongs to the clause it closes; a
    row that continues another row shares that row's sources."""
    ranges = [(start, end)]
    block = analysis.document.block_at(start)
    link = block.attrs.get("continues") if block is not None else None
    if isinstance(link, int) and 0 <= link < len(analysis.document.blocks):
        ranges.append((analysis.document.blocks[link].start, analysis.document.blocks[link].end))
    sent = analysis.sentence_at(start)
    urls: list[str] = []
    for cit in analysis.citations:
        if not cit.url or cit.url in urls:
            continue
        if cit.marker and sent is not None and _in_sentence(analysis.document.text, sent, cit.start):
            if start <= cit.start <= end + 3:
                urls.append(cit.url)
            continue
        if any(cit.support_start < e and s < cit.support_end for s, e in ranges):
            urls.append(cit.url)
    return urls


def _in_sentence(text: str, sent: Sentence, offset: int) -> bool:
    """A marker inside the sentence or printed right after its last word
    (not in another table cell)."""
    if sent.start <= offset < sent.end:
        return True
    gap = text[sent.end:offset]
    return offset >= sent.end and len(gap) <= 3 and not re.search(r"[\t\n]", gap)


def _kind(doc: Doc, start: int, end: int, figure: bool) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "figure" if figure else "statement"
    root = next((t for t in span if t.dep_ == "ROOT"), span.root)
    negated = any(c.dep_ == "neg" for c in root.children)
    if negated or _DENIAL_WORDS.search(span.text) or root.lemma_.lower() in _DENIAL_LEMMAS:
        return "denial"
    if figure:
        return "figure"
    if any(t.lemma_.lower() in _ACCUSATION_LEMMAS and t.pos_ == "VERB" for t in span):
        return "accusation"
    return "statement"
