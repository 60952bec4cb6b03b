"""The workbench timeline: one page of events as the report's zoomable chart.

The page's events become the items the report's script draws (see
``parallax/report/static/report.js``): events joined by stored
cross-document links form one happening (drawn once, coloured by the sides
that assert it); the others stand alone. Records for the side panel carry
only text (the script sets ``textContent``) and a same-site link to the
document.
"""

from __future__ import annotations

from typing import Any

from ..align import parse_iso
from .queries import event_links_among

UNKNOWN = "unknown"


def _label(row: dict[str, Any]) -> str:
    def names(actors: list[dict[str, Any]] | None) -> str:
        return "; ".join(str(a.get("name") or a.get("text") or "") for a in actors or [])

    label = row["type"]
    if row.get("actors"):
        label += f" — {names(row['actors'])}"
    if row.get("targets"):
        label += f" → {names(row['targets'])}"
    return label


def _interval(row: dict[str, Any]) -> tuple[str, str] | None:
    begin = parse_iso((row.get("time_begin") or "")[:10] or None)
    end = parse_iso((row.get("time_end") or "")[:10] or None, end=True) or begin
    if begin is None or end is None:
        return None
    return (begin.isoformat(), end.isoformat()) if begin <= end else (end.isoformat(), begin.isoformat())


def _record(row: dict[str, Any], side: int) -> dict[str, Any]:
    fields = [["type", row["type"] + (f" / {row['mode']}" if row.get("mode") else "")],
              ["stance", row.get("stance") or ""], ["when", row.get("time_value") or row.get("time_begin") or ""],
              ["actors", "; ".join(str(a.get("name") or a.get("text")) for a in row.get("actors") or [])],
              ["targets", "; ".join(str(a.get("name") or a.get("text")) for a in row.get("targets") or [])],
              ["places", "; ".join(str((p.get("place") or {}).get("name") or p.get("text") or "")
                                   for p in row.get("places") or [])],
              ["according to", row.get("according_to") or ""], ["confidence", f"{row.get('confidence') or 0:.2f}"]]
    return {"kind": "events", "title": f"Event: {row['type']}", "doc": str(row["document_id"]),
            "docTitle": row.get("document_title") or f"Document {row['document_id']}", "side": side,
            "text": row.get("evidence") or "", "fields": [f for f in fields if f[1]], "links": [],
            "href": f"/documents/{int(row['document_id'])}#row-events-{int(row['idx'])}"}


def _groups(ids: list[int], links: list[dict[str, Any]]) -> dict[int, int]:
    """Union-find over the links: each id's group root."""
    parent = {i: i for i in ids}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        parent[find(link["a"])] = find(link["b"])
    return {i: find(i) for i in ids}


def chart_data(conn: Any, rows: list[dict[str, Any]], sides: list[str]) -> dict[str, Any]:
    """``{"sides", "records", "timeline"}`` for report.js from one page of event rows."""
    sides = list(sides)
    by_id = {r["id"]: r for r in rows}
    records: dict[str, dict[str, Any]] = {}
    for row in rows:
        side = row.get("side") or UNKNOWN
        if side not in sides:
            sides.append(side)
        records[f"e{row['id']}"] = _record(row, sides.index(side))
    links = [link for link in event_links_among(conn, list(by_id)) if link["a"] != link["b"]]
    for link in links:
        info = {"a": f"e{link['a']}", "b": f"e{link['b']}", "relation": link["relation"], "on": link["on"] or "",
                "reason": link["reason"] or "", "confidence": f"{link['confidence'] or 0:.2f}"}
        records[info["a"]]["links"].append(info)
        records[info["b"]]["links"].append(info)
    root = _groups(list(by_id), links)
    members: dict[int, list[int]] = {}
    for rid in by_id:
        members.setdefault(root[rid], []).append(rid)
    contradicted = {root[link["a"]] for link in links if link["relation"] == "CONTRADICT"}
    items = []
    for group, ids in members.items():
        dated = [(i, span) for i in ids if (span := _interval(by_id[i]))]
        if not dated:
            continue
        side_of = {i: records[f"e{i}"]["side"] for i in ids}
        first = by_id[dated[0][0]]
        items.append({"id": f"t{group}", "begin": min(s[0] for _, s in dated), "end": max(s[1] for _, s in dated),
                      "label": _label(first), "members": [f"e{i}" for i in ids],
                      "sides": sorted(set(side_of.values())),
                      "asserting": sorted({side_of[i] for i in ids if by_id[i].get("stance") != "denied"}),
                      "oneSided": len(set(side_of.values())) == 1, "contradicted": group in contradicted})
    items.sort(key=lambda i: (i["begin"], i["end"], i["id"]))
    return {"sides": sides, "records": records, "timeline": items, "points": []}
