"""Gazetteer fixes of this round: one capital per country, designators written before a name,
written codes under a designator, demonyms that small towns are named after."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from parallax.extract.places import extract_places
from parallax.model import Document
from parallax.nlp import annotate
from parallax.resolve.gazetteer import Gazetteer, GeoContext, _bare_text, _capital_ids, _designator_of
from parallax.resources import Resources


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load([], db=Path("/nonexistent/geonames.sqlite"))


def test_capital_is_one_place_not_every_namesake() -> None:
    countries = [{"iso": "VL", "capital": "Dorvash"}, {"iso": "OM", "capital": ""}]
    cities = [
        {"geonameid": 1, "countrycode": "VL", "name": "Dorvash", "population": 900_000},
        {"geonameid": 2, "countrycode": "VL", "name": "Dorvash", "population": 4_000},
        {"geonameid": 3, "countrycode": "OM", "name": "Dorvash", "population": 2_000_000},
    ]
    assert _capital_ids(countries, cities) == {1}


def test_small_namesakes_of_a_capital_are_plain_towns(gaz: Gazetteer) -> None:
    capitals = [p for p, src, _ in gaz.lookup("Washington") if src == "capital"]
    assert len(capitals) == 1 and capitals[0].admin1 == "District of Columbia"
    towns = [p for p, src, _ in gaz.lookup("Washington") if src == "city" and p.country == "US"]
    assert towns and all(p.kind != "city" or (p.population or 0) >= 100_000 for p in towns)


def test_designator_before_the_name_gives_the_kind(gaz: Gazetteer) -> None:
    assert _designator_of("province of ontario", "ontario") == "province of"
    assert _designator_of("kelmar rayon", "kelmar") == "rayon"
    # a US context must not turn "the Province of X" into a US city of that name
    place = gaz.resolve("Province of Ontario", GeoContext(countries=Counter({"US": 4})))
    assert place is not None and place.kind in ("region", "district")
    assert place.country == "CA" or place.kind == "district"


def test_written_code_before_a_designator_stays_a_code(gaz: Gazetteer) -> None:
    assert _bare_text("US State", "us") == "US"
    assert _bare_text("Kelmar-Rayon", "kelmar") == "Kelmar"
    place = gaz.resolve("US State")
    assert place is not None and place.kind == "country" and place.country == "US"


def test_demonym_named_after_by_small_towns_is_no_place(gaz: Gazetteer) -> None:
    assert gaz.is_demonym("Canadian")
    assert gaz.demonym_country("Canadian").country == "CA"  # type: ignore[union-attr]
    assert not gaz.is_demonym("Georgia") and not gaz.is_demonym("Jordan")


def test_demonym_is_not_read_as_a_village() -> None:
    resources = Resources()
    text = ("A Canadian engineer inspected the bridge outside Lisbon on Monday, and two Canadian "
            "volunteers helped the crews near Porto.")
    analysis, doc = annotate(Document(text=text))
    found = {m.text: m.place for m in extract_places(analysis, doc, resources)}
    assert "Canadian" not in found
    assert found["Lisbon"].country == "PT" and found["Porto"].country == "PT"  # type: ignore[union-attr]
