"""``parallax batch``: read → analyse → extract over a corpus, in-process or
on a Dask cluster, into partitioned Parquet and the store, then align.

The driver (this module) lists the items, learns what is already done
(content hashes in the store, and in the Parquet output when there is one:
a document counts as done only when it is in both), cuts the items into
partitions and hands them to an engine. Workers return outcomes; the driver
writes each finished partition (store transaction first, then Parquet), so a
crash loses at most the partitions in flight and a re-run analyses only
what is missing. Nothing is written twice: the store ignores a text it
holds, the Parquet sink a hash it has.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from ..errors import ParallaxError
from ..store import Store, open_store
from .output import ParquetSink, save_partition, stored_hashes, stored_paths
from .sources import collect
from .work import Item, Outcome, WorkOptions, process_partition, warm

ENGINES = ("local", "dask")


@dataclass
class BatchSummary:
    total: int = 0
    analysed: int = 0
    skipped: int = 0
    failed: int = 0
    stored: int = 0  # new documents in the store
    parquet: int = 0  # new documents in the Parquet output
    words: int = 0
    seconds: float = 0.0
    links: int = 0
    contradictions: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (key, "[code] reason")
    dashboard: str | None = None

    @property
    def docs_per_second(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0


def partitions(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive partitions of ``size`` items, cut as the items stream in."""
    it = iter(items)
    while part := list(islice(it, max(1, size))):
        yield part


# --------------------------------------------------------------------------
# Engines: each yields the outcomes of one partition at a time, as they finish
# --------------------------------------------------------------------------


def run_local(parts: Iterable[list[Item]], options: WorkOptions, done: set[str]) -> Iterator[list[Outcome]]:
    """In this process, one partition after the other (small runs, tests)."""
    for part in parts:
        yield process_partition(part, options, done)


@contextmanager
def dask_client(scheduler: str | None, workers: int | None) -> Iterator[object]:
    """A client of the given scheduler, or of a new LocalCluster: worker
    processes with one thread each, so that each holds its own model."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise ParallaxError("the dask engine needs dask[distributed] (pip install 'dask[distributed]')") from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ParallaxError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=40)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _dashboard(client) -> str | None:
    """The dashboard's link when the scheduler serves one (it needs bokeh)."""
    services = client.scheduler_info().get("services", {})
    return client.dashboard_link if "dashboard" in services else None


def _has_bokeh() -> bool:
    return importlib.util.find_spec("bokeh") is not None


def run_dask(client, parts: Iterable[list[Item]], options: WorkOptions, done: set[str],
             in_flight: int | None = None) -> Iterator[list[Outcome]]:
    """On the cluster (the model already loaded on every worker, see
    :meth:`BatchRun.run`): the done set is broadcast once, then one task per
    partition, at most ``in_flight`` at a time (default: two per worker and
    two more), so a corpus of a million articles is never all in memory on
    the driver or the scheduler. A new partition is submitted before the
    finished one is handed back, so the workers never wait for the driver's
    writes."""
    from dask.distributed import as_completed

    # A list of one: scatter would otherwise send each element of the set on its own.
    (done_future,) = client.scatter([frozenset(done)], broadcast=True, hash=False)
    if in_flight is None:
        in_flight = 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 2
    parts = iter(parts)

    def submit(part: list[Item]):
        return client.submit(process_partition, part, options, done_future, pure=False)

    pending = as_completed([submit(p) for p in islice(parts, max(1, in_flight))])
    for future in pending:
        try:
            result = future.result()
        finally:
            future.release()
        if (part := next(parts, None)) is not None:
            pending.add(submit(part))
        yield result


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------


