"""Casualty reports: who suffered, and the attacker a side's account implies.

Statements from a two-sided conflict report losses without naming who
caused them: "four civilians were killed in X on Thursday", "India lost 511
soldiers", "eleven people died in our village", "estimates of the enemy dead
range from 450 to 1,000". Analysts code each as an attack (PLOVER ASSAULT)
by the other side (the annotators of every corpus we have seen do, marking
the actor as implied). This module

- turns the arguments of words whose grammatical subject or modifier is the
  *victim* ("died", "lost N soldiers", "Pakistani dead", "casualties among
  X") round, so that the victim is the target and not the actor;
- names the side that suffered (the target's country; else the speaker's
  enemy for "intruders" and "the enemy"; else the speaker's own side when
  the speaker is a party; else, for a neutral narrator, the country of the
  place where it happened), and
  from it the implied attacker: the other of the document's two parties.

It infers nothing for a neutral narrator's loss with no party or place, for
mutual fighting ("clashes", "the war"), or when the document does not have
exactly two sides.
"""

from __future__ import annotations

from spacy.tokens import Token

from .event_args import _Actors, _child, _copy, _prep_obj, adversary_word
from .sources import country_iso3
from ..model import Actor, PlaceMention

#: verbs whose subject suffered: "N people died", "X lost two fighters"
VICTIM_VERBS = {"die", "perish", "lose"}
#: nouns whose possessor or modifier suffered: "Pakistani dead", "our losses"
VICTIM_NOUNS = {"casualty", "casualties", "dead", "death", "deaths", "fatality", "fatalities", "loss", "losses",
                "toll"}
#: modes of violence done by one side to the other (not "fighting", "clashes",
#: "war", which both sides do, nor the taking of ground)
ONE_SIDED_MODES = {"attack", "shelling", "aerial", "drone", "landmines", "kill"}
#: coercion one side does to the other's people or ground ("were expelled", "was occupied",
#: "were detained"): a side's report of suffering it implies the other side as well
COERCIVE_MODES = {"seize", "detain", "restrict", "release"}  # and giving back those held: "was returned to X"

#: context tag of an event whose actor the text implies and does not write
ACTOR_IMPLIED = "actor-implied"
#: confidence of an event whose actor is implied, not written
IMPLIED_CONFIDENCE = 0.55


def suffers(tok: Token) -> bool:
    """Is the trigger a word whose subject or modifier is the victim?"""
    lemma = tok.lemma_.lower()
    return lemma in VICTIM_VERBS if tok.pos_ in ("VERB", "AUX") else \
        lemma in VICTIM_NOUNS or tok.lower_ in VICTIM_NOUNS


def suffered_at(tok: Token, instruments: frozenset[str]) -> bool:
    """A verb that tells what was hit and not who fired: a passive with no
    agent ("Zalambessa was shelled", "a school was damaged") or a projectile
    as subject ("bombs fell on the quarter", "one of them struck a school")."""
    if tok.pos_ not in ("VERB", "AUX") or _prep_obj(tok, {"by"}) is not None:
        return False
    if _child(tok, "nsubjpass") is not None or tok.dep_ == "conj" and _child(tok, "auxpass") is not None and \
            _child(tok.head, "nsubjpass") is not None:  # "the mines were made in X and were laid in Y"
        return True
    subj = _child(tok, "nsubj")
    if subj is not None and subj.lower_ == "one":
        subj = _prep_obj(subj, {"of"}) or subj
    return subj is not None and (subj.lemma_.lower() in instruments or subj.lower_ in ("them", "they") and
                                 tok.lemma_.lower() in PROJECTILE_VERBS)


#: what projectiles do ("shells fell", "rockets landed", "one of them struck")
PROJECTILE_VERBS = {"fall", "land", "strike", "hit", "explode", "impact", "rain"}


def explicit_agent(tok: Token) -> Token | None:
    """The one who inflicted the loss when written: "deaths caused by X",
    "casualties inflicted by X", "losses from X's shelling"."""
    agent = _prep_obj(tok, {"by", "from"})
    if agent is not None:
        return agent
    for c in tok.children:
        if c.dep_ == "acl" and c.lemma_.lower() in ("cause", "inflict"):
            return _prep_obj(c, {"by"})
    return None


def victim_token(tok: Token) -> Token | None:
    """The victim phrase a loss word has in itself: "casualties among the
    personnel of X", "the deaths of N soldiers"."""
    if tok.pos_ in ("VERB", "AUX"):
        return _child(tok, "nsubj")
    return _prep_obj(tok, {"among", "of"}) or _child(tok, "poss")


