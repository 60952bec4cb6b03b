"""Long fuzzing run over every reader: mutations of the example corpus and
of generated PDF/DOCX files (bytes flipped, truncated, spliced...) plus
Hypothesis-generated text, HTML and DOCX, for ``--seconds`` seconds.

Every input must yield a Document or a ParallaxError with a reason
(tests/hostile.py: check_reader). Prints the number of cases tried, the
outcomes by code, the reader bugs the safety net caught (library errors
wrapped as "could not read ..."), and saves any input that breaks the
contract under --out.

    .venv/bin/python bench/fuzz_readers.py --seconds 300
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile

from parallax.config import Limits
from parallax.errors import ParallaxError
from parallax.read import read_bytes

LIMITS = Limits(timeout_seconds=0)


def _hypothesis_inputs(rng: random.Random):
    """Endless (name, bytes) drawn from the Hypothesis strategies."""
    texts, html, docx = hostile.strategies()
    kinds = [(texts, lambda v: ("fuzz.txt", v)), (html, lambda v: ("fuzz.html", v.encode("utf-8"))),
             (docx, lambda v: ("fuzz.docx", v))]
    while True:
        strategy, wrap = rng.choice(kinds)
        yield wrap(strategy.example())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/parallax_fuzz_failures"))
    args = ap.parse_args()
    import warnings

    from hypothesis.errors import NonInteractiveExampleWarning

    warnings.simplefilter("ignore", NonInteractiveExampleWarning)
    rng = random.Random(args.seed)
    mutants = hostile.mutation_cases(args.seed, 10**9)
    generated = _hypothesis_inputs(rng)
    outcomes: collections.Counter[str] = collections.Counter()
    by_source: collections.Counter[str] = collections.Counter()
    wrapped: collections.Counter[str] = collections.Counter()
    broken = 0
    slowest = (0.0, "")
    started = time.monotonic()
    while time.monotonic() - started < args.seconds:
        source = "mutation" if rng.random() < 0.7 else "hypothesis"
        name, data = next(mutants) if source == "mutation" else next(generated)
        t0 = time.monotonic()
        try:
            code = hostile.check_reader(data, name, LIMITS)
        except hostile.ContractBroken as exc:
            broken += 1
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"case_{broken}{Path(name).suffix}").write_bytes(data)
            print(f"CONTRACT BROKEN: {exc}", flush=True)
            code = "broken"
        took = time.monotonic() - t0
        if took > slowest[0]:
            slowest = (took, f"{name} ({len(data)} bytes, {code})")
        if code not in ("ok", "broken"):
            try:
                read_bytes(data, name, LIMITS)
            except ParallaxError as exc:
                if hostile.wrapped_bug(exc.code, exc.reason):
                    wrapped[exc.reason.split(":")[1].strip() if ":" in exc.reason else exc.reason] += 1
        outcomes[code] += 1
        by_source[source] += 1
    total = sum(outcomes.values())
    print(f"cases tried: {total} in {time.monotonic() - started:.0f} s ({dict(by_source)})")
    print(f"outcomes: {dict(outcomes.most_common())}")
    print(f"contract broken: {broken}")
    print(f"slowest case: {slowest[0]:.2f} s, {slowest[1]}")
    if wrapped:
        print("library errors caught by the safety net (reader bugs to look at):")
        for reason, n in wrapped.most_common(15):
            print(f"  {n:6d}  {reason}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
