"""Read-only queries behind the workbench's lists: one SQL statement per
page, paginated, never a whole analysis (a document page is the one place
that loads one). Works on SQLite and PostgreSQL alike (SQLAlchemy Core)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Text, and_, cast, func, or_, select

from ..store import schema as s
from ..store.repository import CORRECTIONS, DOCUMENTS, XLINK_FIELDS, XLINK_KIND, XLINKS

EVENTS = s.Event.__table__
CLAIMS = s.Claim.__table__
CITATIONS = s.Citation.__table__
QUANTITIES = s.Quantity.__table__
D = DOCUMENTS.c
PAGE_SIZE = 50
DOC_COLUMNS = (D.id, D.content_hash, D.path, D.format, D.title, D.publisher, D.published, D.language, D.side,
               D.kind, D.corpus, D.created_at)


@dataclass
class Page:
    """One page of rows and how to reach the others."""

    items: list[dict[str, Any]]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


@dataclass
class EventFilters:
    """The events list's filters; empty strings mean no filter."""

    side: str = ""
    type: str = ""
    actor: str = ""
    place: str = ""
    stance: str = ""
    date_from: str = ""
    date_to: str = ""
    document: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def clauses(self) -> list[Any]:
        e = EVENTS.c
        out: list[Any] = []
        if self.side:
            out.append(D.side == self.side)
        if self.type:
            out.append(e.type == self.type)
        if self.stance:
            out.append(e.stance == self.stance)
        if self.actor:
            needle = self.actor.lower()
            out.append(or_(func.lower(cast(e.actors, Text)).contains(needle, autoescape=True),
                           func.lower(cast(e.targets, Text)).contains(needle, autoescape=True)))
        if self.place:
            out.append(func.lower(cast(e.places, Text)).contains(self.place.lower(), autoescape=True))
        # Date range: the event's interval overlaps [from, to] (ISO strings compare as dates).
        if self.date_from:
            out.append(func.substr(func.coalesce(e.time_end, e.time_begin), 1, 10) >= self.date_from)
        if self.date_to:
            out.append(func.substr(e.time_begin, 1, 10) <= self.date_to)
        if self.document is not None:
            out.append(e.document_id == self.document)
        return out

    def query(self) -> dict[str, str]:
        """The filters as query-string parameters (for pagination links)."""
        values = {"side": self.side, "type": self.type, "actor": self.actor, "place": self.place,
                  "stance": self.stance, "date_from": self.date_from, "date_to": self.date_to}
        if self.document is not None:
            values["document"] = str(self.document)
        return {k: v for k, v in values.items() if v}


def _count(conn: Any, table: Any, doc_id: Any) -> Any:
    return (select(func.count()).select_from(table).where(table.c.document_id == doc_id)
            .scalar_subquery())


def documents_total(conn: Any, side: str = "") -> int:
    where = [D.side == side] if side else []
    return conn.scalar(select(func.count()).select_from(DOCUMENTS).where(*where)) or 0


def documents_page(conn: Any, page: int = 1, size: int = PAGE_SIZE, side: str = "", total: int | None = None) -> Page:
    """Documents with their record counts, newest publication first. ``total``:
    the count when the caller knows it (the workbench caches it per store version)."""
    where = [D.side == side] if side else []
    if total is None:
        total = documents_total(conn, side)
    # the page's ids first (read off the (published, id) index), then the counts for those rows only
    ids = list(conn.scalars(select(D.id).where(*where).order_by(D.published.desc(), D.id.desc())
                            .limit(size).offset((page - 1) * size)))
    if not ids:
        return Page([], total, page, size)
    stmt = select(*DOC_COLUMNS, _count(conn, EVENTS, D.id).label("events"),
                  _count(conn, CLAIMS, D.id).label("claims"),
                  _count(conn, CITATIONS, D.id).label("citations")).where(D.id.in_(ids))
    rows = {r["id"]: dict(r) for r in conn.execute(stmt).mappings()}
    return Page([rows[i] for i in ids if i in rows], total, page, size)


def document_row(conn: Any, doc_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(*DOC_COLUMNS).where(D.id == doc_id)).mappings().first()
    return dict(row) if row else None


def facets(conn: Any) -> dict[str, list[str]]:
    """Values the events filters offer (small distinct lists over indexed columns)."""
    def distinct(col: Any) -> list[str]:
        return [v for v in conn.scalars(select(col).distinct().order_by(col)) if v]

    return {"side": distinct(D.side), "type": distinct(EVENTS.c.type), "stance": distinct(EVENTS.c.stance)}


