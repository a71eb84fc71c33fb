"""Errors a user can act on, raised where the problem is found.

The ``vigie`` command prints them as one line, without a traceback, and catches nothing else.

Anything else that goes wrong is a bug and keeps its traceback. The subclasses stay built-in types too
(``InvalidInput`` is a ``ValueError``, ``MissingFile`` a ``FileNotFoundError``, ``MissingExtra`` an
``ImportError``), so code that caught those still does.
"""

from __future__ import annotations


class VigieError(Exception):
    """A problem with the user's input, files or environment; the message says what to do."""


class InvalidInput(VigieError, ValueError):
    """A value the user gave cannot be used (a period, a mapping, a code in a sheet); still a ``ValueError``."""


class MissingFile(VigieError, FileNotFoundError):
    """A file the user must provide or build is missing (a store, a model, the shared data).

    The message says how to get it. Still a ``FileNotFoundError``, as scikit-learn's ``NotFittedError``
    stays a ``ValueError``.
    """


class MissingExtra(VigieError, ImportError):
    """An optional package is not installed; the message names the install command. Still an ``ImportError``."""


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
