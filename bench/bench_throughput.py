"""Throughput of the full pipeline on one core, as a ratio to spaCy alone.

    .venv/bin/python bench/bench_throughput.py [--n 200] [--rounds 3]

Both sides see the same generated documents (bench/generate_corpus.py) and
the same spaCy model, pinned to one CPU with BLAS threads at 1:

- spaCy alone: ``nlp.pipe`` over the documents' texts (all components);
- Parallax: read (text -> Document) + the batched analysis of
  ``parallax.batch`` (nlp.pipe over prepared Docs + every extraction stage);
- Parallax one document at a time (``pipeline.analyse``), for reference.

The machine is shared, so each measurement is repeated ``--rounds`` times,
interleaved, and the best round counts; the ratio is given on CPU time
(the process is single-threaded and pinned: CPU time is time on one core,
undisturbed by other processes) and on wall time. Target: ratio >= 0.6.

``--profile`` then prints where Parallax's CPU time goes (best of the
rounds, per step): reading, the batched spaCy pass, sentences, each stage.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus as gen


def main() -> None:
    ap = argparse.ArgumentParser(description="Pipeline throughput vs spaCy alone, one core")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="CPU time per step and stage")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from parallax import nlp
    from parallax.batch.work import WorkOptions, analyse_many, resources_for, warm
    from parallax.model import Metadata
    from parallax.pipeline import analyse
    from parallax.read import read_text

    docs = gen.generate(args.n, seed=5)
    world = (gen.WORLD.parent / "../examples").resolve()
    options = WorkOptions((str(world / "actors.yaml"),), (str(world / "gazetteer.yaml"),))
    warm(options)
    resources = resources_for(options)
    model = nlp.load()
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)

    def spacy_alone() -> None:
        for _ in model.pipe(texts, batch_size=32):
            pass

    def read_all() -> list:
        return [read_text(d.text, d.id, declared=Metadata(side=d.side, publisher=d.publisher,
                                                          published=d.published)) for d in docs]

    def parallax_batched() -> None:
        analyse_many(read_all(), resources)

    def parallax_single() -> None:
        for document in read_all():
            analyse(document, resources)

    runs = {"spaCy nlp.pipe alone": spacy_alone, "Parallax batched (read+analyse)": parallax_batched,
            "Parallax one at a time": parallax_single}
    cpu = {name: float("inf") for name in runs}
    wall = dict(cpu)
    for _ in range(args.rounds):
        for name, fn in runs.items():
            t, c = time.perf_counter(), time.process_time()
            fn()
            cpu[name] = min(cpu[name], time.process_time() - c)
            wall[name] = min(wall[name], time.perf_counter() - t)
    base = words / cpu["spaCy nlp.pipe alone"]
    base_wall = words / wall["spaCy nlp.pipe alone"]
    print(f"{len(docs)} documents, {words} words, 1 CPU, best of {args.rounds} rounds, model {nlp.MODEL_NAME}")
    print("(CPU time is the figure on a shared machine: single-threaded and pinned, it is the time on one core)")
    for name in runs:
        wps, wps_wall = words / cpu[name], words / wall[name]
        print(f"{name:34} CPU {cpu[name]:6.2f} s {wps:7.0f} words/s {len(docs) / cpu[name]:6.1f} docs/s "
              f"ratio {wps / base:4.2f} | wall {wall[name]:6.2f} s {wps_wall:7.0f} words/s ratio "
              f"{wps_wall / base_wall:4.2f}")
    if args.profile:
        profile(read_all, resources, args.rounds, cpu["spaCy nlp.pipe alone"])


def profile(read_all, resources, rounds: int, spacy_alone: float) -> None:
    """CPU seconds per step of the batched path (best of ``rounds`` each)."""
    from parallax import nlp
    from parallax.batch.work import parse_many
    from parallax.model import Analysis
    from parallax.pipeline import STAGES

    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds)

    for _ in range(rounds):
        spent: dict[str, float] = {}
        c = time.process_time()
        documents = read_all()
        spent["read"] = time.process_time() - c
        c = time.process_time()
        docs = parse_many(documents)
        spent["spaCy (nlp.pipe over prepared Docs)"] = time.process_time() - c
        for document, doc in zip(documents, docs):
            c = time.process_time()
            analysis = Analysis(document=document, sentences=nlp.sentences(document, doc))
            spent["sentences"] = spent.get("sentences", 0.0) + time.process_time() - c
            for stage in STAGES:
                fn = stage.load()
                c = time.process_time()
                setattr(analysis, stage.field, fn(analysis, doc, resources))
                key = f"stage {stage.name}"
                spent[key] = spent.get(key, 0.0) + time.process_time() - c
        for name, seconds in spent.items():
            keep(name, seconds)
    total = sum(best.values())
    print(f"profile (CPU s, best of {rounds}; spaCy alone {spacy_alone:.2f} s):")
    for name, seconds in best.items():
        print(f"  {name:40} {seconds:6.2f} s {100 * seconds / total:5.1f} %")
    print(f"  {'total':40} {total:6.2f} s")


if __name__ == "__main__":
    main()
