import pandas as pd

from helpers.store import Store


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
    from helpers.ingest import ingest_paths

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
