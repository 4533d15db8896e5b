"""The pipeline step that splits normalised posts into tokens (the splitting itself is in
:mod:`wildtrade_clf.segment`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sklearn.utils.validation import check_is_fitted

from ._textstep import TextStep
from .errors import InputError
from .lexicon import installed_families, resolve
from .segment import BACKENDS, Segmenter
from .textrules import _as_posts, _to_text


class PostTokenizer(TextStep):
    """Turn normalised posts into lists of tokens.

    Parameters
    ----------
    backend : ``"rjieba"`` (fast, the default) or ``"jieba"``; both give the same tokens.
    hmm : let the segmenter guess words missing from its dictionary.
    lexicon : domain terms (``{term: family}``) the segmenter keeps whole: True for the package's lexicon
        (``resources/lexicon.tsv``), False for none, or a mapping of your own. Fitting copies it into
        ``lexicon_``, so a fitted tokenizer keeps its dictionary wherever it is loaded; the model's term lists
        come from it too.

    >>> PostTokenizer().fit()("出白料手镯 __price__ 加微信 ivory 2 件")
    ['出', '白料', '手镯', '__price__', '加微信', 'ivory', '__num__', '件']
    """

    _fitted_attribute = "lexicon_"

    def __init__(self, backend: str = "rjieba", hmm: bool = False, lexicon: bool | Mapping[str, str] = True):
        self.backend = backend
        self.hmm = hmm
        self.lexicon = lexicon

    def fit(self, X: Iterable | None = None, y=None) -> PostTokenizer:
        """Check the parameters and copy the lexicon into ``lexicon_``; the posts are not used."""
        if self.backend not in BACKENDS:
            raise InputError(f"unknown tokenizer backend {self.backend!r}: choose one of {', '.join(BACKENDS)}")
        self._forget_helpers()
        self.lexicon_ = resolve(self.lexicon, installed_families, "lexicon")
        self.n_features_in_ = 1
        return self

    def transform(self, X: Iterable) -> list[list[str]]:
        """Tokenize each normalised post; repeated posts are segmented once."""
        check_is_fitted(self, "lexicon_")
        segment = self.segmenter()
        seen: dict[str, list[str]] = {}
        out = []
        for text in _as_posts(X):
            text = _to_text(text)
            tokens = seen.get(text)
            if tokens is None:
                tokens = seen[text] = segment(text)
            out.append(tokens)
        return out

    def __call__(self, text: str) -> list[str]:
        """Tokens of one normalised post."""
        return self.segmenter()(text)

    def segmenter(self) -> Segmenter:
        """The fitted tokenization, which scoring keeps without this step."""
        return self._helper(f"segmenter{(self.backend, bool(self.hmm))}", lambda: Segmenter(
            backend=self.backend, hmm=self.hmm, lexicon=self.lexicon_))
