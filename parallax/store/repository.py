"""Saving analyses to the store and loading them back.

:class:`Store` wraps an Engine; :func:`parallax.store.open_store` makes one.
A save writes a document and everything extracted from it in one
transaction, so a reader never sees half a document and a failure leaves
nothing behind. Documents are identified by the sha256 of their text, which
makes saving idempotent.

Rows are built from the dataclasses of :mod:`parallax.model` and rebuilt
into them on load; nested values stored as JSON (an event's actors, places,
quantities, time) are rebuilt by :func:`build`, which follows the
dataclasses' type hints.
"""

from __future__ import annotations

import math
import re
import types
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, Self, Union, get_args, get_origin, get_type_hints

from sqlalchemy import Connection, Engine, Table, delete, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from .. import __version__
from .. import model as m
from ..errors import StoreError
from . import schema as s
from .engine import write_transaction

DOCUMENTS: Table = s.Document.__table__  # type: ignore[assignment]
FAILURES: Table = s.Failure.__table__  # type: ignore[assignment]
CORRECTIONS: Table = s.Correction.__table__  # type: ignore[assignment]
XLINKS: Table = s.CrossLink.__table__  # type: ignore[assignment]
CHILD_TABLES = {**s.STRUCTURE_TABLES, **{k: v for k, v in s.RECORD_TABLES.items() if k != "times"}}
CORRECTION_ACTIONS = ("confirm", "edit", "reject")
# Cross-document links (the compare stage's table) as a correction kind; the
# kind "links" is a document's hyperlinks. Their fields an analyst may edit:
XLINK_KIND = "links_xdoc"
XLINK_ALIASES = ("links_xdoc", "cross_links", "xlinks")
XLINK_FIELDS = ("relation", "on", "reason")
XLINK_RELATIONS = ("SAME", "CONTRADICT", "COMPLEMENT")  # as parallax.model.CrossLink.relation
HASH_PREFIX_MIN = 6
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


# --------------------------------------------------------------------------
# Sanitising: the one place strings are cleaned before a write
# --------------------------------------------------------------------------


