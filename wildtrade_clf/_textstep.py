"""What the normaliser and the tokenizer share: text input, and expensive helpers built on first use."""

from __future__ import annotations

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .textrules import built_once

_BUILT = "_built_"


class TextStep(TransformerMixin, BaseEstimator):
    """A step over posts whose helpers (a converter, a segmenter, a compiled pattern) are built from its fitted
    state once per instance, shared by threads, and left out of pickles so that an unpickled step rebuilds
    its own."""

    _fitted_attribute = "n_features_in_"

    def _helper(self, name: str, build):
        if _BUILT + name not in self.__dict__:
            check_is_fitted(self, self._fitted_attribute)
        return built_once(self.__dict__, _BUILT + name, build)

    def _forget_helpers(self) -> None:
        """Drop the helpers built from the fitted state (fitting again replaces it)."""
        for key in [key for key in self.__dict__ if key.startswith(_BUILT)]:
            del self.__dict__[key]

    def __getstate__(self):
        return {key: value for key, value in self.__dict__.items() if not key.startswith(_BUILT)}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags
