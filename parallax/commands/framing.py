"""``parallax framing`` and ``parallax naming``: persuasion techniques and
sourcing per document and per side, and contested names side by side, from
the analyses in the store."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import typer

DOCS_ARG = typer.Argument(None, help="Stored documents (id, hash prefix, path, file name); default: all.")
CORPUS_OPT = typer.Option(None, "--corpus", help="Only the documents of this corpus.")
DB_OPT = typer.Option(None, "--db", help="Store: SQLAlchemy URL or SQLite file (default: $PARALLAX_DB or ./parallax.db)")
JSON_OPT = typer.Option(False, "--json", help="Print JSON instead of tables.")
SPANS_OPT = typer.Option(False, "--spans", help="Also list every marked span.")

# Short column heads for the techniques, in parallax.extract.framing.TECHNIQUES order.
SHORT = {
    "loaded_language": "loaded", "name_calling": "names", "repetition": "repeat", "doubt": "doubt",
    "exaggeration_minimisation": "exagg", "appeal_to_fear": "fear", "flag_waving": "flag",
    "causal_oversimplification": "causal", "appeal_to_authority": "author", "slogans": "slogan",
    "whataboutism_strawman_red_herring": "whatab", "black_and_white_fallacy": "b/w",
    "thought_terminating_cliches": "cliche", "bandwagon_reductio_ad_hitlerum": "bandw",
}


def _analyses(docs: list[str] | None, corpus: str | None, db: str | None) -> list:
    from ..cli import _load_analyses, db_url
    from ..store import open_store

    store = open_store(db_url(db))
    try:
        return _load_analyses(store, docs or [], corpus, minimum=1)
    finally:
        store.close()


def framing_summary(analyses: list) -> dict[str, Any]:
    """Per document: technique counts and source profile; per side: the
    technique counts summed."""
    from ..extract.framing import TECHNIQUES, technique_counts
    from ..extract.sources import source_profile
    from ..naming import doc_label

    documents = []
    sides: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(TECHNIQUES, 0))
    for analysis in analyses:
        counts = technique_counts(analysis.frames)
        side = analysis.document.meta.side or "unknown"
        for k, v in counts.items():
            sides[side][k] = sides[side].get(k, 0) + v
        documents.append({"document": doc_label(analysis), "side": side, "techniques": counts,
                          "sources": source_profile(analysis)})
    return {"documents": documents, "sides": dict(sides)}


def _framing_tables(summary: dict[str, Any], out: Any) -> None:
    from rich.table import Table

    from ..extract.framing import TECHNIQUES

    table = Table(title="Persuasion techniques (SemEval-2020 task 11) per document")
    table.add_column("document")
    table.add_column("side")
    for t in TECHNIQUES:
        table.add_column(SHORT.get(t, t), justify="right")
    for d in summary["documents"]:
        table.add_row(d["document"], d["side"], *(str(d["techniques"][t]) for t in TECHNIQUES))
    for side, counts in sorted(summary["sides"].items()):
        table.add_row("[bold]all[/bold]", f"[bold]{side}[/bold]", *(str(counts[t]) for t in TECHNIQUES))
    out.print(table)
    out.print("columns: " + ", ".join(f"{SHORT[t]} = {t}" for t in TECHNIQUES), highlight=False)
    src = Table(title="Sourcing per document")
    for col in ("document", "side", "claims", "cited", "indep.", "citations", "self", "social", "dead ends",
                "by kind", "unknown domains"):
        src.add_column(col)
    for d in summary["documents"]:
        p = d["sources"]
        share = (lambda x: "-" if x is None else f"{x:.0%}")
        src.add_row(d["document"], d["side"], str(p["claims"]), share(p["share_cited"]),
                    share(p["share_independent"]), str(p["citations"]), str(p["self_sourced"]),
                    str(p["social_media"]), str(p["dead_ends"]),
                    ", ".join(f"{k} {v}" for k, v in p["by_kind"].items()), ", ".join(p["unknown_domains"]))
    out.print(src)


def _spans(analyses: list) -> list[dict[str, Any]]:
    from ..naming import doc_label

    return [{"document": doc_label(a), "technique": f.technique, "text": f.text, "term": f.term,
             "start": f.start, "end": f.end} for a in analyses for f in a.frames]


def _spans_table(rows: list[dict[str, Any]], out: Any) -> None:
    from rich.table import Table

    table = Table(title="Marked spans")
    for col in ("document", "technique", "text", "offsets"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["document"], r["technique"], r["text"], f"{r['start']}-{r['end']}")
    out.print(table)


def _naming_table(rows: list[dict[str, Any]], out: Any) -> None:
    from rich.table import Table

    sides = sorted({s for r in rows for s in r["sides"]})
    table = Table(title="Contested names: one referent, named differently by each side")
    table.add_column("referent")
    table.add_column("kind")
    for side in sides:
        table.add_column(side)
    for r in rows:
        cells = []
        for side in sides:
            names = r["sides"].get(side, {})
            cells.append("\n".join(f"{n} ({', '.join(docs)})" for n, docs in names.items()) or "-")
        table.add_row(r["referent"], r["kind"], *cells)
    out.print(table)


def register(app: typer.Typer) -> None:
    @app.command("framing")
    def framing(docs: list[str] | None = DOCS_ARG, corpus: str | None = CORPUS_OPT,
                db: str | None = DB_OPT, as_json: bool = JSON_OPT, spans: bool = SPANS_OPT) -> None:
        """Persuasion techniques per document and per side, and how each document sources its claims."""
        import json

        from ..cli import out

        analyses = _analyses(docs, corpus, db)
        summary = framing_summary(analyses)
        if spans:
            summary["spans"] = _spans(analyses)
        if as_json:
            out.print_json(json.dumps(summary))
            return
        _framing_tables(summary, out)
        if spans:
            _spans_table(summary["spans"], out)

    @app.command("naming")
    def naming(docs: list[str] | None = DOCS_ARG, corpus: str | None = CORPUS_OPT,
               db: str | None = DB_OPT, as_json: bool = JSON_OPT) -> None:
        """Contested names: the same place or thing named differently by each side."""
        import json

        from ..cli import out
        from ..naming import contested_names

        rows = contested_names(_analyses(docs, corpus, db))
        if as_json:
            out.print_json(json.dumps(rows))
        elif not rows:
            out.print("no contested names found")
        else:
            _naming_table(rows, out)