def sanitize(value: Any) -> Any:
    """A value every backend can store: NUL characters (PostgreSQL rejects
    them) and lone surrogates (not encodable as UTF-8) become U+FFFD, and
    NaN / infinity (not JSON) become None. Enums become their values.

    Characters are *replaced*, not dropped, so that every offset into the
    text still points at the same evidence.
    """
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {sanitize(k): sanitize(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [sanitize(v) for v in value]
    return value


# --------------------------------------------------------------------------
# Rebuilding dataclasses from JSON-like values
# --------------------------------------------------------------------------


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, vars(m))


def build(tp: Any, value: Any) -> Any:
    """``value`` (from a row or JSON) as an instance of type ``tp``: nested
    dataclasses, lists, tuples, optionals and enums of :mod:`parallax.model`."""
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return build(args[0], value) if len(args) == 1 else value
    if origin is list:
        (item,) = get_args(tp)
        return [build(item, v) for v in value]
    if origin is tuple:
        return tuple(value)
    if origin is dict:
        return dict(value)
    if not isinstance(tp, type):
        return value
    if is_dataclass(tp):
        if isinstance(value, tp):
            return value
        hints = _hints(tp)
        return tp(**{k: build(hints[k], v) for k, v in value.items() if k in hints})
    if issubclass(tp, Enum):
        return tp(value)
    if tp is float and isinstance(value, int):
        return float(value)
    return value


# --------------------------------------------------------------------------
# Rows from the model
# --------------------------------------------------------------------------


def _prov_cols(prov: m.Provenance) -> dict[str, Any]:
    return {"stage": prov.stage, "stage_version": str(prov.version), "confidence": float(prov.confidence)}


def _flat(record: Any) -> dict[str, Any]:
    """The record's own fields (nested values as dicts), provenance as columns."""
    row = m.to_dict(record)
    prov = row.pop("prov", None)
    if prov is not None:
        row.update(_prov_cols(record.prov))
    return row


def _document_row(document: m.Document, corpus: str | None, pipeline_version: str) -> dict[str, Any]:
    meta = document.meta
    return {
        "content_hash": document.content_hash, "path": document.path, "format": document.format,
        "title": meta.title, "publisher": meta.publisher, "published": meta.published,
        "language": meta.language, "side": meta.side, "kind": meta.kind, "locale": meta.locale,
        "corpus": corpus, "meta_origin": dict(meta.origin), "masked": [list(r) for r in document.masked],
        "text": document.text, "pipeline_version": pipeline_version,
    }


def _actor_mention_row(mention: m.ActorMention) -> dict[str, Any]:
    row = _flat(mention)
    actor = row.pop("actor")
    row.update({f"actor_{k}": v for k, v in actor.items()})
    return row


def _place_mention_row(mention: m.PlaceMention) -> dict[str, Any]:
    row = _flat(mention)
    place = row.pop("place") or {}
    columns = ("name", "lat", "lon", "kind", "geonameid", "country", "admin1", "admin2", "population", "precision")
    row.update({k: place.get(k) for k in columns})
    return row


def _event_row(event: m.Event) -> dict[str, Any]:
    row = _flat(event)
    time = event.time
    row.update({"time_value": time.value if time else None, "time_begin": time.begin if time else None,
                "time_end": time.end_date if time else None})
    return row


def _child_rows(analysis: m.Analysis) -> dict[str, list[dict[str, Any]]]:
    """Rows of every per-document table, keyed by table kind, without ids."""
    doc = analysis.document
    rows = {
        "blocks": [_flat(b) for b in doc.blocks],
        "footnotes": [_flat(f) for f in doc.footnotes],
        "markers": [_flat(x) for x in doc.markers],
        "links": [_flat(x) for x in doc.links],
        "sentences": [_flat(x) for x in analysis.sentences],
        "actors": [_actor_mention_row(x) for x in analysis.actors],
        "timexes": [_flat(x) for x in analysis.times],
        "places": [_place_mention_row(x) for x in analysis.places],
        "quantities": [_flat(x) for x in analysis.quantities],
        "citations": [_flat(x) for x in analysis.citations],
        "events": [_event_row(x) for x in analysis.events],
        "claims": [_flat(x) for x in analysis.claims],
        "frames": [_flat(x) for x in analysis.frames],
    }
    for kind_rows in rows.values():
        for idx, row in enumerate(kind_rows):
            row["idx"] = idx
    return rows


# --------------------------------------------------------------------------
# The model from rows
# --------------------------------------------------------------------------


def _prov(row: Any) -> m.Provenance:
    return m.Provenance(row["stage"], row["stage_version"], row["confidence"])


def _record(cls: type, row: Any, **extra: Any) -> Any:
    values = {f.name: row[f.name] for f in fields(cls) if f.name in row and f.name != "prov"}
    if "prov" in _hints(cls):
        values["prov"] = _prov(row)
    values.update(extra)
    return build(cls, values)


def _actor_mention(row: Any) -> m.ActorMention:
    actor = {f.name: row[f"actor_{f.name}"] for f in fields(m.Actor)}
    return _record(m.ActorMention, row, actor=build(m.Actor, actor))


def _place_mention(row: Any) -> m.PlaceMention:
    place = None
    if row["name"] is not None:
        place = _record(m.Place, row)
    return _record(m.PlaceMention, row, place=place)


LOADERS: dict[str, Any] = {
    "blocks": lambda r: _record(m.Block, r),
    "footnotes": lambda r: _record(m.Footnote, r),
    "markers": lambda r: _record(m.MarkerRef, r),
    "links": lambda r: _record(m.Link, r),
    "sentences": lambda r: _record(m.Sentence, r),
    "actors": _actor_mention,
    "timexes": lambda r: _record(m.TimeExpr, r),
    "places": _place_mention,
    "quantities": lambda r: _record(m.Quantity, r),
    "citations": lambda r: _record(m.Citation, r),
    "events": lambda r: _record(m.Event, r),
    "claims": lambda r: _record(m.Claim, r),
    "frames": lambda r: _record(m.Frame, r),
}


def _document(row: Any) -> m.Document:
    meta = m.Metadata(title=row["title"], publisher=row["publisher"], published=row["published"],
                      language=row["language"], side=row["side"], kind=row["kind"], locale=row["locale"],
                      origin=dict(row["meta_origin"] or {}))
    return m.Document(text=row["text"], path=row["path"], format=row["format"], meta=meta,
                      masked=[tuple(r) for r in row["masked"] or []])


def load_document_analysis(conn: Connection, doc_id: int) -> m.Analysis:
    row = conn.execute(select(DOCUMENTS).where(DOCUMENTS.c.id == doc_id)).mappings().first()
    if row is None:
        raise StoreError(f"no stored document with id {doc_id}")
    parts: dict[str, list[Any]] = {}
    for kind, table in CHILD_TABLES.items():
        stmt = select(table).where(table.c.document_id == doc_id).order_by(table.c.idx)
        parts[kind] = [LOADERS[kind](r) for r in conn.execute(stmt).mappings()]
    document = _document(row)
    document.blocks, document.footnotes = parts["blocks"], parts["footnotes"]
    document.markers, document.links = parts["markers"], parts["links"]
    return m.Analysis(document=document, sentences=parts["sentences"], actors=parts["actors"],
                      times=parts["timexes"], places=parts["places"], quantities=parts["quantities"],
                      citations=parts["citations"], events=parts["events"], claims=parts["claims"],
                      frames=parts["frames"])


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def _insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert sanitised rows (one executemany per table)."""
    if rows:
        conn.execute(table.insert(), [sanitize(r) for r in rows])


def _delete_children(conn: Connection, doc_id: int, keep_links: bool = False) -> None:
    """Delete a document's rows before a re-analysis, and (unless
    ``keep_links``: ``_carry_over`` re-points them) the cross-document links
    to them. Analysts' corrections are kept: they are never deleted by a machine."""
    for table in CHILD_TABLES.values():
        conn.execute(delete(table).where(table.c.document_id == doc_id))
    if not keep_links:
        conn.execute(delete(XLINKS).where((XLINKS.c.a_document_id == doc_id) | (XLINKS.c.b_document_id == doc_id)))


