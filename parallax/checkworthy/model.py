"""The check-worthiness classifier at run time: load the shipped weights,
score sentences.

The model is a linear one over TF-IDF word and character n-grams plus a few
hand features (see MODEL_CARD.md). Its weights are stored as plain data (a
JSON vocabulary and an ``.npz`` of arrays), never as a pickle, so loading
runs no code from the file.

Scoring does not go through scikit-learn: for a linear model over
L2-normalised TF-IDF blocks the score of a sentence is, per block,
``sum(w_t * coef_t) / ||w||`` over the n-grams ``t`` it contains, with
``w_t = (1 + log tf_t) * idf_t``. :func:`word_ngrams` and
:func:`char_wb_ngrams` reproduce scikit-learn's analysers exactly (a test
checks it against ``TfidfVectorizer``), and computing the sum directly over
dict look-ups avoids the per-call validation of scikit-learn's transform,
which made up most of the claims stage's time.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import AnalysisError

MODEL_DIR = Path(__file__).parent
WEIGHTS = MODEL_DIR / "weights.npz"
VOCAB = MODEL_DIR / "vocab.json"
_lock = threading.Lock()
_WHITE = re.compile(r"\s\s+")

_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|percent|half|twice|dozens?)\b", re.IGNORECASE)
_FIRST = re.compile(r"\b(?:I|I'm|I've|I'd|me|my|we|we're|we've|our|us)\b", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:should|must|need to|needs to|ought|let's|let us|will|would|could|might|may|can|going to)\b", re.IGNORECASE)
_PAST = re.compile(r"\b\w+ed\b|\b(?:was|were|had|did|has|have|been)\b", re.IGNORECASE)
_CAP = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")


def hand_features(texts: list[str]) -> np.ndarray:
    """Cues that TF-IDF sees only indirectly: a figure, a name, first
    person, a modal or imperative, past tense, length, a question."""
    rows = []
    for text in texts:
        words = max(len(text.split()), 1)
        rows.append([
            1.0 if _NUMBER.search(text) else 0.0,
            min(len(_CAP.findall(text)), 5) / 5.0,
            1.0 if _FIRST.search(text) else 0.0,
            1.0 if _MODAL.search(text) else 0.0,
            min(len(_PAST.findall(text)), 4) / 4.0,
            min(words, 60) / 60.0,
            1.0 if text.rstrip().rstrip('"').endswith("?") else 0.0,
        ])
    return np.asarray(rows, dtype=np.float64).reshape(len(texts), 7)


def word_ngrams(text: str, ngram_range: tuple[int, int], token_pattern: str) -> list[str]:
    """scikit-learn's ``analyzer="word"`` on a lower-cased text."""
    tokens = re.findall(token_pattern, text.lower())
    lo, hi = ngram_range
    out = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return out


def char_wb_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's ``analyzer="char_wb"`` on a lower-cased text: n-grams
    inside words padded with a space, a short word counted once."""
    lo, hi = ngram_range
    out = []
    for word in _WHITE.sub(" ", text.lower()).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(lo, hi + 1):
            if n > size:
                break
            out += [padded[i:i + n] for i in range(size - n + 1)]
    return out


@dataclass
class TfidfBlock:
    """One TF-IDF feature block: its analyser, vocabulary, IDF weights and
    the classifier's coefficients for it."""

    analyzer: str
    ngram_range: tuple[int, int]
    token_pattern: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray

    def __post_init__(self) -> None:
        # term -> (idf, coef) as Python floats: one dict look-up per n-gram
        self._weights = {t: (float(self.idf[i]), float(self.coef[i])) for t, i in self.vocabulary.items()}

    def grams(self, text: str) -> list[str]:
        if self.analyzer == "char_wb":
            return char_wb_ngrams(text, self.ngram_range)
        return word_ngrams(text, self.ngram_range, self.token_pattern)

    def score(self, text: str) -> float:
        """The block's contribution to the decision function."""
        weights = self._weights
        counts = Counter(g for g in self.grams(text) if g in weights)
        dot = norm = 0.0
        for gram, tf in counts.items():
            idf, coef = weights[gram]
            w = (1.0 + math.log(tf)) * idf
            dot += w * coef
            norm += w * w
        return dot / math.sqrt(norm) if norm else 0.0


@dataclass
class CheckworthyModel:
    """A loaded classifier: ``predict_proba(texts)`` gives P(check-worthy)."""

    blocks: list[TfidfBlock]
    hand_coef: np.ndarray
    intercept: float
    threshold: float
    info: dict

    def decision(self, texts: list[str]) -> np.ndarray:
        hand = hand_features(texts) @ self.hand_coef
        lexical = np.asarray([sum(b.score(t) for b in self.blocks) for t in texts], dtype=np.float64)
        return lexical + hand + self.intercept

    def predict_proba(self, texts: list[str]) -> list[float]:
        if not texts:
            return []
        return [float(p) for p in 1.0 / (1.0 + np.exp(-self.decision(texts)))]

    def predict(self, texts: list[str]) -> list[bool]:
        return [p >= self.threshold for p in self.predict_proba(texts)]


def load_model(directory: Path = MODEL_DIR) -> CheckworthyModel:
    """Load weights saved by ``train.py`` from ``directory``."""
    try:
        spec = json.loads((directory / VOCAB.name).read_text(encoding="utf-8"))
        arrays = np.load(directory / WEIGHTS.name, allow_pickle=False)
        coef = arrays["coef"]
        blocks, offset = [], 0
        for name in spec.get("blocks", ["word", "char"]):
            b = spec[name]
            size = len(b["vocabulary"])
            blocks.append(TfidfBlock(b["analyzer"], tuple(b["ngram_range"]),
                                     b.get("token_pattern", r"(?u)\b\w\w+\b"), b["vocabulary"],
                                     arrays[f"{name}_idf"], coef[offset:offset + size]))
            offset += size
        hand_coef = coef[offset:]
        intercept = float(arrays["intercept"])
    except (OSError, ValueError, KeyError) as exc:
        raise AnalysisError(f"check-worthiness model cannot be loaded: {exc}") from exc
    if hand_coef.shape != (7,):
        raise AnalysisError(f"check-worthiness model: {hand_coef.shape[0]} hand coefficients, expected 7")
    return CheckworthyModel(blocks, hand_coef, intercept, float(spec["threshold"]), spec.get("info", {}))


@lru_cache(maxsize=1)
def default_model() -> CheckworthyModel:
    """The shipped model, loaded once per process."""
    with _lock:
        return load_model()


def score(texts: list[str]) -> list[float]:
    """P(check-worthy) for each text, with the shipped model."""
    return default_model().predict_proba(texts)
