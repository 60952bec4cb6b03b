"""The HTML report: one self-contained file, escaped, every section, highlights
at the right offsets. Fixtures are a fictional conflict (Veldra vs Ostmark,
with a monitor) written for these tests, one of them hostile HTML."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import defaultdict
from pathlib import Path

import pytest
from lxml import html as lxml_html

from parallax.model import (
    Actor,
    Analysis,
    Citation,
    Claim,
    CrossLink,
    Document,
    Event,
    Metadata,
    Place,
    PlaceMention,
    Provenance,
    Quantity,
    RecordRef,
    TimeExpr,
)
from parallax.report import ReportError, build_report, write_report
from parallax.report.highlight import Span, tokens

VELDRA_TEXT = """Statement of the Veldran Ministry of Defence

On 3 March 2025 Ostmark artillery shelled the village of Dorva, killing 4 civilians.[1]
Veldran forces did not fire on Ostmark positions.
The Ministry said that Ostmark troops massed near Kessin on 5 March.

[1] https://monitor.example.org/report/12
"""

OSTMARK_TEXT = """Ostmark Foreign Office briefing

Veldran units attacked Ostmark border posts near Dorva on 3 March 2025. Two soldiers were wounded.
Ostmark denies that it shelled any village. Ostmark troops repelled an attack near Kessin on 4 March 2025.
"""

HOSTILE_TEXT = """<b>Monitor</b> update <script>window.__pwned=1;alert(1)</script>
Fighting was reported near Kessin on 4 March 2025.<img src=x onerror="window.__pwned=2;alert(2)">
Source: javascript:alert(3)
"""
HOSTILE_SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
HOSTILE_ACCORDING = "monitor</script><script>window.__pwned=3</script>"

DORVA = Place("Dorva", 47.91, 23.21, "village", precision="point")
KESSIN = Place("Kessin", 48.32, 23.94, "town", precision="point")
VEL = Actor("Veldran forces", name="Veldra armed forces", country="VEL", sector="military")
OST = Actor("Ostmark army", name="Ostmark armed forces", country="OST", sector="military")


def at(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``piece`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def time(text: str, piece: str, value: str) -> TimeExpr:
    s, e = at(text, piece)
    return TimeExpr(piece, s, e, value, precision="day", begin=value, end_date=value, anchor="publication")


def place(text: str, piece: str, gaz: Place, role: str = "event_location") -> PlaceMention:
    s, e = at(text, piece)
    return PlaceMention(piece, s, e, gaz, role)


def event(text: str, evidence: str, type_: str, actors, targets, tm=None, places=(), stance="asserted",
          quantities=(), according_to=None) -> Event:
    s, e = at(text, evidence)
    sent_start = text.rfind("\n", 0, s) + 1
    return Event(type_, s, e, s, sent_start + len(text[sent_start:].split("\n")[0]), evidence.split()[2],
                 actors=list(actors), targets=list(targets), time=tm, places=list(places), stance=stance,
                 according_to=according_to, quantities=list(quantities), prov=Provenance("events", "0.3", 0.82))


def veldra() -> Analysis:
    t = VELDRA_TEXT
    doc = Document(t, path="veldra.txt", meta=Metadata(title="Veldra MoD statement",
                                                       publisher="Ministry of Defence of Veldra",
                                                       published="2025-03-05", side="Veldra", kind="statement"))
    t0, t1 = time(t, "3 March 2025", "2025-03-03"), time(t, "5 March", "2025-03-05")
    p0, p1 = place(t, "Dorva", DORVA), place(t, "Kessin", KESSIN)
    qs, qe = at(t, "4 civilians")
    q0 = Quantity("4 civilians", qs, qe, 4.0, unit="civilians killed")
    events = [
        event(t, "Ostmark artillery shelled the village of Dorva", "ASSAULT", [OST], [VEL], t0, [p0],
              quantities=[q0], according_to="Ministry of Defence"),
        event(t, "Veldran forces did not fire on Ostmark positions", "ASSAULT", [VEL], [OST], stance="denied"),
        # crosses the claim below: starts before it, ends inside it
        event(t, "The Ministry said that Ostmark troops massed near Kessin", "MOBILIZE", [OST], [], t1, [p1]),
    ]
    c0s, c0e = at(t, "On 3 March 2025 Ostmark artillery shelled the village of Dorva, killing 4 civilians.")
    c1s, c1e = at(t, "Ostmark troops massed near Kessin on 5 March.")
    claims = [Claim(t[c0s:c0e], c0s, c0e, kind="accusation", checkworthy=0.91,
                    citations=["https://monitor.example.org/report/12"]),
              Claim(t[c1s:c1e], c1s, c1e, speaker="The Ministry", checkworthy=0.7)]
    ms, me = at(t, "[1]")
    cits = [Citation("1", "https://monitor.example.org/report/12", ms, me, c0s, c0e, kind="footnote",
                     domain="monitor.example.org")]
    return Analysis(doc, times=[t0, t1], places=[p0, p1], quantities=[q0], citations=cits, events=events, claims=claims)


def ostmark() -> Analysis:
    t = OSTMARK_TEXT
    doc = Document(t, path="ostmark.html", format="html",
                   meta=Metadata(title="Ostmark briefing", publisher="Ostmark Foreign Office", published="2025-03-06",
                                 side="Ostmark", kind="briefing"))
    t0 = time(t, "3 March 2025", "2025-03-03")
    t1 = time(t, "4 March 2025", "2025-03-04")
    p0, p1 = place(t, "Dorva", DORVA), place(t, "Kessin", KESSIN)
    qs, qe = at(t, "Two soldiers")
    q0 = Quantity("Two soldiers", qs, qe, 2.0, unit="soldiers wounded")
    events = [
        event(t, "Veldran units attacked Ostmark border posts near Dorva", "ASSAULT", [VEL], [OST], t0, [p0]),
        event(t, "Ostmark denies that it shelled any village", "ASSAULT", [OST], [VEL], stance="denied"),
        event(t, "Ostmark troops repelled an attack near Kessin", "ASSAULT", [OST], [VEL], t1, [p1]),
    ]
    cs, ce = at(t, "Ostmark denies that it shelled any village.")
    return Analysis(doc, times=[t0, t1], places=[p0, p1], quantities=[q0], events=events,
                    claims=[Claim(t[cs:ce], cs, ce, kind="denial", checkworthy=0.8)])


def hostile() -> Analysis:
    t = HOSTILE_TEXT
    doc = Document(t, path="monitor.html", format="html",
                   meta=Metadata(title="Monitor <script>window.__pwned=4</script> update",
                                 publisher='<img src=x onerror="window.__pwned=5">', side="Monitor", kind="report"))
    t0 = time(t, "4 March 2025", "2025-03-04")
    p0 = place(t, "Kessin", KESSIN)
    ev = event(t, "Fighting was reported near Kessin", "ASSAULT", [], [], t0, [p0], according_to=HOSTILE_ACCORDING)
    s0, e0 = at(t, HOSTILE_SCRIPT)
    s1, e1 = at(t, HOSTILE_IMG)
    js, je = at(t, "javascript:alert(3)")
    claims = [Claim(t[s0:e0], s0, e0), Claim(t[s1:e1], s1, e1, kind="figure")]
    cits = [Citation(None, "javascript:alert(3)", js, je, js, je, kind="listed"),
            Citation(None, "https://news.example.net/a?b=1&c=<x>", s1, e1, s1, e1, kind="inline")]
    return Analysis(doc, times=[t0], places=[p0], events=[ev], claims=claims, citations=cits)


def corpus() -> tuple[list[Analysis], list[CrossLink]]:
    v, o, h = veldra(), ostmark(), hostile()
    hv, ho, hh = v.document.content_hash, o.document.content_hash, h.document.content_hash
    links = [
        CrossLink(RecordRef(hv, "events", 0), RecordRef(ho, "events", 1), "CONTRADICT", "existence",
                  "one account asserts the happening, the other denies it", Provenance("align", "0.1", 0.71)),
        CrossLink(RecordRef(hv, "events", 1), RecordRef(ho, "events", 0), "CONTRADICT", "initiator",
                  "each names a different initiator: OST vs VEL", Provenance("align", "0.1", 0.66)),
        CrossLink(RecordRef(ho, "events", 2), RecordRef(hh, "events", 0), "SAME", None,
                  "the accounts agree on type, parties and time", Provenance("align", "0.1", 0.6)),
        CrossLink(RecordRef("f" * 64, "events", 0), RecordRef(hv, "events", 0), "SAME"),  # points nowhere
        CrossLink(RecordRef(hv, "events", 99), RecordRef(ho, "events", 0), "SAME"),  # index out of range
    ]
    return [v, o, h], links


@pytest.fixture(scope="module")
def built() -> tuple[list[Analysis], list[CrossLink], str]:
    analyses, links = corpus()
    return analyses, links, build_report(analyses, links, title="Veldra–Ostmark test report")


@pytest.fixture(scope="module")
def tree(built):
    return lxml_html.document_fromstring(built[2])


def data_of(tree) -> dict:
    return json.loads(tree.get_element_by_id("px-data").text)


# --------------------------------------------------------------------------


def test_one_self_contained_file(built, tree):
    html = built[2]
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert html.count("<html") == 1
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        assert node.get("src") is None, f"<{node.tag} src=...> loads something"
        href = node.get("href")
        if href is not None and not href.startswith("#"):
            # only the documents' own citations, as plain links in the sources table
            assert node.tag == "a" and href.startswith("https://"), href
            assert node.xpath("ancestor::section[@id='sources']"), href
    assert not tree.xpath("//link | //img | //iframe | //object | //embed | //video | //audio | //source | //base")
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json"] * 3 + [None]
    style = tree.xpath("//style")[0].text
    assert "@import" not in style and "url(" not in style
    assert "topojson" in scripts[3].text and "Timeline(" in scripts[3].text
    world = json.loads(tree.get_element_by_id("px-world").text)
    assert world["type"] == "Topology" and len(world["objects"]["countries"]["geometries"]) > 150


def test_csp_admits_exactly_the_inline_script_and_style(tree):
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert f"script-src {digest(tree.xpath('//script')[-1].text)};" in csp
    assert f"style-src {digest(tree.xpath('//style')[0].text)};" in csp


def test_hostile_document_is_shown_as_text(built, tree):
    html = built[2]
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html and "<img" not in html
    assert "javascript:" not in "".join(tree.xpath("//@href"))
    for node in tree.iter():
        if isinstance(node.tag, str):
            assert not [a for a in node.attrib if a.lower().startswith("on")], node.tag
    text = tree.xpath("//div[@data-doc='d2']")[0].text_content()
    assert text == HOSTILE_TEXT
    overview = tree.xpath("//table[@class='overview']")[0].text_content()
    assert "Monitor <script>window.__pwned=4</script> update" in overview
    raw_json = tree.get_element_by_id("px-data").text
    assert "<" not in raw_json and ">" not in raw_json and "&" not in raw_json
    fields = dict(data_of(tree)["records"]["d2-events-0"]["fields"])
    assert fields["according to"] == HOSTILE_ACCORDING


def test_every_section_present(tree):
    ids = tree.xpath("//main/section/@id")
    assert ids == ["overview", "documents", "side-by-side", "timeline", "map", "sources"]
    for anchor in tree.xpath("//nav/a/@href"):
        assert anchor[1:] in ids


def test_overview_counts_per_document_and_side(tree):
    rows = tree.xpath("//section[@id='overview']/table[1]/tbody/tr")
    cells = [[c.text_content().strip() for c in r.xpath("td")] for r in rows]
    assert [c[0] for c in cells] == ["Veldra MoD statement (statement)", "Ostmark briefing (briefing)",
                                     "Monitor <script>window.__pwned=4</script> update (report)"]
    assert cells[0][1:] == ["Ministry of Defence of Veldra", "Veldra", "2025-03-05", "txt", "3", "2", "1", "1"]
    assert cells[1][2:] == ["Ostmark", "2025-03-06", "html", "3", "1", "1", "0"]
    totals = [[c.text_content().strip() for c in r.xpath("td")]
              for r in tree.xpath("//table[contains(@class,'per-side')]/tbody/tr")]
    assert totals == [["Veldra", "1", "3", "2", "1", "1"], ["Ostmark", "1", "3", "1", "1", "0"],
                      ["Monitor", "1", "1", "2", "0", "2"]]


def test_highlights_spell_each_record(built, tree):
    analyses = built[0]
    for i, an in enumerate(analyses):
        box = tree.xpath(f"//div[@data-doc='d{i}']")[0]
        assert box.text_content() == an.document.text  # nothing lost, nothing doubled
        pieces: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for mark in box.iter("mark"):
            pieces[mark.get("data-rec")].append((int(mark.get("data-part")), mark.text_content()))
        expected = {f"d{i}-{kind}-{j}": an.document.text[r.start:r.end]
                    for kind in ("events", "claims", "quantities", "times", "places", "citations")
                    for j, r in enumerate(getattr(an, kind))}
        assert set(pieces) == set(expected)
        for rid, parts in pieces.items():
            assert [p for p, _ in parts] == list(range(1, len(parts) + 1))
            assert "".join(t for _, t in parts) == expected[rid], rid
    # the crossing event/claim pair of the Veldra document was split, not dropped
    assert len(tree.xpath("//mark[@data-rec='d0-claims-1']")) == 2


def test_nesting_splits_crossing_spans():
    text = "abcdefghij"
    spans = [Span(0, 6, "claims", "c"), Span(3, 9, "events", "e"), Span(3, 9, "times", "t"),
             Span(5, 5, "places", "empty"), Span(8, 20, "places", "outside")]
    out = tokens(text, spans)
    markup = "".join("<%s>" % t.rec if t.op == "open" else "</>" if t.op == "close" else t.text for t in out)
    assert markup == "<c>abc<e><t>def</></></><e><t>ghi</></>j"
    depth = 0
    for t in out:
        depth += {"open": 1, "close": -1}.get(t.op, 0)
        assert depth >= 0
    assert depth == 0


def test_side_by_side_rows_and_contradictions(tree):
    head = [th.text_content().strip() for th in tree.xpath("//table[@class='sides']/thead/tr/th")]
    assert head == ["Happening", "Veldra", "Ostmark", "Monitor"]
    rows = tree.xpath("//table[@class='sides']/tbody/tr")
    assert len(rows) == 3
    first = rows[0]
    assert "contradicted" in first.get("class")
    assert "1 ↔ 2 CONTRADICT on existence" in " ".join(first.xpath("td[1]")[0].text_content().split())
    assert "the other denies it" in first.text_content()
    cols = first.xpath("td")[1:]
    assert cols[0].xpath(".//div[@data-rec='d0-events-0']") and cols[1].xpath(".//div[@data-rec='d1-events-1']")
    assert "(not told)" in cols[2].text_content()
    assert "initiator" in rows[1].text_content()
    assert "contradicted" not in rows[2].get("class") and "SAME" in rows[2].text_content()
    note = tree.xpath("//section[@id='side-by-side']/p")[0].text_content()
    assert "2 link(s) pointed at records not in this report" in note


def test_timeline_merges_linked_events(tree):
    items = data_of(tree)["timeline"]
    by_id = {i["id"]: i for i in items}
    assert set(by_id) == {"h0", "h1", "h2", "d0-events-2"}
    assert by_id["h0"]["members"] == ["d0-events-0", "d1-events-1"]
    assert by_id["h0"]["sides"] == [0, 1] and by_id["h0"]["asserting"] == [0]  # Ostmark denies it
    assert by_id["h0"]["contradicted"] and not by_id["h0"]["oneSided"]
    assert by_id["h2"]["begin"] == "2025-03-04" and by_id["h2"]["sides"] == [1, 2]
    assert by_id["d0-events-2"]["oneSided"] and by_id["d0-events-2"]["begin"] == "2025-03-05"
    assert [i["begin"] for i in items] == sorted(i["begin"] for i in items)


def test_map_points_are_the_located_events(tree):
    points = data_of(tree)["points"]
    assert sorted(p["rec"] for p in points) == ["d0-events-0", "d0-events-2", "d1-events-0", "d1-events-2",
                                                "d2-events-0"]
    assert {p["place"] for p in points} == {"Dorva", "Kessin"}
    assert tree.get_element_by_id("map-chart").get("data-points") == "5"


def test_map_has_the_provinces_of_the_countries_with_events_only(tree):
    admin = json.loads(tree.get_element_by_id("px-admin1").text)
    # the test places carry no country code: the countries come from the divisions' boxes
    assert admin["scale"] == 1000 and 1 <= len(admin["countries"]) <= 4
    names = {d["name"] for divisions in admin["countries"].values() for d in divisions}
    assert len(names) >= 5
    # every point lies inside the bounding box of some division drawn
    for p in data_of(tree)["points"]:
        assert any(_in_box(p["lon"], p["lat"], poly[0]) for divisions in admin["countries"].values()
                   for d in divisions for poly in d["p"])


def _in_box(lon: float, lat: float, ring: list[int]) -> bool:
    xs, ys = [], []
    x = y = 0
    for i in range(0, len(ring), 2):
        x, y = x + ring[i], y + ring[i + 1]
        xs.append(x / 1000)
        ys.append(y / 1000)
    return min(xs) <= lon <= max(xs) and min(ys) <= lat <= max(ys)


def test_admin1_countries_by_code_then_by_box():
    from parallax.report.geo import admin1_outlines, countries_for

    assert countries_for([(50.45, 30.52, "UA")]) == ["UA"]
    assert countries_for([(50.45, 30.52, "ua")]) == ["UA"]
    assert "UA" in countries_for([(50.45, 30.52, None)])
    assert countries_for([(0.0, -30.0, None)]) == []  # the open Atlantic
    outlines = admin1_outlines(["UA", "XX"])["countries"]
    assert list(outlines) == ["UA"] and len(outlines["UA"]) >= 24
    assert all(d["code"].startswith("UA-") for d in outlines["UA"] if d["code"])


def test_report_without_located_events_inlines_no_provinces():
    html = build_report([], [])
    tree = lxml_html.fromstring(html)
    assert json.loads(tree.get_element_by_id("px-admin1").text)["countries"] == {}


def test_sources_table(tree):
    rows = tree.xpath("//section[@id='sources']//tbody/tr")
    assert len(rows) == 3
    first = rows[0]
    link = first.xpath(".//a")[0]
    assert link.get("href") == "https://monitor.example.org/report/12"
    cells = [c.text_content() for c in first.xpath("td")]
    assert cells[1] == "1" and cells[3] == "monitor.example.org" and cells[4] == "footnote"
    assert cells[5].startswith("On 3 March 2025 Ostmark artillery")
    js_row = rows[1]
    assert not js_row.xpath(".//a") and "javascript:alert(3)" in js_row.text_content()
    odd = rows[2].xpath(".//a")[0]
    assert odd.get("href") == "https://news.example.net/a?b=1&c=<x>"  # escaped in the markup, intact when parsed
    assert rows[2].xpath("td")[3].text_content() == "news.example.net"


def test_unknown_side_and_empty_corpus():
    an = veldra()
    an.document.meta.side = None
    tree = lxml_html.document_fromstring(build_report([an], []))
    assert "unknown" in tree.xpath("//table[contains(@class,'per-side')]")[0].text_content()
    assert "No happening is told in more than one document." in tree.text_content()
    empty = lxml_html.document_fromstring(build_report([], []))
    assert empty.xpath("//section[@id='timeline']")
    assert data_of(empty)["timeline"] == [] and data_of(empty)["points"] == []


def test_bad_offsets_do_not_break_the_report():
    an = veldra()
    an.claims.append(Claim("ghost", 10_000, 10_010))
    an.events[0].start, an.events[0].end = 50, 40
    an.events[2].places[0].place = Place("Nowhere", float("nan"), 12.0, "town")
    tree = lxml_html.document_fromstring(build_report([an], []))
    assert tree.xpath("//div[@data-doc='d0']")[0].text_content() == an.document.text
    assert not tree.xpath("//mark[@data-rec='d0-claims-2']")
    assert [p["rec"] for p in data_of(tree)["points"]] == ["d0-events-0"]  # no NaN reaches the page


def test_write_report(tmp_path: Path):
    analyses, links = corpus()
    path = write_report(analyses, links, tmp_path / "out" / "report.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReportError):
        write_report(analyses, links, blocker / "report.html")
