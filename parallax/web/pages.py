"""The HTML pages: the report's views over the live store, plus search,
upload, review and the corrections log. Forms post with the session's CSRF
token; a page never builds markup from document text (autoescape)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from ..errors import ParallaxError
from ..export import FORMATS
from ..report.build import json_script
from ..report.highlight import Span, tokens
from ..report.records import record_fields, record_title
from ..store.repository import load_document_analysis
from . import queries as q
from . import review
from .api import Filters, declared_meta, export_response, read_upload
from .cache import CSRF_MARK, MARKS_FLAG, NAME_MARK
from .search import search
from .security import SESSION_COOKIE, Session
from .timeline import chart_data

router = APIRouter(include_in_schema=False)
T = TypeVar("T")
SPAN_KINDS = ("events", "claims", "quantities", "times", "places", "citations")


def render(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    st = request.app.state
    session = st.guard.session(request)
    csrf = st.guard.csrf_for(session)
    if session is not None and getattr(request.state, MARKS_FLAG, False):  # a page kept for every analyst
        session, csrf = Session(NAME_MARK, session.nonce), CSRF_MARK
    context.update(request=request, session=session, csrf=csrf, formats=FORMATS,
                   editable=review.EDITABLE, query=lambda **kw: urlencode({k: v for k, v in kw.items() if v}))
    return st.templates.TemplateResponse(request, name, context, status_code=code)


def _conn(request: Request) -> Any:
    return request.app.state.store.engine.connect()


def cached(request: Request, key: tuple[Any, ...], compute: Callable[[Any], T]) -> T:
    """``compute(conn)`` memoised for the store's current version (see :mod:`.cache`)."""
    def run() -> T:
        with _conn(request) as conn:
            return compute(conn)

    return request.app.state.cache.get(key, run)


