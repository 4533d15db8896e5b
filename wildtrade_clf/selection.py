"""Choosing the feature set and the regularisation by grouped inner cross-validation, on shared features."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, matthews_corrcoef

from .card import jsonable
from .featurebank import FeatureBank
from .metrics import choose_threshold, flag_rate_threshold

# The settings every `train` chooses among. Word bigrams and Latin character 2-5-grams (scikit-learn's char_wb)
# suit English posts; the word unigrams and Latin 4-grams of long words, with weak regularisation, are the
# defaults made for Chinese posts.
SEARCH: dict[str, tuple] = {
    "features__ngram_range": ((1, 1), (1, 2)),
    "features__latin_char_ngram": (4, (2, 5)),
    "classify__C": (3.0, 10.0, 30.0, 100.0, 300.0),
    "classify__class_weight": (None, "balanced"),
}
# `tune`: every combination of a wider grid, chosen again inside each cross-validation fold.
WIDE_SEARCH: dict[str, tuple] = {**SEARCH, "classify__C": (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)}
INNER_FOLDS = 3
NOT_SEARCHED = "the settings stay at their starting point; label more distinct posts, or check conflicting labels"
CRITERION = "PR-AUC (average precision) of inner grouped cross-validation's out-of-fold scores"
# With a background and a maximum flag rate, a model is judged where it will work: at the threshold that flags that
# share of the (inner out-of-fold) background, by the recall of the labelled trade posts there. That threshold
# rests on the few highest background scores, so the recall is noisy: a candidate replaces the best so far only
# when its recall is higher by more than one binomial standard error of the best's (the one-standard-error rule),
# which keeps the starting point unless another setting is clearly better.
FLAG_RATE_CRITERION = ("recall of the labelled trade posts at the threshold flagging at most {rate} of the background, "
                       "from inner grouped cross-validation's out-of-fold scores; a candidate wins only by more than "
                       "one standard error")


@dataclass
class Selection:
    """The settings chosen and every candidate tried, with its inner cross-validated figures."""

    chosen: dict
    tried: list[dict] = field(default_factory=list)
    inner_folds: int = INNER_FOLDS
    criterion: str = CRITERION
    not_searched: str | None = None  # why nothing was tried, when nothing was

    def card(self, searched: dict, fixed: dict, nested: bool) -> dict:
        """The card's account of the choice: what was searched, what the caller fixed, what each try scored (or
        why nothing was tried)."""
        return {"criterion": self.criterion, "inner_folds": self.inner_folds, "nested": nested,
                **({"not_searched": self.not_searched} if self.not_searched else {}),
                "searched": {key: [jsonable(v) for v in values] for key, values in searched.items()},
                "fixed_by_caller": {key: jsonable(value) for key, value in fixed.items()},
                "chosen": {key: jsonable(value) for key, value in self.chosen.items()},
                "tried": [{"settings": {key: jsonable(v) for key, v in row["settings"].items()},
                           **{name: round(row[name], 4) for name in ("pr_auc", "mcc", "recall_at_flag_rate")
                              if name in row}} for row in self.tried]}


def select_settings(bank: FeatureBank, rest, y: np.ndarray, groups: np.ndarray, rows: np.ndarray,
                    scored: np.ndarray, search: dict[str, Sequence], seed: int, exhaustive: bool = False,
                    progress: Callable[[str], None] | None = None, background: np.ndarray | None = None,
                    max_flag_rate: float | None = None) -> Selection:
    """The values of ``search`` (``{"step__param": values}``) with the best criterion on ``rows``.

    ``rest`` is the features-and-classifier part of the pipeline, set to the starting point (the caller's
    settings and the defaults). Each candidate's features come from ``bank`` fitted on each inner training fold;
    a plain logistic regression stands in for the calibrated classifier (calibration is monotone, so it does
    not change a ranking). The criterion is computed on the rows where ``scored`` is true (the caller's own
    rows): PR-AUC, or, given the ``background`` rows (a mask like ``scored``) and a ``max_flag_rate``, the recall
    at the threshold flagging at most that share of the background (a candidate must beat the best so far by more
    than one standard error of its recall).
    ``exhaustive`` tries every combination; otherwise a coordinate search: the classifier's settings at
    the starting features, then the features at the best classifier settings, then the classifier's settings
    again if the features changed. Ties go to the candidate tried first (the starting point is tried first).
    """
    y_rows, g_rows = y[rows], groups[rows]
    n_inner = min(INNER_FOLDS, *[len(np.unique(g_rows[y_rows == label])) for label in (0, 1)])
    start = {key: rest.get_params()[key] for key in search}
    if n_inner < 2:
        return Selection(start, [], n_inner, not_searched=f"one class is in a single group here ({NOT_SEARCHED})")
    inner = grouped_folds(y_rows, g_rows, n_inner, seed + 1)
    if any(len(np.unique(y_rows[fit])) < 2 for fit, _ in inner):
        # Groups holding both labels (copies labelled both ways) can leave an inner fold to train on one class.
        return Selection(start, [], n_inner, not_searched=f"an inner fold would train on one class only, as groups "
                                                          f"hold both labels ({NOT_SEARCHED})")
    at_flag_rate = background is not None and max_flag_rate is not None
    measure = "recall_at_flag_rate" if at_flag_rate else "pr_auc"
    matrices: dict[tuple, list] = {}
    tried: dict[tuple, dict] = {}

    features_step, classify = (step for _, step in rest.steps)

    def evaluate(settings: dict) -> dict:
        key = _key(settings)
        if key in tried:
            return tried[key]
        features = clone(features_step).set_params(
            **{k.split("__", 1)[1]: v for k, v in settings.items() if k.startswith("features__")})
        feature_key = _key({k: v for k, v in settings.items() if k.startswith("features__")})
        if feature_key not in matrices:
            matrices[feature_key] = [bank.tfidf(features, rows[fit], [rows[held]]) for fit, held in inner]
        C = settings.get("classify__C", classify.C)
        weight = settings.get("classify__class_weight", classify.class_weight)
        scores = np.zeros(len(rows))
        for (fit, held), (X_fit, (X_held,)) in zip(inner, matrices[feature_key], strict=True):
            model = LogisticRegression(C=C, class_weight=weight, solver="liblinear", max_iter=1000,
                                       random_state=seed).fit(X_fit, y_rows[fit])
            scores[held] = model.decision_function(X_held)
        mine = scored[rows]
        threshold = choose_threshold(y_rows[mine], scores[mine])
        row = {"settings": dict(settings), "pr_auc": float(average_precision_score(y_rows[mine], scores[mine])),
               "mcc": float(matthews_corrcoef(y_rows[mine], scores[mine] >= threshold))}
        if at_flag_rate:
            assert background is not None and max_flag_rate is not None  # what at_flag_rate means
            cut = flag_rate_threshold(scores[background[rows]], max_flag_rate)
            row["recall_at_flag_rate"] = float(np.mean(scores[mine & (y_rows == 1)] >= cut))
        tried[key] = row
        if progress:
            shown = f", recall {row['recall_at_flag_rate']:.3f} at the flag rate" if at_flag_rate else ""
            progress(f"tried {len(tried)}: {_describe(settings)}: PR-AUC {row['pr_auc']:.3f}{shown}")
        return row

    positives = max(1, int((scored[rows] & (y_rows == 1)).sum()))

    def margin(best: dict) -> float:
        if not at_flag_rate:
            return 1e-9
        recall = best[measure]
        return max(1e-9, float(np.sqrt(recall * (1 - recall) / positives)))

    def best_of(candidates: list[dict]) -> dict:
        best: dict | None = None
        for settings in candidates:
            row = evaluate(settings)
            if best is None or row[measure] > best[measure] + margin(best):
                best = row
        assert best is not None  # every grid of the search space has at least one candidate
        return best["settings"]

    def grid(base: dict, keys: list[str]) -> list[dict]:
        def base_first(key: str) -> list:  # the base's own value first, so that it wins ties
            return sorted(search[key], key=lambda v: v != base[key])

        values = [base_first(key) for key in keys]
        return [{**base, **dict(zip(keys, combination, strict=True))} for combination in itertools.product(*values)]

    if exhaustive:
        chosen = best_of(grid(start, list(search)))
    else:
        classifier = [key for key in search if key.startswith("classify__")]
        features = [key for key in search if not key.startswith("classify__")]
        chosen = best_of(grid(start, classifier))
        if features:
            moved = best_of(grid(chosen, features))
            if moved != chosen and "classify__C" in search:
                # New features may want a little more or less regularisation: try the neighbouring C values.
                values = list(search["classify__C"])
                at = values.index(moved["classify__C"])
                moved = best_of([moved] + [{**moved, "classify__C": values[i]} for i in (at - 1, at + 1)
                                           if 0 <= i < len(values)])
            chosen = moved
    criterion = FLAG_RATE_CRITERION.format(rate=max_flag_rate) if at_flag_rate else CRITERION
    return Selection(chosen, list(tried.values()), n_inner, criterion)


def grouped_folds(y: np.ndarray, groups: np.ndarray, n_splits: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``n_splits`` (fit rows, held-out rows) pairs with each group in one held-out part, stratified: the groups
    holding a positive, then the others, largest first (ties in a seeded random order), each go to the part
    with the fewest rows of its kind so far.

    Much faster than scikit-learn's StratifiedGroupKFold when nearly every post is its own group.

    >>> folds = grouped_folds(np.array([1, 1, 0, 0, 0, 0]), np.array([0, 1, 2, 2, 3, 4]), 2, seed=0)
    >>> sorted(sorted(held.tolist()) for _, held in folds)
    [[0, 2, 3], [1, 4, 5]]
    """
    ids, inverse = np.unique(groups, return_inverse=True)
    inverse = inverse.ravel()
    size = np.bincount(inverse, minlength=len(ids))
    positive = np.bincount(inverse, weights=(np.asarray(y) == 1).astype(float), minlength=len(ids)) > 0
    shuffled = np.random.default_rng(seed).permutation(len(ids))
    order = shuffled[np.lexsort((-size[shuffled], ~positive[shuffled]))]
    filled = np.zeros((2, n_splits), dtype=np.int64)
    fold_of_group = np.empty(len(ids), dtype=np.int64)
    for group in order.tolist():
        kind = int(positive[group])
        k = int(np.argmin(filled[kind]))
        fold_of_group[group] = k
        filled[kind, k] += size[group]
    fold = fold_of_group[inverse]
    return [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(n_splits)]


def _key(settings: dict) -> tuple:
    return tuple(sorted((key, repr(value)) for key, value in settings.items()))


def _describe(settings: dict) -> str:
    return ", ".join(f"{key.split('__', 1)[1]}={jsonable(value)}" for key, value in settings.items())
