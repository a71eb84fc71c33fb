"""The service end to end in-process: answers, every error in Google's shape, keys, rates, privacy, fuzzing."""

import logging

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.checks import not_a_server_error

from helpers.service.app import ServiceSettings, create_app

ANALYZE = "/v1alpha1/comments:analyze"
SECRET = "Ma voisine Josée Tremblay m'a traitée de folle"


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as c:
        yield c


def analyze(client, text, attributes=("TOXICITY",), **extra):
    return client.post(ANALYZE, json={"comment": {"text": text}, "requestedAttributes": {a: {} for a in attributes},
                                      **extra})


def test_french_and_english_comments_get_calibrated_probabilities(client):
    hostile = analyze(client, "Gang de caves, vous êtes une bande d'incompétents", ["TOXICITY", "INSULT", "VIGIE_ANGER"])
    civil = analyze(client, "Merci pour l'information, bonne journée à tous")
    english = analyze(client, "You are all idiots and liars", ["TOXICITY", "IDENTITY_ATTACK"], languages=["en"])
    for r in (hostile, civil, english):
        assert r.status_code == 200 and r.headers["X-Vigie-Model-Version"].startswith("vigie-text-")
    h, c, e = hostile.json(), civil.json(), english.json()
    assert h["languages"] == ["fr"] and h["detectedLanguages"] == ["fr"] and e["detectedLanguages"] == []
    assert h["attributeScores"]["TOXICITY"]["summaryScore"]["value"] > c["attributeScores"]["TOXICITY"]["summaryScore"]["value"]
    assert e["attributeScores"]["TOXICITY"]["summaryScore"]["value"] > 0.5
    # Calibrated on hate collections *and* civil comments: a civil comment keeps a low probability.
    assert c["attributeScores"]["TOXICITY"]["summaryScore"]["value"] < 0.2
    # Without spanAnnotations: one span over the whole text, as Perspective answered (clients read spanScores[0]).
    text = "Gang de caves, vous êtes une bande d'incompétents"
    assert h["attributeScores"]["INSULT"]["spanScores"][0]["begin"] == 0
    assert h["attributeScores"]["INSULT"]["spanScores"][0]["end"] == len(text)


