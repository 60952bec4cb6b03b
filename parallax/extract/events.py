"""Events: who did what to whom, when, where, as the document tells it.

Sentence-level detection with the PLOVER trigger lexicon
(``parallax/data/event_lexicon.yaml``: verbs, nouns and phrases per type and
mode), then arguments from the dependency parse, stance, the source the
document attributes the event to, time, places and figures. Detection and
typing live in ``event_types``, arguments in ``event_args``, stance and
source in ``stance``; this module puts an event together and merges repeated
mentions.

Choices (documented because the gold conventions leave room):
- time: see ``event_time``: the datable TimeExpr of the trigger's sentence
  nearest to the trigger; else, by the clause's tense, the narrative time
  (past), narrative time to publication (present perfect), the publication
  date (a present-tense speech act: "we call on"), or None (habitual
  present, modal, future, infinitive).
- not events: triggers in an "if"/"unless" condition, in the content of a
  request or threat ("called on X to withdraw"), in the purpose infinitive
  of another trigger ("staged rallies to demand"), inside an organisation's
  name, and present-tense routines with a set time ("every year").
- added events: a conditional announcement against a non-compliant party
  ("if X does not Y, we will Z") is THREATEN (ultimatum); a negated
  compliance verb ("never honoured") or a refused cooperative act ("will
  not negotiate") is REJECT, asserted.
- first person ("we", "our forces", "I") is the speaker: a block quote's
  author or signature, a quotation's speaker, else the publisher; a generic
  state organ without a country ("the Ministry of Defence") is the
  speaker's own (``home_side``).
- not events either: yes/no questions, acts held back ("refrain from
  attacking"), a participle used as a noun ("the wounded were evacuated"),
  the rejection of a claim (a denial: the claim's event is told as denied,
  on the rejecter's word), an agreement noun no verb makes ("since the
  ceasefire began"), a visit to a place that names no party, an indirect
  question ("could not establish which side opened fire"), an act said to
  stop ("the shelling has stopped"), a verb used of an abstract object the
  lexicon's ``not_objects`` list ("fight corruption", "released a statement").
- declared intent: "X is willing / ready / committed to <act>" is AGREE for a
  cooperative act and THREATEN for a hostile one (the codebook's "express
  intent"), asserted and dated when said; a CONCEDE verb negated ("has not
  handed over") is REJECT; a recipient the object does not name comes from
  the "to/against/with" phrase or a demand's "that" clause.
- parties the text does not name: "the enemy", "the occupiers", "the other
  side" are the speaker's adversary (the state the document names most
  often besides the speaker's own; unknown in a neutral voice); "both
  sides", "the two countries", "each other" are the two states the document
  names most; "its"/"their" give a generic party ("their servicemen") the
  country of the nearest agreeing earlier state; fire "from the territory
  of X" comes from X; the subject of "suffered"/"came under" is the target;
  units moved (deployed, withdrawn) are the actor, the ground they leave or
  enter the target.
- within-document coreference: events of the same type, mode, stance and
  source whose actors name the same countries and whose times overlap (or
  are both missing) are merged, and so is a mention naming only some of the
  parties when both are dated to the same day ("we signed it"); a mention
  marked as a further happening ("also struck", "another attack") and a
  happening of days against one of years stay apart. The other evidence
  spans go to ``Event.context`` as ``"also:<start>-<end>"`` (no model
  change).
- stance: negation of the trigger -> denied; "claims", "reportedly",
  "apparently", "allegedly", unverified, attributed aims/intentions -> alleged;
  an "if" clause or a modal (would, could, should, must) -> hypothetical;
  "will", "plans to", "prepares to", "strives to" -> planned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..model import (
    Actor,
    Analysis,
    BlockKind,
    Event,
    PlaceMention,
    Provenance,
    Sentence,
    Stance,
    TimeExpr,
)
from ..nlp import doc_text
from .event_args import (
    REPORTING,
    _Actors,
    joint_parties,
    _child,
    _copy,
    _dedupe,
    _governor,
    _modifier_actors,
    _prep_obj,
    _resolve,
    noun_args,
    verb_args,
)
from .casualties import (ACTOR_IMPLIED, COERCIVE_MODES, IMPLIED_CONFIDENCE, explicit_agent, implied_attacker, losers, suffered_at, suffers,
                         victim_token)
from .event_time import PRESENT, event_time, publication, tense_of
from .event_types import (
    CONTAINERS,
    Trigger,
    ceased,
    embedded_in_content,
    find_triggers,
    in_condition,
    in_indirect_question,
    load_lexicon,
    potential,
    purpose_of,
)
from .sources import country_iso3, side_country
from .stance import quote_source, quote_speaker, source_of, source_token, stance_of

__all__ = ["extract_events", "load_lexicon", "merge_events", "same_happening"]

STAGE = "events"

VERSION = "1"

PLACE_PREPS = {"in", "at", "near", "along", "on", "around", "outside", "inside", "from", "into", "across",
               "toward", "towards", "direction"}

AID_MODIFIERS = {"material", "military", "financial", "economic", "humanitarian", "logistical"}

def places_for(sent: Sentence, analysis: Analysis, doc: Doc, used: list[Actor]) -> list[PlaceMention]:
    out = []
    for pm in analysis.places:
        if not (sent.start <= pm.start < sent.end):
            continue
        if any(a.start is not None and a.start <= pm.start < (a.end or a.start) for a in used):
            continue
        span = doc.char_span(pm.start, pm.end, alignment_mode="expand")
        if span is not None and not any(t.lower_ in PLACE_PREPS for t in span.root.ancestors):
            continue
        pm.role = "event_location"
        out.append(pm)
    return out

def _anchored(time: TimeExpr | None, sent: Sentence) -> bool:
    return time is not None and sent.start <= time.start < sent.end

def _skip_block(analysis: Analysis, sent: Sentence, listed: dict[int, tuple[str, TimeExpr]]) -> bool:
    """Footnotes and section headings tell no events; a listed report's
    headline does."""
    if sent.block is None:
        return False
    kind = analysis.document.blocks[sent.block].kind
    if kind == BlockKind.HEADING:
        return sent.block not in listed
    return kind == BlockKind.FOOTNOTE

_DATELINE = re.compile(r"^\s*(?P<src>[^\n–—|]{2,60}?)\s+[–—-]\s+\S")

def listed_reports(analysis: Analysis) -> dict[int, tuple[str, TimeExpr]]:
    """Headlines of listed reports: a heading followed by a short
    "Outlet – date" line. Their events are the outlet's account, dated by
    the report (block index -> (outlet, date))."""
    blocks = analysis.document.blocks
    text = analysis.document.text
    out: dict[int, tuple[str, TimeExpr]] = {}
    for i, block in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        line = text[nxt.start:nxt.end]
        if block.kind != BlockKind.HEADING or nxt.kind != BlockKind.PARAGRAPH or len(line) > 80:
            continue
        m = _DATELINE.match(line)
        dates = [t for t in analysis.times if nxt.start <= t.start < nxt.end
                 and (t.begin or re.match(r"^\d{4}", t.value or ""))]
        if m and dates:
            out[i] = (m.group("src").strip(), dates[0])
    return out

def _clause(tok: Token, first: Token, last: Token) -> tuple[int, int]:
    gov = _governor(tok) if tok.pos_ != "VERB" else tok
    toks = list(gov.subtree) if gov != tok else list(tok.subtree)
    toks = [t for t in toks if not (t.dep_ in ("ccomp", "advcl") and t != gov)] or [tok]
    start = min(min(t.idx for t in toks), first.idx)
    end = max(max(t.idx + len(t) for t in toks), last.idx + len(last))
    return start, end

def _event(tok: Token, first: Token, last: Token, trig: Trigger, sent: Sentence, span: Span, analysis: Analysis,
           doc: Doc, actors: _Actors) -> list[Event]:
    block = analysis.document.blocks[sent.block] if sent.block is not None and \
        sent.block < len(analysis.document.blocks) else None
    floor = block.start if block is not None else max(0, sent.start - 2000)
    joint: list[Token] = []
    if tok.pos_ == "VERB":
        a_tok, t_tok = verb_args(tok, load_lexicon().instruments)
        between = _between(tok)
        if between is not None and a_tok is None:  # "fighting between X and Y resumed"
            joint = [between]
    else:
        a_tok, t_tok, joint = noun_args(tok, actors)
        if not joint and len(_modifier_actors(tok, actors)) > 1:  # "Veldra-Ostmark fighting"
            joint = [tok]
    actor_list = _dedupe([a for j in joint for a in _resolve(j, actors, floor)]) if joint \
        else _resolve(a_tok, actors, floor)
    targets = home_side(_resolve(t_tok, actors, floor), actors)
    if not targets:
        # the object names no party ("granted asylum to X", "demanded that X cancel"): the party
        # the act is directed to
        targets = home_side(_resolve(_recipient(tok, trig.type), actors, floor), actors)
        # a known party only (a bare name the tagger took for an entity may be a place: "to Kell")
        targets = [t for t in targets if (t.country or t.countries or t.sector)
                   and (t.country not in _countries(actor_list) or not t.country)]
    actor_list = home_side(actor_list, actors)
    if trig.mode == "deontic":
        # "X must withdraw": the one who says it demands it of X
        actor_list, targets = _obliging(tok, actors, floor), actor_list
    if suffers(tok):
        # "India lost two jets", "the Pakistani dead", "N people died": the one named suffered
        agent = explicit_agent(tok)
        victims = _dedupe(actor_list + targets)
        actor_list = home_side(_resolve(agent, actors, floor), actors) if agent is not None else []
        targets = losers(victims or home_side(_resolve(victim_token(tok), actors, floor), actors))
    if trig.type == "ASSAULT" and tok.pos_ == "VERB" and repels(tok):
        actor_list, targets = _repulse(tok, actors, floor)
    if not actor_list and tok.pos_ == "VERB" and operative_clause(tok):
        # "Deplores the raids ...", "Calls upon the parties ...": a resolution's operative
        # clause, whose subject is the body that issues the document
        voice = actors.speaker(tok.idx)
        actor_list = [_copy(voice)] if voice is not None else []
    if not targets and trig.type == "ACCUSE" and tok.pos_ == "VERB":
        # "declared that X had committed aggression", "named X the aggressor": the one named
        named = _child(_child(tok, "ccomp") or tok, "nsubj") if _child(tok, "ccomp") is not None \
            else _child(tok, "dobj")
        targets = [t for t in home_side(_resolve(named, actors, floor), actors)
                   if t.country and t.country not in _countries(actor_list)]
    if trig.mode == "ultimatum" and tok.lemma_.lower() in SUFFERING:
        # "if X fires again, it will receive a decisive response": the speaker threatens X
        voice = actors.speaker(tok.idx)
        targets, actor_list = actor_list, [_copy(voice)] if voice is not None else []
    if not actor_list and trig.type == "ASSAULT" and tok.pos_ == "VERB":
        # "shells were fired from the territory of X / from areas held by X": fire comes from X
        actor_list = _origin(tok, actors, _countries(targets))
    if not targets and tok.pos_ == "VERB" and trig.type in WHERE_TO:
        # "withdrew from X", "deployed in X": the state whose ground it is
        targets = _resolve(_place_obj(tok, WHERE_TO[trig.type]), actors, floor)
        targets = [t for t in targets if t.country and t.country not in _countries(actor_list)]
    if joint and not targets and trig.type == "ASSAULT" and len(_countries(actor_list)) > 1:
        targets = [_copy(a) for a in actor_list]  # "fighting between X and Y": against each other
    if trig.type in ("MOBILIZE", "RETREAT") and not actor_list:
        # "its conscripts will be withdrawn", "troops were deployed": the units moved are the actor
        moved = [t for t in targets if t.sector == "military" and (t.country or t.countries)]
        actor_list, targets = moved, [t for t in targets if t not in moved]
    if trig.type == "MOBILIZE":
        # what is deployed ("brought up artillery", "reinforce our brigades") is no target
        targets = [t for t in targets if t.sector not in ("military", None) or
                   t.country and not (set(_countries([t])) & set(_countries(actor_list)))]
    if trig.type == "AGREE":
        targets = [t for t in targets if t.text.lower() not in ("it", "them")]  # "signed it": the agreement
    if trig.weak and not actor_list and not targets:
        return []
    if not actor_list and not targets and not joint and trig.type in BILATERAL and actors.parties is not None \
            and not _in_row(analysis, sent):  # a chronology row folds into the prose that names the parties
        # "the bilateral meeting held in X on 16 July", "an agreement was reached": between the
        # document's two sides when no one else is named
        joint_actor = joint_parties(actors, "both sides")
        actor_list = [joint_actor] if joint_actor is not None else []
    implied = False
    if not actor_list and (targets or trig.mode == "kill" or suffered_at(tok, load_lexicon().instruments)) \
            and (trig.type == "ASSAULT" or trig.mode in COERCIVE_MODES) and not joint:
        # "four civilians were killed in X": the other side, as analysts code a side's loss report
        named = [m.actor for m in actors.mentions if sent.start <= m.start < sent.end and m.actor.country]
        actor_list = implied_attacker(tok, trig.mode, targets, places_for(sent, analysis, doc, named), actors,
                                      source_token(tok, span, actors)[0],
                                      denied=stance_of(tok, span) == Stance.DENIED.value)
        implied = bool(actor_list)
    speech = trig.mode in ("ultimatum", "refuse", "intent", "deontic") or \
        tok.pos_ == "VERB" and operative_clause(tok)
    # the date of the attack a repulse fights off is the repulse's own
    foreign = set() if trig.type == "ASSAULT" and tok.pos_ == "VERB" and repels(tok) else \
        _foreign_times(tok, sent, analysis, doc)
    voice = actors.speaker(tok.idx)
    other = bool(actor_list) and voice is not None and bool(voice.country) and \
        voice.country not in _countries(actor_list)
    if trig.mode == "deontic":
        # the demand is made when it is said: the date inside names what is demanded
        sayer = tok.head if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in REPORTING else None
        time = event_time(sayer, "REQUEST", sent, analysis, speech=True, skip=foreign) if sayer is not None \
            else publication(analysis)
    else:
        time = event_time(tok, trig.type, sent, analysis, speech=speech, skip=foreign, other_party=other)
    if tok.pos_ != "VERB" and not actor_list and not targets and not _anchored(time, sent):
        return []  # a bare noun ("the agreements", "negotiations") is a reference, not a report
    if actor_list and targets and {a.country for a in actor_list} == {t.country for t in targets} \
            and not joint and targets[0].start == actor_list[0].start:
        targets = []
    # an ultimatum's condition and a refusal's negation are the event itself, not its denial
    stance = Stance.ASSERTED.value if trig.mode in ("ultimatum", "refuse", "intent", "deontic") \
        else stance_of(tok, span)
    according_to, claim = source_of(tok, span, actors)
    if according_to is None:
        according_to = quote_source(tok.idx, analysis, actors)
    if claim is not None and stance == Stance.ASSERTED.value:
        stance = Stance.ALLEGED.value
    start, end = _clause(tok, first, last)
    depth = sum(1 for _ in _governor(tok).ancestors) if tok.pos_ != "VERB" else sum(1 for _ in tok.ancestors)
    conf = 0.5 + 0.25 * bool(actor_list) + 0.1 * bool(targets) - 0.15 * trig.weak - 0.03 * min(depth, 4)
    if implied:
        conf = min(conf, IMPLIED_CONFIDENCE)
    types = [(trig.type, trig.mode)]
    if trig.type in ("SUPPORT", "AID") and tok.lemma_.lower() == "support":
        # "diplomatic and material support": verbal support and material aid
        mods = {c.lower_ for c in tok.children if c.dep_ == "amod"}
        mods |= {cc.lower_ for c in tok.children if c.dep_ == "amod" for cc in c.conjuncts}
        if mods & AID_MODIFIERS:
            types = [("AID", "material")] + ([("SUPPORT", "diplomatic")] if mods - AID_MODIFIERS else [])
    out = []
    if claim is not None and trig.type in HOSTILE and actor_list:
        out.extend(_accusation(claim, actor_list, sent, span, analysis, doc, actors, floor, time))
    for etype, mode in types:
        out.append(Event(
            type=etype, start=start, end=end, sentence_start=sent.start, sentence_end=sent.end,
            trigger=doc_text(doc)[first.idx:last.idx + len(last)], mode=mode,
            actors=[_copy(a) for a in actor_list], targets=[_copy(t) for t in targets],
            time=time, places=places_for(sent, analysis, doc, actor_list),
            stance=stance, according_to=according_to,
            quantities=[q for q in analysis.quantities if sent.start <= q.start < sent.end],
            context=[ACTOR_IMPLIED] if implied else [],
            prov=Provenance(STAGE, VERSION, round(min(conf, 0.95), 2))))
    return out

HOSTILE = {"ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE", "REJECT"}


#: types whose unattributed happening takes place between the two sides (a meeting, an agreement)
BILATERAL = {"CONSULT", "AGREE"}


def _obliging(verb: Token, actors: _Actors, floor: int) -> list[Actor]:
    """Who lays an obligation: the subject of the saying verb it is reported
    under ("the ministry said that the withdrawal must be complete"), else
    the voice of the document or quotation."""
    head = verb.head
    if verb.dep_ == "ccomp" and head.lemma_.lower() in REPORTING:
        sayer = _resolve(_child(head, "nsubj"), actors, floor)
        if sayer:
            return home_side(sayer, actors)
    voice = actors.speaker(verb.idx)
    return [_copy(voice)] if voice is not None else []


#: verbs (with their particle) that fight off an attack: "repelled", "beaten back"
REPELLING = {"repel", "repulse", "rebuff"}
REPELLING_PARTICLE = {("beat", "back"), ("push", "back"), ("drive", "back"), ("drive", "off"), ("fight", "off"),
                      ("throw", "back")}


def repels(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    return lemma in REPELLING or any((lemma, c.lower_) in REPELLING_PARTICLE for c in verb.children
                                     if c.dep_ in ("prt", "advmod"))


def _repulse(verb: Token, actors: _Actors, floor: int) -> tuple[list[Actor], list[Actor]]:
    """ "an Ostmarkian attack was beaten back (by our forces)", "our units
    repelled the Veldran assault": the ones who repel act against the
    attackers. A passive without its agent is told by the repelling side,
    the document's own voice."""
    # the subject nearest the verb ("Near X, an attack ... was beaten back" may parse X as a subject too)
    passive = next((c for c in reversed(list(verb.lefts)) if c.dep_ == "nsubjpass"), None)
    attacked_by = passive if passive is not None else _child(verb, "dobj")
    attackers = home_side(_resolve(attacked_by, actors, floor), actors)
    if attacked_by is not None and attacked_by.pos_ == "NOUN" and not attackers:
        by, _, _ = noun_args(attacked_by, actors)  # "an Ostmarkian attack": the attack's own actor
        attackers = home_side(_resolve(by, actors, floor), actors) or \
            [_copy(m.actor) for m in _modifier_actors(attacked_by, actors)]
    if passive is not None:
        agent = _prep_obj(verb, {"by"})
        repellers = _resolve(agent, actors, floor) if agent is not None else []
        if not repellers and actors.speaker(verb.idx) is not None:
            repellers = [_copy(actors.speaker(verb.idx))]
    else:
        repellers = _resolve(_child(verb, "nsubj"), actors, floor)
    repellers = [a for a in repellers if not (_countries([a]) & _countries(attackers))]
    return home_side(repellers, actors), [_copy(a) for a in attackers]


