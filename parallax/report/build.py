"""The self-contained HTML report: one file, every script, style and the map
data inlined, that opens offline in any browser and prints to PDF.

The page is rendered by Jinja2 with autoescape on; record data for the
interactive parts (side panel, timeline, map) travels as JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and
the script only ever sets ``textContent``. A Content-Security-Policy meta tag
admits exactly the page's own inline scripts and style (by hash) and no
request at all, so even a slip in escaping could not run document text or
fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..align import event_interval
from ..errors import ReportError
from ..model import Analysis, CrossLink, Document, Event, RecordRef
from .geo import admin1_outlines, countries_for
from .highlight import Span, tokens
from .records import (
    KIND_LABELS,
    actors_label,
    citation_domain,
    is_http_url,
    record_fields,
    record_title,
)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
SPAN_KINDS = ("events", "claims", "quantities", "times", "places", "citations")
LINK_KINDS = ("events", "claims", "quantities")
UNKNOWN_SIDE = "unknown"


# --------------------------------------------------------------------------
# Gathering: documents, records, happenings
# --------------------------------------------------------------------------


@dataclass
class DocView:
    """One analysed document as the report shows it."""

    id: str
    analysis: Analysis
    side: int
    title: str

    @property
    def doc(self) -> Document:
        return self.analysis.document

    def rec_id(self, kind: str, index: int) -> str:
        return f"{self.id}-{kind}-{index}"


@dataclass
class Corpus:
    docs: list[DocView]
    sides: list[str]
    by_hash: dict[str, DocView]
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> what the page shows
    objects: dict[str, Any] = field(default_factory=dict)  # id -> the model record


def _gather(analyses: list[Analysis]) -> Corpus:
    sides: list[str] = []
    docs: list[DocView] = []
    by_hash: dict[str, DocView] = {}
    for i, an in enumerate(analyses):
        side = an.document.meta.side or UNKNOWN_SIDE
        if side not in sides:
            sides.append(side)
        title = an.document.meta.title or (Path(an.document.path).name if an.document.path else f"Document {i + 1}")
        view = DocView(f"d{i}", an, sides.index(side), title)
        docs.append(view)
        by_hash.setdefault(an.document.content_hash, view)
    corpus = Corpus(docs, sides, by_hash)
    for view in docs:
        for kind in SPAN_KINDS:
            for idx, rec in enumerate(getattr(view.analysis, kind)):
                corpus.records[view.rec_id(kind, idx)] = _record_json(view, kind, rec)
                corpus.objects[view.rec_id(kind, idx)] = rec
    return corpus


def _record_json(view: DocView, kind: str, rec: Any) -> dict[str, Any]:
    text = view.doc.text
    return {
        "kind": kind, "title": record_title(kind, rec), "doc": view.id, "docTitle": view.title,
        "side": view.side, "text": text[rec.start:rec.end] if 0 <= rec.start <= rec.end <= len(text) else "",
        "fields": record_fields(kind, rec, text), "links": [],
    }


def _resolve(corpus: Corpus, ref: RecordRef) -> str | None:
    """The record id a link points at, or None when it points nowhere known."""
    view = corpus.by_hash.get(ref.document)
    if view is None or ref.kind not in LINK_KINDS:
        return None
    if not 0 <= ref.index < len(getattr(view.analysis, ref.kind)):
        return None
    return view.rec_id(ref.kind, ref.index)


@dataclass
class Happening:
    """Records linked (directly or through others) as one happening."""

    id: str
    members: list[str]
    links: list[dict[str, Any]]

    @property
    def contradicted(self) -> bool:
        return any(link["relation"] == "CONTRADICT" for link in self.links)


def _happenings(corpus: Corpus, links: list[CrossLink]) -> tuple[list[Happening], int]:
    """Union-find over the links; also how many links pointed nowhere."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    resolved, dropped, seen = [], 0, set()
    for link in links:
        a, b = _resolve(corpus, link.a), _resolve(corpus, link.b)
        if a is None or b is None or a == b:
            dropped += 1
            continue
        if frozenset((a, b)) in seen:  # the same pair linked twice: shown once
            continue
        seen.add(frozenset((a, b)))
        parent[find(a)] = find(b)
        resolved.append((a, b, link))
    groups: dict[str, Happening] = {}
    order = {rid: i for i, rid in enumerate(corpus.records)}
    for a, b, link in resolved:
        root = find(a)
        hap = groups.setdefault(root, Happening("", [], []))
        info = {"a": a, "b": b, "relation": link.relation, "on": link.on or "", "reason": link.reason,
                "confidence": f"{link.prov.confidence:.2f}"}
        hap.links.append(info)
        for rid in (a, b):
            if rid not in hap.members:
                hap.members.append(rid)
            corpus.records[rid]["links"].append(info)
    haps = sorted(groups.values(), key=lambda h: min(order[m] for m in h.members))
    for i, hap in enumerate(haps):
        hap.id = f"h{i}"
        hap.members.sort(key=order.__getitem__)
    return haps, dropped


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------


