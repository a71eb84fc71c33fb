"""Sheets as a spreadsheet saves them back, for the tests of everything people fill in by hand."""

import pandas as pd

#: (how, suffix) of each way a sheet comes back from Excel.
EXCEL_SAVES = [("fr-excel", ".csv"), ("utf8-bom", ".csv"), ("mac-cr", ".csv"), ("xlsx", ".xlsx")]


def save_like_excel(frame: pd.DataFrame, path, how: str):
    """Write ``frame`` as Excel would save it: French CSV, UTF-8 CSV with a BOM, old Mac CSV, or .xlsx."""
    if how == "fr-excel":  # "CSV (séparateur : point-virgule)": Windows-1252, semicolons, CRLF
        frame.to_csv(path, sep=";", index=False, encoding="cp1252", errors="replace", lineterminator="\r\n")
    elif how == "utf8-bom":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    elif how == "mac-cr":  # an old Excel for Mac: Mac Roman, CR line ends
        frame.to_csv(path, sep=";", index=False, encoding="mac_roman", errors="replace", lineterminator="\r")
    else:
        frame.to_excel(path, index=False)
    return path
