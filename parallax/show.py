"""Rendering an Analysis and eval scores for the terminal (Rich)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table

from .model import Analysis


def _snippet(text: str, start: int, end: int, width: int = 110) -> str:
    piece = " ".join(text[start:end].split())
    return piece if len(piece) <= width else piece[: width - 1] + "…"


def _actor(actors) -> str:
    parts = []
    for a in actors:
        label = a.name or a.text
        code = a.country or "/".join(a.countries)
        parts.append(f"{label} ({code})" if code else label)
    return "; ".join(parts)


def render_analysis(analysis: Analysis, console: Console) -> None:
    doc = analysis.document
    meta = doc.meta
    console.rule(f"[bold]{meta.title or doc.path}")
    for key in ("publisher", "published", "side", "kind", "language"):
        value = getattr(meta, key)
        origin = meta.origin.get(key, "")
        console.print(f"  {key:>10}: {value or '-'}  [dim]{origin}[/dim]", highlight=False)
    kinds = Counter(getattr(block.kind, "value", str(block.kind)) for block in doc.blocks)
    console.print("  blocks: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())), highlight=False)

    table = Table(title=f"Events ({len(analysis.events)})", show_lines=True, title_justify="left", expand=True)
    for col in ("type", "actor", "target", "when", "where", "stance", "according to"):
        table.add_column(col, overflow="fold", ratio=1)
    table.add_column("evidence", overflow="fold", ratio=4, min_width=30)
    for ev in analysis.events:
        table.add_row(ev.type + (f"\n{ev.mode}" if ev.mode else ""), _actor(ev.actors), _actor(ev.targets),
                      ev.time.value if ev.time and ev.time.value else "",
                      ", ".join(p.text for p in ev.places), ev.stance, ev.according_to or "",
                      _snippet(doc.text, ev.sentence_start, ev.sentence_end))
    console.print(table)

    table = Table(title=f"Claims ({len(analysis.claims)})", title_justify="left", expand=True)
    table.add_column("speaker", overflow="fold", ratio=1)
    table.add_column("claim", overflow="fold", ratio=5)
    table.add_column("cites", ratio=1)
    table.add_column("check", ratio=1)
    for c in analysis.claims:
        table.add_row(c.speaker or "(document)", _snippet(doc.text, c.start, c.end),
                      str(len(c.citations)) if c.citations else "none", f"{c.checkworthy:.2f}")
    console.print(table)

    table = Table(title=f"Figures ({len(analysis.quantities)})", title_justify="left")
    for col in ("text", "value", "qualifier", "unit", "according to"):
        table.add_column(col, overflow="fold")
    for q in analysis.quantities:
        table.add_row(q.text, "" if q.value is None else f"{q.value:g}", q.qualifier, q.unit or "",
                      q.according_to or "")
    console.print(table)

    table = Table(title=f"Times ({len(analysis.times)})", title_justify="left")
    for col in ("text", "value", "type", "precision", "anchor"):
        table.add_column(col, overflow="fold")
    for t in analysis.times:
        table.add_row(t.text, t.value or "", t.type, t.precision or "", t.anchor or "")
    console.print(table)

    table = Table(title=f"Places ({len(analysis.places)})", title_justify="left")
    for col in ("text", "resolved", "kind", "lat, lon", "precision", "role"):
        table.add_column(col, overflow="fold")
    for p in analysis.places:
        pl = p.place
        table.add_row(p.text, pl.name if pl else "(unresolved)", pl.kind if pl else "",
                      f"{pl.lat:.2f}, {pl.lon:.2f}" if pl and pl.lat is not None else "",
                      pl.precision if pl else "", p.role)
    console.print(table)

    table = Table(title=f"Citations ({len(analysis.citations)})", title_justify="left")
    for col in ("marker", "url", "supports"):
        table.add_column(col, overflow="fold")
    for c in analysis.citations:
        table.add_row(c.marker or "", c.url or f"(no URL) {c.note or ''}",
                      _snippet(doc.text, c.support_start, c.support_end, 80))
    console.print(table)


def render_scores(result: dict[str, Any], console: Console) -> None:
    table = Table(title=f"Scores on {result.get('dataset')} ({result.get('documents')} documents)",
                  title_justify="left")
    table.add_column("category")
    table.add_column("scores")
    for key, value in result.items():
        if not isinstance(value, dict):
            continue
        parts = []
        for name, v in value.items():
            if isinstance(v, dict):
                parts.append(name + ": " + ", ".join(f"{k} {x:.2f}" for k, x in v.items()))
            elif isinstance(v, float):
                parts.append(f"{name} {v:.3f}")
            else:
                parts.append(f"{name} {v}")
        table.add_row(key, "  ".join(parts))
    console.print(table)


def render_comparison(comparison, console: Console) -> None:
    """Links as a table, then the happenings only one side tells."""
    from .compare import link_rows

    rows = link_rows(comparison)
    table = Table(title=f"Linked accounts ({len(rows)})", show_lines=True, title_justify="left")
    for col in ("relation", "side A", "account A", "side B", "account B", "why"):
        table.add_column(col, overflow="fold")
    for r in rows:
        rel = r["relation"] + (f" ({r['on']})" if r["on"] else "")
        colour = {"CONTRADICT": "red", "SAME": "green", "COMPLEMENT": "cyan"}.get(r["relation"], "white")
        table.add_row(f"[{colour}]{rel}[/{colour}]", r["a_side"] or "", _clip(r["a_evidence"]),
                      r["b_side"] or "", _clip(r["b_evidence"]), r["reason"])
    console.print(table)
    summary = comparison.summary()
    for relation, ons in summary["by_on"].items():
        parts = ", ".join(f"{on} {n}" for on, n in ons.items())
        console.print(f"  {relation} {summary['by_relation'][relation]}: {parts}", highlight=False)
    lone = [h for h in comparison.happenings if h.one_sided]
    table = Table(title=f"Told by one side only ({len(lone)})", title_justify="left")
    for col in ("when", "side", "type", "account"):
        table.add_column(col, overflow="fold")
    for h in lone:
        v = h.versions[0]
        when = "/".join(dict.fromkeys(h.interval)) if h.interval else ""
        table.add_row(when, v.side or "", v.event.type, _clip(v.evidence))
    console.print(table)


def _clip(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
