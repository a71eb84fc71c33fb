"""A live ``vigie serve`` on 127.0.0.1, called by Perspective's own clients with only the address changed."""

import http.client
import json
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpers.errors import VigieError
from helpers.service.app import ServiceSettings
from helpers.service.server import check_bind, is_loopback, wait_ready

TEXTS = {"fr": "Vous êtes une gang d'incompétents, honte à vous", "en": "Thanks for the update, stay safe everyone"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    """Two worker processes, as `vigie serve --workers 2` runs them."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "helpers.cli", "serve", "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not wait_ready("127.0.0.1", port):
        proc.kill()
        pytest.fail("vigie serve did not start: " + proc.communicate()[0][-2000:])
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    log = proc.communicate(timeout=30)[0]
    # Privacy: the server's log holds counts and timings, never a comment.
    assert not any(text in log for text in TEXTS.values()), log


def test_perspectives_python_sample_works_with_only_the_discovery_address_changed(server):
    from googleapiclient import discovery

    client = discovery.build("commentanalyzer", "v1alpha1", developerKey="any-key",
                             discoveryServiceUrl=f"{server}/$discovery/rest?version=v1alpha1", static_discovery=False,
                             cache_discovery=False)
    for lang, text in TEXTS.items():
        response = client.comments().analyze(body={"comment": {"text": text},
                                                   "requestedAttributes": {"TOXICITY": {}}}).execute()
        value = response["attributeScores"]["TOXICITY"]["summaryScore"]["value"]
        assert 0 <= value <= 1 and response["detectedLanguages"] == [lang]
        assert (value > 0.5) == (lang == "fr")


def test_googleapiclient_batch_requests_as_helm_sends_them(server):
    from googleapiclient import discovery
    from googleapiclient.errors import HttpError

    client = discovery.build("commentanalyzer", "v1alpha1", developerKey="any-key",
                             discoveryServiceUrl=f"{server}/$discovery/rest?version=v1alpha1", static_discovery=False,
                             cache_discovery=False)
    results = {}

    def keep(request_id, response, exception):
        results[request_id] = (response, exception)

    batch = client.new_batch_http_request()
    texts = [*TEXTS.values(), "", "Un deuxième commentaire, bien poli"]
    for i, text in enumerate(texts):
        batch.add(client.comments().analyze(body={"comment": {"text": text}, "languages": ["fr"],
                                                  "requestedAttributes": {"TOXICITY": {}, "THREAT": {}}}),
                  callback=keep, request_id=str(i))
    batch.execute()
    assert set(results) == {"0", "1", "2", "3"}
    assert results["0"][0]["attributeScores"]["TOXICITY"]["summaryScore"]["value"] > 0.5
    assert isinstance(results["2"][1], HttpError) and results["2"][1].resp.status == 400
    assert "COMMENT_EMPTY" in results["2"][1].content.decode()
    assert results["3"][1] is None and set(results["3"][0]["attributeScores"]) == {"TOXICITY", "THREAT"}


def test_the_perspective_pypi_client_works_with_its_address_changed(server):
    from perspective import PerspectiveAPI

    client = PerspectiveAPI("any-key")
    client.api_client.url = f"{server}/v1alpha1/{{endpoint}}"
    fr = client.score(TEXTS["fr"], tests=["TOXICITY", "INSULT", "IDENTITY_ATTACK"])
    en = client.score(TEXTS["en"], tests=["TOXICITY", "SEVERE_TOXICITY", "PROFANITY", "THREAT"])
    assert set(fr) == {"TOXICITY", "INSULT", "IDENTITY_ATTACK"} and fr["TOXICITY"] > en["TOXICITY"]
    full = client.analyze_comment(TEXTS["fr"], requested_attributes={"TOXICITY": {}}, span_annotations=True,
                                  client_token="tok", languages=["fr"])
    assert full["clientToken"] == "tok" and full["attributeScores"]["TOXICITY"]["spanScores"]


def test_concurrent_clients_get_the_answers_a_lone_client_gets(server):
    host, port = server.removeprefix("http://").split(":")
    bodies = [json.dumps({"comment": {"text": f"{TEXTS['fr']} numéro {i % 7}"}, "requestedAttributes": {"TOXICITY": {}}})
              for i in range(120)]

    def call(body):
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("POST", "/v1alpha1/comments:analyze", body, {"content-type": "application/json"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())

    alone = [call(b) for b in bodies[:7]]
    with ThreadPoolExecutor(12) as pool:
        together = list(pool.map(call, bodies))
    assert all(status == 200 for status, _ in together)
    assert [together[i] for i in range(7)] == alone  # a comment's scores never depend on its batch companions


def test_listening_beyond_loopback_needs_keys(tmp_path):
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.1.2.3")
    with pytest.raises(VigieError, match="--keys FILE"):
        check_bind("0.0.0.0", ServiceSettings())
    check_bind("0.0.0.0", ServiceSettings(keys_file=str(tmp_path / "keys.toml")))
