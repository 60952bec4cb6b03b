"""Scoring events: the gold event matching rule of gold/FORMAT.md and the
PLOVER gold-standard records (PLOVER_GSR_CAMEO.txt).

Gold matching (FORMAT.md): a predicted event matches a gold event when the
types are equal, the actors agree (countries, or names for non-state actors;
a gold actor marked ``implied: true`` is scored like any other: an empty
predicted actor does not match it; a joint gold actor with ``countries:``
matches when the predicted actors have those countries), the times overlap or are both missing, and the predicted
event's sentence overlaps the gold ``quote``. Matching is one-to-one, greedy
by the predicted event's confidence (ties: document order).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Actor, Document, Event, Sentence, TimeExpr, countries_of
from .metrics import locate, prf

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
_STOP = {"the", "of", "and", "a", "an", "in", "on", "to", "its", "their", "side"}


# ---------------------------------------------------------------------------
# actors and times
# ---------------------------------------------------------------------------


def _words(text: str | None) -> set[str]:
    """The name's content words, plus its initials ("Organisation of African
    Unity" also as "oau"), so that a name and its acronym agree."""
    words = [w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in _STOP]
    out = set(words)
    if len(words) >= 3:
        out.add("".join(w[0] for w in words))
    return out


def actor_agrees(gold: dict[str, Any] | None, pred: list[Actor]) -> bool:
    """FORMAT.md's actor rule, for the actor or the target slot."""
    gold = gold or {}
    joint = [c for c in gold.get("countries") or [] if c]
    have = countries_of(pred)
    if joint:
        return set(joint) <= have
    if gold.get("country"):
        return gold["country"] in have
    if gold.get("name"):
        names = set().union(*(_words(a.text) | _words(a.name) for a in pred)) if pred else set()
        return bool(_words(gold["name"]) & names)
    return not have  # the gold names nobody: a predicted actor without a country is fine


def _pad(value: str, upper: bool) -> str:
    value = value[:10]
    parts = value.split("-")
    while len(parts) < 3:
        parts.append("99" if upper else "00")
    return "-".join(parts)


def gold_interval(when: Any) -> tuple[str, str] | None:
    if when in (None, ""):
        return None
    text = str(when)
    begin, _, end = text.partition("/")
    end = end or begin
    return _pad(begin, False), _pad(end, True)


def pred_interval(time: TimeExpr | None) -> tuple[str, str] | None:
    if time is None:
        return None
    begin = time.begin
    end = time.end_date
    if not begin and time.value and re.match(r"^\d{4}", time.value):
        begin, _, end2 = time.value.partition("/")
        end = end or end2 or begin
    if not begin:
        return None
    return _pad(begin, False), _pad(end or begin, True)


def times_agree(when: Any, time: TimeExpr | None) -> bool:
    g, p = gold_interval(when), pred_interval(time)
    if g is None or p is None:
        return g is None and p is None
    return g[0] <= p[1] and p[0] <= g[1]


# ---------------------------------------------------------------------------
# matching
# ---------------------------------------------------------------------------


