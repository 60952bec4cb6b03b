"""``parallax batch``: the pipeline over a corpus, locally or on Dask."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def batch(
        corpus: str = typer.Argument(..., help="Folder tree, glob, JSONL/Parquet file of articles, or a .txt list of URLs."),
        engine: str = typer.Option("local", "--engine", help="local (in-process) | dask"),
        scheduler: str | None = typer.Option(None, "--scheduler", help="An existing Dask scheduler (tcp://HOST:PORT); default: a LocalCluster."),
        workers: int | None = typer.Option(None, "--workers", help="LocalCluster worker processes (default 2)."),
        db: str | None = typer.Option(None, "--db", help="Store: SQLAlchemy URL or SQLite file (default: $PARALLAX_DB or ./parallax.db)"),
        out: Path | None = typer.Option(None, "--out", help="Folder for the Parquet datasets (one per record kind)."),
        partition_size: int = typer.Option(16, "--partition-size", help="Documents per task (one nlp.pipe batch)."),
        corpus_name: str | None = typer.Option(None, "--corpus", help="Corpus name to file the documents under."),
        actors: list[Path] = typer.Option([], "--actors", help="Extra actor dictionary (YAML); repeatable."),
        gazetteer: list[Path] = typer.Option([], "--gazetteer", help="Extra gazetteer (YAML/CSV); repeatable."),
        allow_private: bool = typer.Option(False, "--allow-private", help="Fetch URLs on loopback/private/link-local addresses."),
        no_align: bool = typer.Option(False, "--no-align", help="Do not align the stored documents afterwards."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    ) -> None:
        """Analyse a corpus (resumable: what is stored is skipped) into Parquet and the store.

        JSONL and Parquet corpora are read as streams. Each document has
        PARALLAX_TIMEOUT seconds (default 300) to be read and analysed; past
        that it is recorded as failed with the reason and the run goes on."""
        from ..batch import BatchRun, WorkOptions
        from ..cli import console, db_url, fail
        from ..cli import out as stdout
        from ..errors import ParallaxError
        from ..fetch import FetchPolicy

        options = WorkOptions(tuple(str(p.resolve()) for p in actors), tuple(str(p.resolve()) for p in gazetteer),
                              fetch_policy=FetchPolicy(allow_private=allow_private))
        try:
            run = BatchRun(corpus, db_url(db), out=out, engine=engine, scheduler=scheduler, workers=workers,
                           partition_size=partition_size, options=options, corpus_name=corpus_name,
                           align=not no_align, console=console)
            summary = run.run(progress=not quiet)
        except ParallaxError as exc:
            fail(str(exc))
            return
        for key, reason in summary.failures:
            console.print(f"[red]failed[/red] {key}: {reason}", highlight=False, soft_wrap=True)
        stdout.print(f"{summary.total} documents: {summary.analysed} analysed, {summary.skipped} already done, "
                     f"{summary.failed} failed; {summary.stored} new in the store"
                     + (f", {summary.parquet} new in {out}" if out else "")
                     + f"; {summary.words} words in {summary.seconds:.1f} s ({summary.docs_per_second:.1f} docs/s)"
                     + (f"; {summary.links} links, {summary.contradictions} contradictions" if summary.links else ""),
                     highlight=False)
        if summary.total == 0:
            fail("no documents found in the corpus")
        raise typer.Exit(1 if summary.failed else 0)
