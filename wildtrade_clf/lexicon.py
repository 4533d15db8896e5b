"""The domain lexicon shipped with the package: product terms, code words and look-alikes.

A model does not read these files when it scores: each step copies what it needs when it is fitted (see
``lexicon_`` and ``variants_`` on the steps), so a saved model scores the same whatever lexicon is installed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import InputError

LOOKALIKE = "-"
# Placeholders the normaliser writes for contact details and prices, with the family each signals.
PLACEHOLDER_FAMILIES = {
    "__phone__": "contact", "__handle__": "contact", "__email__": "contact", "__url__": "contact",
    "__price__": "price",
}


@dataclass(frozen=True)
class Lexicon:
    """Terms and the family each belongs to; family ``"-"`` marks a look-alike."""

    families: dict[str, str]
    sha256: str

    @property
    def words(self) -> list[str]:
        """Every term, in file order (the order jieba learns them in)."""
        return list(self.families)


def _parse(text: str, header: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line == header:
            continue
        key, value = line.split("\t")
        pairs[key] = value
    return pairs


def _resource(name: str) -> bytes:
    return resources.files("wildtrade_clf").joinpath(f"resources/{name}").read_bytes()


@lru_cache(maxsize=1)
def _installed_variants() -> tuple[tuple[str, str], ...]:
    return tuple(_parse(_resource("variants.tsv").decode("utf-8"), header="variant\tword").items())


def default_variants() -> dict[str, str]:
    """Homophone and pinyin spellings of product words, each with the word it stands for (哇哇鱼: 娃娃鱼),
    as installed in ``wildtrade_clf/resources/variants.tsv``; a fresh copy each call."""
    return dict(_installed_variants())


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon installed in ``wildtrade_clf/resources/lexicon.tsv``."""
    data = _resource("lexicon.tsv")
    return Lexicon(families=_parse(data.decode("utf-8"), header="term\tfamily"), sha256=hashlib.sha256(data).hexdigest())


def resolve(value: bool | Mapping[str, str], installed, what: str) -> dict[str, str]:
    """What a step's ``lexicon``/``variants`` parameter means: True the installed table, False none, or the
    mapping given (copied, so later changes to it do not reach a fitted step)."""
    if value is True:
        return dict(installed())
    if value is False or value is None:
        return {}
    if isinstance(value, Mapping) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return dict(value)
    raise InputError(f"{what} must be True, False or a mapping of strings to strings, not {type(value).__name__}")


def installed_families() -> dict[str, str]:
    """The installed lexicon as ``{term: family}``."""
    return dict(default_lexicon().families)


def digest(table: Mapping[str, str]) -> str:
    """SHA-256 of a term table, independent of how it is stored (order kept: jieba learns words in order)."""
    return hashlib.sha256(json.dumps(list(table.items()), ensure_ascii=False).encode("utf-8")).hexdigest()
