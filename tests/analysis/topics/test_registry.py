"""helpers.analysis.topics.registry: topic identities across runs, merges and splits, new comments placed."""

import pandas as pd

from helpers.analysis.topics import (
    assign_identities,
    load_registry,
    run_topics,
    store_topic_themes,
)
from helpers.models.embeddings import DEFAULT_BACKEND, get_backend


def test_identities_survive_a_second_run_and_new_topics_get_new_ids():
    run1 = pd.DataFrame({"topic": [0, 1], "label": ["masque · port", "vaccin · rendez-vous"],
                         "words": [["masque", "port", "obligatoire"], ["vaccin", "rendez-vous", "clinique"]],
                         "weights": [[0.5, 0.3, 0.2], [0.6, 0.3, 0.1]]})
    registry = pd.DataFrame(columns=["topic_id", "label", "words", "weights", "first_run", "last_run"])
    ids1, registry, mapping1 = assign_identities(run1, registry, "w1")
    assert sorted(ids1.values()) == [0, 1] and set(mapping1["relation"]) == {"new"}
    # Next week: the same two topics come back under other local numbers, plus a new one.
    run2 = pd.DataFrame({"topic": [5, 3, 9], "label": ["vaccin", "masque", "rentrée"],
                         "words": [["vaccin", "clinique", "rendez-vous"], ["masque", "obligatoire", "port"],
                                   ["ecole", "rentree", "classe"]],
                         "weights": [[0.5, 0.3, 0.2], [0.5, 0.3, 0.2], [0.5, 0.3, 0.2]]})
    ids2, registry, mapping2 = assign_identities(run2, registry, "w2")
    assert ids2[5] == ids1[1] and ids2[3] == ids1[0]
    assert ids2[9] == 2
    assert registry.set_index("topic_id").loc[ids1[0], "label"] == "masque · port"  # label kept
    assert mapping2.set_index("topic_id").loc[2, "relation"] == "new"


def test_a_split_is_recorded():
    registry = pd.DataFrame(columns=["topic_id", "label", "words", "weights", "first_run", "last_run"])
    base = pd.DataFrame({"topic": [0], "label": ["masque"], "words": [["masque", "port", "tissu", "obligatoire"]],
                         "weights": [[0.4, 0.3, 0.2, 0.1]]})
    _, registry, _ = assign_identities(base, registry, "w1")
    split = pd.DataFrame({"topic": [0, 1], "label": ["masque tissu", "masque obligatoire"],
                          "words": [["masque", "tissu"], ["masque", "obligatoire", "port"]],
                          "weights": [[0.5, 0.5], [0.5, 0.3, 0.2]]})
    ids, _, mapping = assign_identities(split, registry, "w2")
    relations = mapping.set_index("topic_id")["relation"].to_dict()
    assert sorted(relations.values()) == ["same", "split"]
    assert len(set(ids.values())) == 2


def test_run_topics_on_a_store_keeps_ids_across_runs(fixtures, tmp_path):
    from helpers.demo import write_demo
    from helpers.io.ingest import ingest_paths
    from helpers.io.store import Store

    paths = write_demo(tmp_path / "raw", n_comments=1500, seed=5, defects=False)
    with Store(tmp_path / "s.duckdb") as st:
        ingest_paths([paths["comments"]], st)
        first = run_topics(st, backend="hashing", run_id="run1")
        before = st.query("SELECT platform, comment_id, topic_id FROM comment_topics ORDER BY comment_id")
        second = run_topics(st, backend="hashing", run_id="run2")
        after = st.query("SELECT platform, comment_id, topic_id FROM comment_topics ORDER BY comment_id")
        registry = load_registry(st)
        themes = store_topic_themes(st)
    assert set(themes["topic_id"]) == set(registry["topic_id"]) and themes["n"].sum() == len(after)
    assert 1 <= themes["theme"].nunique() <= len(registry)
    assert first["new_topics"] == first["topics"] and second["new_topics"] == 0
    assert (before["topic_id"].to_numpy() == after["topic_id"].to_numpy()).all()
    assert registry["topic_id"].is_unique and len(registry) == first["topics"]


def test_new_comments_join_known_topics_without_refit(tmp_path):
    from helpers.analysis.topics import assign_new_comments
    from helpers.demo import write_demo
    from helpers.io.ingest import ingest_paths
    from helpers.io.store import Store

    paths = write_demo(tmp_path / "raw", n_comments=1200, seed=8, defects=False)
    frame = pd.read_csv(paths["comments"], dtype=str)
    first, later = frame.iloc[:900], frame.iloc[900:]
    first.to_csv(tmp_path / "first.csv", index=False)
    later.to_csv(tmp_path / "later.csv", index=False)
    with Store(tmp_path / "s.duckdb") as st:
        assert assign_new_comments(st)["needs_refit"]  # nothing fitted yet
        ingest_paths([tmp_path / "first.csv"], st)
        run_topics(st, run_id="w1")
        assert st.get_meta("topic_backend") == get_backend(DEFAULT_BACKEND).version
        known = set(load_registry(st)["topic_id"])
        before = st.query("SELECT * FROM comment_topics ORDER BY comment_id")
        ingest_paths([tmp_path / "later.csv"], st)
        result = assign_new_comments(st)
        after = st.query("SELECT * FROM comment_topics ORDER BY comment_id")
        assert assign_new_comments(st)["assigned"] == 0  # idempotent
    assert result == {"assigned": len(later), "needs_refit": False}
    assert len(after) == len(frame) and set(after["topic_id"]) <= known
    kept = after.merge(before, on=["platform", "comment_id"], suffixes=("", "_before"))
    assert (kept["topic_id"] == kept["topic_id_before"]).all()  # earlier comments keep their topic
    with Store(tmp_path / "s.duckdb") as st:
        # Centroids from another embedding space (a store made by an older Vigie) ask for a refit.
        st.con.execute("UPDATE topic_centroids SET backend = 'usem3-v3'")
        st.con.execute("DELETE FROM comment_topics WHERE comment_id IN (SELECT comment_id FROM comment_topics LIMIT 5)")
        assert assign_new_comments(st) == {"assigned": 0, "needs_refit": True}
