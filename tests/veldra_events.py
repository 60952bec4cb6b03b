"""Shared by the event tests: the fictional conflict's actor dictionary (the
Republic of Veldra vs the Kingdom of Ostmark) and one call that runs the
actors and events stages on a sentence or two."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from parallax import nlp
from parallax.extract.actors import ActorDictionary, extract_actors
from parallax.extract.events import extract_events
from parallax.model import Block, Document, Event, Metadata, PlaceMention, TimeExpr, countries_of

ACTORS_YAML = """
- {id: VLD, name: Veldra, country: VLD, aliases: [Veldra, Republic of Veldra], adjectives: [Veldran]}
- {id: OST, name: Ostmark, country: OST, aliases: [Ostmark, Kingdom of Ostmark], adjectives: [Ostmarkian]}
- {id: SRN, name: Sarnia, country: SRN, aliases: [Sarnia], adjectives: [Sarnian]}
- {id: person-ilvar-dask, name: Ilvar Dask, country: VLD, sector: government, aliases: [Ilvar Dask]}
- {id: person-mira-holt, name: Mira Holt, country: OST, sector: government, aliases: [Mira Holt]}
"""


class Res:
    """The slice of parallax.resources.Resources the two stages read."""

    def __init__(self, actors: ActorDictionary) -> None:
        self.actors = actors


def load_res(folder: Path) -> Res:
    path = folder / "veldra.yaml"
    path.write_text(ACTORS_YAML, encoding="utf-8")
    return Res(ActorDictionary.load([path]))


def events_in(text: str, res: Res, times: Iterable[TimeExpr] = (), published: str | None = None,
              publisher: str | None = None, blocks: list[Block] | None = None,
              side: str | None = None, places: Iterable[PlaceMention] = ()) -> list[Event]:
    """Annotate ``text``, find its actors, give it ``times`` and ``places``
    (as the gazetteer would have found them), find its events."""
    meta = Metadata(published=published, publisher=publisher, side=side)
    analysis, doc = nlp.annotate(Document(text=text, meta=meta, blocks=blocks or []))
    analysis.actors = extract_actors(analysis, doc, res)
    analysis.times = list(times)
    analysis.places = list(places)
    return extract_events(analysis, doc, res)


countries = countries_of  # the tests' short name