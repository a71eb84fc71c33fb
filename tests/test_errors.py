"""The error family: raised where the problem is found, one line in the CLI, a traceback for bugs."""

import ast
import inspect

import pytest
from typer.testing import CliRunner

from helpers import cli
from helpers.errors import InvalidInput, MissingExtra, MissingFile, TooFewComments, VigieError
from helpers.io.readers import ReaderError


def test_each_error_is_a_vigie_error_and_stays_its_built_in_type():
    assert issubclass(InvalidInput, ValueError) and issubclass(MissingFile, FileNotFoundError)
    assert issubclass(MissingExtra, ImportError)
    for kind in (InvalidInput, MissingFile, MissingExtra, TooFewComments, ReaderError):
        assert issubclass(kind, VigieError)


def test_user_mistakes_are_raised_at_the_source_as_vigie_errors(tmp_path):
    from helpers.io.datasets import umsab
    from helpers.io.schema import check_timezone, parse_mapping
    from helpers.io.store import Store
    from helpers.models.embeddings import get_backend
    from helpers.reports.periods import parse_period, periods_between

    for call, kind in [(lambda: parse_period("2020-13"), InvalidInput), (lambda: parse_period("2021-02-31"), InvalidInput),
                       (lambda: parse_period("soon"), InvalidInput), (lambda: periods_between("x", "y"), InvalidInput),
                       (lambda: parse_mapping("text"), InvalidInput), (lambda: check_timezone("Mars/Olympus"), InvalidInput),
                       (lambda: get_backend("nope"), InvalidInput), (lambda: umsab("train", tmp_path), MissingFile),
                       (lambda: Store(tmp_path / "absent.duckdb", read_only=True), MissingFile)]:
        with pytest.raises(kind):
            call()


def test_the_cli_catches_vigie_errors_only():
    """No `except ValueError` or `except RuntimeError` in the CLI: those are bugs and keep their traceback."""
    from pathlib import Path

    caught = set()
    files = sorted(Path(inspect.getfile(cli)).parent.glob("*.py"))
    assert len(files) > 3  # every module of the command
    for node in (n for f in files for n in ast.walk(ast.parse(f.read_text(encoding="utf-8")))):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            caught |= {t.id for t in types if isinstance(t, ast.Name)}
    assert caught <= {"VigieError", "ReaderError", "OSError"}, caught


def test_a_bug_keeps_its_traceback_and_a_user_mistake_is_one_line(monkeypatch):
    runner = CliRunner()
    mistake = runner.invoke(cli.app, ["report", "--period", "2020-13"])
    assert mistake.exit_code == 2 and "2020-13" in mistake.stderr and "Traceback" not in mistake.stderr

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in our code")

    monkeypatch.setattr("helpers.reports.periods.parse_period", broken)
    bug = runner.invoke(cli.app, ["report", "--period", "2020-W16"])
    assert isinstance(bug.exception, RuntimeError) and bug.exit_code == 1
