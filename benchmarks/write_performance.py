"""Write docs/performance.md from the JSON results in docs/benchmarks/ (run the benchmarks first)."""

from __future__ import annotations

import json

from _common import RESULTS, ROOT

from helpers.evaluation import topics_table


def main() -> None:
    lines = ["# Vigie performance", "",
             "Written by `python benchmarks/write_performance.py` from the results of the benchmark scripts in",
             "`benchmarks/`; do not edit by hand. Re-run a script to refresh its section.", ""]
    scoring = RESULTS / "scoring.json"
    if scoring.exists():
        r = json.loads(scoring.read_text())
        m = r["machine"]
        lines += ["## Scoring (`benchmarks/bench_scoring.py`)", "",
                  f"Machine: {m['cores']} cores, {m['memory_gb']} GB, {m['cpu']}, Python {m['python']}.", "",
                  "| case | comments | distinct texts | seconds | comments/s |", "|---|---|---|---|---|",
                  f"| demo stream, all {r['columns']} columns | {r['comments']} | {r['distinct_texts']} | {r['seconds']} | "
                  f"{r['comments_per_second']} |",
                  f"| every text distinct (worst case) | {r['all_distinct']['comments']} | {r['all_distinct']['comments']} | "
                  f"{r['all_distinct']['seconds']} | {r['all_distinct']['comments_per_second']} |", "",
                  "Identical texts are scored once; `vigie enrich` also skips texts already scored by the same model "
                  "version, so a weekly run scores only new texts.", ""]
    language = RESULTS / "language.json"
    if language.exists():
        r = json.loads(language.read_text())
        lines += ["## Language detection (`benchmarks/bench_language.py`)", "",
                  "lingua restricted to the languages Vigie tells apart. *fast* (the default) takes lingua's "
                  f"low-accuracy answer when its confidence is at least {r['fast_confidence']} and asks the "
                  "high-accuracy mode otherwise.", "",
                  "| data | distinct texts | high texts/s | fast texts/s | fast = high | accuracy high | accuracy fast |",
                  "|---|---|---|---|---|---|---|"]
        for row in r["results"]:
            lines.append(f"| {row['data']} | {row['distinct_texts']} | {row['high_texts_per_s']} | "
                         f"{row['fast_texts_per_s']} | {row['fast_agrees_with_high']:.1%} | "
                         f"{row.get('high_accuracy', '—')} | {row.get('fast_accuracy', '—')} |")
        lines.append("")
        for row in r["results"]:
            pairs = ", ".join(f"{k} ({v})" for k, v in row["most_common_disagreements"].items())
            lines.append(f"- {row['data']}: most common disagreements (high→fast): {pairs or 'none'}.")
        lines.append("")
    pipeline = RESULTS / "pipeline.json"
    if pipeline.exists():
        r = json.loads(pipeline.read_text())
        m = r["machine"]
        lines += ["## Whole pipeline on the demo stream (`benchmarks/bench_pipeline.py`)", "",
                  f"Machine: {m['cores']} cores, {m['memory_gb']} GB. Each step is one `vigie` process; peak memory "
                  "includes child processes (notebook kernels, workers).", "",
                  "| comments | step | seconds | comments/s | peak GB |", "|---|---|---|---|---|"]
        for res in r["results"]:
            n = res["comments"]
            for step, v in res["first_run"].items():
                rate = round(n / v["seconds"]) if step in {"ingest", "enrich", "topics"} else ""
                lines.append(f"| {n} | first run: {step} | {v['seconds']} | {rate} | {v['peak_gb']} |")
            lines.append(f"| {n} | **first run, total** | {res['first_run_seconds']} | | {res['first_run_peak_gb']} |")
            for step, v in res["incremental"].items():
                lines.append(f"| {n} + 20000 | weekly run: {step} | {v['seconds']} | | {v['peak_gb']} |")
            lines.append(f"| {n} + 20000 | **weekly run, total** | {res['incremental_seconds']} | | |")
        lines += ["", "The weekly report step includes scoring the new comments, refitting topics (embeddings of "
                  "earlier comments come from the store's cache) and executing the five notebooks.", ""]
    topics = RESULTS / "topics.json"
    if topics.exists():
        r = json.loads(topics.read_text())
        lines += ["## Topics on CrisisLexT26 (`benchmarks/bench_topics.py`)", "", topics_table(r), ""]
    (ROOT / "docs" / "performance.md").write_text("\n".join(lines), encoding="utf-8")
    print(ROOT / "docs" / "performance.md")


if __name__ == "__main__":
    main()
