"""The field's exchange formats: ACLED-style CSV, PLOVER JSONL, GeoJSON,
schema.org ClaimReview.

Each export works from :class:`ExportItem` (a record, its document, its
stored id and the analysts' corrections of it) and says, per value, whether
it was extracted or corrected: analysts' corrections are applied on the way
out, never written over the machine's record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

import yaml

from ..model import Claim, Document, Event, to_dict
from ..resources import DATA_DIR

# ACLED's geo_precision from a place's precision; fallback-* are names no
# gazetteer knows, placed at the district / region / country the text gives.
GEO_PRECISION = {"point": 1, "fallback-district": 2, "district": 2, "region": 3,
                 "fallback-region": 3, "country": 3, "fallback-country": 3}
TIME_PRECISION = {"day": 1, "minute": 1, "week": 2, "month": 3, "season": 3, "quarter": 3,
                  "year": 3, "decade": 3, "century": 3}
CASUALTY_WORDS = ("kill", "dead", "death", "fatalit", "martyr")


@dataclass
class ExportItem:
    document: Document
    record: Any  # Event | Claim
    record_id: int | None = None
    corrections: list[dict[str, Any]] = field(default_factory=list)

    def status(self) -> str:
        actions = [c.get("action") for c in self.corrections]
        if "reject" in actions:
            return "rejected"
        if "edit" in actions:
            return "corrected"
        if "confirm" in actions:
            return "confirmed"
        return "extracted"

    def corrected_fields(self) -> dict[str, Any]:
        """The latest analyst value of each edited field."""
        values: dict[str, Any] = {}
        for c in sorted(self.corrections, key=lambda c: str(c.get("created_at", ""))):
            if c.get("action") == "edit" and c.get("field"):
                values[str(c["field"])] = c.get("new_value")
        return values


@lru_cache(maxsize=1)
def _acled_rules() -> list[dict[str, Any]]:
    data = yaml.safe_load((DATA_DIR / "acled_mapping.yaml").read_text(encoding="utf-8"))
    return list(data["rules"])


def acled_type(event: Event) -> tuple[str, str]:
    mode = (event.mode or "").lower()
    civilian = any((a.sector or "") == "civilian" for a in event.targets)
    for rule in _acled_rules():
        if "type" in rule and rule["type"] != event.type:
            continue
        if rule.get("civilian_target") and not civilian:
            continue
        if "modes" in rule and not any(word in mode for word in rule["modes"]):
            continue
        return rule["event_type"], rule["sub_event_type"]
    return "Strategic developments", "Other"


def _actor_label(actors) -> str:
    return "; ".join(filter(None, (a.name or a.text for a in actors)))


def _fatalities(event: Event) -> int | None:
    values = [q.value for q in event.quantities
              if q.value is not None and q.unit and any(w in q.unit.lower() for w in CASUALTY_WORDS)]
    return int(sum(values)) if values else None


def _location(event: Event):
    located = [p for p in event.places if p.place is not None and p.place.lat is not None]
    located.sort(key=lambda p: p.role != "event_location")
    return located[0] if located else None


def acled_row(item: ExportItem) -> dict[str, Any] | None:
    """One ACLED-style row; None for an event an analyst rejected."""
    if item.status() == "rejected":
        return None
    ev: Event = item.record
    doc = item.document
    event_type, sub_type = acled_type(ev)
    loc = _location(ev)
    place = loc.place if loc else None
    row = {
        "event_id": item.record_id,
        "event_date": (ev.time.begin or ev.time.value) if ev.time else None,
        "time_precision": TIME_PRECISION.get(ev.time.precision or "", 3) if ev.time else None,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "plover_type": ev.type,
        "actor1": _actor_label(ev.actors),
        "actor2": _actor_label(ev.targets),
        "civilian_targeting": "Civilian targeting" if any(a.sector == "civilian" for a in ev.targets) else "",
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "location": place.name if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": GEO_PRECISION.get(place.precision, 3) if place else None,
        "source": doc.meta.publisher,
        "source_side": doc.meta.side,
        "stance": ev.stance,
        "according_to": ev.according_to,
        "notes": " ".join(doc.text[ev.sentence_start:ev.sentence_end].split()),
        "fatalities": _fatalities(ev),
    }
    corrected = {k: v for k, v in item.corrected_fields().items() if k in row}
    row.update(corrected)
    row["review_status"] = item.status()
    row["corrected_fields"] = ",".join(sorted(corrected))
    return row


def plover_record(item: ExportItem) -> dict[str, Any] | None:
    """One event in the PLOVER manual's fields."""
    if item.status() == "rejected":
        return None
    ev: Event = item.record
    doc = item.document
    loc = _location(ev)

    def actors(lst):
        return [{"name": a.name or a.text, "text": a.text, "code": a.country, "sector": a.sector,
                 "countries": a.countries} for a in lst]

    record = {
        "id": f"{doc.content_hash[:12]}-{item.record_id if item.record_id is not None else ev.start}",
        "date": (ev.time.value if ev.time else None),
        "date_interval": [ev.time.begin, ev.time.end_date] if ev.time else None,
        "date_precision": ev.time.precision if ev.time else None,
        "actor": actors(ev.actors),
        "recipient": actors(ev.targets),
        "event": ev.type,
        "mode": ev.mode,
        "context": ev.context,
        "stance": ev.stance,
        "according_to": ev.according_to,
        "event_loc": None if loc is None else {
            "name": loc.place.name, "text": loc.text, "lat": loc.place.lat, "lon": loc.place.lon,
            "geonameid": loc.place.geonameid, "kind": loc.place.kind, "precision": loc.place.precision},
        "event_text": doc.text[ev.start:ev.end],
        "text_info": {"document": doc.content_hash, "path": doc.path, "start": ev.start, "end": ev.end,
                      "sentence_start": ev.sentence_start, "sentence_end": ev.sentence_end,
                      "sentence": doc.text[ev.sentence_start:ev.sentence_end]},
        "cite_info": {"publisher": doc.meta.publisher, "published": doc.meta.published,
                      "side": doc.meta.side, "title": doc.meta.title},
        "provenance": to_dict(ev.prov),
    }
    corrected = item.corrected_fields()
    record.update({k: v for k, v in corrected.items() if k in record})
    record["review_status"] = item.status()
    record["corrected_fields"] = sorted(k for k in corrected if k in record)
    return record


