"""The compiled loop that counts lexicon matches: the counts of :func:`helpers.models.lexicons.lexicon_pattern`.

Python's ``re`` tried each category's pattern at every character of every comment (a fifth of the fast
tier's time on real text). Here each category's entries form a trie (a threat pattern written out as every
string it matches), walked only where a match may start (after a character that is neither a word
character nor an apostrophe); the entry chosen at a place is the one the pattern's alternation would
choose there, so counts and the places scanning resumes are the same. ``tests/models/test_hashing.py``
checks the counts against the patterns on real comments.
"""

from __future__ import annotations

import numpy as np
from numba import njit

APOSTROPHE = 39


@njit(cache=True)
def _child(node, char, child_start, child_count, child_char, child_node):
    for m in range(child_start[node], child_start[node] + child_count[node]):
        if child_char[m] == char:
            return child_node[m]
    return -1


@njit(cache=True)
def count_matches(cps, starts, ends, is_word, roots, child_start, child_count, child_char, child_node,
                  literal_rank, wild_rank):
    """Matches of each trie (``roots``, one per category) in each text ``cps[starts[i]:ends[i]]``, shape (n, k).

    A match starts at the text's start or after a character that is neither a word character nor an
    apostrophe, and ends before a non-word character (or the text's end); a wildcard entry (``word*``)
    runs on over the word characters that follow, where no match can start, so its scan may resume at the
    end of its text. Where several entries match at a place, the one with the lowest rank wins (the
    alternation's order), and that category's scan resumes after it.
    """
    n, k = len(starts), len(roots)
    out = np.zeros((n, k), np.float32)
    big = np.iinfo(np.int64).max
    # The roots' children by character (ASCII): most places are tried against every category's root.
    first = np.full((k, 128), -1, np.int64)
    for c in range(k):
        for m in range(child_start[roots[c]], child_start[roots[c]] + child_count[roots[c]]):
            if child_char[m] < 128:
                first[c, child_char[m]] = child_node[m]
    resume = np.zeros(k, np.int64)
    for i in range(n):
        start, end = starts[i], ends[i]
        resume[:] = start
        for p in range(start, end):
            if p > start and (is_word[cps[p - 1]] or cps[p - 1] == APOSTROPHE):
                continue
            char = cps[p]
            for c in range(k):
                if p < resume[c]:
                    continue
                node = first[c, char] if char < 128 else _child(roots[c], char, child_start, child_count, child_char,
                                                                 child_node)
                if node < 0:
                    continue
                q = p + 1
                best_rank, best_end = big, -1
                while True:
                    rank = literal_rank[node]
                    if rank >= 0 and rank < best_rank and (q == end or not is_word[cps[q]]):
                        best_rank, best_end = rank, q
                    rank = wild_rank[node]
                    if rank >= 0 and rank < best_rank:  # it runs on to the word's end: no match starts there
                        best_rank, best_end = rank, q
                    if q == end:
                        break
                    node = _child(node, cps[q], child_start, child_count, child_char, child_node)
                    if node < 0:
                        break
                    q += 1
                if best_end >= 0:
                    out[i, c] += 1
                    resume[c] = best_end
    return out
