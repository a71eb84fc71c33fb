"""Synthetic training cases for hostility and distress.

Hate stated directly, implied, dehumanising or threatening, and the non-hateful cases that share its
words (negation, counter-speech, neutral and positive mentions of groups, abuse of individuals or
non-protected groups, untargeted profanity).

Linear models trained only on hate corpora learn that naming a group means hate; these cases teach
them otherwise. They are generated from templates written for Vigie (French, including Quebec
French, and English), with spelling variants. The functional tests in ``tests/`` use separately
written templates, so they measure generalisation rather than recall of these sentences.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd

from ..config import RESOURCES_DIR

# The sentences themselves are data: resources/templates.json, one entry per table below, each with
# what it is for ("about") and its sentences per language ("values").
_TEMPLATES = json.loads((RESOURCES_DIR / "templates.json").read_text(encoding="utf-8"))
GROUPS: dict[str, list[str]] = _TEMPLATES["GROUPS"]["values"]
NONPROTECTED: dict[str, list[str]] = _TEMPLATES["NONPROTECTED"]["values"]
HATE_WORDS: dict[str, list[str]] = _TEMPLATES["HATE_WORDS"]["values"]
HATE: dict[str, list[str]] = _TEMPLATES["HATE"]["values"]
NOT_HATE: dict[str, list[str]] = _TEMPLATES["NOT_HATE"]["values"]
ABUSE_INDIVIDUAL: dict[str, list[str]] = _TEMPLATES["ABUSE_INDIVIDUAL"]["values"]
ABUSE_NONPROTECTED: dict[str, list[str]] = _TEMPLATES["ABUSE_NONPROTECTED"]["values"]
PROFANITY: dict[str, list[str]] = _TEMPLATES["PROFANITY"]["values"]
FALSE_FRIENDS: dict[str, list[str]] = _TEMPLATES["FALSE_FRIENDS"]["values"]
EVERYDAY_COMMENTS: dict[str, list[str]] = _TEMPLATES["EVERYDAY_COMMENTS"]["values"]
DISTRESS: dict[str, list[str]] = _TEMPLATES["DISTRESS"]["values"]
DISTRESS_STATES: dict[str, list[str]] = _TEMPLATES["DISTRESS_STATES"]["values"]
INSULT_NOUNS: dict[str, list[str]] = _TEMPLATES["INSULT_NOUNS"]["values"]
INSULT_FRAMES: dict[str, list[str]] = _TEMPLATES["INSULT_FRAMES"]["values"]
CIVIL_CRITICISM: dict[str, list[str]] = _TEMPLATES["CIVIL_CRITICISM"]["values"]
CRITICISM_TOPICS: dict[str, list[str]] = _TEMPLATES["CRITICISM_TOPICS"]["values"]
THREAT_EXAMPLES: dict[str, list[str]] = _TEMPLATES["THREAT_EXAMPLES"]["values"]
NOT_THREAT_EXAMPLES: dict[str, list[str]] = _TEMPLATES["NOT_THREAT_EXAMPLES"]["values"]
SELF_HARM_EXAMPLES: dict[str, list[str]] = _TEMPLATES["SELF_HARM_EXAMPLES"]["values"]
NOT_SELF_HARM_EXAMPLES: dict[str, list[str]] = _TEMPLATES["NOT_SELF_HARM_EXAMPLES"]["values"]






def everyday_comment_cases() -> pd.DataFrame:
    """:data:`EVERYDAY_COMMENTS`, each topic filled in: ``text, lang, y`` (``y`` = 0, not hostile)."""
    return _fill_topics(EVERYDAY_COMMENTS)


def _variants(text: str, rng: np.random.Generator) -> str:
    """A spelling trick: dropped accents, a swapped or missing letter, leetspeak or spaced letters."""
    words = text.split(" ")
    choice = int(rng.integers(5))
    idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not idx:
        return text
    i = idx[int(rng.integers(len(idx)))]
    w = words[i]
    if choice == 0:
        words[i] = w[: len(w) // 2] + w[len(w) // 2 + 1:]
    elif choice == 1:
        j = len(w) // 2
        words[i] = w[:j - 1] + w[j] + w[j - 1] + w[j + 1:]
    elif choice == 2:
        words[i] = w.translate(str.maketrans({"e": "3", "a": "4", "i": "1", "o": "0"}))
    elif choice == 3:
        words[i] = " ".join(w)
    else:
        import unicodedata

        return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()
    return " ".join(words)


def training_cases(seed: int = 0, variants: float = 0.3) -> pd.DataFrame:
    """All template cases with labels: ``text, lang, category, identity_attack, hostile, target``.

    ``target`` is ``group``, ``individual``, or ``none``; ``hostile`` is 1 for hate and abuse, 0 for
    the rest (untargeted profanity included).
    """
    rng = np.random.default_rng(seed)
    rows = []
    for lang in ("fr", "en"):
        for (kind, templates), group in itertools.product(HATE[lang].items(), GROUPS[lang]):
            for t in templates:
                rows.append((t.format(g=group), lang, f"hate_{kind}", 1, 1, "group"))
        for (kind, templates), group in itertools.product(NOT_HATE[lang].items(), GROUPS[lang]):
            for t in templates:
                rows.append((t.format(g=group), lang, f"not_hate_{kind}", 0, 0, "none"))
        for t in ABUSE_INDIVIDUAL[lang]:
            rows.extend([(t, lang, "abuse_individual", 0, 1, "individual")] * 3)
        for t, group in itertools.product(ABUSE_NONPROTECTED[lang], NONPROTECTED[lang]):
            rows.append((t.format(g=group), lang, "abuse_nonprotected", 0, 1, "group_nonprotected"))
        for t in PROFANITY[lang]:
            rows.extend([(t, lang, "profanity_untargeted", 0, 0, "none")] * 3)
        words = HATE_WORDS[lang]
        copula = "sont" if lang == "fr" else "are"
        for i, group in enumerate(GROUPS[lang]):
            for j, adj in enumerate(words["adjectives"]):
                if (i + j) % 3 == 0:
                    rows.append((f"{group} {copula} {adj}", lang, "hate_direct", 1, 1, "group"))
                    negated = f"{group} ne sont pas {adj}" if lang == "fr" else f"{group} are not {adj}"
                    rows.append((negated, lang, "not_hate_negated", 0, 0, "none"))
            for j, verb in enumerate(words["verbs"]):
                if (i + j) % 3 == 0:
                    rows.append((f"{verb} {group}", lang, "hate_direct", 1, 1, "group"))
    frame = pd.DataFrame(rows, columns=["text", "lang", "category", "identity_attack", "hostile", "target"])
    frame["text"] = [t[0].upper() + t[1:] for t in frame["text"]]
    tricks = rng.random(len(frame)) < variants
    frame.loc[tricks, "text"] = [_variants(t, rng) for t in frame.loc[tricks, "text"]]
    return frame.drop_duplicates("text").reset_index(drop=True)




def distress_cases() -> pd.DataFrame:
    """Synthetic first-person distress statements (label 1), French and English: ``text, lang, y``.

    Dreaddit, the only distress data, is English Reddit; these give the French side a foothold.
    Negatives come from real everyday text in :mod:`helpers.training.text_model`.
    """
    rows = [(t.format(a=a), lang, 1)
            for lang in ("fr", "en") for t in DISTRESS[lang] for a in DISTRESS_STATES[lang]]
    frame = pd.DataFrame(rows, columns=["text", "lang", "y"])
    frame["text"] = [t[0].upper() + t[1:] for t in frame["text"]]
    return frame




def _fill_topics(sentences: dict[str, list[str]]) -> pd.DataFrame:
    """Non-hostile sentences, each ``{x}`` filled with every criticism topic: ``text, lang, y`` (``y`` = 0)."""
    rows = [(t.format(x=x) if x else t, lang, 0) for lang in ("fr", "en") for t in sentences[lang]
            for x in (CRITICISM_TOPICS[lang] if "{x}" in t else [None])]
    frame = pd.DataFrame(rows, columns=["text", "lang", "y"])
    frame["text"] = [t[0].upper() + t[1:] for t in frame["text"]]
    return frame


def false_friend_cases() -> pd.DataFrame:
    """:data:`FALSE_FRIENDS` sentences, each topic filled in: ``text, lang, y`` (``y`` = 0, not hostile)."""
    return _fill_topics(FALSE_FRIENDS)


def incivility_cases() -> pd.DataFrame:
    """Insults aimed at an organisation or its staff (hostile) and civil criticism (not hostile).

    A public-service page gets a lot of criticism, which is legitimate; hostility is when it turns to
    name-calling. Returns ``text, lang, y``.
    """
    rows = []
    for lang in ("fr", "en"):
        for i, frame in enumerate(INSULT_FRAMES[lang]):
            for j, noun in enumerate(INSULT_NOUNS[lang]):
                if (i + j) % 2 == 0:
                    rows.append((frame.format(n=noun), lang, 1))
        for t in CIVIL_CRITICISM[lang]:
            for x in CRITICISM_TOPICS[lang] if "{x}" in t else [""]:
                rows.append((t.format(x=x), lang, 0))
    frame = pd.DataFrame(rows, columns=["text", "lang", "y"]).drop_duplicates("text")
    frame["text"] = [t[0].upper() + t[1:] for t in frame["text"]]
    return frame.reset_index(drop=True)




def signal_cases() -> pd.DataFrame:
    """Written threats and self-harm with their civil look-alikes: ``text, lang, signal, y``.

    Ordinary comments that are neither (everyday page comments, civil criticism, insults without a
    threat, distress without self-harm) are added as negatives of both signals by
    :func:`helpers.training.signals.training_frame`.
    """
    rows = [(t, lang, signal, y)
            for signal, positives, negatives in (("threat", THREAT_EXAMPLES, NOT_THREAT_EXAMPLES),
                                                 ("self_harm", SELF_HARM_EXAMPLES, NOT_SELF_HARM_EXAMPLES))
            for y, lists in ((1, positives), (0, negatives)) for lang in ("fr", "en") for t in lists[lang]]
    return pd.DataFrame(rows, columns=["text", "lang", "signal", "y"])
