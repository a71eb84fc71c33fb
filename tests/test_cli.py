import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from excel_sheets import save_like_excel
from helpers.cli import app
from helpers.models.embeddings import DEFAULT_BACKEND, get_backend

runner = CliRunner()


def test_ingest_json_counts_reconcile(fixtures, tmp_path):
    store = tmp_path / "cli.duckdb"
    result = runner.invoke(app, ["ingest", str(fixtures / "generic.jsonl"), "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert {k: counts[k] for k in ("read", "loaded", "duplicates", "quarantined")} == {
        "read": 4, "loaded": 2, "duplicates": 0, "quarantined": 2}
    assert set(counts) == {"read", "loaded", "duplicates", "quarantined", "repaired", "oversized", "files"}


def test_ingest_accurate_language_mode_is_passed_through(fixtures, tmp_path, monkeypatch):
    import helpers.io.ingest

    seen = []
    real = helpers.io.ingest.detect_languages
    monkeypatch.setattr(helpers.io.ingest, "detect_languages",
                        lambda texts, accuracy="fast": seen.append(accuracy) or real(texts, accuracy))
    for flag, expected in ((["--accurate-languages"], "high"), ([], "fast")):
        store = tmp_path / f"{expected}.duckdb"
        result = runner.invoke(app, ["ingest", str(fixtures / "generic.jsonl"), "--store", str(store), "--json", *flag])
        assert result.exit_code == 0, result.output
        assert seen[-1] == expected


def test_ingest_failed_file_exits_1_with_one_line(fixtures, tmp_path):
    store = tmp_path / "cli.duckdb"
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(bad), str(fixtures / "generic.tsv"), "--store", str(store), "--json"])
    assert result.exit_code == 1
    assert "bad.json" in result.stderr and "Traceback" not in result.output + result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["loaded"] == 2


def test_user_mistakes_are_one_clear_line(fixtures, tmp_path):
    for args, needle in [
        (["ingest", str(fixtures / "generic.tsv"), "--map", "text"], "--map"),
        (["ingest", str(fixtures / "generic.tsv"), "--format", "nope"], "unknown format"),
        (["ingest", str(fixtures / "generic.tsv"), "--tz", "Mars/Olympus"], "--tz"),
        (["quality", "--store", str(tmp_path / "none.duckdb")], "store not found"),
    ]:
        result = runner.invoke(app, [*args, "--store", str(tmp_path / "x.duckdb")] if args[0] == "ingest" else args)
        assert result.exit_code == 2, (args, result.output)
        assert needle in result.stderr and "Traceback" not in result.stderr


def test_demo_data_ingest_quality(tmp_path):
    out = tmp_path / "demo"
    assert runner.invoke(app, ["demo-data", "--out", str(out), "--n", "400"]).exit_code == 0
    store = tmp_path / "demo.duckdb"
    result = runner.invoke(app, ["ingest", str(out / "comments.csv"), "--store", str(store)])
    assert result.exit_code == 0 and "read" in result.stdout
    truth = json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))
    report = tmp_path / "quality.md"
    result = runner.invoke(app, ["quality", "--store", str(store), "--out", str(report)])
    assert result.exit_code == 0, result.output
    assert f"{truth['n_malformed_rows']} rows in quarantine" in result.stdout
    assert report.exists()


def test_every_command_has_help_with_an_example():
    for command in ["ingest", "demo-data", "quality", "export"]:
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, command


