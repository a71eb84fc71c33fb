"""Loaders for the public labelled data sets in ``../shared/data`` (read in place, never copied).

Each loader returns a tidy frame with a ``text`` column, a ``lang`` column and label columns. They
raise ``FileNotFoundError`` with the path when the data is absent.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..config import SHARED_DATA_DIR
from ..errors import MissingFile

EMOTIONS: tuple[str, ...] = ("anger", "fear", "sadness", "joy", "trust", "disgust", "surprise", "anticipation")
EKMAN: dict[str, tuple[str, ...]] = {
    "anger": ("anger", "annoyance", "disapproval"),
    "disgust": ("disgust",),
    "fear": ("fear", "nervousness"),
    "joy": ("joy", "amusement", "approval", "excitement", "gratitude", "love", "optimism", "relief", "pride",
            "admiration", "desire", "caring"),
    "sadness": ("sadness", "disappointment", "embarrassment", "grief", "remorse"),
    "surprise": ("surprise", "realization", "confusion", "curiosity"),
}


def _dir(name: str, root: Path | None = None) -> Path:
    path = (root or SHARED_DATA_DIR) / name
    if not path.is_dir():
        raise MissingFile(f"labelled data not found: {path} (set VIGIE_SHARED_DATA, or put the shared data beside the project)")
    return path


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def umsab(split: str, root: Path | None = None) -> pd.DataFrame:
    """UMSAB tweet sentiment (DEFT-2017 French, SemEval-2017 English): ``text, lang, label`` (negative/neutral/positive)."""
    names = np.array(["negative", "neutral", "positive"])
    frames = []
    for folder, lang in (("french", "fr"), ("english", "en")):
        base = _dir("umsab_sentiment", root) / folder
        texts = _lines(base / f"{split}_text.txt")
        labels = [int(x) for x in _lines(base / f"{split}_labels.txt")]
        frames.append(pd.DataFrame({"text": texts, "lang": lang, "label": names[labels]}))
    return pd.concat(frames, ignore_index=True)


def xed(root: Path | None = None) -> pd.DataFrame:
    """XED subtitle lines, French and English, with Plutchik's 8 emotions as 0/1 columns."""
    base = _dir("xed_emotions", root)
    frames = [pd.read_csv(base / f"{lang}_train.csv").assign(lang=lang) for lang in ("fr", "en")]
    return pd.concat(frames, ignore_index=True)


def _goemotions_labels(split: str, root: Path | None) -> tuple[pd.Series, pd.Series]:
    """GoEmotions texts and each comment's set of emotion names."""
    base = _dir("goemotions", root)
    names = _lines(base / "emotions.txt")
    frame = pd.read_csv(base / f"{split}.tsv", sep="\t", header=None, names=["text", "labels", "id"],
                        quoting=3, dtype=str)
    return frame["text"], frame["labels"].str.split(",").map(lambda ids: {names[int(i)] for i in ids})


def goemotions(split: str, root: Path | None = None) -> pd.DataFrame:
    """GoEmotions Reddit comments grouped into Ekman's six emotions (0/1 columns), English."""
    texts, label_sets = _goemotions_labels(split, root)
    out = pd.DataFrame({"text": texts, "lang": "en"})
    for ekman, members in EKMAN.items():
        out[ekman] = label_sets.map(lambda s, m=members: int(bool(s & set(m))))
    return out


#: The GoEmotions authors' grouping of their emotions by sentiment (the ambiguous ones are left out).
GOEMOTIONS_SENTIMENT: dict[str, frozenset[str]] = {
    "positive": frozenset({"admiration", "amusement", "approval", "caring", "desire", "excitement", "gratitude",
                           "joy", "love", "optimism", "pride", "relief"}),
    "negative": frozenset({"anger", "annoyance", "disappointment", "disapproval", "disgust", "embarrassment",
                           "fear", "grief", "nervousness", "remorse", "sadness"}),
    "neutral": frozenset({"neutral"}),
}


def goemotions_sentiment(split: str, root: Path | None = None) -> pd.DataFrame:
    """GoEmotions comments whose labels all fall in one sentiment group: ``text, lang, label``.

    Comments with mixed or ambiguous labels (surprise, curiosity, confusion, realization) are dropped.
    """
    texts, label_sets = _goemotions_labels(split, root)
    label = label_sets.map(lambda s: next((k for k, group in GOEMOTIONS_SENTIMENT.items() if s <= group), None))
    out = pd.DataFrame({"text": texts, "lang": "en", "label": label})
    return out[out["label"].notna()].reset_index(drop=True)


def tweeteval_emotion(split: str, root: Path | None = None) -> pd.DataFrame:
    """TweetEval emotion tweets: ``text, lang, label`` in anger/joy/optimism/sadness."""
    base = _dir("tweeteval", root)
    names = np.array(["anger", "joy", "optimism", "sadness"])
    texts = _lines(base / f"emotion_{split}_text.txt")
    labels = names[[int(x) for x in _lines(base / f"emotion_{split}_labels.txt")]]
    return pd.DataFrame({"text": texts, "lang": "en", "label": labels})


def dreaddit(root: Path | None = None) -> pd.DataFrame:
    """Dreaddit Reddit segments: ``text, lang, label`` (1 = the writer is stressed)."""
    frame = pd.read_csv(_dir("dreaddit", root) / "dreaddit-train.csv")
    return pd.DataFrame({"text": frame["text"], "lang": "en", "label": frame["label"].astype(int),
                         "subreddit": frame["subreddit"]})


