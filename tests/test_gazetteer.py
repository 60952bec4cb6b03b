"""Gazetteer: loading, alternate spellings, context, user files, GeoNames import."""

from __future__ import annotations

import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from parallax.resolve.gazetteer import (
    Gazetteer,
    GazetteerError,
    GeoContext,
    acled_geo_precision,
    fold,
    import_geonames,
)

FICTIONAL = """
places:
  - name: Dorvash
    alt_names: [Dorvaş, Dorvasch]
    lat: 47.10
    lon: 12.30
    kind: town
    country: VL
    admin1: Kelmar
    population: 42000
  - {name: Kelmar, alt: [Kelmar District], lat: 47.0, lon: 12.5, kind: district, country: VL}
  - {name: Springfield, lat: 10.0, lon: 10.0, kind: town, country: VL, population: 5}
"""


@pytest.fixture(scope="module")
def gaz(tmp_path_factory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "veldra.yaml"
    path.write_text(FICTIONAL, encoding="utf-8")
    return Gazetteer.load([path], db=Path("/nonexistent/geonames.sqlite"))


def test_fold_is_ascii_and_spelling_tolerant() -> None:
    assert fold("Kəlbəcər") == "kelbecer"
    assert fold("Laçın") == "lacin"
    assert fold("the U.S.") == "us"
    assert fold("Nagorno-Karabakh") == fold("Nagorno Karabakh")


@pytest.mark.parametrize("names", [
    ["Kalbajar", "Kelbajar", "Kəlbəcər"],
    ["Stepanakert", "Khankendi"],
    ["Lachin", "Laçın", "Lacin"],
])
def test_alternate_spellings_resolve_to_one_entry(gaz: Gazetteer, names: list[str]) -> None:
    ctx = GeoContext(countries=Counter({"AZ": 3, "AM": 2}))
    ids = {gaz.resolve(n, ctx).geonameid for n in names}
    assert len(ids) == 1 and None not in ids


def test_context_picks_among_homonyms(gaz: Gazetteer) -> None:
    texas = gaz.resolve("Paris", GeoContext(countries=Counter({"US": 2}), admin1=Counter({("US", "Texas"): 1})))
    france = gaz.resolve("Paris", GeoContext(countries=Counter({"FR": 1})))
    assert texas.country == "US" and texas.admin1 == "Texas"
    assert france.country == "FR" and abs(france.lat - 48.85) < 0.1
    # without context the famous one wins
    assert gaz.resolve("Paris").country == "FR"


def test_kinds_and_precision(gaz: Gazetteer) -> None:
    country = gaz.resolve("Azerbaijan")
    assert country.kind == "country" and country.precision == "country" and country.geonameid == 587116
    assert acled_geo_precision(country) == 3
    town = gaz.resolve("Brussels")
    assert town.kind == "city" and town.precision == "point" and acled_geo_precision(town) == 1
    # a bare name is the city, not the division of the same name
    assert gaz.resolve("Moscow").kind == "city"
    province = gaz.resolve("Tavush Province")
    assert province.kind == "region" and province.country == "AM" and province.precision == "region"


def test_demonyms_are_not_places(gaz: Gazetteer) -> None:
    assert gaz.is_demonym("Armenian")
    assert gaz.is_demonym("Syrians")
    assert not gaz.is_demonym("Armenia")


def test_user_entries_win_and_alternates_work(gaz: Gazetteer) -> None:
    for name in ("Dorvash", "Dorvaş", "dorvasch"):
        place = gaz.resolve(name)
        assert (place.lat, place.lon, place.country) == (47.10, 12.30, "VL")
    # a user entry shadows every built-in Springfield
    assert [p.country for p in gaz.candidates("Springfield")] == ["VL"]
    assert gaz.resolve("Kelmar district").kind == "district"


def test_csv_extra_file(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("name,alt_names,lat,lon,kind,country,admin1,population\n"
                    "Ostgrad,Ostgrád|Ost-Grad,50.5,20.25,city,OM,Nord,120000\n", encoding="utf-8")
    gaz = Gazetteer.load([path])
    place = gaz.resolve("Ost Grad")
    assert place.name == "Ostgrad" and place.population == 120000 and place.admin1 == "Nord"


def test_bad_extra_file_is_a_parallax_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- {name: Nowhere, lat: north}\n", encoding="utf-8")
    with pytest.raises(GazetteerError):
        Gazetteer.load([path])
    with pytest.raises(GazetteerError):
        Gazetteer.load([tmp_path / "missing.yaml"])


def test_unknown_name_is_none(gaz: Gazetteer) -> None:
    assert gaz.resolve("Qzxwvplace") is None
    assert gaz.candidates("") == []


def test_loading_and_resolution_are_fast(gaz: Gazetteer) -> None:
    t = time.perf_counter()
    Gazetteer.load([])
    assert time.perf_counter() - t < 1.0  # the index is built once per process
    t = time.perf_counter()
    for _ in range(100):
        for name in ("Paris", "Azerbaijan", "Springfield", "Lachin", "Moscow"):
            gaz.resolve(name)
    assert time.perf_counter() - t < 2.0


# --------------------------------------------------------------------------
# GeoNames import
# --------------------------------------------------------------------------

def _row(gid, name, ascii_, alts, lat, lon, fclass, fcode, cc, a1, pop):
    cols = [str(gid), name, ascii_, alts, str(lat), str(lon), fclass, fcode, cc, "", a1, "", "", "",
            str(pop), "", "0", "Europe/Veldra", "2024-01-01"]
    return "\t".join(cols) + "\n"


DUMP = (
    _row(9000001, "Veldra", "Veldra", "Republic of Veldra", 47.0, 12.0, "A", "PCLI", "VL", "00", 3000000)
    + _row(9000002, "Kelmar", "Kelmar", "", 47.0, 12.5, "A", "ADM1", "VL", "01", 0)
    + _row(9000003, "Tarnów Vel", "Tarnow Vel", "Tarnov", 47.2, 12.6, "P", "PPLA", "VL", "01", 80000)
    + _row(9000004, "Sarn Reservoir", "Sarn Reservoir", "", 47.3, 12.7, "H", "RSV", "VL", "01", 0)
    + "a broken line\n"
)


def test_import_geonames_txt(tmp_path: Path) -> None:
    dump = tmp_path / "allCountries.txt"
    dump.write_text(DUMP, encoding="utf-8")
    alternates = tmp_path / "alternateNames.txt"
    alternates.write_text("1\t9000003\tde\tTarnau\t\t\t\t\t\t\n2\t9000003\tlink\thttps://x\t\t\t\t\t\t\n",
                          encoding="utf-8")
    db = import_geonames(dump, alternates, tmp_path / "g.sqlite")
    gaz = Gazetteer.load([], db=db)
    place = gaz.resolve("Tarnau")
    assert place.geonameid == 9000003 and place.kind == "city" and place.admin1 == "Kelmar"
    assert gaz.resolve("Tarnow Vel").geonameid == 9000003
    assert gaz.resolve("Sarn Reservoir").kind == "feature"
    assert gaz.resolve("Republic of Veldra").kind == "country"
    assert gaz.resolve("https://x") is None


def test_import_geonames_zip_and_env(tmp_path: Path, monkeypatch) -> None:
    archive = tmp_path / "allCountries.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("allCountries.txt", DUMP)
    db = tmp_path / "env.sqlite"
    monkeypatch.setenv("PARALLAX_GAZETTEER_DB", str(db))
    assert import_geonames(archive) == db
    assert Gazetteer.load([]).resolve("Tarnov").geonameid == 9000003


def test_import_rejects_non_geonames(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\tworld\n", encoding="utf-8")
    with pytest.raises(GazetteerError):
        import_geonames(bad, db=tmp_path / "x.sqlite")
    assert not (tmp_path / "x.sqlite").exists()
