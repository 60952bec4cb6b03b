"""Events: who did what to whom, when, where, as the document tells it.

Sentence-level detection with the PLOVER trigger lexicon
(``parallax/data/event_lexicon.yaml``: verbs, nouns and phrases per type and
mode), then arguments from the dependency parse, stance, the source the
document attributes the event to, time, places and figures. Detection and
typing live in ``event_types``, arguments in ``event_args``, stance and
source in ``stance``; this module puts an event together and merges repeated
mentions.

Choices (documented because the gold conventions leave room):
- time: the datable TimeExpr (a date, month, year or interval; durations and
  vague references are skipped) in the trigger's sentence nearest to the
  trigger, else the nearest preceding one in the same block, else the last
  one of an earlier paragraph of the same section (no heading in between:
  narrative time carries over), else None. No fallback to the publication
  date: an undated happening stays undated.
- within-document coreference: events of the same type, stance and source
  whose actors name the same countries and whose times overlap (or are both
  missing) are merged; the other evidence spans go to ``Event.context`` as
  ``"also:<start>-<end>"`` (no model change).
- stance: negation of the trigger -> denied; "claims", "reportedly",
  "apparently", "allegedly", unverified, attributed aims/intentions -> alleged;
  an "if" clause or a modal (would, could, should, must) -> hypothetical;
  "will", "plans to", "prepares to", "strives to" -> planned.
"""

from __future__ import annotations

import re
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
from .event_args import (
    _Actors,
    _child,
    _copy,
    _dedupe,
    _governor,
    _modifier_actors,
    _resolve,
    noun_args,
    verb_args,
)
from .event_types import Trigger, find_triggers, load_lexicon
from .stance import quote_source, source_of, stance_of

__all__ = ["extract_events", "load_lexicon", "merge_events", "same_happening"]

STAGE = "events"

VERSION = "1"

PLACE_PREPS = {"in", "at", "near", "along", "on", "around", "outside", "inside", "from", "into", "across",
               "toward", "towards", "direction"}

AID_MODIFIERS = {"material", "military", "financial", "economic", "humanitarian", "logistical"}

def time_for(offset: int, sent: Sentence, analysis: Analysis) -> TimeExpr | None:
    times = [t for t in analysis.times if t.begin or re.match(r"^\d{4}", t.value or "")]
    inside = [t for t in times if sent.start <= t.start < sent.end]
    if inside:
        return min(inside, key=lambda t: abs(t.start - offset))
    if sent.block is None:
        return None
    block = analysis.document.blocks[sent.block] if sent.block < len(analysis.document.blocks) else None
    lo = block.start if block is not None else sent.start
    before = [t for t in times if lo <= t.start < sent.start]
    if before:
        return before[-1]
    # narrative time: the last date of an earlier paragraph of the same section
    earlier = [t for t in times if t.start < lo]
    heads = [b for b in analysis.document.blocks if b.kind == BlockKind.HEADING]
    if earlier and not any(earlier[-1].start < b.start < sent.start for b in heads):
        return earlier[-1]
    return None

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

def _clause(tok: Token, last: Token) -> tuple[int, int]:
    gov = _governor(tok) if tok.pos_ != "VERB" else tok
    toks = list(gov.subtree) if gov != tok else list(tok.subtree)
    toks = [t for t in toks if not (t.dep_ in ("ccomp", "advcl") and t != gov)] or [tok]
    start = min(min(t.idx for t in toks), tok.idx)
    end = max(max(t.idx + len(t) for t in toks), last.idx + len(last))
    return start, end

