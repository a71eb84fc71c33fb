"""The compiled featurisation gives exactly the matrices of the scikit-learn / per-text code it replaced."""

import re

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from helpers.cleaning import normalise
from helpers.models import features, hashing, lexicons, static_embedder

AWKWARD = ["", "   ", "a", "é", "ok", "🙂🙂 x", "日本語 テキスト", "a  b\t\nc", "l'été ça va?!", "\U0001F600abc",
           "ÉCOUTE-MOI BIEN!!!", "câ€™est n'importe quoi", "x" * 300, "' ' '", "m'as te r'trouver mon ***",
           "İstanbul ǅemal ß", "don't @user httpurl #tag", "1d10t", "f u c k you", "tabarnak d'osti",
           "a\u0301b ;-) __init__", "!!! ?", "'", "x,y.z"]


def _texts(shared=None) -> list[str]:
    texts = list(AWKWARD)
    if shared is not None:
        from helpers.io import datasets

        sample = datasets.crisislex(shared)["text"].sample(1500, random_state=0).tolist()
        sample += datasets.french_hate_superset(shared)["text"].sample(1500, random_state=0).tolist()
        texts += sample
    return texts


def _same(a, b) -> None:
    assert a.shape == b.shape
    assert (a != b).nnz == 0


def _check_blocks(texts: list[str]) -> None:
    norm = [normalise(t) for t in texts]
    chars = hashing.char_wb(norm, 2, 5)
    word_pattern = r"(?u)[\w']+|[^\w\s]"
    _same(hashing.word_bigrams(norm, re.compile(word_pattern)).binary(2**18, l2=True),
          HashingVectorizer(n_features=2**18, ngram_range=(1, 2), alternate_sign=False, binary=True,
                            lowercase=False, token_pattern=word_pattern).transform(norm))
    _same(chars.binary(2**18, l2=True),
          HashingVectorizer(n_features=2**18, analyzer="char_wb", ngram_range=(2, 5), alternate_sign=False,
                            binary=True, lowercase=False).transform(norm))
    # The static embedder's counts, as its scikit-learn vectorisers made them (lower-cased, 3-5-grams, no norm).
    expected = [
        HashingVectorizer(n_features=2**15, ngram_range=(1, 2), alternate_sign=False, binary=True, norm=None,
                          token_pattern=r"(?u)[\w']+").transform(norm),
        HashingVectorizer(n_features=2**15, analyzer="char_wb", ngram_range=(3, 5), alternate_sign=False,
                          binary=True, norm=None).transform(norm),
    ]
    import scipy.sparse as sp

    _same(static_embedder.counts_of_normalised(norm, chars), sp.hstack(expected, format="csr"))
    # The compiled loop that reads the map straight from the hashes gives the matrix path's bits, with its word
    # runs hashed from the text model's tokens or read from the texts again.
    hashing.warm()
    words = hashing.word_bigrams(norm, hashing.PUNCTUATED_WORDS)
    runs, again = hashing.word_runs(words), hashing.word_bigrams(norm, hashing.WORD_RUNS)
    np.testing.assert_array_equal(runs.doc_ptr, again.doc_ptr)
    np.testing.assert_array_equal(runs.hashes, again.hashes)
    matrix_path = static_embedder.project(static_embedder.counts_of_normalised(norm, chars))
    np.testing.assert_array_equal(static_embedder.embed_normalised(norm, chars), matrix_path)
    np.testing.assert_array_equal(static_embedder.embed_normalised(norm, chars, words=words), matrix_path)
    assert hashing.word_runs(again) is None  # tokens of another pattern are not read as the text model's


def test_hashing_matches_scikit_learn_on_awkward_texts():
    _check_blocks(AWKWARD)


def test_hashing_matches_scikit_learn_on_real_tweets(shared_data):
    _check_blocks(_texts(shared_data))


CATEGORIES = lexicons.LEXICON_CATEGORIES + lexicons.RULE_LEXICONS


