"""Who says a stretch of text: the document itself (None) or someone it
quotes or reports.

``speaker_of(analysis, doc, start, end)`` looks, in order, at

1. an embedded post or block quote: its ``author`` attribute;
2. a listed report: a headline line followed by an "Outlet – date" line
   (the outlet says it);
3. a quotation (inside quotation marks) in a table row or paragraph: the
   person the row or paragraph names before the quotation, also when the
   quotation runs on into a continuation row;
4. reported speech in the sentence: "X said that ...", "according to X,
   ...", "as confirmed by X, ...", "X claims that ...": X, when the span lies
   in what X is reported to say.

The speaker is returned as written ("President Arvan", "the monitor"). A
pronoun or a bare role noun as the speaker ("he said", "it added", "the
spokeswoman said") is the nearest fitting speaker named earlier in the same
block (:func:`antecedent`): a person for "he"/"she", a body for "it", the
person introduced with that role for "the spokeswoman"; with none, the
pronoun names no one (None) and the role noun stays as written.
Speech verbs, titles and role nouns are general English words, kept here.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..model import Analysis, Block, BlockKind

SPEECH_LEMMAS = {
    "say", "state", "claim", "tell", "announce", "report", "confirm", "deny", "allege", "insist",
    "add", "note", "warn", "declare", "stress", "assert", "argue", "write", "tweet", "post",
    "acknowledge", "admit", "reveal", "explain", "accuse", "maintain", "suggest", "estimate",
}
TITLES = {
    "president", "minister", "prime", "deputy", "foreign", "defence", "defense", "secretary",
    "general", "colonel", "ambassador", "spokesperson", "spokesman", "spokeswoman", "chairman",
    "chair", "commander", "governor", "mayor", "senator", "dr", "mr", "mrs", "ms", "king", "queen",
    "prince", "sheikh", "envoy", "director", "chief", "head",
}
_QUOTES_OPEN = "\"“«„"
_QUOTES_CLOSE = "\"”»“"
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|\b\d{1,2}(?:st|nd|rd|th)?\b|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_OUTLET_LINE = re.compile(r"^\s*(?P<outlet>[^\n–—|]{2,60}?)\s+[–—|-]\s+(?P<date>[^\n]{3,40})$")


def speaker_of(analysis: Analysis, doc: Doc, start: int, end: int) -> str | None:
    """The speaker of ``[start, end)``, or None for the document's voice."""
    document = analysis.document
    block = document.block_at(start)
    if block is not None and block.kind == BlockKind.QUOTE and block.attrs.get("author"):
        return str(block.attrs["author"])
    outlet = listed_outlet(document.text, start)
    if outlet:
        return outlet
    quoted = _quotation_speaker(analysis, doc, start, end, block)
    if quoted:
        return quoted
    lo = block.start if block is not None else document.text.rfind("\n\n", 0, start) + 1
    return _reported_speaker(doc, start, end, lo)


# --------------------------------------------------------------------------
# Listed report headlines
# --------------------------------------------------------------------------


