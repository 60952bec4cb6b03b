"""Crash safety under load: SIGKILL `parallax analyze` at random moments,
many times, over a few hundred generated statements.

Each cycle starts a fresh store (after --cycle kills, or once every file is
stored, so that later kills still land while documents are written); every kill is followed by a check that
what is stored is whole (no duplicate, no partial document, SQLite's
integrity_check ok); each cycle ends with a run to completion and the full
check (every file stored exactly once). Prints one line per round and the
number of rounds survived.

    .venv/bin/python bench/kill_rounds.py --rounds 50 --docs 300
    .venv/bin/python bench/kill_rounds.py --rounds 10 --docs 100 --pg   # PostgreSQL (fresh database)
    .venv/bin/python bench/kill_rounds.py --batch --rounds 50 --docs 300   # parallax batch (+ its Parquet)
    .venv/bin/python bench/kill_rounds.py --batch --engine dask ...         # with a LocalCluster

With ``--batch`` the whole process group of `parallax batch` is killed and
its Parquet output is checked too (bench/batch_kill.py).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import uuid
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile

sys.path.insert(0, str(ROOT / "bench"))
import batch_kill


def _pg_database() -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    server = subprocess.run(["bash", str(ROOT / "scripts" / "pg-test-server.sh")], capture_output=True, text=True,
                            check=True).stdout.strip().splitlines()[-1]
    name = f"parallax_kill_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _batch_kill(folder: Path, url: str, delay: float, after_first_write: bool, out: Path, engine: str) -> bool:
    return batch_kill.kill_round(folder, url, out, delay, after_first_write, engine)


def _batch_check(url: str, expected: int | None, out: Path) -> list[str]:
    """The store's problems and the Parquet output's (after a completion:
    also that it holds exactly the store's documents)."""
    return hostile.store_problems(url, expected) + batch_kill.parquet_problems(out, url if expected else None)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--cycle", type=int, default=25, help="kills per store before a run to completion")
    ap.add_argument("--max-delay", type=float, default=10.0, help="latest kill, seconds after the start")
    ap.add_argument("--seed", type=int, default=2031)
    ap.add_argument("--pg", action="store_true", help="PostgreSQL instead of SQLite")
    ap.add_argument("--batch", action="store_true", help="kill `parallax batch` instead of `parallax analyze`")
    ap.add_argument("--engine", default="local", help="with --batch: local | dask")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="parallax_kill_"))
    folder = work / "docs"
    folder.mkdir()
    for name, data in hostile.good_files(args.docs).items():
        (folder / name).write_bytes(data)
    survived, killed, started = 0, 0, time.monotonic()
    url = None
    out = None
    for n in range(1, args.rounds + 1):
        if url is None:
            url = _pg_database() if args.pg else f"sqlite:///{work / f'store_{n}.db'}"
            out = work / f"out_{n}"
        if args.batch:
            kill = partial(_batch_kill, out=out, engine=args.engine)
            complete = partial(batch_kill.run_to_completion, out=out, engine=args.engine)
            check = partial(_batch_check, out=out)
        else:
            kill, complete, check = hostile.kill_round, hostile.run_to_completion, hostile.store_problems
        # most kills land while documents are being written; some at any moment
        writing = rng.random() < 0.8
        delay = rng.uniform(0.0, args.max_delay / 3) if writing else rng.uniform(1.0, args.max_delay)
        was_killed = kill(folder, url, delay, after_first_write=writing)
        killed += was_killed
        problems = check(url, None)
        docs = hostile.open_store_stats(url)["documents"]
        print(f"round {n:3d}: {'killed' if was_killed else 'finished'} {delay:4.1f} s after "
              f"{'the first write' if writing else 'the start'}, "
              f"{docs} documents stored, {'OK' if not problems else problems}", flush=True)
        if problems:
            break
        if n % args.cycle == 0 or n == args.rounds or docs >= args.docs:  # all stored: a new store
            final = complete(folder, url)
            problems = check(url, args.docs)
            if final.returncode != 0:
                problems.append(f"final run exit {final.returncode}: {final.stderr[-500:]}")
            print(f"  completion: exit {final.returncode}, {'OK' if not problems else problems}", flush=True)
            if problems:
                break
            url = None
        survived = n
    print(f"survived {survived}/{args.rounds} rounds ({killed} killed mid-run), {args.docs} documents, "
          f"{'PostgreSQL' if args.pg else 'SQLite'}, "
          f"{f'parallax batch --engine {args.engine}' if args.batch else 'parallax analyze'}, "
          f"{time.monotonic() - started:.0f} s")
    return 0 if survived == args.rounds else 1


if __name__ == "__main__":
    sys.exit(main())
