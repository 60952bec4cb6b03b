"""Data files the extraction stages use, loaded once per run.

The built-in dictionaries live in ``parallax/data`` (each with its source and
licence in ``parallax/data/SOURCES.md``); a user adds a conflict's own actors,
places and lexicons with extra files (CLI ``--actors/--gazetteer``, the
``PARALLAX_ACTORS`` / ``PARALLAX_GAZETTEER`` / ``PARALLAX_OUTLETS`` variables, or the
``actors:``, ``gazetteer:`` and ``outlets:`` keys of a corpus manifest) without
touching code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


def _env_paths(name: str) -> list[Path]:
    raw = os.environ.get(name, "")
    return [Path(p) for p in raw.split(os.pathsep) if p]


@dataclass
class Resources:
    """Actor dictionary, gazetteer and lexicons for one run."""

    actor_files: list[Path] = field(default_factory=list)
    gazetteer_files: list[Path] = field(default_factory=list)
    outlet_files: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.actor_files = [*self.actor_files, *_env_paths("PARALLAX_ACTORS")]
        self.gazetteer_files = [*self.gazetteer_files, *_env_paths("PARALLAX_GAZETTEER")]
        self.outlet_files = [*self.outlet_files, *_env_paths("PARALLAX_OUTLETS")]

    def add(self, actors: list[Path] | None = None, gazetteer: list[Path] | None = None,
            outlets: list[Path] | None = None) -> None:
        """Add user files (e.g. from a manifest); drops caches already built."""
        for path in actors or []:
            if path not in self.actor_files:
                self.actor_files.append(path)
                self.__dict__.pop("actors", None)
        for path in gazetteer or []:
            if path not in self.gazetteer_files:
                self.gazetteer_files.append(path)
                self.__dict__.pop("gazetteer", None)
        for path in outlets or []:
            if path not in self.outlet_files:
                self.outlet_files.append(path)
                self.__dict__.pop("outlets", None)

    @cached_property
    def actors(self) -> Any:
        from .extract.actors import ActorDictionary

        return ActorDictionary.load(self.actor_files)

    @cached_property
    def gazetteer(self) -> Any:
        from .resolve.gazetteer import Gazetteer

        return Gazetteer.load(self.gazetteer_files)

    @cached_property
    def outlets(self) -> Any:
        from .extract.sources import OutletTable

        return OutletTable.load(self.outlet_files)