def _overview(corpus: Corpus) -> dict[str, Any]:
    rows, totals = [], {s: {"docs": 0, "events": 0, "claims": 0, "figures": 0, "citations": 0}
                        for s in corpus.sides}
    for view in corpus.docs:
        an, meta = view.analysis, view.doc.meta
        counts = {"events": len(an.events), "claims": len(an.claims),
                  "figures": len(an.quantities), "citations": len(an.citations)}
        rows.append({"view": view, "publisher": meta.publisher or "", "side": corpus.sides[view.side],
                     "date": meta.published or "", "format": view.doc.format, "kind": meta.kind or "",
                     **counts})
        total = totals[corpus.sides[view.side]]
        total["docs"] += 1
        for key, value in counts.items():
            total[key] += value
    return {"rows": rows, "totals": [{"side": s, "index": i, **totals[s]} for i, s in enumerate(corpus.sides)]}


def _doc_spans(view: DocView) -> list[Span]:
    spans = []
    for kind in SPAN_KINDS:
        for idx, rec in enumerate(getattr(view.analysis, kind)):
            spans.append(Span(rec.start, rec.end, kind, view.rec_id(kind, idx)))
    return spans


def _documents(corpus: Corpus) -> list[dict[str, Any]]:
    out = []
    for view in corpus.docs:
        ids = [view.rec_id("events", i) for i in range(len(view.analysis.events))]
        events = [{"id": rid, **corpus.records[rid]} for rid in ids]
        out.append({"view": view, "side": corpus.sides[view.side], "tokens": tokens(view.doc.text, _doc_spans(view)),
                    "events": events})
    return out


def _side_by_side(corpus: Corpus, haps: list[Happening]) -> list[dict[str, Any]]:
    """One row per happening; versions are numbered so that each link of a
    happening with several says which two versions it relates."""
    rows = []
    for hap in haps:
        number = {rid: n for n, rid in enumerate(hap.members, 1)}
        columns: list[list[dict[str, Any]]] = [[] for _ in corpus.sides]
        for rid in hap.members:
            rec = corpus.records[rid]
            columns[rec["side"]].append({"id": rid, "n": number[rid], **rec})
        links = [{"pair": f"{number[link['a']]} ↔ {number[link['b']]}", **link} for link in hap.links]
        rows.append({"hap": hap, "columns": columns, "links": links})
    return rows


def _event_of(corpus: Corpus, rid: str) -> Event | None:
    record = corpus.objects.get(rid)
    return record if isinstance(record, Event) else None


def _timeline_item(corpus: Corpus, item_id: str, members: list[str], contradicted: bool) -> dict[str, Any] | None:
    intervals: list[tuple[date, date]] = []
    sides, asserting, dated = set(), set(), []
    for rid in members:
        event = _event_of(corpus, rid)
        if event is None:
            continue
        side = corpus.records[rid]["side"]
        sides.add(side)
        if event.stance != "denied":
            asserting.add(side)
        interval = event_interval(event)
        if interval:
            intervals.append(interval)
            dated.append(rid)
    if not intervals:
        return None
    first = _event_of(corpus, dated[0])
    label = first.type + (f" — {actors_label(first.actors)}" if first.actors else "") + (
        f" → {actors_label(first.targets)}" if first.targets else "")
    return {"id": item_id, "begin": min(i[0] for i in intervals).isoformat(),
            "end": max(i[1] for i in intervals).isoformat(), "label": label, "members": members,
            "sides": sorted(sides), "asserting": sorted(asserting), "oneSided": len(sides) == 1,
            "contradicted": contradicted}


