"""Informal writing, as people comment: joual, contractions, dropped accents, typos, emoji."""

from __future__ import annotations

import unicodedata

import numpy as np

from .script import EMOJI

JOUAL = (("je suis", "chu"), ("il y a", "y'a"), ("je sais pas", "chais pas"), ("tout le monde", "tout l'monde"),
         ("beaucoup", "en masse"), ("maintenant", "astheure"), ("voiture", "char"), ("travail", "job"))


_CONTRACTIONS = ((" à le ", " au "), (" à les ", " aux "), (" de le ", " du "), (" de les ", " des "))


def contract(text: str) -> str:
    """French article contractions after slot filling ("merci à les infirmières" -> "merci aux ...")."""
    for long, short in _CONTRACTIONS:
        text = text.replace(long, short)
    return text


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _typo(text: str, rng: np.random.Generator) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not idx:
        return text
    i = idx[int(rng.integers(len(idx)))]
    w = words[i]
    j = int(rng.integers(1, len(w) - 2))
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def informal(text: str, lang: str, mood: str, rng: np.random.Generator) -> str:
    """``text`` as people type it: joual and dropped accents in French, typos, no capital, an emoji of ``mood``."""
    if lang == "fr":
        if rng.random() < 0.5:
            for formal, slang in JOUAL:
                if formal in text and rng.random() < 0.7:
                    text = text.replace(formal, slang)
        if rng.random() < 0.55:
            text = _strip_accents(text)
    if rng.random() < 0.12:
        text = _typo(text, rng)
    if rng.random() < 0.45:
        text = text[0].lower() + text[1:]
    if rng.random() < 0.3:
        text = text + " " + str(rng.choice(EMOJI[mood]))
    return text