def operative_clause(verb: Token) -> bool:
    """A sentence that opens with a subjectless present-tense verb, as the
    operative clauses of a resolution or communiqué do ("Deplores ...",
    "Decides to dispatch ..."): the verb, or the verb it completes."""
    root = verb
    while root.dep_ in ("xcomp", "conj") and root.head != root:
        root = root.head
    if root.tag_ != "VBZ" or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children):
        return False
    sent = root.sent
    first = next((t for t in sent if t.is_alpha and t.tag_ != "LS"), None)
    return first is not None and first.i == root.i

#: a threat's main verb whose subject is the one threatened ("will receive / face a response")
SUFFERING = {"receive", "face", "bear", "suffer", "meet", "get", "pay", "regret"}

#: prepositions that name the party an act is directed to
TO_PREPS = {"to", "against", "on", "upon", "with", "toward", "towards"}

#: types whose "to" phrase is a destination place rather than a recipient
MOVING = {"MOBILIZE", "RETREAT"}


def _recipient(tok: Token, etype: str) -> Token | None:
    """The recipient an act names besides its object: the "to/against/with"
    phrase of the verb (or of the light verb a nominal trigger hangs on:
    "granted asylum to X"), or the subject of a demand's "that" clause
    ("demanded that X cancel ...")."""
    verb = tok if tok.pos_ == "VERB" else (tok.head if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" else None)
    if verb is None:
        return None
    if etype == "REQUEST":
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is not None:
            subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None) or next(
                (c for c in clause.children if c.i < clause.i and c.pos_ in ("PROPN", "NOUN")), None)
            if subj is not None:
                return subj
    if etype in MOVING:
        return None
    for c in verb.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in TO_PREPS and c.i > tok.i:
            obj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None

