"""Structure of plain text and Markdown: blocks, footnotes, markers,
links and the markup ranges the NLP must not see.

The text is kept exactly as decoded (markup included) so gold quotes are
exact substrings; everything here is offsets into it. Hand-written rather
than a Markdown library: pasted briefings are not valid Markdown (tab tables,
superscript footnote markers, social posts pasted as text), and a Markdown
parser gives no source offsets for inline content.

The parse goes line by line: footnote definitions, embedded posts, tables
(tab- or pipe-separated, including a row continued after footnotes), list
items, block quotes and headings are recognised first; other consecutive
lines form paragraphs. Then one inline pass finds links, markup and
footnote markers over the whole text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Block, BlockKind, Cell, Document, Footnote, Link, MarkerRef


SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TABLE = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
SUP_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")

URL_START = r"(?:https?://|www\.)"
BARE_URL = re.compile(URL_START + r"[^\s<>\"'`]+", re.I)
AUTOLINK = re.compile(r"<(" + URL_START + r"[^\s<>]+)>", re.I)
MD_LINK = re.compile(r"(?P<img>!?)\[(?P<text>[^\[\]\n]*)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
                     r"(?:\s+\"[^\"\n]*\")?\)")
# The link text may not run past another <a or </a: with ".*?" every
# unclosed <a> would rescan to the end of the text (quadratic on hostile input).
HTML_A = re.compile(r"<a\s[^<>]*?href\s*=\s*[\"'](?P<url>[^\"'<>]*)[\"'][^<>]*>"
                    r"(?P<text>(?:[^<]|<(?!/?a[\s>]))*?)</a\s*>",
                    re.I | re.S)
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
BOLD = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")
EMPHASIS = re.compile(r"(?<![*\w])\*(?=[^\s*])[^*\n]+?(?<=[^\s*])\*(?![*\w])")
MD_FOOTNOTE_REF = re.compile(r"\[\^(?P<m>[\w-]{1,10})\](?!:)")

# Footnote definitions at the start of a line.
FN_SUPER = re.compile(rf"^[ \t]*(?P<m>[{SUPERSCRIPT_DIGITS}]+)[ \t]*(?P<body>\S.*)$")
FN_BRACKET = re.compile(r"^[ \t]*\[\^?(?P<m>\d{1,3}|[\w-]{1,10})\]:?[ \t]+(?P<body>\S.*)$")
FN_DIGIT_URL = re.compile(r"^[ \t]*(?P<m>\d{1,3})[.)]?[ \t]+(?P<body>(?:<?" + URL_START + r"|\[).*)$", re.I)
FN_DIGIT = re.compile(r"^[ \t]*(?P<m>\d{1,3})[.)]?[ \t]+(?P<body>\S.*)$")
NOTES_HEADING = re.compile(r"^\W*(notes|footnotes|endnotes|references|sources)\W*$", re.I)

MD_HEADING = re.compile(r"^(?P<hash>[ \t]{0,3}#{1,6})[ \t]+(?P<body>.*?)[ \t#]*$")
RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$")
BULLET = re.compile(
    r"^(?P<b>[ \t]*(?:(?:[-+•●▪◦‣–]|\*(?!\*))[ \t]+(?:\*(?!\*)[ \t]*)?"
    r"|(?:[-+•●▪◦‣]|\*(?!\*))(?=[A-Z\"“'(])"
    r"|\d{1,3}[.)][ \t]+|\(?[a-z]\)[ \t]+))(?=\S)")
BLOCKQUOTE = re.compile(r"^[ \t]*>[ \t]?")
PIPE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
PIPE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)+\|?[ \t]*$")
SOURCE_HEADER = re.compile(r"\b(source|sources|ref|refs|reference|references|note|notes|citation|footnote)s?\b", re.I)
UNIT_BEFORE = re.compile(r"(?:^|[^A-Za-z])(?:km|m|cm|mm|ft|mi|in|sq)$")
GLUED_DIGITS = re.compile(r"(?:(?<=[a-z]{2})|(?<=[.,;:!?)\]\"”’]))(?P<m>\d{1,3})(?=$|[\s,.;:)])", re.M)


@dataclass
class Line:
    start: int
    end: int  # end of content, before the newline
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def content(self) -> tuple[int, int]:
        """Offsets of the line without surrounding whitespace."""
        lead = len(self.text) - len(self.text.lstrip())
        trail = len(self.text.rstrip())
        return self.start + lead, self.start + trail


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def sup_to_digits(marker: str) -> str:
    return marker.translate(_SUP_TABLE)


def strip_markup(text: str) -> str:
    """Text without inline markup (tags, bold marks, link syntax, markers)."""
    text = re.sub(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+", "", text)
    text = MD_LINK.sub(lambda m: m.group("text"), text)
    text = AUTOLINK.sub(lambda m: m.group(1), text)
    text = HTML_TAG.sub("", text)
    text = BOLD.sub("", text)
    text = SUP_RUN.sub("", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def first_url(text: str) -> tuple[str, int, int] | None:
    """The first URL in a string (markdown link target, autolink or bare)."""
    hits = []
    for m in MD_LINK.finditer(text):
        url = clean_url(m.group("url"))
        if url:
            hits.append((m.start(), url, m.end()))
    for m in AUTOLINK.finditer(text):
        hits.append((m.start(), m.group(1), m.end()))
    for m in BARE_URL.finditer(text):
        url = trim_url(m.group(0))
        hits.append((m.start(), url, m.start() + len(url)))
    if not hits:
        return None
    start, url, end = min(hits)
    return url, start, end


def clean_url(url: str) -> str | None:
    """None for placeholders (``#``, ``#anchor``, ``javascript:``, empty)."""
    url = url.strip().strip("<>").strip()
    if not url or url.startswith("#") or url.lower().startswith("javascript:"):
        return None
    return url


def trim_url(url: str) -> str:
    """Drop trailing punctuation that ends the sentence, not the URL;
    keep a closing parenthesis that balances one inside the URL."""
    while url and url[-1] in ".,;:!?'\"”’)]}>":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


# --------------------------------------------------------------------------
# Line-level structure
# --------------------------------------------------------------------------


@dataclass
class _State:
    text: str
    lines: list[Line]
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    masked: list[tuple[int, int]] = field(default_factory=list)
    markers: list[MarkerRef] = field(default_factory=list)
    tables: int = 0
    in_notes: bool = False
    # the last table: (index, column count, headers, last row block index)
    last_table: tuple[int, int, list[str | None], int] | None = None
    since_table_only_notes: bool = False


def parse_structure(text: str, fmt: str = "txt") -> Document:
    """Blocks, footnotes, markers, links and masked ranges of plain text."""
    state = _State(text, split_lines(text))
    _parse_lines(state)
    doc = Document(text=text, format=fmt, blocks=state.blocks, footnotes=state.footnotes,
                   masked=state.masked)
    scan_inline(doc, state.markers)
    return doc


def _standalone(lines: list[Line], i: int) -> bool:
    before = i == 0 or lines[i - 1].blank
    after = i + 1 >= len(lines) or lines[i + 1].blank
    return before and after


def _parse_lines(st: _State) -> None:
    lines = st.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        handled = (_footnote_line(st, i) or _post(st, i) or _table(st, i) or _md_heading(st, i)
                   or _rule(st, i) or _list_item(st, i) or _blockquote(st, i))
        if handled:
            i = handled
            continue
        i = _paragraph(st, i)


def _add_block(st: _State, kind: BlockKind, start: int, end: int, **attrs) -> Block:
    block = Block(kind, start, end, attrs=attrs)
    st.blocks.append(block)
    if kind != BlockKind.FOOTNOTE:
        st.since_table_only_notes = False
    return block


def _footnote_line(st: _State, i: int) -> int | None:
    line = st.lines[i]
    m = FN_SUPER.match(line.text) or FN_BRACKET.match(line.text) or FN_DIGIT_URL.match(line.text)
    if m is None and st.in_notes:
        m = FN_DIGIT.match(line.text)
    if m is None:
        return None
    marker = sup_to_digits(m.group("m"))
    body = m.group("body").rstrip()
    body_start = line.start + m.start("body")
    start, end = line.content
    url = first_url(body)
    st.footnotes.append(Footnote(marker, body, url[0] if url else None, body_start, body_start + len(body)))
    keep_table_link = st.since_table_only_notes
    _add_block(st, BlockKind.FOOTNOTE, start, end, marker=marker)
    st.since_table_only_notes = keep_table_link
    mstart = line.start + m.start("m")
    st.masked.append((mstart, line.start + m.end("m")))
    return i + 1


def _post(st: _State, i: int) -> int | None:
    found = match_post(st.lines, i)
    if found is None:
        return None
    for kind_start, kind_end, attrs in found.blocks:
        _add_block(st, BlockKind.QUOTE, kind_start, kind_end, **attrs)
    # indices of nested/continued parts refer to the blocks just added
    base = len(st.blocks) - len(found.blocks)
    for block in st.blocks[base:]:
        for key in ("quoted_by", "post", "quotes"):
            if key in block.attrs and block.attrs[key] is not None:
                block.attrs[key] += base
    st.masked.extend(found.masked)
    return found.next_line


# ---- tables ---------------------------------------------------------------


def _cells_tab(line: Line) -> list[tuple[int, int]]:
    cells, pos = [], line.start
    for part in line.text.split("\t"):
        lead = len(part) - len(part.lstrip())
        trail = len(part.rstrip())
        cells.append((pos + lead, pos + max(lead, trail)))
        pos += len(part) + 1
    return cells


def _cells_pipe(line: Line) -> list[tuple[int, int]]:
    raw = line.text
    first = raw.index("|")
    last = raw.rindex("|")
    cells, pos = [], line.start + first + 1
    for part in raw[first + 1:last].split("|"):
        lead = len(part) - len(part.lstrip())
        trail = len(part.rstrip())
        cells.append((pos + lead, pos + max(lead, trail)))
        pos += len(part) + 1
    return cells


def _is_tab_row(line: Line) -> bool:
    """A tab between cells; a tab that only indents the line does not count
    (plain-text files often indent every paragraph with one)."""
    inner = line.text.lstrip(" \t")
    return "\t" in inner and any(part.strip() for part in line.text.split("\t"))


def _table(st: _State, i: int) -> int | None:
    lines = st.lines
    line = lines[i]
    pipe = bool(PIPE_ROW.match(line.text))
    if not pipe and not _is_tab_row(line):
        return None
    rows: list[tuple[Line, list[tuple[int, int]], bool]] = []  # line, cells, is header
    j = i
    while j < len(lines):
        cur = lines[j]
        if pipe and PIPE_SEPARATOR.match(cur.text):
            if rows:
                rows[-1] = (rows[-1][0], rows[-1][1], True)
            st.masked.append(cur.content)
            j += 1
            continue
        if pipe and PIPE_ROW.match(cur.text):
            rows.append((cur, _cells_pipe(cur), False))
        elif not pipe and _is_tab_row(cur):
            rows.append((cur, _cells_tab(cur), False))
        else:
            break
        j += 1
    if not rows:
        return None
    if len(rows) < 2 and not _resumes(st, rows[0][1]):
        # a single line with a tab in it is a table only with two filled cells
        if len([c for c in rows[0][1] if c[1] > c[0]]) < 2:
            return None
    if pipe:
        for row_line, _, _ in rows:
            st.masked.extend(_pipe_positions(row_line))
    _emit_rows(st, rows, pipe)
    return j


def _pipe_positions(line: Line) -> list[tuple[int, int]]:
    return [(line.start + k, line.start + k + 1) for k, ch in enumerate(line.text) if ch == "|"]


def _resumes(st: _State, cells: list[tuple[int, int]]) -> bool:
    """After a table, only footnotes (and blank lines) came: a tab row with
    the same number of columns continues that table."""
    return (st.last_table is not None and st.since_table_only_notes
            and len(cells) == st.last_table[1])


def _cell_text(st: _State, span: tuple[int, int]) -> str:
    return strip_markup(st.text[span[0]:span[1]])


def _looks_header(st: _State, cells: list[tuple[int, int]]) -> bool:
    texts = [_cell_text(st, c) for c in cells]
    if any(not t for t in texts):
        return False
    for t in texts:
        if len(t) > 40 or len(t.split()) > 6 or t.endswith(".") or re.fullmatch(r"[\d\s.,%]+", t):
            return False
        if SUP_RUN.search(st.text[cells[0][0]:cells[-1][1]]):
            return False
    return True


def _emit_rows(st: _State, rows, pipe: bool) -> None:
    first_cells = rows[0][1]
    resumed = _resumes(st, first_cells)
    if resumed:
        table, ncols, headers, _ = st.last_table
    else:
        table = st.tables
        st.tables += 1
        ncols = len(first_cells)
        has_pipe_header = any(h for _, _, h in rows)
        header_first = has_pipe_header and rows[0][2] or (not pipe and len(rows) >= 2
                                                           and _looks_header(st, first_cells))
        headers = [_cell_text(st, c) for c in first_cells] if header_first else [None] * ncols
        if header_first:
            rows = [(rows[0][0], rows[0][1], True), *rows[1:]]
    last_row = None
    for k, (line, cells, is_header) in enumerate(rows):
        is_header = is_header and k == 0 and not resumed
        start, end = line.content
        continuation = (k == 0 and resumed and line.text.startswith("\t")
                        and not line.text.split("\t")[0].strip())
        attrs = {"table": table, "header": bool(is_header)}
        if continuation and st.last_table is not None:
            attrs["continues"] = st.last_table[3]
        block = _add_block(st, BlockKind.TABLE_ROW, start, end, **attrs)
        block.cells = [Cell(c[0], c[1], headers[n] if n < len(headers) else None) for n, c in enumerate(cells)]
        idx = len(st.blocks) - 1
        if continuation and st.last_table is not None:
            st.blocks[st.last_table[3]].attrs["continued_by"] = idx
        last_row = idx
    st.last_table = (table, ncols, headers, last_row)
    st.since_table_only_notes = True


# ---- other blocks ---------------------------------------------------------


def _md_heading(st: _State, i: int) -> int | None:
    line = st.lines[i]
    m = MD_HEADING.match(line.text)
    if not m or not m.group("body").strip():
        return None
    level = m.group("hash").strip().count("#")
    start, end = line.content
    _add_block(st, BlockKind.HEADING, start, end, level=level)
    st.masked.append((line.start + m.start("hash"), line.start + m.end("hash")))
    st.in_notes = bool(NOTES_HEADING.match(m.group("body")))
    return i + 1


def _rule(st: _State, i: int) -> int | None:
    line = st.lines[i]
    if not RULE.match(line.text) or BULLET.match(line.text) and len(line.text.strip()) < 3:
        return None
    st.masked.append(line.content)
    return i + 1


def _list_item(st: _State, i: int) -> int | None:
    line = st.lines[i]
    m = BULLET.match(line.text)
    if not m:
        return None
    if line.text.lstrip().startswith("**") or line.text.lstrip().startswith("__"):
        return None
    start, end = line.content
    j = i + 1
    # an indented line right below continues the item
    while j < len(st.lines) and not st.lines[j].blank and st.lines[j].text[:1] in (" ", "\t") \
            and not BULLET.match(st.lines[j].text) and "\t" not in st.lines[j].text.strip():
        end = st.lines[j].content[1]
        j += 1
    _add_block(st, BlockKind.LIST_ITEM, start, end, bullet=m.group("b").strip())
    st.masked.append((line.start + len(m.group("b")) - len(m.group("b").lstrip()), line.start + m.end("b")))
    return j


def _blockquote(st: _State, i: int) -> int | None:
    if not BLOCKQUOTE.match(st.lines[i].text):
        return None
    j = i
    while j < len(st.lines) and BLOCKQUOTE.match(st.lines[j].text):
        m = BLOCKQUOTE.match(st.lines[j].text)
        st.masked.append((st.lines[j].start + m.start(), st.lines[j].start + m.end()))
        j += 1
    _add_block(st, BlockKind.QUOTE, st.lines[i].content[0], st.lines[j - 1].content[1])
    return j


def _starts_other(st: _State, j: int) -> bool:
    line = st.lines[j]
    return bool(line.blank or FN_SUPER.match(line.text) or FN_BRACKET.match(line.text)
                or FN_DIGIT_URL.match(line.text) or PIPE_ROW.match(line.text) or _is_tab_row(line)
                or MD_HEADING.match(line.text) or BULLET.match(line.text) or BLOCKQUOTE.match(line.text)
                or match_post(st.lines, j) is not None)


def _paragraph(st: _State, i: int) -> int:
    j = i + 1
    while j < len(st.lines) and not _starts_other(st, j):
        j += 1
    start = st.lines[i].content[0]
    end = st.lines[j - 1].content[1]
    body = st.text[start:end]
    if (j == i + 1 and _standalone(st.lines, i) and heading_like(body)) or \
            (1 < j - i <= 3 and _standalone_group(st.lines, i, j) and _heading_group(st.lines[i:j])):
        level = 1 if not any(b.kind == BlockKind.HEADING for b in st.blocks) else 2
        _add_block(st, BlockKind.HEADING, start, end, level=level)
        st.in_notes = bool(NOTES_HEADING.match(strip_markup(body)))
    else:
        _add_block(st, BlockKind.PARAGRAPH, start, end)
    return j


def _standalone_group(lines: list[Line], i: int, j: int) -> bool:
    return (i == 0 or lines[i - 1].blank) and (j >= len(lines) or lines[j].blank)


def _heading_group(lines: list[Line]) -> bool:
    """Two or three short lines without final punctuation, e.g. a letterhead
    or "STATEMENT / on the shelling of ...": a heading, not a paragraph."""
    texts = [strip_markup(line.text) for line in lines]
    if any(len(t) > 60 or not t or t[-1] in ".,;:!?…" for t in texts):
        return False
    return heading_like(texts[0]) and all(heading_like(t[0].upper() + t[1:]) for t in texts[1:])


_DATE_END = re.compile(
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?(?:,?\s+\d{4})?|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2})$")
_SIGNATURE = re.compile(r"^(?:prepared|issued|published|released|compiled|produced)\s+by\b", re.I)


