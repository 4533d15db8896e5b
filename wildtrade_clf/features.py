"""TF-IDF features over token n-grams."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from .errors import InputError
from .lexicon import digest, installed_families, resolve
from .ngrams import CJK_TOKEN, domain_tags, latin_ngrams


class TokenNgrams:
    """The features of one tokenized post: word n-grams, character n-grams and domain tags.

    Character n-grams (prefixed ``c:``) cover runs of Chinese tokens, so unseen compounds and variants
    still share features with known ones; character n-grams of Latin words (prefixed ``l:``) do the same for
    English inflections (carving, carvings, carved): ``latin_char_ngram=n`` gives the n-grams of words longer
    than n, ``(low, high)`` every low- to high-gram of every word, padded with ``<`` and ``>`` (scikit-learn's
    ``char_wb``). Domain tags name each product family of ``families`` (``{term: family}``) mentioned
    (``__f_ivory__``), any sign of a sale (``__sale__``), and the two together (``__product_sale__``): the
    combination a linear model cannot learn from separate words. Empty ``families`` means no tags.
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 1), char_ngram_range: tuple[int, int] | None = (1, 2),
                 families: Mapping[str, str] | None = None, latin_char_ngram: int | tuple[int, int] | None = 4):
        self.ngram_range = tuple(ngram_range)
        self.char_ngram_range = None if char_ngram_range is None else tuple(char_ngram_range)
        self.families = dict(families or {})
        self.latin_char_ngram = latin_char_ngram if latin_char_ngram is None or isinstance(latin_char_ngram, int) \
            else tuple(latin_char_ngram)

    def __call__(self, tokens: list[str]) -> list[str]:
        low, high = self.ngram_range
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), high + 1):
            grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        if self.char_ngram_range is not None or self.latin_char_ngram:
            grams.extend(self._char_ngrams(tokens))
        if self.families:
            grams.extend(domain_tags(tokens, self.families))
        return grams

    def _char_ngrams(self, tokens: list[str]) -> list[str]:
        low, high = self.char_ngram_range or (1, 0)
        grams: list[str] = []
        run: list[str] = []
        for token in [*tokens, ""]:
            if token and CJK_TOKEN.match(token):
                run.append(token)
                continue
            if self.latin_char_ngram and token.isascii() and token.isalpha():
                grams.extend(self._latin_ngrams(token))
            if run:
                text = "".join(run)
                for n in range(low, high + 1):
                    grams.extend("c:" + text[i:i + n] for i in range(len(text) - n + 1))
                run = []
        return grams

    def _latin_ngrams(self, token: str) -> list[str]:
        assert self.latin_char_ngram is not None  # called only when latin_char_ngram is set
        return latin_ngrams(token, self.latin_char_ngram)

    def _key(self) -> tuple:
        return (self.ngram_range, self.char_ngram_range, digest(self.families), self.latin_char_ngram)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TokenNgrams) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())


# Where a saved TokenTfidf keeps its vocabulary (see TokenTfidf.__getstate__).
VOCABULARY_TERMS = "vocabulary_terms_"


class TokenTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF weights of token n-grams, learned from lists of tokens.

    ``ngram_range`` is over tokens, ``char_ngram_range`` over the characters of Chinese runs and
    ``latin_char_ngram`` over Latin words (None turns either off; see :class:`TokenNgrams`). ``domain_tags``
    adds the tags of :class:`TokenNgrams` from a lexicon: True for the package's (``resources/lexicon.tsv``),
    False for none, or a ``{term: family}`` mapping; fitting copies it into ``lexicon_``, so a fitted step
    keeps its tags wherever it is loaded. The other parameters follow
    :class:`sklearn.feature_extraction.text.TfidfVectorizer`.

    >>> features = TokenTfidf(min_df=1, char_ngram_range=None).fit([["出", "象牙"], ["看", "大象"]])
    >>> features.get_feature_names_out().tolist()
    ['__f_ivory__', '__product_sale__', '__sale__', '出', '大象', '看', '象牙']
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 1), char_ngram_range: tuple[int, int] | None = (1, 2),
                 domain_tags: bool | Mapping[str, str] = True, latin_char_ngram: int | tuple[int, int] | None = 4,
                 min_df: int | float = 2,
                 max_df: float = 1.0, max_features: int | None = None, sublinear_tf: bool = True):
        self.ngram_range = ngram_range
        self.char_ngram_range = char_ngram_range
        self.domain_tags = domain_tags
        self.latin_char_ngram = latin_char_ngram
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

    def __getstate__(self) -> dict:
        # A model file holds the vocabulary as its terms in column order, one UTF-8 array: as a dict, each of its
        # half a million entries is a node of its own to skops, which then takes tens of seconds to save, audit and
        # load it (a vocabulary with an empty term or one holding a line break, which no tokenizer makes, stays a
        # dict: joined by line breaks it would not split back into the same terms).
        state = super().__getstate__()
        vectorizer = state.get("vectorizer_")
        vocabulary = getattr(vectorizer, "vocabulary_", None)
        if vocabulary is None or "" in vocabulary or any("\n" in term for term in vocabulary):
            return state
        vectorizer = copy.copy(vectorizer)
        del vectorizer.vocabulary_
        terms = "\n".join(sorted(vocabulary, key=vocabulary.__getitem__))
        return {**state, "vectorizer_": vectorizer,
                VOCABULARY_TERMS: np.frombuffer(terms.encode("utf-8"), dtype=np.uint8).copy()}

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        terms = state.pop(VOCABULARY_TERMS, None)
        super().__setstate__(state)
        if terms is not None:
            text = bytes(np.asarray(terms, dtype=np.uint8)).decode("utf-8")
            self.vectorizer_.vocabulary_ = {term: column for column, term in enumerate(text.split("\n"))} \
                if text else {}

    def _fit_transform(self, X):
        for name in ("ngram_range", "char_ngram_range"):
            value = getattr(self, name)
            if value is None and name == "char_ngram_range":
                continue
            if len(value) != 2 or not 1 <= value[0] <= value[1]:
                raise InputError(f"{name} must be (low, high) with 1 <= low <= high, not {value!r}")
        latin = self.latin_char_ngram
        if latin is not None and not isinstance(latin, int) and (len(latin) != 2 or not 1 <= latin[0] <= latin[1]):
            raise InputError(f"latin_char_ngram must be n, (low, high) with 1 <= low <= high, or None, not {latin!r}")
        self.lexicon_ = resolve(self.domain_tags, installed_families, "domain_tags")
        analyzer = TokenNgrams(self.ngram_range, self.char_ngram_range, self.lexicon_, latin)
        self.vectorizer_ = TfidfVectorizer(analyzer=analyzer, lowercase=False,
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
