"""The compiled loop that lays the text model's feature blocks side by side in one CSR matrix.

``scipy.sparse.hstack`` converted and copied every block (a sixth of the fast tier's time on real text);
here each row's entries are written once, in the same order and with the same float32 values, so the
matrix is the one ``hstack`` built (``tests/models/test_matrix_jit.py`` checks it entry for entry).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, inline="always")
def _binary(ptr, idx, offset, d, indices, data, out):
    """Row ``d`` of an L2-normalised binary block: each entry ``1/sqrt(nnz)`` in double, stored in float32."""
    value = np.float32(1.0 / np.sqrt(np.float64(max(ptr[d + 1] - ptr[d], 1))))
    for j in range(ptr[d], ptr[d + 1]):
        indices[out] = offset + idx[j]
        data[out] = value
        out += 1
    return out


@njit(cache=True)
def assemble(word_ptr, word_idx, char_ptr, char_idx, char_offset, dense, dense_offset, static, static_offset):
    """CSR ``indptr, indices, data`` of [binary word block | binary char block | dense | static] rows.

    The binary blocks are L2-normalised (each entry ``1/sqrt(nnz)``, computed in double then stored in
    float32); zeros of the dense blocks are left out, as ``scipy.sparse.csr_matrix`` leaves them out.
    """
    n = len(word_ptr) - 1
    n_dense, n_static = dense.shape[1], static.shape[1]
    indptr = np.zeros(n + 1, np.int32)
    total = 0
    for d in range(n):
        total += word_ptr[d + 1] - word_ptr[d] + char_ptr[d + 1] - char_ptr[d]
        for j in range(n_dense):
            if dense[d, j] != 0:
                total += 1
        for j in range(n_static):
            if static[d, j] != 0:
                total += 1
    indices = np.empty(total, np.int32)
    data = np.empty(total, np.float32)
    out = 0
    for d in range(n):
        out = _binary(word_ptr, word_idx, 0, d, indices, data, out)
        out = _binary(char_ptr, char_idx, char_offset, d, indices, data, out)
        for j in range(n_dense):
            if dense[d, j] != 0:
                indices[out] = dense_offset + j
                data[out] = dense[d, j]
                out += 1
        for j in range(n_static):
            if static[d, j] != 0:
                indices[out] = static_offset + j
                data[out] = static[d, j]
                out += 1
        indptr[d + 1] = out
    return indptr, indices, data