def heading_like(raw: str) -> bool:
    """A short line without final punctuation, not a date, URL or signature."""
    if MD_LINK.search(raw) or HTML_A.search(raw):
        return False  # a line of links is navigation, not a title
    text = strip_markup(raw)
    if not text or len(text) > 100 or len(text.split()) > 14:
        return False
    if text[-1] in ".,;:!?…" or text[0] in "@(" or not any(ch.isalpha() for ch in text):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“'‘"):
        return False
    if BARE_URL.search(text) or _DATE_END.search(text) or _SIGNATURE.match(text):
        return False
    return True


# --------------------------------------------------------------------------
# Inline pass: links, markup, markers
# --------------------------------------------------------------------------


class _Taken:
    """Character ranges already claimed by a link (O(length) lookups, so
    long documents stay linear)."""

    def __init__(self, size: int) -> None:
        self.flags = bytearray(size + 1)

    def add(self, start: int, end: int) -> None:
        self.flags[start:end] = b"\x01" * (end - start)

    def hit(self, start: int, end: int) -> bool:
        return 1 in self.flags[start:end]


def scan_inline(doc: Document, markers: list[MarkerRef] | None = None,
                known_links: list[Link] | None = None) -> None:
    """Fill ``doc.links``, ``doc.markers`` and ``doc.masked`` from the text.
    Readers of other formats call it too, after building their text, passing
    the links and markers their format states explicitly."""
    text = doc.text
    links: list[Link] = list(known_links or [])
    taken = _Taken(len(text))
    for lk in links:
        taken.add(lk.start, lk.end)
    masked: list[tuple[int, int]] = list(doc.masked)
    for m in MD_LINK.finditer(text):
        if taken.hit(m.start(), m.end()):
            continue
        taken.add(m.start(), m.end())
        url_part = (m.start("text") + len(m.group("text")), m.end())
        masked.extend([(m.start(), m.start("text")), url_part])
        if m.group("img"):
            masked.append((m.start("text"), m.end("text")))
            continue
        links.append(Link(m.group("text"), clean_url(m.group("url")), m.start(), m.end()))
    for m in HTML_A.finditer(text):
        if taken.hit(m.start(), m.end()):
            continue
        taken.add(m.start(), m.end())
        links.append(Link(strip_markup(m.group("text")), clean_url(m.group("url")), m.start(), m.end()))
    for m in AUTOLINK.finditer(text):
        if taken.hit(m.start(), m.end()):
            continue
        taken.add(m.start(), m.end())
        masked.extend([(m.start(), m.start() + 1), (m.end() - 1, m.end())])
        links.append(Link(m.group(1), m.group(1), m.start(1), m.end(1)))
    for m in BARE_URL.finditer(text):
        url = trim_url(m.group(0))
        if taken.hit(m.start(), m.start() + len(url)):
            continue
        taken.add(m.start(), m.start() + len(url))
        links.append(Link(url, url, m.start(), m.start() + len(url)))
    masked.extend((m.start(), m.end()) for m in HTML_TAG.finditer(text))
    for m in BOLD.finditer(text):
        if not taken.hit(m.start(), m.end()):
            masked.append((m.start(), m.end()))
    for m in EMPHASIS.finditer(text):
        if not taken.hit(m.start(), m.end()):
            masked.extend([(m.start(), m.start() + 1), (m.end() - 1, m.end())])
    doc.links = sorted(links, key=lambda lk: lk.start)
    found = list(markers or []) + _find_markers(doc, taken)
    doc.markers = resolve_markers(doc, found)
    masked.extend((mk.start, mk.end) for mk in doc.markers)
    doc.masked = _merge(masked)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _find_markers(doc: Document, taken: _Taken) -> list[MarkerRef]:
    text = doc.text
    # a definition's own leading marker is not a reference
    def_starts = {b.start for b in doc.blocks if b.kind == BlockKind.FOOTNOTE}
    known = {fn.marker for fn in doc.footnotes}
    out: list[MarkerRef] = []

    def usable(start: int, end: int) -> bool:
        return start not in def_starts and not taken.hit(start, end)

    for m in SUP_RUN.finditer(text):
        if not usable(m.start(), m.end()):
            continue
        if m.group(0) in "²³" and UNIT_BEFORE.search(text[max(0, m.start() - 4):m.start()]):
            continue  # km², m³
        out.extend(_split_marker(sup_to_digits(m.group(0)), m.start(), m.end(), known))
    for m in MD_FOOTNOTE_REF.finditer(text):
        if usable(m.start(), m.end()):
            out.append(MarkerRef(m.group("m"), m.start(), m.end(), None))
    if known:
        out.extend(_plain_markers(doc, known, usable))
    return out


