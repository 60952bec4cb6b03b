"""Toponym resolution scoring: the geoparsing XML corpora and the YAML gold's ``places:``.

A gold mention is found when a predicted mention with coordinates covers its text span;
``acc_161km`` / ``acc_25km`` are over found mentions (``acc_25km`` allows 100 km for kinds
country and region), ``mean_km`` / ``median_km`` their errors, ``recall`` the share found
(gold/FORMAT.md).

Corpora (../shared/benchmarks/geo): LGL ``lgl.xml`` and TR-News (``<toponym>`` with
``<phrase>``, ``<start>``, ``<end>``, ``<gaztag>`` lat/lon/fcode), GeoVirus (``<location>`` with
``<name>``, ``<start>``, ``<end>``, ``<lat>``, ``<lon>``) and GeoWebNews ``GWN.xml``
(``<toponym>`` with ``<extractedName>``, ``<latitude>``, ``<longitude>``; only toponyms with
coordinates count). GWN is the test split: run it for reporting only.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import GoldFormatError
from ..model import PlaceMention
from ..resolve.gazetteer import haversine_km

WIDE_KINDS = {"country", "region"}
_FCODE_KIND = {"PCLI": "country", "PCLD": "country", "PCLS": "country", "PCLF": "country", "PCLIX": "country",
               "PCL": "country", "ADM1": "region", "RGN": "region", "CONT": "region"}


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    kind: str | None = None


@dataclass
class GeoArticle:
    text: str
    toponyms: list[GoldToponym]


# --------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------


def _covering(pred: list[PlaceMention], start: int, end: int) -> PlaceMention | None:
    best = None
    for m in pred:
        if m.place is None or m.place.lat is None or m.place.lon is None:
            continue
        if m.start <= start and end <= m.end and (best is None or m.end - m.start < best.end - best.start):
            best = m
    return best


def _summary(errors: list[tuple[float, str | None, int]], gold: int) -> dict:
    """errors: (km, kind, weight) of the found mentions."""
    found = sum(w for _, _, w in errors)
    if not found:
        return {"acc_161km": 0.0, "acc_25km": 0.0, "mean_km": 0.0, "median_km": 0.0,
                "recall": 0.0, "gold": gold}
    within161 = sum(w for km, _, w in errors if km <= 161)
    within25 = sum(w for km, kind, w in errors if km <= (100 if kind in WIDE_KINDS else 25))
    flat = [km for km, _, w in errors for _ in range(w)]
    return {
        "acc_161km": round(within161 / found, 4),
        "acc_25km": round(within25 / found, 4),
        "mean_km": round(sum(flat) / len(flat), 1),
        "median_km": round(statistics.median(flat), 1),
        "recall": round(found / gold, 4) if gold else 0.0,
        "gold": gold,
    }


def _errors(pred: list[PlaceMention], gold: list[GoldToponym]) -> list[tuple[float, str | None, int]]:
    out = []
    for g in gold:
        m = _covering(pred, g.start, g.end)
        if m is not None:
            out.append((haversine_km(m.place.lat, m.place.lon, g.lat, g.lon), g.kind, 1))  # type: ignore[union-attr,arg-type]
    return out


def score_mentions(pred: list[PlaceMention], gold: list[GoldToponym]) -> dict:
    """Score predicted mentions against gold toponyms with offsets."""
    return _summary(_errors(pred, gold), len(gold))


def _entry_errors(pred: list[PlaceMention], entries: list[dict], text: str) -> tuple[list, int]:
    errors, total = [], 0
    for entry in entries:
        try:
            surface, lat, lon = str(entry["text"]), float(entry["lat"]), float(entry["lon"])
        except (KeyError, TypeError, ValueError):
            raise GoldFormatError(f"place entry needs text, lat, lon: {entry!r}") from None
        weight = int(entry.get("mentions") or 1)
        total += weight
        covering = [m for occ in re.finditer(re.escape(surface), text)
                    if (m := _covering(pred, occ.start(), occ.end())) is not None]
        if covering:
            # the same surface form first ("Syria" alone, not inside "NW Syria")
            m = next((c for c in covering if c.text == surface), covering[0])
            km = haversine_km(m.place.lat, m.place.lon, lat, lon)  # type: ignore[union-attr,arg-type]
            errors.append((km, entry.get("kind"), weight))
    return errors, total


def score_gold_places(pred: list[PlaceMention], gold_entries: list[dict], text: str) -> dict:
    """Score against the YAML gold's ``places:`` entries (text, lat, lon, kind, mentions).

    An entry is found when some predicted mention covers one occurrence of its text; it then
    counts ``mentions`` times, with the error of the first covering prediction."""
    errors, total = _entry_errors(pred, gold_entries, text)
    return _summary(errors, total)


# --------------------------------------------------------------------------
# corpora
# --------------------------------------------------------------------------


def _num(node, path: str) -> float | None:
    value = node.findtext(path)
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _realign(text: str, surface: str, start: int, end: int, window: int = 20) -> tuple[int, int]:
    """Some corpora's offsets are shifted by a character or two (GeoVirus counts from 1): move a
    span whose text is not its surface to the nearest occurrence of the surface."""
    if not surface or text[start:end] == surface:
        return start, end
    lo = max(0, start - window)
    best = None
    for m in re.finditer(re.escape(surface), text[lo:start + len(surface) + window]):
        pos = lo + m.start()
        if best is None or abs(pos - start) < abs(best - start):
            best = pos
    return (best, best + len(surface)) if best is not None else (start, end)


def read_geo_corpus(path: Path) -> Iterator[GeoArticle]:
    """Articles with gold toponyms from LGL, TR-News, GeoVirus or GeoWebNews XML."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(huge_tree=True, recover=True))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise GoldFormatError(f"cannot read geo corpus: {exc}", str(path)) from None
    for art in tree.getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for top in art.iter("toponym", "location"):
            start, end = _num(top, "start"), _num(top, "end")
            lat = _num(top, "gaztag/lat") if top.find("gaztag") is not None else None
            lon = _num(top, "gaztag/lon") if top.find("gaztag") is not None else None
            lat = lat if lat is not None else _num(top, "latitude") if top.find("latitude") is not None else _num(top, "lat")
            lon = lon if lon is not None else _num(top, "longitude") if top.find("longitude") is not None else _num(top, "lon")
            if None in (start, end, lat, lon):
                continue
            surface = top.findtext("phrase") or top.findtext("extractedName") or top.findtext("name") or ""
            kind = _FCODE_KIND.get(top.findtext("gaztag/fcode") or "")
            start, end = _realign(text, surface, int(start), int(end))  # type: ignore[arg-type]
            gold.append(GoldToponym(start, end, surface, lat, lon, kind))  # type: ignore[arg-type]
        yield GeoArticle(text, gold)


def eval_geo_file(path: Path, limit: int | None = None, demonyms: bool = True) -> dict:
    """Run the pipeline's NLP pass and place extraction over a geo corpus and score it.

    With ``demonyms`` the demonyms of the text count as mentions of their country, as these
    corpora's gold counts adjectival toponyms ("Russian"); the pipeline itself does not call
    them places. Extra predictions never lower the scores of a corpus that leaves them out."""
    from ..extract.places import demonym_mentions, extract_places
    from ..model import Document
    from ..nlp import annotate
    from ..resources import Resources

    resources = Resources()
    errors: list = []
    gold = 0
    for n, article in enumerate(read_geo_corpus(Path(path))):
        if limit is not None and n >= limit:
            break
        if not article.text.strip():
            continue
        analysis, doc = annotate(Document(text=article.text))
        pred = extract_places(analysis, doc, resources)
        if demonyms:
            pred = pred + demonym_mentions(analysis, doc, resources.gazetteer, pred)
        errors.extend(_errors(pred, article.toponyms))
        gold += len(article.toponyms)
    return _summary(errors, gold)
