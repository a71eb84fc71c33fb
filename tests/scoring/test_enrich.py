"""helpers.scoring.enrich: each distinct text is scored once per model version, batch by batch."""

import numpy as np
import pytest

from helpers.io.ingest import ingest_paths
from helpers.models.text_model import DEFAULT_MODEL
from helpers.scoring.enrich import enrich_store

pytestmark = pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped model missing: run `vigie train`")


def test_texts_are_scored_once_in_batches_and_a_second_run_scores_nothing(fixtures, store):
    ingest_paths([fixtures / "generic_semicolon.csv", fixtures / "generic.tsv"], store)
    texts = store.query("SELECT count(DISTINCT text_hash) AS n FROM comments")["n"].iloc[0]
    told = []
    first = enrich_store(store, batch_size=2, log=told.append)
    assert first["scored"] == texts and first["comments"] == store.count("comments")
    assert told[0].startswith(f"scoring {texts} new texts") and len(told) == 1 + -(-texts // 2)  # one line per batch
    second = enrich_store(store)
    assert second["scored"] == 0 and second["model_version"] == first["model_version"]
    scored = store.query("SELECT * FROM scored_comments")
    assert len(scored) == store.count("comments") and scored["hostility"].between(0, 1).all()


def test_enrich_is_incremental(fixtures, store):
    from helpers.io.ingest import ingest_paths

    ingest_paths([fixtures / "generic.tsv"], store)
    lines = []
    first = enrich_store(store, log=lines.append)
    assert first["scored"] == store.count("comments") == 2
    # Cron logs say what is coming, then each batch saved.
    assert lines == [f"scoring 2 new texts with {first['model_version']}", "scored batch 1: 2 of 2 texts"]
    assert enrich_store(store, log=lines.append)["scored"] == 0
    assert len(lines) == 2  # nothing to score, nothing said
    ingest_paths([fixtures / "youtube_threads.json"], store)
    assert enrich_store(store)["scored"] == 2
    scored = store.query("SELECT * FROM scored_comments")
    assert len(scored) == 4 and scored["hostility"].notna().all()
    assert np.isin(["sentiment", "distress", "hostility_target", "lang"], scored.columns).all()


def test_a_report_takes_the_encoder_tier_only_when_shipped_and_the_backlog_is_a_weeks(fixtures, store, monkeypatch):
    from helpers.models import encoder
    from helpers.scoring import enrich

    ingest_paths([fixtures / "generic_semicolon.csv", fixtures / "generic.tsv"], store)
    said = []
    monkeypatch.setattr(encoder, "available", lambda path=None: False)
    assert enrich.default_precise(store, log=said.append) is False
    assert "not installed" in said[-1] and enrich.tier_name(True) == "e5 heads" and enrich.tier_name(False) == "fast"
    monkeypatch.setattr(encoder, "available", lambda path=None: True)
    monkeypatch.setattr("helpers.models.precise.cache_version", lambda version: version + "+tier")
    assert enrich.default_precise(store, log=said.append) is True and enrich.tier_name(True) == "encoder"
    monkeypatch.setattr(enrich, "AUTO_PRECISE_LIMIT", 1)  # a first run over a history larger than a week's
    assert enrich.default_precise(store, log=said.append) is False
    assert "back-fills them" in said[-1]
    assert enrich_store(store)["tier"] == "fast"
