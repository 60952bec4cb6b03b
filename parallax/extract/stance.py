"""How the document tells an event (asserted, denied, alleged,
hypothetical, planned) and on whose word (``according_to``: None for the
document's own voice, else the subject of a reporting verb, "according to
X", "as confirmed by X", the speaker of a quotation, a post's author)."""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.tokens import Span, Token

from ..model import ActorMention, Analysis, BlockKind, Stance
from ..nlp import doc_text
from .event_args import (
    LIGHT_VERBS,
    REPORTING,
    _Actors,
    _child,
    _governor,
    _prep_obj,
    blaming_verb,
)
from .speakers import antecedent, bare_role

CLAIMING = {"claim", "allege", "contend", "purport"}

HEDGES = {"reportedly", "allegedly", "apparently", "purportedly", "presumably", "probably", "possibly",
          "supposedly", "unverified", "unconfirmed"}

ALLEGING_HEADS = {"aim", "intend"}  # attributed aims and intentions are the document's allegation

ALLEGING_NOUNS = {"intention", "intentions", "unverified", "alleged"}

PLANNING_HEADS = {"plan", "prepare", "strive", "seek", "want", "decide", "ready", "going", "expect", "hope",
                  "instruct", "order", "direct", "command", "authorise", "authorize", "task"}

NEGATIVE_TRIGGERS = {"reciprocate", "answer", "respond", "implement", "honour", "honor", "comply", "fulfil", "fulfill",
                     "abide", "respect", "observe", "heed"}

MODAL_HYPO = {"would", "could", "should", "must", "might", "may"}

MODAL_FUTURE = {"will", "shall", "'ll"}

OWN_VOICE = {"we", "us", "our", "i"}

OCCUR = {"happen", "occur", "take", "carry", "launch", "conduct", "commit", "hold", "break"}

def _negated(tok: Token) -> bool:
    gov = _governor(tok)
    if tok.pos_ != "VERB":
        if any(c.lower_ == "no" for c in tok.children):
            return True
        if gov.lemma_.lower() not in OCCUR | LIGHT_VERBS or tok.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            return False
    if any(c.lower_ in ("not", "never", "n't") for c in tok.lefts if c.dep_ == "neg") and \
            tok.lemma_.lower() in NEGATIVE_TRIGGERS:
        return False
    for t in (tok, gov):
        if any(c.dep_ == "neg" or c.lower_ in ("never", "nowhere") for c in t.children):
            return True
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and any(
                    d.lower_ == "no" or (d.lower_ == "not" and c.lower_ != "only") for d in c.children):
                return True
            if c.dep_ in ("nsubj", "nsubjpass") and any(d.lower_ == "not" for d in c.subtree):
                return True
    return False

def _path_up(tok: Token, sent: Span) -> list[Token]:
    out, cur = [], tok
    while cur.head != cur and sent.start <= cur.head.i < sent.end:
        cur = cur.head
        out.append(cur)
    return out

#: verbs that deny what a claim says ("rejected the claim that ...")
DENYING = {"reject", "deny", "dismiss", "refute", "rebut", "disprove", "debunk"}

CLAIM_HEADS = {"claim", "allegation", "accusation", "report", "story", "assertion", "charge", "rumour",
               "rumor", "statement", "suggestion", "speculation"}

#: what a claim is called when the document says it is not true
FALSITY = {"false", "untrue", "baseless", "groundless", "unfounded", "fabricated", "fabrication", "fake",
           "lie", "lies", "fiction", "invention", "fantasy", "nonsense", "disinformation", "misinformation",
           "slander", "falsehood", "absurd", "unsubstantiated"}

#: the clause links between a denying verb and the clause it denies
DENIED_CLAUSE = ("ccomp", "xcomp", "conj")


def _called_false(noun: Token) -> bool:
    """ "the claim that ... is false / is a fabrication / are groundless"."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return any(c.lower_ in FALSITY and c.dep_ in ("acomp", "attr", "oprd") for c in noun.head.children)


def denies_clause(verb: Token, clause: Token) -> bool:
    """ "denied that its forces fired", "denied shelling the village",
    "denied having attacked civilians": a denying verb and the clause or
    gerund it denies."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in DENYING or _negated(verb) or clause.head != verb:
        return False
    gerund = clause.dep_ in ("xcomp", "dobj") and (clause.tag_ == "VBG" or any(
        c.dep_ == "aux" and c.lower_ == "having" for c in clause.children))
    return clause.dep_ == "ccomp" or gerund


