"""The workbench's caches (parallax.web.cache): pages and page data are
kept until the store changes, whoever changes it, and a signed-in analyst
never gets a page made for somebody else."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_store import TEXT, full_analysis

from parallax.store import open_store
from parallax.web import create_app
from parallax.web.cache import PageCache

TOKEN = "cache-token-123"


@pytest.fixture()
def env(store_url: str, tmp_path: Path):
    """An app over a store holding one document, and a second Store on the
    same database standing for another process (``parallax analyze``)."""
    other = open_store(store_url)
    other.save_analysis(full_analysis())
    app = create_app(store_url, TOKEN, tmp_path / "data")
    with TestClient(app) as client:
        yield app, client, other
    other.close()


def _second_document(n: int):
    return full_analysis(TEXT + f"Update number {n} of the Veldran staff.\n", path=f"/corpus/update-{n}.txt")


def test_page_cache_recomputes_after_a_write_from_another_connection(store_url: str) -> None:
    store, other = open_store(store_url), open_store(store_url)
    cache = PageCache(store.engine, check_every=0)
    calls = []

    def count() -> int:
        calls.append(1)
        return other.stats()["documents"]

    assert cache.get(("n",), count) == 0 and cache.get(("n",), count) == 0
    assert len(calls) == 1  # the second answer came from the cache
    other.save_analysis(full_analysis())
    assert cache.get(("n",), count) == 1 and len(calls) == 2
    cache.invalidate()
    assert cache.get(("n",), count) == 1 and len(calls) == 3
    store.close()
    other.close()


def test_anonymous_pages_are_cached_until_the_store_changes(env) -> None:
    app, client, other = env
    first = client.get("/documents")
    assert first.status_code == 200 and "Statement of the Veldran Defence Staff" in first.text
    hits = app.state.html_cache.hits
    again = client.get("/documents")
    assert again.text == first.text and app.state.html_cache.hits == hits + 1
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    # another process stores a document: the page shows it once the version is re-read (at most 1 s)
    other.save_analysis(_second_document(1))
    time.sleep(app.state.html_cache.check_every + 0.1)
    assert "1 in all" in first.text and "2 in all" in client.get("/documents").text


def test_signed_in_pages_are_never_the_anonymous_copy(env) -> None:
    _, client, _ = env
    anonymous = client.get("/events").text
    assert "Sign in to review" in anonymous and 'name="csrf"' not in anonymous
    client.post("/login", data={"token": TOKEN, "name": "ana"}, follow_redirects=False)
    mine = client.get("/events").text
    assert "ana" in mine and 'name="csrf"' in mine and "Sign in to review" not in mine
    assert "pxname" not in mine and "pxcsrf" not in mine  # the marks were filled in


def test_each_analyst_gets_their_own_name_and_csrf_token(env) -> None:
    app, client, _ = env
    event_id = client.get("/api/events").json()["items"][0]["id"]
    analysts, pages, tokens = [], [], []
    for name in ("ana", "<b>bo</b>"):
        analyst = TestClient(app)
        analyst.post("/login", data={"token": TOKEN, "name": name}, follow_redirects=False)
        hits = app.state.html_cache.hits
        page = analyst.get("/events").text
        pages.append((page, app.state.html_cache.hits - hits))
        tokens.append(re.search(r'name="csrf" value="([^"]+)"', page).group(1))
        analysts.append(analyst)
    assert [hit for _, hit in pages] == [0, 1]  # rendered once with marks, then served from the cache
    assert tokens[0] != tokens[1]
    assert "&lt;b&gt;bo&lt;/b&gt;" in pages[1][0] and "<b>bo</b>" not in pages[1][0]
    for analyst, token in zip(analysts, tokens):  # the token on each page is the one its session accepts
        posted = analyst.post("/review", data={"csrf": token, "kind": "events", "record_id": event_id,
                                               "action": "confirm", "next": "/events"}, follow_redirects=False)
        assert posted.status_code == 303
    wrong = analysts[0].post("/review", data={"csrf": tokens[1], "kind": "events", "record_id": event_id,
                                              "action": "confirm"}, follow_redirects=False)
    assert wrong.status_code == 403
    forger = TestClient(app)  # a session cookie that does not verify is served no cached page
    forger.cookies.set("px_session", "e30.deadbeef")
    hits = app.state.html_cache.hits
    assert "Sign in to review" in forger.get("/events").text and app.state.html_cache.hits == hits


def test_a_correction_shows_at_once(env) -> None:
    _, client, _ = env
    event_id = client.get("/api/events").json()["items"][0]["id"]
    assert "rejected" not in client.get("/events").text
    posted = client.post("/api/corrections", headers={"Authorization": f"Bearer {TOKEN}"},
                         json={"kind": "events", "record_id": event_id, "action": "reject"})
    assert posted.status_code == 201
    assert "rejected" in client.get("/events").text  # no wait for the version check


def test_uploads_and_jobs_are_never_cached(env) -> None:
    app, client, _ = env
    client.get("/upload")
    client.get("/upload")
    client.get("/api/documents")
    client.get("/api/documents")
    assert app.state.html_cache.hits == 0


def test_app_from_env_for_worker_processes(tmp_path: Path, monkeypatch) -> None:
    from parallax.web.app import app_from_env

    monkeypatch.delenv("PARALLAX_TOKEN", raising=False)
    monkeypatch.setenv("PARALLAX_DB", f"sqlite:///{tmp_path / 'w.db'}")
    with pytest.raises(RuntimeError, match="PARALLAX_TOKEN"):
        app_from_env()  # each worker would make up a different token
    monkeypatch.setenv("PARALLAX_TOKEN", TOKEN)
    monkeypatch.setenv("PARALLAX_WEB_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("PARALLAX_WEB_HOSTS", "127.0.0.1")
    app = app_from_env()
    assert app.state.settings.token == TOKEN and app.state.settings.data_dir == (tmp_path / "data").resolve()
    with TestClient(app, base_url="http://evil.example") as client:
        assert client.get("/documents").status_code == 400  # the Host header is checked
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/documents").status_code == 200
