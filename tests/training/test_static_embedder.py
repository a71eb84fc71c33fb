"""helpers.training.static_embedder: the distillation learns its teacher, deterministically; the glossary is clean pairs."""

import numpy as np

from helpers.models import static_embedder
from helpers.training import static_embedder as embedder_training


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


def test_glossary_is_well_formed_french_english_pairs():
    pairs = embedder_training.glossary()
    assert len(pairs) >= 200
    assert all(isinstance(fr, str) and isinstance(en, str) and fr.strip() and en.strip() for fr, en in pairs)
    assert len(set(pairs)) == len(pairs)  # a repeated pair would silently weigh double