def denied_claim(tok: Token, sent: Span) -> Token | None:
    """ "X rejected the claim that Y had been wounded", "X denied that its
    forces fired", "reports that Y fired are false": the word that denies
    the claim or clause an event is told in (X's denial of Y's allegation)."""
    ups = _path_up(tok, sent)
    for k, u in enumerate(ups):
        if u.lemma_.lower() in CLAIM_HEADS and u.pos_ == "NOUN":
            if _called_false(u):
                return u.head
            return next((v for v in ups[k + 1:] if v.lemma_.lower() in DENYING and v.pos_ == "VERB"), None)
    gov = _governor(tok)
    chain = [gov, *_path_up(gov, sent)]
    for below, above in pairwise(chain):
        if denies_clause(above, below):
            return above
        if below.dep_ not in DENIED_CLAUSE:
            break
    return None

def _first_person_subject(verb: Token) -> bool:
    subj = _child(verb, "nsubj")
    return subj is not None and subj.lower_ in OWN_VOICE


def stance_of(tok: Token, sent: Span) -> str:
    if denied_claim(tok, sent) is not None:
        return Stance.DENIED.value
    gov = _governor(tok)
    ups = [gov, *_path_up(gov, sent)] if gov != tok else [tok, *_path_up(tok, sent)]
    lemmas = [u.lemma_.lower() for u in ups]
    nearby = {c.lower_ for u in ups[:2] for c in u.children} | {tok.lower_}
    if any(u.lemma_.lower() in ("verify", "confirm") and any(c.dep_ == "neg" for c in u.children)
           for u in ups[1:]):
        return Stance.ALLEGED.value
    if _negated(tok):
        return Stance.DENIED.value
    if not any(_conditional(u) for u in ups[:3]) and _reported_future(ups):
        return Stance.PLANNED.value  # "X stated that its troops would be withdrawn": future in the past
    if any(_conditional(u) for u in ups[:3]) or \
            tok.tag_ != "VBD" and any(_modal(c, u, MODAL_HYPO) for u in ups[:2] for c in u.children):
        return Stance.HYPOTHETICAL.value
    blamer = blaming_verb(gov)
    if blamer is not None and not _first_person_subject(blamer):
        return Stance.ALLEGED.value  # "X accused Y of shelling": X's allegation ("we accuse": asserted)
    if nearby & HEDGES or any(l in CLAIMING or l in ALLEGING_HEADS for l in lemmas[1:]) or \
            tok.pos_ == "NOUN" and any(t.lower_ in ALLEGING_NOUNS for t in sent):
        return Stance.ALLEGED.value
    if any(l in PLANNING_HEADS for l in lemmas[1:]) or \
            tok.tag_ != "VBD" and any(_modal(c, u, MODAL_FUTURE) for u in ups[:2] for c in u.children):
        return Stance.PLANNED.value
    return Stance.ASSERTED.value

def _reported_future(ups: list[Token]) -> bool:
    """ "would" in the clause a reporting verb governs ("said that it would
    withdraw") is the reported speaker's announced plan."""
    head = ups[0]
    if not any(c.dep_ == "aux" and c.lower_ == "would" for c in head.children):
        return False
    return head.dep_ == "ccomp" and head.head.lemma_.lower() in REPORTING

def _conditional(verb: Token) -> bool:
    """The verb has an "if"/"unless" clause or is inside one."""
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return True
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in verb.children)

def _modal(aux: Token, verb: Token, words: set[str]) -> bool:
    between = verb.doc[aux.i + 1:verb.i]
    return (aux.dep_ == "aux" and aux.tag_ == "MD" and aux.lower_ in words and aux.i < verb.i
            and verb.tag_ in ("VB", "VBN") and all(t.pos_ in ("ADV", "PART", "AUX") for t in between))

def _speaker_text(tok: Token, actors: _Actors) -> str:
    if tok.lower_ in ("he", "she") or bare_role(tok):
        # "he said", "the spokeswoman added": the speaker named earlier in the paragraph
        lo = _paragraph(doc_text(tok.doc), tok.idx)[0]
        named = antecedent(tok, lo)
        if named:
            return named
        person = next((m for m in reversed(actors.mentions) if lo <= m.start and m.end <= tok.idx
                       and (m.actor.entry or "").startswith("person")), None)
        if person is not None and tok.lower_ in ("he", "she"):
            return person.actor.name or person.text
    m = actors.in_subtree(tok)
    if m is not None:
        return m.actor.name if m.actor.name and not m.actor.entry else m.text
    return " ".join(t.text for t in tok.subtree if not t.is_punct).strip()

