"""Text normalisation shared by the text model, the static embedder and topic labels.

Lower case, no accents, placeholders for URLs and @mentions, spelling tricks undone: informal French and
English written many ways read as one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_URL = re.compile(r"(?:https?://|www\.)\S+|\bLINK\b", re.IGNORECASE)
_USER = re.compile(r"@\w+")
_REPEAT = re.compile(r"(.)\1{2,}")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_TOKEN = re.compile(r"\b(?=\w*[a-z])(?=\w*[0134579])[a-z0-9@$]{3,}\b")
_SPACED = re.compile(r"\b(?:[a-z][ .\-_]){2,}[a-z]\b")
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]")


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 text that was decoded as Latin-1 (``Ã§a`` -> ``ça``), as scraped data often is."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _strip_accents_slow(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@cache
def _accent_table() -> dict[int, str]:
    """Per-character form of :func:`_strip_accents_slow` for every code point it changes (built once, ~0.2 s)."""
    table = {}
    for code in range(0x80, 0x30000):
        if 0xD800 <= code < 0xE000:
            continue
        stripped = _strip_accents_slow(chr(code))
        if stripped != chr(code):
            table[code] = stripped
    return table


def strip_accents(text: str) -> str:
    """Remove diacritics: informal French often drops them, so ``été`` and ``ete`` must match.

    One ``str.translate`` over a table instead of a Python loop over characters.
    """
    return text if text.isascii() else text.translate(_accent_table())


@lru_cache(maxsize=2**17)
def normalise(text: str) -> str:
    """Canonical form for models and lexicons.

    Lower-cased, accents removed, URLs and @mentions replaced by placeholders, letter runs squashed
    (``nooooon`` -> ``noon``), leetspeak undone (``1d10t`` -> ``idiot``) and spaced-out words joined
    (``f u c k`` -> ``fuck``), so that spelling tricks do not hide a word. Typographic apostrophes
    become ``'``.
    """
    text = fix_mojibake(text).replace("’", "'").replace("`", "'")
    text = _URL.sub(" httpurl ", text)
    text = _USER.sub(" @user ", text)
    text = strip_accents(text.lower())
    text = _REPEAT.sub(r"\1\1", text)
    text = _LEET_TOKEN.sub(lambda m: m.group(0).translate(_LEET), text)
    text = _SPACED.sub(lambda m: re.sub(r"[ .\-_]", "", m.group(0)), text)
    return text
