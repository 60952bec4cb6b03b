"""The web workbench in a real browser (Debian's chromium driven by
Playwright) against uvicorn on a free loopback port: pages render with
highlights, filters work, an analyst signs in and corrects an event through
the form and finds the correction in the export, an upload is followed to
the end by the page's script, and a hostile document runs nothing.

Skips when Playwright or /usr/bin/chromium is missing (never
``playwright install``, which downloads its own browser)."""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from parallax.align import align
from parallax.runner import AnalyzeRun
from parallax.web import create_app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TOKEN = "browser-token-456"
HOSTILE = ("Bulletin <img src=x onerror=alert(2)>\n\n"
           "Ostmark said on 5 March 2025 that <script>alert(1)</script> the army of Veldra shelled the town of "
           "Dorva, killing two civilians. Veldra denied that its forces fired at Dorva.\n")



def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, hostile document id): uvicorn serving a store analysed once for the module."""
    ARTIFACTS.mkdir(exist_ok=True)
    tmp = tmp_path_factory.mktemp("webui")
    url = f"sqlite:///{tmp / 'store.db'}"
    run = AnalyzeRun(url)
    run.run([str(CORPUS)], progress=False)
    (tmp / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    hostile = run.process(tmp / "hostile.txt")
    analyses = [run.store.load_analysis(str(r["id"])) for r in run.store.documents()]
    run.store.save_cross_links(align(analyses), replace_stage="align")
    app = create_app(url, TOKEN, tmp / "data")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}", hostile.doc_id
    srv.should_exit = True
    thread.join(timeout=10)



@pytest.fixture()
def opened(browser, server):
    """A fresh browser context and page, recording dialogs, page errors and console errors."""
    base, _ = server
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=base)
    page = context.new_page()
    seen = {"dialogs": [], "errors": [], "console": [], "off_site": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: seen["off_site"].append(r.url) if not r.url.startswith(base) else None)
    yield page, seen
    context.close()


def _clean(seen) -> None:
    assert seen["dialogs"] == [] and seen["errors"] == [] and seen["console"] == [] and seen["off_site"] == []


def test_documents_and_document_page_with_highlights(opened, server):
    page, seen = opened
    page.goto("/documents")
    page.wait_for_selector("html[data-ready='1']")
    assert page.locator("table.documents-table tbody tr").count() == 6
    page.screenshot(path=str(ARTIFACTS / "web-documents.png"), full_page=True)
    page.locator("table.documents-table a", has_text="Spot Report").click()
    page.wait_for_selector("#doc-text mark.hl")
    assert page.locator("#doc-text mark.k-events").count() > 3
    assert page.locator("#doc-text mark.k-claims").count() > 0
    # the highlight is drawn (a background colour), not just present in the markup
    colour = page.locator("#doc-text mark.k-events").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    # clicking a highlight brings its record row forward (the static script runs under the CSP)
    mark = page.locator("#doc-text mark.k-events").first
    rec = mark.get_attribute("data-rec")
    mark.click()
    assert page.locator(f"#row-{rec}.target").count() == 1
    # the legend's toggles hide a kind
    page.locator("input.kind-toggle[value='events']").uncheck()
    assert "hide-events" in page.locator("body").get_attribute("class")
    page.locator("input.kind-toggle[value='events']").check()
    page.screenshot(path=str(ARTIFACTS / "web-document.png"), full_page=False)
    _clean(seen)


def test_filter_events(opened):
    page, seen = opened
    page.goto("/events")
    total = page.locator("#events-table tbody tr").count()
    page.select_option("#event-filters select[name='stance']", "denied")
    page.locator("#event-filters button[type='submit']").click()
    page.wait_for_url("**/events?*stance=denied*")
    rows = page.locator("#events-table tbody tr[data-id]")
    assert 0 < rows.count() < total
    for i in range(rows.count()):
        assert rows.nth(i).locator("td").nth(2).inner_text().strip() == "denied"
    page.screenshot(path=str(ARTIFACTS / "web-events-filtered.png"), full_page=True)
    _clean(seen)


def test_correct_an_event_through_the_ui_and_export_it(opened):
    page, seen = opened
    page.goto("/events?type=ASSAULT&stance=asserted")
    assert page.locator("details.review").count() == 0  # no review forms before signing in
    page.locator("a", has_text="Sign in to review").click()
    page.fill("input[name='name']", "Analyst Ines")
    page.fill("input[name='token']", TOKEN)
    page.locator("#login button[type='submit']").click()
    page.wait_for_url("**/events?type=ASSAULT&stance=asserted")
    row = page.locator("#events-table tbody tr[data-id]").first
    event_id = row.get_attribute("data-id")
    row.locator("details.review summary").click()
    row.locator("select[name='action']").select_option("edit")
    row.locator("select[name='field']").select_option("fatalities")
    row.locator("input[name='new_value']").fill("7")
    row.locator("input[name='note']").fill("two sources agree")
    with page.expect_navigation():
        row.locator("button[type='submit']").click()
    assert page.url.endswith("/events?type=ASSAULT&stance=asserted")
    assert page.locator(f"#event-{event_id} .status.st-edit").count() == 1
    page.goto("/corrections")
    log = page.locator("#corrections-table tbody tr").first.inner_text()
    assert "Analyst Ines" in log and "fatalities" in log and "two sources agree" in log
    page.screenshot(path=str(ARTIFACTS / "web-corrections.png"), full_page=True)
    response = page.request.get("/export/acled")
    assert response.ok
    rows = {r["event_id"]: r for r in csv.DictReader(io.StringIO(response.text()))}
    assert rows[event_id]["fatalities"] == "7" and rows[event_id]["review_status"] == "corrected"
    _clean(seen)


def test_upload_progress_is_followed_by_the_page(opened, tmp_path):
    page, seen = opened
    page.goto("/login?next=/upload")
    page.fill("input[name='name']", "Analyst Ines")
    page.fill("input[name='token']", TOKEN)
    page.locator("#login button[type='submit']").click()
    page.wait_for_url("**/upload")
    note = tmp_path / "note.txt"
    note.write_text("Monitor note\n\nOn 6 March 2025 the monitor visited the village of Lisk and met "
                    "local officials.\n", encoding="utf-8")
    page.set_input_files("#upload-form input[type='file']", str(note))
    page.fill("#upload-form input[name='side']", "neutral")
    page.locator("#upload-form button[type='submit']").click()
    page.wait_for_url("**/jobs/*")
    # the page's own script polls the status endpoint (a string predicate would be refused by the CSP)
    sync_api.expect(page.locator("#job-status")).to_have_text("stored", timeout=60_000)
    sync_api.expect(page.locator("#job-progress")).to_have_attribute("value", "1")
    page.locator("#job-doc").click()
    page.wait_for_selector("#doc-text")
    assert "Lisk" in page.locator("#doc-text").inner_text()
    _clean(seen)


def test_hostile_document_runs_nothing(opened, server):
    page, seen = opened
    _, hostile_id = server
    page.goto(f"/documents/{hostile_id}")
    page.wait_for_selector("html[data-ready='1']")
    page.wait_for_timeout(300)
    assert "<script>alert(1)</script>" in page.locator("#doc-text").inner_text()
    assert page.locator("#doc-text script, #doc-text img").count() == 0
    page.goto("/search?q=alert")
    page.wait_for_selector("html[data-ready='1']")
    page.screenshot(path=str(ARTIFACTS / "web-hostile-search.png"), full_page=True)
    _clean(seen)


def test_side_by_side_and_timeline(opened):
    page, seen = opened
    page.goto("/compare")
    page.wait_for_selector("html[data-ready='1']")
    rows = page.locator("table.sides tbody tr[id^='link-']")
    assert rows.count() > 0
    assert page.locator("table.sides tbody tr.contradicted").count() > 0
    first = rows.first.locator("td")
    assert first.nth(1).locator(".quote").inner_text().strip() and first.nth(2).locator(".quote").inner_text().strip()
    page.screenshot(path=str(ARTIFACTS / "web-compare.png"), full_page=True)
    _clean(seen)


def test_timeline_is_the_reports_zoomable_chart(opened):
    page, seen = opened
    page.goto("/timeline")
    page.wait_for_selector("#timeline-chart svg g.tl-item")
    bars = page.locator("#timeline-chart g.tl-item")
    assert bars.count() > 5
    assert page.locator("table.timeline-table tbody tr").count() == bars.count()  # the fallback table
    # linked accounts are one happening: some bar stands for several events of different sides
    data = page.evaluate("JSON.parse(document.getElementById('px-data').textContent)")
    merged = [i for i in data["timeline"] if len(i["members"]) > 1]
    assert merged and any(len(i["sides"]) > 1 for i in merged)
    item = merged[0]
    span = "(v => v[1] - v[0])(document.getElementById('timeline-chart').timeline.view())"
    home = page.evaluate(span)
    page.click("button[data-zoom='in']")
    assert page.evaluate(span) == pytest.approx(home / 2, rel=0.01)
    page.click("button[data-zoom='reset']")
    assert page.evaluate(span) == pytest.approx(home, rel=0.01)
    page.locator(f"#timeline-chart g.tl-item[data-item='{item['id']}']").click()
    panel = page.locator("#panel")
    assert panel.is_visible() and "Happening:" in panel.inner_text()
    assert panel.locator("div.rec").count() == len(item["members"])
    href = panel.locator("div.rec a").first.get_attribute("href")
    assert href.startswith("/documents/") and "#row-events-" in href
    page.screenshot(path=str(ARTIFACTS / "web-timeline.png"), full_page=True)
    page.locator("div.rec a").first.click()
    page.wait_for_url("**/documents/*")
    _clean(seen)
