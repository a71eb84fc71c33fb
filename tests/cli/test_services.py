"""helpers.cli.services: `vigie lab` registers the kernel; `vigie serve` refuses to listen beyond loopback unasked."""

import json
import sys

from typer.testing import CliRunner

from helpers.cli import app as cli


def test_serve_beyond_loopback_without_keys_is_one_line_and_exit_2():
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2 and "--keys FILE" in result.stderr
    assert "Traceback" not in result.output


def test_lab_kernel_only_registers_this_python_and_starts_nothing(tmp_path, monkeypatch):
    """`vigie lab --kernel-only` writes the "vigie" kernel spec pointing at this Python, then returns."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))
    monkeypatch.setattr("os.execv", lambda *a: (_ for _ in ()).throw(AssertionError("JupyterLab must not start")))
    result = CliRunner().invoke(cli, ["lab", "--kernel-only"])
    assert result.exit_code == 0, result.output
    spec = json.loads((tmp_path / "jupyter" / "kernels" / "vigie" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable and spec["display_name"] == "Vigie"
