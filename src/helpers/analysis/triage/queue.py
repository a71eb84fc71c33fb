"""The queue itself: one row per comment to act on, in its most urgent category, most urgent first."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...cleaning import normalise
from ...i18n import decimal, punctuation, quoted, t
from ...io.queries import platforms, replied_to
from ...models.lexicons import lexicon_pattern
from ...text import author_hash, pseudonym, redact
from ..intent import seeks_answer
from .config import TriageConfig, load_config

CATEGORIES: tuple[str, ...] = ("refer", "threat", "identity_hate", "question", "repeat_author")
COLUMNS: tuple[str, ...] = ("priority", "category", "comment_id", "post_id", "score", "count", "answered", "author",
                            "reason", "text", "examples", "resources", "members", "correct")


def self_harm_words(texts: list[str]) -> list[list[str]]:
    """The self-harm and suicidal-ideation wording (``self_harm`` lexicon) found in each text, for the reason."""
    pattern = lexicon_pattern("self_harm")
    return [pattern.findall(normalise(t)) for t in texts]


def page_replied_to(store, page_hashes: set[str]) -> set[str]:
    """Ids of the comments the page itself replied to, given its author hashes (:func:`page_author_hashes`)."""
    return replied_to(store, page_hashes)


def page_author_hashes(store, config: TriageConfig) -> set[str]:
    """Author hashes of the page's own handles, on every platform of the store."""
    if not config.page_authors:
        return set()
    salt = store.salt()
    return {author_hash(p, handle, salt) for p in platforms(store) for handle in config.page_authors}


