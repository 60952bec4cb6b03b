"""Memoised page data, keyed by the store's version.

The workbench's lists, facets and totals are the same for every reader
until somebody writes, and computing them is most of a request's cost on a
large store. Each value is kept with the store's *version*: the highest ids
of the tables a write touches and the number of documents, read by one
cheap query (index look-ups). Any save, re-analysis, deletion, new compare
run or correction changes it, from this process or another (``parallax
analyze`` or ``batch`` on the same database), and the cached values are
dropped. The version is read at most every ``check_every`` seconds, so a
write from another process shows within that time; this process's own
writes call :meth:`PageCache.invalidate` and show at once.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from markupsafe import escape
from sqlalchemy import Engine, text

T = TypeVar("T")
VERSION_SQL = text(
    "SELECT (SELECT MAX(id) FROM documents), (SELECT COUNT(*) FROM documents), (SELECT MAX(id) FROM events), "
    "(SELECT MAX(id) FROM claims), (SELECT MAX(id) FROM corrections), (SELECT MAX(id) FROM links_xdoc)")


class PageCache:
    """A bounded LRU of values computed from the store, valid for one store version."""

    def __init__(self, engine: Engine, size: int = 2048, check_every: float = 1.0) -> None:
        self.engine = engine
        self.size = size
        self.check_every = check_every
        self._lock = threading.Lock()
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._version: tuple[Any, ...] | None = None
        self._checked = 0.0
        self.hits = self.misses = 0
        self.followers: list[PageCache] = []  # caches invalidated with this one

    def invalidate(self) -> None:
        """Drop everything (this process wrote to the store)."""
        with self._lock:
            self._values.clear()
            self._version, self._checked = None, 0.0
        for follower in self.followers:
            follower.invalidate()

    def _current(self) -> None:
        """Re-read the store's version when it is due; drop the values when it changed."""
        now = time.monotonic()
        if now - self._checked < self.check_every:
            return
        with self.engine.connect() as conn:
            version = tuple(conn.execute(VERSION_SQL).one())
        with self._lock:
            self._checked = now
            if version != self._version:
                self._values.clear()
                self._version = version

    def due(self) -> bool:
        """Whether the next look-up re-reads the store's version (a query)."""
        return time.monotonic() - self._checked >= self.check_every

    def lookup(self, key: Hashable) -> Any | None:
        """The cached value of ``key`` for the current version, or None."""
        self._current()
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]
        return None

    def version_token(self) -> tuple[Any, ...] | None:
        """The version a value about to be computed belongs to (for :meth:`store`)."""
        with self._lock:
            return self._version

    def store(self, key: Hashable, value: Any, version: tuple[Any, ...] | None) -> None:
        """Keep a value computed at ``version`` unless the store changed since."""
        with self._lock:
            self.misses += 1
            if version is not None and self._version == version:
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``key``, computed (outside the lock) when missing."""
        self._current()
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]
            version = self._version
        value = compute()
        self.store(key, value, version)  # kept only if the store did not change meanwhile
        return value


CACHED_PAGES = ("/documents", "/events", "/claims", "/compare", "/timeline", "/sources", "/search", "/corrections")


# Marks a page rendered for the cache carries where a signed-in analyst's
# name and CSRF token go; random per process, so no document can contain them.
_MARK = secrets.token_hex(12)
NAME_MARK, CSRF_MARK = f"pxname{_MARK}", f"pxcsrf{_MARK}"
MARKS_FLAG = "px_render_marks"  # in request.state: render with the marks (see pages.render)


class CachedPages:
    """ASGI middleware: whole HTML pages kept until the store changes.

    A page depends only on its URL, the store and whether the reader is
    signed in; for a signed-in analyst it also holds their name and CSRF
    token (review forms, sign-out). So a page is kept once for readers who
    are not signed in, and once for analysts, rendered with marks in place
    of the name and the token that are filled in for each analyst on the
    way out (their values escaped). It is answered without routing or
    rendering until the store changes. Other methods and paths (the API,
    jobs, uploads, sign-in), and a session cookie that does not verify,
    always reach the app.
    """

    def __init__(self, app: Any, cache: PageCache, guard: Any, cookie: str) -> None:
        self.app = app
        self.cache = cache
        self.guard = guard
        self.cookie = cookie.encode()

    def _mode(self, scope: dict[str, Any]) -> tuple[str, Any] | None:
        """("anonymous", None) or ("signed", session) when the page may come from the cache."""
        if scope["type"] != "http" or scope.get("method") != "GET":
            return None
        path = scope.get("path", "")
        if not any(path == p or path.startswith(p + "/") for p in CACHED_PAGES):
            return None
        cookies = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie")
        if self.cookie + b"=" not in cookies:
            return "anonymous", None
        from starlette.requests import Request

        session = self.guard.session(Request(scope))
        return ("signed", session) if session is not None else None

    def _fill(self, start: dict[str, Any], body: bytes, session: Any) -> tuple[dict[str, Any], bytes]:
        if session is None:
            return start, body
        body = (body.replace(NAME_MARK.encode(), str(escape(session.name)).encode("utf-8"))
                .replace(CSRF_MARK.encode(), self.guard.csrf_for(session).encode()))
        headers = [(k, str(len(body)).encode() if k == b"content-length" else v) for k, v in start["headers"]]
        return {**start, "headers": headers}, body

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        mode = self._mode(scope)
        if mode is None:
            await self.app(scope, receive, send)
            return
        kind, session = mode
        key = ("html", kind, scope["path"], scope.get("query_string", b""))
        hit = await _in_thread(self.cache.lookup, key) if self.cache.due() else self.cache.lookup(key)
        if hit is not None:
            start, body = self._fill(*hit, session)
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        version = self.cache.version_token()
        if session is not None:
            scope.setdefault("state", {})[MARKS_FLAG] = True
        parts: dict[str, Any] = {"body": []}

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                parts["start"] = message
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            parts["body"].append(message.get("body", b""))
            if message.get("more_body"):
                return
            start, body = parts["start"], b"".join(parts["body"])
            if start["status"] == 200:
                self.cache.store(key, (start, body), version)
            start, body = self._fill(start, body, session)
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


async def _in_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run a call that may query the store off the event loop."""
    import anyio.to_thread

    return await anyio.to_thread.run_sync(fn, *args)
