"""Candidate ranking for toponym resolution: a linear score over a few general features.

Each candidate entry of a name gets a feature vector (population, feature kind, which table it
comes from, whether the name is its main name, agreement with the countries, divisions and
points the document names, the publisher's country, the kind the phrase asks for); the entry
with the highest weighted sum wins. The weights live in ``parallax/data/gazetteer/ranker.json``
and are fitted by ``python -m parallax.resolve.train_ranker`` as a conditional logit on the
development geoparsing corpora (LGL, TR-News, GeoVirus; never GeoWebNews, the test split): see
the note inside the file. Without that file the hand-set weights below apply.

No fitted file ships yet: trained on two of the development corpora and tested on the third,
fitted weights chose a right entry no more often than the hand-set ones (0.766-0.775 against
0.776 of ~3,900 ambiguous mentions; better on TR-News, worse on GeoVirus), so the corpora's
conventions, not the features, dominate what a fit learns.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import TYPE_CHECKING

from ..resources import DATA_DIR
from .gazetteer import SUPPORT_KINDS

if TYPE_CHECKING:
    from ..model import Place
    from .gazetteer import GeoContext

WEIGHTS_FILE = DATA_DIR / "gazetteer" / "ranker.json"

KINDS = ("country", "region", "district", "city", "town", "village", "feature")
HINT_KINDS = {"district": {"district", "region"}, "region": {"region", "district"},
              "city": {"city", "town", "village"}, "feature": {"feature"}, "country": {"country"}}

FEATURES = (
    "log_population", *(f"kind_{k}" for k in KINDS), "curated", "extra", "exact", "exact_country",
    "alternate_division", "capital", "admin2", "country_share", "country_named", "top_country",
    "publisher_country", "admin1_named", "near_50", "near_250", "doc_near_50", "doc_near_250",
    "kind_hint", "most_populous", "candidate_near", "country_absent",
)

# The hand-set weights (round numbers) used when no fitted file is shipped.
DEFAULT_WEIGHTS = {
    "log_population": 0.6, "kind_country": 5.0, "kind_region": 1.0, "kind_district": 1.5,
    "kind_city": 1.0, "kind_village": -0.5, "kind_feature": 0.5, "curated": 4.0,
    "exact": 1.5, "exact_country": 2.0, "alternate_division": -1.5, "capital": 1.5,
    "country_share": 3.0, "country_named": 1.5, "publisher_country": 2.0, "admin1_named": 2.5,
    "near_50": 1.0, "near_250": 1.0, "doc_near_50": 0.75, "doc_near_250": 0.75, "kind_hint": 3.0,
    "candidate_near": 2.0, "country_absent": -1.5,
}


@lru_cache(maxsize=1)
def weights() -> tuple[float, ...]:
    """The weight of each feature, in FEATURES order (fitted file, else the defaults)."""
    table = dict(DEFAULT_WEIGHTS)
    if WEIGHTS_FILE.exists():
        data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
        table = {name: float(w) for name, w in zip(data["features"], data["weights"])}
    return tuple(table.get(name, 0.0) for name in FEATURES)


def _near(place: Place, points: list[tuple[float, float]]) -> float | None:
    from .gazetteer import haversine_km

    if not points or place.lat is None or place.lon is None:
        return None
    return min(haversine_km(place.lat, place.lon, la, lo) for la, lo in points)


def features(place: Place, source: str, exact: bool, ctx: GeoContext, max_population: int = 0) -> list[float]:
    """The feature vector of one candidate entry in a context (FEATURES order)."""
    pop = place.population or 0
    total = sum(ctx.countries.values())
    share = ctx.countries.get(place.country, 0) / total if place.country and total else 0.0
    top = max(ctx.countries, key=ctx.countries.get) if total else None
    near = _near(place, ctx.points)
    doc_near = _near(place, ctx.doc_points)
    return [
        math.log10(pop + 10),
        *(1.0 if place.kind == k else 0.0 for k in KINDS),
        1.0 if source == "curated" else 0.0,
        1.0 if source == "extra" else 0.0,
        1.0 if exact else 0.0,
        1.0 if exact and place.kind == "country" else 0.0,
        1.0 if not exact and source in ("admin1", "admin2") else 0.0,
        1.0 if source == "capital" else 0.0,
        1.0 if source == "admin2" else 0.0,
        share,
        1.0 if share else 0.0,
        1.0 if top is not None and place.country == top else 0.0,
        1.0 if place.country and place.country == ctx.publisher_country else 0.0,
        1.0 if place.admin1 and ctx.admin1.get((place.country, place.admin1)) else 0.0,
        1.0 if near is not None and near < 50 else 0.0,
        1.0 if near is not None and near < 250 else 0.0,
        1.0 if doc_near is not None and doc_near < 50 else 0.0,
        1.0 if doc_near is not None and doc_near < 250 else 0.0,
        1.0 if ctx.kind and place.kind in HINT_KINDS.get(ctx.kind, set()) else 0.0,
        1.0 if pop and pop >= max_population else 0.0,
        1.0 if ctx.neighbours is not None and place.kind in SUPPORT_KINDS
        and ctx.neighbours.near(place, ctx.name_key) else 0.0,
        1.0 if total and not share else 0.0,
    ]


def score(place: Place, source: str, exact: bool, ctx: GeoContext, max_population: int = 0) -> float:
    """How likely ``place`` is meant: the weighted sum of its features."""
    return sum(w * x for w, x in zip(weights(), features(place, source, exact, ctx, max_population)) if w)
