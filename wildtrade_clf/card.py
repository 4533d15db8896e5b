"""What a trained model's card records: where it came from (data hashes, library versions) and how it was made."""

from __future__ import annotations

import datetime as _dt
import hashlib
import platform
from collections.abc import Sequence
from importlib import metadata

import numpy as np

from ._version import __version__
from .labels import missing

_LIBRARIES = ("scikit-learn", "numpy", "scipy", "skops", "rjieba", "jieba", "opencc")


def training_data_hash(texts: Sequence, labels: np.ndarray) -> str:
    """SHA-256 of the training rows (text and label), order included."""
    digest = hashlib.sha256()
    for text, label in zip(texts, labels):
        digest.update(f"{int(label)}\t{'' if missing(text) else text}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def library_versions() -> dict:
    """Versions of Python and of the libraries that decide a model's scores."""
    versions = {"python": platform.python_version(), "wildtrade_clf": __version__}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def provenance() -> dict:
    """The card's opening entries: package version, creation time (UTC, to the second), library versions."""
    return {"package_version": __version__,
            "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
            "library_versions": library_versions()}


def jsonable(value):
    """A parameter value as JSON keeps it (tuples as lists)."""
    return list(value) if isinstance(value, tuple) else value
