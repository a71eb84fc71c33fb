"""X/Twitter API v2 exports in JSON Lines: one tweet a line, or one response page a line.

A response page is ``{"data": [tweets], "includes": {"users": [...]}}``; the author's username is
taken from ``includes`` when present, else the ``author_id``. The conversation id is the post.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._base import RawChunk, Reader, Reject, first_json_value, load_json_document, records_to_chunk, register


def _tweet_record(tweet: dict[str, Any], users: dict[str, str], row: int) -> dict[str, Any]:
    metrics = tweet.get("public_metrics") or {}
    parent = next((r.get("id") for r in tweet.get("referenced_tweets") or [] if r.get("type") == "replied_to"), None)
    author_id = tweet.get("author_id")
    known = {"id", "text", "created_at", "author_id", "conversation_id", "lang", "public_metrics", "referenced_tweets"}
    return {
        "comment_id": tweet.get("id"),
        "platform": "twitter",
        "post_id": tweet.get("conversation_id"),
        "parent_id": parent,
        "author": users.get(str(author_id), author_id),
        "created_at": tweet.get("created_at"),
        "text": tweet.get("text"),
        "lang": tweet.get("lang"),
        "like_count": metrics.get("like_count"),
        "reply_count": metrics.get("reply_count"),
        "_row": row,
        "extra": {k: v for k, v in tweet.items() if k not in known} or None,
    }


def read_twitter(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read tweets (or v2 response pages) from a JSON Lines or JSON file."""
    doc = load_json_document(path)
    lines = doc if isinstance(doc, list) else [doc]
    records: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    row = 0
    for value in lines:
        if isinstance(value, dict) and isinstance(value.get("data"), list):
            users = {str(u.get("id")): u.get("username") for u in (value.get("includes") or {}).get("users", [])}
            tweets = value["data"]
        else:
            users, tweets = {}, [value]
        for tweet in tweets:
            row += 1
            if not isinstance(tweet, dict):
                rejects.append(Reject(row, None, "tweet is not a JSON object", json.dumps(tweet)[:2000]))
                continue
            records.append(_tweet_record(tweet, users, row))
    yield records_to_chunk(records, rejects)


def _sniff(path: Path, head: bytes) -> bool:
    value = first_json_value(head)
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        if isinstance(value.get("data"), list) and value["data"]:
            value = value["data"][0]
        return isinstance(value, dict) and "text" in value and ("author_id" in value or "public_metrics" in value)
    return isinstance(value, str) and '"author_id"' in value and '"public_metrics"' in value


register(Reader(
    name="twitter",
    platform="twitter",
    description="X/Twitter API v2 tweets or response pages, JSON Lines",
    sniff=_sniff,
    read=read_twitter,
    priority=20,
))
