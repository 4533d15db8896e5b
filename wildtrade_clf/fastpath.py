"""What scoring runs instead of the pipeline's steps one after another, with the same output to the bit.

The pipeline's own ``transform`` path stays the reference (training, :meth:`Model.explain`); scoring goes
through :class:`ScoringPath`, built from a fitted pipeline when a model first scores and never saved:

- the normaliser's gated passes (:meth:`TextNormaliser.normalise_gated`);
- tokens to feature columns without the string n-grams: each token's own columns (its word and its Latin
  character n-grams) are looked up once and kept, Chinese character n-grams are looked up by their text in a
  table of the vocabulary keyed without the ``c:`` prefix, and the count matrix is built by numpy;
- the fitted TF-IDF weighting and classifier, applied to a count matrix equal to scikit-learn's (the same
  counts, columns sorted within each row, the same index types), so the scores are too.
"""

from __future__ import annotations

import numpy as np

from .features import _CJK_TOKEN, _domain_tags

# The per-token and per-run tables grow with the distinct tokens seen; past this many they start again, so
# that a long file of unique posts keeps flat memory.
_CACHE_LIMIT = 1 << 18


class ScoringPath:
    """Normalised text, count matrices and scores of a fitted pipeline's steps, faster than the steps."""

    def __init__(self, pipeline):
        self.normaliser = pipeline.named_steps["normalise"]
        self.tokenizer = pipeline.named_steps["tokenize"]
        self.classifier = pipeline.named_steps["classify"]
        vectorizer = pipeline.named_steps["features"].vectorizer_
        self._tfidf = vectorizer._tfidf
        self._analyzer = vectorizer.analyzer
        self._vocabulary = vectorizer.vocabulary_
        self._chars = {gram[2:]: index for gram, index in self._vocabulary.items() if gram.startswith("c:")}
        self._columns = len(self._vocabulary)
        # The reference hands the weighting a csr_matrix or a csr_array depending on scikit-learn's settings.
        self._sparse = type(vectorizer.transform([[]]))
        self._by_token: dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]] = {}
        self._by_run: dict[str, tuple[int, ...]] = {}

    def normalise(self, texts: list[str]) -> list[str]:
        """The normaliser's ``transform``, with its gated passes."""
        return self.normaliser._transform(texts, self.normaliser.normalise_gated)

    def counts(self, token_lists: list[list[str]]):
        """The term-count matrix scikit-learn's ``CountVectorizer`` part of the features step gives."""
        columns: list[int] = []
        lengths = np.empty(len(token_lists), dtype=np.int64)
        for row, tokens in enumerate(token_lists):
            before = len(columns)
            self._columns_of(tokens, columns)
            lengths[row] = len(columns) - before
        rows = np.repeat(np.arange(len(token_lists), dtype=np.int64), lengths)
        keys, counts = np.unique(rows * self._columns + np.array(columns, dtype=np.int64), return_counts=True)
        indptr = np.zeros(len(token_lists) + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // self._columns, minlength=len(token_lists)), out=indptr[1:])
        index_type = np.int32 if len(keys) <= np.iinfo(np.int32).max else np.int64
        matrix = self._sparse((counts.astype(np.float64), (keys % self._columns).astype(index_type),
                               indptr.astype(index_type)), shape=(len(token_lists), self._columns))
        matrix.has_sorted_indices = True
        return matrix

    def features(self, token_lists: list[list[str]]):
        """The features step's ``transform``."""
        return self._tfidf.transform(self.counts(token_lists), copy=False)

    def score(self, token_lists: list[list[str]]) -> np.ndarray:
        """The probability of trade for each tokenized post."""
        return self.classifier.predict_proba(self.features(token_lists))[:, 1]

    def _columns_of(self, tokens: list[str], out: list[int]) -> None:
        analyzer = self._analyzer
        vocabulary = self._vocabulary
        low, high = analyzer.ngram_range
        chars = analyzer.char_ngram_range is not None
        run: list[str] = []
        for token in tokens:
            word, latin, chinese = self._by_token.get(token) or self._learn(token)
            if low == 1:
                out.extend(word)
            if chinese:
                if chars:
                    run.append(token)
                continue
            out.extend(latin)
            if run:
                self._run_columns("".join(run), out)
                run = []
        if run:
            self._run_columns("".join(run), out)
        for n in range(max(low, 2), high + 1):
            for i in range(len(tokens) - n + 1):
                column = vocabulary.get(" ".join(tokens[i:i + n]))
                if column is not None:
                    out.append(column)
        if analyzer.families:
            for tag in _domain_tags(tokens, analyzer.families):
                column = vocabulary.get(tag)
                if column is not None:
                    out.append(column)

    def _learn(self, token: str) -> tuple[tuple[int, ...], tuple[int, ...], bool]:
        """A token's word column (if it has one), its Latin n-gram columns, and whether it is Chinese."""
        analyzer = self._analyzer
        vocabulary = self._vocabulary
        chinese = bool(token and _CJK_TOKEN.match(token))
        latin = () if chinese or not (analyzer.latin_char_ngram and token.isascii() and token.isalpha()) else \
            tuple(vocabulary[gram] for gram in analyzer._latin_ngrams(token) if gram in vocabulary)
        entry = ((vocabulary[token],) if token in vocabulary else (), latin, chinese)
        if len(self._by_token) >= _CACHE_LIMIT:
            self._by_token.clear()
        self._by_token[token] = entry
        return entry

    def _run_columns(self, text: str, out: list[int]) -> None:
        found = self._by_run.get(text)
        if found is None:
            low, high = self._analyzer.char_ngram_range
            chars = self._chars
            found = tuple(chars[text[i:i + n]] for n in range(low, high + 1) for i in range(len(text) - n + 1)
                          if text[i:i + n] in chars)
            if len(self._by_run) >= _CACHE_LIMIT:
                self._by_run.clear()
            self._by_run[text] = found
        out.extend(found)
