"""Speakers and check-worthy claims, on documents we write ourselves (a
fictional conflict between the Republic of Veldra and the Kingdom of
Ostmark)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.extract.claims import extract_claims
from parallax.extract.quantities import extract_quantities
from parallax.extract.speakers import speaker_of
from parallax.model import Block, BlockKind, Cell, Citation, Document
from parallax.nlp import annotate


def analyse(document: Document):
    analysis, doc = annotate(document)
    analysis.quantities = extract_quantities(analysis, doc, None)
    return analysis, doc


def paragraphs(text: str, kinds: dict[str, BlockKind] | None = None) -> Document:
    """A Document whose blocks are its blank-line separated paragraphs;
    ``kinds`` maps a paragraph's first words to another block kind."""
    blocks = []
    pos = 0
    for part in text.split("\n\n"):
        start = text.index(part, pos)
        end = start + len(part.rstrip("\n"))
        kind = next((k for prefix, k in (kinds or {}).items() if part.startswith(prefix)), BlockKind.PARAGRAPH)
        if part.strip():
            blocks.append(Block(kind, start, end))
        pos = end
    return Document(text=text, blocks=blocks)


def claim_containing(claims, words: str):
    hits = [c for c in claims if words in c.text]
    assert hits, [c.text for c in claims]
    return hits[0]


# --------------------------------------------------------------------------
# speakers
# --------------------------------------------------------------------------


def test_speaker_reported_speech_and_document_voice():
    text = ("The monitoring mission said that Ostmark drones struck the Keld water plant. "
            "Ostmark troops crossed the river at dawn.")
    analysis, doc = analyse(Document(text=text))
    s = text.index("Ostmark drones")
    assert speaker_of(analysis, doc, s, text.index(" plant") + 6) == "monitoring mission"
    t = text.index("Ostmark troops")
    assert speaker_of(analysis, doc, t, len(text)) is None


def test_speaker_according_to_and_claims_that():
    text = ("According to Colonel Ivo Brandt, 40 Veldran soldiers were captured near Dorn. "
            "The Ostmark ministry claims that no shells hit the hospital.")
    analysis, doc = analyse(Document(text=text))
    a = text.index("40 Veldran")
    assert speaker_of(analysis, doc, a, a + 10) == "Ivo Brandt"  # a full name without its title
    b = text.index("no shells")
    assert speaker_of(analysis, doc, b, text.index("hospital")) == "Ostmark ministry"


@pytest.mark.parametrize("text,speaker", [
    ("As confirmed by the monitoring mission, 40 civilians were wounded in Keld.", "monitoring mission"),
    ("Veldra's army chief, General Ivo Brandt, told reporters that 15 drones were downed.", "Ivo Brandt"),
    ("The spokesman of the mission, who visited Keld, said that 12 houses burned.", "spokesman of the mission"),
])
def test_speaker_names_as_written(text, speaker):
    analysis, _ = analyse(Document(text=text))
    (q,) = analysis.quantities
    assert q.according_to == speaker


def test_speaker_of_an_embedded_post_is_its_author():
    text = "Marta Lind\n@martalind\n\nI watched Ostmark trucks cross the bridge at dawn.\n"
    body = text.index("I watched")
    document = Document(text=text, blocks=[
        Block(BlockKind.QUOTE, 0, body - 2, attrs={"author": "Marta Lind", "part": "header"}),
        Block(BlockKind.QUOTE, body, len(text) - 1, attrs={"author": "Marta Lind", "part": "body"}),
    ])
    analysis, doc = analyse(document)
    assert speaker_of(analysis, doc, body, len(text) - 1) == "Marta Lind"


def test_speaker_of_a_listed_report_headline_is_its_outlet():
    text = ("Reports on the crossing\n\nOstmark troops shelled Keld with heavy artillery\n\n"
            "The Northern Courier – 5 May 2021\n\nhttps://courier.example.org/keld-shelling\n")
    document = paragraphs(text, {"Reports": BlockKind.HEADING, "Ostmark troops": BlockKind.HEADING})
    analysis, doc = analyse(document)
    h = text.index("Ostmark troops")
    assert speaker_of(analysis, doc, h, h + 20) == "The Northern Courier"
    assert speaker_of(analysis, doc, 0, 10) is None  # a heading followed by a headline


def _table_document() -> Document:
    rows = [
        "Date\tAction\tSource",
        ("4 May\tDefence Minister Anna Kovacs told state television that \"Our forces destroyed 14 Ostmark "
         "tanks near Keld. We will"),
        "\tkeep the bridge open.\"\t3",
    ]
    text = "\n".join(rows) + "\n"
    blocks, pos = [], 0
    for i, row in enumerate(rows):
        cells, cpos = [], pos
        for cell in row.split("\t"):
            cells.append(Cell(cpos, cpos + len(cell)))
            cpos += len(cell) + 1
        attrs = {"table": 0, "header": i == 0}
        if i == 2:
            attrs["continues"] = 1
        blocks.append(Block(BlockKind.TABLE_ROW, pos, pos + len(row), cells=cells, attrs=attrs))
        pos += len(row) + 1
    return Document(text=text, blocks=blocks)


def test_speaker_of_a_quotation_in_a_table_row_and_its_continuation():
    document = _table_document()
    text = document.text
    analysis, doc = analyse(document)
    q = text.index("Our forces")
    assert speaker_of(analysis, doc, q, q + 30) == "Anna Kovacs"
    k = text.index("keep the bridge")
    assert speaker_of(analysis, doc, k, k + 10) == "Anna Kovacs"
    d = text.index("Defence Minister")
    assert speaker_of(analysis, doc, d, d + 20) is None  # the row's own account


