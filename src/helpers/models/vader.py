"""VADER's scores, the same numbers as ``vaderSentiment`` 3.3.2, with less Python work per text.

``vaderSentiment`` lower-cases the whole token list again for every sentiment word it meets (its negation
and idiom checks), walks every text character by character looking for emoji, and strips punctuation
from every token. That made VADER a fifth of the fast tier's time on real comments
(``docs/performance.md``). Here:

- each text's tokens are split, stripped and lower-cased once;
- the idiom check runs only where a word of a multi-word idiom or booster is near;
- emoji are looked for with one set test, and the character walk runs only for texts that have one;
- a text with no lexicon word scores as all-neutral without the per-token rules (a third of real tweets);
- the rules themselves (boosters, "kind of", "no", negation up to three words back, "never so", "without
  doubt", "least", idioms, "but", capitals, punctuation emphasis) are vaderSentiment's, read over the
  lower-cased list; its own ``_but_check`` and ``_special_idioms_check`` are called as they are (where a
  "but" or an idiom's word is present), and ``score_valence`` is repeated operation for operation.

A batch large enough for the fast tier's compiled loops (:func:`helpers.models.hashing.kernels`) goes
through :mod:`helpers.models.vader_jit` instead: each token is looked up once (a cache from the raw token to
its word id and capitals), and the rules run compiled over the ids, with the same float operations in the
same order; only the emoji pass and the last rounding stay in Python.

The rules are vaderSentiment's (C.J. Hutto, MIT licence), restated over the lower-cased tokens; VADER's
paper: Hutto & Gilbert, ICWSM 2014. ``tests/models/test_vader.py`` and ``test_vader_jit.py`` check the four
scores equal ``SentimentIntensityAnalyzer.polarity_scores`` on real tweets (French and English, raw and
normalised), on every rule and on random word sequences, one text at a time and in batches.
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np
from vaderSentiment import vaderSentiment as vs

_PUNCTUATION = string.punctuation
_NEGATE = frozenset(vs.NEGATE)
_BOOSTERS = vs.BOOSTER_DICT
#: Every word of a multi-word idiom or booster: a window without one of them cannot match any.
_IDIOM_WORDS = frozenset(w for key in [*vs.SPECIAL_CASES, *vs.BOOSTER_DICT] if " " in key for w in key.split())


#: Raw tokens whose codes the compiled path remembers: bounded memory on any stream.
CACHE_SIZE = 200_000


def _strip_words(tokens: list[str]) -> list[str]:
    """The ``_strip_punc_if_word`` of vaderSentiment for each token, in one list pass (no call per token).

    Punctuation comes off both ends, unless two or fewer characters would remain (``:)`` stays whole).
    """
    return [s if len(s) > 2 else t for s, t in zip([t.strip(_PUNCTUATION) for t in tokens], tokens)]


def _negated(word: str) -> bool:
    return word in _NEGATE or "n't" in word


def _booster(word: str, lower: str, valence: float, cap_diff: bool) -> float:
    """As vaderSentiment's ``scalar_inc_dec`` for one preceding word."""
    scalar = _BOOSTERS.get(lower, 0.0)
    if scalar:
        if valence < 0:
            scalar *= -1
        if cap_diff and word.isupper():
            scalar += vs.C_INCR if valence > 0 else -vs.C_INCR
    return scalar


def _negation(valence: float, low: list[str], start_i: int, i: int) -> float:
    """As vaderSentiment's ``_negation_check``, over the already lower-cased tokens."""
    if start_i == 0:
        if _negated(low[i - 1]):
            valence *= vs.N_SCALAR
    elif start_i == 1:
        if low[i - 2] == "never" and low[i - 1] in ("so", "this"):
            valence *= 1.25
        elif low[i - 2] == "without" and low[i - 1] == "doubt":
            pass
        elif _negated(low[i - 2]):
            valence *= vs.N_SCALAR
    else:
        if (low[i - 3] == "never" and low[i - 2] in ("so", "this")) or low[i - 1] in ("so", "this"):
            valence *= 1.25
        elif low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
            pass
        elif _negated(low[i - 3]):
            valence *= vs.N_SCALAR
    return valence


