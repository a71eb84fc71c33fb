"""Facebook Graph API comment exports (``/{post-id}/comments``), as JSON pages or JSON Lines of pages.

Accepted shapes: a page ``{"data": [comments], "paging": ...}``, a list of pages, or a post object
``{"id": post_id, "comments": {"data": [...]}}``. Replies nested under ``comments`` are read too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._base import RawChunk, Reader, Reject, first_json_value, load_json_document, records_to_chunk, register

_KNOWN = {"id", "message", "created_time", "from", "like_count", "comment_count", "parent", "comments", "post_id"}


def _post_of(comment_id: str | None) -> str | None:
    # Graph comment ids are "{post-object-id}_{comment-id}".
    if comment_id and "_" in comment_id:
        return comment_id.rsplit("_", 1)[0]
    return None


def _walk(comments: list[Any], post_id: str | None, parent_id: str | None, out: list, rejects: list, counter: list[int]):
    for comment in comments:
        counter[0] += 1
        row = counter[0]
        if not isinstance(comment, dict):
            rejects.append(Reject(row, None, "comment is not a JSON object", json.dumps(comment)[:2000]))
            continue
        cid = comment.get("id")
        author = comment.get("from") or {}
        nested = (comment.get("comments") or {}).get("data") or []
        parent = (comment.get("parent") or {}).get("id") or parent_id
        out.append({
            "comment_id": cid,
            "platform": "facebook",
            "post_id": comment.get("post_id") or post_id or _post_of(cid),
            "parent_id": parent,
            "author": author.get("id") or author.get("name") if isinstance(author, dict) else author,
            "created_at": comment.get("created_time"),
            "text": comment.get("message"),
            "lang": None,
            "like_count": comment.get("like_count"),
            "reply_count": comment.get("comment_count", len(nested) or None),
            "_row": row,
            "extra": {k: v for k, v in comment.items() if k not in _KNOWN} or None,
        })
        if nested:
            _walk(nested, post_id or _post_of(cid), cid, out, rejects, counter)


def read_facebook(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read Graph API comment pages."""
    doc = load_json_document(path)
    pages = doc if isinstance(doc, list) else [doc]
    records: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    counter = [0]
    for page in pages:
        if isinstance(page, dict) and isinstance(page.get("comments"), dict):  # a post with its comments edge
            _walk(page["comments"].get("data") or [], page.get("id"), None, records, rejects, counter)
        elif isinstance(page, dict) and isinstance(page.get("data"), list):
            _walk(page["data"], None, None, records, rejects, counter)
        else:
            _walk([page], None, None, records, rejects, counter)
    yield records_to_chunk(records, rejects)


def _sniff(path: Path, head: bytes) -> bool:
    value = first_json_value(head)
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        items = value.get("data") or (value.get("comments") or {}).get("data") or [value]
        first = items[0] if items else {}
        return isinstance(first, dict) and "message" in first and "created_time" in first
    return isinstance(value, str) and '"created_time"' in value and '"message"' in value


register(Reader(
    name="facebook",
    platform="facebook",
    description="Facebook Graph API comments (pages of /{post-id}/comments, nested replies)",
    sniff=_sniff,
    read=read_facebook,
    priority=20,
))