def listed_outlet(text: str, offset: int) -> str | None:
    """A headline line whose next non-empty line reads "Outlet – date"."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].strip()
    if not line or line.endswith((".", ":")) or len(line.split()) > 25:
        return None
    for nxt in text[line_end:line_end + 400].split("\n")[1:4]:
        nxt = re.sub(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+", "", nxt).strip()
        if not nxt:
            continue
        m = _OUTLET_LINE.match(nxt)
        if m and _MONTH.search(m.group("date")) and not _MONTH.search(m.group("outlet")):
            return m.group("outlet").strip()
        return None
    return None


# --------------------------------------------------------------------------
# Quotations
# --------------------------------------------------------------------------


def _open_quote_before(text: str, lo: int, offset: int) -> int | None:
    """Offset of the quotation mark that opens the quotation ``offset`` is
    in, searching back to ``lo``; None if ``offset`` is outside quotes."""
    depth_open = None
    inside = False
    for i in range(lo, offset):
        ch = text[i]
        if ch in "“«„":
            inside, depth_open = True, i
        elif ch in "”»":
            inside = False
        elif ch == '"':
            inside = not inside
            depth_open = i if inside else depth_open
    return depth_open if inside else None


def _quotation_speaker(analysis: Analysis, doc: Doc, start: int, end: int, block: Block | None) -> str | None:
    text = analysis.document.text
    lo = block.start if block is not None else text.rfind("\n\n", 0, start) + 1
    opening = _open_quote_before(text, lo, start)
    if opening is None:
        # a quotation running on from the previous table row
        if block is None or not _continuation(analysis, block) or not _closes_later(text, start, block.end):
            return None
        prev = _previous_row(analysis, block)
        if prev is None:
            return None
        still_open = _open_quote_before(text, prev.start, prev.end)
        return _named_before(doc, prev.start, still_open if still_open is not None else prev.end)
    return _named_before(doc, lo, opening)


def _continuation(analysis: Analysis, block: Block) -> bool:
    """A table row that carries on the previous one: the reader says so
    (``continues``), or its first cell is empty."""
    if block.kind != BlockKind.TABLE_ROW:
        return False
    if "continues" in block.attrs:
        return True
    if block.cells:
        first = block.cells[0]
        return not analysis.document.text[first.start:first.end].strip()
    return False


def _closes_later(text: str, start: int, stop: int) -> bool:
    rest = text[start:stop]
    before = text[max(0, start - 400):start]
    return any(q in rest for q in "”\"»") and not any(q in before.split("\n")[-1] for q in "“\"«")


def _previous_row(analysis: Analysis, block: Block) -> Block | None:
    """The row this one continues: the reader's ``continues`` link (a block
    index) when it gives one, else the previous row of the same table."""
    blocks = analysis.document.blocks
    link = block.attrs.get("continues")
    if isinstance(link, int) and 0 <= link < len(blocks):
        return blocks[link]
    rows = [b for b in analysis.document.blocks
            if b.kind == BlockKind.TABLE_ROW and b.attrs.get("table") == block.attrs.get("table") and b.end <= block.start]
    return rows[-1] if rows else None


def _named_before(doc: Doc, lo: int, hi: int) -> str | None:
    """The last person (with a title if only a surname is given) or, failing
    that, organisation named in ``[lo, hi)`` that is the subject of a clause."""
    ents = [e for e in doc.ents if lo <= e.start_char and e.end_char <= hi]
    # a possessor ("X's links with ...") is talked about, not talking
    people = [e for e in ents if e.label_ == "PERSON"
              and not (e.end < len(doc) and doc[e.end].tag_ == "POS") and not e.text.endswith(("'s", "’s"))]
    if people:
        return _with_title(people[-1])
    orgs = [e for e in ents if e.label_ in ("ORG", "NORP", "GPE") and e.root.dep_ in ("nsubj", "nsubjpass")]
    return orgs[-1].text if orgs else None


def _with_title(ent: Span) -> str:
    """"Arvan" preceded by "President" reads "President Arvan"; a full
    name stays as it is."""
    if len(ent) > 1:
        return ent.text
    i = ent.start
    while i > 0 and ent.doc[i - 1].lower_ in TITLES and ent.doc[i - 1].text[:1].isupper():
        i -= 1
    return ent.doc[i:ent.end].text


# --------------------------------------------------------------------------
# Reported speech
# --------------------------------------------------------------------------


def _reported_speaker(doc: Doc, start: int, end: int, lo: int = 0) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    sent = span[0].sent
    by = _according_to(sent, start, end)
    if by:
        return by
    for tok in sent:
        if tok.lemma_.lower() not in SPEECH_LEMMAS or tok.pos_ != "VERB":
            continue
        if start <= tok.idx < end:
            if _pure_report(tok, start, end):
                subj = _subject(tok, pronouns=True)
                if subj is not None:
                    return _speaker_name(subj, lo)
            continue  # the span holds the reporting verb: the report is the document's
        content = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "dobj", "parataxis")]
        if not any(c.left_edge.idx <= start and end <= c.right_edge.idx + len(c.right_edge) for c in content):
            continue
        subj = _subject(tok, pronouns=True)
        if subj is not None:
            return _speaker_name(subj, lo)
    return None


# --------------------------------------------------------------------------
# Pronouns and role nouns as speakers
# --------------------------------------------------------------------------

PERSON_PRONOUNS = {"he", "she"}
BODY_PRONOUNS = {"it"}
#: nouns of a speaking role: "the spokeswoman said" is the person introduced
#: earlier in the block with that role ("Ana Rost, the ministry's spokeswoman")
ROLE_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "official", "minister", "president", "premier",
    "ambassador", "envoy", "commander", "general", "colonel", "chief", "secretary", "adviser", "advisor",
    "governor", "mayor", "representative", "diplomat", "officer", "source", "aide", "chairman", "chairwoman",
}
_PERSON_LABELS = {"PERSON"}
_BODY_LABELS = {"ORG", "GPE", "NORP"}


def _speaker_name(subj: Token, lo: int) -> str | None:
    """The speaker a subject names: itself, or for a pronoun or a bare role
    noun the speaker it stands for."""
    if subj.pos_ == "PRON":
        return antecedent(subj, lo)
    if bare_role(subj):
        return antecedent(subj, lo) or _phrase(subj)
    return _phrase(subj)


def bare_role(tok: Token) -> bool:
    """ "the spokeswoman", "the minister": a role noun with an article and
    no name or other noun of its own."""
    if tok.lemma_.lower() not in ROLE_NOUNS and tok.lower_ not in ROLE_NOUNS or tok.pos_ == "PROPN":
        return False
    kids = [c for c in tok.children if c.dep_ not in ("punct",)]
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in kids) and \
        all(c.dep_ in ("det", "amod") and c.pos_ != "PROPN" for c in kids)


def antecedent(tok: Token, lo: int = 0) -> str | None:
    """The speaker a pronoun or bare role noun stands for: "he"/"she" the
    last person named before it, "it" the last body (organisation, state)
    that was a subject, "the spokeswoman" the last person named with that
    role, all within ``[lo, tok)`` (the block). None when there is none."""
    doc = tok.doc
    word = tok.lower_
    if word in BODY_PRONOUNS:
        bodies = [e for e in doc.ents if lo <= e.start_char and e.end <= tok.i and e.label_ in _BODY_LABELS
                  and e.root.dep_ in ("nsubj", "nsubjpass")]
        return _no_article(bodies[-1]) if bodies else None
    if tok.pos_ == "PRON" and word not in PERSON_PRONOUNS:
        return None
    people = _people(doc, lo, tok.i)
    if word in PERSON_PRONOUNS:
        people = [p for p in people if not _possessive(p)]
    else:
        role = tok.lemma_.lower()
        people = [p for p in people if _has_role(p, role)]
    return _with_title(people[-1]) if people else None


def _people(doc: Doc, lo: int, before: int) -> list[Span]:
    """Persons named in ``[lo, token before)``: the parser's PERSON
    entities, and proper names it left untyped that stand as a subject or in
    apposition (a small model misses many foreign names)."""
    found = {(e.start, e.end): e for e in doc.ents if e.label_ in _PERSON_LABELS and lo <= e.start_char
             and e.end <= before}
    for t in doc[:before]:
        if t.idx < lo or t.pos_ != "PROPN" or t.ent_type_ or t.dep_ not in ("nsubj", "nsubjpass", "appos"):
            continue
        start = t.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" \
                and not doc[start - 1].ent_type_:
            start -= 1
        if t.i > start:  # a first name and a surname at least
            found.setdefault((start, t.i + 1), doc[start:t.i + 1])
    return sorted(found.values(), key=lambda s: s.end)


def _no_article(span: Span) -> str:
    return re.sub(r"^(?:the|The)\s+", "", span.text)


def _possessive(ent: Span) -> bool:
    return ent.end < len(ent.doc) and ent.doc[ent.end].tag_ == "POS" or ent.text.endswith(("'s", "’s"))


def _has_role(person: Span, role: str) -> bool:
    """The person is introduced with the role: in apposition ("Ana Rost,
    the ministry's spokeswoman"), or the role stands right before the name
    ("Spokeswoman Ana Rost", "army spokeswoman Ana Rost")."""
    doc = person.doc
    window = doc[max(person.sent.start, person.start - 4):min(person.sent.end, person.end + 8)]
    for t in window:
        if t.lemma_.lower() != role and t.lower_ != role:
            continue
        if t.i < person.start and all(not x.is_punct or x.text == "-" for x in doc[t.i:person.start]):
            return True
        if t.i >= person.end and (t.dep_ == "appos" and t.head.i in range(person.start, person.end)
                                  or person.root.dep_ == "appos" and person.root.head.i == t.i):
            return True
    return False


def _according_to(sent: Span, start: int, end: int) -> str | None:
    """"according to X, ...", "as (it was) confirmed by X, ...": X, when the
    span is not the attribution itself."""
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            objs = [c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objs and not (start >= objs[0].idx and end <= objs[0].idx + len(objs[0])):
                return _phrase(objs[0])  # the whole sentence is X's, attribution included
        if tok.lower_ == "by" and tok.head.lemma_.lower() in SPEECH_LEMMAS and tok.head.tag_ == "VBN":
            objs = [c for c in tok.children if c.dep_ == "pobj"]
            if objs and not start <= tok.head.idx < end and any(w.lower_ == "as" for w in tok.head.lefts):
                return _phrase(objs[0])
    return None


def _pure_report(verb: Token, start: int, end: int) -> bool:
    """"X said that Y." as a whole: the sentence's main verb is the speech
    verb, it has a reported clause and no second verb of the document's own
    ("X claims that Y but has yet to show it" stays the document's)."""
    if verb.dep_ != "ROOT":
        return False
    reported = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
    if not reported:
        return False
    # the parser may hang "... but has yet to ..." on the reported clause
    heads = [verb, *reported]
    return not any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for h in heads for c in h.children)


def _subject(verb: Token, pronouns: bool = False) -> Token | None:
    """The speaking subject of a verb (of its head for a conjoined or
    complement verb); a third-person pronoun only when ``pronouns``."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and (
                child.pos_ != "PRON" or pronouns and child.lower_ in PERSON_PRONOUNS | BODY_PRONOUNS):
            if any(t.like_num for t in child.subtree):
                return None  # "8 Retweets 2 Quote Tweets ...": a count line, not a speaker
            return child
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject(verb.head, pronouns)
    return None


def _phrase(head: Token) -> str:
    """The speaker's name as written: a person named in the noun phrase
    (with a title if only a surname is given), else the phrase without a
    leading article, relative clause or apposition."""
    sub = list(head.subtree)
    clauses: set[int] = set()
    for tok in sub:
        if tok.dep_ in ("relcl", "acl") and tok is not head:
            clauses.update(t.i for t in tok.subtree)
    kept = {t.i for t in sub} - clauses
    people = [e for e in head.doc.ents if e.label_ == "PERSON" and all(i in kept for i in range(e.start, e.end))]
    if people:
        return _with_title(people[0])
    cut = set(clauses)
    for child in head.children:
        if child.dep_ in ("appos", "punct"):
            cut.update(t.i for t in child.subtree)
    words = [t for t in sub if t.i not in cut and not t.is_space]
    if words and words[0].lower_ in ("the", "a", "an"):
        words = words[1:]
    if not words:
        return head.text
    return head.doc[words[0].i:words[-1].i + 1].text.strip(" ,")
