"""Framing: loaded language and persuasion techniques at span level.

Techniques and their names follow SemEval-2020 task 11 (the PTC list of
fourteen). Everything a technique matches lives in a data file
(``parallax/data/framing_lexicon.yaml``): word lists matched on word
boundaries, spaCy token patterns, and a few switches for the rules that are
not word lists:

- doubt: scare quotes, a quoted phrase of at most N words that nobody is
  said to have said (no speech word right before it);
- slogans: a short exclamation ("... !" of at most N words);
- repetition: the same loaded term used at least ``min_count`` times in one
  document (every use after the first is marked).

The lexicon names no country, people or party, so a document and its mirror
image (the sides' names swapped) are framed the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from spacy.matcher import Matcher
from spacy.tokens import Doc

from ..errors import ParallaxError
from ..model import Analysis, BlockKind, Frame, Provenance
from ..nlp import doc_text
from ..resources import DATA_DIR

VERSION = "1"
LEXICON = DATA_DIR / "framing_lexicon.yaml"
TECHNIQUES = (
    "loaded_language", "name_calling", "repetition", "doubt", "exaggeration_minimisation",
    "appeal_to_fear", "flag_waving", "causal_oversimplification", "appeal_to_authority", "slogans",
    "whataboutism_strawman_red_herring", "black_and_white_fallacy", "thought_terminating_cliches",
    "bandwagon_reductio_ad_hitlerum",
)
_QUOTE = re.compile(r"[\"“«]([^\"“”«»\n]{1,80})[\"”»]")


class LexiconError(ParallaxError):
    """A framing lexicon that cannot be read."""


@dataclass
class Technique:
    name: str
    label: str
    regex: re.Pattern | None = None
    not_after: set[str] = field(default_factory=set)
    patterns: list[list[dict]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Lexicon:
    path: Path
    techniques: dict[str, Technique]

    @property
    def name(self) -> str:
        return self.path.name


def term_regex(terms: list[str]) -> re.Pattern | None:
    """One alternation of the terms, longest first, on word boundaries; a
    space or hyphen in a term matches spaces or a hyphen, "*" any ending."""
    alts = []
    for term in sorted({t.strip().lower() for t in terms if t and t.strip()}, key=len, reverse=True):
        words = [w for w in re.split(r"[\s\-]+", term) if w]
        parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
        alts.append(r"[\s\-]+".join(parts))
    if not alts:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


def load_lexicon(path: Path = LEXICON) -> Lexicon:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"cannot read framing lexicon {path}: {str(exc).splitlines()[0]}") from exc
    entries = raw.get("techniques") if isinstance(raw, dict) else None
    if not isinstance(entries, dict):
        raise LexiconError(f"framing lexicon {path}: needs a 'techniques' mapping")
    techniques = {}
    for name, spec in entries.items():
        spec = spec or {}
        techniques[name] = Technique(
            name=name, label=str(spec.get("label", name)), regex=term_regex(spec.get("terms") or []),
            not_after={w.lower() for w in spec.get("not_after") or []},
            patterns=list(spec.get("patterns") or []),
            options={k: v for k, v in spec.items() if k not in ("label", "terms", "not_after", "patterns")})
    return Lexicon(Path(path), techniques)


@cache
def default_lexicon() -> Lexicon:
    return load_lexicon(LEXICON)


# --------------------------------------------------------------------------
# The stage
# --------------------------------------------------------------------------


def extract_frames(analysis: Analysis, doc: Doc, resources: Any = None,
                   lexicon: Lexicon | None = None) -> list[Frame]:
    """Every span of the document that uses a technique, in document order."""
    lexicon = lexicon or default_lexicon()
    text = doc_text(doc)  # markup blanked, same offsets as the document text
    skip = _skipped_ranges(analysis)
    frames: list[Frame] = []
    for tech in lexicon.techniques.values():
        if tech.regex is not None:
            frames += _term_frames(text, tech, lexicon)
        if tech.patterns:
            frames += _pattern_frames(doc, tech, lexicon)
        if tech.options.get("scare_quotes"):
            frames += _scare_quotes(text, tech, lexicon)
        if tech.options.get("exclamation_max_words"):
            frames += _exclamations(analysis, text, tech, lexicon)
    frames = [f for f in _dedupe(frames) if not any(a <= f.start < b for a, b in skip)]
    rep = lexicon.techniques.get("repetition")
    if rep is not None:
        frames += _repetitions(doc, frames, rep, lexicon)
    frames.sort(key=lambda f: (f.start, f.end, f.technique))
    for f in frames:
        f.text = analysis.document.text[f.start:f.end]
    return frames


def _frame(start: int, end: int, tech: Technique, term: str, lexicon: Lexicon, conf: float = 1.0) -> Frame:
    return Frame(text="", start=start, end=end, technique=tech.name, term=term, lexicon=lexicon.name,
                 prov=Provenance("framing", VERSION, conf))


def _skipped_ranges(analysis: Analysis) -> list[tuple[int, int]]:
    """Footnotes: their words are a source's title, not the document's voice."""
    return [(b.start, b.end) for b in analysis.document.blocks if b.kind == BlockKind.FOOTNOTE]


def _term_frames(text: str, tech: Technique, lexicon: Lexicon) -> list[Frame]:
    out = []
    for m in tech.regex.finditer(text):
        before = re.search(r"([\w-]+)\W*$", text[max(0, m.start() - 40):m.start()])
        if before and before.group(1).lower() in tech.not_after:
            continue  # "ceasefire regime": ordinary usage
        term = re.sub(r"[\s\-]+", " ", m.group(0).lower())
        out.append(_frame(m.start(), m.end(), tech, term, lexicon))
    return out


def _pattern_frames(doc: Doc, tech: Technique, lexicon: Lexicon) -> list[Frame]:
    matcher = Matcher(doc.vocab)
    matcher.add(tech.name, tech.patterns)
    out = []
    for _, s, e in matcher(doc, as_spans=False):
        span = doc[s:e]
        term = " ".join(t.lower_ for t in span)
        out.append(_frame(span.start_char, span.end_char, tech, term, lexicon, 0.9))
    return out


def _scare_quotes(text: str, tech: Technique, lexicon: Lexicon) -> list[Frame]:
    """A short quoted phrase that no one in its sentence is said to have
    said (no speech word before it): the "victims", the "restraint"."""
    max_words = int(tech.options.get("scare_quotes_max_words", 3))
    speech = {w.lower() for w in tech.options.get("speech_words") or []}
    right_before = {w.lower() for w in tech.options.get("quote_lead_words") or []}
    out = []
    for m in _QUOTE.finditer(text):
        inner = m.group(1).strip()
        words = re.findall(r"[\w'’-]+", inner)
        if not words or len(words) > max_words or re.search(r"[.!?:;]$", inner):
            continue
        if all(w[:1].isupper() for w in words):
            continue  # a name or title: "Operation Dawn"
        before = re.split(r"[.!?;]\s", text[max(0, m.start() - 80):m.start()])[-1]
        lead = re.findall(r"[\w'’-]+|[:,]", before)
        last = lead[-1].lower() if lead else ""
        if last in (":", ",") or last in right_before or any(w.lower() in speech for w in lead):
            continue  # a quotation: someone is said to have used these words
        out.append(_frame(m.start(), m.end(), tech, "scare quotes", lexicon, 0.7))
    return out


def _exclamations(analysis: Analysis, text: str, tech: Technique, lexicon: Lexicon) -> list[Frame]:
    max_words = int(tech.options["exclamation_max_words"])
    out = []
    for sent in analysis.sentences:
        body = text[sent.start:sent.end].strip()
        if body.endswith("!") and len(re.findall(r"\w+", body)) <= max_words:
            start = sent.start + (len(text[sent.start:sent.end]) - len(text[sent.start:sent.end].lstrip()))
            out.append(_frame(start, start + len(body), tech, "short exclamation", lexicon, 0.7))
    return out


def _dedupe(frames: list[Frame]) -> list[Frame]:
    """One frame per technique and span; a span inside a longer span of the
    same technique is dropped."""
    frames = sorted(frames, key=lambda f: (f.technique, f.start, -(f.end - f.start)))
    out: list[Frame] = []
    for f in frames:
        if out and out[-1].technique == f.technique and out[-1].start <= f.start and f.end <= out[-1].end:
            continue
        out.append(f)
    return out


def _repetitions(doc: Doc, frames: list[Frame], tech: Technique, lexicon: Lexicon) -> list[Frame]:
    """Uses of one loaded term, counted by lemma ("provocation(s)")."""
    sources = set(tech.options.get("of") or ())
    min_count = int(tech.options.get("min_count", 3))
    uses: dict[str, list[Frame]] = defaultdict(list)
    for f in frames:
        if f.technique in sources and f.term:
            span = doc.char_span(f.start, f.end, alignment_mode="expand")
            key = " ".join(t.lemma_.lower() for t in span if not t.is_space) if span is not None else f.term
            uses[key or f.term].append(f)
    out = []
    for term, found in uses.items():
        if len(found) >= min_count:
            for f in sorted(found, key=lambda x: x.start)[1:]:
                out.append(_frame(f.start, f.end, tech, term, lexicon, 0.8))
    return out


# --------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------


def technique_counts(frames: list[Frame]) -> dict[str, int]:
    """Frames per technique, every technique listed (zero when absent)."""
    counts = dict.fromkeys(TECHNIQUES, 0)
    for f in frames:
        counts[f.technique] = counts.get(f.technique, 0) + 1
    return counts