def _origin(verb: Token, actors: _Actors, exclude: frozenset[str]) -> list[Actor]:
    """The state a "from" phrase of a firing verb names: "from the territory
    of X", "from areas controlled by X" (the first one that names a state)."""
    for c in verb.children:
        if c.dep_ != "prep" or c.lower_ != "from":
            continue
        offsets = {t.idx for t in c.subtree}
        found = [m for m in actors.mentions if m.start in offsets and m.actor.country
                 and m.actor.country not in exclude and not m.actor.countries]
        if found:
            return [_copy(found[0].actor)]
    return []

def _between(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None

#: types whose recipient is the ground the act leaves or enters
WHERE_TO = {"RETREAT": {"from"}, "MOBILIZE": {"to", "into", "in", "towards", "toward"}}

def _place_obj(verb: Token, preps: set[str]) -> Token | None:
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            obj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None

def _accusation(verb: Token, accused: list[Actor], sent: Sentence, span: Span, analysis: Analysis, doc: Doc,
                actors: _Actors, floor: int, time: TimeExpr | None) -> list[Event]:
    """ "X claims that Y attacked" also tells that X accuses Y."""
    speakers = _resolve(_child(verb, "nsubj"), actors, floor)
    if not speakers or _countries(speakers) == _countries(accused):
        return []
    start = min(t.idx for t in verb.subtree)
    end = max(t.idx + len(t) for t in verb.subtree)
    return [Event(type="ACCUSE", start=start, end=end, sentence_start=sent.start, sentence_end=sent.end,
                  trigger=verb.text, mode="accuse", actors=speakers, targets=[_copy(a) for a in accused],
                  time=time, stance=Stance.ASSERTED.value, according_to=quote_source(verb.idx, analysis, actors),
                  prov=Provenance(STAGE, VERSION, 0.7))]

#: verbs whose subject is an activity told before ("the shelling resumed")
RESUMPTION = {"resume", "continue", "restart", "persist", "intensify"}
#: how far back (characters) the activity a resumption continues may have been told
RESUMED_WITHIN = 2000


def _resumed(tok: Token) -> bool:
    """ "The shelling of X resumed within hours": a nominal event whose verb
    says it goes on."""
    return tok.pos_ != "VERB" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in RESUMPTION


def _continue_actors(found: list[Event], earlier: list[Event], etype: str) -> None:
    """A resumed activity with no written actor is the last same-type
    activity's, told shortly before with its actor ("Throughout July the
    militias shelled X. ... The shelling resumed within hours"), rather than
    the side a loss report implies."""
    for ev in found:
        if ev.actors and ACTOR_IMPLIED not in ev.context:
            continue
        prior = next((e for e in reversed(earlier) if e.type == etype and e.actors and
                      ACTOR_IMPLIED not in e.context and 0 <= ev.start - e.end <= RESUMED_WITHIN), None)
        if prior is not None:
            ev.actors = [_copy(a) for a in prior.actors]
            ev.context = [c for c in ev.context if c != ACTOR_IMPLIED]


#: verbs of being somewhere ("our regiment was in X", "troops remain in X")
PRESENCE_VERBS = {"be", "remain", "stay"}
#: nouns of armed units, whose presence on another state's ground is an occupation
UNIT_NOUNS = {"troop", "troops", "force", "forces", "army", "regiment", "unit", "units", "battalion", "battalions",
              "brigade", "brigades", "division", "soldier", "soldiers", "tank", "tanks", "column", "columns",
              "contingent", "garrison"}


def _presence(span: Span, actors: _Actors, ground: dict[int, str]) -> list[tuple[Token, Token, Token, Trigger]]:
    """ "Our regiment was in X", "Y's forces remain in Z": armed units of one
    state present on ground that the gazetteer places in another state tell
    an occupation (PLOVER COERCE, "presence of troops"), though no event
    word is written. Written here because it needs the places' countries,
    which the lexicon cannot see."""
    out = []
    for tok in span:
        if tok.lemma_.lower() not in PRESENCE_VERBS or tok.pos_ not in ("AUX", "VERB"):
            continue
        subj = _child(tok, "nsubj")
        if subj is None or subj.lemma_.lower() not in UNIT_NOUNS:
            continue
        where = {ground[t.i] for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "inside", "at")
                 for o in c.children if o.dep_ == "pobj" for t in o.subtree if t.i in ground}
        own = _countries(_resolve(subj, actors, max(0, span.start_char - 2000)))
        if len(where) == 1 and own and not own & where:
            tok.pos_ = "VERB"  # the copula heads the clause: its subject is the actor (verb_args)
            out.append((tok, tok, tok, Trigger("COERCE", "seize")))
    return out