def _split_marker(digits: str, start: int, end: int, known: set[str]) -> list[MarkerRef]:
    """``¹²`` is marker 12 when footnote 12 exists; else 1 and 2 if both do."""
    if digits in known or len(digits) == 1 or not all(d in known for d in digits):
        return [MarkerRef(digits, start, end, None)]
    return [MarkerRef(d, start + k, start + k + 1, None) for k, d in enumerate(digits)]


def _plain_markers(doc: Document, known: set[str], usable) -> list[MarkerRef]:
    """Plain digits that are footnote references: a table source cell holding
    just the number, or digits glued after a word or punctuation."""
    text = doc.text
    out = []
    sup_columns = _superscript_columns(doc)
    for block in doc.blocks:
        if block.kind != BlockKind.TABLE_ROW or block.attrs.get("header"):
            continue
        for n, cell in enumerate(block.cells):
            raw = text[cell.start:cell.end]
            body = strip_markup(raw)
            if re.fullmatch(r"\d{1,3}(?:\s*,\s*\d{1,3})*", body) and (
                    (cell.header and SOURCE_HEADER.search(cell.header))
                    or (block.attrs.get("table"), n) in sup_columns):
                for m in re.finditer(r"\d{1,3}", raw):
                    if m.group(0) in known and usable(cell.start + m.start(), cell.start + m.end()):
                        out.append(MarkerRef(m.group(0), cell.start + m.start(), cell.start + m.end(), None))
    prose = _Taken(len(text))
    for b in doc.blocks:
        if b.kind != BlockKind.FOOTNOTE:
            prose.add(b.start, b.end)
    for m in GLUED_DIGITS.finditer(text):
        if m.group("m") in known and prose.hit(m.start(), m.end()) and usable(m.start(), m.end()):
            out.append(MarkerRef(m.group("m"), m.start(), m.end(), None))
    return out


