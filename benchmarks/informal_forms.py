"""What the lexicons' informal apostrophe forms change on the training texts of ../shared/data.

Since ``vigie-text-10`` a lexicon entry with an apostrophe also matches it left out or typed as a space
(:func:`helpers.models.lexicons.informal_forms`: "jai peur" and "j ai peur" for "j'ai peur"). This counts, per
category, the training texts whose count changes against matching every apostrophe as written, and the forms
that now match, so the evaluation notes can say how much of the data the change touches.

Usage: python benchmarks/informal_forms.py   (needs ../shared/data; under a minute)
Writes docs/benchmarks/informal_forms.json and docs/informal_forms.md.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
import pandas as pd
from _common import machine, save, write_doc

from helpers.cleaning import normalise
from helpers.models import lexicons
from helpers.training.text_model import load_splits, training_sets

CATEGORIES = lexicons.LEXICON_CATEGORIES + lexicons.RULE_LEXICONS
#: Forms listed per category on the page.
TOP = 5


def _as_written() -> None:
    """Match every apostrophe as written, as before ``vigie-text-10`` (the lexicons' caches cleared)."""
    lexicons.APOSTROPHES_AS_WRITTEN = frozenset(CATEGORIES)
    lexicons.informal_forms = lambda entry: [entry]
    for cached in (lexicons.lexicon_pattern, lexicons._tries, lexicons._walkable):
        cached.cache_clear()


def _matches(texts: list[str], category: str) -> Counter:
    pattern = lexicons.lexicon_pattern(category)
    return Counter(m for t in texts for m in pattern.findall(t))


def main() -> None:
    start = time.perf_counter()
    sets = training_sets(load_splits())
    texts = pd.unique(pd.concat([s["text"] for s in sets.values()], ignore_index=True).map(str))
    normalised = [normalise(t) for t in texts]
    informal = lexicons.lexicon_counts(normalised, CATEGORIES)
    matched_rows = {c: np.flatnonzero(informal[:, j] != 0) for j, c in enumerate(CATEGORIES)}
    forms_now = {c: _matches([normalised[i] for i in rows], c) for c, rows in matched_rows.items()}
    _as_written()
    written = lexicons.lexicon_counts(normalised, CATEGORIES)
    rows = []
    for j, category in enumerate(CATEGORIES):
        changed = np.flatnonzero(informal[:, j] != written[:, j])
        if not len(changed):
            continue
        before = _matches([normalised[i] for i in matched_rows[category]], category)
        new_forms = forms_now[category] - before
        rows.append({"category": category, "texts": int(len(changed)),
                     "matches_added": int((informal[changed, j] - written[changed, j]).sum()),
                     "forms": [[form, n] for form, n in new_forms.most_common(TOP)]})
    result = {"training_texts": len(texts), "texts_changed": int((informal != written).any(axis=1).sum()),
              "rows": rows, "seconds": round(time.perf_counter() - start), "machine": machine()}
    save("informal_forms", result)
    write_doc("informal_forms.md", page(result))


def page(result: dict) -> str:
    lines = ["# Lexicon entries typed without their apostrophe", "",
             "Written by `python benchmarks/informal_forms.py`; do not edit by hand. Since `vigie-text-10` a lexicon",
             "entry with an apostrophe also matches it left out or typed as a space (\"jai peur\", \"j ai peur\" for",
             "\"j'ai peur\"; `helpers.models.lexicons.informal_forms`; negation keeps its entries as written). Of the",
             f"{result['training_texts']:,} training texts of the shared data, {result['texts_changed']:,} change a",
             "count. Per category, the texts that change and the forms that now match, most frequent first. Run took "
             f"{result['seconds']} s on {result['machine']['cores']} cores.", "",
             "| category | texts changed | matches added | forms now matched |", "|---|---|---|---|"]
    for r in result["rows"]:
        forms = ", ".join(f"{form} ({n})" for form, n in r["forms"])
        lines.append(f"| {r['category']} | {r['texts']} | {r['matches_added']} | {forms} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
