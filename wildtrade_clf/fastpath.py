"""What scoring runs instead of the pipeline's steps one after another, with the same output to the bit.

The pipeline's own ``transform`` path stays the reference (training, :meth:`Model.explain`, ``Model.normalise``);
scoring goes through :class:`ScoringPath`, built from a fitted pipeline when a model first scores and never
saved:

- the normaliser's gated passes, each gate searched once over a chunk (:meth:`TextNormaliser.normalise_batch`);
- tokens and feature columns in one pass over a chunk: the tokenizer's pattern runs once over the chunk's
  texts joined by line breaks (which no token spans, and which normalised text has none of), every Chinese
  run of the chunk goes to the segmenter in one call (it segments each run between line breaks on its own),
  each token's own columns (its word, its Latin character n-grams, its part in the domain tags) are looked up
  once and kept, and Chinese character n-grams are looked up by their text without building ``c:`` strings;
- the count matrix built by numpy, equal to scikit-learn's (the same counts, columns sorted within each row,
  the same index types), then the fitted TF-IDF weighting and classifier, so the scores are equal too.
"""

from __future__ import annotations

import re

import numpy as np

from .classify import steps_of
from .features import _CJK_TOKEN, NEWS_ROLE, SALE_ROLE, _tag_role, tags_of
from .normalise import CJK_RANGES
from .tokenize import _TOKEN, NUMBER_TOKEN

# The tokenizer's pattern, and a line break between texts (none of its groups matches one).
_TOKEN_OR_BREAK = re.compile(_TOKEN.pattern + "|(?P<text_end>\n)")
# The runs the tokenizer's "cjk" group matches: no other group matches a Chinese character.
_CJK_RUN = re.compile(f"[{CJK_RANGES}]+")
# The per-token and per-run tables grow with the distinct tokens seen; past this many they start again, so
# that a long file of unique posts keeps flat memory.
_CACHE_LIMIT = 1 << 18


