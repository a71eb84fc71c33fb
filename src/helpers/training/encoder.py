"""Fine-tune the encoder tier (:mod:`helpers.models.encoder`) on every labelled set at once (``vigie train-encoder``).

One shared encoder, one head per column, each text teaching the heads it has labels for (a masked loss).
The rows are the text model's training rows (:func:`helpers.training.text_model.training_sets`, sources
weighted 0 there left out), at most :data:`CAP` per column and source; the validation splits of
:func:`~helpers.training.text_model.load_splits` are never seen. A tenth of the training texts (chosen by
hash) is an inner fold: it picks the epoch and fits the calibration, never the figures reported.

Two cores train for tens of minutes, so the lower layers' output is computed once and kept in memory
(float16), the run writes a checkpoint (safetensors: trained weights, optimiser moments, position) every
:data:`CHECKPOINT_STEPS` steps and at each epoch's end, logs its progress to ``progress.log`` beside them,
and resumes from the last checkpoint when started again with the same settings. Deterministic: seeded
sampling, batch order and initialisation; torch's CPU kernels on the same machine give the same weights.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from ..errors import InvalidInput
from ..io.artifacts import read_safetensors, write_safetensors
from ..models import encoder as tier
from ..models.e5 import base_digest
from .encoder_calibration import calibration_of
from .text_model import HOLD_OUT_RULE, SOURCE_WEIGHTS, Splits, leave_out, load_splits, source_group, training_sets

#: 3: vigie-encoder-2's weights, its thresholded heads calibrated class-balanced (:mod:`.encoder_calibration`).
VERSION = "vigie-encoder-3"
SEED = 0
#: Rows per column and source: GoEmotions' 43,000 Reddit comments would otherwise outweigh every tweet.
CAP = 6000
#: Sources kept whole: the French hate superset is the one large French hostility collection.
WHOLE = ("superset",)
INNER_SHARE = 0.1
#: The splits figures are measured on (``docs/encoder_tier.md``): none of their texts is trained on.
VALIDATION_SPLITS = ("umsab_val", "xed_val", "goemotions_val", "dreaddit_val", "davidson_val", "mlma_val", "superset_val",
                     "hateval_val")
CHECKPOINT_STEPS = 200
#: Binary columns with a head (sentiment is the three-way one).
BINARY = ("distress", "hostile", "identity_attack", *(f"emotion_{e}" for e in
          ("anger", "fear", "sadness", "joy", "trust", "disgust", "surprise", "anticipation")))


@dataclass(frozen=True)
class Settings:
    """What a run is; a checkpoint resumes only a run with the same settings."""

    frozen: int = 4
    layers: int = tier.LAYERS
    epochs: int = 3
    lr: float = 4e-4  # learning rate and emotion weight: chosen on the inner fold, docs/encoder_folds.md
    head_lr: float = 1e-3
    batch: int = 32
    dropout: float = 0.1
    emotion_weight: float = 0.5  # each of the eight emotion heads weighs half a column
    cap: int = CAP
    seed: int = SEED
    #: Source groups left out of training (a transfer run, :func:`holdout_path`); empty for the shipped tier.
    hold_out: tuple[str, ...] = ()

    def key(self) -> str:
        """Short digest of the settings (names the checkpoint folder)."""
        fields = asdict(self)
        if not self.hold_out:
            del fields["hold_out"]  # the shipped tier's runs keep the key they had before transfer runs existed
        else:
            # Rule 2: the held-out collection's texts are left out wherever they appear, matched by overlap_key
            # (rule 1 matched them exactly): a run of rule 1 is not resumed as one of rule 2.
            fields["hold_out"], fields["hold_out_rule"] = sorted(self.hold_out), HOLD_OUT_RULE
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:10]


#: Where ``vigie train-encoder --hold-out`` writes a transfer run's tier (not shipped; ``vigie evaluate`` reads it).
HOLDOUT_DIR = Path("data/encoder/holdout")
#: The transfer runs ``vigie evaluate`` expects at least: two runs, each leaving out sources of different columns, so
#: that every column keeps some training data and every source of a transfer row is left out of one run. Each
#: run leaves out more than the row's collection, so its figures are pessimistic; a run that leaves out one
#: collection alone (``vigie train-encoder --hold-out superset``), where trained, is read instead.
HOLDOUT_RUNS = (("davidson", "dreaddit", "superset", "umsab", "xed"), ("goemotions", "hateval", "mlma"))
#: Every collection a transfer row leaves out.
TRANSFER_SOURCES: tuple[str, ...] = tuple(sorted(set().union(*HOLDOUT_RUNS)))


def holdout_path(hold_out: tuple[str, ...] | list[str]) -> Path:
    """The tier file of the transfer run that leaves out ``hold_out``."""
    from ..config import PROJ_ROOT

    return PROJ_ROOT / HOLDOUT_DIR / f"without-{'-'.join(sorted(hold_out))}.safetensors"


def transfer_tier(held_out: str) -> Path | None:
    """The tier a transfer row without ``held_out`` reads; None if no run that left it out was trained here.

    The run that left it out alone, else the :data:`HOLDOUT_RUNS` run that left it out with others.
    """
    candidates = [holdout_path((held_out,)), *(holdout_path(run) for run in HOLDOUT_RUNS if held_out in run)]
    return next((p for p in candidates if p.exists()), None)


def transfer_tiers() -> list[Path]:
    """The tiers the transfer rows read (:func:`transfer_tier` of each collection), each once, in that order."""
    found = (transfer_tier(s) for s in TRANSFER_SOURCES)
    return list(dict.fromkeys(p for p in found if p is not None))


def version_for(s: Settings) -> str:
    """The version a run with settings ``s`` writes: :data:`VERSION`, or ``VERSION-without-...`` for a transfer run."""
    return VERSION if not s.hold_out else f"{VERSION}-without-{'-'.join(sorted(s.hold_out))}"


def held_out_sources(hold_out: tuple[str, ...] | list[str]) -> set[str]:
    """Every source name of the collections in ``hold_out`` (:func:`~helpers.training.text_model.source_group`)."""
    return set().union(*(source_group(h) for h in hold_out))


def _rank(texts: pd.Series) -> np.ndarray:
    """A stable pseudo-random rank per text: the same text is chosen (or held out) for every column."""
    return np.array([int(hashlib.blake2b(t.encode(), digest_size=8).hexdigest(), 16) for t in texts], dtype=np.uint64)


def training_rows(splits: Splits, cap: int = CAP, hold_out: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per distinct text: ``text, source, inner`` and a label column per head (NaN where unlabelled).

    ``sentiment`` holds the class index in :data:`helpers.models.encoder.SENTIMENT_CLASSES`. Sources in
    ``hold_out`` are left out, and so are their texts, validation split included, wherever else they appear,
    matched as :func:`~helpers.training.text_model.leave_out` matches them (the transfer rows' fast heads and
    baselines leave out the same rows).
    """
    sets = training_sets(splits)
    if hold_out:
        also = [t for h in hold_out for t in getattr(splits, f"{h}_val", pd.DataFrame({"text": []}))["text"].astype(str)]
        sets = leave_out(sets, hold_out, also=also)
    # Collections overlap (the French hate superset holds MLMA posts): a text of any validation split is
    # left out of training wherever it appears, or a validation figure would read texts the tier learnt.
    unseen = set()
    for name in VALIDATION_SPLITS:
        unseen |= set(getattr(splits, name)["text"].astype(str))
    labels: dict[str, dict[str, float]] = {}
    sources: dict[str, str] = {}
    for column in ("sentiment", *BINARY):
        frame = sets[column]
        weights = SOURCE_WEIGHTS.get(column, {})
        for source, rows in frame.groupby("source", sort=True):
            if weights.get(source, 1.0) == 0:
                continue
            rows = rows[rows["text"].notna() & rows["y"].notna() & ~rows["text"].isin(unseen)].drop_duplicates("text")
            rows = rows.iloc[np.argsort(_rank(rows["text"]), kind="stable")[:None if source in WHOLE else cap]]
            values = (rows["y"].map({c: i for i, c in enumerate(tier.SENTIMENT_CLASSES)}) if column == "sentiment"
                      else rows["y"].astype(float))
            for text, value in zip(rows["text"], values):
                labels.setdefault(text, {}).setdefault(column, float(value))
                sources.setdefault(text, str(source))
    out = pd.DataFrame.from_dict(labels, orient="index").reindex(columns=["sentiment", *BINARY])
    out.index.name = "text"
    out = out.reset_index()
    out.insert(1, "source", out["text"].map(sources))
    rank = _rank(out["text"])
    out.insert(2, "inner", (rank % np.uint64(1000)) < np.uint64(int(INNER_SHARE * 1000)))
    return out.iloc[np.argsort(rank, kind="stable")].reset_index(drop=True)


