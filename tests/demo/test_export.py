"""helpers.demo.export: the demo files, with the page handle in its triage configuration."""

import json

import pandas as pd

from helpers.demo import PAGE_AUTHOR, write_demo


def test_write_demo_files(tmp_path):
    paths = write_demo(tmp_path, n_comments=500, seed=1)
    assert {p.name for p in paths.values()} == {"comments.csv", "ground_truth.csv", "ground_truth.json", "triage.toml"}
    events = json.loads(paths["events"].read_text(encoding="utf-8"))
    assert events["n_rows"] == len(pd.read_csv(paths["comments"]))
    assert not list(tmp_path.glob("*.tmp"))


def test_same_seed_same_files_and_the_page_handle_in_the_triage_configuration(tmp_path):
    first, second = write_demo(tmp_path / "a", n_comments=300, seed=5), write_demo(tmp_path / "b", n_comments=300, seed=5)
    for key in first:
        assert first[key].read_bytes() == second[key].read_bytes(), key
    assert f'"{PAGE_AUTHOR}"' in first["triage"].read_text(encoding="utf-8")
