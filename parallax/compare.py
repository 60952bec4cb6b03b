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
from .model import Analysis, CrossLink, Event


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


def _version(analysis: Analysis, index: int) -> Version:
    ev = analysis.events[index]
    doc = analysis.document
    return Version(doc.content_hash, doc.meta.side, doc.meta.publisher, index, ev,
                   " ".join(doc.text[ev.sentence_start:ev.sentence_end].split()))


def compare(analyses: list[Analysis], links: list[CrossLink] | None = None) -> Comparison:
    """Group linked events into happenings (connected components of the
    link graph); every unlinked event is a happening of its own."""
    links = align(analyses) if links is None else links
    by_hash = {a.document.content_hash: a for a in analyses}
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if link.a.kind == "events" and link.b.kind == "events":
            parent[find((link.a.document, link.a.index))] = find((link.b.document, link.b.index))
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for analysis in analyses:
        for i in range(len(analysis.events)):
            key = (analysis.document.content_hash, i)
            groups.setdefault(find(key), []).append(key)
    happenings = []
    for members in groups.values():
        versions = [_version(by_hash[d], i) for d, i in members]
        keys = set(members)
        own = [l for l in links if (l.a.document, l.a.index) in keys]
        happenings.append(Happening(versions, own))
    happenings.sort(key=lambda h: (h.interval or ("9999", "9999"), h.versions[0].document, h.versions[0].index))
    return Comparison(analyses, links, happenings)


def link_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """One flat row per cross-document link, both sides' evidence included."""
    by_hash = {a.document.content_hash: a for a in comparison.analyses}
    rows = []
    for link in comparison.links:
        va = _version(by_hash[link.a.document], link.a.index)
        vb = _version(by_hash[link.b.document], link.b.index)
        rows.append({
            "relation": link.relation, "on": link.on, "reason": link.reason,
            "confidence": link.prov.confidence,
            "a_document": by_hash[link.a.document].document.path, "a_side": va.side,
            "a_type": va.event.type, "a_evidence": va.evidence,
            "b_document": by_hash[link.b.document].document.path, "b_side": vb.side,
            "b_type": vb.event.type, "b_evidence": vb.evidence,
        })
    return rows


def timeline_rows(comparison: Comparison) -> list[dict[str, Any]]:
    rows = []
    for h in comparison.happenings:
        interval = h.interval
        rows.append({
            "begin": interval[0] if interval else None,
            "end": interval[1] if interval else None,
            "type": h.versions[0].event.type,
            "sides": h.sides,
            "one_sided": h.one_sided,
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
    payload = {"links": link_rows(comparison), "timeline": timeline_rows(comparison)}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
