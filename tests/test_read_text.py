"""Plain-text and Markdown structure: blocks, tables, footnotes, markers,
posts, links, masked markup and inferred metadata (fictional fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.errors import EmptyDocument
from parallax.model import BlockKind
from parallax.read import read_path, read_text
from parallax.read.meta import parse_date
from parallax.read.text import heading_like

FIXTURES = Path(__file__).parent / "fixtures" / "read"


@pytest.fixture(scope="module")
def briefing():
    return read_path(FIXTURES / "briefing_veldra.txt")


def _blocks(doc, kind):
    return [b for b in doc.blocks if b.kind == kind]


def _text(doc, span):
    return doc.text[span.start:span.end]


def test_text_is_the_file_text(briefing):
    raw = (FIXTURES / "briefing_veldra.txt").read_text(encoding="utf-8")
    assert briefing.text == raw
    assert briefing.format == "txt"


def test_headings_and_title(briefing):
    headings = [_text(briefing, b) for b in _blocks(briefing, BlockKind.HEADING)]
    assert headings[0] == "Briefing: Ostmark shelling across the Veldra river"
    assert "Overview" in headings and "Main Points" in headings and "Timeline of the escalation" in headings
    # a date line, a signature and a sentence are not headings
    assert "Thursday 6th March" not in headings
    assert not any(h.startswith("Issued by") for h in headings)
    assert briefing.meta.title == headings[0]


def test_list_items_and_bullets_masked(briefing):
    items = _blocks(briefing, BlockKind.LIST_ITEM)
    assert len(items) == 2
    first = items[0]
    assert _text(briefing, first).startswith("- * Ostmark has moved")
    assert (first.start, first.start + 3) in briefing.masked or any(
        s <= first.start and e >= first.start + 3 for s, e in briefing.masked)


def test_footnotes_and_superscript_markers(briefing):
    markers = {fn.marker: fn for fn in briefing.footnotes}
    assert set(markers) == {"1", "2", "3", "4", "5", "6"}
    assert markers["1"].url == "https://monitor.example.org/reports/lenz-0304/"
    assert markers["2"].url is None and "annex B" in markers["2"].text
    assert markers["3"].url == "https://mod.ostmark.example/bulletin/17"
    assert markers["6"].url == "https://monitor.example.org/reports/trenches"
    resolved = {m.marker: briefing.footnotes[m.footnote].marker for m in briefing.markers}
    assert resolved == {str(n): str(n) for n in range(1, 7)}
    # each body marker is masked, ordinary numbers in sentences are not markers
    for m in briefing.markers:
        assert any(s <= m.start and m.end <= e for s, e in briefing.masked)
    numbers = [m for m in briefing.markers if briefing.text[m.start:m.end] in ("40", "12", "3")
               and briefing.text[m.start - 1] == " "]
    assert numbers == []


def test_table_rows_cells_header_and_continuation(briefing):
    rows = _blocks(briefing, BlockKind.TABLE_ROW)
    header = [r for r in rows if r.attrs["header"]]
    assert len(header) == 1
    assert [c.header for c in rows[1].cells] == ["Date (2031)", "Event", "Source"]
    dated = [r for r in rows if not r.attrs["header"] and _text(briefing, r.cells[0]).strip()]
    assert [_text(briefing, r.cells[0]) for r in dated] == ["2 nd February", "18 th February", "1 st March",
                                                           "3 rd March"]
    assert all(r.attrs["table"] == 0 for r in rows)
    cont = [r for r in rows if "continues" in r.attrs]
    assert len(cont) == 1
    original = briefing.blocks[cont[0].attrs["continues"]]
    assert _text(briefing, original.cells[0]) == "1 st March"
    assert original.attrs["continued_by"] == briefing.blocks.index(cont[0])
    assert "if Veldra keeps provoking" in _text(briefing, cont[0].cells[1])
    # the plain "6" in the source column of the resumed table is a marker
    last = dated[-1]
    six = [m for m in briefing.markers if last.cells[2].start <= m.start < last.cells[2].end]
    assert [m.marker for m in six] == ["6"]


def test_embedded_posts(briefing):
    quotes = _blocks(briefing, BlockKind.QUOTE)
    posts = {}
    for q in quotes:
        posts.setdefault(q.attrs["post"], q.attrs)
    assert len(posts) == 3
    by_author = {a["author"]: a for a in posts.values()}
    quell = by_author["Mara Quell"]
    assert quell["handle"] == "@maraquell"
    assert quell["posted"] == "2031-03-05T07:05"
    assert quell["counts"] == {"retweets": 1204, "quote_tweets": 35, "likes": 2100}
    assert quell["platform"] == "twitter"
    assert quell["replying_to"] == "@maraquell"
    ferrand = by_author["Tomas Ferrand"]
    assert ferrand["verified"] is True and ferrand["posted"] == "2031-03-05T21:12"
    quoted = by_author["Ostmark MoD"]
    assert quoted["quoted"] is True and quoted["handle"] == "@ostmark_mod"
    assert quoted["posted"] == "2031-03-04"  # year from the quoting post
    assert briefing.blocks[quoted["quoted_by"]].attrs["author"] == "Tomas Ferrand"
    # the body is a block of its own: sentences never run from the name into it
    body = [q for q in quotes if q.attrs["author"] == "Ostmark MoD" and q.attrs["part"] == "body"]
    assert _text(briefing, body[0]).startswith("No Ostmark unit fired")
    # blocks never overlap
    spans = sorted((b.start, b.end) for b in briefing.blocks)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_links_and_placeholders(briefing):
    urls = [lk.url for lk in briefing.links]
    assert "https://veldra.example/chronology" in urls
    assert "https://herald.example.com/lenz-flight" in urls
    dead = [lk for lk in briefing.links if lk.url is None]
    assert {lk.text for lk in dead} == {"here", "Show this thread"}
    chrono = next(lk for lk in briefing.links if lk.url == "https://veldra.example/chronology")
    assert briefing.text[chrono.start:chrono.end].startswith("[full chronology](")
    # the "(url)" part and brackets are masked, the anchor text is not
    anchor = briefing.text.index("full chronology")
    assert not any(s <= anchor < e for s, e in briefing.masked)
    paren = briefing.text.index("(https://veldra.example/chronology)")
    assert any(s <= paren < e for s, e in briefing.masked)


def test_inline_html_and_bold_masked(briefing):
    tag = briefing.text.index("<i>Northern</i>")
    assert any(s <= tag and tag + 3 <= e for s, e in briefing.masked)
    bold = briefing.text.index("**Mara Quell**")
    assert any(s <= bold and bold + 2 <= e for s, e in briefing.masked)
    word = briefing.text.index("Northern")
    assert not any(s <= word < e for s, e in briefing.masked)


def test_inferred_metadata(briefing):
    meta = briefing.meta
    assert meta.publisher == "Veldra Council for Border Affairs"
    assert meta.published == "2031-03-06"  # Thursday 6th March: 2031, not 2030
    assert meta.language == "en"
    assert meta.origin["published"] == "inferred:signature"
    assert meta.side is None and meta.kind is None


def test_parse_date_weekday_picks_year():
    assert parse_date("Thursday 6th March", [2029, 2030, 2031]) == ("2031-03-06", "weekday")
    assert parse_date("Wednesday 6th March", [2030, 2031]) == ("2030-03-06", "weekday")
    assert parse_date("6 March", [2030, 2031]) == ("2031-03-06", "context")
    assert parse_date("March 6, 2029", []) == ("2029-03-06", "printed")
    assert parse_date("no date here", [2031]) is None


def test_markdown_structure():
    text = (
        "# Veldra river report\n\n"
        "Intro with a footnote[^1] and an autolink <https://river.example/a>.\n\n"
        "## Figures\n\n"
        "| Town | Damage | Source |\n"
        "|------|--------|--------|\n"
        "| Lenz | 12 houses | 2 |\n"
        "| Oder | none | - |\n\n"
        "> The river is calm, said the monitor.\n\n"
        "1. first numbered point\n"
        "2. second numbered point\n\n"
        "[^1]: Monitor log https://river.example/log\n"
        "[2] Ostmark note <https://ostmark.example/note>\n"
    )
    doc = read_text(text, fmt="md")
    kinds = [b.kind for b in doc.blocks]
    heads = [b for b in doc.blocks if b.kind == BlockKind.HEADING]
    assert [b.attrs["level"] for b in heads] == [1, 2]
    assert doc.text[heads[0].start:heads[0].end] == "# Veldra river report"
    assert any(s <= heads[0].start < e for s, e in doc.masked)  # the '#' is markup
    rows = [b for b in doc.blocks if b.kind == BlockKind.TABLE_ROW]
    assert len(rows) == 3 and rows[0].attrs["header"] and not rows[1].attrs["header"]
    assert [doc.text[c.start:c.end] for c in rows[1].cells] == ["Lenz", "12 houses", "2"]
    assert rows[1].cells[1].header == "Damage"
    assert BlockKind.QUOTE in kinds
    assert sum(k == BlockKind.LIST_ITEM for k in kinds) == 2
    markers = {(m.marker, doc.footnotes[m.footnote].url) for m in doc.markers}
    assert ("1", "https://river.example/log") in markers
    assert ("2", "https://ostmark.example/note") in markers  # plain 2 in the Source column
    assert all(doc.text[m.start:m.end] != "12" for m in doc.markers)


def test_glued_digit_markers_only_where_footnotes_exist():
    text = ("Veldra report\n\nThe convoy left at dawn.3 It carried 3 tonnes of grain, said the monitor,4 "
            "and 250 people.\n\n3 <https://a.example/3>\n\n4 <https://a.example/4>\n")
    doc = read_text(text)
    assert [(m.marker, doc.text[m.start - 1]) for m in doc.markers] == [("3", "."), ("4", ",")]
    no_notes = read_text("The convoy left at dawn.3 It carried grain.\n")
    assert no_notes.markers == []


def test_units_are_not_markers():
    doc = read_text("The camp covers 4 km² of land.¹\n\n¹ <https://a.example/camp>\n")
    assert [m.marker for m in doc.markers] == ["1"]


def test_heading_like_rules():
    assert heading_like("What the monitors saw")
    assert not heading_like("The monitors saw it.")
    assert not heading_like("Friday 7th March")
    assert not heading_like("<https://example.org/x>")
    assert not heading_like("[Read more](#)")
    assert not heading_like("Prepared by the Border Office")


def test_empty_text_raises():
    with pytest.raises(EmptyDocument):
        read_text("  \n\n ")


def test_posts_pattern_is_general():
    text = ("**Ana Brel**\n@anabrel\n\nNight was quiet along the river.\n\n"
            "11:30 PM · Jan 2, 2032 · X for iPhone\n\n12 Reposts 3 Quotes 140 Likes\n\nAfter the post.\n")
    doc = read_text(text)
    quotes = [b for b in doc.blocks if b.kind == BlockKind.QUOTE]
    assert quotes and all(q.attrs["author"] == "Ana Brel" for q in quotes)
    assert quotes[0].attrs["posted"] == "2032-01-02T23:30"
    assert quotes[0].attrs["counts"] == {"reposts": 12, "quotes": 3, "likes": 140}
    assert quotes[0].attrs["platform"] == "x"
    after = doc.blocks[-1]
    assert after.kind == BlockKind.PARAGRAPH and doc.text[after.start:after.end] == "After the post."


def test_dateline_press_service_and_language():
    doc = read_text("Press release\n\nPublished: 12 May 2031\n\nThe ministry of Ostmark rejects the report of the "
                    "monitor and says that the bridge was not hit.\n\nPress service of the President of Ostmark\n")
    assert doc.meta.published == "2031-05-12"
    assert doc.meta.publisher == "Press service of the President of Ostmark"
    french = read_text("Communiqué\n\nLe ministère de la défense de Veldra a indiqué que les tirs sur la ville "
                       "de Lenz ont cessé dans la nuit et que les équipes sont sur place.\n")
    assert french.meta.language == "fr"
    assert french.meta.published is None


def test_tab_indented_paragraphs_are_not_tables():
    doc = read_text("Veldra report\n\n\tThe first paragraph is indented with a tab.\n\n\tSo is the second one.\n")
    assert [b.kind for b in doc.blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    table = read_text("Town\tDamage\nLenz\t12 houses\nOder\tnone\n")
    rows = [b for b in table.blocks if b.kind == BlockKind.TABLE_ROW]
    assert len(rows) == 3 and rows[0].attrs["header"]
    assert [table.text[c.start:c.end] for c in rows[2].cells] == ["Oder", "none"]


def test_plain_name_and_handle_without_timestamp_is_not_a_post():
    doc = read_text("Follow the council\n@veldra_council\n\nThe council met today in Lenz.\n")
    assert not any(b.kind == BlockKind.QUOTE for b in doc.blocks)
    post = read_text("Ana Brel\n@anabrel\nNight was quiet along the river.\n4:10 AM · Feb 3, 2032\n")
    quotes = [b for b in post.blocks if b.kind == BlockKind.QUOTE]
    assert quotes and quotes[0].attrs["author"] == "Ana Brel" and quotes[0].attrs["posted"] == "2032-02-03T04:10"


def test_letterhead_heading_group_and_signature_block():
    doc = read_text("BORDER COMMITTEE OF THE KINGDOM OF OSTMARK\nPress Office\n\nNOTICE\non the closure of the Brask "
                    "crossing\n\nThe crossing will stay closed until further notice, the committee said.\n")
    heads = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == BlockKind.HEADING]
    assert len(heads) == 2 and heads[1].startswith("NOTICE\non the closure")
    assert doc.meta.title == "NOTICE on the closure of the Brask crossing"
    assert doc.meta.publisher == "Border Committee of the Kingdom of Ostmark"
    assert doc.meta.origin["publisher"] == "inferred:letterhead"
    signed = read_text("Address to the nation\n\nWe will rebuild every house in Lenz, and we will do it "
                       "together.\n\nMira Soltan\nPrime Minister of Veldra\nLenz, Monday, 7 April 2031\n")
    assert signed.meta.publisher == "Prime Minister of Veldra (Mira Soltan)"
    assert signed.meta.origin["publisher"] == "inferred:signature"
    assert signed.meta.published == "2031-04-07"