# Record kinds whose rows analysts correct or links point at, by their table.
_SPAN_KINDS = {kind: table for kind, table in s.RECORD_TABLES.items() if kind != "times"}


def _record_spans(conn: Connection, doc_id: int) -> dict[str, dict[int, tuple[int, int, int]]]:
    """Per kind, each record's id -> (start, end, n-th record with that span)."""
    out: dict[str, dict[int, tuple[int, int, int]]] = {}
    for kind, table in _SPAN_KINDS.items():
        seen: dict[tuple[int, int], int] = {}
        spans = {}
        stmt = select(table.c.id, table.c.start, table.c.end).where(table.c.document_id == doc_id)
        for rid, start, end in conn.execute(stmt.order_by(table.c.idx, table.c.id)):
            n = seen[(start, end)] = seen.get((start, end), -1) + 1
            spans[rid] = (start, end, n)
        out[kind] = spans
    return out


def _carry_over(conn: Connection, doc_id: int, before: dict[str, dict[int, tuple[int, int, int]]]) -> None:
    """After a re-analysis, point analysts' corrections and cross-document
    links at the new record that has the same evidence span as the old one
    (records get new ids). Links whose record is gone are deleted (machine
    output; the next compare run decides); corrections whose record is gone
    stay in the audit log, detached: their ``record_id`` becomes the old id
    negated, which no record has."""
    after = _record_spans(conn, doc_id)
    c = CORRECTIONS.c
    for kind, old in before.items():
        new_by_span = {span: rid for rid, span in after[kind].items()}
        moves = {old_id: new_by_span.get(span) for old_id, span in old.items()}
        # Select first, then update by the correction's own id: new record
        # ids may reuse old ones, and updating by record id could chain.
        mine = (c.record_kind == _canonical_kind(kind)) & (c.document_id == doc_id)
        for corr_id, old_id in conn.execute(select(c.id, c.record_id).where(mine)).all():
            if old_id is None or old_id < 0:
                continue
            new_id = moves.get(old_id)
            if new_id is None:  # detached: negative, so a reused id never picks it up
                conn.execute(update(CORRECTIONS).where(c.id == corr_id).values(record_id=-old_id))
            elif new_id != old_id:
                conn.execute(update(CORRECTIONS).where(c.id == corr_id).values(record_id=new_id))
        for side in ("a", "b"):
            doc_col, kind_col, id_col = (XLINKS.c[f"{side}_document_id"], XLINKS.c[f"{side}_kind"],
                                         XLINKS.c[f"{side}_id"])
            mine = (doc_col == doc_id) & (kind_col == _canonical_kind(kind))
            for link_id, old_id in conn.execute(select(XLINKS.c.id, id_col).where(mine)).all():
                new_id = moves.get(old_id)
                if new_id is None:
                    conn.execute(delete(XLINKS).where(XLINKS.c.id == link_id))
                elif new_id != old_id:
                    conn.execute(update(XLINKS).where(XLINKS.c.id == link_id).values({id_col.name: new_id}))


