"""helpers.cli.reports: `vigie report` records its steps; `vigie sample` and `vigie agreement` round-trip a coding sheet."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from excel_sheets import save_like_excel
from helpers.cli import app
from helpers.models.embeddings import DEFAULT_BACKEND, get_backend

runner = CliRunner()


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
    # The scores read: this text model with the current rules, and the tier that scored them: a weekly run
    # takes the encoder tier where it is shipped, the fast tier otherwise.
    from helpers.models import encoder
    from helpers.scoring.score import RULES_VERSION

    fast = f"{manifest['models']['text_model']}@{RULES_VERSION}"
    if encoder.available():
        assert manifest["models"]["tier"] == "encoder"
        assert manifest["models"]["scores"] == f"{fast}+{encoder.default_tier().version}"
    else:
        assert manifest["models"]["tier"] == "fast" and manifest["models"]["scores"] == fast
    backfill = runner.invoke(app, ["report", "--every", "week", "--from", "2020-04-13", "--to", "2020-04-19",
                                   "--store", str(store), "--out", str(tmp_path / "b")])
    assert backfill.exit_code == 0, backfill.output
    manifest = json.loads((tmp_path / "b" / "2020-W16" / "fr" / "manifest.json").read_text())
    assert manifest["models"]["tier"] == "fast" and manifest["models"]["scores"] == fast  # back-fills: the fast tier
    bad = runner.invoke(app, ["report", "--period", "2020-W99", "--store", str(store)])
    assert bad.exit_code == 2 and "ISO week" in bad.stderr


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
