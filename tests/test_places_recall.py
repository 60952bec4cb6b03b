"""Places: local-news patterns found and resolved (datelines, a town's offices and bodies, home
towns of people, lists of counties, "Town, State"). Invented sentences, built-in gazetteer."""

from __future__ import annotations

import pytest

from parallax.extract.places import extract_places
from parallax.model import Document
from parallax.nlp import annotate
from parallax.resources import Resources


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


def run(text: str, resources: Resources):
    analysis, doc = annotate(Document(text=text))
    return extract_places(analysis, doc, resources)


def place_of(mentions, text):
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not in {[m.text for m in mentions]}"
    return found[0].place


def test_area_after_a_town_is_the_one_that_holds_it(resources: Resources) -> None:
    m = run("The peanut plant in Blakely, Georgia, was closed last week after the recall.", resources)
    georgia = place_of(m, "Georgia")
    assert georgia.country == "US" and georgia.kind == "region"


def test_items_of_a_county_list_are_counties(resources: Resources) -> None:
    m = run("Flood warnings remain in effect for Becker, Clay and Wilkin counties until Friday.", resources)
    clay = place_of(m, "Clay")
    assert clay.kind == "district" and clay.admin1 == "Minnesota"


def test_a_name_and_its_designated_form_are_one_name(resources: Resources) -> None:
    # "Douglas" and "Douglas County" must not support each other's namesake in another state
    m = run("Crews cleared Highway 29 near Alexandria on Monday. Douglas County deputies said roads in "
            "Douglas, Pope and Otter Tail counties were flooded.", resources)
    assert place_of(m, "Douglas County").admin1 == "Minnesota"


def test_dateline_in_capitals_is_a_place(resources: Resources) -> None:
    m = run("Council adjusts budget. TORRINGTON -- The city council approved several changes on Monday.",
            resources)
    assert place_of(m, "TORRINGTON").country == "US"


def test_town_in_the_name_of_its_own_body_is_kept(resources: Resources) -> None:
    m = run("Officers of the Corsicana Police Department arrested a man on Tuesday.", resources)
    assert place_of(m, "Corsicana").admin1 == "Texas"


def test_town_before_an_office_is_no_persons_name(resources: Resources) -> None:
    m = run("Lewisburg Mayor John Manchester said the new trail would open in May.", resources)
    assert place_of(m, "Lewisburg").country == "US"
    m = run("McMinn County Sheriff Steve Frisbie said several calls came in overnight.", resources)
    assert place_of(m, "McMinn County").admin1 == "Tennessee"


def test_home_town_before_a_resident_noun_is_a_place(resources: Resources) -> None:
    m = run("A Crafton man is suing a television station over a photo.", resources)
    assert place_of(m, "Crafton").country == "US"
