"""Scoring a Dask DataFrame with no cluster running: the local scheduler gives the same scores."""

import numpy as np
import pytest

dd = pytest.importorskip("dask.dataframe")

from wildtrade_clf.distributed import score_dask  # noqa: E402


def test_without_a_cluster_the_local_scheduler_gives_the_same_scores(labelled, default_model):
    scored = score_dask(dd.from_pandas(labelled, npartitions=4), text_col="text").compute(scheduler="sync")
    np.testing.assert_array_equal(scored.trade_score.to_numpy(), default_model.score(labelled.text))
