"""The check-worthiness classifier, its training script and the scorers of
parallax/eval/checkworthy.py, on tiny data we write ourselves."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from parallax.checkworthy.model import (
    MODEL_DIR,
    VOCAB,
    WEIGHTS,
    default_model,
    load_model,
)
from parallax.errors import AnalysisError, GoldFormatError
from parallax.eval.checkworthy import (
    eval_ct24,
    score_gold_claims,
    score_gold_quantities,
)
from parallax.model import Claim, Quantity

WORTHY = "Ostmark shelling killed 214 civilians in Keld last year, twice as many as in 2019."
UNWORTHY = "Thank you all for coming, it is wonderful to see so many friends here tonight."


def test_model_loads_and_ranks():
    model = default_model()
    worthy, unworthy = model.predict_proba([WORTHY, UNWORTHY])
    assert 0.0 <= unworthy < worthy <= 1.0
    assert worthy > model.threshold > unworthy
    assert model.predict([WORTHY, UNWORTHY]) == [True, False]
    assert model.predict_proba([]) == []


def test_model_files_are_small_and_hold_no_pickle():
    total = sum(p.stat().st_size for p in (WEIGHTS, VOCAB))
    assert total < 20 * 1024 * 1024
    with zipfile.ZipFile(WEIGHTS) as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())
    np.load(WEIGHTS, allow_pickle=False)  # raises if any array needs pickle


def test_missing_model_is_a_parallax_error(tmp_path):
    with pytest.raises(AnalysisError):
        load_model(tmp_path)


def _write_tsv(path, rows):
    lines = ["Sentence_id\tText\tclass_label"] + [f"{i}\t{t}\t{l}" for i, (t, l) in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_eval_ct24_on_a_tiny_tsv(tmp_path):
    tsv = tmp_path / "tiny.tsv"
    rows = [(WORTHY, "Yes"), (UNWORTHY, "No"),
            ("Veldra spent 3 billion dollars on 40 new fighter jets in 2020.", "Yes"),
            ("Good evening and welcome to the debate.", "Yes")]  # labelled Yes, predicted No: a miss
    _write_tsv(tsv, rows)
    predicted = default_model().predict([t for t, _ in rows])
    assert predicted == [True, False, True, False]
    scores = eval_ct24(tsv)
    assert scores == {"precision": 1.0, "recall": round(2 / 3, 4), "f1": 0.8}


def test_eval_ct24_rejects_a_file_without_the_columns(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tsentence\n1\thello\n", encoding="utf-8")
    with pytest.raises(GoldFormatError):
        eval_ct24(bad)


def _fake_encode(texts):
    """Deterministic stand-in for MiniLM: hashed, normalised 16-d vectors."""
    from parallax.embed import LexicalEmbedder

    return LexicalEmbedder(16).encode(texts)


def _tiny_data(tmp_path, train_mod):
    yes = [f"Ostmark troops killed {n} civilians in Keld in {2000 + n}." for n in range(12)]
    no = [f"Thank you, it is good to be here with friends number {n}." for n in range(12)]
    rows = [(t, "Yes") for t in yes] + [(t, "No") for t in no]
    _write_tsv(tmp_path / train_mod.TRAIN, rows)
    for name in (train_mod.DEV, train_mod.SELECT):
        _write_tsv(tmp_path / name, rows[::3])
    texts = [t for t, _ in rows] + [t for t, _ in rows[::3]]
    labels = [1 if l == "Yes" else 0 for _, l in rows] + [1 if l == "Yes" else 0 for _, l in rows[::3]]
    return texts, labels


def test_training_script_round_trip(tmp_path, monkeypatch):
    """train.py on a tiny data set writes both heads, load_model reads them
    back, and the fast scorer gives scikit-learn's probabilities."""
    from parallax.checkworthy import train as train_mod

    texts, labels = _tiny_data(tmp_path, train_mod)
    out = tmp_path / "model"
    out.mkdir()
    monkeypatch.setattr(train_mod, "GRID", {"lexical": (1.0,), "minilm": (1.0,)})
    monkeypatch.setattr(train_mod, "FEATURES", ("word", "char"))
    monkeypatch.setitem(train_mod.BLOCKS, "word", {**train_mod.BLOCKS["word"], "min_df": 1})
    monkeypatch.setitem(train_mod.BLOCKS, "char", {**train_mod.BLOCKS["char"], "min_df": 1})
    info = train_mod.train(tmp_path, out, encode=_fake_encode, folds=3)
    assert set(info) == {"lexical", "minilm"}
    assert info["lexical"]["dev_test_f1"] == 1.0 and info["lexical"]["cv_f1"] == 1.0
    assert info["lexical"]["blocks"] == ["word", "char"]
    probe = ["Ostmark troops killed 5 civilians in Keld.", "Thank you, good to be here.", "  odd   spacing\tand Ünïcode 5%"]

    lexical = load_model(out)
    p_yes, p_no, _ = lexical.predict_proba(probe)
    assert p_yes > lexical.threshold > p_no
    fitted = train_mod.Fitted(("word", "char"), 1.0, texts, labels)
    assert np.allclose(lexical.predict_proba(probe), fitted.proba(probe), atol=1e-5)

    minilm = load_model(out, head="minilm", encode=_fake_encode)
    assert minilm.head == "minilm" and minilm.embedding_coef.shape == (16,)
    fitted = train_mod.Fitted(("word", "char"), 1.0, texts, labels, _fake_encode(texts))
    assert np.allclose(minilm.predict_proba(probe), fitted.proba(probe, _fake_encode(probe)), atol=1e-5)


