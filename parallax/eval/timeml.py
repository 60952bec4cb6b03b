"""Scoring time expressions: TimeML 1.2.1 files (TempEval-3) and the
``timexes:`` section of gold YAML files.

Measures (TempEval-3): extent F1 with strict (same offsets) and relaxed
(overlapping) matching; the value and type attribute F1 (an attribute is
right on a relaxed match with the same attribute, precision over predicted
and recall over gold expressions, as in the TE3 scorer); and the value
accuracy, the share of gold expressions whose value we got right.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from ..model import Document, Metadata, TimeExpr
from .metrics import locate_all

KEYS = ("strict_f1", "relaxed_f1", "value_f1", "type_f1", "value_accuracy", "gold")
Item = tuple[int, int, Any, Any]  # (start, end, value, type)

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_]+)\s*=\s*"([^"]*)"')


# --------------------------------------------------------------------------
# Reading TimeML
# --------------------------------------------------------------------------


def read_tml(path: str | Path) -> tuple[str, str | None, list[tuple[int, int, str, str]]]:
    """(text, document creation date, gold timexes as (start, end, value, type))
    of a TimeML file; the text is the content of <TEXT> with tags removed."""
    try:
        raw = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise GoldFormatError(f"cannot read the TimeML file: {exc.strerror or exc}", str(path)) from exc
    dct = _dct(raw)
    m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.DOTALL)
    if not m:
        raise GoldFormatError("TimeML file without a <TEXT> element", str(path))
    body = m.group(1)
    out: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[tuple[int, int, str, str]] = []
    pos = 0
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[pos:tag.start()])
        out.append(piece)
        length += len(piece)
        pos = tag.end()
        closing, name = tag.group(1), tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR.findall(tag.group(3)))))
        elif open_timex:
            start, attrs = open_timex.pop()
            timexes.append((start, length, attrs.get("value", ""), attrs.get("type", "")))
    out.append(html.unescape(body[pos:]))
    return "".join(out), dct, timexes


def _dct(raw: str) -> str | None:
    m = re.search(r"<DCT>\s*(<TIMEX3[^>]*>)", raw, re.DOTALL)
    if not m:
        return None
    value = dict(_ATTR.findall(m.group(1))).get("value")
    return value[:10] if value and re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) else value


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


def _norm_value(v: Any) -> str:
    if isinstance(v, date):
        return v.isoformat()
    return str(v).strip().upper() if v is not None else ""


def _same_string(pred: Any, gold: Any) -> bool:
    return _norm_value(pred) == _norm_value(gold) and _norm_value(gold) != ""


def _match(pred: list[Item], gold: list[Item]) -> tuple[list[tuple[int, int]], int]:
    """One-to-one relaxed matches (pred index, gold index), largest overlap
    first; and the number of strict (same offsets) matches among them."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            overlap = min(p[1], g[1]) - max(p[0], g[0])
            if overlap > 0:
                pairs.append((-overlap, i, j))
    pairs.sort()
    used_p, used_g, matched = set(), set(), []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append((i, j))
    strict = sum(1 for i, j in matched if pred[i][0] == gold[j][0] and pred[i][1] == gold[j][1])
    return matched, strict


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def counts(pred: list[Item], gold: list[Item],
           same_value: Callable[[Any, Any], bool] = _same_string) -> dict[str, int]:
    """Raw counts for micro-averaging across documents."""
    matched, strict = _match(pred, gold)
    value_ok = sum(1 for i, j in matched if same_value(pred[i][2], gold[j][2]))
    type_ok = sum(1 for i, j in matched if _norm_value(pred[i][3]) == _norm_value(gold[j][3]))
    return {"pred": len(pred), "gold": len(gold), "relaxed": len(matched), "strict": strict,
            "value": value_ok, "type": type_ok}


