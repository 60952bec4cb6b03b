"""Who may write, and the headers every response carries.

Writes need the server's token: API clients send it as
``Authorization: Bearer <token>`` (or ``X-Parallax-Token``); a browser
signs in once with it and gets a session cookie (HttpOnly, SameSite=Strict)
signed with an HMAC of the token; its form posts also carry a CSRF token
(hidden field or ``X-CSRF-Token`` header) bound to that session. The
signing is hand-written with the standard library's ``hmac`` to avoid
pulling in a session framework for two values.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

SESSION_COOKIE = "px_session"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def new_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass
class Session:
    name: str
    nonce: str


class Guard:
    """Checks tokens, sessions and CSRF tokens against the server's token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self._key = hashlib.sha256(b"parallax-web:" + token.encode()).digest()

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).hexdigest()

    def token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given).encode(), self.token.encode())

    def bearer_ok(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-parallax-token")
        return self.token_ok(given)

    def make_session(self, name: str) -> str:
        payload = base64.urlsafe_b64encode(json.dumps({"n": name[:80], "r": secrets.token_hex(16)}).encode()).decode()
        return f"{payload}.{self._sign(payload)}"

    def session(self, request: Request) -> Session | None:
        raw = request.cookies.get(SESSION_COOKIE, "")
        payload, _, sig = raw.rpartition(".")
        if not payload or not hmac.compare_digest(sig, self._sign(payload)):
            return None
        try:
            data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload.encode()))
            return Session(str(data["n"]), str(data["r"]))
        except (ValueError, KeyError, TypeError):
            return None

    def csrf_for(self, session: Session | None) -> str:
        return self._sign("csrf:" + session.nonce) if session else ""

    def csrf_ok(self, session: Session | None, given: str | None) -> bool:
        return session is not None and bool(given) and hmac.compare_digest(str(given), self.csrf_for(session))
