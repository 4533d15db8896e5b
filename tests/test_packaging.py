"""The installed package: version in one place, the default model shipped, the entry points."""

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import wildtrade_clf


def test_metadata_version_matches_the_package():
    assert metadata.version("wildtrade-clf") == wildtrade_clf.__version__


def _installed(code: str, cwd) -> str:
    """Run code against the installed package (from a folder outside the checkout)."""
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.slow
def test_the_default_model_is_installed_with_the_package(tmp_path):
    checkout = Path(__file__).resolve().parent.parent
    path = Path(_installed("import wildtrade_clf; print(wildtrade_clf.default_model_path())", tmp_path))
    assert checkout not in path.parents, "run `python -m pip install .` (not -e) so the installed copy is tested"
    assert (path / "pipeline.skops").is_file() and (path / "card.json").is_file()


@pytest.mark.slow
def test_the_installed_package_is_marked_typed(tmp_path):
    """py.typed tells type checkers to read the package's own annotations (PEP 561)."""
    checkout = Path(__file__).resolve().parent.parent
    package = Path(_installed("import wildtrade_clf; print(wildtrade_clf.__file__)", tmp_path)).parent
    assert checkout not in package.parents, "run `python -m pip install .` (not -e) so the installed copy is tested"
    assert (package / "py.typed").is_file()


@pytest.mark.slow
def test_the_default_model_loads_from_another_directory(tmp_path):
    code = "import wildtrade_clf; print(wildtrade_clf.load_model().predict(['出白料手镯，加V详谈'])[0])"
    assert _installed(code, tmp_path) in {"0", "1"}


@pytest.mark.slow
def test_version_flag_agrees_with_the_metadata(tmp_path):
    done = subprocess.run([sys.executable, "-m", "wildtrade_clf", "--version"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"wildtrade, version {metadata.version('wildtrade-clf')}"


@pytest.mark.slow
def test_help_lists_the_commands(tmp_path):
    done = subprocess.run([sys.executable, "-m", "wildtrade_clf", "--help"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "explain" in done.stdout


@pytest.mark.slow
def test_the_core_library_never_imports_dask_or_matplotlib(tmp_path):
    # skops (used to load models) imports dask through scikit-learn when dask is installed, so import only
    # what scoring from text needs, without loading a model.
    code = ("import sys, wildtrade_clf; wildtrade_clf.build_pipeline(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'matplotlib')))")
    assert _installed(code, tmp_path) == "[]"
