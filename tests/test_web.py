"""The web workbench (parallax.web) through FastAPI's TestClient, over a
store filled once by the real pipeline on examples/corpus: the JSON API,
filters, search, review with token and CSRF, exports with corrections,
uploads and their limits, escaping and the security headers."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from parallax.align import align
from parallax.runner import AnalyzeRun
from parallax.web import create_app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
TOKEN = "test-token-123"
HOSTILE = ("Bulletin <img src=x onerror=alert(2)>\n\n"
           "Ostmark said on 5 March 2025 that <script>alert(1)</script> the army of Veldra shelled the town of "
           "Dorva, killing two civilians. Veldra denied that its forces fired at Dorva.\n")
SMALL_UPLOAD = ("Monitor note\n\nOn 6 March 2025 the monitor visited the village of Lisk and met local officials. "
                "The monitor said that two houses were damaged by shelling.\n")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """(client, app, data_dir, hostile document id) over a store analysed once for the module."""
    tmp = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{tmp / 'store.db'}"
    run = AnalyzeRun(url)
    results = run.run([str(CORPUS)], progress=False)
    assert [r.status for r in results].count("stored") == 5, results
    hostile = tmp / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    hostile_result = run.process(hostile)
    assert hostile_result.status == "stored", hostile_result
    store = run.store
    analyses = [store.load_analysis(str(r["id"])) for r in store.documents()]
    assert store.save_cross_links(align(analyses), replace_stage="align") > 0
    data_dir = tmp / "data"
    app = create_app(url, TOKEN, data_dir, max_upload_bytes=64 * 1024)
    with TestClient(app) as client:
        yield client, app, data_dir, hostile_result.doc_id


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def first_event(client, **filters) -> dict:
    items = client.get("/api/events", params={**filters, "size": 500}).json()["items"]
    assert items
    return items[0]


# -- reading -----------------------------------------------------------------------


def test_documents_api_lists_the_corpus_with_counts(env):
    client, *_ = env
    body = client.get("/api/documents").json()
    assert body["total"] == 6
    sides = {d["side"] for d in body["items"]}
    assert {"veldra", "ostmark", "neutral"} <= sides
    assert all("text" not in d for d in body["items"])  # lists never carry the text
    assert sum(d["events"] for d in body["items"]) > 10
    assert client.get("/api/documents", params={"side": "veldra"}).json()["total"] == 2
    paged = client.get("/api/documents", params={"size": 2, "page": 2}).json()
    assert len(paged["items"]) == 2 and paged["pages"] == 3


def test_document_api_has_text_records_and_row_ids(env):
    client, *_ = env
    doc = client.get("/api/documents", params={"side": "neutral"}).json()["items"][0]
    body = client.get(f"/api/documents/{doc['id']}").json()
    assert body["text"] and body["analysis"]["events"]
    assert len(body["record_ids"]["events"]) == len(body["analysis"]["events"])
    assert client.get("/api/documents/99999").status_code == 404


def test_event_filters(env):
    client, *_ = env
    everything = client.get("/api/events", params={"size": 500}).json()
    assert everything["total"] == len(everything["items"]) > 10
    by_type = client.get("/api/events", params={"type": "ASSAULT", "size": 500}).json()
    assert 0 < by_type["total"] < everything["total"]
    assert {e["type"] for e in by_type["items"]} == {"ASSAULT"}
    by_side = client.get("/api/events", params={"side": "veldra", "size": 500}).json()["items"]
    assert by_side and {e["side"] for e in by_side} == {"veldra"}
    denied = client.get("/api/events", params={"stance": "denied", "size": 500}).json()["items"]
    assert denied and {e["stance"] for e in denied} == {"denied"}
    dated = client.get("/api/events", params={"date_from": "2025-03-04", "date_to": "2025-03-04",
                                               "size": 500}).json()["items"]
    assert dated and all(e["time_begin"][:10] <= "2025-03-04" <= (e["time_end"] or e["time_begin"])[:10]
                         for e in dated)
    assert len(dated) < everything["total"]
    actor = client.get("/api/events", params={"actor": "ostmark", "size": 500}).json()["items"]
    assert actor and all("ostmark" in str(e["actors"] + e["targets"]).lower() for e in actor)
    place = client.get("/api/events", params={"place": "dorva", "size": 500}).json()["items"]
    assert place and all("dorva" in str(e["places"]).lower() for e in place)
    assert client.get("/api/events", params={"type": "NO_SUCH"}).json()["total"] == 0
    # the page applies the same filters
    page = client.get("/events", params={"stance": "denied"}).text
    assert page.count('<tr id="event-') == len(denied)


def test_search(env):
    client, *_ = env
    hits = client.get("/api/search", params={"q": "artillery"}).json()
    assert hits and {"documents", "events", "claims"} & {h["kind"] for h in hits}
    assert all("artillery" in h["snippet"].lower() for h in hits)
    assert client.get("/api/search", params={"q": "zzzqqqxx"}).json() == []
    # FTS syntax in the input is taken as words, never as an operator or an error
    assert client.get("/api/search", params={"q": '"AND OR ( NEAR'}).status_code == 200
    assert client.get("/api/search", params={"q": "  "}).json() == []
    page = client.get("/search", params={"q": "artillery"}).text
    assert "<mark>artillery</mark>" in page.lower()


def test_links_and_other_lists(env):
    client, *_ = env
    links = client.get("/api/links").json()
    assert links["total"] > 0
    link = links["items"][0]
    assert link["a_evidence"] and link["b_evidence"] and link["a_document_id"] != link["b_document_id"]
    assert client.get("/api/claims").json()["total"] > 0
    assert client.get("/api/sources").json()["total"] > 0
    for path in ("/documents", "/events", "/claims", "/compare", "/timeline", "/sources", "/corrections", "/upload"):
        assert client.get(path).status_code == 200, path


def test_openapi_describes_the_api(env):
    client, *_ = env
    spec = client.get("/openapi.json").json()
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/claims", "/api/links",
                 "/api/corrections", "/api/search", "/api/upload"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/corrections"]
    assert not any(p.startswith("/documents") for p in spec["paths"])  # pages are not API


# -- writing: token, CSRF, corrections, exports --------------------------------------


def test_writes_need_the_token(env):
    client, *_ = env
    event = first_event(client)
    body = {"kind": "events", "record_id": event["id"], "action": "confirm"}
    assert client.post("/api/corrections", json=body).status_code == 401
    assert client.post("/api/corrections", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/api/upload", files={"file": ("a.txt", b"hello")}).status_code == 401
    assert client.get("/api/corrections").json()["total"] == 0 or all(
        c["record_id"] != event["id"] or c["author"] for c in client.get("/api/corrections").json()["items"])


def _acled(client) -> list[dict]:
    response = client.get("/api/export/acled")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.text)))


def test_correction_is_stored_listed_and_exported(env):
    client, *_ = env
    event = first_event(client, stance="asserted", type="ASSAULT")
    response = client.post("/api/corrections", headers=auth(), json={
        "kind": "events", "record_id": event["id"], "action": "edit", "field": "stance", "new_value": "denied",
        "author": "ana", "note": "the source retracted"})
    assert response.status_code == 201, response.text
    listed = client.get("/api/corrections").json()["items"]
    mine = next(c for c in listed if c["id"] == response.json()["id"])
    assert (mine["record_kind"], mine["record_id"], mine["field"]) == ("events", event["id"], "stance")
    assert (mine["old_value"], mine["new_value"], mine["author"]) == ("asserted", "denied", "ana")
    assert mine["created_at"]
    row = next(r for r in _acled(client) if r["event_id"] == str(event["id"]))
    assert row["stance"] == "denied" and row["review_status"] == "corrected" and row["corrected_fields"] == "stance"
    assert "the source retracted" in client.get("/corrections").text
    # a rejected event leaves the ACLED export
    other = client.get("/api/events", params={"type": "ASSAULT", "size": 500}).json()["items"][-1]
    assert client.post("/api/corrections", headers=auth(), json={
        "kind": "events", "record_id": other["id"], "action": "reject"}).status_code == 201
    assert str(other["id"]) not in {r["event_id"] for r in _acled(client)}


def test_bad_corrections_are_refused_with_a_reason(env):
    client, *_ = env
    event = first_event(client)
    bad = [{"kind": "events", "record_id": event["id"], "action": "destroy"},
           {"kind": "events", "record_id": event["id"], "action": "edit", "field": "password", "new_value": "x"},
           {"kind": "events", "record_id": 999999, "action": "confirm"},
           {"kind": "documents", "record_id": 1, "action": "confirm"}]
    for body in bad:
        response = client.post("/api/corrections", headers=auth(), json=body)
        assert response.status_code == 422, body
        assert response.json()["detail"]


def test_link_and_claim_corrections(env):
    client, app, *_ = env
    links = client.get("/api/links", params={"size": 500}).json()["items"]
    link = next(x for x in links if x["relation"] != "COMPLEMENT")
    claim = client.get("/api/claims").json()["items"][0]
    for body in ({"kind": "links", "record_id": link["id"], "action": "edit", "field": "relation",
                  "new_value": "complement"},
                 {"kind": "claims", "record_id": claim["id"], "action": "confirm"}):
        assert client.post("/api/corrections", headers=auth(), json=body).status_code == 201
    corrections = client.get("/api/corrections", params={"size": 500}).json()["items"]
    mine = next(c for c in corrections if c["record_kind"] == "links_xdoc" and c["record_id"] == link["id"])
    assert (mine["field"], mine["old_value"], mine["new_value"]) == ("relation", link["relation"], "COMPLEMENT")
    assert "confirmed" in client.get("/claims").text
    # reads apply it: the links list, the side-by-side page and the store's links
    after = {x["id"]: x for x in client.get("/api/links", params={"size": 500}).json()["items"]}
    assert after[link["id"]]["relation"] == "COMPLEMENT"
    page = client.get("/compare").text
    assert f"machine: {link['relation']}" in page
    store = app.state.store
    assert len(store.cross_links()) == len(store.cross_links(corrected=False)) == len(links)
    assert [x.relation for x in store.cross_links()].count("COMPLEMENT") == (
        [x.relation for x in store.cross_links(corrected=False)].count("COMPLEMENT") + 1)
    # a relation that does not exist is refused with the reason
    bad = client.post("/api/corrections", headers=auth(), json={"kind": "links", "record_id": link["id"],
                                                                "action": "edit", "field": "relation",
                                                                "new_value": "MAYBE"})
    assert bad.status_code == 422 and "relation is one of" in bad.text


def _login(client, name: str = "Analyst Kim") -> str:
    response = client.post("/login", data={"token": TOKEN, "name": name, "next": "/events"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/events"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/events").text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_form_review_needs_session_and_csrf(env):
    client, app, *_ = env
    event = first_event(client, type="ASSAULT")
    form = {"kind": "events", "record_id": str(event["id"]), "action": "confirm", "next": "/events"}
    with TestClient(app) as anonymous:
        assert anonymous.post("/review", data=form, follow_redirects=False).status_code == 401
        assert anonymous.post("/login", data={"token": "nope", "name": "x"}).status_code == 403
    with TestClient(app) as browser:
        csrf = _login(browser)
        assert browser.post("/review", data=form, follow_redirects=False).status_code == 403  # no CSRF token
        assert browser.post("/review", data={**form, "csrf": "forged"}, follow_redirects=False).status_code == 403
        # a session cookie alone does not authorise the API either
        assert browser.post("/api/corrections", json={"kind": "events", "record_id": event["id"],
                                                      "action": "confirm"}).status_code == 401
        ok = browser.post("/review", data={**form, "csrf": csrf, "next": "https://evil.example/"},
                          follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == "/"  # never an off-site redirect
        for hostile_next in ("//evil.example/", "/\\evil.example/", "/\tevil"):
            sent = browser.post("/review", data={**form, "csrf": csrf, "next": hostile_next}, follow_redirects=False)
            assert sent.headers["location"] == "/", hostile_next
        upload = {"file": ("a.txt", b"some text")}
        assert browser.post("/upload", files=upload, follow_redirects=False).status_code == 403
        assert browser.post("/upload", files=upload, data={"csrf": "x"}, follow_redirects=False).status_code == 403
        api = browser.post("/api/corrections", headers={"X-CSRF-Token": csrf},
                           json={"kind": "events", "record_id": event["id"], "action": "confirm"})
        assert api.status_code == 201
    authors = [c["author"] for c in client.get("/api/corrections", params={"size": 500}).json()["items"]
               if c["record_id"] == event["id"] and c["record_kind"] == "events"]
    assert authors.count("Analyst Kim") == 5


# -- uploads -------------------------------------------------------------------------


def test_upload_is_analysed_and_listed(env):
    client, _, data_dir, _ = env
    before = client.get("/api/documents").json()["total"]
    response = client.post("/api/upload", headers=auth(),
                           files={"file": ("../../etc/evil name.txt", SMALL_UPLOAD.encode())},
                           data={"side": "neutral", "publisher": "Monitor", "published": "2025-03-06"})
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    deadline = time.monotonic() + 60
    while not (job := client.get(f"/api/jobs/{job_id}").json())["done"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert job["status"] == "stored", job
    assert client.get("/api/documents").json()["total"] == before + 1
    doc = client.get(f"/api/documents/{job['document_id']}").json()
    assert doc["side"] == "neutral" and doc["publisher"] == "Monitor"
    stored = list((data_dir / "uploads").iterdir())
    assert stored and all(re.fullmatch(r"[0-9a-f]{32}\.txt", p.name) for p in stored)
    assert Path(doc["path"]).resolve().parent == (data_dir / "uploads").resolve()
    assert "evil" not in doc["path"]
    assert client.get(f"/jobs/{job_id}").status_code == 200
    assert client.get("/api/search", params={"q": "Lisk houses"}).json()  # the index follows new documents


def test_upload_too_big_is_refused(env):
    client, _, data_dir, _ = env
    count = len(list((data_dir / "uploads").glob("*")))
    just_over = b"a" * (64 * 1024 + 10)  # passes the Content-Length gate, fails the file's own limit
    assert client.post("/api/upload", headers=auth(), files={"file": ("a.txt", just_over)}).status_code == 413
    far_over = b"a" * (2 * 1024 * 1024)  # refused from its Content-Length, body never parsed
    assert client.post("/api/upload", headers=auth(), files={"file": ("a.txt", far_over)}).status_code == 413
    boundary = "pxboundary"

    def chunked():  # no Content-Length: the body is counted as it streams in
        yield (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
               "Content-Type: text/plain\r\n\r\n").encode()
        for _ in range(300):
            yield b"a" * 1024
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post("/api/upload", content=chunked(),
                           headers={**auth(), "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert len(list((data_dir / "uploads").glob("*"))) == count


def test_relink_runs_compare_in_the_background(env):
    client, *_ = env
    assert client.post("/api/compare").status_code == 401
    response = client.post("/api/compare", headers=auth())
    assert response.status_code == 202
    job_id = response.json()["id"]
    deadline = time.monotonic() + 60
    while not (job := client.get(f"/api/jobs/{job_id}").json())["done"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert job["status"] == "stored" and job["counts"]["links"] > 0, job
    links = client.get("/api/links", params={"size": 500}).json()
    assert links["total"] == len(links["items"]) == job["counts"]["links"]
    assert all(link["a_evidence"] and link["b_evidence"] for link in links["items"])


# -- escaping and headers --------------------------------------------------------------


def test_hostile_document_is_escaped(env):
    client, _, _, hostile_id = env
    page = client.get(f"/documents/{hostile_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert len(re.findall(r"<script\b", page)) == 1  # only the page's own static script
    listing = client.get("/documents").text
    assert "<img src=x" not in listing
    assert "<script>alert" not in client.get("/search", params={"q": "alert"}).text


def test_security_headers(env):
    client, *_ = env
    for path in ("/documents", "/api/documents", "/static/web.js", "/nope"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
    assert "<script src=\"/static/web.js\"" in client.get("/documents").text


def test_serve_binds_loopback_by_default():
    import typer

    from parallax.commands.serve import LOOPBACK, is_loopback, register

    assert LOOPBACK == "127.0.0.1" and is_loopback("127.0.0.1") and is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    cli = typer.Typer()
    register(cli)
    assert any(c.callback.__name__ == "serve" for c in cli.registered_commands)


def test_host_header_is_checked_when_asked(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 's.db'}", TOKEN, tmp_path / "d", allowed_hosts=["127.0.0.1"])
    with TestClient(app, base_url="http://127.0.0.1") as ok, TestClient(app, base_url="http://evil.example") as bad:
        assert ok.get("/documents").status_code == 200
        assert bad.get("/documents").status_code == 400


def test_app_generates_a_token_when_none_is_given(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 's.db'}", None, tmp_path / "d")
    assert len(app.state.settings.token) >= 24
    with TestClient(app) as client:
        assert client.get("/documents").status_code == 200
        assert client.post("/api/corrections", json={}).status_code == 401


# -- both backends ------------------------------------------------------------------


def test_search_filters_and_review_on_both_backends(store_url, tmp_path):
    """One small document through the pipeline into a fresh SQLite / PostgreSQL
    store: search (FTS5 / tsvector), an events filter and a correction."""
    note = tmp_path / "note.txt"
    note.write_text(HOSTILE, encoding="utf-8")
    run = AnalyzeRun(store_url)
    assert run.process(note).status == "stored"
    run.store.close()
    app = create_app(store_url, TOKEN, tmp_path / "data")
    with TestClient(app) as client:
        hits = client.get("/api/search", params={"q": "shelled Dorva"}).json()
        assert hits and all("dorva" in h["snippet"].lower() for h in hits)
        assert client.get("/api/search", params={"q": "nothingmatcheshere"}).json() == []
        everything = client.get("/api/events").json()["items"]
        assert everything
        events = client.get("/api/events", params={"actor": "veldra"}).json()["items"]
        assert events and all("veldra" in str(e["actors"] + e["targets"]).lower() for e in events)
        assert client.get("/api/events", params={"date_from": "2030-01-01"}).json()["total"] == 0
        response = client.post("/api/corrections", headers=auth(),
                               json={"kind": "events", "record_id": events[0]["id"], "action": "reject"})
        assert response.status_code == 201
        assert client.get("/api/corrections").json()["items"][0]["action"] == "reject"
        assert "&lt;script&gt;" in client.get(f"/documents/{events[0]['document_id']}").text
    app.state.store.close()
