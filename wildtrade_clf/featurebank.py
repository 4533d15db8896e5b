"""TF-IDF matrices for many folds and feature settings from one pass over the tokens.

Training fits the features once per cross-validation fold and per setting tried. Rather than run the n-gram
analyzer on every post again each time, :class:`FeatureBank` counts each post's n-grams once, over one vocabulary
shared by all settings, and makes the TF-IDF matrix of any training rows by slicing those counts: the result is
exactly the matrix :class:`~wildtrade_clf.features.TokenTfidf` fitted on those rows gives, value for value.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral

import numpy as np
from numpy.typing import ArrayLike
from scipy import sparse
from sklearn.preprocessing import normalize

from .errors import InputError
from .features import TokenNgrams, TokenTfidf
from .lexicon import installed_families, resolve

# The TokenTfidf parameters that decide which n-grams a post has (the rest decide the weights).
_ANALYZER_PARAMS = ("ngram_range", "char_ngram_range", "domain_tags", "latin_char_ngram")


class FeatureBank:
    """n-gram counts of fixed tokenized posts for any :class:`TokenTfidf` settings, counted once per part.

    A setting's n-grams are its word n-grams with Chinese character n-grams and domain tags, plus its Latin
    character n-grams; each part is counted once and shared by every setting that has it, so adding Latin
    2-5-grams to a search costs one pass, not one per fold and setting.

    >>> bank = FeatureBank([["出", "象牙"], ["看", "大象"], ["出", "大象"]])
    >>> X, (held,) = bank.tfidf(TokenTfidf(min_df=1, char_ngram_range=None), [0, 1], [[2]])
    >>> X.shape[0], held.shape[0]
    (2, 1)
    """

    def __init__(self, tokens: Sequence[list[str]]):
        self.tokens = list(tokens)
        self._vocabulary: dict[str, int] = {}
        self._parts: dict[TokenNgrams, sparse.csr_matrix] = {}
        self._order: np.ndarray | None = None
        self._combined: dict[tuple[TokenNgrams, ...], sparse.csr_matrix] = {}

    def counts(self, features: TokenTfidf) -> sparse.csr_matrix:
        """n-gram counts (posts x the shared vocabulary, in sorted order) under ``features``' settings."""
        params = {name: getattr(features, name) for name in _ANALYZER_PARAMS}
        lexicon = resolve(params["domain_tags"], installed_families, "domain_tags")
        latin = params["latin_char_ngram"]
        analyzers = [TokenNgrams(params["ngram_range"], params["char_ngram_range"], lexicon, None)]
        if latin:
            # TokenNgrams((1, 1), None, {}, n) gives the unigrams and the Latin n-grams: less the unigrams, the
            # Latin n-grams alone.
            analyzers += [TokenNgrams((1, 1), None, {}, latin), TokenNgrams((1, 1), None, {}, None)]
        for analyzer in analyzers:  # count new parts first: they grow the vocabulary, which renumbers the columns
            if analyzer not in self._parts:
                self._parts[analyzer] = self._count(analyzer)
        key = tuple(analyzers)
        cached = self._combined.get(key)
        if cached is not None and cached.shape[1] == len(self._vocabulary):
            return cached
        parts = [self._sorted(self._parts[analyzer]) for analyzer in analyzers]
        combined = parts[0] + parts[1] - parts[2] if latin else parts[0]
        combined = combined.tocsr()
        combined.eliminate_zeros()
        combined.sort_indices()
        self._combined[key] = combined
        return combined

    def tfidf(self, features: TokenTfidf, fit_rows: ArrayLike,
              apply_rows: Sequence[ArrayLike] = ()) -> tuple[sparse.csr_matrix, list[sparse.csr_matrix]]:
        """The TF-IDF matrix of ``fit_rows`` as ``features`` fitted on them gives it, and the matrices of each
        list of ``apply_rows`` as that fitted step transforms them."""
        if features.max_df is None or features.min_df is None:
            raise InputError("min_df and max_df must be numbers")
        counts = self.counts(features)
        fit = counts[np.asarray(fit_rows, dtype=np.intp)]
        columns = _kept_columns(fit, features)
        document_frequency = np.bincount(fit.indices, minlength=fit.shape[1])[columns].astype(np.float64)
        # As scikit-learn's TfidfTransformer (smooth_idf): ln((1 + n) / (1 + df)) + 1, in the same operations.
        idf = np.full_like(document_frequency, fill_value=fit.shape[0] + 1, dtype=np.float64)
        idf /= document_frequency + 1.0
        np.log(idf, out=idf)
        idf += 1.0

        def weigh(rows: sparse.csr_matrix) -> sparse.csr_matrix:
            matrix = rows[:, columns].tocsr()
            if not matrix.shape[0]:
                return matrix
            matrix.sort_indices()
            if features.sublinear_tf:
                np.log(matrix.data, matrix.data)
                matrix.data += 1.0
            matrix.data *= idf[matrix.indices]
            return normalize(matrix, norm="l2", copy=False)

        return weigh(fit), [weigh(counts[np.asarray(rows, dtype=np.intp)]) for rows in apply_rows]

    def _count(self, analyzer: TokenNgrams) -> sparse.csr_matrix:
        import pandas as pd

        grams: list[str] = []
        indptr = [0]
        for tokens in self.tokens:
            grams.extend(analyzer(tokens))
            indptr.append(len(grams))
        # Hash the grams in C (pandas), then give each distinct one its id in the shared vocabulary.
        codes, distinct = pd.factorize(pd.Series(grams, dtype=object), sort=False)
        vocabulary = self._vocabulary
        ids = np.fromiter((vocabulary.setdefault(gram, len(vocabulary)) for gram in distinct), dtype=np.int64,
                          count=len(distinct))
        matrix = sparse.csr_matrix((np.ones(len(grams), dtype=np.float64), ids[codes] if len(grams) else codes,
                                    np.asarray(indptr, dtype=np.int64)), shape=(len(self.tokens), len(vocabulary)))
        matrix.sum_duplicates()
        self._order = None
        return matrix

    def _sorted(self, part: sparse.csr_matrix) -> sparse.csr_matrix:
        """``part`` with its columns in the sorted order of the vocabulary's terms, as TfidfVectorizer orders them."""
        if self._order is None or len(self._order) != len(self._vocabulary):
            terms = np.array(list(self._vocabulary), dtype=object)
            rank = np.empty(len(terms), dtype=np.int64)
            rank[np.argsort(terms, kind="stable")] = np.arange(len(terms))
            self._order = rank
        width = len(self._vocabulary)  # parts counted earlier are narrower: the later terms are empty columns
        matrix = sparse.csr_matrix((part.data.copy(), self._order[part.indices], part.indptr.copy()),
                                   shape=(part.shape[0], width))
        matrix.sort_indices()
        return matrix


