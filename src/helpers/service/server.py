"""Start ``vigie serve``: uvicorn workers, loopback unless keys are required."""

from __future__ import annotations

import ipaddress
import os
import socket

from ..errors import VigieError
from .app import SETTINGS_ENV, ServiceSettings


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:
            return all(ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None))
        except (OSError, ValueError):
            return False


def check_bind(host: str, settings: ServiceSettings) -> None:
    """Refuse to listen beyond this machine without keys.

    Raises
    ------
    VigieError
        With the fix (``--keys FILE``).

    """
    if not is_loopback(host) and not settings.keys_file:
        raise VigieError(f"--host {host} listens beyond this machine: require keys with --keys FILE (see "
                         "docs/perspective.md), or keep the default --host 127.0.0.1")


def wait_ready(host: str, port: int, timeout: float = 120.0) -> bool:
    """Whether ``GET /healthz`` answers 200 within ``timeout`` seconds (a server started in another process)."""
    import http.client
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return True
        except OSError:
            time.sleep(0.5)
    return False


def serve(host: str, port: int, settings: ServiceSettings) -> None:
    """Run the service until interrupted (one worker: in this process; more: uvicorn's worker processes)."""
    import uvicorn

    check_bind(host, settings)
    common = {"host": host, "port": port, "access_log": False, "log_config": None, "server_header": False,
              "timeout_keep_alive": 30}
    if settings.workers <= 1:
        from .app import create_app

        uvicorn.run(create_app(settings), **common)
    else:
        os.environ[SETTINGS_ENV] = settings.to_env()
        uvicorn.run("helpers.service.app:app_from_env", factory=True, workers=settings.workers, **common)
