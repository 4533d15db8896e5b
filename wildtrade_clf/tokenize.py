"""Split normalised posts into tokens: jieba words for Chinese, regex for everything else.

Only runs of Chinese characters reach the segmenter; Latin words, numbers, placeholders and emoji are
cut by one regular expression. Fed this way, the Rust port of jieba (``rjieba``) and jieba itself give
the same tokens, so a model scores the same whichever backend a machine has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sklearn.utils.validation import check_is_fitted

from ._textstep import TextStep
from .errors import InputError
from .lexicon import installed_families, resolve
from .normalise import CJK_RANGES, _as_posts, _to_text

BACKENDS = ("rjieba", "jieba")
NUMBER_TOKEN = "__num__"
# Frequency given to lexicon words the stock dictionary lacks: high enough to keep 象牙白 whole, low
# enough not to split ordinary words around a short term. Words the stock dictionary has keep their own.
_LEXICON_FREQ = 1000

_TOKEN = re.compile(
    r"(?P<placeholder>__[a-z]+__)"
    f"|(?P<cjk>[{CJK_RANGES}]+)"
    r"|(?P<latin>[a-z\u00e0-\u024f]+(?:'[a-z]+)?)"
    r"|(?P<number>\d+(?:\.\d+)?)"
    r"|(?P<emoji>[\u2600-\u27bf\U0001f000-\U0001faff])"
    f"|(?P<other>[^\\W\\d_{CJK_RANGES}]+)"
)


_HAS_CJK = re.compile(f"[{CJK_RANGES}]")


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
        self.lexicon_ = resolve(self.lexicon, installed_families, "lexicon")
        self.n_features_in_ = 1
        return self

    def transform(self, X: Iterable) -> list[list[str]]:
        """Tokenize each normalised post; repeated posts are segmented once."""
        check_is_fitted(self, "lexicon_")
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
        return self._helper("segmenter", self._build_segmenter)

    def _build_segmenter(self):
        words = [w for w in self.lexicon_ if _HAS_CJK.search(w)]
        hmm = bool(self.hmm)
        if self.backend == "rjieba":
            import rjieba

            segmenter = rjieba.Jieba()
            for word in words:
                if not segmenter.has_word(word):
                    segmenter.add_word(word, _LEXICON_FREQ, None)
            return lambda run: segmenter.cut(run, hmm=hmm)
        import jieba

        segmenter = jieba.Tokenizer()
        segmenter.initialize()
        for word in words:
            if word not in segmenter.FREQ or not segmenter.FREQ[word]:
                segmenter.add_word(word, _LEXICON_FREQ)
        return lambda run: segmenter.lcut(run, HMM=hmm)

