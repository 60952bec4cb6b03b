"""Train the check-worthiness classifier on CLEF CheckThat! 2024 task 1
(English) and save its weights beside this file.

    python -m parallax.checkworthy.train --data ../shared/benchmarks/checkworthy

Fits on ``*_train.tsv``; chooses the regularisation and the decision
threshold by F1 of the "Yes" class on ``*_dev.tsv`` + ``*_dev-test.tsv``.
The test split (``*_test_gold.tsv``) is never read here: score it once with
``parallax eval`` / ``parallax.eval.checkworthy.eval_ct24``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

from .model import MODEL_DIR, VOCAB, WEIGHTS, hand_features

TRAIN = "CT24_checkworthy_english_train.tsv"
DEVS = ("CT24_checkworthy_english_dev.tsv", "CT24_checkworthy_english_dev-test.tsv")
WORD = {"analyzer": "word", "ngram_range": (1, 2), "lowercase": True, "sublinear_tf": True,
        "min_df": 2, "max_features": 40000, "token_pattern": r"(?u)\b\w+\b"}
CHAR = {"analyzer": "char_wb", "ngram_range": (2, 5), "lowercase": True, "sublinear_tf": True,
        "min_df": 3, "max_features": 60000}
C_GRID = (0.5, 1.0, 2.0, 4.0)


def read_tsv(path: Path) -> tuple[list[str], list[int]]:
    """Texts and labels (1 = "Yes") of a CT24 TSV."""
    texts, labels = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            texts.append(row["Text"])
            labels.append(1 if row["class_label"].strip().lower() == "yes" else 0)
    return texts, labels


def _vectorizer(spec: dict):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(dtype=np.float64, **spec)


def _stack(word, char, texts):
    from scipy.sparse import hstack

    return hstack([word.transform(texts), char.transform(texts), hand_features(texts)]).tocsr()


def best_threshold(probs: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold that maximises F1 of the positive class, and that F1."""
    best = (0.5, 0.0)
    for step in range(20, 81):
        t = step / 100  # the threshold as saved, so training and run time agree
        pred = probs >= t
        tp = float(np.sum(pred & (labels == 1)))
        p = tp / max(pred.sum(), 1)
        r = tp / max((labels == 1).sum(), 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[1]:
            best = (t, f1)
    return best


def train(data: Path, out: Path = MODEL_DIR) -> dict:
    from sklearn.linear_model import LogisticRegression

    x_text, y = read_tsv(data / TRAIN)
    dev_text, dev_y = [], []
    for name in DEVS:
        t, l = read_tsv(data / name)
        dev_text += t
        dev_y += l
    word, char = _vectorizer(WORD), _vectorizer(CHAR)
    word.fit(x_text)
    char.fit(x_text)
    x, xd = _stack(word, char, x_text), _stack(word, char, dev_text)
    y_arr, dev_arr = np.asarray(y), np.asarray(dev_y)
    results = []
    for c in C_GRID:
        clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", solver="liblinear")
        clf.fit(x, y_arr)
        threshold, f1 = best_threshold(clf.predict_proba(xd)[:, 1], dev_arr)
        results.append((f1, c, threshold, clf))
        print(f"C={c}: dev F1(Yes)={f1:.4f} at threshold {threshold}", file=sys.stderr)
    f1, c, threshold, clf = max(results, key=lambda r: r[0])
    info = {"dev_f1": round(f1, 4), "C": c, "train": TRAIN, "tuned_on": list(DEVS),
            "features": x.shape[1]}
    _save(out, word, char, clf, threshold, info)
    return info


def _spec(vec, spec: dict) -> dict:
    vocab = {k: int(v) for k, v in vec.vocabulary_.items()}
    return {"analyzer": spec["analyzer"], "ngram_range": list(spec["ngram_range"]),
            "lowercase": spec["lowercase"], "sublinear_tf": spec["sublinear_tf"],
            "token_pattern": spec.get("token_pattern", r"(?u)\b\w\w+\b"), "vocabulary": vocab}


def _save(out: Path, word, char, clf, threshold: float, info: dict) -> None:
    import sklearn

    info["sklearn"] = sklearn.__version__
    spec = {"word": _spec(word, WORD), "char": _spec(char, CHAR), "threshold": threshold, "info": info}
    (out / VOCAB.name).write_text(json.dumps(spec, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    np.savez_compressed(out / WEIGHTS.name, word_idf=word.idf_, char_idf=char.idf_,
                        coef=clf.coef_[0].astype(np.float64), intercept=np.float64(clf.intercept_[0]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/benchmarks/checkworthy"))
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    info = train(args.data, args.out)
    print(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
