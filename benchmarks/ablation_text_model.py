"""Which training sources and feature blocks help each head: the comparisons behind ``helpers.training.text_model``.

Every choice in :data:`helpers.training.text_model.SOURCE_WEIGHTS` and the weight of the static sentence vector
was made on the validation splits by the variants below; the sentiment head's regularisation by
5-fold cross-validation on its training split (the validation split, 324 tweets per language, is
too small to rank values of C). Each variant refits one head on the training split (same features,
same solver as ``vigie train``) and measures the head's own output; nothing here is fitted on a
validation split.

Usage: python benchmarks/ablation_text_model.py [--heads sentiment ...]   (needs ../shared/data; about
35 minutes on 2 cores for every head; ``--heads`` re-runs those heads and keeps the other heads' rows
from the last run). Writes docs/benchmarks/ablation.json and docs/ablation.md.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from _common import RESULTS, machine, save, write_doc
from sklearn.metrics import f1_score, roc_auc_score

from helpers.io import datasets as ds
from helpers.models.features import TextFeaturizer
from helpers.training.evaluation import functional_accuracy, functional_cases
from helpers.training.text_model import (
    C_VALUES,
    SEED,
    SOURCE_WEIGHTS,
    STATIC_WEIGHT,
    Splits,
    fit_head,
    load_splits,
    source_positions,
    training_sets,
    weighted,
)


@dataclass
class Variant:
    """One head refitted with other source weights and/or another weight of the static vector."""

    head: str
    name: str
    weights: dict[str, float] = field(default_factory=dict)
    static_weight: float = STATIC_WEIGHT
    C: float | None = None          # None: the head's shipped value in helpers.training.text_model.C_VALUES
    cross_validate: bool = False    # also 5-fold cross-validation on the training split (sentiment)


def variants() -> list[Variant]:
    """The comparisons kept: the shipped choice of each head against its alternatives."""
    sent, ident = SOURCE_WEIGHTS["sentiment"], SOURCE_WEIGHTS["identity_attack"]
    out = [Variant("sentiment", f"GoEmotions weight {w}" + (" (shipped)" if w == sent["goemotions"] else ""),
                   {**sent, "goemotions": w}) for w in (0.0, 0.1, 0.2, 0.3, 0.5)]
    out += [Variant("sentiment", f"XED-derived polarity weight {w}" + (" (shipped)" if w == sent["xed"] else ""),
                    {**sent, "xed": w}, cross_validate=True) for w in (0.0, 0.1, 0.3)]
    out += [Variant("sentiment", f"static vector weight {w}", sent, w) for w in (0.0, 2.0)]
    out += [Variant("sentiment", f"C = {c}" + (" (shipped)" if c == C_VALUES["sentiment"] else ""), sent, C=c,
                    cross_validate=True) for c in (0.5, 1.0, 2.0, 4.0)]
    out += [Variant("identity_attack", "all sources", {}),
            Variant("identity_attack", "without MLMA (shipped)", ident),
            Variant("identity_attack", "without MLMA and Davidson", {**ident, "davidson": 0.0}),
            Variant("identity_attack", "French hate superset only",
                    {s: 0.0 for s in ("davidson", "mlma", "hateval", "templates", "false_friends", "everyday_comments",
                                      "everyday")}),
            Variant("identity_attack", "without the false friends", {**ident, "false_friends": 0.0}),
            Variant("identity_attack", "without the everyday page comments", {**ident, "everyday_comments": 0.0}),
            *[Variant("identity_attack", f"written templates weight {w}", {**ident, "templates": w}) for w in (2.0, 3.0)]]
    out += [Variant("distress", f"static vector weight {w}" + (" (shipped)" if w == STATIC_WEIGHT else ""), {}, w)
            for w in (0.0, 1.0, 2.0)]
    out += [Variant("distress", "without the everyday negatives", {"everyday": 0.0}),
            Variant("distress", "without the written statements", {"templates": 0.0})]
    shipped = SOURCE_WEIGHTS["emotion_anger"]["xed_fr"]
    out += [Variant("emotions", f"French XED weight {w}" + (" (shipped)" if w == shipped else ""), {"xed_fr": w})
            for w in (1.0, 2.0, 3.0)]
    out += [Variant("emotions", f"static vector weight {w}", {"xed_fr": shipped}, w) for w in (0.0, 2.0)]
    return out


class Validation:
    """Features of every training and validation text, computed once; the static block rescaled per variant."""

    def __init__(self, splits: Splits, sets: dict[str, pd.DataFrame]) -> None:
        self.splits, self.sets = splits, sets
        self.cases = functional_cases()
        frames = [s["text"] for s in sets.values()] + [
            f["text"] for f in (splits.umsab_val, splits.xed_val, splits.goemotions_val, splits.dreaddit_val,
                                splits.superset_val, splits.hateval_val)]
        if self.cases is not None:
            frames.append(self.cases["text"])
        texts = pd.unique(pd.concat(frames, ignore_index=True).astype(str))
        self.index = pd.Series(np.arange(len(texts)), index=texts)
        featurizer = TextFeaturizer(static_weight=1.0)  # scale 1 here; matrix() rescales per variant
        self.X = featurizer.transform(list(texts)).tocsc()
        self.n_static = featurizer.n_static
        self._scaled: dict[float, sp.csr_matrix] = {}

    def matrix(self, static_weight: float) -> sp.csr_matrix:
        """Features with the static block (the last columns) scaled to ``static_weight``."""
        if static_weight not in self._scaled:
            scale = np.ones(self.X.shape[1], dtype=np.float32)
            scale[-self.n_static:] = static_weight
            self._scaled[static_weight] = (self.X @ sp.diags(scale)).tocsr()
        return self._scaled[static_weight]

    def rows(self, texts: pd.Series, static_weight: float) -> sp.csr_matrix:
        """Feature rows of ``texts``."""
        return self.matrix(static_weight)[self.index.loc[texts.astype(str)].to_numpy()]

    def fit(self, head: str, v: Variant):
        """Fit ``head`` on its training frame under the variant's weights."""
        frame, w = weighted(self.sets[head], v.weights)
        return fit_head(self.rows(frame["text"], v.static_weight), frame["y"].to_numpy(), head, w, v.C)

    def cross_validated_sentiment(self, v: Variant, folds: int = 5) -> dict[str, float]:
        """Macro-F1 per language of out-of-fold predictions on UMSAB's training split.

        Each fold leaves out a fifth of the UMSAB tweets (the other sources stay in training). 1,839
        tweets per language against the validation split's 324: a steadier figure for choosing C.
        """
        from sklearn.model_selection import StratifiedKFold

        frame, w = weighted(self.sets["sentiment"], v.weights)
        X, y = self.rows(frame["text"], v.static_weight), frame["y"].to_numpy()
        umsab = source_positions(frame, "umsab", self.splits.umsab_train)
        langs = self.splits.umsab_train["lang"].to_numpy()
        predicted = np.empty(len(umsab), dtype=object)
        for _, held in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(umsab, y[umsab]):
            keep = np.ones(len(y), dtype=bool)
            keep[umsab[held]] = False
            model = fit_head(X[keep], y[keep], "sentiment", w[keep], v.C)
            predicted[held] = model.predict(X[umsab[held]])
        return {f"5-fold CV macro-F1 {lang.upper()}": f1_score(y[umsab][langs == lang],
                                                                predicted[langs == lang].astype(str), average="macro")
                for lang in ("fr", "en")}

    def positive(self, model, frame: pd.DataFrame, v: Variant) -> np.ndarray:
        """Probability of the positive class for each row of ``frame``."""
        return model.predict_proba(self.rows(frame["text"], v.static_weight))[:, 1]

    def measure(self, v: Variant) -> dict[str, float]:
        """Validation metrics of the variant's head."""
        s = self.splits
        if v.head == "sentiment":
            model = self.fit("sentiment", v)
            pred = model.classes_[model.predict_proba(self.rows(s.umsab_val["text"], v.static_weight)).argmax(1)]
            out = {f"macro-F1 {lang.upper()}": f1_score(s.umsab_val["label"][m], pred[m], average="macro")
                   for lang in ("fr", "en") for m in [(s.umsab_val["lang"] == lang).to_numpy()]}
            return out | (self.cross_validated_sentiment(v) if v.cross_validate else {})
        if v.head == "distress":
            p = self.positive(self.fit("distress", v), s.dreaddit_val, v)
            return {"ROC-AUC": roc_auc_score(s.dreaddit_val["label"], p),
                    "F1 at 0.5": f1_score(s.dreaddit_val["label"], p >= 0.5)}
        if v.head == "emotions":
            aucs: dict[str, list[float]] = {"FR (XED)": [], "EN (XED)": [], "EN (GoEmotions, Ekman)": []}
            fr = (s.xed_val["lang"] == "fr").to_numpy()
            for e in ds.EMOTIONS:
                model = self.fit(f"emotion_{e}", v)
                p = self.positive(model, s.xed_val, v)
                aucs["FR (XED)"].append(roc_auc_score(s.xed_val[e][fr], p[fr]))
                aucs["EN (XED)"].append(roc_auc_score(s.xed_val[e][~fr], p[~fr]))
                if e in ds.EKMAN:
                    aucs["EN (GoEmotions, Ekman)"].append(
                        roc_auc_score(s.goemotions_val[e], self.positive(model, s.goemotions_val, v)))
            return {f"mean ROC-AUC {k}": float(np.mean(a)) for k, a in aucs.items()}
        model = self.fit("identity_attack", v)
        p = self.positive(model, s.superset_val, v)
        out = {"FR superset F1 at 0.5": f1_score(s.superset_val["label"], p >= 0.5),
               "FR superset ROC-AUC": roc_auc_score(s.superset_val["label"], p),
               "EN TweetEval hate F1": f1_score(s.hateval_val["label"], self.positive(model, s.hateval_val, v) >= 0.5)}
        if self.cases is not None:
            accuracy = functional_accuracy(self.cases, self.positive(model, self.cases, v))
            out |= {f"functional accuracy {lang.upper()}": a for lang, a in accuracy.items()}
        return out


