"""Scoring the pipeline against gold annotations and public benchmarks.

``parallax.eval.runner.evaluate(path)`` recognises the input by its files
(``*.gold.yaml`` per gold/FORMAT.md, ``*.tml`` TimeML, geoparsing XML, CT24
``.tsv``, PETRARCH XML) and returns the JSON object ``parallax eval --json``
prints. Each category has its own scorer module.
"""
