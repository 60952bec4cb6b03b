"""The HTML pages: the report's views over the live store, plus search,
upload, review and the corrections log. Forms post with the session's CSRF
token; a page never builds markup from document text (autoescape)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from ..errors import ParallaxError
from ..export import FORMATS
from ..report.highlight import Span, tokens
from ..report.records import record_fields, record_title
from . import queries as q
from . import review
from .api import Filters, declared_meta, export_response, read_upload
from .search import search
from .security import SESSION_COOKIE

router = APIRouter(include_in_schema=False)
SPAN_KINDS = ("events", "claims", "quantities", "times", "places", "citations")


def render(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    st = request.app.state
    session = st.guard.session(request)
    context.update(request=request, session=session, csrf=st.guard.csrf_for(session), formats=FORMATS,
                   editable=review.EDITABLE, query=lambda **kw: urlencode({k: v for k, v in kw.items() if v}))
    return st.templates.TemplateResponse(request, name, context, status_code=code)


def _conn(request: Request) -> Any:
    return request.app.state.store.engine.connect()


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
    with _conn(request) as conn:
        result = q.documents_page(conn, max(page, 1), side=side)
        sides = q.facets(conn)["side"]
    return render(request, "documents.html", page=result, side=side, sides=sides)


def _doc_spans(analysis: Any) -> list[Span]:
    return [Span(rec.start, rec.end, kind, f"{kind}-{idx}")
            for kind in SPAN_KINDS for idx, rec in enumerate(getattr(analysis, kind))]


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: int) -> HTMLResponse:
    store = request.app.state.store
    with _conn(request) as conn:
        row = q.document_row(conn, doc_id)
        if row is None:
            raise HTTPException(404, f"no document {doc_id}")
        ids = {kind: list(conn.scalars(select(t.c.id).where(t.c.document_id == doc_id).order_by(t.c.idx)))
               for kind, t in (("events", q.EVENTS), ("claims", q.CLAIMS))}
        status = {kind: q.review_status(conn, kind, ids[kind]) for kind in ids}
    analysis = store.load_analysis(doc_id)
    text = analysis.document.text
    titles = {f"{k}-{i}": record_title(k, r) for k in SPAN_KINDS for i, r in enumerate(getattr(analysis, k))}
    records = {kind: [{"rec": f"{kind}-{i}", "id": ids[kind][i] if i < len(ids[kind]) else None,
                       "title": titles[f"{kind}-{i}"], "text": text[r.start:r.end],
                       "fields": record_fields(kind, r, text),
                       "status": status[kind].get(ids[kind][i]) if i < len(ids[kind]) else None}
                      for i, r in enumerate(getattr(analysis, kind))] for kind in ("events", "claims")}
    return render(request, "document.html", doc=row, tokens=tokens(text, _doc_spans(analysis)), titles=titles,
                  records=records)


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, filters: Filters, page: int = 1) -> HTMLResponse:
    with _conn(request) as conn:
        result = q.events_page(conn, filters, max(page, 1))
        status = q.review_status(conn, "events", [r["id"] for r in result.items])
        options = q.facets(conn)
    return render(request, "events.html", page=result, filters=filters, options=options, status=status)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, filters: Filters, page: int = 1) -> HTMLResponse:
    with _conn(request) as conn:
        result = q.events_page(conn, filters, max(page, 1), size=100)
        sides = q.facets(conn)["side"]
    days: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for row in result.items:
        day = (row["time_begin"] or "undated")[:10]
        days.setdefault(day, {}).setdefault(row["side"] or "unknown", []).append(row)
    columns = sides + (["unknown"] if any("unknown" in d for d in days.values()) else [])
    return render(request, "timeline.html", page=result, days=days, columns=columns, filters=filters)


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, page: int = 1, side: str = "") -> HTMLResponse:
    with _conn(request) as conn:
        result = q.claims_page(conn, max(page, 1), side=side)
        status = q.review_status(conn, "claims", [r["id"] for r in result.items])
    return render(request, "claims.html", page=result, status=status, side=side)


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, page: int = 1, relation: str = "") -> HTMLResponse:
    with _conn(request) as conn:
        result = q.links_page(conn, max(page, 1), relation=relation)
        status = q.review_status(conn, "links_xdoc", [r["id"] for r in result.items])
    return render(request, "compare.html", page=result, status=status, relation=relation)


@router.post("/compare")
def compare_run(request: Request, who: Annotated[str, Depends(require_form_write)]) -> Response:
    job = request.app.state.jobs.submit_compare()
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, page: int = 1) -> HTMLResponse:
    with _conn(request) as conn:
        result = q.citations_page(conn, max(page, 1))
    return render(request, "sources.html", page=result)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q_: str = "", page: int = 1) -> HTMLResponse:
    text = request.query_params.get("q", q_)
    hits = search(request.app.state.store.engine, text, limit=50, offset=(max(page, 1) - 1) * 50)
    return render(request, "search.html", q=text, hits=hits, page_no=max(page, 1))


@router.get("/corrections", response_class=HTMLResponse)
def corrections(request: Request, page: int = 1) -> HTMLResponse:
    with _conn(request) as conn:
        result = q.corrections_page(conn, max(page, 1))
    return render(request, "corrections.html", page=result)


@router.post("/review")
def review_post(request: Request, who: Annotated[str, Depends(require_form_write)], kind: str = Form(...),
                record_id: int = Form(...), action: str = Form(...), field: str = Form(""),
                new_value: str = Form(""), note: str = Form(""), next: str = Form("/")) -> Response:
    try:
        review.add(request.app.state.store, kind, record_id, action, field, new_value, author=who, note=note)
    except ParallaxError as exc:
        return render(request, "message.html", code=422, title="Correction refused", message=str(exc))
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
