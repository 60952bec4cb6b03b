"""Uploads and their analysis in the background.

An upload is stored under a generated name inside ``<data_dir>/uploads``
(the client's file name is never used as a path: only its extension, if it
is one the readers know, is kept) and analysed by one worker thread through
:class:`parallax.runner.AnalyzeRun`, so analyses never compete for the two
cores with each other. The page polls the job's status.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..model import Metadata
from ..read.detect import DOCUMENT_EXTENSIONS

DEFAULT_EXTENSION = ".txt"


@dataclass
class Job:
    id: str
    filename: str  # the client's name, for display only
    stored_as: str
    status: str = "queued"  # queued | running | stored | unchanged | failed
    step: str = "waiting for the analyser"
    reason: str | None = None
    document_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def done(self) -> bool:
        return self.status in ("stored", "unchanged", "failed")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "filename": self.filename, "status": self.status, "step": self.step,
                "reason": self.reason, "document_id": self.document_id, "counts": self.counts,
                "done": self.done, "created_at": self.created_at}


def safe_extension(filename: str | None) -> str:
    """The upload's extension if the readers know it, else ``.txt`` (the reader sniffs content anyway)."""
    suffix = Path(filename or "").suffix.lower()
    return suffix if suffix in DOCUMENT_EXTENSIONS else DEFAULT_EXTENSION


class Jobs:
    """Upload storage and the single analysis worker."""

    def __init__(self, db_url: str, data_dir: Path) -> None:
        self.db_url = db_url
        self.upload_dir = (data_dir / "uploads").resolve()
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self.on_change: Callable[[], None] | None = None  # called after a job wrote to the store

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def save_upload(self, data: bytes, filename: str | None) -> Path:
        name = uuid.uuid4().hex + safe_extension(filename)
        target = (self.upload_dir / name).resolve()
        if target.parent != self.upload_dir:  # cannot happen with a generated name; belt and braces
            raise ValueError("upload path escapes the data directory")
        target.write_bytes(data)
        return target

    def submit(self, data: bytes, filename: str | None, declared: Metadata | None) -> Job:
        path = self.save_upload(data, filename)
        job = Job(uuid.uuid4().hex[:16], (filename or "upload")[:200], path.name)
        self._enqueue(job, self._run, job, path, declared)
        return job

    def submit_compare(self) -> Job:
        """Re-link every stored document (parallax.compare) in the background."""
        job = Job(uuid.uuid4().hex[:16], "comparison of all documents", "", step="waiting for the analyser")
        self._enqueue(job, self._compare, job)
        return job

    def _enqueue(self, job: Job, fn: Any, *args: Any) -> None:
        with self._lock:
            self._jobs[job.id] = job
            if self._pool is None:  # made on first use (and again after a shutdown)
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parallax-analyse")
            self._pool.submit(fn, *args)

    def _compare(self, job: Job) -> None:
        from ..compare import compare
        from ..store import open_store

        job.status, job.step = "running", "comparing documents"
        try:
            with open_store(self.db_url) as store:
                analyses = [store.load_analysis(row["id"]) for row in store.documents()]
                comparison = compare(analyses)
                n = store.save_cross_links(comparison.links, replace_stage="align")
        except Exception as exc:  # noqa: BLE001 - a worker must always end its job, with the reason
            job.status, job.step, job.reason = "failed", "failed", f"{type(exc).__name__}: {exc}"
            return
        self._changed()  # before the job shows as done, so that the pages it leads to are fresh
        job.status, job.step, job.counts = "stored", f"{n} cross-document links stored", {"links": n}

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self, n: int = 20) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())[-n:][::-1]

    def _run(self, job: Job, path: Path, declared: Metadata | None) -> None:
        from ..runner import AnalyzeRun

        job.status, job.step = "running", "reading and analysing"
        try:
            run = AnalyzeRun(self.db_url, declared=declared, corpus="uploads")
            try:
                result = run.process(path)
            finally:
                run.store.close()
        except Exception as exc:  # noqa: BLE001 - a worker must always end its job, with the reason
            job.status, job.step, job.reason = "failed", "failed", f"{type(exc).__name__}: {exc}"
            return
        self._changed()
        job.document_id, job.counts, job.reason = result.doc_id, dict(result.counts), result.reason
        job.step = {"stored": "analysed and stored", "unchanged": "already stored (same text)"}.get(
            result.status, "failed")
        job.status = result.status  # last: a job that shows as done has all its fields

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """Block until a job is done (tests and the CLI)."""
        import time

        deadline = time.monotonic() + timeout
        job = self.get(job_id)
        while job is not None and not job.done and time.monotonic() < deadline:
            time.sleep(0.1)
        return job

    def shutdown(self) -> None:
        """Stop the worker (queued jobs are dropped; a running one finishes)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
