"""DOCX -> Document with python-docx: paragraphs (heading/list/quote by
style), tables (rows with cells), hyperlinks, footnotes (``word/footnotes.xml``)
and the core properties as metadata.

Safety before anything is parsed: the zip's central directory must declare
at most ``Limits.max_unpacked_bytes`` in total (a zip bomb is refused without
inflating it; Python's zipfile never reads past a member's declared size),
and no XML part may carry a DOCTYPE or entity declaration (entity-expansion
attacks are refused; python-docx's lxml parser never sees them).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from ..config import Limits
from ..errors import ReadError, TooLarge
from ..model import BlockKind, Document, Footnote, Metadata
from .html import BlockBuilder, InlineText
from .text import clean_url, scan_inline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
_XML_HEAD = 65536


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def check_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open the archive and refuse zip bombs and DTDs before any parsing."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"corrupt DOCX (not a valid zip archive): {exc}") from exc
    total = sum(info.file_size for info in infos)
    if total > limits.max_unpacked_bytes:
        raise TooLarge(f"the DOCX unpacks to {total} bytes, over the limit of {limits.max_unpacked_bytes} "
                       "(a zip bomb?)")
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")):
            head = _member_head(zf, info)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                head = head.decode("utf-16", errors="ignore").encode("utf-8")
            if _DTD.search(head):
                raise ReadError(f"the DOCX part {info.filename} declares a DOCTYPE/entities; refused "
                                "(entity expansion)")
    return zf


def _member_head(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The first bytes of a member; a damaged member (bad header, CRC,
    deflate stream, offset) is a corrupt DOCX, not a crash."""
    try:
        with zf.open(info) as member:
            return member.read(_XML_HEAD)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise ReadError(f"corrupt DOCX: the part {info.filename} is damaged ({type(exc).__name__}: {exc})") from exc


def _run_into(run, into: InlineText, notes: dict[str, str]) -> None:
    for node in run.iterchildren():
        tag = etree.QName(node).localname
        if tag == "t":
            into.add(node.text)
        elif tag in ("tab", "br", "cr"):
            into.add(" ")
        elif tag in ("footnoteReference", "endnoteReference"):
            marker = node.get(_w("id"))
            if marker and marker in notes:
                start = into.size
                into.buf.append(marker)
                into.size += len(marker)
                into.markers.append((start, into.size, marker))


def _paragraph_into(p_el, into: InlineText, rels: dict[str, str], notes: dict[str, str]) -> None:
    for child in p_el.iterchildren():
        tag = etree.QName(child).localname
        if tag == "r":
            _run_into(child, into, notes)
        elif tag == "hyperlink":
            rid = child.get(f"{{{R}}}id")
            url = clean_url(rels.get(rid, "")) if rid else None
            start = into.size
            for run in child.iter(_w("r")):
                _run_into(run, into, notes)
            label = "".join(into.buf)[start:]
            if label.strip():
                lead = len(label) - len(label.lstrip())
                into.links.append((start + lead, into.size, label.strip(), url))
        elif tag in ("ins", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple"):
            _paragraph_into(child, into, rels, notes)


def _kind(paragraph) -> tuple[BlockKind, dict]:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    m = re.match(r"(?i)heading\s*(\d)", style)
    if m:
        return BlockKind.HEADING, {"level": int(m.group(1))}
    if style.lower() == "title":
        return BlockKind.HEADING, {"level": 1}
    if "quote" in style.lower():
        return BlockKind.QUOTE, {}
    ppr = paragraph._p.pPr
    if style.lower().startswith("list") or (ppr is not None and ppr.numPr is not None):
        return BlockKind.LIST_ITEM, {}
    return BlockKind.PARAGRAPH, {}


def _footnotes(zf: zipfile.ZipFile) -> dict[str, str]:
    """Footnote id -> text, from word/footnotes.xml (safe parser)."""
    try:
        raw = zf.read("word/footnotes.xml")
    except KeyError:
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(raw, parser=parser)
    out = {}
    for note in root.iter(_w("footnote")):
        if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in p.iter(_w("t"))) for p in note.iter(_w("p")))
        out[note.get(_w("id"))] = re.sub(r"\s+", " ", text).strip()
    return out


def _short(text: str) -> bool:
    return bool(text) and len(text) <= 40 and len(text.split()) <= 6 and not text.endswith(".") \
        and not re.fullmatch(r"[\d\s.,%]+", text)


def _table(table, builder: BlockBuilder, rels: dict[str, str], notes: dict[str, str]) -> None:
    builder.tables += 1
    headers: list[str | None] = []
    rows = list(table.rows)
    for k, row in enumerate(rows):
        seen, inlines = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a merged cell is listed once per grid column
            seen.add(id(cell._tc))
            inline = InlineText()
            for p in cell.paragraphs:
                _paragraph_into(p._p, inline, rels, notes)
                inline.add(" ")
            inlines.append(inline)
        texts = [i.value().strip() for i in inlines]
        trpr = row._tr.trPr
        marked = trpr is not None and trpr.find(_w("tblHeader")) is not None
        header = k == 0 and (marked or (len(rows) > 1 and all(_short(t) for t in texts)))
        if header:
            headers = texts
        builder.emit_row(inlines, header, headers)


def _properties(doc, zf: zipfile.ZipFile) -> Metadata:
    meta = Metadata()
    props = doc.core_properties
    company = None
    try:
        app = etree.fromstring(zf.read("docProps/app.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
        company = next((n.text for n in app.iter() if etree.QName(n).localname == "Company" and n.text), None)
    except (KeyError, etree.XMLSyntaxError):
        pass
    published = props.created.date().isoformat() if props.created else None
    for name, value in (("title", props.title), ("publisher", company or props.author), ("published", published),
                        ("language", (props.language or "")[:2].lower() or None)):
        if value:
            setattr(meta, name, value.strip())
            meta.origin[name] = "inferred:docx-properties"
    return meta


def parse_docx(data: bytes, limits: Limits | None = None) -> tuple[Document, Metadata]:
    """Document and the metadata from the DOCX core properties."""
    import docx

    limits = limits or Limits()
    zf = check_zip(data, limits)
    notes = _footnotes(zf)
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/... on damaged packages
        raise ReadError(f"corrupt DOCX: {type(exc).__name__}: {exc}") from exc
    rels = {rid: rel.target_ref for rid, rel in doc.part.rels.items() if rel.is_external}
    builder = BlockBuilder()
    for item in doc.iter_inner_content():
        if hasattr(item, "rows"):
            _table(item, builder, rels, notes)
            continue
        inline = InlineText()
        _paragraph_into(item._p, inline, rels, notes)
        kind, attrs = _kind(item)
        builder.emit(kind, inline, **attrs)
    used = {m.marker for m in builder.markers}
    for marker, text in notes.items():
        if marker in used and text:
            inline = InlineText()
            inline.add(text)
            block = builder.emit(BlockKind.FOOTNOTE, inline, marker=marker)
            if block is not None:
                from .text import first_url

                url = first_url(text)
                builder.footnotes.append(Footnote(marker, text, url[0] if url else None, block.start, block.end))
    document = Document(text=builder.text(), format="docx", blocks=builder.blocks, footnotes=builder.footnotes)
    scan_inline(document, builder.markers, builder.links)
    return document, _properties(doc, zf)
