"""Extraction stages. Each module exposes one function

    extract_<kind>(analysis: Analysis, doc: spacy.tokens.Doc, resources: Resources) -> list[Record]

that reads the document, its sentences and what earlier stages stored on the
Analysis, and returns its records (with offsets and a Provenance). The order
is fixed in ``parallax.pipeline``: citations, actors, times, places,
quantities, events, claims.
"""
