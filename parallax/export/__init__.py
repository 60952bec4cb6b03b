"""Exports of what the store holds.

``json``: every document with its metadata and all extracted records, plus
the analysts' corrections beside them. ``csv``: one row per record of one
kind. The field formats (ACLED CSV, PLOVER JSONL, GeoJSON, ClaimReview) are
added by the issues that own those records.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ..errors import ExportError
from ..model import to_dict

CSV_KINDS = ("events", "claims", "quantities", "citations", "places", "timexes", "actors")
FORMATS = ("json", "csv", "acled", "plover", "geojson", "claimreview")


def export(store: Any, fmt: str, output: Path, kind: str = "events") -> int:
    """Write one export; returns the number of records written."""
    from .formats import acled_row, claim_review, export_items, geojson, plover_record, write_jsonl

    if fmt == "json":
        return export_json(store, output)
    if fmt == "csv":
        return export_csv(store, output, kind)
    if fmt == "acled":
        rows = [r for r in (acled_row(i) for i in export_items(store, "events")) if r is not None]
        return _write_csv(rows, output)
    if fmt == "plover":
        return write_jsonl((plover_record(i) for i in export_items(store, "events")), output)
    if fmt == "geojson":
        collection = geojson(export_items(store, "events"))
        output.write_text(json.dumps(collection, ensure_ascii=False, indent=1), encoding="utf-8")
        return len(collection["features"])
    if fmt == "claimreview":
        reviews = [r for r in (claim_review(i) for i in export_items(store, "claims")) if r is not None]
        output.write_text(json.dumps(reviews, ensure_ascii=False, indent=1), encoding="utf-8")
        return len(reviews)
    raise ExportError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")


def export_json(store: Any, output: Path) -> int:
    docs = []
    n = 0
    for row in store.documents():
        analysis = store.load_analysis(str(row["id"]))
        record = to_dict(analysis)
        record["document"].pop("masked", None)
        record["id"] = row["id"]
        record["content_hash"] = analysis.document.content_hash
        docs.append(record)
        n += 1 + sum(len(record[k]) for k in ("events", "claims", "quantities", "citations", "places", "times"))
    payload = {"documents": docs,
               "links": [to_dict(link) for link in store.cross_links()],
               "corrections": list(store.iter_records("corrections"))}
    output.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return n


def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def export_csv(store: Any, output: Path, kind: str = "events") -> int:
    if kind not in CSV_KINDS:
        raise ExportError(f"unknown record kind {kind!r}: one of {', '.join(CSV_KINDS)}")
    return _write_csv([{k: _flat(v) for k, v in r.items()} for r in store.iter_records(kind)], output)


def _write_csv(rows: list[dict[str, Any]], output: Path) -> int:
    columns: list[str] = []
    for r in rows:
        columns.extend(k for k in r if k not in columns)
    with output.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns or ["document_id"])
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
