"""Event detection and typing: the PLOVER trigger lexicon
(``parallax/data/event_lexicon.yaml``) matched on lemmas, with the filters
that keep look-alike words out."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Span, Token

from .event_args import REPORTING, _demand_clause

LEXICON_FILE = Path(__file__).resolve().parent.parent / "data" / "event_lexicon.yaml"

@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    weak: bool = False

@dataclass
class Lexicon:
    verbs: dict[str, Trigger]
    nouns: dict[str, Trigger]
    phrases: list[tuple[tuple[str, ...], Trigger]]
    objects: dict[str, list[tuple[set[str], Trigger]]]
    #: first word -> indices into ``phrases`` (longest first), so that a
    #: token is only tried against the phrases that can start with it
    by_first: dict[str, list[int]] = field(default_factory=dict)
    #: two-word verb phrases by (verb, particle): "pull its troops out", "hand them over"
    particles: dict[tuple[str, str], Trigger] = field(default_factory=dict)
    #: verb -> nouns that make it no event ("fight corruption", "released a statement")
    not_objects: dict[str, set[str]] = field(default_factory=dict)
    #: weapons and firing units, which name the side that fired ("X's artillery was fired at ...")
    instruments: frozenset[str] = frozenset()

@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    verbs: dict[str, Trigger] = {}
    nouns: dict[str, Trigger] = {}
    phrases: list[tuple[tuple[str, ...], Trigger]] = []
    objects: dict[str, list[tuple[set[str], Trigger]]] = {}
    for etype, spec in raw.items():
        if etype in ("not_objects", "instruments"):
            continue
        for group in spec.get("modes", []):
            trig = Trigger(etype, group.get("mode"), bool(group.get("weak", False)))
            for verb in group.get("verbs", []) or []:
                verbs.setdefault(str(verb).lower(), trig)
            for noun in group.get("nouns", []) or []:
                words = tuple(str(noun).lower().split())
                if len(words) == 1:
                    nouns.setdefault(words[0], trig)
                else:
                    phrases.append((words, trig))
            for phrase in group.get("phrases", []) or []:
                phrases.append((tuple(str(phrase).lower().split()), trig))
            for verb, nouns_ in (group.get("objects") or {}).items():
                objects.setdefault(str(verb).lower(), []).append(({str(n).lower() for n in nouns_}, trig))
    phrases.sort(key=lambda p: -len(p[0]))
    by_first: dict[str, list[int]] = {}
    for k, (words, _) in enumerate(phrases):
        by_first.setdefault(words[0], []).append(k)
    particles = {(w[0], w[1]): trig for w, trig in phrases if len(w) == 2}
    not_objects = {str(v).lower(): {str(n).lower() for n in ns}
                   for v, ns in (raw.get("not_objects") or {}).items()}
    instruments = frozenset(str(w).lower() for w in raw.get("instruments") or [])
    return Lexicon(verbs, nouns, phrases, objects, by_first, particles, not_objects, instruments)

def _forms(tok: Token) -> tuple[str, str]:
    return tok.lemma_.lower(), tok.lower_

#: dependents only a verb takes
VERB_DEPS = ("nsubj", "nsubjpass", "xcomp", "ccomp", "advcl", "dobj", "aux")


def _repair_verb(tok: Token, lex: Lexicon) -> None:
    """The small parser tags a verb in -s as a plural noun when it opens a
    clause ("Calls upon the parties to cease ...", "... and calls upon X to
    ..."); a noun with a verb's dependents whose lemma is a trigger verb is
    that verb. Written here because no spaCy component repairs a tag from
    the parse."""
    if tok.tag_ != "NNS" or tok.dep_ not in ("ROOT", "conj") or any(c.dep_ == "det" for c in tok.children):
        return
    opening = tok.dep_ == "ROOT" and tok.i == next((t.i for t in tok.sent if t.is_alpha and t.tag_ != "LS"), -1)
    if not opening and not any(c.dep_ in VERB_DEPS for c in tok.children):
        return  # a sentence whose root opens it ("Appeals to both parties ...") has no other verb
    lemma = tok.lemma_.lower()
    if lemma in lex.verbs or lemma in lex.objects or any((lemma, c.lower_) in lex.particles for c in tok.children):
        tok.pos_ = "VERB"
        tok.tag_ = "VBZ"


#: nouns that count or group what their "of" names ("a series of provocations")
COLLECTIVE_NOUNS = {"series", "list", "number", "string", "wave", "spate", "catalogue", "record", "chain"}

#: an object class in the lexicon: a named place ("took Kessa", "entered Oren")
PLACE_OBJECT = "@place"
PLACE_ENTITIES = {"GPE", "LOC", "FAC"}


def _object_matches(tok: Token, nouns: set[str], places: frozenset[int]) -> bool:
    """Is ``tok`` one of the lexicon's objects for a verb? ``@place`` stands
    for a named place: a place mention the gazetteer found (``places``, token
    indices) or a spaCy place entity."""
    if tok.lemma_.lower() in nouns or tok.lower_ in nouns:
        return True
    # only the object itself (or one of a list of objects): a place as subject or in the subject
    # ("Veldra took advantage", "Veldran troops took ...") is the actor's name, not the place taken
    return PLACE_OBJECT in nouns and tok.pos_ == "PROPN" and tok.dep_ in ("dobj", "nsubjpass", "conj") and \
        (tok.i in places or tok.ent_type_ in PLACE_ENTITIES)


def find_triggers(span: Span, lex: Lexicon, places: frozenset[int] = frozenset()) -> list[
        tuple[Token, Token, Token, Trigger]]:
    """(head token, first token, last token, trigger) for each trigger in
    the span; a phrase beats the single words it contains. ``places`` are
    the indices of tokens inside place mentions (for ``@place`` objects)."""
    toks = [t for t in span if not t.is_space]
    for t in toks:
        _repair_verb(t, lex)
    forms = [_forms(t) for t in toks]
    used: set[int] = set()
    out: list[tuple[Token, Token, Token, Trigger]] = []
    for i in range(len(toks)):
        lemma, lower = forms[i]
        cands = lex.by_first.get(lemma, [])
        if lower != lemma and lower in lex.by_first:
            cands = sorted({*cands, *lex.by_first[lower]})
        for k in cands:
            words, trig = lex.phrases[k]
            n = len(words)
            window = toks[i:i + n]
            if len(window) == n and all(w in forms[i + j] for j, w in enumerate(words)):
                if any(t.i in used for t in window):
                    continue
                used.update(t.i for t in window)
                head = _phrase_head(window)
                if head.pos_ == "VERB":
                    trig = _not_yielded(head, trig)
                else:
                    trig = _noun_retyped(head, trig)
                if trig is None:
                    break
                if head.pos_ == "VERB" or _usable(head, trig, lex):
                    out.append((head, window[0], window[-1], trig))
                break
    for tok in toks:
        if tok.i in used:
            continue
        lemma, lower = _forms(tok)
        trig = None
        if tok.pos_ == "VERB":
            trig = lex.verbs.get(lemma)
            prt = next((c for c in tok.children if c.dep_ in ("prt", "advmod", "prep") and c.i > tok.i + 1
                        and (lemma, c.lower_) in lex.particles), None)
            if prt is not None and (lemma, prt.lower_) in lex.particles:
                trig = lex.particles[(lemma, prt.lower_)]  # a phrasal verb split by its object
            for nouns, special in lex.objects.get(lemma, []):
                args = [c for c in tok.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
                if tok.dep_ in ("xcomp", "conj") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in args):
                    # "the unit was compelled to respond": the governing verb's subject
                    args += [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
                args += [j for c in args for j in c.conjuncts]  # "rice, water and blankets"
                args += [m for c in args for m in c.children if m.dep_ == "compound"]  # "the ceasefire regime"
                args += [o for c in args if c.lemma_.lower() in COLLECTIVE_NOUNS  # "a series of provocations"
                         for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                         for o in p.children if o.dep_ == "pobj"]
                if any(_object_matches(c, nouns, places) for c in args):
                    trig = special
            if trig is None and lemma in REPORTING and _demand_clause(tok) is not None:
                trig = Trigger("REQUEST", "demand")
        elif tok.pos_ in ("NOUN", "PROPN"):
            trig = lex.nouns.get(lemma) or lex.nouns.get(lower) or _gerund(lower, lex)
            if trig is not None:
                trig = _noun_retyped(tok, trig)
        if trig is None and tok.pos_ == "VERB" and tok.lemma_.lower() in NON_COMPLIANCE and _refused(tok):
            trig = Trigger("REJECT", "reject")  # "has never honoured the obligation"
        if trig is not None and trig.type in COOPERATIVE and tok.pos_ == "VERB" and _refused(tok) and any(
                c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "wo") for c in tok.children):
            trig = Trigger("REJECT", "refuse")  # "would not negotiate": a refusal, not a denied meeting
        elif trig is not None and tok.pos_ == "VERB":
            trig = _not_yielded(tok, trig)
        if trig is not None and trig.type == "ASSAULT" and tok.pos_ == "VERB" and _occupied_state(tok):
            trig = Trigger("COERCE", "seize")  # "the town was occupied": the occupation as a state
        if trig is not None and trig.type == "PROTEST" and _diplomatic_protest(tok):
            trig = Trigger("PROTEST", "diplomatic")  # "lodged a protest with X": a government's protest
        if trig is None and tok.pos_ == "VERB" and _labels(tok):
            trig = Trigger("ACCUSE", "disapprove")  # "called the threat 'irresponsible'"
        if trig is None and tok.pos_ == "VERB" and _names_a_wrong(tok):
            trig = Trigger("ACCUSE", "accuse")  # "declared the incursion an act of aggression"
        if trig is not None and tok.pos_ == "VERB" and _figurative(tok, lex):
            trig = None
        if trig is not None and tok.pos_ == "VERB":
            trig = _intent(tok, trig, lex)
        if tok.pos_ == "VERB" and _promises_halt(tok, lex):
            trig = Trigger("CONCEDE", "yield")  # "promised to stop", "swore his troops would not fire"
        elif trig is not None and trig.type == "ASSAULT" and tok.pos_ == "VERB" and _halt_promised(tok, lex):
            trig = None  # the content of the promise above, not an attack
        if tok.pos_ in ("VERB", "AUX") and deontic(tok):
            trig = Trigger("REQUEST", "deontic")  # "Russia must withdraw", "X should be given access"
        if trig is not None and (trig.mode == "deontic" or _usable(tok, trig, lex)):
            out.append((tok, tok, tok, trig))
        if tok.pos_ == "VERB" and ultimatum(tok, lex):
            out.append((tok, tok, tok, Trigger("THREATEN", "ultimatum")))
    return out

#: modals of obligation: "X must withdraw" said of another is a demand on it
DEONTIC = {"must", "should"}
#: subjects that make an obligation no demand on anyone ("no one should imagine", "there must be")
NO_ONE = {"no", "nobody", "none", "noone", "there"}


def deontic(verb: Token) -> bool:
    """ "Russia must withdraw its forces", "the mission must be given access",
    "displaced persons should be allowed to return": an obligation laid on
    someone else is a demand (PLOVER REQUEST) by whoever says it, not the
    act itself. Not on oneself ("we must remain vigilant"), not on no one,
    not an inverted condition ("should the situation require")."""
    aux = [c for c in verb.children if c.dep_ == "aux" and c.lower_ in DEONTIC]
    if not aux:
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subj is None or aux[0].i < subj.i:
        return False  # no subject, or "Should X ...": a condition or a question
    words = {subj.lower_, *(c.lower_ for c in subj.children if c.dep_ == "det")}
    if subj.dep_ == "expl" or words & NO_ONE or subj.lower_ in ("we", "i", "us", "our", "this", "that"):
        return False
    if subj.lower_ == "it" and any(c.dep_ == "ccomp" for c in verb.children):
        return False  # "it must be stressed that ...": a remark, not a demand
    return not (verb.lemma_.lower() == "be" and any(c.dep_ == "attr" for c in verb.children))


#: verbs by which one side proclaims a measure of its own
PROCLAIMING = {"declare", "announce", "proclaim", "order"}

#: agreement nouns that one side can also grant alone
TRUCES = {"ceasefire", "cease-fire", "truce", "armistice"}

#: nouns that end an act ("an end to the operation", "a cessation of hostilities")
ENDINGS = {"end", "halt", "cessation", "suspension", "stop"}


def _noun_retyped(noun: Token, trig: Trigger) -> Trigger | None:
    """The type of a trigger noun in its frame: a ceasefire one side
    declares is a unilateral de-escalation (PLOVER CONCEDE), as is a
    declared end to one's own military operation; an attack named as what
    ends ("a cessation of hostilities") is no attack."""
    if trig.type == "AGREE" and _unilateral_truce(noun):
        return Trigger("CONCEDE", "yield")
    if trig.type == "ASSAULT":
        ending = _ending_of(noun)
        if ending is not None:
            declared = ending.dep_ in ("dobj", "nsubjpass") and ending.head.lemma_.lower() in PROCLAIMING
            return Trigger("CONCEDE", "yield") if declared else None
    return trig


def _ending_of(noun: Token) -> Token | None:
    """ "an end to its operation", "the cessation of hostilities": the ending noun."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("to", "of") or prep.head.lemma_.lower() not in ENDINGS:
        return None
    return prep.head if prep.head.pos_ == "NOUN" else None


def _unilateral_truce(noun: Token) -> bool:
    """ "declared a unilateral ceasefire", "a truce, announced by X": one
    party's own ceasefire (a joint announcement, "X and Y announced a
    truce", stays an agreement)."""
    if noun.lemma_.lower() not in TRUCES:
        return False
    if any(c.lower_ in ("unilateral", "unilaterally", "one-sided") for c in noun.children):
        return True
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in PROCLAIMING:
        proclaimer = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        proclaimer = proclaimer or _agent(noun.head)
    else:
        announced = next((c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in PROCLAIMING), None)
        proclaimer = _agent(announced) if announced is not None else None
    return proclaimer is not None and not proclaimer.conjuncts and proclaimer.lower_ not in ("both", "sides", "parties")


def _agent(verb: Token) -> Token | None:
    return next((p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)


def _occupied_state(verb: Token) -> bool:
    """ "the town was occupied", "X is not occupied": a passive occupation
    tells the standing state of control (PLOVER COERCE: occupy territory);
    the active "troops occupied the town" is the taking, fighting (ASSAULT)."""
    return verb.lemma_.lower() == "occupy" and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


#: verbs of a solemn promise (the lexicon's AGREE promise verbs, and "swear")
PROMISE_VERBS = {"promise", "pledge", "vow", "swear"}

#: what one promises to stop doing when one promises a halt
HALTING = {"stop", "cease", "halt"}


def _promises_halt(verb: Token, lex: Lexicon) -> bool:
    """ "X promised to stop", "swore that his troops would not fire": a
    public promise to stop firing is a ceasefire announcement, a
    de-escalation (PLOVER CONCEDE, as the annotators code it)."""
    if verb.lemma_.lower() not in PROMISE_VERBS:
        return False
    return any(_halt(c, lex) for c in verb.children if c.dep_ in ("xcomp", "ccomp"))


def _halt(content: Token, lex: Lexicon) -> bool:
    """The promised act is a halt: "to stop", or a negated attack ("would not fire")."""
    lemma = content.lemma_.lower()
    if lemma in HALTING:
        return True
    trig = lex.verbs.get(lemma)
    return trig is not None and trig.type == "ASSAULT" and _refused(content)


def _halt_promised(verb: Token, lex: Lexicon) -> bool:
    return verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in PROMISE_VERBS and _halt(verb, lex)


#: adjectives of readiness: "X is willing / ready / prepared to <act>" is a
#: statement of intent, an event in itself
READINESS = {"willing", "ready", "prepared", "eager", "committed", "determined"}

#: verbs of promise whose infinitive is the promised act ("vowed to fight")
PROMISING = {"vow", "swear", "pledge", "promise"}

#: acts whose declared intent is a PLOVER AGREE ("express intent to meet,
#: negotiate, provide aid, release, yield, de-escalate, cooperate") ...
INTENT_AGREE = {"CONSULT", "AID", "CONCEDE", "RETREAT", "COOPERATE", "AGREE"}
#: ... and those whose declared intent is a THREATEN (force, blockade, sanctions, boycott)
INTENT_THREATEN = {"ASSAULT", "COERCE", "SANCTION", "REJECT", "MOBILIZE"}


def _not_yielded(verb: Token, trig: Trigger) -> Trigger:
    """ "has not handed over the maps", "did not release them": declines to yield."""
    if trig.type in YIELDING and _refused(verb) and not any(c.dep_ in ("nsubjpass", "auxpass")
                                                             for c in verb.children):
        return Trigger("REJECT", "refuse")
    return trig


def _figurative(verb: Token, lex: Lexicon) -> bool:
    """A trigger verb used of an abstract thing ("fight corruption", "struck a
    balance", "hit by inflation", "released a statement"): the lexicon's
    ``not_objects`` for the verb name its object, passive subject or agent."""
    nouns = lex.not_objects.get(verb.lemma_.lower())
    if not nouns:
        return False
    def listed(toks: list[Token]) -> bool:
        toks = toks + [a for c in toks for a in c.conjuncts]
        return bool(toks) and all(a.lemma_.lower() in nouns or a.lower_ in nouns for a in toks)

    agents = [p for c in verb.children if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "by"
              for p in c.children if p.dep_ == "pobj"]
    if agents:  # a passive: "hit by inflation"
        return listed(agents)
    args = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("against", "for"):
            args += [p for p in c.children if p.dep_ == "pobj"]
    return listed(args)


def _intent(verb: Token, trig: Trigger, lex: Lexicon) -> Trigger:
    """The PLOVER codebook types a declared intent by what is intended: "is
    willing to withdraw" is AGREE, "is ready to strike" and "vowed to fight"
    are THREATEN. The declaration is the event (mode "intent"); a plain
    future ("will withdraw") keeps its own type, told as planned."""
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ == "to":
        head = verb.head.head  # "committed to releasing"
    elif verb.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        head = verb.head  # "willing to withdraw"
    else:
        return trig
    lemma = head.lemma_.lower()
    if lemma in READINESS and head.pos_ == "ADJ":
        if trig.type in INTENT_AGREE:
            return Trigger("AGREE", "intent")
        if trig.type in INTENT_THREATEN:
            return Trigger("THREATEN", "intent")
    return trig


def _gerund(word: str, lex: Lexicon) -> Trigger | None:
    """A verbal noun ("the commandeering of trucks", "the shelling"): the
    trigger of its verb (commandeer-ing, shell-ing, plan-n-ing, ris-e)."""
    if not word.endswith("ing") or len(word) < 6:
        return None
    stem = word[:-3]
    for base in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None):
        if base and base in lex.verbs:
            return lex.verbs[base]
    return None

def _phrase_head(window: list[Token]) -> Token:
    """The syntactic head of a matched phrase: its verb ("open fire"), else
    the rightmost word whose head lies outside the phrase ("artillery and
    mortar fire" -> "fire"; "state of emergency" -> "state")."""
    verb = next((t for t in window if t.pos_ == "VERB"), None)
    if verb is not None:
        return verb
    outer = [t for t in window if t.head not in window or t.head == t]
    nouns = [t for t in outer if t.pos_ in ("NOUN", "PROPN")] or \
        [t for t in window if t.pos_ in ("NOUN", "PROPN")]
    return (nouns or outer or window)[-1]

#: verbs whose negation is a refusal (PLOVER REJECT: "defy norms, decline to
#: comply"): "did not honour", "has never implemented"
NON_COMPLIANCE = {"honour", "honor", "comply", "implement", "fulfil", "fulfill", "abide", "reciprocate",
                  "respect", "observe", "heed"}

#: types whose non-performance by their actor ("has not released", "has not
#: handed over") is a refusal to yield (PLOVER REJECT: "decline to yield"); a
#: troop movement not made ("has not withdrawn") stays a denied RETREAT
YIELDING = {"CONCEDE"}

#: types whose refusal ("will not negotiate", "would not sign") is PLOVER REJECT
COOPERATIVE = {"CONSULT", "AGREE", "COOPERATE"}

LABELLING = {"call", "describe", "term", "dub"}

def _labels(verb: Token) -> bool:
    """ "called X a 'dictatorship'", "described X as 'irresponsible'": naming
    someone or something with a quoted epithet is public criticism (the
    quotation marks tell an epithet from a neutral name)."""
    if verb.lemma_.lower() not in LABELLING or not any(c.dep_ == "dobj" for c in verb.children):
        return False
    comp = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "advcl", "prep")]
    doc = verb.doc
    for c in comp:
        toks = list(c.subtree)
        lo, hi = toks[0].i, toks[-1].i
        if lo > 0 and doc[lo - 1].text in ('"', "“", "'") or doc[lo].text in ('"', "“") or \
                hi + 1 < len(doc) and doc[hi + 1].text in ('"', "”"):
            return True
    nxt = [t for t in doc[verb.i + 1: min(len(doc), verb.i + 12)]]
    return any(t.text in ('"', "“") for t in nxt) and any(c.dep_ == "dobj" for c in verb.children) and \
        any(t.dep_ in ("oprd", "xcomp", "attr") for t in nxt)

