"""Analyses and reports: topics, periodic reports, coding sheets, agreement, the team's queue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .. import config
from ..io.tables import read_input, write_table
from ..progress import wanted
from ._app import ReportTierOpt, SheetOpt, StoreOpt, _print_precision, _reader, _scored, app, err, fail, out


@app.command()
def topics(
    input_path: Annotated[Path | None, typer.Option("--input", help="CSV/JSONL/Parquet/.xlsx file (else the store).")] = None,
    output: Annotated[Path | None, typer.Option("--output", help="Rows with topic_id and topic_label (with --input).")] = None,
    text_column: Annotated[str, typer.Option(help="Text column of --input.")] = "text",
    time_column: Annotated[str | None, typer.Option(help="Time column of --input (for the summary).")] = None,
    store: StoreOpt = None,
    start: Annotated[str | None, typer.Option(help="Store mode: first day (UTC) of the comments to model.")] = None,
    end: Annotated[str | None, typer.Option(help="Store mode: day after the last one.")] = None,
    backend: Annotated[str, typer.Option(help="Embedding back-end: fast, static, hybrid, use, hashing or minilm.")] = "fast",
    n_topics: Annotated[int | None, typer.Option(help="Clusters to start from (default from the corpus size).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    sheet: SheetOpt = None,
) -> None:
    """Find topics with BERTopic (offline embeddings, seeded k-means, French + English stop words).

    With --input, writes each row with topic_id and topic_label to --output and a topic summary beside
    it (<output>.topics.csv). Without --input, models the store's comments in [--start, --end), keeps
    topic ids stable across runs (registry in the store) and saves the model under data/topics/.

    Example: vigie topics --input comments.csv --text-column text --time-column created_at --output topics.csv
    """
    from ..analysis.topics import run_topics, topics_of_table
    from ..models.embeddings import BACKENDS

    if backend not in BACKENDS:
        fail(f"unknown back-end '{backend}'; choose one of {', '.join(BACKENDS)}")
    if input_path is None:
        from ..io.store import Store

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
    frame, summary = topics_of_table(read_input(input_path, output, sheet).frame, text_column, time_column, backend,
                                     n_topics, seed, source=str(input_path))
    write_table(frame, output)
    summary_path = output.with_name(output.stem + ".topics.csv")
    write_table(summary, summary_path)
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
    precise: ReportTierOpt = None,
) -> None:
    """Score new comments, refresh topics, run the notebooks with papermill and render HTML reports.

    New comments are scored by the encoder tier when it is installed and they are a weekly run's (at most
    30,000), by the fast tier for a back-fill (--every) or a first run over a large history; --precise and
    --fast decide instead. manifest.json names the tier.

    Writes reports/<period>/<lang>/ (executed notebooks, HTML pages, manifest.json) and updates
    reports/index.html. A failed notebook keeps its previous page, is marked failed, and the command
    exits 1.

    Example: vigie report --period 2020-W14 --lang fr --lang en
    """
    from .. import pipeline
    from ..analysis.timeseries import SENSITIVITY
    from ..reports.periods import parse_period, periods_between

    for code in lang:
        if code not in {"fr", "en"}:
            fail(f"--lang must be fr or en, not '{code}'")
    if sensitivity not in SENSITIVITY:
        fail(f"--sensitivity must be one of {', '.join(SENSITIVITY)}")
    if every:
        if not (first and last):
            fail("--every needs --from and --to")
        periods = periods_between(first, last, every)
        precise = False if precise is None else precise  # a back-fill is the fast tier's job unless told
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
    from ..analysis.agreement import coding_sheet

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
    from ..analysis.period import load_period
    from ..analysis.triage import build_triage, counts_by_category, load_config, page_author_hashes, page_replied_to
    from ..files import atomic_write_text
    from ..reports.periods import parse_period

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
    atomic_write_text(target, "\ufeff" + queue.to_csv(index=False))
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
    from ..analysis.triage import feedback_precision, read_feedback, store_feedback
    from ..io.store import Store

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

    from ..analysis.agreement import agreement as measure
    from ..analysis.agreement import disagreements, read_coded_sheet, vigie_labels

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
