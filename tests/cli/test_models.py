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


def test_train_distil_hands_the_shipped_tiers_teaching_to_training(tmp_path, monkeypatch):
    from helpers.training import distillation, text_model

    seen = {}

    class Model:
        version = "vigie-text-x-distilled"

        def save(self, path):
            return path

    def train_model(splits=None, log=print, teach=None):
        seen.update(splits=splits, teach=teach)
        return Model()

    monkeypatch.setattr(text_model, "train_model", train_model)
    monkeypatch.setattr(text_model, "load_splits", lambda: "the splits")
    monkeypatch.setattr(distillation, "shipped_teaching", lambda splits: ("teaching from", splits))
    result = runner.invoke(app, ["train", "--distil", "--output", str(tmp_path / "m.safetensors")])
    assert result.exit_code == 0, result.output
    assert seen == {"splits": "the splits", "teach": ("teaching from", "the splits")}
    assert runner.invoke(app, ["train", "--output", str(tmp_path / "m.safetensors")]).exit_code == 0
    assert seen == {"splits": None, "teach": None}  # the plain model by default
