"""Text cleaning, in one place: encoding repair, the canonical form models read, and the form detectors read.

- :func:`repair_text` undoes encoding damage (ingest keeps the repaired text; normalisation repairs again,
  for texts scored straight from a file).
- :func:`normalise` is what the text model, the static embedder, lexicons and topic labels read: lower case,
  no accents, placeholders for URLs and @mentions, spelling tricks undone, so informal French and English
  written many ways read as one.
- :func:`clean_for_language` strips what misleads language detection.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_URL = re.compile(r"(?:https?://|www\.)\S+|\bLINK\b", re.IGNORECASE)
_USER = re.compile(r"@\w+")
_REPEAT = re.compile(r"(.)\1\1+")  # \1{2,} written out: the same matches, twice as fast in re
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_DIGIT = re.compile(r"[0134579]")
_LEET_TOKEN = re.compile(r"\b(?=\w*[a-z])(?=\w*[0134579])[a-z0-9@$]{3,}\b")
_SPACED = re.compile(r"\b[a-z][ .\-_][a-z][ .\-_](?:[a-z][ .\-_])*[a-z]\b")  # {2,} written out, as above
_LANG_NOISE_RE = re.compile(r"(?:https?://|www\.)\S+|(?<!\w)@\w+|(?:^|\s)RT(?=\s)|#|&amp;", re.IGNORECASE)


# Mojibake always holds a Latin-1 lead character (Â-ô) followed by a continuation byte read as Latin-1 or
# Windows-1252 punctuation; texts without such a pair (nearly all of them) are not handed to ftfy.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def _may_hold_url(lowered: str) -> bool:
    """Whether ``_URL`` can match a text, read from its lower-cased form (False: it cannot).

    Each of its matches holds "http", "www." or the "nk" of "link", in any case, and every character ``re``
    matches to one of those letters without regard to case lowers to it (only ı and ſ, read as i and s, do not).
    """
    return "http" in lowered or "www." in lowered or "nk" in lowered


def repair_text(text: str) -> str:
    """Undo encoding damage (UTF-8 read as Windows-1252 or Latin-1: ``câ€™est`` -> ``c’est``) with ``ftfy``.

    Only the encoding is repaired: quotes, widths, ligatures and HTML entities stay as written.
    """
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text)


def _strip_accents_slow(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class _AccentTable(dict):
    """:func:`_strip_accents_slow` per code point, filled as characters are first met.

    ``str.translate`` looks each character up here; a character not seen yet is computed once and kept.
    Building the table for every code point up front cost about 0.2 s at every process start (each worker of
    ``vigie score``, each notebook kernel), for the few hundred characters real comments use.
    """

    def __missing__(self, code: int) -> str:
        self[code] = stripped = _strip_accents_slow(chr(code))
        return stripped


_ACCENTS = _AccentTable()


def strip_accents(text: str) -> str:
    """Remove diacritics: informal French often drops them, so ``été`` and ``ete`` must match.

    One ``str.translate`` over a table instead of a Python loop over characters.
    """
    return text if text.isascii() else text.translate(_ACCENTS)


@lru_cache(maxsize=2**17)
def normalise(text: str) -> str:
    """Canonical form for models and lexicons.

    Lower-cased, accents removed, URLs and @mentions replaced by placeholders, letter runs squashed
    (``nooooon`` -> ``noon``), leetspeak undone (``1d10t`` -> ``idiot``) and spaced-out words joined
    (``f u c k`` -> ``fuck``), so that spelling tricks do not hide a word. Typographic apostrophes
    become ``'``.
    """
    text = repair_text(text).replace("’", "'").replace("`", "'")
    lowered = text.lower()
    # Most comments hold no URL or @mention: a substring test spares them the patterns' scan.
    if _may_hold_url(lowered):
        text, lowered = _URL.sub(" httpurl ", text), None
    if "@" in text:
        text, lowered = _USER.sub(" @user ", text), None
    text = strip_accents(text.lower() if lowered is None else lowered)
    text = _REPEAT.sub(r"\1\1", text)
    if _LEET_DIGIT.search(text):  # a leet token holds one of these digits: most comments need no scan
        text = _LEET_TOKEN.sub(lambda m: m.group(0).translate(_LEET), text)
    text = _SPACED.sub(lambda m: re.sub(r"[ .\-_]", "", m.group(0)), text)
    return text


def clean_for_language(text: str) -> str:
    """Strip URLs, @mentions, retweet markers and '#' that mislead language detection."""
    # Every match holds "@", "#", "&", "rt" or, as in _may_hold_url, "http" or "www." (lower-cased only if needed).
    if "@" in text or "#" in text or "&" in text or "rt" in (lowered := text.lower()) or _may_hold_url(lowered):
        return _LANG_NOISE_RE.sub(" ", text)
    return text
