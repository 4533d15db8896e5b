"""The code still fits the model it fitted when the shipped model was built (same data and seed, same model).

A full rebuild takes about 16 minutes and needs the real background text, so models/build_default.py also fits a
small fixed subset of the corpus and stores what came out in the card (``reproduction_check``). Refitting that
subset here tells in seconds whether a change to normalising, tokenizing, weighting or fitting has made the code
stop reproducing the shipped model: then either the change is a mistake or the model must be rebuilt. Bits agree
only under the library versions and BLAS kernels the card records (OpenBLAS picks its kernels by processor); under
others the test is skipped, naming what differs.
"""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from wildtrade_clf.card import blas_kernels, library_versions

ROOT = Path(__file__).resolve().parents[1]


def _load_build():
    spec = importlib.util.spec_from_file_location("build_default", ROOT / "models" / "build_default.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    frame = pd.read_csv(ROOT / "data" / "corpus.csv", dtype=str, keep_default_na=False)
    return frame.assign(label=frame.label.astype(int))


def _differences(built_with: dict, here: dict) -> list[str]:
    return [f"{name} {here.get(name)} (built with {built_with.get(name)})"
            for name in sorted(set(built_with) | set(here)) if here.get(name) != built_with.get(name)]


@pytest.mark.slow
def test_the_code_refits_what_the_shipped_model_was_built_with(default_model, corpus):
    card = default_model.card
    build = _load_build()
    versions = {name: version for name, version in library_versions().items() if name != "wildtrade_clf"}
    differ = _differences({name: card["library_versions"][name] for name in versions}, versions) \
        + _differences(card["blas"], blas_kernels())
    if differ:
        pytest.skip("bit-for-bit reproduction needs the libraries and BLAS kernels the model was built with; "
                    "these differ: " + "; ".join(differ))
    got = build.reproduction_check(corpus)
    assert got == card["reproduction_check"], (
        f"the code fits a different model than when models/default was built: {got} != "
        f"{card['reproduction_check']}. If the change is meant, rebuild the model "
        f"(python data/build.py && python models/build_default.py)")
