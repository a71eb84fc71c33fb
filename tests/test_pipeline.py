"""The weekly job end to end: tiny and repetitive pages degrade instead of failing.

The fast tier scores here (``precise=False``): these tests are about the job's robustness, and
``tests/cli/test_reports.py`` runs the default, the encoder tier.
"""

import json
import os
import sys

import pytest

from helpers.models.text_model import DEFAULT_MODEL
from helpers.reports.periods import parse_period

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped model missing: run `vigie train`")]


@pytest.fixture(autouse=True)
def _kernel_path(monkeypatch):
    # Kernels started by papermill must find this environment's Python first.
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))


def _ingest(csv, store):
    from helpers.io.ingest import ingest_paths
    from helpers.io.store import Store

    with Store(store) as st:
        ingest_paths([csv], st)
    return store


def test_every_page_renders_for_tiny_periods(tmp_path):
    from helpers import pipeline
    from tiny_pages import CASES, write_tiny_page

    store = _ingest(write_tiny_page(tmp_path / "tiny.csv"), tmp_path / "tiny.duckdb")
    runs = pipeline.run(store, [parse_period(week) for week in CASES], ["fr"], tmp_path / "reports", precise=False)
    failed = {(r.period.label, n.name): n.error for r in runs for n in r.notebooks if n.status != "ok"}
    assert not failed, failed
    counts = {r.period.label: json.loads((r.out_dir / "manifest.json").read_text())["counts"]["comments"] for r in runs}
    assert counts == {"2020-W11": 0, "2020-W12": 1, "2020-W13": 5, "2020-W14": 50, "2020-W15": 60, "2020-W16": 80}
    empty = (tmp_path / "reports" / "2020-W11" / "fr" / "stakeholder_report.html").read_text(encoding="utf-8")
    assert "Aucun commentaire" in empty


def test_a_repetitive_page_skips_topics_and_says_why(tmp_path):
    from helpers import pipeline
    from tiny_pages import write_repetitive_page

    store = _ingest(write_repetitive_page(tmp_path / "small.csv"), tmp_path / "small.duckdb")
    (run,) = pipeline.run(store, [parse_period("2020-W16")], ["en"], tmp_path / "reports", precise=False)
    assert run.ok, [n.error for n in run.notebooks if n.error]
    manifest = json.loads((run.out_dir / "manifest.json").read_text())
    assert manifest["skipped"]["topics"] == "only 7 different comments; topics need at least 20"
    assert manifest["counts"]["topics"] == 0
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "skipped" in index and "only 7 different comments" in index
    # A French report of the same page says why in French, on its page and in the index.
    (run_fr,) = pipeline.run(store, [parse_period("2020-W16")], ["fr"], tmp_path / "reports", precise=False)
    reason = json.loads((run_fr.out_dir / "manifest.json").read_text())["skipped"]["topics"]
    assert reason == "seulement 7 commentaires différents, il en faut au moins 20 pour les sujets"
    assert reason in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    page = (run.out_dir / "topic_shifts.html").read_text(encoding="utf-8")
    assert "too few different comments (7)" in page
