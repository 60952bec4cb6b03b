"""Readers: files -> :class:`parallax.model.Document`.

``read_path`` picks the reader by content as well as by name, checks the
limits before reading, and turns every failure on bad input into a
:class:`parallax.errors.ParallaxError` with a one-line reason.
"""

from __future__ import annotations

import glob
from pathlib import Path

from ..config import Limits
from ..errors import EmptyDocument, ParallaxError, ReadError, TooLarge
from ..model import Document, Metadata
from . import meta as _meta
from .detect import DOCUMENT_EXTENSIONS, sniff, text_format
from .encoding import decode_bytes

MANIFEST_NAMES = {"parallax.yaml", "parallax.yml", "manifest.yaml", "manifest.yml", "manifest.csv"}

__all__ = ["read_path", "read_text", "read_bytes", "iter_paths"]


def read_text(text: str, path: str | Path | None = None, fmt: str = "txt",
              declared: Metadata | None = None) -> Document:
    """A Document from in-memory text (``fmt``: txt, md or html)."""
    where = str(path) if path else None
    if not text.strip():
        raise EmptyDocument("the document is empty", where)
    extra = None
    try:
        if fmt == "html":
            from .html import parse_html

            document, extra = parse_html(text)
        else:
            from .text import parse_structure

            document = parse_structure(text, fmt)
        return _finish(document, path, extra, declared, how=fmt)
    except ParallaxError as exc:
        exc.path = exc.path or where
        raise
    except RecursionError as exc:
        raise ReadError("the document is nested too deeply to read", where) from exc
    except Exception as exc:  # a reader bug must not crash a batch: report it as this file's error
        raise ReadError(f"could not read the text: {type(exc).__name__}: {exc}", where) from exc


def _finish(document: Document, path: str | Path | None, extra: Metadata | None,
            declared: Metadata | None, how: str) -> Document:
    if not document.text.strip():
        raise EmptyDocument("no text in the document", str(path) if path else None)
    document.path = str(path) if path is not None else None
    document.meta = _meta.merge(_meta.infer(document, extra, how), declared)
    return document


def read_bytes(data: bytes, path: str | Path | None = None, limits: Limits | None = None,
               declared: Metadata | None = None) -> Document:
    """A Document from file bytes (the reader chosen by content, then name)."""
    limits = limits or Limits()
    where = str(path) if path is not None else None
    p = Path(path) if path is not None else None
    if len(data) > limits.max_file_bytes:
        raise TooLarge(f"file is {len(data)} bytes, the limit is {limits.max_file_bytes}", where)
    if not data.strip():
        raise EmptyDocument("the file is empty", where)
    try:
        kind = sniff(data, p)
        if kind == "pdf":
            from .pdf import parse_pdf

            document, extra = parse_pdf(data, limits)
        elif kind == "docx":
            from .docx import parse_docx

            document, extra = parse_docx(data, limits)
        else:
            text, _ = decode_bytes(data)
            _check_chars(text, limits)
            return read_text(text, path, text_format(text, p), declared)
        _check_chars(document.text, limits)
        return _finish(document, path, extra, declared, how=kind)
    except ParallaxError as exc:
        exc.path = exc.path or where
        raise
    except RecursionError as exc:
        raise ReadError("the document is nested too deeply to read", where) from exc
    except Exception as exc:  # a library failing on bad input: report, never crash
        raise ReadError(f"could not read the file: {type(exc).__name__}: {exc}", where) from exc


def _check_chars(text: str, limits: Limits) -> None:
    if len(text) > limits.max_chars:
        raise TooLarge(f"the text has {len(text)} characters, the limit is {limits.max_chars}")


def read_path(path: str | Path, limits: Limits | None = None, declared: Metadata | None = None) -> Document:
    """Read one file into a Document. The size limit is checked before the
    file is read; declared metadata wins over inferred values."""
    limits = limits or Limits()
    p = Path(path)
    try:
        if not p.exists():
            raise ReadError("no such file", str(p))
        if not p.is_file():
            raise ReadError("not a regular file", str(p))
        size = p.stat().st_size
        if size > limits.max_file_bytes:
            raise TooLarge(f"file is {size} bytes, the limit is {limits.max_file_bytes}", str(p))
        if size == 0:
            raise EmptyDocument("the file is empty", str(p))
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot open the file: {exc.strerror or exc}", str(p)) from exc
    return read_bytes(data, p, limits, declared)


def _hidden(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    return any(part.startswith(".") for part in parts)


def _folder_files(folder: Path) -> list[Path]:
    out = []
    for p in folder.rglob("*"):
        if not p.is_file() or _hidden(p, folder) or p.name.lower() in MANIFEST_NAMES:
            continue
        if p.suffix.lower() in DOCUMENT_EXTENSIONS:
            out.append(p)
    return out


def iter_paths(args: list[str]) -> list[Path]:
    """Files named on a command line: files as given, folders recursively
    (document files only; hidden files and manifests skipped), globs
    expanded. Sorted, without duplicates; a missing path is kept so that
    reading it reports the error."""
    found: set[Path] = set()
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            found.update(_folder_files(p))
        elif p.exists():
            found.add(p)
        elif any(ch in arg for ch in "*?["):
            for hit in glob.glob(arg, recursive=True):
                hp = Path(hit)
                if hp.is_dir():
                    found.update(_folder_files(hp))
                elif hp.is_file() and not hp.name.startswith(".") and hp.name.lower() not in MANIFEST_NAMES:
                    found.add(hp)
        else:
            found.add(p)
    return sorted(found)
