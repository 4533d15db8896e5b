"""Scoring on Dask: a real LocalCluster with worker processes gives the local scores to the last bit."""

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from wildtrade_clf import InputError  # noqa: E402
from wildtrade_clf.distributed import models_seen_by_worker, score_dask  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       worker_dashboard_address=None)
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


@pytest.fixture(scope="module")
def posts(labelled):
    frame = labelled.assign(post_id=[f"p{i:03d}" for i in range(len(labelled))])
    frame.index = pd.RangeIndex(100, 100 + len(frame))
    frame.loc[frame.index[3], "text"] = None
    return frame


def test_cluster_scores_equal_local_scores_to_the_last_bit(client, posts, default_model):
    scored = score_dask(dd.from_pandas(posts, npartitions=6), text_col="text").compute()
    expected = default_model.score(posts.text)
    assert scored.trade_score.to_numpy().tobytes() == expected.tobytes()
    assert (scored.trade_flag.to_numpy() == (expected >= default_model.threshold)).all()
    assert scored.trade_terms.tolist() == ["|".join(t) for t in default_model.terms(posts.text)]


def test_rows_index_and_columns_are_kept(client, posts):
    scored = score_dask(dd.from_pandas(posts, npartitions=5), text_col="text").compute()
    assert scored.index.equals(posts.index)
    # Dask may store strings as Arrow strings; the values themselves must be unchanged.
    assert _cells(scored[posts.columns]) == _cells(posts)


def _cells(frame):
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def test_the_model_is_shipped_once_per_worker(client, posts):
    client.run(lambda: __import__("wildtrade_clf.distributed").distributed._models_seen.clear())
    score_dask(dd.from_pandas(posts, npartitions=12), text_col="text").compute()
    seen = client.run(models_seen_by_worker)
    assert sorted(seen.values()) and all(count <= 1 for count in seen.values())
    assert sum(seen.values()) >= 1


def test_several_text_columns_are_joined(client, posts, default_model):
    frame = posts.assign(title=posts.lang)
    scored = score_dask(dd.from_pandas(frame, npartitions=3), text_col=["title", "text"]).compute()
    joined = [" ".join(s for s in (a, b) if isinstance(s, str) and s.strip()) for a, b in zip(frame.title, frame.text)]
    np.testing.assert_array_equal(scored.trade_score.to_numpy(), default_model.score(joined))


def test_a_missing_column_is_named(posts):
    with pytest.raises(InputError, match="no column 'body'"):
        score_dask(dd.from_pandas(posts, npartitions=2), text_col="body")


def test_a_pandas_frame_is_refused(posts):
    with pytest.raises(InputError, match="dask DataFrame"):
        score_dask(posts)