#: verbs that name something as a wrong ("declared X an act of aggression",
#: "named X the aggressor", "holds X responsible")
NAMING_VERBS = {"declare", "call", "name", "brand", "label", "term", "describe", "consider", "regard", "hold",
                "pronounce", "find"}

#: what a party is accused of being or doing
WRONGS = {"aggression", "aggressor", "aggressors", "responsible", "accountable", "guilty", "violation",
          "violations", "terrorism", "terrorist", "terrorists", "invasion", "invader", "invaders", "occupier",
          "occupiers", "crime", "crimes", "provocation", "illegal", "unlawful"}


def _names_a_wrong(verb: Token) -> bool:
    """ "declared that X had committed aggression", "declared the incursion
    an act of aggression", "named X the aggressor", "holds the other
    responsible": naming a party's act or the party a wrong is an accusation."""
    if verb.lemma_.lower() not in NAMING_VERBS:
        return False
    comps = [c for c in verb.children if c.dep_ in ("oprd", "attr", "ccomp", "xcomp", "acomp", "dobj")]
    if len([c for c in verb.children if c.dep_ == "dobj"]) == 1 and not any(
            c.dep_ in ("oprd", "attr", "ccomp", "xcomp", "acomp") for c in verb.children):
        # a bare object ("called a meeting") names nothing, unless the object is itself the wrong
        # ("named the aggressor"), which needs a second noun before it ("named X the aggressor")
        dobj = next(c for c in verb.children if c.dep_ == "dobj")
        # "called the move aggression": the small parser makes the named thing a compound of the wrong
        named = ("dobj", "nsubj", "compound") if verb.lemma_.lower() in LABELLING else ("dobj", "nsubj")
        return dobj.lower_ in WRONGS and any(t.dep_ in named and t.i < dobj.i and t.head == dobj
                                             for t in dobj.children) or \
            any(t.lower_ in WRONGS for t in dobj.subtree if t.i > dobj.i) and \
            any(t.dep_ in ("compound", "npadvmod", "appos") for t in dobj.children)
    return any(t.lower_ in WRONGS for c in comps if c.dep_ != "dobj" for t in c.subtree)