def _kept_columns(fit: sparse.csr_matrix, features: TokenTfidf) -> np.ndarray:
    """The columns TfidfVectorizer keeps when fitted on these rows: min_df, max_df and max_features applied."""
    n = fit.shape[0]
    high = features.max_df if isinstance(features.max_df, Integral) else features.max_df * n
    low = features.min_df if isinstance(features.min_df, Integral) else features.min_df * n
    if high < low:
        raise InputError("cannot learn features: max_df corresponds to < documents than min_df (are the posts "
                         "empty, or is min_df too high?)")
    frequency = np.bincount(fit.indices, minlength=fit.shape[1])
    mask = (frequency > 0) & (frequency <= high) & (frequency >= low)
    if features.max_features is not None and mask.sum() > features.max_features:
        totals = np.asarray(fit.sum(axis=0)).ravel()
        chosen = (-totals[mask]).argsort()[:features.max_features]
        limited = np.zeros(len(mask), dtype=bool)
        limited[np.flatnonzero(mask)[chosen]] = True
        mask = limited
    columns = np.flatnonzero(mask)
    if not len(columns):
        raise InputError("cannot learn features: After pruning, no terms remain. Try a lower min_df or a higher "
                         "max_df. (are the posts empty, or is min_df too high?)")
    return columns
