"""Where a batch's results go: partitioned Parquet (one dataset per record
kind) and the store.

Parquet: ``OUT/<kind>/part-<run>-<n>.parquet``, one file per partition and
kind, written into a hidden staging folder, marked committed, then renamed
into place, the documents file last (:meth:`ParquetSink._commit`): a crash
never leaves a half file, nor a document's records without the document,
and the next open finishes or drops what a crash interrupted.
Column types come from the store's tables, so every file of a dataset has
the same schema; nested values are JSON strings. Each row carries its
document's ``content_hash``.

Store: one transaction per partition (SQLite's writer lock is taken once per
partition, not once per document); a partition that fails as a whole is
retried document by document, so one bad row cannot lose the others.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    DateTime,
    Float,
    Integer,
    delete,
    select,
)

from .. import __version__
from ..errors import ParallaxError
from ..model import Analysis
from ..store import Store, sanitize
from ..store.engine import write_transaction
from ..store.repository import (
    CHILD_TABLES,
    DOCUMENTS,
    _child_rows,
    _document_row,
    _write_analysis,
)
from ..store.repository import FAILURES as FAILURE_TABLE
from .work import Outcome

log = logging.getLogger(__name__)
KINDS = ("documents", "events", "claims", "quantities", "citations", "places")
FAILURES = "failures"
STAGING = ".staging"  # hidden: pyarrow and other readers skip names starting with a dot
SKIP_COLUMNS = {"id", "document_id", "created_at"}


def _arrow_type(column: Any) -> pa.DataType:
    t = column.type
    if isinstance(t, JSON):
        return pa.string()
    if isinstance(t, Boolean):
        return pa.bool_()
    if isinstance(t, Integer):
        return pa.int64()
    if isinstance(t, Float):
        return pa.float64()
    return pa.string()


def _table_schema(table: Any, extra: list[tuple[str, pa.DataType]]) -> pa.Schema:
    cols = [(c.name, _arrow_type(c)) for c in table.c
            if c.name not in SKIP_COLUMNS and not isinstance(c.type, DateTime)]
    return pa.schema([*extra, *cols])


SCHEMAS: dict[str, pa.Schema] = {
    "documents": _table_schema(DOCUMENTS, [("key", pa.string()), ("words", pa.int64())]),
    **{k: _table_schema(CHILD_TABLES[k], [("content_hash", pa.string())]) for k in KINDS[1:]},
    FAILURES: pa.schema([("key", pa.string()), ("content_hash", pa.string()), ("code", pa.string()),
                         ("reason", pa.string())]),
}
JSON_COLUMNS = {k: {c.name for c in (DOCUMENTS if k == "documents" else CHILD_TABLES[k]).c
                    if isinstance(c.type, JSON)} for k in KINDS}


def _jsonify(row: dict[str, Any], kind: str) -> dict[str, Any]:
    row = sanitize(row)
    for name in JSON_COLUMNS.get(kind, ()):
        if name in row and row[name] is not None:
            row[name] = json.dumps(row[name], ensure_ascii=False, default=str)
    return row


def rows_of(outcome: Outcome, corpus: str | None) -> dict[str, list[dict[str, Any]]]:
    """Parquet rows of one analysed document, by kind."""
    analysis = outcome.analysis
    assert analysis is not None
    doc = _document_row(analysis.document, corpus, __version__)
    doc.update(key=outcome.key, words=outcome.words)
    out = {"documents": [_jsonify(doc, "documents")]}
    children = _child_rows(analysis)
    for kind in KINDS[1:]:
        out[kind] = [_jsonify({**r, "content_hash": outcome.content_hash}, kind) for r in children[kind]]
    return out


class ParquetSink:
    """Partitioned Parquet datasets under one folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        # Unique per run (two runs in the same second must not share names).
        self.run_id = time.strftime("%Y%m%dT%H%M%S") + f"-{uuid.uuid4().hex[:8]}"
        self.seq = 0
        for kind in (*KINDS, FAILURES):
            (self.folder / kind).mkdir(parents=True, exist_ok=True)
        self._recover()
        self.hashes = self._column("documents", "content_hash")
        self.failed = {(r["key"], r["content_hash"]) for r in self._read(FAILURES, ["key", "content_hash"])}

    def _read(self, kind: str, columns: list[str]) -> list[dict[str, Any]]:
        import pyarrow.dataset as ds

        folder = self.folder / kind
        if not any(folder.glob("*.parquet")):
            return []
        return ds.dataset(folder, format="parquet", schema=SCHEMAS[kind]).to_table(columns=columns).to_pylist()

    def _column(self, kind: str, column: str) -> set[str]:
        return {r[column] for r in self._read(kind, [column])}

    def count(self, kind: str) -> int:
        import pyarrow.dataset as ds

        folder = self.folder / kind
        if not any(folder.glob("*.parquet")):
            return 0
        return ds.dataset(folder, format="parquet", schema=SCHEMAS[kind]).count_rows()

    def write(self, outcomes: list[Outcome], corpus: str | None) -> int:
        """Write the partition's new documents and failures; returns how
        many documents were written (those already in the dataset are not)."""
        rows: dict[str, list[dict[str, Any]]] = {k: [] for k in (*KINDS, FAILURES)}
        written = 0
        for o in outcomes:
            if o.status == "analysed" and o.content_hash not in self.hashes:
                for kind, kind_rows in rows_of(o, corpus).items():
                    rows[kind].extend(kind_rows)
                self.hashes.add(o.content_hash)  # type: ignore[arg-type]
                written += 1
            elif o.status == "failed" and (o.key, o.content_hash) not in self.failed:
                rows[FAILURES].append(sanitize({"key": o.key, "content_hash": o.content_hash, "code": o.code,
                                                "reason": o.reason}))
                self.failed.add((o.key, o.content_hash))
        if written or rows[FAILURES]:
            self.seq += 1
            self._commit({kind: kind_rows for kind, kind_rows in rows.items() if kind_rows})
        return written

    # Writing a partition: every file is first written into a staging folder
    # of its own, then a COMMIT mark, then the files are renamed into their
    # datasets, the documents file last. A crash before the mark leaves only
    # the staging folder (removed at the next open); after it, the next open
    # finishes the renames (roll forward). Readers therefore see a
    # partition's records only with its documents, except during the few
    # renames themselves, which the next open completes.

    def _commit(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        name = f"part-{self.run_id}-{self.seq:05d}.parquet"
        stage = self.folder / STAGING / name.removesuffix(".parquet")
        stage.mkdir(parents=True, exist_ok=True)
        for kind, kind_rows in rows.items():
            pq.write_table(pa.Table.from_pylist(kind_rows, schema=SCHEMAS[kind]), stage / f"{kind}.parquet",
                           compression="zstd")
        _fsync_dir(stage)
        (stage / "COMMIT").touch()
        _fsync_dir(stage)
        self._publish(stage)

    def _publish(self, stage: Path) -> None:
        """Move a committed partition's files into their datasets (the
        documents file last) and drop its staging folder."""
        name = stage.name + ".parquet"
        for kind in (*KINDS[1:], FAILURES, "documents"):
            staged = stage / f"{kind}.parquet"
            if staged.exists():
                os.replace(staged, self.folder / kind / name)
        (stage / "COMMIT").unlink(missing_ok=True)
        stage.rmdir()

    def _recover(self) -> None:
        """After a crash: finish committed partitions, drop the others, and
        remove record files whose documents file is missing (left by an
        older layout or by hand); those documents are not in the dataset, so
        a re-run analyses them again and writes their records once. (One run
        at a time per output folder.)"""
        staging = self.folder / STAGING
        for stage in sorted(staging.glob("part-*")) if staging.is_dir() else []:
            if (stage / "COMMIT").exists():
                self._publish(stage)
            else:
                shutil.rmtree(stage, ignore_errors=True)
        for kind in KINDS[1:]:
            for part in (self.folder / kind).glob("part-*.parquet"):
                if not (self.folder / "documents" / part.name).exists():
                    log.warning("removing %s: its partition was not finished", part)
                    part.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stored_hashes(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.scalars(select(DOCUMENTS.c.content_hash)))


def stored_paths(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return {p for p in conn.scalars(select(DOCUMENTS.c.path)) if p}


def save_partition(store: Store, analyses: list[Analysis], corpus: str | None,
                   bulk: bool = True) -> tuple[int, dict[str, str]]:
    """Store a partition's analyses in one transaction. Returns how many
    documents were new and, by content hash, the documents that could not be
    stored (with the reason). Already stored texts are left as they are.

    PostgreSQL: documents by one multi-row INSERT, their records by COPY
    (:func:`_copy_partition`); SQLite, ``bulk=False``, or if that fails: the
    store's own per-document writer, still in one transaction."""
    if not analyses:
        return 0, {}
    if bulk and store.engine.dialect.name == "postgresql":
        try:
            with write_transaction(store.engine) as conn:
                return _copy_partition(conn, analyses, corpus), {}
        except Exception as exc:  # noqa: BLE001 - e.g. a concurrent writer: the generic path below decides
            log.warning("bulk COPY of a partition failed (%s: %s); writing it document by document",
                        type(exc).__name__, exc)
    try:
        with write_transaction(store.engine) as conn:
            return sum(_write_analysis(conn, a, corpus, False, __version__)[1] for a in analyses), {}
    except Exception:  # noqa: BLE001 - e.g. another writer stored one of them meanwhile: one by one
        pass
    new, errors = 0, {}
    for a in analyses:
        try:
            new += store.save_analysis(a, corpus=corpus)[1]
        except ParallaxError as exc:
            errors[a.document.content_hash] = exc.reason
    return new, errors


def _copy_value(value: Any, column: Any) -> Any:
    if value is not None and isinstance(column.type, JSON):
        return json.dumps(value, ensure_ascii=False)
    return value


def _copy_partition(conn: Connection, analyses: list[Analysis], corpus: str | None) -> int:
    """PostgreSQL bulk write of new documents: the same rows as the store's
    writer (``_document_row``, ``_child_rows``, sanitised), the documents
    inserted in one statement returning their ids, each record table filled
    by one COPY. Failures of those texts or paths are cleared, as a save does."""
    hashes = [a.document.content_hash for a in analyses]
    existing = set(conn.scalars(select(DOCUMENTS.c.content_hash).where(DOCUMENTS.c.content_hash.in_(hashes))))
    fresh: dict[str, Analysis] = {}
    for a in analyses:
        if a.document.content_hash not in existing:
            fresh.setdefault(a.document.content_hash, a)
    if not fresh:
        return 0
    rows = [sanitize(_document_row(a.document, corpus, __version__)) for a in fresh.values()]
    stmt = DOCUMENTS.insert().returning(DOCUMENTS.c.id, sort_by_parameter_order=True)
    ids = list(conn.execute(stmt, rows).scalars())
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for a, doc_id in zip(fresh.values(), ids):
        for kind, kind_rows in _child_rows(a).items():
            for r in kind_rows:
                r["document_id"] = doc_id
            by_kind.setdefault(kind, []).extend(kind_rows)
    cursor = conn.connection.driver_connection.cursor()  # psycopg 3: COPY is on the raw cursor
    with cursor:
        for kind, kind_rows in by_kind.items():
            if not kind_rows:
                continue
            table = CHILD_TABLES[kind]
            columns = [c for c in table.c if c.name != "id"]
            names = ", ".join(f'"{c.name}"' for c in columns)
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in kind_rows:
                    row = sanitize(row)
                    copy.write_row([_copy_value(row.get(c.name), c) for c in columns])
    paths = [sanitize(a.document.path) for a in fresh.values() if a.document.path]
    conn.execute(delete(FAILURE_TABLE).where(FAILURE_TABLE.c.content_hash.in_(list(fresh))
                                             | FAILURE_TABLE.c.path.in_(paths)))
    return len(fresh)
