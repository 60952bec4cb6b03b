"""Scoring citations against gold (FORMAT.md ``citations:``).

A predicted citation matches a gold one when the footnote markers are equal
(both null for inline or listed links), the URLs are equal after
normalisation, and the sentence or row the prediction attaches it to
overlaps the gold ``supports`` text. One-to-one, in document order.
"""

from __future__ import annotations

from typing import Any

from ..model import Citation
from .metrics import Counts, locate, overlaps


def normalise_url(url: str | None) -> str | None:
    if url is None:
        return None
    url = url.strip().strip("<>").strip()
    return url.rstrip("/").lower() or None


def _marker(value: Any) -> str | None:
    return None if value is None else str(value).strip()


def score_citations(pred: list[Citation], gold: list[dict[str, Any]], text: str) -> Counts:
    used: set[int] = set()
    tp = 0
    for entry in gold:
        g_marker = _marker(entry.get("marker"))
        g_url = normalise_url(entry.get("url"))
        g_span = locate(text, str(entry.get("supports") or ""))
        for i, cit in enumerate(pred):
            if i in used or _marker(cit.marker) != g_marker or normalise_url(cit.url) != g_url:
                continue
            if g_span is not None and not overlaps(g_span, (cit.support_start, cit.support_end)):
                continue
            used.add(i)
            tp += 1
            break
    return Counts(tp, len(pred), len(gold))