def _event(tok: Token, last: Token, trig: Trigger, sent: Sentence, span: Span, analysis: Analysis,
           doc: Doc, actors: _Actors) -> list[Event]:
    block = analysis.document.blocks[sent.block] if sent.block is not None and \
        sent.block < len(analysis.document.blocks) else None
    floor = block.start if block is not None else max(0, sent.start - 2000)
    joint: list[Token] = []
    if tok.pos_ == "VERB":
        a_tok, t_tok = verb_args(tok)
    else:
        a_tok, t_tok, joint = noun_args(tok, actors)
        if not joint and len(_modifier_actors(tok, actors)) > 1:  # "Veldra-Ostmark fighting"
            joint = [tok]
    actor_list = _dedupe([a for j in joint for a in _resolve(j, actors, floor)]) if joint \
        else _resolve(a_tok, actors, floor)
    targets = _resolve(t_tok, actors, floor)
    if trig.weak and not actor_list and not targets:
        return []
    time = time_for(tok.idx, sent, analysis)
    if tok.pos_ != "VERB" and not actor_list and not targets and not _anchored(time, sent):
        return []  # a bare noun ("the agreements", "negotiations") is a reference, not a report
    if actor_list and targets and {a.country for a in actor_list} == {t.country for t in targets} \
            and not joint and targets[0].start == actor_list[0].start:
        targets = []
    stance = stance_of(tok, span)
    according_to, claim = source_of(tok, span, actors)
    if according_to is None:
        according_to = quote_source(tok.idx, analysis, actors)
    if claim is not None and stance == Stance.ASSERTED.value:
        stance = Stance.ALLEGED.value
    start, end = _clause(tok, last)
    depth = sum(1 for _ in _governor(tok).ancestors) if tok.pos_ != "VERB" else sum(1 for _ in tok.ancestors)
    conf = 0.5 + 0.25 * bool(actor_list) + 0.1 * bool(targets) - 0.15 * trig.weak - 0.03 * min(depth, 4)
    types = [(trig.type, trig.mode)]
    if trig.type in ("SUPPORT", "AID") and tok.lemma_.lower() == "support":
        # "diplomatic and material support": verbal support and material aid
        mods = {c.lower_ for c in tok.children if c.dep_ == "amod"}
        mods |= {cc.lower_ for c in tok.children if c.dep_ == "amod" for cc in c.conjuncts}
        if mods & AID_MODIFIERS:
            types = [("AID", "material")] + ([("SUPPORT", "diplomatic")] if mods - AID_MODIFIERS else [])
    used = [*actor_list, *targets]
    out = []
    if claim is not None and trig.type in HOSTILE and actor_list:
        out.extend(_accusation(claim, actor_list, sent, span, analysis, doc, actors, floor, time))
    for etype, mode in types:
        out.append(Event(
            type=etype, start=start, end=end, sentence_start=sent.start, sentence_end=sent.end,
            trigger=doc.text[tok.idx:last.idx + len(last)] if last.i >= tok.i else tok.text, mode=mode,
            actors=[_copy(a) for a in actor_list], targets=[_copy(t) for t in targets],
            time=time, places=places_for(sent, analysis, doc, used),
            stance=stance, according_to=according_to,
            quantities=[q for q in analysis.quantities if sent.start <= q.start < sent.end],
            prov=Provenance(STAGE, VERSION, round(min(conf, 0.95), 2))))
    return out

HOSTILE = {"ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE", "REJECT"}

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

def extract_events(analysis: Analysis, doc: Doc, resources: Any) -> list[Event]:
    """Events of one document, one per happening (see the module docstring)."""
    lex = load_lexicon()
    mentions = analysis.actors
    if not mentions and resources is not None and getattr(resources, "actors", None) is not None:
        mentions = resources.actors.find(doc)
    actors = _Actors(mentions)
    listed = listed_reports(analysis)
    events: list[Event] = []
    for sent in analysis.sentences:
        if _skip_block(analysis, sent, listed):
            continue
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if span is None:
            continue
        for tok, last, trig in find_triggers(span, lex):
            found = _event(tok, last, trig, sent, span, analysis, doc, actors)
            if sent.block in listed:
                outlet, date = listed[sent.block]
                for ev in found:
                    ev.according_to = ev.according_to or outlet
                    ev.time = date
            events.extend(found)
    return merge_events(events)

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

def same_happening(a: Event, b: Event) -> bool:
    ca = _countries(a.actors)
    return (a.type == b.type and a.mode == b.mode and a.stance == b.stance and a.according_to == b.according_to
            and bool(ca) and ca == _countries(b.actors) and _compatible(a.targets, b.targets)
            and _times_overlap(a.time, b.time))

def _compatible(a: list[Actor], b: list[Actor]) -> bool:
    ca, cb = _countries(a), _countries(b)
    return not ca or not cb or ca == cb

def same_sentence_twin(a: Event, b: Event) -> bool:
    """Two triggers of one type in one sentence ("the war ... were killed")
    tell one happening unless their actors or times differ."""
    return (a.type == b.type and a.sentence_start == b.sentence_start and a.stance == b.stance
            and _compatible(a.actors, b.actors) and _compatible(a.targets, b.targets)
            and (a.time is None or b.time is None or _times_overlap(a.time, b.time)))

def merge_events(events: list[Event]) -> list[Event]:
    """Merge mentions of one happening; keep the best-argued mention as the
    event and the others' evidence spans as ``also:<start>-<end>``."""
    out: list[Event] = []
    for ev in events:
        twin = next((o for o in out if same_happening(o, ev) or same_sentence_twin(o, ev)), None)
        if twin is None:
            out.append(ev)
            continue
        keep, other = (ev, twin) if ev.prov.confidence > twin.prov.confidence else (twin, ev)
        keep.actors = keep.actors or other.actors
        keep.targets = keep.targets or other.targets
        keep.time = keep.time or other.time
        keep.context = [*keep.context, *other.context, f"also:{other.start}-{other.end}"]
        out[out.index(twin)] = keep
    return out
