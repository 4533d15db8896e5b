"""TF-IDF features over token n-grams."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from .errors import InputError


class TokenNgrams:
    """The n-grams (joined by a space) of an already tokenized post; the analyzer TF-IDF calls."""

    def __init__(self, ngram_range: tuple[int, int] = (1, 2)):
        self.ngram_range = tuple(ngram_range)

    def __call__(self, tokens: list[str]) -> list[str]:
        low, high = self.ngram_range
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), high + 1):
            grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return grams

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TokenNgrams) and other.ngram_range == self.ngram_range

    def __hash__(self) -> int:
        return hash(self.ngram_range)


class TokenTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF weights of token n-grams, learned from lists of tokens.

    Parameters follow :class:`sklearn.feature_extraction.text.TfidfVectorizer`.

    >>> features = TokenTfidf(min_df=1).fit([["出", "象牙"], ["看", "大象"]])
    >>> features.get_feature_names_out()[:3].tolist()
    ['出', '出 象牙', '大象']
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 2), min_df: int | float = 2, max_df: float = 1.0,
                 max_features: int | None = None, sublinear_tf: bool = True):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf

    def fit(self, X: Iterable[list[str]], y=None) -> TokenTfidf:
        """Learn the vocabulary and document frequencies."""
        self._fit_transform(X)
        return self

    def fit_transform(self, X: Iterable[list[str]], y=None) -> sparse.csr_matrix:
        """Learn the vocabulary and return the TF-IDF matrix."""
        return self._fit_transform(X)

    def transform(self, X: Iterable[list[str]]) -> sparse.csr_matrix:
        """TF-IDF matrix of the posts' tokens."""
        check_is_fitted(self, "vectorizer_")
        return self.vectorizer_.transform(_token_lists(X))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The n-gram behind each column."""
        check_is_fitted(self, "vectorizer_")
        return self.vectorizer_.get_feature_names_out()

    def _fit_transform(self, X):
        low, high = self.ngram_range
        if not 1 <= low <= high:
            raise InputError(f"ngram_range must be (low, high) with 1 <= low <= high, not {self.ngram_range!r}")
        self.vectorizer_ = TfidfVectorizer(analyzer=TokenNgrams(self.ngram_range), lowercase=False,
                                           min_df=self.min_df, max_df=self.max_df,
                                           max_features=self.max_features, sublinear_tf=self.sublinear_tf,
                                           dtype=np.float64)
        try:
            matrix = self.vectorizer_.fit_transform(_token_lists(X))
        except ValueError as error:
            raise InputError(f"cannot learn features: {error} (are the posts empty, or is min_df too high?)") from None
        self.n_features_in_ = 1
        return matrix


def _token_lists(X) -> list[list[str]]:
    lists = list(X)
    for tokens in lists[:1]:
        if isinstance(tokens, str):
            raise InputError("TokenTfidf expects lists of tokens; put a PostTokenizer before it")
    return lists
