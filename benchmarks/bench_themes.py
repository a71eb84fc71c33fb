"""Themes against kinds of crisis: the topic themes of CrisisLexT26 beside the events' crisis types.

CrisisLexT26's 26 events each come with a crisis type in their description (wildfire, floods, earthquake,
typhoon, explosion, derailment, ...: 13 types). A theme a reader would name is a kind of crisis, so the
themes Vigie draws over the topics it fits on the whole collection are scored against those types: NMI,
purity (share of tweets whose theme's most common type is theirs) and the largest theme's share, for
the grouping in use (``helpers.analysis.topics.THEME_LINKAGE``) and the average-linkage grouping it
replaced, at the same similarity threshold. The topics themselves (finer than types) are shown for scale.

Usage: python benchmarks/bench_themes.py   (needs ../shared/data; about a minute)
Writes docs/benchmarks/themes.json and docs/themes.md.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from _common import save, write_doc
from sklearn.metrics import normalized_mutual_info_score

from helpers.analysis.topics import CENTROID_BACKEND, THEME_LINKAGE, run_topics, topic_themes
from helpers.config import SHARED_DATA_DIR
from helpers.io.ingest import ingest_paths
from helpers.io.store import Store


def crisis_types() -> dict[str, str]:
    """Event folder -> crisis type, from each event's description."""
    out = {}
    for path in sorted((SHARED_DATA_DIR / "crisislex_t26").glob("*/*-event_description.json")):
        out[path.parent.name] = json.loads(path.read_text(encoding="utf-8"))["categorization"]["type"]
    return out


def purity(truth: pd.Series, groups: pd.Series) -> float:
    table = pd.crosstab(groups, truth)
    return float(table.max(axis=1).sum() / table.to_numpy().sum())


def measure(name: str, truth: pd.Series, groups: pd.Series) -> dict:
    shares = groups.value_counts(normalize=True)
    return {"grouping": name, "groups": int(groups.nunique()), "nmi": round(normalized_mutual_info_score(truth, groups), 3),
            "purity": round(purity(truth, groups), 3), "largest_share": round(float(shares.iloc[0]), 3)}


def main() -> None:
    types = crisis_types()
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "crisislex.duckdb") as st:
            ingest_paths(sorted((SHARED_DATA_DIR / "crisislex_t26").glob("*/*-tweets_labeled.csv")), st)
            run_topics(st)
            centroids = st.query("SELECT topic_id, vector FROM topic_centroids WHERE backend = ? ORDER BY topic_id",
                                 [CENTROID_BACKEND])
            registry = st.query("SELECT topic_id, label FROM topic_registry")
            placed = st.query("SELECT c.post_id AS event, t.topic_id FROM comment_topics t "
                              "JOIN comments c USING (platform, comment_id)")
    labels = dict(zip(registry["topic_id"].astype(int), registry["label"]))
    sizes = placed["topic_id"].value_counts().to_dict()
    truth = placed["event"].map(types)
    rows = [measure("topics (for scale)", truth, placed["topic_id"])]
    examples = {}
    for method in (THEME_LINKAGE, "average"):
        themes = topic_themes(centroids, labels, sizes, method=method)
        theme_of = dict(zip(themes["topic_id"], themes["theme"]))
        groups = placed["topic_id"].map(theme_of)
        rows.append(measure(f"themes, {method} linkage" + (" (in use)" if method == THEME_LINKAGE else " (before)"),
                            truth, groups))
        top = placed.assign(theme=groups, type=truth).groupby("theme")["type"].agg(
            lambda s: ", ".join(f"{k} {v:.0%}" for k, v in s.value_counts(normalize=True).head(3).items()))
        names = themes.drop_duplicates("theme").set_index("theme")["theme_label"]
        examples[method] = [{"theme": names[i], "tweets": int((groups == i).sum()), "types": top[i]} for i in sorted(names.index)]
    result = {"tweets": len(placed), "crisis_types": sorted(set(types.values())), "rows": rows, "themes": examples}
    save("themes", result)
    lines = ["# Themes against kinds of crisis (CrisisLexT26)", "",
             "Written by `python benchmarks/bench_themes.py`; do not edit by hand.", "",
             f"Vigie's topics fitted on the {len(placed):,} CrisisLexT26 tweets (default back-end), grouped into themes, "
             f"scored against the crisis type of each tweet's event ({len(result['crisis_types'])} types: "
             f"{', '.join(result['crisis_types'])}). NMI grows with the number of groups; purity is the share of tweets "
             "whose theme's most common type is theirs; a theme holding most tweets tells a reader nothing.", "",
             "| grouping | groups | NMI | purity | largest group's share |", "|---|---|---|---|---|"]
    lines += [f"| {r['grouping']} | {r['groups']} | {r['nmi']} | {r['purity']} | {r['largest_share']:.0%} |" for r in rows]
    for method, themes in examples.items():
        lines += ["", f"Themes, {method} linkage: name (two largest topics), tweets, crisis types", "",
                  "| theme | tweets | crisis types |", "|---|---|---|"]
        lines += [f"| {t['theme']} | {t['tweets']:,} | {t['types']} |" for t in themes]
    write_doc("themes.md", "\n".join(lines) + "\n")
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    np.random.seed(0)
    main()
