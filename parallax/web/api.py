"""The JSON API: everything the pages show, and the two writes
(corrections, uploads). Response models make ``/openapi.json`` describe it."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Query,
    Request,
    UploadFile,
)
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from ..errors import ParallaxError
from ..export import FORMATS, export
from ..model import Metadata, to_dict
from . import queries as q
from . import review
from .search import search

router = APIRouter(prefix="/api", tags=["api"])
EXPORT_SUFFIX = {"json": ".json", "csv": ".csv", "acled": ".csv", "plover": ".jsonl", "geojson": ".geojson",
                 "claimreview": ".json"}


class PageOut(BaseModel):
    total: int
    page: int
    size: int
    pages: int
    items: list[dict[str, Any]]


class DocumentOut(BaseModel):
    id: int
    content_hash: str
    path: str | None
    format: str | None
    title: str | None
    publisher: str | None
    published: str | None
    side: str | None
    kind: str | None
    text: str
    analysis: dict[str, Any] = Field(description="Every extracted record (parallax.model.Analysis)")
    record_ids: dict[str, list[int]] = Field(description="Stored row id of each event and claim, in list order")


class CorrectionIn(BaseModel):
    kind: str = Field(description="events, claims or links (cross-document links)")
    record_id: int
    action: str = Field(description="confirm, edit or reject")
    field: str | None = None
    new_value: Any = None
    author: str | None = None
    note: str | None = None


class CorrectionOut(BaseModel):
    id: int


class HitOut(BaseModel):
    kind: str
    record_id: int
    document_id: int
    title: str | None
    side: str | None
    snippet: str


class JobOut(BaseModel):
    id: str
    filename: str
    status: str
    step: str
    reason: str | None
    document_id: int | None
    counts: dict[str, int]
    done: bool
    created_at: str


def page_out(page: q.Page) -> PageOut:
    return PageOut(total=page.total, page=page.page, size=page.size, pages=page.pages, items=page.items)


def require_write(request: Request) -> str:
    """The author of a write: the bearer token's holder, or a signed-in
    session whose CSRF header matches. 401 otherwise."""
    guard = request.app.state.guard
    if guard.bearer_ok(request):
        return "token"
    session = guard.session(request)
    if session is not None and guard.csrf_ok(session, request.headers.get("x-csrf-token")):
        return session.name
    raise HTTPException(status_code=401, detail="writes need the server's token",
                        headers={"WWW-Authenticate": "Bearer"})


def _store(request: Request) -> Any:
    return request.app.state.store


PageNo = Query(1, ge=1)
Size = Query(q.PAGE_SIZE, ge=1, le=500)


@router.get("/documents", response_model=PageOut)
def api_documents(request: Request, page: int = PageNo, size: int = Size, side: str = "") -> PageOut:
    with _store(request).engine.connect() as conn:
        return page_out(q.documents_page(conn, page, size, side))


def document_payload(store: Any, doc_id: int) -> dict[str, Any]:
    from sqlalchemy import select

    with store.engine.connect() as conn:
        row = q.document_row(conn, doc_id)
        if row is None:
            raise HTTPException(404, f"no document {doc_id}")
        ids = {kind: list(conn.scalars(select(t.c.id).where(t.c.document_id == doc_id).order_by(t.c.idx)))
               for kind, t in (("events", q.EVENTS), ("claims", q.CLAIMS))}
    analysis = store.load_analysis(doc_id)
    data = to_dict(analysis)
    data["document"].pop("masked", None)
    text = data["document"].pop("text")
    return {**{k: row[k] for k in ("id", "content_hash", "path", "format", "title", "publisher", "published",
                                  "side", "kind")}, "text": text, "analysis": data, "record_ids": ids}


@router.get("/documents/{doc_id}", response_model=DocumentOut)
def api_document(request: Request, doc_id: int) -> dict[str, Any]:
    return document_payload(_store(request), doc_id)


def event_filters(side: str = "", type: str = "", actor: str = "", place: str = "", stance: str = "",
                  date_from: str = "", date_to: str = "", document: int | None = None) -> q.EventFilters:
    """Events filters from the query string (shared by the page and the API)."""
    return q.EventFilters(side=side.strip(), type=type.strip(), actor=actor.strip(), place=place.strip(),
                          stance=stance.strip(), date_from=date_from.strip(), date_to=date_to.strip(),
                          document=document)


Filters = Annotated[q.EventFilters, Depends(event_filters)]
Writer = Annotated[str, Depends(require_write)]


@router.get("/events", response_model=PageOut)
def api_events(request: Request, filters: Filters, page: int = PageNo, size: int = Size) -> PageOut:
    with _store(request).engine.connect() as conn:
        return page_out(q.events_page(conn, filters, page, size))


@router.get("/claims", response_model=PageOut)
def api_claims(request: Request, page: int = PageNo, size: int = Size, document: int | None = None,
               side: str = "") -> PageOut:
    with _store(request).engine.connect() as conn:
        return page_out(q.claims_page(conn, page, size, document, side))


@router.get("/links", response_model=PageOut)
def api_links(request: Request, page: int = PageNo, size: int = Size, relation: str = "") -> PageOut:
    with _store(request).engine.connect() as conn:
        return page_out(q.links_page(conn, page, size, relation))


@router.get("/sources", response_model=PageOut)
def api_sources(request: Request, page: int = PageNo, size: int = Size) -> PageOut:
    with _store(request).engine.connect() as conn:
        return page_out(q.citations_page(conn, page, size))


@router.get("/corrections", response_model=PageOut)
def api_corrections(request: Request, page: int = PageNo, size: int = Size) -> PageOut:
    with _store(request).engine.connect() as conn:
        return page_out(q.corrections_page(conn, page, size))


@router.get("/search", response_model=list[HitOut])
def api_search(request: Request, q_: str = Query("", alias="q"), limit: int = Query(50, ge=1, le=500),
               offset: int = Query(0, ge=0)) -> list[HitOut]:
    return [HitOut(**vars(h)) for h in search(_store(request).engine, q_, limit, offset)]


@router.post("/corrections", response_model=CorrectionOut, status_code=201)
def api_add_correction(request: Request, body: CorrectionIn, who: Writer) -> CorrectionOut:
    try:
        cid = review.add(_store(request), body.kind, body.record_id, body.action, body.field, body.new_value,
                         author=body.author or who, note=body.note)
        request.app.state.cache.invalidate()
    except ParallaxError as exc:
        raise HTTPException(422, exc.reason if hasattr(exc, "reason") else str(exc)) from exc
    return CorrectionOut(id=cid)


def declared_meta(side: str, publisher: str, published: str, title: str) -> Metadata | None:
    values = {k: v.strip() or None for k, v in
              (("side", side), ("publisher", publisher), ("published", published), ("title", title))}
    return Metadata(**values) if any(values.values()) else None


async def read_upload(request: Request, file: UploadFile) -> bytes:
    """The upload's bytes, refusing (413) more than the limit."""
    limit = request.app.state.settings.max_upload_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"upload larger than {limit} bytes")
    if not data:
        raise HTTPException(422, "empty upload")
    return data


