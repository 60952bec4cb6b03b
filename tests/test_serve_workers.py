"""`parallax serve --workers 2` runs several server processes over one store."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PARALLAX = str(Path(sys.executable).parent / "parallax")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.status, resp.read().decode("utf-8")


def test_serve_with_two_workers(tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text("Ministry of Defence of Veldra\n4 March 2025\n\nOstmark forces shelled Dorva on 3 March.\n",
                   encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    subprocess.run([PARALLAX, "analyze", str(doc), "--db", db], check=True, capture_output=True, timeout=300)
    port = free_port()
    env = {**os.environ, "PARALLAX_TOKEN": "t" * 32}
    server = subprocess.Popen([PARALLAX, "serve", "--db", db, "--port", str(port), "--workers", "2",
                               "--data-dir", str(tmp_path / "data")],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, body = get(f"http://127.0.0.1:{port}/documents")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "the workbench did not start"
                time.sleep(0.5)
        assert status == 200 and "note" in body
        # Several requests, served by whichever worker takes them, all answer.
        assert all(get(f"http://127.0.0.1:{port}/events")[0] == 200 for _ in range(6))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
