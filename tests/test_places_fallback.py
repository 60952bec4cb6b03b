"""Places no gazetteer holds (hill posts, caves, valleys, villages) fall back to the area the
document gives them, with a fallback precision and no coordinates of their own. The conflict,
its country and its places are made up; the test gazetteer holds the areas, never the small
places."""

from __future__ import annotations

import pytest

from parallax.export.formats import GEO_PRECISION
from parallax.extract.places import extract_places
from parallax.model import Document
from parallax.nlp import annotate
from parallax.resolve.gazetteer import Gazetteer, acled_geo_precision
from parallax.resources import Resources

GAZ = """
- {name: Valdoria, lat: -46.0, lon: -120.0, kind: country, country: VD, population: 2000000}
- {name: Ostravia, lat: -47.5, lon: -117.0, kind: country, country: OV, population: 3000000}
- {name: Harsk, lat: -46.20, lon: -119.60, kind: region, country: VD, admin1: Harsk, population: 300000}
- {name: Tornel, lat: -46.40, lon: -119.90, kind: district, country: VD, admin1: Harsk, admin2: Tornel}
- {name: Belmir, lat: -46.05, lon: -120.10, kind: town, country: VD, admin1: Harsk, population: 25000}
"""

SMALL = ("Zelvanok", "Koltar", "Drusk", "Varnakh", "Ulmesh")


@pytest.fixture(scope="module")
def resources(tmp_path_factory) -> Resources:
    path = tmp_path_factory.mktemp("fallback") / "valdoria.yaml"
    path.write_text(GAZ, encoding="utf-8")
    return Resources(gazetteer_files=[path])


def run(text: str, resources: Resources):
    analysis, doc = annotate(Document(text=text))
    return extract_places(analysis, doc, resources)


def by_text(mentions, text):
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not in {[m.text for m in mentions]}"
    return found[0]


def test_small_names_are_unknown_to_the_gazetteer(resources: Resources) -> None:
    for name in SMALL:
        assert resources.gazetteer.candidates(name) == []
    assert Gazetteer.load().candidates("Zelvanok") == []


def test_stated_district_is_the_fallback(resources: Resources) -> None:
    text = ("Ostravian troops shelled the Zelvanok post, in Tornel district, on Sunday. "
            "Two soldiers were wounded near the Koltar caves (Harsk region).")
    ms = run(text, resources)
    post = by_text(ms, "Zelvanok post")
    assert post.place.precision == "fallback-district" and post.place.geonameid is None
    assert (post.place.lat, post.place.lon) == (-46.40, -119.90)
    assert post.place.admin2 == "Tornel" and post.prov.confidence <= 0.5
    assert acled_geo_precision(post.place) == GEO_PRECISION[post.place.precision] == 2
    caves = by_text(ms, "Koltar caves")
    assert caves.place.precision == "fallback-region" and (caves.place.lat, caves.place.lon) == (-46.20, -119.60)
    assert acled_geo_precision(caves.place) == GEO_PRECISION[caves.place.precision] == 3
    for m in ms:
        assert text[m.start:m.end] == m.text


def test_region_of_the_sentence_then_country_of_the_document(resources: Resources) -> None:
    text = ("Heavy fighting was reported in Harsk on Monday, where drones struck positions near Drusk.\n\n"
            "Valdoria said its forces still held Belmir. Shells also hit homes in Varnakh.")
    ms = run(text, resources)
    drusk = by_text(ms, "Drusk")
    assert drusk.place.precision == "fallback-region" and (drusk.place.lat, drusk.place.lon) == (-46.20, -119.60)
    assert drusk.role == "event_location"
    varnakh = by_text(ms, "Varnakh")
    assert varnakh.place.precision == "fallback-country" and varnakh.place.country == "VD"
    assert (varnakh.place.lat, varnakh.place.lon) == (-46.0, -120.0)
    assert acled_geo_precision(varnakh.place) == 3 and GEO_PRECISION.get(varnakh.place.precision, 3) == 3
    assert varnakh.prov.confidence < drusk.prov.confidence


def test_no_fallback_without_agreement_or_area(resources: Resources) -> None:
    # two countries, no division: nothing says where the village lies
    ms = run("Valdoria and Ostravia traded accusations. Shells fell near Ulmesh overnight.", resources)
    assert "Ulmesh" not in [m.text for m in ms]
    # a first-order division far too large for its point to stand for a place in it
    ms = run("Ranchers said the creek dried up near Zelvanok in Texas last summer.", Resources())
    assert "Zelvanok" not in [m.text for m in ms]


def test_common_words_people_and_names_get_no_fallback(resources: Resources) -> None:
    text = ("Fighting went on in Harsk. The commander arrived at Headquarters near the river. "
            "Colonel Marek Dovan said the line held; in Dovan's view the talks failed. "
            "The Varnakh Post reported that in President Ulmesh the army had a friend.")
    ms = [m.text for m in run(text, resources)]
    for word in ("Headquarters", "Dovan", "Varnakh Post", "Varnakh", "President Ulmesh", "Ulmesh"):
        assert word not in ms, ms


def test_feature_through_a_known_town_has_no_geonames_id(resources: Resources) -> None:
    ms = run("Engineers repaired the Belmir bridge, shelled last week.", resources)
    bridge = by_text(ms, "Belmir bridge")
    assert bridge.place.precision == "fallback-district" and bridge.place.geonameid is None
    assert bridge.place.population is None


def test_entity_whose_first_word_is_a_far_namesake_falls_back_whole(resources: Resources) -> None:
    # "Verin" alone is a town in Spain; the village the model found is "Verin Tolash"
    text = "Drones struck the village of Verin Tolash in Harsk on Friday, Valdoria said."
    ms = run(text, resources)
    assert "Verin" not in [m.text for m in ms]
    village = by_text(ms, "Verin Tolash")
    assert village.place.country == "VD" and village.place.precision == "fallback-region"
    assert (village.place.lat, village.place.lon) == (-46.20, -119.60)
