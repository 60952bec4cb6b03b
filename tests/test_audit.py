"""The supply-chain audit reads PyPI's advisory data correctly (served locally)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent.parent / "scripts" / "audit_pypi.py"

PROJECTS = {
    "safe": {"info": {"version": "1.0"}, "vulnerabilities": []},
    "leaky": {"info": {"version": "2.0"}, "vulnerabilities": [
        {"id": "PYSEC-0000-1", "aliases": ["CVE-0000-1"], "fixed_in": [], "summary": "open in 2.0"}]},
    "oldfixed": {"info": {"version": "3.0"}, "vulnerabilities": [
        {"id": "PYSEC-0000-2", "aliases": [], "fixed_in": ["1.5"], "summary": "fixed in 1.5"}]},
}


class Index(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        name = self.path.strip("/").split("/")[0]
        body = PROJECTS.get(name)
        if body is None:
            self.send_error(404)
            return
        raw = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def index_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/{{name}}/json"
    server.shutdown()


def run_audit(tmp_path: Path, index_url: str, pins: str, *extra: str) -> subprocess.CompletedProcess:
    lock = tmp_path / "requirements.lock"
    lock.write_text(pins)
    return subprocess.run([sys.executable, str(SCRIPT), "--lock", str(lock), *extra],
                          capture_output=True, text=True, env={"AUDIT_INDEX_URL": index_url}, timeout=60)


def test_clean_pins_pass(tmp_path, index_url):
    done = run_audit(tmp_path, index_url, "safe==1.0\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 checked exactly" in done.stdout


def test_open_advisory_fails(tmp_path, index_url):
    done = run_audit(tmp_path, index_url, "safe==1.0\nleaky==2.0\n")
    assert done.returncode == 1
    assert "VULNERABLE leaky==2.0: PYSEC-0000-1" in done.stdout


def test_older_pin_checked_against_open_and_fixed_advisories(tmp_path, index_url):
    # oldfixed 1.0 is below the fix (1.5): affected. 2.0 is above it: not.
    assert run_audit(tmp_path, index_url, "oldfixed==1.0\n").returncode == 1
    done = run_audit(tmp_path, index_url, "oldfixed==2.0\n")
    assert done.returncode == 0
    assert run_audit(tmp_path, index_url, "oldfixed==2.0\n", "--strict").returncode == 3


def test_unreachable_index_is_not_a_pass(tmp_path):
    done = run_audit(tmp_path, "http://127.0.0.1:9/{name}/json", "safe==1.0\n")
    assert done.returncode == 2
    assert "unreachable" in done.stdout
