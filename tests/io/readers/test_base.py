"""helpers.io.readers._base: format sniffing, encodings and file-level errors."""

import pytest

from helpers.io.readers import READERS, ReaderError, sniff_format


@pytest.mark.parametrize("filename, expected", [
    ("generic_semicolon.csv", "csv"),
    ("generic.tsv", "csv"),
    ("generic.jsonl", "jsonl"),
    ("crisislex_sample.csv", "crisislex"),
    ("twitter_v2.jsonl", "twitter"),
    ("facebook_comments.json", "facebook"),
    ("youtube_threads.json", "youtube"),
    ("reddit_thread.json", "reddit"),
])
def test_sniff_format(fixtures, filename, expected):
    assert sniff_format(fixtures / filename) == expected


def test_sniff_unknown_format_names_the_choices(tmp_path):
    path = tmp_path / "export.bin"
    path.write_bytes(b"\x00\x01garbage")
    with pytest.raises(ReaderError, match="--format"):
        sniff_format(path)


def test_invalid_json_document_is_a_file_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"data": [ {"id": 1, "message": "x"', encoding="utf-8")
    with pytest.raises(ReaderError, match="not valid JSON"):
        list(READERS["facebook"].read(path, {}))


@pytest.mark.parametrize("content, expected", [
    ("texte,été\n".encode(), "utf-8"),
    (b"\xef\xbb\xbf" + "texte,été\n".encode(), "utf-8-sig"),
    ("id;message\n1;Très fâché contre la santé publique\n2;Où est-ce qu'on se fait tester?\n".encode("cp1252"), "cp1252"),
    # Mostly UTF-8 with one damaged byte: still UTF-8 (the damaged record alone is quarantined).
    ("id,text\n1,déjà été là-bas\n".encode() + b"2,caf\xe9\n", "utf-8"),
    (b"id,text\n1,plain ascii\n", "utf-8"),
])
def test_detect_encoding(tmp_path, content, expected):
    from helpers.io.readers import detect_encoding

    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert detect_encoding(path) == expected
