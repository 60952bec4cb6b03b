"""Records as the report shows them: a title and labelled fields, all plain
strings, so that the page (Jinja2 tables and the JS side panel alike) only
ever prints text and never builds markup from document content."""

from __future__ import annotations

from dataclasses import fields as dc_fields
from typing import Any
from urllib.parse import urlsplit

from ..model import Actor, Citation, Claim, Event, PlaceMention, Provenance, Quantity, TimeExpr

KIND_LABELS = {
    "events": "Event", "claims": "Claim", "quantities": "Figure",
    "times": "Time", "places": "Place", "citations": "Citation",
}
Fields = list[tuple[str, str]]


def fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def actor_label(actor: Actor) -> str:
    name = actor.name or actor.text
    code = actor.country or "/".join(actor.countries)
    return f"{name} ({code})" if code else name


def actors_label(actors: list[Actor]) -> str:
    return "; ".join(actor_label(a) for a in actors)


def time_label(time: TimeExpr | None) -> str:
    if time is None:
        return ""
    value = time.value or "?"
    span = f" [{time.begin} – {time.end_date}]" if time.begin or time.end_date else ""
    precision = f", {time.precision}" if time.precision else ""
    approx = ", approximate" if time.approximate else ""
    return f"{value}{span} ({time.type}{precision}{approx}) “{time.text}”"


def place_label(mention: PlaceMention) -> str:
    place = mention.place
    if place is None:
        return f"“{mention.text}” (unresolved, {mention.role})"
    has_coords = place.lat is not None and place.lon is not None
    coords = f"{place.lat:.4f}, {place.lon:.4f}" if has_coords else "no coordinates"
    return f"{place.name} [{coords}] ({place.kind}, {place.precision}, {mention.role})"


def quantity_label(q: Quantity) -> str:
    value = fmt(q.value)
    if q.value_max is not None:
        value = f"{value}–{fmt(q.value_max)}"
    parts = [q.qualifier if q.qualifier != "exact" else "", value, q.currency or "", q.unit or ""]
    return " ".join(p for p in parts if p) + f" “{q.text}”"


def prov_fields(prov: Provenance) -> Fields:
    return [("confidence", f"{prov.confidence:.2f}"), ("stage", f"{prov.stage} v{prov.version}")]


def event_fields(ev: Event) -> Fields:
    out: Fields = [
        ("type", ev.type + (f" / {ev.mode}" if ev.mode else "")),
        ("trigger", ev.trigger),
        ("actors", actors_label(ev.actors)),
        ("targets", actors_label(ev.targets)),
        ("time", time_label(ev.time)),
        ("places", "; ".join(place_label(p) for p in ev.places)),
        ("figures", "; ".join(quantity_label(q) for q in ev.quantities)),
        ("stance", ev.stance),
        ("according to", ev.according_to or ""),
        ("context", ", ".join(ev.context)),
    ]
    return out + prov_fields(ev.prov)


def claim_fields(claim: Claim) -> Fields:
    return [
        ("kind", claim.kind),
        ("speaker", claim.speaker or "(the document's own voice)"),
        ("check-worthy", f"{claim.checkworthy:.2f}"),
        ("citations", " ".join(claim.citations)),
    ] + prov_fields(claim.prov)


def quantity_fields(q: Quantity) -> Fields:
    return [
        ("value", quantity_label(q)),
        ("approximate word", q.approximate_word or ""),
        ("flags", ", ".join(q.flags)),
        ("according to", q.according_to or ""),
    ] + prov_fields(q.prov)


def time_fields(t: TimeExpr) -> Fields:
    return [
        ("value", t.value or ""), ("type", t.type), ("precision", t.precision or ""),
        ("interval", f"{t.begin or '?'} – {t.end_date or '?'}" if t.begin or t.end_date else ""),
        ("approximate", "yes" if t.approximate else ""), ("anchor", t.anchor or ""),
        ("ambiguous", "yes" if t.ambiguous else ""),
    ] + prov_fields(t.prov)


def place_fields(p: PlaceMention) -> Fields:
    out: Fields = [("place", place_label(p)), ("role", p.role)]
    if p.place is not None:
        out += [("country", p.place.country or ""), ("admin1", p.place.admin1 or ""),
                ("geonameid", fmt(p.place.geonameid))]
    return out + prov_fields(p.prov)


CITATION_KNOWN = {"marker", "url", "start", "end", "support_start", "support_end", "anchor_text",
                  "note", "kind", "domain", "prov"}


def citation_extra(c: Citation) -> Fields:
    """Fields added to Citation after this module was written (independence ...)."""
    return [(f.name.replace("_", " "), fmt(getattr(c, f.name))) for f in dc_fields(c)
            if f.name not in CITATION_KNOWN and getattr(c, f.name) not in (None, "", [], {})]


def citation_domain(c: Citation) -> str:
    if c.domain:
        return c.domain
    if c.url:
        return urlsplit(c.url).hostname or ""
    return ""


def citation_fields(c: Citation, text: str) -> Fields:
    return [
        ("marker", c.marker or ""), ("url", c.url or "(none)"), ("domain", citation_domain(c)),
        ("kind", c.kind), ("anchor text", c.anchor_text or ""), ("note", c.note or ""),
        ("supports", text[c.support_start:c.support_end]),
    ] + citation_extra(c) + prov_fields(c.prov)


def record_fields(kind: str, record: Any, text: str) -> Fields:
    """Labelled fields of a record; empty values are left out."""
    makers = {
        "events": event_fields, "claims": claim_fields, "quantities": quantity_fields,
        "times": time_fields, "places": place_fields,
    }
    out = citation_fields(record, text) if kind == "citations" else makers[kind](record)
    return [(k, v) for k, v in out if v]


def record_title(kind: str, record: Any) -> str:
    label = KIND_LABELS.get(kind, kind)
    if kind == "events":
        return f"{label}: {record.type}"
    if kind == "claims":
        return f"{label} ({record.kind})"
    return label


def is_http_url(url: str | None) -> bool:
    """Only http(s) URLs become links: a document's ``javascript:`` stays text."""
    return bool(url) and urlsplit(url).scheme.lower() in ("http", "https")
