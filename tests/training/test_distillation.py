"""helpers.training.distillation: the texts the encoder tier labels for the fast tier, and its soft rows."""

import numpy as np
import pandas as pd
import pytest

from helpers.training import distillation
from helpers.training.distillation import corpus, soft_rows, teacher
from helpers.training.transfer_metrics import column_heads


def _rows(texts, source, y=1):
    return pd.DataFrame({"text": texts, "y": y, "source": source})


SETS = {
    "hostile": pd.concat([_rows(["@user les migrants dehors !", "mlma only post"], "mlma"),
                          _rows(["@USER Les migrants dehors", "superset own post", "a civil reply"], "superset", 0)]),
    "sentiment": _rows(["great news today", "validation twin", None], "umsab", "positive"),
}


def test_a_held_out_collection_leaves_the_corpus_in_every_spelling():
    texts = corpus(SETS, ["mlma"], unseen=[], extra=["@Someone LES migrants DEHORS!!", "flood in the city"])
    # MLMA's post is also the superset's, written @USER: neither copy is taught, nor a crisis tweet spelt alike.
    assert not any("migrants" in t.lower() for t in texts)
    assert "mlma only post" not in texts
    assert {"superset own post", "a civil reply", "great news today", "flood in the city"} <= set(texts)


def test_validation_texts_never_reach_the_teacher():
    texts = corpus(SETS, [], unseen=["Validation twin.", "@someone flood in the city http://a.b/c"],
                   extra=["@other FLOOD, in the city https://x.co", "flood in the city"])
    assert not any("twin" in t or "FLOOD" in t for t in texts)
    assert "flood in the city" in texts  # no mention, no link: another post
    assert "@user les migrants dehors !" in texts  # nothing held out: every collection stays


def test_the_corpus_is_seeded_extra_texts_first_each_text_once():
    a = corpus(SETS, [], unseen=[], extra=["an extra", "an extra", "great news today"], sample=3)
    assert a == corpus(SETS, [], unseen=[], extra=["an extra", "an extra", "great news today"], sample=3)
    assert a[:2] == ["an extra", "great news today"] and len(a) == len(set(a))
    assert len(a) <= 2 + 3
    samples = {tuple(corpus(SETS, [], unseen=[], sample=3, seed=seed)) for seed in range(6)}
    assert len(samples) > 1  # the seed, not the order of the rows, picks the sample


def test_soft_rows_skip_gold_texts_and_weigh_one_per_text():
    texts = ["a", "b", "c"]
    probs = {"distress": np.array([0.9, 0.2, 0.5]),
             "sentiment": np.array([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]])}
    rows = soft_rows(texts, probs, "distress", gold={"b"})
    assert set(rows["text"]) == {"a", "c"} and (rows["source"] == "distilled").all()
    assert rows.groupby("text")["weight"].sum().tolist() == pytest.approx([1.0, 1.0])
    assert rows[(rows["text"] == "a") & (rows["y"] == 1)]["weight"].item() == pytest.approx(0.9)
    sentiment = soft_rows(texts, probs, "sentiment", gold=set())
    assert sorted(sentiment["y"].unique()) == ["negative", "neutral", "positive"]
    assert sentiment[(sentiment["text"] == "c") & (sentiment["y"] == "negative")]["weight"].item() == pytest.approx(0.6)


def test_a_transfer_row_is_taught_by_the_run_its_evaluation_row_reads(tmp_path, monkeypatch):
    from helpers.training import encoder

    monkeypatch.setattr(encoder, "HOLDOUT_DIR", tmp_path)  # absolute: holdout_path ignores the project root
    shared = encoder.holdout_path(("goemotions", "hateval", "mlma"))
    assert teacher("mlma") == (None, ("mlma",))  # nothing trained: the caller says which run to train
    shared.parent.mkdir(parents=True, exist_ok=True)
    shared.write_bytes(b"")
    assert teacher("mlma") == (shared, ("goemotions", "hateval", "mlma"))
    alone = encoder.holdout_path(("mlma",))
    alone.write_bytes(b"")
    assert teacher("mlma") == (alone, ("mlma",))
    assert teacher(None) == (distillation.tier.DEFAULT_PATH, ())


