"""Perspective's attributes, read from Vigie's score columns.

Google's Perspective API named its scores ``TOXICITY``, ``SEVERE_TOXICITY``, ``IDENTITY_ATTACK``,
``INSULT``, ``PROFANITY`` and ``THREAT``. Each is one of Vigie's columns (or, for ``SEVERE_TOXICITY``, a
combination of them, defined below); Vigie's other columns are offered under names that start with
``VIGIE_`` so they can never collide with one of Perspective's. The raw value is calibrated per
attribute and language (:mod:`helpers.models.calibration`) where labelled data exists.

``docs/perspective.md`` documents the mapping; ``vigie calibrate`` fits the calibration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..io.schema import EMOTION_COLUMNS

#: Languages every attribute is offered in.
LANGUAGES: tuple[str, ...] = ("fr", "en")


@dataclass(frozen=True)
class Attribute:
    """One score a client can request: its name, where it comes from, and what it means."""

    name: str
    raw: Callable[[pd.DataFrame], np.ndarray]
    source: str
    meaning: str
    perspective: bool = True


def _column(name: str) -> Callable[[pd.DataFrame], np.ndarray]:
    return lambda scored: scored[name].to_numpy(dtype=float, na_value=np.nan)


def severe_toxicity(scored: pd.DataFrame) -> np.ndarray:
    """Hostility that also attacks an identity, threatens, or insults with profanity.

    ``hostility × max(identity_attack, threat, min(insult, profanity))``: swearing alone or a rude reply
    scores low, hate and threats high (Perspective: "a very hateful, aggressive, disrespectful comment").
    """
    hostility, identity, threat, insult, profanity = (_column(c)(scored) for c in
                                                       ("hostility", "identity_attack", "threat", "insult", "profanity"))
    return hostility * np.maximum(np.maximum(identity, threat), np.minimum(insult, profanity))


def _negative(scored: pd.DataFrame) -> np.ndarray:
    return (1 - _column("sentiment_score")(scored)) / 2


def _positive(scored: pd.DataFrame) -> np.ndarray:
    return (1 + _column("sentiment_score")(scored)) / 2


_ATTRIBUTES = [
    Attribute("TOXICITY", _column("hostility"), "hostility",
              "a rude, disrespectful or hostile comment (Vigie's hostility: insults, identity attacks, threats, "
              "hostile wording; profanity alone weighs little)"),
    Attribute("SEVERE_TOXICITY", severe_toxicity, "hostility × max(identity_attack, threat, min(insult, profanity))",
              "a very hateful or aggressive comment: hostile and attacking an identity, threatening, or insulting "
              "with profanity"),
    Attribute("IDENTITY_ATTACK", _column("identity_attack"), "identity_attack",
              "hate aimed at people for who they are (origin, religion, gender, sexual orientation, disability); "
              "counter-speech that quotes hate to condemn it scores low"),
    Attribute("INSULT", _column("insult"), "insult", "insulting, inflammatory or negative language aimed at a person"),
    Attribute("PROFANITY", _column("profanity"), "profanity", "swear words and obscene language, French (Quebec "
              "included) and English"),
    Attribute("THREAT", _column("threat"), "threat", "an intention to harm someone, veiled and conditional forms "
              "included"),
    Attribute("VIGIE_DISTRESS", _column("distress"), "distress", "signs that the writer is stressed or in distress",
              perspective=False),
    Attribute("VIGIE_SELF_HARM", _column("self_harm"), "self_harm",
              "self-harm or suicidal wording, passive and indirect forms included (a signal for a person to reach "
              "out, never a diagnosis)", perspective=False),
    Attribute("VIGIE_NEGATIVE", _negative, "(1 - sentiment_score) / 2", "a negative tone", perspective=False),
    Attribute("VIGIE_POSITIVE", _positive, "(1 + sentiment_score) / 2", "a positive tone", perspective=False),
    *(Attribute(f"VIGIE_{c.removeprefix('emotion_').upper()}", _column(c), c,
                f"the emotion {c.removeprefix('emotion_')} (Plutchik)", perspective=False) for c in EMOTION_COLUMNS),
]
#: Every attribute a client can request, by name.
ATTRIBUTES: dict[str, Attribute] = {a.name: a for a in _ATTRIBUTES}


def raw_scores(scored: pd.DataFrame, names: list[str] | tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
    """Uncalibrated attribute values of scored comments (rows of :func:`helpers.scoring.score.score_texts`)."""
    return {name: np.clip(ATTRIBUTES[name].raw(scored), 0.0, 1.0) for name in (names or ATTRIBUTES)}
