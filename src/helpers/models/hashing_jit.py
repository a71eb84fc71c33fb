"""The compiled loops of :mod:`helpers.models.hashing` (numba), imported only for batches worth compiling.

MurmurHash3 (seed 0) of UTF-8 bytes formed from code points, as scikit-learn's ``HashingVectorizer``
hashes its n-gram strings; ``tests/models/test_hashing.py`` checks the matrices against it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

MASK = 0xFFFFFFFF


@njit(cache=True, inline="always")
def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & MASK


@njit(cache=True)
def _murmur3(buf: np.ndarray, n: int) -> int:
    """MurmurHash3 x86 32-bit of ``buf[:n]`` with seed 0, as a signed 32-bit integer."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = 0
    blocks = n // 4
    for b in range(blocks):
        i = 4 * b
        k = np.int64(buf[i]) | (np.int64(buf[i + 1]) << 8) | (np.int64(buf[i + 2]) << 16) | (np.int64(buf[i + 3]) << 24)
        k = (k * c1) & MASK
        k = _rotl(k, 15)
        k = (k * c2) & MASK
        h ^= k
        h = _rotl(h, 13)
        h = (h * 5 + 0xE6546B64) & MASK
    tail = n & 3
    if tail:
        i = 4 * blocks
        k = np.int64(0)
        if tail >= 3:
            k ^= np.int64(buf[i + 2]) << 16
        if tail >= 2:
            k ^= np.int64(buf[i + 1]) << 8
        k ^= np.int64(buf[i])
        k = (k * c1) & MASK
        k = _rotl(k, 15)
        k = (k * c2) & MASK
        h ^= k
    h ^= n
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK
    h ^= h >> 16
    return h - (1 << 32) if h >= (1 << 31) else h


@njit(cache=True, inline="always")
def _put_utf8(buf: np.ndarray, pos: int, cp: int) -> int:
    """Write code point ``cp`` as UTF-8 at ``buf[pos:]``; return the next position."""
    if cp < 0x80:
        buf[pos] = cp
        return pos + 1
    if cp < 0x800:
        buf[pos] = 0xC0 | (cp >> 6)
        buf[pos + 1] = 0x80 | (cp & 0x3F)
        return pos + 2
    if cp < 0x10000:
        buf[pos] = 0xE0 | (cp >> 12)
        buf[pos + 1] = 0x80 | ((cp >> 6) & 0x3F)
        buf[pos + 2] = 0x80 | (cp & 0x3F)
        return pos + 3
    buf[pos] = 0xF0 | (cp >> 18)
    buf[pos + 1] = 0x80 | ((cp >> 12) & 0x3F)
    buf[pos + 2] = 0x80 | ((cp >> 6) & 0x3F)
    buf[pos + 3] = 0x80 | (cp & 0x3F)
    return pos + 4


@njit(cache=True)
def _char_wb(cps, offsets, word_ptr, min_n, max_n):
    """``char_wb`` n-gram hashes of every word (``" " + word + " "``) of every text.

    Returns the per-text pointer into the outputs, the hashes and each n-gram's length.
    """
    n_docs = len(word_ptr) - 1
    total = 0
    for w in range(len(offsets) - 1):
        length = offsets[w + 1] - offsets[w] + 2
        for n in range(min_n, max_n + 1):
            if length <= n:
                total += 1
                break
            total += length - n + 1
    hashes = np.empty(total, np.int64)
    sizes = np.empty(total, np.int8)
    doc_ptr = np.zeros(n_docs + 1, np.int64)
    longest = 0
    for w in range(len(offsets) - 1):
        longest = max(longest, offsets[w + 1] - offsets[w])
    padded = np.empty(longest + 2, np.int64)
    buf = np.empty(4 * max_n, np.uint8)
    out = 0
    for d in range(n_docs):
        for w in range(word_ptr[d], word_ptr[d + 1]):
            start, end = offsets[w], offsets[w + 1]
            length = end - start + 2
            padded[0] = 32
            for i in range(start, end):
                padded[i - start + 1] = cps[i]
            padded[length - 1] = 32
            for n in range(min_n, max_n + 1):
                stop = max(1, length - n + 1)
                for s in range(stop):
                    pos = 0
                    for i in range(s, min(s + n, length)):
                        pos = _put_utf8(buf, pos, padded[i])
                    hashes[out] = _murmur3(buf, pos)
                    sizes[out] = min(n, length)
                    out += 1
                if length <= n:
                    break
        doc_ptr[d + 1] = out
    return doc_ptr, hashes, sizes


