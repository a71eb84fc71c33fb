"""The discovery document of commentanalyzer v1alpha1, served by ``vigie serve`` with its own address.

Google's API client builds its methods from this document (``googleapiclient.discovery.build(...,
discoveryServiceUrl=..., static_discovery=False)``): Perspective's Python sample then works with only
the discovery address changed. The same schemas describe the request bodies in ``/openapi.json``.
"""

from __future__ import annotations

import copy
from typing import Any

from ..scoring.attributes import ATTRIBUTES

_STRING = {"type": "string"}
_BOOL = {"type": "boolean"}
_FLOAT = {"type": "number", "format": "float"}
_INT = {"type": "integer", "format": "int32"}

#: Schemas in the discovery format (``$ref`` names another schema).
SCHEMAS: dict[str, dict[str, Any]] = {
    "TextEntry": {"type": "object", "description": "A comment, or an entry of its context.", "properties": {
        "text": {**_STRING, "description": "The text (at most 20,480 UTF-8 bytes)."},
        "type": {**_STRING, "enum": ["TEXT_TYPE_UNSPECIFIED", "PLAIN_TEXT", "HTML"],
                 "description": "PLAIN_TEXT (default) or HTML (tags removed before scoring)."}}},
    "Context": {"type": "object", "properties": {
        "entries": {"type": "array", "items": {"$ref": "TextEntry"}},
        "articleAndParentComment": {"$ref": "ArticleAndParentComment"}}},
    "ArticleAndParentComment": {"type": "object", "properties": {
        "article": {"$ref": "TextEntry"}, "parentComment": {"$ref": "TextEntry"}}},
    "AttributeParameters": {"type": "object", "properties": {
        "scoreType": {**_STRING, "enum": ["SCORE_TYPE_UNSPECIFIED", "PROBABILITY"]},
        "scoreThreshold": _FLOAT}},
    "AnalyzeCommentRequest": {"type": "object", "properties": {
        "comment": {"$ref": "TextEntry"},
        "context": {"$ref": "Context"},
        "requestedAttributes": {"type": "object", "additionalProperties": {"$ref": "AttributeParameters"},
                                "description": "Attributes to score: " + ", ".join(ATTRIBUTES) + "."},
        "languages": {"type": "array", "items": _STRING},
        "doNotStore": _BOOL, "spanAnnotations": _BOOL, "dropUnsupportedAttributes": _BOOL,
        "clientToken": _STRING, "sessionId": _STRING, "communityId": _STRING}},
    "Score": {"type": "object", "properties": {"value": _FLOAT, "type": {**_STRING, "enum": ["PROBABILITY"]}}},
    "SpanScore": {"type": "object", "properties": {"begin": _INT, "end": _INT, "score": {"$ref": "Score"}}},
    "AttributeScores": {"type": "object", "properties": {
        "summaryScore": {"$ref": "Score"}, "spanScores": {"type": "array", "items": {"$ref": "SpanScore"}}}},
    "AnalyzeCommentResponse": {"type": "object", "properties": {
        "attributeScores": {"type": "object", "additionalProperties": {"$ref": "AttributeScores"}},
        "languages": {"type": "array", "items": _STRING},
        "detectedLanguages": {"type": "array", "items": _STRING},
        "clientToken": _STRING}},
    "SuggestCommentScoreRequest": {"type": "object", "properties": {
        "comment": {"$ref": "TextEntry"}, "context": {"$ref": "Context"},
        "attributeScores": {"type": "object", "additionalProperties": {"$ref": "AttributeScores"}},
        "languages": {"type": "array", "items": _STRING},
        "communityId": _STRING, "clientToken": _STRING}},
    "SuggestCommentScoreResponse": {"type": "object", "properties": {
        "detectedLanguages": {"type": "array", "items": _STRING},
        "requestedLanguages": {"type": "array", "items": _STRING},
        "clientToken": _STRING}},
}