def source_of(tok: Token, sent: Span, actors: _Actors) -> tuple[str | None, Token | None]:
    """(who the document attributes the event to, the claiming verb when
    the attribution is a claim)."""
    who, claim = source_token(tok, sent, actors)
    return (_speaker_text(who, actors) if who is not None else None), claim


def source_token(tok: Token, sent: Span, actors: _Actors) -> tuple[Token | None, Token | None]:
    """(the token naming who the document attributes the event to, the
    claiming verb when the attribution is a claim)."""
    denier = denied_claim(tok, sent)
    if denier is not None:
        who = _child(denier, "nsubj")
        if who is not None and who.lower_ not in OWN_VOICE and who.lemma_.lower() not in CLAIM_HEADS:
            return who, None
    blamer = blaming_verb(_governor(tok))
    if blamer is not None:
        who = _child(blamer, "nsubj") or _prep_obj(blamer, {"by"})
        if who is not None and who.lower_ not in OWN_VOICE:
            return who, None
    for up in _path_up(tok, sent):
        lemma = up.lemma_.lower()
        if lemma in REPORTING and up.pos_ in ("VERB", "AUX"):
            subj = _child(up, "nsubj")
            passive_agent = _prep_obj(up, {"by"})
            who = subj or passive_agent
            if who is not None and who.lower_ not in OWN_VOICE and who.lower_ != "it":
                return who, up if lemma in CLAIMING else None
    for t in sent:
        if t.lower_ == "according" and t.dep_ == "prep":
            to = _child(t, "prep")
            obj = _child(to, "pobj") if to is not None else None
            if obj is not None:
                return obj, None
        if t.lemma_.lower() in ("confirm", "report", "state") and t.dep_ == "advcl" and t.i != tok.i:
            agent = _prep_obj(t, {"by"})
            if agent is not None:
                return agent, None
    return None, None

_QUOTES = re.compile(r"[\"“]([^\"“”]{3,})[\"”]")

def quote_source(offset: int, analysis: Analysis, actors: _Actors) -> str | None:
    """Inside a quotation: the speaker named before the quote in its block
    (a table row's quotation goes to the person in the row), or the author of
    a quote block / embedded post."""
    doc = analysis.document
    block = doc.block_at(offset)
    if block is not None and block.kind == BlockKind.QUOTE and block.attrs.get("author"):
        return str(block.attrs["author"])
    best = quote_speaker(offset, analysis, actors)
    if best is None:
        return None
    return best.actor.name if best.actor.entry is None or best.actor.entry.startswith("sector-") else best.text

def quote_speaker(offset: int, analysis: Analysis, actors: _Actors) -> ActorMention | None:
    """The mention of the person a quotation around ``offset`` is from."""
    doc = analysis.document
    block = doc.block_at(offset)
    lo, hi = (block.start, block.end) if block is not None else _paragraph(doc_text(doc), offset)
    for m in _QUOTES.finditer(doc_text(doc), lo, hi):
        if m.start() < offset < m.end():
            people = [a for a in actors.mentions if lo <= a.start < m.start()]
            named = [a for a in people if a.actor.name and (a.actor.entry is None or a.actor.sector)
                     and not _is_place_actor(a)]
            topic = _pronoun_speaker(analysis, m.start(), lo, named)
            if topic is not None:
                return topic
            return named[-1] if named else None
    return None

_PERSONAL = re.compile(r"^\W*(?:He|She)\b")


def _pronoun_speaker(analysis: Analysis, quote_start: int, lo: int,
                     named: list[ActorMention]) -> ActorMention | None:
    """ "Roos rejected the claim by the president ... He told reporters that
    '...'": a quotation introduced by "he"/"she" is from the topic person,
    the named subject that opens the nearest earlier sentence of the block,
    not the last name mentioned."""
    text = doc_text(analysis.document)
    sents = [x for x in analysis.sentences if lo <= x.start <= quote_start]
    if not sents or not _PERSONAL.match(text[sents[-1].start:quote_start]):
        return None
    for sent in reversed(sents[:-1]):
        opening = [a for a in named if sent.start <= a.start <= sent.start + 4]
        if opening:
            return opening[0]
    return None


def _is_place_actor(m: ActorMention) -> bool:
    """A state or its capital ("Marrow says" aside) names a side, not the
    person a quotation is from: bare country entries and capitals."""
    entry = m.actor.entry or ""
    return entry.endswith("-capital") or (bool(entry) and "-" not in entry and m.actor.country == entry)

def _paragraph(text: str, offset: int) -> tuple[int, int]:
    lo = text.rfind("\n\n", 0, offset)
    hi = text.find("\n\n", offset)
    return (max(lo, 0)), (len(text) if hi < 0 else hi)
