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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from .. import nlp
from ..config import Limits
from ..errors import AnalysisError, ParallaxError, ReadError
from ..fetch import FetchPolicy, fetch
from ..model import Analysis, Document, Metadata
from ..pipeline import run_stages
from ..resources import Resources

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


def parse_many(documents: list[Document], batch_size: int = 32) -> list[Doc | Exception]:
    """spaCy Docs of many documents in one ``nlp.pipe`` pass (spaCy accepts
    Doc objects, so the preset sentence starts survive). If the batched pass
    fails, each document is parsed alone so that only the bad one fails."""
    model = nlp.load()
    out: list[Doc | Exception | None] = [None] * len(documents)
    batchable: list[int] = []
    prepared: list[Doc] = []
    for i, document in enumerate(documents):
        try:
            doc = nlp.prepare(document)
            if doc is None:  # long: nlp.parse cuts it into sections
                out[i] = nlp.parse(document)
                continue
            prepared.append(doc)
            batchable.append(i)
        except Exception as exc:  # noqa: BLE001 - tokeniser on pathological input: this document fails
            out[i] = exc
    try:
        for i, doc in zip(batchable, model.pipe(prepared, batch_size=batch_size)):
            out[i] = doc
    except Exception:
        for i in batchable:
            try:
                out[i] = nlp.parse(documents[i])
            except Exception as exc:
                out[i] = exc
    return out  # type: ignore[return-value]


def analyse_many(documents: list[Document], resources: Resources,
                 batched: bool = True) -> list[Analysis | ParallaxError]:
    """Analyses of many documents, each an Analysis or the error it raised."""
    docs = parse_many(documents) if batched else [_parse_one(d) for d in documents]
    out: list[Analysis | ParallaxError] = []
    for document, doc in zip(documents, docs):
        if isinstance(doc, Exception):
            out.append(AnalysisError(f"NLP failed: {type(doc).__name__}: {doc}", document.path))
            continue
        try:
            analysis = Analysis(document=document, sentences=nlp.sentences(document, doc))
            out.append(run_stages(analysis, doc, resources))
        except ParallaxError as exc:
            exc.path = exc.path or document.path
            out.append(exc)
        except Exception as exc:  # a bug: this document fails, the partition goes on
            out.append(AnalysisError(f"internal error: {type(exc).__name__}: {exc}", document.path))
    return out


def _parse_one(document: Document) -> Doc | Exception:
    try:
        return nlp.parse(document)
    except Exception as exc:
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
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.kind == "url" and item.key in done:
            outcomes[i] = Outcome(item.key, "skipped")
            continue
        try:
            document = read_item(item, options)
        except Exception as exc:
            outcomes[i] = _failed(item.key, exc)
            continue
        digest = document.content_hash
        if digest in done or digest in seen:
            outcomes[i] = Outcome(item.key, "skipped", digest)
            continue
        seen.add(digest)
        todo.append((i, document))
    results = analyse_many([d for _, d in todo], resources_for(options), options.batch_nlp) if todo else []
    for (i, document), result in zip(todo, results):
        if isinstance(result, Analysis):
            outcomes[i] = Outcome(items[i].key, "analysed", document.content_hash, analysis=result,
                                  words=len(document.text.split()))
        else:
            outcomes[i] = _failed(items[i].key, result, document.content_hash)
    return [outcomes[i] for i in range(len(items))]