def _timeline(corpus: Corpus, haps: list[Happening]) -> list[dict[str, Any]]:
    linked = {m for hap in haps for m in hap.members}
    items = [_timeline_item(corpus, hap.id, hap.members, hap.contradicted) for hap in haps]
    for view in corpus.docs:
        for i in range(len(view.analysis.events)):
            rid = view.rec_id("events", i)
            if rid not in linked:
                items.append(_timeline_item(corpus, rid, [rid], False))
    return sorted((i for i in items if i), key=lambda i: (i["begin"], i["end"], i["id"]))


def _on_earth(lat: float | None, lon: float | None) -> bool:
    return (lat is not None and lon is not None and math.isfinite(lat) and math.isfinite(lon)
            and -90 <= lat <= 90 and -180 <= lon <= 180)


def _points(corpus: Corpus) -> list[dict[str, Any]]:
    """One point per located event: its event_location place, else any place with coordinates."""
    points = []
    for view in corpus.docs:
        for i, event in enumerate(view.analysis.events):
            located = [p for p in event.places if p.place and _on_earth(p.place.lat, p.place.lon)]
            located.sort(key=lambda p: p.role != "event_location")
            if not located:
                continue
            place = located[0].place
            points.append({"rec": view.rec_id("events", i), "lat": place.lat, "lon": place.lon,
                           "side": view.side, "place": place.name, "country": place.country or "",
                           "label": f"{event.type} at {place.name} ({view.title})"})
    return points


def _sources(corpus: Corpus) -> list[dict[str, Any]]:
    rows = []
    for view in corpus.docs:
        for i, cit in enumerate(view.analysis.citations):
            rid = view.rec_id("citations", i)
            text = view.doc.text
            rows.append({"id": rid, "view": view, "marker": cit.marker or "", "url": cit.url or "",
                         "linkable": is_http_url(cit.url), "domain": citation_domain(cit), "kind": cit.kind,
                         "supports": text[cit.support_start:cit.support_end],
                         "extra": [f for f in corpus.records[rid]["fields"]
                                   if f[0] not in ("marker", "url", "domain", "kind", "supports", "anchor text",
                                                   "note", "confidence", "stage")]})
    return rows


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def json_script(value: Any) -> Markup:
    """JSON safe inside a <script> element: no ``<``, ``>``, ``&`` or line
    separators survive unescaped, so no document text can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                      ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, esc)
    return Markup(text)


@cache
def _static(name: str) -> str:
    text = (STATIC / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ReportError(f"static file {name} would close its inline element")
    return text


@cache
def _world_json() -> Markup:
    return json_script(json.loads(_static("world.json")))


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@cache
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(HERE / "templates")),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def build_report(analyses: list[Analysis], links: list[CrossLink], title: str = "Parallax report") -> str:
    """One self-contained HTML document for the analyses and their cross-document links."""
    corpus = _gather(analyses)
    haps, dropped = _happenings(corpus, links)
    points = _points(corpus)
    data = {"sides": corpus.sides, "records": corpus.records, "timeline": _timeline(corpus, haps),
            "points": points, "kinds": KIND_LABELS}
    admin1 = admin1_outlines(countries_for((p["lat"], p["lon"], p["country"]) for p in points))
    script = _static("topojson-client.min.js") + "\n" + _static("report.js")
    style = _static("report.css")
    csp = (f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return _env().get_template("report.html.j2").render(
        title=title, csp=csp, style=Markup(style), script=Markup(script),
        data_json=json_script(data), world_json=_world_json(), admin1_json=json_script(admin1),
        admin1_countries=len(admin1["countries"]), sides=corpus.sides, kinds=KIND_LABELS,
        overview=_overview(corpus), documents=_documents(corpus),
        titles={rid: rec["title"] for rid, rec in corpus.records.items()},
        side_rows=_side_by_side(corpus, haps), dropped_links=dropped, sources=_sources(corpus),
        timeline=data["timeline"], points=data["points"])


def write_report(analyses: list[Analysis], links: list[CrossLink], path: str | Path,
                 title: str = "Parallax report") -> Path:
    """Build the report and write it to ``path`` (UTF-8); returns the path."""
    html = build_report(analyses, links, title)
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot write the report to {target}: {exc.strerror or exc}") from exc
    return target
