"""helpers.training.embedding_cache: a text is embedded once, across runs; the cache is plain arrays."""

import numpy as np

from helpers.training.embedding_cache import CachedEncoder


def _counting_encoder(calls: list):
    def embed(texts):
        calls.append(list(texts))
        return np.array([[len(t), t.count("a")] for t in texts], dtype=np.float64)

    return embed


def test_texts_are_embedded_once_and_read_back_in_a_later_run(tmp_path):
    calls = []
    encoder = CachedEncoder("toy", _counting_encoder(calls), cache_dir=tmp_path)
    first = encoder(["bonjour", "allo", "bonjour"])
    assert calls == [["bonjour", "allo"]] and first.dtype == np.float32 and first.shape == (3, 2)
    encoder(["allo", "salut"])
    assert calls[-1] == ["salut"]
    encoder.save()
    assert [p.name for p in tmp_path.iterdir()] == ["toy.npz"]  # no temporary left beside it
    calls.clear()
    again = CachedEncoder("toy", _counting_encoder(calls), cache_dir=tmp_path)
    np.testing.assert_array_equal(again(["bonjour", "salut"]), [[7, 0], [5, 1]])
    assert calls == []
    with np.load(tmp_path / "toy.npz", allow_pickle=False) as z:  # readable without unpickling anything
        assert z["vectors"].shape == (3, 2)


def test_nothing_is_written_when_nothing_new_was_embedded(tmp_path):
    encoder = CachedEncoder("toy", _counting_encoder([]), cache_dir=tmp_path)
    encoder.save()
    assert not (tmp_path / "toy.npz").exists()
