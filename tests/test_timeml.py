"""The time-expression scorer: TimeML reading, TempEval-3 measures on
hand-made pairs, the gold-YAML variant, and runs on the shared benchmark
and seed gold (skipped when ../shared is absent)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from parallax.eval.timeml import (
    KEYS,
    eval_timeml_dir,
    read_tml,
    score_gold_timexes,
    score_timexes,
)
from parallax.model import TimeExpr

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TRAIN = SHARED / "benchmarks" / "timeml" / "train"

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>VELDRA_1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-06-04" temporalFunction="false" functionInDocument="CREATION_TIME">20210604</TIMEX3></DCT>
<TEXT>
Veldra &amp; Ostmark <EVENT eid="e1" class="OCCURRENCE">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2021-06-03">yesterday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="PT3H">three hours</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_read_tml(tmp_path):
    f = tmp_path / "a.tml"
    f.write_text(TML, encoding="utf-8")
    text, dct, gold = read_tml(f)
    assert dct == "2021-06-04"
    assert "Veldra & Ostmark met yesterday" in text
    assert [(text[s:e], v, t) for s, e, v, t in gold] == [("yesterday", "2021-06-03", "DATE"),
                                                         ("three hours", "PT3H", "DURATION")]


def test_read_tml_reports_bad_input(tmp_path):
    from parallax.errors import GoldFormatError

    with pytest.raises(GoldFormatError):
        read_tml(tmp_path / "missing.tml")
    (tmp_path / "b.tml").write_text("<TimeML><DOCID>x</DOCID></TimeML>", encoding="utf-8")
    with pytest.raises(GoldFormatError):
        read_tml(tmp_path / "b.tml")


def test_eval_on_a_hand_made_file(tmp_path):
    (tmp_path / "a.tml").write_text(TML, encoding="utf-8")
    scores = eval_timeml_dir(tmp_path)
    assert scores["gold"] == 2
    assert scores["strict_f1"] == 1.0 and scores["value_f1"] == 1.0


def test_score_known_answers():
    gold = [(0, 9, "2021-06-03", "DATE"), (20, 31, "PT3H", "DURATION"), (40, 48, "2021", "DATE")]
    pred = [
        (0, 9, "2021-06-03", "DATE"),        # strict, value right
        (24, 31, "PT2H", "DURATION"),        # relaxed only, value wrong
        (60, 65, "2020", "DATE"),            # spurious
    ]
    s = score_timexes(pred, gold)
    assert set(s) == set(KEYS)
    # strict: 1 of 3 pred, 1 of 3 gold -> 1/3; relaxed: 2/3; value: 1/3; type: 2/3
    assert s["strict_f1"] == pytest.approx(1 / 3, abs=1e-3)
    assert s["relaxed_f1"] == pytest.approx(2 / 3, abs=1e-3)
    assert s["value_f1"] == pytest.approx(1 / 3, abs=1e-3)
    assert s["type_f1"] == pytest.approx(2 / 3, abs=1e-3)
    assert s["value_accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert s["gold"] == 3


def test_score_is_one_to_one_and_handles_empty_sides():
    gold = [(0, 10, "2020", "DATE")]
    pred = [(0, 4, "2020", "DATE"), (5, 10, "2020", "DATE")]
    s = score_timexes(pred, gold)
    assert s["relaxed_f1"] == pytest.approx(2 * 0.5 * 1 / 1.5, abs=1e-3)
    assert score_timexes([], gold)["relaxed_f1"] == 0.0
    assert score_timexes(pred, [])["gold"] == 0


def _t(text, body, value, type_="DATE", begin=None, end=None):
    start = body.index(text)
    return TimeExpr(text=text, start=start, end=start + len(text), value=value, type=type_, begin=begin,
                    end_date=end)


def test_score_gold_yaml_entries():
    body = "In recent days, on 4 June and again on 4 June 2021, Ostmark moved; it currently holds the ridge."
    gold = [
        {"text": "recent days", "value": "2021-05-22/2021-06-04", "type": "DATE"},
        {"text": "4 June 2021", "value": date(2021, 6, 4), "type": "DATE"},
        {"text": "4 June", "value": "2021-06-04", "type": "DATE"},  # first occurrence not inside the longer one
        {"text": "currently", "value": date(2021, 6, 4)},
    ]
    pred = [
        _t("recent days", body, "PXD", "DURATION", "2021-05-22", "2021-06-04"),  # interval matches begin/end
        _t("4 June", body, "2021-06-04"),
        TimeExpr("4 June 2021", body.index("4 June 2021"), body.index("4 June 2021") + 11, "2021-06-05"),
        _t("currently", body, "PRESENT_REF", begin="2021-06-04", end="2021-06-04"),
    ]
    s = score_gold_timexes(pred, gold, body)
    assert s["gold"] == 4 and s["strict_f1"] == 1.0
    assert s["value_accuracy"] == 0.75  # the wrong day of "4 June 2021"
    assert s["type_f1"] == 0.75  # "recent days" typed DURATION


@pytest.mark.skipif(not TRAIN.is_dir(), reason="../shared benchmarks absent")
def test_runs_on_a_few_timebank_files(tmp_path):
    files = sorted(TRAIN.rglob("*.tml"))[:3]
    for f in files:
        (tmp_path / f.name).write_bytes(f.read_bytes())
    s = eval_timeml_dir(tmp_path)
    assert set(KEYS) <= set(s)
    assert all(0.0 <= s[k] <= 1.0 for k in KEYS if k != "gold")
    assert s["gold"] > 0 and s["relaxed_f1"] > 0.5


def _seed_documents(seed: Path) -> list:
    """The seed as plain text, and as the project's reader builds it (with
    blocks: table rows, embedded posts) when the reader is there."""
    from parallax.model import Document

    docs = [Document(text=seed.read_text(encoding="utf-8"))]
    try:
        from parallax.read import read_path
    except ImportError:
        return docs
    return [*docs, read_path(seed)]


@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared gold absent")
def test_seed_gold_value_accuracy():
    import yaml

    from parallax.extract.times import extract_times
    from parallax.nlp import annotate

    checked = 0
    for gold_file in sorted((SHARED / "gold").glob("*.gold.yaml")):
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        seed = (gold_file.parent / gold["document"]) if gold.get("document") else None
        if seed is None or not seed.exists():
            seed = SHARED / "seeds" / gold_file.name.replace(".gold.yaml", ".txt")
        if not seed.exists() or not gold.get("timexes"):
            continue
        for doc in _seed_documents(seed):
            doc.meta.published = str(gold["meta"]["published"])
            analysis, sdoc = annotate(doc)
            s = score_gold_timexes(extract_times(analysis, sdoc, None), gold["timexes"], doc.text)
            assert s["value_accuracy"] >= 0.9, (gold_file.name, len(doc.blocks), s)
        checked += 1
    assert checked
