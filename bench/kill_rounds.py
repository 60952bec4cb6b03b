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
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--cycle", type=int, default=25, help="kills per store before a run to completion")
    ap.add_argument("--max-delay", type=float, default=10.0, help="latest kill, seconds after the start")
    ap.add_argument("--seed", type=int, default=2031)
    ap.add_argument("--pg", action="store_true", help="PostgreSQL instead of SQLite")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="parallax_kill_"))
    folder = work / "docs"
    folder.mkdir()
    for name, data in hostile.good_files(args.docs).items():
        (folder / name).write_bytes(data)
    survived, killed, started = 0, 0, time.monotonic()
    url = None
    for n in range(1, args.rounds + 1):
        if url is None:
            url = _pg_database() if args.pg else f"sqlite:///{work / f'store_{n}.db'}"
        # most kills land while documents are being written; some at any moment
        writing = rng.random() < 0.8
        delay = rng.uniform(0.0, args.max_delay / 3) if writing else rng.uniform(1.0, args.max_delay)
        was_killed = hostile.kill_round(folder, url, delay, after_first_write=writing)
        killed += was_killed
        problems = hostile.store_problems(url, None)
        docs = hostile.open_store_stats(url)["documents"]
        print(f"round {n:3d}: {'killed' if was_killed else 'finished'} {delay:4.1f} s after "
              f"{'the first write' if writing else 'the start'}, "
              f"{docs} documents stored, {'OK' if not problems else problems}", flush=True)
        if problems:
            break
        if n % args.cycle == 0 or n == args.rounds or docs >= args.docs:  # all stored: a new store
            final = hostile.run_to_completion(folder, url)
            problems = hostile.store_problems(url, args.docs)
            if final.returncode != 0:
                problems.append(f"final run exit {final.returncode}: {final.stderr[-500:]}")
            print(f"  completion: exit {final.returncode}, {'OK' if not problems else problems}", flush=True)
            if problems:
                break
            url = None
        survived = n
    print(f"survived {survived}/{args.rounds} rounds ({killed} killed mid-run), {args.docs} documents, "
          f"{'PostgreSQL' if args.pg else 'SQLite'}, {time.monotonic() - started:.0f} s")
    return 0 if survived == args.rounds else 1


if __name__ == "__main__":
    sys.exit(main())
