"""What a batch reads: CORPUS as items.

CORPUS is a folder tree or a glob (document files, with their folder's
manifest for declared metadata), a JSONL or Parquet file of articles
(``id``, ``url``, ``publisher``, ``date``, ``text``; optional ``side``,
``title``, ``kind``, ``language``), or a ``.txt`` file whose every
non-blank, non-comment line is an http(s) URL (fetched by the workers).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ManifestError, ReadError
from ..model import FIELD_DECLARED, Metadata
from .work import Item

RECORD_META = {"publisher": "publisher", "date": "published", "published": "published", "side": "side",
               "title": "title", "kind": "kind", "language": "language", "locale": "locale"}


@dataclass
class Corpus:
    """The items of a corpus and the data files its manifests name. ``items``
    is a list, or for a JSONL/Parquet file a :class:`Records` stream (read
    again on each iteration, never held whole in memory)."""

    items: Iterable[Item]
    actor_files: list[Path] = field(default_factory=list)
    gazetteer_files: list[Path] = field(default_factory=list)
    corpus_name: str | None = None

    def __len__(self) -> int:
        return len(self.items)  # type: ignore[arg-type]


class Records:
    """The articles of a JSONL or Parquet file as a stream of items: a
    million-article file is read line by line (or batch by batch of a row
    group), so memory does not grow with its size. Iterable many times;
    ``len`` counts without parsing (lines, or the Parquet footer)."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind  # jsonl | parquet
        self._count: int | None = None
        if kind == "parquet":
            self._parquet()  # a bad file is reported now, not by the first worker

    def __iter__(self) -> Iterator[Item]:
        return jsonl_items(self.path) if self.kind == "jsonl" else parquet_items(self.path)

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._parquet().metadata.num_rows if self.kind == "parquet" else _count_lines(self.path)
        return self._count

    def _parquet(self):
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(self.path)
        except Exception as exc:  # pyarrow's errors on a bad file: report, do not crash
            raise ReadError(f"cannot read the Parquet file: {exc}", str(self.path)) from exc


def _count_lines(path: Path) -> int:
    """Non-blank lines (bytes, line by line: nothing is decoded or kept)."""
    count = 0
    try:
        with path.open("rb") as fh:
            for line in fh:
                if line.strip():
                    count += 1
    except OSError as exc:
        raise ReadError(f"cannot read the corpus file: {exc.strerror or exc}", str(path)) from exc
    return count


def _declared(record: dict[str, Any]) -> Metadata | None:
    values = {RECORD_META[k]: str(v) for k, v in record.items() if k in RECORD_META and v not in (None, "")}
    if not values:
        return None
    meta = Metadata(**values)
    meta.origin = {k: FIELD_DECLARED for k in values}
    return meta


def _record_item(record: Any, where: str) -> Item:
    if not isinstance(record, dict):
        return Item(where, "error", "the record is not an object")
    text = record.get("text")
    key = str(record.get("url") or record.get("id") or where)
    if not isinstance(text, str) or not text.strip():
        return Item(key, "error", "the record has no text")
    fmt = "html" if str(record.get("format", "")).lower() == "html" else "txt"
    return Item(key, "text", text, _declared(record), fmt)


def jsonl_items(path: Path) -> Iterator[Item]:
    """One item per non-blank line, read lazily."""
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Item(f"{path}:{n}", "error", f"not JSON: {exc.msg}")
                    continue
                yield _record_item(record, f"{path}:{n}")
    except OSError as exc:
        raise ReadError(f"cannot read the corpus file: {exc.strerror or exc}", str(path)) from exc


PARQUET_BATCH = 256  # rows decoded at a time


def parquet_items(path: Path) -> Iterator[Item]:
    """One item per row, decoded a batch of rows at a time. Without
    ``pre_buffer`` Arrow reads column chunks page by page, so memory stays
    small even when the whole file is one row group (pyarrow's default
    row group holds a million rows)."""
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(path, pre_buffer=False)
        n = 0
        for batch in reader.iter_batches(batch_size=PARQUET_BATCH):
            for record in batch.to_pylist():
                n += 1
                yield _record_item(record, f"{path}:{n}")
    except Exception as exc:  # pyarrow's errors on a bad file: report, do not crash
        raise ReadError(f"cannot read the Parquet file: {exc}", str(path)) from exc


def url_list(path: Path) -> list[str] | None:
    """The URLs of a URL-list file, or None when the file is a document."""
    try:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        return None
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if lines and all(ln.lower().startswith(("http://", "https://")) and " " not in ln for ln in lines):
        return lines
    return None


def collect(corpus: str) -> Corpus:
    """The items of CORPUS (see the module doc)."""
    p = Path(corpus)
    if p.is_file():
        suffix = p.suffix.lower()
        if suffix in (".jsonl", ".ndjson"):
            return Corpus(Records(p, "jsonl"))
        if suffix == ".parquet":
            return Corpus(Records(p, "parquet"))
        if suffix in (".txt", ".urls", ".lst") and (urls := url_list(p)) is not None:
            return Corpus([Item(u, "url") for u in dict.fromkeys(urls)])
    return _file_items(corpus)


def _file_items(corpus: str) -> Corpus:
    from ..read import iter_paths
    from ..read.manifest import load_manifest

    manifests: dict[Path, Any] = {}
    items: list[Item] = []
    out = Corpus(items)
    for path in iter_paths([corpus]):
        folder = path.parent
        if folder not in manifests:
            try:
                manifests[folder] = load_manifest(folder)
            except ManifestError as exc:
                items.append(Item(str(folder), "error", f"bad manifest: {exc.reason}"))
                manifests[folder] = None
            manifest = manifests[folder]
            if manifest is not None:
                out.actor_files += [f for f in manifest.actor_files if f not in out.actor_files]
                out.gazetteer_files += [f for f in manifest.gazetteer_files if f not in out.gazetteer_files]
                out.corpus_name = out.corpus_name or manifest.corpus
        manifest = manifests[folder]
        declared = manifest.declared_for(path) if manifest is not None else None
        items.append(Item(str(path), "path", declared=declared))
    return out
