"""Contested naming across documents of different sides."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax import nlp
from parallax.extract.places import extract_places
from parallax.model import Metadata
from parallax.naming import contested_names
from parallax.read import read_text
from parallax.resources import Resources

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

VELDRA_TEXT = ("Artillery fire hit the occupied Harn Valley again on Monday night. "
               "Two of our soldiers were martyred near Dorva.")
OSTMARK_TEXT = ("Farmers returned to the liberated Hornland on Monday. "
                "Two soldiers were killed near Dorva, the ministry said.")


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources(actor_files=[EXAMPLES / "actors.yaml"], gazetteer_files=[EXAMPLES / "gazetteer.yaml"])


def analysed(text: str, side: str | None, name: str, resources: Resources):
    document = read_text(text, path=name, declared=Metadata(side=side))
    analysis, doc = nlp.annotate(document)
    analysis.places = extract_places(analysis, doc, resources)
    return analysis


@pytest.fixture(scope="module")
def pair(resources: Resources):
    return [analysed(VELDRA_TEXT, "veldra", "v.txt", resources),
            analysed(OSTMARK_TEXT, "ostmark", "o.txt", resources)]


def by_referent(rows):
    return {r["referent"]: r for r in rows}


def test_one_region_named_two_ways(pair) -> None:
    rows = by_referent(contested_names(pair))
    valley = rows["Harn Valley"]
    assert valley["kind"] == "place"
    assert valley["sides"] == {"ostmark": {"Hornland": ["o.txt"]}, "veldra": {"Harn Valley": ["v.txt"]}}


def test_occupied_or_liberated_tied_to_the_place(pair) -> None:
    rows = by_referent(contested_names(pair))
    status = rows["control of a territory: Harn Valley"]
    assert status["kind"] == "framing"
    assert status["sides"] == {"ostmark": {"liberated: liberated": ["o.txt"]},
                               "veldra": {"occupied: occupied": ["v.txt"]}}
    dead = rows["the dead"]["sides"]
    assert "martyred: martyred" in dead["veldra"] and "killed: killed" in dead["ostmark"]


def test_same_names_on_both_sides_are_not_contested(resources: Resources) -> None:
    a = analysed("Artillery fire hit the Harn Valley on Monday.", "veldra", "a.txt", resources)
    b = analysed("Shells fell in the Harn Valley on Monday.", "ostmark", "b.txt", resources)
    c = analysed("Shells fell in Harn on Monday.", "ostmark", "c.txt", resources)  # a short form, not a rival name
    assert contested_names([a, b, c]) == []


def test_documents_without_a_side_are_left_out(resources: Resources) -> None:
    a = analysed("Farmers returned to the liberated Hornland.", None, "a.txt", resources)
    b = analysed("Artillery fire hit the occupied Harn Valley.", "veldra", "b.txt", resources)
    assert contested_names([a, b]) == []


def test_framing_and_naming_commands_read_the_store(tmp_path: Path, resources: Resources) -> None:
    import json

    from typer.testing import CliRunner

    from parallax.cli import app
    from parallax.pipeline import analyse
    from parallax.store import open_store

    db = tmp_path / "x.db"
    store = open_store(f"sqlite:///{db}")
    try:
        for text, side, name in ((VELDRA_TEXT, "veldra", "v.txt"), (OSTMARK_TEXT, "ostmark", "o.txt")):
            store.save_analysis(analyse(read_text(text, path=name, declared=Metadata(side=side)), resources))
    finally:
        store.close()
    runner = CliRunner()
    result = runner.invoke(app, ["naming", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["referent"]: r for r in json.loads(result.output)}
    assert rows["Harn Valley"]["sides"]["ostmark"] == {"Hornland": ["o.txt"]}
    result = runner.invoke(app, ["framing", "--db", str(db), "--json", "--spans"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert {d["document"] for d in summary["documents"]} == {"v.txt", "o.txt"}
    assert summary["sides"]["veldra"]["flag_waving"] >= 1  # "our soldiers"
    assert any(s["technique"] == "flag_waving" and s["document"] == "v.txt" for s in summary["spans"])
    result = runner.invoke(app, ["framing", "--db", str(db)])
    assert result.exit_code == 0 and "Sourcing per document" in result.output
