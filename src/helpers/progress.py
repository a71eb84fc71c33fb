"""Progress display for long steps: one tqdm bar, on stderr, only when someone is watching."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm


def wanted(quiet: bool = False) -> bool:
    """Show progress when stderr is a terminal and the caller did not ask for machine output."""
    return not quiet and sys.stderr.isatty()


class Steps:
    """A bar over named steps: ``advance("clustering")`` finishes the current step and names the next."""

    def __init__(self, bar: tqdm):
        self._bar = bar

    def start(self, name: str) -> None:
        """Name the step now running."""
        self._bar.set_postfix_str(name, refresh=True)

    def advance(self, name: str | None = None) -> None:
        """Mark the current step done and, if given, name the next one."""
        self._bar.update(1)
        if name:
            self.start(name)


@contextmanager
def steps(desc: str, total: int, enabled: bool) -> Iterator[Steps]:
    """Context manager yielding :class:`Steps` over ``total`` steps (a no-op display when disabled)."""
    with tqdm(total=total, desc=desc, unit="step", disable=not enabled, file=sys.stderr) as bar:
        yield Steps(bar)


def rows(desc: str, enabled: bool) -> tqdm:
    """An open-ended counter of rows (files of unknown length); call ``update(n)``, then ``close()``."""
    return tqdm(desc=desc, unit="row", unit_scale=True, disable=not enabled, file=sys.stderr)
