"""Tables in and out of `vigie score` and `vigie topics --input`: every format, atomic writes, nothing dropped."""

import pandas as pd
import pytest

from helpers.errors import MissingFile
from helpers.io.readers import ReaderError
from helpers.io.tables import read_input, write_table

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
