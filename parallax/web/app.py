"""The workbench's ASGI app: ``create_app(db_url, token, data_dir)``.

Server-rendered pages (Jinja2, autoescape on) and a JSON API over the live
store; FastAPI publishes the API's OpenAPI schema at ``/openapi.json``.
Every response carries a strict Content-Security-Policy (scripts only from
``/static``), writes need the token (see :mod:`.security`), uploads are
capped in size before their body is read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..report.records import KIND_LABELS
from ..store import Store, open_store
from .cache import CachedPages, PageCache
from .jobs import Jobs
from .security import SECURITY_HEADERS, SESSION_COOKIE, Guard, new_token
from .static import MemoryStatic

HERE = Path(__file__).resolve().parent
REPORT_STATIC = HERE.parent / "report" / "static"
DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024
UPLOAD_PATHS = ("/upload", "/api/upload")
MULTIPART_SLACK = 64 * 1024  # form fields and boundaries around the file


@dataclass
class Settings:
    db_url: str
    token: str
    data_dir: Path
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD


class SecurityHeaders:
    """Adds the security headers to every HTTP response (pure ASGI, so it also covers static files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class UploadLimit:
    """Answers 413 for an upload bigger than the limit: at once when its
    Content-Length says so, else as soon as the streamed body exceeds it, so
    a large body is never read whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit + MULTIPART_SLACK

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or scope.get("path") not in UPLOAD_PATHS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await PlainTextResponse("upload too large", status_code=413)(scope, receive, send)
            return
        seen, exceeded, replaced = 0, False, False

        async def counted() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                exceeded = True
                raise _TooLarge  # stops the body parser; the app answers, the answer is replaced below
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal replaced
            if not exceeded:
                await send(message)
            elif not replaced:
                replaced = True
                await PlainTextResponse("upload too large", status_code=413)(scope, receive, send)

        try:
            await self.app(scope, counted, guarded_send)
        except _TooLarge:
            if not replaced:
                await PlainTextResponse("upload too large", status_code=413)(scope, receive, send)


class _TooLarge(Exception):
    pass


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(
        default=True, default_for_string=True), trim_blocks=True, lstrip_blocks=True)
    env.globals["kinds"] = KIND_LABELS
    return Jinja2Templates(env=env)


def create_app(db_url: str, token: str | None, data_dir: Path, max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The workbench over the store at ``db_url``; uploads go under ``data_dir``.
    Without a token, one is generated (``app.state.settings.token``).
    ``allowed_hosts`` limits the Host header (``parallax serve`` sets it on
    loopback, so a DNS-rebinding page cannot read the store through the browser)."""
    from . import api, pages

    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(db_url, token or new_token(), data_dir, max_upload_bytes)
    store: Store = open_store(db_url)
    jobs = Jobs(db_url, data_dir)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()
        store.close()

    app = FastAPI(title="Parallax workbench", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Documents, events, claims, links and analysts' corrections of a Parallax store.")
    app.state.settings = settings
    app.state.store = store
    app.state.guard = Guard(settings.token)
    app.state.jobs = jobs
    app.state.cache = PageCache(store.engine)
    jobs.on_change = app.state.cache.invalidate
    app.state.templates = _templates()
    app.mount("/static", MemoryStatic(HERE / "static"), name="static")
    app.mount("/report-static", MemoryStatic(REPORT_STATIC), name="report-static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(UploadLimit, limit=max_upload_bytes)
    app.state.html_cache = PageCache(store.engine, size=512)
    app.state.cache.followers.append(app.state.html_cache)
    app.add_middleware(CachedPages, cache=app.state.html_cache, guard=app.state.guard, cookie=SESSION_COOKIE)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """The app from environment variables, for servers that import a factory
    in each worker process (``uvicorn --factory --workers N
    parallax.web.app:app_from_env``): ``PARALLAX_DB`` (required),
    ``PARALLAX_TOKEN``, ``PARALLAX_WEB_DATA`` (default ``./parallax-data``)
    and ``PARALLAX_WEB_HOSTS`` (comma-separated allowed Host names) and
    ``PARALLAX_WEB_MAX_UPLOAD`` (bytes).
    Every worker must share the token (one is not generated per worker)."""
    import os

    db_url = os.environ.get("PARALLAX_DB")
    token = os.environ.get("PARALLAX_TOKEN")
    if not db_url or not token:
        raise RuntimeError("app_from_env needs PARALLAX_DB and PARALLAX_TOKEN")
    hosts = [h.strip() for h in os.environ.get("PARALLAX_WEB_HOSTS", "").split(",") if h.strip()]
    extra = {}
    if os.environ.get("PARALLAX_WEB_MAX_UPLOAD"):
        extra["max_upload_bytes"] = int(os.environ["PARALLAX_WEB_MAX_UPLOAD"])
    return create_app(db_url, token, Path(os.environ.get("PARALLAX_WEB_DATA", "parallax-data")),
                      allowed_hosts=hosts or None, **extra)


def state(request: Any) -> Any:
    """The app's state from a request (store, guard, jobs, templates, settings)."""
    return request.app.state
