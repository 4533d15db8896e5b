"""Labels as an analyst writes them (1/0, yes/no, two words) turned into 0/1, with the mapping used."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .errors import TrainingError

_TRUE = {"1", "1.0", "true", "yes", "y", "t"}
_FALSE = {"0", "0.0", "false", "no", "n", "f"}


def parse_labels(values: Iterable, positive: str | None = None) -> tuple[np.ndarray, dict]:
    """0/1 labels from 1/0, true/false, yes/no, or two distinct strings (``positive`` names the 1).

    Returns the labels and the mapping used, e.g. ``{"ivory-ad": 1, "other": 0}``.

    >>> parse_labels(["yes", "no", "Yes"])[0].tolist()
    [1, 0, 1]
    """
    raw = list(values)
    text = ["" if missing(v) else str(v).strip() for v in raw]
    empty = [i for i, v in enumerate(text) if v == ""]
    if empty:
        raise TrainingError(f"{len(empty)} row(s) have no label (first at row {rows(empty)}); label them or "
                            f"remove them")
    folded = [v.lower() for v in text]
    if all(v in _TRUE | _FALSE for v in folded):
        labels = np.array([1 if v in _TRUE else 0 for v in folded], dtype=np.int64)
        return labels, {"1/true/yes": 1, "0/false/no": 0}
    distinct = sorted(set(text))
    if len(distinct) == 2:
        if positive is None:
            positive = distinct[1]
        if positive not in distinct:
            raise TrainingError(f"the positive label {positive!r} is not among the labels {distinct}")
        negative = distinct[0] if distinct[1] == positive else distinct[1]
        return np.array([1 if v == positive else 0 for v in text], dtype=np.int64), {positive: 1, negative: 0}
    odd = [i for i, v in enumerate(folded) if v not in _TRUE | _FALSE]
    examples = ", ".join(repr(text[i]) for i in odd[:5])
    raise TrainingError(f"labels must be 1/0, true/false, yes/no or two distinct values; found {len(distinct)} "
                        f"distinct values, e.g. {examples} (rows {rows(odd)})")


def missing(value) -> bool:
    """True for None and NaN: a cell with no value."""
    return value is None or (isinstance(value, float) and np.isnan(value))


def rows(indexes: Sequence[int], limit: int = 5) -> str:
    """1-based row numbers for a message: ``"3, 6 and 2 more"``."""
    shown = ", ".join(str(i + 1) for i in indexes[:limit])
    return shown + (f" and {len(indexes) - limit} more" if len(indexes) > limit else "")
