"""Training data plumbing: source weights, GoEmotions sentiment grouping, and the shipped model in sync."""

import numpy as np
import pandas as pd
import pytest

from helpers.io import datasets as ds
from helpers.models.text_model import DEFAULT_MODEL, default_model
from helpers.training.distillation import SHARE, TAUGHT_COLUMNS, Lesson
from helpers.training.text_model import C_VALUES, MODEL_VERSION, SOURCE_WEIGHTS, source_positions, weighted
from helpers.training.transfer_metrics import column_heads


def test_weighted_drops_zero_weight_sources_and_weighs_the_rest():
    frame = pd.DataFrame({"text": list("abcd"), "y": [1, 0, 1, 0], "source": ["x", "mlma", "go", "x"]})
    kept, w = weighted(frame, {"mlma": 0.0, "go": 0.2})
    assert kept["text"].tolist() == ["a", "c", "d"]
    np.testing.assert_allclose(w, [1.0, 0.2, 1.0])
    kept, w = weighted(frame, None)
    assert len(kept) == 4 and (w == 1).all()
    soft = frame.assign(weight=[0.25, 0.5, None, 0.0])  # soft labels; a missing weight is a whole row
    kept, w = weighted(soft, {"go": 0.2})
    np.testing.assert_allclose(w, [0.25, 0.5, 0.2])
    assert kept["text"].tolist() == ["a", "b", "c"]  # weight 0 drops the row as a weight-0 source does


def test_goemotions_sentiment_keeps_only_unambiguous_comments(tmp_path):
    base = tmp_path / "goemotions"
    base.mkdir()
    names = ["admiration", "anger", "joy", "neutral", "surprise", "sadness"]
    (base / "emotions.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    rows = [("great work", "0,2"), ("this is awful", "1,5"), ("the bus leaves at 5", "3"),
            ("wow really", "4"), ("love it but it hurts", "2,5"), ("ok then", "3,4")]
    (base / "train.tsv").write_text("".join(f"{t}\t{labels}\tid{i}\n" for i, (t, labels) in enumerate(rows)),
                                    encoding="utf-8")
    out = ds.goemotions_sentiment("train", root=tmp_path)
    assert dict(zip(out["text"], out["label"])) == {
        "great work": "positive", "this is awful": "negative", "the bus leaves at 5": "neutral"}
    ekman = ds.goemotions("train", root=tmp_path)
    assert ekman.loc[ekman["text"] == "love it but it hurts", ["joy", "sadness"]].to_numpy().tolist() == [[1, 1]]


@pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped model missing: run `vigie train`")
def test_shipped_model_was_trained_by_this_code():
    # A change to the training sources without `vigie train` would leave a stale model behind.
    model = default_model()
    distilled = model.metadata.get("distilled")
    assert model.version == MODEL_VERSION + ("-distilled" if distilled else "")
    if distilled:  # it learnt the columns vigie train --distil teaches, at the share it sets
        assert (distilled["heads"], distilled["share"]) == (column_heads(TAUGHT_COLUMNS), SHARE)
    assert model.metadata["source_weights"] == SOURCE_WEIGHTS
    assert model.metadata["c_values"] == C_VALUES


def test_source_positions_line_up_with_the_split_or_raise():
    frame = pd.DataFrame({"text": ["a", "g1", "b", "g2", "c"],
                          "source": ["umsab", "goemotions", "umsab", "goemotions", "umsab"]})
    split = pd.DataFrame({"text": ["a", "b", "c"]})
    assert source_positions(frame, "umsab", split).tolist() == [0, 2, 4]
    with pytest.raises(ValueError, match="line up"):
        source_positions(frame, "umsab", pd.DataFrame({"text": ["a", "c", "b"]}))
    with pytest.raises(ValueError, match="line up"):
        source_positions(frame, "umsab", split.iloc[:2])
    # A collection goes by several source names (XED by language), and a missing text lines up with a missing one.
    xed = pd.DataFrame({"text": ["x", None, "g"], "source": ["xed_fr", "xed_en", "goemotions"]})
    assert source_positions(xed, "xed", pd.DataFrame({"text": ["x", np.nan]})).tolist() == [0, 1]


def test_collections_that_share_posts_are_matched_whatever_their_spelling():
    from helpers.training.text_model import leave_out, overlap_key

    assert overlap_key("@USER Sale con !!") == overlap_key("@user sale   con") == "user sale con"
    assert overlap_key("Vu ici https://t.co/x1") == overlap_key("vu ici http://bit.ly/y") == "vu ici url"
    assert overlap_key("Déjà là") == "déjà là" != overlap_key("deja la")  # accents are words, not spelling
    assert overlap_key("🙂 !!") == ""
    sets = {"hostile": pd.DataFrame({"text": ["@user sale con", "🙂", "bonjour"], "y": [1, 0, 0],
                                     "source": ["mlma", "mlma", "davidson"]}),
            "identity_attack": pd.DataFrame({"text": ["@USER Sale con !", "😡", "Bonjour."], "y": [1, 1, 0],
                                             "source": ["superset"] * 3})}
    left = leave_out(sets, ["mlma"])
    assert left["hostile"]["text"].tolist() == ["bonjour"]
    # A text with no word matches none: the emoji-only posts of MLMA do not take every other one with them.
    assert left["identity_attack"]["text"].tolist() == ["😡", "Bonjour."]
    assert leave_out(sets, ["davidson"])["identity_attack"]["text"].tolist() == ["@USER Sale con !", "😡"]
    assert leave_out(sets, [])["hostile"] is sets["hostile"]
    # ...but the same text with no word, spelt exactly alike, is the collection's post all the same.
    sets["identity_attack"].loc[1, "text"] = "🙂"
    assert leave_out(sets, ["mlma"])["identity_attack"]["text"].tolist() == ["Bonjour."]


