"""A second process holding a DuckDB file open, as a researcher's kernel or another run would."""

import subprocess
import sys
import time


def hold(path, read_only: bool):
    """A separate process holding ``path`` open (as a researcher's kernel or another run would)."""
    code = (f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}, read_only={read_only}); "
            "print('open', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "open"
    time.sleep(0.2)
    return proc
