"""Fit the toponym ranker's weights (``parallax/data/gazetteer/ranker.json``).

    python -m parallax.resolve.train_ranker ../shared/benchmarks/geo/lgl.xml \\
        ../shared/benchmarks/geo/TR-News.xml ../shared/benchmarks/geo/GeoVirus.xml

Development corpora only: never pass GeoWebNews (the test split). The place stage runs over each
article as in the pipeline; for every mention that covers a gold toponym, the candidate entries
of its name in the context of the last resolution pass form one choice set, and the entry
nearest the gold point (when within 161 km) is the one chosen. A conditional logit with an L2
penalty fits one weight per feature of :mod:`parallax.resolve.ranker`. Only the weights are
written (no text or coordinates of the corpora).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from . import ranker
from .gazetteer import Gazetteer, GeoContext, bare_name, fold, haversine_km

MAX_KM = 161.0


class _Recorder:
    """A gazetteer that remembers the (name, context) of every resolve call."""

    def __init__(self, gaz: Gazetteer, calls: list) -> None:
        self._gaz = gaz
        self._calls = calls

    def resolve(self, name: str, context: Any = None) -> Any:
        self._calls.append((name, context))
        return self._gaz.resolve(name, context)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._gaz, attr)


def _choice_sets(gaz: Gazetteer, docs: Iterable[tuple[Any, Any, list]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(feature matrix, mask of the right entries) per gold mention whose candidates differ."""
    from ..extract import places as P

    state: dict[str, Any] = {}
    original = P._context_pass

    def recording_pass(doc, cands, g, publisher, first, grid=None):  # type: ignore[no-untyped-def]
        state["calls"], state["cands"] = [], cands
        return original(doc, cands, _Recorder(g, state["calls"]), publisher, first, grid)

    P._context_pass = recording_pass  # type: ignore[assignment]
    out = []
    try:
        res = type("R", (), {"gazetteer": gaz})()
        for analysis, doc, gold in docs:
            state.clear()
            P.extract_places(analysis, doc, res)
            for cand, (name, ctx) in zip(state.get("cands", []), state.get("calls", [])):
                hit = next((g for g in gold if cand.start <= g.start and g.end <= cand.end), None)
                if hit is not None:
                    row = _one_set(gaz, name, ctx, hit)
                    if row is not None:
                        out.append(row)
    finally:
        P._context_pass = original  # type: ignore[assignment]
    return out


def _one_set(gaz: Gazetteer, name: str, ctx: GeoContext, gold: Any) -> tuple[np.ndarray, np.ndarray] | None:
    found = gaz._lookup(name)
    if not found:
        bare = bare_name(fold(name))
        if bare:
            found = gaz._lookup(bare)
    found = [f for f in found if f[0].lat is not None]
    if len(found) < 2:
        return None
    dist = [haversine_km(p.lat, p.lon, gold.lat, gold.lon) for p, _, _ in found]  # type: ignore[arg-type]
    right = np.array([d <= MAX_KM for d in dist])
    if not right.any() or right.all():
        return None  # nothing to learn from
    top = max((p.population or 0) for p, _, _ in found)
    x = np.array([ranker.features(p, s, e, ctx, top) for p, s, e in found])
    return x, right


def fit(sets: list[tuple[np.ndarray, np.ndarray]], l2: float = 1.0, steps: int = 600) -> np.ndarray:
    """Conditional-logit weights: the penalised likelihood that a right entry is chosen (every
    entry within 161 km of the gold point is right), the penalty pulling towards the hand-set
    weights. Adam on the padded choice sets (numpy only)."""
    w0 = np.array([ranker.DEFAULT_WEIGHTS.get(f, 0.0) for f in ranker.FEATURES])
    if not sets:
        return w0
    width = max(len(x) for x, _ in sets)
    xs = np.zeros((len(sets), width, len(w0)))
    valid = np.zeros((len(sets), width), dtype=bool)
    right = np.zeros((len(sets), width), dtype=bool)
    for n, (x, y) in enumerate(sets):
        xs[n, :len(x)], valid[n, :len(x)], right[n, :len(x)] = x, True, y
    w, m, v = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
    for t in range(1, steps + 1):
        s = np.where(valid, xs @ w, -np.inf)
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        q = np.where(right, p, 0.0)
        q /= q.sum(axis=1, keepdims=True)
        grad = ((p - q)[:, :, None] * xs).sum(axis=(0, 1)) / len(sets) + 2 * l2 * (w - w0) / len(sets)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= 0.05 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def accuracy(sets: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray) -> float:
    """Share of choice sets whose top-scored entry is a right one."""
    return sum(int(y[int(np.argmax(x @ w))]) for x, y in sets) / max(1, len(sets))


def _corpus_docs(path: Path) -> Iterable[tuple[Any, Any, list]]:
    from ..eval.geo import read_geo_corpus
    from ..model import Document
    from ..nlp import annotate

    for article in read_geo_corpus(path):
        if article.text.strip():
            analysis, doc = annotate(Document(text=article.text))
            yield analysis, doc, article.toponyms


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+", type=Path)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--out", type=Path, default=ranker.WEIGHTS_FILE)
    args = ap.parse_args(argv)
    if any("gwn" in p.name.lower() for p in args.corpora):
        sys.exit("GeoWebNews is the test split: do not fit on it")
    gaz = Gazetteer.load()
    sets = []
    for path in args.corpora:
        sets.extend(_choice_sets(gaz, _corpus_docs(path)))
    w = fit(sets, args.l2)
    print(f"{len(sets)} choice sets; accuracy {accuracy(sets, np.array(ranker.weights())):.3f} -> "
          f"{accuracy(sets, w):.3f}")
    write(args.out, w, [p.name for p in args.corpora], len(sets), args.l2)


def write(out: Path, w: np.ndarray, corpora: list[str], n: int, l2: float) -> None:
    data = {
        "note": "Conditional-logit weights of parallax.resolve.ranker, fitted by "
                "parallax.resolve.train_ranker on the development geoparsing corpora "
                f"{', '.join(corpora)} ({n} choice sets, L2 {l2}); the corpora themselves are not shipped. "
                "LGL (Lieberman et al. 2010), TR-News (Kamalloo & Rafiei 2018), GeoVirus (Gritta et al. 2018).",
        "features": list(ranker.FEATURES),
        "weights": [round(float(v), 4) for v in w],
    }
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    ranker.weights.cache_clear()


if __name__ == "__main__":
    main()

