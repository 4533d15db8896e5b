"""What scoring runs instead of the pipeline's steps one after another, with the same output to the bit.

The pipeline's own ``transform`` path stays the reference and trains; scoring, :meth:`Model.explain` and the
model's other views of a post go through :class:`ScoringPath`, built from a fitted pipeline when a model first
scores:

- the normaliser's gated passes, each gate searched once over a chunk (:meth:`TextNormaliser.normalise_batch`);
- tokens and feature columns in one pass over a chunk: the tokenizer's pattern runs once over the chunk's
  texts joined by line breaks (which no token spans, and which normalised text has none of), every Chinese
  run of the chunk goes to the segmenter in one call (it segments each run between line breaks on its own),
  each token's own columns (its word, its Latin character n-grams, its part in the domain tags) are looked up
  once and kept, and Chinese character n-grams are looked up by their text without building ``c:`` strings;
- the count matrix built by numpy, equal to scikit-learn's (the same counts, columns sorted within each row,
  the same index types), then the fitted TF-IDF weighting and the calibrated logistic regression worked out by
  numpy in the order scikit-learn's and scipy's compiled loops work them (each row's sum taken term by term), so
  the scores are equal to the bit.

A built path holds plain tables, numpy arrays and the normaliser's and tokenizer's own settings, and no
scikit-learn or scipy object (except the classifier of a model calibrated otherwise than by a sigmoid, which it
scores through scikit-learn): a model folder's path is kept in the user's cache, so that scoring starts
without importing either.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from itertools import chain, repeat
from typing import NamedTuple

import numpy as np

from .lexicon import digest
from .ngrams import CJK_TOKEN, NEWS_ROLE, SALE_ROLE, latin_ngrams, tag_role, tags_of
from .segment import _TOKEN, NUMBER_TOKEN
from .textrules import CJK_RANGES, built_once

# The tokenizer's pattern, and a line break between texts (none of its groups matches one).
_TOKEN_OR_BREAK = re.compile(_TOKEN.pattern + "|(?P<text_end>\n)")
# The runs the tokenizer's "cjk" group matches: no other group matches a Chinese character.
_CJK_RUN = re.compile(f"[{CJK_RANGES}]+")
# The per-token and per-run tables grow with the distinct tokens seen; past this many they start again with the
# next chunk, so that a long file of unique posts keeps flat memory.
_CACHE_LIMIT = 1 << 18
_TABLES = ("_by_token", "_by_run", "_by_chars", "_by_tags")


class Rows(NamedTuple):
    """A sparse matrix in compressed-row form, as numpy arrays."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    columns: int


