import numpy as np
import pytest

from helpers.demo import TOPIC_OPINION
from helpers.models import static_embedder


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


def test_missing_artifact_names_the_command_that_rebuilds_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="vigie train-embedder"):
        static_embedder.load(tmp_path / "nope.safetensors")


def test_missing_texts_embed_as_empty():
    vectors = static_embedder.embed(["un vrai commentaire", float("nan"), None, ""])
    assert vectors.shape == (4, static_embedder.DIMENSIONS)
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)  # unit length, ready for cosine
    assert np.allclose(vectors[1], vectors[3]) and np.allclose(vectors[2], vectors[3])