def empathic_reactions(root: Path | None = None) -> pd.DataFrame:
    """Essays with self-rated personal distress: ``text, lang, distress (1-7), label`` (distress_bin)."""
    frame = pd.read_csv(_dir("empathic_reactions", root) / "messages.csv")
    return pd.DataFrame({"text": frame["essay"], "lang": "en", "distress": frame["distress"].astype(float),
                         "label": frame["distress_bin"].astype(int)})


def davidson(root: Path | None = None) -> pd.DataFrame:
    """Davidson et al. tweets: ``text, lang, hate, offensive`` (0/1 from the majority class)."""
    frame = pd.read_csv(_dir("davidson_hate_offensive", root) / "labeled_data.csv")
    return pd.DataFrame({"text": frame["tweet"], "lang": "en", "hate": (frame["class"] == 0).astype(int),
                         "offensive": (frame["class"] <= 1).astype(int)})


_PROTECTED = {"origin", "gender", "sexual_orientation", "religion", "disability"}


def mlma(root: Path | None = None) -> pd.DataFrame:
    """MLMA tweets, French and English: ``text, lang, hostile, hateful, identity, insult, target, group``.

    ``hostile`` is any label other than ``normal``; ``insult`` is abusive, offensive or disrespectful;
    ``identity`` marks hateful, offensive or abusive
    tweets aimed at a protected attribute with a group (not an individual) as target.
    """
    base = _dir("mlma_hate_speech", root)
    frames = []
    for lang in ("fr", "en"):
        f = pd.read_csv(base / f"{lang}_dataset.csv")
        labels = f["sentiment"].astype(str).str.split("_")
        hostile = labels.map(lambda s: int(any(x != "normal" for x in s)))
        hateful = labels.map(lambda s: int("hateful" in s))
        strong = labels.map(lambda s: int(bool({"hateful", "abusive", "offensive"} & set(s))))
        identity = ((strong == 1) & f["target"].isin(_PROTECTED) & (f["group"] != "individual")).astype(int)
        insult = labels.map(lambda s: int(bool({"abusive", "offensive", "disrespectful"} & set(s))))
        frames.append(pd.DataFrame({"text": f["tweet"], "lang": lang, "hostile": hostile, "hateful": hateful,
                                    "identity": identity, "insult": insult, "target": f["target"],
                                    "group": f["group"]}))
    return pd.concat(frames, ignore_index=True)


def french_hate_superset(root: Path | None = None) -> pd.DataFrame:
    """French Hate Speech Superset (train split): ``text, lang, label`` (1 = hateful)."""
    frame = pd.read_csv(_dir("french_hate_superset", root) / "train_15373.csv")
    return pd.DataFrame({"text": frame["text"].astype(str), "lang": "fr", "label": frame["label"].astype(int)})


def tweeteval_hate(split: str, root: Path | None = None) -> pd.DataFrame:
    """TweetEval HatEval tweets: ``text, lang, label`` (1 = hate against immigrants or women)."""
    base = _dir("tweeteval", root)
    texts = _lines(base / f"hate_{split}_text.txt")
    labels = [int(x) for x in _lines(base / f"hate_{split}_labels.txt")]
    return pd.DataFrame({"text": texts, "lang": "en", "label": labels})


#: CrisisLexT26 information types that inform or support: hostility there is a false alarm, nearly always.
CRISIS_CIVIL_TYPES: tuple[str, ...] = ("Affected individuals", "Caution and advice", "Donations and volunteering",
                                       "Infrastructure and utilities", "Sympathy and support")


def crisislex(root: Path | None = None) -> pd.DataFrame:
    """CrisisLexT26 labelled tweets: ``text, event, info_type, informativeness`` (language not labelled)."""
    frames = []
    for path in sorted(_dir("crisislex_t26", root).glob("*/*-tweets_labeled.csv")):
        frame = pd.read_csv(path, dtype=str, encoding_errors="replace", skipinitialspace=True)
        frame.columns = [c.strip() for c in frame.columns]
        frames.append(pd.DataFrame({"text": frame["Tweet Text"].astype(str), "event": path.parent.name,
                                    "info_type": frame["Information Type"].str.strip(),
                                    "informativeness": frame["Informativeness"].str.strip()}))
    return pd.concat(frames, ignore_index=True)


def crisis_tweets(civil: bool, root: Path | None = None) -> pd.DataFrame:
    """CrisisLexT26 tweets of the civil types, or (``civil`` False) of every other type; rows as :func:`crisislex`.

    The civil types (:data:`CRISIS_CIVIL_TYPES`) are the false-alarm rows, never trained on; the others are real
    crisis tweets a teacher may label.
    """
    crisis = crisislex(root)
    return crisis[crisis["info_type"].isin(CRISIS_CIVIL_TYPES) == civil].reset_index(drop=True)


def split_frame(frame: pd.DataFrame, fraction: float = 0.2, seed: int = 0,
                stratify: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deterministic train/validation split (``fraction`` to validation), optionally stratified."""
    from sklearn.model_selection import train_test_split

    train, val = train_test_split(frame, test_size=fraction, random_state=seed,
                                  stratify=frame[stratify] if stratify else None)
    return train.reset_index(drop=True), val.reset_index(drop=True)
