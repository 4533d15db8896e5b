"""The names of a tokenized post's features that need more than the tokens themselves: the Latin character
n-grams of a word and the domain tags of a post (see :class:`wildtrade_clf.features.TokenNgrams`). Nothing here
needs scikit-learn, so that scoring can name features without it."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .lexicon import LOOKALIKE, PLACEHOLDER_FAMILIES
from .textrules import CJK_RANGES

CJK_TOKEN = re.compile(f"[{CJK_RANGES}]")
_SALE_FAMILIES = frozenset({"contact", "price", "sale"})


def latin_ngrams(token: str, spec: int | tuple[int, ...]) -> list[str]:
    """The ``l:`` n-grams of a Latin word padded with ``<`` and ``>``: the n-grams of words longer than n when
    ``spec`` is n, every low- to high-gram when it is ``(low, high)``.

    >>> latin_ngrams("tusks", 4), latin_ngrams("ox", (2, 3))
    (['l:<tus', 'l:tusk', 'l:usks', 'l:sks>'], ['l:<o', 'l:ox', 'l:x>', 'l:<ox', 'l:ox>'])
    """
    padded = f"<{token}>"
    if isinstance(spec, int):
        if len(token) <= spec:
            return []
        return ["l:" + padded[i:i + spec] for i in range(len(padded) - spec + 1)]
    low, high = spec
    return ["l:" + padded[i:i + n] for n in range(low, min(high, len(padded)) + 1)
            for i in range(len(padded) - n + 1)]


# What a token adds to the domain tags besides a product family (see _tag_role).
SALE_ROLE, NEWS_ROLE = object(), object()


def tag_role(token: str, families: Mapping[str, str]):
    """SALE_ROLE, NEWS_ROLE, the product family the token names, or None."""
    family = families.get(token)
    if family in _SALE_FAMILIES or token in PLACEHOLDER_FAMILIES:
        return SALE_ROLE
    if family == "news":
        return NEWS_ROLE
    if family is not None and family != LOOKALIKE:
        return family
    return None


def domain_tags(tokens: list[str], families: Mapping[str, str]) -> list[str]:
    products: set[str] = set()
    sale = news = False
    for token in tokens:
        role = tag_role(token, families)
        if role is SALE_ROLE:
            sale = True
        elif role is NEWS_ROLE:
            news = True
        elif role is not None:
            products.add(role)
    return tags_of(products, sale, news)


def tags_of(products: set[str], sale: bool, news: bool) -> list[str]:
    """The domain tags of a post naming ``products``, with or without signs of a sale and of news."""
    tags = [f"__f_{family}__" for family in sorted(products)]
    if sale:
        tags.append("__sale__")
        if products:
            tags.append("__product_sale__")
    if news:
        tags.append("__news__")
        if products:
            tags.append("__product_news__")
    return tags


