"""helpers.cli.data: `vigie ingest`, `demo-data`, `quality` and `score` from the command line."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from helpers.cli import app

runner = CliRunner()


def test_ingest_json_counts_reconcile(fixtures, tmp_path):
    store = tmp_path / "cli.duckdb"
    result = runner.invoke(app, ["ingest", str(fixtures / "generic.jsonl"), "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert {k: counts[k] for k in ("read", "loaded", "duplicates", "quarantined")} == {
        "read": 4, "loaded": 2, "duplicates": 0, "quarantined": 2}
    assert set(counts) == {"read", "loaded", "duplicates", "quarantined", "repaired", "oversized",
                           "rounded_thread_ids", "files"}


def test_ingest_warns_when_post_ids_were_rounded(tmp_path):
    path = tmp_path / "resaved.csv"
    path.write_text("id;post_id;message;date\n1;3,53E+17;premier;2020-04-14\n2;p2;second;2020-04-14\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path), "--store", str(tmp_path / "cli.duckdb")])
    assert result.exit_code == 0, result.output
    assert "loaded 2" in result.stdout and "1 record with a post or parent id" in " ".join(result.stdout.split())


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


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_score_streams_a_large_file_in_chunks_with_the_same_rows_and_scores(tmp_path, monkeypatch, suffix):
    import helpers.io.tables
    import helpers.scoring.score
    from helpers.io.tables import write_table

    texts = ["Merci pour les infos", "ta yeule gang de caves", "Where can I get tested?", "thanks nurses",
             "c'est quand la prochaine clinique?", "vous etes des incompetents", "ok"]
    source = write_table(pd.DataFrame({"id": [str(i) for i in range(len(texts))], "message": texts}),
                         tmp_path / f"comments{suffix}")
    whole, chunked = tmp_path / "whole.csv", tmp_path / "chunked.csv"
    args = ["score", "--input", str(source), "--text-column", "message"]
    assert runner.invoke(app, [*args, "--output", str(whole)]).exit_code == 0
    monkeypatch.setattr(helpers.io.tables, "CHUNK_SIZE", 3)  # (too few texts for the page prior to differ)
    calls = []
    real = helpers.scoring.score.score_texts
    monkeypatch.setattr(helpers.scoring.score, "score_texts",
                        lambda texts, *a, **k: calls.append(len(texts)) or real(texts, *a, **k))
    result = runner.invoke(app, [*args, "--output", str(chunked)])
    assert result.exit_code == 0, result.stderr
    assert calls == [3, 3, 1]
    assert "read 7 = scored 7 + quarantined 0" in result.stdout.replace("\n", " ")
    pd.testing.assert_frame_equal(pd.read_csv(chunked), pd.read_csv(whole))


def test_score_writes_an_excel_workbook_a_comms_team_can_open(tmp_path):
    """`--output scored.xlsx` is a workbook (it was a CSV under an .xlsx name): every score column, the same
    values as the CSV output, and a comment that looks like a formula kept as text."""
    from openpyxl import load_workbook

    from helpers.io.sheets import read_sheet

    path = tmp_path / "comments.csv"
    path.write_text('id,text\n1,"=1+1 fois merci"\n2,vous etes des incompetents\n', encoding="utf-8")
    for name in ("scored.csv", "scored.xlsx"):
        result = runner.invoke(app, ["score", "--input", str(path), "--output", str(tmp_path / name)])
        assert result.exit_code == 0, result.stderr
    book = read_sheet(tmp_path / "scored.xlsx").frame
    csv = pd.read_csv(tmp_path / "scored.csv", dtype=str, keep_default_na=False)
    assert list(book.columns) == list(csv.columns) and book["text"].tolist() == ["=1+1 fois merci", "vous etes des incompetents"]
    assert [float(v) for v in book["hostility"]] == pytest.approx([float(v) for v in csv["hostility"]])
    assert book["hostile"].str.lower().tolist() == csv["hostile"].str.lower().tolist()
    assert not any(c.data_type == "f" for row in load_workbook(tmp_path / "scored.xlsx").active.iter_rows() for c in row)
    # The workbook goes back in: scored again, the same scores, and the formula-like comment is still text.
    again = runner.invoke(app, ["score", "--input", str(tmp_path / "scored.xlsx"), "--output", str(tmp_path / "again.csv")])
    assert again.exit_code == 0, again.stderr
    rescored = pd.read_csv(tmp_path / "again.csv", dtype=str, keep_default_na=False)
    assert rescored["text"].tolist() == ["=1+1 fois merci", "vous etes des incompetents"]
    assert rescored["hostility"].astype(float).tolist() == pytest.approx(csv["hostility"].astype(float).tolist())
    # Named, that sheet is read; a sheet the workbook lacks stops with the sheets it has.
    named = runner.invoke(app, ["score", "--input", str(tmp_path / "scored.xlsx"), "--sheet", "vigie",
                                "--output", str(tmp_path / "named.csv")])
    assert named.exit_code == 0, named.stderr
    assert pd.read_csv(tmp_path / "named.csv")["text"].tolist() == rescored["text"].tolist()
    missing = runner.invoke(app, ["score", "--input", str(tmp_path / "scored.xlsx"), "--sheet", "Feuil1",
                                  "--output", str(tmp_path / "none.csv")])
    assert missing.exit_code != 0 and "no sheet named 'Feuil1'" in missing.stderr and "'vigie'" in missing.stderr


def test_formats_lists_every_reader_with_its_description_as_written(monkeypatch):
    from rich.console import Console

    import helpers.cli.data
    from helpers.io.readers import READERS

    monkeypatch.setattr(helpers.cli.data, "out", Console(width=250))  # one line per format, whatever the terminal
    result = runner.invoke(app, ["formats"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for name, reader in READERS.items():
        assert any(name in line and reader.description in line for line in lines), name
    assert "thread [post, comments] pair" in result.stdout  # a description's brackets are not rich markup
