"""Province / region (admin-1) outlines for the map, read from the shipped
``static/admin1.json.gz`` (made by :mod:`.admin1_build`; see
``parallax/data/SOURCES.md``).

Only the countries that hold located events go into a report or a
workbench page, so the file stays small: a country is picked by the ISO
code the gazetteer gave the place, else by its divisions' bounding boxes
containing the point.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

ADMIN1_FILE = Path(__file__).resolve().parent / "static" / "admin1.json.gz"
SCALE = 1000  # coordinates are stored as integers of 1/SCALE degree


@lru_cache(maxsize=1)
def _countries() -> dict[str, list[dict[str, Any]]]:
    if not ADMIN1_FILE.exists():
        return {}
    return json.loads(gzip.decompress(ADMIN1_FILE.read_bytes()))["countries"]


def _bbox(rings: list[int]) -> tuple[float, float, float, float]:
    xs, ys, x, y = [], [], 0, 0
    for i in range(0, len(rings), 2):
        x, y = x + rings[i], y + rings[i + 1]
        xs.append(x)
        ys.append(y)
    return min(xs) / SCALE, max(xs) / SCALE, min(ys) / SCALE, max(ys) / SCALE


@lru_cache(maxsize=1)
def _boxes() -> list[tuple[str, tuple[float, float, float, float]]]:
    """(country, bbox) of every division's polygon, for points without a country code."""
    return [(code, _bbox(poly[0])) for code, divisions in _countries().items()
            for division in divisions for poly in division["p"]]


def countries_for(points: Iterable[tuple[float, float, str | None]]) -> list[str]:
    """Country codes whose divisions to draw for ``(lat, lon, country)`` points."""
    known = _countries()
    chosen: set[str] = set()
    for lat, lon, country in points:
        code = (country or "").upper()
        if code in known:
            chosen.add(code)
            continue
        chosen.update(c for c, (x0, x1, y0, y1) in _boxes() if x0 <= lon <= x1 and y0 <= lat <= y1)
    return sorted(chosen)


def admin1_outlines(codes: Iterable[str]) -> dict[str, Any]:
    """The compact outlines of those countries, as the map script reads them:
    ``{"scale": 1000, "countries": {code: [{name, code, p: [[ring…]…]}…]}}``
    where each ring is a flat list of delta-encoded integer lon/lat pairs."""
    known = _countries()
    return {"scale": SCALE, "countries": {c: known[c] for c in codes if c in known}}
