"""Contested naming across a corpus: one referent, named differently by each side.

Two sources of evidence:

- places: two surface forms that the gazetteer resolved to the same place
  ("Harn Valley" / "Hornland"), from documents of different sides. Forms
  that are variants of one another ("Harn", "the Harn Valley") do not count;
- rival framings of the same thing from ``parallax/data/naming_pairs.yaml``
  (occupied / liberated, government / "regime", killed / martyred ...). A
  framing word in a sentence that mentions a place is tied to that place
  ("occupied Harn Valley"); every use also counts for the referent as a whole.

A referent is contested when a side uses a name (or framing) that another
side, mentioning the same referent, never uses. Documents without a declared
or inferred side are left out: there is nothing to compare them with.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .errors import ParallaxError
from .extract.framing import term_regex
from .model import Analysis, BlockKind
from .resources import DATA_DIR

PAIRS = DATA_DIR / "naming_pairs.yaml"
PLACE_WINDOW = 60  # characters between a framing word and the place it is tied to


class NamingFileError(ParallaxError):
    """A naming-pairs file that cannot be read."""


@dataclass
class Pair:
    referent: str
    variants: dict[str, re.Pattern]


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise NamingFileError(f"cannot read naming pairs {path}: {str(exc).splitlines()[0]}") from exc
    out = []
    for entry in raw.get("pairs") or []:
        variants = {str(k): term_regex([str(t) for t in v or []]) for k, v in (entry.get("variants") or {}).items()}
        out.append(Pair(str(entry["referent"]), {k: v for k, v in variants.items() if v is not None}))
    return out


@cache
def default_pairs() -> list[Pair]:
    return load_pairs(PAIRS)


def doc_label(analysis: Analysis) -> str:
    document = analysis.document
    if document.path:
        return Path(document.path).name
    return document.meta.title or document.content_hash[:12]


def _fold(name: str) -> str:
    text = re.sub(r"[’'`.]", "", name.lower())
    text = re.sub(r"[\s\-]+", " ", text).strip()
    return text.removeprefix("the ")


def _variant(a: str, b: str) -> bool:
    """One form is the other with words dropped ("Harn" / "Harn Valley")."""
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def contested_names(analyses: list[Analysis], pairs: list[Pair] | None = None) -> list[dict[str, Any]]:
    """Referents named differently by different sides: ``referent``,
    ``kind`` (place | framing), and ``sides``: per side, the names used and
    the documents using each."""
    pairs = default_pairs() if pairs is None else pairs
    uses: dict[tuple[str, str], dict[str, dict[str, set[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(set)))
    for analysis in analyses:
        side = analysis.document.meta.side
        if not side:
            continue
        label = doc_label(analysis)
        for mention in analysis.places:
            if mention.place is not None:
                key = ("place", _place_key(mention.place))
                uses[key][side][mention.text.strip()].add(label)
        for referent, variant, word in _framings(analysis, pairs):
            uses[("framing", referent)][side][f"{variant}: {word}"].add(label)
    out = []
    for (kind, referent), by_side in uses.items():
        if len(by_side) >= 2 and _contested(kind, by_side):
            out.append({"referent": referent, "kind": kind,
                        "sides": {side: {name: sorted(docs) for name, docs in sorted(names.items())}
                                  for side, names in sorted(by_side.items())}})
    return sorted(out, key=lambda r: (r["kind"] != "place", r["referent"]))


def _place_key(place: Any) -> str:
    return place.name


def _contested(kind: str, by_side: dict[str, dict[str, set[str]]]) -> bool:
    if kind == "place":
        forms = {side: {_fold(n) for n in names} for side, names in by_side.items()}
    else:  # "variant: word": sides differ in the variants they use
        forms = {side: {n.split(":")[0] for n in names} for side, names in by_side.items()}
    for side, mine in forms.items():
        for other, theirs in forms.items():
            if other == side:
                continue
            for form in mine:
                if kind == "place":
                    if not any(_variant(form, t) for t in theirs):
                        return True
                elif form not in theirs:
                    return True
    return False


def _framings(analysis: Analysis, pairs: list[Pair]) -> list[tuple[str, str, str]]:
    """(referent, variant, word as written, lower-cased) of every framing word in the document's own text
    (not footnotes), once for the referent as a whole and once tied to the
    nearest place mentioned in its sentence."""
    document = analysis.document
    text = document.text
    skip = [(b.start, b.end) for b in document.blocks if b.kind == BlockKind.FOOTNOTE]
    sents = sorted(analysis.sentences, key=lambda s: s.start)
    starts = [s.start for s in sents]
    places = [p for p in analysis.places if p.place is not None]
    out = []
    for pair in pairs:
        for variant, regex in pair.variants.items():
            for m in regex.finditer(text):
                if any(a <= m.start() < b for a, b in skip):
                    continue
                word = re.sub(r"\s+", " ", m.group(0).lower())
                out.append((pair.referent, variant, word))
                place = _nearest_place(places, sents, starts, m.start(), m.end())
                if place is not None:
                    out.append((f"{pair.referent}: {place}", variant, word))
    return out


def _nearest_place(places: list, sents: list, starts: list[int], start: int, end: int) -> str | None:
    k = bisect_right(starts, start) - 1
    if k < 0 or not (sents[k].start <= start < sents[k].end):
        return None
    sent = sents[k]
    best = None
    for p in places:
        if sent.start <= p.start < sent.end:
            gap = p.start - end if p.start >= end else start - p.end
            if 0 <= gap <= PLACE_WINDOW and (best is None or gap < best[0]):
                best = (gap, p.place.name)
    return best[1] if best else None
