"""Safe HTTP fetching for URL lists (``parallax batch``) and feeds (``parallax watch``).

Every request has a size cap, a timeout (per socket operation and an
overall deadline, so a server that drips bytes cannot hold a worker) and a
redirect limit. Only ``http`` and ``https`` are fetched, and a host whose
addresses fall in loopback, private, link-local, multicast or reserved
ranges is refused unless the caller allows it (``allow_private=True``):
a document list must not turn Parallax into a probe of the local network.
Redirects are followed by hand so that every hop is checked again.

urllib3 rather than requests/httpx: it is already installed (trafilatura
depends on it), it never reads proxy settings from the environment (a proxy
would bypass the address check) and it streams, so the cap holds.

Known limit: the address is checked on resolution and urllib3 resolves the
name again when it connects; a hostile DNS server answering differently the
second time (DNS rebinding) is not defended against.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3

from .errors import FetchError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_REDIRECTS = 5
USER_AGENT = "Parallax/0.1 (+document analysis; polite fetcher)"
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


@dataclass
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str | None
    data: bytes


@dataclass(frozen=True)
class FetchPolicy:
    """The limits of every request."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    allow_private: bool = False


def _blocked(addr: str) -> bool:
    ip = ipaddress.ip_address(addr.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified)


def check_url(url: str, allow_private: bool = False) -> tuple[str, int]:
    """Refuse what must not be fetched; returns (host, port)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"refused: only http and https URLs are fetched, not {parts.scheme or 'no scheme'!r}", url)
    host = parts.hostname
    if not host:
        raise FetchError("refused: the URL has no host", url)
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"refused: bad port ({exc})", url) from exc
    if not allow_private:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"cannot resolve {host}: {exc}", url) from exc
        for info in infos:
            addr = str(info[4][0])
            if _blocked(addr):
                raise FetchError(f"refused: {host} resolves to {addr}, a loopback, private or link-local "
                                 "address (allow it with --allow-private)", url)
    return host, port


_POOL: urllib3.PoolManager | None = None


def _pool() -> urllib3.PoolManager:
    global _POOL
    if _POOL is None:
        _POOL = urllib3.PoolManager(num_pools=20, headers={"User-Agent": USER_AGENT})
    return _POOL


def fetch(url: str, policy: FetchPolicy | None = None, *, allow_private: bool | None = None) -> Fetched:
    """GET ``url`` within the policy's limits; FetchError with the reason
    for anything else (never a library exception)."""
    policy = policy or FetchPolicy()
    if allow_private is not None:
        policy = FetchPolicy(policy.max_bytes, policy.timeout, policy.max_redirects, allow_private)
    deadline = time.monotonic() + policy.timeout
    current = url
    for _hop in range(policy.max_redirects + 1):
        check_url(current, policy.allow_private)
        resp = _request(current, policy, deadline)
        try:
            if resp.status in REDIRECTS:
                location = resp.headers.get("Location")
                if not location:
                    raise FetchError(f"redirect {resp.status} without a Location", url)
                current = urljoin(current, location)
                continue
            if resp.status >= 400:
                raise FetchError(f"HTTP {resp.status} from {current}", url)
            data = _read_capped(resp, policy, deadline, url)
            return Fetched(url, current, resp.status, resp.headers.get("Content-Type"), data)
        finally:
            resp.release_conn()
    raise FetchError(f"too many redirects (more than {policy.max_redirects})", url)


def _request(url: str, policy: FetchPolicy, deadline: float) -> urllib3.BaseHTTPResponse:
    remaining = max(deadline - time.monotonic(), 0.01)
    timeout = urllib3.Timeout(connect=min(policy.timeout, remaining), read=min(policy.timeout, remaining))
    try:
        return _pool().request("GET", url, redirect=False, retries=False, preload_content=False,
                               timeout=timeout)
    except urllib3.exceptions.TimeoutError as exc:
        raise FetchError(f"timed out after {policy.timeout:g} s", url) from exc
    except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
        raise FetchError(f"cannot fetch: {type(exc).__name__}: {exc}", url) from exc


def _read_capped(resp: urllib3.BaseHTTPResponse, policy: FetchPolicy, deadline: float, url: str) -> bytes:
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(f"too large: {declared} bytes, the limit is {policy.max_bytes}", url)
    buf = bytearray()
    try:
        for chunk in resp.stream(CHUNK):
            buf.extend(chunk)
            if len(buf) > policy.max_bytes:
                raise FetchError(f"too large: more than {policy.max_bytes} bytes", url)
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {policy.timeout:g} s (still reading)", url)
    except urllib3.exceptions.TimeoutError as exc:
        raise FetchError(f"timed out after {policy.timeout:g} s", url) from exc
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise FetchError(f"cannot read the response: {type(exc).__name__}: {exc}", url) from exc
    return bytes(buf)
