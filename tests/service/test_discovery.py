"""The discovery document and the OpenAPI request schemas built from the same definitions."""

from helpers.scoring.attributes import ATTRIBUTES
from helpers.service.discovery import SCHEMAS, discovery_document, openapi_schema


def test_discovery_document_points_at_this_server_and_defines_every_reference():
    doc = discovery_document("http://127.0.0.1:9000/", "vigie-text-10-distilled@rules4+cal-1")
    assert doc["rootUrl"] == "http://127.0.0.1:9000/" and doc["name"] == "commentanalyzer"
    methods = doc["resources"]["comments"]["methods"]
    assert {m["path"] for m in methods.values()} == {"v1alpha1/comments:analyze", "v1alpha1/comments:suggestscore"}

    def refs(node):
        if isinstance(node, dict):
            yield from ([node["$ref"]] if "$ref" in node else [])
            for v in node.values():
                yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)

    assert set(refs(doc)) <= set(doc["schemas"]) == set(SCHEMAS)


def test_openapi_schema_says_what_a_valid_request_holds():
    schema = openapi_schema("AnalyzeCommentRequest")
    assert schema["required"] == ["comment", "requestedAttributes"]
    assert schema["properties"]["comment"]["required"] == ["text"]
    names = schema["properties"]["requestedAttributes"]["propertyNames"]["enum"]
    assert names == list(ATTRIBUTES) and "$ref" not in str(schema)
