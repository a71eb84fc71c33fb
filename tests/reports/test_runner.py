"""Notebook smoke tests: every notebook runs through papermill on a tiny store; HTML is safe and static."""

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.config import NOTEBOOKS_DIR
from helpers.models.text_model import DEFAULT_MODEL
from helpers.reports.periods import parse_period
from helpers.reports.runner import CSP, NOTEBOOKS, ReportOptions, run_report, write_index

pytestmark = pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped model missing: run `vigie train`")
XSS = ["Est-ce que <script>alert('x')</script> est ouvert? écrivez à marie@exemple.ca",
       "<img src=x onerror=alert(1)> pourquoi personne répond?"]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """A scored demo store with topics and two hostile-looking injection attempts."""
    import os
    import sys

    from helpers.analysis.topics import run_topics
    from helpers.demo import write_demo
    from helpers.io.ingest import ingest_paths
    from helpers.io.store import Store
    from helpers.scoring.enrich import enrich_store

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    root = tmp_path_factory.mktemp("report")
    paths = write_demo(root / "raw", n_comments=2500, seed=3)
    extra = root / "raw" / "xss.csv"
    pd.DataFrame({"comment_id": ["x1", "x2"], "text": XSS, "created_at": ["2020-04-15T15:00:00Z"] * 2,
                  "author": ["evil", "evil2"], "like_count": [50, 40]}).to_csv(extra, index=False)
    store_path = root / "store.duckdb"
    with Store(store_path) as st:
        ingest_paths([paths["comments"], extra], st)
        enrich_store(st)
        run_topics(st, backend="hashing")
    return store_path


