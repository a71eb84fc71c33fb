"""The team's verdicts on queue rows: read back from the sheet they edited, kept, and summed as precision."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ...errors import VigieError
from ...io.queries import feedback_counts
from ...io.sheets import Sheet, check_ids, parse_yes_no, read_sheet
from .queue import CATEGORIES


def read_feedback(path: str | Path, known_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows of a triage queue the team judged: ``comment_id, category, correct`` (bool), ``period``.

    The queue may come back as Excel saved it: CSV in Windows-1252 with semicolons, UTF-8 with a BOM, or
    ``.xlsx`` (:func:`helpers.io.sheets.read_sheet`). ``correct`` takes oui/non, yes/no, 1/0, vrai/faux or
    x; blank rows were not judged. ``known_ids`` (the store's comment ids) let ids a spreadsheet changed
    be named.

    Raises
    ------
    VigieError
        Naming the file, row and field for a missing column, a changed id or a ``correct`` value that is
        not yes/no.
    """
    sheet = read_sheet(path, required=("comment_id", "category", "correct"))
    frame = sheet.frame
    judged_at = [i for i, v in enumerate(frame["correct"]) if v != ""]
    verdicts = []
    for i in judged_at:
        try:
            verdicts.append(parse_yes_no(frame["correct"].iat[i]))
        except ValueError as exc:
            raise VigieError(f"{sheet.path}: row {sheet.rows[i]}, field correct: {exc}") from None
    judged = Sheet(sheet.path, frame.iloc[judged_at].reset_index(drop=True), [sheet.rows[i] for i in judged_at],
                   sheet.encoding)
    check_ids(judged, "comment_id", known_ids)
    period = judged.frame["period"] if "period" in judged.frame else ""
    return pd.DataFrame({"comment_id": judged.frame["comment_id"], "category": judged.frame["category"],
                         "correct": pd.Series(verdicts, dtype=bool), "period": period,
                         "row": judged.rows}).reset_index(drop=True)


def store_feedback(store, judged: pd.DataFrame, source_file: str) -> int:
    """Record verdicts (a newer verdict on the same row replaces the older); return how many."""
    if judged.empty:
        return 0
    rows = judged.drop(columns="row", errors="ignore").assign(source_file=source_file,
                                                              recorded_at=pd.Timestamp.now(tz="UTC"))
    return store.replace_triage_feedback(rows)


def feedback_precision(store) -> pd.DataFrame:
    """Per category: rows the team judged, how many were right, and the precision they saw.

    Empty for a store that has no verdicts (or was made before verdicts were kept).
    """
    out = feedback_counts(store)
    out["precision"] = out["correct"] / out["judged"]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return out.sort_values("category", key=lambda s: s.map(order)).reset_index(drop=True)