def _place_countries(analysis: Analysis, doc: Doc) -> dict[int, str]:
    """Token index -> ISO3 country of the resolved place mention covering it."""
    out: dict[int, str] = {}
    for pm in analysis.places:
        code = country_iso3(pm.place.country) if pm.place is not None and pm.place.country else None
        span = doc.char_span(pm.start, pm.end, alignment_mode="expand") if code else None
        if span is not None:
            out.update((t.i, code) for t in span)
    return out


def _place_tokens(analysis: Analysis, doc: Doc) -> frozenset[int]:
    """Indices of the tokens inside the document's resolved place mentions."""
    out: set[int] = set()
    for pm in analysis.places:
        if pm.place is None:
            continue
        span = doc.char_span(pm.start, pm.end, alignment_mode="expand")
        if span is not None:
            out.update(t.i for t in span)
    return frozenset(out)


def extract_events(analysis: Analysis, doc: Doc, resources: Any) -> list[Event]:
    """Events of one document, one per happening (see the module docstring)."""
    lex = load_lexicon()
    mentions = analysis.actors
    if not mentions and resources is not None and getattr(resources, "actors", None) is not None:
        mentions = resources.actors.find(doc)
    actors = _Actors(mentions)
    actors.voice = _voice(analysis, actors, resources)
    actors.opponent = _opponent(actors)
    actors.parties = _parties(actors)
    listed = listed_reports(analysis)
    events: list[Event] = []
    distinct: set[int] = set()  # ids of mentions that say they tell another happening
    rows: set[int] = set()  # ids of mentions in a table row (a chronology)
    places = _place_tokens(analysis, doc)
    ground = _place_countries(analysis, doc)
    for sent in analysis.sentences:
        if _skip_block(analysis, sent, listed):
            continue
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if span is None or _question(span):
            continue
        triggers = find_triggers(span, lex, places) + _presence(span, actors, ground)
        containers = [t for t, _, _, trig in triggers if trig.type in CONTAINERS]
        heads = [t for t, _, _, _ in triggers]
        for tok, first, last, trig in triggers:
            if _in_name(tok, actors) or trig.mode == "visit" and _visits_no_one(tok, actors):
                continue
            if in_condition(tok) or embedded_in_content(tok, containers) or purpose_of(tok, heads) or \
                    habitual(tok, sent, analysis) or in_indirect_question(tok) or ceased(tok) or potential(tok):
                continue
            found = _event(tok, first, last, trig, sent, span, analysis, doc, actors)
            if sent.block in listed:
                outlet, date = listed[sent.block]
                for ev in found:
                    ev.according_to = ev.according_to or outlet
                    ev.time = date
            if _resumed(tok):
                _continue_actors(found, events, trig.type)
            if _another(tok) or _further_deed(tok, trig, triggers):
                distinct.update(id(ev) for ev in found)
            if _in_row(analysis, sent):
                rows.update(id(ev) for ev in found)
            events.extend(found)
    return fold_rows(merge_events(events, distinct), rows)


