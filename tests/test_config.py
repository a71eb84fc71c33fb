"""helpers.config: paths resolve from the project, never from the working directory; the store from $VIGIE_STORE."""

from pathlib import Path

from helpers import config


def test_paths_are_absolute_and_inside_the_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a notebook kernel or a cron job starts elsewhere
    for path in (config.DATA_DIR, config.REPORTS_DIR, config.NOTEBOOKS_DIR, config.RESOURCES_DIR):
        assert path.is_absolute() and config.PROJ_ROOT in path.parents
    assert (config.NOTEBOOKS_DIR / "stakeholder_report.ipynb").exists()
    assert (config.RESOURCES_DIR / "triage.toml").exists()


def test_store_path_argument_then_environment_then_default(monkeypatch):
    monkeypatch.delenv("VIGIE_STORE", raising=False)
    assert config.store_path() == config.DEFAULT_STORE
    monkeypatch.setenv("VIGIE_STORE", "/srv/vigie/page.duckdb")
    assert config.store_path() == Path("/srv/vigie/page.duckdb")
    assert config.store_path("mine.duckdb") == Path("mine.duckdb")


def test_snapshot_sits_beside_its_store():
    assert config.snapshot_path("/srv/vigie/page.duckdb") == Path("/srv/vigie/page.snapshot.duckdb")
