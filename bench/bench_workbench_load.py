"""Workbench under load: concurrent clients over loopback against
``parallax serve``'s app on a PostgreSQL store of 10,000 documents.

    .venv/bin/python bench/bench_workbench_load.py [--clients 50] [--seconds 20] [--reuse]

The store is the ``parallax_bench`` database that bench/bench_store_queries.py
builds (``--reuse`` keeps it; without it that script is run first with
``--n 10000``). The app runs under uvicorn in a child process on 127.0.0.1;
an asyncio driver on httpx keeps ``--clients`` requests in flight for
``--seconds`` over the main pages, bounded in count and time, and prints
p50/p95/p99 and errors per page, with the ratio of each page's p95 to the
p95 of a static file measured in the same run (the baseline: the server's
own floor under the same load).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "static (baseline)": "/static/web.css",
    "documents": "/documents",
    "documents page 50": "/documents?page=50",
    "document": "/documents/{doc}",
    "events": "/events",
    "events side+type": "/events?side={side}&type=ASSAULT",
    "claims": "/claims",
    "search": "/search?q=shelling",
}
MAX_REQUESTS = 200_000  # a hard bound besides the time limit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_url(reuse: bool) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_store_queries as bsq  # noqa: PLC0415 - the same store the query bench builds

    if not reuse:
        subprocess.run([sys.executable, str(ROOT / "bench" / "bench_store_queries.py"), "--n", "10000"],
                       check=True)
    from sqlalchemy.engine import make_url

    return make_url(bsq.server_url(None)).set(database=bsq.DB_NAME).render_as_string(hide_password=False)


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    code = ("import sys, uvicorn; from pathlib import Path; from parallax.web import create_app; "
            f"app = create_app({url!r}, 'bench-token', Path('/tmp/parallax-bench-web')); "
            f"uvicorn.run(app, host='127.0.0.1', port={port}, log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/static/web.css", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the workbench did not start within 60 s")


async def drive(base: str, paths: dict[str, str], clients: int, seconds: float) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {name: [] for name in paths}
    errors: dict[str, int] = {name: 0 for name in paths}
    names = list(paths)
    deadline = time.monotonic() + seconds
    sent = 0

    async def client(session: httpx.AsyncClient) -> None:
        nonlocal sent
        while time.monotonic() < deadline and sent < MAX_REQUESTS:
            sent += 1
            name = random.choice(names)
            t = time.perf_counter()
            try:
                response = await session.get(paths[name])
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies[name].append((time.perf_counter() - t) * 1000)
            if not ok:
                errors[name] += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as session:
        await asyncio.gather(*(client(session) for _ in range(clients)))
    latencies["__errors__"] = [float(errors[n]) for n in names]
    return latencies


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 2 else (values[0] if values else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--reuse", action="store_true", help="use the existing parallax_bench database")
    args = ap.parse_args()
    url = bench_url(args.reuse)
    port = free_port()
    proc = start_server(url, port, 1)
    try:
        base = f"http://127.0.0.1:{port}"
        docs = httpx.get(f"{base}/api/documents", params={"limit": 1}, timeout=30).json()
        items = docs.get("items", docs) if isinstance(docs, dict) else docs
        doc_id = items[0]["id"] if items else 1
        side = items[0].get("side") if items and isinstance(items[0], dict) else "north"
        paths = {name: p.format(doc=doc_id, side=side or "") for name, p in PAGES.items()}
        asyncio.run(drive(base, {"warm-up": paths["documents"]}, 4, 3))
        result = asyncio.run(drive(base, paths, args.clients, args.seconds))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    errors = dict(zip(PAGES, result.pop("__errors__")))
    base_p95 = pct(result["static (baseline)"], 95) or 1e-9
    total = sum(len(v) for v in result.values())
    print(f"{args.clients} concurrent clients, {args.seconds:g} s, {total} requests "
          f"({total / args.seconds:.0f}/s), store: 10,000-document PostgreSQL")
    print(f"{'page':<20} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'p95/baseline':>13}")
    for name, values in result.items():
        print(f"{name:<20} {len(values):>6} {pct(values, 50):>8.1f} {pct(values, 95):>8.1f} "
              f"{pct(values, 99):>8.1f} {int(errors[name]):>7} {pct(values, 95) / base_p95:>13.1f}")


if __name__ == "__main__":
    os.environ.setdefault("PARALLAX_EMBED", "lexical")
    main()
