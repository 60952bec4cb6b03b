"""Turning overlapping record spans into properly nested highlight markup.

Records overlap freely (a claim sentence holds an event clause, which holds a
time expression; two spans can also cross). HTML needs a tree, so the text is
cut at every span boundary and walked with a stack of open spans: a span that
outlives one closing inside it is closed and reopened as a second fragment
(``part`` 1, 2 ...), so the fragments of one record, read in document order,
spell exactly ``text[start:end]``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

# Outer to inner when two spans cover the same range: a claim holds an event,
# an event holds its time, place and figures.
KIND_ORDER = {"claims": 0, "events": 1, "citations": 2, "quantities": 3, "times": 4, "places": 5}


@dataclass(frozen=True)
class Span:
    """A highlighted range ``[start, end)`` of one record."""

    start: int
    end: int
    kind: str
    rec: str  # record id, as in the report's record table


@dataclass(frozen=True)
class Token:
    """One step of the markup: ``open`` a span fragment, ``close`` it, or ``text``."""

    op: str
    text: str = ""
    kind: str = ""
    rec: str = ""
    part: int = 0


def valid_spans(text: str, spans: list[Span]) -> list[Span]:
    """Spans that point inside the text and are not empty (bad offsets are dropped)."""
    return [s for s in spans if 0 <= s.start < s.end <= len(text)]


def tokens(text: str, spans: list[Span]) -> list[Token]:
    """The text as a flat list of open/text/close tokens that nest correctly."""
    spans = valid_spans(text, spans)
    starts: dict[int, list[Span]] = defaultdict(list)
    for span in sorted(spans, key=lambda s: (s.start, -s.end, KIND_ORDER.get(s.kind, 9), s.rec)):
        starts[span.start].append(span)
    bounds = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    parts: dict[Span, int] = defaultdict(int)
    stack: list[Span] = []
    out: list[Token] = []

    def open_(span: Span) -> None:
        parts[span] += 1
        stack.append(span)
        out.append(Token("open", kind=span.kind, rec=span.rec, part=parts[span]))

    for i, pos in enumerate(bounds):
        if any(s.end == pos for s in stack):
            reopen: list[Span] = []
            while any(s.end == pos for s in stack):
                span = stack.pop()
                out.append(Token("close"))
                if span.end != pos:
                    reopen.append(span)
            for span in reversed(reopen):
                open_(span)
        for span in starts.get(pos, []):
            open_(span)
        if i + 1 < len(bounds):
            out.append(Token("text", text=text[pos:bounds[i + 1]]))
    return out