def _further_deed(tok: Token, trig: Trigger, triggers: list) -> bool:
    """A second verb of the same kind joined to the first and marked as
    next ("opened fire ... and afterwards began shelling the temple"): a
    further deed, not a second mention. (Without a sequence word, joined
    verbs of one kind are as often one deed told two ways: measured on the
    development sets.)"""
    if tok.pos_ != "VERB" or tok.dep_ != "xcomp":
        return False
    clause = tok.head  # "began shelling": the sequence word sits on "began"
    if clause.dep_ != "conj" or not any(c.dep_ == "advmod" and c.lower_ in NEXT_ADV for c in clause.children):
        return False
    return any(t == clause.head and t.pos_ == "VERB" and other.type == trig.type for t, _, _, other in triggers)


def _in_row(analysis: Analysis, sent: Sentence) -> bool:
    blocks = analysis.document.blocks
    return sent.block is not None and sent.block < len(blocks) and blocks[sent.block].kind == BlockKind.TABLE_ROW


def fold_rows(events: list[Event], rows: set[int]) -> list[Event]:
    """A chronology row that repeats a happening the prose tells (same type,
    same day or within the prose's interval, no conflicting party) is more
    evidence for the prose event, not another event: the prose states it
    more fully. Rows no prose event tells stay events."""
    prose = [e for e in events if id(e) not in rows]
    out = []
    for ev in events:
        if id(ev) not in rows:
            out.append(ev)
            continue
        twin = next((p for p in prose if _row_repeats(ev, p)), None)
        if twin is None:
            out.append(ev)
            continue
        twin.actors = twin.actors or ev.actors
        twin.targets = twin.targets or ev.targets
        twin.context = [*twin.context, f"also:{ev.start}-{ev.end}"]
    return out


