"""The page team's queue: questions to answer, people to refer, threats to escalate, hate to moderate.

Reports say what changed; this says what to do today. :func:`build_triage` turns a period's scored
comments into rows ordered by priority, one category per comment (its most urgent one):

1. ``refer`` — the ``self_harm`` score (self-harm or suicidal wording, passive and indirect forms
   included), or acute distress.
   A referral signal for a person to reach out, with the resources configured for the region; never a
   verdict on anyone.
2. ``threat`` — to escalate to security or the police.
3. ``identity_hate`` — identity-based hate to moderate.
4. ``question`` — near-duplicate questions grouped (static embedder), most asked first, marked answered
   when the page already replied in one of the group's threads.
5. ``repeat_author`` — authors with several hostile comments in the period, by pseudonym.

Texts are redacted and authors pseudonymised. The configuration (page handles, thresholds, referral
resources) is a TOML file; ``resources/triage.toml`` documents it and holds Quebec and Canadian defaults.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config as settings
from ..config import RESOURCES_DIR
from ..errors import VigieError
from ..io.queries import feedback_counts, platforms, replied_to
from ..io.sheets import Sheet, check_ids, parse_yes_no, read_sheet
from ..models.features import lexicon_pattern
from ..models.normalise import normalise
from ..text import author_hash, pseudonym, redact

DEFAULT_CONFIG = RESOURCES_DIR / "triage.toml"
CATEGORIES: tuple[str, ...] = ("refer", "threat", "identity_hate", "question", "repeat_author")
COLUMNS: tuple[str, ...] = ("priority", "category", "comment_id", "post_id", "score", "count", "answered", "author",
                            "reason", "text", "examples", "resources", "members", "correct")
_LABELS = {
    "fr": {"self_harm": "mots d'automutilation ou de suicide", "distress": "détresse", "threat": "menace",
           "identity": "attaque identitaire", "asked": "posée {n} fois", "answered": "déjà répondue par la page",
           "hostile": "{n} commentaires hostiles dans la période", "words": "mots"},
    "en": {"self_harm": "self-harm or suicide wording", "distress": "distress", "threat": "threat",
           "identity": "identity attack", "asked": "asked {n} times", "answered": "already answered by the page",
           "hostile": "{n} hostile comments in the period", "words": "words"},
}


@dataclass
class TriageConfig:
    """What goes in the queue and where people are referred (read from a TOML file by :func:`load_config`)."""

    page_authors: list[str] = field(default_factory=list)
    region: str = "QC"
    self_harm: float = 0.5
    acute_distress: float = 0.85
    threat: float = 0.5
    identity_attack: float = 0.5
    repeat_hostile: int = 3
    question_similarity: float = 0.65
    referrals: list[dict] = field(default_factory=list)

    def resources(self, lang: str) -> list[dict]:
        """Referral resources of the configured region in ``lang`` (the region's others if none in ``lang``)."""
        here = [r for r in self.referrals if r.get("region") == self.region]
        return [r for r in here if r.get("lang") == lang] or here


def load_config(path: str | Path | None = None) -> TriageConfig:
    """Read a triage configuration file.

    Without ``path``: :data:`helpers.config.TRIAGE_CONFIG` (``$VIGIE_TRIAGE_CONFIG`` or
    ``config/triage.toml``) when it exists, else the documented defaults (``resources/triage.toml``), so
    `vigie triage` and the report page read the same file.

    Raises
    ------
    VigieError
        Naming the file and the key, when the file cannot be read or a value has the wrong type.
    """
    if path:
        path = Path(path)
    else:
        path = settings.TRIAGE_CONFIG if Path(settings.TRIAGE_CONFIG).exists() else DEFAULT_CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise VigieError(f"{path}: cannot read the triage configuration: {exc}") from exc
    page, limits = data.get("page", {}), data.get("thresholds", {})
    config = TriageConfig(page_authors=list(page.get("authors", [])), region=str(page.get("region", "QC")),
                          referrals=list(data.get("referrals", [])))
    for key, kind in (("self_harm", float), ("acute_distress", float), ("threat", float), ("identity_attack", float),
                      ("repeat_hostile", int), ("question_similarity", float)):
        if key in limits:
            value = limits[key]
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise VigieError(f"{path}: thresholds.{key} must be a number, not {value!r}")
            setattr(config, key, kind(value))
    if not all(isinstance(a, str) for a in config.page_authors):
        raise VigieError(f"{path}: page.authors must be a list of handles (strings)")
    for i, ref in enumerate(config.referrals):
        missing = {"region", "lang", "name", "contact"} - set(ref)
        if missing:
            raise VigieError(f"{path}: referrals[{i}] lacks {', '.join(sorted(missing))}")
    return config


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

    from ..models.static_embedder import DIMENSIONS, embed

    keys = [normalise(t).strip(" ?!.") for t in texts]
    distinct, inverse = np.unique(np.asarray(keys, dtype=str), return_inverse=True)
    vectors = embed(list(distinct)).astype(np.float64) if len(distinct) else np.zeros((0, DIMENSIONS))
    if len(distinct) < 2:
        return np.zeros(len(texts), dtype=int), vectors[inverse]
    vectors[np.linalg.norm(vectors, axis=1) == 0] = 1e-6  # an empty text stays in a group of its own
    tree = linkage(vectors, method="average", metric="cosine")
    return fcluster(tree, t=1 - similarity, criterion="distance")[inverse] - 1, vectors[inverse]


def _fmt(value: float, lang: str) -> str:
    return f"{value:.2f}".replace(".", ",") if lang == "fr" else f"{value:.2f}"


def _quoted(words: list[str], lang: str) -> str:
    unique = list(dict.fromkeys(words))[:3]
    return ", ".join(f"« {w} »" if lang == "fr" else f"“{w}”" for w in unique)


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
    labels = _LABELS["fr" if lang == "fr" else "en"]
    colon, semi = (" : ", " ; ") if lang == "fr" else (": ", "; ")  # French typography spaces its colons
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
            said = _quoted(harm_words[i], lang) if harm_words[i] else _fmt(harm[i], lang)
            reason = (f"{labels['self_harm']}{colon}{said}{semi}"
                      f"{labels['distress']} {_fmt(distress[i], lang)}")
            add(i, "refer", harm[i], reason, resources=resources)
        elif distress[i] >= config.acute_distress:
            # Acute distress without self-harm wording comes after every self-harm case.
            add(i, "refer", distress[i], f"{labels['distress']} {_fmt(distress[i], lang)}", resources=resources,
                _rank=1)
    threat = data["threat"].astype(float).to_numpy() if len(data) else np.zeros(0)
    for i in np.argsort(-threat, kind="stable"):
        if not taken[i] and threat[i] >= config.threat:
            words = f" ({labels['words']} {_quoted(threat_words[i], lang)})" if threat_words[i] else ""
            add(i, "threat", threat[i], f"{labels['threat']} {_fmt(threat[i], lang)}{words}")
    identity = data["identity_attack"].astype(float).to_numpy() if len(data) else np.zeros(0)
    hostile = data["hostile"].astype(bool).to_numpy() if len(data) else np.zeros(0, bool)
    for i in np.argsort(-identity, kind="stable"):
        if not taken[i] and hostile[i] and identity[i] >= config.identity_attack:
            add(i, "identity_hate", identity[i], f"{labels['identity']} {_fmt(identity[i], lang)}")

    asking = np.flatnonzero(data["is_question"].astype(bool).to_numpy() & ~hostile & ~taken) if len(data) else []
    if len(asking):
        groups, vectors = group_questions([texts[i] for i in asking], config.question_similarity)
        summary = sorted((np.flatnonzero(groups == g) for g in np.unique(groups)), key=lambda p: (-len(p), p[0]))
        for positions in summary:
            idx, n = asking[positions], len(positions)
            i = int(idx[_representative(vectors[positions])])
            ids = set(data.loc[idx, "comment_id"].astype(str))
            answered = bool(ids & answered_ids)
            others = list(dict.fromkeys(redact(texts[j]) for j in idx if j != i and texts[j] != texts[i]))[:examples]
            reason = labels["asked"].format(n=n) + (f"{semi}{labels['answered']}" if answered else "")
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
                         "reason": labels["hostile"].format(n=n), "text": redact(texts[latest]), "examples": "",
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


# -- the team's feedback ----------------------------------------------------------------------------

def read_feedback(path: str | Path, known_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows of a triage queue the team judged: ``comment_id, category, correct`` (bool), ``period``.

    The queue may come back as Excel saved it: CSV in Windows-1252 with semicolons, UTF-8 with a BOM, or
    ``.xlsx`` (:func:`helpers.io.sheets.read_sheet`). ``correct`` takes oui/non, yes/no, 1/0, vrai/faux or
    x; blank rows were not judged. ``known_ids`` (the store's comment ids) let ids a spreadsheet changed
    be named.

    Raises
    ------
    VigieError
        Naming the file, row and field for a missing column, a changed id or a ``correct`` value that is
        not yes/no.
    """
    sheet = read_sheet(path, required=("comment_id", "category", "correct"))
    frame = sheet.frame
    judged_at = [i for i, v in enumerate(frame["correct"]) if v != ""]
    verdicts = []
    for i in judged_at:
        try:
            verdicts.append(parse_yes_no(frame["correct"].iat[i]))
        except ValueError as exc:
            raise VigieError(f"{sheet.path}: row {sheet.rows[i]}, field correct: {exc}") from None
    judged = Sheet(sheet.path, frame.iloc[judged_at].reset_index(drop=True), [sheet.rows[i] for i in judged_at],
                   sheet.encoding)
    check_ids(judged, "comment_id", known_ids)
    period = judged.frame["period"] if "period" in judged.frame else ""
    return pd.DataFrame({"comment_id": judged.frame["comment_id"], "category": judged.frame["category"],
                         "correct": pd.Series(verdicts, dtype=bool), "period": period,
                         "row": judged.rows}).reset_index(drop=True)


def store_feedback(store, judged: pd.DataFrame, source_file: str) -> int:
    """Record verdicts (a newer verdict on the same row replaces the older); return how many."""
    if judged.empty:
        return 0
    rows = judged.drop(columns="row", errors="ignore").assign(source_file=source_file,
                                                              recorded_at=pd.Timestamp.now(tz="UTC"))
    return store.replace_triage_feedback(rows)


def feedback_precision(store) -> pd.DataFrame:
    """Per category: rows the team judged, how many were right, and the precision they saw.

    Empty for a store that has no verdicts (or was made before verdicts were kept).
    """
    out = feedback_counts(store)
    out["precision"] = out["correct"] / out["judged"]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return out.sort_values("category", key=lambda s: s.map(order)).reset_index(drop=True)
