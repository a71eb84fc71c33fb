import numpy as np
import pandas as pd
import pytest

from helpers.analysis.agreement import CODED_COLUMNS, agreement, coding_sheet, disagreements, read_coded, vigie_labels
from helpers.errors import VigieError


def scored(n=300, seed=1):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"comment_id": [f"c{i}" for i in range(n)],
                         "text": [f"commentaire {i} marie@exemple.ca" for i in range(n)],
                         "hostile": rng.random(n) < 0.1, "identity_attack": rng.random(n) * 0.6,
                         "threat": np.where(np.arange(n) < 3, 0.9, 0.0), "distress": rng.random(n) * 0.7,
                         "is_question": rng.random(n) < 0.2, "sentiment": rng.choice(["negative", "neutral", "positive"], n)})


def test_coding_sheet_is_stratified_redacted_shuffled_and_seeded():
    frame = scored()
    sheet = coding_sheet(frame, n=60)
    assert len(sheet) == 60 and sheet["comment_id"].is_unique
    assert list(sheet.columns) == ["comment_id", "text", *CODED_COLUMNS] and (sheet["sentiment"] == "").all()
    assert "[email]" in sheet["text"].iloc[0]
    # The three threats in 300 comments are all in a sample of 60 (a random sample would hold 0.6 of them).
    assert {"c0", "c1", "c2"} <= set(sheet["comment_id"])
    assert sheet.equals(coding_sheet(frame, n=60)) and not sheet.equals(coding_sheet(frame, n=60, random_state=1))
    with pytest.raises(ValueError, match="cannot stratify"):
        coding_sheet(frame, stratify=("sentiment",))


def test_coded_sheet_identical_to_vigie_gives_kappa_one():
    frame = scored()
    truth = vigie_labels(frame)
    sheet = coding_sheet(frame, n=80).drop(columns=list(CODED_COLUMNS)).merge(truth, on="comment_id")
    sheet = sheet.assign(**{c: sheet[c].map({True: "oui", False: "non"}) for c in CODED_COLUMNS if c != "sentiment"})
    table = agreement(read_coded(sheet), truth, n_boot=200).set_index("column")
    assert set(table.index) == set(CODED_COLUMNS)
    assert (table["kappa"] == 1).all() and (table["agreement"] == 1).all() and (table["n"] == 80).all()
    assert disagreements(read_coded(sheet), truth, sheet).empty


def test_kappa_precision_recall_on_a_known_table_and_blank_codes():
    # 10 coded comments: coder says 4 hostile, Vigie flags 3 of those and 1 other.
    coded = pd.DataFrame({"comment_id": [str(i) for i in range(11)],
                          "hostile": ["1", "1", "1", "1", "0", "0", "0", "0", "0", "0", ""]})
    other = pd.DataFrame({"comment_id": [str(i) for i in range(11)],
                          "hostile": [True, True, True, False, True, False, False, False, False, False, True]})
    row = agreement(read_coded(coded), other, n_boot=200).set_index("column").loc["hostile"]
    assert row["n"] == 10  # the blank code is left out
    assert row["precision"] == pytest.approx(0.75) and row["recall"] == pytest.approx(0.75)
    # po = 0.8, pe = 0.4*0.4 + 0.6*0.6 = 0.52, kappa = 0.28 / 0.48
    assert row["kappa"] == pytest.approx(0.28 / 0.48)
    assert row["kappa_low"] <= row["kappa"] <= row["kappa_high"]
    assert disagreements(read_coded(coded), other, coded.assign(text="t"))["comment_id"].tolist() == ["3", "4"]


def test_a_value_that_is_not_a_code_names_its_row_and_column():
    with pytest.raises(ValueError, match=r"row 3, column threat: 'peut-être'"):
        read_coded(pd.DataFrame({"comment_id": ["a", "b"], "threat": ["0", "peut-être"]}))


def test_boxes_marked_with_x_read_blank_as_no_on_rows_the_coder_filled():
    sheet = pd.DataFrame({"comment_id": ["a", "b", "c", "d"], "hostile": ["x", "", "X ", ""],
                          "threat": ["1", "0", "", ""], "sentiment": ["négatif", "Neutre", "positive", ""]})
    codes = read_coded(sheet)
    # Row d is blank everywhere: not coded. A column of x's and blanks is a column of boxes.
    assert codes["hostile"].tolist() == [True, False, True, None]
    assert codes["threat"].tolist() == [True, False, None, None]  # 1/0 columns keep blank = not coded
    assert codes["sentiment"].tolist() == ["negative", "neutral", "positive", None]


def test_coded_sheet_saved_by_french_excel_gives_the_same_codes(tmp_path):
    from excel_sheets import save_like_excel
    from helpers.analysis.agreement import read_coded_sheet

    sheet = pd.DataFrame({"comment_id": ["001", "002", "003"], "text": ["Ça va mal à Montréal", "écoeurant", "merci"],
                          "hostile": ["oui", "NON", " 1"], "sentiment": ["négatif", "negative", "positif"]})
    readings = [read_coded_sheet(save_like_excel(sheet, tmp_path / f"s{i}{suffix}", how), {"001", "002", "003"})[1]
                for i, (how, suffix) in enumerate([("utf8-bom", ".csv"), ("fr-excel", ".csv"), ("xlsx", ".xlsx")])]
    assert readings[0]["hostile"].tolist() == [True, False, True]
    assert all(r.equals(readings[0]) for r in readings[1:])
    # Excel dropped the leading zeros: named, with the fix, instead of matching nothing.
    with pytest.raises(VigieError, match=r"s9.csv: 3 comment_id value\(s\) changed .*leading zeros dropped.*rows 2, 3, 4"):
        read_coded_sheet(save_like_excel(sheet.assign(comment_id=["1", "2", "3"]), tmp_path / "s9.csv", "fr-excel"),
                         {"001", "002", "003"})
