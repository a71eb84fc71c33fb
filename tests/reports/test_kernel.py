"""helpers.reports.kernel: one kernel for a report's notebooks, each starting from an empty namespace."""

import os
import sys

import nbformat
import pytest

from helpers.reports.kernel import SharedKernel


@pytest.fixture(autouse=True)
def _kernel_path(monkeypatch):
    # The kernel papermill starts must be this environment's Python.
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))


def _notebook(path, *cells: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("value = 0", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return str(path)


def _outputs(path) -> list[str]:
    """The printed lines of an executed notebook."""
    nb = nbformat.read(str(path), as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])).splitlines()


def test_notebooks_share_one_kernel_but_never_each_others_names(tmp_path):
    first = _notebook(tmp_path / "a.ipynb", "import os\nleak = value\nprint(os.getpid())")
    second = _notebook(tmp_path / "b.ipynb", "import os\nprint(os.getpid())\nprint('leak' in globals(), value)")
    with SharedKernel() as kernel:
        kernel.execute(first, str(tmp_path / "a.out.ipynb"), {"value": 1}, cwd=str(tmp_path))
        kernel.execute(second, str(tmp_path / "b.out.ipynb"), {"value": 2}, cwd=str(tmp_path))
        km = kernel.km
        assert km.has_kernel
    assert not km.has_kernel  # shut down on leaving
    (pid_a,) = _outputs(tmp_path / "a.out.ipynb")
    pid_b, names = _outputs(tmp_path / "b.out.ipynb")
    assert pid_a == pid_b  # the same process: imports are paid once
    assert names.split() == ["False", "2"]  # the first notebook's variable is gone; its own parameter is there
    counts = [c.execution_count for c in nbformat.read(str(tmp_path / "b.out.ipynb"), 4).cells if c.cell_type == "code"]
    assert counts[0] == 1  # numbered from 1, as in a fresh kernel


def test_a_failed_notebook_gives_the_next_one_a_fresh_kernel(tmp_path):
    import papermill as pm

    pid = _notebook(tmp_path / "pid.ipynb", "import os\nprint(os.getpid())")
    broken = _notebook(tmp_path / "broken.ipynb", "raise RuntimeError('broken on purpose')")
    with SharedKernel() as kernel:
        kernel.execute(pid, str(tmp_path / "1.ipynb"), {}, cwd=str(tmp_path))
        with pytest.raises(pm.PapermillExecutionError, match="broken on purpose"):
            kernel.execute(broken, str(tmp_path / "2.ipynb"), {}, cwd=str(tmp_path))
        assert kernel.km is None
        kernel.execute(pid, str(tmp_path / "3.ipynb"), {}, cwd=str(tmp_path))
    assert _outputs(tmp_path / "1.ipynb") != _outputs(tmp_path / "3.ipynb")


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets are POSIX only; Windows kernels use TCP")
def test_each_kernel_has_its_own_private_sockets_and_removes_them(tmp_path, monkeypatch):
    # jupyter_client's default put every kernel's sockets at ./kernel-ipc-N: two reports run at once in
    # the same directory could take the same names, and one kernel then got the other's messages.
    monkeypatch.chdir(tmp_path)
    nb = _notebook(tmp_path / "a.ipynb", "print(value)")
    with SharedKernel() as first, SharedKernel() as second:
        first.execute(nb, str(tmp_path / "1.ipynb"), {"value": 1}, cwd=str(tmp_path))
        second.execute(nb, str(tmp_path / "2.ipynb"), {"value": 2}, cwd=str(tmp_path))
        dirs = [first.socket_dir, second.socket_dir]
        assert dirs[0] != dirs[1]
        for kernel, folder in zip((first, second), dirs):
            assert os.path.dirname(kernel.km.ip) == folder and os.path.isabs(folder)
            assert os.stat(folder).st_mode & 0o077 == 0  # no other user can connect
            assert any(name.startswith("kernel-") for name in os.listdir(folder))
        assert not [p.name for p in tmp_path.iterdir() if "ipc" in p.name]
        first.execute(nb, str(tmp_path / "3.ipynb"), {"value": 3}, cwd=str(tmp_path))  # both still answer
    assert _outputs(tmp_path / "2.ipynb") == ["2"] and _outputs(tmp_path / "3.ipynb") == ["3"]
    assert not any(os.path.exists(d) for d in dirs)  # removed with their kernels