def _superscript_columns(doc: Document) -> set[tuple[int, int]]:
    """(table, column) pairs where some row holds only a superscript marker:
    that column is a source column, so plain numbers in it are markers too."""
    out = set()
    for block in doc.blocks:
        if block.kind != BlockKind.TABLE_ROW:
            continue
        for n, cell in enumerate(block.cells):
            body = HTML_TAG.sub("", doc.text[cell.start:cell.end]).strip()
            if body and SUP_RUN.fullmatch(body):
                out.add((block.attrs.get("table"), n))
    return out


def resolve_markers(doc: Document, markers: list[MarkerRef]) -> list[MarkerRef]:
    """Each marker to the footnote it refers to: the first definition with
    that marker after it (numbering may restart per section), else the last
    one before it. Duplicates by position are dropped."""
    by_marker: dict[str, list[int]] = {}
    for k in sorted(range(len(doc.footnotes)), key=lambda k: doc.footnotes[k].start):
        by_marker.setdefault(doc.footnotes[k].marker, []).append(k)
    seen: set[int] = set()
    out = []
    for mk in sorted(markers, key=lambda m: m.start):
        if mk.start in seen:
            continue
        seen.add(mk.start)
        if mk.footnote is None:
            candidates = by_marker.get(mk.marker, [])
            starts = [doc.footnotes[k].start for k in candidates]
            pos = bisect_right(starts, mk.start)
            if pos < len(candidates):
                mk.footnote = candidates[pos]
            elif candidates:
                mk.footnote = candidates[-1]
        out.append(mk)
    return out