def _row_repeats(row: Event, prose: Event) -> bool:
    """Same deed (not a statement: each call or threat is its own), same
    days, and the same named party on one side at least."""
    if row.type != prose.type or row.type in SAID_TYPES or row.time is None or prose.time is None:
        return False
    if not (_times_overlap(row.time, prose.time) and _compatible(row.actors, prose.actors)
            and _compatible(row.targets, prose.targets)):
        return False
    shared = (_countries(row.actors) and _countries(row.actors) == _countries(prose.actors)) or \
        (_countries(row.targets) and _countries(row.targets) == _countries(prose.targets))
    if not shared and not _countries(row.actors) and not _countries(row.targets):
        # a row that names no party ("13 June | ridge recaptured") repeats the prose's deed of that day
        return _day(row.time) is not None and _day(row.time) == _day(prose.time)
    return bool(shared) and (_span_days(prose.time) or 1) <= 31

def _foreign_times(tok: Token, sent: Sentence, analysis: Analysis, doc: Doc) -> set[int]:
    """Starts of the sentence's dates that belong to another happening: "we
    call on X, as the agreement of 18 May requires", "deplores the raids
    carried out on 5 June" - the date modifies "agreement"/"raids" (a
    trigger noun other than ours), not the call."""
    lex = load_lexicon()
    out: set[int] = set()
    for t in analysis.times:
        if not (sent.start <= t.start < sent.end):
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        cur = span.root
        for _ in range(6):
            if cur.head == cur or cur.i == tok.i or cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("acl", "relcl"):
                break  # a participle or relative clause ("the raids carried out on 5 June") goes on to its noun
            cur = cur.head
            if cur.i != tok.i and cur.pos_ == "NOUN" and (cur.lemma_.lower() in lex.nouns or
                                                          cur.lower_ in lex.nouns):
                out.add(t.start)
                break
    return out

def _question(span: Span) -> bool:
    """ "Did they fire first?": a yes/no question asserts nothing ("why did
    they summon the reservists?" takes the summoning for granted)."""
    tail = [t for t in span[-4:] if not t.is_space and t.text not in ('"', "”", "'", "’", ")")]
    if not tail or tail[-1].text != "?":
        return False
    first = next((t for t in span if not t.is_space and not t.is_punct), None)
    return first is not None and first.pos_ in ("AUX", "VERB")

def _visits_no_one(tok: Token, actors: _Actors) -> bool:
    """ "The monitors visited the village": PLOVER's visit is to a state, its
    capital, a leader or a body; a place that names no actor is a site visit."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None) if tok.pos_ == "VERB" else \
        next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children
              if p.dep_ == "pobj"), None)
    if obj is None:
        return False
    m = actors.in_subtree(obj)
    return m is None or not (m.actor.country or m.actor.sector)

def _in_name(tok: Token, actors: _Actors) -> bool:
    """ "the Organisation for Security and Cooperation": a capitalised word
    inside an organisation's name names no event."""
    if tok.pos_ != "PROPN" and not (tok.is_title and tok.i > tok.sent.start):
        return False
    m = actors.covering(tok)
    if m is not None and m.end - m.start > len(tok.text):
        return True
    words = [t for t in tok.sent if t.is_alpha and len(t) > 3]
    title_case = sum(t.is_title for t in words) > 0.6 * len(words)  # a headline: "Troops Attack Border Posts"
    return tok.ent_type_ == "ORG" and not title_case

def habitual(tok: Token, sent: Sentence, analysis: Analysis) -> bool:
    """ "We hold exercises every year": a present-tense routine with a set
    time (every year, weekly) is a habit, not a happening."""
    return any(t.type == "SET" and sent.start <= t.start < sent.end for t in analysis.times) and \
        tense_of(tok) == PRESENT

def _named(text: str, adict: Any) -> Actor:
    """The speaker named by a publisher line or a signature. Its country is
    kept only for a state organ ("Ministry of Defence of X") or the state
    itself: "European Friends of X" names a country without belonging to it."""
    found = adict.match(text) if adict is not None and text else None
    if found is not None and found.sector not in OWN_SECTORS and adict.lookup(text.strip()) is None:
        found = None
    return Actor(text=text, name=text, country=found.country if found else None,
                 sector=found.sector if found else None, countries=list(found.countries) if found else [])

def _specific(actor: Actor) -> bool:
    return bool(actor.name) and not (actor.entry or "").startswith("sector-")

#: generic words that name the other side, never the speaker's own organs
HOSTILE_GENERIC = {"regime", "enemy", "junta", "occupier", "occupiers", "aggressor", "aggressors", "invader",
                   "invaders", "militant", "militants", "terrorist", "terrorists", "separatist", "separatists",
                   "adversary", "opponent"}

OWN_SECTORS = {"government", "military", "police"}

#: head words of the names of a state's own bodies ("the House of Peoples' Representatives",
#: "the Supreme Council", "the Federal Assembly")
STATE_BODY_HEADS = {"house", "assembly", "parliament", "council", "ministry", "chamber", "senate", "congress",
                    "cabinet", "presidency", "duma", "rada", "majlis", "staff", "command"}


