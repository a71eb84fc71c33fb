"""Which questions ask for an answer: information-seeking questions apart from rhetorical ones.

``is_question`` (:mod:`helpers.scoring.score`) finds questions; on real crisis tweets most of them ask
nothing a page could answer ("Another explosion. What's happening with the world?", "Flood? What flood?",
headlines, sarcasm). The "questions to answer" lists put first the questions :func:`seeks_answer` says
ask for facts, a status, help or a way to act; they drop none, as the rules miss most such questions on
tweets they were not written from.

Read on normalised text (lower case, no accents). A question seeks an answer when it carries a request
marker (someone who knows, an update, is it true, where, when, how many, can I donate...) and no mark of
rhetoric (disbelief punctuation, "what the hell", "with the world", laughter, a retweeted headline). The
patterns were written from the development half of ``benchmarks/data/questions.csv`` (real tweets, labelled
by hand); ``benchmarks/questions.py`` measures them on rows labelled after they were written
(``docs/questions.md``): there they lift the share of answerable questions at the top of a list from 0.14
to 0.33 but find fewer than a fifth of them, so they order the lists and filter nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..cleaning import normalise

_SEEKING = re.compile(
    r"\b(?:"
    # someone who knows, confirms, helps
    r"(?:any ?one|any ?body|some ?one|some ?body|people)\b[^?.!]{0,40}\b(?:know|knows|confirm|confirmation|tell|help|idea|"
    r"update|info|heard|affected|volunteer\w*|speak)|"
    r"quelqu'?un|qqun|qqn|qq1|"
    # updates, facts, status
    r"(?:any|an) updates?|update (?:on|for|about)|news (?:on|from|about)|des nouvelles|"
    r"is (?:it|this|that|tht) (?:true|real|confirmed)|est[- ]ce (?:vrai|possible|confirme)|c'est[- ]tu vrai|"
    r"(?:are|r) (?:you|u|y'?all|you guys) (?:ok|okay|alright|safe|still)|(?:was|is) every ?one (?:ok|okay|alright|safe)|"
    r"have you (?:bunkered|evacuated|got power)|"
    r"passable|still (?:burning|closed|open|flooded|snowing)|(?:be )?cancell?ed|refund|"
    r"how(?:'s| is| are) (?:the|it|things|everyone|every one)\b|"
    r"what'?s (?:this i hear|going on (?:in|at|down|up|there|over))|"
    r"what (?:is|'s) (?:going on|happening) (?:in|at|down|up|there)|"
    r"what'?s happening \w+\?|que se passe[- ]t[- ]il (?:avec|a|au|aux|dans|a propos)|"
    r"where (?:is|are|can|do|should|to)|how (?:many|much|long|do (?:we|i)|can (?:we|i)|to)|when (?:exactly|will|does|do|is|was)|"
    r"what (?:time|donations|do we do|can (?:we|i) do)|which (?:roads?|areas?|shelters?)|"
    r"ou (?:est|sont|peut[- ]on|trouver|aller|donner)|comment (?:faire|donner|aider|s'inscrire)|"
    r"(?:possible|est[- ]ce possible) que|pouvez[- ]vous (?:nous |me )?(?:dire|confirmer|expliquer)|"
    r"(?:can|could|would) (?:you|u|someone|somebody|anyone|anybody) (?:tell|confirm|clarify|let)|"
    r"(?:are|is) (?:you|u) raising|can we (?:please )?have|who(?:'s| is) in the|who came up|"
    r"will we be able|is there (?:a|any)\b|y a[- ]t[- ]il (?:un|une|des)"
    r")")

_RHETORICAL = re.compile(
    r"(?:\?+\s*!|!+\s*\?)|"  # disbelief: ?! and !?
    r"\b(?:what the (?:hell|fuck|heck)|wtf|omfg|lol|lmao|haha\w*|mdr|ptdr|smh|holy (?:shit|moly|crap)|um,? what|"
    r"seriously|really\?|you pulling|isn'?t it|aren'?t they|n'est[- ]ce pas|c'est une blague|"
    r"(?:with|to|in) (?:the|this|our) (?:world|universe)|what (?:is|'s) wrong with|"
    r"why (?:are|is|do|does|did|would|should|must) (?:we|they|you|people|all|he|she|it|the)\b|"
    r"comment peut[- ]on|a quand|qui va payer|pourquoi (?:nous|on|ils|elle|il)\b|"
    r"via @|@\w+ ?: )"
)
_RETWEETED_HEADLINE = re.compile(r"^rt @\w+:?.*https?://")


def seeks_answer(texts: Sequence[str]) -> np.ndarray:
    """Whether each question asks for facts, a status, help or a way to act (see the module's docstring).

    Meant for texts ``is_question`` flags; on other texts it says whether a request is worded, nothing more.
    """
    out = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        norm = normalise("" if text is None else str(text))
        out[i] = bool(_SEEKING.search(norm)) and not _RHETORICAL.search(norm) and not _RETWEETED_HEADLINE.match(norm)
    return out
