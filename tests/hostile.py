"""Builders of hostile and good input files, shared by the tests
(tests/test_hostile.py, tests/test_fuzz_readers.py, tests/test_kill.py) and
the benchmarks (bench/*.py add this folder to ``sys.path``).

Everything is generated: fictional statements about the Republic of Veldra
and the Kingdom of Ostmark, hand-written PDFs, DOCX files made with
python-docx, and hostile variants of them. Nothing here is read from the
seeds.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path

# --------------------------------------------------------------------------
# Good documents
# --------------------------------------------------------------------------

PLACES = ["Dorva", "Lisk", "Tamber", "Marrow", "Lenz", "Kessel", "Orvieto Pass", "the Ashen valley"]
ISSUERS = ["Ministry of Defence of Veldra", "Ministry of Foreign Affairs of Ostmark", "the Border Monitoring Mission",
           "the Ostmark Press Agency", "the Veldran General Staff", "the Office of the President of Veldra"]
ACTIONS = ["shelled positions near {p} with mortars", "struck a fuel depot in {p} with drones",
           "withdrew two battalions from {p}", "opened a humanitarian corridor from {p}",
           "reported shooting along the road to {p}", "met monitors in {p} to discuss a ceasefire"]
SUBJECTS = ["Units of the Ostmark army", "Veldran forces", "Ostmark border guards", "A Veldran artillery unit",
            "Monitors of the mission", "Ostmark officials"]
MONTHS = ["January", "February", "March", "April", "May", "June"]


def statement(n: int) -> str:
    """A short fictional statement, different for every ``n`` (so every
    file has its own content hash)."""
    rng = random.Random(n)
    place = rng.choice(PLACES)
    day, month = rng.randint(1, 28), rng.choice(MONTHS)
    lines = [f"Statement no. {n} of {rng.choice(ISSUERS)}", ""]
    for _ in range(rng.randint(2, 4)):
        action = rng.choice(ACTIONS).format(p=rng.choice(PLACES))
        lines.append(f"On {day} {month} 2031, {rng.choice(SUBJECTS).lower() if rng.random() < 0.3 else rng.choice(SUBJECTS)} "
                     f"{action}.")
    killed, wounded = rng.randint(0, 9), rng.randint(1, 20)
    lines.append(f"{killed} soldiers were killed and {wounded} were wounded near {place}, the statement said.")
    lines += ["", f"Issued in {rng.choice(PLACES)}, {day} {month} 2031 (reference {n:05d})", ""]
    return "\n".join(lines)


def statement_html(n: int) -> str:
    paras = [p for p in statement(n).split("\n") if p.strip()]
    body = f"<h1>{paras[0]}</h1>" + "".join(f"<p>{p}</p>" for p in paras[1:])
    return f"<!doctype html><html lang='en'><head><title>Report {n}</title></head><body>{body}</body></html>"


def good_files(count: int) -> dict[str, bytes]:
    """``count`` short varied statements as .txt, .md and .html files."""
    out = {}
    for n in range(count):
        kind = n % 4
        if kind == 3:
            out[f"report_{n:04d}.html"] = statement_html(n).encode("utf-8")
        elif kind == 2:
            out[f"briefing_{n:04d}.md"] = ("# " + statement(n)).encode("utf-8")
        else:
            out[f"statement_{n:04d}.txt"] = statement(n).encode("utf-8")
    return out


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Helvetica text lines, written by hand (object
    table and offsets), so no PDF-writing library is needed."""
    ops = ["BT /F1 11 Tf 72 740 Td 14 TL"] + [f"({_esc(line)}) Tj T*" for line in lines] + ["ET"]
    content = "\n".join(ops)
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
             "/Resources << /Font << /F1 5 0 R >> >> >>"),
            f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
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
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def good_pdf(n: int = 1) -> bytes:
    return make_pdf(statement(n).split("\n"))


