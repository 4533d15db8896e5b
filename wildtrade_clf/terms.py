"""Which domain terms a tokenized post mentions, grouped by product family, so an analyst sees why."""

from __future__ import annotations

from collections.abc import Mapping

from .lexicon import LOOKALIKE, PLACEHOLDER_FAMILIES, installed_families

# How a post's families are written in one cell of an output file (e.g. ``ivory|contact``).
TERMS_SEPARATOR = "|"
# Look-alikes, bare selling words (出, 包邮) and news words (查获) name no product.
_UNREPORTED = {LOOKALIKE, "sale", "news"}


class TermMatcher:
    """Finds the terms of a lexicon (``{term: family}``; the installed one when None) among a post's tokens.
    The tokenizer keeps every lexicon word whole, so a look-alike such as 象牙白 is one token and never counts
    as the product it resembles. A model has its own, built from its tokenizer's lexicon.

    >>> TermMatcher().families(["出", "白料", "手镯", "象牙白", "瓷砖", "加微信", "__price__"])
    ['ivory', 'contact', 'price']
    """

    def __init__(self, lexicon: Mapping[str, str] | None = None):
        families = installed_families() if lexicon is None else lexicon
        self._family = {term: family for term, family in families.items() if family not in _UNREPORTED}
        self._family.update(PLACEHOLDER_FAMILIES)
        self._order = {family: i for i, family in enumerate(dict.fromkeys(self._family.values()))}

    def families(self, tokens: list[str]) -> list[str]:
        """The families mentioned, in lexicon order, each once.

        >>> TermMatcher().families(["鹤顶红", "摆件", "__phone__", "熊胆粉"])
        ['hornbill', 'bear_bile', 'contact']
        """
        found = {self._family[token] for token in tokens if token in self._family}
        return sorted(found, key=self._order.__getitem__)

    def terms(self, tokens: list[str]) -> list[str]:
        """The terms mentioned (look-alikes, selling and news words left out), in order, each once.

        >>> TermMatcher().terms(["出", "白料", "象牙白", "白料", "__price__"])
        ['白料', '__price__']
        """
        return list(dict.fromkeys(token for token in tokens if token in self._family))
