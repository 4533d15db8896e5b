"""The domain lexicon shipped with the package: product terms, code words and look-alikes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LOOKALIKE = "-"


@dataclass(frozen=True)
class Lexicon:
    """Terms and the family each belongs to; family ``"-"`` marks a look-alike."""

    families: dict[str, str]
    sha256: str

    @property
    def words(self) -> list[str]:
        """Every term, in file order (the order jieba learns them in)."""
        return list(self.families)


def _parse(text: str) -> dict[str, str]:
    families: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line == "term\tfamily":
            continue
        term, family = line.split("\t")
        families[term] = family
    return families


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon in ``wildtrade_clf/resources/lexicon.tsv``."""
    data = resources.files("wildtrade_clf").joinpath("resources/lexicon.tsv").read_bytes()
    return Lexicon(families=_parse(data.decode("utf-8")), sha256=hashlib.sha256(data).hexdigest())
