"""Figures: every shape the extractor reads, and what it must leave alone.

Fixtures are our own sentences about a fictional conflict (the Republic of
Veldra, the Kingdom of Ostmark and a monitoring mission).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.extract.quantities import (
    approximate_estimate,
    extract_quantities,
    parse_spelled,
)
from parallax.model import Block, BlockKind, Cell, Document, Footnote, MarkerRef
from parallax.nlp import annotate


def quantities(text: str, **doc_fields):
    document = Document(text=text, **doc_fields)
    analysis, doc = annotate(document)
    return extract_quantities(analysis, doc, None)


def one(text: str):
    found = quantities(text)
    assert len(found) == 1, [(q.text, q.value) for q in found]
    return found[0]


# --------------------------------------------------------------------------
# shapes
# --------------------------------------------------------------------------


def test_exact_count_with_unit_and_evidence_span():
    text = "Ostmark artillery destroyed 17 Veldran supply trucks near Keld."
    q = one(text)
    assert (q.value, q.qualifier, q.unit) == (17, "exact", "Veldran supply trucks")
    assert text[q.start:q.end] == q.text == "17 Veldran supply trucks"
    assert q.according_to is None


@pytest.mark.parametrize("phrase,qualifier", [
    ("more than", "more_than"), ("over", "more_than"), ("at least", "more_than"),
    ("fewer than", "less_than"), ("under", "less_than"), ("up to", "less_than"),
    ("about", "about"), ("around", "about"), ("approximately", "about"), ("some", "about"),
    ("nearly", "about"), ("almost", "about"),
])
def test_qualifiers(phrase, qualifier):
    q = one(f"The mission counted {phrase} 450 displaced families in Keld.")
    assert q.value == 450
    assert q.qualifier == qualifier
    assert q.text.lower().startswith(phrase)
    assert q.unit == "displaced families"


def test_range_between_and_hyphen():
    a, b = quantities("Between 3 and 5 drones were shot down, and 20-25 shells hit the depot.")
    assert (a.value, a.value_max, a.qualifier, a.unit) == (3, 5, "range", "drones")
    assert (b.value, b.value_max, b.qualifier, b.unit) == (20, 25, "range", "shells")


@pytest.mark.parametrize("text,word", [
    ("Dozens of villagers fled across the river.", "dozens"),
    ("Hundreds of soldiers gathered at the border.", "hundreds"),
    ("Several tanks crossed the line at night.", "several"),
    ("A few journalists were detained at the checkpoint.", "a few"),
])
def test_approximate_words_have_no_value(text, word):
    q = one(text)
    assert q.value is None
    assert q.approximate_word == word
    assert q.qualifier == "about"
    assert q.unit in ("villagers", "soldiers", "tanks", "journalists")


def test_approximate_word_acled_estimates_come_from_the_data_file():
    assert approximate_estimate("dozens") == 12
    assert approximate_estimate("hundreds") == 100
    assert approximate_estimate("unheard-of") is None


@pytest.mark.parametrize("text,value,unit", [
    ("The flood displaced three thousand herders.", 3000, "herders"),
    ("Over twenty thousand residents left Keld.", 20000, "residents"),
    ("The census found one million voters in the north.", 1_000_000, "voters"),
    ("The patrol freed five hostages.", 5, "hostages"),
    ("Ostmark released twenty-five prisoners.", 25, "prisoners"),
])
def test_spelled_numbers(text, value, unit):
    q = one(text)
    assert q.value == value
    assert q.unit == unit


def test_spelled_word_parser():
    assert parse_spelled("two hundred and forty") == 240
    assert parse_spelled("a million") == 1_000_000
    assert parse_spelled("banana") is None


def test_digit_separators():
    a, b = quantities("The mission logged 12,450 violations and 1 300 craters.")
    assert a.value == 12450 and a.unit == "violations"
    assert b.value == 1300 and b.unit == "craters"


def test_number_glued_to_a_function_word_and_subset_unit():
    found = quantities("In total 300 Veldran farmers lost land, out of which87 lost their homes.")
    assert [q.value for q in found] == [300, 87]
    glued = found[1]
    assert glued.text == "87"
    assert glued.unit == found[0].unit  # "of which": a part of the same set


def test_digits_glued_to_a_name_are_not_a_figure():
    assert quantities("An A320 and an F16 flew over Keld.") == []


@pytest.mark.parametrize("text,value,currency", [
    ("Veldra pledged $40 million for the bridge.", 40_000_000, "USD"),
    ("The fund received €2.5bn in grants.", 2_500_000_000, "EUR"),
    ("Ostmark paid £300,000 in compensation.", 300_000, "GBP"),
    ("The contract is worth 12 million USD.", 12_000_000, "USD"),
    ("The ministry spent 80 million manat on roads.", 80_000_000, "AZN"),
])
def test_money(text, value, currency):
    q = one(text)
    assert q.value == pytest.approx(value)
    assert q.currency == currency
    assert q.flags == []


def test_money_without_currency_is_flagged():
    q = one("The government allocated 4 billion to rebuild the northern districts.")
    assert q.value == 4_000_000_000
    assert q.currency is None
    assert q.flags == ["currency-missing"]


def test_percentages():
    a, b = quantities("Turnout fell to 38% in Keld and about 45 per cent in Dorn.")
    assert (a.value, a.unit) == (38, "percent")
    assert (b.value, b.unit, b.qualifier) == (45, "percent", "about")


def test_fraction_of_a_whole():
    q = one("The envoy spent over half of his address on the border dispute.")
    assert q.value == 0.5
    assert q.qualifier == "more_than"
    assert q.text == "over half of his address"


def test_distance_unit_is_normalised():
    q = one("The depot lies only 35 kilometres from the capital.")
    assert (q.value, q.unit) == (35, "km")


def test_social_counts():
    found = quantities("14 Retweets 3 Quote Tweets 120 Likes")
    assert [(q.value, q.unit) for q in found] == [(14, "retweets"), (3, "quote tweets"), (120, "likes")]


# --------------------------------------------------------------------------
# exclusions
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The treaty was signed in 2019 and renewed in 2021.",
    "Talks resumed on 14 March and again on March 28.",
    "The strike began at 21:45 on the second day.",
    "Fighting resumed on 3rd June after the 12th round of talks.",
    "The siege lasted three days and the occupation thirty years.",
    "The talks went on for 18 months without a result.",
    "See the thread (4/9) for the background.",
    "Registered under Transparency Register Number 40302010987-55 in the union.",
    "The report is online at https://monitor.example.org/reports/2021/335 for all.",
    "The convoy was stopped at Hill 402 by the patrol.",
    "Points 1,2,3 of the plan were rejected by the delegation.",
])
def test_not_figures(text):
    assert quantities(text) == [], [(q.text, q.value) for q in quantities(text)]


def test_footnote_markers_and_footnote_blocks_are_skipped():
    body = "Ostmark shelled the market.1\n\n1 Report of the monitoring mission, 12 pages.\n"
    note_start = body.index("1 Report")
    document_fields = {
        "blocks": [Block(BlockKind.PARAGRAPH, 0, note_start - 2),
                   Block(BlockKind.FOOTNOTE, note_start, len(body) - 1, attrs={"marker": "1"})],
        "footnotes": [Footnote("1", "Report of the monitoring mission, 12 pages.", None, note_start, len(body) - 1)],
        "markers": [MarkerRef("1", body.index(".1") + 1, body.index(".1") + 2, 0)],
    }
    assert quantities(body, **document_fields) == []


def test_list_numbering_and_lone_source_numbers():
    assert quantities("1. Ostmark shelled the market.\n2. Veldra denied it.\n14\n") == []


def test_time_expressions_from_the_times_stage_are_respected():
    from parallax.model import TimeExpr

    text = "Two weeks later forty prisoners were exchanged."
    document = Document(text=text)
    analysis, doc = annotate(document)
    analysis.times = [TimeExpr("Two weeks later", 0, 15, "P2W", type="DURATION")]
    found = extract_quantities(analysis, doc, None)
    assert [(q.value, q.unit) for q in found] == [(40, "prisoners")]


# --------------------------------------------------------------------------
# according to whom
# --------------------------------------------------------------------------


def test_according_to_reported_speech():
    q = one("The monitoring mission said that 40 civilians were wounded in Keld.")
    assert q.according_to == "monitoring mission"


def test_according_to_an_embedded_post_author():
    text = "Marta Lind\n@martalind\n\nI counted 30 trucks crossing the bridge at dawn.\n"
    body = text.index("I counted")
    blocks = [Block(BlockKind.QUOTE, 0, body - 2, attrs={"author": "Marta Lind", "part": "header"}),
              Block(BlockKind.QUOTE, body, len(text) - 1, attrs={"author": "Marta Lind", "part": "body"})]
    found = quantities(text, blocks=blocks)
    assert [(q.value, q.according_to) for q in found] == [(30, "Marta Lind")]


def test_seed_gold_quantities():
    """Both seed documents against their gold (read at run time)."""
    gold_dir = Path(__file__).resolve().parents[2] / "shared" / "gold"
    if not gold_dir.is_dir():
        pytest.skip("../shared is absent")
    import yaml

    from parallax.eval.checkworthy import score_gold_quantities

    tp = predicted = gold_n = 0
    for path in sorted(gold_dir.glob("*.gold.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        seed = gold_dir.parent / "seeds" / gold["document"]
        if not seed.exists():
            continue
        document = _read(seed)
        analysis, doc = annotate(document)
        scores = score_gold_quantities(extract_quantities(analysis, doc, None), gold.get("quantities") or [], document.text)
        tp, predicted, gold_n = tp + scores["tp"], predicted + scores["predicted"], gold_n + scores["gold"]
    if not gold_n:
        pytest.skip("no seed documents beside the gold")
    assert tp / gold_n >= 0.8
    assert tp / max(predicted, 1) >= 0.8


def _read(path: Path) -> Document:
    try:
        from parallax.read import read_path
    except ImportError:
        return Document(text=path.read_text(encoding="utf-8"), path=str(path))
    doc = read_path(path)
    return doc[0] if isinstance(doc, list) else doc


# --------------------------------------------------------------------------
# counts without a noun after them, and numbers alone in table cells
# --------------------------------------------------------------------------


def counts(text: str, **doc_fields):
    analysis, doc = annotate(Document(text=text, **doc_fields))
    return [(q.text, q.value) for q in extract_quantities(analysis, doc, None)]


@pytest.mark.parametrize("text, expected", [
    ("Nine houses were hit in Keld, two of them destroyed.", ("two of them", 2.0)),
    ("The army said that three of its drivers had been captured.", ("three of its drivers", 3.0)),
    ("Two of the smugglers were detained near the ford.", ("Two of the smugglers", 2.0)),
])
def test_partitive_counts(text, expected):
    assert expected in counts(text)


def test_spelled_subject_count_takes_the_previous_unit():
    text = "Four civilians were killed in Keld and five more were injured."
    analysis, doc = annotate(Document(text=text))
    found = [(q.value, q.unit) for q in extract_quantities(analysis, doc, None)]
    assert found == [(4.0, "civilians"), (5.0, "civilians")]


def test_one_before_a_casualty_noun():
    assert ("one guard", 1.0) in counts("Ostmark mortars hit the post at dawn; one guard wounded.")
    assert ("one nurse", 1.0) in counts("In Keld one nurse was killed by the shelling.")


@pytest.mark.parametrize("text", [
    "One of the most serious incidents took place in Keld.",
    "It was one thing to promise and another to deliver.",
    "The two of them met in Keld last spring.",
    "Veldra says one day the border will reopen.",
])
def test_not_counts_without_a_group(text):
    assert counts(text) == []


def _table(rows: list[list[str]], header: list[str]) -> tuple[str, list[Block]]:
    text, blocks = "", []
    for row in [header] + rows:
        start = len(text)
        cells = []
        for i, value in enumerate(row):
            cells.append(Cell(len(text), len(text) + len(value), header[i]))
            text += value + ("\t" if i < len(row) - 1 else "")
        blocks.append(Block(BlockKind.TABLE_ROW, start, len(text), cells=cells,
                            attrs={"table": 0, "header": row is header}))
        text += "\n"
    return text, blocks


def test_number_alone_in_a_counting_column_is_a_figure_with_the_header_as_unit():
    text, blocks = _table([["Keld", "31", "from the north"], ["Total", "44", ""]],
                          ["Village", "Shells", "Direction"])
    analysis, doc = annotate(Document(text=text, blocks=blocks))
    found = [(q.value, q.unit) for q in extract_quantities(analysis, doc, None)]
    assert found == [(31.0, "Shells"), (44.0, "Shells")]


def test_number_alone_under_a_source_or_number_column_is_not_a_figure():
    text, blocks = _table([["12 May", "Mortar fire on a post near Keld", "3"]], ["Date", "Event", "Source"])
    assert counts(text, blocks=blocks) == []
    text, blocks = _table([["4", "Mortar fire on a post near Keld"]], ["No.", "Event"])
    assert counts(text, blocks=blocks) == []
    text, blocks = _table([["17", "Mortar fire on a post near Keld"]], ["Day", "Event"])
    assert counts(text, blocks=blocks) == []
