"""The comparison view of a set of analysed documents: linked accounts of
the same happening, what only one side mentions, and one neutral merged
timeline (each happening once, each side's version beside it)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .align import align, event_interval
from .model import Analysis, CrossLink, Event, RecordRef


@dataclass
class Version:
    """One document's account of a happening."""

    document: str  # content hash
    side: str | None
    publisher: str | None
    index: int
    event: Event
    evidence: str


@dataclass
class Happening:
    """One happening on the merged timeline with every side's version."""

    versions: list[Version]
    links: list[CrossLink] = field(default_factory=list)

    @property
    def sides(self) -> list[str]:
        return sorted({v.side or "unknown" for v in self.versions})

    @property
    def one_sided(self) -> bool:
        return len(self.sides) == 1

    @property
    def interval(self) -> tuple[str, str] | None:
        spans = [event_interval(v.event) for v in self.versions]
        spans = [s for s in spans if s]
        if not spans:
            return None
        return min(s[0] for s in spans).isoformat(), max(s[1] for s in spans).isoformat()


@dataclass
class Comparison:
    analyses: list[Analysis]
    links: list[CrossLink]
    happenings: list[Happening]

    def contradictions(self) -> list[CrossLink]:
        return [l for l in self.links if l.relation == "CONTRADICT"]

    def summary(self) -> dict[str, Any]:
        """Counts for a reader: links by relation and by what differs or adds
        (``on``; "-" when nothing is named), by record kind, and the
        happenings only one side tells."""
        by_relation: dict[str, int] = {}
        by_on: dict[str, dict[str, int]] = {}
        by_kind: dict[str, int] = {}
        for link in self.links:
            by_relation[link.relation] = by_relation.get(link.relation, 0) + 1
            ons = by_on.setdefault(link.relation, {})
            ons[link.on or "-"] = ons.get(link.on or "-", 0) + 1
            by_kind[link.a.kind] = by_kind.get(link.a.kind, 0) + 1
        return {"links": len(self.links), "by_relation": by_relation,
                "by_on": {r: dict(sorted(o.items())) for r, o in sorted(by_on.items())},
                "by_kind": by_kind, "happenings": len(self.happenings),
                "one_sided": sum(1 for h in self.happenings if h.one_sided)}


def _version(analysis: Analysis, index: int) -> Version:
    ev = analysis.events[index]
    doc = analysis.document
    return Version(doc.content_hash, doc.meta.side, doc.meta.publisher, index, ev,
                   " ".join(doc.text[ev.sentence_start:ev.sentence_end].split()))


def _record_span(analysis: Analysis, ref: RecordRef) -> tuple[int, int] | None:
    records = getattr(analysis, ref.kind, None)
    if records is None or not 0 <= ref.index < len(records):
        return None
    rec = records[ref.index]
    return rec.start, rec.end


def _sentence_text(analysis: Analysis, span: tuple[int, int]) -> str:
    sent = analysis.sentence_at(span[0])
    start, end = (sent.start, sent.end) if sent else span
    return " ".join(analysis.document.text[start:end].split())


def _home_event(analysis: Analysis, ref: RecordRef) -> int | None:
    """The event a record belongs to: itself for an event, else the first
    event whose sentence holds the figure or claim."""
    if ref.kind == "events":
        return ref.index
    span = _record_span(analysis, ref)
    if span is None:
        return None
    for i, ev in enumerate(analysis.events):
        if ev.sentence_start < span[1] and span[0] < ev.sentence_end:
            return i
    return None


