"""YouTube Data API v3 ``commentThreads`` responses (top-level comments and their replies)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._base import RawChunk, Reader, Reject, first_json_value, load_json_document, records_to_chunk, register


def _comment_record(comment: dict[str, Any], video_id: str | None, parent: str | None, replies: int | None,
                    row: int) -> dict[str, Any]:
    snippet = comment.get("snippet") or {}
    channel = snippet.get("authorChannelId")
    author = channel.get("value") if isinstance(channel, dict) else None
    return {
        "comment_id": comment.get("id"),
        "platform": "youtube",
        "post_id": snippet.get("videoId") or video_id,
        "parent_id": snippet.get("parentId") or parent,
        "author": author or snippet.get("authorDisplayName"),
        "created_at": snippet.get("publishedAt"),
        # textOriginal is the plain text; textDisplay is HTML and only a fallback.
        "text": snippet.get("textOriginal") or snippet.get("textDisplay"),
        "lang": None,
        "like_count": snippet.get("likeCount"),
        "reply_count": replies,
        "_row": row,
        "extra": {"updated_at": snippet.get("updatedAt")} if snippet.get("updatedAt") else None,
    }


def read_youtube(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read one or more ``commentThreadListResponse`` pages (JSON, a JSON list, or JSON Lines)."""
    doc = load_json_document(path)
    pages = doc if isinstance(doc, list) else [doc]
    records: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    row = 0
    for page in pages:
        threads = page.get("items", []) if isinstance(page, dict) and "items" in page else [page]
        for thread in threads:
            row += 1
            snippet = thread.get("snippet") if isinstance(thread, dict) else None
            top = (snippet or {}).get("topLevelComment")
            if not isinstance(top, dict):
                rejects.append(Reject(row, None, "comment thread has no topLevelComment", json.dumps(thread)[:2000]))
                continue
            video = snippet.get("videoId")
            records.append(_comment_record(top, video, None, snippet.get("totalReplyCount"), row))
            for reply in (thread.get("replies") or {}).get("comments", []):
                row += 1
                records.append(_comment_record(reply, video, top.get("id"), None, row))
    yield records_to_chunk(records, rejects)


def _sniff(path: Path, head: bytes) -> bool:
    text = head.decode("utf-8", errors="replace")
    value = first_json_value(head)
    return "youtube#commentThread" in text or (isinstance(value, dict) and "topLevelComment" in json.dumps(value)[:5000])


register(Reader(
    name="youtube",
    platform="youtube",
    description="YouTube Data API v3 commentThreads responses, with replies",
    sniff=_sniff,
    read=read_youtube,
    priority=20,
))
