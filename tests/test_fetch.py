"""parallax.fetch: refusals and limits, against a local HTTP server."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from parallax.errors import ParallaxError
from parallax.fetch import FetchError, FetchPolicy, fetch


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        if self.path == "/ok":
            self._send(b"hello from veldra")
        elif self.path == "/big":
            self._send(b"x" * 5000)
        elif self.path == "/big-undeclared":
            self.send_response(200)
            self.end_headers()  # no Content-Length: the cap must hold while streaming
            self.wfile.write(b"y" * 5000)
        elif self.path.startswith("/hop/"):
            n = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", "/ok" if n == 0 else f"/hop/{n - 1}")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(3)
            self._send(b"late")
        else:
            self.send_response(404)
            self.end_headers()

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetches_with_allowance(server: str) -> None:
    got = fetch(f"{server}/ok", allow_private=True)
    assert got.data == b"hello from veldra" and got.status == 200


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x", "/relative"])
def test_refuses_other_schemes(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url, allow_private=True)


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "[::1]", "localhost"])
def test_refuses_private_addresses_without_allowance(host: str) -> None:
    with pytest.raises(FetchError, match="refused") as info:
        fetch(f"http://{host}:9/x")
    assert isinstance(info.value, ParallaxError) and info.value.code == "P620"


def test_local_server_refused_without_allowance(server: str) -> None:
    with pytest.raises(FetchError, match="loopback, private or link-local"):
        fetch(f"{server}/ok")


def test_size_cap_declared_and_streamed(server: str) -> None:
    policy = FetchPolicy(max_bytes=1000, allow_private=True)
    with pytest.raises(FetchError, match="too large"):
        fetch(f"{server}/big", policy)
    with pytest.raises(FetchError, match="too large"):
        fetch(f"{server}/big-undeclared", policy)
    assert len(fetch(f"{server}/big", FetchPolicy(max_bytes=5000, allow_private=True)).data) == 5000


def test_redirect_limit(server: str) -> None:
    policy = FetchPolicy(max_redirects=3, allow_private=True)
    got = fetch(f"{server}/hop/2", policy)  # 3 redirects: allowed
    assert got.data == b"hello from veldra" and got.final_url.endswith("/ok")
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(f"{server}/hop/5", policy)


def test_redirect_to_private_address_is_checked_again(server: str) -> None:
    # Allowed for the first hop only if the policy allows it; here it is refused at the start.
    with pytest.raises(FetchError, match="refused"):
        fetch(f"{server}/hop/0", FetchPolicy(allow_private=False))


def test_timeout(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{server}/slow", FetchPolicy(timeout=0.5, allow_private=True))
    assert time.monotonic() - started < 2.5


def test_http_error_status(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/missing", allow_private=True)
