"""Score a Dask DataFrame across a cluster. Needs the ``dask`` extra: ``pip install 'wildtrade-clf[dask]'``."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .batch import NEW_COLUMNS, ScoreSummary, join_texts, score_file
from .errors import InputError
from .model import Model, as_model
from .readers import expand_inputs
from .schedule import Submitter, score_chunk
from .terms import TERMS_SEPARATOR


def _import_dask():
    try:
        import dask
        import dask.dataframe as dd
    except ImportError:
        raise InputError("scoring on Dask needs the dask extra: run `pip install 'wildtrade-clf[dask]'`") from None
    return dask, dd


def _score_partition(frame: pd.DataFrame, model: Model, text_cols: list[str], threshold: float | None) -> pd.DataFrame:
    texts = join_texts(frame, text_cols)
    scores, families = model.score_with_terms(texts)
    terms = [TERMS_SEPARATOR.join(found) for found in families]
    score_col, flag_col, terms_col = NEW_COLUMNS
    return frame.assign(**{score_col: scores, flag_col: model.flags(scores, threshold).astype(np.int8),
                           terms_col: pd.Series(terms, index=frame.index, dtype=object)})


def score_dask(ddf, text_col: str | Sequence[str] = "text", model: Model | str | os.PathLike | None = None,
               threshold: float | None = None):
    """The partitions of ``ddf`` with ``trade_score``, ``trade_flag`` and ``trade_terms`` added.

    Row order and index are kept; scores equal those of :meth:`Model.score` in one process. With a
    ``dask.distributed`` client the model is sent to every worker here, before any task runs. The cluster's
    Active Memory Manager (on by default, with its ``ReduceReplicas`` policy) drops the copies no task is waiting
    for within seconds; a worker that lost its copy fetches the model from another worker when its first task runs.
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
    loaded = as_model(model)
    loaded.cut(threshold)  # refuses a bad threshold before anything is sent
    meta = ddf._meta.assign(**{NEW_COLUMNS[0]: np.float64(0), NEW_COLUMNS[1]: np.int8(0), NEW_COLUMNS[2]: ""})
    meta[NEW_COLUMNS[2]] = meta[NEW_COLUMNS[2]].astype(object)
    shipped = _ship(loaded, dask)
    return ddf.map_partitions(_score_partition, shipped, text_cols, threshold, meta=meta.iloc[:0])


def _ship(model: Model, dask):
    """The model as a cluster-wide future when a distributed client is running, else one graph node."""
    try:
        from distributed import default_client

        client = default_client()
    except (ImportError, ValueError):
        return dask.delayed(model, pure=True)
    # Returns once every running worker holds a copy (the scheduler replicates before answering).
    return client.scatter(model, broadcast=True, hash=False)


@contextlib.contextmanager
def _client(scheduler: str):
    """A client of the scheduler at ``scheduler``, or of a new local cluster for ``"local"``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--scheduler needs the dask extra: run `pip install 'wildtrade-clf[dask]'`") from None
    if scheduler == "local":
        with LocalCluster(threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({error}); check the address and that "
                         f"the scheduler is running") from None
    with client:
        yield client


def _expand(inputs: Sequence[str]) -> list[Path]:
    paths = [Path(p) for p in expand_inputs(inputs)]
    names = [p.stem for p in paths]
    twins = sorted({n for n in names if names.count(n) > 1})
    if twins:
        raise InputError(f"several inputs are called {twins[0]!r}; their outputs would overwrite each other")
    return paths


def score_files(inputs: Sequence[str], out_dir: str | os.PathLike, text_cols: Sequence[str] = (),
                model: Model | str | os.PathLike | None = None, threshold: float | None = None,
                encoding: str | None = None, scheduler: str = "local", progress=None) -> list[ScoreSummary]:
    """Score CSV/TSV files (paths or glob patterns) on a Dask cluster into ``out_dir/NAME.scored.csv``.

    Each file is read here in chunks and written here in order, atomically, exactly as ``wildtrade score``
    does; the cluster's workers do the scoring. ``scheduler`` is an address such as
    ``tcp://10.0.0.5:8786``, or ``"local"`` for a cluster of this machine's cores.
    """
    paths = _expand(inputs)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"with --scheduler, -o names a folder for the scored files; {out} is a file")
    out.mkdir(parents=True, exist_ok=True)
    loaded = as_model(model)
    with _client(scheduler) as client:
        workers = max(1, len(client.scheduler_info()["workers"]))
        shipped = client.scatter(loaded, broadcast=True, hash=False)
        submitter = Submitter(lambda texts: client.submit(score_chunk, texts, shipped, pure=False), 2 * workers)
        return [score_file(path, out / f"{path.stem}.scored.csv", text_cols, model=loaded, threshold=threshold,
                           encoding=encoding, progress=progress, submitter=submitter) for path in paths]

