"""Which questions ask for an answer: information-seeking questions apart from rhetorical ones.

``is_question`` (:mod:`helpers.scoring.score`) finds questions; on real crisis tweets most of them ask
nothing a page could answer ("Another explosion. What's happening with the world?", "Flood? What flood?",
headlines, sarcasm). The "questions to answer" lists put first the questions :func:`seeks_answer` says ask
for facts, a status, help or a way to act, and drop none: the head misses some of them and keeps some
rhetorical ones (its figures on questions it never learnt from: ``docs/questions.md``).

The head is learned (:mod:`helpers.models.intent`, ``vigie train-questions``); this module is what the lists
call.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..models.intent import default_head


def answer_probability(texts: Sequence[str]) -> np.ndarray:
    """Probability that each question asks for facts, a status, help or a way to act."""
    return default_head().probability(list(texts))


def seeks_answer(texts: Sequence[str]) -> np.ndarray:
    """Whether each question asks for facts, a status, help or a way to act (the head's threshold).

    Meant for texts ``is_question`` flags; on other texts it says whether they read like such a request.
    """
    return default_head().seeks(list(texts))
