"""The pages' words and numbers: empty states, time scales, no minus zero; a quiet real week read in a browser."""

import numpy as np
import pandas as pd
import pytest

from helpers.analysis.timeseries import MIN_PER_BIN, choose_freq, proportion_series
from helpers.i18n import change, number, percent
from helpers.reports.page import html_table, no_spike_sentence, period_words, time_scale_note
from pages_in_browser import negative_zeros, read_pages


def test_a_table_with_no_row_is_a_sentence_never_a_header_alone():
    empty = pd.DataFrame(columns=["author", "n"])
    assert html_table(empty, lang="fr") == '<p class="empty">Rien à signaler pour cette période.</p>'
    assert "<table" not in html_table(empty, {"author": "auteur", "n": "n"}, lang="en", empty="No <b>one</b>.")
    assert "No &lt;b&gt;one&lt;/b&gt;." in html_table(empty, empty="No <b>one</b>.")


def test_the_time_scale_follows_the_volume():
    start, end = pd.Timestamp("2020-04-06", tz="UTC"), pd.Timestamp("2020-04-20", tz="UTC")
    hours = (end - start) / pd.Timedelta("1h")

    def times(n):
        return pd.Series(pd.date_range(start, end, periods=n + 1)[:-1])

    assert choose_freq(times(int(MIN_PER_BIN * hours)), start, end) == "h"
    assert choose_freq(times(int(MIN_PER_BIN * hours / 6)), start, end) == "6h"
    assert choose_freq(times(int(MIN_PER_BIN * hours / 24)), start, end) == "D"
    assert choose_freq(times(3), start, end) == "D"
    quiet = pd.DataFrame({"created_at": times(391)})
    assert "par jour" in time_scale_note(quiet, start, end, "fr") and "per day" in time_scale_note(quiet, start, end, "en")


def test_no_spike_says_between_which_shares_the_hostile_share_stayed():
    days = pd.date_range("2013-07-01", periods=7, freq="D", tz="UTC")
    frame = pd.DataFrame({"created_at": np.repeat(days, 50), "hostile": [i % 50 == 0 for i in range(350)]})
    frame.loc[frame.index[:3], "hostile"] = True  # day one: 3 hostile in 50
    sentence = no_spike_sentence(proportion_series(frame, "hostile", "D"), days[0], days[-1] + pd.Timedelta("1D"), "D", "en")
    assert sentence == "No spike this period: the hostile share stayed between 2% and 6% per day."
    empty = proportion_series(frame.iloc[:0], "hostile", "D")
    assert no_spike_sentence(empty, days[0], days[-1], "D", "fr").startswith("Aucun pic")


def test_numbers_never_read_minus_zero():
    for lang in ("fr", "en"):
        for value in (-0.0, -0.0004, -1e-9):
            assert not negative_zeros(number(value, lang)) and not negative_zeros(percent(value, lang))
            assert not negative_zeros(change(value, lang))
        assert change(-0.25, lang).startswith("−") and change(0.25, lang).startswith("+")
    assert negative_zeros("Δ −0 %") and negative_zeros("-0,0") and not negative_zeros("-0,5 et 10 %")
    table = html_table(pd.DataFrame({"change": [-0.0001, -0.3]}), lang="en")
    assert not negative_zeros(table) and "-0.3" in table


def test_period_words_name_the_period_kind():
    assert period_words("2020-W16", "en") == ("previous week", "this week")
    assert period_words("2020-04", "fr") == ("mois précédent", "ce mois-ci")
    assert period_words("2020-04-01..2020-04-15", "en") == ("previous period", "this period")


@pytest.fixture(scope="module")
def quiet_week(shared_data, tmp_path_factory):
    """CrisisLexT26 (every event) in a store, and the 2013-W27 report (Lac-Mégantic, the Alberta floods) in both languages."""
    import os
    import sys

    from helpers import pipeline
    from helpers.io.ingest import ingest_paths
    from helpers.io.store import Store
    from helpers.reports.periods import parse_period

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    root = tmp_path_factory.mktemp("quiet")
    store = root / "crisislex.duckdb"
    with Store(store) as st:
        ingest_paths(sorted((shared_data / "crisislex_t26").glob("*/*-tweets_labeled.csv")), st)
    runs = pipeline.run(store, [parse_period("2013-W27")], ["fr", "en"], root / "reports", precise=False)
    assert all(run.ok for run in runs), [n.error for run in runs for n in run.notebooks if n.error]
    return runs


@pytest.mark.slow
@pytest.mark.shared_data
def test_a_quiet_real_week_reads_without_noise_or_empty_tables(quiet_week):
    pages = [run.out_dir / f"{name}.html" for run in quiet_week for name in
             ("stakeholder_report", "hostility_spikes", "audience_mood", "topic_shifts", "triage", "data_quality")]
    seen = read_pages(pages)
    for path, page in seen.items():
        assert page["headerOnly"] == 0, path
        assert page["images"] and page["withoutAlt"] == 0, path
        assert not negative_zeros(page["text"]), (path, negative_zeros(page["text"]))
    for run in quiet_week:
        spikes = seen[run.out_dir / "hostility_spikes.html"]["text"]
        # 391 comments in the week: read day by day, and the page says so; no spike, and what the share did.
        if run.lang == "fr":
            assert "une valeur par jour" in spikes and "Aucun pic cette période : la part" in spikes
        else:
            assert "one value per day" in spikes and "No spike this period: the hostile share stayed between" in spikes
        assert "n-1" not in seen[run.out_dir / "topic_shifts.html"]["text"]