# --------------------------------------------------------------------------
# Embedded social posts (Twitter/X style, pasted as text)
# --------------------------------------------------------------------------

_TICK = r"[✓✔☑]"
_COUNT_LABEL = (r"(?:Quote Tweets?|Retweets?|Likes?|Reposts?|Quotes?|Replies|Reply|Bookmarks?|Views?|Comments?"
                r"|Shares?|Reactions?)")
POST_NAME = re.compile(rf"^[ \t]*\*\*(?P<name>[^*\n]{{1,80}}?)\*\*[ \t]*(?P<tick>{_TICK})?[ \t]*$")
PLAIN_NAME = re.compile(rf"^[ \t]*(?P<name>[^\s@*#>|\[][^@\n\t]{{0,78}}?)[ \t]*(?P<tick>{_TICK})?[ \t]*$")
HANDLE_LINE = re.compile(r"^[ \t]*@(?P<handle>\w{1,30})[ \t]*$")
COMPACT = re.compile(rf"^[ \t]*(?:\*\*)?(?P<name>[^*@\n\t]{{1,80}}?)(?:\*\*)?[ \t]*(?P<tick>{_TICK})?[ \t]*"
                     r"@(?P<handle>\w{1,30})[ \t]*[·•][ \t]*(?P<date>[^\n]{1,40}?)[ \t]*$")
