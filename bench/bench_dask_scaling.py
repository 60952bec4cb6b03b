"""Dask scaling from 1 to 2 workers, and peak memory per worker.

    .venv/bin/python bench/bench_dask_scaling.py [--n 160] [--partition 8]

A LocalCluster (processes, one thread each) of 1, then 2 workers analyses
the same generated documents (bench/generate_corpus.py, in-memory JSONL
items). Models are loaded on every worker before the clock starts. Two
figures per cluster size:

- compute: the partitions' tasks only (read + batched analysis on the
  workers, outcomes back to the driver);
- end to end: ``BatchRun`` with the dask engine (the same plus the store
  writes in the driver, SQLite, one transaction per partition).

Peak memory is each worker's maximum resident set (getrusage) after its
run. On a machine whose two cores are shared with other work the speed-up
is depressed: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus as gen


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_size(workers: int, items, options, src: Path, partition: int) -> dict:
    from dask.distributed import Client, LocalCluster

    from parallax.batch import BatchRun
    from parallax.batch.run import partitions, run_dask
    from parallax.batch.work import warm

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        client.run(warm, options)
        t = time.perf_counter()
        outcomes = [o for part in run_dask(client, partitions(items, partition), options, set()) for o in part]
        compute = time.perf_counter() - t
        assert sum(o.status == "analysed" for o in outcomes) == len(items)
        db = Path(tempfile.mkdtemp()) / "scaling.db"
        run = BatchRun(str(src), f"sqlite:///{db}", engine="dask", scheduler=cluster.scheduler_address,
                       partition_size=partition, options=options, align=False)
        t = time.perf_counter()
        summary = run.run(progress=False)
        end_to_end = time.perf_counter() - t
        assert summary.analysed == len(items)
        memory = client.run(peak_rss_mb)
    return {"compute": compute, "end_to_end": end_to_end, "memory": sorted(memory.values())}


def main() -> None:
    ap = argparse.ArgumentParser(description="Dask scaling 1 -> 2 workers")
    ap.add_argument("--n", type=int, default=160)
    ap.add_argument("--partition", type=int, default=8)
    args = ap.parse_args()
    from parallax.batch import WorkOptions
    from parallax.batch.sources import collect

    docs = gen.generate(args.n, seed=9)
    src = Path(tempfile.mkdtemp()) / "corpus.jsonl"
    gen.write_jsonl(docs, src)
    world = (gen.WORLD.parent / "../examples").resolve()
    options = WorkOptions((str(world / "actors.yaml"),), (str(world / "gazetteer.yaml"),))
    items = collect(str(src)).items
    words = sum(len(d.text.split()) for d in docs)
    load_before = os.getloadavg()
    results = {w: run_size(w, items, options, src, args.partition) for w in (1, 2)}
    load_after = os.getloadavg()
    print(f"{len(docs)} documents, {words} words, partitions of {args.partition}; "
          f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} on {os.cpu_count()} CPUs")
    for w, r in results.items():
        print(f"{w} worker(s): compute {r['compute']:6.2f} s ({len(docs) / r['compute']:5.1f} docs/s, "
              f"{words / r['compute']:6.0f} words/s); end to end {r['end_to_end']:6.2f} s "
              f"({len(docs) / r['end_to_end']:5.1f} docs/s); peak RSS per worker "
              + ", ".join(f"{m:.0f} MB" for m in r["memory"]))
    print(f"speed-up 1 -> 2 workers: compute {results[1]['compute'] / results[2]['compute']:.2f}x, "
          f"end to end {results[1]['end_to_end'] / results[2]['end_to_end']:.2f}x (target >= 1.8x)")


if __name__ == "__main__":
    main()