def lower_states(model: tier.TierModel, sequences: list[list[int]], log: Callable[[str], None]) -> list[torch.Tensor]:
    """Each text's hidden states after the frozen layers (real tokens only, float16), computed once."""
    order = np.argsort([len(s) for s in sequences], kind="stable")
    out: list[torch.Tensor | None] = [None] * len(sequences)
    start = time.perf_counter()
    with torch.inference_mode():
        for n, b in enumerate(range(0, len(order), 64)):
            idx = order[b:b + 64]
            ids, mask = tier.pad([sequences[i] for i in idx])
            x = model.encoder(model.encoder.embed(ids), mask, stop=model.frozen)
            for j, i in enumerate(idx):
                out[i] = x[j, :len(sequences[i])].to(torch.float16).clone()
            if n % 100 == 0:
                log(f"lower layers: {b + len(idx)}/{len(order)} texts, {time.perf_counter() - start:.0f} s")
    return out


def batch_states(states: list[torch.Tensor], idx: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    """Padded float32 states and their mask for the texts ``idx``."""
    T = max(len(states[i]) for i in idx)
    x = torch.zeros(len(idx), T, states[idx[0]].shape[1])
    mask = torch.zeros(len(idx), T, dtype=torch.bool)
    for j, i in enumerate(idx):
        x[j, :len(states[i])] = states[i].float()
        mask[j, :len(states[i])] = True
    return x, mask


def _loss(logits: dict[str, torch.Tensor], y: dict[str, torch.Tensor], s: Settings) -> torch.Tensor:
    """Masked multi-task loss: each head's mean over the batch's texts labelled for it, summed with weights."""
    total = torch.zeros(())
    for name, z in logits.items():
        target = y[name]
        known = ~torch.isnan(target)
        if not known.any():
            continue
        if name == "sentiment":
            part = torch.nn.functional.cross_entropy(z[known], target[known].long())
        else:
            part = torch.nn.functional.binary_cross_entropy_with_logits(z.squeeze(-1)[known], target[known])
        total = total + part * (s.emotion_weight if name.startswith("emotion_") else 1.0)
    return total


def _epoch_batches(lengths: np.ndarray, epoch: int, s: Settings) -> list[np.ndarray]:
    """Batches of similar length in a seeded random order (the same for a resumed epoch)."""
    rng = np.random.default_rng(s.seed * 1000 + epoch)
    order = np.argsort(lengths + rng.random(len(lengths)) * 8, kind="stable")
    batches = [order[i:i + s.batch] for i in range(0, len(order), s.batch)]
    rng.shuffle(batches)
    return batches


def inner_logits(model: tier.TierModel, states: list[torch.Tensor]) -> dict[str, np.ndarray]:
    """Every head's logits from lower states (the inner fold's)."""
    model.eval()
    order = np.argsort([len(x) for x in states], kind="stable")
    out = {"sentiment": np.zeros((len(states), 3), np.float32), **{c: np.zeros(len(states), np.float32) for c in model.binary}}
    with torch.inference_mode():
        for b in range(0, len(order), 128):
            idx = order[b:b + 128]
            x, mask = batch_states(states, idx)
            for name, z in model.logits(model.pooled(x, mask, start=model.frozen)).items():
                out[name][idx] = z.numpy() if name == "sentiment" else z.squeeze(-1).numpy()
    return out


def inner_figures(raw: dict[str, np.ndarray], rows: pd.DataFrame) -> dict[str, float]:
    """Inner-fold figure per head: macro-F1 for sentiment, ROC-AUC for the binary heads."""
    from sklearn.metrics import f1_score, roc_auc_score

    out = {}
    y = rows["sentiment"].to_numpy()
    known = ~np.isnan(y)
    if known.any():
        out["sentiment"] = float(f1_score(y[known], raw["sentiment"][known].argmax(1), average="macro"))
    for c in BINARY:
        y = rows[c].to_numpy()
        known = ~np.isnan(y)
        if known.sum() and len(np.unique(y[known])) == 2:
            out[c] = float(roc_auc_score(y[known], raw[c][known]))
    return out


# --- checkpoints ----------------------------------------------------------------------------------------------

def _save_checkpoint(path: Path, model: tier.TierModel, optimizer: torch.optim.Optimizer, position: dict) -> None:
    tensors = {f"model.{k}": v.contiguous().numpy() for k, v in model.trained_state().items()}
    for i, p in enumerate(p for g in optimizer.param_groups for p in g["params"]):
        state = optimizer.state.get(p, {})
        for name in ("exp_avg", "exp_avg_sq"):
            if name in state:
                tensors[f"opt.{i}.{name}"] = state[name].contiguous().numpy()
        if "step" in state:
            position.setdefault("steps", {})[str(i)] = float(state["step"])
    tensors["rng"] = torch.get_rng_state().numpy()  # dropout's draws continue where they stopped
    write_safetensors(path, tensors, {"position": json.dumps(position)})


def _load_checkpoint(path: Path, model: tier.TierModel, optimizer: torch.optim.Optimizer) -> dict:
    tensors, meta = read_safetensors(path, "vigie train-encoder")
    position = json.loads(meta["position"])
    if "rng" in tensors:  # (absent from checkpoints of the first runs)
        torch.set_rng_state(torch.from_numpy(tensors["rng"].copy()))
    model.load_state_dict({k[6:]: torch.from_numpy(v.copy()) for k, v in tensors.items() if k.startswith("model.")},
                          strict=False)
    for i, p in enumerate(p for g in optimizer.param_groups for p in g["params"]):
        if f"opt.{i}.exp_avg" in tensors:
            optimizer.state[p] = {"step": torch.tensor(position["steps"][str(i)]),
                                  "exp_avg": torch.from_numpy(tensors[f"opt.{i}.exp_avg"].copy()),
                                  "exp_avg_sq": torch.from_numpy(tensors[f"opt.{i}.exp_avg_sq"].copy())}
    return position


def train_encoder(work_dir: Path, settings: Settings | None = None, splits: Splits | None = None,
                  out: Path | None = tier.DEFAULT_PATH, log: Callable[[str], None] = print,
                  rows: pd.DataFrame | None = None) -> tier.EncoderTier:
    """Train (or resume) the tier in ``work_dir`` and write it to ``out``; returns it (float32, not quantised).

    A run whose epochs are all done only chooses the epoch and calibrates again.
    """
    s = settings or Settings()
    run_dir = Path(work_dir) / f"run-{s.key()}"
    run_dir.mkdir(parents=True, exist_ok=True)
    progress = (run_dir / "progress.log").open("a", encoding="utf-8")

    def say(message: str) -> None:
        line = f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {message}"
        progress.write(line + "\n")
        progress.flush()
        log(message)

    start = time.perf_counter()
    torch.manual_seed(s.seed)
    rows = training_rows(splits or load_splits(), s.cap, s.hold_out) if rows is None else rows
    say(f"settings {asdict(s)}; {len(rows)} texts ({int(rows['inner'].sum())} in the inner fold)")
    model = tier.build(BINARY, s.frozen, s.layers)
    train_idx, inner_idx = np.flatnonzero(~rows["inner"].to_numpy()), np.flatnonzero(rows["inner"].to_numpy())
    inner_rows = rows.iloc[inner_idx]
    labels = {c: torch.tensor(rows[c].to_numpy(dtype=np.float32)) for c in ("sentiment", *BINARY)}
    upper = [p for i in range(s.frozen, s.layers) for p in model.encoder.layers[i].parameters()]
    optimizer = torch.optim.AdamW([{"params": upper, "lr": s.lr}, {"params": list(model.heads.parameters()), "lr": s.head_lr}],
                                  weight_decay=0.01)
    per_epoch = -(-len(train_idx) // s.batch)
    total = s.epochs * per_epoch
    position = {"epoch": 1, "batch": 0, "epochs": []}
    last = run_dir / "checkpoint.safetensors"
    if last.exists():
        position = _load_checkpoint(last, model, optimizer)
        say(f"resumed at epoch {position['epoch']}, batch {position['batch']}")
    # The lower layers' output, only when epochs remain (minutes on two cores).
    states = lower_states(model, tier.tokenize(rows["text"].tolist()), say) if position["epoch"] <= s.epochs else []
    inner_states = [states[i] for i in inner_idx] if states else []
    lengths = np.array([len(states[i]) for i in train_idx]) if states else np.zeros(0)
    done = (position["epoch"] - 1) * per_epoch + position["batch"]
    schedule = torch.optim.lr_scheduler.LambdaLR(  # 6% warm-up, then linear decay to 0, from the steps done
        optimizer, lambda k: min(1.0, (k + done + 1) / (0.06 * total)) * max(0.0, (total - k - done) / total))
    while position["epoch"] <= s.epochs:
        epoch = position["epoch"]
        model.train()
        batches = _epoch_batches(lengths, epoch, s)
        t0 = time.perf_counter()
        for b in range(position["batch"], len(batches)):
            idx = train_idx[batches[b]]
            x, mask = batch_states(states, idx)
            loss = _loss(model.logits(model.pooled(x, mask, start=s.frozen, dropout=s.dropout), s.dropout),
                         {c: v[idx] for c, v in labels.items()}, s)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(upper + list(model.heads.parameters()), 1.0)
            optimizer.step()
            schedule.step()
            if (b + 1) % CHECKPOINT_STEPS == 0:
                _save_checkpoint(last, model, optimizer, {**position, "batch": b + 1})
                say(f"epoch {epoch}: batch {b + 1}/{len(batches)}, loss {loss.item():.3f}, "
                    f"{(b + 1 - position['batch']) * s.batch / (time.perf_counter() - t0):.0f} texts/s")
        figures = inner_figures(inner_logits(model, inner_states), inner_rows)
        score = float(np.mean(list(figures.values())))
        tier.EncoderTier(model, {}).save(run_dir / f"epoch-{epoch}.safetensors")
        position = {"epoch": epoch + 1, "batch": 0,
                    "epochs": [*position["epochs"], {"epoch": epoch, "inner_mean": round(score, 4),
                                                      "inner": {k: round(v, 4) for k, v in figures.items()}}]}
        _save_checkpoint(last, model, optimizer, position)
        say(f"epoch {epoch} done: inner-fold mean {score:.4f} {json.dumps(position['epochs'][-1]['inner'])}")
    best = max(position["epochs"], key=lambda e: e["inner_mean"])
    chosen = run_dir / f"epoch-{best['epoch']}.safetensors"
    metadata = {"version": version_for(s), "settings": asdict(s), "base_sha256": base_digest(), "chosen_epoch": best["epoch"],
                "epochs": position["epochs"], **calibration_of(chosen, inner_rows),
                "trained_on": {str(k): int(v) for k, v in rows.loc[~rows["inner"], "source"].value_counts().sort_index().items()},
                "inner_texts": int(len(inner_idx)), "seconds": round(time.perf_counter() - start),
                **({"hold_out_rule": HOLD_OUT_RULE} if s.hold_out else {})}
    result = tier.EncoderTier(tier.EncoderTier.load(chosen, quantise=False).model, metadata)
    if out is not None:
        result.save(out)
        say(f"epoch {best['epoch']} chosen by the inner fold; written to {out}")
    progress.close()
    return result


def recalibrate(path: Path, splits: Splits | None = None, rows: pd.DataFrame | None = None,
                log: Callable[[str], None] = print) -> tier.EncoderTier:
    """Fit a written tier's calibration again by today's rule and rewrite the file in place.

    Today's rule: :data:`~helpers.training.encoder_calibration.BALANCED`. The weights are kept bit for bit; the
    inner fold is rebuilt from the settings the file records (``rows`` replaces it in tests) and must hold as many
    texts as when the tier was trained. The version becomes today's (:func:`version_for`), so stored scores of the
    old calibration are not reused.
    """
    current = tier.EncoderTier.load(path, quantise=False)
    recorded = dict(current.metadata.get("settings", {}))
    s = Settings(**{**recorded, "hold_out": tuple(recorded.get("hold_out", ()))})
    rows = training_rows(splits or load_splits(), s.cap, s.hold_out) if rows is None else rows
    inner_rows = rows[rows["inner"].to_numpy()]
    if "inner_texts" in current.metadata and len(inner_rows) != current.metadata["inner_texts"]:
        raise InvalidInput(f"{path}: its inner fold held {current.metadata['inner_texts']} texts, the shared data now "
                           f"give {len(inner_rows)}; retrain it with `vigie train-encoder`")
    metadata = {**current.metadata, "version": version_for(s), **calibration_of(path, inner_rows)}
    tier.EncoderTier(current.model, metadata).save(path)
    log(f"{path}: calibration fitted again ({', '.join(metadata['balanced']) or 'no head'} class-balanced), "
        f"version {metadata['version']}")
    return tier.EncoderTier(current.model, metadata)