def filters_key(filters: q.EventFilters) -> tuple[Any, ...]:
    return tuple(sorted(filters.query().items()))


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site relative paths are followed after a form post."""
    if not target:
        return default
    parts = urlsplit(target)
    # "/\\host" is "//host" to browsers; control characters are never part of our paths
    if (parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(ch) < 32 for ch in target)):
        return default
    return target


def require_form_write(request: Request, csrf: str = Form("")) -> str:
    guard = request.app.state.guard
    session = guard.session(request)
    if session is None:
        raise HTTPException(401, "sign in with the server's token first")
    if not guard.csrf_ok(session, csrf):
        raise HTTPException(403, "CSRF token missing or wrong")
    return session.name


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/documents", status_code=303)


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, page: int = 1, side: str = "") -> HTMLResponse:
    page = max(page, 1)
    total = cached(request, ("documents-total", side), lambda c: q.documents_total(c, side))
    result = cached(request, ("documents", page, side), lambda c: q.documents_page(c, page, side=side, total=total))
    sides = cached(request, ("facets",), q.facets)["side"]
    return render(request, "documents.html", page=result, side=side, sides=sides)


def _doc_spans(analysis: Any) -> list[Span]:
    return [Span(rec.start, rec.end, kind, f"{kind}-{idx}")
            for kind in SPAN_KINDS for idx, rec in enumerate(getattr(analysis, kind))]


def _document_view(conn: Any, doc_id: int) -> dict[str, Any] | None:
    """What the document page shows: its row, text as highlighted tokens, records with review status."""
    row = q.document_row(conn, doc_id)
    if row is None:
        return None
    ids = {kind: list(conn.scalars(select(t.c.id).where(t.c.document_id == doc_id).order_by(t.c.idx)))
           for kind, t in (("events", q.EVENTS), ("claims", q.CLAIMS))}
    status = {kind: q.review_status(conn, kind, ids[kind]) for kind in ids}
    analysis = load_document_analysis(conn, doc_id)
    text = analysis.document.text
    titles = {f"{k}-{i}": record_title(k, r) for k in SPAN_KINDS for i, r in enumerate(getattr(analysis, k))}
    records = {kind: [{"rec": f"{kind}-{i}", "id": ids[kind][i] if i < len(ids[kind]) else None,
                       "title": titles[f"{kind}-{i}"], "text": text[r.start:r.end],
                       "fields": record_fields(kind, r, text),
                       "status": status[kind].get(ids[kind][i]) if i < len(ids[kind]) else None}
                      for i, r in enumerate(getattr(analysis, kind))] for kind in ("events", "claims")}
    return {"doc": row, "tokens": tokens(text, _doc_spans(analysis)), "titles": titles, "records": records}


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: int) -> HTMLResponse:
    view = cached(request, ("document", doc_id), lambda c: _document_view(c, doc_id))
    if view is None:
        raise HTTPException(404, f"no document {doc_id}")
    return render(request, "document.html", **view)


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, filters: Filters, page: int = 1) -> HTMLResponse:
    page = max(page, 1)

    total = cached(request, ("events-total", filters_key(filters)), lambda c: q.events_total(c, filters))

    def compute(conn: Any) -> tuple[q.Page, dict[int, str]]:
        result = q.events_page(conn, filters, page, total=total)
        return result, q.review_status(conn, "events", [r["id"] for r in result.items])

    result, status = cached(request, ("events", page, filters_key(filters)), compute)
    options = cached(request, ("facets",), q.facets)
    return render(request, "events.html", page=result, filters=filters, options=options, status=status)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, filters: Filters, page: int = 1) -> HTMLResponse:
    page = max(page, 1)
    sides = cached(request, ("facets",), q.facets)["side"]

    total = cached(request, ("events-total", filters_key(filters)), lambda c: q.events_total(c, filters))

    def compute(conn: Any) -> tuple[q.Page, dict[str, Any], Any]:
        result = q.events_page(conn, filters, page, size=100, total=total)
        data = chart_data(conn, result.items, sides)
        return result, data, json_script(data)

    result, data, chart = cached(request, ("timeline", page, filters_key(filters)), compute)
    return render(request, "timeline.html", page=result, filters=filters, chart=chart,
                  items=data["timeline"], sides=data["sides"])


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, page: int = 1, side: str = "") -> HTMLResponse:
    page = max(page, 1)

    total = cached(request, ("claims-total", side), lambda c: q.claims_total(c, side=side))

    def compute(conn: Any) -> tuple[q.Page, dict[int, str]]:
        result = q.claims_page(conn, page, side=side, total=total)
        return result, q.review_status(conn, "claims", [r["id"] for r in result.items])

    result, status = cached(request, ("claims", page, side), compute)
    return render(request, "claims.html", page=result, status=status, side=side)


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, page: int = 1, relation: str = "") -> HTMLResponse:
    page = max(page, 1)

    def compute(conn: Any) -> tuple[q.Page, dict[int, str]]:
        result = q.links_page(conn, page, relation=relation)
        return result, q.review_status(conn, "links_xdoc", [r["id"] for r in result.items])

    result, status = cached(request, ("compare", page, relation), compute)
    return render(request, "compare.html", page=result, status=status, relation=relation)


@router.post("/compare")
def compare_run(request: Request, who: Annotated[str, Depends(require_form_write)]) -> Response:
    job = request.app.state.jobs.submit_compare()
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, page: int = 1) -> HTMLResponse:
    page = max(page, 1)
    result = cached(request, ("sources", page), lambda c: q.citations_page(c, page))
    return render(request, "sources.html", page=result)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q_: str = "", page: int = 1) -> HTMLResponse:
    text = request.query_params.get("q", q_)
    offset = (max(page, 1) - 1) * 50
    hits = request.app.state.cache.get(("search", text, offset),
                                       lambda: search(request.app.state.store.engine, text, limit=50, offset=offset))
    return render(request, "search.html", q=text, hits=hits, page_no=max(page, 1))


@router.get("/corrections", response_class=HTMLResponse)
def corrections(request: Request, page: int = 1) -> HTMLResponse:
    page = max(page, 1)
    result = cached(request, ("corrections", page), lambda c: q.corrections_page(c, page))
    return render(request, "corrections.html", page=result)


@router.post("/review")
def review_post(request: Request, who: Annotated[str, Depends(require_form_write)], kind: str = Form(...),
                record_id: int = Form(...), action: str = Form(...), field: str = Form(""),
                new_value: str = Form(""), note: str = Form(""), next: str = Form("/")) -> Response:
    try:
        review.add(request.app.state.store, kind, record_id, action, field, new_value, author=who, note=note)
    except ParallaxError as exc:
        return render(request, "message.html", code=422, title="Correction refused", message=str(exc))
    request.app.state.cache.invalidate()
    return RedirectResponse(safe_next(next), status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=safe_next(next), error=None)


@router.post("/login")
def login(request: Request, token: str = Form(""), name: str = Form(""), next: str = Form("/")) -> Response:
    guard = request.app.state.guard
    if not guard.token_ok(token):
        return render(request, "login.html", code=403, next=safe_next(next), error="Wrong token.")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, guard.make_session(name.strip() or "analyst"), httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout")
def logout(request: Request, who: Annotated[str, Depends(require_form_write)]) -> Response:
    response = RedirectResponse("/documents", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request) -> HTMLResponse:
    return render(request, "upload.html", jobs=request.app.state.jobs.recent(),
                  limit=request.app.state.settings.max_upload_bytes)


@router.post("/upload")
async def upload(request: Request, file: Annotated[UploadFile, File()], side: str = Form(""), publisher: str = Form(""),
                 published: str = Form(""), title: str = Form(""), csrf: str = Form("")) -> Response:
    require_form_write(request, csrf)
    data = await read_upload(request, file)
    job = request.app.state.jobs.submit(data, file.filename, declared_meta(side, publisher, published, title))
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "no such job")
    return render(request, "job.html", job=job)


@router.get("/export/{fmt}")
def export_download(request: Request, fmt: str, kind: str = "events") -> Response:
    return export_response(request, fmt, kind)