def test_feature_lookup_featurizes_each_text_once_and_reads_missing_texts_as_empty():
    from helpers.training.text_model import feature_lookup

    calls = []

    class Counting:
        def transform(self, texts):
            calls.append(list(texts))
            return default_model().featurizer.transform(texts)

    a = pd.Series(["flood downtown", None, "merci beaucoup"])
    b = pd.Series(["merci beaucoup", "flood downtown"])
    rows = feature_lookup(Counting(), [a, b])
    assert len(calls) == 1 and sorted(calls[0]) == ["", "flood downtown", "merci beaucoup"]
    direct = default_model().featurizer.transform(["merci beaucoup", "", "flood downtown"])
    assert (rows(pd.Series(["merci beaucoup", None, "flood downtown"])) != direct).nnz == 0


def test_a_taught_model_learns_the_soft_rows_and_says_who_taught_it(monkeypatch):
    from helpers.models.features import TextFeaturizer
    from helpers.training import text_model

    sets = {"distress": pd.DataFrame({"text": ["so stressed", "nice day", "cannot sleep", "fine"], "y": [1, 0, 1, 0],
                                      "source": "dreaddit"})}
    monkeypatch.setattr(text_model, "training_sets", lambda splits: sets)
    monkeypatch.setattr(text_model, "SIGNALS", ())
    monkeypatch.setattr(text_model, "_everyday", lambda splits: pd.DataFrame({"text": ["x"] * 10}))
    monkeypatch.setattr(text_model, "EVERYDAY_NEGATIVES", 5)
    record = {"teacher": "tier-x", "share": 0.5, "texts": 1, "training_sample": 0, "heads": ["distress"]}
    teach = lambda given: Lesson(["panic attack again"], {"distress": np.array([0.9])}, record)  # noqa: E731
    featurizer = TextFeaturizer(word_bits=10, char_bits=10)
    plain = text_model.train_model(splits=object(), featurizer=featurizer, log=lambda m: None)
    taught = text_model.train_model(splits=object(), featurizer=featurizer, log=lambda m: None, teach=teach)
    assert plain.version == MODEL_VERSION and "distilled" not in plain.metadata
    assert taught.version == f"{MODEL_VERSION}-distilled" and taught.metadata["distilled"] == record
    assert taught.metadata["trained_on"]["distress"] == 6 and plain.metadata["trained_on"]["distress"] == 4
    assert not np.allclose(taught.heads["distress"].coef, plain.heads["distress"].coef)


def test_a_balanced_head_reads_a_teachers_soft_rows_at_the_teachers_probability():
    # Each text has a feature of its own, so the head can fit every text's label. Class weights counted over
    # every row would count each soft text as one positive and one negative and re-weight the teacher's odds.
    import scipy.sparse as sp

    from helpers.training.distillation import soft_rows
    from helpers.training.text_model import TAUGHT, fit_head

    labelled, soft, p = 200, 100, 0.05
    y_labelled = np.r_[np.ones(20, int), np.zeros(labelled - 20, int)]
    X = sp.vstack([sp.identity(labelled + soft, format="csr"),
                   sp.identity(labelled + soft, format="csr")[labelled:]]).tocsr()
    y = np.r_[y_labelled, np.ones(soft, int), np.zeros(soft, int)]
    weight = np.r_[np.ones(labelled), np.full(soft, p), np.full(soft, 1 - p)]
    taught = np.r_[np.zeros(labelled, bool), np.ones(2 * soft, bool)]
    head = fit_head(X, y, "identity_attack", weight, C=1000.0, taught=taught)
    on_soft = head.predict_proba(X[labelled:labelled + soft])[:, 1]
    assert on_soft.mean() == pytest.approx(p, abs=0.01)
    # The labelled rows are still balanced: a rare positive text scores high, a negative one low.
    on_labelled = head.predict_proba(X[:labelled])[:, 1]
    assert on_labelled[:20].min() > 0.9 and on_labelled[20:].max() < 0.1
    # The rows distillation writes are the ones fit_head knows as soft.
    assert soft_rows(["a"], {"distress": np.array([0.5])}, "distress", set())["source"].eq(TAUGHT).all()


def test_a_balanced_head_with_soft_rows_and_one_labelled_class_fits_without_a_division_warning():
    # A transfer row can leave a class-balanced head only negatives among its labelled rows; the soft rows carry
    # the positives. The class with no labelled row weighs nothing, and the fit must not divide by zero.
    import warnings

    import scipy.sparse as sp

    from helpers.training.text_model import fit_head

    X = sp.identity(6, format="csr")
    y = np.array([0, 0, 0, 1, 0, 1])
    taught = np.array([False, False, False, True, True, True])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        head = fit_head(X, y, "distress", np.array([1, 1, 1, 0.8, 0.2, 0.6]), taught=taught)
    assert list(head.classes_) == [0, 1]