_QUERY = {"location": "query", "type": "string"}
_PARAMETERS = {
    "key": {**_QUERY, "description": "API key (when the server requires keys)."},
    "alt": {**_QUERY, "default": "json", "enum": ["json"]},
    "fields": _QUERY, "prettyPrint": {"location": "query", "type": "boolean", "default": "true"},
    "quotaUser": _QUERY, "access_token": _QUERY, "oauth_token": _QUERY, "callback": _QUERY,
    "upload_protocol": _QUERY, "uploadType": _QUERY, "$.xgafv": _QUERY,
}


def _method(name: str, request: str, response: str, description: str) -> dict[str, Any]:
    return {"id": f"commentanalyzer.comments.{name}", "path": f"v1alpha1/comments:{name}",
            "flatPath": f"v1alpha1/comments:{name}", "httpMethod": "POST", "parameters": {}, "parameterOrder": [],
            "request": {"$ref": request}, "response": {"$ref": response}, "description": description}


def discovery_document(root_url: str, revision: str) -> dict[str, Any]:
    """The discovery document, its ``rootUrl`` this server's address (``http://127.0.0.1:8080/``)."""
    return {
        "kind": "discovery#restDescription", "discoveryVersion": "v1", "id": "commentanalyzer:v1alpha1",
        "name": "commentanalyzer", "version": "v1alpha1", "revision": revision,
        "title": "Perspective Comment Analyzer API (Vigie, local and offline)",
        "description": "Scores comments for toxicity and other attributes, in French and English, on this machine.",
        "protocol": "rest", "rootUrl": root_url, "servicePath": "", "baseUrl": root_url, "basePath": "/",
        "batchPath": "batch", "mtlsRootUrl": root_url,
        "parameters": copy.deepcopy(_PARAMETERS), "schemas": {k: {"id": k, **v} for k, v in SCHEMAS.items()},
        "resources": {"comments": {"methods": {
            "analyze": _method("analyze", "AnalyzeCommentRequest", "AnalyzeCommentResponse",
                               "Analyzes the provided text and returns scores for requested attributes."),
            "suggestscore": _method("suggestscore", "SuggestCommentScoreRequest", "SuggestCommentScoreResponse",
                                    "Suggest a score for a comment (kept as a text hash for calibration, never the text)."),
        }}},
    }


#: What JSON Schema can say beyond the discovery format (required fields, attribute names), so that the
#: OpenAPI document describes a valid request and a fuzzer built from it reaches past the first check.
_JSON_SCHEMA_ONLY: dict[str, dict[str, Any]] = {
    "TextEntry": {"required": ["text"]},
    "AnalyzeCommentRequest": {"required": ["comment", "requestedAttributes"]},
    "SuggestCommentScoreRequest": {"required": ["comment", "attributeScores"]},
}
_ATTRIBUTE_MAP = {"minProperties": 1, "propertyNames": {"enum": list(ATTRIBUTES)}}


def openapi_schema(name: str) -> dict[str, Any]:
    """A schema of :data:`SCHEMAS` in JSON Schema, references resolved inline (for ``/openapi.json``)."""

    def resolve(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                ref = node["$ref"]
                return {"type": "object"} if ref in seen else {**resolve(SCHEMAS[ref], (*seen, ref)),
                                                               **_JSON_SCHEMA_ONLY.get(ref, {})}
            out = {k: resolve(v, seen) for k, v in node.items() if k != "format" or v in {"int32", "float"}}
            if "additionalProperties" in node and node["additionalProperties"].get("$ref") in {
                    "AttributeParameters", "AttributeScores"}:
                out.update(_ATTRIBUTE_MAP)
            return out
        if isinstance(node, list):
            return [resolve(v, seen) for v in node]
        return node

    return {**resolve(SCHEMAS[name], (name,)), **_JSON_SCHEMA_ONLY.get(name, {})}
