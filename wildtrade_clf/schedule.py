"""Score chunks of posts in input order: in this process, in worker processes, or through a submit function the
caller gives (a Dask cluster's, from :mod:`wildtrade_clf.distributed`). What is read and written, and when, is
:mod:`wildtrade_clf.batch`'s business; this module only decides where each chunk is scored."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from .model import Model, load_model
from .terms import TERMS_SEPARATOR

MIN_CHUNKS_FOR_WORKERS = 4

Scored = tuple[np.ndarray, list[str]]
"""A chunk's scores and, for each post, its families joined by :data:`TERMS_SEPARATOR`."""
Item = TypeVar("Item")


@dataclass(frozen=True)
class Submitter:
    """How chunks are scored elsewhere: ``submit(texts)`` returns a future of :func:`score_chunk`'s result for
    them, and at most ``in_flight`` chunks are submitted ahead of the one being written (memory stays flat)."""

    submit: Callable[[list[str]], Future]
    in_flight: int


# Worker processes score with a model set once per process, by _init_worker or inherited through fork.
_worker_model: Model | None = None
_INHERITED = object()


def _init_worker(model: object) -> None:
    global _worker_model
    if isinstance(model, Model):
        _worker_model = model
    elif model is None or isinstance(model, str):
        _worker_model = load_model(model)


def score_chunk(texts: list[str], model: Model | None = None) -> Scored:
    """The scores and terms of a chunk of posts, by ``model`` or this worker process's model."""
    model = model or _worker_model
    assert model is not None  # _init_worker loaded it in this worker process
    with warnings.catch_warnings():
        # The run gives one warning naming the rows (see batch), not one per chunk and process.
        warnings.filterwarnings("ignore", message=r".* longer than .* characters", category=UserWarning)
        scores, families = model.score_with_terms(texts)
    # No gc.collect() here: a chunk leaves 20 small objects in reference cycles (scikit-learn's metadata
    # routing), and a full collection, which walks the model's vocabulary too, cost 150 ms a chunk.
    return scores, [TERMS_SEPARATOR.join(found) for found in families]


def scored(pairs: Iterator[tuple[Item, list[str]]], model: Model, source: Model | str | os.PathLike | None,
           jobs: int, streaming: bool, submitter: Submitter | None = None
           ) -> Iterator[tuple[Item, list[str], Scored]]:
    """(item, texts, scored) for each (item, texts) of ``pairs``, in their order: through ``submitter`` when given,
    in ``jobs`` worker processes once there is more than a few chunks, or in this process (always for a stream,
    so rows come out as they arrive). ``source`` is what ``model`` was loaded from, for workers that cannot
    inherit it."""
    if submitter is not None:
        yield from _in_order(pairs, submitter.submit, limit=submitter.in_flight)
        return
    # Starting workers costs about a second each: a file of a few chunks is scored sooner in this process.
    head = [] if streaming else list(itertools.islice(pairs, MIN_CHUNKS_FOR_WORKERS))
    everything = itertools.chain(head, pairs)
    if streaming or len(head) < MIN_CHUNKS_FOR_WORKERS or jobs == 1:
        for item, texts in everything:
            yield item, texts, score_chunk(texts, model)
        return
    spec: object = source if isinstance(source, Model) or source is None else str(source)
    global _worker_model
    if multiprocessing.get_start_method() == "fork":
        # A forked worker starts with this process's model and its scoring path built, instead of loading
        # and building its own (about two seconds each).
        model._scoring_path()
        _worker_model, spec = model, _INHERITED
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(spec,)) as pool:
            yield from _in_order(everything, lambda texts: pool.submit(score_chunk, texts), limit=2 * jobs)
    finally:
        _worker_model = None


def _in_order(pairs: Iterator[tuple[Item, list[str]]], submit: Callable[[list[str]], Future], limit: int
              ) -> Iterator[tuple[Item, list[str], Scored]]:
    """Submit each chunk's texts, yield (item, texts, result) in input order with at most ``limit`` in flight."""
    pending: deque[tuple[Item, list[str], Future]] = deque()
    try:
        for item, texts in pairs:
            pending.append((item, texts, submit(texts)))
            # A bounded number of chunks in flight keeps memory flat however long the file is.
            if len(pending) >= limit:
                done, texts_done, future = pending.popleft()
                yield done, texts_done, future.result()
        while pending:
            done, texts_done, future = pending.popleft()
            yield done, texts_done, future.result()
    except BaseException:
        for _, _, future in pending:
            future.cancel()
        raise