def markdown(result: dict) -> str:
    """``docs/ablation.md`` from the result."""
    every_head = list(dict.fromkeys(r["head"] for r in result["rows"]))
    partial = [h for h in result.get("heads_run", every_head) if h in every_head]
    partial = partial if set(partial) != set(every_head) else []
    lines = ["# Text model: ablation on the validation splits", "",
             "Written by `benchmarks/ablation_text_model.py`; do not edit by hand. Each row refits one head of",
             "the text model on the training split with other training sources, another weight of the static",
             "sentence vector or another regularisation C, and measures that head's output on the validation",
             "splits (the protocol of `docs/evaluation.md`). Rows with *5-fold CV* columns are also scored on",
             "out-of-fold predictions over the training split's UMSAB tweets (1,839 per language, against the",
             "validation split's 324): the sentiment head's C is chosen on those. The row marked *shipped* is",
             "what `vigie train` builds.",
             f"Machine: {result['machine']['cores']} cores; run took {result['seconds']:.0f} s"
             + (f" (re-ran {', '.join(partial)}; the other heads' rows are from the previous run)." if partial else "."),
             ""]
    for head in every_head:
        rows = [r for r in result["rows"] if r["head"] == head]
        metrics = list(dict.fromkeys(m for r in rows for m in r["metrics"]))  # some variants add metrics
        lines += [f"## {head}", "", "| variant | " + " | ".join(metrics) + " |", "|---" * (len(metrics) + 1) + "|"]
        lines += ["| " + r["variant"] + " | " + " | ".join(f"{r['metrics'][m]:.3f}" if m in r["metrics"] else ""
                                                          for m in metrics) + " |" for r in rows]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    import argparse

    heads = list(dict.fromkeys(v.head for v in variants()))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heads", nargs="+", choices=heads, default=heads)
    args = parser.parse_args()
    start = time.perf_counter()
    splits = load_splits()
    validation = Validation(splits, training_sets(splits))
    previous = RESULTS / "ablation.json"
    kept = [] if set(args.heads) == set(heads) or not previous.exists() else [
        r for r in json.loads(previous.read_text(encoding="utf-8"))["rows"] if r["head"] not in args.heads]
    rows = []
    for v in (v for v in variants() if v.head in args.heads):
        t0 = time.perf_counter()
        metrics = {k: round(float(x), 4) for k, x in validation.measure(v).items()}
        rows.append({"head": v.head, "variant": v.name, "metrics": metrics})
        print(f"{v.head:16s} {v.name:40s} {metrics}  ({time.perf_counter() - t0:.0f} s)", flush=True)
    rows = sorted(kept + rows, key=lambda r: heads.index(r["head"]))  # stable: variant order kept per head
    result = {"machine": machine(), "seconds": round(time.perf_counter() - start, 1), "rows": rows,
              "heads_run": args.heads if kept else heads}
    save("ablation", result)
    write_doc("ablation.md", markdown(result))


if __name__ == "__main__":
    main()
