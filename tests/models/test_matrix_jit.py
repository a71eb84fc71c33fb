"""The compiled layout of the feature matrix: the matrix scipy's hstack built, entry for entry."""

import numpy as np


def test_compiled_assembly_gives_the_matrix_scipy_stacked(shared_data, monkeypatch):
    """The feature matrix laid out by the compiled loop is, entry for entry, the one scipy's hstack built."""
    from helpers.io import datasets
    from helpers.models import hashing
    from helpers.models.text_model import default_model

    texts = datasets.crisislex(shared_data)["text"].sample(1000, random_state=1).tolist()
    texts += datasets.french_hate_superset(shared_data)["text"].sample(1000, random_state=1).tolist()
    texts += ["", "🙂", "ok", "TABARNAK!!! 😡", "x" * 400]
    featurizer = default_model().featurizer
    hashing.warm()
    compiled = featurizer.transform(texts)
    monkeypatch.setattr(hashing, "kernels", lambda n_texts: None)  # numpy hashing, scipy stacking
    stacked = featurizer.transform(texts)
    assert compiled.shape == stacked.shape and compiled.dtype == stacked.dtype == np.float32
    np.testing.assert_array_equal(compiled.indptr, stacked.indptr)
    np.testing.assert_array_equal(compiled.indices, stacked.indices)
    np.testing.assert_array_equal(compiled.data, stacked.data)