def test_lexical_only_training_has_no_minilm_head(tmp_path, monkeypatch):
    from parallax.checkworthy import train as train_mod

    _tiny_data(tmp_path, train_mod)
    monkeypatch.setattr(train_mod, "GRID", {"lexical": (1.0,)})
    monkeypatch.setitem(train_mod.BLOCKS, "unigram", {**train_mod.BLOCKS["unigram"], "min_df": 1})
    info = train_mod.train(tmp_path, tmp_path, encode=None, folds=3)
    assert set(info) == {"lexical"}
    assert load_model(tmp_path).head == "lexical"
    with pytest.raises(AnalysisError):
        load_model(tmp_path, head="minilm", encode=_fake_encode)


def test_unknown_head_is_a_parallax_error():
    with pytest.raises(AnalysisError):
        load_model(head="roberta")


def test_shipped_heads_share_the_vocabulary_and_thresholds_come_from_cv():
    spec = json.loads(VOCAB.read_text(encoding="utf-8"))
    assert spec["info"]["threshold_from"].endswith("CV")
    assert set(spec["heads"]) == {"minilm"}
    assert spec["heads"]["minilm"]["info"]["threshold_from"].endswith("CV")
    arrays = np.load(WEIGHTS, allow_pickle=False)
    assert arrays["minilm_coef"].shape[0] == arrays["coef"].shape[0] + 384


def test_default_model_falls_back_to_lexical_without_minilm(monkeypatch):
    """PARALLAX_CHECKWORTHY=minilm where MiniLM cannot load: a warning and
    the lexical head, never a crash."""
    from parallax.checkworthy import model as model_mod

    def broken():
        raise AnalysisError("no MiniLM here")

    monkeypatch.setenv("PARALLAX_CHECKWORTHY", "minilm")
    monkeypatch.setattr(model_mod, "minilm_encoder", broken)
    model_mod.default_model.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="lexical"):
            model = model_mod.default_model()
        assert model.head == "lexical"
    finally:
        model_mod.default_model.cache_clear()


def test_ngrams_match_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from parallax.checkworthy.model import char_wb_ngrams, word_ngrams

    text = "Ostmark's  guns fired 1,300 shells at Keld -- \"twice\" as many; a I"
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    assert char_wb_ngrams(text, (2, 5)) == char(text)
    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b").build_analyzer()
    assert word_ngrams(text, (1, 2), r"(?u)\b\w+\b") == word(text)


def test_best_threshold():
    from parallax.checkworthy.train import best_threshold

    probs = np.array([0.9, 0.7, 0.3, 0.1])
    labels = np.array([1, 1, 0, 0])
    threshold, f1 = best_threshold(probs, labels)
    assert f1 == 1.0
    assert 0.3 < threshold <= 0.7


TEXT = "Ostmark fired more than 300 shells at Keld. About 40 civilians were wounded. Veldra denied it."


def test_score_gold_quantities():
    gold = [{"text": "more than 300 shells", "value": 300}, {"text": "About 40 civilians", "value": 40},
            {"text": "Veldra", "value": None}]
    i = TEXT.index("300")
    pred = [Quantity("300 shells", i, i + 10, 300.0),
            Quantity("40 civilians", TEXT.index("40"), TEXT.index("40") + 12, 41.0),  # wrong value
            Quantity("Veldra", TEXT.index("Veldra"), TEXT.index("Veldra") + 6, None)]  # both null
    scores = score_gold_quantities(pred, gold, TEXT)
    assert (scores["tp"], scores["predicted"], scores["gold"]) == (2, 3, 3)
    assert scores["f1"] == round(2 / 3, 4)


def test_score_gold_claims_needs_substantial_overlap_one_to_one():
    s1 = TEXT.index("Ostmark")
    e1 = TEXT.index("Keld.") + 5
    gold = [{"quote": "Ostmark fired more than 300 shells at Keld"}, {"quote": "About 40 civilians were wounded"}]
    pred = [Claim(TEXT[s1:e1], s1, e1),
            Claim(TEXT[s1:e1], s1, e1),  # a duplicate cannot match twice
            Claim("About", TEXT.index("About"), TEXT.index("About") + 5)]  # tiny overlap: still ≥ 50% of the shorter
    scores = score_gold_claims(pred, gold, TEXT)
    assert (scores["tp"], scores["predicted"], scores["gold"]) == (2, 3, 2)
    a = TEXT.index("About")
    half_in = [Claim("x", a + 16, a + 46)]  # 15 of its 30 chars inside the 31-char quote: exactly half
    assert score_gold_claims(half_in, gold, TEXT)["tp"] == 1
    mostly_out = [Claim("x", a + 20, a + 50)]  # 11 of 30 chars inside
    assert score_gold_claims(mostly_out, gold, TEXT)["tp"] == 0
    assert score_gold_claims([Claim("x", 0, 3)], gold, TEXT)["tp"] == 1  # 3 of 3 chars shared
    assert score_gold_claims([Claim("x", len(TEXT) - 5, len(TEXT))], gold, TEXT)["tp"] == 0


def test_model_dir_is_the_package():
    assert MODEL_DIR.name == "checkworthy"


def test_shipped_minilm_head_ranks_when_minilm_is_installed():
    """The opt-in head with the real MiniLM (skipped where it is missing)."""
    try:
        from parallax.checkworthy.model import minilm_encoder

        encode = minilm_encoder()
    except Exception as exc:  # noqa: BLE001 - no torch / no weights: nothing to test
        pytest.skip(f"MiniLM unavailable: {exc}")
    model = load_model(head="minilm", encode=encode)
    worthy, unworthy = model.predict_proba([WORTHY, UNWORTHY])
    assert worthy > model.threshold > unworthy
