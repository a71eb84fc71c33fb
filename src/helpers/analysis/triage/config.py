"""The triage configuration: the page's own handles, the thresholds, and where people are referred.

A TOML file; ``resources/triage.toml`` documents every key and holds Quebec and Canadian defaults.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ... import config as settings
from ...config import RESOURCES_DIR
from ...errors import VigieError

DEFAULT_CONFIG = RESOURCES_DIR / "triage.toml"


@dataclass
class TriageConfig:
    """What goes in the queue and where people are referred (read from a TOML file by :func:`load_config`)."""

    page_authors: list[str] = field(default_factory=list)
    region: str = "QC"
    self_harm: float = 0.5
    acute_distress: float = 0.85
    threat: float = 0.5
    identity_attack: float = 0.5
    repeat_hostile: int = 3
    question_similarity: float = 0.65
    referrals: list[dict] = field(default_factory=list)

    def resources(self, lang: str) -> list[dict]:
        """Referral resources of the configured region in ``lang`` (the region's others if none in ``lang``)."""
        here = [r for r in self.referrals if r.get("region") == self.region]
        return [r for r in here if r.get("lang") == lang] or here


def load_config(path: str | Path | None = None) -> TriageConfig:
    """Read a triage configuration file.

    Without ``path``: :data:`helpers.config.TRIAGE_CONFIG` (``$VIGIE_TRIAGE_CONFIG`` or
    ``config/triage.toml``) when it exists, else the documented defaults (``resources/triage.toml``), so
    `vigie triage` and the report page read the same file.

    Raises
    ------
    VigieError
        Naming the file and the key, when the file cannot be read or a value has the wrong type.
    """
    if path:
        path = Path(path)
    else:
        path = settings.TRIAGE_CONFIG if Path(settings.TRIAGE_CONFIG).exists() else DEFAULT_CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise VigieError(f"{path}: cannot read the triage configuration: {exc}") from exc
    page, limits = data.get("page", {}), data.get("thresholds", {})
    config = TriageConfig(page_authors=list(page.get("authors", [])), region=str(page.get("region", "QC")),
                          referrals=list(data.get("referrals", [])))
    for key, kind in (("self_harm", float), ("acute_distress", float), ("threat", float), ("identity_attack", float),
                      ("repeat_hostile", int), ("question_similarity", float)):
        if key in limits:
            value = limits[key]
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise VigieError(f"{path}: thresholds.{key} must be a number, not {value!r}")
            setattr(config, key, kind(value))
    if not all(isinstance(a, str) for a in config.page_authors):
        raise VigieError(f"{path}: page.authors must be a list of handles (strings)")
    for i, ref in enumerate(config.referrals):
        missing = {"region", "lang", "name", "contact"} - set(ref)
        if missing:
            raise VigieError(f"{path}: referrals[{i}] lacks {', '.join(sorted(missing))}")
    return config
