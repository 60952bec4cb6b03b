"""Crash safety: `parallax analyze` killed with SIGKILL at random moments,
then run again to completion, leaves every document stored exactly once,
none partial, and the store intact, on SQLite (WAL) and PostgreSQL.

A short run here (3 kills); bench/kill_rounds.py runs 50 rounds over a few
hundred documents."""

from __future__ import annotations

import random
from pathlib import Path

import hostile
import pytest

ROUNDS = 3


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, data in hostile.good_files(count).items():
        (folder / name).write_bytes(data)
    return folder


def _kill_and_finish(folder: Path, url: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    # the first kill at any moment (often while the model loads), the others
    # at a random moment after the first document of that run was written
    killed = hostile.kill_round(folder, url, rng.uniform(1.0, 5.0))
    killed += sum(hostile.kill_round(folder, url, rng.uniform(0.0, 2.5), after_first_write=True)
                  for _ in range(ROUNDS - 1))
    assert killed >= 1, "every run finished before its kill: the test killed nothing"
    assert hostile.store_problems(url, None) == []  # whole documents only, even before the final run
    assert hostile.open_store_stats(url)["documents"] > 0  # the kills came after writes began
    final = hostile.run_to_completion(folder, url)
    assert final.returncode == 0, final.stdout + final.stderr
    assert "Traceback" not in final.stdout + final.stderr
    assert hostile.store_problems(url, count) == []


def test_sigkill_sqlite(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 40)
    _kill_and_finish(folder, f"sqlite:///{tmp_path / 'store.db'}", 40, seed=11)


@pytest.mark.postgres
def test_sigkill_postgres(tmp_path: Path, fresh_pg_url: str) -> None:
    folder = _folder(tmp_path, 25)
    _kill_and_finish(folder, fresh_pg_url, 25, seed=12)


def test_store_problems_detects_a_partial_document(tmp_path: Path) -> None:
    """The check itself can fail: a document row without its sentences and
    blocks is reported."""
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 'store.db'}"
    folder = _folder(tmp_path, 2)
    assert hostile.run_to_completion(folder, url).returncode == 0
    assert hostile.store_problems(url, 2) == []
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("PRAGMA foreign_keys = OFF"))
        conn.execute(text("DELETE FROM sentences WHERE document_id = (SELECT MIN(id) FROM documents)"))
    engine.dispose()
    assert any("without sentences" in p for p in hostile.store_problems(url, 2))
    assert any("3 files" in p for p in hostile.store_problems(url, 3))
