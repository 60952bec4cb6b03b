"""HTML -> Document with lxml: headings, paragraphs, list items, table rows
(cells), block quotes (embedded tweets), footnotes, links and ``<sup>``
markers. Document.text is the blocks' text joined by blank lines, so every
offset is exact.

lxml rather than trafilatura: trafilatura's main-text extraction gives no
offsets for links and drops tables' cell structure; a plain walk over the
tree after removing navigation keeps both. The walk is recursive with a
depth cap: deeper subtrees are read as flat text, so hostile nesting never
reaches Python's recursion limit.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..errors import ReadError
from ..model import Block, BlockKind, Cell, Document, Footnote, Link, MarkerRef, Metadata
from .text import clean_url, scan_inline

MAX_DEPTH = 120
SKIP = {"script", "style", "noscript", "nav", "footer", "aside", "form", "template", "svg", "button", "select",
        "iframe", "object", "head", "menu"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "li", "ul", "ol", "table", "thead", "tbody",
              "tfoot", "tr", "blockquote", "pre", "figure", "figcaption", "dl", "dt", "dd", "body", "html", "hr",
              "address", "center", *HEADINGS}
FOOTNOTE_ID = re.compile(r"^(?:fn|ftn|footnote|note|endnote)[-_:]?(?P<n>\d{1,3})$", re.I)
TWEET_BYLINE = re.compile(r"[—–-]\s*(?P<name>[^()\n]{1,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*(?P<date>.*)$")


class InlineText:
    """Inline text with whitespace collapsed, links and markers recorded at
    their offsets within it."""

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.size = 0
        self.links: list[tuple[int, int, str, str | None]] = []
        self.markers: list[tuple[int, int, str]] = []

    def add(self, text: str | None) -> None:
        if not text:
            return
        text = re.sub(r"\s+", " ", text)
        if self.size == 0 or self.buf[-1].endswith(" "):
            text = text.lstrip(" ")
        if text:
            self.buf.append(text)
            self.size += len(text)

    def value(self) -> str:
        """The text, without trailing spaces (leading ones are never added)."""
        return "".join(self.buf).rstrip()


class BlockBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.markers: list[MarkerRef] = []
        self.footnotes: list[Footnote] = []
        self.tables = 0

    def emit(self, kind: BlockKind, inline: InlineText, **attrs) -> Block | None:
        text = inline.value()
        if not text.strip():
            return None
        if self.parts:
            self.parts.append("\n\n")
            self.pos += 2
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        for s, e, label, url in inline.links:
            self.links.append(Link(label.strip(), url, start + s, start + min(e, len(text))))
        for s, e, marker in inline.markers:
            self.markers.append(MarkerRef(marker, start + s, start + e, None))
        block = Block(kind, start, start + len(text), attrs=attrs)
        self.blocks.append(block)
        return block

    def emit_row(self, cells: list[InlineText], header: bool, headers: list[str | None]) -> Block | None:
        texts = [c.value().strip() for c in cells]
        if not any(texts):
            return None
        if self.parts:
            self.parts.append("\n\n")
            self.pos += 2
        start = self.pos
        out_cells = []
        for n, (inline, text) in enumerate(zip(cells, texts)):
            if n:
                self.parts.append("\t")
                self.pos += 1
            raw = inline.value()
            lead = len(raw) - len(raw.lstrip())
            cstart = self.pos
            self.parts.append(text)
            self.pos += len(text)
            for s, e, label, url in inline.links:
                self.links.append(Link(label.strip(), url, cstart + max(0, s - lead), cstart + max(0, min(e - lead, len(text)))))
            for s, e, marker in inline.markers:
                self.markers.append(MarkerRef(marker, cstart + s - lead, cstart + e - lead, None))
            out_cells.append(Cell(cstart, cstart + len(text), headers[n] if n < len(headers) else None))
        block = Block(BlockKind.TABLE_ROW, start, self.pos, cells=out_cells,
                      attrs={"table": self.tables - 1, "header": header})
        self.blocks.append(block)
        return block

    def text(self) -> str:
        return "".join(self.parts)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _inline(el, into: InlineText, depth: int = 0, skip_blocks: bool = False) -> None:
    """Append an element's inline content (its text, children, not its tail)."""
    into.add(el.text)
    for child in el:
        _child(child, into, depth, skip_blocks)
        into.add(child.tail)


def _child(child, into: InlineText, depth: int, skip_blocks: bool = False) -> None:
    """One child element's content (not its tail)."""
    tag = _tag(child)
    if tag in SKIP or not tag or (skip_blocks and tag in ("ul", "ol", "table")):
        return
    if depth > MAX_DEPTH:
        into.add(" ".join(child.itertext()))
    elif tag == "a":
        _anchor(child, into, depth)
    elif tag == "sup" and _marker_text(child):
        marker = _marker_text(child)
        start = into.size
        into.buf.append(marker)
        into.size += len(marker)
        into.markers.append((start, into.size, marker))
    elif tag == "br":
        into.add(" ")
    elif tag in BLOCK_TAGS:
        into.add(" ")
        _inline(child, into, depth + 1, skip_blocks)
        into.add(" ")
    else:
        _inline(child, into, depth + 1, skip_blocks)


