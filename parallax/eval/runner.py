"""``parallax eval``: recognise the gold input, run the pipeline over the
documents it names, score every category it holds.

The JSON shape is fixed by gold/FORMAT.md ("What parallax eval --json
prints"): one object, a section per kind of gold the input holds, sections
it cannot score absent, never zero-filled.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import GoldFormatError, ParallaxError
from ..model import Analysis, Metadata
from ..resources import Resources
from .gold import GoldCorpus, GoldDocument, load_gold_corpus
from .metrics import Counts

FORMATS = ("gold", "timeml", "geo", "ct24", "petrarch")


def detect_format(path: Path) -> str:
    """Which kind of gold a path holds, by its files."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    names = [f.name for f in files]
    if any(n.endswith(".gold.yaml") for n in names):
        return "gold"
    if any(n.endswith(".tml") for n in names):
        return "timeml"
    if any(n.lower().endswith(".tsv") for n in names):
        return "ct24"
    for f in files:
        if f.suffix.lower() == ".xml":
            head = f.read_text(encoding="utf-8", errors="replace")[:4000]
            if "<toponym" in head or "<article" in head or "<toponyms" in head:
                return "geo"
            if "<Sentence" in head or "PETR" in f.name or "<Stories" in head:
                return "petrarch"
    raise GoldFormatError("no gold annotations recognised (*.gold.yaml, *.tml, geo XML, CT24 .tsv, PETRARCH XML)",
                          str(path))


def evaluate(path: Path, fmt: str | None = None, resources: Resources | None = None,
             use_gold_meta: bool = True, progress: Callable[[str], None] | None = None,
             details: bool | None = None) -> dict[str, Any]:
    """Scores in FORMAT.md's shape. ``details`` adds figures for people that
    the JSON shape does not hold (the links' ``on`` accuracy); by default
    they come with a progress callback, i.e. in the human-readable run."""
    fmt = fmt or detect_format(path)
    result: dict[str, Any] = {"dataset": str(path)}
    if fmt == "gold":
        details = progress is not None if details is None else details
        result.update(evaluate_gold(load_gold_corpus(path), resources, use_gold_meta, progress, details))
    elif fmt == "timeml":
        from .timeml import eval_timeml_dir

        scores = eval_timeml_dir(path)
        result["documents"] = scores.pop("documents", None) or len(list(path.rglob("*.tml")))
        result["timexes"] = {k: scores[k] for k in TIMEX_KEYS if k in scores}
    elif fmt == "geo":
        from .geo import eval_geo_file

        files = [path] if path.is_file() else sorted(path.glob("*.xml"))
        per_file = [eval_geo_file(f) for f in files]
        result["documents"] = sum(int(r.get("documents", 0)) for r in per_file)
        result["places"] = _merge_places(per_file)
    elif fmt == "ct24":
        from .checkworthy import eval_ct24

        files = [path] if path.is_file() else sorted(path.glob("*.tsv"))
        result["documents"] = len(files)
        result["checkworthy"] = _prf_only(eval_ct24(files[-1] if len(files) == 1 else files[0]))
    elif fmt == "petrarch":
        from .petrarch import eval_petrarch

        scores = eval_petrarch(path)
        result["documents"] = scores.get("documents", 0)
        result["coding"] = {k: scores[k] for k in ("expected", "produced", "extra")}
    else:
        raise GoldFormatError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return result


TIMEX_KEYS = ("strict_f1", "relaxed_f1", "value_f1", "type_f1", "value_accuracy", "gold")
PLACE_KEYS = ("acc_161km", "acc_25km", "mean_km", "median_km", "recall", "gold")


def _prf_only(scores: dict[str, Any]) -> dict[str, float]:
    return {k: scores[k] for k in ("precision", "recall", "f1")}


@dataclass
class _DocRun:
    gold: GoldDocument
    analysis: Analysis | None
    error: str | None = None
    event_pairs: list[tuple[int, str]] = field(default_factory=list)  # (pred index, gold id)


def _read_and_analyse(gold: GoldDocument, resources: Resources, use_gold_meta: bool) -> Analysis:
    from ..pipeline import analyse
    from ..read import read_path
    from ..read.manifest import load_manifest

    manifest = load_manifest(gold.document_path.parent)
    declared = manifest.declared_for(gold.document_path) if manifest else None
    if manifest:
        resources.add(actors=manifest.actor_files, gazetteer=manifest.gazetteer_files,
                               outlets=manifest.outlet_files)
    if use_gold_meta:
        meta = gold.meta
        declared = Metadata(publisher=meta.get("publisher"), published=meta.get("published"),
                            side=meta.get("side"), kind=meta.get("kind"))
    return analyse(read_path(gold.document_path, declared=declared), resources)


