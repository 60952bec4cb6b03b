"""The check-worthiness classifier at run time: load the shipped weights,
score sentences.

The model is a linear one over TF-IDF word and character n-grams plus a few
hand features (see MODEL_CARD.md). Its weights are stored as plain data (a
JSON vocabulary and an ``.npz`` of arrays), never as a pickle, so loading
runs no code from the file. scikit-learn's ``TfidfVectorizer`` is rebuilt
from the stored vocabulary and IDF weights: it is the same tokeniser the
training used, so features line up exactly.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import AnalysisError

MODEL_DIR = Path(__file__).parent
WEIGHTS = MODEL_DIR / "weights.npz"
VOCAB = MODEL_DIR / "vocab.json"
_lock = threading.Lock()

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
    return np.asarray(rows, dtype=np.float64)


@dataclass
class CheckworthyModel:
    """A loaded classifier: ``predict_proba(texts)`` gives P(check-worthy)."""

    word: object  # sklearn TfidfVectorizer (word n-grams)
    char: object  # sklearn TfidfVectorizer (char_wb n-grams)
    coef: np.ndarray
    intercept: float
    threshold: float
    info: dict

    def predict_proba(self, texts: list[str]) -> list[float]:
        if not texts:
            return []
        x = _features(self.word, self.char, texts)
        scores = x @ self.coef + self.intercept
        return [float(p) for p in 1.0 / (1.0 + np.exp(-scores))]

    def predict(self, texts: list[str]) -> list[bool]:
        return [p >= self.threshold for p in self.predict_proba(texts)]


def _features(word: object, char: object, texts: list[str]) -> np.ndarray:
    from scipy.sparse import hstack

    return hstack([word.transform(texts), char.transform(texts), hand_features(texts)]).tocsr()


def _vectorizer(spec: dict, idf: np.ndarray) -> object:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        analyzer=spec["analyzer"], ngram_range=tuple(spec["ngram_range"]),
        lowercase=spec["lowercase"], sublinear_tf=spec["sublinear_tf"],
        vocabulary=spec["vocabulary"], token_pattern=spec.get("token_pattern", r"(?u)\b\w\w+\b"),
    )
    vec.idf_ = idf
    return vec


def load_model(directory: Path = MODEL_DIR) -> CheckworthyModel:
    """Load weights saved by ``train.py`` from ``directory``."""
    try:
        spec = json.loads((directory / VOCAB.name).read_text(encoding="utf-8"))
        arrays = np.load(directory / WEIGHTS.name, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise AnalysisError(f"check-worthiness model cannot be loaded: {exc}") from exc
    return CheckworthyModel(
        word=_vectorizer(spec["word"], arrays["word_idf"]),
        char=_vectorizer(spec["char"], arrays["char_idf"]),
        coef=arrays["coef"],
        intercept=float(arrays["intercept"]),
        threshold=float(spec["threshold"]),
        info=spec.get("info", {}),
    )


@lru_cache(maxsize=1)
def default_model() -> CheckworthyModel:
    """The shipped model, loaded once per process."""
    with _lock:
        return load_model()


def score(texts: list[str]) -> list[float]:
    """P(check-worthy) for each text, with the shipped model."""
    return default_model().predict_proba(texts)
