"""Readers for HTML, PDF and DOCX, format detection, encodings, limits and
bad input. Binary fixtures (PDF, DOCX) are generated here, from fictional
text."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from parallax.config import Limits
from parallax.errors import (EmptyDocument, EncryptedDocument, ParallaxError, ReadError, TooLarge,
                             UnsupportedFormat)
from parallax.model import BlockKind, Metadata
from parallax.read import iter_paths, read_bytes, read_path

FIXTURES = Path(__file__).parent / "fixtures" / "read"


# --------------------------------------------------------------------------
# Generators for binary fixtures
# --------------------------------------------------------------------------


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str], info: dict[str, str] | None = None) -> bytes:
    """A one-page PDF with Helvetica text lines, written by hand: the object
    table and offsets are all a reader needs (no PDF library writes text)."""
    ops = ["BT /F1 11 Tf 72 740 Td 14 TL"] + [f"({_esc(line)}) Tj T*" for line in lines] + ["ET"]
    content = "\n".join(ops)
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    if info:
        objs.append("<< " + " ".join(f"/{k} ({_esc(v)})" for k, v in info.items()) + " >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    trailer = f"<< /Size {len(objs) + 1} /Root 1 0 R" + (f" /Info {len(objs)} 0 R" if info else "") + " >>"
    out.write(f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


PDF_LINES = ["Veldra border report", "", "The mission counted ten impacts near Lenz on 3 April.",
             "Two houses burned in the night.", "", "Findings", "",
             "Ostmark denied any fire on the village.", "", "Issued by the Veldra Border Office",
             "", "Friday 4th April 2031"]


def make_encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(PDF_LINES))))
    writer.encrypt(user_password="veldra", owner_password="ostmark", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    '</w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Mission log https://monitor.example.org/log/7</w:t></w:r></w:p>'
    '</w:footnote></w:footnotes>')


def make_docx(with_footnote: bool = True) -> bytes:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.core_properties.title = "Ostmark statement on Lenz"
    d.core_properties.author = "Ostmark Press Office"
    d.add_heading("Statement on the events in Lenz", level=1)
    p = d.add_paragraph("Ostmark forces did not fire on Lenz. The claims are false.")
    if with_footnote:
        run = OxmlElement("w:r")
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), "1")
        run.append(ref)
        p._p.append(run)
    d.add_paragraph("Patrols stayed on the eastern bank", style="List Bullet")
    link_para = d.add_paragraph("Read the ")
    rid = d.part.relate_to("https://ostmark.example/press/90", RT.HYPERLINK, is_external=True)
    hyper = OxmlElement("w:hyperlink")
    hyper.set(qn("r:id"), rid)
    hrun = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "full statement"
    hrun.append(text)
    hyper.append(hrun)
    link_para._p.append(hyper)
    table = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Date", "Event"), ("2 April", "Patrol on the bank."),
                                ("3 April", "Talks with the mission.")]):
        table.cell(r, 0).text = a
        table.cell(r, 1).text = b
    d.add_paragraph("Issued by the Ostmark Press Office")
    out = io.BytesIO()
    d.save(out)
    data = out.getvalue()
    if not with_footnote:
        return data
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/footnotes.xml", FOOTNOTES_XML)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html_doc():
    return read_path(FIXTURES / "report_veldra.html")


def test_html_blocks(html_doc):
    doc = html_doc
    assert doc.format == "html"
    kinds = [b.kind for b in doc.blocks]
    assert kinds[0] == BlockKind.HEADING and doc.text[doc.blocks[0].start:doc.blocks[0].end] == \
        "Shelling near the Korvin bridge"
    assert kinds.count(BlockKind.LIST_ITEM) == 2
    rows = [b for b in doc.blocks if b.kind == BlockKind.TABLE_ROW]
    assert len(rows) == 3 and rows[0].attrs["header"] and rows[1].cells[1].header == "Event"
    assert [doc.text[c.start:c.end] for c in rows[1].cells] == ["3 April", "Artillery fire on the ridge.", "2"]
    assert "tracking" not in doc.text and "Home" not in doc.text and "Copyright" not in doc.text
    quote = next(b for b in doc.blocks if b.kind == BlockKind.QUOTE)
    assert quote.attrs["author"] == "Ana Brel" and quote.attrs["handle"] == "@anabrel"
    assert quote.attrs["posted"] == "2031-04-04"


def test_html_links_markers_footnotes(html_doc):
    doc = html_doc
    report = next(lk for lk in doc.links if lk.text == "the daily report")
    assert report.url == "https://monitor.example.org/r/12"
    assert doc.text[report.start:report.end] == "the daily report"
    assert any(lk.url is None and lk.text == "this page" for lk in doc.links)
    assert [fn.marker for fn in doc.footnotes] == ["1", "2"]
    assert doc.footnotes[1].url == "https://ostmark.example/press/88"
    resolved = sorted((m.marker, doc.footnotes[m.footnote].url) for m in doc.markers)
    assert resolved == [("1", "https://monitor.example.org/r/12"), ("2", "https://ostmark.example/press/88")]
    for m in doc.markers:
        assert any(s <= m.start and m.end <= e for s, e in doc.masked)


def test_html_metadata(html_doc):
    meta = html_doc.meta
    assert meta.title == "Shelling near the Korvin bridge"
    assert meta.publisher == "Veldra Monitoring Mission"
    assert meta.published == "2031-04-05"
    assert meta.language == "en"
    assert meta.origin["published"] == "inferred:html-meta"


def test_deeply_nested_html_never_recursion_error():
    for depth in (300, 5000):
        html = "<html><body>" + "<div><span>" * depth + "deep text" + "</span></div>" * depth + "</body></html>"
        doc = read_bytes(html.encode(), "deep.html")
        assert "deep text" in doc.text


def test_html_entity_declaration_refused():
    html = '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">]><html><body><p>&a;&a;</p></body></html>'
    with pytest.raises(ReadError, match="entit"):
        read_bytes(html.encode(), "bomb.html")


# --------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------


def test_pdf_text_blocks_and_properties(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(PDF_LINES, {"Title": "Border report 14", "Author": "Veldra Border Office",
                                          "CreationDate": "D:20310410120000Z"}))
    doc = read_path(path)
    assert doc.format == "pdf"
    assert "The mission counted ten impacts near Lenz on 3 April." in doc.text
    paras = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == BlockKind.PARAGRAPH]
    assert any(p.startswith("The mission counted") and p.endswith("burned in the night.") for p in paras)
    headings = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == BlockKind.HEADING]
    assert "Findings" in headings
    assert doc.meta.title == "Border report 14" and doc.meta.origin["title"] == "inferred:pdf-properties"
    assert doc.meta.publisher == "Veldra Border Office"
    # a date printed in the text beats the file's creation date
    assert doc.meta.published == "2031-04-04"


def test_pdf_named_txt_is_read_as_pdf(tmp_path):
    path = tmp_path / "looks_like_text.txt"
    path.write_bytes(make_pdf(PDF_LINES))
    doc = read_path(path)
    assert doc.format == "pdf" and "ten impacts" in doc.text


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_encrypted_pdf())
    with pytest.raises(EncryptedDocument) as info:
        read_path(path)
    assert info.value.code == "P103" and "encrypted" in info.value.reason


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref\n")
    with pytest.raises(ReadError) as info:
        read_path(path)
    assert "PDF" in info.value.reason
    assert "\n" not in str(info.value)


# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------


def test_docx_structure(tmp_path):
    path = tmp_path / "statement.docx"
    path.write_bytes(make_docx())
    doc = read_path(path)
    assert doc.format == "docx"
    by_kind = {}
    for b in doc.blocks:
        by_kind.setdefault(b.kind, []).append(doc.text[b.start:b.end])
    assert by_kind[BlockKind.HEADING] == ["Statement on the events in Lenz"]
    assert by_kind[BlockKind.LIST_ITEM] == ["Patrols stayed on the eastern bank"]
    rows = [b for b in doc.blocks if b.kind == BlockKind.TABLE_ROW]
    assert len(rows) == 3 and rows[0].attrs["header"]
    assert [doc.text[c.start:c.end] for c in rows[2].cells] == ["3 April", "Talks with the mission."]
    assert rows[2].cells[1].header == "Event"
    link = next(lk for lk in doc.links if lk.text == "full statement")
    assert link.url == "https://ostmark.example/press/90"
    assert doc.text[link.start:link.end] == "full statement"
    assert [fn.marker for fn in doc.footnotes] == ["1"]
    assert doc.footnotes[0].url == "https://monitor.example.org/log/7"
    assert [(m.marker, m.footnote) for m in doc.markers] == [("1", 0)]
    assert doc.text[doc.markers[0].start - 1] == "."
    assert doc.meta.title == "Ostmark statement on Lenz"
    assert doc.meta.publisher == "Ostmark Press Office"
    assert doc.meta.origin["title"] == "inferred:docx-properties"


def test_docx_zip_bomb_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                           "word/media/big.bin": b"\0" * 5_000_000}))
    with pytest.raises(TooLarge, match="zip bomb"):
        read_path(path, Limits(max_unpacked_bytes=1_000_000))


def test_docx_entity_expansion_refused(tmp_path):
    evil = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    path = tmp_path / "evil.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": evil}))
    with pytest.raises(ReadError, match="DOCTYPE"):
        read_path(path)


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(_zip({"word/document.xml": b"<not really xml", "[Content_Types].xml": b"<x/>"}))
    with pytest.raises(ReadError):
        read_path(path)


def test_zip_that_is_not_docx(tmp_path):
    path = tmp_path / "archive.docx"
    path.write_bytes(_zip({"readme.txt": b"hello"}))
    with pytest.raises(UnsupportedFormat):
        read_path(path)


# --------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------

RUSSIAN = ("Министерство обороны Велдры сообщило, что ночью артиллерия Остмарка обстреляла село Ленц. "
           "По данным наблюдателей, пострадали двенадцать домов, жертв среди мирного населения нет. ") * 3
WESTERN = "Le café du pont « Korvin » a été touché ; l’équipe a vu deux cratères près de la rive. " * 3


@pytest.mark.parametrize("encoding,text", [
    ("cp1251", RUSSIAN),
    ("utf-16", RUSSIAN),  # with BOM
    ("utf-16-le", WESTERN),  # without BOM
    ("utf-8-sig", WESTERN),
    ("cp1252", WESTERN),
    ("latin-1", WESTERN.replace("’", "'")),
    ("utf-8", RUSSIAN),
])
def test_encodings(tmp_path, encoding, text):
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_path(path)
    assert doc.text == text


def test_nul_bytes_and_crlf_cleaned(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Veldra\x00 report\r\n\r\nThe mission saw smoke.\r\n")
    doc = read_path(path)
    assert doc.text == "Veldra report\n\nThe mission saw smoke.\n"


def test_binary_txt_refused(tmp_path):
    path = tmp_path / "random.txt"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(ReadError, match="binary content, not text"):
        read_path(path)


def test_image_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(UnsupportedFormat):
        read_path(path)


# --------------------------------------------------------------------------
# Limits and other bad input
# --------------------------------------------------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument):
        read_path(path)
    (tmp_path / "blank.md").write_text("  \n\n\t\n")
    with pytest.raises(EmptyDocument):
        read_path(tmp_path / "blank.md")


def test_file_size_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_text("Veldra " * 1000)

    def boom(self):  # reading must not even start
        raise AssertionError("read before the size check")

    monkeypatch.setattr(Path, "read_bytes", boom)
    with pytest.raises(TooLarge):
        read_path(path, Limits(max_file_bytes=100))


def test_char_limit(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Veldra report. " * 100)
    with pytest.raises(TooLarge):
        read_path(path, Limits(max_chars=50))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(ReadError):
        read_path(tmp_path)


def test_errors_are_one_line_parallax_errors(tmp_path):
    cases = {"a.pdf": b"%PDF-1.7\n\x00\x01garbage", "b.docx": b"PK\x03\x04broken", "c.txt": os.urandom(2000)}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ParallaxError) as info:
            read_path(tmp_path / name)
        assert "\n" not in info.value.reason and info.value.path


def test_declared_metadata_wins(tmp_path):
    path = tmp_path / "statement.txt"
    path.write_text("Statement of the Ostmark ministry\n\nOstmark denies the reports of the shelling.\n\n"
                    "Issued by the Ostmark Ministry of Defence\n\nFriday 4th April 2031\n")
    declared = Metadata(publisher="Ostmark MoD", side="ostmark", kind="statement")
    doc = read_path(path, declared=declared)
    assert doc.meta.publisher == "Ostmark MoD" and doc.meta.origin["publisher"] == "declared"
    assert doc.meta.side == "ostmark" and doc.meta.origin["side"] == "declared"
    assert doc.meta.published == "2031-04-04" and doc.meta.origin["published"] == "inferred:signature"


# --------------------------------------------------------------------------
# iter_paths
# --------------------------------------------------------------------------


def test_iter_paths(tmp_path):
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / ".hidden").mkdir()
    for rel in ("corpus/b.txt", "corpus/a.md", "corpus/sub/c.html", "corpus/.secret.txt",
                "corpus/.hidden/d.txt", "corpus/parallax.yaml", "corpus/manifest.csv", "corpus/notes.json",
                "other/e.pdf"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    corpus = tmp_path / "corpus"
    assert [p.relative_to(tmp_path).as_posix() for p in iter_paths([str(corpus)])] == \
        ["corpus/a.md", "corpus/b.txt", "corpus/sub/c.html"]
    globbed = iter_paths([str(tmp_path / "other" / "*.pdf"), str(corpus / "b.txt"), str(corpus / "b.txt")])
    assert [p.name for p in globbed] == ["b.txt", "e.pdf"]
    assert iter_paths([str(tmp_path / "missing.txt")]) == [tmp_path / "missing.txt"]


def test_lone_surrogates_and_stray_bytes_in_utf8(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes("Veldra – report ".encode() + b"\xed\xa0\x80" + " – Lenz café".encode())
    assert read_path(path).text == "Veldra – report \ufffd – Lenz café"
    path.write_bytes(("Rivière – Lenz “quoted” " * 20).encode() + b"\xff stray")
    text = read_path(path).text
    assert text.startswith("Rivière – Lenz “quoted”") and text.endswith("\ufffd stray")
