"""The pipeline step that normalises posts (its rules are in :mod:`wildtrade_clf.textrules`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ._textstep import TextStep
from .errors import InputError
from .lexicon import default_variants, resolve
from .textrules import Normaliser, _as_posts


class TextNormaliser(TextStep):
    """Turn raw posts into normalised text, one string per post.

    Parameters
    ----------
    to_simplified : convert traditional Chinese to simplified (OpenCC ``t2s``).
    undo_disguises : rejoin split characters, map look-alikes, emoji and app stand-ins.
    placeholders : replace URLs, handles, phone numbers, prices, weights and sizes with tokens.
    max_chars : posts longer than this keep their first and last ``max_chars // 2`` characters, with a
        warning; ``None`` keeps everything.
    variants : homophone and pinyin spellings to map to the product word they stand for: True for the
        package's table (``resources/variants.tsv``), False for none, or a mapping of your own. Fitting copies
        the table into ``variants_``, so a fitted normaliser keeps it wherever it is loaded.

    >>> TextNormaliser().fit().transform(["加薇信 Ivory12345，犀/角杯 ¥3800"])
    ['加微信 __handle__ ,犀角杯 __price__']
    """

    _fitted_attribute = "variants_"

    def __init__(self, to_simplified: bool = True, undo_disguises: bool = True, placeholders: bool = True,
                 max_chars: int | None = 10_000, variants: bool | Mapping[str, str] = True):
        self.to_simplified = to_simplified
        self.undo_disguises = undo_disguises
        self.placeholders = placeholders
        self.max_chars = max_chars
        self.variants = variants

    def fit(self, X: Iterable | None = None, y=None) -> TextNormaliser:
        """Check the parameters and copy the variant spellings into ``variants_``; the posts are not used."""
        if self.max_chars is not None and (not isinstance(self.max_chars, int) or self.max_chars < 2):
            raise InputError(f"max_chars must be a whole number of at least 2 or None, not {self.max_chars!r}")
        self._forget_helpers()
        self.variants_ = resolve(self.variants, default_variants, "variants")
        self.n_features_in_ = 1
        return self

    def transform(self, X: Iterable) -> list[str]:
        """Normalise each post; None, NaN and empty posts become ``""``."""
        return self.rules().transform(_as_posts(X))

    def normalise(self, text: str) -> str:
        """Normalise one post."""
        return self.rules().normalise(text)

    def normalise_batch(self, texts: list[str]) -> list[str]:
        """:meth:`normalise` of each text, as scoring runs it (see :meth:`Normaliser.normalise_batch`)."""
        return self.rules().normalise_batch(texts)

    def rules(self) -> Normaliser:
        """The fitted normalisation, which scoring keeps without this step."""
        settings = (self.to_simplified, self.undo_disguises, self.placeholders, self.max_chars)
        return self._helper(f"rules{settings}", lambda: Normaliser(
            to_simplified=self.to_simplified, undo_disguises=self.undo_disguises, placeholders=self.placeholders,
            max_chars=self.max_chars, variants=self.variants_))
