"""Which domain terms a normalised post mentions, grouped by product family, so an analyst sees why."""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import LOOKALIKE, Lexicon, default_lexicon

# Look-alikes, bare selling words (出, 包邮) and news words (查获) name no product.
_UNREPORTED = {LOOKALIKE, "sale", "news"}

_PLACEHOLDER_FAMILIES = {
    "__phone__": "contact", "__handle__": "contact", "__email__": "contact", "__url__": "contact",
    "__price__": "price",
}


class TermMatcher:
    """Finds lexicon terms in normalised text; the longest term wins, and look-alikes count for nothing.

    >>> TermMatcher().families("出白料手镯 象牙白瓷砖 加微信 __price__")
    ['ivory', 'contact', 'price']
    """

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or default_lexicon()
        self._family = dict(self.lexicon.families)
        self._family.update(_PLACEHOLDER_FAMILIES)
        self._order = {family: i for i, family in enumerate(dict.fromkeys(self._family.values()))}
        terms = sorted(self._family, key=lambda term: (-len(term), term))
        alternatives = [
            f"(?<![a-z]){re.escape(term)}(?![a-z])" if term.isascii() and term.isalpha() else re.escape(term)
            for term in terms
        ]
        self._pattern = re.compile("|".join(alternatives))

    def families(self, normalised: str) -> list[str]:
        """The families mentioned, in lexicon order, each once."""
        found = {self._family[m.group()] for m in self._pattern.finditer(normalised)}
        return sorted(found - _UNREPORTED, key=self._order.__getitem__)

    def terms(self, normalised: str) -> list[str]:
        """The terms mentioned (look-alikes and selling words left out), in order of appearance, each once."""
        hits = (m.group() for m in self._pattern.finditer(normalised))
        return [term for term in dict.fromkeys(hits) if self._family[term] not in _UNREPORTED]


@lru_cache(maxsize=1)
def default_matcher() -> TermMatcher:
    """The matcher for the shipped lexicon."""
    return TermMatcher()
