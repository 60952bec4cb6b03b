"""Places: document-level resolution (a name is no evidence for itself, neighbouring names'
entries, "X, Y" parents, lists, one sense per name), features (lakes, valleys, border areas),
table cells and "X province" forms. Sentences are made up."""

from __future__ import annotations

import pytest

from parallax.extract.places import extract_places
from parallax.model import Document
from parallax.nlp import annotate
from parallax.read import read_text
from parallax.resolve.gazetteer import CandidateGrid, Gazetteer, haversine_km
from parallax.resources import Resources


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


@pytest.fixture(scope="module")
def gaz(resources: Resources) -> Gazetteer:
    return resources.gazetteer


def places_of(document: Document, resources: Resources):
    analysis, doc = annotate(document)
    return extract_places(analysis, doc, resources)


def run(text: str, resources: Resources):
    return places_of(Document(text=text), resources)


def by_text(mentions, text: str):
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not found in {[m.text for m in mentions]}"
    return found


def test_a_repeated_name_is_no_evidence_for_itself(resources: Resources) -> None:
    text = ("Georgia lawmakers met in Atlanta on Monday. Georgia schools will close early, and Georgia "
            "farmers near Macon and Savannah worry about the drought in Georgia.")
    for m in by_text(run(text, resources), "Georgia"):
        assert (m.place.country, m.place.kind) == ("US", "region")


def test_names_pick_the_entries_that_lie_together(resources: Resources) -> None:
    text = ("The Henry County commission met in Paris on Monday. Paris officials said Henry County roads "
            "need repair before the Paris fair.")
    places = run(text, resources)
    for m in by_text(places, "Paris") + by_text(places, "Henry County"):
        assert (m.place.country, m.place.admin1) == ("US", "Tennessee")


def test_candidate_grid_support_needs_another_name(gaz: Gazetteer) -> None:
    paris = gaz.candidates("Paris")
    grid = CandidateGrid({"paris": paris, "henry county": gaz.candidates("Henry County")})
    tn = next(p for p in paris if p.admin1 == "Tennessee")
    fr = next(p for p in paris if p.country == "FR" and p.kind == "city")
    assert grid.near(tn, "paris") and not grid.near(fr, "paris")
    assert not CandidateGrid({"paris": paris}).near(tn, "paris")  # its own entries support nothing
    # a name that may be a state supports nothing: its namesake towns are no evidence
    assert "texas" not in CandidateGrid({"texas": gaz.candidates("Texas")}).local


def test_stated_area_picks_the_entry_inside_it(resources: Resources) -> None:
    places = run("A police officer in Kansas City, Kan., was hurt on Friday.", resources)
    assert by_text(places, "Kansas City")[0].place.admin1 == "Kansas"


def test_a_name_placed_once_keeps_that_place(resources: Resources) -> None:
    places = run("Dublin officials met on Monday. The council approved a budget for Dublin, Ohio.", resources)
    for m in by_text(places, "Dublin"):
        assert (m.place.country, m.place.admin1) == ("US", "Ohio")


def test_items_of_a_list_of_states_are_states(resources: Resources) -> None:
    text = "Cases were reported in Michigan, Oregon, New Mexico, Indiana, Ohio and Wisconsin."
    places = run(text, resources)
    for name in ("Michigan", "Oregon", "Indiana", "Ohio", "Wisconsin"):
        m = by_text(places, name)[0]
        assert (m.place.kind, m.place.country) == ("region", "US"), name


def test_a_town_in_an_organisation_named_elsewhere_is_kept(resources: Resources) -> None:
    places = run("Officials in Lufkin said the Lufkin City Council would meet on Monday.", resources)
    assert len([m for m in places if m.text.startswith("Lufkin")]) == 2
    # a generic word with a designator inside an organisation's name is no place
    places = run("Police in Bristol said the Bristol Police Department would investigate.", resources)
    assert all("Police" not in m.text for m in places)


def test_month_next_to_a_number_is_no_town(resources: Resources) -> None:
    places = run("Talks resumed in Lufkin on 3 March and ended on March 9.", resources)
    assert [m.text for m in places] == ["Lufkin"]


def test_lakes_and_reservoirs_resolve_to_their_own_point(resources: Resources, gaz: Gazetteer) -> None:
    places = run("Refugees crossed Lake Chad from Nigeria into Chad.", resources)
    lake = by_text(places, "Lake Chad")[0].place
    assert lake.kind == "feature" and lake.precision in ("district", "region")
    assert haversine_km(lake.lat, lake.lon, 13.1, 14.5) < 60
    assert gaz.resolve("Mingachevir Reservoir").country == "AZ"
    # the bare name of a lake is no lake: it stays a town's name
    assert all(p.kind != "feature" for p in gaz.candidates("Sevan"))


