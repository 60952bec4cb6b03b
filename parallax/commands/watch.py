"""``parallax watch``: poll feeds and pages, analyse what is new, report contradictions."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def watch(
        sources: Path = typer.Argument(..., help="SOURCES.yaml: feeds and pages to poll (see parallax/watch.py)."),
        once: bool = typer.Option(False, "--once", help="Poll once and exit."),
        interval: float = typer.Option(900.0, "--interval", help="Seconds between polls."),
        db: str | None = typer.Option(None, "--db", help="Store: SQLAlchemy URL or SQLite file (default: $PARALLAX_DB or ./parallax.db)"),
        allow_private: bool = typer.Option(False, "--allow-private", help="Fetch from loopback/private/link-local addresses."),
        timeout: float = typer.Option(20.0, "--timeout", help="Seconds per request."),
        max_bytes: int = typer.Option(10 * 1024 * 1024, "--max-bytes", help="Size cap per response."),
    ) -> None:
        """Poll RSS/Atom feeds and web pages into the store; report new contradictions."""
        from ..cli import console, db_url, fail, out
        from ..errors import ParallaxError
        from ..fetch import FetchPolicy
        from ..watch import PollResult, Watcher, load_sources

        def report(result: PollResult) -> None:
            out.print(f"{len(result.stored)} new, {result.unchanged} unchanged, {len(result.failed)} failed, "
                      f"{result.links} links, {len(result.contradictions)} new contradictions", highlight=False)
            for url in result.stored:
                out.print(f"  [green]stored[/green] {url}", highlight=False)
            for url, reason in result.failed:
                console.print(f"  [red]failed[/red] {url}: {reason}", highlight=False, soft_wrap=True)
            for c in result.contradictions:
                out.print(f"  [yellow]CONTRADICT[/yellow] ({c.on}) {c.new} vs {c.stored}: {c.reason}",
                          highlight=False, soft_wrap=True)

        try:
            watcher = Watcher(load_sources(sources), db_url(db),
                              FetchPolicy(max_bytes=max_bytes, timeout=timeout, allow_private=allow_private))
            watcher.run(interval, report, polls=1 if once else None)
        except ParallaxError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            console.print("stopped")
