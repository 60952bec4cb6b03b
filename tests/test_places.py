"""Place mentions: finding, resolution with context, fallbacks, roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.extract.places import extract_places
from parallax.model import Document, Metadata
from parallax.nlp import annotate
from parallax.resources import Resources

GAZ = """
- {name: Veldra, alt: [Republic of Veldra], lat: 47.0, lon: 12.0, kind: country, country: VL, population: 3000000}
- {name: Ostmark, alt: [Kingdom of Ostmark], lat: 52.0, lon: 18.0, kind: country, country: OM, population: 5000000}
- {name: Dorvash, alt: [Dorvaş], lat: 47.10, lon: 12.30, kind: town, country: VL, admin1: Kelmar, population: 42000}
- {name: Kelmar, lat: 47.0, lon: 12.5, kind: district, country: VL, admin1: Kelmar}
- {name: Ostgrad, lat: 51.5, lon: 18.5, kind: city, country: OM, population: 900000}
"""


@pytest.fixture(scope="module")
def resources(tmp_path_factory) -> Resources:
    path = tmp_path_factory.mktemp("places") / "veldra.yaml"
    path.write_text(GAZ, encoding="utf-8")
    return Resources(gazetteer_files=[path])


def run(text: str, resources: Resources, publisher: str | None = None):
    analysis, doc = annotate(Document(text=text, meta=Metadata(publisher=publisher)))
    return extract_places(analysis, doc, resources)


def by_text(mentions, text):
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not in {[m.text for m in mentions]}"
    return found[0]


def test_fictional_places_roles_and_fallbacks(resources: Resources) -> None:
    text = (
        "Ostmark denied the accusation on Monday. "
        "The army of Veldra said that shells landed near Dorvash overnight. "
        "Ostmark's army moved towards the Sarn reservoir in Kelmar district. "
        "Refugees returned to Lindenhof, Kelmar district, last week. "
        "The delegations later met in Geneva."
    )
    ms = run(text, resources)
    assert by_text(ms, "Ostmark").role == "actor"  # subject of "denied"
    assert [m.role for m in ms if m.text == "Ostmark"][1] == "actor"  # possessive
    dorvash = by_text(ms, "Dorvash")
    assert dorvash.role == "event_location" and (dorvash.place.lat, dorvash.place.lon) == (47.10, 12.30)
    district = by_text(ms, "Kelmar district")
    assert district.place.kind == "district" and district.place.precision == "district"
    reservoir = by_text(ms, "Sarn reservoir")
    assert reservoir.place.precision == "fallback-district"
    assert (reservoir.place.lat, reservoir.place.lon) == (47.0, 12.5)
    village = by_text(ms, "Lindenhof")
    assert village.place.precision.startswith("fallback")
    assert (village.place.lat, village.place.lon) == (47.0, 12.5)
    geneva = by_text(ms, "Geneva")
    assert geneva.place.country == "CH" and geneva.role == "event_location"
    for m in ms:
        assert text[m.start:m.end] == m.text


def test_organisation_names_and_demonyms(resources: Resources) -> None:
    text = ("The Ministry of Foreign Affairs of Veldra rejected the claim. "
            "Armenian and Syrian observers arrived in Ostgrad.")
    ms = run(text, resources)
    assert all(m.text not in ("Armenian", "Syrian") for m in ms)
    assert by_text(ms, "Veldra").role == "actor"
    assert by_text(ms, "Ostgrad").role == "event_location"


def test_context_disambiguates_paris(resources: Resources) -> None:
    texas = run("Storms hit Texas again. In Paris, the county judge closed schools near Dallas.", resources)
    france = run("France hosted the summit. In Paris, ministers from Germany and Italy met.", resources)
    assert by_text(texas, "Paris").place.country == "US"
    assert by_text(france, "Paris").place.country == "FR"


def test_lines_are_placed_by_their_anchor(resources: Resources) -> None:
    ms = run("Troops of Ostmark attacked positions along the line of contact with Veldra.", resources)
    line = by_text(ms, "line of contact")
    assert line.place.kind == "feature" and line.place.precision == "fallback-region"
    assert line.role == "event_location"
    assert (line.place.lat, line.place.lon) == (47.0, 12.0)


def test_urls_are_not_places(resources: Resources) -> None:
    text = "Reports came out (https://example.org/news/geneva-moscow-talks) about the talks in Moscow."
    ms = run(text, resources)
    assert [m.text for m in ms] == ["Moscow"]


def test_publisher_country_is_context(resources: Resources) -> None:
    # a Georgia in the US, a Georgia in the Caucasus: the publisher decides
    ms = run("Officials in Georgia said the roads were closed.", resources,
             publisher="Office of the Governor, Atlanta, United States")
    assert by_text(ms, "Georgia").place.country == "US"


def test_unknown_text_gives_no_invented_place(resources: Resources) -> None:
    ms = run("Nothing happened at the Qzxw depot, said Blorvik.", resources)
    assert all(m.place is not None for m in ms)
    assert not any("Qzxw" in m.text for m in ms)


SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared is absent")
def test_seed_gold_places() -> None:
    import yaml

    from parallax.eval.geo import score_gold_places

    res = Resources()
    for gold_path in sorted((SHARED / "gold").glob("*.gold.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        text = (SHARED / "seeds" / gold_path.name.replace(".gold.yaml", ".txt")).read_text(encoding="utf-8")
        meta = Metadata(publisher=(gold.get("meta") or {}).get("publisher"))
        analysis, doc = annotate(Document(text=text, meta=meta))
        scores = score_gold_places(extract_places(analysis, doc, res), gold.get("places") or [], text)
        print(gold_path.name, scores)
        assert scores["recall"] >= 0.9
        assert scores["acc_161km"] >= 0.9


def test_written_state_abbreviation_is_the_parent(resources: Resources) -> None:
    ms = run("The fair opened on Friday in Paris, Tenn., with a parade.", resources)
    paris = by_text(ms, "Paris")
    assert paris.place.country == "US" and paris.place.admin1 == "Tennessee"
    assert by_text(ms, "Tenn.").place.kind == "region"
