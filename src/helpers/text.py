"""Text utilities shared by every analysis: language detection, hashing, pseudonyms and redaction."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

#: Languages the detector chooses among. French and English first; the others occur in real crisis
#: streams (CrisisLexT26 has Spanish, Italian, Portuguese, Tagalog) and keep them from being forced into fr/en.
DETECTED_LANGUAGES: tuple[str, ...] = ("fr", "en", "es", "it", "pt", "de", "nl", "tl")
UNDETERMINED = "und"

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{1,30}")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# North-American and French phone formats, with or without separators and a +1/+33 prefix.
_PHONE_RE = re.compile(
    r"(?<!\w)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\w)"
    r"|(?<!\w)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\w)"
)
# Canadian social insurance numbers and card-like digit runs.
_ID_NUMBER_RE = re.compile(r"(?<!\w)\d{3}[\s-]\d{3}[\s-]\d{3}(?!\w)|(?<!\w)(?:\d[\s-]?){13,19}(?!\w)")
_THREE_LETTERS = re.compile(r"[^\W\d_](?:.*?[^\W\d_]){2}", re.S)
_LANG_NOISE_RE = re.compile(r"(?:https?://|www\.)\S+|(?<!\w)@\w+|(?:^|\s)RT(?=\s)|#|&amp;", re.IGNORECASE)


def text_hash(text: str) -> str:
    """Stable 16-hex-digit content hash of a text (the cache key of every per-text score)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def author_hash(platform: str, handle: str, salt: str) -> str:
    """Salted keyed hash of an author handle; the raw handle is never stored.

    The same handle on the same platform gets the same hash within a store (same salt), so repeat
    authors can be counted without knowing who they are.
    """
    msg = f"{platform}:{handle.strip().lower()}".encode()
    return hmac.new(salt.encode(), msg, hashlib.sha256).hexdigest()[:20]


def pseudonym(author_hash_value: str | None) -> str:
    """Short human-readable pseudonym for reports (``user-3fa2c1``); ``anonymous`` when unknown."""
    if not author_hash_value:
        return "anonymous"
    return f"user-{author_hash_value[:6]}"


def redact(text: str) -> str:
    """Remove personal data from a comment before it is shown to anyone.

    E-mail addresses, phone numbers, identity or card numbers, @handles and URLs are replaced by
    bracketed placeholders. The order matters: e-mails before handles, numbers before phones.
    """
    if not text:
        return text
    text = _EMAIL_RE.sub("[email]", text)
    text = _URL_RE.sub("[url]", text)
    text = _MENTION_RE.sub("@[user]", text)
    text = _PHONE_RE.sub("[phone]", text)
    text = _ID_NUMBER_RE.sub("[number]", text)
    return text


#: Fast path: lingua's low-accuracy (trigram) mode answers first; where its confidence in its first
#: choice is below this, the text goes to the high-accuracy mode. `benchmarks/bench_language.py` measures
#: the speed of both paths and how often each matches the demo stream's known languages.
FAST_CONFIDENCE = 0.9


@lru_cache(maxsize=2)
def _detector(low_accuracy: bool = False):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in DETECTED_LANGUAGES]
    # A small minimum distance makes the detector say "don't know" for "lol 😂" instead of guessing.
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_minimum_relative_distance(0.05)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def clean_for_language(text: str) -> str:
    """Strip URLs, @mentions, retweet markers and '#' that mislead language detection."""
    return _LANG_NOISE_RE.sub(" ", text)


def detect_languages(texts: Sequence[str] | Iterable[str], accuracy: str = "fast") -> list[str]:
    """Detect the ISO 639-1 language of each text, or ``"und"`` when it cannot be told.

    Identical texts are detected once. Texts with fewer than three letters are ``"und"``.
    ``accuracy="fast"`` (default) takes the low-accuracy answer when its confidence reaches
    :data:`FAST_CONFIDENCE` and asks the high-accuracy mode otherwise; ``"high"`` always asks it.
    """
    if accuracy not in {"fast", "high"}:
        raise ValueError(f"accuracy must be 'fast' or 'high', not {accuracy!r}")
    texts = list(texts)
    if not texts:
        return []
    uniques, inverse = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
    cleaned = [clean_for_language(t) for t in uniques]
    out = np.full(len(cleaned), UNDETERMINED, dtype=object)
    todo = [i for i, t in enumerate(cleaned) if _THREE_LETTERS.search(t)]
    if accuracy == "fast" and todo:
        # lingua's own thread pool: same answers as one by one, about twice as fast on two cores.
        confidences = _detector(True).compute_language_confidence_values_in_parallel([cleaned[i] for i in todo])
        unsure = []
        for i, values in zip(todo, confidences):
            if values and values[0].value >= FAST_CONFIDENCE:
                out[i] = values[0].language.iso_code_639_1.name.lower()
            else:
                unsure.append(i)
        todo = unsure
    found = _detector(False).detect_languages_in_parallel_of([cleaned[i] for i in todo]) if todo else []
    for i, lang in zip(todo, found):
        if lang is not None:
            out[i] = lang.iso_code_639_1.name.lower()
    return out[inverse].tolist()


def normalise_lang(value: object) -> str | None:
    """Normalise a language tag from a source file (``"fr-CA"`` -> ``"fr"``); ``None`` if unusable."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    tag = str(value).strip().lower().replace("_", "-").split("-")[0]
    if tag in {"", "und", "qme", "zxx", "qht", "qam", "art"}:
        return None
    return tag if re.fullmatch(r"[a-z]{2,3}", tag) else None
