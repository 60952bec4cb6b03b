"""SIGKILL `parallax batch` at random moments, and check what it leaves.

Shared by tests/test_kill.py (a quick run) and bench/kill_rounds.py
(``--batch``, many rounds). The whole process group is killed (with
``--engine dask`` that includes the LocalCluster's workers: a machine
crash, not a polite stop). What must hold after every kill, and after a run
to completion:

- the store: every document at most (after completion: exactly) once,
  none partial, SQLite's integrity check ok (``hostile.store_problems``);
- the Parquet output: every document's hash once in ``documents``, no
  record whose document is missing (partial), and after completion the
  same documents as the store.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile

PARALLAX = ROOT / ".venv" / "bin" / "parallax"
KINDS = ("documents", "events", "claims", "quantities", "citations", "places")


def batch_cmd(folder: Path, url: str, out: Path, engine: str = "local", partition_size: int = 4) -> list[str]:
    exe = Path(sys.executable).parent / "parallax"
    return [str(exe if exe.exists() else PARALLAX), "batch", str(folder), "--db", url, "--out", str(out),
            "--engine", engine, "--workers", "2", "--partition-size", str(partition_size), "--no-align", "--quiet"]


def kill_round(folder: Path, url: str, out: Path, delay: float, after_first_write: bool = False,
               engine: str = "local") -> bool:
    """Start ``parallax batch`` in a process group of its own and SIGKILL the
    group ``delay`` seconds later (with ``after_first_write``: ``delay``
    seconds after the store's document count first grows). Returns False
    when the run finished before the kill."""
    start_count = hostile.open_store_stats(url)["documents"] if after_first_write else 0
    proc = subprocess.Popen(batch_cmd(folder, url, out, engine), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "PARALLAX_DB": ""},
                            start_new_session=True)
    deadline = None if after_first_write else time.monotonic() + delay
    while deadline is None or time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if deadline is None:
            if hostile._document_count(url) > start_count:
                deadline = time.monotonic() + delay
            time.sleep(0.1)
        else:
            time.sleep(0.02)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the group we started: the driver and its workers
    except ProcessLookupError:
        pass
    proc.wait()
    _reap_group(proc.pid)
    return True


def _reap_group(pgid: int, seconds: float = 10.0) -> None:
    """Wait until no process of the killed group is left (Dask workers)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


def run_to_completion(folder: Path, url: str, out: Path, engine: str = "local") -> subprocess.CompletedProcess:
    return subprocess.run(batch_cmd(folder, url, out, engine), capture_output=True, text=True, timeout=1800,
                          check=False, env={**os.environ, "PARALLAX_DB": ""})


def parquet_problems(out: Path, url: str | None = None) -> list[str]:
    """What is wrong with the Parquet output (empty: nothing). With ``url``,
    its documents must also be exactly the store's."""
    import pyarrow.dataset as ds
    from sqlalchemy import create_engine, text

    from parallax.batch.output import SCHEMAS
    from parallax.store.engine import normalise_url

    def column(kind: str, name: str) -> list[str]:
        folder = out / kind
        if not folder.is_dir() or not any(folder.glob("*.parquet")):
            return []
        table = ds.dataset(folder, format="parquet", schema=SCHEMAS[kind]).to_table(columns=[name])
        return table.column(name).to_pylist()

    problems = []
    docs = column("documents", "content_hash")
    if len(docs) != len(set(docs)):
        problems.append(f"Parquet: {len(docs)} document rows but {len(set(docs))} distinct hashes")
    for kind in KINDS[1:]:
        orphans = set(column(kind, "content_hash")) - set(docs)
        if orphans:
            problems.append(f"Parquet: {len(orphans)} documents with {kind} but no document row (partial)")
    if url is not None:
        engine = create_engine(normalise_url(url))
        try:
            with engine.connect() as conn:
                stored = set(conn.scalars(text("SELECT content_hash FROM documents")))
        finally:
            engine.dispose()
        if stored != set(docs):
            problems.append(f"Parquet holds {len(set(docs))} documents, the store {len(stored)}, "
                            f"{len(stored ^ set(docs))} differ")
        problems += _record_counts(out, url)
    return problems


def _record_counts(out: Path, url: str) -> list[str]:
    """Each record kind: as many rows in Parquet as in the store."""
    import pyarrow.dataset as ds

    from parallax.batch.output import SCHEMAS

    stats = hostile.open_store_stats(url)
    problems = []
    for kind in KINDS[1:]:
        folder = out / kind
        rows = (ds.dataset(folder, format="parquet", schema=SCHEMAS[kind]).count_rows()
                if folder.is_dir() and any(folder.glob("*.parquet")) else 0)
        if rows != stats[kind]:
            problems.append(f"Parquet has {rows} {kind}, the store {stats[kind]}")
    return problems
