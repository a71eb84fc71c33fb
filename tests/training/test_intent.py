"""helpers.training.intent: the questions head, chosen by folds inside its train rows."""

import numpy as np
import pandas as pd
import pytest

from helpers.errors import InvalidInput
from helpers.training.intent import CANDIDATES, STRENGTHS, best_threshold, fit_head, question_key


def test_keys_ignore_how_whitespace_is_laid_out():
    assert question_key("Is  the road\nopen?") == question_key(" Is the road open? ")
    assert question_key("Is the road open?") != question_key("Is the road open ?")
    assert len(question_key("x")) == 16


def test_the_threshold_is_the_best_f1_and_falls_between_two_scores():
    y = np.array([1, 1, 0, 1, 0, 0, 0, 0], bool)
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1])
    t = best_threshold(y, p)
    assert 0.4 < t < 0.6  # keeping the top four (three of three seeking) beats every other cut
    f1 = {cut: 2 * (y & (p >= cut)).sum() / ((p >= cut).sum() + y.sum()) for cut in p}
    assert max(f1, key=f1.get) == 0.6


def _rows(n_seek: int, n_rhet: int) -> pd.DataFrame:
    asks = ["where is the nearest shelter", "does anyone know if the road is open", "any update on the water",
            "ou est le centre d'hebergement", "quelqu'un sait si l'ecole ouvre", "is the bridge passable now"]
    rhet = ["what is wrong with this world lol", "flood? what flood", "seriously who does this",
            "comment peut-on faire ca", "why do they always do this", "RT @news: is this the end? http://t.co/a"]
    texts = [f"{asks[i % 6]} {i}?" for i in range(n_seek)] + [f"{rhet[i % 6]} {i}?!" for i in range(n_rhet)]
    return pd.DataFrame({"text": texts, "label": ["seeking"] * n_seek + ["rhetorical"] * n_rhet,
                         "lang": ["fr" if i % 3 == 0 else "en" for i in range(n_seek + n_rhet)]})


def test_fit_chooses_among_the_candidates_and_keeps_their_figures():
    rows = _rows(30, 60)
    head = fit_head(rows, log=lambda _: None)
    assert head.blocks in CANDIDATES
    assert len(head.metadata["candidates"]) == len(CANDIDATES) * len(STRENGTHS)
    best = max(head.metadata["candidates"], key=lambda c: c["average_precision"])
    assert head.metadata["out_of_fold_average_precision"] == best["average_precision"]
    assert set(head.metadata["out_of_fold"]) == {"en", "fr"}
    p = head.probability(rows["text"].tolist())
    assert p[rows["label"].eq("seeking")].min() > p[rows["label"].eq("rhetorical")].max()


def test_too_few_questions_of_a_label_are_refused():
    with pytest.raises(InvalidInput, match="at least 5"):
        fit_head(_rows(4, 40), log=lambda _: None)


def test_the_shipped_head_is_what_train_questions_rebuilds(shared_data):
    from helpers.models.intent import default_head
    from helpers.training.intent import train_head

    shipped, again = default_head(), train_head(log=lambda _: None)
    assert again.blocks == shipped.blocks and again.metadata["C"] == shipped.metadata["C"]
    np.testing.assert_allclose(again.coef, shipped.coef, atol=1e-4)
    assert again.threshold == pytest.approx(shipped.threshold, abs=1e-4)


def test_on_questions_it_never_learnt_the_head_orders_better_than_the_rules(shared_data):
    from sklearn.metrics import average_precision_score

    from helpers.models.intent import default_head, rules_say_seeking
    from helpers.training.intent import labelled_questions

    rows = labelled_questions()
    test = rows[rows["set"].eq("test")]
    y = test["label"].eq("seeking").to_numpy()
    head = average_precision_score(y, default_head().probability(test["text"].tolist()))
    rules = average_precision_score(y, rules_say_seeking(test["text"].tolist()))
    assert head > rules + 0.2
