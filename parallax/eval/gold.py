"""Reading gold annotations in the format of gold/FORMAT.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import GoldFormatError

SECTIONS = ("events", "timexes", "places", "quantities", "claims", "citations")


@dataclass
class GoldDocument:
    """One ``*.gold.yaml`` file: the document it names and its sections."""

    gold_path: Path
    document_path: Path
    meta: dict[str, Any]
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The document's file name, as links.yaml refers to it."""
        return self.document_path.name

    def has(self, section: str) -> bool:
        return section in self.sections


@dataclass
class GoldLink:
    a: str  # "file.txt#e1"
    b: str
    relation: str
    on: str | None = None
    note: str | None = None


@dataclass
class GoldCorpus:
    documents: list[GoldDocument]
    links: list[GoldLink] | None = None  # None when there is no links.yaml
    no_link: list[str] = field(default_factory=list)


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GoldFormatError(f"cannot read gold file: {exc}", str(path)) from exc


def load_gold_document(path: Path) -> GoldDocument:
    data = _load_yaml(path)
    if not isinstance(data, dict) or "document" not in data:
        raise GoldFormatError("a gold file needs a 'document' key naming the text", str(path))
    doc_path = (path.parent / str(data["document"])).resolve()
    sections = {}
    for name in SECTIONS:
        if name in data:
            value = data[name] or []
            if not isinstance(value, list):
                raise GoldFormatError(f"section '{name}' must be a list", str(path))
            sections[name] = value
    meta = data.get("meta") or {}
    if meta.get("published") is not None:
        meta["published"] = str(meta["published"])
    return GoldDocument(path, doc_path, meta, sections)


def _link_on(entry: dict[str, Any]) -> str | None:
    # YAML 1.1 reads a bare `on` key as the boolean True: accept both.
    value = entry.get("on", entry.get(True))
    return None if value is None else str(value)


def load_links(path: Path) -> tuple[list[GoldLink], list[str]]:
    data = _load_yaml(path)
    if isinstance(data, list):
        entries, no_link = data, []
    elif isinstance(data, dict):
        entries = data.get("links") or []
        no_link = [str(e["ref"]) if isinstance(e, dict) else str(e) for e in data.get("no_link") or []]
    else:
        raise GoldFormatError("links.yaml must be a list or a mapping with 'links'", str(path))
    links = []
    for entry in entries:
        try:
            links.append(GoldLink(str(entry["a"]), str(entry["b"]), str(entry["relation"]).upper(),
                                  _link_on(entry), entry.get("note")))
        except (KeyError, TypeError) as exc:
            raise GoldFormatError(f"a link needs a, b and relation: {entry!r}", str(path)) from exc
    return links, no_link


def load_gold_corpus(path: Path) -> GoldCorpus:
    """A folder of ``*.gold.yaml`` (and an optional links.yaml), or one file."""
    if path.is_file():
        files = [path]
        links_file = path.parent / "links.yaml"
    else:
        files = sorted(path.glob("*.gold.yaml"))
        links_file = path / "links.yaml"
    if not files:
        raise GoldFormatError("no *.gold.yaml files found", str(path))
    documents = [load_gold_document(f) for f in files]
    corpus = GoldCorpus(documents)
    if links_file.exists():
        corpus.links, corpus.no_link = load_links(links_file)
    return corpus