def evaluate_gold(corpus: GoldCorpus, resources: Resources | None, use_gold_meta: bool,
                  progress: Callable[[str], None] | None, details: bool = False) -> dict[str, Any]:
    resources = resources or Resources()
    runs: list[_DocRun] = []
    for gold in corpus.documents:
        if progress:
            progress(gold.name)
        try:
            runs.append(_DocRun(gold, _read_and_analyse(gold, resources, use_gold_meta)))
        except ParallaxError as exc:
            runs.append(_DocRun(gold, None, str(exc)))
    out: dict[str, Any] = {"documents": len(runs)}
    ok = [r for r in runs if r.analysis is not None]
    if any(r.gold.has("events") for r in runs):
        out["events"] = _score_events(ok, runs)
    if any(r.gold.has("timexes") for r in runs):
        out["timexes"] = _score_timexes(runs)
    if any(r.gold.has("places") for r in runs):
        out["places"] = _score_places(runs)
    for section, scorer in (("quantities", _quantity_counts), ("claims", _claim_counts),
                            ("citations", _citation_counts)):
        if any(r.gold.has(section) for r in runs):
            total = Counts()
            for run in runs:
                if run.gold.has(section):
                    total = total + scorer(run)
            out[section] = total.prf()
    if corpus.links is not None:
        out["links"] = _score_links(corpus, runs, details)
    errors = [f"{r.gold.name}: {r.error}" for r in runs if r.error]
    if errors:
        out["errors"] = errors
    return out


def _gold_count(run: _DocRun, section: str) -> int:
    return len(run.gold.sections.get(section, []))


def _score_events(ok: list[_DocRun], runs: list[_DocRun]) -> dict[str, Any]:
    from .plover import match_gold_events

    total = Counts()
    fields: dict[str, list[float]] = {k: [] for k in ("target", "place", "stance", "according_to")}
    for run in runs:
        gold = run.gold.sections.get("events", [])
        if run.analysis is None:
            total = total + Counts(0, 0, len(gold))
            continue
        a = run.analysis
        match = match_gold_events(a.events, gold, a.document.text, a.sentences)
        run.event_pairs = [(p, str(gold[g].get("id"))) for p, g in match.pairs]
        total = total + Counts(len(match.pairs), len(a.events), len(gold))
        for key, values in match.field_hits.items():
            fields.setdefault(key, []).extend(values)
    out: dict[str, Any] = {**total.prf(), "gold": total.gold, "predicted": total.predicted}
    out["field_accuracy"] = {k: round(sum(v) / len(v), 4) if v else 0.0 for k, v in fields.items()}
    return out


def _score_timexes(runs: list[_DocRun]) -> dict[str, Any]:
    from .timeml import score_gold_timexes

    parts = []
    for run in runs:
        gold = run.gold.sections.get("timexes")
        if gold is None:
            continue
        if run.analysis is None:
            parts.append({k: 0.0 for k in TIMEX_KEYS} | {"gold": len(gold)})
            continue
        parts.append(score_gold_timexes(run.analysis.times, gold, run.analysis.document.text))
    return _weighted(parts, TIMEX_KEYS)