def good_docx(n: int = 1) -> bytes:
    import docx

    d = docx.Document()
    lines = [line for line in statement(n).split("\n") if line.strip()]
    d.core_properties.title = lines[0]
    d.add_heading(lines[0], level=1)
    for line in lines[1:]:
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate([("Date", "Event"), ("3 April", "Patrol on the eastern bank.")]):
        table.cell(r, 0).text = a
        table.cell(r, 1).text = b
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------
# Hostile files
# --------------------------------------------------------------------------


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf(7))))
    writer.encrypt(user_password="veldra", owner_password="ostmark", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf() -> bytes:
    data = good_pdf(8)
    return data[: len(data) // 3]


def random_pdf(seed: int = 1, size: int = 20_000) -> bytes:
    return b"%PDF-1.7\n" + random.Random(seed).randbytes(size)


def corrupt_docx() -> bytes:
    data = good_docx(9)
    mid = len(data) // 2
    return data[:mid] + random.Random(9).randbytes(2000) + data[mid + 2000:]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(unpacked_gib: float = 4.0) -> bytes:
    """A DOCX (a real one plus one member) whose extra member inflates to
    ``unpacked_gib`` GiB of zeros. The member is compressed chunk by chunk
    with zlib level 9 (deflate's ratio is about 1000:1, so 4 GiB take about
    4 MB) and never held in memory uncompressed."""
    size = int(unpacked_gib * 2**30)
    base = zipfile.ZipFile(io.BytesIO(good_docx(10)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for info in base.infolist():
            zf.writestr(info.filename, base.read(info))
        info = zipfile.ZipInfo("word/media/image1.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size = size
        with zf.open(info, "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            written = 0
            while written < size:
                step = min(len(chunk), size - written)
                member.write(chunk[:step])
                written += step
    return out.getvalue()


def forged_zip_bomb_docx(declared: int = 0xFFFF_0000) -> bytes:
    """A DOCX whose central directory *declares* ``declared`` bytes for a
    small member (a forged directory: cheap to build, the same refusal)."""
    data = bytearray(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                           "word/media/big.bin": b"\0" * 1000}))
    name = b"word/media/big.bin"
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode())
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header: uncompressed size
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    struct.pack_into("<I", data, central + 24, declared)  # central directory: uncompressed size
    return bytes(data)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
               for i in range(1, 10))
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
      b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")


def billion_laughs_docx() -> bytes:
    base = zipfile.ZipFile(io.BytesIO(good_docx(11)))
    members = {info.filename: base.read(info) for info in base.infolist()}
    members["word/document.xml"] = BILLION_LAUGHS
    return _zip(members)


def billion_laughs_html() -> bytes:
    return BILLION_LAUGHS.replace(b"w:document", b"html").replace(b"<w:body><w:p><w:r><w:t>", b"<body><p>") \
        .replace(b"</w:t></w:r></w:p></w:body>", b"</p></body>")


def external_entity_html() -> bytes:
    return (b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b"<html><body><p>&xxe;</p></body></html>")


def nested_html(depth: int = 200_000) -> bytes:
    return (b"<html><body>" + b"<div>" * depth + b"Veldra shelled Dorva on 3 March. " + b"</div>" * depth
            + b"</body></html>")


def no_sentence_end_text(size: int = 10 * 1024 * 1024) -> bytes:
    """``size`` bytes of words with no full stop and no newline."""
    words = b"veldra ostmark border patrol shelling dorva lisk monitors ceasefire talks "
    return (words * (size // len(words) + 1))[:size]


def nul_text() -> bytes:
    """A good statement with NUL bytes sprinkled in (under the binary share)."""
    text = statement(12).encode("utf-8")
    return b"\x00".join(text[i:i + 60] for i in range(0, len(text), 60))


def hostile_files(bomb_gib: float = 4.0, text_bytes: int = 10 * 1024 * 1024, forged_bomb: bool = False
                  ) -> dict[str, bytes]:
    """Bad files by name, with the reason code each must fail with.
    ``forged_bomb`` replaces the real zip bomb (seconds to build) by one
    whose directory is forged."""
    return {
        "empty.txt": b"",
        "random_bytes.txt": random.Random(3).randbytes(50_000),
        "truncated.pdf": truncated_pdf(),
        "random_after_header.pdf": random_pdf(),
        "encrypted.pdf": encrypted_pdf(),
        "corrupt.docx": corrupt_docx(),
        "zip_bomb.docx": forged_zip_bomb_docx() if forged_bomb else zip_bomb_docx(bomb_gib),
        "billion_laughs.docx": billion_laughs_docx(),
        "billion_laughs.html": billion_laughs_html(),
        "xxe.html": external_entity_html(),
        "nested_200k.html": nested_html(200_000),
        "no_sentence_end.txt": no_sentence_end_text(text_bytes),
    }


# The code each hostile file fails with under the default limits.
EXPECTED_CODES = {
    "empty.txt": "P101", "random_bytes.txt": "P100", "truncated.pdf": "P100", "random_after_header.pdf": "P100",
    "encrypted.pdf": "P103", "corrupt.docx": "P100", "zip_bomb.docx": "P104", "billion_laughs.docx": "P100",
    "billion_laughs.html": "P100", "xxe.html": "P100",
    "nested_200k.html": "P104",  # 2.2 M characters of markup > PARALLAX_MAX_CHARS; with a raised limit it is read
    "no_sentence_end.txt": "P104",  # 10 M characters > PARALLAX_MAX_CHARS
}


def write_folder(folder: Path, good: int = 6, **hostile_options) -> tuple[list[str], list[str]]:
    """The done-when folder: good documents (txt/md/html/pdf/docx, cp1251,
    UTF-16, one with NUL bytes) mixed with every hostile file. Returns the
    names of the good files and of the bad ones."""
    folder.mkdir(parents=True, exist_ok=True)
    good_ones = dict(good_files(good))
    good_ones["good_statement.pdf"] = good_pdf(100)
    good_ones["good_statement.docx"] = good_docx(101)
    good_ones["good_cp1251.txt"] = ("Заявление министерства обороны\n\n" + statement(102)).encode("cp1251")
    good_ones["good_utf16.txt"] = statement(103).encode("utf-16")
    good_ones["good_utf8_bom.md"] = statement(104).encode("utf-8-sig")
    good_ones["nul_bytes.txt"] = nul_text()
    bad = hostile_files(**hostile_options)
    for name, data in {**good_ones, **bad}.items():
        (folder / name).write_bytes(data)
    return sorted(good_ones), sorted(bad)


# --------------------------------------------------------------------------
# Fuzzing: the readers' contract, mutations of seed files, Hypothesis strategies
# --------------------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
EXTENSIONS = (".txt", ".md", ".html", ".pdf", ".docx", "")


def seed_files() -> dict[str, bytes]:
    """The example corpus plus generated PDF and DOCX files: what the
    mutation fuzzer starts from."""
    seeds = {p.name: p.read_bytes() for p in sorted(EXAMPLES.iterdir()) if p.is_file()
             and p.suffix in (".txt", ".md", ".html")}
    seeds["statement.pdf"] = good_pdf(20)
    seeds["statement.docx"] = good_docx(21)
    seeds["statement_cp1251.txt"] = ("Заявление\n\n" + statement(22)).encode("cp1251")
    seeds["statement_utf16.txt"] = statement(23).encode("utf-16-le")
    return seeds


def mutate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """One to four random edits: flipped bytes, truncation, a splice with
    another seed, inserted or deleted runs, a duplicated chunk."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        n = len(out)
        if op == 0 and n:  # flip bytes
            for _ in range(rng.randint(1, 32)):
                out[rng.randrange(n)] ^= 1 << rng.randrange(8)
        elif op == 1 and n:  # truncate
            del out[rng.randrange(n):]
        elif op == 2:  # splice with another file
            cut_a, cut_b = rng.randrange(n + 1), rng.randrange(len(other) + 1)
            out = out[:cut_a] + other[cut_b:]
        elif op == 3:  # insert random or special bytes
            chunk = rng.choice([rng.randbytes(rng.randint(1, 64)), b"\x00" * 8, b"\xff\xfe", b"\xed\xa0\x80",
                                b"<!ENTITY x 'y'>", b"<div>" * 50, b"\r\n" * 5, b"%PDF-1.4"])
            pos = rng.randrange(n + 1)
            out[pos:pos] = chunk
        elif op == 4 and n:  # delete a run
            pos = rng.randrange(n)
            del out[pos:pos + rng.randint(1, 256)]
        elif n:  # duplicate a chunk
            pos = rng.randrange(n)
            out[pos:pos] = out[pos:pos + rng.randint(1, 512)]
    return bytes(out)


def mutation_cases(seed: int, count: int):
    """``count`` (name, bytes) mutants, reproducible from ``seed``."""
    rng = random.Random(seed)
    seeds = seed_files()
    names = list(seeds)
    for _ in range(count):
        name = rng.choice(names)
        data = mutate(rng, seeds[name], seeds[rng.choice(names)])
        ext = Path(name).suffix if rng.random() < 0.8 else rng.choice(EXTENSIONS)
        yield f"mutant{ext}", data


class ContractBroken(AssertionError):
    """A reader let something other than a Document or a ParallaxError out,
    or returned a Document that breaks its invariants."""


def check_reader(data: bytes, name: str, limits=None) -> str:
    """Read ``data``; return ``"ok"`` or the error code. Raises
    ContractBroken when the readers' contract is broken."""
    from parallax.errors import ParallaxError
    from parallax.model import Document
    from parallax.read import read_bytes

    try:
        doc = read_bytes(data, name, limits)
    except ParallaxError as exc:
        if not exc.reason or not isinstance(exc.reason, str):
            raise ContractBroken(f"{type(exc).__name__} without a reason") from exc
        return exc.code
    except Exception as exc:  # the contract: nothing else may escape
        raise ContractBroken(f"{name}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(doc, Document) or not doc.text.strip():
        raise ContractBroken(f"{name}: not a Document with text: {doc!r:.200}")
    if "\x00" in doc.text or any("\ud800" <= ch <= "\udfff" for ch in doc.text):
        raise ContractBroken(f"{name}: NUL or lone surrogate left in the text")
    for block in doc.blocks:
        if not 0 <= block.start <= block.end <= len(doc.text):
            raise ContractBroken(f"{name}: block {block.start}-{block.end} outside the text")
    return "ok"


def wrapped_bug(code: str, reason: str) -> bool:
    """A library exception the readers' safety net caught (a reader bug worth
    a look, though the contract holds)."""
    return reason.startswith(("could not read the", "could not read the text"))


def strategies():
    """Hypothesis strategies: (text bytes, HTML text, DOCX bytes)."""
    from hypothesis import strategies as st

    encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251", "cp1252",
                                 "latin-1"])
    pieces = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30) | st.sampled_from(
        ["\x00", "\ufeff", "\r\n", ".", "\n\n", "¹", "[1]", "http://x.example/a", "<b>", "**", "\t", "Veldra "])
    text = st.lists(pieces, max_size=30).map("".join)

    @st.composite
    def encoded(draw):
        value, enc = draw(text), draw(encodings)
        return value.encode(enc, errors="replace")

    texts = encoded() | st.binary(max_size=600)

    tags = st.sampled_from(["p", "div", "span", "a", "sup", "table", "tr", "td", "th", "ul", "li", "h1", "h3",
                            "blockquote", "script", "br", "article", "nav", "time", "meta", "section", "pre"])
    words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40) | st.sampled_from(
        ["&amp;", "&nbsp;", "&#0;", "&#xD800;", "&bogus;", "Veldra shelled Dorva.", "<!--", "]]>", "<![CDATA["])
    attrs = st.sampled_from(["", ' href="http://a.example/x"', ' id="fn1"', ' class="footnote"',
                             ' datetime="2031-04-04"', ' href="javascript:x"', " id=fn-2", ' lang="en"'])

    def element(children):
        return st.builds(lambda t, a, c, closed: f"<{t}{a}>{''.join(c)}" + (f"</{t}>" if closed else ""),
                         tags, attrs, st.lists(children, max_size=5), st.booleans())

    html = st.recursive(words, element, max_leaves=40).map(
        lambda body: f"<html><head><title>t</title></head><body>{body}</body></html>")

    run_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)

    @st.composite
    def docx_bytes(draw):
        from xml.sax.saxutils import escape

        paras = []
        for _ in range(draw(st.integers(0, 6))):
            runs = "".join(f"<w:r><w:t xml:space=\"preserve\">{escape(draw(run_text))}</w:t></w:r>"
                           for _ in range(draw(st.integers(0, 3))))
            style = draw(st.sampled_from(["", '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>',
                                          '<w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr>']))
            extra = draw(st.sampled_from(["", '<w:r><w:footnoteReference w:id="1"/></w:r>',
                                          '<w:hyperlink r:id="rId99"><w:r><w:t>x</w:t></w:r></w:hyperlink>',
                                          "<w:r><w:tab/></w:r>"]))
            paras.append(f"<w:p>{style}{runs}{extra}</w:p>")
        body = "".join(paras)
        xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
               'wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
               f'relationships"><w:body>{body}</w:body></w:document>')
        # XML 1.0 forbids most control characters: some cases keep them on purpose
        if draw(st.booleans()):
            xml = "".join(ch for ch in xml if ch in "\t\n\r" or ord(ch) >= 0x20)
        return replace_member(_BASE_DOCX(), "word/document.xml", xml.encode("utf-8"))

    return texts, html, docx_bytes()


