"""Train a model honestly: cross-validated threshold and metrics, near-duplicates kept in one fold."""

from __future__ import annotations

import datetime as _dt
import hashlib
import platform
import re
from collections.abc import Iterable, Sequence
from importlib import metadata

import numpy as np
from sklearn.metrics import (average_precision_score, f1_score, matthews_corrcoef, precision_recall_curve,
                             precision_score, recall_score, roc_auc_score)
from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict

from ._version import __version__
from .errors import TrainingError
from .lexicon import default_lexicon
from .model import build_pipeline
from .normalise import _as_posts
from .predictor import Model

MIN_ROWS = 20
MIN_PER_CLASS = 5
_TRUE = {"1", "1.0", "true", "yes", "y", "t"}
_FALSE = {"0", "0.0", "false", "no", "n", "f"}
_LIBRARIES = ("scikit-learn", "numpy", "scipy", "skops", "rjieba", "jieba", "opencc")


def parse_labels(values: Iterable, positive: str | None = None) -> tuple[np.ndarray, dict]:
    """0/1 labels from 1/0, true/false, yes/no, or two distinct strings (``positive`` names the 1).

    Returns the labels and the mapping used, e.g. ``{"ivory-ad": 1, "other": 0}``.

    >>> parse_labels(["yes", "no", "Yes"])[0].tolist()
    [1, 0, 1]
    """
    raw = list(values)
    text = ["" if _missing(v) else str(v).strip() for v in raw]
    missing = [i for i, v in enumerate(text) if v == ""]
    if missing:
        raise TrainingError(f"{len(missing)} row(s) have no label (first at row {_rows(missing)}); label them or "
                            f"remove them")
    folded = [v.lower() for v in text]
    if all(v in _TRUE | _FALSE for v in folded):
        labels = np.array([1 if v in _TRUE else 0 for v in folded], dtype=np.int64)
        return labels, {"1/true/yes": 1, "0/false/no": 0}
    distinct = sorted(set(text))
    if len(distinct) == 2:
        if positive is None:
            positive = distinct[1]
        if positive not in distinct:
            raise TrainingError(f"the positive label {positive!r} is not among the labels {distinct}")
        negative = distinct[0] if distinct[1] == positive else distinct[1]
        return np.array([1 if v == positive else 0 for v in text], dtype=np.int64), {positive: 1, negative: 0}
    odd = [i for i, v in enumerate(folded) if v not in _TRUE | _FALSE]
    examples = ", ".join(repr(text[i]) for i in odd[:5])
    raise TrainingError(f"labels must be 1/0, true/false, yes/no or two distinct values; found {len(distinct)} "
                        f"distinct values, e.g. {examples} (rows {_rows(odd)})")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _rows(indexes: Sequence[int], limit: int = 5) -> str:
    shown = ", ".join(str(i + 1) for i in indexes[:limit])
    return shown + (f" and {len(indexes) - limit} more" if len(indexes) > limit else "")


_GROUP_NOISE = re.compile(r"(?:__[a-z]+__|[\W\d_])+")


def duplicate_groups(normalised: Sequence[str]) -> np.ndarray:
    """A group id per post; posts equal once placeholders, digits and punctuation are dropped share one."""
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(_GROUP_NOISE.sub("", text), len(ids)) for text in normalised], dtype=np.int64)


def choose_threshold(labels: np.ndarray, scores: np.ndarray, min_precision: float | None = None) -> float:
    """The threshold maximising F1, or the lowest one reaching ``min_precision``."""
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    precision, recall = precision[:-1], recall[:-1]
    if min_precision is not None:
        ok = np.flatnonzero(precision >= min_precision)
        if not len(ok):
            raise TrainingError(f"no threshold reaches precision {min_precision} on cross-validation; lower "
                                f"--min-precision or add labelled data")
        return float(thresholds[ok[0]])
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(precision),
                   where=(precision + recall) > 0)
    return float(thresholds[int(np.argmax(f1))])


