"""Reddit comment JSON, nested replies included.

Accepted: a ``Listing``, the ``[post, comments]`` pair that a thread's ``.json`` returns, or a list of
comment objects (as Pushshift dumps hold).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._base import RawChunk, Reader, Reject, load_json_document, records_to_chunk, register

_KNOWN = {"id", "name", "body", "author", "created_utc", "link_id", "parent_id", "score", "replies", "subreddit"}


def _strip(fullname: str | None, prefix: str) -> str | None:
    if not fullname:
        return None
    return fullname[len(prefix):] if fullname.startswith(prefix) else None


def _walk(node: Any, out: list, rejects: list, counter: list[int]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, out, rejects, counter)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("kind")
    if kind == "Listing":
        _walk((node.get("data") or {}).get("children", []), out, rejects, counter)
        return
    if kind in {"t3", "more"}:  # the post itself and "load more" stubs are not comments
        return
    data = node.get("data") if kind == "t1" else node
    counter[0] += 1
    row = counter[0]
    if not isinstance(data, dict) or "body" not in data:
        rejects.append(Reject(row, None, "Reddit item has no comment body", json.dumps(node)[:2000]))
        return
    replies = data.get("replies")
    n_replies = None
    if isinstance(replies, dict):
        n_replies = sum(1 for c in (replies.get("data") or {}).get("children", []) if c.get("kind") == "t1")
    out.append({
        "comment_id": data.get("id"),
        "platform": "reddit",
        "post_id": _strip(data.get("link_id"), "t3_"),
        "parent_id": _strip(data.get("parent_id"), "t1_"),
        "author": None if data.get("author") in {None, "[deleted]"} else data.get("author"),
        "created_at": data.get("created_utc"),
        "text": None if data.get("body") in {"[deleted]", "[removed]"} else data.get("body"),
        "lang": None,
        "like_count": data.get("score"),
        "reply_count": n_replies,
        "_row": row,
        "extra": {"subreddit": data["subreddit"]} if data.get("subreddit") else None,
    })
    if isinstance(replies, dict):
        _walk(replies, out, rejects, counter)


def read_reddit(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read Reddit comments from a listing, a thread pair or a list of comment objects."""
    doc = load_json_document(path)
    records: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    _walk(doc, records, rejects, [0])
    yield records_to_chunk(records, rejects)


def _sniff(path: Path, head: bytes) -> bool:
    text = head.decode("utf-8", errors="replace")
    return ('"kind": "Listing"' in text or '"kind":"Listing"' in text or '"kind": "t1"' in text
            or '"kind":"t1"' in text or ('"body"' in text and '"subreddit"' in text and '"link_id"' in text))


register(Reader(
    name="reddit",
    platform="reddit",
    description="Reddit comments: Listing JSON, thread [post, comments] pair, or comment objects",
    sniff=_sniff,
    read=read_reddit,
    priority=20,
))
