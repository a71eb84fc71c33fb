"""The compiled loops: MurmurHash3 as scikit-learn computes it (the matrices are checked in test_hashing.py)."""

import numpy as np


def test_compiled_murmurhash_matches_scikit_learn():
    from sklearn.utils import murmurhash3_32

    from helpers.models import hashing_jit

    for text in ["", "a", "ab", "abc", "abcd", "abcde", "été", "🙂", " x ", "日本語テキスト", "x" * 33]:
        data = np.frombuffer(text.encode("utf-8"), np.uint8)
        assert hashing_jit._murmur3(data, len(data)) == murmurhash3_32(text, seed=0)