def losers(victims: list[Actor]) -> list[Actor]:
    """ "Veldra lost 40 soldiers": the soldiers are the named party's, not
    the speaker's own organ that a bare "soldiers" is taken for elsewhere."""
    named = [v for v in victims if v.country and not _generic(v)]
    if named:
        for v in victims:
            if _generic(v):
                v.country = named[0].country
    return victims


def _generic(actor: Actor) -> bool:
    return (actor.entry or "").startswith("sector-")


def _countries(actors: list[Actor]) -> set[str]:
    out: set[str] = set()
    for a in actors:
        if a.countries:
            return set()  # a joint party: both sides suffered, no one side is implied
        if a.country:
            out.add(a.country)
    return out


def _hostile_victim(tok: Token) -> bool:
    """ "60 intruders were killed", "the enemy's dead": the speaker's enemy suffered."""
    victim = victim_token(tok)
    words = [victim] if victim is not None else []
    if tok.pos_ in ("VERB", "AUX"):
        words.append(_child(tok, "nsubjpass") or _child(tok, "dobj"))
    else:
        words.extend(c for c in tok.children if c.dep_ in ("amod", "compound", "poss"))
    return any(w is not None and (adversary_word(w) or w.lemma_.lower() in HOSTILE_GENERIC) for w in words)


#: words a side uses for the other side's fighters without naming the country
HOSTILE_GENERIC = {"intruder", "infiltrator", "militant", "terrorist", "insurgent", "separatist", "bandit",
                   "mercenary", "saboteur", "attacker", "raider"}


def _source_side(source: Token | None, actors: _Actors) -> Actor | None:
    """The party a named source speaks for ("the Indian army", "X's ministry")."""
    found = actors.in_subtree(source) if source is not None else None
    return found.actor if found is not None and found.actor.country else None


def victim_side(tok: Token, targets: list[Actor], places: list[PlaceMention], parties: set[str],
                speaker: Actor | None) -> tuple[str | None, bool]:
    """(country of the side that suffered, was it the speaker's enemy by word?)."""
    # a named party first ("Veldra lost 40 soldiers"); a generic word the speaker's own organ
    # was taken for ("soldiers") only when nothing else is named
    written = [a for a in targets if not _generic(a)]
    for group in (written, targets):
        named = _countries(group) & parties
        if len(named) == 1:
            return named.pop(), False
    if any(a.countries for a in targets):
        return None, False
    own = speaker.country if speaker is not None and speaker.country in parties else None
    if _hostile_victim(tok):
        return None, True
    if own is not None:
        # a side reports its own losses; the place is no guide where one side holds the other's
        # ground ("our posts in X were shelled" on the far side of the line)
        return own, False
    where = {country_iso3(pm.place.country) for pm in places if pm.place is not None and pm.place.country}
    where &= parties
    return (where.pop() if len(where) == 1 else None), False


def implied_attacker(tok: Token, mode: str | None, targets: list[Actor], places: list[PlaceMention],
                     actors: _Actors, source: Token | None = None, denied: bool = False) -> list[Actor]:
    """The side a loss report implies did it: the other of the two parties
    from the side that suffered (see the module docstring). ``source`` is the
    one the document attributes the report to ("according to the X army"):
    it speaks for its side. A partisan speaker's denial ("not a single
    bomb was dropped on X") denies its own side's deed. Empty when the text
    does not say enough."""
    if mode not in ONE_SIDED_MODES | COERCIVE_MODES or actors.parties is None:
        return []
    parties = actors.parties()
    speaker = _source_side(source, actors) or actors.speaker(tok.idx)
    partisan = speaker is not None and speaker.country and speaker.country not in {p.country for p in parties}
    if len(parties) != 2 or partisan:
        # a third state named often (a mediator, an ally), or a speaker whose own side the text
        # seldom names (a side's forum, where "we" are the side): the speaker's own losses are
        # still its enemy's doing
        enemy = actors.opponent(tok.idx) if actors.opponent is not None else None
        if speaker is None or not speaker.country or enemy is None or not enemy.country:
            return []
        parties = [speaker, enemy]
    codes = {p.country for p in parties if p.country}
    side, enemy_named = victim_side(tok, targets, places, codes, speaker)
    # "not a single bomb was dropped on X": a side denies its own deeds
    enemy_named = enemy_named or denied and speaker is not None and speaker.country in codes
    if enemy_named:
        side = next(iter(codes - {speaker.country}), None) if speaker is not None and speaker.country in codes \
            else None
    if side is None:
        return []
    attacker = next(p for p in parties if p.country != side)
    implied = _copy(attacker)
    implied.text, implied.start, implied.end = attacker.name or attacker.country or attacker.text, None, None
    return [implied]

