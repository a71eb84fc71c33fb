import json

import pandas as pd
import pytest

from helpers.io.readers import READERS, ReaderError, sniff_format


def read_all(name, path, mapping=None):
    chunks = list(READERS[name].read(path, mapping or {}))
    frame = pd.concat([c.frame for c in chunks], ignore_index=True)
    rejects = [r for c in chunks for r in c.rejects]
    return frame, rejects


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


def test_generic_csv_semicolon_and_aliases(fixtures):
    frame, rejects = read_all("csv", fixtures / "generic_semicolon.csv")
    assert rejects == []
    assert frame["comment_id"].tolist() == ["c1", "c2", "c3"]
    assert frame["author"].tolist() == ["marie_q", "bob", "ti-guy"]
    assert frame["text"].iloc[0].startswith("Bonjour")
    assert frame["_row"].tolist() == [1, 2, 3]
    extra = json.loads(frame["extra"].iloc[0])
    assert extra == {"Comments": "1", "Page": "santé"}


def test_generic_tsv(fixtures):
    frame, _ = read_all("csv", fixtures / "generic.tsv")
    assert frame["post_id"].tolist() == ["p1", "p1"]
    assert frame["created_at"].iloc[0] == "2020-04-01T12:00:00-04:00"


def test_generic_jsonl_rejects_bad_line_with_its_row(fixtures):
    frame, rejects = read_all("jsonl", fixtures / "generic.jsonl")
    assert frame["comment_id"].tolist() == ["j1", "j2", "j3"]
    assert frame["_row"].tolist() == [1, 2, 4]
    assert len(rejects) == 1 and rejects[0].row == 3 and "invalid JSON" in rejects[0].reason


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "export.parquet"
    pd.DataFrame({"message": ["un", "deux"], "date": ["2020-01-01", "2020-01-02"]}).to_parquet(path)
    assert sniff_format(path) == "parquet"
    frame, _ = read_all("parquet", path)
    assert frame["text"].tolist() == ["un", "deux"] and frame["_row"].tolist() == [1, 2]


def test_crisislex_snowflake_time_and_event(fixtures):
    frame, rejects = read_all("crisislex", fixtures / "crisislex_sample.csv")
    assert len(frame) == 2 and len(rejects) == 1 and rejects[0].field == "comment_id" and rejects[0].row == 3
    first = frame["created_at"].iloc[0]
    # Snowflake: milliseconds since the Twitter epoch in the bits above 22; the derailment was on 2013-07-06.
    expected_ms = (353400000000000000 >> 22) + 1288834974657
    assert pd.Timestamp(first) == pd.Timestamp(expected_ms, unit="ms", tz="UTC")
    assert pd.Timestamp(first).strftime("%Y-%m") == "2013-07"  # ids of that size are from July 2013
    assert frame["post_id"].iloc[0] == "crisislex_sample"
    assert json.loads(frame["extra"].iloc[0])["information_source"] == "Media"
    assert json.loads(frame["extra"].iloc[0])["event"] == "crisislex_sample"


def test_twitter_v2_pages_and_single_tweets(fixtures):
    frame, rejects = read_all("twitter", fixtures / "twitter_v2.jsonl")
    assert rejects == []
    assert frame["comment_id"].tolist() == ["1240000000000000001", "1240000000000000002", "1240000000000000003"]
    assert frame["author"].tolist() == ["marie_qc", "angry_bob", "13"]  # username from includes, else id
    assert frame["parent_id"].iloc[0] == "1240000000000000000"
    assert frame["like_count"].tolist() == [4, 0, 1]


def test_facebook_nested_replies(fixtures):
    frame, _ = read_all("facebook", fixtures / "facebook_comments.json")
    assert frame["comment_id"].tolist() == ["1093847_501", "1093847_502", "1093847_503", "1093847_504"]
    assert frame["post_id"].unique().tolist() == ["1093847"]
    assert frame.loc[1, "parent_id"] == "1093847_501"
    assert frame.loc[0, "author"] == "9001" and frame.loc[2, "author"] is None


def test_youtube_threads_with_replies_and_broken_thread(fixtures):
    frame, rejects = read_all("youtube", fixtures / "youtube_threads.json")
    assert frame["comment_id"].tolist() == ["yc1", "yc2"]
    assert frame["parent_id"].tolist() == [None, "yc1"]
    assert frame["reply_count"].tolist()[0] == 1
    assert len(rejects) == 1 and "topLevelComment" in rejects[0].reason


def test_reddit_thread_pair_nested_replies_and_deleted(fixtures):
    frame, _ = read_all("reddit", fixtures / "reddit_thread.json")
    assert frame["comment_id"].tolist() == ["r1", "r2", "r3"]
    assert frame["post_id"].unique().tolist() == ["abc"]
    assert frame["parent_id"].tolist() == [None, "r1", None]
    assert frame.loc[1, "author"] is None  # [deleted]
    assert frame.loc[2, "text"] is None  # [removed]: quarantined later as empty text


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


def test_one_column_file_keeps_commas_inside_comments(tmp_path):
    from helpers.io.readers import read_table

    path = tmp_path / "one.csv"
    path.write_text('text\nBonjour, merci pour l\'info\nC\'est une honte, vraiment, bande de caves\n"cité, «entre» guillemets"\n',
                    encoding="utf-8")
    table = read_table(path)
    assert table.frame["text"].tolist() == ["Bonjour, merci pour l'info", "C'est une honte, vraiment, bande de caves",
                                            "cité, «entre» guillemets"]
    assert table.rejects == []


def test_read_table_reports_unreadable_rows_instead_of_merging_them(tmp_path):
    from helpers.io.readers import read_table

    path = tmp_path / "two.csv"
    path.write_text("id,text\n1,first comment\n2,second, with a stray comma\n3,third\n", encoding="utf-8")
    table = read_table(path)
    assert table.frame["text"].tolist() == ["first comment", "third"] and table.rows == [1, 3]
    assert [(r.row, r.reason) for r in table.rejects] == [(2, "expected 2 fields, found 3")]
