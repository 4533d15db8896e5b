"""Score a Dask DataFrame across a cluster. Needs the ``dask`` extra: ``pip install 'wildtrade-clf[dask]'``."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .batch import NEW_COLUMNS, TERMS_SEPARATOR, join_texts
from .errors import InputError
from .predictor import Model, load_model

# ids of the model objects each worker process has scored with; one per worker means the model was shipped
# once, not once per task.
_models_seen: set[int] = set()


def _import_dask():
    try:
        import dask
        import dask.dataframe as dd
    except ImportError:
        raise InputError("scoring on Dask needs the dask extra: run `pip install 'wildtrade-clf[dask]'`") from None
    return dask, dd


def _score_partition(frame: pd.DataFrame, model: Model, text_cols: list[str], threshold: float) -> pd.DataFrame:
    _models_seen.add(id(model))
    texts = join_texts(frame, text_cols)
    scores, families = model.score_with_terms(texts)
    terms = [TERMS_SEPARATOR.join(found) for found in families]
    score_col, flag_col, terms_col = NEW_COLUMNS
    return frame.assign(**{score_col: scores, flag_col: (scores >= threshold).astype(np.int8),
                           terms_col: pd.Series(terms, index=frame.index, dtype=object)})


def score_dask(ddf, text_col: str | Sequence[str] = "text", model: Model | str | os.PathLike | None = None,
               threshold: float | None = None):
    """The partitions of ``ddf`` with ``trade_score``, ``trade_flag`` and ``trade_terms`` added.

    Row order and index are kept; scores equal those of :meth:`Model.score` in one process. With a
    ``dask.distributed`` client the model is sent to every worker once, before any task runs.
    """
    dask, dd = _import_dask()
    if not isinstance(ddf, dd.DataFrame):
        raise InputError(f"score_dask takes a dask DataFrame, not {type(ddf).__name__}")
    text_cols = [text_col] if isinstance(text_col, str) else list(text_col)
    missing = [c for c in text_cols if c not in ddf.columns]
    if missing:
        raise InputError(f"no column {missing[0]!r}; the columns are: {', '.join(map(str, ddf.columns))}")
    clash = [c for c in NEW_COLUMNS if c in ddf.columns]
    if clash:
        raise InputError(f"the data already has a {clash[0]!r} column (was it scored before?)")
    loaded = model if isinstance(model, Model) else load_model(model)
    cut = loaded.threshold if threshold is None else float(threshold)
    if not 0 <= cut <= 1:
        raise InputError(f"the threshold must be between 0 and 1, not {cut}")
    meta = ddf._meta.assign(**{NEW_COLUMNS[0]: np.float64(0), NEW_COLUMNS[1]: np.int8(0), NEW_COLUMNS[2]: ""})
    meta[NEW_COLUMNS[2]] = meta[NEW_COLUMNS[2]].astype(object)
    shipped = _ship(loaded, dask)
    return ddf.map_partitions(_score_partition, shipped, text_cols, cut, meta=meta.iloc[:0])


def _ship(model: Model, dask):
    """The model as a cluster-wide future when a distributed client is running, else one graph node."""
    try:
        from distributed import default_client

        client = default_client()
    except (ImportError, ValueError):
        return dask.delayed(model, pure=True)
    return client.scatter(model, broadcast=True, hash=False)


def models_seen_by_worker() -> int:
    """How many distinct model objects this process has scored with (run on a worker via ``client.run``)."""
    return len(_models_seen)
