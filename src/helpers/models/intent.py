"""Which questions ask for an answer: a learned head over what a question says and how it is posted.

On real crisis tweets most questions ask nothing a page could answer ("Flood? What flood?", headlines,
sarcasm, adverts). Vigie first told them apart with patterns written from the development half of its
labelled questions; on questions drawn after, they found fewer than a fifth of the answerable ones
(``docs/questions.md``). So the patterns became three of the features of a logistic head that real
labelled questions weigh (``vigie train-questions``, :mod:`helpers.training.intent`), beside what the
question means (multilingual USE's sentence vector, Vigie's static one distilled from it, or both) and the form
of the post (a link, a retweet, a reply, how many question marks...). Which of these blocks the head reads,
and how strongly it is regularised, is chosen by folds inside its own training questions.

Shipped as ``resources/models/vigie-questions.safetensors``: one weight per feature, a bias and the threshold
above which a question counts as seeking an answer; nothing unpickled.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from ..cleaning import normalise
from ..config import RESOURCES_DIR
from ..io.artifacts import read_safetensors, write_safetensors
from . import embeddings, static_embedder

DEFAULT_PATH = RESOURCES_DIR / "models" / "vigie-questions.safetensors"
#: The feature blocks a head may read: multilingual USE's sentence vector (512), Vigie's static one distilled
#: from it (128), the rules (3) and the form of the post (6).
BLOCKS = ("use", "static", "rules", "form")

# --- the rules: request and rhetoric markers, read on normalised text (lower case, no accents) ----------------
# Written from the development rows of the labelled questions; the head weighs them like any other feature.
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
# On normalised text a retweet reads "rt @user : ..." and a link "httpurl" (:func:`helpers.cleaning.normalise`).
_RETWEETED_HEADLINE = re.compile(r"^\s*rt\s+@\w+\s*:?.*(?:httpurl|https?://)")
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")


def rule_flags(norm: Sequence[str]) -> np.ndarray:
    """Per normalised text: a request marker, a mark of rhetoric, a retweeted headline (0/1 columns)."""
    return np.array([[_SEEKING.search(t) is not None, _RHETORICAL.search(t) is not None,
                      _RETWEETED_HEADLINE.match(t) is not None] for t in norm], dtype=np.float32).reshape(-1, 3)


def rules_say_seeking(texts: Sequence[str]) -> np.ndarray:
    """The rules alone (a request marker, no rhetoric, not a retweeted headline): the baseline the head replaced."""
    flags = rule_flags([normalise(_text(t)) for t in texts]).astype(bool)
    return flags[:, 0] & ~flags[:, 1] & ~flags[:, 2]


def form(texts: Sequence[str]) -> np.ndarray:
    """How each question is posted, read on the text as written.

    Columns: a link, a retweet or quote, a reply, question marks (up to 4, scaled), an exclamation mark, a
    shouted word.
    """
    rows = []
    for t in texts:
        head = t.lstrip()
        rows.append([_LINK.search(t) is not None, head.startswith(("RT ", "RT@", "“@", '"@')), head.startswith("@"),
                     min(t.count("?"), 4) / 4, "!" in t, _SHOUTED.search(t) is not None])
    return np.array(rows, dtype=np.float32).reshape(-1, 6)


def _text(t: object) -> str:
    return t if isinstance(t, str) else ""


def block_features(texts: Sequence[str], blocks: Sequence[str] = BLOCKS) -> dict[str, np.ndarray]:
    """Each feature block named in ``blocks`` (:data:`BLOCKS`) of ``texts``, the texts normalised once for all."""
    unknown = set(blocks) - set(BLOCKS)
    if unknown:
        raise ValueError(f"unknown feature blocks {sorted(unknown)}; known: {', '.join(BLOCKS)}")
    raw = [_text(t) for t in texts]
    norm = [normalise(t) for t in raw] if {"static", "rules"} & set(blocks) else []
    parts = {"use": lambda: embeddings.embed_use(raw), "static": lambda: static_embedder.embed_normalised(norm),
             "rules": lambda: rule_flags(norm), "form": lambda: form(raw)}
    return {b: parts[b]().astype(np.float32) for b in dict.fromkeys(blocks)}


def features(texts: Sequence[str], blocks: Sequence[str] = BLOCKS) -> np.ndarray:
    """The head's features of ``texts``: the ``blocks`` named (:data:`BLOCKS`) side by side."""
    part = block_features(texts, blocks)
    return np.hstack([part[b] for b in blocks]) if blocks else np.zeros((len(texts), 0), np.float32)


@dataclass
class QuestionHead:
    """A logistic head: ``probability(texts)`` that each question seeks an answer; ``seeks(texts)`` above its threshold."""

    coef: np.ndarray
    intercept: float
    threshold: float
    blocks: tuple[str, ...]
    metadata: dict = field(default_factory=dict)

    def probability(self, texts: Sequence[str]) -> np.ndarray:
        """Probability that each text asks for facts, a status, help or a way to act."""
        z = features(texts, self.blocks) @ self.coef.astype(np.float64) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def seeks(self, texts: Sequence[str]) -> np.ndarray:
        """Whether each question seeks an answer (probability at or above the threshold)."""
        return self.probability(texts) >= self.threshold

    def save(self, path: str | Path = DEFAULT_PATH) -> Path:
        """Write the head as safetensors (weights) with JSON metadata."""
        meta = {"blocks": json.dumps(list(self.blocks)), "intercept": repr(float(self.intercept)),
                "threshold": repr(float(self.threshold)), "metadata": json.dumps(self.metadata, sort_keys=True)}
        return write_safetensors(path, {"coef": np.ascontiguousarray(self.coef, dtype=np.float32)}, meta)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> QuestionHead:
        """Read a head written by :meth:`save`."""
        tensors, meta = read_safetensors(path, "vigie train-questions")
        return cls(tensors["coef"], float(meta["intercept"]), float(meta["threshold"]), tuple(json.loads(meta["blocks"])),
                   json.loads(meta.get("metadata", "{}")))


@cache
def default_head() -> QuestionHead:
    """The shipped head (read once per process)."""
    return QuestionHead.load(DEFAULT_PATH)
