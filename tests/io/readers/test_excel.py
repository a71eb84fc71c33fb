"""helpers.io.readers.excel: a workbook's first sheet as text records; what cannot be read is named."""

import datetime as dt

import pytest

from helpers.io.readers import READERS, ReaderError, read_table, sniff_format
from helpers.io.readers.excel import FLOAT_EXACT, cell_text, excel_tables, rounded_by_excel, rounded_id
from helpers.io.readers.generic import iter_tables


def _workbook(path, rows, other_sheet=False):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    if other_sheet:
        book.create_sheet("notes").append(["not", "comments"])
    book.save(path)
    return path


def test_a_workbooks_first_sheet_is_read_as_the_text_people_see(tmp_path, read_all):
    path = _workbook(tmp_path / "export.xlsx", [
        ["Comment ID", "Message", "Date", "Likes", "Verified"],
        ["353196816616062001", "Bonjour, merci pour l'info", dt.datetime(2020, 4, 14, 9, 30), 3, True],
        [None, None, None, None, None],  # an empty row is skipped, as a blank line of a CSV
        [12, "ta yeule", "2020-04-15 10:00", 0.0, False],
    ], other_sheet=True)
    assert sniff_format(path) == "xlsx"
    frame, rejects = read_all("xlsx", path)
    assert rejects == []
    assert frame["comment_id"].tolist() == ["353196816616062001", "12"]  # a text id keeps its digits
    assert frame["text"].tolist() == ["Bonjour, merci pour l'info", "ta yeule"]
    assert frame["created_at"].tolist() == ["2020-04-14T09:30:00", "2020-04-15 10:00"]
    assert frame["like_count"].tolist() == ["3", "0"]  # no spurious ".0"
    assert frame["_row"].tolist() == [1, 3]  # spreadsheet rows 2 and 4, less the header's
    assert '"Verified": "true"' in frame["extra"].iloc[0]


def test_a_named_sheet_is_read_and_a_missing_one_lists_the_sheets(tmp_path):
    """Export tools put a summary sheet first; ``sheet=`` reads the comments' sheet, through every reader."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Summary"
    book.active.append(["Report", "April"])
    book.create_sheet("Comments").append(["id", "text"])
    book["Comments"].append(["1", "merci"])
    book.create_sheet("Empty")
    book.save(tmp_path / "export.xlsx")
    path = tmp_path / "export.xlsx"
    assert read_table(path).frame.columns.tolist() == ["Report", "April"]  # the first sheet by default
    for name in ("Comments", "comments "):  # as Excel, in any case
        [chunk] = excel_tables(path, sheet=name)
        assert chunk.frame["text"].tolist() == ["merci"]
    for name in ("xlsx", "generic"):
        [raw] = READERS[name].read(path, {}, sheet="Comments")
        assert raw.frame["text"].tolist() == ["merci"]
    with pytest.raises(ReaderError, match="no sheet named 'Commentaires'.*'Summary', 'Comments', 'Empty'"):
        list(excel_tables(path, sheet="Commentaires"))
    with pytest.raises(ReaderError, match="sheet 'Empty' is empty"):
        list(excel_tables(path, sheet="Empty"))
    csv = tmp_path / "export.csv"
    csv.write_text("id,text\n1,merci\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="not an Excel workbook"):
        list(iter_tables(csv, sheet="Comments"))


def test_a_value_under_no_header_is_rejected_with_its_cell(tmp_path):
    path = _workbook(tmp_path / "export.xlsx", [["id", "text"], ["1", "ok"], ["2", "deux", "a stray note"], ["3", "trois"]])
    table = read_table(path)
    assert table.frame["text"].tolist() == ["ok", "trois"] and table.rows == [1, 3]
    [reject] = table.rejects
    assert reject.row == 2 and "cell C3" in reject.reason and "a stray note" in reject.raw


def test_a_large_sheet_comes_in_chunks_with_its_rows_numbered_through(tmp_path):
    path = _workbook(tmp_path / "export.xlsx", [["text"]] + [[f"comment {i}"] for i in range(1, 8)])
    chunks = list(excel_tables(path, chunk_size=3))
    assert [len(c.frame) for c in chunks] == [3, 3, 1]
    assert [r for c in chunks for r in c.rows] == list(range(1, 8))


@pytest.mark.parametrize("name, content, message", [
    ("old.xls", b"\xd0\xcf\x11\xe0 binary", "Excel 97-2003"),
    ("broken.xlsx", b"id,text\n1,not a workbook\n", "not a readable Excel workbook"),
])
def test_a_file_that_is_not_a_workbook_says_what_to_do(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReaderError, match=message):
        read_table(path)


def test_an_empty_workbook_has_no_header(tmp_path):
    with pytest.raises(ReaderError, match="empty"):
        read_table(_workbook(tmp_path / "empty.xlsx", []))


def test_an_id_excel_stored_as_a_number_reads_as_excel_shows_it_and_is_known_as_rounded():
    assert cell_text(353196816616062001) == "3.53196816616062E+17"
    assert cell_text(3.53196816616062e17) == "3.53196816616062E+17"
    assert cell_text(12.0) == "12" and cell_text(0.25) == "0.25" and cell_text(None) == ""
    assert rounded_by_excel(cell_text(353196816616062001)) and rounded_by_excel(" 3,53E+17 ")
    assert not rounded_by_excel("353196816616062001") and not rounded_by_excel("E12") and not rounded_by_excel("12")


def test_an_id_that_may_have_lost_digits_is_known_whether_text_or_float():
    assert rounded_id("3,53E+17") and not rounded_id("353196816616062001")
    # A float column: exact below 2**53, and past it floats skip whole numbers (2**53 + 1 reads as 2**53).
    assert not rounded_id(float(FLOAT_EXACT - 1)) and rounded_id(float(FLOAT_EXACT)) and rounded_id(-1.2e18)
    assert float(FLOAT_EXACT + 1) == float(FLOAT_EXACT)
    assert not rounded_id(float("nan")) and not rounded_id(353196816616062001) and not rounded_id(None)