# --------------------------------------------------------------------------
# claims
# --------------------------------------------------------------------------

ARTICLE = (
    "Shelling of Keld\n\n"
    "Ostmark artillery shelled the Keld market on 3 May, killing 12 civilians.\u00b9 "
    "Ostmark drones destroyed the only bridge into Keld on 4 May.\n\n"
    "Ostmark denied that its forces fired on civilian areas. Not a single Veldran village was attacked by our units, "
    "the Ostmark ministry said.\n\n"
    "What happens next?\n\n"
    "The international community must act now to stop this aggression.\n\n"
    "Read the full report here.\n\n"
    "Prepared by the Veldra Press Office\n\n"
    "https://press.example.org/keld\n"
)


@pytest.fixture(scope="module")
def article():
    from parallax.model import MarkerRef

    document = paragraphs(ARTICLE, {"Shelling of Keld": BlockKind.HEADING})
    s = ARTICLE.index("Ostmark artillery")
    e = ARTICLE.index("civilians.\u00b9") + len("civilians.")
    document.markers = [MarkerRef("1", e, e + 1, None)]
    document.masked = [(e, e + 1)]
    analysis, doc = analyse(document)
    analysis.citations = [Citation("1", "https://monitor.example.org/keld", e, e + 1, s, e, kind="footnote")]
    return analysis, extract_claims(analysis, doc, None)


def test_claims_are_check_worthy_sentences(article):
    analysis, claims = article
    texts = [c.text for c in claims]
    assert any(t.startswith("Ostmark artillery shelled the Keld market") for t in texts)
    assert any("destroyed the only bridge" in t for t in texts)
    for skipped in ("Shelling of Keld", "What happens next", "must act now", "Read the full report",
                    "Prepared by", "https://"):
        assert not any(skipped in t for t in texts), skipped
    for c in claims:
        assert analysis.document.text[c.start:c.end] == c.text
        assert 0.0 <= c.checkworthy <= 1.0


def test_claim_citations_come_from_overlapping_support(article):
    _, claims = article
    assert claim_containing(claims, "killing 12 civilians").citations == ["https://monitor.example.org/keld"]
    assert claim_containing(claims, "only bridge").citations == []


def test_claim_kinds(article):
    _, claims = article
    assert claim_containing(claims, "killing 12 civilians").kind == "figure"
    assert claim_containing(claims, "Not a single Veldran village").kind == "denial"
    assert claim_containing(claims, "destroyed the only bridge").kind == "accusation"


def test_claim_speaker_reported_and_own_voice(article):
    _, claims = article
    assert claim_containing(claims, "killing 12 civilians").speaker is None
    assert claim_containing(claims, "Not a single Veldran village").speaker == "Ostmark ministry"


def test_claims_without_citations_stage_and_with_a_quote_block():
    text = "Marta Lind\n@martalind\n\nI saw 30 Ostmark trucks cross the Dorn bridge on Sunday.\n"
    body = text.index("I saw")
    document = Document(text=text, blocks=[
        Block(BlockKind.QUOTE, 0, body - 2, attrs={"author": "Marta Lind", "part": "header"}),
        Block(BlockKind.QUOTE, body, len(text) - 1, attrs={"author": "Marta Lind", "part": "body"}),
    ])
    analysis, doc = analyse(document)
    claims = extract_claims(analysis, doc, None)
    assert [(c.text, c.speaker, c.citations) for c in claims] == [
        ("I saw 30 Ostmark trucks cross the Dorn bridge on Sunday.", "Marta Lind", [])]


def test_sentence_split_at_an_inner_footnote_marker():
    text = ("From the call-up of dismissed reservists in Ostmark\u00b9, to the transfer of 40 tanks "
            "to the border\u00b2, every step was planned in advance.\n")
    from parallax.model import MarkerRef

    m1, m2 = text.index("\u00b9"), text.index("\u00b2")
    document = Document(text=text, blocks=[Block(BlockKind.PARAGRAPH, 0, len(text) - 1)],
                        markers=[MarkerRef("1", m1, m1 + 1, None), MarkerRef("2", m2, m2 + 1, None)],
                        masked=[(m1, m1 + 1), (m2, m2 + 1)])
    analysis, doc = analyse(document)
    analysis.citations = [
        Citation("1", "https://a.example.org/1", m1, m1 + 1, 0, len(text) - 1),
        Citation("2", "https://b.example.org/2", m2, m2 + 1, 0, len(text) - 1),
    ]
    claims = extract_claims(analysis, doc, None)
    first = claim_containing(claims, "dismissed reservists")
    assert "transfer of 40 tanks" not in first.text
    assert first.citations == ["https://a.example.org/1"]
    second = claim_containing(claims, "transfer of 40 tanks")
    assert second.citations == ["https://b.example.org/2"]


def test_seed_gold_claims():
    gold_dir = Path(__file__).resolve().parents[2] / "shared" / "gold"
    if not gold_dir.is_dir():
        pytest.skip("../shared is absent")
    import yaml

    from parallax.eval.checkworthy import score_gold_claims

    tp = predicted = gold_n = 0
    for path in sorted(gold_dir.glob("*.gold.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        seed = gold_dir.parent / "seeds" / gold["document"]
        if not seed.exists():
            continue
        from test_quantities import _read

        analysis, doc = analyse(_read(seed))
        scores = score_gold_claims(extract_claims(analysis, doc, None), gold.get("claims") or [], analysis.document.text)
        tp, predicted, gold_n = tp + scores["tp"], predicted + scores["predicted"], gold_n + scores["gold"]
    if not gold_n:
        pytest.skip("no seed documents beside the gold")
    assert tp / gold_n >= 0.8
    assert tp / max(predicted, 1) >= 0.6