class ScoringPath:
    """Normalised text, tokens, count matrices and scores of a fitted pipeline, faster than its steps."""

    def __init__(self, pipeline) -> None:
        from .classify import steps_of  # the pipeline's steps need scikit-learn; a built path does not

        normaliser, tokenizer, features, classifier = steps_of(pipeline)
        self.normaliser = normaliser.rules()
        self.segmenter = tokenizer.segmenter()
        vectorizer = features.vectorizer_
        analyzer = vectorizer.analyzer
        self._ngram_range = analyzer.ngram_range
        self._char_ngram_range = analyzer.char_ngram_range
        self._latin_char_ngram = analyzer.latin_char_ngram
        self.families = dict(analyzer.families)
        # Chinese character n-grams are looked up without their "c:" (no token holds a colon), the rest as named.
        self._chars = {gram[2:]: index for gram, index in vectorizer.vocabulary_.items() if gram.startswith("c:")}
        self._vocabulary = {gram: index for gram, index in vectorizer.vocabulary_.items() if not gram.startswith("c:")}
        self._columns = len(vectorizer.vocabulary_)
        # The reference hands out a csr_matrix or a csr_array depending on scikit-learn's settings.
        self._sparse_array = type(vectorizer.transform([[]])).__name__ == "csr_array"
        self._weighting: _Weighting | _TransformerWeighting = _Weighting(vectorizer._tfidf)
        self._linear = _SigmoidLinear.of(classifier)
        # Where the compiled loops round differently (fused multiply-adds on some processors), scikit-learn's own
        # arithmetic is used instead: a seeded sample of rows must come out equal to the bit.
        probe = _probe_counts(self._columns)
        weighted = self._weighting(probe)
        if weighted.data.tobytes() != vectorizer._tfidf.transform(self.matrix(probe), copy=True).data.tobytes():
            self._weighting = _TransformerWeighting(vectorizer._tfidf, self)
            weighted = self._weighting(probe)
        if self._linear is not None and self._linear.probabilities(weighted).tobytes() != \
                classifier.predict_proba(self.matrix(weighted))[:, 1].tobytes():
            self._linear = None
        self._classifier = None if self._linear is not None else classifier
        self.threshold = float(classifier.threshold)
        self.build()

    def build(self) -> None:
        """Build the normaliser's converter and patterns and the segmenter's dictionary now (a path loaded from the
        cache has none; worker processes forked after this share them)."""
        self._by_token: dict[str, tuple] = {}
        self._by_run: dict[str, tuple] = {}
        self._by_chars: dict[str, tuple[int, ...]] = {}
        self._by_tags: dict[frozenset, tuple[int, ...]] = {}
        self._built: dict[str, list[str]] = {}
        self.normaliser.build()
        self.segmenter.cut  # noqa: B018 - built on first use

    def tables(self) -> dict:
        """Size and SHA-256 of each table the path was built with, as :func:`wildtrade_clf.model.lexicon_card`
        gives them for its pipeline."""
        tables = {"tokenizer": self.segmenter.lexicon, "domain_tags": self.families,
                  "variants": self.normaliser.variants}
        return {name: {"terms": len(table), "sha256": digest(table)} for name, table in tables.items()}

    def normalise(self, texts: list) -> list[str]:
        """The normaliser's ``transform``, with its gated passes."""
        return self.normaliser.transform(texts, batch=True)

    def tokens_and_counts(self, texts: list[str]) -> tuple[list[list[str]], Rows]:
        """For normalised texts: the tokenizer's tokens, and the term-count matrix of the features step (what
        scikit-learn's ``CountVectorizer`` gives before the TF-IDF weighting)."""
        if not texts:
            return [], self._counts([], lengths=np.empty(0, dtype=np.int64))
        low, high = self._ngram_range
        chars = self._char_ngram_range is not None
        tags = bool(self.families)
        for name in _TABLES:
            if len(getattr(self, name)) >= _CACHE_LIMIT:
                setattr(self, name, {})  # a new table: another thread may be reading the old one
        by_token, learn, char_columns = self._by_token, self._learn, self._char_columns
        joined = "\n".join(texts)
        if joined.count("\n") != len(texts) - 1:
            # A line break inside a text separates tokens exactly as a space does.
            joined = "\n".join(text.replace("\n", " ") for text in texts)
        runs = iter(self._runs(_CJK_RUN.findall(joined), self._by_run))
        token_lists: list[list[str]] = []
        columns: list[int] = []
        lengths = np.empty(len(texts), dtype=np.int64)
        tokens: list[str] = []
        run: list[str] = []  # Chinese runs with no other token between them share character n-grams
        roles: list = []
        start = 0
        # The order of a row's columns does not matter: the count matrix sorts them.
        for match in _TOKEN_OR_BREAK.finditer(joined + "\n"):
            kind = match.lastgroup
            if kind == "cjk":
                words, found, named = next(runs)
                tokens.extend(words)
                columns.extend(found)
                if named:
                    roles.extend(named)
                if chars:
                    run.append(match.group())
                continue
            if run:
                columns.extend(char_columns("".join(run)))
                run = []
            if kind == "text_end":
                for n in range(max(low, 2), high + 1):
                    if len(tokens) >= n:
                        columns.extend(self._ngram_columns(tokens, n))
                if roles:
                    if tags:
                        columns.extend(self._tag_columns(roles))
                    roles = []
                lengths[len(token_lists)] = len(columns) - start
                start = len(columns)
                token_lists.append(tokens)
                tokens = []
                continue
            token = NUMBER_TOKEN if kind == "number" else match.group()
            tokens.append(token)
            found, role = by_token.get(token) or learn(token)
            columns.extend(found)
            if role is not None:
                roles.append(role)
        return token_lists, self._counts(columns, lengths)

    def features(self, texts: list[str]):
        """The tokens of normalised texts and the features step's ``transform`` of them (no rows for no texts)."""
        token_lists, counts = self.tokens_and_counts(texts)
        return token_lists, self.matrix(self._weighting(counts))

    def score(self, texts: list[str]) -> tuple[list[list[str]], Rows, np.ndarray]:
        """The tokens of normalised texts, their TF-IDF rows (:meth:`matrix` makes them the features step's
        ``transform``) and the probability of trade of each."""
        token_lists, counts = self.tokens_and_counts(texts)
        weighted = self._weighting(counts)
        if not texts:
            return token_lists, weighted, np.empty(0, dtype=np.float64)
        if self._linear is not None:
            return token_lists, weighted, self._linear.probabilities(weighted)
        assert self._classifier is not None  # kept whenever there is no linear form
        return token_lists, weighted, self._classifier.predict_proba(self.matrix(weighted))[:, 1]

    def contributions(self, rows: Rows, row: int) -> tuple[list[str], np.ndarray]:
        """The features of one of ``rows`` (TF-IDF rows :meth:`score` gave), in column order, and what each adds to
        its log-odds before calibration: its weight times its coefficient in ``TradeClassifier.coef_`` (the first
        calibrated classifier's)."""
        if self._linear is not None:
            coef = self._linear.parts[0][0]
        else:
            assert self._classifier is not None  # kept whenever there is no linear form
            coef = self._classifier.coef_
        start, end = int(rows.indptr[row]), int(rows.indptr[row + 1])
        columns = rows.indices[start:end]
        names = built_once(self._built, "names", self._names)
        return [names[column] for column in columns.tolist()], rows.data[start:end] * coef[columns]

    def _names(self) -> list[str]:
        """The name of each column, as the features step's ``get_feature_names_out`` gives it."""
        names = [""] * self._columns
        for gram, column in self._vocabulary.items():
            names[column] = gram
        for chars, column in self._chars.items():
            names[column] = "c:" + chars
        return names

    def matrix(self, rows: Rows):
        """``rows`` as the scipy sparse matrix the pipeline's own steps give."""
        from scipy import sparse

        kind = sparse.csr_array if self._sparse_array else sparse.csr_matrix
        matrix = kind((rows.data, rows.indices, rows.indptr), shape=(len(rows.indptr) - 1, rows.columns))
        matrix.has_sorted_indices = True
        return matrix

    def __getstate__(self) -> dict:
        # The per-token tables hold role markers that are compared by identity: a loaded path builds its own.
        return {key: value for key, value in self.__dict__.items() if key not in (*_TABLES, "_built")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        for name in (*_TABLES, "_built"):
            setattr(self, name, {})

    def _runs(self, runs: list[str], by_run: dict) -> list[tuple[list[str], tuple[int, ...], tuple]]:
        """For each Chinese run: its words, their word columns and their roles in the domain tags (kept in
        ``by_run``); the runs not seen before are cut by one call of the segmenter over them joined by line
        breaks."""
        new = [run for run in dict.fromkeys(runs) if run not in by_run]
        if new:
            cut = self.segmenter.cut("\n".join(new))
            ends = [at for at, word in enumerate(cut) if word == "\n"]
            if len(ends) == len(new) - 1:
                starts = [0, *(at + 1 for at in ends)]
                words = [cut[start:end] for start, end in zip(starts, [*ends, len(cut)], strict=True)]
            else:
                words = [self.segmenter.cut(run) for run in new]
            by_token, learn = self._by_token, self._learn
            for run, found in zip(new, words, strict=True):
                entries = [by_token.get(word) or learn(word) for word in found]
                by_run[run] = (found, tuple(column for columns, _ in entries for column in columns),
                               tuple(role for _, role in entries if role is not None))
        return [by_run[run] for run in runs]

    def _counts(self, columns: list[int], lengths: np.ndarray) -> Rows:
        # Columns past the last stand for n-grams the vocabulary does not have (looked up in C, dropped here).
        found = np.array(columns, dtype=np.int64)
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        known = found < self._columns
        keys, counts = np.unique(rows[known] * self._columns + found[known], return_counts=True)
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // self._columns, minlength=len(lengths)), out=indptr[1:])
        index_type = np.int32 if len(keys) <= np.iinfo(np.int32).max else np.int64
        return Rows(counts.astype(np.float64), (keys % self._columns).astype(index_type), indptr.astype(index_type),
                    self._columns)

    def _learn(self, token: str) -> tuple[tuple[int, ...], object]:
        """A token's own columns (its word, when words are features, and its Latin n-grams) and its role in the
        domain tags (None for none)."""
        vocabulary = self._vocabulary
        chinese = bool(token and CJK_TOKEN.match(token))
        spec = self._latin_char_ngram
        latin = () if chinese or not (spec and token.isascii() and token.isalpha()) else \
            tuple(vocabulary[gram] for gram in latin_ngrams(token, spec) if gram in vocabulary)
        word = (vocabulary[token],) if self._ngram_range[0] == 1 and token in vocabulary else ()
        entry = (word + latin, tag_role(token, self.families) if self.families else None)
        self._by_token[token] = entry
        return entry

    def _char_columns(self, text: str) -> tuple[int, ...]:
        """The columns of the character n-grams of a stretch of Chinese (one past the last for n-grams with none)."""
        found = self._by_chars.get(text)
        if found is None:
            low, high = self._char_ngram_range
            get = self._chars.get
            missing = repeat(self._columns)
            found = self._by_chars[text] = tuple(chain.from_iterable(
                map(get, _ngrams(text, n), missing) for n in range(low, high + 1)))
        return found

    def _ngram_columns(self, tokens: list[str], n: int) -> Iterator[int] | list[int]:
        """The columns of the n-grams of tokens (n >= 2); n-grams with no column give one past the last."""
        get, missing = self._vocabulary.get, self._columns
        if n == 2:  # by far the commonest: joined with + rather than str.join
            return [get(first + " " + second, missing) for first, second in zip(tokens, tokens[1:], strict=False)]
        grams = map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False))  # the shorter tails end it
        return map(get, grams, repeat(missing))

    def _tag_columns(self, roles: list) -> tuple[int, ...]:
        """The columns of the domain tags of a text whose tokens have these roles."""
        key = frozenset(roles)
        found = self._by_tags.get(key)
        if found is None:
            products = {role for role in key if role is not SALE_ROLE and role is not NEWS_ROLE}
            vocabulary = self._vocabulary
            found = self._by_tags[key] = tuple(vocabulary[tag] for tag in tags_of(products, SALE_ROLE in key,
                                                                                   NEWS_ROLE in key)
                                               if tag in vocabulary)
        return found


