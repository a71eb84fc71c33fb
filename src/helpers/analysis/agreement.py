"""Validate Vigie on one's own coded comments: a stratified coding sheet, then agreement with Vigie's flags.

Researchers establish that a measure is valid on *their* data before citing it: they code a sample by
hand, then compare. :func:`coding_sheet` draws the sample (rare flags over-represented, order shuffled
so coders cannot see the strata); :func:`agreement` reports, per coded column, agreement, Cohen's kappa,
precision, recall and F1 with seeded bootstrap intervals, and :func:`disagreements` lists the comments to
read. Two coders' sheets compared with each other give inter-coder kappa the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InvalidInput, VigieError
from ..io.sheets import NO, check_ids, clean, parse_yes_no, read_sheet
from ..text import redact

#: Columns a coder fills, named after Vigie's columns; binary ones take 1/0, oui/non, yes/no, vrai/faux or x.
CODED_COLUMNS: tuple[str, ...] = ("hostile", "identity_attack", "threat", "distress", "is_question", "sentiment")
#: Threshold above which a Vigie score counts as the flag a coder marks.
FLAG_THRESHOLD = 0.5
_SENTIMENT = {"negative": "negative", "négatif": "negative", "negatif": "negative", "négative": "negative",
              "neg": "negative", "-1": "negative",
              "neutral": "neutral", "neutre": "neutral", "neu": "neutral", "0": "neutral",
              "positive": "positive", "positif": "positive", "pos": "positive", "1": "positive"}


def vigie_labels(scored: pd.DataFrame) -> pd.DataFrame:
    """Vigie's reading of each comment in the coded columns' terms (``comment_id`` plus one column each)."""
    out = pd.DataFrame({"comment_id": scored["comment_id"].astype(str)})
    out["hostile"] = scored["hostile"].astype(bool)
    for column in ("identity_attack", "threat", "distress"):
        out[column] = scored[column] >= FLAG_THRESHOLD
    out["is_question"] = scored["is_question"].astype(bool)
    out["sentiment"] = scored["sentiment"]
    return out


def coding_sheet(scored: pd.DataFrame, n: int = 200, stratify: tuple[str, ...] = ("hostile", "identity_attack",
                 "threat", "distress", "is_question"), random_state: int = 0) -> pd.DataFrame:
    """A sample of ``n`` comments to code by hand: ``comment_id``, redacted ``text`` and one empty column each.

    Each flag in ``stratify`` gets up to ``n / (len(stratify) + 1)`` of the comments Vigie flags with it (so
    rare flags can be measured), the rest is drawn from all comments; the sheet is shuffled.
    """
    if n < 1:
        raise InvalidInput("n must be at least 1")
    labels = vigie_labels(scored)
    rng = np.random.default_rng(random_state)
    chosen: list[int] = []
    per_flag = n // (len(stratify) + 1)
    for flag in stratify:
        if flag not in labels or flag == "sentiment":
            raise InvalidInput(f"cannot stratify on {flag!r}; choose among {', '.join(CODED_COLUMNS[:-1])}")
        pool = np.setdiff1d(np.flatnonzero(labels[flag].to_numpy()), chosen)
        chosen += rng.choice(pool, min(per_flag, len(pool)), replace=False).tolist()
    rest = np.setdiff1d(np.arange(len(scored)), chosen)
    chosen += rng.choice(rest, min(n - len(chosen), len(rest)), replace=False).tolist()
    chosen = rng.permutation(chosen)
    sheet = pd.DataFrame({"comment_id": scored["comment_id"].astype(str).to_numpy()[chosen],
                          "text": scored["text"].to_numpy()[chosen]})
    sheet["text"] = sheet["text"].map(redact)
    for column in CODED_COLUMNS:
        sheet[column] = ""
    return sheet


def read_coded(sheet: pd.DataFrame, rows: list[int] | None = None) -> pd.DataFrame:
    """Coded values as booleans (binary columns) and labels (sentiment); blanks become missing.

    Binary columns take values as people type them (:func:`helpers.io.sheets.parse_yes_no`). A column
    marked with ``x`` alone (no 0/non/no anywhere) is read as boxes: a blank there means "no" on every row
    the coder filled something in, and stays missing on rows left entirely blank. ``rows`` are the
    spreadsheet row numbers of the records (default: header on row 1, then one record a row).

    Raises
    ------
    ValueError
        Naming the row and column of a value that is not a code.

    """
    rows = rows if rows is not None else list(range(2, len(sheet) + 2))
    out = pd.DataFrame({"comment_id": sheet["comment_id"].astype(str).map(clean)})
    present = [c for c in CODED_COLUMNS if c in sheet]
    cells = {c: sheet[c].fillna("").map(clean) for c in present}
    filled = np.zeros(len(sheet), dtype=bool)
    for values in cells.values():
        filled |= (values != "").to_numpy()
    for column, values in cells.items():
        parsed: list = []
        for row, value in zip(rows, values):
            try:
                if column == "sentiment":
                    if value and value.lower() not in _SENTIMENT:
                        raise ValueError(f"{value!r} is not negative, neutral or positive")
                    parsed.append(_SENTIMENT[value.lower()] if value else None)
                else:
                    parsed.append(parse_yes_no(value))
            except ValueError as exc:
                raise ValueError(f"row {row}, column {column}: {exc}") from None
        lowered = set(values.str.lower())
        if column != "sentiment" and "x" in lowered and not lowered & NO:
            parsed = [p if p is not None else (False if f else None) for p, f in zip(parsed, filled)]
        out[column] = pd.Series(parsed, dtype=object)
    return out


def read_coded_sheet(path: str | Path, known_ids: Iterable[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A coded sheet as saved by a spreadsheet (CSV in any encoding and delimiter, or ``.xlsx``): ``(sheet, codes)``.

    ``known_ids`` (the store's comment ids) let ids a spreadsheet changed (``3,53E+17``, leading zeros
    dropped) be named instead of silently matching nothing.

    Raises
    ------
    VigieError
        Naming the file, and the row and column of a value that is not a code or of a changed id.

    """
    sheet = read_sheet(path, required=("comment_id",))
    check_ids(sheet, "comment_id", known_ids)
    try:
        codes = read_coded(sheet.frame, sheet.rows)
    except ValueError as exc:
        raise VigieError(f"{sheet.path}: {exc}") from exc
    frame = sheet.frame.assign(_row=sheet.rows)
    return frame, codes


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    categories = np.union1d(a, b)
    observed = float(np.mean(a == b))
    expected = float(sum(np.mean(a == c) * np.mean(b == c) for c in categories))
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def _scores(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """Agreement figures of reference ``a`` (the coder) and ``b`` (Vigie or a second coder)."""
    out = {"agreement": float(np.mean(a == b)), "kappa": _kappa(a, b)}
    if a.dtype == bool:  # agreement() casts every column but sentiment to bool
        tp, fp, fn = float(np.sum(a & b)), float(np.sum(~a & b)), float(np.sum(a & ~b))
        out["precision"] = tp / (tp + fp) if tp + fp else float("nan")
        out["recall"] = tp / (tp + fn) if tp + fn else float("nan")
        out["f1"] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    else:  # sentiment: macro-F1 over the three classes
        f1s = []
        for c in np.union1d(a, b):
            tp, fp, fn = np.sum((a == c) & (b == c)), np.sum((a != c) & (b == c)), np.sum((a == c) & (b != c))
            f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
        out["precision"] = out["recall"] = float("nan")
        out["f1"] = float(np.mean(f1s))
    return out


def agreement(coded: pd.DataFrame, other: pd.DataFrame, n_boot: int = 1000, random_state: int = 0) -> pd.DataFrame:
    """Per coded column: ``n``, agreement, Cohen's kappa, precision, recall and F1, with 95% bootstrap intervals.

    ``coded`` is the reference (:func:`read_coded`); ``other`` is :func:`vigie_labels` of the same comments or a
    second coder's :func:`read_coded` sheet. Rows are matched on ``comment_id``; blank codes are left out.
    """
    merged = coded.merge(other, on="comment_id", suffixes=("", "_other"))
    rng = np.random.default_rng(random_state)
    rows = []
    for column in CODED_COLUMNS:
        if column not in coded or f"{column}_other" not in merged:
            continue
        pair = merged[[column, f"{column}_other"]].dropna()
        if pair.empty:
            continue
        a, b = pair[column].to_numpy(), pair[f"{column}_other"].to_numpy()
        if column != "sentiment":
            a, b = a.astype(bool), b.astype(bool)
        point = _scores(a, b)
        draws = [_scores(a[i], b[i]) for i in (rng.integers(0, len(a), len(a)) for _ in range(n_boot))]
        row = {"column": column, "n": len(a)}
        for name, value in point.items():
            values = np.array([d[name] for d in draws], dtype=float)
            values = values[~np.isnan(values)]
            low, high = (np.percentile(values, [2.5, 97.5]) if len(values) else (np.nan, np.nan))
            row.update({name: value, f"{name}_low": float(low), f"{name}_high": float(high)})
        rows.append(row)
    return pd.DataFrame(rows)


def disagreements(coded: pd.DataFrame, other: pd.DataFrame, sheet: pd.DataFrame) -> pd.DataFrame:
    """The comments where the two readings differ: ``comment_id, column, coded, other, text``."""
    merged = coded.merge(other, on="comment_id", suffixes=("", "_other"))
    texts = sheet.assign(comment_id=sheet["comment_id"].astype(str)).set_index("comment_id")["text"]
    rows = []
    for column in CODED_COLUMNS:
        if column not in coded or f"{column}_other" not in merged:
            continue
        pair = merged[["comment_id", column, f"{column}_other"]].dropna()
        for cid, a, b in pair.itertuples(index=False):
            if a != b:
                rows.append({"comment_id": cid, "column": column, "coded": a, "other": b, "text": texts.get(cid, "")})
    return pd.DataFrame(rows, columns=["comment_id", "column", "coded", "other", "text"])
