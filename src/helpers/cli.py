"""The ``vigie`` command: one entry point for every job.

User mistakes end with one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import config

app = typer.Typer(
    name="vigie",
    help="Vigie: bilingual crisis social listening (topic shifts, hostility spikes, audience mood).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

StoreOpt = Annotated[Path | None, typer.Option("--store", help="DuckDB store (default data/vigie.duckdb or $VIGIE_STORE).")]


def fail(message: str, code: int = 2) -> None:
    """Print one error line and exit with ``code``."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


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
    from .demo import write_demo

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
) -> None:
    """Read exports into the store; unusable rows go to quarantine; counts always reconcile.

    read = loaded + duplicates + quarantined. Re-ingesting the same files adds nothing.
    Exit code 1 if a file could not be read at all (the other files are still loaded).

    Example: vigie ingest data/raw/demo/comments.csv --map text=message,created_at=date
    """
    from .ingest import ingest_paths
    from .readers import READERS
    from .schema import parse_mapping
    from .store import Store

    if fmt != "auto" and fmt not in READERS:
        fail(f"unknown format '{fmt}'; choose auto or one of: {', '.join(sorted(READERS))}")
    try:
        explicit = parse_mapping(mapping)
    except ValueError as exc:
        fail(f"--map: {exc}")
    try:
        import zoneinfo

        zoneinfo.ZoneInfo(tz)
    except Exception:  # noqa: BLE001
        fail(f"--tz: unknown time zone '{tz}'")
    with Store(store) as st:
        report = ingest_paths(list(paths), st, fmt=fmt, mapping=explicit, platform=platform, tz=tz,
                              progress=not as_json and sys.stderr.isatty())
        total = st.count("comments")
    for f in report.failed_files:
        err.print(f"[bold red]error:[/] {f.source_file}: {f.error}", highlight=False)
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
    from .quality import summary, write_markdown
    from .store import Store

    try:
        st = Store(store, read_only=True)
    except FileNotFoundError as exc:
        fail(str(exc))
    with st:
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
    from .store import Store

    try:
        st = Store(store, read_only=True)
    except FileNotFoundError as exc:
        fail(str(exc))
    with st:
        for path in st.export_parquet(directory):
            out.print(str(path), highlight=False)


@app.command()
def formats() -> None:
    """List the input formats that `vigie ingest --format` accepts."""
    from .readers import READERS

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
