"""Suggested scores wait when the store is busy and are never kept as text."""

import subprocess
import sys

from helpers.io.store import Store
from helpers.service.suggestions import SuggestionSpool
from helpers.text import text_hash

HOLD = "import sys; from helpers.io.store import Store\nwith Store(sys.argv[1]):\n    print('held', flush=True); sys.stdin.read()"


def test_a_busy_store_keeps_suggestions_waiting_then_writes_them(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    spool = SuggestionSpool(path, every=3600)
    spool.add("Un commentaire de Josée", {"TOXICITY": 0.2, "INSULT": 0.1}, "fr")
    monkeypatch.setattr("helpers.service.suggestions.LOCK_WAIT_SECONDS", 0.2)
    # Another process (the scheduled run, say) writes the store.
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline().strip() == "held"
    assert spool.flush() == 0 and spool.pending() == 2  # busy: nothing lost, nobody waited long
    holder.communicate("")
    assert spool.flush() == 2 and spool.pending() == 0
    with Store(path, read_only=True) as st:
        rows = st.query("SELECT text_hash, attribute FROM score_suggestions ORDER BY attribute")
    assert rows.values.tolist() == [[text_hash("Un commentaire de Josée"), "INSULT"],
                                    [text_hash("Un commentaire de Josée"), "TOXICITY"]]