def test_feature_named_after_an_area_takes_its_point_with_fallback_precision(resources: Resources) -> None:
    places = run("Troops moved into the Panjshir Valley in Afghanistan.", resources)
    valley = by_text(places, "Panjshir Valley")[0].place
    assert valley.kind == "feature" and valley.country == "AF" and valley.precision == "fallback-region"
    assert valley.geonameid is None


def test_capitalised_feature_word_ends_an_unknown_name(resources: Resources) -> None:
    text = "Artillery fire was reported along the Neches River near Lufkin, Texas, on Monday."
    river = by_text(run(text, resources), "Neches River")[0].place
    assert river.kind == "feature" and river.precision.startswith("fallback-") and river.admin1 == "Texas"


def test_border_area_of_a_division_is_placed_on_the_division(resources: Resources) -> None:
    places = run("Fighting continued in the Tavush border area of Armenia.", resources)
    line = by_text(places, "Tavush border area")[0].place
    tavush = resources.gazetteer.resolve("Tavush province")
    assert haversine_km(line.lat, line.lon, tavush.lat, tavush.lon) < 5
    places = run("Shots were heard at the Azerbaijan-Armenia border in Nakhchivan and Ordubad on Tuesday.",
                 resources)
    line = by_text(places, "Azerbaijan-Armenia border")[0].place
    assert line.country == "AZ" and line.precision == "fallback-district"


def test_neighbouring_countrys_feature_is_no_stray(resources: Resources) -> None:
    places = run("Troops moved into the Tavush province, near the Lachin corridor.", resources)
    corridor = by_text(places, "Lachin corridor")[0].place
    assert corridor.country == "AZ" and corridor.kind == "feature"


@pytest.mark.parametrize("phrase, country, name", [
    ("Kherson province", "UA", "Kherson"),
    ("Donetsk region", "UA", "Donetsk"),
    ("Kandahar province", "AF", "Kandahar"),
    ("Aleppo governorate", "SY", "Aleppo"),
    ("Balkh Province", "AF", "Balkh"),
])
def test_designated_admin_area_resolves_to_the_area(phrase: str, country: str, name: str,
                                                     resources: Resources) -> None:
    m = by_text(run(f"Shelling was reported in {phrase} on Monday.", resources), phrase)[0]
    assert (m.place.kind, m.place.country, m.place.precision) == ("region", country, "region")
    assert m.place.admin1 == name


MARKDOWN = """# Incidents reported by the mission

| Date | Location | Incident |
|------|----------|----------|
| 3 March | Kelbajar | Shelling of positions |
| 4 March | Lachin | Drone strike |
| 5 March | Tartar district | Sniper fire |

Observers said Kelbajar was quiet on 7 March.
"""

HTML = """<html><body><h1>Incidents</h1><table>
<tr><th>Date</th><th>Location</th><th>Incident</th></tr>
<tr><td>3 March</td><td>Kelbajar</td><td>Shelling</td></tr>
<tr><td>4 March</td><td>Lachin</td><td>Drone strike</td></tr>
<tr><td>5 March</td><td>Tartar district</td><td>Mortar fire</td></tr></table>
<p>Observers in Azerbaijan said Kelbajar was quiet.</p></body></html>"""


@pytest.mark.parametrize("fmt, text", [("md", MARKDOWN), ("html", HTML)])
def test_place_names_in_table_cells_are_found(fmt: str, text: str, resources: Resources) -> None:
    document = read_text(text, fmt=fmt)
    places = places_of(document, resources)
    names = {m.text: m.place for m in places}
    for cell in ("Kelbajar", "Lachin", "Tartar district"):
        assert cell in names, f"{cell} missing from {sorted(names)} ({fmt})"
        assert names[cell].country == "AZ"
    assert "March" not in names
    for m in places:  # offsets point at the cell's text in the document
        assert document.text[m.start:m.end] == m.text


def test_a_country_name_the_model_splits_is_found_whole(resources: Resources) -> None:
    text = "Polio cases rose in Angola, Chad, Guinea-Bissau and Democratic Republic of the Congo."
    names = {m.text: m.place for m in run(text, resources)}
    assert names["Democratic Republic of the Congo"].country == "CD"
    assert names["Guinea-Bissau"].country == "GW"
    assert "Congo" not in names and "Bissau" not in names


def test_division_names_without_their_designator(gaz: Gazetteer) -> None:
    # GeoNames writes "Zhejiang Sheng"; texts write "Zhejiang" or "Zhejiang province"
    for text in ("Zhejiang", "Zhejiang province", "Xinjiang"):
        place = gaz.resolve(text)
        assert place is not None and (place.kind, place.country) == ("region", "CN"), text
