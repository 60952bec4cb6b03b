"""Small shared pieces of scoring: P/R/F1 from counts, finding a gold
quote in a document's text."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Counts:
    """True positives, predictions and gold items; micro-averaged by adding."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold)

    def prf(self) -> dict[str, float]:
        return prf(self.tp, self.predicted, self.gold)


def prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _loose_pattern(quote: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in quote.split()]
    return re.compile(r"\s+".join(parts))


def locate(text: str, quote: str, start: int = 0) -> tuple[int, int] | None:
    """Span of ``quote`` in ``text``: exact first, then with any whitespace
    between words (gold quotes of HTML/PDF text may differ in spacing)."""
    if not quote:
        return None
    i = text.find(quote, start)
    if i >= 0:
        return i, i + len(quote)
    m = _loose_pattern(quote).search(text, start)
    return (m.start(), m.end()) if m else None


def locate_all(text: str, quote: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    while True:
        span = locate(text, quote, pos)
        if span is None:
            return spans
        spans.append(span)
        pos = span[1]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
