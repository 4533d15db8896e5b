"""Model folders: the fitted pipeline in skops format plus a JSON card, checked before anything is loaded.

A folder holds ``pipeline.skops`` and ``card.json``. The card records the pipeline file's SHA-256, so a
swapped, truncated or corrupt pipeline is refused before it is parsed, and skops itself refuses any type
outside :data:`TRUSTED_TYPES`: loading a model file from someone else cannot run their code.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import warnings
import zipfile
from pathlib import Path

from .errors import ModelError

# 2: each step holds its own lexicon and variant table (fitted state), described in the card. 3: the features
# step's vocabulary as one array of its terms (features.VOCABULARY_TERMS); a format-2 file loads as it did.
FORMAT_VERSION = 3
READS_FORMATS = (2, 3)
PIPELINE_FILE = "pipeline.skops"
CARD_FILE = "card.json"

# Types a model folder may contain beyond skops' own defaults. Anything else is refused.
TRUSTED_TYPES = [
    "builtins.tuple",
    "numpy.float64",
    "numpy.int64",
    "numpy.dtypes.Float64DType",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.isotonic.IsotonicRegression",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.model_selection._split.StratifiedKFold",
    "sklearn.pipeline.Pipeline",
    "wildtrade_clf.features.TokenNgrams",
    "wildtrade_clf.features.TokenTfidf",
    "wildtrade_clf.classify.TradeClassifier",
    "wildtrade_clf.normalise.TextNormaliser",
    "wildtrade_clf.tokenize.PostTokenizer",
]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_model_folder(pipeline, card: dict, path: str | os.PathLike) -> dict:
    """Write ``pipeline`` and ``card`` to the folder ``path``, replacing it only once both are complete.

    Returns the card as written (with the pipeline's hash and the format version filled in).
    """
    import skops.io

    target = Path(path)
    parent = target.resolve().parent
    if not parent.is_dir():
        raise ModelError(f"cannot save the model: folder {parent} does not exist")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a model folder is meant to be shared
        (staging / PIPELINE_FILE).write_bytes(_canonical(skops.io.dumps(pipeline)))
        card = {**card, "format_version": FORMAT_VERSION, "pipeline_sha256": _sha256(staging / PIPELINE_FILE)}
        (staging / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                                         encoding="utf-8")
        _replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return card


_SKOPS_ID = re.compile(r'"__id__": (\d+)|"file": "(\d+)\.npy"')


def _canonical(archive: bytes) -> bytes:
    """The same skops archive with object ids renumbered in order and no timestamps.

    skops names objects and array files by ``id()``, which changes from run to run; renumbering them in
    order of appearance makes equal models give equal bytes, as reproducibility needs.
    """
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        schema = source.read("schema.json").decode("utf-8")
        renumber: dict[str, str] = {}
        for match in _SKOPS_ID.finditer(schema):
            number = match.group(1) or match.group(2)
            renumber.setdefault(number, str(len(renumber)))

        def swap(match: re.Match) -> str:
            if match.group(1):
                return f'"__id__": {renumber[match.group(1)]}'
            return f'"file": "{renumber[match.group(2)]}.npy"'

        entries = {"schema.json": _SKOPS_ID.sub(swap, schema).encode("utf-8")}
        for entry in source.infolist():
            if entry.filename != "schema.json":
                stem = entry.filename.removesuffix(".npy")
                entries[f"{renumber.get(stem, stem)}.npy"] = source.read(entry)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in ["schema.json"] + sorted(set(entries) - {"schema.json"}):
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), entries[name],
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _replace_folder(staging: Path, target: Path) -> None:
    if not target.exists():
        os.replace(staging, target)
        return
    if not (target / CARD_FILE).is_file():
        raise ModelError(f"refusing to overwrite {target}: it exists and is not a model folder")
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.resolve().parent))
    os.replace(target, retired / "model")
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def check_model_folder(path: str | os.PathLike, warn: bool = True) -> tuple[dict, bytes]:
    """The card of a model folder and its pipeline file's bytes, checked against the card's hash (without
    parsing them); raises :class:`ModelError` for anything that is not a complete, unchanged model folder.
    ``warn``: warn when the model was trained with another scikit-learn."""
    folder = Path(path)
    if not folder.exists():
        raise ModelError(f"model folder {folder} does not exist")
    if not folder.is_dir():
        raise ModelError(f"{folder} is a file, not a model folder (a model is a folder holding {CARD_FILE} "
                         f"and {PIPELINE_FILE})")
    card_path, pipeline_path = folder / CARD_FILE, folder / PIPELINE_FILE
    if not card_path.is_file():
        raise ModelError(f"{folder} is not a model folder: it has no {CARD_FILE}")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{card_path} is corrupt and cannot be read ({error}); get a fresh copy of the model") from None
    if not isinstance(card, dict):
        raise ModelError(f"{card_path} is corrupt: it does not hold a model card")
    if card.get("format_version") not in READS_FORMATS:
        raise ModelError(f"{folder} was written in model format {card.get('format_version')!r}; this version of "
                         f"wildtrade_clf reads formats {', '.join(map(str, READS_FORMATS))}. Retrain it or use the "
                         f"matching version")
    if not pipeline_path.is_file():
        raise ModelError(f"{folder} is incomplete: {PIPELINE_FILE} is missing")
    # Read once: the bytes that were checked are the bytes that are loaded.
    data = pipeline_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != card.get("pipeline_sha256"):
        raise ModelError(f"{pipeline_path} does not match its card (changed, swapped or truncated); refusing to "
                         f"load it. Get a fresh copy of the model")
    if warn:
        _warn_on_version_change(card)
    return card, data


def read_model_folder(path: str | os.PathLike):
    """Check and load a model folder; returns ``(pipeline, card)`` or raises :class:`ModelError`."""
    card, data = check_model_folder(path)
    return load_pipeline(card, data, Path(path)), card


def load_pipeline(card: dict, data: bytes, folder: Path):
    """The pipeline of a checked model folder (:func:`check_model_folder` gave ``card`` and ``data``)."""
    from sklearn.pipeline import Pipeline

    pipeline = cached(card, "pipeline", Pipeline)
    if pipeline is None:
        pipeline = _load_skops(data, folder / PIPELINE_FILE)
        keep(card, "pipeline", pipeline)
    return pipeline


def _load_skops(data: bytes, path: Path):
    import skops.io
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*version.*", category=UserWarning)
            # skops checks every type against the list before it builds anything.
            return skops.io.loads(data, trusted=TRUSTED_TYPES)
    except UntrustedTypesFoundException as error:
        raise ModelError(f"{path} contains types that are not allowed in a model ({error}); refusing to "
                         f"load it") from None
    except Exception as error:  # skops raises many kinds on damaged files
        raise ModelError(f"{path} is corrupt and cannot be read ({type(error).__name__}: {error})") from None


# Loading through skops costs about a second (it imports all of scikit-learn to list trusted types), and building
# what scoring runs from the pipeline another half. Both, once made from a checked model file, are kept pickled in a
# private cache folder of the user's, under a key made of the checked file's SHA-256, what is kept and the library
# versions (and, for what scoring runs, the code it is made of): only this package writes there, only after a
# checked load, and a file anyone else could have written is never read. The cache is optional: without a
# writable home it is simply not used, and a damaged entry is rebuilt.
def _cache_dir() -> Path:
    root = os.environ.get("WILDTRADE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "wildtrade_clf")
    return Path(root)


def _cache_path(card: dict, kind: str, code: str) -> Path:
    import platform

    from ._version import __version__

    versions = [_installed("scikit-learn"), _installed("scipy"), _installed("numpy"), platform.python_version()]
    key = "|".join([str(card.get("pipeline_sha256")), kind, code, __version__, *versions])
    return _cache_dir() / f"{hashlib.sha256(key.encode()).hexdigest()}.pickle"


def _installed(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else (never true where ownership cannot be checked)."""
    if not hasattr(os, "getuid"):
        return False
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def cached(card: dict, kind: str, expected: type, code: str = ""):
    """What was kept for the model file of ``card`` (already checked) under ``kind``, or None when nothing of type
    ``expected`` was (``code`` names the code that made it)."""
    import pickle

    path = _cache_path(card, kind, code)
    try:
        if not (_private(path.parent) and _private(path)):
            return None
        with open(path, "rb") as handle:
            found = pickle.load(handle)  # noqa: S301 - written by keep() after a checked load
    except Exception:  # missing, unreadable or damaged: made again from the model folder instead
        return None
    return found if isinstance(found, expected) else None


def keep(card: dict, kind: str, value: object, code: str = "") -> None:
    """Keep ``value``, made from the checked model file of ``card``, for :func:`cached` (when the cache is
    usable)."""
    import pickle

    path = _cache_path(card, kind, code)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(path.parent):
            return
        fd, staging = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(staging, path)
        except BaseException:
            os.unlink(staging)
            raise
    except OSError:
        pass


def _warn_on_version_change(card: dict) -> None:
    trained_with = card.get("library_versions", {}).get("scikit-learn")
    installed = _installed("scikit-learn")
    if trained_with and trained_with.split(".")[:2] != installed.split(".")[:2]:
        warnings.warn(f"this model was trained with scikit-learn {trained_with} and is loaded with "
                      f"{installed}; scores may differ slightly. Retrain it to be sure", stacklevel=4)
