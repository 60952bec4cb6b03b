"""Framing: each persuasion technique on a sentence of its own, neutrality,
lexicon hygiene, counts on the seeds and the example corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from parallax import nlp
from parallax.extract.framing import (
    TECHNIQUES,
    default_lexicon,
    extract_frames,
    technique_counts,
)
from parallax.read import read_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
DATA = ROOT / "parallax" / "data"


def frames_of(text: str):
    analysis, doc = nlp.annotate(read_text(text))
    return extract_frames(analysis, doc)


def techniques_of(text: str) -> set[str]:
    return {f.technique for f in frames_of(text)}


CASES = [
    ("loaded_language", "The barbaric shelling of the market by Ostmarkian batteries went on all night."),
    ("name_calling", "The aggressor moved three more battalions towards the Harn Valley."),
    ("doubt", "The so-called monitors of the mission stayed in their hotel in Kessel."),
    ("doubt", "Marrow talks about the \"humanitarian corridor\" while its guns keep firing."),
    ("exaggeration_minimisation", "Not a single shell landed near the village of Lisk that week."),
    ("appeal_to_fear", "If the shelling goes on, a humanitarian catastrophe will follow across the valley."),
    ("flag_waving", "It is the sacred duty of every citizen to stand by the soldiers at the front."),
    ("flag_waving", "Our brave young soldiers held the bridge at Dorva."),
    ("causal_oversimplification", "Kessel bears full responsibility for every death in the valley."),
    ("appeal_to_authority", "Experts say the craters prove the rockets came from the east."),
    ("slogans", "The minister ended the briefing with the words: victory will be ours."),
    ("whataboutism_strawman_red_herring", "Before lecturing others, Marrow should look at its own record in Tamber."),
    ("black_and_white_fallacy", "You are either with us or against us in this war."),
    ("thought_terminating_cliches", "The photographs are public and the facts speak for themselves."),
    ("bandwagon_reductio_ad_hitlerum", "The entire international community has condemned the strike on Gorsk."),
]


@pytest.mark.parametrize(("technique", "sentence"), CASES)
def test_each_technique_on_a_sentence(technique: str, sentence: str) -> None:
    found = frames_of(sentence)
    assert technique in {f.technique for f in found}, found
    frame = next(f for f in found if f.technique == technique)
    assert frame.text == sentence[frame.start:frame.end] and frame.text.strip()
    assert frame.lexicon == "framing_lexicon.yaml" and frame.prov.stage == "framing"


def test_repetition_of_a_loaded_term() -> None:
    text = ("The provocation at Dorva was planned. A second provocation followed at Lisk. "
            "Every provocation is recorded by the ministry.")
    reps = [f for f in frames_of(text) if f.technique == "repetition"]
    assert len(reps) == 2  # every use after the first
    assert all(f.text.lower() == "provocation" for f in reps)
    assert not [f for f in frames_of("The provocation at Dorva was planned.") if f.technique == "repetition"]


NEUTRAL = [
    "The mission recorded 14 explosions north-east of Dorva between 21:00 and 23:00 on 3 March.",
    "The ministry said the road between Tamber and Dorva was closed for repairs.",
    "Both sides agreed to extend the ceasefire regime until the end of the month.",
    "The monitors were told that two civilians were \"seriously wounded\" in the attack.",
]


@pytest.mark.parametrize("sentence", NEUTRAL)
def test_no_technique_on_a_neutral_sentence(sentence: str) -> None:
    assert frames_of(sentence) == []


MIRROR = ("The Veldran regime and its treacherous army keep shelling Hornland. "
          "Our heroic soldiers will defend every inch of our land. Experts say Veldra alone is to blame. "
          "Glory to Ostmark!")


def test_neutrality_swapping_the_sides_mirrors_the_result() -> None:
    swap = {"Veldra": "Ostmark", "Ostmark": "Veldra", "Veldran": "Ostmarkian", "Hornland": "Harn Valley"}
    mirrored = re.sub(r"Veldran|Veldra|Ostmark|Hornland", lambda m: swap[m.group(0)], MIRROR)
    a = [(f.technique, f.term) for f in frames_of(MIRROR)]
    b = [(f.technique, f.term) for f in frames_of(mirrored)]
    assert a and sorted(a) == sorted(b)


def _country_names() -> set[str]:
    names: set[str] = set()
    for path in (DATA / "actors.yaml", ROOT / "examples" / "actors.yaml"):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            if entry.get("country") and entry.get("id") == entry.get("country"):
                names.update([entry["name"], *(entry.get("aliases") or []), *(entry.get("adjectives") or [])])
    return {n for n in names if n}


@pytest.mark.parametrize("lexicon", ["framing_lexicon.yaml", "naming_pairs.yaml"])
def test_lexicons_name_no_country(lexicon: str) -> None:
    names = _country_names()
    assert {"Veldra", "Ostmark", "France", "Turkey"} <= names  # the check has teeth
    text = (DATA / lexicon).read_text(encoding="utf-8")
    body = "\n".join(line.split("#", 1)[0] for line in text.splitlines())  # comments may cite sources
    hits = []
    for name in names:
        short = len(name) <= 4 and name.isupper()  # "US", "UK": exact case only
        flags = 0 if short else re.IGNORECASE
        if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", body, flags):
            hits.append(name)
    assert hits == []


def test_every_technique_is_in_the_lexicon() -> None:
    assert set(default_lexicon().techniques) == set(TECHNIQUES)


def _pipeline_counts(paths: list[Path]) -> dict[str, dict[str, int]]:
    from parallax.pipeline import analyse
    from parallax.read import read_path

    return {p.name: technique_counts(analyse(read_path(p)).frames) for p in paths}


def test_counts_on_the_seeds() -> None:
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not paths:
        pytest.skip("../shared/seeds is not present")
    counts = _pipeline_counts(paths)
    for name, per_doc in counts.items():
        print(name, per_doc)
        assert set(per_doc) == set(TECHNIQUES)
    assert sum(sum(c.values()) for c in counts.values()) > 0


def test_counts_on_the_example_corpus() -> None:
    counts = _pipeline_counts([ROOT / "examples" / "corpus" / "veldra_mod_2025-03-04.txt",
                               ROOT / "examples" / "corpus" / "monitor_report_2025-03-06.html"])
    statement = counts["veldra_mod_2025-03-04.txt"]
    print(counts)
    assert statement["loaded_language"] >= 3 and statement["slogans"] >= 1
    assert sum(counts["monitor_report_2025-03-06.html"].values()) == 0  # the monitor's neutral report
