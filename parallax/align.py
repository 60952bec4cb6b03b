"""Across documents: which events tell of the same happening, and how the
accounts relate (SAME, CONTRADICT on what, COMPLEMENT).

First version: candidate pairs are blocked on compatible types, overlapping
time and shared actor countries (either direction: A attacked B and B
attacked A is one clash told twice); pairs are scored on those plus word
overlap of the evidence, and each event keeps its best counterpart. The
compare issue deepens this (embeddings, an ANN index, claim-level links).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .model import Analysis, CrossLink, Event, Provenance, RecordRef

ALIGN_VERSION = "0.1"
VIOLENT = {"ASSAULT", "COERCE"}
VERBAL_CONFLICT = {"ACCUSE", "THREATEN", "REJECT", "PROTEST"}
CASUALTY_WORDS = ("kill", "dead", "death", "wound", "injur", "casualt", "martyr", "victim")
_WORD = re.compile(r"[a-z]{4,}")


def parse_iso(value: str | None, end: bool = False) -> date | None:
    """An ISO date, month or year as the first (or last) day it covers."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        if len(parts) > 2:
            return date(year, month, int(parts[2][:2]))
        if not end:
            return date(year, month, 1)
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    except (ValueError, IndexError):
        return None


def event_interval(event: Event) -> tuple[date, date] | None:
    time = event.time
    if time is None:
        return None
    begin = parse_iso(time.begin) or parse_iso(time.value.split("/")[0] if time.value else None)
    end = parse_iso(time.end_date, end=True) or parse_iso(
        time.value.split("/")[-1] if time.value else None, end=True)
    if begin is None or end is None:
        return None
    return begin, end


def _countries(actors) -> set[str]:
    out: set[str] = set()
    for actor in actors:
        if actor.country:
            out.add(actor.country)
        out.update(actor.countries)
    return out


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


@dataclass
class _Side:
    analysis: Analysis
    index: int
    event: Event

    @property
    def doc(self) -> str:
        return self.analysis.document.content_hash

    @property
    def side(self) -> str | None:
        return self.analysis.document.meta.side

    def evidence(self) -> str:
        text = self.analysis.document.text
        return text[self.event.sentence_start:self.event.sentence_end]


def _types_compatible(a: str, b: str) -> bool:
    return a == b or (a in VIOLENT and b in VIOLENT)


def _time_score(a: Event, b: Event) -> float | None:
    """1 for overlapping intervals, 0.5 when one is undated, None when they
    are dated apart (a blocking rule: such events are never linked)."""
    ia, ib = event_interval(a), event_interval(b)
    if ia is None or ib is None:
        return 0.3 if ia is None and ib is None else 0.5
    if ia[0] <= ib[1] and ib[0] <= ia[1]:
        return 1.0
    return None


def pair_score(x: _Side, y: _Side) -> float | None:
    a, b = x.event, y.event
    if not _types_compatible(a.type, b.type):
        return None
    time = _time_score(a, b)
    if time is None:
        return None
    parties_a = _countries(a.actors) | _countries(a.targets)
    parties_b = _countries(b.actors) | _countries(b.targets)
    if parties_a and parties_b and not parties_a & parties_b:
        return None
    party = len(parties_a & parties_b) / max(len(parties_a | parties_b), 1)
    wa, wb = _words(x.evidence()), _words(y.evidence())
    lexical = len(wa & wb) / max(len(wa | wb), 1)
    places_a = {p.place.name for p in a.places if p.place}
    places_b = {p.place.name for p in b.places if p.place}
    place = 1.0 if places_a & places_b else 0.0
    return 0.35 * time + 0.3 * party + 0.2 * lexical + 0.15 * place


def label(x: _Side, y: _Side) -> tuple[str, str | None, str]:
    """Relation, what differs, and the reason in words."""
    a, b = x.event, y.event
    actors_a, actors_b = _countries(a.actors), _countries(b.actors)
    if (a.stance == "denied") != (b.stance == "denied"):
        return "CONTRADICT", "existence", "one account asserts the happening, the other denies it"
    if actors_a and actors_b and not actors_a & actors_b and (actors_a & _countries(b.targets)):
        return ("CONTRADICT", "initiator",
                f"each names a different initiator: {'/'.join(sorted(actors_a))} vs {'/'.join(sorted(actors_b))}")
    fig_a = {q.value for q in a.quantities if q.value is not None and _is_casualty(q.unit)}
    fig_b = {q.value for q in b.quantities if q.value is not None and _is_casualty(q.unit)}
    if fig_a and fig_b and not fig_a & fig_b:
        return "CONTRADICT", "casualties", f"casualty figures differ: {sorted(fig_a)} vs {sorted(fig_b)}"
    if bool(a.places) != bool(b.places) or bool(a.quantities) != bool(b.quantities):
        return "COMPLEMENT", "detail", "one account gives details (place or figures) the other lacks"
    return "SAME", None, "the accounts agree on type, parties and time"


def _is_casualty(unit: str | None) -> bool:
    return bool(unit) and any(w in unit.lower() for w in CASUALTY_WORDS)


def align(analyses: list[Analysis], threshold: float = 0.55) -> list[CrossLink]:
    """Link each event to its best counterpart in documents of other sides."""
    sides = [_Side(an, i, ev) for an in analyses for i, ev in enumerate(an.events)]
    best: dict[tuple[str, int, str], tuple[float, _Side, _Side]] = {}
    for i, x in enumerate(sides):
        for y in sides[i + 1:]:
            if x.doc == y.doc or (x.side and y.side and x.side == y.side):
                continue
            score = pair_score(x, y)
            if score is None or score < threshold:
                continue
            for key in ((x.doc, x.index, y.doc), (y.doc, y.index, x.doc)):
                if key not in best or best[key][0] < score:
                    best[key] = (score, x, y)
    links: dict[tuple, CrossLink] = {}
    for score, x, y in best.values():
        key = (x.doc, x.index, y.doc, y.index)
        if key in links:
            continue
        relation, on, reason = label(x, y)
        links[key] = CrossLink(RecordRef(x.doc, "events", x.index), RecordRef(y.doc, "events", y.index),
                               relation, on, reason, Provenance("align", ALIGN_VERSION, round(score, 3)))
    return list(links.values())
