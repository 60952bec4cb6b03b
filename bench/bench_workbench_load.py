"""Workbench under load: concurrent clients over loopback against
``parallax serve``'s app on a PostgreSQL store of 10,000 documents.

    .venv/bin/python bench/bench_workbench_load.py [--clients 50] [--seconds 20] [--reuse]
        [--workers N] [--vary] [--signed-in] [--url DATABASE_URL]

The store is the ``parallax_bench`` database that bench/bench_store_queries.py
builds (``--reuse`` keeps it; without it that script is run first with
``--n 10000``). The app runs under uvicorn in a child process on 127.0.0.1;
an asyncio driver (keep-alive HTTP/1.1 over asyncio streams, on uvloop
when installed) keeps ``--clients`` requests in flight for
``--seconds`` over the main pages, bounded in count and time, and prints
p50/p95/p99 and errors per page, with the ratio of each page's p95 to the
p95 of a static file measured in the same run (the baseline: the server's
own floor under the same load).

The workbench caches pages until the store changes (parallax.web.cache), so
a fixed set of URLs measures mostly cached answers. ``--vary`` draws the
page number of the lists and the search word at random per request, so
that many requests miss the cache; ``--signed-in`` sends a session cookie,
which bypasses the whole-page cache (an analyst's view, with review forms).
``--workers`` runs uvicorn with that many worker processes.
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
TOKEN = "bench-token"
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
VARIED = {  # with --vary: {n} is drawn per request
    "documents page n": ("/documents?page={n}", 200),
    "events page n": ("/events?page={n}", 370),
    "claims page n": ("/claims?page={n}", 320),
    "document n": ("/documents/{n}", 0),  # 0: a random stored document id
    "search word": ("/search?q={word}", 0),
}
WORDS = ("shelling", "ceasefire", "border", "drone", "village", "attack", "ministry", "talks", "civilians", "bridge")
MAX_REQUESTS = 200_000  # a hard bound besides the time limit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_url(reuse: bool) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_store_queries as bsq

    if not reuse:
        subprocess.run([sys.executable, str(ROOT / "bench" / "bench_store_queries.py"), "--n", "10000"],
                       check=True)
    from sqlalchemy.engine import make_url

    return make_url(bsq.server_url(None)).set(database=bsq.DB_NAME).render_as_string(hide_password=False)


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    if workers > 1:  # worker processes import the app from a factory that reads the environment
        env = {**os.environ, "PARALLAX_DB": url, "PARALLAX_TOKEN": TOKEN,
               "PARALLAX_WEB_DATA": "/tmp/parallax-bench-web"}
        cmd = [sys.executable, "-m", "uvicorn", "--factory", "parallax.web.app:app_from_env", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers), "--log-level", "warning"]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    else:
        code = ("import sys, uvicorn; from pathlib import Path; from parallax.web import create_app; "
                f"app = create_app({url!r}, {TOKEN!r}, Path('/tmp/parallax-bench-web')); "
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


def expand(path: str, doc_ids: list[int], top: int) -> str:
    """A URL of ``path`` with its placeholders drawn at random."""
    if "{word}" in path:
        return path.format(word=random.choice(WORDS))
    if "{n}" in path:
        return path.format(n=random.choice(doc_ids) if top == 0 else random.randint(1, top))
    return path


class Connection:
    """One keep-alive HTTP/1.1 connection over asyncio streams. The load
    driver shares the machine's cores with the server, so it must cost far
    less per request than the server does (httpx costs ~3 ms of CPU per
    request here, several times a cached page's cost on the server)."""

    def __init__(self, host: str, port: int, cookie: str) -> None:
        self.host, self.port, self.cookie = host, port, cookie
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, timeout: float = 30) -> int:
        """GET ``path``; the status code (the body is read and dropped)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self.cookie}\r\n"
        self.writer.write(head.encode())
        try:
            return await asyncio.wait_for(self._response(), timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            self.close()
            raise

    async def _response(self) -> int:
        assert self.reader is not None
        header = await self.reader.readuntil(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
        if fields.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        else:
            await self.reader.readexactly(int(fields.get("content-length", "0")))
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def drive(base: str, paths: dict[str, str], clients: int, seconds: float,
                doc_ids: list[int] | None = None, cookies: dict[str, str] | None = None) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {name: [] for name in paths}
    errors: dict[str, int] = {name: 0 for name in paths}
    names = list(paths)
    deadline = time.monotonic() + seconds
    sent = 0
    host, port = base.split("//", 1)[1].rsplit(":", 1)
    cookie = ("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()) + "\r\n") if cookies else ""

    async def client() -> None:
        nonlocal sent
        conn = Connection(host, int(port), cookie)
        while time.monotonic() < deadline and sent < MAX_REQUESTS:
            sent += 1
            name = random.choice(names)
            path = paths[name]
            if name in VARIED:
                path = expand(VARIED[name][0], doc_ids or [1], VARIED[name][1])
            t = time.perf_counter()
            try:
                ok = await conn.get(path) == 200
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                ok = False
            latencies[name].append((time.perf_counter() - t) * 1000)
            if not ok:
                errors[name] += 1
        conn.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    latencies["__errors__"] = [float(errors[n]) for n in names]
    return latencies


def sample_ids(url: str, n: int = 2000) -> list[int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM documents ORDER BY random() LIMIT :n"), {"n": n})]
    engine.dispose()
    return ids


def sign_in(base: str) -> dict[str, str]:
    """A session cookie, as an analyst gets it from the sign-in form."""
    response = httpx.post(f"{base}/login", data={"token": TOKEN, "name": "bench"}, follow_redirects=False)
    cookies = dict(response.cookies)
    if not cookies:
        raise SystemExit(f"sign-in failed: {response.status_code}")
    return cookies


def server_cpu(proc: subprocess.Popen) -> float:
    """CPU seconds used so far by the server process and its worker processes."""
    import psutil

    try:
        root = psutil.Process(proc.pid)
        total = 0.0
        for p in [root, *root.children(recursive=True)]:
            times = p.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return 0.0


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 2 else (values[0] if values else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--reuse", action="store_true", help="use the existing parallax_bench database")
    ap.add_argument("--url", help="serve this database instead of parallax_bench (implies --reuse)")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--vary", action="store_true", help="also random list pages, documents and search words")
    ap.add_argument("--signed-in", action="store_true", help="clients send a session cookie (no page cache)")
    args = ap.parse_args()
    url = args.url or bench_url(args.reuse)
    load_before = " ".join(f"{v:.1f}" for v in os.getloadavg())
    port = free_port()
    proc = start_server(url, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        docs = httpx.get(f"{base}/api/documents", params={"limit": 1}, timeout=30).json()
        items = docs.get("items", docs) if isinstance(docs, dict) else docs
        doc_id = items[0]["id"] if items else 1
        side = items[0].get("side") if items and isinstance(items[0], dict) else "north"
        paths = {name: p.format(doc=doc_id, side=side or "") for name, p in PAGES.items()}
        doc_ids: list[int] = []
        if args.vary:
            paths.update({name: v[0] for name, v in VARIED.items()})
            doc_ids = sample_ids(url)
        cookies = sign_in(base) if args.signed_in else None
        try:  # the driver's own cost per request is lower on uvloop
            import uvloop

            uvloop.install()
        except ImportError:
            pass
        asyncio.run(drive(base, {"warm-up": paths["documents"]}, 4, 3, cookies=cookies))
        cpu0, own0 = server_cpu(proc), time.process_time()
        result = asyncio.run(drive(base, paths, args.clients, args.seconds, doc_ids, cookies))
        cpu1, own1 = server_cpu(proc), time.process_time()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    errors = dict(zip(paths, result.pop("__errors__")))
    base_p95 = pct(result["static (baseline)"], 95) or 1e-9
    total = sum(len(v) for v in result.values())
    print(f"{args.clients} concurrent clients, {args.seconds:g} s, {total} requests "
          f"({total / args.seconds:.0f}/s), store: 10,000-document PostgreSQL, {args.workers} worker(s)"
          f"{', varied pages' if args.vary else ''}{', signed in' if args.signed_in else ''}; "
          f"load average before the run {load_before}")
    print(f"{'page':<20} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'p95/baseline':>13}")
    print(f"CPU per request: server {1000 * (cpu1 - cpu0) / max(total, 1):.2f} ms, "
          f"load driver {1000 * (own1 - own0) / max(total, 1):.2f} ms "
          f"(the floor of p95 at {args.clients} clients is about clients x server CPU / cores given to it)")
    for name, values in result.items():
        print(f"{name:<20} {len(values):>6} {pct(values, 50):>8.1f} {pct(values, 95):>8.1f} "
              f"{pct(values, 99):>8.1f} {int(errors[name]):>7} {pct(values, 95) / base_p95:>13.1f}")


if __name__ == "__main__":
    os.environ.setdefault("PARALLAX_EMBED", "lexical")
    main()