def _valence(words: list[str], low: list[str], i: int, lexicon: dict[str, float], cap_diff: bool) -> float:
    """As vaderSentiment's ``sentiment_valence`` for token ``i``, a lexicon word."""
    item, lower = words[i], low[i]
    valence = lexicon[lower]
    last = len(low) - 1
    if lower == "no" and i != last and low[i + 1] in lexicon:
        valence = 0.0
    if (i > 0 and low[i - 1] == "no") or (i > 1 and low[i - 2] == "no") or (
            i > 2 and low[i - 3] == "no" and low[i - 1] in ("or", "nor")):
        valence = lexicon[lower] * vs.N_SCALAR
    if cap_diff and item.isupper():
        valence += vs.C_INCR if valence > 0 else -vs.C_INCR
    for start_i in range(3):
        if i > start_i and low[i - (start_i + 1)] not in lexicon:
            s = _booster(words[i - (start_i + 1)], low[i - (start_i + 1)], valence, cap_diff)
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            valence = valence + s
            valence = _negation(valence, low, start_i, i)
            if start_i == 2 and not _IDIOM_WORDS.isdisjoint(low[i - 3:i + 3]):
                valence = vs.SentimentIntensityAnalyzer._special_idioms_check(valence, low, i)
    # "least": vaderSentiment's _least_check
    if i > 1 and low[i - 1] not in lexicon and low[i - 1] == "least":
        if low[i - 2] != "at" and low[i - 2] != "very":
            valence = valence * vs.N_SCALAR
    elif i > 0 and low[i - 1] not in lexicon and low[i - 1] == "least":
        valence = valence * vs.N_SCALAR
    return valence


def _replace_emoji(text: str, emojis: dict[str, str]) -> str:
    """As vaderSentiment's emoji pass: each emoji becomes its description, spaced from a preceding word."""
    out, prev_space = [], True
    for ch in text:
        if ch in emojis:
            if not prev_space:
                out.append(" ")
            out.append(emojis[ch])
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out)


def _score_valence(sentiments: list[float], text: str) -> tuple[float, float, float, float]:
    """As vaderSentiment's ``score_valence`` (same operations, same order), as a tuple ``neg, neu, pos, compound``."""
    sum_s = float(sum(sentiments))
    ep = min(text.count("!"), 4) * 0.292
    qm_count = text.count("?")
    qm = (qm_count * 0.18 if qm_count <= 3 else 0.96) if qm_count > 1 else 0
    amplifier = ep + qm
    if sum_s > 0:
        sum_s += amplifier
    elif sum_s < 0:
        sum_s -= amplifier
    compound = vs.normalize(sum_s)
    pos_sum = neg_sum = 0.0
    neu_count = 0
    for score in sentiments:
        if score > 0:
            pos_sum += float(score) + 1
        if score < 0:
            neg_sum += float(score) - 1
        if score == 0:
            neu_count += 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (round(math.fabs(neg_sum / total), 3), round(math.fabs(neu_count / total), 3),
            round(math.fabs(pos_sum / total), 3), round(compound, 4))


