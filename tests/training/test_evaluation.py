"""The evaluation page: targets compared as written, unmet targets listed, written atomically."""

import pandas as pd

from helpers.training.evaluation import Figure, functional_accuracy, write_report


def test_met_reads_the_target_direction():
    assert Figure("S", "F1", "d", 0.71, target="≥ 0.70").met() == "yes"
    assert Figure("S", "F1", "d", 0.69, target="≥ 0.70").met() == "no"
    assert Figure("S", "flagged", "d", 0.12, target="≤ 0.10").met() == "no"
    assert Figure("S", "ρ", "d", 0.5).met() == ""


def test_report_lists_every_unmet_target_and_only_those(tmp_path):
    figs = [Figure("Sentiment", "macro-F1, FR", "val", 0.689, target="≥ 0.70", n=10, interval=(0.64, 0.73)),
            Figure("Hostility", "hostile F1, EN", "val", 0.97, target="≥ 0.70", n=10),
            Figure("Hostility", "identity F1, FR", "val", 0.62, target="≥ 0.72", n=10, interval=(0.60, 0.64)),
            Figure("Emotions", "AUC, EN (no target)", "val", 0.76, n=10)]
    path = write_report(figs, tmp_path / "evaluation.md")
    text = path.read_text(encoding="utf-8")
    unmet = text.split("## Targets not met", 1)[1].split("\n## ", 1)[0]
    assert "| Sentiment | macro-F1, FR | 0.689 | 0.640–0.730 | ≥ 0.70 | yes |" in unmet  # target inside the interval
    assert "| Hostility | identity F1, FR | 0.620 | 0.600–0.640 | ≥ 0.72 | no |" in unmet
    assert "hostile F1" not in unmet and "no target" not in unmet
    assert not list(tmp_path.glob("*.tmp"))


def test_functional_accuracy_counts_both_directions_per_language():
    cases = pd.DataFrame({"lang": ["fr", "fr", "en", "en"], "identity_attack": [1, 0, 1, 0]})
    assert functional_accuracy(cases, [0.9, 0.6, 0.4, 0.1]) == {"fr": 0.5, "en": 0.5}
    assert functional_accuracy(cases, [0.5, 0.49, 0.7, 0.2]) == {"fr": 1.0, "en": 1.0}


def test_false_alarm_figures_count_civil_crisis_tweets_per_language(shared_data):
    from helpers.io import datasets as ds
    from helpers.training.evaluation import _false_alarm_figures

    crisis = ds.crisislex(shared_data)
    civil = crisis["info_type"].isin(ds.CRISIS_CIVIL_TYPES)
    assert set(ds.CRISIS_CIVIL_TYPES) <= set(crisis["info_type"])  # a renamed label would empty the figure
    fr, en = _false_alarm_figures()
    assert "FR" in fr.metric and "EN" in en.metric
    assert 100 < fr.n < en.n < civil.sum()  # Lac-Mégantic's French tweets, the English of every event
    for fig in (fr, en):
        assert 0 <= fig.interval[0] <= fig.value <= fig.interval[1] < 0.2
