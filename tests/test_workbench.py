"""The researcher's JupyterLab: the "Vigie" kernel is registered and a Jupyter server on 127.0.0.1 starts it."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from helpers.workbench import KERNEL_NAME, install_kernel, lab_command


def test_kernel_spec_runs_this_environment(tmp_path):
    folder = install_kernel(prefix=str(tmp_path))
    spec = json.loads((folder / "kernel.json").read_text())
    assert folder.name == KERNEL_NAME and spec["display_name"] == "Vigie"
    assert spec["argv"][0] == sys.executable  # the project's own Python, with helpers installed


def test_lab_listens_on_localhost_only_and_opens_no_browser_without_a_display(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    command = lab_command(port=9999)
    assert "--ip=127.0.0.1" in command and "--port=9999" in command and "--no-browser" in command
    assert "--no-browser" not in lab_command(port=9999, browser=True)


def _get(url: str, token: str, method: str = "GET", body: dict | None = None) -> dict | list:
    request = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"},
                                     data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
    return json.loads(text) if text else {}


@pytest.mark.slow
def test_a_jupyter_server_on_localhost_offers_and_starts_the_vigie_kernel(tmp_path):
    install_kernel(prefix=str(tmp_path))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "vigie-test-token"
    env = {**os.environ, "JUPYTER_PATH": str(tmp_path / "share" / "jupyter"),
           "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    server = subprocess.Popen([sys.executable, "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1",
                               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                               f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False",
                               "--ServerApp.allow_root=True",
                               f"--ServerApp.root_dir={tmp_path}"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(120):
            try:
                _get(f"{base}/status", token)
                break
            except OSError:
                time.sleep(0.5)
        specs = _get(f"{base}/kernelspecs", token)["kernelspecs"]
        assert specs[KERNEL_NAME]["spec"]["display_name"] == "Vigie"
        kernel = _get(f"{base}/kernels", token, "POST", {"name": KERNEL_NAME})
        assert kernel["name"] == KERNEL_NAME
        assert kernel["id"] in {k["id"] for k in _get(f"{base}/kernels", token)}
        _get(f"{base}/kernels/{kernel['id']}", token, "DELETE")
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_explore_notebook_runs_with_the_vigie_kernel_from_notebooks(tmp_path, monkeypatch):
    import papermill as pm

    from helpers.config import NOTEBOOKS_DIR
    from helpers.io.ingest import ingest_paths
    from helpers.io.store import Store
    from helpers.scoring.enrich import enrich_store
    from tiny_pages import write_tiny_page

    store = tmp_path / "tiny.duckdb"
    with Store(store) as st:
        ingest_paths([write_tiny_page(tmp_path / "tiny.csv")], st)
        enrich_store(st)
    install_kernel(prefix=str(tmp_path))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share" / "jupyter"))
    out = tmp_path / "exports"
    pm.execute_notebook(str(NOTEBOOKS_DIR / "explore.ipynb"), str(tmp_path / "explore.ipynb"), kernel_name=KERNEL_NAME,
                        cwd=str(NOTEBOOKS_DIR), progress_bar=False,
                        parameters={"store": str(store), "start": "2020-04-13T00:00:00+00:00",
                                    "end": "2020-04-20T00:00:00+00:00", "previous_start": "2020-04-06T00:00:00+00:00",
                                    "previous_end": "2020-04-13T00:00:00+00:00", "keyword": "masques",
                                    "out_dir": str(out)})
    import pandas as pd

    found = pd.read_csv(out / "search.csv")
    assert len(found) and found["text"].str.contains("masques", case=False).all()
    assert pd.read_csv(out / "concordance.csv")["word"].str.lower().eq("masques").all()
    phrases = pd.read_csv(out / "emerging_phrases.csv")
    # Each phrase of that day is in 3-4 of its 80 comments: tested, none significant after FDR control.
    assert len(phrases) and (phrases["q_value"] >= phrases["p_value"]).all() and not phrases["emerging"].any()
    assert set(pd.read_csv(out / "compare.csv")["measure"]) >= {"comments", "hostile"}


@pytest.mark.slow
def test_plain_papermill_runs_a_notebook_after_setup_without_make_lab(tmp_path):
    """`make setup` registers the kernel in the environment: papermill alone finds it, with no user kernel."""
    from helpers.config import NOTEBOOKS_DIR, PROJ_ROOT
    from helpers.io.ingest import ingest_paths
    from helpers.io.store import Store
    from helpers.scoring.enrich import enrich_store
    from tiny_pages import write_tiny_page

    setup = "$(BIN)/vigie lab --kernel-only --env"
    assert setup in (PROJ_ROOT / "Makefile").read_text()
    bin_dir = os.path.dirname(sys.executable)
    subprocess.run([os.path.join(bin_dir, "vigie"), "lab", "--kernel-only", "--env"], check=True, capture_output=True)
    store = tmp_path / "tiny.duckdb"
    with Store(store) as st:
        ingest_paths([write_tiny_page(tmp_path / "tiny.csv")], st)
        enrich_store(st)
    # A home with no user kernel and no JUPYTER_PATH: only what setup put in the environment.
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["HOME"] = str(tmp_path / "home")
    result = subprocess.run([os.path.join(bin_dir, "papermill"), str(NOTEBOOKS_DIR / "explore.ipynb"),
                             str(tmp_path / "out.ipynb"), "-p", "store", str(store), "-p", "out_dir",
                             str(tmp_path / "exports"), "--cwd", str(NOTEBOOKS_DIR)],
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "exports" / "search.csv").exists()