@pytest.fixture(scope="module")
def report(small_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    run = run_report(parse_period("2020-W16"), "fr", ReportOptions(store=small_store, out=out))
    return run, out


def test_every_notebook_runs_and_renders(report):
    run, out = report
    assert [n.name for n in run.notebooks] == list(NOTEBOOKS)
    assert run.ok, [n.error for n in run.notebooks if n.error]
    for name in NOTEBOOKS:
        assert (run.out_dir / f"{name}.html").stat().st_size > 5000
        assert (run.out_dir / f"{name}.ipynb").exists()
    assert not list(run.out_dir.glob(".*tmp")) and not list(run.out_dir.glob("*.running.ipynb"))


def test_parameters_are_injected(report, small_store):
    run, _ = report
    nb = json.loads((run.out_dir / "stakeholder_report.ipynb").read_text())
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    source = "".join(injected[0]["source"])
    assert 'period = "2020-W16"' in source and str(small_store.resolve()) in source and 'lang = "fr"' in source


def test_manifest_records_run(report):
    run, _ = report
    manifest = json.loads((run.out_dir / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["period"] == "2020-W16"
    assert manifest["parameters"]["previous_start"].startswith("2020-04-06")
    assert {"pandas", "bertopic", "papermill"} <= set(manifest["versions"])
    assert manifest["models"]["text_model"].startswith("vigie-text")
    assert all(n["seconds"] > 0 for n in manifest["notebooks"])
    assert manifest["timings"]["stakeholder_report_s"] > 0


def test_html_is_static_self_contained_and_escaped(report):
    run, _ = report
    for name in NOTEBOOKS:
        page = (run.out_dir / f"{name}.html").read_text()
        assert "<script" not in page.lower()
        assert CSP in page
        assert "http://" not in page and "https://" not in page  # nothing loaded from elsewhere
        assert "onerror=" not in page.replace("onerror=alert(1)&gt;", "")
        assert "<img src=x" not in page
    stakeholder = (run.out_dir / "stakeholder_report.html").read_text()
    assert "&lt;script&gt;" in stakeholder  # the comment is shown, as text
    assert "marie@exemple.ca" not in stakeholder and "[email]" in stakeholder  # redacted
    assert "evil" not in stakeholder  # authors are pseudonyms
    assert stakeholder.count("<img") >= 2  # charts embedded
    assert "No description has been provided" not in stakeholder  # every chart has alt text
    assert 'alt="L&#39;humeur cette période' in stakeholder or "alt=\"L'humeur cette période" in stakeholder


def test_index_lists_reports(report):
    _, out = report
    index = (out / "index.html").read_text()
    assert "2020-W16" in index and "stakeholder_report.html" in index and CSP in index


def test_kernels_talk_over_unix_sockets_not_tcp(small_store, tmp_path, capfd):
    # Comments pass through the kernel; over localhost TCP any local user could read them.
    run = run_report(parse_period("2020-W16"), "en",
                     ReportOptions(store=small_store, out=tmp_path / "out", notebooks=("data_quality",)))
    assert run.ok
    assert "without encryption" not in capfd.readouterr().err


def test_failed_notebook_keeps_previous_report_and_is_marked(report, small_store, tmp_path):
    run, out = report
    broken_dir = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, broken_dir)
    nb = json.loads((broken_dir / "topic_shifts.ipynb").read_text())
    nb["cells"].append({"cell_type": "code", "metadata": {}, "id": "boom", "execution_count": None, "outputs": [],
                        "source": "raise RuntimeError('broken on purpose')"})
    (broken_dir / "topic_shifts.ipynb").write_text(json.dumps(nb))
    before = (run.out_dir / "topic_shifts.html").read_bytes()
    second = run_report(parse_period("2020-W16"), "fr",
                        ReportOptions(store=small_store, out=out, notebooks_dir=broken_dir,
                                      notebooks=("topic_shifts", "data_quality")))
    assert not second.ok
    status = {n.name: n for n in second.notebooks}
    assert status["data_quality"].status == "ok"  # the other notebooks still produce theirs
    failed = status["topic_shifts"]
    assert failed.status == "failed" and failed.error["ename"] == "RuntimeError"
    assert "broken on purpose" in failed.error["evalue"] and "cell_index" in failed.error
    assert (run.out_dir / "topic_shifts.html").read_bytes() == before  # previous good page untouched
    manifest = json.loads((run.out_dir / "manifest.json").read_text())
    assert manifest["status"] == "failed"
    assert "RuntimeError" in (out / "index.html").read_text()


def test_browser_renders_without_network(report):
    """Load the index and a report in headless Chromium with every non-file request blocked."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (make browser installs it as root)")
    playwright = pytest.importorskip("playwright.sync_api")
    run, out = report
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1100, "height": 1600})
        errors, outside = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        def block(route):
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", block)
        for target in [out / "index.html", run.out_dir / "stakeholder_report.html"]:
            page.goto(target.resolve().as_uri())
            page.wait_for_load_state("load")
        visible = page.evaluate("Array.from(document.images).filter(i => i.complete && i.naturalWidth > 100).length")
        shot = out / "screenshot-stakeholder-report.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert errors == [] and outside == []
    assert visible >= 2
    assert shot.stat().st_size > 10_000
    reports_dir = Path(__file__).resolve().parents[2] / "reports"
    if reports_dir.is_dir():  # keep the screenshot where people look for reports
        shutil.copy(shot, reports_dir / shot.name)


def test_demo_pages_read_as_a_director_reads_them(report):
    """Every page of the demo report in a browser: no header-only table, no minus zero, alt text, time scale named."""
    from pages_in_browser import negative_zeros, read_pages

    run, _ = report
    seen = read_pages([run.out_dir / f"{name}.html" for name in NOTEBOOKS])
    for path, page in seen.items():
        assert page["headerOnly"] == 0 and page["withoutAlt"] == 0, path
        assert not negative_zeros(page["text"]), (path, negative_zeros(page["text"]))
    for name in ("stakeholder_report", "hostility_spikes", "audience_mood"):
        assert "Échelle de temps : une valeur par" in seen[run.out_dir / f"{name}.html"]["text"]


def test_write_index_on_empty_folder(tmp_path):
    assert "<table>" in write_index(tmp_path).read_text()


def test_check_parameters_resolves_paths_and_fails_fast(small_store):
    from helpers.config import PROJ_ROOT
    from helpers.reports.page import check_parameters

    ok = ("2020-04-13T00:00:00+00:00", "2020-04-20T00:00:00+00:00", "2020-04-06T00:00:00+00:00",
          "2020-04-13T00:00:00+00:00")
    period, path = check_parameters(str(small_store), *ok, "fr", "medium")
    assert path == small_store and period.start == pd.Timestamp("2020-04-13", tz="UTC")
    with pytest.raises(FileNotFoundError, match=str(PROJ_ROOT / "data" / "absent.duckdb")):
        check_parameters("data/absent.duckdb", *ok, "fr", "medium")
    with pytest.raises(ValueError, match="lang"):
        check_parameters(str(small_store), *ok, "de", "medium")
    with pytest.raises(ValueError, match="previous_start"):
        check_parameters(str(small_store), ok[2], ok[3], ok[0], ok[1], "fr", "medium")


def test_tables_write_numbers_as_a_french_or_english_reader_expects():
    from helpers.i18n import number, percent
    from helpers.reports.page import html_table

    assert percent(0.125, "fr").replace("\u202f", " ").replace("\xa0", " ") == "12,5 %"
    assert percent(0.125, "en") == "12.5%" and number(1234.5, "en") == "1,234.5"
    assert number(1234.5, "fr").replace("\u202f", " ").replace("\xa0", " ") == "1 234,5"
    table = pd.DataFrame({"topic": ["masques <b>"], "share": [0.125], "n": [1234.5], "missing": [float("nan")]})
    fr = html_table(table, {"topic": "sujet", "share": "%", "n": "n", "missing": "x"}, lang="fr")
    assert "12,5" in fr and "%</td>" in fr and "1\u202f234,5" in fr.replace("\xa0", "\u202f") and "nan" not in fr
    assert "masques &lt;b&gt;" in fr
    en = html_table(table, {"topic": "topic", "share": "share (%)", "n": "n"}, lang="en")
    assert "<td>12.5%</td>" in en and "<td>1,234.5</td>" in en
    assert "<td>0.12</td>" in html_table(table[["share"]])  # without a language: plain numbers, as before


def test_weekly_trends_from_store_aggregates_match_the_per_comment_path(small_store):
    from helpers.analysis.mood import emotion_series, with_flags
    from helpers.analysis.period import load_period, weekly_trends
    from helpers.analysis.timeseries import proportion_series
    from helpers.analysis.topics import topic_shares
    from helpers.io.store import Store

    end = "2020-04-20T00:00:00+00:00"
    with Store(small_store, read_only=True) as st:
        trends = weekly_trends(st, end)
        history = load_period(st, None, end)
    assert len(history) > 100 and trends["labels"]
    keys = ["period", "metric"]
    expected = emotion_series(history, "W").sort_values(keys, ignore_index=True)
    got = trends["emotions"].sort_values(keys, ignore_index=True)
    pd.testing.assert_frame_equal(got[keys + ["n"]], expected[keys + ["n"]], check_dtype=False)
    np.testing.assert_allclose(got[["mean", "low", "high"]], expected[["mean", "low", "high"]], rtol=1e-5, atol=1e-6)
    pd.testing.assert_frame_equal(trends["distressed"], proportion_series(with_flags(history), "distressed", "W"),
                                  check_dtype=False)
    expected_topics = topic_shares(history, "W").sort_values(["period", "topic"], ignore_index=True)
    got_topics = trends["topics"].sort_values(["period", "topic"], ignore_index=True)
    pd.testing.assert_frame_equal(got_topics, expected_topics, check_dtype=False)
