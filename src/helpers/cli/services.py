"""Long-running services: JupyterLab for researchers, the Perspective-compatible service."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, log


@app.command()
def lab(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8888,
    browser: Annotated[bool | None, typer.Option("--browser/--no-browser",
                                                 help="Open a browser (default: only when there is a display).")] = None,
    kernel_only: Annotated[bool, typer.Option(help="Register the Vigie kernel and stop.")] = False,
    env: Annotated[bool, typer.Option(
        "--env", help="Register the kernel in this environment (what `make setup` does: plain papermill finds it).")] = False,
) -> None:
    """Register the "Vigie" Jupyter kernel and start JupyterLab on 127.0.0.1 in notebooks/.

    Example: vigie lab --port 8888
    """
    import os

    from ..workbench import install_kernel, lab_command

    path = install_kernel(sys.prefix if env else None)
    log.info("Jupyter kernel 'Vigie' registered (%s): %s", path,
             "this environment's papermill and JupyterLab find it" if env else "any JupyterLab of this user offers it")
    if kernel_only:
        return
    command = lab_command(port, browser)
    log.info("starting JupyterLab: %s", " ".join(command))
    os.execv(command[0], command)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (beyond loopback only with --keys).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8080,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (one per core is a good start).")] = 1,
    keys: Annotated[Path | None, typer.Option("--keys", help="TOML file of API keys and rates; requires a key.")] = None,
    store: Annotated[Path | None, typer.Option(
        "--store", help="Keep suggested scores (comments:suggestscore) in this store, as text hashes.")] = None,
    precise: Annotated[bool, typer.Option("--precise/--fast", help="Score with the precise tier (slower).")] = False,
) -> None:
    """Serve Perspective's API (commentanalyzer v1alpha1) on this machine, offline, in French and English.

    Clients of Perspective work with only the address changed: POST /v1alpha1/comments:analyze,
    /v1alpha1/comments:suggestscore, GET /$discovery/rest?version=v1alpha1, POST /batch; GET /healthz;
    OpenAPI at /openapi.json. Nothing is stored unless --store is given (then only suggested scores,
    as text hashes). See docs/perspective.md.

    Example: vigie serve --port 8080 --workers 2
    """
    from ..service.app import ServiceSettings
    from ..service.server import serve as run_server

    settings = ServiceSettings(keys_file=str(keys) if keys else None, store=str(store) if store else None,
                               precise=precise, workers=workers)
    log.info("vigie serve on http://%s:%d/ (%d worker%s)", host, port, workers, "s" if workers > 1 else "")
    run_server(host, port, settings)