def geojson(items: Iterable[ExportItem]) -> dict[str, Any]:
    """Located events as a GeoJSON FeatureCollection (one point per event)."""
    features = []
    for item in items:
        row = acled_row(item)
        if row is None or row["latitude"] is None:
            continue
        props = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def claim_review(item: ExportItem) -> dict[str, Any] | None:
    """schema.org ClaimReview; the rating only when an analyst gave one
    (a correction with field ``rating``), never from the machine."""
    if item.status() == "rejected":
        return None
    claim: Claim = item.record
    doc = item.document
    corrected = item.corrected_fields()
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": corrected.get("text", claim.text),
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization" if not claim.speaker else "Person",
                       "name": claim.speaker or doc.meta.publisher},
            "datePublished": doc.meta.published,
            "appearance": [{"@type": "CreativeWork", "name": doc.meta.title,
                            "url": doc.path}] + [{"@type": "CreativeWork", "url": u} for u in claim.citations],
        },
    }
    if "rating" in corrected:
        review["reviewRating"] = {"@type": "Rating", "alternateName": str(corrected["rating"])}
    return review


def write_jsonl(records: Iterable[dict[str, Any] | None], path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for record in records:
            if record is None:
                continue
            fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            n += 1
    return n


def export_items(store: Any, kind: str) -> list[ExportItem]:
    """Every stored record of ``kind`` (events or claims) with its document,
    stored id and the analysts' corrections, for the exports above."""
    ids: dict[tuple[int, int], int] = {(r["document_id"], r["idx"]): r["id"] for r in store.iter_records(kind)}
    corrections: dict[int, list[dict[str, Any]]] = {}
    for c in store.iter_records("corrections"):
        if c["record_kind"] == kind:
            corrections.setdefault(c["record_id"], []).append(c)
    items = []
    for doc in store.documents():
        analysis = store.load_analysis(str(doc["id"]))
        for idx, record in enumerate(getattr(analysis, kind)):
            record_id = ids.get((doc["id"], idx))
            items.append(ExportItem(analysis.document, record, record_id, corrections.get(record_id, [])))
    return items
