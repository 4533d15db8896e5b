"""What the normaliser and the tokenizer share: text input, and one expensive helper built on first use."""

from __future__ import annotations

import threading

from sklearn.base import BaseEstimator, TransformerMixin

_BUILD_LOCK = threading.Lock()


class TextStep(TransformerMixin, BaseEstimator):
    """A stateless step over posts whose helper (a converter, a segmenter) is built once per instance, shared
    by threads, and left out of pickles so that an unpickled step rebuilds its own."""

    _helper_name = "_built"

    def _helper(self, build):
        helper = self.__dict__.get(self._helper_name)
        if helper is None:
            with _BUILD_LOCK:
                helper = self.__dict__.get(self._helper_name)
                if helper is None:
                    helper = self.__dict__[self._helper_name] = build()
        return helper

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop(self._helper_name, None)
        return state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags
