"""Perspective's contract, without the web framework: requests read, errors raised, answers built.

``POST /v1alpha1/comments:analyze`` as Google's Perspective API (commentanalyzer v1alpha1) answered it,
so that the clients written for it work with only the address changed: its request fields, its answer
shape (``attributeScores.NAME.summaryScore`` and ``spanScores`` with offsets in UTF-16 code units), its
error shape (``{"error": {"code", "message", "status", "details": [{"@type", "errorType"}]}}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from ..scoring.attributes import ATTRIBUTES, LANGUAGES

#: Perspective's limit on a comment, in UTF-8 bytes.
MAX_COMMENT_BYTES = 20480
ERROR_TYPE = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest"
#: Perspective's attributes that Vigie does not offer (its English-only experimental ones, among others):
#: answered as not supported in the request's language, so ``dropUnsupportedAttributes`` drops them as
#: Perspective dropped an attribute a language lacked.
NOT_OFFERED = frozenset({
    "SEXUALLY_EXPLICIT", "FLIRTATION", "ATTACK_ON_AUTHOR", "ATTACK_ON_COMMENTER", "INCOHERENT", "INFLAMMATORY",
    "LIKELY_TO_REJECT", "OBSCENE", "SPAM", "UNSUBSTANTIAL", "TOXICITY_EXPERIMENTAL", "SEVERE_TOXICITY_EXPERIMENTAL",
    "IDENTITY_ATTACK_EXPERIMENTAL", "INSULT_EXPERIMENTAL", "PROFANITY_EXPERIMENTAL", "THREAT_EXPERIMENTAL",
    "AFFINITY_EXPERIMENTAL", "COMPASSION_EXPERIMENTAL", "CURIOSITY_EXPERIMENTAL", "NUANCE_EXPERIMENTAL",
    "PERSONAL_STORY_EXPERIMENTAL", "REASONING_EXPERIMENTAL", "RESPECT_EXPERIMENTAL",
})
COMMENT_TYPES = ("PLAIN_TEXT", "HTML")
SCORE_TYPES = ("PROBABILITY", "SCORE_TYPE_UNSPECIFIED", "")


class ApiError(Exception):
    """An error answered in Google's shape; ``error_type`` is commentanalyzer's ``errorType``."""

    def __init__(self, code: int, status: str, message: str, error_type: str | None = None,
                 extra: dict[str, Any] | None = None, field_path: str | None = None,
                 retry_after: int | None = None) -> None:
        super().__init__(message)
        self.code, self.status, self.message = code, status, message
        self.error_type, self.extra, self.field_path = error_type, extra or {}, field_path
        #: Seconds before a refused request (429) fits its key's rate again: the ``Retry-After`` header.
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        """The JSON answer."""
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.error_type:
            error["details"] = [{"@type": ERROR_TYPE, "errorType": self.error_type, **self.extra}]
        elif self.field_path is not None:
            error["details"] = [{"@type": BAD_REQUEST_TYPE,
                                 "fieldViolations": [{"field": self.field_path, "description": self.message}]}]
        return {"error": error}


def invalid(message: str, error_type: str | None = None, field_path: str | None = None, **extra: Any) -> ApiError:
    """HTTP 400 ``INVALID_ARGUMENT``."""
    return ApiError(400, "INVALID_ARGUMENT", message, error_type, extra, field_path)


def bad_json(message: str = "Invalid JSON payload received.") -> ApiError:
    """HTTP 400 for a body that is not the JSON object the method takes (Google answers these without errorType)."""
    return invalid(message, field_path="")


@dataclass
class AnalyzeRequest:
    """A validated ``comments:analyze`` request."""

    text: str
    attributes: dict[str, float | None]  # name -> scoreThreshold
    languages: list[str] | None = None
    span_annotations: bool = False
    do_not_store: bool = False
    client_token: str | None = None
    drop_unsupported: bool = False
    lang: str | None = None  # the language the comment is scored in, once known
    detected: list[str] = field(default_factory=list)


class _TextOnly(HTMLParser):
    """The text a reader sees: tags dropped, the contents of scripts and styles too."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._hidden += tag in {"script", "style"}

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The text of an HTML comment, tags removed and entities decoded (``comment.type: HTML``)."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)  # entities are decoded once, by the parser


def _object(body: Any, name: str) -> dict:
    if not isinstance(body, dict):
        raise bad_json(f"Invalid value at '{name}': expected a JSON object." if name else
                       "Invalid JSON payload received. Expected a JSON object.")
    return body


