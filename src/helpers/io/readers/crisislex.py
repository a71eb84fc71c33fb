"""CrisisLexT26 labelled tweet CSVs (Olteanu et al., CSCW 2015).

The files carry no timestamp, but tweet ids are Twitter snowflakes, which encode the posting time.
The event (the file's folder) becomes the ``post_id``; the annotations stay as extra columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..schema import RAW_FIELDS, normalise_name
from ._base import RawChunk, Reader, Reject, register
from .generic import iter_csv

TWITTER_EPOCH_MS = 1288834974657
_EVENT_RE = re.compile(r"^(?P<event>.+?)-tweets_labeled\.csv$", re.IGNORECASE)


def snowflake_to_datetime(tweet_ids: pd.Series) -> pd.Series:
    """UTC creation time of Twitter snowflake ids (``(id >> 22) + epoch`` milliseconds); NaT if not an id."""
    def to_ms(value: object) -> float:
        text = str(value).strip().strip('"')
        if not text.isdigit():
            return float("nan")
        return float((int(text) >> 22) + TWITTER_EPOCH_MS)

    ms = pd.Series([to_ms(v) for v in tweet_ids], index=tweet_ids.index, dtype="float64")
    return pd.to_datetime(ms, unit="ms", utc=True, errors="coerce")


def event_name(path: Path) -> str:
    """Event of a CrisisLex file, from its name (``2013_Lac_Megantic_train_crash-tweets_labeled.csv``), else its stem."""
    match = _EVENT_RE.match(path.name)
    return match.group("event") if match else path.stem


def _sniff(path: Path, head: bytes) -> bool:
    first_line = head.decode("utf-8-sig", errors="replace").split("\n", 1)[0]
    names = {normalise_name(c) for c in first_line.split(",")}
    return {"tweet_id", "tweet_text"} <= names and ("information_type" in names or "informativeness" in names)


def read_crisislex(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read one CrisisLexT26 ``*-tweets_labeled.csv`` file."""
    event = event_name(path)
    for header, records, rows, rejects in iter_csv(path):
        frame = pd.DataFrame(records, columns=[normalise_name(h) for h in header], dtype=object)
        out = pd.DataFrame({name: None for name in RAW_FIELDS}, index=frame.index)
        out["comment_id"] = frame["tweet_id"].str.strip()
        out["text"] = frame["tweet_text"]
        out["platform"] = "twitter"
        out["post_id"] = event
        created = snowflake_to_datetime(frame["tweet_id"])
        out["created_at"] = created.astype(object).where(created.notna(), None)
        labels = [c for c in frame.columns if c not in {"tweet_id", "tweet_text"}]
        out["extra"] = [
            json.dumps({"event": event, **rec}, ensure_ascii=False, sort_keys=True)
            for rec in frame[labels].to_dict("records")
        ]
        out["_row"] = rows
        bad_ids = [Reject(r, "comment_id", "tweet id is not a snowflake number", t)
                   for r, t, c in zip(rows, frame["tweet_id"], created) if pd.isna(c)]
        keep = created.notna().to_numpy()
        yield RawChunk(frame=out[keep].reset_index(drop=True), rejects=rejects + bad_ids)


register(Reader(
    name="crisislex",
    platform="twitter",
    description="CrisisLexT26 labelled tweets (timestamps from the snowflake id, event as post_id)",
    sniff=_sniff,
    read=read_crisislex,
    priority=10,
))