@dataclass
class GoldEventMatch:
    """One-to-one pairs (predicted index, gold index) and, per field, one
    hit (1.0/0.0) per matched pair."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    field_hits: dict[str, list[float]] = field(default_factory=dict)


def _quote_span(text: str, quote: Any) -> tuple[int, int] | None:
    return locate(text, str(quote)) if quote else None


def event_matches(pred: Event, gold: dict[str, Any], quote_span: tuple[int, int] | None) -> bool:
    if str(gold.get("type", "")).upper() != pred.type:
        return False
    if quote_span is None or not (pred.sentence_start < quote_span[1] and quote_span[0] < pred.sentence_end):
        return False
    return actor_agrees(gold.get("actor"), pred.actors) and times_agree(gold.get("when"), pred.time)


def _names_overlap(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return not a and not b
    a, b = a.lower(), b.lower()
    return a in b or b in a or bool(_words(a) & _words(b))


def _place_hit(gold: dict[str, Any], pred: Event) -> bool:
    where = [str(w).lower() for w in gold.get("where") or []]
    texts = [p.text.lower() for p in pred.places]
    if not where:
        return not texts
    return any(w in t or t in w for w in where for t in texts)


def field_hits(pred: Event, gold: dict[str, Any]) -> dict[str, bool]:
    return {
        "target": actor_agrees(gold.get("target"), pred.targets),
        "place": _place_hit(gold, pred),
        "stance": str(gold.get("stance") or "asserted") == pred.stance,
        "according_to": _names_overlap(gold.get("according_to"), pred.according_to),
    }


def match_gold_events(pred: list[Event], gold_events: list[dict[str, Any]], text: str,
                      sentences: list[Sentence] | None = None) -> GoldEventMatch:
    """Greedy one-to-one matching by confidence (FORMAT.md's rule)."""
    spans = [_quote_span(text, g.get("quote")) for g in gold_events]
    order = sorted(range(len(pred)), key=lambda i: (-pred[i].prov.confidence, pred[i].start))
    taken: set[int] = set()
    out = GoldEventMatch(field_hits={k: [] for k in ("target", "place", "stance", "according_to")})
    for i in order:
        for j, gold in enumerate(gold_events):
            if j in taken or not event_matches(pred[i], gold, spans[j]):
                continue
            taken.add(j)
            out.pairs.append((i, j))
            for key, hit in field_hits(pred[i], gold).items():
                out.field_hits[key].append(1.0 if hit else 0.0)
            break
    return out


def score_gold_events(pred: list[Event], gold_events: list[dict[str, Any]], text: str,
                      sentences: list[Sentence] | None = None) -> dict[str, Any]:
    """Precision/recall/F1 and field accuracies over matched pairs."""
    match = match_gold_events(pred, gold_events, text, sentences)
    out: dict[str, Any] = {**prf(len(match.pairs), len(pred), len(gold_events)),
                           "gold": len(gold_events), "predicted": len(pred)}
    out["field_accuracy"] = {k: round(sum(v) / len(v), 4) if v else 0.0 for k, v in match.field_hits.items()}
    return out


# ---------------------------------------------------------------------------
# PLOVER gold-standard records
# ---------------------------------------------------------------------------


def read_plover(path: str | Path) -> list[dict[str, Any]]:
    """The coded records (the DOCUMENT record dropped, old labels mapped)."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for rec in records:
        label = OLD_LABELS.get(rec.get("event", ""), rec.get("event", ""))
        if label == "DOCUMENT" or not rec.get("text"):
            continue
        out.append({**rec, "event": label})
    return out


def _codes(raw: Any) -> set[str]:
    if not raw:
        return set()
    items = raw if isinstance(raw, list) else [raw]
    out = set()
    for item in items:
        code = item.get("code") if isinstance(item, dict) else str(item)
        if code:
            out.add(str(code)[:3].upper())
    return out


def top_event(events: list[Event]) -> Event | None:
    """The sentence's main event: the most confident, then the first."""
    if not events:
        return None
    return min(events, key=lambda e: (-e.prov.confidence, e.start))


#: CAMEO codes non-state international actors by their kind, not a country
SECTOR_CODES = {"igo": "IGO", "ngo": "NGO"}


def _cameo_codes(actors: list[Actor]) -> set[str]:
    """The countries of predicted actors, plus the CAMEO code of an
    international organisation (IGO) or NGO that has no country."""
    out = countries_of(actors)
    for a in actors:
        if not a.country and not a.countries and (a.sector or "").lower() in SECTOR_CODES:
            out.add(SECTOR_CODES[(a.sector or "").lower()])
    return out


def eval_plover(path: str | Path, resources: Any = None) -> dict[str, Any]:
    """Type accuracy of the sentence's main event, and actor / recipient
    accuracy (the gold codes' countries are among the predicted actors'),
    over the PLOVER gold-standard records."""
    from .. import nlp
    from ..extract.actors import extract_actors
    from ..extract.events import extract_events
    from ..resources import Resources

    resources = resources or Resources()
    records = read_plover(path)
    n = typed = found = actor_ok = target_ok = with_target = 0
    confusion: dict[str, dict[str, int]] = {}
    for rec in records:
        analysis, doc = nlp.annotate(Document(text=rec["text"]))
        analysis.actors = extract_actors(analysis, doc, resources)
        events = extract_events(analysis, doc, resources)
        ev = top_event(events)
        n += 1
        gold = rec["event"]
        pred = ev.type if ev else "NONE"
        confusion.setdefault(gold, {}).setdefault(pred, 0)
        confusion[gold][pred] += 1
        if ev is None:
            continue
        found += 1
        typed += pred == gold
        src = _codes(rec.get("source"))
        actor_ok += bool(src) and src <= _cameo_codes(ev.actors)
        tgt = _codes(rec.get("target"))
        if tgt:
            with_target += 1
            target_ok += tgt <= _cameo_codes(ev.targets)
    return {"records": n, "with_event": found, "type_accuracy": round(typed / n, 4) if n else 0.0,
            "actor_accuracy": round(actor_ok / n, 4) if n else 0.0,
            "recipient_accuracy": round(target_ok / with_target, 4) if with_target else 0.0,
            "confusion": confusion}
