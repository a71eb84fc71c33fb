"""Scores suggested by clients (``comments:suggestscore``), kept for calibration when ``--store`` is given.

A suggestion is kept as the text's hash, the attribute, the value and the language: never the text. They
are written to the store in the background, at most once a minute and at shutdown, with a short wait for
the store's lock: a scheduled run writing the store never makes a client wait, and a suggestion that
could not be written yet is kept for the next try.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pandas as pd

from ..errors import StoreBusy
from ..text import text_hash

log = logging.getLogger("helpers.service")
FLUSH_SECONDS = 60.0
LOCK_WAIT_SECONDS = 1.0


class SuggestionSpool:
    """Suggestions waiting to be written to a store."""

    def __init__(self, store: Path, every: float = FLUSH_SECONDS) -> None:
        self.store = Path(store)
        self.every = every
        self._rows: list[dict] = []
        self._lock = threading.Lock()
        self._last = time.monotonic()

    def add(self, text: str, values: dict[str, float], lang: str | None) -> None:
        """Queue the suggestions of one comment (its hash only); write them if the last write is old enough."""
        digest, now = text_hash(text), pd.Timestamp.now(tz="UTC")
        with self._lock:
            self._rows += [{"text_hash": digest, "attribute": name, "value": value, "lang": lang, "recorded_at": now}
                           for name, value in values.items()]
        if time.monotonic() - self._last >= self.every:
            threading.Thread(target=self.flush, daemon=True).start()

    def pending(self) -> int:
        """Suggestions not written yet."""
        with self._lock:
            return len(self._rows)

    def flush(self, final: bool = False) -> int:
        """Write the waiting suggestions; return how many (0 when the store is busy: they wait)."""
        from ..io.store import Store

        with self._lock:
            rows, self._rows = self._rows, []
            self._last = time.monotonic()
        if not rows:
            return 0
        try:
            with Store(self.store, lock_timeout=10 * LOCK_WAIT_SECONDS if final else LOCK_WAIT_SECONDS) as st:
                st.add_score_suggestions(pd.DataFrame(rows))
        except StoreBusy:
            with self._lock:
                self._rows = rows + self._rows
            log.warning("store %s busy: %d suggested scores wait for the next write", self.store, len(rows))
            return 0
        log.info("%d suggested scores written to %s", len(rows), self.store)
        return len(rows)