def _write_analysis(conn: Connection, analysis: m.Analysis, corpus: str | None, replace: bool,
                    pipeline_version: str) -> tuple[int, bool]:
    document = analysis.document
    content_hash = document.content_hash
    existing = conn.scalar(select(DOCUMENTS.c.id).where(DOCUMENTS.c.content_hash == content_hash))
    if existing is not None and not replace:
        return existing, False
    row = sanitize(_document_row(document, corpus, pipeline_version))
    if existing is None:
        doc_id = conn.execute(DOCUMENTS.insert(), row).inserted_primary_key[0]
    else:  # re-analysis: same id, new rows
        doc_id = existing
        before = _record_spans(conn, doc_id)
        _delete_children(conn, doc_id, keep_links=True)
        conn.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == doc_id).values(**row))
    for kind, rows in _child_rows(analysis).items():
        for r in rows:
            r["document_id"] = doc_id
        _insert_rows(conn, CHILD_TABLES[kind], rows)
    if existing is not None:
        _carry_over(conn, doc_id, before)
    cleared = FAILURES.c.content_hash == content_hash
    if document.path:
        cleared = cleared | (FAILURES.c.path == sanitize(document.path))
    conn.execute(delete(FAILURES).where(cleared))
    return doc_id, True


# --------------------------------------------------------------------------
# The Store
# --------------------------------------------------------------------------


def _record_table(kind: str) -> Table:
    table = s.RECORD_TABLES.get(kind, s.STRUCTURE_TABLES.get(kind))
    if table is None:
        known = ", ".join(sorted({*s.RECORD_TABLES, *s.STRUCTURE_TABLES}))
        raise StoreError(f"unknown record kind {kind!r}: one of {known}")
    return table


