"""parallax batch: the wall-clock limit per document (PARALLAX_TIMEOUT).

A document that takes longer than the limit is recorded as failed with its
reason and the run goes on, in the driver's main thread (``--engine local``,
SIGALRM) and in a Dask worker's task thread (a watchdog timer: SIGALRM only
works in the main thread). The slow document is real: a long statement
whose parse and stages take far longer than the limit."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import hostile
import pytest

from parallax.batch import BatchRun, WorkOptions, process_partition
from parallax.batch.work import Item, warm
from parallax.config import Limits

LIMIT = 2  # seconds (PARALLAX_TIMEOUT is a whole number)
LONG_STATEMENTS = 150  # about 65,000 characters: seconds of work, many times the limit


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("slow")
    (folder / "a_long.txt").write_text("\n\n".join(hostile.statement(n) for n in range(LONG_STATEMENTS)))
    for n in range(3):
        (folder / f"b_short_{n}.txt").write_text(hostile.statement(10 + n))
    return folder


def _check(summary, started: float) -> None:
    assert summary.total == 4 and summary.analysed == 3 and summary.failed == 1, summary
    (key, reason), = summary.failures
    assert key.endswith("a_long.txt")
    assert reason.startswith("[P201]") and f"longer than {LIMIT} s" in reason, reason
    assert time.monotonic() - started < 120  # the slow one was cut off, not waited for


def test_local_engine_times_out_one_document(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARALLAX_TIMEOUT", str(LIMIT))
    warm(WorkOptions())  # the model loads before the clock (as BatchRun.run does)
    run = BatchRun(str(folder), f"sqlite:///{tmp_path / 'l.db'}", partition_size=4, align=False)
    assert run.options.limits.timeout_seconds == LIMIT
    started = time.monotonic()
    _check(run.run(progress=False), started)
    assert run.store.stats()["documents"] == 3
    (failure,) = run.store.failures()
    assert failure["code"] == "P201" and failure["path"].endswith("a_long.txt")


def test_worker_thread_times_out_one_document(folder: Path) -> None:
    """Outside the main thread (where SIGALRM cannot be used) the limit holds."""
    options = WorkOptions(limits=Limits(timeout_seconds=LIMIT))
    warm(options)
    items = [Item(str(p), "path") for p in sorted(folder.iterdir())]
    got: dict[str, object] = {}

    def work() -> None:
        got["outcomes"] = process_partition(items, options)

    started = time.monotonic()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the slow document was not cut off"
    outcomes = got["outcomes"]
    assert [o.status for o in outcomes] == ["failed", "analysed", "analysed", "analysed"]
    assert outcomes[0].code == "P201" and f"longer than {LIMIT} s" in outcomes[0].reason
    assert time.monotonic() - started < 60


def test_without_a_limit_the_long_document_is_analysed(folder: Path) -> None:
    """The control: the same document passes when there is time (so the
    failure above is the limit, not the document)."""
    options = WorkOptions(limits=Limits(timeout_seconds=0))
    outcomes = process_partition([Item(str(folder / "a_long.txt"), "path")], options)
    assert outcomes[0].status == "analysed", outcomes[0]


def test_dask_worker_times_out_one_document(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dask.distributed import LocalCluster

    monkeypatch.setenv("PARALLAX_TIMEOUT", str(LIMIT))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster:
        run = BatchRun(str(folder), f"sqlite:///{tmp_path / 'd.db'}", engine="dask",
                       scheduler=cluster.scheduler_address, partition_size=2, align=False)
        started = time.monotonic()
        summary = run.run(progress=False)
    _check(summary, started)
    assert run.store.stats()["documents"] == 3
