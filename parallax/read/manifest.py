"""Corpus manifests: metadata a user declares for the files of a folder.

``parallax.yaml`` / ``manifest.yaml``::

    corpus: veldra-2031
    actors: [actors.yaml]          # extra data files, relative to the folder
    gazetteer: [places.csv]
    outlets: [outlets.yaml]        # extra outlet table (see parallax/data/outlets.yaml)
    documents:
      statement.txt: {publisher: ..., published: 2031-04-05, side: veldra, kind: statement,
                      title: ..., language: en, locale: en_GB}

or ``manifest.csv`` with columns ``file,publisher,published,side,kind,title``
(``language`` and ``locale`` optional). Declared values win over what the
readers infer.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ManifestError
from ..model import FIELD_DECLARED, Metadata

YAML_NAMES = ("parallax.yaml", "parallax.yml", "manifest.yaml", "manifest.yml")
CSV_NAME = "manifest.csv"
FIELDS = ("publisher", "published", "side", "kind", "title", "language", "locale")
KINDS = {"statement", "briefing", "news", "report", "post", "interview"}


@dataclass
class Manifest:
    folder: Path
    source: Path
    corpus: str | None = None
    actor_files: list[Path] = field(default_factory=list)
    gazetteer_files: list[Path] = field(default_factory=list)
    outlet_files: list[Path] = field(default_factory=list)
    documents: dict[str, Metadata] = field(default_factory=dict)

    def declared_for(self, path: str | Path) -> Metadata | None:
        """Declared metadata of a file: by its path relative to the
        manifest's folder, else by its name."""
        p = Path(path)
        try:
            rel = p.resolve().relative_to(self.folder.resolve()).as_posix()
        except ValueError:
            rel = None
        if rel and rel in self.documents:
            return self.documents[rel]
        return self.documents.get(p.name)


def load_manifest(folder: str | Path) -> Manifest | None:
    """The folder's manifest, or None when it has none. ManifestError with
    the reason when it exists but is invalid."""
    folder = Path(folder)
    for name in YAML_NAMES:
        if (folder / name).is_file():
            return _load_yaml(folder, folder / name)
    if (folder / CSV_NAME).is_file():
        return _load_csv(folder, folder / CSV_NAME)
    return None


def _load_yaml(folder: Path, path: Path) -> Manifest:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise ManifestError(f"invalid manifest: {_first_line(exc)}", str(path)) from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ManifestError("invalid manifest: the top level must be a mapping", str(path))
    unknown = set(raw) - {"corpus", "actors", "gazetteer", "outlets", "documents"}
    if unknown:
        raise ManifestError(f"invalid manifest: unknown key(s) {', '.join(sorted(map(str, unknown)))}", str(path))
    manifest = Manifest(folder=folder, source=path, corpus=_opt_str(raw.get("corpus"), "corpus", path))
    manifest.actor_files = _files(folder, raw.get("actors"), "actors", path)
    manifest.gazetteer_files = _files(folder, raw.get("gazetteer"), "gazetteer", path)
    manifest.outlet_files = _files(folder, raw.get("outlets"), "outlets", path)
    docs = raw.get("documents") or {}
    if isinstance(docs, list):  # also accept a list of {file: ..., ...}
        try:
            docs = {str(d["file"]): {k: v for k, v in d.items() if k != "file"} for d in docs}
        except (TypeError, KeyError) as exc:
            raise ManifestError("invalid manifest: each entry of documents needs a 'file'", str(path)) from exc
    if not isinstance(docs, dict):
        raise ManifestError("invalid manifest: documents must map file names to metadata", str(path))
    for name, values in docs.items():
        manifest.documents[str(name)] = _metadata(values, str(name), path)
    return manifest


def _load_csv(folder: Path, path: Path) -> Manifest:
    manifest = Manifest(folder=folder, source=path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = [c.strip() for c in reader.fieldnames or []]
            if "file" not in columns:
                raise ManifestError("invalid manifest: manifest.csv needs a 'file' column", str(path))
            unknown = set(columns) - {"file", *FIELDS}
            if unknown:
                raise ManifestError(f"invalid manifest: unknown column(s) {', '.join(sorted(unknown))}", str(path))
            for n, row in enumerate(reader, start=2):
                row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                if not row.get("file"):
                    raise ManifestError(f"invalid manifest: line {n} has no file name", str(path))
                values = {k: v for k, v in row.items() if k != "file" and v}
                manifest.documents[row["file"]] = _metadata(values, row["file"], path)
    except (csv.Error, UnicodeDecodeError, OSError) as exc:
        raise ManifestError(f"invalid manifest: {_first_line(exc)}", str(path)) from exc
    return manifest


def _metadata(values: Any, name: str, path: Path) -> Metadata:
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise ManifestError(f"invalid manifest: the entry for {name} must be a mapping", str(path))
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ManifestError(f"invalid manifest: {name}: unknown field(s) {', '.join(sorted(map(str, unknown)))}",
                            str(path))
    meta = Metadata()
    for key, value in values.items():
        if value is None or value == "":
            continue
        if key == "published":
            value = _date(value, name, path)
        elif not isinstance(value, (str, int, float)):
            raise ManifestError(f"invalid manifest: {name}: {key} must be text", str(path))
        if key == "kind" and str(value) not in KINDS:
            raise ManifestError(f"invalid manifest: {name}: kind must be one of {', '.join(sorted(KINDS))}",
                                str(path))
        setattr(meta, key, str(value))
        meta.origin[key] = FIELD_DECLARED
    return meta


def _date(value: Any, name: str, path: Path) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        if len(text) == 4:
            dt.date(int(text), 1, 1)
        elif len(text) == 7:
            dt.date(int(text[:4]), int(text[5:7]), 1)
        else:
            dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ManifestError(f"invalid manifest: {name}: published must be an ISO date (2031-04-05, 2031-04, "
                            f"2031), not {text!r}", str(path)) from exc
    return text


def _opt_str(value: Any, key: str, path: Path) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int)):
        raise ManifestError(f"invalid manifest: {key} must be text", str(path))
    return str(value)


def _files(folder: Path, value: Any, key: str, path: Path) -> list[Path]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ManifestError(f"invalid manifest: {key} must be a list of file paths", str(path))
    out = []
    for item in value:
        p = (folder / item) if not Path(item).is_absolute() else Path(item)
        if not p.is_file():
            raise ManifestError(f"invalid manifest: {key} file not found: {item}", str(path))
        out.append(p)
    return out


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