def _unknown_state_body(actor: Actor) -> bool:
    """A named body the actor dictionary does not know (a spaCy ORG entity)
    whose head word is a legislature's, a ministry's or a command's: named
    without its country, it is the speaker's own state's."""
    if actor.entry or actor.country or actor.countries or actor.sector or actor.start is None:
        return False
    words = actor.text.split(" of ")[0].split()
    return bool(words) and words[-1][:1].isupper() and words[-1].lower().strip("'’s") in STATE_BODY_HEADS


def home_side(found: list[Actor], actors: _Actors) -> list[Actor]:
    """A generic state organ without a country ("the Ministry of Defence",
    "units of the 4th Brigade") is the speaker's own when the speaker has a
    country: a ministry's statement names its own organs without the
    country."""
    for a in found:
        if _unknown_state_body(a):
            a.sector = "government"
            who = actors.speaker(a.start)
            if who is not None and who.country:
                a.country = who.country
            continue
        if a.country or a.countries or a.start is None or not (a.entry or "").startswith("sector-"):
            continue
        if a.name != a.sector:
            continue  # a named person or body ("President X"), not a generic organ
        if a.sector not in OWN_SECTORS or a.text.lower().split()[-1:] and a.text.lower().split()[-1] in HOSTILE_GENERIC:
            continue
        who = actors.speaker(a.start)
        if who is not None and who.country:
            a.country = who.country
    return found

def _voice(analysis: Analysis, actors: _Actors, resources: Any) -> Callable[[int], Actor | None]:
    """Who says "we"/"I" at an offset: the author of a quote block, the
    person a quotation is from, else the document's publisher. A publisher
    the actor dictionary gives no country (a forum, a blog, an association)
    speaks for the side the document is declared to be from, when that side
    names a country ("we held the town" in a side's veterans' forum)."""
    adict = getattr(resources, "actors", None) if resources is not None else None
    meta = analysis.document.meta
    own = _named(meta.publisher, adict) if meta.publisher else None
    home = side_country(meta.side, resources) if adict is not None else None
    if home and (own is None or not own.country and not own.countries):
        own = own or Actor(text=str(meta.side), name=str(meta.side))
        own.country = home

    def at(offset: int) -> Actor | None:
        block = analysis.document.block_at(offset)
        if block is not None and block.kind == BlockKind.QUOTE:
            if block.attrs.get("author"):
                return _named(str(block.attrs["author"]), adict)
            signed = [m for m in actors.mentions if block.start <= m.start < block.end and _specific(m.actor)]
            if signed:  # a block quotation ends with its attribution
                return signed[-1].actor
        m = quote_speaker(offset, analysis, actors)
        if m is not None:
            who = m.actor
            if not who.country and own is not None and own.country:
                # a spokesperson quoted in a ministry's own statement speaks for it
                who = _copy(who)
                who.country = own.country
            return who
        return own
    return at

def _state_counts(actors: _Actors) -> tuple[dict[str, int], dict[str, Actor]]:
    counts: dict[str, int] = {}
    first: dict[str, Actor] = {}
    for m in actors.mentions:
        c = m.actor.country
        if c and not m.actor.countries:
            counts[c] = counts.get(c, 0) + 1
            first.setdefault(c, m.actor)
    return counts, first

def _parties(actors: _Actors) -> Callable[[], list[Actor]]:
    """ "Both sides", "the two countries": the two states the document
    names most often, when a third is named much less (else unknown)."""
    counts, first = _state_counts(actors)

    def both() -> list[Actor]:
        top = sorted(counts, key=lambda c: -counts[c])
        if len(top) < 2 or len(top) > 2 and counts[top[2]] * 2 > counts[top[1]]:
            return []
        return [first[top[0]], first[top[1]]]
    return both

def _opponent(actors: _Actors) -> Callable[[int], Actor | None]:
    """Who "the enemy" / "the other side" is at an offset: of the states the
    document names, the one named most often that is not the speaker's
    (a two-sided conflict's other side). Unknown when the speaker has no
    country (a neutral monitor's "the other side" names no one)."""
    counts, first = _state_counts(actors)

    def at(offset: int) -> Actor | None:
        who = actors.speaker(offset)
        own = who.country if who is not None else None
        if not own:
            return None
        others = sorted((c for c in counts if c != own), key=lambda c: -counts[c])
        if not others:
            return None
        a = _copy(first[others[0]])
        a.name = a.name or others[0]
        return a
    return at

def _countries(actors: list[Actor]) -> frozenset[str]:
    out: set[str] = set()
    for a in actors:
        if a.countries:
            out.update(a.countries)
        elif a.country:
            out.add(a.country)
        elif a.name:
            out.add(a.name.lower())
    return frozenset(out)

def _time_key(t: TimeExpr | None) -> tuple[str, str] | None:
    if t is None:
        return None
    begin = t.begin or (t.value or "").split("/")[0]
    end = t.end_date or (t.value or "").split("/")[-1]
    return begin, end

def _times_overlap(a: TimeExpr | None, b: TimeExpr | None) -> bool:
    ka, kb = _time_key(a), _time_key(b)
    if ka is None or kb is None:
        return ka is None and kb is None
    return ka[0][:len(kb[1])] <= kb[1] and kb[0][:len(ka[1])] <= ka[1]

def _day(t: TimeExpr | None) -> str | None:
    """The day a time names, when it names exactly one."""
    key = _time_key(t)
    if key is None or len(key[0]) < 10 or key[0][:10] != key[1][:10]:
        return None
    return key[0][:10]

def _span_days(t: TimeExpr | None) -> int | None:
    key = _time_key(t)
    if key is None:
        return None
    try:
        begin = date.fromisoformat(key[0][:10]) if len(key[0]) >= 10 else date.fromisoformat(key[0][:7] + "-01")
        end = date.fromisoformat(key[1][:10]) if len(key[1]) >= 10 else date.fromisoformat(key[1][:7] + "-28")
    except ValueError:
        return None
    return (end - begin).days

