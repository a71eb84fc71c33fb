"""Errors a user can act on: the ``vigie`` command prints them as one line, without a traceback.

Anything else that goes wrong is a bug and keeps its traceback.
"""

from __future__ import annotations


class VigieError(Exception):
    """A problem with the user's input, files or environment; the message says what to do."""


class StoreBusy(VigieError):
    """Another process held the store's write lock for longer than the wait allowed."""


class TooFewComments(VigieError):
    """An analysis has too little material to say anything (the other analyses still run).

    ``found`` and ``needed`` (when given) let a report say the same in its own language.
    """

    def __init__(self, message: str, found: int | None = None, needed: int | None = None) -> None:
        super().__init__(message)
        self.found = found
        self.needed = needed
