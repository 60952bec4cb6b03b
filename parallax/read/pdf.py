"""PDF -> Document with pypdf: the text layer page by page (pages joined by
a blank line), structured by the plain-text parser (blank lines, line
layout), and the PDF's document properties as metadata."""

from __future__ import annotations

import io
import logging
import re

from ..config import Limits
from ..errors import EmptyDocument, EncryptedDocument, ReadError, TooLarge
from ..model import Document, Metadata
from .encoding import clean
from .text import parse_structure


def _open(data: bytes):
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # pypdf raises many types on damaged files
        raise ReadError(f"corrupt PDF: {type(exc).__name__}: {exc}") from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # owner-password-only PDFs open with an empty user password
        except Exception as exc:
            raise EncryptedDocument(f"the PDF is encrypted and cannot be opened: {exc}") from exc
        if not opened:
            raise EncryptedDocument("the PDF is encrypted (a password is needed)")
    return reader


# pypdf logs every repair of a damaged file ("EOF marker not found", ...) to
# stderr; for a user the file's one-line reason is the report, so those
# messages are silenced (pypdf still raises on what it cannot repair).
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")


def _page_text(page) -> str:
    """Layout-mode text (it keeps blank lines between paragraphs, which the
    plain mode drops), dedented; wide gaps inside a line that has two or more
    of them become tabs, so a table's columns read as a tab table."""
    try:
        text = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode fails on some fonts; plain mode then
        text = page.extract_text() or ""
    lines = [line.rstrip() for line in text.split("\n")]
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    out = []
    for line in lines:
        line = line[cut:]
        if len(_GAP.findall(line)) >= 2:
            line = _GAP.sub("\t", line)
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))


def _pages_text(reader, limits: Limits) -> str:
    pages = []
    total = 0
    try:
        for page in reader.pages:
            text = _page_text(page)
            total += len(text)
            if total > limits.max_chars:
                raise TooLarge(f"the PDF's text exceeds {limits.max_chars} characters")
            pages.append(text.strip("\n"))
    except (TooLarge, EncryptedDocument):
        raise
    except Exception as exc:
        raise ReadError(f"corrupt PDF: cannot extract text: {type(exc).__name__}: {exc}") from exc
    return clean("\n\n".join(p for p in pages if p.strip()))


def _properties(reader) -> Metadata:
    meta = Metadata()
    try:
        info = reader.metadata
    except Exception:  # a damaged info dictionary: no properties then
        return meta
    if not info:
        return meta
    title = (info.title or "").strip() if hasattr(info, "title") else ""
    author = (info.author or "").strip() if hasattr(info, "author") else ""
    published = None
    raw = info.get("/CreationDate") if hasattr(info, "get") else None
    if raw:
        m = re.search(r"(\d{4})(\d{2})(\d{2})", str(raw))
        if m:
            published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    for name, value in (("title", title), ("publisher", author), ("published", published)):
        if value and not re.fullmatch(r"(?i)untitled|microsoft word.*|\S+\.(?:docx?|pdf)", value):
            setattr(meta, name, value)
            meta.origin[name] = "inferred:pdf-properties"
    return meta


def parse_pdf(data: bytes, limits: Limits | None = None) -> tuple[Document, Metadata]:
    """Document and the metadata from the PDF's properties."""
    limits = limits or Limits()
    reader = _open(data)
    text = _pages_text(reader, limits)
    if not text.strip():
        raise EmptyDocument("the PDF has no text layer (a scan? run OCR first)")
    document = parse_structure(text, "pdf")
    return document, _properties(reader)
