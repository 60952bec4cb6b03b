"""Places: GeoNames points for countries and divisions, demonyms, generic words, people's names,
written abbreviations, and the candidate ranker. Sentences are made up."""

from __future__ import annotations

import numpy as np
import pytest

from parallax.extract.places import demonym_mentions, extract_places
from parallax.model import Document
from parallax.nlp import annotate
from parallax.resolve import ranker
from parallax.resolve.gazetteer import Gazetteer, GeoContext, haversine_km
from parallax.resources import Resources


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def run(text: str, resources: Resources):
    analysis, doc = annotate(Document(text=text))
    return analysis, doc, extract_places(analysis, doc, resources)


def texts(mentions) -> list[str]:
    return [m.text for m in mentions]


def test_country_point_is_geonames_own(gaz: Gazetteer) -> None:
    canada = gaz.resolve("Canada")
    assert canada is not None and canada.kind == "country"
    assert haversine_km(canada.lat, canada.lon, 60.10867, -113.64258) < 1
    libya = gaz.resolve("Libya")
    assert libya is not None and abs(libya.lat - 28.0) < 0.01  # the Factbook point is 25N


def test_large_division_point_is_its_middle_not_its_cities(gaz: Gazetteer) -> None:
    ontario = gaz.resolve("Ontario", GeoContext(kind="region"))
    assert ontario is not None and ontario.kind == "region" and ontario.country == "CA"
    # the mean of its towns lies by the southern border (44.5N); the province's middle is near 49N
    assert haversine_km(ontario.lat, ontario.lon, 49.25, -84.5) < 300


def test_demonyms_name_their_country_but_are_no_place_mentions(gaz: Gazetteer, resources: Resources) -> None:
    assert gaz.demonym_country("Russians").country == "RU"
    assert gaz.demonym_country("American").country == "US"  # the most populous of its countries
    assert gaz.demonym_country("Canadian").country == "CA"  # also a town's name
    assert gaz.demonym_country("Tuesday") is None
    analysis, doc, places = run("Ostrian and Russian diplomats met near the Indian Ocean.", resources)
    assert "Russian" not in texts(places)
    extra = demonym_mentions(analysis, doc, resources.gazetteer, places)
    assert [(m.text, m.place.country, m.role) for m in extra] == [("Russian", "RU", "demonym")]


def test_generic_words_without_support_are_no_places(resources: Resources) -> None:
    _, _, places = run("The Mission said on Date that shelling hit Northern districts near the river.", resources)
    assert places == []


def test_generic_word_near_other_places_is_kept(gaz: Gazetteer, resources: Resources) -> None:
    text = "Fires burned in Mission, near McAllen and Edinburg in Texas."
    _, _, places = run(text, resources)
    mission = [m for m in places if m.text == "Mission"]
    assert mission and mission[0].place.country == "US"


def test_word_of_a_persons_name_is_no_town(resources: Resources) -> None:
    _, _, places = run("John Harrison arrived on Monday. Harrison said the talks had failed.", resources)
    assert "Harrison" not in texts(places)


def test_written_abbreviations_keep_their_dot(resources: Resources) -> None:
    _, _, places = run("She lives in Wheeling, W.Va. She works in a mill.", resources)
    wva = [m for m in places if m.text.startswith("W.Va")]
    assert wva and wva[0].text == "W.Va." and wva[0].place.name == "West Virginia"
    _, _, places = run("The drought hit farms near Dubbo, NSW, and in the DRC.", resources)
    assert {m.text: m.place.country for m in places if m.text in ("NSW", "DRC")} == {"NSW": "AU", "DRC": "CD"}


def test_town_in_a_large_province_keeps_its_point(resources: Resources) -> None:
    _, _, places = run("He moved to Vancouver, B.C., last year.", resources)
    van = next(m for m in places if m.text == "Vancouver")
    assert van.place.precision == "point" and haversine_km(van.place.lat, van.place.lon, 49.25, -123.12) < 20


def test_country_code_inside_an_organisation_name(resources: Resources) -> None:
    _, _, places = run("The U.S. Army said the convoy had left.", resources)
    us = [m for m in places if m.text == "U.S."]
    assert us and us[0].place.country == "US" and us[0].role == "actor"


def test_ranker_scores_every_feature(gaz: Gazetteer) -> None:
    assert len(ranker.weights()) == len(ranker.FEATURES)
    found = gaz.lookup("Paris")
    top = max((p.population or 0) for p, _, _ in found)
    x = ranker.features(found[0][0], found[0][1], found[0][2], GeoContext(), top)
    assert len(x) == len(ranker.FEATURES)
    assert gaz.resolve("Paris").country == "FR"
    assert gaz.resolve("Paris", GeoContext(countries={"US": 3}, admin1={("US", "Texas"): 2})).country == "US"


def test_ranker_fit_learns_a_separable_preference() -> None:
    from parallax.resolve.train_ranker import accuracy, fit

    rng = np.random.default_rng(0)
    k = ranker.FEATURES.index("admin1_named")
    sets = []
    for _ in range(60):
        x = rng.random((3, len(ranker.FEATURES)))
        x[:, k] = 0.0
        right = int(rng.integers(3))
        x[right, k] = 1.0
        x[:, 0] = 0.0
        x[(right + 1) % 3, 0] = 5.0  # the most populous is the wrong one
        sets.append((x, np.arange(3) == right))
    w = fit(sets, l2=0.01)
    assert accuracy(sets, w) > 0.95


STRAY_GAZ = """
- {name: Veldra, lat: 47.0, lon: 12.0, kind: country, country: VL, population: 3000000}
- {name: Dorvash, lat: 47.10, lon: 12.30, kind: town, country: VL, admin1: Kelmar, population: 42000}
- {name: Tarsk, lat: -12.0, lon: -60.0, kind: village, country: QQ, population: 800}
"""


def test_namesake_village_on_another_continent_is_dropped(tmp_path) -> None:
    path = tmp_path / "stray.yaml"
    path.write_text(STRAY_GAZ, encoding="utf-8")
    res = Resources(gazetteer_files=[path])
    _, _, places = run("Veldra troops shelled Dorvash and the area around the Tarsk checkpoint on Monday.", res)
    assert [m.place.country for m in places] == ["VL", "VL"]
    assert not any("Tarsk" in m.text for m in places)
