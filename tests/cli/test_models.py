"""helpers.cli.models: `vigie evaluate --team` reports a store's own verdicts, and says when there are none."""

from typer.testing import CliRunner

from helpers.cli import app

runner = CliRunner()


def test_evaluate_team_without_verdicts_says_how_to_get_some(fixtures, tmp_path):
    store = tmp_path / "team.duckdb"
    assert runner.invoke(app, ["ingest", str(fixtures / "generic.jsonl"), "--store", str(store)]).exit_code == 0
    result = runner.invoke(app, ["evaluate", "--team", str(store)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())  # the console wraps long lines
    assert "no verdicts yet" in said and "run `vigie feedback`" in said


def test_evaluate_team_on_a_missing_store_is_one_line(tmp_path):
    result = runner.invoke(app, ["evaluate", "--team", str(tmp_path / "absent.duckdb")])
    assert result.exit_code != 0 and "absent.duckdb" in result.output
    assert "Traceback" not in result.output


def test_recalibrating_a_missing_tier_is_one_line(tmp_path):
    result = runner.invoke(app, ["train-encoder", "--recalibrate", "--output", str(tmp_path / "absent.safetensors")])
    assert result.exit_code != 0 and "absent.safetensors" in result.output and "vigie train-encoder" in result.output
    assert "Traceback" not in result.output


def test_training_a_tier_with_every_layer_frozen_is_refused_before_any_work(tmp_path):
    result = runner.invoke(app, ["train-encoder", "--layers", "4", "--frozen", "4", "--work-dir", str(tmp_path),
                                 "--output", str(tmp_path / "tier.safetensors")])
    assert result.exit_code == 2 and "none of the 4 layers" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written