def scores_from_counts(c: dict[str, int]) -> dict[str, Any]:
    return {
        "strict_f1": _f1(c["strict"], c["pred"], c["gold"]),
        "relaxed_f1": _f1(c["relaxed"], c["pred"], c["gold"]),
        "value_f1": _f1(c["value"], c["pred"], c["gold"]),
        "type_f1": _f1(c["type"], c["pred"], c["gold"]),
        "value_accuracy": round(c["value"] / c["gold"], 4) if c["gold"] else 0.0,
        "gold": c["gold"],
    }


def score_timexes(pred: list[Item], gold: list[Item]) -> dict[str, Any]:
    """TempEval-3 measures for one document's (start, end, value, type) lists."""
    return scores_from_counts(counts(pred, gold))


# --------------------------------------------------------------------------
# Gold YAML (gold/FORMAT.md ``timexes:``)
# --------------------------------------------------------------------------


def _interval(value: str) -> tuple[str, str] | None:
    from ..extract.timeparse import value_interval

    try:
        span = value_interval(value)
    except ValueError:
        return None
    return (span[0].isoformat(), span[1].isoformat()) if span else None


def _same_timeexpr(pred: TimeExpr, gold: Any) -> bool:
    """A gold value equals a prediction when the strings are equal, or when
    the days the gold value covers (a date, month, year or an a/b interval)
    are the prediction's begin..end (so "currently" = PRESENT_REF with
    begin = end = the anchor matches the gold's date)."""
    g = _norm_value(gold)
    if _same_string(pred.value, g):
        return True
    span = _interval(g)
    return bool(span and pred.begin and pred.end_date and (pred.begin, pred.end_date) == span)


def gold_spans(entries: Iterable[dict[str, Any]], text: str) -> list[Item]:
    """Locate each gold entry's text: its first ``mentions`` occurrences that
    are not inside a longer gold text."""
    entries = list(entries)
    longer: list[tuple[int, int]] = []
    by_len = sorted(entries, key=lambda e: -len(str(e.get("text", ""))))
    items: list[Item] = []
    for entry in by_len:
        quote = str(entry.get("text", ""))
        if not quote:
            raise GoldFormatError("timexes entry without text")
        want = int(entry.get("mentions", 1) or 1)
        found = []
        for span in locate_all(text, quote):
            if any(s <= span[0] and span[1] <= e and (e - s) > (span[1] - span[0]) for s, e in longer):
                continue
            found.append(span)
            if len(found) == want:
                break
        for span in found:
            items.append((span[0], span[1], entry.get("value"), entry.get("type", "DATE")))
        longer.extend(found)
    return sorted(items)


def score_gold_timexes(pred_times: list[TimeExpr], gold_entries: list[dict[str, Any]], text: str) -> dict[str, Any]:
    """The TempEval-3 measures against a gold YAML ``timexes:`` list."""
    gold = gold_spans(gold_entries, text)
    pred: list[Item] = [(t.start, t.end, t, t.type) for t in pred_times]
    return scores_from_counts(counts(pred, gold, _same_timeexpr))


# --------------------------------------------------------------------------
# A folder of .tml files
# --------------------------------------------------------------------------


def eval_timeml_dir(path: str | Path, resources: Any = None) -> dict[str, Any]:
    """Run the time extractor over every .tml file under ``path`` (anchored
    on each file's DCT) and return the micro-averaged scores."""
    from ..extract.times import extract_times
    from ..nlp import annotate

    root = Path(path)
    files = [root] if root.is_file() else sorted(root.rglob("*.tml"))
    total = {"pred": 0, "gold": 0, "relaxed": 0, "strict": 0, "value": 0, "type": 0}
    for f in files:
        text, dct, gold = read_tml(f)
        analysis, doc = annotate(Document(text=text, path=str(f), meta=Metadata(published=dct)))
        times = extract_times(analysis, doc, resources, ranges=False, ages=False)
        pred = [(t.start, t.end, t.value, t.type) for t in times]
        for k, v in counts(pred, gold).items():
            total[k] += v
    return {**scores_from_counts(total), "documents": len(files)}


__all__ = ["KEYS", "eval_timeml_dir", "read_tml", "score_gold_timexes", "score_timexes"]