def group_questions(texts: list[str], similarity: float) -> tuple[np.ndarray, np.ndarray]:
    """Group ids of near-duplicate questions, and each question's vector.

    Groups are average-linkage clusters of static-embedder vectors, embedded once per distinct wording.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    from ...models.static_embedder import DIMENSIONS, embed

    keys = [normalise(t).strip(" ?!.") for t in texts]
    distinct, inverse = np.unique(np.asarray(keys, dtype=str), return_inverse=True)
    vectors = embed(list(distinct)).astype(np.float64) if len(distinct) else np.zeros((0, DIMENSIONS))
    if len(distinct) < 2:
        return np.zeros(len(texts), dtype=int), vectors[inverse]
    vectors[np.linalg.norm(vectors, axis=1) == 0] = 1e-6  # an empty text stays in a group of its own
    tree = linkage(vectors, method="average", metric="cosine")
    return fcluster(tree, t=1 - similarity, criterion="distance")[inverse] - 1, vectors[inverse]


def build_triage(frame: pd.DataFrame, config: TriageConfig | None = None, lang: str = "fr",
                 answered_ids: set[str] | None = None, page_hashes: set[str] | None = None,
                 examples: int = 3) -> pd.DataFrame:
    """The queue for a period's scored comments (:func:`~helpers.analysis.period.load_period`), most urgent first.

    Its columns are :data:`COLUMNS`.

    Parameters
    ----------
    frame:
        Scored comments of the period.
    config:
        Thresholds and referral resources (default: :func:`load_config`).
    lang:
        Language of the ``reason`` column and of the resources listed (``fr`` or ``en``).
    answered_ids:
        Comments the page replied to (:func:`page_replied_to`): their question group is answered.
    page_hashes:
        The page's own author hashes: its comments are never queued.
    examples:
        Other wordings shown per question group.
    """
    config = config or load_config()
    lang = "fr" if lang == "fr" else "en"
    colon, semi = punctuation(lang)
    answered_ids = answered_ids or set()
    data = frame.reset_index(drop=True)
    if page_hashes and "author_hash" in data:
        data = data[~data["author_hash"].isin(page_hashes)].reset_index(drop=True)
    texts = data["text"].astype(str).tolist()
    distress = np.nan_to_num(data["distress"].astype(float).to_numpy()) if len(data) else np.zeros(0)
    # The score's self_harm column: self-harm wording (patterns and a learned head), civil mentions left out.
    # (A store scored before the column existed has none until `vigie enrich` re-scores it: distress alone.)
    harm = (np.nan_to_num(data["self_harm"].astype(float).to_numpy()) if len(data) and "self_harm" in data
            else np.zeros(len(data)))
    harm_words = self_harm_words(texts)
    threat_words = [lexicon_pattern("threat").findall(normalise(t)) for t in texts]
    rows: list[dict] = []
    taken = np.zeros(len(data), dtype=bool)
    resources = "; ".join(f"{r['name']}: {r['contact']}" for r in config.resources(lang))

    def add(i: int, category: str, score: float, reason: str, **extra) -> None:
        taken[i] = True
        row = data.iloc[i]
        rows.append({"priority": CATEGORIES.index(category) + 1, "category": category,
                     "comment_id": str(row["comment_id"]), "post_id": row.get("post_id"), "score": round(float(score), 3),
                     "count": 1, "answered": False, "author": pseudonym(row.get("author_hash")),
                     "reason": reason, "text": redact(texts[i]), "examples": "", "resources": "", "members": "",
                     "_rank": 0, **extra})

    for i in np.argsort(-np.maximum(harm, distress), kind="stable"):
        if harm[i] >= config.self_harm:
            # The learned head reads wordings no pattern names: then the score stands in for the words.
            said = quoted(harm_words[i], lang) if harm_words[i] else decimal(harm[i], lang)
            reason = (f"{t('triage_self_harm', lang)}{colon}{said}{semi}"
                      f"{t('triage_distress', lang)} {decimal(distress[i], lang)}")
            add(i, "refer", harm[i], reason, resources=resources)
        elif distress[i] >= config.acute_distress:
            # Acute distress without self-harm wording comes after every self-harm case.
            add(i, "refer", distress[i], f"{t('triage_distress', lang)} {decimal(distress[i], lang)}", resources=resources,
                _rank=1)
    threat = data["threat"].astype(float).to_numpy() if len(data) else np.zeros(0)
    for i in np.argsort(-threat, kind="stable"):
        if not taken[i] and threat[i] >= config.threat:
            words = f" ({t('triage_words', lang)} {quoted(threat_words[i], lang)})" if threat_words[i] else ""
            add(i, "threat", threat[i], f"{t('triage_threat', lang)} {decimal(threat[i], lang)}{words}")
    identity = data["identity_attack"].astype(float).to_numpy() if len(data) else np.zeros(0)
    hostile = data["hostile"].astype(bool).to_numpy() if len(data) else np.zeros(0, bool)
    for i in np.argsort(-identity, kind="stable"):
        if not taken[i] and hostile[i] and identity[i] >= config.identity_attack:
            add(i, "identity_hate", identity[i], f"{t('triage_identity', lang)} {decimal(identity[i], lang)}")

    asking = np.flatnonzero(data["is_question"].astype(bool).to_numpy() & ~hostile & ~taken) if len(data) else []
    if len(asking):
        groups, vectors = group_questions([texts[i] for i in asking], config.question_similarity)
        # Groups that ask for something first (most questions on a page are rhetorical), then the most asked.
        seeking = seeks_answer([texts[i] for i in asking])
        summary = sorted((np.flatnonzero(groups == g) for g in np.unique(groups)),
                         key=lambda p: (not seeking[p].any(), -len(p), p[0]))
        for positions in summary:
            idx, n = asking[positions], len(positions)
            i = int(idx[_representative(vectors[positions])])
            ids = set(data.loc[idx, "comment_id"].astype(str))
            answered = bool(ids & answered_ids)
            others = list(dict.fromkeys(redact(texts[j]) for j in idx if j != i and texts[j] != texts[i]))[:examples]
            reason = t("triage_asked", lang, n=n) + (f"{semi}{t('triage_answered', lang)}" if answered else "")
            # Answered groups go after the open ones; every member's id, for the team's inbox tool.
            add(i, "question", n, reason, count=n, answered=answered, examples=" | ".join(others),
                members=" ".join(sorted(ids)), _rank=int(answered))
    if len(data) and "author_hash" in data:
        hostile_by = data[hostile & data["author_hash"].notna()].groupby("author_hash")
        repeat = [(len(g), a, g) for a, g in hostile_by if len(g) >= config.repeat_hostile]
        for n, author, group in sorted(repeat, key=lambda r: (-r[0], r[1])):
            latest = group.sort_values("created_at").index[-1]
            rows.append({"priority": CATEGORIES.index("repeat_author") + 1, "category": "repeat_author",
                         "comment_id": str(data.loc[latest, "comment_id"]), "post_id": data.loc[latest, "post_id"],
                         "score": float(n), "count": n, "answered": False, "author": pseudonym(author),
                         "reason": t("triage_hostile", lang, n=n), "text": redact(texts[latest]), "examples": "",
                         "resources": "", "members": " ".join(sorted(group["comment_id"].astype(str))), "_rank": 0})
    out = pd.DataFrame(rows, columns=[*(c for c in COLUMNS if c != "correct"), "_rank"])
    # Within a category, the rank (self-harm before distress alone, open questions before answered), then
    # the strongest signal first.
    out = out.sort_values(["priority", "_rank", "score"], ascending=[True, True, False], kind="stable")
    out = out.drop(columns="_rank").reset_index(drop=True)
    out["correct"] = ""
    return out[list(COLUMNS)]


def _representative(vectors: np.ndarray) -> int:
    """Index of the question closest to its group's mean vector (the first of two or of a tie)."""
    if len(vectors) <= 2:
        return 0
    return int(np.argmax(vectors @ vectors.mean(axis=0)))


def counts_by_category(queue: pd.DataFrame) -> pd.DataFrame:
    """Rows per category, in priority order (categories with none included)."""
    counts = queue["category"].value_counts()
    return pd.DataFrame({"category": list(CATEGORIES), "rows": [int(counts.get(c, 0)) for c in CATEGORIES]})