def _marker_text(sup) -> str | None:
    text = "".join(sup.itertext()).strip().strip("[]")
    return text if re.fullmatch(r"\d{1,3}", text) else None


def _anchor(el, into: InlineText, depth: int) -> None:
    href = el.get("href")
    if into.size and not into.buf[-1].endswith(" ") and el.text and el.text[:1].isspace():
        into.add(" ")
    start = into.size
    _inline(el, into, depth + 1)
    label = "".join(into.buf)[start:]
    if href is not None and label.strip():
        lead = len(label) - len(label.lstrip())
        into.links.append((start + lead, into.size, label.strip(), clean_url(href)))


class _Walker:
    def __init__(self, builder: BlockBuilder) -> None:
        self.b = builder

    def walk(self, el, depth: int = 0) -> None:
        tag = _tag(el)
        if tag in SKIP or not tag:
            return
        if depth > MAX_DEPTH:
            flat = InlineText()
            flat.add(" ".join(el.itertext()))
            self.b.emit(BlockKind.PARAGRAPH, flat, flattened=True)
            return
        if tag in HEADINGS:
            self._simple(el, BlockKind.HEADING, level=HEADINGS[tag])
        elif tag == "p" or tag == "pre" or tag == "figcaption" or tag == "dt" or tag == "dd":
            self._simple(el, BlockKind.PARAGRAPH)
        elif tag == "li":
            self._list_item(el, depth)
        elif tag == "table":
            self._table(el, depth)
        elif tag == "blockquote":
            self._quote(el)
        else:
            self._container(el, depth)

    def _simple(self, el, kind: BlockKind, **attrs) -> None:
        inline = InlineText()
        _inline(el, inline)
        self.b.emit(kind, inline, **attrs)

    def _list_item(self, el, depth: int) -> None:
        inline = InlineText()
        _inline(el, inline, skip_blocks=True)
        ident = FOOTNOTE_ID.match(el.get("id") or "")
        in_notes = any("footnote" in (a.get("class") or "") or "footnote" in (a.get("id") or "")
                       for a in el.iterancestors())
        if ident or in_notes:
            self._footnote(el, inline, ident.group("n") if ident else str(_position(el)))
        else:
            self.b.emit(BlockKind.LIST_ITEM, inline)
        for child in el:
            if _tag(child) in ("ul", "ol", "table"):
                self.walk(child, depth + 1)

    def _footnote(self, el, inline: InlineText, marker: str) -> None:
        block = self.b.emit(BlockKind.FOOTNOTE, inline, marker=marker)
        if block is None:
            return
        url = next((lk.url for lk in self.b.links if lk.url and block.start <= lk.start < block.end), None)
        text = self.b.text()[block.start:block.end]
        self.b.footnotes.append(Footnote(marker, text, url, block.start, block.end))

    def _table(self, el, depth: int) -> None:
        self.b.tables += 1
        headers: list[str | None] = []
        for row in el.iter("tr"):
            cells = [c for c in row if _tag(c) in ("td", "th")]
            if not cells:
                continue
            inlines = []
            for cell in cells:
                inline = InlineText()
                _inline(cell, inline, depth + 1)
                inlines.append(inline)
            is_header = all(_tag(c) == "th" for c in cells) or _tag(row.getparent()) == "thead"
            if is_header and not headers:
                headers = [i.value().strip() for i in inlines]
                self.b.emit_row(inlines, True, headers)
            else:
                self.b.emit_row(inlines, False, headers)

    def _quote(self, el) -> None:
        inline = InlineText()
        _inline(el, inline)
        attrs = {}
        text = inline.value()
        m = TWEET_BYLINE.search(text)
        if m:
            attrs = {"author": m.group("name").strip(), "handle": "@" + m.group("handle"),
                     "platform": "twitter" if "twitter" in (el.get("class") or "") + text.lower() else None}
            from .meta import parse_date

            found = parse_date(m.group("date"))
            if found and found[0]:
                attrs["posted"] = found[0]
        self.b.emit(BlockKind.QUOTE, inline, **attrs)

    def _container(self, el, depth: int) -> None:
        """Runs of inline content between block children become paragraphs."""
        pending = InlineText()
        pending.add(el.text)
        for child in el:
            tag = _tag(child)
            if tag in BLOCK_TAGS or tag in SKIP:
                self.b.emit(BlockKind.PARAGRAPH, pending)
                pending = InlineText()
                self.walk(child, depth + 1)
            elif tag:
                _child(child, pending, depth)
            pending.add(child.tail)
        self.b.emit(BlockKind.PARAGRAPH, pending)


