"""helpers.models.text_model: linear heads over shared features, saved as int8 safetensors, loaded without pickle."""

import numpy as np
import pytest

from helpers.models.features import TextFeaturizer
from helpers.models.text_model import DEFAULT_MODEL, Head, TextModel, default_model, softmax


def test_softmax_rows_sum_to_one_even_for_huge_logits():
    p = softmax(np.array([[1000.0, 1000.0, 0.0], [0.0, 1.0, 2.0]]))
    assert np.isfinite(p).all() and np.allclose(p.sum(axis=1), 1)
    assert np.allclose(p[0], [0.5, 0.5, 0.0])


def _toy_model() -> TextModel:
    featurizer = TextFeaturizer()
    n = featurizer.transform(["x"]).shape[1]
    rng = np.random.default_rng(0)
    heads = {"sentiment": Head("sentiment", ["negative", "neutral", "positive"],
                               rng.normal(scale=0.5, size=(n, 3)).astype(np.float32), np.zeros(3, np.float32)),
             "hostile": Head("hostile", ["hostile"], rng.normal(scale=0.5, size=(n, 1)).astype(np.float32),
                             np.array([-1.0], np.float32), threshold=0.4)}
    return TextModel(featurizer, heads, {"version": "toy-1"})


def test_a_model_round_trips_through_its_file_within_int8_rounding(tmp_path):
    model = _toy_model()
    path = model.save(tmp_path / "toy.safetensors")
    again = TextModel.load(path)
    assert again.version == "toy-1" and again.heads["hostile"].threshold == 0.4
    X = model.features(["vous êtes des clowns", "merci beaucoup 😊", "where is the clinic?"])
    before, after = model.predict_proba(X), again.predict_proba(X)
    assert before["sentiment"].shape == (3, 3) and before["hostile"].shape == (3,)
    for name in before:
        np.testing.assert_allclose(before[name], after[name], atol=0.02)


def test_a_missing_model_names_the_command_that_builds_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="vigie train"):
        TextModel.load(tmp_path / "absent.safetensors")


@pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped model missing: run `vigie train`")
def test_the_shipped_model_is_loaded_once_per_process():
    assert default_model() is default_model()
    assert {"sentiment", "hostile", "distress"} <= set(default_model().heads)


def test_every_head_read_in_one_product_gives_the_numbers_of_a_product_per_head():
    """Many rows take the side-by-side coefficients, a few rows a product per head: the same bits."""
    model = _toy_model()
    texts = [f"commentaire {i}: vous êtes des clowns, merci 😊" if i % 3 else f"where is clinic {i}?" for i in range(150)]
    X = model.features(texts)
    assert X.shape[0] >= TextModel.STACK_ROWS
    together = model.predict_proba(X)
    apart = {name: np.concatenate([model.predict_proba(X[i:i + 10])[name] for i in range(0, 150, 10)])
             for name in together}
    for name in together:
        np.testing.assert_array_equal(together[name], apart[name])
    # A head given new coefficients is read with them, not with the side-by-side copy of the old ones.
    model.heads["hostile"].coef = -model.heads["hostile"].coef
    np.testing.assert_array_equal(model.predict_proba(X)["hostile"],
                                  np.concatenate([model.predict_proba(X[i:i + 10])["hostile"] for i in range(0, 150, 10)]))
    assert not np.allclose(model.predict_proba(X)["hostile"], together["hostile"])