TIMESTAMP = re.compile(r"^[ \t]*(?P<time>\d{1,2}:\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?)[ \t]*[·•][ \t]*"
                       r"(?P<date>[^·•\n]{4,30}?)[ \t]*(?:[·•][ \t]*(?P<client>[^\n]{1,60}?))?[ \t]*$")
COUNTS = re.compile(rf"^[ \t]*(?:[\d.,]+[KkMm]?[ \t]+{_COUNT_LABEL}[ \t]*)+$", re.I)
COUNT_ITEM = re.compile(rf"(?P<n>[\d.,]+[KkMm]?)[ \t]+(?P<label>{_COUNT_LABEL})", re.I)
SHOW_THREAD = re.compile(r"^[ \t]*\[?Show (?:this )?thread\]?(?:\([^)\n]*\))?[ \t]*$", re.I)
REPLYING = re.compile(r"^[ \t]*Replying to[ \t]+(?P<to>@\w+(?:[ \t,]+(?:and[ \t]+)?@\w+)*)", re.I)
MAX_POST_LINES = 15


@dataclass
class PostMatch:
    blocks: list[tuple[int, int, dict]]  # start, end, attrs; indices in attrs are relative
    masked: list[tuple[int, int]]
    next_line: int


def _post_header(lines: list[Line], i: int) -> tuple[dict, int, bool] | None:
    """(attrs, index of the first body line, compact?) when a post starts at i."""
    line = lines[i]
    m = COMPACT.match(line.text)
    if m and m.group("name").strip():
        attrs = {"author": m.group("name").strip(), "handle": "@" + m.group("handle"),
                 "verified": bool(m.group("tick")), "posted_text": m.group("date").strip()}
        return attrs, i + 1, True
    m = POST_NAME.match(line.text)
    plain = m is None
    nxt = i + 1
    if m and nxt < len(lines) and lines[nxt].blank:
        nxt += 1
    if not m:
        m = PLAIN_NAME.match(line.text)
        if m and (len(m.group("name").split()) > 6 or m.group("name").rstrip()[-1:] in ".,;:!?"):
            m = None
    if m and nxt < len(lines):
        h = HANDLE_LINE.match(lines[nxt].text)
        if h:
            attrs = {"author": m.group("name").strip(), "handle": "@" + h.group("handle"),
                     "verified": bool(m.group("tick"))}
            if plain:
                attrs["_plain"] = True
            return attrs, nxt + 1, False
    return None


