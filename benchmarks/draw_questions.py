"""How the *train* rows of ``src/helpers/resources/questions.csv`` were drawn (provenance; labels are by hand).

Two seeded draws of questions (``is_question`` true) in no labelled set, printed as ``key,lang,origin,text``
for a person to label *seeking* or *rhetorical* (the guideline is in :mod:`helpers.training.intent`):

1. CrisisLexT26 and UMSAB's French tweets, language by Vigie's detector (no page prior): 520 English and up
   to 200 French questions (2 French ones were left), seed 2028.
2. French questions from XED's subtitles and from the French hate superset, 110 of each, seed 2029 (5 XED
   lines that were English subtitle metadata were dropped while labelling).

Run after the dev and test rows existed, and before the train rows were added: with the train rows in the
file, the draw finds other questions. ``--before-train`` reproduces it by leaving the train rows out.

Usage: python benchmarks/draw_questions.py [--before-train] > to_label.csv   (needs ../shared/data)
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

from helpers.io import datasets as ds
from helpers.scoring.score import is_question
from helpers.text import detect_languages
from helpers.training.intent import LABELS, question_key


def _questions(texts: pd.Series, taken: set[str], distinct: str = "key") -> pd.DataFrame:
    """Questions of ``texts`` whose key is not in ``taken``, one per ``distinct`` (the second draw kept one per text)."""
    texts = texts.dropna().astype(str)
    frame = pd.DataFrame({"text": texts.to_numpy(), "key": texts.map(question_key).to_numpy()}).drop_duplicates(distinct)
    frame = frame[is_question(frame["text"].tolist())]
    return frame[~frame["key"].isin(taken)]


def draw(before_train: bool = False) -> pd.DataFrame:
    """The questions to label, in the order they were drawn."""
    labelled = pd.read_csv(LABELS, dtype=str)
    taken = set(labelled.loc[~labelled["set"].eq("train") if before_train else slice(None), "key"])
    umsab = pd.concat([ds.umsab("train"), ds.umsab("val")])
    crisis = pd.concat([_questions(ds.crisislex()["text"], taken),
                        _questions(umsab.loc[umsab["lang"].eq("fr"), "text"], taken)]).drop_duplicates("key")
    crisis["lang"] = detect_languages(crisis["text"].tolist(), page_prior=False)
    crisis["origin"] = "crisislex_or_umsab"
    rng = np.random.default_rng(2028)
    first = [crisis[crisis["lang"].eq(lang)].iloc[rng.permutation(int(crisis["lang"].eq(lang).sum()))[:n]]
             for lang, n in (("en", 520), ("fr", 200))]
    xed = ds.xed()
    rng = np.random.default_rng(2029)
    second = []
    for origin, texts in (("xed", xed.loc[xed["lang"].eq("fr"), "text"]), ("superset", ds.french_hate_superset()["text"])):
        found = _questions(texts, taken, distinct="text")
        second.append(found.iloc[rng.permutation(len(found))[:110]].assign(lang="fr", origin=origin))
    return pd.concat([*first, *second], ignore_index=True)[["key", "lang", "origin", "text"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-train", action="store_true", help="leave the train rows out of the labelled keys")
    draw(parser.parse_args().before_train).to_csv(sys.stdout, index=False)


if __name__ == "__main__":
    main()