def _weighted(parts: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """Combine per-document scores weighted by their gold counts."""
    total = sum(int(p.get("gold", 0)) for p in parts)
    out: dict[str, Any] = {}
    for key in keys:
        if key == "gold":
            out[key] = total
        elif total:
            out[key] = round(sum(float(p.get(key, 0.0)) * int(p.get("gold", 0)) for p in parts) / total, 4)
        else:
            out[key] = 0.0
    return out


def _score_places(runs: list[_DocRun]) -> dict[str, Any]:
    from .geo import score_gold_places

    parts = []
    for run in runs:
        gold = run.gold.sections.get("places")
        if gold is None:
            continue
        if run.analysis is None:
            parts.append({"gold": sum(int(g.get("mentions", 1)) for g in gold), "errors_km": [], "found": 0})
            continue
        parts.append(score_gold_places(run.analysis.places, gold, run.analysis.document.text))
    return _merge_places(parts)


def _merge_places(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge place scores: exact when parts carry their per-mention errors
    (``errors_km``), else weighted by gold counts."""
    if parts and all("errors_km" in p for p in parts):
        errors = [e for p in parts for e in p["errors_km"]]
        hits25 = sum(int(p.get("hits_25km", 0)) for p in parts)
        gold = sum(int(p.get("gold", 0)) for p in parts)
        found = len(errors)
        return {
            "acc_161km": round(sum(1 for e in errors if e <= 161) / found, 4) if found else 0.0,
            "acc_25km": round(hits25 / found, 4) if found else 0.0,
            "mean_km": round(statistics.fmean(errors), 2) if errors else 0.0,
            "median_km": round(statistics.median(errors), 2) if errors else 0.0,
            "recall": round(found / gold, 4) if gold else 0.0,
            "gold": gold,
        }
    return _weighted(parts, PLACE_KEYS)


def _counts_from(result: Any) -> Counts:
    if isinstance(result, Counts):
        return result
    return Counts(int(result["tp"]), int(result["predicted"]), int(result["gold"]))


def _quantity_counts(run: _DocRun) -> Counts:
    from .checkworthy import score_gold_quantities

    gold = run.gold.sections["quantities"]
    if run.analysis is None:
        return Counts(0, 0, len(gold))
    return _counts_from(score_gold_quantities(run.analysis.quantities, gold, run.analysis.document.text))


def _claim_counts(run: _DocRun) -> Counts:
    from .checkworthy import score_gold_claims

    gold = run.gold.sections["claims"]
    if run.analysis is None:
        return Counts(0, 0, len(gold))
    return _counts_from(score_gold_claims(run.analysis.claims, gold, run.analysis.document.text))


def _citation_counts(run: _DocRun) -> Counts:
    from .citations import score_citations

    gold = run.gold.sections["citations"]
    if run.analysis is None:
        return Counts(0, 0, len(gold))
    return score_citations(run.analysis.citations, gold, run.analysis.document.text)


def _span_map(records: list[Any], gold: list[dict[str, Any]], key: str, text: str) -> dict[int, str]:
    """Predicted record index -> gold id, by the largest overlap of the
    record's span with the gold ``key`` text (one-to-one, gold order). A
    text the gold gives more than once ("two civilians" in two sentences)
    stands for its occurrences in document order: the k-th entry with that
    text is its k-th occurrence."""
    from .metrics import locate

    out: dict[int, str] = {}
    cursor: dict[str, int] = {}
    for entry in gold:
        quote = str(entry.get(key) or "")
        span = locate(text, quote, cursor.get(quote, 0)) or locate(text, quote)
        if span is None or entry.get("id") is None:
            continue
        cursor[quote] = span[1]
        best, best_overlap = None, 0
        for i, rec in enumerate(records):
            overlap = min(span[1], rec.end) - max(span[0], rec.start)
            if i not in out and overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            out[best] = str(entry["id"])
    return out


# Whether a gold event the event matcher left unmatched may be stood for, in
# links only, by a predicted event whose trigger lies in the gold quote.
LINK_EVENTS_BY_EVIDENCE = False


def _evidence_events(run: _DocRun) -> dict[int, str]:
    """Predicted event -> gold id: the event matcher's pairs, and (with
    ``LINK_EVENTS_BY_EVIDENCE``) for each gold event it left unmatched the
    unmatched predicted event whose trigger overlaps the gold quote most."""
    from .metrics import locate

    pairs = dict(run.event_pairs)
    if not LINK_EVENTS_BY_EVIDENCE or run.analysis is None:
        return pairs
    text = run.analysis.document.text
    for entry in run.gold.sections.get("events", []):
        gold_id = str(entry.get("id"))
        span = locate(text, str(entry.get("quote") or ""))
        if span is None or gold_id in pairs.values():
            continue
        best = max(((min(span[1], ev.end) - max(span[0], ev.start), i)
                    for i, ev in enumerate(run.analysis.events) if i not in pairs), default=(0, None))
        if best[0] > 0:
            pairs[best[1]] = gold_id
    return pairs


def _gold_ids(run: _DocRun) -> dict[str, dict[int, str]]:
    """Per record kind, which predicted record stands for which gold id."""
    a = run.analysis
    assert a is not None
    return {
        "events": _evidence_events(run),
        "quantities": _span_map(a.quantities, run.gold.sections.get("quantities", []), "text", a.document.text),
        "claims": _span_map(a.claims, run.gold.sections.get("claims", []), "quote", a.document.text),
    }


def _score_links(corpus: GoldCorpus, runs: list[_DocRun], details: bool = False) -> dict[str, Any]:
    """A predicted link is right when its two records stand for the two
    records of a gold link (events by the event matcher, figures by their
    text, claims by their quote; in either order) and the relation is the
    same. One-to-one: a gold link is counted once.

    With ``details`` the section also says how often the predicted ``on``
    (what differs or adds) equals the gold's on the right links:
    ``on_accuracy`` over ``on_matched`` links. FORMAT.md's JSON scores the
    relation only, so these keys are for people, never for ``--json``."""
    from ..align import align

    analyses = [r.analysis for r in runs if r.analysis is not None]
    predicted = align(analyses)
    by_hash = {r.analysis.document.content_hash: r for r in runs if r.analysis is not None}
    ids = {h: _gold_ids(r) for h, r in by_hash.items()}
    gold_links = {frozenset((link.a, link.b)): link for link in corpus.links or []}
    found: dict[frozenset[str], bool] = {}  # right link -> its `on` right too
    for link in predicted:
        refs = []
        for ref in (link.a, link.b):
            gold_id = ids[ref.document].get(ref.kind, {}).get(ref.index)
            refs.append(None if gold_id is None else f"{by_hash[ref.document].gold.name}#{gold_id}")
        if None in refs:
            continue
        key = frozenset(refs)
        gold = gold_links.get(key)
        if gold is not None and gold.relation == link.relation and key not in found:
            found[key] = (gold.on or None) == (link.on or None)
    counts = Counts(len(found), len(predicted), len(gold_links))
    out = {**counts.prf(), "gold": counts.gold, "predicted": counts.predicted}
    if details:
        out["on_accuracy"] = round(sum(found.values()) / len(found), 4) if found else 0.0
        out["on_matched"] = len(found)
    return out
