"""Sheets given back by a spreadsheet: encodings, delimiters, .xlsx, values as typed, ids Excel changed."""

import pandas as pd
import pytest

from excel_sheets import EXCEL_SAVES, save_like_excel
from helpers.errors import VigieError
from helpers.io.sheets import check_ids, damaged_ids, parse_yes_no, read_sheet

SHEET = pd.DataFrame({"comment_id": ["0042", "353196816616062001", "c7"],
                      "text": ["Ça n'a pas de bon sens, écoeurant", "Où est la clinique à Trois-Rivières?", "Merci « Santé »"],
                      "hostile": ["1", "non", ""]})


@pytest.mark.parametrize("how, suffix", EXCEL_SAVES)
def test_every_way_excel_saves_a_sheet_reads_the_same(tmp_path, how, suffix):
    sheet = read_sheet(save_like_excel(SHEET, tmp_path / f"coded{suffix}", how), required=("comment_id", "hostile"))
    assert sheet.frame[list(SHEET.columns)].equals(SHEET)
    assert sheet.rows == [2, 3, 4]  # spreadsheet rows, header on row 1


def test_xlsx_number_cells_read_as_people_see_them(tmp_path):
    frame = pd.DataFrame({"comment_id": [353196816616062001, 42], "hostile": [1, 0], "threat": [True, False]})
    sheet = read_sheet(save_like_excel(frame, tmp_path / "n.xlsx", "xlsx"))
    # Excel keeps 15 digits of a long number: the id comes back as Excel shows it, and damaged_ids names it.
    assert sheet.frame["comment_id"].tolist() == ["3.53196816616062E+17", "42"]
    assert sheet.frame["hostile"].tolist() == ["1", "0"] and sheet.frame["threat"].tolist() == ["true", "false"]


def test_missing_file_column_and_unreadable_rows_name_the_file(tmp_path):
    with pytest.raises(VigieError, match="absent.csv: no such file"):
        read_sheet(tmp_path / "absent.csv")
    path = save_like_excel(SHEET, tmp_path / "c.csv", "utf8-bom")
    with pytest.raises(VigieError, match=r"c.csv: missing column\(s\) correct"):
        read_sheet(path, required=("comment_id", "correct"))
    broken = tmp_path / "broken.csv"
    broken.write_text("comment_id;correct\r\na;oui\r\nb;non;extra\r\n", encoding="cp1252")
    with pytest.raises(VigieError, match=r"broken.csv: 1 row\(s\) cannot be read .*rows 3"):
        read_sheet(broken)
    with pytest.raises(VigieError, match="not a readable Excel workbook"):
        read_sheet(path.rename(tmp_path / "fake.xlsx"))


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("0", False), ("Oui", True), (" NON ", False), ("yes", True), ("No", False), ("VRAI", True),
    ("faux", False), ("x", True), ("X\u00a0", True), ("", None), ("  ", None), ("1.0", True), ("0.0", False),
    ("true", True), ("FALSE", False)])
def test_yes_no_as_people_type_it(value, expected):
    assert parse_yes_no(value) is expected


@pytest.mark.parametrize("value", ["peut-être", "2", "oui non", "?"])
def test_anything_else_is_not_a_yes_no(value):
    with pytest.raises(ValueError, match="is not 1/0, oui/non"):
        parse_yes_no(value)


def test_ids_a_spreadsheet_changed_are_found():
    known = {"0042", "353196816616062001", "c7", "12"}
    found = damaged_ids(["3,53E+17", "42", "353196816616062000", "c7", "12", "999"], known)
    assert [(i, why.split(" (")[0]) for i, _, why in found] == [
        (0, "written in scientific notation"), (1, "leading zeros dropped"), (2, "digits past the 15th lost")]
    # An id no spreadsheet could have made from a known one is not called damaged (it is merely unknown).
    assert damaged_ids(["999", "c8"], known) == []
    # Without the store's ids, scientific notation is still damage.
    assert [i for i, _, _ in damaged_ids(["1.2E+17", "120000000000000000"])] == [0]


def test_check_ids_names_file_rows_and_the_fix(tmp_path):
    frame = SHEET.assign(comment_id=["42", "3,53E+17", "c7"])
    sheet = read_sheet(save_like_excel(frame, tmp_path / "coded.csv", "fr-excel"))
    with pytest.raises(VigieError, match=r"coded.csv: 2 comment_id value\(s\) changed by a spreadsheet .* rows 2, 3.*"
                                         r"format the comment_id column as text"):
        check_ids(sheet, "comment_id", known={"0042", "c7"})
    check_ids(read_sheet(save_like_excel(SHEET, tmp_path / "ok.csv", "fr-excel")), known=set(SHEET["comment_id"]))
