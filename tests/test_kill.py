"""Crash safety: `parallax analyze` killed with SIGKILL at random moments,
then run again to completion, leaves every document stored exactly once,
none partial, and the store intact, on SQLite (WAL) and PostgreSQL.

The same for `parallax batch` (its whole process group killed), which must
also leave its Parquet output whole: every document once, no records
without their document, and after completion the store's documents.

A short run here (3 kills); bench/kill_rounds.py runs 50 rounds over a few
hundred documents (``--batch`` for `parallax batch`)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import hostile
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import batch_kill

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


def test_sigkill_batch_sqlite(tmp_path: Path) -> None:
    count = 40
    folder, out, url = _folder(tmp_path, count), tmp_path / "out", f"sqlite:///{tmp_path / 'batch.db'}"
    rng = random.Random(13)
    killed = batch_kill.kill_round(folder, url, out, rng.uniform(1.0, 5.0))
    killed += sum(batch_kill.kill_round(folder, url, out, rng.uniform(0.0, 2.0), after_first_write=True)
                  for _ in range(ROUNDS - 1))
    assert killed >= 1, "every run finished before its kill: the test killed nothing"
    assert hostile.store_problems(url, None) == []
    assert batch_kill.parquet_problems(out) == []
    assert hostile.open_store_stats(url)["documents"] > 0
    final = batch_kill.run_to_completion(folder, url, out)
    assert final.returncode == 0, final.stdout + final.stderr
    assert "Traceback" not in final.stdout + final.stderr
    assert hostile.store_problems(url, count) == []
    assert batch_kill.parquet_problems(out, url) == []


def test_parquet_check_and_leftovers_of_a_killed_partition(tmp_path: Path) -> None:
    """The Parquet check can fail (a record file whose documents file is
    missing is partial), and reopening the output removes such leftovers,
    so a re-run writes those documents' records exactly once."""
    import shutil

    from parallax.batch import BatchRun
    from parallax.batch.output import ParquetSink

    count = 4
    folder, out, url = _folder(tmp_path, count), tmp_path / "out", f"sqlite:///{tmp_path / 'b.db'}"

    def run() -> None:
        assert BatchRun(str(folder), url, out=out, partition_size=count, align=False).run(progress=False).failed == 0

    run()
    assert batch_kill.parquet_problems(out, url) == []
    (doc_file,) = (out / "documents").glob("part-*.parquet")
    shutil.move(doc_file, tmp_path / doc_file.name)  # as if killed before the commit file
    assert any("no document row" in p for p in batch_kill.parquet_problems(out))
    ParquetSink(out)
    assert [p for kind in batch_kill.KINDS for p in (out / kind).glob("part-*.parquet")] == []
    run()
    assert batch_kill.parquet_problems(out, url) == []
    # Killed after the COMMIT mark, before the renames: the next open finishes them.
    stage = out / ".staging" / "part-killed-00001"
    stage.mkdir(parents=True)
    for kind in batch_kill.KINDS:
        for part in (out / kind).glob("part-*.parquet"):
            shutil.move(part, stage / f"{kind}.parquet")
    (stage / "COMMIT").touch()
    assert batch_kill.parquet_problems(out, url) != []
    ParquetSink(out)
    assert not stage.exists() and batch_kill.parquet_problems(out, url) == []
    # Killed before the mark: the staging folder is dropped, nothing published.
    (out / ".staging" / "part-half-00002").mkdir()
    (out / ".staging" / "part-half-00002" / "events.parquet").write_bytes(b"PAR1 half")
    ParquetSink(out)
    assert list((out / ".staging").iterdir()) == [] and batch_kill.parquet_problems(out, url) == []


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