class Vader:
    """``polarity_scores`` of a ``SentimentIntensityAnalyzer`` (its lexicon, emoji and scoring), faster."""

    def __init__(self, analyzer: vs.SentimentIntensityAnalyzer):
        self.lexicon: dict[str, float] = analyzer.lexicon
        self.emojis: dict[str, str] = analyzer.emojis
        self._emoji_set = frozenset(analyzer.emojis)
        self._tables: _Tables | None = None  # built by the first batch that runs compiled

    def sentiments(self, text: str) -> tuple[list[float], str]:
        """Each token's valence after every rule ("but" included), and the text they were read from."""
        text = self._emoji_as_words(text).strip()
        words = _strip_words(text.split())
        low = [w.lower() for w in words]
        lexicon = self.lexicon
        if not any(w in lexicon for w in low):
            return [0.0] * len(words), text  # every token neutral: boosters and "kind of" score 0 too
        allcaps = sum(1 for w in words if w.isupper())
        cap_diff = 0 < len(words) - allcaps < len(words)
        sentiments: list[float] = []
        last = len(low) - 1
        for i, lower in enumerate(low):
            if lower in _BOOSTERS or (i < last and lower == "kind" and low[i + 1] == "of"):
                sentiments.append(0)
            elif lower in lexicon:
                sentiments.append(_valence(words, low, i, lexicon, cap_diff))
            else:
                sentiments.append(0)
        if "but" in low:
            sentiments = vs.SentimentIntensityAnalyzer._but_check(words, sentiments)
        return sentiments, text

    def score(self, text: str) -> tuple[float, float, float, float]:
        """``neg, neu, pos, compound`` of one text, as ``SentimentIntensityAnalyzer.polarity_scores`` gives them."""
        sentiments, stripped = self.sentiments(text)
        if not any(sentiments):
            # All valences zero: score_valence gives neu 1 (0 everywhere for a text without words).
            return (0.0, 1.0, 0.0, 0.0) if sentiments else (0.0, 0.0, 0.0, 0.0)
        return _score_valence(sentiments, stripped)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """:meth:`score` as vaderSentiment's dictionary."""
        return dict(zip(("neg", "neu", "pos", "compound"), self.score(text)))

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`score` of each text, shape (n, 4), float32 (compiled where the fast tier's loops are)."""
        from . import hashing

        if hashing.kernels(len(texts)) is None:
            return np.array([self.score(t) for t in texts], dtype=np.float32).reshape(len(texts), 4)
        if self._tables is None:
            self._tables = _Tables(self.lexicon)
        return self._tables.scores([self._emoji_as_words(t) for t in texts])

    def _emoji_as_words(self, text: str) -> str:
        """``text`` with its emoji replaced by VADER's words for them (most texts have none: one set test)."""
        if text.isascii() or self._emoji_set.isdisjoint(text):
            return text
        return _replace_emoji(text, self.emojis)


class _Tables:
    """The word tables :func:`helpers.models.vader_jit.scores` reads, and the raw tokens' codes."""

    def __init__(self, lexicon: dict[str, float]):
        from .vader_jit import RULE_WORDS

        special = [k.split() for k in vs.SPECIAL_CASES if " " in k]
        boost = [k.split() for k in _BOOSTERS if " " in k]
        # Every negation word has an id, so another token is negated only by holding "n't".
        words = list(dict.fromkeys([*lexicon, *(k for k in _BOOSTERS if " " not in k), *RULE_WORDS, *vs.NEGATE,
                                    *chain.from_iterable(special + boost)]))
        self.ids = {w: k for k, w in enumerate(words)}
        # Two ids for the other tokens: with and without a negation ("n't").
        self.other, self.other_negated = len(words), len(words) + 1
        self.lexicon = np.array([lexicon.get(w, np.nan) for w in words] + [np.nan, np.nan])
        self.booster = np.array([_BOOSTERS.get(w, 0.0) for w in words] + [0.0, 0.0])
        self.is_booster = np.array([w in _BOOSTERS for w in words] + [False, False])
        self.negated = np.array([_negated(w) for w in words] + [False, True])
        self.rule = np.array([self.ids[w] for w in RULE_WORDS], np.int64)
        self.special = self._phrases(special, [vs.SPECIAL_CASES[" ".join(k)] for k in special])
        self.boost = self._phrases(boost, [_BOOSTERS[" ".join(k)] for k in boost])
        self.codes: dict[str, int] = {}

    def _phrases(self, phrases: list[list[str]], values: list[float]) -> tuple[np.ndarray, ...]:
        ids = np.full((len(phrases), 3), -1, np.int64)
        for m, phrase in enumerate(phrases):
            ids[m, :len(phrase)] = [self.ids[w] for w in phrase]
        return ids, np.array([len(p) for p in phrases], np.int64), np.array(values, np.float64)

    def codes_of(self, tokens: list[str]) -> list[int]:
        """``id * 2 + upper`` of raw tokens: the stripped, lower-cased form's id, and whether it is all capitals.

        Written over the whole list at once: a cold batch meets hundreds of thousands of new tokens.
        """
        words = _strip_words(tokens)
        lower = list(map(str.lower, words))
        ids = [self.other_negated if k < 0 and "n't" in w else self.other if k < 0 else k
               for k, w in zip(map(self.ids.get, lower, repeat(-1)), lower)]
        return [2 * k + u for k, u in zip(ids, map(str.isupper, words))]

    def scores(self, texts: list[str]) -> np.ndarray:
        """Scores of texts whose emoji are already replaced, shape (n, 4), float32."""
        from . import vader_jit

        n = len(texts)
        splits = list(map(str.split, texts))
        offsets = np.zeros(n + 1, np.int64)
        np.cumsum(np.fromiter(map(len, splits), np.int64, n), out=offsets[1:])
        tokens = list(chain.from_iterable(splits))
        codes = np.fromiter(map(self.codes.get, tokens, repeat(-1)), np.int64, len(tokens))
        missing = np.flatnonzero(codes < 0)
        if len(missing):
            new = list(dict.fromkeys(tokens[k] for k in missing))
            found = dict(zip(new, self.codes_of(new)))
            codes[missing] = [found[tokens[k]] for k in missing]
            room = CACHE_SIZE - len(self.codes)
            self.codes.update(found if len(found) <= room else dict(zip(new[:room], map(found.get, new[:room]))))
        exclamations = np.fromiter(map(str.count, texts, repeat("!")), np.int64, n)
        questions = np.fromiter(map(str.count, texts, repeat("?")), np.int64, n)
        raw, kind = vader_jit.scores(codes, offsets, exclamations, questions, self.lexicon, self.booster,
                                     self.is_booster, self.negated, self.rule, *self.special, *self.boost)
        out = np.zeros((n, 4), np.float32)
        out[kind == vader_jit.NEUTRAL, 1] = 1.0
        scored = np.flatnonzero(kind == vader_jit.SCORED)
        # Python's round (correctly rounded), as score_valence rounds.
        shares = list(map(round, raw[scored, :3].ravel().tolist(), repeat(3)))
        compound = list(map(round, raw[scored, 3].tolist(), repeat(4)))
        out[scored, :3] = np.array(shares, np.float64).reshape(-1, 3)
        out[scored, 3] = compound
        return out