def _old_lexicon_counts(normalised: list[str]) -> np.ndarray:
    """The per-text scan with one flat alternation per category, as before the speed work (the entries with the
    forms typed without apostrophes, as since)."""
    out = np.zeros((len(normalised), len(CATEGORIES)), dtype=np.float32)
    for j, category in enumerate(CATEGORIES):
        informal = category not in lexicons.APOSTROPHES_AS_WRITTEN
        parts = sorted({lexicons._entry_regex(e, category.startswith("threat"), informal)
                        for e in lexicons._entries(category)}, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w'])(?:" + "|".join(parts) + r")(?![\w])")
        out[:, j] = [len(pattern.findall(t)) for t in normalised]
    return out


def _old_shape(raw: list[str]) -> np.ndarray:
    return np.array([("?" in r, "!" in r, sum(c.isupper() for c in r) / max(1, sum(c.isalpha() for c in r)),
                      min(len(r), 500) / 500, sum(ord(c) > 0x2600 for c in r) > 0) for r in raw],
                    dtype=np.float32).reshape(len(raw), 5)


@pytest.mark.parametrize("real", [False, True])
def test_lexicon_counts_and_shape_cues_match_the_per_text_code(real, request, monkeypatch):
    texts = _texts(request.getfixturevalue("shared_data") if real else None)
    texts += ["tu es un idiot\nje vais te tuer", "ta gueule", "idiot idiot idiot", "connard!connard"]
    texts += ["demandeur* d'asile", "n'importe quoi", "n' est", "t'es con", "ti-clin", "idiots idiote", "_idiot_"]
    texts += ["les demandeurs dasile", "j ai peur", "quil creve", "qu il creve", "you re dead", "t' es con"]
    norm = [normalise(t) for t in texts]
    expected = _old_lexicon_counts(norm)
    hashing.warm()  # literal categories by the compiled trie walk
    np.testing.assert_array_equal(lexicons.lexicon_counts(norm, CATEGORIES), expected)
    monkeypatch.setattr(hashing, "kernels", lambda n_texts: None)  # every category by its pattern
    np.testing.assert_array_equal(lexicons.lexicon_counts(norm, CATEGORIES), expected)
    np.testing.assert_array_equal(features.shape_cues(texts), _old_shape(texts))
    assert lexicons.lexicon_counts([]).shape == (0, len(lexicons.LEXICON_CATEGORIES))
    assert features.shape_cues([""]).tolist() == [[0, 0, 0, 0, 0]]


def test_numpy_murmurhash_matches_scikit_learn():
    from sklearn.utils import murmurhash3_32

    texts = ["", "a", "ab", "abc", "abcd", "abcde", "été", "ça", "🙂", " x ", " x🙂y ", "日本語テキスト", "x" * 33]
    assert hashing.murmur3_many(texts).tolist() == [murmurhash3_32(t, seed=0) for t in texts]
    assert hashing.murmur3_many([]).tolist() == []


def test_static_projection_matches_scikit_learn_normalize():
    from sklearn.preprocessing import normalize

    counts = static_embedder.counts(_texts())
    weights, idf = static_embedder.load()
    expected_weighted = normalize(counts.multiply(idf[None, :]).tocsr(), copy=False).astype(np.float32)
    _same(static_embedder.weighted(counts, idf), expected_weighted)
    expected = normalize(np.asarray(expected_weighted @ weights)).astype(np.float32)
    np.testing.assert_array_equal(static_embedder.project(counts), expected)


@pytest.mark.parametrize("min_n,max_n", [(2, 5), (3, 5)])
def test_a_small_batch_hashes_with_numpy_exactly_as_the_compiled_loops(monkeypatch, min_n, max_n):
    """A few comments in a fresh process (a first comment) skip numba: the same hashes, sizes and matrices."""
    texts = [normalise(t) for t in AWKWARD] + ["\ud83d lone surrogate", "abcd efgh ijkl", "abc"]
    pattern = re.compile(r"(?u)[\w']+|[^\w\s]")
    hashing.warm()
    chars, words = hashing.char_wb(texts, min_n, max_n), hashing.word_bigrams(texts, pattern)
    compiled = [chars.binary(2**18, min_size=size, l2=True) for size in (0, 3)]
    monkeypatch.setattr(hashing, "_compiled", None)  # as in a process that has not loaded the compiled loops
    monkeypatch.setattr(hashing, "SMALL_BATCH", len(texts))
    small_chars, small_words = hashing.char_wb(texts, min_n, max_n), hashing.word_bigrams(texts, pattern)
    for a, b in ((chars, small_chars), (words, small_words)):
        np.testing.assert_array_equal(a.doc_ptr, b.doc_ptr)
        np.testing.assert_array_equal(a.hashes, b.hashes)
    np.testing.assert_array_equal(chars.sizes, small_chars.sizes)
    for size, expected in zip((0, 3), compiled):
        _same(small_chars.binary(2**18, min_size=size, l2=True), expected)
    assert hashing._compiled is None  # the small batch never loaded them
    monkeypatch.setattr(hashing, "SMALL_BATCH", 2)
    hashing.char_wb(texts, min_n, max_n)  # a larger batch loads them for every batch after it
    assert hashing._compiled is not None and hashing.kernels(1) is hashing._compiled


def test_one_comment_does_not_import_numba():
    import subprocess
    import sys

    code = ("import sys; from helpers.scoring.score import score_texts; score_texts(['Bonjour, ouvert demain?']); "
            "print('numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
