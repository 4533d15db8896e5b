"""What callers hand the Python API as posts, checked once: a list (tuple, array, pandas Series) of strings, with
None and NaN for missing posts; bytes are read as UTF-8. Anything else is a mistake to report, not to score
as its repr."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import numpy as np

from .errors import InputError
from .readers import TEXT_COLUMN_NAMES, is_missing
from .textrules import _as_posts


def as_posts(texts: Iterable) -> list:
    """The posts as a list of strings (None and NaN kept as they are, for the normaliser to score as empty).

    >>> as_posts(["象牙", None, "ivory".encode()])
    ['象牙', None, 'ivory']
    >>> as_posts([1, 2, 3])
    Traceback (most recent call last):
    wildtrade_clf.errors.InputError: posts must be text: the post at position 0 is an int (1); pass each post as a string (None and NaN count as empty posts)
    """
    if hasattr(texts, "columns") and hasattr(texts, "iloc"):
        raise InputError(_frame_message(texts))
    posts = _as_posts(texts)
    labels = texts.index if hasattr(texts, "index") and hasattr(texts, "iloc") else None
    for position, post in enumerate(posts):
        if isinstance(post, str) or is_missing(post):
            continue
        label = None if labels is None else labels[position]
        where = f"position {position}" if labels is None else f"index {label!r}" if isinstance(label, str) else \
            f"index {label}"
        if isinstance(post, (bytes, bytearray)):
            try:
                posts[position] = bytes(post).decode("utf-8")
                continue
            except UnicodeDecodeError:
                raise InputError(f"the post at {where} is bytes that are not UTF-8 ({bytes(post)[:20]!r}); decode it "
                                 f"first, e.g. raw.decode('gb18030')") from None
        kind = type(post).__name__
        article = "an" if kind[:1].lower() in "aeiou" else "a"
        raise InputError(f"posts must be text: the post at {where} is {article} {kind} ({post!r:.40}); pass each "
                         f"post as a string (None and NaN count as empty posts)")
    return posts


def _frame_message(frame) -> str:
    names = [str(c) for c in frame.columns]
    likely = next((name for wanted in TEXT_COLUMN_NAMES for name in names if name.strip().casefold() == wanted),
                  None)
    hint = f"frame[{likely!r}]" if likely is not None else "frame['<column>']"
    return (f"expected one column of posts, got a DataFrame with columns {', '.join(map(repr, names))}: pass the "
            f"column holding the posts, e.g. {hint}")


def like_input(texts: Iterable, values: np.ndarray, name: str):
    """``values`` as a pandas Series aligned to ``texts``' index when ``texts`` was a Series, else as they are.

    >>> import pandas as pd
    >>> like_input(pd.Series(["a", "b"], index=[10, 20]), np.array([0.5, 0.25]), "trade_score").to_dict()
    {10: 0.5, 20: 0.25}
    """
    pd = sys.modules.get("pandas")  # a Series exists only once pandas is imported; scoring does not import it
    if pd is not None and isinstance(texts, pd.Series):
        return pd.Series(values, index=texts.index, name=name)
    return values
