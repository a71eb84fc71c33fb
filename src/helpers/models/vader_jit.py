"""The compiled loop behind :meth:`helpers.models.vader.Vader.scores`: VADER's rules over token ids.

Each token arrives as ``id * 2 + upper``: ``id`` indexes the word tables built by
:class:`helpers.models.vader.Vader` (valence, booster scalar, negation, the words the rules name) and
``upper`` says whether the stripped token is all capitals. The rules and the float operations are those of
``vaderSentiment`` 3.3.2, in its order (``sentiment_valence``, ``_negation_check``, ``_special_idioms_check``,
``_least_check``, ``_but_check``, ``score_valence``), so the numbers are the same; the last rounding
(Python's ``round``) is left to the caller. ``tests/models/test_vader.py`` checks them against
``SentimentIntensityAnalyzer.polarity_scores`` on real texts and on every rule.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

B_NO, B_NEVER, B_SO, B_THIS, B_WITHOUT, B_DOUBT, B_LEAST, B_AT, B_VERY, B_KIND, B_OF, B_BUT, B_OR, B_NOR = range(14)
#: The words the rules name, in the order of the ``B_`` indices above.
RULE_WORDS = ("no", "never", "so", "this", "without", "doubt", "least", "at", "very", "kind", "of", "but", "or", "nor")

#: What a text's row says: no token at all, every valence zero, or scored.
EMPTY, NEUTRAL, SCORED = 0, 1, 2

C_INCR = 0.733
N_SCALAR = -0.74


@njit(cache=True)
def _phrase(ids, lengths, values, a, b, c, length):
    """The value of the phrase ``a b`` (``length`` 2) or ``a b c`` (3) in a phrase table, or nan."""
    for m in range(len(lengths)):
        if lengths[m] == length and ids[m, 0] == a and ids[m, 1] == b and (length == 2 or ids[m, 2] == c):
            return values[m]
    return np.nan


@njit(cache=True)
def _idioms(valence, ids, i, last, special_ids, special_len, special_val, boost_ids, boost_len, boost_val):
    """The ``_special_idioms_check`` of vaderSentiment for token ``i`` (``i >= 3``)."""
    sequences = ((ids[i - 1], ids[i], -1, 2), (ids[i - 2], ids[i - 1], ids[i], 3), (ids[i - 2], ids[i - 1], -1, 2),
                 (ids[i - 3], ids[i - 2], ids[i - 1], 3), (ids[i - 3], ids[i - 2], -1, 2))
    for a, b, c, length in sequences:
        v = _phrase(special_ids, special_len, special_val, a, b, c, length)
        if not np.isnan(v):
            valence = v
            break
    if last > i:
        v = _phrase(special_ids, special_len, special_val, ids[i], ids[i + 1], -1, 2)
        if not np.isnan(v):
            valence = v
    if last > i + 1:
        v = _phrase(special_ids, special_len, special_val, ids[i], ids[i + 1], ids[i + 2], 3)
        if not np.isnan(v):
            valence = v
    for a, b, c, length in ((ids[i - 3], ids[i - 2], ids[i - 1], 3), (ids[i - 3], ids[i - 2], -1, 2),
                            (ids[i - 2], ids[i - 1], -1, 2)):
        v = _phrase(boost_ids, boost_len, boost_val, a, b, c, length)
        if not np.isnan(v):
            valence = valence + v
    return valence


@njit(cache=True)
def _negation(valence, ids, negated, rule, start_i, i):
    """The ``_negation_check`` of vaderSentiment."""
    if start_i == 0:
        if negated[ids[i - 1]]:
            valence *= N_SCALAR
    elif start_i == 1:
        if ids[i - 2] == rule[B_NEVER] and (ids[i - 1] == rule[B_SO] or ids[i - 1] == rule[B_THIS]):
            valence *= 1.25
        elif ids[i - 2] == rule[B_WITHOUT] and ids[i - 1] == rule[B_DOUBT]:
            pass
        elif negated[ids[i - 2]]:
            valence *= N_SCALAR
    else:
        if (ids[i - 3] == rule[B_NEVER] and (ids[i - 2] == rule[B_SO] or ids[i - 2] == rule[B_THIS])) or (
                ids[i - 1] == rule[B_SO] or ids[i - 1] == rule[B_THIS]):
            valence *= 1.25
        elif ids[i - 3] == rule[B_WITHOUT] and (ids[i - 2] == rule[B_DOUBT] or ids[i - 1] == rule[B_DOUBT]):
            pass
        elif negated[ids[i - 3]]:
            valence *= N_SCALAR
    return valence


@njit(cache=True)
def _valence(ids, upper, i, cap_diff, lexicon, booster, negated, rule, special_ids, special_len, special_val,
             boost_ids, boost_len, boost_val):
    """The ``sentiment_valence`` of vaderSentiment for token ``i``, a lexicon word."""
    last = len(ids) - 1
    valence = lexicon[ids[i]]
    if ids[i] == rule[B_NO] and i != last and not np.isnan(lexicon[ids[i + 1]]):
        valence = 0.0
    if (i > 0 and ids[i - 1] == rule[B_NO]) or (i > 1 and ids[i - 2] == rule[B_NO]) or (
            i > 2 and ids[i - 3] == rule[B_NO] and (ids[i - 1] == rule[B_OR] or ids[i - 1] == rule[B_NOR])):
        valence = lexicon[ids[i]] * N_SCALAR
    if cap_diff and upper[i]:
        valence += C_INCR if valence > 0 else -C_INCR
    for start_i in range(3):
        j = i - (start_i + 1)
        if i > start_i and np.isnan(lexicon[ids[j]]):
            s = booster[ids[j]]  # scalar_inc_dec
            if s != 0:
                if valence < 0:
                    s *= -1
                if cap_diff and upper[j]:
                    s += C_INCR if valence > 0 else -C_INCR
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            valence = valence + s
            valence = _negation(valence, ids, negated, rule, start_i, i)
            if start_i == 2:
                valence = _idioms(valence, ids, i, last, special_ids, special_len, special_val, boost_ids, boost_len,
                                  boost_val)
    # _least_check
    if i > 1 and np.isnan(lexicon[ids[i - 1]]) and ids[i - 1] == rule[B_LEAST]:
        if ids[i - 2] != rule[B_AT] and ids[i - 2] != rule[B_VERY]:
            valence = valence * N_SCALAR
    elif i > 0 and np.isnan(lexicon[ids[i - 1]]) and ids[i - 1] == rule[B_LEAST]:
        valence = valence * N_SCALAR
    return valence


@njit(cache=True)
def scores(codes, offsets, exclamations, questions, lexicon, booster, is_booster, negated, rule, special_ids,
           special_len, special_val, boost_ids, boost_len, boost_val):
    """VADER's ``neg, neu, pos, compound`` of each text before rounding, shape (n, 4), and each row's kind.

    ``codes[offsets[t]:offsets[t + 1]]`` are text ``t``'s tokens; ``exclamations`` and ``questions`` count its
    "!" and "?". A row's kind is :data:`EMPTY` (no token: all zeros), :data:`NEUTRAL` (every valence zero:
    ``neu`` 1) or :data:`SCORED`.
    """
    n = len(offsets) - 1
    out = np.zeros((n, 4))
    kind = np.zeros(n, np.int8)
    for t in range(n):
        start, end = offsets[t], offsets[t + 1]
        size = end - start
        if size == 0:
            continue
        kind[t] = NEUTRAL
        ids = codes[start:end] >> 1
        upper = (codes[start:end] & 1) == 1
        has_word = False
        for i in range(size):
            if not np.isnan(lexicon[ids[i]]):
                has_word = True
                break
        if not has_word:
            continue  # every token neutral: boosters and "kind of" score 0 too
        allcaps = 0
        for i in range(size):
            if upper[i]:
                allcaps += 1
        cap_diff = 0 < size - allcaps < size
        sentiments = np.zeros(size)
        last = size - 1
        for i in range(size):
            if is_booster[ids[i]] or (i < last and ids[i] == rule[B_KIND] and ids[i + 1] == rule[B_OF]):
                continue
            if not np.isnan(lexicon[ids[i]]):
                sentiments[i] = _valence(ids, upper, i, cap_diff, lexicon, booster, negated, rule, special_ids,
                                         special_len, special_val, boost_ids, boost_len, boost_val)
        bi = -1
        for i in range(size):
            if ids[i] == rule[B_BUT]:
                bi = i
                break
        if bi >= 0:
            # _but_check as written: each value rescales the first entry equal to it (list.index).
            for k in range(size):
                value = sentiments[k]
                si = 0
                while sentiments[si] != value:
                    si += 1
                if si < bi:
                    sentiments[si] = value * 0.5
                elif si > bi:
                    sentiments[si] = value * 1.5
        any_valence = False
        for i in range(size):
            if sentiments[i] != 0:
                any_valence = True
                break
        if not any_valence:
            continue
        kind[t] = SCORED
        # score_valence
        sum_s = 0.0
        for i in range(size):
            sum_s += sentiments[i]
        ep = min(exclamations[t], 4) * 0.292
        qm_count = questions[t]
        qm = (qm_count * 0.18 if qm_count <= 3 else 0.96) if qm_count > 1 else 0.0
        amplifier = ep + qm
        if sum_s > 0:
            sum_s += amplifier
        elif sum_s < 0:
            sum_s -= amplifier
        compound = sum_s / math.sqrt((sum_s * sum_s) + 15)  # vaderSentiment's normalize, alpha 15
        if compound < -1.0:
            compound = -1.0
        elif compound > 1.0:
            compound = 1.0
        pos_sum = 0.0
        neg_sum = 0.0
        neu_count = 0
        for i in range(size):
            score = sentiments[i]
            if score > 0:
                pos_sum += score + 1
            if score < 0:
                neg_sum += score - 1
            if score == 0:
                neu_count += 1
        if pos_sum > math.fabs(neg_sum):
            pos_sum += amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        out[t, 0] = math.fabs(neg_sum / total)
        out[t, 1] = math.fabs(neu_count / total)
        out[t, 2] = math.fabs(pos_sum / total)
        out[t, 3] = compound
    return out, kind
