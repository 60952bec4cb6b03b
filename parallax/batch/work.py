"""What a worker does with one partition: read each item, skip what is
already done (by content hash), analyse the rest in one batched spaCy pass,
and return one :class:`Outcome` per item. Nothing here raises for a bad
document: its error is its outcome, and the partition goes on.

The NLP model and the resources are loaded once per process
(``parallax.nlp.load`` is lru_cached; resources are cached here), so the
engines must run partitions in long-lived processes (Dask workers, or the
driver itself for ``--engine local``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from .. import nlp
from ..config import Limits
from ..errors import AnalysisError, AnalysisTimeout, ParallaxError, ReadError
from ..fetch import FetchPolicy, fetch
from ..model import Analysis, Document, Metadata
from ..pipeline import run_stages
from ..resources import Resources
from ..runner import _Deadline, time_limit, timeout_reason

INTERNAL_ERROR = "P900"


@dataclass(frozen=True)
class Item:
    """One input document, small enough to ship to a worker: a file path, a
    URL to fetch, or in-memory text (a JSONL/Parquet record)."""

    key: str  # path, URL or record id: how the document is named in failures and Parquet
    kind: str  # path | url | text | error
    text: str | None = None  # the text (kind text) or the reason (kind error)
    declared: Metadata | None = None
    fmt: str = "txt"


@dataclass(frozen=True)
class WorkOptions:
    """Everything a worker needs besides the items (picklable)."""

    actor_files: tuple[str, ...] = ()
    gazetteer_files: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    fetch_policy: FetchPolicy = field(default_factory=FetchPolicy)
    batch_nlp: bool = True  # nlp.pipe over the partition (False: one document at a time)


@dataclass
class Outcome:
    key: str
    status: str  # analysed | skipped | failed
    content_hash: str | None = None
    analysis: Analysis | None = None
    code: str | None = None
    reason: str | None = None
    words: int = 0


_RESOURCES: dict[tuple, Resources] = {}


def resources_for(options: WorkOptions) -> Resources:
    """This process's Resources for these data files (built once)."""
    key = (options.actor_files, options.gazetteer_files)
    if key not in _RESOURCES:
        _RESOURCES[key] = Resources(actor_files=[Path(p) for p in options.actor_files],
                                    gazetteer_files=[Path(p) for p in options.gazetteer_files])
    return _RESOURCES[key]


def warm(options: WorkOptions) -> int:
    """Load the model and the resources in this process (before timing or
    the first partition); returns the process id."""
    import os

    from ..read import read_text

    nlp.load()
    res = resources_for(options)
    _ = res.actors, res.gazetteer
    # One tiny document through every stage, so that what the stages load
    # lazily (date parser, classifier) is loaded too.
    analyse_many([read_text("Warm-up\n\nOn 3 March 2025 the army said 12 people were hurt.", "warm-up")], res)
    return os.getpid()


def model_loads() -> int:
    """How many times this process has loaded the spaCy model (1 once warm)."""
    return nlp.load.cache_info().misses


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def read_item(item: Item, options: WorkOptions) -> Document:
    """The Document of an item; ParallaxError with the reason otherwise."""
    from ..read import read_bytes, read_path, read_text

    if item.kind == "path":
        return read_path(item.key, options.limits, declared=item.declared)
    if item.kind == "url":
        got = fetch(item.key, options.fetch_policy)
        return read_bytes(got.data, item.key, options.limits, declared=item.declared)
    if item.kind == "text":
        text = item.text or ""
        if len(text) > options.limits.max_chars:
            raise ReadError(f"the text has {len(text)} characters, the limit is {options.limits.max_chars}",
                            item.key)
        return read_text(text, item.key, item.fmt, declared=item.declared)
    raise ReadError(item.text or "unreadable input record", item.key)


# --------------------------------------------------------------------------
# Batched analysis
# --------------------------------------------------------------------------


def parse_many(documents: list[Document], batch_size: int = 32,
               timeout: float = 0) -> list[Doc | Exception]:
    """spaCy Docs of many documents in one ``nlp.pipe`` pass (spaCy accepts
    Doc objects, so the preset sentence starts survive). If the batched pass
    fails, each document is parsed alone so that only the bad one fails.

    ``timeout`` (seconds a document, 0: none): the batched pass may take the
    sum of its documents' limits; past that, or for a document parsed alone
    (a long one, in sections), each gets its own limit, and the one that
    exceeds it gets an AnalysisTimeout."""
    model = nlp.load()
    out: list[Doc | Exception | None] = [None] * len(documents)
    batchable: list[int] = []
    prepared: list[Doc] = []
    for i, document in enumerate(documents):
        try:
            doc = nlp.prepare(document)
            if doc is None:  # long: nlp.parse cuts it into sections
                out[i] = _parse_one(document, timeout)
                continue
            prepared.append(doc)
            batchable.append(i)
        except Exception as exc:  # noqa: BLE001 - tokeniser on pathological input: this document fails
            out[i] = exc
    try:
        with time_limit(timeout * len(prepared)):
            docs = list(model.pipe(prepared, batch_size=batch_size))
        for i, doc in zip(batchable, docs):
            out[i] = doc
    except (Exception, _Deadline):  # noqa: BLE001 - one of them is bad or slow: each alone
        for i in batchable:
            out[i] = _parse_one(documents[i], timeout)
    return out  # type: ignore[return-value]