def _evidence(start: Any, end: Any) -> Any:
    """The document text between two offsets, computed in SQL (substr is 1-based on both backends)."""
    return func.substr(D.text, start + 1, end - start)


def _events_source(filters: EventFilters) -> Any:
    return EVENTS.join(DOCUMENTS, EVENTS.c.document_id == D.id) if filters.side else EVENTS


def events_total(conn: Any, filters: EventFilters) -> int:
    return conn.scalar(select(func.count()).select_from(_events_source(filters)).where(*filters.clauses())) or 0


def events_page(conn: Any, filters: EventFilters, page: int = 1, size: int = PAGE_SIZE,
                total: int | None = None) -> Page:
    """Two steps: the page's ids (sorted and counted without touching the
    documents' text unless a filter needs the document), then their rows."""
    e = EVENTS.c
    where = filters.clauses()
    source = _events_source(filters)
    if total is None:
        total = events_total(conn, filters)
    ids = list(conn.scalars(select(e.id).select_from(source).where(*where)
                            .order_by(e.time_begin.asc().nulls_last(), e.id)
                            .limit(size).offset((page - 1) * size)))
    if not ids:
        return Page([], total, page, size)
    stmt = (select(e.id, e.document_id, e.idx, e.type, e.mode, e.stance, e.trigger, e.according_to,
                   e.time_value, e.time_begin, e.time_end, e.actors, e.targets, e.places, e.confidence,
                   e.start, e.end, D.title.label("document_title"), D.side, D.publisher, D.published,
                   _evidence(e.sentence_start, e.sentence_end).label("evidence"))
            .select_from(EVENTS.join(DOCUMENTS, e.document_id == D.id)).where(e.id.in_(ids)))
    rows = {r["id"]: dict(r) for r in conn.execute(stmt).mappings()}
    return Page([rows[i] for i in ids if i in rows], total, page, size)


def _claims_where(document: int | None, side: str) -> list[Any]:
    where = [CLAIMS.c.document_id == document] if document is not None else []
    if side:
        where.append(D.side == side)
    return where


def claims_total(conn: Any, document: int | None = None, side: str = "") -> int:
    source = CLAIMS.join(DOCUMENTS, CLAIMS.c.document_id == D.id) if side else CLAIMS
    return conn.scalar(select(func.count()).select_from(source).where(*_claims_where(document, side))) or 0


def claims_page(conn: Any, page: int = 1, size: int = PAGE_SIZE, document: int | None = None,
                side: str = "", total: int | None = None) -> Page:
    c = CLAIMS.c
    joined = CLAIMS.join(DOCUMENTS, c.document_id == D.id)
    where = _claims_where(document, side)
    if total is None:
        total = claims_total(conn, document, side)
    # the page's ids first (off the (checkworthy, id) index, joining documents only to filter by side)
    source = joined if side else CLAIMS
    ids = list(conn.scalars(select(c.id).select_from(source).where(*where)
                            .order_by(c.checkworthy.desc(), c.id.desc()).limit(size).offset((page - 1) * size)))
    if not ids:
        return Page([], total, page, size)
    stmt = (select(c.id, c.document_id, c.idx, c.text, c.speaker, c.checkworthy, c.kind, c.citations,
                   c.start, c.end, D.title.label("document_title"), D.side, D.published)
            .select_from(joined).where(c.id.in_(ids)))
    rows = {r["id"]: dict(r) for r in conn.execute(stmt).mappings()}
    return Page([rows[i] for i in ids if i in rows], total, page, size)


def citations_page(conn: Any, page: int = 1, size: int = PAGE_SIZE) -> Page:
    c = CITATIONS.c
    joined = CITATIONS.join(DOCUMENTS, c.document_id == D.id)
    total = conn.scalar(select(func.count()).select_from(joined)) or 0
    stmt = (select(c.id, c.document_id, c.marker, c.url, c.domain, c.kind, c.anchor_text, c.note,
                   D.title.label("document_title"), D.side,
                   _evidence(c.support_start, c.support_end).label("supports"))
            .select_from(joined).order_by(c.domain.is_(None), c.domain, c.document_id, c.idx)
            .limit(size).offset((page - 1) * size))
    return Page([dict(r) for r in conn.execute(stmt).mappings()], total, page, size)


