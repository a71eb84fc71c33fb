"""helpers.files: a file is written whole or not at all, and no temporary file is left behind."""

import os

import pytest

from helpers.files import atomic_path, atomic_write_text


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "deep" / "report.html"
    atomic_write_text(target, "première version")
    atomic_write_text(target, "seconde version é")
    assert target.read_text(encoding="utf-8") == "seconde version é"
    assert sorted(os.listdir(target.parent)) == ["report.html"]


def test_a_failed_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "manifest.json"
    atomic_write_text(target, "{}")
    with pytest.raises(RuntimeError, match="killed"):
        with atomic_path(target) as tmp:
            tmp.write_text('{"half": ', encoding="utf-8")
            assert tmp.name.startswith(".") and str(os.getpid()) in tmp.name  # hidden, one per writer
            raise RuntimeError("killed mid-write")
    assert target.read_text() == "{}"
    assert os.listdir(tmp_path) == ["manifest.json"]