def _bool(value: Any, name: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise invalid(f"Invalid value at '{name}' (TYPE_BOOL), {value!r}", field_path=name)
    return value


def _string(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(f"Invalid value at '{name}' (TYPE_STRING), {value!r}", field_path=name)
    return value


def normalise_language(code: str) -> str:
    """``fr-CA`` -> ``fr``, ``EN`` -> ``en``."""
    return code.strip().replace("_", "-").split("-")[0].lower()


def comment_text(body: dict) -> str:
    """The text of ``comment``, HTML removed, checked against Perspective's limits.

    Raises
    ------
    ApiError
        ``COMMENT_EMPTY``, ``COMMENT_TOO_LONG`` or an invalid ``comment.type``.

    """
    comment = body.get("comment")
    if comment is None:
        raise invalid("Comment must be specified.", "COMMENT_EMPTY")
    comment = _object(comment, "comment")
    text = _string(comment.get("text"), "comment.text") or ""
    kind = _string(comment.get("type"), "comment.type") or "PLAIN_TEXT"
    if kind not in COMMENT_TYPES:
        raise invalid(f"Invalid value at 'comment.type', {kind!r}: one of {', '.join(COMMENT_TYPES)}",
                      field_path="comment.type")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_COMMENT_BYTES:
        raise invalid(f"Comment text too long: {size} bytes; the limit is {MAX_COMMENT_BYTES} bytes.", "COMMENT_TOO_LONG")
    if kind == "HTML":
        text = html_text(text)
    # A NUL or a lone surrogate is nobody's words: read as a space, offsets unchanged.
    text = text.replace("\x00", " ")
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if not text.isascii() else text
    if not text.strip():
        raise invalid("Comment must be non-empty.", "COMMENT_EMPTY")
    return text


def parse_analyze(body: Any) -> AnalyzeRequest:
    """Read and check a ``comments:analyze`` body.

    Raises
    ------
    ApiError
        In Google's shape, for every request Perspective refused.

    """
    body = _object(body, "")
    text = comment_text(body)
    requested = body.get("requestedAttributes")
    if requested is not None and not isinstance(requested, dict):
        raise invalid("Invalid value at 'requested_attributes': expected an object of attribute names.",
                      field_path="requested_attributes")
    if not requested:
        raise invalid("Must request at least one attribute.", "NO_REQUESTED_ATTRIBUTES")
    attributes: dict[str, float | None] = {}
    for name, options in requested.items():
        options = {} if options is None else _object(options, f"requested_attributes[{name}]")
        score_type = _string(options.get("scoreType"), f"requested_attributes[{name}].score_type") or ""
        if score_type not in SCORE_TYPES:
            raise invalid(f"Invalid value at 'requested_attributes[{name}].score_type', {score_type!r}: "
                          "only PROBABILITY is supported.", field_path=f"requested_attributes[{name}].score_type")
        threshold = options.get("scoreThreshold")
        if isinstance(threshold, dict):  # some clients send {"value": x}, as for other Google float wrappers
            threshold = threshold.get("value")
        if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, int | float)
                                      or not 0 <= threshold <= 1):
            raise invalid(f"Invalid value at 'requested_attributes[{name}].score_threshold', {threshold!r}: a number "
                          "between 0 and 1.", field_path=f"requested_attributes[{name}].score_threshold")
        key = str(name).strip().upper()
        if key not in ATTRIBUTES and key not in NOT_OFFERED:
            raise invalid(f"Unknown attribute: {name}. Offered: {', '.join(ATTRIBUTES)}.", "UNKNOWN_ATTRIBUTE")
        attributes[key] = None if threshold is None else float(threshold)
    languages = body.get("languages")
    if languages is not None:
        if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
            raise invalid("Invalid value at 'languages': expected a list of language codes.", field_path="languages")
        languages = [normalise_language(x) for x in languages if x.strip()] or None
    return AnalyzeRequest(
        text=text, attributes=attributes, languages=languages,
        span_annotations=_bool(body.get("spanAnnotations"), "span_annotations"),
        do_not_store=_bool(body.get("doNotStore"), "do_not_store"),
        client_token=_string(body.get("clientToken"), "client_token"),
        drop_unsupported=_bool(body.get("dropUnsupportedAttributes"), "drop_unsupported_attributes"),
    )


