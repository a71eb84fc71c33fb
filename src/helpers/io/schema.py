"""The canonical comment schema, its column aliases and the quarantine schema.

Every reader produces the same raw columns; :func:`helpers.io.ingest.normalise` turns them into
:data:`COMMENT_COLUMNS`. ``docs/schema.md`` documents the same table for people.
"""

from __future__ import annotations

import re

from ..errors import InvalidInput

#: Canonical comments table: column -> DuckDB type.
COMMENT_COLUMNS: dict[str, str] = {
    "comment_id": "VARCHAR NOT NULL",
    "platform": "VARCHAR NOT NULL",
    "source_file": "VARCHAR NOT NULL",
    "post_id": "VARCHAR",
    "parent_id": "VARCHAR",
    "author_hash": "VARCHAR",
    "created_at": "TIMESTAMPTZ NOT NULL",
    "text": "VARCHAR NOT NULL",
    "lang": "VARCHAR NOT NULL",
    "like_count": "BIGINT",
    "reply_count": "BIGINT",
    "ingested_at": "TIMESTAMPTZ NOT NULL",
    "text_hash": "VARCHAR NOT NULL",
    "extra": "VARCHAR",
    # The text as the export had it, when ingest repaired its encoding (mojibake such as "câ€™est").
    "text_original": "VARCHAR",
    # Longer than helpers.text.OVERSIZED_CHARS: most likely rows glued by a broken quote; analyses read a prefix.
    "oversized": "BOOLEAN",
}
COMMENT_KEY: tuple[str, str] = ("platform", "comment_id")

#: Quarantine table: one row per unusable input record.
QUARANTINE_COLUMNS: dict[str, str] = {
    "quarantine_id": "VARCHAR NOT NULL",
    "source_file": "VARCHAR NOT NULL",
    "row": "BIGINT",
    "field": "VARCHAR",
    "reason": "VARCHAR NOT NULL",
    "raw": "VARCHAR",
    "quarantined_at": "TIMESTAMPTZ NOT NULL",
}

#: Fields a reader may fill before normalisation. ``author`` is the raw handle: it is hashed, never stored.
RAW_FIELDS: tuple[str, ...] = (
    "comment_id",
    "platform",
    "post_id",
    "parent_id",
    "author",
    "created_at",
    "text",
    "lang",
    "like_count",
    "reply_count",
)

#: Column-name variants recognised without any option (compared after :func:`normalise_name`).
ALIASES: dict[str, tuple[str, ...]] = {
    "comment_id": ("comment_id", "id", "tweet_id", "message_id", "commentid", "status_id"),
    "platform": ("platform", "network", "site"),
    "post_id": ("post_id", "link_id", "video_id", "thread_id", "conversation_id", "postid", "page_post_id"),
    "parent_id": ("parent_id", "in_reply_to", "in_reply_to_id", "reply_to", "parent"),
    "author": (
        "author",
        "user",
        "username",
        "user_name",
        "screen_name",
        "author_name",
        "handle",
        "from",
        "author_id",
        "user_id",
    ),
    "created_at": (
        "created_at",
        "date",
        "timestamp",
        "time",
        "datetime",
        "created_time",
        "published_at",
        "created_utc",
        "created",
        "posted_at",
    ),
    "text": ("text", "message", "body", "comment", "content", "comment_text", "full_text", "tweet_text", "tweet"),
    "lang": ("lang", "language", "langue"),
    "like_count": ("like_count", "likes", "favorite_count", "favourite_count", "score", "reactions", "like"),
    "reply_count": ("reply_count", "replies", "comment_count", "replies_count", "reply"),
}

_NAME_RE = re.compile(r"[^0-9a-z]+")


def normalise_name(name: str) -> str:
    """Lower-case a column name and fold spaces, dashes and dots to ``_`` (``"Tweet ID"`` -> ``tweet_id``)."""
    return _NAME_RE.sub("_", str(name).strip().lower()).strip("_")


def resolve_columns(columns: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Map canonical raw fields to the source columns that hold them.

    Parameters
    ----------
    columns:
        Column names as they appear in the source file.
    mapping:
        Explicit ``{canonical: source_column}`` pairs (``--map text=message``); they win over aliases.

    Returns
    -------
    dict
        ``{canonical_field: source_column}`` for every field found.

    Raises
    ------
    ValueError
        If an explicit mapping names a field or a column that does not exist.

    """
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping) - set(RAW_FIELDS))
    if unknown:
        raise InvalidInput(f"unknown field(s) in mapping: {', '.join(unknown)}; known: {', '.join(RAW_FIELDS)}")
    missing = sorted(v for v in mapping.values() if v not in columns)
    if missing:
        raise InvalidInput(f"mapped column(s) not in file: {', '.join(missing)}; columns are {columns}")
    found: dict[str, str] = dict(mapping)
    by_norm: dict[str, str] = {}
    for col in columns:
        by_norm.setdefault(normalise_name(col), col)
    taken = set(found.values())
    for field in RAW_FIELDS:
        if field in found:
            continue
        for alias in ALIASES[field]:
            col = by_norm.get(alias)
            if col is not None and col not in taken:
                found[field] = col
                taken.add(col)
                break
    return found


def parse_mapping(spec: str | None) -> dict[str, str]:
    """Parse ``"text=message,created_at=date"`` into a dict; raise ``ValueError`` on a malformed pair."""
    if not spec:
        return {}
    out: dict[str, str] = {}
    for pair in spec.split(","):
        if not pair.strip():
            continue
        if "=" not in pair:
            raise InvalidInput(f"--map: '{pair}' is not of the form field=column")
        key, value = (s.strip() for s in pair.split("=", 1))
        if not key or not value:
            raise InvalidInput(f"--map: '{pair}' is not of the form field=column")
        out[key] = value
    return out


# -- scores ---------------------------------------------------------------------------------------
#: Score columns, written by :func:`helpers.scoring.score.score_texts` and stored in the ``scores`` table.
EMOTION_COLUMNS: tuple[str, ...] = tuple(f"emotion_{e}" for e in (
    "anger", "fear", "sadness", "joy", "trust", "disgust", "surprise", "anticipation"))
MOOD_COLUMNS: tuple[str, ...] = ("sentiment", "sentiment_score", *EMOTION_COLUMNS, "distress", "self_harm",
                                 "is_question")
HOSTILITY_COLUMNS: tuple[str, ...] = ("hostility", "hostile", "insult", "threat", "identity_attack", "profanity",
                                      "hostility_target")
SCORE_COLUMNS: tuple[str, ...] = ("lang", *MOOD_COLUMNS, *HOSTILITY_COLUMNS)
#: Column types of the store's ``scores`` table (``lang`` lives with the comment).
SCORE_TYPES: dict[str, str] = {
    "sentiment": "VARCHAR", "sentiment_score": "FLOAT", **{c: "FLOAT" for c in EMOTION_COLUMNS},
    "distress": "FLOAT", "self_harm": "FLOAT",
    "is_question": "BOOLEAN", "hostility": "FLOAT", "hostile": "BOOLEAN", "insult": "FLOAT",
    "threat": "FLOAT", "identity_attack": "FLOAT", "profanity": "FLOAT", "hostility_target": "VARCHAR",
}


def check_timezone(tz: str) -> str:
    """``tz`` if it names a time zone (``America/Toronto``, ``UTC``).

    Raises
    ------
    InvalidInput
        For a name the time-zone database does not know.

    """
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"--tz: unknown time zone '{tz}'") from None
    return tz