def _posted(time_text: str, date_text: str, years: list[int] | None = None) -> str | None:
    from .meta import parse_date

    found = parse_date(date_text, years)
    if not found or not found[0]:
        return None
    if not time_text:
        return found[0]
    m = re.match(r"(\d{1,2}):(\d{2})\s*([AaPp])?", time_text)
    hour, minute = int(m.group(1)), int(m.group(2))
    if m.group(3):
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
    return f"{found[0]}T{hour:02d}:{minute:02d}"


def _counts(text: str) -> dict[str, int]:
    out = {}
    for m in COUNT_ITEM.finditer(text):
        raw = m.group("n").replace(",", "")
        mult = {"k": 1000, "m": 1_000_000}.get(raw[-1].lower(), 1)
        raw = raw.rstrip("KkMm")
        try:
            value = int(float(raw) * mult)
        except ValueError:
            continue
        label = m.group("label").lower().rstrip("s").replace(" ", "_") + "s"
        label = {"replys": "replies", "replie": "replies", "replies": "replies"}.get(label, label)
        out[label] = value
    return out


def _platform(client: str | None, counts: dict[str, int]) -> str | None:
    client = (client or "").lower()
    if "twitter" in client or "tweetdeck" in client or "retweets" in counts or "quote_tweets" in counts:
        return "twitter"
    if "reposts" in counts:
        return "x"
    return None


def _content_end(lines: list[Line], first: int, stop: int) -> int | None:
    """Offset after the last non-blank line in [first, stop)."""
    end = None
    for k in range(first, min(stop, len(lines))):
        if not lines[k].blank:
            end = lines[k].content[1]
    return end


def _first_group_end(lines: list[Line], first: int) -> int:
    """Index after the first group of consecutive non-blank lines from ``first``."""
    k = first
    while k < len(lines) and lines[k].blank:
        k += 1
    while k < len(lines) and not lines[k].blank:
        k += 1
    return k


def _compact_body(lines: list[Line], j: int) -> int:
    """Index after the body of a compact (quoted) post starting its body at j."""
    seen = 0
    k = j
    while k < len(lines):
        line = lines[k]
        if line.blank:
            k += 1
            continue
        if TIMESTAMP.match(line.text) or _post_header(lines, k) is not None or FN_SUPER.match(line.text):
            return k
        if SHOW_THREAD.match(line.text):
            return k + 1
        seen += 1
        if seen > MAX_POST_LINES:
            return _first_group_end(lines, j)
        k += 1
    return k