def test_report_command_records_step_timings(tmp_path):
    """The whole periodic job from the command line, on a tiny demo store."""
    import os
    import sys

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    out = tmp_path / "demo"
    assert runner.invoke(app, ["demo-data", "--out", str(out), "--n", "800", "--seed", "4"]).exit_code == 0
    store = tmp_path / "demo.duckdb"
    assert runner.invoke(app, ["ingest", str(out / "comments.csv"), "--store", str(store)]).exit_code == 0
    result = runner.invoke(app, ["report", "--period", "2020-W16", "--store", str(store), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "r" / "2020-W16" / "fr" / "manifest.json").read_text())
    assert {"enrich_s", "topics_s", "data_quality_s"} <= set(manifest["timings"])
    assert manifest["counts"]["topics_refit"] is True and manifest["counts"]["scored_new"] > 0
    assert manifest["models"]["topic_backend"] == get_backend(DEFAULT_BACKEND).version
    # The scores read: this text model with the current rules (no "+e5..." suffix: fast sentiment unless --precise).
    from helpers.scoring.score import RULES_VERSION

    assert manifest["models"]["scores"] == f"{manifest['models']['text_model']}@{RULES_VERSION}"
    bad = runner.invoke(app, ["report", "--period", "2020-W99", "--store", str(store)])
    assert bad.exit_code == 2 and "ISO week" in bad.stderr


@pytest.mark.parametrize("content", [
    "text\nmerci beaucoup!\nc'est quoi l'horaire?\n",  # one column: nothing to split on
    "id;text\n1;Bonjour, merci pour l'info, vraiment utile\n2;Pourquoi, encore, cette attente?\n",  # French spreadsheet export
])
def test_score_reads_any_delimited_csv(tmp_path, content):
    from helpers.scoring.score import SCORE_COLUMNS

    path, output = tmp_path / "comments.csv", tmp_path / "scored.csv"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["score", "--input", str(path), "--output", str(output)])
    assert result.exit_code == 0, result.stderr
    scored = pd.read_csv(output)
    assert len(scored) == 2 and set(SCORE_COLUMNS) <= set(scored.columns)
    assert scored["text"].str.contains(",").tolist() == ["," in line.split(";")[-1] for line in content.splitlines()[1:]]
    assert scored["is_question"].tolist() == [False, True]


def test_score_quarantines_unreadable_rows_beside_the_output(tmp_path):
    path, output = tmp_path / "comments.csv", tmp_path / "scored.csv"
    path.write_bytes("id;message\n1;Très fâché contre la santé publique\n2;trop;de;champs\n3;Merci à vous\n".encode("cp1252"))
    result = runner.invoke(app, ["score", "--input", str(path), "--text-column", "message", "--output", str(output)])
    assert result.exit_code == 0, result.stderr
    assert "read 3 = scored 2 + quarantined 1 (cp1252)" in result.stdout.replace("\n", " ")
    scored = pd.read_csv(output, dtype={"id": str})
    assert scored[["id", "message"]].values.tolist() == [["1", "Très fâché contre la santé publique"], ["3", "Merci à vous"]]
    quarantine = pd.read_csv(tmp_path / "scored.csv.quarantine.csv")
    assert quarantine[["row", "reason"]].values.tolist() == [[2, "expected 2 fields, found 4"]]
    # A clean re-run of the same output removes the stale quarantine file.
    path.write_text("id;message\n1;ok\n", encoding="utf-8")
    assert runner.invoke(app, ["score", "--input", str(path), "--text-column", "message", "--output", str(output)]).exit_code == 0
    assert not (tmp_path / "scored.csv.quarantine.csv").exists()


