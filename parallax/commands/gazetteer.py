"""``parallax gazetteer import-geonames``: load a full GeoNames dump into the
local gazetteer store, used in preference to the built-in data."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    gazetteer = typer.Typer(help="The offline gazetteer.", no_args_is_help=True)

    @gazetteer.command("import-geonames")
    def import_geonames_cmd(
        dump: Path = typer.Argument(..., help="allCountries.zip / .txt (or a country file) from GeoNames."),
        alternate_names: Optional[Path] = typer.Option(None, "--alternate-names",
                                                       help="alternateNames.zip / .txt"),
        db: Optional[Path] = typer.Option(None, "--db",
                                          help="Gazetteer store (default: $PARALLAX_GAZETTEER_DB or ~/.cache/parallax/geonames.sqlite)"),
    ) -> None:
        """Import a GeoNames dump (CC BY 4.0) into the local gazetteer store."""
        from ..cli import console, fail
        from ..errors import ParallaxError
        from ..resolve.gazetteer import import_geonames

        for path in (dump, alternate_names):
            if path is not None and not path.exists():
                fail(f"{path}: no such file")
        try:
            target = import_geonames(dump, alternate_names, db)
        except ParallaxError as exc:
            fail(str(exc))
            return
        console.print(f"gazetteer store written: {target}")

    app.add_typer(gazetteer, name="gazetteer")
