"""Alignment at scale: the large-corpus candidate path against all pairs.

Synthetic corpus: ``--events`` accounts (default 100,000) of ``events/2.5``
happenings, spread over documents of 20 events each. Each happening has a
date, two parties out of 30 codes, a place out of 400, a PLOVER family and a
random unit vector; each account of it gets the date or the next day (5 %
no date, 3 % only the month), its parties in either order, the place, a type
of the family and the vector plus noise (cosine to its happening ~0.7).
Vectors stand in for sentence embeddings (384 dimensions, as MiniLM), so the
benchmark measures the aligner, not the embedding model.

Measured in one run:
- Candidate path: ``align.link_events`` as a large corpus runs it: date
  blocks with exact k-NN inside each, the usearch HNSW index for the undated
  and month-dated events, then scoring of the candidates and one-to-one
  selection.
- All pairs: scoring every cross-document pair is n(n-1)/2 = 5e9 pairs at
  100k, too long to run; ``pair_score`` (and the cosine) is timed on a random
  sample of pairs and extrapolated linearly: per-pair time x n(n-1)/2
  (pair scoring has no state, so its cost per pair does not depend on n).
- Recall against all pairs: the share of the pairs all-pairs scoring would
  link (same-happening pairs scoring >= the threshold; a random sample of
  pairs checks that hardly any other pair would be linked) that are among
  the candidates. And, separately, the raw neighbour recall of the usearch
  index on isotropic random vectors (its hardest case).

Run: .venv/bin/python bench/bench_align.py [--events N] [--sample PAIRS]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parallax import align as al
from parallax.model import (
    Actor,
    Analysis,
    Document,
    Event,
    Metadata,
    Place,
    PlaceMention,
    TimeExpr,
)

FAMILY_TYPES = (("ASSAULT", "COERCE"), ("ACCUSE", "REJECT"), ("MOBILIZE", "RETREAT"), ("AGREE", "CONSULT"))


def synthetic(n: int, dim: int, seed: int = 7, per_doc: int = 20, undated: float = 0.05, coarse: float = 0.03):
    rng = np.random.default_rng(seed)
    rnd = random.Random(seed)
    n_happen = int(n / 2.5)
    centres = rng.standard_normal((n_happen, dim)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    codes = [f"C{i:02d}" for i in range(30)]
    places = [Place(f"P{i}", -40 + rnd.random() * 10, 170 + rnd.random() * 10, "town", admin1=f"A{i % 40}")
              for i in range(400)]
    start = date(2030, 1, 1)
    happen = [(start + timedelta(days=rnd.randrange(700)), rnd.sample(codes, 2), rnd.choice(places),
               rnd.choice(FAMILY_TYPES)) for _ in range(n_happen)]
    owner = rng.integers(0, n_happen, size=n)
    owner[:n_happen] = np.arange(n_happen)  # every happening told at least once
    rng.shuffle(owner)
    noise = rng.standard_normal((n, dim)).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    vectors = 0.7 * centres[owner] + 0.71 * noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    units = []
    for i, h in enumerate(owner):
        day, parties, place, family = happen[h]
        day = day + timedelta(days=rnd.randrange(2))
        actor, target = parties if rnd.random() < 0.5 else parties[::-1]
        iso = day.isoformat()
        r = rnd.random()
        if r < undated:  # the account gives no date
            time_expr, interval = None, None
        elif r < undated + coarse:  # only the month
            first = day.replace(day=1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            time_expr = TimeExpr(iso[:7], 0, 0, iso[:7], begin=first.isoformat(), end_date=last.isoformat())
            interval = (first, last)
        else:
            time_expr, interval = TimeExpr(iso, 0, 0, iso, begin=iso, end_date=iso), (day, day)
        ev = Event(rnd.choice(family), 0, 1, 0, 1, "x", actors=[Actor(actor, country=actor)],
                   targets=[Actor(target, country=target)], time=time_expr,
                   places=[PlaceMention(place.name, 0, 1, place)])
        pos = i // per_doc
        doc = Document(text=f"doc {pos}", meta=Metadata(side=f"s{pos % 3}"))
        units.append(al.Unit(Analysis(doc), pos, i % per_doc, ev, "", interval, {actor}, {target},
                             {actor, target}, [place]))
    return units, vectors, owner


def time_all_pairs(units, vectors, sample: int, threshold: float, seed: int = 3) -> tuple[float, list]:
    """Seconds per pair of the all-pairs path (cosine + pair_score) on a
    random sample of pairs, and the sampled pairs it would link."""
    rng = random.Random(seed)
    n = len(units)
    pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(sample)]
    linked = []
    t0 = time.perf_counter()
    for i, j in pairs:
        x, y = units[i], units[j]
        if x.position == y.position:
            continue
        score = al.pair_score(x, y, float(vectors[i] @ vectors[j]))
        if score is not None and score >= threshold:
            linked.append((min(i, j), max(i, j)))
    return (time.perf_counter() - t0) / sample, linked


def ann_recall(vectors: np.ndarray, k: int, queries: int = 1000) -> float:
    """Raw quality of the usearch index: share of each query's exact top-k
    neighbours it returns (isotropic random vectors: its hardest case)."""
    rng = np.random.default_rng(11)
    qs = rng.choice(len(vectors), size=queries, replace=False)
    found_pairs = al.neighbour_pairs(vectors, k, qs)
    sims = vectors[qs] @ vectors.T
    found = total = 0
    for row, q in zip(sims, qs):
        row[q] = -np.inf
        for j in np.argpartition(-row, k)[:k]:
            total += 1
            found += (min(int(q), int(j)), max(int(q), int(j))) in found_pairs
    return found / total


def link_recall(units, vectors, owner, pairs: set[tuple[int, int]], threshold: float) -> tuple[float, int]:
    """Share of true same-happening pairs that all-pairs would link, found by the ANN."""
    groups: dict[int, list[int]] = {}
    for i, h in enumerate(owner):
        groups.setdefault(int(h), []).append(i)
    linkable = found = 0
    for members in groups.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                if units[i].position == units[j].position:
                    continue
                score = al.pair_score(units[i], units[j], float(vectors[i] @ vectors[j]))
                if score is None or score < threshold:
                    continue
                linkable += 1
                found += (min(i, j), max(i, j)) in pairs
    return (found / linkable if linkable else 0.0), linkable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=200_000, help="pairs timed for the all-pairs estimate")
    parser.add_argument("--dim", type=int, default=384, help="vector dimension (all-MiniLM-L6-v2: 384)")
    parser.add_argument("--ann-sample", type=int, default=20000, help="vectors for the raw usearch recall check")
    args = parser.parse_args()

    t0 = time.perf_counter()
    units, vectors, owner = synthetic(args.events, args.dim)
    threshold = al.THRESHOLDS["minilm"]
    n_coarse = sum(1 for u in units if not u.interval or (u.interval[1] - u.interval[0]).days > al.FINE_DAYS)
    print(f"synthetic corpus: {len(units)} events, {len(set(owner.tolist()))} happenings, "
          f"{units[-1].position + 1} documents, dim {args.dim} ({time.perf_counter() - t0:.1f} s to build)")

    captured: dict[str, object] = {}
    real = al.candidate_pairs

    def timed(units_, vecs):  # the candidate step inside link_events, timed and kept for recall
        t = time.perf_counter()
        captured["pairs"] = set(real(units_, vecs))
        captured["seconds"] = time.perf_counter() - t
        return sorted(captured["pairs"])

    al.candidate_pairs = timed
    try:
        t0 = time.perf_counter()
        links = al.link_events(units, vectors, threshold)
        t_ann = time.perf_counter() - t0
    finally:
        al.candidate_pairs = real
    pairs = captured["pairs"]
    print(f"candidate path (date blocks + k-NN, usearch HNSW for the {n_coarse} undated/coarse events; "
          f"k={al.ANN_NEIGHBOURS}): {t_ann:.1f} s end to end (candidates {captured['seconds']:.1f} s), "
          f"{len(pairs)} candidate pairs, {len(links)} links")

    per_pair, sampled_links = time_all_pairs(units, vectors, args.sample, threshold)
    n = len(units)
    all_pairs = n * (n - 1) / 2
    t_all = per_pair * all_pairs
    print(f"all pairs: {per_pair * 1e6:.2f} us per pair on {args.sample} sampled pairs x {all_pairs:.3g} pairs "
          f"= {t_all:.0f} s estimated ({t_all / 3600:.1f} h)")
    print(f"speed ratio (all pairs / candidate path): {t_all / t_ann:.0f}x")
    lrec, linkable = link_recall(units, vectors, owner, pairs, threshold)
    print(f"recall against all pairs: {lrec:.4f} of the {linkable} same-happening pairs all-pairs scoring links "
          f"are candidates; of {args.sample} random pairs all-pairs would link {len(sampled_links)}, "
          f"{sum(p in pairs for p in sampled_links)} of them candidates")
    sub = vectors[: args.ann_sample]
    print(f"usearch neighbour recall on {len(sub)} isotropic vectors (exact top-{al.ANN_NEIGHBOURS}, "
          f"1000 queries): {ann_recall(sub, al.ANN_NEIGHBOURS):.4f}")


if __name__ == "__main__":
    main()
