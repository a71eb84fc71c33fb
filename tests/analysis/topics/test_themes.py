"""helpers.analysis.topics.themes: similar topics grouped into themes that do not chain."""

import numpy as np
import pandas as pd


def test_topic_themes_group_similar_topics_and_name_them_after_the_largest():
    from helpers.analysis.topics import theme_summary, topic_themes

    rng = np.random.default_rng(0)
    axes = np.eye(6)
    # Topics 1-3 near axis 0, 4-5 near axis 1, 6 alone on axis 2.
    near = {1: 0, 2: 0, 3: 0, 4: 1, 5: 1, 6: 2}
    vectors = [axes[a] + 0.1 * rng.normal(size=6) for a in near.values()]
    centroids = pd.DataFrame({"topic_id": list(near), "vector": vectors})
    labels = {i: f"t{i}" for i in near}
    sizes = {1: 50, 2: 300, 3: 10, 4: 400, 5: 100, 6: 5}
    themes = topic_themes(centroids, labels, sizes)
    group_of = dict(zip(themes["topic_id"], themes["theme"]))
    assert group_of[1] == group_of[2] == group_of[3] != group_of[4] == group_of[5] != group_of[6]
    assert group_of[4] == 1  # 500 comments: the largest theme comes first
    assert themes.loc[themes["topic_id"] == 4, "theme_label"].item() == "t4 / t5"
    assert topic_themes(centroids, labels, sizes, min_similarity=0.999)["theme"].nunique() == 6
    assert topic_themes(centroids, labels, sizes, min_similarity=-1.0)["theme"].nunique() == 1
    assert topic_themes(centroids.iloc[:0], labels, sizes).empty
    summary = theme_summary(themes)
    assert summary["n"].tolist() == [500, 360, 5] and summary.loc[0, "topics"] == "t4 / t5"
    assert theme_summary(themes.iloc[:0]).empty


def test_every_two_topics_of_a_theme_are_alike_so_themes_do_not_chain():
    from helpers.analysis.topics import topic_themes

    rng = np.random.default_rng(1)
    # A chain: each topic close to the next, the ends unlike each other.
    vectors = [np.cos(a) * np.eye(8)[0] + np.sin(a) * np.eye(8)[1] + 0.05 * rng.normal(size=8)
               for a in np.linspace(0, np.pi / 2, 12)]
    centroids = pd.DataFrame({"topic_id": range(12), "vector": vectors})
    themes = topic_themes(centroids, {}, dict.fromkeys(range(12), 10), min_similarity=0.8)
    unit = np.array([v / np.linalg.norm(v) for v in vectors])
    for _, members in themes.groupby("theme")["topic_id"]:
        sims = unit[list(members)] @ unit[list(members)].T
        assert sims.min() >= 0.8 - 1e-9
    assert themes["theme"].nunique() > 1
    chained = topic_themes(centroids, {}, dict.fromkeys(range(12), 10), min_similarity=0.8, method="average")
    assert chained["theme"].nunique() <= themes["theme"].nunique()
