"""Shared fixtures: the small hand-written labelled file and models trained from it."""

from pathlib import Path

import pandas as pd
import pytest

import wildtrade_clf

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def labelled() -> pd.DataFrame:
    """82 hand-written posts (text, label, lang), about half trade offers."""
    return pd.read_csv(DATA / "posts.csv")


@pytest.fixture(scope="session")
def small_training(labelled) -> wildtrade_clf.TrainingResult:
    """Training on the labelled file: the model with its out-of-fold scores; quick to make, deterministic."""
    return wildtrade_clf.train_model(labelled.text, labelled.label, seed=0, params={"features__min_df": 1})


@pytest.fixture(scope="session")
def small_model(small_training) -> wildtrade_clf.Model:
    """A model trained on the labelled file."""
    return small_training.model


@pytest.fixture(scope="session")
def default_model() -> wildtrade_clf.Model:
    return wildtrade_clf.load_model()


@pytest.fixture(autouse=True, scope="session")
def _private_model_cache(tmp_path_factory):
    """Keep the tests' loaded-model cache out of the user's home."""
    import os

    os.environ["WILDTRADE_CACHE_DIR"] = str(tmp_path_factory.mktemp("model-cache"))