@router.post("/upload", response_model=JobOut, status_code=202)
async def api_upload(request: Request, file: Annotated[UploadFile, File()], who: Writer, side: str = Form(""),
                     publisher: str = Form(""), published: str = Form(""), title: str = Form("")) -> dict[str, Any]:
    data = await read_upload(request, file)
    job = request.app.state.jobs.submit(data, file.filename, declared_meta(side, publisher, published, title))
    return job.as_dict()


@router.post("/compare", response_model=JobOut, status_code=202)
def api_compare(request: Request, who: Writer) -> dict[str, Any]:
    """Re-link all stored documents (parallax.compare) in the background; poll /api/jobs/{id}.
    This replaces the stored links, so earlier corrections of links point at links that are gone."""
    return request.app.state.jobs.submit_compare().as_dict()


@router.get("/jobs/{job_id}", response_model=JobOut)
def api_job(request: Request, job_id: str) -> dict[str, Any]:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "no such job")
    return job.as_dict()


def export_response(request: Request, fmt: str, kind: str = "events") -> FileResponse:
    """Run one export into the data dir and send it (corrections applied by parallax.export)."""
    if fmt not in FORMATS:
        raise HTTPException(404, f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    out_dir = request.app.state.settings.data_dir / "exports"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out_dir, suffix=EXPORT_SUFFIX[fmt], delete=False) as handle:
        path = Path(handle.name)
    try:
        export(request.app.state.store, fmt, path, kind=kind)
    except ParallaxError as exc:
        path.unlink(missing_ok=True)
        raise HTTPException(422, str(exc)) from exc
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    from starlette.background import BackgroundTask

    return FileResponse(path, filename=f"parallax-{fmt}-{stamp}{EXPORT_SUFFIX[fmt]}",
                        background=BackgroundTask(path.unlink, missing_ok=True))


@router.get("/export/{fmt}", response_class=FileResponse)
def api_export(request: Request, fmt: str, kind: str = "events") -> FileResponse:
    return export_response(request, fmt, kind)
