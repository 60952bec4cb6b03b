"""Scoring check-worthiness, quantities and claims.

- ``eval_ct24(tsv)``: the shipped classifier on a CLEF CheckThat! 2024 task 1
  TSV (``Sentence_id, Text, class_label``); precision, recall and F1 of the
  "Yes" class, the task's official measure.
- ``score_gold_quantities`` / ``score_gold_claims``: extracted records
  against the ``quantities:`` / ``claims:`` sections of a gold file
  (gold/FORMAT.md), one-to-one in gold order. Each returns precision, recall,
  F1 and the counts (``tp``, ``predicted``, ``gold``) so a runner can
  micro-average over documents.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from ..model import Claim, Quantity
from .metrics import locate_all, prf

CLAIM_OVERLAP = 0.5  # share of the shorter span two claim spans must share


def read_ct24(path: str | Path) -> tuple[list[str], list[bool]]:
    """Texts and gold labels (True = "Yes") of a CT24 TSV."""
    texts, labels = [], []
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                texts.append(row["Text"] or "")
                labels.append((row["class_label"] or "").strip().lower() == "yes")
    except (OSError, UnicodeDecodeError, KeyError, csv.Error) as exc:
        raise GoldFormatError(f"not a CT24 TSV (Sentence_id, Text, class_label): {exc}", str(path)) from exc
    return texts, labels


def eval_ct24(tsv_path: str | Path) -> dict[str, float]:
    """Precision, recall and F1 of the positive class on a CT24 TSV."""
    from ..checkworthy.model import default_model

    texts, labels = read_ct24(tsv_path)
    predicted = default_model().predict(texts)
    tp = sum(1 for p, g in zip(predicted, labels) if p and g)
    return prf(tp, sum(predicted), sum(labels))


def _with_counts(tp: int, predicted: int, gold: int) -> dict[str, Any]:
    return {**prf(tp, predicted, gold), "tp": tp, "predicted": predicted, "gold": gold}


def _value(raw: Any) -> float | None:
    if raw is None:
        return None
    try:
        return float(raw)
    except (TypeError, ValueError):
        return None


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    return locate_all(text, quote) if quote else []


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_gold_quantities(pred: list[Quantity], gold_entries: list[dict[str, Any]], text: str) -> dict[str, Any]:
    """A predicted quantity matches a gold one when its span overlaps an
    occurrence of the gold ``text`` and the values are equal (both null is
    equal). One-to-one."""
    used: set[int] = set()
    tp = 0
    for entry in gold_entries:
        spans = _spans(text, str(entry.get("text") or ""))
        value = _value(entry.get("value"))
        for i, q in enumerate(pred):
            if i in used or not _same_value(q.value, value):
                continue
            if any(_overlap(s, (q.start, q.end)) for s in spans):
                used.add(i)
                tp += 1
                break
    return _with_counts(tp, len(pred), len(gold_entries))


def _claim_match(span: tuple[int, int], claim: Claim) -> bool:
    shared = _overlap(span, (claim.start, claim.end))
    shorter = min(span[1] - span[0], claim.end - claim.start)
    return shorter > 0 and shared >= CLAIM_OVERLAP * shorter


def score_gold_claims(pred: list[Claim], gold_entries: list[dict[str, Any]], text: str) -> dict[str, Any]:
    """A predicted claim matches a gold claim when its span shares at least
    half of the shorter of the two spans with an occurrence of the gold
    ``quote``. One-to-one."""
    used: set[int] = set()
    tp = 0
    for entry in gold_entries:
        spans = _spans(text, str(entry.get("quote") or ""))
        for i, claim in enumerate(pred):
            if i in used:
                continue
            if any(_claim_match(s, claim) for s in spans):
                used.add(i)
                tp += 1
                break
    return _with_counts(tp, len(pred), len(gold_entries))
