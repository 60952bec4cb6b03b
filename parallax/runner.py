"""Running the pipeline over files into the store (``parallax analyze``).

One file at a time: read, analyse (under a wall-clock limit), store in one
transaction. A file that fails is recorded with its reason and the run goes
on; the caller decides the exit code.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from .config import Limits
from .errors import AnalysisTimeout, ParallaxError
from .model import Document, Metadata
from .resources import Resources

INTERNAL_ERROR = "P900"
GROUP = 16  # files read, then analysed in one nlp.pipe pass, then stored one by one


def _reraise(exc: BaseException) -> None:
    raise exc


@dataclass
class FileResult:
    path: str
    status: str  # stored | unchanged | failed
    reason: str | None = None
    doc_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    side: str | None = None
    published: str | None = None


class _Deadline(BaseException):
    """Raised by the alarm. A BaseException, so that the ``except Exception``
    of a reader or a pipeline stage (which wraps library errors) cannot turn
    the timeout into another error or swallow it; :func:`time_limit` turns it
    into AnalysisTimeout."""


#: how often an expired deadline is raised again until the guarded block ends
REFIRE_SECONDS = 0.5


@contextmanager
def time_limit(seconds: float, limit: float | None = None) -> Iterator[None]:
    """Raise AnalysisTimeout after ``seconds`` of wall-clock time, in any
    thread: SIGALRM in the main thread (``parallax analyze``), a watchdog
    timer elsewhere (a Dask worker's task thread, see :func:`_watchdog`).

    Either interrupts Python code at once; inside one long call into
    compiled code (a spaCy component) it takes effect when that call returns,
    which is why long texts are parsed in sections (parallax.nlp.sections).
    ``limit`` is the configured limit named in the message (default ``seconds``).
    A caller must also treat a stray ``_Deadline`` as a timeout: a limit that
    expires exactly as the block ends may surface just after it."""
    if seconds <= 0:
        yield
        return
    guard = _alarm if threading.current_thread() is threading.main_thread() else _watchdog
    try:
        with guard(seconds):
            yield
    except _Deadline:
        raise AnalysisTimeout(timeout_reason(limit or seconds)) from None


def timeout_reason(limit: float) -> str:
    return f"analysis took longer than {limit:g} s (the limit PARALLAX_TIMEOUT)"


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def on_alarm(signum, frame):
        raise _Deadline()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # Re-fire every 0.5 s until cleared: an exception raised while the
    # interpreter runs a gc callback or a __del__ is printed and dropped
    # ("Exception ignored in ..."), and a one-shot alarm would then be lost.
    signal.setitimer(signal.ITIMER_REAL, seconds, REFIRE_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    """A watchdog thread that, when the time is up, raises ``_Deadline`` in
    the guarded thread (CPython's ``PyThreadState_SetAsyncExc``: delivered at
    the thread's next bytecode, like a signal handler's exception), and
    raises it again every 0.5 s until the block ends, for the same reason as
    :func:`_alarm` re-fires (an exception delivered inside a gc callback is
    dropped). When the block ends, the watchdog is disarmed under a lock and
    an exception it set but that was not delivered yet is withdrawn."""
    thread_id = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    done = threading.Event()
    state = {"armed": True, "fired": False}

    def watch() -> None:
        wait = seconds
        while not done.wait(wait):
            with lock:
                if not state["armed"]:
                    return
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread_id, ctypes.py_object(_Deadline))
            wait = REFIRE_SECONDS

    watcher = threading.Thread(target=watch, name="parallax-watchdog", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        with lock:
            state["armed"] = False
            if state["fired"]:  # withdraw it if still pending (NULL clears)
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread_id, None)


def merge_declared(base: Metadata | None, override: Metadata | None) -> Metadata | None:
    """Declared metadata from a manifest, overridden field by field by the
    command line's flags."""
    if base is None:
        return override
    if override is None:
        return base
    values = {k: getattr(override, k) or getattr(base, k)
              for k in ("title", "publisher", "published", "language", "side", "kind", "locale")}
    return replace(base, **values)


class AnalyzeRun:
    """One ``parallax analyze`` invocation."""

    def __init__(self, url: str, declared: Metadata | None = None, corpus: str | None = None,
                 actors: list[Path] | None = None, gazetteer: list[Path] | None = None,
                 force: bool = False, console: Console | None = None, limits: Limits | None = None) -> None:
        from .store import open_store

        self.store = open_store(url)
        self.declared = declared if declared and any(vars(declared).values()) else None
        self.corpus = corpus
        self.resources = Resources(actor_files=list(actors or []), gazetteer_files=list(gazetteer or []))
        self.force = force
        self.console = console or Console(stderr=True)
        self.limits = limits or Limits()
        self._manifests: dict[Path, object] = {}

    def _manifest(self, folder: Path):
        from .read.manifest import load_manifest

        if folder not in self._manifests:
            manifest = load_manifest(folder)
            if manifest is not None:
                self.resources.add(actors=manifest.actor_files, gazetteer=manifest.gazetteer_files,
                               outlets=manifest.outlet_files)
            self._manifests[folder] = manifest
        return self._manifests[folder]

    def run(self, paths: list[str], progress: bool = True) -> list[FileResult]:
        from .read import iter_paths

        files = iter_paths(paths)
        results: list[FileResult] = []
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=self.console, disable=not progress, transient=True) as bar:
            task = bar.add_task("analysing", total=len(files))
            for i in range(0, len(files), GROUP):
                group = files[i:i + GROUP]
                bar.update(task, description=f"analysing {group[0].name[:40]}")
                for result in self.process_many(group):
                    results.append(result)
                    bar.advance(task)
        return results

    def process(self, path: Path) -> FileResult:
        """Read, analyse and store one file; never raises for bad input."""
        return self.process_many([path])[0]

    def process_many(self, paths: list[Path]) -> list[FileResult]:
        """Read each file, analyse the new ones together (one ``nlp.pipe``
        pass, parallax.batch.work.analyse_many, each document under its own
        wall-clock limit), then store each in its own transaction. Never
        raises for bad input; one result per path, in order."""
        results: dict[int, FileResult] = {}
        todo: list[tuple[int, Path, Document, str | None, float]] = []
        first: dict[str, int] = {}  # content hash -> its index in todo
        later: list[int] = []  # the same text again in this group: after the first is stored
        for i, path in enumerate(paths):
            got = self._guard(path, self._read, path)
            if isinstance(got, FileResult):
                results[i] = got
            elif got[0].content_hash in first:
                later.append(i)
            else:
                first[got[0].content_hash] = len(todo)
                todo.append((i, path, *got))
        analyses = self._guard_all([t[1] for t in todo], [t[2] for t in todo], [t[4] for t in todo])
        for (i, path, document, corpus, _), analysis in zip(todo, analyses):
            if isinstance(analysis, FileResult):
                results[i] = analysis
            elif isinstance(analysis, ParallaxError):
                results[i] = self._failed(path, f"[{analysis.code}] {analysis.reason}", analysis.code)
            else:
                results[i] = self._guard(path, self._store, path, document, analysis, corpus)
        for i in later:
            results[i] = self._guard(paths[i], self._process, paths[i])
        return [results[i] for i in range(len(paths))]

    def _guard(self, path: Path, step: Callable[..., Any], *args: Any) -> Any:
        """``step(*args)``, or the FileResult of its failure."""
        try:
            return step(*args)
        except ParallaxError as exc:
            return self._failed(path, f"[{exc.code}] {exc.reason}", exc.code)
        except _Deadline:  # the alarm rang just as a time_limit block ended
            return self._failed(path, f"[{AnalysisTimeout.code}] {timeout_reason(self.limits.timeout_seconds)}",
                                AnalysisTimeout.code)
        except Exception as exc:  # a bug: record it, keep going
            return self._failed(path, f"[{INTERNAL_ERROR}] internal error: {type(exc).__name__}: {exc}",
                                INTERNAL_ERROR)

    def _guard_all(self, paths: list[Path], documents: list[Document], spent: list[float]) -> list[Any]:
        """The analyses of several documents (each an Analysis or its error),
        or, should the call itself fail (a bug, a stray alarm), each file's
        failure."""
        try:
            return self._analyse(documents, spent)
        except (Exception, _Deadline) as exc:  # noqa: BLE001 - each file then fails with the reason
            error: BaseException = exc
        return [self._guard(path, _reraise, error) for path in paths]

    def _failed(self, path: Path, reason: str, code: str) -> FileResult:
        try:
            self.store.record_failure(str(path), reason, code)
        except Exception as exc:  # the store itself is failing: still report the file
            reason = f"{reason} (and not recorded: {exc})"
        return FileResult(str(path), "failed", reason)

    def _read(self, path: Path) -> FileResult | tuple[Document, str | None, float]:
        """The file's document, its corpus and the seconds reading took; or
        the result "unchanged" when the store holds its text already."""
        from .read import read_path

        manifest = self._manifest(path.parent)
        declared = merge_declared(manifest.declared_for(path) if manifest else None, self.declared)
        started = time.monotonic()
        with time_limit(self.limits.timeout_seconds):  # reading counts too: a reader may hang on a hostile file
            document = read_path(path, self.limits, declared=declared)
        existing = self.store.find_document(document.content_hash)
        if existing is not None and not self.force:
            return FileResult(str(path), "unchanged", doc_id=existing, side=document.meta.side,
                              published=document.meta.published)
        corpus = self.corpus or (getattr(manifest, "corpus", None) if manifest else None)
        return document, corpus, time.monotonic() - started

    def _process(self, path: Path) -> FileResult:
        """One file alone: read, analyse, store."""
        got = self._read(path)
        if isinstance(got, FileResult):
            return got
        document, corpus, spent = got
        (analysis,) = self._analyse([document], [spent])
        if isinstance(analysis, ParallaxError):
            raise analysis
        return self._store(path, document, analysis, corpus)

    def _analyse(self, documents: list[Document], spent: list[float]) -> list:
        from .batch.work import analyse_many

        return analyse_many(documents, self.resources, timeout=self.limits.timeout_seconds, spent=spent)

    def _store(self, path: Path, document: Document, analysis, corpus: str | None) -> FileResult:
        doc_id, _ = self.store.save_analysis(analysis, corpus=corpus, replace=self.force)
        counts = {k: len(getattr(analysis, k)) for k in
                  ("events", "claims", "quantities", "citations", "places", "times")}
        return FileResult(str(path), "stored", doc_id=doc_id, counts=counts, side=document.meta.side,
                          published=document.meta.published)

    @staticmethod
    def summary_table(results: list[FileResult]) -> Table:
        table = Table(title="Parallax: analysed documents", title_justify="left")
        for name in ("file", "status", "side", "date", "events", "claims", "figures", "citations", "places", "times"):
            table.add_column(name, overflow="fold", justify="right" if name in
                             ("events", "claims", "figures", "citations", "places", "times") else "left")
        for r in results:
            c = r.counts
            status = {"stored": "[green]stored[/green]", "unchanged": "unchanged",
                      "failed": "[red]failed[/red]"}[r.status]
            nums = [str(c[k]) if k in c else "" for k in
                    ("events", "claims", "quantities", "citations", "places", "times")]
            table.add_row(Path(r.path).name, status, r.side or "", r.published or "", *nums)
        stored = sum(r.status == "stored" for r in results)
        unchanged = sum(r.status == "unchanged" for r in results)
        failed = sum(r.status == "failed" for r in results)
        table.caption = f"{stored} stored, {unchanged} unchanged, {failed} failed"
        return table
