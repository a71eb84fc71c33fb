"""Tables in and out of `vigie score` and `vigie topics --input`: every format, atomic writes, nothing dropped."""

import pandas as pd
import pytest

from helpers.errors import InvalidInput, MissingFile
from helpers.io import tables
from helpers.io.readers import ReaderError
from helpers.io.sheets import read_sheet
from helpers.io.tables import TableWriter, iter_input, read_input, write_table

FRAME = pd.DataFrame({"text": ["Allô, ça va?", "Merci beaucoup"], "n": [1, 2]})


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_each_format_round_trips_and_leaves_no_temporary_file(tmp_path, suffix):
    path = write_table(FRAME, tmp_path / "out" / f"scored{suffix}")
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    back = read_input(path).frame
    assert back["text"].tolist() == FRAME["text"].tolist() and back["n"].astype(int).tolist() == [1, 2]


def test_unreadable_rows_go_to_a_quarantine_file_beside_the_output(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("text,n\nbon,1\nmauvais,2,extra\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    table = read_input(source, output)
    assert table.frame["text"].tolist() == ["bon"] and len(table.rejects) == 1
    quarantine = pd.read_csv(tmp_path / "out.csv.quarantine.csv")
    assert quarantine["row"].tolist() == [2] and "expected 2 fields" in quarantine["reason"].iloc[0]
    source.write_text("text,n\nbon,1\n", encoding="utf-8")
    read_input(source, output)
    assert not (tmp_path / "out.csv.quarantine.csv").exists()  # a stale quarantine file is removed


def test_a_missing_or_unreadable_file_is_named(tmp_path):
    with pytest.raises(MissingFile, match="absent.csv: no such file"):
        read_input(tmp_path / "absent.csv")
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    with pytest.raises(ReaderError, match="broken.parquet: cannot read"):
        read_input(broken)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_a_table_written_in_chunks_reads_back_whole(tmp_path, suffix):
    path = tmp_path / f"scored{suffix}"
    with TableWriter(path) as writer:
        writer.write(pd.DataFrame({"text": ["un", None], "n": [1, 2]}))
        writer.write(pd.DataFrame({"n": [3], "text": ["trois"]}))  # same columns, another order
        assert not path.exists()  # nothing appears before the writer closes
    back = read_input(path).frame
    assert back["text"].tolist()[::2] == ["un", "trois"] and back["n"].astype(int).tolist() == [1, 2, 3]
    assert writer.rows == 3


def test_a_failed_chunked_write_leaves_the_previous_file(tmp_path):
    path = write_table(FRAME, tmp_path / "scored.csv")
    with pytest.raises(ValueError, match="a chunk has columns"), TableWriter(path) as writer:
        writer.write(FRAME)
        writer.write(FRAME.rename(columns={"n": "m"}))
    assert pd.read_csv(path)["text"].tolist() == FRAME["text"].tolist()
    assert [p.name for p in tmp_path.iterdir()] == ["scored.csv"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_iter_input_streams_chunks_and_quarantines_after_the_last(tmp_path, suffix):
    source = tmp_path / f"in{suffix}"
    if suffix == ".csv":
        source.write_text("text,n\n" + "".join(f"t{i},{i}\n" for i in range(5)) + "mauvais,5,extra\n", encoding="utf-8")
    else:
        write_table(pd.DataFrame({"text": [f"t{i}" for i in range(5)], "n": range(5)}), source)
    output = tmp_path / "out.csv"
    chunks = list(iter_input(source, output, chunk_size=2))
    assert [len(c.frame) for c in chunks] == [2, 2, 1] and [r for c in chunks for r in c.rows] == [1, 2, 3, 4, 5]
    quarantine = tmp_path / "out.csv.quarantine.csv"
    assert quarantine.exists() == (suffix == ".csv")
    with pytest.raises(MissingFile):
        next(iter_input(tmp_path / "absent.csv"))


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_delimited_output_keeps_every_value_as_written(tmp_path, suffix):
    import pyarrow.csv as pa_csv

    texts = ['a, "quoted" word', "two\nlines", "carriage\rreturn", "", None, "tab\there"]
    scores = [0.1 + 0.2, 7.0326587e-06, 1e20, float("nan"), 0.0, -1.5]
    frame = pd.DataFrame({"text": texts, "score": scores,
                          "flag": pd.array([True, False, None, True, False, True], dtype="boolean"),
                          "mixed": [1, "deux", 3.5, None, "", True]})  # values of several kinds: written as text
    path = write_table(frame, tmp_path / f"scored{suffix}")
    back = pa_csv.read_csv(path, parse_options=pa_csv.ParseOptions(delimiter="\t" if suffix == ".tsv" else ",",
                                                                    newlines_in_values=True),
                           convert_options=pa_csv.ConvertOptions(strings_can_be_null=True,
                                                                 quoted_strings_can_be_null=False)).to_pydict()
    assert back["text"] == texts  # an empty text stays apart from a missing one: every text is quoted
    assert back["score"][:3] + back["score"][4:] == scores[:3] + scores[4:] and back["score"][3] is None
    assert back["flag"] == [True, False, None, True, False, True]
    assert back["mixed"] == ["1", "deux", "3.5", None, "", "True"]
    assert pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",")["score"].iloc[1] == scores[1]  # pandas reads it


def test_an_excel_output_keeps_comments_as_text_and_values_as_values(tmp_path):
    """A comment that starts with = is text, not a formula Excel would run; an id longer than Excel's 15 digits
    keeps its digits; scores stay numbers, flags booleans, a missing score an empty cell."""
    from openpyxl import load_workbook

    frame = pd.DataFrame({"comment_id": [353196816616062001, 12], "text": ['=HYPERLINK("http://x.example","clic")',
                                                                           "Allô\x07 la mairesse"],
                          "hostility": [0.25, float("nan")], "hostile": [True, False],
                          "created_at": pd.to_datetime(["2020-04-14 09:30", "2020-04-15 10:00"], utc=True)})
    path = write_table(frame, tmp_path / "scored.xlsx")
    sheet = load_workbook(path).active
    rows = [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]
    assert [v for v, _ in rows[0]] == list(frame.columns)
    assert rows[1][0] == ("353196816616062001", "s") and rows[2][0] == (12, "n")
    assert rows[1][1] == ('=HYPERLINK("http://x.example","clic")', "s")  # no formula cell anywhere
    assert rows[2][1][0] == "Allô la mairesse"  # a control character Excel cannot hold is dropped
    assert rows[1][2] == (0.25, "n") and rows[2][2][0] is None and rows[1][3] == (True, "b")
    assert rows[1][4][0] == "2020-04-14T09:30:00+00:00"
    assert not any(t == "f" for row in rows for _, t in row)
    back = read_sheet(path).frame  # as `vigie agreement` and `vigie feedback` read a workbook back
    assert back["text"].tolist()[0] == '=HYPERLINK("http://x.example","clic")'
    assert back["comment_id"].tolist() == ["353196816616062001", "12"]


def test_an_excel_output_written_in_chunks_appears_whole_when_closed(tmp_path):
    path = tmp_path / "scored.xlsx"
    with TableWriter(path) as writer:
        writer.write(pd.DataFrame({"text": ["un", None], "n": [1, 2]}))
        writer.write(pd.DataFrame({"n": [3], "text": ["trois"]}))  # same columns, another order
        assert not path.exists()
    back = read_sheet(path).frame
    assert back["text"].tolist() == ["un", "", "trois"] and back["n"].tolist() == ["1", "2", "3"]


def test_what_does_not_fit_in_excel_is_named_and_leaves_no_file(tmp_path, monkeypatch):
    long = pd.DataFrame({"text": ["court", "x" * (tables.EXCEL_CELL_CHARS + 1)]})
    with pytest.raises(InvalidInput, match=r"scored.xlsx: row 3, field 'text': 32,768 characters"):
        write_table(long, tmp_path / "scored.xlsx")
    monkeypatch.setattr(tables, "EXCEL_ROWS", 3)  # a header and two rows
    write_table(FRAME, tmp_path / "fits.xlsx")
    with pytest.raises(InvalidInput, match="more than 2 rows do not fit in an Excel sheet"):
        write_table(pd.concat([FRAME, FRAME]), tmp_path / "too_many.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fits.xlsx"]


def test_an_empty_excel_output_is_a_workbook(tmp_path):
    from openpyxl import load_workbook

    with TableWriter(tmp_path / "empty.xlsx"):
        pass
    assert load_workbook(tmp_path / "empty.xlsx").active.max_row == 1