def match_post(lines: list[Line], i: int) -> PostMatch | None:
    """An embedded post starting at line i: a name line (bold or plain) with
    an @handle line, body lines, a ``9:45 PM · Sep 27, 2020 · Client``
    timestamp and a counts line; or the compact ``**Name** ✓ @handle · Sep 27``
    form of a quoted post. A post without timestamp ends after its first
    paragraph."""
    head = _post_header(lines, i)
    if head is None:
        return None
    attrs, j, compact = head
    plain = attrs.pop("_plain", False)
    masked = _tick_masks(lines[i])
    if compact:
        k = _compact_body(lines, j)
        attrs["quoted"] = True
        attrs["post"] = 0
        return PostMatch(_post_blocks(lines, i, i + 1, k, attrs), masked, k)
    quoted: tuple[int, int] | None = None  # line range of a nested quoted post
    k, seen, stamp, counts_line = j, 0, None, None
    while k < len(lines):
        line = lines[k]
        if line.blank:
            k += 1
            continue
        if TIMESTAMP.match(line.text):
            stamp = k
            c = k + 1
            while c < len(lines) and lines[c].blank:
                c += 1
            if c < len(lines) and COUNTS.match(lines[c].text):
                counts_line = c
            break
        if _post_header(lines, k) is not None:
            if quoted is None and COMPACT.match(line.text):
                q_end = _compact_body(lines, k + 1)
                quoted = (k, q_end)
                k = q_end
                continue
            break
        m = REPLYING.match(line.text)
        if m:
            attrs["replying_to"] = m.group("to").replace(",", " ").split()[0]
        seen += 1
        if seen > MAX_POST_LINES:
            k = _first_group_end(lines, j)
            quoted = quoted if quoted and quoted[1] <= k else None
            break
        k += 1
    if plain and stamp is None:
        return None  # "Follow us\n@account" is not a post without a timestamp
    last = counts_line if counts_line is not None else stamp
    stop = (last + 1) if last is not None else k
    if stamp is not None:
        ts = TIMESTAMP.match(lines[stamp].text)
        attrs["posted"] = _posted(ts.group("time"), ts.group("date"))
        attrs["client"] = (ts.group("client") or "").strip() or None
    attrs["counts"] = _counts(lines[counts_line].text) if counts_line is not None else {}
    attrs["platform"] = _platform(attrs.get("client"), attrs["counts"])
    attrs["post"] = 0
    if quoted is None:
        return PostMatch(_post_blocks(lines, i, j, stop, attrs), masked, stop)
    return _with_quoted(lines, i, j, stop, attrs, quoted, masked)


def _groups(lines: list[Line], a: int, b: int) -> list[tuple[int, int, str]]:
    """Offsets of each run of consecutive non-blank lines in lines[a:b], with
    the run's first line."""
    out, cur = [], None
    for k in range(a, min(b, len(lines))):
        if lines[k].blank:
            cur = None
            continue
        if cur is None:
            out.append([lines[k].content[0], lines[k].content[1], lines[k].text])
            cur = out[-1]
        else:
            cur[1] = lines[k].content[1]
    return [tuple(g) for g in out]


def _post_blocks(lines: list[Line], head: int, body: int, stop: int, attrs: dict,
                 first_part: str = "header") -> list[tuple[int, int, dict]]:
    """One QUOTE block per part of a post (header, each body paragraph,
    timestamp and counts), so sentences never run from the author's name
    into the text; every part carries the post's attributes."""
    blocks = []
    if head < body:
        start = lines[head].content[0]
        end = _content_end(lines, head, body)
        blocks.append((start, end, dict(attrs, part=first_part)))
    for start, end, first in _groups(lines, body, stop):
        part = "meta" if TIMESTAMP.match(first) or COUNTS.match(first) else "body"
        blocks.append((start, end, dict(attrs, part=part)))
    return blocks


def _with_quoted(lines: list[Line], i: int, j: int, stop: int, attrs: dict,
                 quoted: tuple[int, int], masked: list[tuple[int, int]]) -> PostMatch:
    """Flat blocks for a post quoting another: the outer post's parts before
    the quote, the quoted post's parts, then the outer post's remainder
    (timestamp, counts), so no two blocks overlap. ``attrs['post']`` is the
    index of the post's first block; a quoted post has ``quoted_by``."""
    q_start, q_end = quoted
    q_head = _post_header(lines, q_start)
    year = attrs.get("posted") or ""
    q_attrs = dict(q_head[0], quoted=True, quoted_by=0, platform=attrs.get("platform"))
    if year[:4].isdigit():
        q_attrs["posted"] = _posted("", q_attrs.get("posted_text", ""), [int(year[:4])])
    masked = masked + _tick_masks(lines[q_start])
    outer = _post_blocks(lines, i, j, q_start, attrs)
    q_attrs["post"] = len(outer)
    inner = _post_blocks(lines, q_start, q_start + 1, q_end, q_attrs)
    rest = _post_blocks(lines, q_end, q_end, stop, attrs)
    for block in outer:
        block[2]["quotes"] = len(outer)
    return PostMatch(outer + inner + rest, masked, stop)


def _tick_masks(line: Line) -> list[tuple[int, int]]:
    return [(line.start + m.start(), line.start + m.end()) for m in re.finditer(_TICK, line.text)]