def resolve_language(request: AnalyzeRequest, detected: str | None) -> None:
    """Choose the language a request is scored in and drop (or refuse) attributes it does not support.

    The request's ``languages`` come first (the first supported one), else the detected language.

    Raises
    ------
    ApiError
        ``LANGUAGE_DETECTION_FAILED`` when no language was given and none could be told;
        ``LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE`` for an attribute the language lacks (unless
        ``dropUnsupportedAttributes``).

    """
    if request.languages:
        langs = request.languages
    elif detected in (None, "und"):
        raise invalid("Unable to detect the language of the comment: give its language in 'languages' "
                      "(fr or en).", "LANGUAGE_DETECTION_FAILED")
    else:
        langs = [detected]
        request.detected = [detected]
    request.lang = next((x for x in langs if x in LANGUAGES), None)
    for name in list(request.attributes):
        if request.lang is None or name in NOT_OFFERED:
            if request.drop_unsupported:
                del request.attributes[name]
                continue
            raise invalid(f"Attribute {name} does not support request languages: {','.join(langs)}",
                          "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
                          languageNotSupportedByAttributeError={"detectedLanguages": request.detected or langs,
                                                                "attribute": name})


_SENTENCE = re.compile(r"[^.!?…\n]*(?:[.!?…]+[\"'»”)\]]*|\n|$)")


#: Most spans one answer holds: beyond, neighbouring sentences share a span (a 20 KB comment of one-word
#: sentences must not cost thousands of scorings).
MAX_SPANS = 100


def sentences(text: str) -> list[tuple[int, int]]:
    """``(begin, end)`` character offsets of each sentence, end exclusive, surrounding blanks left out.

    At most :data:`MAX_SPANS`: past that, consecutive sentences are grouped into that many spans.
    """
    out = []
    for m in _SENTENCE.finditer(text):
        begin, end = m.start(), m.end()
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if end > begin:
            out.append((begin, end))
    if len(out) > MAX_SPANS:
        groups = [out[i * len(out) // MAX_SPANS:(i + 1) * len(out) // MAX_SPANS] for i in range(MAX_SPANS)]
        out = [(g[0][0], g[-1][1]) for g in groups]
    return out or [(0, len(text))]


def utf16_offsets(text: str, positions: list[int]) -> list[int]:
    """Offsets in UTF-16 code units (what JavaScript and Perspective count) of character ``positions``."""
    if text.isascii():
        return list(positions)
    units, last, total = {}, 0, 0
    for p in sorted(set(positions)):
        total += sum(2 if ord(c) > 0xFFFF else 1 for c in text[last:p])
        units[p], last = total, p
    return [units[p] for p in positions]


def score_entry(value: float) -> dict[str, Any]:
    """``{"value": ..., "type": "PROBABILITY"}``."""
    return {"value": round(float(value), 6), "type": "PROBABILITY"}


def analyze_response(request: AnalyzeRequest, summary: dict[str, float], spans: list[tuple[int, int]],
                     span_scores: dict[str, list[float]]) -> dict[str, Any]:
    """The answer: ``attributeScores`` (summary and spans, scores under a threshold left out), languages, token."""
    offsets = utf16_offsets(request.text, [p for span in spans for p in span])
    bounds = list(zip(offsets[::2], offsets[1::2]))
    scores: dict[str, Any] = {}
    for name, threshold in request.attributes.items():
        cut = -1.0 if threshold is None else threshold
        entry: dict[str, Any] = {"spanScores": [{"begin": b, "end": e, "score": score_entry(v)}
                                                for (b, e), v in zip(bounds, span_scores[name]) if v >= cut]}
        if summary[name] >= cut:
            entry["summaryScore"] = score_entry(summary[name])
        scores[name] = entry
    out: dict[str, Any] = {"attributeScores": scores, "languages": [request.lang] if request.lang else [],
                           "detectedLanguages": request.detected}
    if request.client_token is not None:
        out["clientToken"] = request.client_token
    return out


def parse_suggestion(body: Any) -> tuple[str, dict[str, float], str | None, str | None]:
    """A ``comments:suggestscore`` body: ``(text, {attribute: value}, language, clientToken)``.

    Raises
    ------
    ApiError
        For an empty comment, no attribute scores, or a value that is not a probability.

    """
    body = _object(body, "")
    text = comment_text(body)
    given = body.get("attributeScores")
    if not isinstance(given, dict) or not given:
        raise invalid("Must suggest a score for at least one attribute.", "NO_REQUESTED_ATTRIBUTES")
    values: dict[str, float] = {}
    for name, entry in given.items():
        summary = _object(entry, f"attribute_scores[{name}]").get("summaryScore")
        value = _object(summary, f"attribute_scores[{name}].summary_score").get("value") if summary is not None else None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise invalid(f"Invalid value at 'attribute_scores[{name}].summary_score.value': a number between 0 and 1.",
                          field_path=f"attribute_scores[{name}].summary_score.value")
        values[str(name).upper()] = float(value)
    languages = body.get("languages")
    lang = None
    if isinstance(languages, list) and languages and isinstance(languages[0], str):
        lang = normalise_language(languages[0])
    return text, values, lang, _string(body.get("clientToken"), "client_token")
