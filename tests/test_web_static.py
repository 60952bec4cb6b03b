"""The workbench's scripts and styles come from memory (parallax.web.static):
exact names only, with an ETag a browser revalidates against."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from parallax.web import create_app

ROOT = Path(__file__).resolve().parents[1]


def test_static_files_from_memory(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 's.db'}", "static-token", tmp_path / "data")
    with TestClient(app) as client:
        js = client.get("/report-static/report.js")
        assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
        assert js.content == (ROOT / "parallax/report/static/report.js").read_bytes()
        assert "max-age" in js.headers["cache-control"]
        assert js.headers["content-security-policy"]  # the security headers cover static files too
        again = client.get("/report-static/report.js", headers={"If-None-Match": js.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        assert client.get("/static/web.css").headers["content-type"].startswith("text/css")
        head = client.head("/static/web.js")
        assert head.status_code == 200 and int(head.headers["content-length"]) > 100 and head.content == b""
        for bad in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/", "/static/nope.js",
                    "/report-static/../build.py"):
            assert client.get(bad).status_code == 404, bad
        assert client.post("/static/web.js").status_code == 405
