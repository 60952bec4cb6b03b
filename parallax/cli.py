"""The command line: ``parallax analyze | show | export | eval | stats``.

Every command takes ``--db`` (a SQLAlchemy URL or a SQLite file path;
default ``PARALLAX_DB`` or ``./parallax.db``). Bad input is reported as one
line per file with a reason and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from . import __version__
from .errors import ParallaxError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Parallax: competing accounts of one conflict, read, structured and set side by side.")
console = Console(stderr=True)
out = Console()

DbOption = typer.Option(None, "--db", help="Store: SQLAlchemy URL or SQLite file (default: $PARALLAX_DB or ./parallax.db)")


def db_url(db: str | None) -> str:
    from .config import default_db_url

    if not db:
        return default_db_url()
    return db if "://" in db else f"sqlite:///{db}"


def fail(message: str, code: int = 2) -> None:
    console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        out.print(f"parallax {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    """Parallax command line."""


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files, folders or globs."),
    db: Optional[str] = DbOption,
    side: Optional[str] = typer.Option(None, help="Declare the side of every document."),
    publisher: Optional[str] = typer.Option(None, help="Declare the publisher of every document."),
    date: Optional[str] = typer.Option(None, "--date", help="Declare the publication date (ISO) of every document."),
    corpus: Optional[str] = typer.Option(None, help="Corpus name to file the documents under."),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor dictionary (YAML); repeatable."),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", help="Extra gazetteer (YAML/CSV); repeatable."),
    force: bool = typer.Option(False, "--force", help="Re-analyse documents already stored."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or table."),
) -> None:
    """Read, analyse and store documents; print a summary table."""
    from .model import Metadata
    from .runner import AnalyzeRun

    declared = Metadata(side=side, publisher=publisher, published=date)
    run = AnalyzeRun(db_url(db), declared=declared, corpus=corpus, actors=actors, gazetteer=gazetteer,
                     force=force, console=console)
    try:
        results = run.run(paths, progress=not quiet)
    except ParallaxError as exc:
        fail(str(exc))
    if not quiet:
        out.print(run.summary_table(results))
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        console.print(f"[red]failed[/red] {r.path}: {r.reason}", highlight=False, soft_wrap=True)
    if not results:
        fail("no documents found in the given paths")
    raise typer.Exit(1 if failed else 0)


@app.command()
def show(doc: str = typer.Argument(..., help="Document id, content-hash prefix, path or file name."),
         db: Optional[str] = DbOption,
         as_json: bool = typer.Option(False, "--json", help="Print the analysis as JSON.")) -> None:
    """What was extracted from one document, with its evidence."""
    from .show import render_analysis
    from .store import open_store

    store = open_store(db_url(db))
    doc_id = store.find_document(doc)
    if doc_id is None:
        fail(f"no stored document matches {doc!r} (see `parallax stats` / `parallax export`)")
    analysis = store.load_analysis(str(doc_id))
    if as_json:
        from .model import to_dict

        out.print_json(json.dumps(to_dict(analysis), ensure_ascii=False, default=str))
        return
    render_analysis(analysis, out)


@app.command()
def export(
    fmt: str = typer.Option("json", "--format", "-f",
                            help="json | csv | acled (ACLED-style CSV) | plover (PLOVER JSONL) | geojson | claimreview"),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    kind: str = typer.Option("events", "--kind", help="For csv: events | claims | quantities | citations | places | timexes | actors"),
    db: Optional[str] = DbOption,
) -> None:
    """Export what the store holds."""
    from .export import export as write_export
    from .store import open_store

    store = open_store(db_url(db))
    try:
        n = write_export(store, fmt, output, kind)
    except ParallaxError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    console.print(f"wrote {n} records to {output}")


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Argument(..., help="Gold folder or file (*.gold.yaml, *.tml, geo XML, CT24 .tsv, PETRARCH XML)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object (the shape of gold/FORMAT.md)."),
    fmt: Optional[str] = typer.Option(None, "--format", help="gold | timeml | geo | ct24 | petrarch (default: guessed)."),
    infer_meta: bool = typer.Option(False, "--infer-meta", help="Ignore the gold's meta (date, side) and infer them."),
) -> None:
    """Score the pipeline against gold annotations."""
    from .eval.runner import evaluate

    if not gold.exists():
        fail(f"{gold}: no such file or folder")
    try:
        result = evaluate(gold, fmt=fmt, use_gold_meta=not infer_meta, details=not as_json,
                          progress=None if as_json else (lambda name: console.print(f"analysing {name}")))
    except ParallaxError as exc:
        fail(str(exc))
        return
    for error in result.pop("errors", []):
        console.print(f"[red]failed[/red] {error}", highlight=False)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    from .show import render_scores

    render_scores(result, out)


def _load_analyses(store, docs: list[str], corpus: str | None, minimum: int = 2) -> list:
    rows = store.documents()
    if corpus:
        rows = [r for r in rows if r.get("corpus") == corpus]
    if docs:
        ids = []
        for ref in docs:
            doc_id = store.find_document(ref)
            if doc_id is None:
                fail(f"no stored document matches {ref!r}")
            ids.append(doc_id)
    else:
        ids = [r["id"] for r in rows]
    if len(ids) < minimum:
        fail(f"needs at least {minimum} stored document{'s' if minimum > 1 else ''} (analyse them first)")
    return [store.load_analysis(str(i)) for i in ids]


@app.command()
def compare(
    docs: list[str] = typer.Argument(None, help="Stored documents (id, hash prefix, path, file name); default: all."),
    corpus: Optional[str] = typer.Option(None, "--corpus", help="Only the documents of this corpus."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write links and timeline (.json) or links (.csv)."),
    db: Optional[str] = DbOption,
) -> None:
    """Agreements, contradictions and one-sided happenings across documents."""
    from .compare import compare as build, write_comparison
    from .show import render_comparison
    from .store import open_store

    store = open_store(db_url(db))
    comparison = build(_load_analyses(store, docs or [], corpus))
    store.save_cross_links(comparison.links, replace_stage="align")
    render_comparison(comparison, out)
    if output:
        try:
            write_comparison(comparison, output)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror}")
        console.print(f"wrote {output}")


@app.command()
def report(
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="HTML file to write."),
    corpus: Optional[str] = typer.Option(None, "--corpus", help="Only the documents of this corpus."),
    title: str = typer.Option("Parallax report", "--title"),
    db: Optional[str] = DbOption,
) -> None:
    """One self-contained HTML file: overview, documents, side by side, timeline, map, sources."""
    from .align import align
    from .report import write_report
    from .store import open_store

    store = open_store(db_url(db))
    analyses = _load_analyses(store, [], corpus, minimum=1)
    try:
        write_report(analyses, align(analyses), output, title=title)
    except ParallaxError as exc:
        fail(str(exc))
    console.print(f"wrote {output} ({len(analyses)} documents)")


@app.command()
def stats(db: Optional[str] = DbOption,
          as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Counts of what the store holds."""
    from .store import open_store

    counts = open_store(db_url(db)).stats()
    if as_json:
        sys.stdout.write(json.dumps(counts) + "\n")
        return
    for key, value in counts.items():
        out.print(f"{key:>12}  {value}")


def _register_command_modules() -> None:
    import importlib
    import pkgutil

    from . import commands

    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module.name}").register(app)


_register_command_modules()


def run() -> None:
    """Console entry point: a bug becomes one line and exit code 3, not a
    traceback (``PARALLAX_DEBUG=1`` shows the traceback)."""
    import os

    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the last guard before the user
        if os.environ.get("PARALLAX_DEBUG"):
            raise
        console.print(f"[red]error:[/red] [P900] internal error: {type(exc).__name__}: {exc} "
                      "(PARALLAX_DEBUG=1 shows the traceback)", highlight=False)
        sys.exit(3)


if __name__ == "__main__":  # pragma: no cover
    run()
