"""Actors named by their office, rank or role, office holders from a data
file, armed groups named by the shape of their names, and the demonym rule
of the dictionary build. Sentences are our own; persons and the states
Veldra / Ostmark are fictional, real states appear only as dictionary
entries."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

from parallax import nlp
from parallax.extract.actors import OFFICE_FILE, ActorDictionary

ROOT = Path(__file__).resolve().parent.parent

USER_YAML = """
- id: VLD
  name: Veldra
  country: VLD
  aliases: [Veldra]
  adjectives: [Veldran]
- id: OST
  name: Ostmark
  country: OST
  aliases: [Ostmark]
  adjectives: [Ostmarkian]
- id: office-ana-rost
  name: Ana Rost
  country: VLD
  sector: government
  aliases: [Ana Rost, Rost]
  role: Minister of Defence
  person: true
  from: "2031-02-01"
  to: null
"""


@pytest.fixture(scope="module")
def adict(tmp_path_factory) -> ActorDictionary:
    path = tmp_path_factory.mktemp("offices") / "veldra.yaml"
    path.write_text(USER_YAML, encoding="utf-8")
    return ActorDictionary.load([path])


def mentions(adict: ActorDictionary, text: str) -> list:
    return adict.find(nlp.load()(text))


def mention(adict: ActorDictionary, text: str, words: str):
    """The mention whose text holds ``words``."""
    hits = [m for m in mentions(adict, text) if words in m.text]
    assert hits, [(m.text, m.actor.country) for m in mentions(adict, text)]
    return hits[0]


# --------------------------------------------------------------------------
# offices and roles
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text,words,country,sector", [
    ("The Thai foreign minister said the talks would resume.", "foreign minister", "THA", "government"),
    ("Cambodia's defence minister rejected the claim on Monday.", "defence minister", "KHM", "government"),
    ("The Prime Minister of Cambodia met the envoy.", "Prime Minister", "KHM", "government"),
    ("Thailand's army chief ordered a pullback.", "army", "THA", "military"),
    ("A spokesman for the Foreign Ministry of Thailand said the border was closed.", "spokesman", "THA",
     "government"),
    ("The spokeswoman of the Royal Thai Army said two soldiers were hurt.", "spokeswoman", "THA", "military"),
    ("French National Assembly president Lorin Vasse held talks in the capital.", "Lorin Vasse", "FRA",
     "government"),
])
def test_office_gives_country_and_sector(adict, text, words, country, sector) -> None:
    m = mention(adict, text, words)
    assert (m.actor.country, m.actor.sector) == (country, sector)


def test_apposition_lends_the_office_country_to_the_person(adict) -> None:
    text = "The spokeswoman of the Royal Thai Army, Colonel Mira Tessel, said two soldiers were hurt."
    m = mention(adict, text, "Mira Tessel")
    assert (m.actor.country, m.actor.sector, m.actor.name) == ("THA", "military", "Mira Tessel")


def test_rank_is_a_sector_for_a_name_and_nothing_alone(adict) -> None:
    m = mention(adict, "Lieutenant General Tomas Varek said the troops had withdrawn.", "Tomas Varek")
    assert m.actor.sector == "military" and m.text.startswith("Lieutenant General")
    # a capitalised rank word that precedes no name is no actor
    assert not [m for m in mentions(adict, "Major clashes erupted near the border.") if "Major" in m.text]
    # "Secretary-General" holds no general
    m = mention(adict, "U.N. Secretary-General Oren Malik urged restraint.", "Oren Malik")
    assert m.actor.sector == "igo"


# --------------------------------------------------------------------------
# office holders
# --------------------------------------------------------------------------


def test_user_office_holder_named_without_country(adict) -> None:
    # the surname alone resolves where the parser sees a person or a title precedes it
    m = mention(adict, "Minister Rost said the convoy was turned back.", "Rost")
    assert (m.actor.country, m.actor.name) == ("VLD", "Ana Rost")
    m = mention(adict, "Veldra and Ostmark talked. Ana Rost said the convoy was turned back.", "Ana Rost")
    assert m.actor.country == "VLD" and m.actor.sector == "government"


def test_title_and_holder_are_one_mention(adict) -> None:
    found = [m for m in mentions(adict, "Defence Minister Ana Rost visited the front.") if "Rost" in m.text]
    assert len(found) == 1
    assert found[0].text == "Defence Minister Ana Rost" and found[0].actor.country == "VLD"


def test_shipped_office_holders_follow_the_schema() -> None:
    rows = yaml.safe_load(OFFICE_FILE.read_text(encoding="utf-8"))
    assert len(rows) > 150
    countries = {e.id for e in ActorDictionary.load([]).entries.values() if e.country and e.id == e.country}
    for row in rows:
        assert row["country"] in countries, row
        assert row["person"] is True and row["sector"] == "government" and row["name"] in row["aliases"]
        assert row["from"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", row["from"]), row
    # a one-word alias never shadows a country or capital ("Montenegro")
    adict = ActorDictionary.load([])
    for row in rows:
        for alias in row["aliases"]:
            form = adict.lookup(alias)
            assert form is not None and form.entry.id == row["id"], alias


def test_shipped_holder_resolves_a_bare_name() -> None:
    rows = yaml.safe_load(OFFICE_FILE.read_text(encoding="utf-8"))
    row = next(r for r in rows if len(r["aliases"]) > 1 and " " in r["name"])
    adict = ActorDictionary.load([])
    text = f"On Monday {row['name']} told reporters that the talks had failed."
    m = mention(adict, text, row["name"].split()[-1])
    assert m.actor.country == row["country"]


# --------------------------------------------------------------------------
# names that are not actors, and unknown armed groups
# --------------------------------------------------------------------------


def test_generic_noun_inside_a_name_is_not_its_sector(adict) -> None:
    m = mention(adict, "The Press Service of the President reported the meeting.", "Press")
    assert m.text == "Press Service" and m.actor.sector is None
    assert mention(adict, "The press reported the meeting.", "press").actor.sector == "media"


@pytest.mark.parametrize("text,name,sector", [
    ("The Karsh Liberation Front attacked a convoy near the border.", "Karsh Liberation Front", "rebel"),
    ("Fighters of the Red Hill militia burned the village.", "Red Hill militia", "militia"),
    ("The Norvan Resistance Movement denied the report.", "Norvan Resistance Movement", "rebel"),
])
def test_unknown_armed_group_keeps_its_name(adict, text, name, sector) -> None:
    m = mention(adict, text, name)
    assert (m.text, m.actor.name, m.actor.sector, m.actor.country) == (name, name, sector, None)


def test_known_names_are_not_taken_for_armed_groups(adict) -> None:
    m = mention(adict, "The Veldran army and Syrian militias shelled the town.", "Syrian")
    assert (m.actor.country, m.actor.sector) == ("SYR", "militia")
    m = mention(adict, "The United Nations Security Council met on Friday.", "Security Council")
    assert m.actor.sector == "igo"


# --------------------------------------------------------------------------
# the build's demonym rule
# --------------------------------------------------------------------------


def _build_module():
    spec = importlib.util.spec_from_file_location("build_actors", ROOT / "scripts" / "build_actors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shared_demonym_goes_to_the_sovereign_state() -> None:
    build = _build_module()
    entries = [{"id": "AAA", "adjectives": ["Aalish"]}, {"id": "AAB", "adjectives": ["Aalish", "Isle"]},
               {"id": "CCC", "adjectives": ["Ceelan"]}]
    build.sovereign_demonyms(entries, {"AAA": 5_000_000, "AAB": 6_000, "CCC": 10})
    assert [e["adjectives"] for e in entries] == [["Aalish"], ["Isle"], ["Ceelan"]]
    # and the shipped dictionary was built with it
    adict = ActorDictionary.load([])
    for demonym, country in (("French", "FRA"), ("Chinese", "CHN"), ("American", "USA"), ("Indian", "IND")):
        assert adict.lookup(demonym).entry.country == country


def test_holder_lines_are_parsed() -> None:
    build = _build_module()
    got = build.parse_holder("Prime Minister Jan KOVAR (since 3 March 2031)")
    assert got == {"office": "Prime Minister", "name": "Jan Kovar", "aliases": ["Jan Kovar", "Kovar"],
                   "from": "2031-03-03"}
    got = build.parse_holder("President TEO Min-ra (since 1 June 2030); note - the president is both")
    assert got["name"] == "Teo Min-ra" and got["from"] == "2030-06-01"
    assert build.parse_holder("President (vacant)") is None


def test_another_person_with_a_holders_surname_has_no_country(adict) -> None:
    text = "Ivo Rost, a farmer, met the monitors. Rost said the convoy was turned back."
    found = [m for m in mentions(adict, text) if "Rost" in m.text]
    assert found[0].text == "Ivo Rost" and found[0].actor.name == "Ivo Rost"
    # neither the full name nor the surname alone is the minister of Veldra
    assert all(m.actor.country is None and m.actor.name == "Ivo Rost" for m in found), found