class BatchRun:
    """One ``parallax batch`` invocation."""

    def __init__(self, corpus: str, db_url: str, out: str | Path | None = None, engine: str = "local",
                 scheduler: str | None = None, workers: int | None = None, partition_size: int = 16,
                 options: WorkOptions | None = None, corpus_name: str | None = None, align: bool = True,
                 console: Console | None = None) -> None:
        if engine not in ENGINES:
            raise ParallaxError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
        self.corpus = corpus
        self.store: Store = open_store(db_url)
        self.sink = ParquetSink(out) if out else None
        self.engine = engine
        self.scheduler = scheduler
        self.workers = workers
        self.partition_size = partition_size
        self.options = options or WorkOptions()
        self.corpus_name = corpus_name
        self.align = align
        self.console = console or Console(stderr=True)

    def done(self) -> set[str]:
        """Hashes (and fetched URLs) that need no work: in the store, and in
        the Parquet output too when there is one."""
        done = stored_hashes(self.store) | stored_paths(self.store)
        if self.sink is not None:
            done &= self.sink.hashes | {k for k in done if "://" in k}
        return done

    def run(self, progress: bool = True) -> BatchSummary:
        source = collect(self.corpus)
        options = self.options
        if source.actor_files or source.gazetteer_files:
            options = WorkOptions(tuple(dict.fromkeys([*options.actor_files, *map(str, source.actor_files)])),
                                  tuple(dict.fromkeys([*options.gazetteer_files, *map(str, source.gazetteer_files)])),
                                  options.limits, options.fetch_policy, options.batch_nlp)
        corpus_name = self.corpus_name or source.corpus_name
        summary = BatchSummary(total=len(source.items))  # type: ignore[arg-type]
        parts = partitions(source.items, self.partition_size)
        done = self.done()
        with self._engine() as client, self._progress(progress, summary.total) as (bar, task):
            # Models load once per process, before the clock starts.
            if client is None:
                warm(options)
            else:
                client.run(warm, options)
            started = time.perf_counter()
            if client is not None:
                summary.dashboard = _dashboard(client)
                self.console.print(f"Dask: {len(client.scheduler_info().get('workers', {}))} workers"
                                   + (f", dashboard {summary.dashboard}" if summary.dashboard else "")
                                   + ("" if _has_bokeh() else " (the dashboard's pages need bokeh)"),
                                   highlight=False)
                results = run_dask(client, parts, options, done)
            else:
                results = run_local(parts, options, done)
            for outcomes in results:
                self._write(outcomes, corpus_name, summary)
                summary.seconds = time.perf_counter() - started
                if bar is not None:
                    bar.update(task, advance=len(outcomes), rate=summary.docs_per_second, failed=summary.failed)
            summary.seconds = time.perf_counter() - started
        if self.align and summary.stored:
            self._align(summary, corpus_name)
        return summary

    @contextmanager
    def _engine(self) -> Iterator[object | None]:
        if self.engine == "local":
            yield None
            return
        with dask_client(self.scheduler, self.workers) as client:
            yield client

    @contextmanager
    def _progress(self, enabled: bool, total: int) -> Iterator[tuple[Progress | None, int]]:
        if not enabled:
            yield None, 0
            return
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("[red]{task.fields[failed]} failed"),
                   TimeRemainingColumn())
        with Progress(*columns, console=self.console, transient=False) as bar:
            yield bar, bar.add_task("analysing", total=total, rate=0.0, failed=0)

    def _write(self, outcomes: list[Outcome], corpus_name: str | None, summary: BatchSummary) -> None:
        analysed = [o for o in outcomes if o.status == "analysed"]
        new, errors = save_partition(self.store, [o.analysis for o in analysed], corpus_name)  # type: ignore[misc]
        for o in analysed:
            if o.content_hash in errors:
                o.status, o.code, o.reason, o.analysis = "failed", "P300", errors[o.content_hash], None
        summary.stored += new
        for o in outcomes:
            if o.status == "failed":
                self._record_failure(o)
                summary.failed += 1
                summary.failures.append((o.key, f"[{o.code}] {o.reason}"))
            elif o.status == "skipped":
                summary.skipped += 1
            else:
                summary.analysed += 1
                summary.words += o.words
        if self.sink is not None:
            summary.parquet += self.sink.write(outcomes, corpus_name)
        for o in outcomes:
            o.analysis = None  # let the memory go

    def _record_failure(self, outcome: Outcome) -> None:
        try:
            self.store.record_failure(outcome.key, f"[{outcome.code}] {outcome.reason}", outcome.code or "P900",
                                      outcome.content_hash)
        except ParallaxError:
            pass  # the failure is still in the summary and the Parquet output

    def _align(self, summary: BatchSummary, corpus_name: str | None) -> None:
        """Cross-document links over the loaded store (all its documents, or
        this corpus's), replacing the earlier alignment."""
        from ..align import align

        rows = self.store.documents()
        if corpus_name:
            rows = [r for r in rows if r.get("corpus") == corpus_name]
        if len(rows) < 2:
            return
        analyses = [self.store.load_analysis(str(r["id"])) for r in rows]
        # Load order depends on which worker finished first; align's greedy
        # pairing depends on order, so fix it by content hash.
        analyses.sort(key=lambda a: a.document.content_hash)
        links = align(analyses)
        summary.links = self.store.save_cross_links(links, replace_stage="align")
        summary.contradictions = sum(link.relation == "CONTRADICT" for link in links)
