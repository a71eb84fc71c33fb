import numpy as np
import pytest

from helpers.demo import TOPIC_OPINION
from helpers.models import static_embedder
from helpers.training import static_embedder as embedder_training


def test_shipped_embedder_loads_and_is_int8_safetensors():
    from safetensors import safe_open

    with safe_open(str(static_embedder.DEFAULT_PATH), "np") as f:
        assert f.metadata()["version"] == static_embedder.VERSION
        assert f.get_tensor("weights").dtype == np.int8
    weights, idf = static_embedder.load()
    assert weights.shape == (2 * 2**static_embedder.BITS, static_embedder.DIMENSIONS)
    assert idf.shape == (weights.shape[0],) and np.isfinite(weights).all()


def test_french_comments_find_their_english_translation():
    # The demo's translated opinions were never part of the training corpus.
    fr = [x for v in TOPIC_OPINION.values() for x in v["fr"]]
    en = [x for v in TOPIC_OPINION.values() for x in v["en"]]
    vectors = static_embedder.embed(fr + en)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sims = vectors[: len(fr)] @ vectors[len(fr):].T
    assert np.mean(sims.argmax(axis=1) == np.arange(len(fr))) >= 0.85


def test_informal_quebec_french_lands_near_its_standard_form():
    vectors = static_embedder.embed(["chu tanné du confinement", "je suis tanné du confinement",
                                     "the new bus schedule starts monday"])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_fit_learns_a_linear_teacher_and_is_deterministic():
    rng = np.random.default_rng(1)
    vocab = [f"mot{i}" for i in range(300)]
    texts = [" ".join(rng.choice(vocab, 6)) for _ in range(1500)]
    counts = static_embedder.counts(texts)
    teacher = np.asarray(counts @ rng.normal(size=(counts.shape[1], 200)).astype(np.float32))
    first = embedder_training.fit(texts, teacher, epochs=4, held_out=300)
    second = embedder_training.fit(texts, teacher, epochs=4, held_out=300)
    assert float(first["held_out_cosine"]) > 0.6
    assert np.array_equal(first["weights"], second["weights"])


def test_missing_artifact_names_the_command_that_rebuilds_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="vigie train-embedder"):
        static_embedder.load(tmp_path / "nope.safetensors")


def test_glossary_is_well_formed_french_english_pairs():
    pairs = embedder_training.glossary()
    assert len(pairs) >= 200
    assert all(isinstance(fr, str) and isinstance(en, str) and fr.strip() and en.strip() for fr, en in pairs)
    assert len(set(pairs)) == len(pairs)  # a repeated pair would silently weigh double


def test_missing_texts_embed_as_empty():
    vectors = static_embedder.embed(["un vrai commentaire", float("nan"), None, ""])
    assert vectors.shape == (4, static_embedder.DIMENSIONS)
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)  # unit length, ready for cosine
    assert np.allclose(vectors[1], vectors[3]) and np.allclose(vectors[2], vectors[3])
