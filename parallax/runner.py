"""Running the pipeline over files into the store (``parallax analyze``).

One file at a time: read, analyse (under a wall-clock limit), store in one
transaction. A file that fails is recorded with its reason and the run goes
on; the caller decides the exit code.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .config import Limits
from .errors import AnalysisTimeout, ParallaxError
from .model import Metadata
from .resources import Resources

INTERNAL_ERROR = "P900"


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


@contextmanager
def time_limit(seconds: float, limit: float | None = None) -> Iterator[None]:
    """Raise AnalysisTimeout after ``seconds`` of wall-clock time (SIGALRM,
    so only in the main thread; elsewhere no limit is applied).

    The alarm interrupts Python code at once; inside one long call into
    compiled code (a spaCy component) it takes effect when that call returns,
    which is why long texts are parsed in sections (parallax.nlp.sections).
    ``limit`` is the configured limit named in the message (default ``seconds``)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):  # noqa: ARG001
        raise _Deadline()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Deadline:
        raise AnalysisTimeout(f"analysis took longer than {limit or seconds:g} s (the limit PARALLAX_TIMEOUT)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
            for path in files:
                bar.update(task, description=f"analysing {path.name[:40]}")
                results.append(self.process(path))
                bar.advance(task)
        return results

    def process(self, path: Path) -> FileResult:
        """Read, analyse and store one file; never raises for bad input."""
        try:
            return self._process(path)
        except ParallaxError as exc:
            return self._failed(path, f"[{exc.code}] {exc.reason}", exc.code)
        except _Deadline:  # the alarm rang just as a time_limit block ended
            return self._failed(path, f"[{AnalysisTimeout.code}] analysis took longer than "
                                f"{self.limits.timeout_seconds} s (the limit PARALLAX_TIMEOUT)", AnalysisTimeout.code)
        except Exception as exc:  # a bug: record it, keep going
            return self._failed(path, f"[{INTERNAL_ERROR}] internal error: {type(exc).__name__}: {exc}",
                                INTERNAL_ERROR)

    def _failed(self, path: Path, reason: str, code: str) -> FileResult:
        try:
            self.store.record_failure(str(path), reason, code)
        except Exception as exc:  # the store itself is failing: still report the file
            reason = f"{reason} (and not recorded: {exc})"
        return FileResult(str(path), "failed", reason)

    def _process(self, path: Path) -> FileResult:
        from .pipeline import analyse
        from .read import read_path

        manifest = self._manifest(path.parent)
        declared = merge_declared(manifest.declared_for(path) if manifest else None, self.declared)
        budget = self.limits.timeout_seconds
        started = time.monotonic()
        with time_limit(budget):  # reading counts too: a reader may hang on a hostile file
            document = read_path(path, self.limits, declared=declared)
        existing = self.store.find_document(document.content_hash)
        if existing is not None and not self.force:
            return FileResult(str(path), "unchanged", doc_id=existing, side=document.meta.side,
                              published=document.meta.published)
        with time_limit(max(budget - (time.monotonic() - started), 0.001) if budget > 0 else 0, budget):
            analysis = analyse(document, self.resources)
        corpus = self.corpus or (getattr(manifest, "corpus", None) if manifest else None)
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