class ScoringPath:
    """Normalised text, tokens, count matrices and scores of a fitted pipeline, faster than its steps."""

    def __init__(self, pipeline) -> None:
        self.normaliser, self.tokenizer, features, self.classifier = steps_of(pipeline)
        vectorizer = features.vectorizer_
        self._tfidf = vectorizer._tfidf
        self._analyzer = vectorizer.analyzer
        self._vocabulary = vectorizer.vocabulary_
        self._chars = {gram[2:]: index for gram, index in self._vocabulary.items() if gram.startswith("c:")}
        self._columns = len(self._vocabulary)
        # The reference hands the weighting a csr_matrix or a csr_array depending on scikit-learn's settings.
        self._sparse = type(vectorizer.transform([[]]))
        self._by_token: dict[str, tuple] = {}
        self._by_run: dict[str, tuple[int, ...]] = {}
        # Built now rather than on first use, so that worker processes forked after this inherit them.
        self.normaliser._converter()
        self.normaliser._variants()
        self.normaliser._variant_gate()
        self.normaliser._t2s_needed()
        self.tokenizer._segmenter()

    def normalise(self, texts: list) -> list[str]:
        """The normaliser's ``transform``, with its gated passes."""
        return self.normaliser._transform(texts, self.normaliser.normalise_batch)

    def tokens_and_counts(self, texts: list[str]):
        """For normalised texts: the tokenizer's tokens, and the term-count matrix of the features step (what
        scikit-learn's ``CountVectorizer`` gives before the TF-IDF weighting)."""
        analyzer = self._analyzer
        low, high = analyzer.ngram_range
        words = low == 1
        chars = analyzer.char_ngram_range is not None
        tags = bool(analyzer.families)
        by_token = self._by_token
        learn = self._learn
        run_columns = self._run_columns
        joined = "\n".join(texts)
        if joined.count("\n") != len(texts) - 1:
            # A line break inside a text separates tokens exactly as a space does.
            joined = "\n".join(text.replace("\n", " ") for text in texts)
        if not texts:
            return [], self._matrix([], lengths=np.empty(0, dtype=np.int64))
        runs = iter(self._segmented(_CJK_RUN.findall(joined)))
        token_lists: list[list[str]] = []
        columns: list[int] = []
        lengths = np.empty(len(texts), dtype=np.int64)
        tokens: list[str] = []
        run: list[str] = []
        products: set[str] = set()
        sale = news = False
        start = 0
        for match in _TOKEN_OR_BREAK.finditer(joined + "\n"):
            kind = match.lastgroup
            if kind == "cjk":
                found, latin = next(runs), False  # a Chinese run's segments have no Latin n-grams
                if chars:
                    run.append(match.group())
            else:
                if run:
                    run_columns("".join(run), columns)
                    run = []
                if kind == "text_end":
                    for n in range(max(low, 2), high + 1):
                        self._ngram_columns(tokens, n, columns)
                    if tags:
                        self._tag_columns(products, sale, news, columns)
                        products = set()
                        sale = news = False
                    lengths[len(token_lists)] = len(columns) - start
                    start = len(columns)
                    token_lists.append(tokens)
                    tokens = []
                    continue
                found, latin = [NUMBER_TOKEN if kind == "number" else match.group()], True
            for token in found:
                tokens.append(token)
                entry = by_token.get(token) or learn(token)
                if words:
                    columns.extend(entry[0])
                if latin:
                    columns.extend(entry[1])
                role = entry[2]
                if role is not None and tags:
                    if role is SALE_ROLE:
                        sale = True
                    elif role is NEWS_ROLE:
                        news = True
                    else:
                        products.add(role)
        return token_lists, self._matrix(columns, lengths)

    def features(self, texts: list[str]):
        """The tokens of normalised texts and the features step's ``transform`` of them (no rows for no texts)."""
        if not texts:
            return [], self._sparse((0, self._columns), dtype=np.float64)
        token_lists, counts = self.tokens_and_counts(texts)
        return token_lists, self._tfidf.transform(counts, copy=False)

    def score(self, texts: list[str]):
        """The tokens of normalised texts, their feature matrix (:meth:`features`) and the probability of trade of
        each."""
        token_lists, matrix = self.features(texts)
        scores = self.classifier.predict_proba(matrix)[:, 1] if texts else np.empty(0, dtype=np.float64)
        return token_lists, matrix, scores

    def _segmented(self, runs: list[str]) -> list[list[str]]:
        """Each run's words, from one call of the segmenter over the runs joined by line breaks."""
        if not runs:
            return []
        words: list[list[str]] = [[]]
        for word in self.tokenizer._segmenter()("\n".join(runs)):
            if word == "\n":
                words.append([])
            else:
                words[-1].append(word)
        if len(words) != len(runs):
            return [self.tokenizer._segmenter()(run) for run in runs]
        return words

    def _matrix(self, columns: list[int], lengths: np.ndarray):
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        keys, counts = np.unique(rows * self._columns + np.array(columns, dtype=np.int64), return_counts=True)
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // self._columns, minlength=len(lengths)), out=indptr[1:])
        index_type = np.int32 if len(keys) <= np.iinfo(np.int32).max else np.int64
        matrix = self._sparse((counts.astype(np.float64), (keys % self._columns).astype(index_type),
                               indptr.astype(index_type)), shape=(len(lengths), self._columns))
        matrix.has_sorted_indices = True
        return matrix

    def _learn(self, token: str) -> tuple:
        """A token's word column (if it has one), its Latin n-gram columns, and its role in the domain tags."""
        analyzer = self._analyzer
        vocabulary = self._vocabulary
        chinese = bool(token and _CJK_TOKEN.match(token))
        latin = () if chinese or not (analyzer.latin_char_ngram and token.isascii() and token.isalpha()) else \
            tuple(vocabulary[gram] for gram in analyzer._latin_ngrams(token) if gram in vocabulary)
        word = (vocabulary[token],) if token in vocabulary else ()
        entry = (word, latin, _tag_role(token, analyzer.families) if analyzer.families else None)
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

    def _ngram_columns(self, tokens: list[str], n: int, out: list[int]) -> None:
        vocabulary = self._vocabulary
        for i in range(len(tokens) - n + 1):
            column = vocabulary.get(" ".join(tokens[i:i + n]))
            if column is not None:
                out.append(column)

    def _tag_columns(self, products: set[str], sale: bool, news: bool, out: list[int]) -> None:
        if products or sale or news:
            vocabulary = self._vocabulary
            out.extend(vocabulary[tag] for tag in tags_of(products, sale, news) if tag in vocabulary)