class Store:
    """The store: documents, their analyses, failures and corrections."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- analyses -------------------------------------------------------------

    def save_analysis(self, analysis: m.Analysis, corpus: str | None = None, replace: bool = False,
                      pipeline_version: str | None = None) -> tuple[int, bool]:
        """Store a document and all its records in one transaction.

        Returns ``(id, written)``. The same text again returns the stored id
        and ``False`` without writing, unless ``replace``: then the old
        records of that document are replaced by these (same id).
        """
        version = pipeline_version or __version__
        for attempt in (1, 2):
            try:
                with write_transaction(self.engine) as conn:
                    return _write_analysis(conn, analysis, corpus, replace, version)
            except IntegrityError as exc:
                # PostgreSQL: another process stored the same text meanwhile;
                # the second attempt finds it.
                if attempt == 2:
                    raise StoreError(f"cannot save {analysis.document.path or 'document'}: {exc.orig}") from exc
            except DBAPIError as exc:
                raise StoreError(f"cannot save {analysis.document.path or 'document'}: {exc.orig}") from exc
        raise AssertionError("unreachable")

    def load_analysis(self, ref: str | int) -> m.Analysis:
        """The stored analysis of a document (id, hash prefix, path or name)."""
        doc_id = self.find_document(str(ref))
        if doc_id is None:
            raise StoreError(f"no stored document matches {ref!r}")
        with self.engine.connect() as conn:
            return load_document_analysis(conn, doc_id)

    def find_document(self, ref: str) -> int | None:
        """A document's id from its id, a content-hash prefix (at least 6
        hex digits), its path or its file name; None when nothing or more
        than one document matches."""
        ref = str(ref).strip()
        if not ref:
            return None
        c = DOCUMENTS.c
        with self.engine.connect() as conn:
            def unique(where: Any) -> int | None:
                ids = conn.scalars(select(c.id).where(where).limit(2)).all()
                return ids[0] if len(ids) == 1 else None

            if ref.isdigit() and (found := unique(c.id == int(ref))) is not None:
                return found
            is_hash = len(ref) >= HASH_PREFIX_MIN and re.fullmatch(r"[0-9a-fA-F]+", ref)
            if is_hash and (found := unique(c.content_hash.startswith(ref.lower(), autoescape=True))) is not None:
                return found
            for path in dict.fromkeys((ref, str(Path(ref).expanduser().resolve()))):
                newest = conn.scalar(select(func.max(c.id)).where(c.path == path))
                if newest is not None:
                    return newest
            name = Path(ref).name
            return unique((c.path == name) | c.path.endswith(f"/{name}", autoescape=True)) if name else None

    def documents(self) -> list[dict[str, Any]]:
        """Every stored document's id and metadata (no text), oldest first."""
        columns = [col for col in DOCUMENTS.c if col.name not in ("text", "masked", "meta_origin")]
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(*columns).order_by(DOCUMENTS.c.id)).mappings()]

    # -- failures ---------------------------------------------------------------

    def record_failure(self, path: str, reason: str, code: str, content_hash: str | None = None) -> int:
        """Record that a file failed (replacing an earlier failure of that path)."""
        row = sanitize({"path": str(path), "reason": reason, "code": code, "content_hash": content_hash})
        with write_transaction(self.engine) as conn:
            conn.execute(delete(FAILURES).where(FAILURES.c.path == row["path"]))
            return conn.execute(FAILURES.insert(), row).inserted_primary_key[0]

    def failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(FAILURES).order_by(FAILURES.c.id)).mappings()]

    # -- corrections --------------------------------------------------------------

    def add_correction(self, kind: str, record_id: int, action: str, field: str | None = None,
                       new_value: Any = None, old_value: Any = None, author: str | None = None,
                       note: str | None = None) -> int:
        """Store an analyst's confirm / edit / reject of one record, beside
        it: the record itself is not changed. For an edit of a column, the
        old value is taken from the record unless given. ``kind`` is a
        record kind (events, claims, ...) or ``links_xdoc`` (alias
        ``cross_links``) for a cross-document link of the compare stage,
        whose ``relation``, ``on`` or ``reason`` an edit may correct."""
        is_xlink = _canonical_kind(kind) == XLINK_KIND
        table = XLINKS if is_xlink else _record_table(kind)
        if action not in CORRECTION_ACTIONS:
            raise StoreError(f"unknown correction action {action!r}: one of {', '.join(CORRECTION_ACTIONS)}")
        if action == "edit" and not field:
            raise StoreError("an edit names the field it corrects")
        if is_xlink and action == "edit" and field not in XLINK_FIELDS:
            raise StoreError(f"an edit of a cross-document link names one of: {', '.join(XLINK_FIELDS)}")
        if is_xlink and field == "relation" and action == "edit":
            new_value = str(new_value or "").strip().upper()
            if new_value not in XLINK_RELATIONS:
                raise StoreError(f"a link's relation is one of: {', '.join(XLINK_RELATIONS)}")
        with write_transaction(self.engine) as conn:
            record = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
            if record is None:
                what = "cross-document link" if is_xlink else f"{kind} record"
                raise StoreError(f"no stored {what} with id {record_id}")
            if old_value is None and field and field in record:
                old_value = record[field]
            row = {"record_kind": _canonical_kind(kind), "record_id": record_id,
                   "document_id": record["a_document_id" if is_xlink else "document_id"], "field": field,
                   "old_value": old_value, "new_value": new_value, "action": action, "author": author,
                   "note": note}
            return conn.execute(CORRECTIONS.insert(), sanitize(row)).inserted_primary_key[0]

    def corrections_for(self, kind: str, record_id: int) -> list[dict[str, Any]]:
        """The corrections of one record, oldest first."""
        c = CORRECTIONS.c
        stmt = (select(CORRECTIONS).where(c.record_kind == _canonical_kind(kind), c.record_id == record_id)
                .order_by(c.created_at, c.id))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt).mappings()]

    # -- cross-document links (the compare stage) ---------------------------------

    def save_cross_links(self, links: list[m.CrossLink], replace_stage: str | None = None) -> int:
        """Store links between records of different documents, in one
        transaction; ``replace_stage`` first deletes that stage's earlier
        links (a new compare run). Returns how many were stored."""
        with write_transaction(self.engine) as conn:
            rows = []
            for link in links:
                a_doc, a_id = _resolve_ref(conn, link.a)
                b_doc, b_id = _resolve_ref(conn, link.b)
                rows.append({"a_document_id": a_doc, "a_kind": _canonical_kind(link.a.kind), "a_id": a_id,
                             "b_document_id": b_doc, "b_kind": _canonical_kind(link.b.kind), "b_id": b_id,
                             "relation": link.relation, "on": link.on, "reason": link.reason,
                             **_span_cols("a", link.a_span), **_span_cols("b", link.b_span),
                             **_prov_cols(link.prov)})
            if replace_stage is not None:
                rows = _replace_links_keeping_ids(conn, replace_stage, rows)
            _insert_rows(conn, XLINKS, rows)
        return len(links)

    def cross_links(self, corrected: bool = True) -> list[m.CrossLink]:
        """Every stored cross-document link, rebuilt as the model's CrossLink.

        With ``corrected`` (the default) the analysts' corrections apply, the
        latest per link and field winning: a rejected link is left out, an
        edit replaces its relation, ``on`` or reason. ``corrected=False``
        gives the machine's output as stored."""
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(XLINKS).order_by(XLINKS.c.id)).mappings()]
            if corrected:
                rows = _apply_link_corrections(conn, rows)
            return [m.CrossLink(_ref_of(conn, r["a_kind"], r["a_id"]), _ref_of(conn, r["b_kind"], r["b_id"]),
                                r["relation"], r["on"], r["reason"] or "", _prov(r),
                                _span_of(r, "a"), _span_of(r, "b")) for r in rows]

    # -- exports and counts -------------------------------------------------------

    def iter_records(self, kind: str) -> Iterator[dict[str, Any]]:
        """Rows of one kind (events, claims, quantities, citations, places,
        timexes, actors, blocks, footnotes, markers, links, sentences,
        corrections, failures, links_xdoc), each with its document's path
        and content hash, in document then list order."""
        if kind == "failures":
            yield from self.failures()
            return
        table = {"corrections": CORRECTIONS, "links_xdoc": XLINKS}.get(kind)
        if table is None:
            table = _record_table(kind)
        doc_col = table.c.a_document_id if table is XLINKS else table.c.document_id
        first = [table.c.id, doc_col, DOCUMENTS.c.path.label("document_path"), DOCUMENTS.c.content_hash]
        rest = [col for col in table.c if col.name not in ("id", doc_col.name)]
        order = [doc_col, table.c.idx] if "idx" in table.c else [table.c.id]
        stmt = (select(*first, *rest).select_from(table.outerjoin(DOCUMENTS, doc_col == DOCUMENTS.c.id))
                .order_by(*order, table.c.id))
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(stmt).mappings():
                yield dict(row)

    def stats(self) -> dict[str, int]:
        """How many documents, failures, records and corrections are stored."""
        tables = {"documents": DOCUMENTS, "failed": FAILURES, "events": s.RECORD_TABLES["events"],
                  "claims": s.RECORD_TABLES["claims"], "quantities": s.RECORD_TABLES["quantities"],
                  "citations": s.RECORD_TABLES["citations"], "links": XLINKS, "corrections": CORRECTIONS,
                  "timexes": s.RECORD_TABLES["timexes"], "places": s.RECORD_TABLES["places"],
                  "actors": s.RECORD_TABLES["actors"]}
        with self.engine.connect() as conn:
            return {name: conn.scalar(select(func.count()).select_from(t)) or 0 for name, t in tables.items()}


