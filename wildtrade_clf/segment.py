"""Split normalised posts into tokens: jieba words for Chinese, regex for everything else.

Only runs of Chinese characters reach the segmenter; Latin words, numbers, placeholders and emoji are
cut by one regular expression. Fed this way, the Rust port of jieba (``rjieba``) and jieba itself give
the same tokens, so a model scores the same whichever backend a machine has. Nothing here needs
scikit-learn; :class:`wildtrade_clf.tokenize.PostTokenizer` is the pipeline step that holds these settings.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping

from .textrules import CJK_RANGES

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
_BUILD_LOCK = threading.Lock()


class Segmenter:
    """The tokenization of a fitted :class:`~wildtrade_clf.tokenize.PostTokenizer`: its backend and lexicon, with
    the segmenter's dictionary built on first use (and left out of pickles)."""

    def __init__(self, *, backend: str, hmm: bool, lexicon: Mapping[str, str]):
        self.backend = backend
        self.hmm = bool(hmm)
        self.lexicon = dict(lexicon)
        self._cut: Callable[[str], list[str]] | None = None

    def __call__(self, text: str) -> list[str]:
        """Tokens of one normalised post."""
        cut = self.cut
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

    @property
    def cut(self) -> Callable[[str], list[str]]:
        """The segmenter: the words of a run of Chinese characters (runs joined by line breaks are cut apart)."""
        if self._cut is None:
            with _BUILD_LOCK:
                if self._cut is None:
                    self._cut = self._build()
        return self._cut

    def _build(self) -> Callable[[str], list[str]]:
        words = [w for w in self.lexicon if _HAS_CJK.search(w)]
        hmm = self.hmm
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

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_cut": None}