@pytest.mark.parametrize("payload, error_type", [
    ({"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}}, "COMMENT_EMPTY"),
    ({"comment": {"text": "a" * 20481}, "requestedAttributes": {"TOXICITY": {}}}, "COMMENT_TOO_LONG"),
    ({"comment": {"text": "allo toi"}}, "NO_REQUESTED_ATTRIBUTES"),
    ({"comment": {"text": "Guten Morgen, wie geht es Ihnen heute?"}, "requestedAttributes": {"TOXICITY": {}}},
     "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"),
    ({"comment": {"text": "🙏🙏🙏"}, "requestedAttributes": {"TOXICITY": {}}}, "LANGUAGE_DETECTION_FAILED"),
    ({"comment": {"text": "allo toi"}, "requestedAttributes": {"NOPE": {}}}, "UNKNOWN_ATTRIBUTE"),
])
def test_every_error_case_answers_in_googles_shape(client, payload, error_type):
    r = client.post(ANALYZE, json=payload)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == 400 and error["status"] == "INVALID_ARGUMENT" and error["message"]
    assert error["details"][0]["errorType"] == error_type
    assert r.headers["X-Vigie-Model-Version"]


def test_size_limit_nul_bytes_and_garbage_never_give_500(client):
    assert analyze(client, "a" * 20480, languages=["en"]).status_code == 200
    assert analyze(client, "é" * 10240, languages=["fr"]).status_code == 200
    assert analyze(client, "é" * 10241, languages=["fr"]).json()["error"]["details"][0]["errorType"] == "COMMENT_TOO_LONG"
    assert analyze(client, "Allo\x00 toi, ça va?", languages=["fr"]).status_code == 200
    for raw in [b"{bad", b"", b"\xff\xfe\x00", b"[" * 100_000, b"null", b'"text"', b"{}" * 3]:
        r = client.post(ANALYZE, content=raw, headers={"content-type": "application/json"})
        assert r.status_code == 400 and r.json()["error"]["status"] == "INVALID_ARGUMENT", raw[:20]
    assert client.get("/v1alpha1/comments:nothing").status_code == 404
    assert client.get(ANALYZE).status_code == 405
    assert client.post(ANALYZE + "?alt=proto", json={}).status_code == 400
    assert client.get("/healthz").json()["status"] == "ok"


def test_emoji_spans_are_counted_in_utf16(client):
    text = "Tu es nul 😡😡. Merci!"
    r = analyze(client, text, spanAnnotations=True, languages=["fr"]).json()
    spans = r["attributeScores"]["TOXICITY"]["spanScores"]
    # Python counts 😡 as one character; Perspective (and JavaScript) as two UTF-16 code units.
    assert [(s["begin"], s["end"]) for s in spans] == [(0, 15), (16, 22)]
    assert len(text.encode("utf-16-le")) // 2 == 22


def test_threshold_leaves_summary_out_and_token_is_echoed(client):
    r = client.post(ANALYZE, json={"comment": {"text": "Merci beaucoup"}, "clientToken": "tok-1", "languages": ["fr"],
                                   "requestedAttributes": {"TOXICITY": {"scoreThreshold": 0.99}}}).json()
    assert "summaryScore" not in r["attributeScores"]["TOXICITY"] and r["clientToken"] == "tok-1"


def test_discovery_document_names_this_server(client):
    doc = client.get("/$discovery/rest?version=v1alpha1").json()
    assert doc["rootUrl"] == "http://testserver/" and doc["batchPath"] == "batch"
    assert doc["resources"]["comments"]["methods"]["analyze"]["path"] == "v1alpha1/comments:analyze"
    assert client.get("/$discovery/rest?version=v1").status_code == 404
    assert "/v1alpha1/comments:analyze" in client.get("/openapi.json").json()["paths"]


def test_keys_are_required_beyond_loopback_and_rates_answer_429(tmp_path):
    keys = tmp_path / "keys.toml"
    keys.write_text('[[key]]\nname = "lab"\nkey = "0123456789abcdef"\nrequests_per_second = 2\n', encoding="utf-8")
    with TestClient(create_app(ServiceSettings(keys_file=str(keys)))) as c:
        body = {"comment": {"text": "allo toi"}, "requestedAttributes": {"TOXICITY": {}}, "languages": ["fr"]}
        missing, wrong = c.post(ANALYZE, json=body), c.post(ANALYZE + "?key=nope", json=body)
        assert missing.status_code == wrong.status_code == 403
        assert missing.json()["error"]["status"] == "PERMISSION_DENIED"
        statuses = [c.post(ANALYZE + "?key=0123456789abcdef", json=body).status_code for _ in range(4)]
        assert statuses[:2] == [200, 200] and 429 in statuses[2:]
        limited = c.post(ANALYZE, json=body, headers={"x-goog-api-key": "0123456789abcdef"})
        assert limited.status_code == 429 and limited.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
        assert limited.headers["Retry-After"] == "1"  # 2 requests a second: the next fits within a second


def test_suggestions_are_kept_as_hashes_only_with_a_store_and_no_text_is_logged(tmp_path, caplog):
    from helpers.io.store import Store
    from helpers.text import text_hash

    store = tmp_path / "s.duckdb"
    caplog.set_level(logging.DEBUG)
    app = create_app(ServiceSettings(store=str(store)))
    with TestClient(app) as c:
        r = c.post("/v1alpha1/comments:suggestscore", json={
            "comment": {"text": SECRET}, "clientToken": "t", "languages": ["fr"],
            "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0.8}}}})
        assert r.status_code == 200 and r.json() == {"clientToken": "t"}
        assert analyze(c, SECRET, doNotStore=True).status_code == 200
    assert app.state.service.spool.pending() == 0  # written at shutdown
    with Store(store, read_only=True) as st:
        rows = st.query("SELECT * FROM score_suggestions")
    assert rows[["text_hash", "attribute", "value", "lang"]].values.tolist() == [[text_hash(SECRET), "TOXICITY", 0.8, "fr"]]
    assert SECRET not in store.read_bytes().decode("latin-1")
    assert "Tremblay" not in caplog.text and caplog.records


def test_fuzzed_requests_never_get_a_server_error(app):
    """Property-based requests generated from the OpenAPI schema, every operation: no 500, whatever they hold."""
    from hypothesis import HealthCheck, Phase, given, settings

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1alpha1/comments:analyze", "/v1alpha1/comments:suggestscore"}
    for operation in operations:
        # Seeded, and no shrinking: a failure is reported as generated, in bounded time.
        @settings(max_examples=60, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(operation.as_strategy())
        def check(case):
            case.call_and_validate(checks=[not_a_server_error])

        check()
