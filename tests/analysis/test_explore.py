import numpy as np
import pandas as pd
import pytest

from helpers.analysis.explore import (
    benjamini_hochberg,
    compare,
    concordance,
    emerging_phrases,
    export_csv,
    search,
    select,
)
from helpers.errors import InvalidInput


def frame(texts, **columns):
    n = len(texts)
    base = {"comment_id": [f"c{i}" for i in range(n)], "created_at": pd.date_range("2020-04-13", periods=n, freq="h", tz="UTC"),
            "lang": ["fr"] * n, "text": texts, "hostility": [0.1] * n, "distress": [0.1] * n, "threat": [0.0] * n,
            "identity_attack": [0.0] * n, "hostile": [False] * n, "negative": [False] * n, "positive": [False] * n,
            "distressed": [False] * n, "is_question": [False] * n, "topic_label": ["masques · bus"] * n}
    base.update(columns)
    return pd.DataFrame(base)


def test_search_ignores_case_and_accents_and_redacts():
    f = frame(["La SÉCURITÉ d'abord, écrivez à jean@exemple.ca", "rien à voir", "securite au travail"])
    hits = search(f, "sécurité")
    assert hits["comment_id"].tolist() == ["c0", "c2"]
    assert "[email]" in hits["text"].iloc[0] and "jean@" not in hits["text"].iloc[0]
    assert search(f, r"^rien", regex=True)["comment_id"].tolist() == ["c1"]


def test_select_by_language_topic_flags_and_thresholds():
    f = frame(["a", "b", "c"], lang=["fr", "en", "fr"], hostility=[0.9, 0.9, 0.2], topic_label=["masques", "vaccins", "masques"])
    assert select(f, lang="fr", flags=("hostile",))["comment_id"].tolist() == ["c0"]
    assert select(f, topic="vacc")["comment_id"].tolist() == ["c1"]
    assert select(f, min_scores={"hostility": 0.5})["comment_id"].tolist() == ["c0", "c1"]
    with pytest.raises(InvalidInput, match="unknown flag"):
        select(f, flags=("angry",))


def test_concordance_shows_each_occurrence_in_its_context():
    f = frame(["le masque est obligatoire dans le bus", "Masque? pas de masque pour moi @jean"])
    kwic = concordance(f, "masque", width=2)
    assert kwic[["comment_id", "left", "word", "right"]].values.tolist() == [
        ["c0", "le", "masque", "est obligatoire"], ["c1", "", "masque", "? pas"], ["c1", "pas de", "masque", "pour moi"]]


def test_emerging_phrases_control_the_false_discovery_rate():
    previous = frame(["le vaccin arrive quand"] * 2 + [f"autre sujet numéro {i}" for i in range(40)])
    current = frame(["couvre feu ce soir encore"] * 15 + ["le vaccin arrive quand"] * 2
                    + [f"autre sujet numéro {i}" for i in range(25)])
    table = emerging_phrases(current, previous, min_count=2)
    emerging = set(table.loc[table["emerging"], "phrase"])
    assert "couvre feu" in emerging and "vaccin arrive" not in emerging
    assert (table["q_value"] >= table["p_value"]).all()
    # Same text in both periods: nothing emerges.
    assert not emerging_phrases(previous, previous, min_count=2)["emerging"].any()


def test_benjamini_hochberg_matches_the_textbook_example():
    p = np.array([0.01, 0.04, 0.03, 0.005])
    assert np.allclose(benjamini_hochberg(p), [0.02, 0.04, 0.04, 0.02])


def test_compare_two_periods_and_export(tmp_path):
    a = frame(["x", "y"], hostile=[True, False])
    b = frame(["z"], hostile=[True])
    table = compare(a, b, ("avant", "après")).set_index("measure")
    assert table.loc["comments", "avant"] == 2 and table.loc["hostile", "difference"] == pytest.approx(0.5)
    path = export_csv(table.reset_index(), tmp_path / "out" / "compare.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and "après" in path.read_text(encoding="utf-8-sig")
