"""Log lines for people and for cron: a timestamp and a level on every line, counts for every step.

On a terminal, rich draws them; anywhere else (a cron mail, ``>> logs/vigie.log``) each line reads
``2026-11-28T06:00:01+0000 INFO ingest: ...``, one line per event, one line per failure with what to do.
"""

from __future__ import annotations

import logging
import os
import sys

#: Logger every module of the package writes to (``logging.getLogger(__name__)`` is below it).
ROOT = "helpers"
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(short_name)s: %(message)s"


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners and notebooks swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # noqa: D102 - logging's own
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # the base class assigns it; the property always reads sys.stderr
        pass


class _ShortName(logging.Filter):
    """``helpers.scoring.score`` -> ``scoring``: the module is enough to find the step in a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.short_name = record.name.removeprefix(ROOT + ".")
        return True


def setup(level: str | int | None = None, rich: bool | None = None) -> logging.Logger:
    """Send the package's log lines to stderr, replacing any handler an earlier call installed.

    ``level`` defaults to ``$VIGIE_LOG_LEVEL`` or ``INFO``; ``rich`` defaults to whether stderr is a
    terminal.
    """
    logger = logging.getLogger(ROOT)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    rich = sys.stderr.isatty() if rich is None else rich
    if rich:
        from rich.console import Console
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=Console(stderr=True), show_path=False, markup=False,
                                               log_time_format="%H:%M:%S")
        handler.setFormatter(logging.Formatter("%(short_name)s: %(message)s"))
    else:
        handler = _Stderr()
        handler.setFormatter(logging.Formatter(PLAIN_FORMAT, datefmt="%Y-%m-%dT%H:%M:%S%z"))
    handler.addFilter(_ShortName())
    logger.addHandler(handler)
    logger.setLevel(level or os.environ.get("VIGIE_LOG_LEVEL", "INFO"))
    logger.propagate = False
    return logger
