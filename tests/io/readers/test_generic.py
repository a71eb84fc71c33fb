"""helpers.io.readers.generic: delimited text, JSON Lines and Parquet; rows that cannot be read are named."""

import json

import pandas as pd

from helpers.io.readers import sniff_format


def test_generic_csv_semicolon_and_aliases(fixtures, read_all):
    frame, rejects = read_all("csv", fixtures / "generic_semicolon.csv")
    assert rejects == []
    assert frame["comment_id"].tolist() == ["c1", "c2", "c3"]
    assert frame["author"].tolist() == ["marie_q", "bob", "ti-guy"]
    assert frame["text"].iloc[0].startswith("Bonjour")
    assert frame["_row"].tolist() == [1, 2, 3]
    extra = json.loads(frame["extra"].iloc[0])
    assert extra == {"Comments": "1", "Page": "santé"}


def test_generic_tsv(fixtures, read_all):
    frame, _ = read_all("csv", fixtures / "generic.tsv")
    assert frame["post_id"].tolist() == ["p1", "p1"]
    assert frame["created_at"].iloc[0] == "2020-04-01T12:00:00-04:00"


def test_generic_jsonl_rejects_bad_line_with_its_row(fixtures, read_all):
    frame, rejects = read_all("jsonl", fixtures / "generic.jsonl")
    assert frame["comment_id"].tolist() == ["j1", "j2", "j3"]
    assert frame["_row"].tolist() == [1, 2, 4]
    assert len(rejects) == 1 and rejects[0].row == 3 and "invalid JSON" in rejects[0].reason


def test_parquet_round_trip(tmp_path, read_all):
    path = tmp_path / "export.parquet"
    pd.DataFrame({"message": ["un", "deux"], "date": ["2020-01-01", "2020-01-02"]}).to_parquet(path)
    assert sniff_format(path) == "parquet"
    frame, _ = read_all("parquet", path)
    assert frame["text"].tolist() == ["un", "deux"] and frame["_row"].tolist() == [1, 2]


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