@njit(cache=True)
def _word_ngrams(cps, offsets, token_ptr):
    """Hashes of each text's tokens and of its token bigrams (``"a b"``); returns (pointer, hashes)."""
    n_docs = len(token_ptr) - 1
    total = 0
    longest = 0
    for d in range(n_docs):
        k = token_ptr[d + 1] - token_ptr[d]
        total += k + max(0, k - 1)
    for t in range(len(offsets) - 1):
        longest = max(longest, offsets[t + 1] - offsets[t])
    hashes = np.empty(total, np.int64)
    doc_ptr = np.zeros(n_docs + 1, np.int64)
    buf = np.empty(8 * longest + 8, np.uint8)
    out = 0
    for d in range(n_docs):
        first, last = token_ptr[d], token_ptr[d + 1]
        for t in range(first, last):
            pos = 0
            for i in range(offsets[t], offsets[t + 1]):
                pos = _put_utf8(buf, pos, cps[i])
            hashes[out] = _murmur3(buf, pos)
            out += 1
        for t in range(first, last - 1):
            pos = 0
            for i in range(offsets[t], offsets[t + 1]):
                pos = _put_utf8(buf, pos, cps[i])
            buf[pos] = 32
            pos += 1
            for i in range(offsets[t + 1], offsets[t + 2]):
                pos = _put_utf8(buf, pos, cps[i])
            hashes[out] = _murmur3(buf, pos)
            out += 1
        doc_ptr[d + 1] = out
    return doc_ptr, hashes


#: Lowest set bit of a 64-bit word -> its index (de Bruijn multiplication): bits are read in order without sorting.
_DE_BRUIJN = 0x03F79D71B4CB0A89
_BIT_INDEX = np.zeros(64, np.int64)
for _i in range(64):
    _BIT_INDEX[((1 << _i) * _DE_BRUIJN & 0xFFFFFFFFFFFFFFFF) >> 58] = _i


@njit(cache=True, inline="always")
def _mark(bitmap, summary, column):
    """Set ``column`` in a two-level bitmap (``summary`` says which 64-bit words of ``bitmap`` are in use)."""
    word = column >> 6
    bitmap[word] |= np.uint64(1) << np.uint64(column & 63)
    summary[word >> 6] |= np.uint64(1) << np.uint64(word & 63)


@njit(cache=True)
def _drain(bitmap, summary, out, start):
    """Write the set columns to ``out[start:]`` in increasing order, clear them; return the new end.

    Sorting each text's columns was most of the time of building its row; a bitmap gives them sorted and
    distinct in one pass over the words in use.
    """
    one = np.uint64(1)
    debruijn = np.uint64(_DE_BRUIJN)
    k = start
    for s in range(len(summary)):
        used = summary[s]
        summary[s] = 0
        while used:
            low_word = used & (~used + one)
            word = s * 64 + _BIT_INDEX[(low_word * debruijn) >> np.uint64(58)]
            used ^= low_word
            bits = bitmap[word]
            bitmap[word] = 0
            while bits:
                low = bits & (~bits + one)
                out[k] = word * 64 + _BIT_INDEX[(low * debruijn) >> np.uint64(58)]
                k += 1
                bits ^= low
    return k


@njit(cache=True)
def _bitmaps(n_columns):
    words = (n_columns + 63) // 64
    return np.zeros(words, np.uint64), np.zeros((words + 63) // 64, np.uint64)


@njit(cache=True)
def _binary_rows(doc_ptr, hashes, keep, n_features):
    """Sorted distinct columns ``|h| % n_features`` of each text (kept n-grams only): CSR pointer and indices."""
    n_docs = len(doc_ptr) - 1
    indptr = np.zeros(n_docs + 1, np.int64)
    indices = np.empty(len(hashes), np.int32)
    bitmap, summary = _bitmaps(n_features)
    out = 0
    for d in range(n_docs):
        for j in range(doc_ptr[d], doc_ptr[d + 1]):
            if keep[j]:
                _mark(bitmap, summary, abs(hashes[j]) % n_features)
        out = _drain(bitmap, summary, indices, out)
        indptr[d + 1] = out
    return indptr, indices[:out]


@njit(cache=True)
def _static_vectors(word_ptr, word_hashes, char_ptr, char_hashes, char_keep, n_features, idf, weights):
    """The static embedder's linear map read straight from the hashes, before the final L2 normalisation.

    For each text: its distinct word columns, then its distinct character columns (shifted by ``n_features``),
    idf-weighted and L2-normalised, times ``weights``. The same float32 and float64 operations in the same
    order as building the sparse matrices, :func:`helpers.models.static_embedder.weighted` and scipy's
    product, so the same bits, without the matrices.
    """
    n_docs = len(word_ptr) - 1
    dims = weights.shape[1]
    out = np.zeros((n_docs, dims), np.float32)
    bitmap, summary = _bitmaps(2 * n_features)
    cols = np.empty(2 * n_features, np.int64)
    acc = np.zeros(dims, np.float32)
    for d in range(n_docs):
        for j in range(word_ptr[d], word_ptr[d + 1]):
            _mark(bitmap, summary, abs(word_hashes[j]) % n_features)
        for j in range(char_ptr[d], char_ptr[d + 1]):
            if char_keep[j]:
                _mark(bitmap, summary, n_features + abs(char_hashes[j]) % n_features)
        k = _drain(bitmap, summary, cols, 0)
        total = 0.0  # float32 squares summed in double, as numpy's bincount does
        for j in range(k):
            value = idf[cols[j]]
            total += np.float64(value * value)
        norm = np.sqrt(total) if total > 0.0 else 1.0
        acc[:] = 0
        for j in range(k):
            a = np.float32(np.float64(idf[cols[j]]) / norm)
            row = weights[cols[j]]
            for c in range(dims):
                acc[c] += a * row[c]
        out[d] = acc
    return out
