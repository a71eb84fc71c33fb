"""The researcher's JupyterLab: a kernel named "Vigie" that runs this environment's Python, and the lab command.

Registered for the user (``~/.local/share/jupyter/kernels/vigie``), the kernel is offered by any
JupyterLab the user starts, so the notebooks open with Vigie's packages whatever Jupyter opened them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .config import NOTEBOOKS_DIR

KERNEL_NAME = "vigie"
KERNEL_DISPLAY_NAME = "Vigie"


def install_kernel(prefix: str | None = None) -> Path:
    """Register (or refresh) the "Vigie" kernel for this Python; return the kernel spec's folder.

    ``prefix`` installs it under ``PREFIX/share/jupyter/kernels`` instead of the user's folder (tests).
    """
    from ipykernel.kernelspec import install

    return Path(install(user=prefix is None, prefix=prefix, kernel_name=KERNEL_NAME,
                        display_name=KERNEL_DISPLAY_NAME))


def lab_command(port: int = 8888, browser: bool | None = None) -> list[str]:
    """The JupyterLab command line: on 127.0.0.1 only, from ``notebooks/``, no browser when there is no display."""
    if browser is None:
        browser = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform == "darwin")
    command = [sys.executable, "-m", "jupyterlab", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.root_dir={NOTEBOOKS_DIR}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI run as root; Jupyter refuses it unasked
        command.append("--allow-root")
    return command + ([] if browser else ["--no-browser"])