def test_soft_rows_weigh_the_share_of_the_labelled_rows_whatever_the_sources_weigh():
    from helpers.training.text_model import weighted

    frame = pd.DataFrame({"text": ["a", "b", "c"], "y": [1, 0, 0], "source": ["heavy", "light", "dropped"]})
    weights = {"heavy": 3.0, "light": 1.0, "dropped": 0.0}
    soft = soft_rows(["x", "y"], {"distress": np.array([0.8, 0.1])}, "distress", gold=set())
    mixed = distillation.with_soft_rows(frame, soft, 0.5, weights)
    rows, w = weighted(mixed, weights)
    is_soft = (rows["source"] == "distilled").to_numpy()
    assert w[~is_soft].sum() == pytest.approx(4.0) and w[is_soft].sum() == pytest.approx(2.0)
    # Within a text, the teacher's probability is kept: 0.8 of x's weight on the positive row.
    x = rows.assign(w=w)[rows["text"] == "x"]
    assert x.loc[x["y"] == 1, "w"].item() / x["w"].sum() == pytest.approx(0.8)
    assert distillation.with_soft_rows(frame, soft.iloc[:0], 0.5, weights) is frame  # nothing to teach


class _FakeTier:
    """Stands in for the encoder tier: counts what it is asked to label."""

    calls: list[list[str]] = []
    version = "fake-tier-1"

    @classmethod
    def load(cls, path):
        return cls()

    def predict(self, texts):
        _FakeTier.calls.append(list(texts))
        return {"sentiment": np.tile([0.2, 0.3, 0.5], (len(texts), 1)), "distress": np.linspace(0, 1, len(texts))}


def test_a_teachers_labels_are_kept_and_read_back_without_pickle(tmp_path, monkeypatch):
    monkeypatch.setattr(distillation.tier, "EncoderTier", _FakeTier)
    _FakeTier.calls = []
    tier_file = tmp_path / "tier.safetensors"
    tier_file.write_bytes(b"weights one")
    version, probs = distillation.taught(tier_file, ["a", "b", "c"], tmp_path / "cache")
    again_version, again = distillation.taught(tier_file, ["a", "b", "c"], tmp_path / "cache")
    assert len(_FakeTier.calls) == 1 and version == again_version == "fake-tier-1"
    assert set(again) == {"sentiment", "distress"}  # the version is kept beside the labels, not as a column
    np.testing.assert_allclose(again["distress"], probs["distress"])
    distillation.taught(tier_file, ["a", "b"], tmp_path / "cache")  # another corpus: labelled again
    tier_file.write_bytes(b"weights two")  # another tier: labelled again
    distillation.taught(tier_file, ["a", "b", "c"], tmp_path / "cache")
    assert len(_FakeTier.calls) == 3


def test_distilled_teaches_only_the_heads_the_teacher_has_a_column_for():
    frames = {"distress": pd.DataFrame({"text": ["a", "gold"], "y": [1, 0], "source": "dreaddit"}),
              "hostile": pd.DataFrame({"text": ["a"], "y": [1], "source": "davidson"})}
    out = distillation.distilled(frames, ["a", "b", "c"], {"distress": np.array([0.9, 0.8, 0.1])})
    assert out["hostile"] is frames["hostile"]
    soft = out["distress"][out["distress"]["source"] == "distilled"]
    assert set(soft["text"]) == {"b", "c"}  # "a" has a gold distress label: the teacher does not overrule it
    assert soft["weight"].sum() == pytest.approx(distillation.SHARE * 2)


def test_a_transfer_teacher_never_trained_is_named_with_the_command_that_trains_it(tmp_path, monkeypatch):
    from helpers.errors import MissingFile
    from helpers.training import encoder

    monkeypatch.setattr(encoder, "HOLDOUT_DIR", tmp_path)
    with pytest.raises(MissingFile, match="--hold-out mlma"):
        distillation.teaching(SETS, "mlma", unseen=[], extra=[])


def test_teaching_labels_the_corpus_of_the_run_that_never_saw_the_collection(tmp_path, monkeypatch):
    from helpers.training import encoder

    monkeypatch.setattr(encoder, "HOLDOUT_DIR", tmp_path)
    monkeypatch.setattr(distillation.tier, "EncoderTier", _FakeTier)
    _FakeTier.calls = []
    encoder.holdout_path(("mlma",)).write_bytes(b"a run without mlma")
    lesson = distillation.teaching(SETS, "mlma", unseen=["Validation twin"], extra=["flood in the city"],
                                   cache_dir=tmp_path / "cache")
    labelled = _FakeTier.calls[0]
    assert "flood in the city" in labelled and not any("migrants" in t.lower() or "twin" in t for t in labelled)
    assert lesson.record == {"teacher": "fake-tier-1", "share": distillation.SHARE, "texts": len(labelled),
                             "training_sample": distillation.TRAINING_SAMPLE,
                             "heads": column_heads(distillation.TAUGHT_COLUMNS)}
    frames = {"distress": pd.DataFrame({"text": ["x"], "y": [1], "source": "dreaddit"})}
    assert lesson(frames)["distress"] is frames["distress"]  # distress is not a taught column: its plain head stays
    taught = lesson(frames, heads=["distress"])["distress"]
    assert set(taught.loc[taught["source"] == "distilled", "text"]) == set(labelled)