def test_log_lines_carry_a_timestamp_and_a_level(fixtures, tmp_path):
    import re

    result = runner.invoke(app, ["ingest", str(fixtures / "generic.tsv"), "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 0
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    stamp = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} (INFO|WARNING|ERROR) [\w.]+: "
    assert lines and all(re.match(stamp, ln) for ln in lines), lines
    assert any("read 2 = loaded 2 + duplicates 0 + quarantined 0" in ln for ln in lines)
    missing = runner.invoke(app, ["score", "--input", str(tmp_path / "absent.csv"), "--output", str(tmp_path / "o.csv")])
    assert missing.exit_code == 2 and re.search(r" ERROR cli: .*absent.csv: no such file$", missing.stderr.strip())


def test_sample_code_agreement_round_trip(tmp_path):
    from helpers.demo import write_demo
    from helpers.io.ingest import ingest_paths
    from helpers.io.store import Store
    from helpers.scoring.enrich import enrich_store

    store = tmp_path / "s.duckdb"
    with Store(store) as st:
        ingest_paths([write_demo(tmp_path / "raw", n_comments=600, seed=5)["comments"]], st)
        enrich_store(st)
    sheet_path = tmp_path / "coding.csv"
    result = runner.invoke(app, ["sample", "--store", str(store), "--n", "40", "--out", str(sheet_path)])
    assert result.exit_code == 0, result.stderr
    sheet = pd.read_csv(sheet_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(sheet) == 40 and (sheet["hostile"] == "").all()
    # A coder who reads exactly as Vigie does: kappa 1 on every column.
    with Store(store, read_only=True) as st:
        vigie = st.query("SELECT * FROM scored_comments").set_index("comment_id").loc[sheet["comment_id"]]
    coded = sheet.assign(hostile=vigie["hostile"].map({True: "1", False: "0"}).to_numpy(),
                         threat=(vigie["threat"] >= 0.5).map({True: "oui", False: "non"}).to_numpy(),
                         sentiment=vigie["sentiment"].to_numpy())
    coded.to_csv(sheet_path, index=False)
    result = runner.invoke(app, ["agreement", "--coded", str(sheet_path), "--store", str(store), "--json"])
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(figures) == {"hostile", "threat", "sentiment"}
    assert all(f["kappa"] == 1 and f["n"] == 40 for f in figures.values())
    # A second coder who disagrees on one comment: inter-coder figures below 1, and one disagreement listed.
    second = coded.copy()
    second.loc[0, "sentiment"] = "negative" if coded.loc[0, "sentiment"] != "negative" else "positive"
    second_path = tmp_path / "second.csv"
    second.to_csv(second_path, index=False)
    result = runner.invoke(app, ["agreement", "--coded", str(sheet_path), "--coded", str(second_path), "--json"])
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["sentiment"]["agreement"] == pytest.approx(39 / 40) and figures["hostile"]["kappa"] == 1
    assert "1 disagreements to read" in result.stdout
    bad = coded.assign(threat="peut-être")
    bad.to_csv(second_path, index=False)
    result = runner.invoke(app, ["agreement", "--coded", str(second_path), "--store", str(store)])
    assert result.exit_code == 2 and "row 2, column threat" in result.stderr
    # The same sheet saved back by French Excel (cp1252, ';', CRLF), by .xlsx, with codes typed loosely:
    # the same figures as the UTF-8 sheet.
    reference = runner.invoke(app, ["agreement", "--coded", str(sheet_path), "--store", str(store), "--json"]).stdout
    typed = coded.assign(hostile=coded["hostile"].map({"1": " OUI ", "0": "non"}),
                         threat=coded["threat"].map({"oui": "Vrai", "non": "FAUX"}))
    for how, suffix in (("fr-excel", ".csv"), ("xlsx", ".xlsx")):
        saved = save_like_excel(typed, tmp_path / f"coded-{how}{suffix}", how)
        result = runner.invoke(app, ["agreement", "--coded", str(saved), "--store", str(store), "--json"])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout.splitlines()[-1]) == json.loads(reference.splitlines()[-1])
    # Ids Excel turned into numbers are named with the rows and the fix, never matched to nothing.
    mangled = coded.assign(comment_id=coded["comment_id"].where(coded.index != 3, "3,53E+17"))
    saved = save_like_excel(mangled, tmp_path / "mangled.csv", "fr-excel")
    result = runner.invoke(app, ["agreement", "--coded", str(saved), "--store", str(store)])
    assert result.exit_code == 2 and "mangled.csv: 1 comment_id value(s) changed by a spreadsheet" in result.stderr
    assert "rows 5," in result.stderr and "format the comment_id column as text" in result.stderr
