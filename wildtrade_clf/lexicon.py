"""The domain lexicon shipped with the package: product terms, code words and look-alikes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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
def default_variants() -> dict[str, str]:
    """Homophone and pinyin spellings of product words, each with the word it stands for (哇哇鱼: 娃娃鱼)."""
    return _parse(_resource("variants.tsv").decode("utf-8"), header="variant\tword")


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon in ``wildtrade_clf/resources/lexicon.tsv``."""
    data = _resource("lexicon.tsv")
    return Lexicon(families=_parse(data.decode("utf-8"), header="term\tfamily"), sha256=hashlib.sha256(data).hexdigest())
