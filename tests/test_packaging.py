import re
import tomllib

import pytest
import yaml

from helpers.config import PROJ_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    declared = project["dependencies"] + extras["dev"] + extras["precise"]
    env = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    assert "python=3.11" in env["dependencies"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e .[dev,precise]" in pip
    mirrored = [p for p in pip if not p.startswith("-e")]
    assert sorted(mirrored) == sorted(declared)  # same packages, same pins


def test_layout_asked_for_by_the_user():
    for name in ["notebooks", "src/helpers", "data", "reports", "environment.yml", "tests", "README.md",
                 "pyproject.toml", "benchmarks", "docs", ".ci/run"]:
        assert (PROJ_ROOT / name).exists(), name


def test_ci_runs_the_readme_test_command():
    readme = (PROJ_ROOT / "README.md").read_text()
    assert "make test" in readme
    assert "make test" in (PROJ_ROOT / ".ci/run").read_text()


def test_readme_quotes_the_scoring_figures_the_benchmark_wrote():
    """The README's speed sentences are the last `benchmarks/bench_scoring.py` run's, not figures typed by hand."""
    import json

    readme = " ".join((PROJ_ROOT / "README.md").read_text().split())
    real = json.loads((PROJ_ROOT / "docs" / "benchmarks" / "scoring.json").read_text())
    cold, warm = real["real"]["command_line"]["comments_per_second"], real["real"]["warm_comments_per_second"]
    assert f"scores {cold:,} distinct real tweets per second from a cold start" in readme
    assert f"and {warm:,} per second once its workers run" in readme
    assert f"It scores {round(real['precise']['comments_per_second'])} new comments per second" in readme


def test_readme_quotes_the_fresh_clone_times_the_benchmark_wrote():
    """The README's minutes for its two commands are the last `benchmarks/bench_fresh_clone.py` run's, each within
    issue #28's 10 minutes."""
    import json

    readme = " ".join((PROJ_ROOT / "README.md").read_text().split())
    runs = {r["target"]: r for r in json.loads((PROJ_ROOT / "docs" / "benchmarks" / "fresh_clone.json").read_text())["runs"]}
    demo, test = (runs[t]["seconds"] / 60 for t in ("demo", "test"))
    assert f"`make demo` took {demo:.1f} minutes and `make test` {test:.1f} on two cores" in readme
    assert all(r["seconds"] < r["limit_s"] for r in runs.values())  # a failed run writes no JSON: it raises


def test_readme_quotes_the_encoder_tier_figures_its_page_holds():
    """The README's figures for `--precise` on validation are `vigie evaluate-encoder`'s, not typed by hand."""
    readme = " ".join((PROJ_ROOT / "README.md").read_text().split())
    rows = {}
    for line in (PROJ_ROOT / "docs" / "encoder_tier.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 8 and cells[0] not in {"section", "---"}:
            rows[cells[1]] = [float(c) for c in cells[4:7]]  # fast, encoder, both
    lower_better = {metric for metric in rows if "lower is better" in metric}
    led = sum((both < fast) if metric in lower_better else (both > fast) for metric, (fast, _, both) in rows.items())
    assert f"this leads the fast tier on {led} of {len(rows)} rows" in readme

    def pair(metric):
        fast, _, both = rows[metric]
        return f"{both:.3f} against {fast:.3f}"

    assert f"French sentiment (macro-F1 {pair('macro-F1, FR')})" in readme
    assert f"English sentiment ({pair('macro-F1, EN')})" in readme
    assert (f"identity attacks (F1 {pair('identity_attack F1 at 0.5, FR')} in French, "
            f"{pair('identity_attack F1 at 0.5, EN')} in English)") in readme
    assert f"distress (ROC-AUC {pair('ROC-AUC')})" in readme


def test_readme_quotes_the_transfer_figures_the_evaluation_page_holds():
    """The README's `--precise` transfer sentence is `vigie evaluate`'s page, not figures typed by hand."""
    import re

    readme = " ".join((PROJ_ROOT / "README.md").read_text().split())
    page = (PROJ_ROOT / "docs" / "evaluation.md").read_text()
    lead, n = re.search(r"On the (\d+) transfer rows, `--precise` leads Vigie's default on (\d+)", page).group(2, 1)
    assert f"leads the fast tier on {lead} of {n} rows" in readme
    rows = {}
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 12 and cells[1] == "transfer":
            rows[(cells[0], cells[2])] = (cells[5], cells[9])  # Vigie's default, --precise

    def pair(column, metric):
        default, precise = rows[(column, metric)]
        return f"{precise} against {default}"

    assert f"(F1 {pair('hostile', 'F1, EN')} without Davidson's tweets)" in readme
    assert f"distress without Dreaddit ({pair('distress', 'F1 at 0.5, EN')}:" in readme
    assert f"identity attacks without TweetEval hate ({pair('identity_attack', 'F1 at 0.5, EN')})" in readme
    assert f"French identity attacks without the superset ({pair('identity_attack', 'F1 at 0.5, FR')})" in readme
    assert f"French hostility without MLMA ({pair('hostile', 'F1, FR')})" in readme


def test_the_distillation_page_reads_the_evaluation_pages_transfer_figures_and_chose_the_taught_columns():
    """`docs/distillation.md`'s transfer rows read `vigie evaluate`'s default (same refit, same rows).

    *+ distilled* for a column the shipped model was taught, *fast tier* for another (all of them while it is plain);
    and the columns `vigie train --distil` teaches are the ones the page's run chose on its inner folds.
    """
    import json

    from helpers.models.text_model import default_model
    from helpers.training.distillation import TAUGHT_COLUMNS
    from helpers.training.transfer_metrics import column_heads

    evaluation = {}
    for line in (PROJ_ROOT / "docs" / "evaluation.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 12 and cells[1] == "transfer":
            evaluation[(cells[0], cells[2], cells[3])] = float(cells[5])  # Vigie's default
    result = json.loads((PROJ_ROOT / "docs" / "benchmarks" / "distil_fast.json").read_text())
    assert list(TAUGHT_COLUMNS) == result["chosen"]
    taught = default_model().metadata.get("distilled", {}).get("heads", [])
    assert taught in ([], column_heads(TAUGHT_COLUMNS))  # plain, or taught what vigie train --distil teaches
    transfer_rows = {(r["column"], r["metric"], r["data"]):
                     r["after" if taught and r["column"] in TAUGHT_COLUMNS else "before"]
                     for r in result["rows"] if r["figure"] == "transfer"}
    assert transfer_rows and set(transfer_rows) <= set(evaluation)
    # The JSON keeps 4 decimals and the page 3: they agree within both roundings.
    assert transfer_rows == pytest.approx({key: evaluation[key] for key in transfer_rows}, abs=5.5e-4)


def test_the_in_domain_distillation_page_read_the_shipped_model_and_its_taught_columns():
    """`docs/distillation_in_domain.md` is the shipped model's: retraining it, or teaching other columns, means re-running
    `benchmarks/distil_in_domain.py`, and the page's rows read only columns that are taught."""
    import json

    from helpers.models.text_model import default_model
    from helpers.training.distillation import TAUGHT_COLUMNS

    result = json.loads((PROJ_ROOT / "docs" / "benchmarks" / "distil_in_domain.json").read_text())
    assert result["shipped"] == default_model().version
    assert result["taught_columns"] == list(TAUGHT_COLUMNS)
    assert result["rows"] and {r["column"] for r in result["rows"]} <= set(TAUGHT_COLUMNS)


def test_no_file_in_the_repository_is_over_50_mb():
    import subprocess

    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=PROJ_ROOT, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    sizes = {name: (PROJ_ROOT / name).stat().st_size for name in tracked.stdout.split("\0")
             if name and (PROJ_ROOT / name).is_file()}
    assert sizes and max(sizes.values()) < 50 * 2**20, max(sizes, key=sizes.get)


def test_the_transfer_runs_kept_in_the_repository_are_the_ones_read_and_trained_as_the_shipped_tier():
    """Every transfer row's run is committed, read by its rows, trained by today's rule and the shipped tier's settings,
    and named on the page: `vigie evaluate --precise`'s transfer figures can be re-run from a fresh clone."""
    import subprocess

    from helpers.models.encoder import DEFAULT_PATH
    from helpers.training.encoder import TRANSFER_SOURCES, holdout_path, transfer_tier
    from helpers.training.text_model import HOLD_OUT_RULE
    from helpers.training.transfer_page import _COMPARED, tier_settings

    page = (PROJ_ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8")
    tracked = subprocess.run(["git", "ls-files", "data/encoder/holdout"], cwd=PROJ_ROOT, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    shipped_version, shipped = tier_settings(DEFAULT_PATH)
    runs = {f"data/encoder/holdout/{holdout_path((source,)).name}": source for source in TRANSFER_SOURCES}
    committed = tracked.stdout.split()
    assert set(committed) == set(runs), "the run of every transfer row's collection is kept, and no other"
    for source in (runs[name] for name in committed):
        path = holdout_path((source,))
        assert transfer_tier(source) == path  # the run that left the collection out alone is the one read
        version, settings = tier_settings(path)
        assert version == f"{shipped_version}-without-{source}" and settings["hold_out"] == [source]
        assert settings["hold_out_rule"] == HOLD_OUT_RULE
        assert {k: settings.get(k) for k in _COMPARED} == {k: shipped.get(k) for k in _COMPARED}, path.name
        assert f"`{path.name}` (`{version}`)" in page  # the page names the run it read


def test_no_two_modules_import_each_other_even_round_a_loop():
    """Function-level imports count: the package's import graph has no cycle at all."""
    import grimp

    graph = grimp.build_graph("helpers")
    modules = sorted(graph.modules)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in modules}
    # Tarjan's strongly connected components: any component of two or more modules is a circle.
    index, low, stack, on_stack, circles, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    assert circles == []


def test_the_store_owns_its_sql():
    """No query and no DuckDB connection outside helpers.io: the schema's readers and writers sit beside it."""
    import ast

    offenders = []
    for path in (PROJ_ROOT / "src" / "helpers").rglob("*.py"):
        if "io" in path.relative_to(PROJ_ROOT / "src" / "helpers").parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "con":
                offenders.append(f"{path.name}:{node.lineno} .con")
            elif (isinstance(node, ast.Call) and node.args and isinstance(node.func, ast.Attribute)
                  and ast.unparse(node.func) != "re.compile"):  # a pattern may hold words such as "update "
                first = ast.unparse(node.args[0]).upper()
                if any(word in first for word in ("SELECT ", "INSERT ", "DELETE ", "UPDATE ", "CREATE ")):
                    offenders.append(f"{path.name}:{node.lineno} .{node.func.attr}(SQL)")
    assert offenders == []


def test_every_module_has_its_mirrored_test_file():
    """helpers/io/store.py is tested in tests/io/test_store.py, helpers/io/readers/_base.py in tests/io/readers/test_base.py."""
    src = PROJ_ROOT / "src" / "helpers"
    missing = []
    for module in sorted(src.rglob("*.py")):
        if module.name in {"__init__.py", "__main__.py"}:
            continue
        relative = module.relative_to(src)
        expected = PROJ_ROOT / "tests" / relative.parent / f"test_{module.stem.lstrip('_')}.py"
        if not expected.exists():
            missing.append(f"{relative} -> {expected.relative_to(PROJ_ROOT)}")
    assert not missing, missing


def test_no_module_is_over_400_lines():
    """A module that grows past 400 lines holds more than one job: split it (readers, topics, triage, demo were)."""
    long = {str(p.relative_to(PROJ_ROOT)): n for p in (PROJ_ROOT / "src" / "helpers").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, long


def test_the_evaluation_page_ends_with_its_notes_as_they_stand():
    """`vigie evaluate` appends docs/evaluation_notes.md verbatim: a note edited since must be carried to the page."""
    page = (PROJ_ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8")
    notes = (PROJ_ROOT / "docs" / "evaluation_notes.md").read_text(encoding="utf-8")
    assert page.endswith(notes)