def _position(el) -> int:
    parent = el.getparent()
    items = [c for c in parent if _tag(c) == "li"] if parent is not None else [el]
    return items.index(el) + 1 if el in items else 1


def _meta(root) -> Metadata:
    meta = Metadata()

    def content(*keys: str) -> str | None:
        for key in keys:
            for attr in ("property", "name", "itemprop"):
                for node in root.xpath(f"//meta[@{attr}=$k]", k=key):
                    value = (node.get("content") or "").strip()
                    if value:
                        return value
        return None

    title = content("og:title", "twitter:title", "dc.title")
    if not title:
        node = root.find(".//title")
        title = node.text_content().strip() if node is not None and node.text_content() else None
    publisher = content("og:site_name", "publisher", "article:publisher", "author", "dc.publisher", "application-name")
    published = content("article:published_time", "og:published_time", "datePublished", "date", "dc.date",
                        "dc.date.issued", "pubdate", "publishdate")
    if not published:
        times = root.xpath("//time[@datetime]")
        published = times[0].get("datetime") if times else None
    lang = root.get("lang") or content("og:locale", "language")
    if published:
        m = re.match(r"\d{4}-\d{2}-\d{2}", published)
        published = m.group(0) if m else None
    for name, value in (("title", title), ("publisher", publisher), ("published", published),
                        ("language", lang[:2].lower() if lang else None)):
        if value:
            setattr(meta, name, value)
            meta.origin[name] = "inferred:html-meta"
    return meta


def _find_date(html: str) -> str | None:
    """htmldate's guess from the markup (no network: it is given the text)."""
    try:
        from htmldate import find_date

        found = find_date(html, extensive_search=False, original_date=True)
    except Exception:  # htmldate fails on odd markup: no date then
        return None
    return found if found and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found) else None


_OPEN_DROPPED = re.compile(r"<(script|style|noscript|template|head)\b", re.I)
_BREAK = re.compile(r"<(?:/p|/h[1-6]|/li|/tr|/div|/blockquote|br\s*/?)\s*>", re.I)


def _drop_elements(markup: str) -> str:
    """The markup without script/style/noscript/template/head elements. A
    scan with str.find rather than one ``<script.*?</script>`` regex: that
    regex is quadratic on many unclosed ``<script>`` tags (each retries to the
    end). An element left unclosed runs to the end, as in a browser."""
    out, pos = [], 0
    lower = markup.lower()
    while True:
        m = _OPEN_DROPPED.search(markup, pos)
        if m is None:
            out.append(markup[pos:])
            break
        out.append(markup[pos:m.start()])
        close = lower.find("</" + m.group(1).lower(), m.end())
        if close == -1:
            break
        end = markup.find(">", close)
        pos = len(markup) if end == -1 else end + 1
        out.append(" ")
    return "".join(out)


def _flat_text(markup: str) -> str:
    """The markup's text without any tree: tags dropped, entities decoded.
    Every step is linear in the markup's length (hostile markup reaches here)."""
    import html as html_lib

    text = _drop_elements(markup)
    text = _BREAK.sub("\n\n", text)
    text = html_lib.unescape(re.sub(r"<[^<>]*>", " ", text))  # [^<>]: a "<" never scans past the next "<"
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\s*\n\s*\n\s*", "\n\n", text).strip()


def parse_html(html: str) -> tuple[Document, Metadata]:
    """Document and the metadata stated in the HTML head."""
    if re.search(r"<!ENTITY", html, re.I):
        raise ReadError("the HTML declares entities (<!ENTITY>); refused to avoid entity expansion")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                                  huge_tree=True)  # deep nesting is handled by the walk's depth cap
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"cannot parse the HTML: {exc}") from exc
    meta = _meta(root)
    body = next((n for n in (root.find(".//article"), root.find(".//main"), root.find(".//body"))
                 if n is not None), root)
    builder = BlockBuilder()
    try:
        _Walker(builder).walk(body)
    except RecursionError as exc:
        raise ReadError("the HTML is nested too deeply to read") from exc
    document = Document(text=builder.text(), format="html", blocks=builder.blocks, footnotes=builder.footnotes)
    flat = _flat_text(html)
    if len(document.text.strip()) < 0.5 * len(flat):
        # libxml2 drops what lies deeper than its nesting limit: read the
        # markup as flat text rather than lose it.
        builder = BlockBuilder()
        for para in re.split(r"\n\s*\n", flat):
            inline = InlineText()
            inline.add(para)
            builder.emit(BlockKind.PARAGRAPH, inline, flattened=True)
        document = Document(text=builder.text(), format="html", blocks=builder.blocks)
    scan_inline(document, builder.markers, builder.links)
    if not meta.published:
        date = _find_date(html)
        if date:
            meta.published = date
            meta.origin["published"] = "inferred:htmldate"
    return document, meta
