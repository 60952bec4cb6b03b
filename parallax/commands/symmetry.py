"""``parallax audit-symmetry``: swap the sides' names and check that the
cross-document links come out as the mirror image (exit 1 when not)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("audit-symmetry")
    def audit_symmetry(
        paths: list[str] = typer.Argument(..., help="Files or folders of the corpus (a manifest is honoured)."),
        swap: Path = typer.Option(..., "--swap", help="Swap table (YAML): name pairs, optional one_way and codes."),
        actors: list[Path] = typer.Option([], "--actors", help="Extra actor dictionary (YAML); repeatable."),
        gazetteer: list[Path] = typer.Option([], "--gazetteer", help="Extra gazetteer file; repeatable."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        """Analyse the corpus as it is and with the names swapped, align both,
        and report links that are not mirrored. Also reports the aligner alone
        (the same records with names swapped), to tell extraction from alignment."""
        from ..align import align
        from ..cli import console, fail, out
        from ..errors import ParallaxError
        from ..read import iter_paths
        from ..resources import Resources
        from ..symmetry import analyse_pair, compare_links, load_swap, mirror_analyses

        try:
            table = load_swap(swap)
            files = iter_paths(paths)
            if not files:
                fail("no documents found")
            resources = Resources(actor_files=list(actors), gazetteer_files=list(gazetteer))
            original, swapped = analyse_pair(
                files, table, resources, None if as_json else (lambda p: console.print(f"analysing {p}")))
            links = align(original)
            report = compare_links(original, swapped, links, align(swapped), table)
            mirrored = mirror_analyses(original, table)
            aligner = compare_links(original, mirrored, links, align(mirrored), table)
        except ParallaxError as exc:
            fail(str(exc))
            return
        payload = report.as_dict() | {"aligner_only": aligner.as_dict()}
        if as_json:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        else:
            _print(out, report, aligner)
        if not report.symmetric:
            raise typer.Exit(1)


def _print(out, report, aligner) -> None:
    verdict = "[green]symmetric[/green]" if report.symmetric else "[red]asymmetric[/red]"
    out.print(f"{verdict}: {report.original} links on the original, {report.swapped} on the swapped corpus; "
              f"{len(report.only_original)} not mirrored, {len(report.only_swapped)} only after the swap",
              highlight=False)
    for title, rows in (("only in the original", report.only_original), ("only after the swap", report.only_swapped)):
        for row in rows:
            out.print(f"  {title}: {row['relation']}{'/' + row['on'] if row['on'] else ''}\n"
                      f"    A {row['a']}\n    B {row['b']}", highlight=False, soft_wrap=True)
    state = "symmetric" if aligner.symmetric else (
        f"asymmetric ({len(aligner.only_original) + len(aligner.only_swapped)} links differ)")
    out.print(f"aligner alone (same records, names swapped): {state}", highlight=False)
