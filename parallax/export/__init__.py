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
    payload = {"documents": docs, "corrections": list(store.iter_records("corrections"))}
    output.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return n


def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def export_csv(store: Any, output: Path, kind: str = "events") -> int:
    if kind not in CSV_KINDS:
        raise ExportError(f"unknown record kind {kind!r}: one of {', '.join(CSV_KINDS)}")
    rows = [{k: _flat(v) for k, v in r.items()} for r in store.iter_records(kind)]
    columns: list[str] = []
    for r in rows:
        columns.extend(k for k in r if k not in columns)
    with output.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns or ["document_id"])
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