def binary_metrics(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    """Precision, recall, F1, MCC, ROC-AUC and PR-AUC of ``scores`` at ``threshold``."""
    labels = np.asarray(labels)
    flags = (np.asarray(scores) >= threshold).astype(int)
    both = len(np.unique(labels)) == 2
    return {
        "rows": int(len(labels)),
        "positives": int(labels.sum()),
        "precision": float(precision_score(labels, flags, zero_division=0)),
        "recall": float(recall_score(labels, flags, zero_division=0)),
        "f1": float(f1_score(labels, flags, zero_division=0)),
        "mcc": float(matthews_corrcoef(labels, flags)) if both else None,
        "roc_auc": float(roc_auc_score(labels, scores)) if both else None,
        "pr_auc": float(average_precision_score(labels, scores)) if both else None,
        "false_positive_rate": float(flags[labels == 0].mean()) if (labels == 0).any() else None,
    }


def training_data_hash(texts: Sequence, labels: np.ndarray) -> str:
    """SHA-256 of the training rows (text and label), order included."""
    digest = hashlib.sha256()
    for text, label in zip(texts, labels):
        digest.update(f"{int(label)}\t{'' if _missing(text) else text}\n".encode("utf-8", "surrogatepass"))
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


def train_model(texts: Iterable, labels: Iterable, *, seed: int = 0, folds: int = 5,
                min_precision: float | None = None, params: dict | None = None,
                groups: Iterable | None = None) -> Model:
    """Fit a model on labelled posts, choosing its threshold by cross-validation.

    ``labels`` are 0/1 (see :func:`parse_labels` for other spellings). ``params`` set pipeline
    parameters, e.g. ``{"classify__C": 3}``. ``groups`` (a seller, a source, a template) keeps related
    posts in one fold; without it, posts that are equal once numbers and handles are dropped are grouped.
    The card reports the cross-validated metrics.
    """
    posts = _as_posts(texts)
    y = np.asarray(labels, dtype=np.int64)
    _check_training_set(posts, y)
    settings = {"classify__random_state": seed, **(params or {})}
    pipeline = build_pipeline(**settings)
    prefix, rest = pipeline[:2], pipeline[2:]
    normalised = prefix[0].fit(posts).transform(posts)
    tokens = prefix[1].fit().transform(normalised)
    groups = duplicate_groups(normalised) if groups is None else _group_ids(groups, len(y))
    n_splits = min(folds, _max_folds(y, groups))
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    oof = cross_val_predict(rest, tokens, y, groups=groups, cv=splitter, method="predict_proba")[:, 1]
    threshold = choose_threshold(y, oof, min_precision)
    rest.set_params(classify__threshold=threshold).fit(tokens, y)
    tokenizer = pipeline.named_steps["tokenize"]
    card = {
        "package_version": __version__,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "library_versions": library_versions(),
        "tokenizer": {"backend": tokenizer.backend, "hmm": tokenizer.hmm, "lexicon": tokenizer.lexicon},
        "lexicon_sha256": default_lexicon().sha256,
        "training_data": {"sha256": training_data_hash(posts, y), "rows": len(y), "positives": int(y.sum()),
                          "groups": int(groups.max() + 1)},
        "seed": seed,
        "params": {key: _jsonable(value) for key, value in sorted(settings.items())},
        "threshold": threshold,
        "threshold_rule": "max F1" if min_precision is None else f"precision >= {min_precision}",
        "metrics": {"cross_validated": {**binary_metrics(y, oof, threshold), "folds": n_splits}},
    }
    return Model(pipeline, card)


def _group_ids(groups: Iterable, n: int) -> np.ndarray:
    keys = ["" if _missing(g) else str(g) for g in groups]
    if len(keys) != n:
        raise TrainingError(f"got {len(keys)} group values for {n} posts")
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(key, len(ids)) for key in keys], dtype=np.int64)


def _jsonable(value):
    return list(value) if isinstance(value, tuple) else value


def _max_folds(y: np.ndarray, groups: np.ndarray) -> int:
    per_class = [len(np.unique(groups[y == label])) for label in (0, 1)]
    return max(2, min(per_class))


def _check_training_set(posts: list, y: np.ndarray) -> None:
    if len(posts) != len(y):
        raise TrainingError(f"got {len(posts)} posts but {len(y)} labels")
    bad = np.flatnonzero((y != 0) & (y != 1))
    if len(bad):
        raise TrainingError(f"labels must be 0 or 1; rows {_rows(bad.tolist())} are not")
    if len(y) < MIN_ROWS:
        raise TrainingError(f"too few rows to train: {len(y)}; at least {MIN_ROWS} labelled posts are needed")
    counts = {label: int((y == label).sum()) for label in (0, 1)}
    if min(counts.values()) == 0:
        only = 1 if counts[1] else 0
        raise TrainingError(f"all {len(y)} labels are {only}; training needs examples of both trade (1) and "
                            f"not trade (0)")
    if min(counts.values()) < MIN_PER_CLASS:
        raise TrainingError(f"too few examples of one class ({counts[0]} not trade, {counts[1]} trade); at least "
                            f"{MIN_PER_CLASS} of each are needed")