def compare(analyses: list[Analysis], links: list[CrossLink] | None = None) -> Comparison:
    """Group linked events into happenings (connected components of the
    link graph); every unlinked event is a happening of its own. Figure and
    claim links join the happening of the event in their sentence."""
    links = align(analyses) if links is None else links
    by_hash = {a.document.content_hash: a for a in analyses}
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    homes: list[tuple[tuple[str, int] | None, tuple[str, int] | None]] = []
    for link in links:
        ends = []
        for ref in (link.a, link.b):
            analysis = by_hash.get(ref.document)
            home = _home_event(analysis, ref) if analysis else None
            ends.append(None if home is None else (ref.document, home))
        homes.append((ends[0], ends[1]))
        if link.a.kind == "events" and link.b.kind == "events" and None not in ends:
            parent[find(ends[0])] = find(ends[1])
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for analysis in analyses:
        for i in range(len(analysis.events)):
            key = (analysis.document.content_hash, i)
            groups.setdefault(find(key), []).append(key)
    happenings = []
    for root, members in groups.items():
        versions = [_version(by_hash[d], i) for d, i in members]
        own = [link for link, (ha, hb) in zip(links, homes)
               if (ha is not None and find(ha) == root) or (hb is not None and find(hb) == root)]
        happenings.append(Happening(versions, own))
    happenings.sort(key=lambda h: (h.interval or ("9999", "9999"), h.versions[0].document, h.versions[0].index))
    return Comparison(analyses, links, happenings)


def _endpoint(analysis: Analysis, ref: RecordRef, span: tuple[int, int] | None) -> dict[str, Any]:
    doc = analysis.document
    kind = {"events": None, "quantities": "figure", "claims": "claim"}.get(ref.kind, ref.kind)
    rec_span = _record_span(analysis, ref) or (0, 0)
    if ref.kind == "events":
        ev = analysis.events[ref.index]
        evidence, type_ = " ".join(doc.text[ev.sentence_start:ev.sentence_end].split()), ev.type
    else:
        evidence, type_ = _sentence_text(analysis, rec_span), kind
    span = span or rec_span
    return {"document": doc.path, "side": doc.meta.side, "type": type_, "evidence": evidence,
            "span": " ".join(doc.text[span[0]:span[1]].split()), "start": span[0], "end": span[1]}


def link_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """One flat row per cross-document link, both sides' evidence included
    (the sentence, and the compared span with its offsets)."""
    by_hash = {a.document.content_hash: a for a in comparison.analyses}
    rows = []
    for link in comparison.links:
        ea = _endpoint(by_hash[link.a.document], link.a, link.a_span)
        eb = _endpoint(by_hash[link.b.document], link.b, link.b_span)
        row: dict[str, Any] = {"relation": link.relation, "on": link.on, "reason": link.reason,
                               "confidence": link.prov.confidence, "kind": link.a.kind}
        for prefix, end in (("a", ea), ("b", eb)):
            row.update({f"{prefix}_{key}": value for key, value in end.items()})
        rows.append(row)
    return rows


def timeline_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """The merged timeline: each happening once, each side's versions beside
    it, one-sided happenings marked with the side that alone tells them."""
    rows = []
    for h in comparison.happenings:
        interval = h.interval
        by_side: dict[str, list[dict[str, Any]]] = {}
        for v in h.versions:
            by_side.setdefault(v.side or "unknown", []).append(
                {"publisher": v.publisher, "type": v.event.type, "stance": v.event.stance,
                 "evidence": v.evidence})
        rows.append({
            "begin": interval[0] if interval else None,
            "end": interval[1] if interval else None,
            "type": h.versions[0].event.type,
            "sides": h.sides,
            "one_sided": h.one_sided,
            "only": h.sides[0] if h.one_sided else None,
            "by_side": by_side,
            "versions": [{"side": v.side, "publisher": v.publisher, "type": v.event.type,
                          "stance": v.event.stance, "evidence": v.evidence} for v in h.versions],
            "relations": [f"{l.relation}{'/' + l.on if l.on else ''}" for l in h.links],
        })
    return rows


def write_comparison(comparison: Comparison, path: Path) -> None:
    """JSON (links and the merged timeline) or CSV (links), by suffix."""
    if path.suffix.lower() == ".csv":
        rows = link_rows(comparison)
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["relation"])
            writer.writeheader()
            writer.writerows(rows)
        return
    payload = {"summary": comparison.summary(), "links": link_rows(comparison),
               "timeline": timeline_rows(comparison)}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
