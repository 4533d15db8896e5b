"""Scoring a Dask DataFrame with no cluster running: the local scheduler gives the same scores."""

import numpy as np
import pytest

dd = pytest.importorskip("dask.dataframe")
pytestmark = pytest.mark.slow

from wildtrade_clf.distributed import score_dask  # noqa: E402


def test_without_a_cluster_the_local_scheduler_gives_the_same_scores(labelled, default_model):
    scored = score_dask(dd.from_pandas(labelled, npartitions=4), text_col="text").compute(scheduler="sync")
    np.testing.assert_array_equal(scored.trade_score.to_numpy(), default_model.score(labelled.text))


def test_score_command_starts_a_local_cluster(labelled, tmp_path):
    import subprocess
    import sys

    labelled.to_csv(tmp_path / "posts.csv", index=False)
    done = subprocess.run([sys.executable, "-m", "wildtrade_clf", "score", str(tmp_path / "*.csv"), "--scheduler",
                           "local", "-o", str(tmp_path / "out"), "-q"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    import pandas as pd

    scored = pd.read_csv(tmp_path / "out" / "posts.scored.csv")
    assert len(scored) == len(labelled) and "trade_score" in scored
