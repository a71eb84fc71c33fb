"""helpers.cli._app: one line for a user mistake, help with an example for every command, timed and levelled log lines."""

from typer.testing import CliRunner

from helpers.cli import app

runner = CliRunner()


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


def test_every_command_has_help_with_an_example():
    for command in ["ingest", "demo-data", "quality", "export"]:
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, command


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
