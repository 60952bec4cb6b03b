"""The HTML report in a real browser (Debian's chromium driven by Playwright):
it renders every section offline, makes no request, runs no document text,
answers a click with the record, and prints to PDF.

Skips when Playwright or /usr/bin/chromium is missing (install: the Python
package ``playwright`` and the Debian package ``chromium``; never
``playwright install``, which downloads its own browser)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from test_report import corpus, veldra

from parallax.model import TimeExpr
from parallax.report import write_report

sync_api = pytest.importorskip("playwright.sync_api")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"



@pytest.fixture(scope="module")
def report_path() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    analyses, links = corpus()
    return write_report(analyses, links, ARTIFACTS / "report.html", title="Veldra–Ostmark test report")



@pytest.fixture()
def opened(browser, report_path):
    """The report opened from a file:// URL, with every request, dialog and error recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    seen = {"requests": [], "dialogs": [], "errors": [], "console": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.goto(report_path.as_uri())
    page.wait_for_selector("html[data-ready='1']", timeout=10_000)
    yield page, seen
    context.close()


def test_renders_every_section_offline(opened):
    page, seen = opened
    assert seen["errors"] == [] and seen["console"] == []
    assert page.locator("#overview table.overview").first.locator("tbody tr").count() == 3
    assert page.locator("table.sides tbody tr").count() == 3
    assert page.locator("table.sides tbody tr.contradicted").count() == 2
    # timeline: one bar group per item (4: three happenings and one lone event)
    assert page.locator("#timeline-chart g.tl-item").count() == 4
    assert page.locator("#timeline-chart .tl-axis text").count() >= 2
    # map: country outlines drawn, one point per located event, inside the frame
    assert page.locator("#map-chart path.map-country").count() > 150
    assert page.locator("#map-chart path.map-division").count() >= 5  # provinces around the events
    points = page.locator("#map-chart circle.map-point")
    assert points.count() == 5
    for i in range(points.count()):
        cx, cy = float(points.nth(i).get_attribute("cx")), float(points.nth(i).get_attribute("cy"))
        assert 0 < cx < 960 and 0 < cy < 520
    assert page.locator("#sources tbody tr").count() == 3
    page.screenshot(path=str(ARTIFACTS / "report-full.png"), full_page=True)
    assert all(url.startswith("file://") for url in seen["requests"]), seen["requests"]
    assert len(seen["requests"]) == 1  # the report itself, nothing else


def test_hostile_document_does_not_run(opened):
    page, seen = opened
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert seen["dialogs"] == []
    shown = page.locator("div.doc-text[data-doc='d2']").inner_text()
    assert "<script>window.__pwned=1;alert(1)</script>" in shown
    assert page.locator("div.doc-text[data-doc='d2'] img, div.doc-text[data-doc='d2'] script").count() == 0
    assert page.evaluate("document.scripts.length") == 4


def test_click_on_highlight_shows_its_record(opened):
    page, seen = opened
    assert page.locator("#panel").is_hidden()
    page.locator("mark[data-rec='d0-events-0']").first.click()
    panel = page.locator("#panel")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "Event: ASSAULT" in text and "Ostmark armed forces (OST)" in text
    assert "2025-03-03" in text and "Dorva [47.9100, 23.2100]" in text
    assert "asserted" in text and "Ministry of Defence" in text and "0.82" in text and "events v0.3" in text
    assert "CONTRADICT on existence" in text
    assert page.locator("mark.selected[data-rec='d0-events-0']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "report-panel.png"))
    # the hostile record's fields show as text in the panel too
    page.locator("mark[data-rec='d2-events-0']").first.click()
    assert "monitor</script><script>window.__pwned=3</script>" in panel.inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # a map point opens its event
    page.locator("#map-chart circle[data-rec='d1-events-0']").click()
    assert "Veldran units attacked Ostmark border posts near Dorva" in panel.inner_text()
    page.locator("#map").screenshot(path=str(ARTIFACTS / "report-map.png"))
    assert seen["errors"] == []


def test_map_zooms(opened):
    page, _ = opened
    root = page.locator("#map-chart svg")
    assert root.get_attribute("viewBox") == "0 0 960 520"
    page.click("button[data-mapzoom='in']")
    width = float(root.get_attribute("viewBox").split()[2])
    assert width == pytest.approx(480)
    assert float(page.locator("circle.map-point").first.get_attribute("r")) == pytest.approx(3.5)
    box = root.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 300)
    assert float(root.get_attribute("viewBox").split()[2]) > width
    page.click("button[data-mapzoom='reset']")
    assert [float(v) for v in root.get_attribute("viewBox").split()] == [0, 0, 960, 520]


def test_timeline_zooms_and_opens_a_happening(opened):
    page, _ = opened
    bar = page.locator("#timeline-chart g.tl-item[data-item='h0'] rect.tl-outline")
    width = float(bar.get_attribute("width"))
    page.click("button[data-zoom='in']")
    wider = float(bar.get_attribute("width"))
    assert wider == pytest.approx(2 * width, rel=0.01)
    page.click("button[data-zoom='reset']")
    assert float(bar.get_attribute("width")) == pytest.approx(width, rel=0.01)
    box = page.locator("#timeline-chart svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + 40)
    page.mouse.wheel(0, -300)
    assert float(bar.get_attribute("width")) > width
    page.click("button[data-zoom='reset']")
    page.locator("#timeline-chart g.tl-item[data-item='h0']").click()
    text = page.locator("#panel").inner_text()
    assert "Happening:" in text and "Veldra MoD statement" in text and "Ostmark briefing" in text
    page.locator("#timeline").screenshot(path=str(ARTIFACTS / "report-timeline.png"))


def test_prints_to_pdf_with_details_open(opened):
    page, _ = opened
    page.emulate_media(media="print")
    assert page.locator("#panel").is_hidden()
    assert page.locator("section#documents details.records table").first.is_visible()
    assert page.locator("section#timeline details.fallback table").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    (ARTIFACTS / "report.pdf").write_bytes(pdf)


def test_timeline_home_view_leaves_out_a_decades_long_outlier(browser, tmp_path):
    an = veldra()
    base = an.events[2]
    days = [replace(base, time=TimeExpr("x", 0, 1, f"2025-03-{d:02d}", begin=f"2025-03-{d:02d}",
                                        end_date=f"2025-03-{d:02d}")) for d in range(1, 29)]
    old = replace(base, time=TimeExpr("x", 0, 1, "1990/2024", begin="1990-01-01", end_date="2024-12-31"))
    an.events = days + [old]
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(write_report([an], [], tmp_path / "r.html").as_uri())
    page.wait_for_selector("html[data-ready='1']")
    first = page.locator("#timeline-chart g.tl-item[data-item='d0-events-0'] rect.tl-outline")
    outlier = page.locator("#timeline-chart g.tl-item[data-item='d0-events-28'] rect.tl-outline")
    home_width = float(first.get_attribute("width"))
    assert home_width > 15  # one day of 28 is readable
    assert float(outlier.get_attribute("x")) < 300  # starts far left of the plot
    page.click("button[data-zoom='all']")
    assert float(first.get_attribute("width")) == 5  # a sliver, drawn at the minimum width
    page.click("button[data-zoom='reset']")
    assert float(first.get_attribute("width")) == pytest.approx(home_width)
    page.close()