def analyse_many(documents: list[Document], resources: Resources, batched: bool = True,
                 timeout: float = 0, spent: list[float] | None = None) -> list[Analysis | ParallaxError]:
    """Analyses of many documents, each an Analysis or the error it raised.

    ``timeout``: wall-clock seconds a document may take (0: no limit);
    ``spent``: seconds each has used already (reading). A document's parse
    counts at its share of the batched pass (by length); past its limit it
    fails with AnalysisTimeout and the others go on."""
    spent = list(spent) if spent else [0.0] * len(documents)
    started = time.monotonic()
    docs = parse_many(documents, timeout=timeout) if batched else [_parse_one(d, timeout) for d in documents]
    parse_seconds = time.monotonic() - started
    total_chars = sum(len(d.text) for d in documents) or 1
    out: list[Analysis | ParallaxError] = []
    for n, (document, doc) in enumerate(zip(documents, docs)):
        if isinstance(doc, ParallaxError):
            doc.path = doc.path or document.path
            out.append(doc)
            continue
        if isinstance(doc, Exception):
            out.append(AnalysisError(f"NLP failed: {type(doc).__name__}: {doc}", document.path))
            continue
        used = spent[n] + parse_seconds * len(document.text) / total_chars
        out.append(_stages(document, doc, resources, timeout, used))
    return out


def _stages(document: Document, doc: Doc, resources: Resources, timeout: float,
            used: float) -> Analysis | ParallaxError:
    """Every stage over one parsed document, within what is left of its limit."""
    try:
        with time_limit(max(timeout - used, 0.001) if timeout > 0 else 0, timeout):
            analysis = Analysis(document=document, sentences=nlp.sentences(document, doc))
            return run_stages(analysis, doc, resources)
    except _Deadline:  # the limit expired just as the block ended
        return AnalysisTimeout(timeout_reason(timeout), document.path)
    except ParallaxError as exc:
        exc.path = exc.path or document.path
        return exc
    except Exception as exc:  # noqa: BLE001 - a bug: this document fails, the partition goes on
        return AnalysisError(f"internal error: {type(exc).__name__}: {exc}", document.path)


def _parse_one(document: Document, timeout: float = 0) -> Doc | Exception:
    try:
        with time_limit(timeout):
            return nlp.parse(document)
    except _Deadline:
        return AnalysisTimeout(timeout_reason(timeout), document.path)
    except Exception as exc:  # noqa: BLE001 - spaCy on pathological input: this document fails
        return exc


# --------------------------------------------------------------------------
# A partition
# --------------------------------------------------------------------------


def _failed(key: str, exc: BaseException, content_hash: str | None = None) -> Outcome:
    if isinstance(exc, ParallaxError):
        return Outcome(key, "failed", content_hash, code=exc.code, reason=exc.reason)
    return Outcome(key, "failed", content_hash, code=INTERNAL_ERROR,
                   reason=f"internal error: {type(exc).__name__}: {exc}")


def process_partition(items: list[Item], options: WorkOptions, done: Any = frozenset()) -> list[Outcome]:
    """Read, skip done hashes, analyse the rest: one Outcome per item, in order.
    ``done`` is a set of content hashes (and of URLs already fetched)."""
    outcomes: dict[int, Outcome] = {}
    todo: list[tuple[int, Document]] = []
    spent: list[float] = []  # seconds each document of todo took to read
    limit = options.limits.timeout_seconds
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.kind == "url" and item.key in done:
            outcomes[i] = Outcome(item.key, "skipped")
            continue
        started = time.monotonic()
        try:
            with time_limit(limit):  # a reader may hang on a hostile file
                document = read_item(item, options)
        except _Deadline:
            outcomes[i] = _failed(item.key, AnalysisTimeout(timeout_reason(limit)))
            continue
        except Exception as exc:
            outcomes[i] = _failed(item.key, exc)
            continue
        digest = document.content_hash
        if digest in done or digest in seen:
            outcomes[i] = Outcome(item.key, "skipped", digest)
            continue
        seen.add(digest)
        todo.append((i, document))
        spent.append(time.monotonic() - started)
    results = analyse_many([d for _, d in todo], resources_for(options), options.batch_nlp, limit,
                           spent) if todo else []
    for (i, document), result in zip(todo, results):
        if isinstance(result, Analysis):
            outcomes[i] = Outcome(items[i].key, "analysed", document.content_hash, analysis=result,
                                  words=len(document.text.split()))
        else:
            outcomes[i] = _failed(items[i].key, result, document.content_hash)
    return [outcomes[i] for i in range(len(items))]