def _refused(verb: Token) -> bool:
    return any(c.dep_ == "neg" and c.lower_ in ("not", "never", "n't") for c in verb.children)

#: how an official protest is lodged ("lodged / handed / conveyed a protest")
PROTEST_DELIVERY = {"lodge", "file", "register", "deliver", "hand", "send", "express", "voice", "convey", "submit",
                    "issue", "make"}


def _diplomatic_protest(tok: Token) -> bool:
    """ "lodged a protest with X", "a note of protest": a government's
    diplomatic protest, not a street demonstration."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() != "protest":
        return False
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in PROTEST_DELIVERY:
        return True
    return tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in ("note", "letter")


#: what a party goes on doing in a threat's condition ("should the attacks continue")
PERSISTING = {"continue", "persist", "resume", "repeat", "dare", "escalate", "proceed"}


def _condition(clause: Token) -> bool:
    """An adverbial clause that states a condition: "if"/"unless"/"in case",
    or the inverted "should X continue"."""
    marks = {m.lower_ for m in clause.children if m.dep_ == "mark"}
    if marks & {"if", "unless"}:
        return True
    first = min(clause.subtree, key=lambda t: t.i)
    return first.lower_ in ("should", "were") and first.head == clause


def _hostile_condition(clause: Token, lex: Lexicon | None) -> bool:
    """The condition is the other party's non-compliance or a hostile act:
    "if X does not withdraw", "if X fails to", "should the attacks continue",
    "if X fires again"."""
    marks = {m.lower_ for m in clause.children if m.dep_ == "mark"}
    if "unless" in marks or _refused(clause) or clause.lemma_.lower() in ("fail", "refuse"):
        return True
    if clause.lemma_.lower() in PERSISTING:
        return True
    trig = lex.verbs.get(clause.lemma_.lower()) if lex is not None else None
    return trig is not None and trig.type in HOSTILE_CONDITION


#: types whose act, as a condition, makes the announced reaction a threat
HOSTILE_CONDITION = {"ASSAULT", "COERCE", "THREATEN", "MOBILIZE"}


def ultimatum(verb: Token, lex: Lexicon | None = None) -> bool:
    """ "If X does not Y, we will Z" / "Z unless Y" / "Should the attacks
    continue, X will Z" / "If X fires again, it will receive a response": a
    conditional announcement of one's own reaction to the other party's
    non-compliance or hostile act is a threat (PLOVER THREATEN: ultimatum)."""
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in verb.children)
    if not future:
        return False
    if _any_hostile_subject(verb, lex):
        return True
    return any(c.dep_ == "advcl" and _condition(c) and _hostile_condition(c, lex) for c in verb.children)


#: determiners of a subject that stands for every future case ("any attempt", "every provocation")
ANY_DETS = {"any", "every", "each"}


def _any_hostile_subject(verb: Token, lex: Lexicon | None) -> bool:
    """ "Any attempt to cross the line will be met with a decisive response",
    "any aggression will receive a response": the announced reaction to
    every hostile act of the other party is a threat."""
    if lex is None or verb.lemma_.lower() not in RESPONDING:
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or not any(c.dep_ == "det" and c.lower_ in ANY_DETS for c in subj.children):
        return False
    def hostile(t: Token) -> bool:
        trig = (lex.verbs if t.pos_ == "VERB" else lex.nouns).get(t.lemma_.lower())
        return trig is not None and trig.type in HOSTILE_CONDITION | {"REJECT"}
    return any(hostile(t) for t in subj.subtree)


#: verbs of the announced reaction ("will be met with", "will receive", "will face", "will draw")
RESPONDING = {"meet", "receive", "face", "draw", "trigger", "provoke", "invite", "prompt", "get", "bring"}

def _is_trigger(tok: Token, lex: Lexicon) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        # also a verb its object makes a trigger ("reduced its aid", "expelled the diplomats")
        return lemma in lex.verbs or any(
            c.dep_ in ("dobj", "nsubjpass") and (c.lemma_.lower() in nouns or c.lower_ in nouns)
            for nouns, _ in lex.objects.get(lemma, []) for c in tok.children)
    return tok.pos_ in ("NOUN", "PROPN") and (lemma in lex.nouns or tok.lower_ in lex.nouns)

ANCHOR_PREPS = {"after", "before", "since", "following", "during", "until", "prior", "contrary", "despite",
                "accordance", "ahead", "without"}

#: "in breach of", "in violation of": the manner of another act, not an act
MANNER_NOUNS = {"breach", "violation", "contravention", "defiance"}

#: generic heads whose noun modifier names the act ("a mediation mission")
EVENT_HEADS = {"effort", "mission", "campaign", "process", "bid", "attempt", "drive", "action", "activity",
               "activities"}

#: what one accepts when one agrees (PLOVER AGREE: accept proposals, offers, terms, mediation)
ACCEPTABLE = {"proposal", "offer", "plan", "terms", "term", "condition", "conditions", "demand", "demands",
              "invitation", "mediation", "ceasefire", "truce", "deal", "agreement", "accord", "treaty",
              "resolution", "principle", "principles", "settlement", "request", "compromise", "initiative",
              "roadmap", "framework", "arrangement", "package", "peace", "armistice", "statement",
              # "accepted a cessation of hostilities / a moratorium on air strikes"
              "cessation", "moratorium"}

#: verbs that are AGREE only as commitments: "committed to", "accepted the offer"
COMMITMENT_VERBS = {"commit", "accept"}

def _anchor(noun: Token) -> bool:
    """A noun used to date or frame something else ("after the meeting",
    "contrary to the agreement") refers to a happening, it does not report it."""
    head = noun.head
    if noun.dep_ == "pcomp" and head.lower_ in ANCHOR_PREPS:
        return True  # a gerund: "after signing the statement"
    if noun.dep_ != "pobj" or head.dep_ != "prep":
        return False
    if any(t.ent_type_ == "DATE" for t in noun.subtree):
        return False  # "after the meeting held in X on 31 August": a dated first report
    if head.lower_ == "of" and head.head.pos_ in ("NOUN", "VERB") and head.head != noun:
        return _anchor(head.head)  # "after the signing of the statement"
    if head.lower_ in ANCHOR_PREPS:
        return True
    return head.lower_ in ("to", "with") and head.head.lower_ in ANCHOR_PREPS

def _usable(tok: Token, trig: Trigger, lex: Lexicon) -> bool:
    """Drop words that only look like triggers: participles used as
    adjectives ("dismissed reservists", "highly charged"), "demonstrate"
    with an object (not a protest), a compound's modifier ("press release"),
    and nouns that are the content of another trigger ("offers of support",
    "violation of the agreement", "denied the agreements")."""
    if _abstained(tok):
        return False
    if tok.pos_ == "VERB":
        if tok.dep_ == "amod" or tok.dep_ == "conj" and tok.head.dep_ == "amod":
            return False  # "a pre-prepared and coordinated attack"
        if any(c.dep_ == "det" for c in tok.children) and tok.tag_ == "VBN":
            return False  # "the wounded were evacuated": a participle used as a noun
        if trig.type == "REQUEST" and tok.lemma_.lower() == "ask" and any(
                c.dep_ == "ccomp" and in_indirect_question(c) for c in tok.children):
            return False  # "asked whether ...": a question, not a request
        if trig.type == "REJECT" and (_rejects_claim(tok) or _withholds_identity(tok)):
            return False
        if tok.lemma_.lower() == "encourage" and any(c.dep_ == "auxpass" for c in tok.children):
            return False  # "we are encouraged by the progress": a feeling, not a request
        if tok.lemma_.lower() == "meet" and any(c.dep_ == "auxpass" for c in tok.children) and any(
                c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
            return False  # "was met with a response / with resistance": no meeting
        if tok.lemma_.lower() in OBJECT_ONLY and not any(c.dep_ == "dobj" for c in tok.children):
            return False  # "those dismissed to the reserve": discharged, not a rejection
        if trig.type == "AGREE" and tok.lemma_.lower() in COMMITMENT_VERBS and not _commitment(tok):
            return False
        if trig.type == "CONSULT" and trig.mode == "visit" and _visits_place(tok):
            return False
        if trig.type == "RETREAT" and tok.lemma_.lower() == "leave" and not _stated_departure(tok):
            return False
        if trig.type == "SUPPORT" and tok.dep_ == "acl" and tok.tag_ == "VBN":
            return False  # "brigades backed by tanks": material backing, not an endorsement
        return not (tok.lemma_.lower() == "demonstrate" and any(c.dep_ in ("dobj", "ccomp") for c in tok.children))
    if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and not _is_trigger(tok.head, lex):
        # "a mediation effort", "ceasefire violations": the modifier names the act
        return tok.head.lemma_.lower() in ("violation", "violations") or tok.head.lemma_.lower() in EVENT_HEADS
    if any(c.dep_ == "compound" and c.lower_ in ("press", "news") for c in tok.children):
        return False
    if tok.dep_ == "compound" and _is_trigger(tok.head, lex):
        return False  # "ceasefire agreement": the head noun carries the event
    if tok.lemma_.lower() in MANNER_NOUNS and tok.dep_ == "pobj" and tok.head.lower_ == "in":
        return False
    if _anchor(tok):
        return False
    if tok.dep_ in ("dobj", "attr", "oprd") and tok.head.pos_ == "VERB" and _names_a_wrong(tok.head):
        return False  # "called the move aggression": the label of an accusation, not an attack
    if trig.type == "AGREE" and trig.mode == "agreement" and not _agreement_made(tok):
        return False
    if trig.type == "REQUEST":
        return True
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        if head.lower_ in SETTING_PREPS:
            return True  # "accepted at a meeting in X", "agreed during talks": the setting is an event too
        head = head.head
    return not (tok.dep_ in ("dobj", "pobj") and head.i != tok.i and _is_trigger(head, lex))


#: prepositions that place an act in another happening rather than name its content
SETTING_PREPS = {"at", "during"}


def _stated_departure(verb: Token) -> bool:
    """ "troops leave Gori", "the units left the gorge": "leave" is common
    enough that it counts as a withdrawal only when stated as a fact, not in
    a question ("When will your troops leave?"), an infinitive ("called for
    the troops to leave") or a subordinate clause ("only once the troops
    have left")."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    if verb.dep_ in ("advcl", "xcomp", "ccomp", "pcomp") and any(c.dep_ == "mark" for c in verb.children):
        return False
    return not any(t.text == "?" for t in verb.sent)


#: verbs that are an event only with an object ("dismissed the proposal")
OBJECT_ONLY = {"dismiss"}

#: verbs whose "from" complement did not happen ("refrain from attacking")
ABSTAINING = {"refrain", "abstain", "desist", "cease", "avoid", "prevent", "stop", "keep", "deter", "prohibit",
              "forbid", "restrain", "dissuade"}

#: what one rejects when one denies a statement (not PLOVER REJECT: a denial
#: is a statement, and the claim's event is told as denied)
CLAIM_NOUNS = {"claim", "claims", "allegation", "allegations", "accusation", "accusations", "report", "reports",
               "story", "stories", "assertion", "assertions", "charge", "charges", "rumour", "rumours",
               "rumor", "rumors", "statement", "statements", "speculation", "fabrication", "fabrications",
               # denying a part in something denies a claim about it ("denied any involvement")
               "involvement", "responsibility", "participation", "role", "complicity", "link", "links"}

#: verbs that make, reach or break an agreement: an agreement noun they
#: govern reports it; any other use ("trampled on the ceasefire", "since
#: the ceasefire began") refers to an agreement already in place
AGREEMENT_VERBS = {"sign", "reach", "conclude", "agree", "broker", "strike", "seal", "ink", "announce",
                   "declare", "establish", "adopt", "achieve", "negotiate", "ratify", "accept", "approve",
                   "endorse", "hammer", "secure", "mediate", "propose", "offer"}


def _abstained(tok: Token) -> bool:
    """ "refrain from undermining", "prevented them from attacking",
    "avoid escalation": the act is held back."""
    cur = tok
    if cur.dep_ in ("pobj", "pcomp") and cur.head.lower_ == "from":
        cur = cur.head
    elif cur.dep_ in ("dobj", "xcomp") and cur.head.lemma_.lower() in ABSTAINING:
        return True
    if cur is tok:
        return False
    return cur.head.lemma_.lower() in ABSTAINING


#: what a source declines to give a reporter: "refused to give his name",
#: "declined to comment", "asked not to be named"; no refusal between parties
WITHHELD = {"comment", "elaborate", "name", "identify"}
IDENTITY = {"name", "names", "identity"}


def _withholds_identity(verb: Token) -> bool:
    """ "who refused to give his name", "declined to comment"."""
    for c in verb.children:
        if c.dep_ != "xcomp":
            continue
        if c.lemma_.lower() in WITHHELD:
            return True
        if any(o.dep_ == "dobj" and o.lower_ in IDENTITY for o in c.children):
            return True
    return False


def _rejects_claim(verb: Token) -> bool:
    """ "rejected the claim that ...", "denied the allegations"."""
    return any(t.lower_ in CLAIM_NOUNS and t.dep_ in ("dobj", "nsubjpass", "pobj") for t in verb.subtree
               if t.i > verb.i)


def _agreement_made(noun: Token) -> bool:
    """An agreement noun reports an agreement when a verb makes it ("signed
    a ceasefire", "the ceasefire agreed on"), it carries its own date ("the
    agreement of 18 October"), or it names its parties ("an agreement
    between X and Y", "X's ceasefire")."""
    nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if any(t.ent_type_ == "DATE" for t in noun.subtree) or nxt is not None and nxt.ent_type_ == "DATE":
        return True  # "the agreement of 18 October", "the Joint Statement November 10"
    if any(c.dep_ in ("poss", "acl", "relcl") or c.dep_ == "prep" and c.lower_ in ("between", "with")
           for c in noun.children):
        return True
    cur = noun
    for _ in range(3):
        if cur.head == cur:
            break
        if cur.dep_ == "conj":
            cur = cur.head
            continue
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur.lemma_.lower() in AGREEMENT_VERBS or _is_made(cur)
        if cur.pos_ == "ADP":
            continue
        if cur.pos_ in ("NOUN", "PROPN"):
            return False
    return noun.dep_ == "ROOT"  # a headline: "Ceasefire agreed"


def _is_made(verb: Token) -> bool:
    low = verb.lower_
    return low in ("reached", "signed", "agreed", "concluded")


def _commitment(verb: Token) -> bool:
    """ "committed to talks", "accepted the proposal": a commitment, not
    "crimes committed by" or "it is accepted that"."""
    lemma = verb.lemma_.lower()
    if lemma == "commit":
        return any(c.dep_ in ("prep", "xcomp") and (c.lower_ == "to" or c.dep_ == "xcomp") for c in verb.children)
    subj = next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    if subj is not None and subj.lower_ == "it":
        return False
    # what is accepted must be something one can agree to: a proposal, an offer, terms
    things = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(c.lemma_.lower() in ACCEPTABLE or c.lower_ in ACCEPTABLE for c in things)


def _visits_place(verb: Token) -> bool:
    """ "the Mission visited the pumping station": a visit to a place is not
    a meeting between actors (PLOVER CONSULT); a visit to a named person,
    state or capital is (an entity other than a place). Without entity
    information, an object that is a place name or a common noun counts as a
    place."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return False
    ent = obj.ent_type_ or next((t.ent_type_ for t in obj.subtree if t.ent_type_), "")
    if ent in ("PERSON", "ORG", "NORP", "GPE"):
        return False  # a state, a city standing for its government, a person: PLOVER codes a visit
    return ent in ("LOC", "FAC") or obj.pos_ == "NOUN"


#: trigger types whose clausal complement is their content ("call on X to
#: withdraw", "threatened to remove"): the content is not a happening
CONTAINERS = {"REQUEST", "THREATEN"}

_CONTENT_DEPS = {"xcomp", "ccomp", "acl", "parataxis", "relcl"}


def purpose_of(tok: Token, triggers: list[Token]) -> bool:
    """ "staged rallies to demand reforms", "offered to hand over", "began a
    hunger strike to protest": an infinitive hanging on another trigger (or on
    the light verb of one) states its aim or content; the other trigger is the
    event."""
    if tok.pos_ == "VERB" and tok.dep_ == "pcomp" and tok.head.lower_ == "to" and tok.tag_ == "VBG":
        # "committed to releasing", "agreed to holding": the gerund is the content
        return tok.head.head.pos_ == "VERB" and any(t.i == tok.head.head.i for t in triggers)
    if tok.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    if tok.dep_ not in ("xcomp", "advcl", "acl", "ccomp"):
        return False
    heads = {t.i for t in triggers if t.i != tok.i}
    head = tok.head
    if head.i in heads:
        return head.pos_ == "VERB"  # "an agreement to channel fighters" reports both
    return head.pos_ == "VERB" and any(c.i in heads for c in head.children if c.dep_ in ("dobj", "nsubj", "nsubjpass"))


def embedded_in_content(tok: Token, containers: list[Token]) -> bool:
    """tok lies in the complement of a request or threat trigger."""
    heads = {c.i for c in containers}
    cur = tok
    for _ in range(8):
        if cur.head == cur:
            return False
        if cur.head.i in heads and cur.i != cur.head.i:
            return cur.dep_ in _CONTENT_DEPS or cur.dep_ == "prep" and cur.head.pos_ == "NOUN"
        cur = cur.head
    return False


def in_condition(tok: Token) -> bool:
    """tok lies in an "if"/"unless" clause or in a subject that stands for
    any case ("any attempt to cross the line will be met ..."): a
    condition, not a happening."""
    cur = tok
    for _ in range(12):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
            return True
        if cur.dep_ == "advcl" and _condition(cur):
            return True  # "Should X continue its attacks, ...": the inverted condition
        if cur.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "det" and c.lower_ in ANY_DETS for c in cur.children) \
                and any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "would") for c in cur.head.children):
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


#: words that open an indirect question ("could not establish which side
#: opened fire", "asked whether the troops had withdrawn")
QUESTION_WORDS = {"which", "who", "whom", "whose", "whether", "what"}


def in_indirect_question(tok: Token) -> bool:
    """tok lies in an indirect question: the clause asks whether or by whom
    something happened, it does not say that it did."""
    cur = tok if tok.pos_ in ("VERB", "AUX") else None
    if cur is None:
        gov = tok
        for _ in range(3):
            if gov.head == gov:
                return False
            gov = gov.head
            if gov.pos_ in ("VERB", "AUX"):
                cur = gov
                break
    if cur is None or cur.dep_ not in ("ccomp", "xcomp", "pcomp", "advcl"):
        return False
    first = min(cur.subtree, key=lambda t: t.i)
    words = [t for t in cur.subtree if t.i < cur.i]
    if first.lower_ in ("whether",) or any(t.dep_ == "mark" and t.lower_ == "whether" for t in words):
        return True
    return any(t.tag_ in ("WDT", "WP", "WP$") and t.lower_ in QUESTION_WORDS for t in words) and \
        first.tag_ in ("WDT", "WP", "WP$", "IN")


#: verbs that say an act stopped ("the shelling has stopped", "fighting ceased")
CESSATION = {"stop", "cease", "end", "subside", "halt", "abate", "die"}


def ceased(tok: Token) -> bool:
    """A nominal act as the subject of a verb of cessation: the sentence says
    it ended, not that it happened."""
    nominal = tok.pos_ in ("NOUN", "PROPN") or tok.tag_ == "VBG" and not any(
        c.dep_ in ("nsubj", "aux") for c in tok.children)  # "Shelling has stopped"
    return nominal and tok.dep_ in ("nsubj", "csubj") and tok.head.lemma_.lower() in CESSATION


#: adjectives of ability: "capable of defending", "able to strike" tell a
#: potential, not a happening
ABILITY = {"capable", "able", "unable", "incapable"}


def potential(tok: Token) -> bool:
    """tok is what someone is (un)able to do."""
    head = tok.head
    if tok.dep_ == "pcomp" and head.lower_ == "of":
        head = head.head
    elif tok.dep_ != "xcomp":
        return False
    return head.lower_ in ABILITY
