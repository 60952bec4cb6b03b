"""The analysis pipeline: a Document in, an Analysis out.

Stages run in a fixed order over one shared Analysis, each a small function
registered by name (the spaCy way): a stage reads what earlier stages stored
and adds its own records. ``STAGES`` is the one place that says the order.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

from .model import Analysis, Document
from .resources import Resources

PIPELINE_VERSION = "0.1"


@dataclass(frozen=True)
class Stage:
    """A named stage: which Analysis field it fills and where its function lives."""

    name: str
    field: str
    module: str
    function: str

    def load(self) -> Callable:
        return getattr(importlib.import_module(self.module), self.function)


STAGES: tuple[Stage, ...] = (
    Stage("citations", "citations", "parallax.extract.citations", "extract_citations"),
    Stage("sources", "citations", "parallax.extract.sources", "classify_citations"),
    Stage("actors", "actors", "parallax.extract.actors", "extract_actors"),
    Stage("times", "times", "parallax.extract.times", "extract_times"),
    Stage("places", "places", "parallax.extract.places", "extract_places"),
    Stage("quantities", "quantities", "parallax.extract.quantities", "extract_quantities"),
    Stage("events", "events", "parallax.extract.events", "extract_events"),
    Stage("claims", "claims", "parallax.extract.claims", "extract_claims"),
    Stage("framing", "frames", "parallax.extract.framing", "extract_frames"),
)


def analyse(document: Document, resources: Resources | None = None) -> Analysis:
    """Run every stage over a document. A stage that raises is a bug, not
    bad input: the exception is wrapped so the caller can record the document
    as failed and go on with the next one."""
    from . import nlp
    from .errors import AnalysisError

    resources = resources or Resources()
    try:
        analysis, doc = nlp.annotate(document)
    except Exception as exc:  # spaCy on pathological input
        raise AnalysisError(f"NLP failed: {type(exc).__name__}: {exc}") from exc
    return run_stages(analysis, doc, resources)


def run_stages(analysis: Analysis, doc: Any, resources: Resources) -> Analysis:
    """Every stage, in order, over a parsed document (``doc`` is the spaCy
    Doc of :func:`parallax.nlp.annotate`); used by ``analyse`` and by batch."""
    from .errors import AnalysisError

    for stage in STAGES:
        try:
            records = stage.load()(analysis, doc, resources)
        except Exception as exc:
            raise AnalysisError(f"stage {stage.name} failed: {type(exc).__name__}: {exc}") from exc
        setattr(analysis, stage.field, records)
    return analysis
