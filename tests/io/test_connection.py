"""helpers.io.connection: writers queue, readers attach privately, a busy store names who holds it."""

import duckdb
import pytest

from helpers.errors import StoreBusy
from helpers.io.connection import _lock_holder, connect
from helpers.io.store import Store
from holders import hold


def test_a_busy_store_stops_a_writer_with_one_line_naming_the_holder(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    holder = hold(path, read_only=False)
    try:
        with pytest.raises(StoreBusy, match=rf"in use by PID {holder.pid} \(python -c .*waited 1 s"):
            Store(path, lock_timeout=1)
    finally:
        holder.kill()
        holder.wait()
    with Store(path, lock_timeout=1) as st:  # free again
        assert st.count("comments") == 0


def test_a_reader_sees_the_file_it_attached_and_cannot_write(tmp_path):
    path = tmp_path / "s.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    reader = connect(path, read_only=True)
    assert reader.execute("SELECT x FROM t").fetchone() == (1,)
    with pytest.raises(duckdb.Error):
        reader.execute("INSERT INTO t VALUES (2)")
    reader.close()


def test_the_holder_is_named_from_duckdbs_message():
    message = "IO Error: Could not set lock on file: Conflicting lock is held in /usr/bin/python3 (PID 4242) by user"
    assert _lock_holder(message).startswith("PID 4242 (")  # that PID is gone: its executable is named
    assert _lock_holder("some other lock error") == "another process"