def _ngrams(text: str, n: int):
    """The character n-grams of ``text`` in order (pairs joined in C rather than sliced one by one)."""
    if n == 1:
        return iter(text)
    if n == 2:
        return map(str.__add__, text, text[1:])
    return (text[i:i + n] for i in range(len(text) - n + 1))


def _row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """The sum of each row's values, added one after another from 0.0 as scipy's and scikit-learn's compiled
    loops add them (numpy's own sums pair terms up, which rounds differently)."""
    lengths = np.diff(indptr)
    order = np.argsort(-lengths, kind="stable")
    longest_first, starts = lengths[order], indptr[:-1][order]
    sums = np.zeros(len(lengths), dtype=np.float64)
    for k in range(int(longest_first[0]) if len(lengths) else 0):
        rows = int(np.searchsorted(-longest_first, -k, side="left"))  # the rows with more than k values
        sums[:rows] += values[starts[:rows] + k]
    out = np.empty_like(sums)
    out[order] = sums
    return out


class _Weighting:
    """A fitted ``TfidfTransformer``'s ``transform`` of count rows: sublinear term frequency, inverse document
    frequency, then each row scaled to unit length (or not)."""

    def __init__(self, transformer) -> None:
        if transformer.norm not in ("l2", None):
            raise ValueError(f"no fast path for TF-IDF norm {transformer.norm!r}")
        self.sublinear = bool(transformer.sublinear_tf)
        self.idf = np.array(transformer.idf_, dtype=np.float64) if hasattr(transformer, "idf_") else None
        self.unit_length = transformer.norm == "l2"

    def __call__(self, counts: Rows) -> Rows:
        data = np.array(counts.data, dtype=np.float64)
        if self.sublinear:
            np.log(data, data)
            data += 1.0
        if self.idf is not None:
            data *= self.idf[counts.indices]
        if self.unit_length:
            lengths = np.sqrt(_row_sums(data * data, counts.indptr))
            lengths[lengths == 0.0] = 1.0
            data /= np.repeat(lengths, np.diff(counts.indptr))
        return counts._replace(data=data)


