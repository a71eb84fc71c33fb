"""Data in and out: the demo stream, ingest, quality, export, formats, score and enrich."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .. import config
from ..io.tables import TableWriter, iter_input
from ..progress import wanted
from ._app import PreciseOpt, SheetOpt, StoreOpt, _reader, app, err, fail, log, out


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
    from ..demo import write_demo

    paths = write_demo(out_dir, n_comments=n, seed=seed, defects=defects)
    for key, path in paths.items():
        out.print(f"{key}: {path}", highlight=False)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Export files (CSV, TSV, JSONL, JSON, Parquet, Excel .xlsx).")],
    fmt: Annotated[str, typer.Option("--format", help="Reader name, or auto to sniff each file.")] = "auto",
    store: StoreOpt = None,
    mapping: Annotated[str | None, typer.Option("--map", help="Explicit columns: text=message,created_at=date")] = None,
    platform: Annotated[str | None, typer.Option(help="Platform to record when the file does not say.")] = None,
    tz: Annotated[str, typer.Option("--tz", help="Time zone of timestamps that carry none.")] = "UTC",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON line of counts.")] = False,
    sheet: SheetOpt = None,
    accurate_languages: Annotated[bool, typer.Option(
        help="Detect languages with lingua's accurate mode only (about half as fast).")] = False,
) -> None:
    """Read exports into the store; unusable rows go to quarantine; counts always reconcile.

    read = loaded + duplicates + quarantined. Re-ingesting the same files adds nothing.
    Exit code 1 if a file could not be read at all (the other files are still loaded).

    Example: vigie ingest data/raw/demo/comments.csv --map text=message,created_at=date
    """
    from ..io.ingest import ingest_paths
    from ..io.readers import READERS
    from ..io.schema import check_timezone, parse_mapping
    from ..io.store import Store

    if fmt != "auto" and fmt not in READERS:
        fail(f"unknown format '{fmt}'; choose auto or one of: {', '.join(sorted(READERS))}")
    explicit = parse_mapping(mapping)
    check_timezone(tz)
    with Store(store) as st:
        report = ingest_paths(list(paths), st, fmt=fmt, mapping=explicit, platform=platform, tz=tz,
                              progress=wanted(as_json), sheet=sheet,
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
        if report.rounded_thread_ids:
            n = report.rounded_thread_ids
            out.print(f"[yellow]{n} record{'s' if n > 1 else ''} with a post or parent id a spreadsheet or a float "
                      "column rounded: loaded, but threads may merge. Export the ids as text.[/]", highlight=False)
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
    from ..analysis.quality import summary, write_markdown

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


@app.command()
def formats() -> None:
    """List the input formats that `vigie ingest --format` accepts."""
    from rich.markup import escape

    from ..io.readers import READERS

    table = Table("format", "platform", "description", title="input formats")
    for name in sorted(READERS):
        r = READERS[name]
        table.add_row(name, r.platform, escape(r.description))  # "[post, comments]" is not rich markup
    out.print(table)


@app.command()
def score(
    input_path: Annotated[Path, typer.Option("--input", help="CSV, TSV, JSONL, Parquet or Excel (.xlsx) file of comments.")],
    output: Annotated[Path, typer.Option("--output", help="Where to write the scored rows, format by extension: .csv, "
                                         ".tsv, .jsonl, .parquet or .xlsx (an Excel workbook, up to 1,048,575 rows).")],
    text_column: Annotated[str, typer.Option(help="Column holding the comment text.")] = "text",
    lang_column: Annotated[str | None, typer.Option(help="Column holding a known language (else detected).")] = None,
    model: Annotated[Path | None, typer.Option(help="Model file (default: the shipped model).")] = None,
    precise: PreciseOpt = False,
    sheet: SheetOpt = None,
) -> None:
    """Add language, mood and hostility columns to every row of a file.

    Columns added: lang, sentiment, sentiment_score, emotion_* (8), distress, is_question, hostility,
    hostile, insult, threat, identity_attack, profanity, hostility_target.

    Example: vigie score --input comments.csv --text-column message --output scored.csv [--precise]
    """
    from ..scoring.score import SCORE_COLUMNS, score_texts

    scored = hostile = questions = quarantined = 0
    encoding = None
    # Chunk by chunk (CSV, TSV, Parquet, Excel): memory stays flat on a file of millions of rows, and the output file
    # appears, whole, only once every chunk is written.
    with TableWriter(output) as writer:
        for table in iter_input(input_path, output, sheet=sheet):
            frame = table.frame
            quarantined += len(table.rejects)
            encoding = encoding or table.encoding
            if frame.columns.empty:
                continue
            for column in [text_column] + ([lang_column] if lang_column else []):
                if column not in frame.columns:
                    fail(f"{input_path}: no column '{column}' (columns: {', '.join(map(str, frame.columns))})")
            scores = score_texts(frame[text_column].tolist(), frame[lang_column].tolist() if lang_column else None,
                                 str(model) if model else None, precise=precise, progress=precise and wanted())
            frame = frame.drop(columns=[c for c in SCORE_COLUMNS if c in frame.columns and c != lang_column])
            if lang_column == "lang":
                scores = scores.drop(columns="lang")
            out_frame = frame.reset_index(drop=True).join(scores)
            writer.write(out_frame)
            scored += len(out_frame)
            hostile += int(out_frame["hostile"].sum())
            questions += int(out_frame["is_question"].sum())
    out.print(f"read {scored + quarantined} = scored {scored} + quarantined {quarantined} "
              f"({encoding or 'binary'}); {hostile} hostile, {questions} questions -> {output}", highlight=False)
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
    from ..io.store import Store
    from ..scoring.enrich import enrich_store

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


