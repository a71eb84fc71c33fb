"""The ``vigie`` command: one entry point for every job.

User mistakes end with one clear line on stderr and a non-zero exit, never a traceback: every command
catches :class:`~helpers.errors.VigieError` (raised where the problem is found) and nothing else, so a
bug keeps its traceback. One module per group of commands: ``data``, ``models``, ``reports``, ``services``.
"""

from __future__ import annotations

from . import data, models, reports, services  # noqa: F401  (each registers its commands on the app)
from ._app import app

__all__ = ["app", "main"]


def main() -> None:  # pragma: no cover - console entry point
    """Run the CLI."""
    app()
