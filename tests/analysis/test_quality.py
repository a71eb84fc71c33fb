from helpers.analysis.quality import summary, write_markdown
from helpers.io.ingest import ingest_paths


def test_summary_frames_are_consistent(fixtures, store, tmp_path):
    report = ingest_paths(sorted(fixtures.glob("*")), store)
    result = summary(store)
    totals = result.totals.iloc[0]
    assert totals["comments"] == report.loaded == store.count("comments")
    assert totals["quarantined"] == store.count("quarantine") == report.quarantined
    assert result.by_language["comments"].sum() == report.loaded
    assert abs(result.by_language["share"].sum() - 1) < 1e-9
    assert result.by_week["comments"].sum() == report.loaded
    assert result.quarantine["rows"].sum() == report.quarantined
    assert result.files["read"].sum() == report.read
    # Each file's detected encoding is shown (the fixtures are UTF-8; JSON exports the same).
    assert set(result.files["encoding"].dropna()) == {"utf-8"}
    path = write_markdown(result, tmp_path / "q" / "quality.md")
    text = path.read_text(encoding="utf-8")
    assert "## Quarantine" in text and "empty text" in text