class _TransformerWeighting:
    """A fitted ``TfidfTransformer`` itself, for count rows (where :class:`_Weighting` would not match it)."""

    def __init__(self, transformer, path: ScoringPath) -> None:
        self.transformer, self.path = transformer, path

    def __call__(self, counts: Rows) -> Rows:
        weighted = self.transformer.transform(self.path.matrix(counts._replace(data=counts.data.copy())), copy=False)
        return Rows(weighted.data, weighted.indices, weighted.indptr, counts.columns)


def _probe_counts(columns: int) -> Rows:
    """Seeded count rows of 0 to 400 distinct columns each, to hold the numpy arithmetic to the compiled one."""
    rng = np.random.default_rng(0)
    rows = [np.unique(rng.integers(0, columns, size=n)) for n in rng.integers(0, 401, size=48)]
    indices = np.concatenate(rows).astype(np.int32)
    indptr = np.concatenate([[0], np.cumsum([len(row) for row in rows])]).astype(np.int32)
    return Rows(rng.integers(1, 5, size=len(indices)).astype(np.float64), indices, indptr, columns)


class _SigmoidLinear:
    """A :class:`~wildtrade_clf.classify.TradeClassifier` calibrated by sigmoids (``CalibratedClassifierCV``):
    its logistic regressions' weights and each one's calibration, for scores equal to its ``predict_proba``."""

    def __init__(self, parts: list[tuple[np.ndarray, float, float, float]]) -> None:
        self.parts = parts

    @classmethod
    def of(cls, classifier) -> _SigmoidLinear | None:
        """The linear form of a fitted classifier, or None when it is calibrated otherwise."""
        calibrated = getattr(classifier, "estimator_", None)
        found = []
        for part in getattr(calibrated, "calibrated_classifiers_", None) or []:
            calibrators = part.calibrators
            if getattr(part, "method", None) != "sigmoid" or len(calibrators) != 1 or part.estimator.coef_.shape[0] != 1:
                return None
            found.append((np.ascontiguousarray(part.estimator.coef_[0], dtype=np.float64),
                          float(part.estimator.intercept_[0]), calibrators[0].a_, calibrators[0].b_))
        return cls(found) if found and type(calibrated).__name__ == "CalibratedClassifierCV" else None

    def probabilities(self, rows: Rows) -> np.ndarray:
        """The probability of trade of each row of TF-IDF weights."""
        total = np.zeros(len(rows.indptr) - 1, dtype=np.float64)
        for coef, intercept, a, b in self.parts:
            decision = _row_sums(rows.data * coef[rows.indices], rows.indptr) + np.array([intercept])
            probability = np.array([_expit(value) for value in (-(a * decision + b)).tolist()], dtype=np.float64)
            probability[(1.0 < probability) & (probability <= 1.0 + 1e-5)] = 1.0
            total += probability
        total /= len(self.parts)
        return total


def _expit(value: float) -> float:
    # The C library's exp, as scipy's expit uses it (numpy's own exp may differ in the last bit on some CPUs).
    try:
        return 1.0 / (1.0 + math.exp(-value))
    except OverflowError:
        return 0.0
