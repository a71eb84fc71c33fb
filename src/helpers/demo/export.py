"""The demo's files: the export a page team would download, its ground truth and a triage configuration."""

from __future__ import annotations

import json
from pathlib import Path

from ..config import RESOURCES_DIR
from .script import PAGE_AUTHOR
from .stream import generate


def write_demo(out_dir: str | Path, n_comments: int = 20_000, seed: int = 42, defects: bool = True) -> dict[str, Path]:
    """Generate the demo stream and write its files: the export, its ground truth and a triage configuration.

    ``comments.csv``, ``ground_truth.csv``, ``ground_truth.json`` and ``triage.toml`` (the default triage
    configuration with the demo page's handle, :data:`PAGE_AUTHOR`). Returns the paths written. Files are
    written to a temporary name first, then renamed.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    export, truth, events = generate(n_comments, seed, defects)
    paths = {"comments": out / "comments.csv", "truth": out / "ground_truth.csv", "events": out / "ground_truth.json",
             "triage": out / "triage.toml"}
    for key, path in paths.items():
        tmp = path.with_suffix(path.suffix + ".tmp")
        if key == "comments":
            export.to_csv(tmp, index=False)
        elif key == "truth":
            truth.to_csv(tmp, index=False)
        elif key == "triage":
            default = (RESOURCES_DIR / "triage.toml").read_text(encoding="utf-8")
            tmp.write_text(default.replace("authors = []", f'authors = ["{PAGE_AUTHOR}"]'), encoding="utf-8")
        else:
            tmp.write_text(json.dumps(events, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)
    return paths
