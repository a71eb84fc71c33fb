"""Google's batch format: the parts googleapiclient writes, and the answer it reads."""

import base64

import pytest

from helpers.service.batch import MAX_PARTS, format_batch, parse_batch, response_id
from helpers.service.contract import ApiError


def part(content_id: str, body: str, path="/v1alpha1/comments:analyze?key=k&alt=json", newline="\n") -> str:
    return newline.join(["Content-Type: application/http", "Content-Transfer-Encoding: binary",
                         f"Content-ID: {content_id}", "", f"POST {path} HTTP/1.1", "Content-Type: application/json",
                         "MIME-Version: 1.0", "Host: 127.0.0.1:8080", "", body])


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_parts_are_read_with_their_ids_paths_keys_and_bodies(newline):
    body = (f"--===123=={newline}" + part("<abc + 1>", '{"comment": {"text": "é"}}', newline=newline) +
            f"{newline}--===123=={newline}" + part("<abc + 2>", "{}", "/v1alpha1/comments:suggestscore", newline) +
            f"{newline}--===123==--{newline}")
    parts = parse_batch('multipart/mixed; boundary="===123=="', body.encode())
    assert [p.content_id for p in parts] == ["<abc + 1>", "<abc + 2>"]
    assert parts[0].path == "/v1alpha1/comments:analyze" and parts[0].query == {"key": ["k"], "alt": ["json"]}
    assert parts[0].body == '{"comment": {"text": "é"}}'.encode() and parts[1].path.endswith("suggestscore")


def test_base64_parts_and_refused_batches():
    encoded = base64.b64encode(b'POST /v1alpha1/comments:analyze HTTP/1.1\n\n{"a": 1}').decode()
    body = f"--b\nContent-ID: <x>\nContent-Transfer-Encoding: base64\n\n{encoded}\n--b--\n"
    assert parse_batch("multipart/mixed; boundary=b", body.encode())[0].body == b'{"a": 1}'
    for content_type, raw in [("application/json", b"{}"), ("multipart/mixed", b"--b--"),
                              ("multipart/mixed; boundary=b", b"--b--\n"),
                              ("multipart/mixed; boundary=b", ("--b\n" + part("<1>", "{}") + "\n") * (MAX_PARTS + 1))]:
        with pytest.raises(ApiError):
            parse_batch(content_type, raw if isinstance(raw, bytes) else raw.encode())


def test_answer_is_what_googleapiclient_reads():
    from email.parser import FeedParser

    content_type, body = format_batch([("<abc + 1>", 200, {"ok": "é"}), ("<abc + 2>", 400, {"error": {"code": 400}})])
    message = FeedParser()
    message.feed(f"content-type: {content_type}\r\n\r\n" + body.decode())
    parts = message.close().get_payload()
    assert [p["Content-ID"] for p in parts] == ["<response-abc + 1>", "<response-abc + 2>"]
    status_line, rest = parts[1].get_payload().split("\n", 1)
    assert status_line.strip() == "HTTP/1.1 400 Bad Request" and rest.split("\r\n\r\n", 1)[1].startswith('{"error"')
    assert response_id("plain") == "<response-plain>"