def _day_grain(t: TimeExpr) -> bool:
    """Days or an interval between days, not a month or a year."""
    key = _time_key(t)
    return key is not None and len(key[0]) >= 10 and len(key[1]) >= 10 and t.precision in (None, "day", "minute")


def _same_grain(a: TimeExpr | None, b: TimeExpr | None) -> bool:
    """ "the attack of 12 May" is not "thirty years of aggression": a
    happening of days does not join one of years."""
    da, db = _span_days(a), _span_days(b)
    if da is None or db is None:
        return True
    if min(da, db) == 0 and max(da, db) > 2 and _day_grain(a) and _day_grain(b):
        return False  # "on 22 April X opened fire" is not "since then X has fired at towns"
    return not (min(da, db) <= 40 and max(da, db) > 366)

def same_happening(a: Event, b: Event) -> bool:
    """Within one document: the same type and mode told the same way
    (stance, source), by the same parties, at overlapping times. A mention
    that names only some of the parties ("we signed it" after "X and Y
    signed the agreement on 18 May") joins when both are dated to the same
    day."""
    if not (a.type == b.type and a.mode == b.mode and a.stance == b.stance
            and a.according_to == b.according_to and _compatible(a.targets, b.targets)
            and _times_overlap(a.time, b.time) and _same_grain(a.time, b.time)):
        return False
    if a.type in SAID_TYPES and not _same_utterance(a, b):
        return False
    if ACTOR_IMPLIED in a.context + b.context:
        return False  # a loss report whose attacker is inferred is its own record
    ca, cb = _countries(a.actors), _countries(b.actors)
    if not ca or not cb:
        return False
    if ca == cb:
        return True
    day = _day(a.time)
    return day is not None and day == _day(b.time) and (ca < cb or cb < ca)

#: types whose events are said rather than done: one party makes many
#: distinct calls, condemnations and refusals on one day
SAID_TYPES = {"REQUEST", "ACCUSE", "SUPPORT", "REJECT", "THREATEN", "PROTEST"}


def _same_utterance(a: Event, b: Event) -> bool:
    """Two mentions of one statement: the same verb (or noun) to the same
    named party ("called on X to withdraw ... this call on X")."""
    return _countries(a.targets) == _countries(b.targets) and a.trigger.lower() == b.trigger.lower()


def _compatible(a: list[Actor], b: list[Actor]) -> bool:
    """Same parties, or one side unknown; a bare sector word ("four
    soldiers", "civilians") with no country names no party."""
    ca = _countries([x for x in a if x.country or x.countries or _specific(x)])
    cb = _countries([x for x in b if x.country or x.countries or _specific(x)])
    return not ca or not cb or ca == cb

def same_sentence_twin(a: Event, b: Event) -> bool:
    """Two triggers of one type in one sentence ("the war ... were killed")
    tell one happening unless their actors or times differ."""
    return (a.type == b.type and a.sentence_start == b.sentence_start and a.stance == b.stance
            and _compatible(a.actors, b.actors) and _compatible(a.targets, b.targets)
            and (a.time is None or b.time is None or _times_overlap(a.time, b.time)))

#: words that mark a further happening of the same kind ("shells also
#: struck the station", "attacked again", "another attack")
ANOTHER_ADV = {"also", "again", "further", "likewise", "too"}
#: sequence words on a trigger verb ("... and then turned their guns on X"): a next happening
NEXT_ADV = {"then", "afterwards", "later", "subsequently"}
ANOTHER_MOD = {"another", "new", "further", "second", "third", "fresh", "additional", "renewed", "repeated"}

def _another(tok: Token) -> bool:
    gov = _governor(tok) if tok.pos_ != "VERB" else tok
    if any(c.dep_ == "advmod" and c.lower_ in ANOTHER_ADV for c in gov.children):
        return True
    if tok.pos_ == "VERB" and any(c.dep_ == "advmod" and c.lower_ in NEXT_ADV for c in tok.children):
        return True
    return tok.pos_ != "VERB" and any(c.dep_ in ("amod", "det") and c.lower_ in ANOTHER_MOD for c in tok.children)

#: how finely a time places an event, coarse to fine
PRECISION_RANK = {"decade": 1, "year": 2, "season": 3, "quarter": 3, "month": 4, "week": 5, "day": 6, "minute": 7}


def _detail(ev: Event) -> tuple[int, int, bool, float]:
    """Which mention of one happening states it most fully: the one that
    names all the parties ("X and Y signed" over "we signed it"), then the
    finest date (a prose "on 22 April" over a summary's "in April"), then a
    date of its own over one borrowed from another happening ("the meeting
    held on 31 August" over "right after the meeting"), then the stage's
    confidence."""
    t = ev.time
    rank = PRECISION_RANK.get(t.precision or "", 0) if t is not None else 0
    own_date = t is not None and not (t.anchor or "").startswith("event:")
    return len(_countries(ev.actors)), rank, own_date, ev.prov.confidence


def merge_events(events: list[Event], distinct: set[int] | None = None) -> list[Event]:
    """Merge mentions of one happening; keep the best-argued mention as the
    event and the others' evidence spans as ``also:<start>-<end>``. A
    mention in ``distinct`` (ids: "X also struck Y", "another attack")
    tells a further happening and is not merged ("then turned their guns on X")."""
    out: list[Event] = []
    distinct = distinct or set()
    for ev in events:
        twin = None if id(ev) in distinct else next(
            (o for o in out if same_happening(o, ev) or same_sentence_twin(o, ev)), None)
        if twin is None:
            out.append(ev)
            continue
        keep, other = (ev, twin) if _detail(ev) > _detail(twin) else (twin, ev)
        keep.actors = keep.actors or other.actors
        keep.targets = keep.targets or other.targets
        keep.time = keep.time or other.time
        keep.quantities = [*keep.quantities, *(q for q in other.quantities if q not in keep.quantities)]
        keep.context = [*keep.context, *other.context, f"also:{other.start}-{other.end}"]
        out[out.index(twin)] = keep
    return out
