"""The ``vigie`` command's application, options and error handling, shared by its command modules.

User mistakes end with one clear line on stderr and a non-zero exit, never a traceback: every command
catches :class:`~helpers.errors.VigieError` (raised where the problem is found) and nothing else, so a
bug keeps its traceback.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .. import logs
from ..errors import VigieError

log = logging.getLogger("helpers.cli")


class _App(typer.Typer):
    """Typer whose commands turn a :class:`~helpers.errors.VigieError` into one error line (exit 2)."""

    def command(self, *args, **kwargs):  # noqa: D102 - typer's own
        register = super().command(*args, **kwargs)

        def decorator(func):
            @functools.wraps(func)
            def wrapper(*a, **k):
                try:
                    return func(*a, **k)
                except VigieError as exc:
                    fail(str(exc))

            register(wrapper)
            return func

        return decorator


app = _App(
    name="vigie",
    help="Vigie: bilingual crisis social listening (topic shifts, hostility spikes, audience mood).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

StoreOpt = Annotated[Path | None, typer.Option("--store", help="DuckDB store (default data/vigie.duckdb or $VIGIE_STORE).")]
SheetOpt = Annotated[str | None, typer.Option(
    "--sheet", help="The sheet of an Excel workbook to read, by name (default: the first).")]


@app.callback()
def _setup() -> None:
    """Vigie: bilingual crisis social listening (topic shifts, hostility spikes, audience mood)."""
    logs.setup()


def fail(message: str, code: int = 2) -> None:
    """Log one error line (with its timestamp and level) and exit with ``code``."""
    log.error("%s", message)
    raise typer.Exit(code)


def _reader(store: Path | None):
    """The store's snapshot, opened read-only (a missing store is one error line)."""
    from ..io.store import Store

    return Store(store, read_only=True)


PreciseOpt = Annotated[bool, typer.Option(
    "--precise/--fast", envvar="VIGIE_PRECISE",
    help="Precise mode: average each column with the encoder tier, a fine-tuned multilingual-e5-small (more "
         "accurate, about 150 new comments per second on 2 cores; pip install -e '.[precise]').")]
#: Reports pick the tier themselves unless told (``helpers.scoring.enrich.default_precise``).
ReportTierOpt = Annotated[bool | None, typer.Option(
    "--precise/--fast", envvar="VIGIE_PRECISE", show_default="the encoder tier for a weekly run, the fast tier "
    "for a back-fill or a first run over a large history",
    help="Score new comments with the encoder tier (--precise) or the fast tier (--fast).")]


def _scored(store: Path | None):
    """Every scored comment of the store's snapshot (``vigie enrich`` must have run)."""
    from ..analysis.period import load_period

    with _reader(store) as st:
        return load_period(st)



def _print_precision(seen) -> None:
    """One line per triage category: the rows the team judged right (`vigie feedback`, `vigie evaluate --team`)."""
    for row in seen.itertuples():
        out.print(f"{row.category}: {row.correct}/{row.judged} correct ({row.precision:.0%})", highlight=False)
