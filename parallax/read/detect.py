"""Which reader a file needs, judged by its content first and its name
second: a PDF named ``.txt`` is read as a PDF."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import UnsupportedFormat

TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx", ""}
MARKDOWN_EXTENSIONS = {".md", ".markdown"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
DOCUMENT_EXTENSIONS = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx"}

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
)


def sniff(data: bytes, path: Path | None = None) -> str:
    """``pdf``, ``docx``, or ``text`` (decoded later, then html/md/txt).

    Raises UnsupportedFormat for recognisably non-document content."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UnsupportedFormat(f"a damaged zip archive, not a document: {exc}") from exc
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedFormat("a zip archive that is not a DOCX document")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and not data[:2048].count(b"\x00"):
                continue  # plain text that happens to start with "MZ"
            raise UnsupportedFormat(f"{what}, not a document")
    return "text"


def text_format(text: str, path: Path | None = None) -> str:
    """``html``, ``md`` or ``txt`` for decoded text."""
    suffix = path.suffix.lower() if path else ""
    head = text.lstrip()[:2048].lower()
    if suffix in HTML_EXTENSIONS or head.startswith(("<!doctype html", "<html")) or \
            ("<body" in head and "</" in head) or (head.startswith("<?xml") and "<html" in head):
        return "html"
    if suffix in MARKDOWN_EXTENSIONS:
        return "md"
    return "txt"
