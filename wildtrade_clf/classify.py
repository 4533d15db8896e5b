"""The classifier: calibrated logistic regression with a stored decision threshold, and the full pipeline."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from .errors import InputError, ModelError, TrainingError
from .features import TokenTfidf
from .normalise import TextNormaliser
from .tokenize import PostTokenizer

CALIBRATIONS = ("sigmoid", "isotonic", None)
STEPS = ("normalise", "tokenize", "features", "classify")


class TradeClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression on TF-IDF features, with calibrated probabilities and a decision threshold.

    Parameters
    ----------
    C : inverse regularisation strength of the logistic regression.
    class_weight : ``None`` or ``"balanced"`` (weight classes by inverse frequency).
    calibration : ``"sigmoid"``, ``"isotonic"`` or ``None``; fitted on cross-validated predictions.
    cv : folds used to fit the calibration.
    threshold : probability at or above which :meth:`predict` says 1.
    random_state : seed for the calibration folds and the solver.

    >>> import numpy as np
    >>> X, y = np.array([[1.0, 0], [0.9, 0], [0, 1.0], [0, 0.8]] * 3), [1, 1, 0, 0] * 3
    >>> classifier = TradeClassifier(calibration=None).fit(X, y)
    >>> classifier.predict(np.array([[1.0, 0], [0, 1.0]])).tolist()
    [1, 0]
    >>> bool(classifier.coef_[0] > 0 > classifier.coef_[1])
    True
    """

    def __init__(self, C: float = 300.0, class_weight: str | None = None, calibration: str | None = "sigmoid",
                 cv: int = 3, threshold: float = 0.5, random_state: int = 0):
        self.C = C
        self.class_weight = class_weight
        self.calibration = calibration
        self.cv = cv
        self.threshold = threshold
        self.random_state = random_state

    def fit(self, X, y) -> TradeClassifier:
        """Fit on a feature matrix and 0/1 labels."""
        if self.calibration not in CALIBRATIONS:
            raise InputError(f"calibration must be one of {CALIBRATIONS}, not {self.calibration!r}")
        if not 0.0 <= float(self.threshold) <= 1.0:
            raise InputError(f"threshold must be between 0 and 1, not {self.threshold!r}")
        y = np.asarray(y)
        classes, counts = np.unique(y, return_counts=True)
        if len(classes) != 2 or set(classes.tolist()) != {0, 1}:
            raise TrainingError(f"labels must contain both 0 and 1; found {sorted(classes.tolist())}")
        base = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear",
                                  max_iter=1000, random_state=self.random_state)
        folds = min(int(self.cv), int(counts.min()))
        if self.calibration is None or folds < 2:
            self.estimator_ = base.fit(X, y)
        else:
            splitter = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
            self.estimator_ = CalibratedClassifierCV(base, method=self.calibration, cv=splitter,
                                                     ensemble=False).fit(X, y)
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = X.shape[1]
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probability of each class, columns ``[0, 1]``."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    def predict(self, X) -> np.ndarray:
        """1 where the probability of trade reaches :attr:`threshold`, else 0."""
        return (self.predict_proba(X)[:, 1] >= self.threshold).astype(np.int64)

    def decision_function(self, X) -> np.ndarray:
        """The linear score (log-odds before calibration); larger means more likely trade."""
        check_is_fitted(self, "estimator_")
        return X @ self.coef_ + self.intercept_

    @property
    def coef_(self) -> np.ndarray:
        """Weight of each feature in the linear score."""
        return self._linear().coef_[0]

    @property
    def intercept_(self) -> float:
        """Intercept of the linear score."""
        return float(self._linear().intercept_[0])

    def _linear(self) -> LogisticRegression:
        check_is_fitted(self, "estimator_")
        if isinstance(self.estimator_, CalibratedClassifierCV):
            return self.estimator_.calibrated_classifiers_[0].estimator
        return self.estimator_


def build_pipeline(**params) -> Pipeline:
    """The unfitted text-to-score pipeline: normalise, tokenize, features, classify.

    Keyword arguments set step parameters the scikit-learn way, e.g. ``classify__C=3``.

    >>> [name for name, _ in build_pipeline(tokenize__hmm=True).steps]
    ['normalise', 'tokenize', 'features', 'classify']
    """
    pipeline = Pipeline([
        ("normalise", TextNormaliser()),
        ("tokenize", PostTokenizer()),
        ("features", TokenTfidf()),
        ("classify", TradeClassifier()),
    ])
    return pipeline.set_params(**params)


class Steps(NamedTuple):
    """The steps of a text-to-score pipeline, by what each does (the pipeline's own objects, not copies)."""

    normaliser: TextNormaliser
    tokenizer: PostTokenizer
    features: TokenTfidf
    classifier: TradeClassifier


def steps_of(pipeline: Pipeline) -> Steps:
    """The steps of a pipeline shaped as :func:`build_pipeline` makes it; :class:`ModelError` for any other.

    >>> steps_of(build_pipeline()).classifier.C
    300.0
    """
    if not isinstance(pipeline, Pipeline) or tuple(name for name, _ in pipeline.steps) != STEPS:
        raise ModelError(f"a model needs a pipeline with the steps {', '.join(STEPS)}")
    return Steps(*(step for _, step in pipeline.steps))


def tokens_to_score(pipeline: Pipeline) -> Pipeline:
    """The features and classify steps of ``pipeline``: the part that turns tokens into scores, sharing its
    objects, so fitting it fits them. Training tokenizes each post once and fits this part many times."""
    steps_of(pipeline)
    return pipeline[STEPS.index("features"):]