def _resolve_ref(conn: Connection, ref: m.RecordRef) -> tuple[int, int]:
    """(document id, row id) of the record a RecordRef points at."""
    table = _record_table(ref.kind)
    stmt = (select(DOCUMENTS.c.id, table.c.id).join(table, table.c.document_id == DOCUMENTS.c.id)
            .where(DOCUMENTS.c.content_hash == ref.document, table.c.idx == ref.index))
    found = conn.execute(stmt).first()
    if found is None:
        raise StoreError(f"no stored {ref.kind} record #{ref.index} in document {ref.document[:12]}")
    return found[0], found[1]


def _ref_of(conn: Connection, kind: str, record_id: int) -> m.RecordRef:
    table = _record_table(kind)
    stmt = (select(DOCUMENTS.c.content_hash, table.c.idx).join(table, table.c.document_id == DOCUMENTS.c.id)
            .where(table.c.id == record_id))
    content_hash, idx = conn.execute(stmt).one()
    return m.RecordRef(content_hash, kind, idx)


def _canonical_kind(kind: str) -> str:
    if kind in XLINK_ALIASES:
        return XLINK_KIND
    return "timexes" if kind == "times" else kind


def _apply_link_corrections(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Link rows with their corrections applied in time order: an edit sets
    its field, a reject drops the link, a later confirm or edit restores it."""
    c = CORRECTIONS.c
    stmt = select(CORRECTIONS).where(c.record_kind == XLINK_KIND).order_by(c.created_at, c.id)
    by_link: dict[int, list[Any]] = {}
    for corr in conn.execute(stmt).mappings():
        by_link.setdefault(corr["record_id"], []).append(corr)
    out = []
    for row in rows:
        rejected = False
        for corr in by_link.get(row["id"], []):
            rejected = corr["action"] == "reject"
            if corr["action"] == "edit" and corr["field"] in XLINK_FIELDS:
                row[corr["field"]] = None if corr["new_value"] is None else str(corr["new_value"])
        if not rejected:
            out.append(row)
    return out


def _link_row_key(row: Any) -> tuple:
    """Where a link's two ends are, independent of row ids and relation:
    per end its document, kind and evidence span (the record id when no span
    is stored), in a fixed order. Mirrors ``align.link_key`` inside the store."""
    ends = []
    for side in ("a", "b"):
        span = _span_of(row, side)
        ends.append((row[f"{side}_document_id"], row[f"{side}_kind"], span if span else (row[f"{side}_id"],)))
    return tuple(sorted(ends, key=repr))


def _replace_links_keeping_ids(conn: Any, stage: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A new compare run replaces the stage's links, but a link found again
    (same ends) keeps its row id, so analysts' corrections keyed by that id
    stay attached. Updates those rows in place, deletes the links not found
    again, and returns the rows still to insert."""
    old = {_link_row_key(r): r["id"] for r in conn.execute(
        select(XLINKS).where(XLINKS.c.stage == stage)).mappings()}
    fresh = []
    for row in rows:
        row_id = old.pop(_link_row_key(row), None)
        if row_id is None:
            fresh.append(row)
        else:
            conn.execute(update(XLINKS).where(XLINKS.c.id == row_id).values(**sanitize(row)))
    if old:
        conn.execute(delete(XLINKS).where(XLINKS.c.id.in_(list(old.values()))))
    return fresh


def _span_cols(side: str, span: tuple[int, int] | None) -> dict[str, int | None]:
    start, end = span if span else (None, None)
    return {f"{side}_start": start, f"{side}_end": end}


def _span_of(row: Any, side: str) -> tuple[int, int] | None:
    start, end = row[f"{side}_start"], row[f"{side}_end"]
    return None if start is None or end is None else (start, end)
