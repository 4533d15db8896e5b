"""Split normalised posts into tokens: jieba words for Chinese, regex for everything else.

Only runs of Chinese characters reach the segmenter; Latin words, numbers, placeholders and emoji are
cut by one regular expression. Fed this way, the Rust port of jieba (``rjieba``) and jieba itself give
the same tokens, so a model scores the same whichever backend a machine has.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from ._textstep import TextStep
from .errors import InputError
from .lexicon import default_lexicon
from .normalise import _as_posts, _to_text

BACKENDS = ("rjieba", "jieba")
NUMBER_TOKEN = "__num__"
# Frequency given to lexicon words the stock dictionary lacks: high enough to keep 象牙白 whole, low
# enough not to split ordinary words around a short term. Words the stock dictionary has keep their own.
_LEXICON_FREQ = 1000

_CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(
    r"(?P<placeholder>__[a-z]+__)"
    f"|(?P<cjk>[{_CJK_CHARS}]+)"
    r"|(?P<latin>[a-z\u00e0-\u024f]+(?:'[a-z]+)?)"
    r"|(?P<number>\d+(?:\.\d+)?)"
    r"|(?P<emoji>[\u2600-\u27bf\U0001f000-\U0001faff])"
    f"|(?P<other>[^\\W\\d_{_CJK_CHARS}]+)"
)


class PostTokenizer(TextStep):
    """Turn normalised posts into lists of tokens.

    Parameters
    ----------
    backend : ``"rjieba"`` (fast, the default) or ``"jieba"``; both give the same tokens.
    hmm : let the segmenter guess words missing from its dictionary.
    lexicon : add the package's domain lexicon to the segmenter's dictionary.

    >>> PostTokenizer()("出白料手镯 __price__ 加微信 ivory 2 件")
    ['出', '白料', '手镯', '__price__', '加微信', 'ivory', '__num__', '件']
    """

    def __init__(self, backend: str = "rjieba", hmm: bool = False, lexicon: bool = True):
        self.backend = backend
        self.hmm = hmm
        self.lexicon = lexicon

    def fit(self, X: Iterable | None = None, y=None) -> PostTokenizer:
        """Check the parameters; there is nothing to learn."""
        if self.backend not in BACKENDS:
            raise InputError(f"unknown tokenizer backend {self.backend!r}: choose one of {', '.join(BACKENDS)}")
        self.n_features_in_ = 1
        return self

    def transform(self, X: Iterable) -> list[list[str]]:
        """Tokenize each normalised post; repeated posts are segmented once."""
        seen: dict[str, list[str]] = {}
        out = []
        for text in _as_posts(X):
            text = _to_text(text)
            tokens = seen.get(text)
            if tokens is None:
                tokens = seen[text] = self(text)
            out.append(tokens)
        return out

    def __call__(self, text: str) -> list[str]:
        """Tokens of one normalised post."""
        cut = self._segmenter()
        tokens: list[str] = []
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if kind == "cjk":
                tokens.extend(cut(match.group()))
            elif kind == "number":
                tokens.append(NUMBER_TOKEN)
            else:
                tokens.append(match.group())
        return tokens

    def _segmenter(self):
        return self._helper(self._build_segmenter)

    def _build_segmenter(self):
        self.fit()
        words = [w for w in default_lexicon().words if re.search(f"[{_CJK_CHARS}]", w)] if self.lexicon else []
        hmm = bool(self.hmm)
        if self.backend == "rjieba":
            import rjieba

            segmenter = rjieba.Jieba()
            for word in words:
                if not segmenter.has_word(word):
                    segmenter.add_word(word, _LEXICON_FREQ, None)
            return lambda run: segmenter.cut(run, hmm=hmm)
        import jieba

        jieba.setLogLevel(logging.WARNING)
        segmenter = jieba.Tokenizer()
        segmenter.initialize()
        for word in words:
            if word not in segmenter.FREQ or not segmenter.FREQ[word]:
                segmenter.add_word(word, _LEXICON_FREQ)
        return lambda run: segmenter.lcut(run, HMM=hmm)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags
