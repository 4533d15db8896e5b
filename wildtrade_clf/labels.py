"""Training files read: labelled posts, with labels as an analyst writes them (1/0, yes/no, two words) turned
into 0/1 and the mapping used; and background posts, taken as not trade."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .errors import TrainingError

if TYPE_CHECKING:
    import pandas as pd

# Words that say yes or no on their own, in English and Chinese; any other pair of labels needs to be told
# which one means trade, since guessing (e.g. alphabetically) silently trains an inverted model.
_TRUE = {"1", "1.0", "true", "yes", "y", "t", "positive", "pos", "是", "有", "正", "真"}
_FALSE = {"0", "0.0", "false", "no", "n", "f", "negative", "neg", "否", "无", "無", "负", "負", "假", "不是", "没有", "沒有"}
_SHOWN = 8


def parse_labels(values: Iterable, positive: str | None = None) -> tuple[np.ndarray, dict]:
    """0/1 labels from yes/no words (1/0, true/false, yes/no, 是/否, 有/无, 正/负 ...) or from two other values
    of which ``positive`` names the one meaning trade.

    Returns the labels and the mapping used, raw value to 0/1, e.g. ``{"ivory-ad": 1, "other": 0}``.

    >>> parse_labels(["yes", "no", "Yes"])
    (array([1, 0, 1]), {'no': 0, 'Yes': 1, 'yes': 1})
    >>> parse_labels(["交易", "正常"], positive="交易")[1]
    {'交易': 1, '正常': 0}
    >>> parse_labels(["交易", "正常"])
    Traceback (most recent call last):
    wildtrade_clf.errors.TrainingError: the labels are '交易' and '正常', not yes/no words: say which one means trade with --positive-label (e.g. --positive-label '交易')
    """
    raw = list(values)
    text = ["" if missing(v) else str(v).strip() for v in raw]
    empty = [i for i, v in enumerate(text) if v == ""]
    if empty:
        raise TrainingError(f"{len(empty)} row(s) have no label (first at row {rows(empty)}); label them, remove "
                            f"them or use --skip-unlabelled")
    distinct = sorted(set(text))
    folded = [v.lower() for v in text]
    words = _TRUE | _FALSE
    if positive is not None and len(distinct) == 1 and folded[0] not in words:
        # One value, named or not: a file of trade posts only, or (often) of ordinary posts only, to measure how
        # many are flagged. The mapping is printed, so a mistyped name shows.
        only = distinct[0]
        return np.full(len(text), int(only == positive), dtype=np.int64), {only: int(only == positive)}
    if positive is not None:
        if positive not in distinct:
            raise TrainingError(f"the positive label {positive!r} is not among the labels "
                                f"{', '.join(map(repr, distinct[:_SHOWN]))}")
        if len(distinct) == 2:
            return np.array([1 if v == positive else 0 for v in text], dtype=np.int64), \
                {positive: 1, next(v for v in distinct if v != positive): 0}
    if all(v in words for v in folded):
        # A positive label that is a "no" word (e.g. 0) inverts the words on purpose.
        yes = positive is None or positive.lower() in _TRUE
        mapping = {value: int((value.lower() in _TRUE) == yes)
                   for value in sorted(set(text), key=lambda v: ((v.lower() in _TRUE) == yes, v))}
        return np.array([mapping[v] for v in text], dtype=np.int64), mapping
    if len(distinct) == 2 and positive is None:
        raise TrainingError(f"the labels are {distinct[0]!r} and {distinct[1]!r}, not yes/no words: say which one "
                            f"means trade with --positive-label (e.g. --positive-label {distinct[0]!r})")
    odd = [i for i, v in enumerate(folded) if v not in words]
    shown = ", ".join(map(repr, distinct[:_SHOWN])) + (f" and {len(distinct) - _SHOWN} more" if len(distinct) > _SHOWN
                                                       else "")
    unknown = ", ".join(repr(v) for v in sorted({text[i] for i in odd})[:_SHOWN])
    hint = (f"; if {distinct[0]!r} is the only label, say which label means trade with --positive-label"
            if len(distinct) == 1 else "")
    raise TrainingError(f"labels must be yes/no words (1/0, true/false, yes/no, 是/否 ...) or two distinct values; "
                        f"found {len(distinct)} distinct values: {shown}; not yes/no words: {unknown} "
                        f"(rows {rows(odd)}){hint}")


def missing(value) -> bool:
    """True for None and NaN: a cell with no value."""
    return value is None or (isinstance(value, float) and np.isnan(value))


def rows(indexes: Sequence[int], limit: int = 5) -> str:
    """1-based row numbers for a message: ``"3, 6 and 2 more"``."""
    shown = ", ".join(str(i + 1) for i in indexes[:limit])
    return shown + (f" and {len(indexes) - limit} more" if len(indexes) > limit else "")


@dataclass(frozen=True)
class LabelledInput:
    """Where labelled posts are read from, and how: the choices ``train``, ``evaluate`` and ``audit`` share.

    ``text_cols`` are joined into the post (default: the ``text`` column, or the only one); only rows where
    ``split_col`` equals ``split_value`` are read, when given; ``positive`` names the label meaning trade when the
    labels are not yes/no words; with ``skip_unlabelled``, rows with an empty label are left out and counted.
    """

    path: str
    label_col: str
    text_cols: Sequence[str] = ()
    encoding: str | None = None
    split_col: str | None = None
    split_value: str | None = None
    positive: str | None = None
    skip_unlabelled: bool = False


@dataclass(frozen=True)
class LabelledFile:
    """The labelled rows of a file: posts (text columns joined), 0/1 labels, the mapping from the raw labels, the
    ``extra`` columns' values, the rows as read (``frame``), how many unlabelled rows were skipped, the file's
    header and how an output made from it is written (``write``, see :func:`written_as`)."""

    texts: list
    labels: np.ndarray
    mapping: dict
    extra: dict
    text_columns: list
    frame: pd.DataFrame
    skipped: int
    header: list
    write: dict


class PostsTable(NamedTuple):
    """A table file read whole: its rows, the columns joined into each post, its header and how an output made
    from it is written (``write``: delimiter, line ending, BOM)."""

    frame: pd.DataFrame
    text_columns: list
    header: list
    write: dict

    def texts(self) -> list[str]:
        """The posts of the rows: the text columns joined."""
        from .batch import join_texts

        return join_texts(self.frame, self.text_columns)


def read_table(path: str, text_cols: Sequence[str] = (), encoding: str | None = None, needed: Sequence[str] = (),
               optional: Sequence[str] = ()) -> PostsTable:
    """Read a table file whole, refusing it unless each ``needed`` column (and each ``optional`` one it has) is
    there exactly once, and the text columns can be told."""
    from .readers import open_table

    with open_table(path, encoding) as table:
        columns = [table.header[i] for i in table.text_columns(text_cols)]
        for name in [*needed, *(name for name in optional if table.positions(name))]:
            table.column_index(name)  # missing or named twice: refused
        return PostsTable(table.read_all(), columns, list(table.header), written_as(table))


def written_as(table) -> dict:
    """How an output made from the open ``table`` is written: its delimiter (CSV or TSV), line ending and BOM."""
    return {"delimiter": table.delimiter if table.kind in ("csv", "tsv") else ",",
            "line_ending": table.line_ending, "bom": table.bom_for_excel}


def read_labelled(source: LabelledInput, extra: Sequence[str] = ()) -> LabelledFile:
    """Read the labelled rows of ``source`` (a table file, see :class:`LabelledInput`), with the ``extra`` columns.

    Rows with an empty label are refused, unless ``source.skip_unlabelled`` leaves them out (and counts them).
    """
    from .errors import InputError

    path, label_col, split_col, split_value = source.path, source.label_col, source.split_col, source.split_value
    if (split_col is None) != (split_value is None):
        raise InputError("--split-col and --split-value go together")
    needed = (label_col, *extra, *([split_col] if split_col else []))
    table = read_table(path, source.text_cols, source.encoding, needed=needed)
    frame = table.frame
    if split_col:
        frame = frame[frame[split_col] == split_value].reset_index(drop=True)
    skipped = 0
    if source.skip_unlabelled:
        labelled = frame[label_col].map(lambda v: not missing(v) and str(v).strip() != "")
        skipped = int((~labelled).sum())
        frame = frame[labelled].reset_index(drop=True)
    if frame.empty:
        where = f" where {split_col} is {split_value!r}" if split_col else ""
        what = "labelled rows" if source.skip_unlabelled else "rows"
        raise InputError(f"{path} has no {what}{where}")
    labels, mapping = parse_labels(frame[label_col], source.positive)
    table = table._replace(frame=frame)
    return LabelledFile(table.texts(), labels, mapping, {name: frame[name].tolist() for name in extra},
                        table.text_columns, frame, skipped, table.header, table.write)


@dataclass(frozen=True)
class BackgroundInput:
    """A file of unlabelled posts from the feed a model will score, trained on as not trade: its ``text_cols``
    (joined, as for labelled posts) and, with ``group_col``, each row's source (kept in one fold, reported apart)."""

    path: str
    text_cols: Sequence[str] = ()
    group_col: str | None = None
    encoding: str | None = None


def read_background(source: BackgroundInput) -> tuple[list[str], list | None]:
    """The posts of a background file, and each one's source when ``source.group_col`` names that column."""
    from .errors import InputError

    table = read_table(source.path, source.text_cols, source.encoding,
                       needed=(source.group_col,) if source.group_col else ())
    if table.frame.empty:
        raise InputError(f"the background file {source.path} has no rows")
    return table.texts(), table.frame[source.group_col].tolist() if source.group_col else None


def describe_mapping(mapping: dict) -> str:
    """The label mapping as an analyst reads it: ``'ad' -> 1 (trade), 'other' -> 0``."""
    return ", ".join(f"{raw!r} -> {value}{' (trade)' if value else ''}" for raw, value in
                     sorted(mapping.items(), key=lambda item: -item[1]))
