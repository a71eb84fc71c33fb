"""Three users share one store: a researcher's live kernel, the scheduled run, and runs killed part-way.

Reports run with ``--fast``: what is tested is the store and the pages, and ``tests/cli/test_reports.py``
runs the default tier.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.config import NOTEBOOKS_DIR, PROJ_ROOT
from helpers.models.text_model import DEFAULT_MODEL

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped model missing: run `vigie train`")]
VIGIE = str(Path(sys.executable).parent / "vigie")


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    monkeypatch.setenv("VIGIE_LOCK_TIMEOUT", "20")


def vigie(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([VIGIE, *args], capture_output=True, text=True, timeout=300, **kwargs)


def kill_when(args: list[str], marker: str) -> str:
    """Start ``vigie ARGS`` and kill it (and its kernels) with SIGKILL as soon as stderr shows ``marker``."""
    proc = subprocess.Popen([VIGIE, *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if marker in line:
            os.killpg(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(seen)  # killed part-way, not finished
    return "".join(seen)


@pytest.fixture
def page(tmp_path):
    from tiny_pages import write_tiny_page

    csv = write_tiny_page(tmp_path / "tiny.csv")
    store = tmp_path / "tiny.duckdb"
    assert vigie("ingest", str(csv), "--store", str(store)).returncode == 0
    return store


def test_a_live_notebook_kernel_does_not_stop_ingest_or_report(page, tmp_path):
    import nbformat
    from nbclient import NotebookClient
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from helpers.reports.periods import parse_period

    assert vigie("enrich", "--store", str(page)).returncode == 0
    period = parse_period("2020-W16")
    nb = parameterize_notebook(load_notebook_node(str(NOTEBOOKS_DIR / "stakeholder_report.ipynb")), {
        "store": str(page), "period": period.label, "start": period.start.isoformat(), "end": period.end.isoformat(),
        "previous_start": period.previous().start.isoformat(), "previous_end": period.previous().end.isoformat(),
        "lang": "fr", "sensitivity": "medium"})
    # A researcher also keeps a store open by hand in the same kernel.
    nb.cells.append(nbformat.v4.new_code_cell("kept = Store(STORE, read_only=True)\nprint(kept.count('comments'))",
                                              metadata={"tags": []}))
    count_cell = nbformat.v4.new_code_cell("with Store(STORE, read_only=True) as st:\n    print(st.count('comments'))",
                                           metadata={"tags": []})
    client = NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(PROJ_ROOT)}})
    more = tmp_path / "more.csv"
    more.write_text("comment_id,created_at,text\nn1,2020-04-15T10:00:00Z,Nouveau commentaire pendant l'analyse\n",
                    encoding="utf-8")
    with client.setup_kernel():
        for index, cell in enumerate(list(nb.cells)):
            client.execute_cell(cell, index)
        before = int(nb.cells[-1].outputs[0]["text"])
        # The kernel is alive and holds the store open: the scheduled run goes on regardless.
        ingest = vigie("ingest", str(more), "--store", str(page))
        assert ingest.returncode == 0, ingest.stderr
        report = vigie("report", "--fast", "--store", str(page), "--period", "2020-W16", "--out", str(tmp_path / "reports"))
        assert report.returncode == 0, report.stderr
        nb.cells.append(count_cell)
        client.execute_cell(count_cell, len(nb.cells) - 1)
        assert int(count_cell.outputs[0]["text"]) == before + 1  # reopening reads the newly published store


def _store_state(store: Path) -> dict:
    from helpers.io.store import Store

    with Store(store) as st:
        scores = st.query("SELECT count(*) AS n, count(DISTINCT text_hash) AS d FROM scores").iloc[0]
        state = {"scores": int(scores["n"]), "distinct_scores": int(scores["d"]),
                 "texts": int(st.query("SELECT count(DISTINCT text_hash) FROM comments").iloc[0, 0])}
        if "topic_registry" not in set(st.query("SELECT table_name FROM information_schema.tables")["table_name"]):
            return state
        return {**state, "registry": set(st.query("SELECT topic_id FROM topic_registry")["topic_id"]),
                "centroids": set(st.query("SELECT topic_id FROM topic_centroids")["topic_id"]),
                "assigned": set(st.query("SELECT DISTINCT topic_id FROM comment_topics")["topic_id"]),
                "labels": st.query("SELECT topic_id, label FROM topic_registry ORDER BY topic_id").values.tolist()}


def test_killed_runs_leave_a_consistent_store_and_the_last_good_pages(page, tmp_path):
    # enrich killed after its first batch: whole batches kept, the next run scores the rest, once each.
    kill_when(["enrich", "--store", str(page), "--batch-size", "40"], "scored batch 1:")
    partial = _store_state(page)
    assert 0 < partial["scores"] < partial["texts"] and partial["scores"] == partial["distinct_scores"]
    assert vigie("enrich", "--store", str(page)).returncode == 0
    done = _store_state(page)
    assert done["scores"] == done["distinct_scores"] == done["texts"]

    # topics killed while saving a refit: the registry of the run before stays whole.
    out = tmp_path / "reports"
    first = vigie("report", "--fast", "--store", str(page), "--period", "2020-W16", "--out", str(out))
    assert first.returncode == 0, first.stderr
    before = _store_state(page)
    assert before["registry"] and before["centroids"] == before["registry"] >= before["assigned"]
    kill_when(["topics", "--store", str(page), "--seed", "7"], "topics: ")
    after = _store_state(page)
    assert after["centroids"] == after["registry"] >= after["assigned"]
    assert vigie("topics", "--store", str(page)).returncode == 0

    # report killed while a notebook runs: the previous pages stay the latest, the next run completes.
    pages = out / "2020-W16" / "fr"
    kept = {p.name: p.read_bytes() for p in pages.glob("*.html")}
    kill_when(["report", "--fast", "--store", str(page), "--period", "2020-W16", "--out", str(out)], "stakeholder_report ok")
    for name in ("data_quality.html", "topic_shifts.html", "audience_mood.html"):
        assert (pages / name).read_bytes() == kept[name]  # untouched by the killed run
    again = vigie("report", "--fast", "--store", str(page), "--period", "2020-W16", "--out", str(out))
    assert again.returncode == 0, again.stderr
