"""Neutrality: swapping the two sides' names must mirror the links.

The example corpus (examples/corpus, fictional) is analysed twice, as it is
and with examples/swap.yaml applied to the raw files (re-read as new
documents). The aligner alone must give exactly the mirror image; the whole
pipeline is held to a share of mirrored links (its extractors use a
statistical model that may read a swapped name differently)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parallax.align import align
from parallax.symmetry import (
    SwapError,
    analyse_pair,
    compare_links,
    link_keys,
    load_swap,
    mirror_analyses,
    offset_mapper,
    swap_table,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
SWAP = ROOT / "examples" / "swap.yaml"


def test_swap_is_one_pass_whole_words_longest_first():
    table = swap_table({"pairs": [["Arlen", "Bexmoor"], ["Arlenian", "Bexmoorish"],
                                  ["Union of Arlen", "Bexmoor Federation"]],
                        "one_way": {"Arleners": "Bexmoorish"}})
    text = "The Union of Arlen accused Bexmoor; Arlenian and Bexmoorish guns, Arleners, Arlenville."
    assert table.swap(text) == ("The Bexmoor Federation accused Arlen; Bexmoorish and Arlenian guns, "
                                "Bexmoorish, Arlenville.")


def test_swap_fits_articles_and_capitals():
    table = swap_table({"pairs": [["Arlenian", "Bexmoorish"], ["Union of Arlen", "Bexmoor"]]})
    text = "UNION OF ARLEN, 3 May. An Arlenian patrol met a Bexmoorish one; an Arlenianist stayed."
    assert table.swap(text) == "BEXMOOR, 3 May. A Bexmoorish patrol met an Arlenian one; an Arlenianist stayed."
    swapped, move = offset_mapper(text, table)
    assert swapped == table.swap(text)
    s = text.index("patrol")
    assert swapped[move(s):move(s + 6, True)] == "patrol"


def test_offsets_follow_the_swapped_text():
    table = swap_table({"pairs": [["Arlen", "Bexmoor Federation"]]})
    text = "Arlen fired first. Then the Bexmoor Federation replied near Pellan."
    swapped, move = offset_mapper(text, table)
    assert swapped == table.swap(text)
    for word in ("fired first", "replied", "Pellan"):
        s, e = text.index(word), text.index(word) + len(word)
        assert swapped[move(s):move(e, True)] == word
    s = text.index("Bexmoor Federation")
    assert swapped[move(s):move(s + len("Bexmoor Federation"), True)] == "Arlen"


def test_bad_swap_tables_are_reported(tmp_path):
    with pytest.raises(SwapError, match="paired twice"):
        swap_table({"pairs": [["A", "B"], ["A", "C"]]})
    with pytest.raises(SwapError, match="empty"):
        swap_table({"pairs": []})
    bad = tmp_path / "swap.yaml"
    bad.write_text("pairs: [[unclosed", encoding="utf-8")
    with pytest.raises(SwapError):
        load_swap(bad)


@pytest.fixture(scope="module")
def example_pair():
    from parallax.read import iter_paths

    table = load_swap(SWAP)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        original, swapped = analyse_pair(iter_paths([str(CORPUS)]), table)
    return table, original, swapped


def test_swapped_corpus_is_reread_with_its_own_offsets(example_pair):
    _, original, swapped = example_pair
    for a, b in zip(original, swapped):
        assert b.document.content_hash != a.document.content_hash
        assert "Veldra" not in a.document.text or "Ostmark" in b.document.text
        for m in b.actors:  # every mention's offsets point at its own text in the swapped document
            norm = lambda t: re.sub(r"[^\w@]+", " ", t).strip()  # markup is blanked in mention texts
            assert norm(b.document.text[m.start:m.end]).startswith(norm(m.text))
        for ev in b.events:
            assert 0 <= ev.sentence_start <= ev.start < ev.end <= len(b.document.text)
            assert ev.trigger.split()[0].lower() in b.document.text[ev.start:ev.end].lower()


def test_aligner_alone_gives_the_exact_mirror_with_roles_swapped(example_pair):
    table, original, _ = example_pair
    mirrored = mirror_analyses(original, table)
    links_o, links_m = align(original), align(mirrored)
    report = compare_links(original, mirrored, links_o, links_m)
    assert report.symmetric, (report.only_original, report.only_swapped)
    assert report.original > 10
    ko, km = link_keys(original, links_o), link_keys(mirrored, links_m)
    initiator = [k for k in ko if k[3] == "initiator"]
    assert initiator, "the example corpus has each side blaming the other"
    codes = table.codes

    def joint(reason: str) -> str:  # "OST/VEL": joint parties are listed in code order
        return re.sub(r"\b[A-Z]{3}(?:/[A-Z]{3})+\b", lambda m: "/".join(sorted(m.group().split("/"))), reason)

    for key in initiator:  # the same link, with the initiators swapped
        swap_codes = re.sub(r"\b[A-Z]{3}\b", lambda m: codes.get(m.group(), m.group()), ko[key].reason)
        assert joint(km[key].reason) == joint(swap_codes)


def test_whole_pipeline_mostly_mirrors(example_pair):
    """The swapped corpus read from scratch. The example geography is
    mirror-symmetric (examples/gazetteer.yaml: paired places at each other's
    mirror points, unpaired ones on the axis) and the swap fits articles and
    capitals, so what is left is bias. Measured: 19 of 29 links mirrored
    when the aligner masked names with numbered stand-in words (one word per
    name, by first mention: a single extraction difference renumbered every
    later name, and the embedding model read "hotel" or "india" as words);
    mirror-symmetric geography alone changed nothing (21 of 29 before and
    after); one stand-in per kind gave 34 of 34, then 37 of 38 as the
    extractors changed. What remains is the statistical models reading a
    name differently (spaCy takes one side's demonym for a place, the
    other's for a party; "Colonel" joins one spokesman's name but not the
    other's). The floor allows a few such links; the aligner test above is
    exact."""
    table, original, swapped = example_pair
    report = compare_links(original, swapped, align(original), align(swapped), table)
    mirrored = report.original - len(report.only_original)
    assert report.original and mirrored / report.original >= 0.9, report.as_dict()


def test_audit_symmetry_command_exit_code(tmp_path):
    from parallax.cli import app

    doc = tmp_path / "a.txt"
    doc.write_text("Nothing happened here on 3 May 2031.\n", encoding="utf-8")
    swap = tmp_path / "swap.yaml"
    swap.write_text("pairs:\n  - [Arlen, Bexmoor]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit-symmetry", str(doc), "--swap", str(swap), "--json"])
    assert result.exit_code == 0, result.output
    assert '"symmetric": true' in result.output
    result = CliRunner().invoke(app, ["audit-symmetry", str(doc), "--swap", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
