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
