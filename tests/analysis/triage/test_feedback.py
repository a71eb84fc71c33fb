"""helpers.analysis.triage.feedback: verdicts come back from the sheet, are kept, and sum to precision."""

import pandas as pd
import pytest
from typer.testing import CliRunner

from excel_sheets import save_like_excel
from helpers.analysis.triage import load_config, read_feedback
from helpers.cli import app
from helpers.errors import VigieError
from triage_texts import QUESTIONS, SELF_HARM


def test_triage_and_feedback_round_trip(tmp_path):
    """From an export with a page reply to the CSV, the team's verdicts and the precision they saw."""
    rows = [("q1", None, "citizen1", QUESTIONS[0]), ("q2", None, "citizen2", QUESTIONS[1]),
            ("r1", "q1", "Santé Laval", "Bonjour, la clinique du boulevard est ouverte de 8 h à 20 h."),
            ("q3", None, "citizen3", QUESTIONS[3]), ("h1", None, "citizen4", SELF_HARM[0]),
            ("t1", None, "citizen5", "Je sais où tu restes, je vais te trouver mon écoeurant")]
    export = pd.DataFrame(rows, columns=["comment_id", "parent_id", "author", "text"])
    export["post_id"] = "p1"
    export["created_at"] = "2020-04-14T12:00:00Z"
    csv = tmp_path / "page.csv"
    export.to_csv(csv, index=False)
    store = tmp_path / "s.duckdb"
    runner = CliRunner()
    for args in (["ingest", str(csv), "--store", str(store)], ["enrich", "--store", str(store)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    config = tmp_path / "triage.toml"
    config.write_text((load_config.__globals__["DEFAULT_CONFIG"]).read_text(encoding="utf-8").replace(
        "authors = []", 'authors = ["Santé Laval"]'), encoding="utf-8")
    out = tmp_path / "triage"
    result = runner.invoke(app, ["triage", "--store", str(store), "--period", "2020-W16", "--out", str(out),
                                 "--config", str(config), "--lang", "en"])
    assert result.exit_code == 0, result.output
    queue = pd.read_csv(out / "triage.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert "r1" not in set(queue["comment_id"])  # the page's own reply is never queued
    groups = queue[queue["category"] == "question"]
    laval = groups[groups["count"] == "2"]
    assert len(laval) == 1 and laval.iloc[0]["answered"] == "True" and "already answered" in laval.iloc[0]["reason"]
    assert queue.iloc[0]["category"] == "refer"
    assert groups.iloc[-1]["answered"] == "True"  # answered groups come after the open ones
    queue.loc[queue["category"] == "refer", "correct"] = "oui"
    queue.loc[queue["category"] == "question", "correct"] = "non"
    queue.to_csv(out / "triage.csv", index=False, encoding="utf-8-sig")
    result = runner.invoke(app, ["feedback", str(out / "triage.csv"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "refer: 1/1 correct (100%)" in result.output and "question: 0/2 correct (0%)" in result.output
    seen = runner.invoke(app, ["evaluate", "--team", str(store)])
    assert seen.exit_code == 0 and "refer: 1/1 correct (100%)" in seen.output, seen.output
    # The queue saved back by French Excel (cp1252, ';', CRLF) and as .xlsx, verdicts typed loosely: stored,
    # and the precision printed (a newer verdict on a row replaces the older one).
    for how, suffix, refer, question in (("fr-excel", ".csv", " Non ", "x"), ("xlsx", ".xlsx", "OUI", "faux")):
        queue.loc[queue["category"] == "refer", "correct"] = refer
        queue.loc[queue["category"] == "question", "correct"] = question
        saved = save_like_excel(queue, tmp_path / f"triage-{how}{suffix}", how)
        result = runner.invoke(app, ["feedback", str(saved), "--store", str(store)])
        assert result.exit_code == 0, result.output
        expected = (f"refer: {int(refer.strip().lower() == 'oui')}/1 correct",
                    f"question: {2 * int(question == 'x')}/2 correct")
        assert all(e in result.output for e in expected), result.output
    bad = queue.assign(correct="peut-être")
    result = runner.invoke(app, ["feedback", str(save_like_excel(bad, tmp_path / "bad.csv", "fr-excel")),
                                 "--store", str(store)])
    assert result.exit_code == 2 and "bad.csv: row 2, field correct: 'peut-être' is not 1/0, oui/non" in result.output
    queue.loc[0, "correct"] = "maybe"
    queue.to_csv(out / "bad.csv", index=False, encoding="utf-8-sig")
    with pytest.raises(VigieError, match=r"bad.csv: row 2, field correct: 'maybe'"):
        read_feedback(out / "bad.csv")