def test_rows_that_share_a_teacher_share_its_lesson_built_once(tmp_path, monkeypatch):
    from helpers.training import encoder

    monkeypatch.setattr(encoder, "HOLDOUT_DIR", tmp_path)
    monkeypatch.setattr(distillation.tier, "EncoderTier", _FakeTier)
    _FakeTier.calls = []
    shared = encoder.holdout_path(("goemotions", "hateval", "mlma"))
    shared.write_bytes(b"a run without three collections")
    monkeypatch.setattr(distillation, "transfer_tier", lambda held_out: shared)
    built = []
    monkeypatch.setattr(distillation, "corpus", lambda *a, **k: built.append(a[1]) or ["flood in the city"])
    lesson_of = distillation.Teachings(SETS, unseen=[], extra=[], cache_dir=tmp_path / "cache")
    assert lesson_of("mlma") is lesson_of("hateval")  # one run left both out: one corpus, one labelling
    assert built == [("goemotions", "hateval", "mlma")] and len(_FakeTier.calls) == 1
    assert lesson_of(None) is not lesson_of("mlma")  # the shipped tier teaches validation rows
    assert list(lesson_of.lessons) == [(shared, ("goemotions", "hateval", "mlma")), distillation.teacher(None)]


def test_distilled_teaches_only_the_heads_it_is_told_to():
    frames = {"distress": _rows(["a"], "dreaddit"), "hostile": _rows(["b"], "davidson")}
    probs = {"distress": np.array([0.9, 0.8]), "hostile": np.array([0.1, 0.7])}
    out = distillation.distilled(frames, ["c", "d"], probs, heads=["hostile"])
    assert out["distress"] is frames["distress"]
    assert set(out["hostile"].loc[out["hostile"]["source"] == "distilled", "text"]) == {"c", "d"}


def _inner(column, metric, before, after):
    return {"column": column, "figure": "inner fold", "metric": metric, "before": before, "after": after}


def test_a_column_is_taught_where_its_inner_folds_gain_and_so_do_the_columns_it_reads():
    reads = {"sentiment": ("hostile", "identity_attack"), "hostile": ("identity_attack",)}
    rows = [_inner("identity_attack", "F1", 0.30, 0.32), _inner("identity_attack", "AUC", 0.70, 0.69),
            _inner("hostile", "F1", 0.80, 0.81), _inner("sentiment", "F1", 0.50, 0.55),
            _inner("distress", "AUC", 0.79, 0.78),
            {**_inner("distress", "AUC", 0.1, 0.9), "figure": "transfer"}]  # a reported row never chooses
    assert distillation.chosen_columns(rows, reads) == ["hostile", "identity_attack", "sentiment"]
    rows[0] = _inner("identity_attack", "F1", 0.30, 0.28)  # identity loses on average: the columns reading it stay plain
    assert distillation.chosen_columns(rows, reads) == []


def test_an_inner_fold_is_the_held_out_collections_training_rows_in_the_rows_shape():
    from types import SimpleNamespace

    from helpers.training.transfer import Case

    train = pd.DataFrame({"text": [f"t{i}" for i in range(30)], "lang": ["fr", "en"] * 15,
                          "offensive": [0, 1, 1] * 10, "hostile": [1, 0, 0] * 10})
    splits = SimpleNamespace(mlma_train=train, davidson_train=train)
    case = Case("hostile", "transfer", "MLMA", pd.DataFrame(), "mlma", ("fr",))
    rows = distillation.inner_rows(case, splits)
    assert len(rows) == 15 and set(rows["lang"]) == {"fr"} and rows["label"].tolist() == rows["hostile"].tolist()
    english = distillation.inner_rows(Case("hostile", "transfer", "D", pd.DataFrame(), "davidson", ("en",)), splits, cap=4)
    assert len(english) == 4 and english["label"].tolist() == english["offensive"].tolist()
    assert english.equals(distillation.inner_rows(Case("hostile", "transfer", "D", pd.DataFrame(), "davidson", ("en",)),
                                                  splits, cap=4))  # seeded
