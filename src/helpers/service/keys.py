"""API keys and their rates: who may call ``vigie serve`` when it listens beyond this machine.

The keys file is TOML, one ``[[key]]`` table per client::

    [[key]]
    name = "equipe-recherche"          # shown in logs instead of the key
    key = "a-long-random-string"
    requests_per_second = 20           # optional; no limit when absent

Rates are enforced per worker process on an equal share (``rate / workers``), so the whole server
allows about the configured rate.
"""

from __future__ import annotations

import math
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import VigieError


@dataclass(frozen=True)
class ApiKey:
    """A client's key and its allowed rate (requests per second; ``None``: no limit)."""

    name: str
    key: str
    requests_per_second: float | None = None


def load_keys(path: str | Path) -> dict[str, ApiKey]:
    """The keys of a TOML keys file, by key.

    Raises
    ------
    VigieError
        Naming the file and the entry for a missing file, bad TOML, a key without a value, a repeated key
        or a rate that is not a positive number.

    """
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VigieError(f"{path}: no such keys file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise VigieError(f"{path}: not a TOML keys file ({exc})") from exc
    entries = doc.get("key", [])
    if not isinstance(entries, list) or not entries:
        raise VigieError(f"{path}: no [[key]] entry (each needs name and key; see `vigie serve --help`)")
    keys: dict[str, ApiKey] = {}
    for i, entry in enumerate(entries, start=1):
        value, name, rate = entry.get("key"), entry.get("name", f"key {i}"), entry.get("requests_per_second")
        if not isinstance(value, str) or len(value) < 8:
            raise VigieError(f"{path}: [[key]] number {i} ({name}): key must be a string of at least 8 characters")
        if value in keys:
            raise VigieError(f"{path}: [[key]] number {i} ({name}): the same key is listed twice")
        if rate is not None and (isinstance(rate, bool) or not isinstance(rate, int | float) or not rate > 0):
            raise VigieError(f"{path}: [[key]] number {i} ({name}): requests_per_second must be a positive number")
        keys[value] = ApiKey(str(name), value, None if rate is None else float(rate))
    return keys


class RateLimiter:
    """Token buckets, one per key: ``rate`` requests a second, bursts of up to one second's worth."""

    def __init__(self, share: float = 1.0) -> None:
        self.share = share
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: ApiKey, cost: int = 1, now: float | None = None) -> bool:
        """Whether ``key`` may make ``cost`` more requests now (and take them from its bucket if so)."""
        if key.requests_per_second is None:
            return True
        rate = key.requests_per_second * self.share
        capacity = max(rate, 1.0)
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(key.key, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * rate)
            if tokens + 1e-9 < cost:
                self._buckets[key.key] = (tokens, now)
                return False
            self._buckets[key.key] = (tokens - cost, now)
            return True

    def retry_after(self, key: ApiKey) -> int:
        """Seconds to wait before the next request fits (for the ``Retry-After`` header)."""
        rate = (key.requests_per_second or math.inf) * self.share
        return max(1, math.ceil(1 / rate))
