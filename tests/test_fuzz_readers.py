"""Fuzzing the readers: every input yields a Document or a ParallaxError
with a reason, never another exception (the contract is
``hostile.check_reader``). A quick run here; the long run is
bench/fuzz_readers.py."""

from __future__ import annotations

import time

import hostile
import pytest
from hypothesis import HealthCheck, given, settings

from parallax.config import Limits
from parallax.read import read_path

TEXTS, HTML, DOCX = hostile.strategies()
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                 database=None)
LIMITS = Limits(timeout_seconds=0)


@QUICK
@given(TEXTS)
def test_text_bytes(data: bytes) -> None:
    for name in ("fuzz.txt", "fuzz.md", "fuzz"):
        hostile.check_reader(data, name, LIMITS)


@QUICK
@given(HTML)
def test_html(markup: str) -> None:
    hostile.check_reader(markup.encode("utf-8"), "fuzz.html", LIMITS)
    hostile.check_reader(markup.encode("utf-16"), "fuzz.htm", LIMITS)


@settings(QUICK, max_examples=60)
@given(DOCX)
def test_docx(data: bytes) -> None:
    hostile.check_reader(data, "fuzz.docx", LIMITS)


def test_mutations_of_the_corpus_every_reader() -> None:
    """Flipped, truncated, spliced variants of the example corpus and of a
    generated PDF and DOCX."""
    started = time.monotonic()
    outcomes: dict[str, int] = {}
    for name, data in hostile.mutation_cases(seed=2031, count=600):
        code = hostile.check_reader(data, name, LIMITS)
        outcomes[code] = outcomes.get(code, 0) + 1
    print(f"600 mutants in {time.monotonic() - started:.1f} s: {outcomes}")
    assert outcomes.get("ok", 0) > 50, outcomes  # many mutants are still documents
    assert sum(v for k, v in outcomes.items() if k != "ok") > 50, outcomes  # and many are refused


def test_read_path_on_mutants(tmp_path) -> None:
    """The same contract through read_path (files on disk, any extension)."""
    from parallax.errors import ParallaxError

    for n, (name, data) in enumerate(hostile.mutation_cases(seed=7, count=60)):
        path = tmp_path / f"{n}_{name}"
        path.write_bytes(data)
        try:
            read_path(path, LIMITS)
        except ParallaxError as exc:
            assert exc.reason and exc.path == str(path)


@pytest.mark.parametrize("name", sorted(hostile.seed_files()))
def test_seeds_themselves_are_documents(name: str) -> None:
    assert hostile.check_reader(hostile.seed_files()[name], name, LIMITS) == "ok"
