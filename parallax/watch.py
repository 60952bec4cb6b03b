"""Watching sources (``parallax watch SOURCES.yaml``): poll RSS/Atom feeds
and listed web pages, analyse what is new, report new contradictions.

``SOURCES.yaml``::

    corpus: veldra-watch            # optional: corpus name of what is stored
    actors: [actors.yaml]           # optional data files, relative to this file
    gazetteer: [gazetteer.yaml]
    align_window_days: 60           # stored documents this close in date are aligned against
    sources:
      - feed: https://mod.example/press.rss
        side: veldra
        publisher: Ministry of Defence of Veldra
        kind: statement
      - page: https://monitor.example/latest.html
        side: monitor

Deduplication: a feed entry whose URL is stored (or failed before) is not
fetched again; a listed page is fetched at every poll and stored only when
its text is new (same content hash = nothing to do). New documents are
analysed in one batch, stored in one transaction, then aligned against the
stored documents published within the window; links touching a new document
are stored and its contradictions reported.

Pages are read with Parallax's own HTML reader (lxml), not trafilatura: the
reader keeps links, footnotes and table cells with exact offsets, which the
extraction stages use (see parallax/read/html.py); feeds are parsed by
feedparser from bytes fetched by :mod:`parallax.fetch` (feedparser never
touches the network itself).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from .errors import ManifestError, ParallaxError
from .fetch import FetchPolicy, fetch
from .model import FIELD_DECLARED, Analysis, CrossLink, Document, Metadata
from .store import Store, open_store

META_KEYS = ("side", "publisher", "kind", "language", "locale")


@dataclass
class Source:
    url: str
    kind: str  # feed | page
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Sources:
    sources: list[Source]
    actor_files: list[Path] = field(default_factory=list)
    gazetteer_files: list[Path] = field(default_factory=list)
    corpus: str | None = None
    align_window_days: int = 60


def load_sources(path: str | Path) -> Sources:
    """Read SOURCES.yaml; ManifestError with the reason when it is invalid."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ManifestError(f"cannot read the sources file: {exc.strerror or exc}", str(p)) from exc
    except yaml.YAMLError as exc:
        raise ManifestError(f"the sources file is not valid YAML: {exc}", str(p)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise ManifestError("the sources file needs a `sources:` list", str(p))
    sources = []
    for n, entry in enumerate(data["sources"], 1):
        if not isinstance(entry, dict) or not (("feed" in entry) ^ ("page" in entry)):
            raise ManifestError(f"source #{n} needs exactly one of `feed:` or `page:`", str(p))
        kind = "feed" if "feed" in entry else "page"
        meta = {k: str(entry[k]) for k in META_KEYS if entry.get(k) is not None}
        sources.append(Source(str(entry[kind]), kind, meta))
    rel = lambda names: [(p.parent / str(x)).resolve() for x in (names or [])]
    return Sources(sources, rel(data.get("actors")), rel(data.get("gazetteer")), data.get("corpus"),
                   int(data.get("align_window_days", 60)))


@dataclass
class Contradiction:
    new: str  # path (URL) of the new document
    stored: str  # path of the document it contradicts
    on: str | None
    reason: str


@dataclass
class PollResult:
    stored: list[str] = field(default_factory=list)  # URLs of new documents
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    links: int = 0
    contradictions: list[Contradiction] = field(default_factory=list)


@dataclass
class _Candidate:
    url: str
    meta: dict[str, str]


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    except ValueError:
        return None


def _declared(meta: dict[str, str]) -> Metadata | None:
    values = {k: v for k, v in meta.items() if k in ("title", "publisher", "published", *META_KEYS) and v}
    if not values:
        return None
    declared = Metadata(**values)
    declared.origin = {k: FIELD_DECLARED for k in values}
    return declared


class Watcher:
    """Polls the sources into one store."""

    def __init__(self, sources: Sources, db_url: str, policy: FetchPolicy | None = None) -> None:
        from .batch.work import WorkOptions

        self.sources = sources
        self.store: Store = open_store(db_url)
        self.policy = policy or FetchPolicy()
        self.options = WorkOptions(tuple(map(str, sources.actor_files)), tuple(map(str, sources.gazetteer_files)),
                                   fetch_policy=self.policy)

    # -- one poll ------------------------------------------------------------------

    def poll(self) -> PollResult:
        from .batch.output import stored_hashes, stored_paths

        result = PollResult()
        known_urls = stored_paths(self.store) | {f["path"] for f in self.store.failures()}
        candidates = self._candidates(result, known_urls)
        hashes = stored_hashes(self.store)
        documents = self._read_new(candidates, hashes, result)
        if documents:
            self._analyse_and_store(documents, result)
        return result

    def _candidates(self, result: PollResult, known_urls: set[str]) -> list[_Candidate]:
        out: dict[str, _Candidate] = {}
        for source in self.sources.sources:
            if source.kind == "page":
                out.setdefault(source.url, _Candidate(source.url, dict(source.meta)))
                continue
            try:
                entries = self._feed_entries(source)
            except ParallaxError as exc:
                result.failed.append((source.url, f"[{exc.code}] {exc.reason}"))
                continue
            for url, meta in entries:
                if url in known_urls:
                    result.unchanged += 1
                else:
                    out.setdefault(url, _Candidate(url, meta))
        return list(out.values())

    def _feed_entries(self, source: Source) -> list[tuple[str, dict[str, str]]]:
        import feedparser

        got = fetch(source.url, self.policy)
        feed = feedparser.parse(got.data)
        if feed.bozo and not feed.entries:
            raise ParallaxError(f"not an RSS/Atom feed: {feed.get('bozo_exception')}", source.url)
        entries = []
        for entry in feed.entries:
            link = entry.get("link")
            if not link:
                continue
            meta = dict(source.meta)
            if entry.get("title"):
                meta["title"] = str(entry["title"])
            if published := _entry_date(entry):
                meta["published"] = published
            entries.append((urljoin(got.final_url, str(link)), meta))
        return entries

    def _read_new(self, candidates: list[_Candidate], hashes: set[str], result: PollResult) -> list[Document]:
        from .read import read_bytes

        documents: list[Document] = []
        for cand in candidates:
            try:
                got = fetch(cand.url, self.policy)
                document = read_bytes(got.data, cand.url, self.options.limits, declared=_declared(cand.meta))
            except ParallaxError as exc:
                self._fail(cand.url, exc, result)
                continue
            if document.content_hash in hashes:
                result.unchanged += 1
                continue
            hashes.add(document.content_hash)
            documents.append(document)
        return documents

    def _fail(self, url: str, exc: ParallaxError, result: PollResult, content_hash: str | None = None) -> None:
        reason = f"[{exc.code}] {exc.reason}"
        result.failed.append((url, reason))
        try:
            self.store.record_failure(url, reason, exc.code, content_hash)
        except ParallaxError:
            pass

    def _analyse_and_store(self, documents: list[Document], result: PollResult) -> None:
        from .batch.output import save_partition
        from .batch.work import analyse_many, resources_for

        analysed: list[Analysis] = []
        for document, outcome in zip(documents, analyse_many(documents, resources_for(self.options))):
            if isinstance(outcome, Analysis):
                analysed.append(outcome)
            else:
                self._fail(document.path or "?", outcome, result, document.content_hash)
        _, errors = save_partition(self.store, analysed, self.sources.corpus)
        analysed = [a for a in analysed if a.document.content_hash not in errors]
        result.stored = [a.document.path or a.document.content_hash for a in analysed]
        if analysed:
            self._align_new(analysed, result)

    # -- alignment of the new against the stored -------------------------------------

    def _neighbours(self, new: list[Analysis]) -> list[Analysis]:
        """Stored documents (not the new ones) published within the window of
        a new one; undated documents on either side are always included."""
        from .align import parse_iso

        new_hashes = {a.document.content_hash for a in new}
        new_dates = [d for a in new if (d := parse_iso(a.document.meta.published))]
        window = timedelta(days=self.sources.align_window_days)
        picked = []
        for row in self.store.documents():
            if row["content_hash"] in new_hashes:
                continue
            when = parse_iso(row.get("published"))
            if when is None or not new_dates or any(abs(when - d) <= window for d in new_dates):
                picked.append(self.store.load_analysis(str(row["id"])))
        return picked

    def _align_new(self, new: list[Analysis], result: PollResult) -> None:
        from .align import align

        analyses = sorted([*self._neighbours(new), *new], key=lambda a: a.document.content_hash)
        by_hash = {a.document.content_hash: a for a in analyses}
        new_hashes = {a.document.content_hash for a in new}
        links: list[CrossLink] = [lk for lk in align(analyses) if {lk.a.document, lk.b.document} & new_hashes]
        result.links = self.store.save_cross_links(links) if links else 0
        for link in links:
            if link.relation != "CONTRADICT":
                continue
            fresh, other = (link.a, link.b) if link.a.document in new_hashes else (link.b, link.a)
            path = lambda h: by_hash[h].document.path or h[:12]
            result.contradictions.append(Contradiction(path(fresh.document), path(other.document), link.on,
                                                       link.reason))

    # -- polling forever ----------------------------------------------------------------

    def run(self, interval: float, report: Any, polls: int | None = None) -> None:
        """Poll every ``interval`` seconds (``polls`` times, or until stopped),
        passing each PollResult to ``report``."""
        n = 0
        while polls is None or n < polls:
            started = time.monotonic()
            report(self.poll())
            n += 1
            if polls is not None and n >= polls:
                break
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