def _link_side(side: str) -> tuple[Any, list[Any]]:
    """Outer joins from a cross-document link to the record on one side
    (an event, claim or figure) and its document; the columns to show."""
    x = XLINKS.c
    kind, rec_id, doc_id = x[f"{side}_kind"], x[f"{side}_id"], x[f"{side}_document_id"]
    ev, qt, cl, doc = (EVENTS.alias(f"{side}_ev"), QUANTITIES.alias(f"{side}_qt"), CLAIMS.alias(f"{side}_cl"),
                       DOCUMENTS.alias(f"{side}_doc"))
    joins = [(ev, and_(kind == "events", rec_id == ev.c.id)), (qt, and_(kind == "quantities", rec_id == qt.c.id)),
             (cl, and_(kind == "claims", rec_id == cl.c.id)), (doc, doc_id == doc.c.id)]
    start = func.coalesce(ev.c.sentence_start, qt.c.start, cl.c.start)
    end = func.coalesce(ev.c.sentence_end, qt.c.end, cl.c.end)
    columns = [kind.label(f"{side}_kind"), rec_id.label(f"{side}_id"), doc_id.label(f"{side}_document_id"),
               func.coalesce(ev.c.type, kind).label(f"{side}_type"), ev.c.stance.label(f"{side}_stance"),
               ev.c.time_begin.label(f"{side}_time"), doc.c.side.label(f"{side}_side"),
               doc.c.title.label(f"{side}_title"), func.substr(doc.c.text, start + 1, end - start).label(f"{side}_evidence")]
    return joins, columns


def links_page(conn: Any, page: int = 1, size: int = PAGE_SIZE, relation: str = "") -> Page:
    """Cross-document links, both accounts side by side (ids first, then rows, as for events)."""
    x = XLINKS.c
    where = [x.relation == relation] if relation else []
    total = conn.scalar(select(func.count()).select_from(XLINKS).where(*where)) or 0
    ids = list(conn.scalars(select(x.id).where(*where).order_by(x.id).limit(size).offset((page - 1) * size)))
    if not ids:
        return Page([], total, page, size)
    joined: Any = XLINKS
    columns: list[Any] = [x.id, x.relation, x.on, x.reason, x.confidence]
    for side in ("a", "b"):
        joins, cols = _link_side(side)
        for table, on in joins:
            joined = joined.outerjoin(table, on)
        columns += cols
    rows = {r["id"]: dict(r) for r in conn.execute(select(*columns).select_from(joined).where(x.id.in_(ids))).mappings()}
    _apply_link_edits(conn, rows)
    return Page([rows[i] for i in ids if i in rows], total, page, size)


def _apply_link_edits(conn: Any, rows: dict[int, dict[str, Any]]) -> None:
    """Analysts' edits of these links applied in time order; the machine's
    value stays beside it as ``machine_<field>``."""
    c = CORRECTIONS.c
    stmt = (select(c.record_id, c.field, c.new_value)
            .where(c.record_kind == XLINK_KIND, c.action == "edit", c.record_id.in_(list(rows)))
            .order_by(c.created_at, c.id))
    for record_id, name, value in conn.execute(stmt):
        row = rows.get(record_id)
        if row is not None and name in XLINK_FIELDS:
            row.setdefault(f"machine_{name}", row[name])
            row[name] = None if value is None else str(value)


def corrections_page(conn: Any, page: int = 1, size: int = PAGE_SIZE) -> Page:
    c = CORRECTIONS.c
    total = conn.scalar(select(func.count()).select_from(CORRECTIONS)) or 0
    stmt = (select(CORRECTIONS, D.title.label("document_title"))
            .select_from(CORRECTIONS.outerjoin(DOCUMENTS, c.document_id == D.id))
            .order_by(c.created_at.desc(), c.id.desc()).limit(size).offset((page - 1) * size))
    return Page([dict(r) for r in conn.execute(stmt).mappings()], total, page, size)


def review_status(conn: Any, kind: str, ids: list[int]) -> dict[int, str]:
    """The latest analyst action per record id (confirm / edit / reject)."""
    if not ids:
        return {}
    c = CORRECTIONS.c
    stmt = (select(c.record_id, c.action).where(c.record_kind == kind, c.record_id.in_(ids))
            .order_by(c.created_at, c.id))
    return {rid: action for rid, action in conn.execute(stmt)}


def event_links_among(conn: Any, ids: list[int]) -> list[dict[str, Any]]:
    """Stored cross-document links between two of these events (both ends in ``ids``)."""
    if not ids:
        return []
    x = XLINKS.c
    stmt = (select(x.id, x.a_id.label("a"), x.b_id.label("b"), x.relation, x.on, x.reason, x.confidence)
            .where(x.a_kind == "events", x.b_kind == "events", x.a_id.in_(ids), x.b_id.in_(ids))
            .order_by(x.id))
    return [dict(r) for r in conn.execute(stmt).mappings()]