_BASE: dict[str, bytes] = {}


def _BASE_DOCX() -> bytes:
    if "docx" not in _BASE:
        _BASE["docx"] = good_docx(30)
    return _BASE["docx"]


def replace_member(docx_data: bytes, member: str, data: bytes) -> bytes:
    base = zipfile.ZipFile(io.BytesIO(docx_data))
    members = {info.filename: base.read(info) for info in base.infolist()}
    members[member] = data
    return _zip(members)


# --------------------------------------------------------------------------
# Crash safety: kill `parallax analyze` at random moments, then check the store
# --------------------------------------------------------------------------

PARALLAX = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "parallax"


def analyze_cmd(folder: Path, url: str) -> list[str]:
    import sys

    exe = Path(sys.executable).parent / "parallax"
    return [str(exe if exe.exists() else PARALLAX), "analyze", str(folder), "--db", url, "--quiet"]


def kill_round(folder: Path, url: str, delay: float, after_first_write: bool = False) -> bool:
    """Start ``parallax analyze`` and SIGKILL it ``delay`` seconds later
    (with ``after_first_write``: ``delay`` seconds after the store's document
    count first grows, so that the kill lands while documents are being
    written, not while the model loads). Returns False when the run finished
    before the kill."""
    import os
    import signal
    import subprocess
    import time

    start_count = open_store_stats(url)["documents"] if after_first_write else 0
    proc = subprocess.Popen(analyze_cmd(folder, url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PARALLAX_DB": ""})
    deadline = None if after_first_write else time.monotonic() + delay
    while deadline is None or time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if deadline is None:
            if _document_count(url) > start_count:
                deadline = time.monotonic() + delay
            time.sleep(0.1)
        else:
            time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def _document_count(url: str) -> int:
    """The stored documents, read cheaply while another process writes."""
    from sqlalchemy import create_engine, text

    from parallax.store.engine import normalise_url

    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT COUNT(*) FROM documents")) or 0
    except Exception:  # noqa: BLE001 - the schema may not exist yet
        return 0
    finally:
        engine.dispose()


def run_to_completion(folder: Path, url: str):
    import subprocess

    return subprocess.run(analyze_cmd(folder, url), capture_output=True, text=True, timeout=1800, check=False)


def store_problems(url: str, expected_documents: int | None) -> list[str]:
    """What is wrong with the store after the kills (empty: nothing): every
    document stored exactly once, none partial, the file intact."""
    from sqlalchemy import create_engine, text

    from parallax.store.engine import normalise_url

    problems = []
    stats = open_store_stats(url)
    if expected_documents is not None and stats["documents"] != expected_documents:
        problems.append(f"{stats['documents']} documents stored, {expected_documents} files")
    if stats["failed"]:
        problems.append(f"{stats['failed']} failures recorded")
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            rows, hashes = conn.execute(text("SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM documents")).one()
            if rows != hashes:
                problems.append(f"{rows} document rows but {hashes} distinct content hashes")
            for table in ("sentences", "blocks"):
                partial = conn.scalar(text(f"SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
                                           f"(SELECT 1 FROM {table} x WHERE x.document_id = d.id)"))
                if partial:
                    problems.append(f"{partial} documents without {table} (partial)")
            if engine.dialect.name == "sqlite":
                check = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
                if check != ["ok"]:
                    problems.append(f"integrity_check: {check[:5]}")
    finally:
        engine.dispose()
    return problems


def open_store_stats(url: str) -> dict[str, int]:
    from parallax.store import open_store

    store = open_store(url)
    try:
        return store.stats()
    finally:
        store.close()
