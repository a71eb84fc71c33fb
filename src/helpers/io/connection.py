"""Opening a DuckDB file: writers queue behind each other, readers attach privately, a busy store is named.

DuckDB lets one process write a file. :func:`connect` waits for the lock up to
:data:`helpers.config.LOCK_TIMEOUT` seconds, then stops with one line naming the process that holds it
(a Jupyter kernel, another ``vigie`` command), so the user knows what to close.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import duckdb

from .. import config
from ..errors import StoreBusy

log = logging.getLogger(__name__)

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")


def _lock_holder(message: str) -> str:
    """Who holds the store, in words: the PID and what it runs (a Jupyter kernel, ``vigie ingest``...)."""
    match = _LOCK_HOLDER.search(message)
    if not match:
        return "another process"
    pid = int(match.group("pid"))
    try:
        import psutil

        cmdline = psutil.Process(pid).cmdline()
    except Exception:  # noqa: BLE001 - the holder may have exited, or be another user's
        cmdline = [match.group("exe")]
    names = [Path(a).name for a in cmdline]
    if any("ipykernel" in a for a in cmdline):
        what = "a Jupyter kernel: shut it down or restart it"
    elif "vigie" in names:
        what = " ".join(names[names.index("vigie"):][:2])
    else:
        what = " ".join(names[:3])
    return f"PID {pid} ({' '.join(what.split())[:80]})"


def connect(path: Path, read_only: bool = False, timeout: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file, waiting up to ``timeout`` seconds while another process holds its lock.

    Raises
    ------
    StoreBusy
        If the lock is still held after ``timeout`` seconds; the message names the holder.

    """
    timeout = config.LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            if not read_only:
                return duckdb.connect(str(path))
            # A reader attaches the file to a private in-memory database: DuckDB shares one instance per path
            # in a process, so a plain connect would keep serving a kernel the snapshot it opened first.
            con = duckdb.connect()
            quoted = str(path).replace("'", "''")
            con.execute(f"ATTACH '{quoted}' AS vigie (READ_ONLY)")
            con.execute("USE vigie")
            return con
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            holder = _lock_holder(str(exc))
            if time.monotonic() >= deadline:
                raise StoreBusy(f"store {path} is in use by {holder}; waited {timeout:.0f} s. Run again when it "
                                "is free ($VIGIE_LOCK_TIMEOUT sets the wait)") from None
            if not told:
                log.info("store %s is in use by %s: waiting up to %.0f s", path, holder, timeout)
                told = True
            time.sleep(0.25)
