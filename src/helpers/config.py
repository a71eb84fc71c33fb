"""Project paths and run-time settings, resolved from this file, never from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT: Path = Path(__file__).resolve().parents[2]
DATA_DIR: Path = PROJ_ROOT / "data"
RAW_DIR: Path = DATA_DIR / "raw"
DEMO_DIR: Path = RAW_DIR / "demo"
REPORTS_DIR: Path = PROJ_ROOT / "reports"
NOTEBOOKS_DIR: Path = PROJ_ROOT / "notebooks"
DOCS_DIR: Path = PROJ_ROOT / "docs"
RESOURCES_DIR: Path = Path(__file__).resolve().parent / "resources"
DEFAULT_STORE: Path = DATA_DIR / "vigie.duckdb"
# Labelled public data sets live beside the project, never inside it.
#: The page team's triage configuration: $VIGIE_TRIAGE_CONFIG, else config/triage.toml at the project root
#: if there is one, else the documented defaults in resources/triage.toml (read by helpers.analysis.triage).
#: A relative path starts at the project root (notebook kernels run from notebooks/).
TRIAGE_CONFIG: Path = PROJ_ROOT / os.environ.get("VIGIE_TRIAGE_CONFIG", "config/triage.toml")
SHARED_DATA_DIR: Path = Path(os.environ.get("VIGIE_SHARED_DATA", PROJ_ROOT.parent / "shared" / "data"))


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the store to use: the argument, else ``$VIGIE_STORE``, else ``data/vigie.duckdb``."""
    if path is not None:
        return Path(path)
    env = os.environ.get("VIGIE_STORE")
    return Path(env) if env else DEFAULT_STORE


def snapshot_path(store: str | os.PathLike[str]) -> Path:
    """The read-only copy of ``store`` that notebooks and read-only commands open (``vigie.snapshot.duckdb``).

    Writers replace it atomically when they close, so readers never hold the store's lock.
    """
    path = Path(store)
    return path.with_name(f"{path.stem}.snapshot{path.suffix}")


#: Seconds a writer waits for another process to release the store before it gives up with one line
#: naming that process (``$VIGIE_LOCK_TIMEOUT``).
LOCK_TIMEOUT: float = float(os.environ.get("VIGIE_LOCK_TIMEOUT", "300"))
