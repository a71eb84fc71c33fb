"""Perspective's contract: what a request may hold, the errors it gets, the shape of the answer."""

import pytest

from helpers.service.contract import (
    MAX_COMMENT_BYTES,
    AnalyzeRequest,
    ApiError,
    analyze_response,
    html_text,
    parse_analyze,
    parse_suggestion,
    resolve_language,
    sentences,
    utf16_offsets,
)


def body(text="Merci pour l'information", **extra):
    return {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}, **extra}


@pytest.mark.parametrize("payload, error_type", [
    (body(""), "COMMENT_EMPTY"),
    (body("   \n "), "COMMENT_EMPTY"),
    ({"requestedAttributes": {"TOXICITY": {}}}, "COMMENT_EMPTY"),
    (body("<p> </p>", comment=None) | {"comment": {"text": "<p> </p>", "type": "HTML"}}, "COMMENT_EMPTY"),
    (body("é" * (MAX_COMMENT_BYTES // 2 + 1)), "COMMENT_TOO_LONG"),
    ({"comment": {"text": "allo"}}, "NO_REQUESTED_ATTRIBUTES"),
    ({"comment": {"text": "allo"}, "requestedAttributes": {}}, "NO_REQUESTED_ATTRIBUTES"),
    (body(requestedAttributes={"TOXICTY": {}}), "UNKNOWN_ATTRIBUTE"),
])
def test_refused_requests_get_perspectives_error_types(payload, error_type):
    with pytest.raises(ApiError) as caught:
        parse_analyze(payload)
    error = caught.value.body()["error"]
    assert caught.value.code == 400 and error["status"] == "INVALID_ARGUMENT"
    assert error["details"] == [{"@type": "type.googleapis.com/google.commentanalyzer.v1alpha1.Error",
                                 "errorType": error_type}]


def test_the_byte_limit_is_perspectives_exactly():
    assert parse_analyze(body("a" * MAX_COMMENT_BYTES)).text == "a" * MAX_COMMENT_BYTES
    with pytest.raises(ApiError, match="20481 bytes"):
        parse_analyze(body("a" * (MAX_COMMENT_BYTES + 1)))


@pytest.mark.parametrize("payload", [
    [], "text", 3, {"comment": "text", "requestedAttributes": {"TOXICITY": {}}},
    {"comment": {"text": 5}, "requestedAttributes": {"TOXICITY": {}}},
    body(requestedAttributes=["TOXICITY"]), body(requestedAttributes={"TOXICITY": {"scoreThreshold": 2}}),
    body(requestedAttributes={"TOXICITY": {"scoreType": "RAW"}}), body(languages="fr"), body(spanAnnotations="yes"),
    body(comment={"text": "a", "type": "MARKDOWN"}),
])
def test_malformed_fields_are_bad_requests_with_a_field(payload):
    with pytest.raises(ApiError) as caught:
        parse_analyze(payload)
    error = caught.value.body()["error"]
    assert caught.value.code == 400 and error["details"][0]["@type"].endswith("BadRequest")


def test_fields_are_read_as_clients_send_them():
    request = parse_analyze(body("<b>Vous</b> &amp; nous", comment={"text": "<b>Vous</b> &amp; nous", "type": "HTML"},
                                 requestedAttributes={"toxicity": {"scoreType": "PROBABILITY", "scoreThreshold": 0.5},
                                                      "THREAT": None},
                                 languages=["fr-CA"], spanAnnotations=True, doNotStore=True, clientToken="t1",
                                 dropUnsupportedAttributes=True, sessionId="s", communityId="c",
                                 context={"entries": [{"text": "parent"}]}))
    assert request.text == "Vous & nous" and request.attributes == {"TOXICITY": 0.5, "THREAT": None}
    assert request.languages == ["fr"] and request.span_annotations and request.do_not_store
    assert request.client_token == "t1" and request.drop_unsupported
    assert parse_analyze(body("a\x00b")).text == "a b"  # a NUL is nobody's word: read as a space


def test_language_choice_drop_and_refusal():
    request = parse_analyze(body(requestedAttributes={"TOXICITY": {}, "FLIRTATION": {}}, dropUnsupportedAttributes=True))
    resolve_language(request, "fr")
    assert request.lang == "fr" and request.detected == ["fr"] and list(request.attributes) == ["TOXICITY"]
    with pytest.raises(ApiError) as caught:
        resolve_language(parse_analyze(body(requestedAttributes={"FLIRTATION": {}})), "en")
    detail = caught.value.body()["error"]["details"][0]
    assert detail["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert detail["languageNotSupportedByAttributeError"] == {"detectedLanguages": ["en"], "attribute": "FLIRTATION"}
    with pytest.raises(ApiError, match="LANGUAGE|detect") as caught:
        resolve_language(parse_analyze(body("🙏🙏")), "und")
    assert caught.value.error_type == "LANGUAGE_DETECTION_FAILED"
    given = parse_analyze(body(languages=["de", "en"]))
    resolve_language(given, None)
    assert given.lang == "en" and given.detected == []
    with pytest.raises(ApiError, match="does not support request languages: de"):
        resolve_language(parse_analyze(body(languages=["de"])), None)


def test_sentences_and_utf16_offsets():
    text = "Vous êtes nuls 😡. Merci quand même!  Et après?"
    spans = sentences(text)
    assert [text[b:e] for b, e in spans] == ["Vous êtes nuls 😡.", "Merci quand même!", "Et après?"]
    # The emoji is one character in Python and two UTF-16 code units in JavaScript and Perspective.
    assert utf16_offsets(text, [0, 17, 18]) == [0, 18, 19]
    assert sentences("no end mark") == [(0, 11)]
    many = " ".join(f"Phrase {i}." for i in range(1000))
    grouped = sentences(many)
    assert len(grouped) == 100 and grouped[0][0] == 0 and grouped[-1][1] == len(many)
    assert all(a[1] < b[0] for a, b in zip(grouped, grouped[1:]))


def test_answer_shape_threshold_and_token():
    request = AnalyzeRequest("Bonjour. Allo", {"TOXICITY": 0.5, "INSULT": None}, client_token="x", lang="fr",
                             detected=["fr"])
    answer = analyze_response(request, {"TOXICITY": 0.2, "INSULT": 0.7}, [(0, 8), (9, 13)],
                              {"TOXICITY": [0.1, 0.6], "INSULT": [0.7, 0.1]})
    assert "summaryScore" not in answer["attributeScores"]["TOXICITY"]  # under its threshold
    assert answer["attributeScores"]["TOXICITY"]["spanScores"] == [
        {"begin": 9, "end": 13, "score": {"value": 0.6, "type": "PROBABILITY"}}]
    assert answer["attributeScores"]["INSULT"]["summaryScore"] == {"value": 0.7, "type": "PROBABILITY"}
    assert answer["languages"] == ["fr"] and answer["detectedLanguages"] == ["fr"] and answer["clientToken"] == "x"


def test_html_text_and_suggestions():
    assert html_text("<p>Allo <i>toi</i></p><script>x</script><style>p {}</style>") == "Allo toi"
    text, values, lang, token = parse_suggestion({"comment": {"text": "allo"}, "languages": ["fr"], "clientToken": "k",
                                                  "attributeScores": {"toxicity": {"summaryScore": {"value": 0.9}}}})
    assert (text, values, lang, token) == ("allo", {"TOXICITY": 0.9}, "fr", "k")
    with pytest.raises(ApiError):
        parse_suggestion({"comment": {"text": "allo"}, "attributeScores": {"TOXICITY": {"summaryScore": {"value": 3}}}})


def test_the_migration_page_documents_every_attribute_and_error():
    from helpers.config import PROJ_ROOT
    from helpers.scoring.attributes import ATTRIBUTES
    from helpers.service.contract import NOT_OFFERED

    page = (PROJ_ROOT / "docs" / "perspective.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in page for name in ATTRIBUTES)
    assert all(name in page for name in NOT_OFFERED if not name.endswith("_EXPERIMENTAL"))
    for error_type in ("COMMENT_EMPTY", "COMMENT_TOO_LONG", "NO_REQUESTED_ATTRIBUTES", "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
                       "LANGUAGE_DETECTION_FAILED", "UNKNOWN_ATTRIBUTE", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED"):
        assert error_type in page
