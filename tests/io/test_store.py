import pandas as pd

from helpers.io.store import Store
from holders import hold


def test_store_creates_schema_and_salt(tmp_path, monkeypatch):
    monkeypatch.delenv("VIGIE_SALT", raising=False)
    path = tmp_path / "s.duckdb"
    with Store(path) as st:
        salt = st.salt()
        assert len(salt) == 32 and st.salt() == salt
        assert st.count("comments") == 0
    with Store(path) as st:
        assert st.salt() == salt  # kept with the store: pseudonyms stay stable across runs
    monkeypatch.setenv("VIGIE_SALT", "from-env")
    with Store(path) as st:
        assert st.salt() == "from-env"


def test_read_only_store_must_exist(tmp_path):
    import pytest

    with pytest.raises(FileNotFoundError, match="vigie ingest"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_comments_period_filter_and_export(fixtures, store, tmp_path):
    from helpers.io.ingest import ingest_paths

    ingest_paths([fixtures / "generic.tsv", fixtures / "youtube_threads.json"], store)
    assert len(store.comments()) == 4
    august = store.comments(start="2020-08-01", end="2020-09-01")
    assert set(august["comment_id"]) == {"yc1", "yc2"}
    assert (august["created_at"] >= pd.Timestamp("2020-08-01", tz="UTC")).all()
    paths = store.export_parquet(tmp_path / "out")
    assert [p.name for p in paths] == ["comments.parquet", "quarantine.parquet", "ingest_log.parquet"]
    assert len(pd.read_parquet(paths[0])) == 4


def test_transaction_rolls_back(store):
    import pytest

    with pytest.raises(RuntimeError):
        with store.transaction():
            store.set_meta("k", "v")
            raise RuntimeError("boom")
    assert store.get_meta("k") is None


def test_writers_publish_a_snapshot_that_readers_open(fixtures, tmp_path):
    from helpers.config import snapshot_path
    from helpers.io.ingest import ingest_paths

    path = tmp_path / "s.duckdb"
    with Store(path) as st:
        ingest_paths([fixtures / "generic.tsv"], st)
    assert snapshot_path(path).name == "s.snapshot.duckdb" and snapshot_path(path).exists()
    with Store(path, read_only=True) as reader:
        assert reader.source == snapshot_path(path) and reader.count("comments") == 2
    first = snapshot_path(path).stat().st_ino
    Store(path).close()  # a writer that changes nothing (a run with nothing new) does not copy the store again
    assert snapshot_path(path).stat().st_ino == first
    with Store(path) as st:
        ingest_paths([fixtures / "youtube_threads.json"], st)
    assert snapshot_path(path).stat().st_ino != first
    with Store(path, read_only=True) as reader:
        assert reader.count("comments") > 2  # the new snapshot replaced the old one


def test_a_reader_never_blocks_a_writer(fixtures, tmp_path):
    from helpers.config import snapshot_path
    from helpers.io.ingest import ingest_paths

    path = tmp_path / "s.duckdb"
    with Store(path) as st:
        ingest_paths([fixtures / "generic.tsv"], st)
    reader = hold(snapshot_path(path), read_only=True)  # an open notebook kernel
    try:
        with Store(path, lock_timeout=0) as st:  # no wait at all: it must not need one
            before = st.count("comments")
            report = ingest_paths([fixtures / "youtube_threads.json"], st)
            after = st.count("comments")
    finally:
        reader.kill()
        reader.wait()
    # The writer wrote while the reader held its snapshot open, and nothing was lost.
    assert report.loaded > 0 and after == before + report.loaded
    with Store(path, read_only=True) as st:
        assert st.count("comments") == after  # the new snapshot, published when the writer closed
