"""Which text encoding an export is in, and whether a decode of it looks right.

A byte-order mark decides; NUL bytes mean UTF-16; bytes that are valid UTF-8 are UTF-8. Otherwise the Chinese
legacy encodings (GB18030, a superset of GBK, then Big5 and Big5-HKSCS) are tried, and the one whose decode
has the highest share of common Chinese characters wins; Big5 bytes read as GB18030 decode without error
but come out as rare characters, kana and symbols (扳肚禜も臢癸...). When no Chinese encoding reads well,
charset-normalizer guesses among all the others.
"""

from __future__ import annotations

import codecs
import functools
import unicodedata
from dataclasses import dataclass

from .errors import InputError

CHINESE_ENCODINGS = ("gb18030", "big5", "big5hkscs")
# Encodings whose decode is checked for rare characters when given with --encoding.
_CHECKED = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp936", "hz"}
# A right decode of Chinese posts has nearly all of its characters among the common ones (about 99% in the
# shipped corpus); a wrong one about half or less.
PLAUSIBLE_SHARE = 0.8
# Fewer letters than this cannot tell one encoding from another.
MIN_LETTERS = 8


@dataclass(frozen=True)
class Commonness:
    """How much of a decoded text is common Chinese: the share of its letters among the common characters
    (None without enough letters to judge) and a few of the rare ones."""

    share: float | None
    letters: int
    rare: str


@functools.cache
def _common_characters() -> frozenset[str]:
    """The 3,755 level-1 characters of GB2312 and the 5,401 common characters of Big5, simplified and
    traditional text's everyday characters, read from Python's own codecs."""
    common = set()
    for first, last, trails, codec in ((0xB0, 0xD7, range(0xA1, 0xFF), "gb2312"),
                                       (0xA4, 0xC6, [*range(0x40, 0x7F), *range(0xA1, 0xFF)], "big5")):
        for lead in range(first, last + 1):
            for trail in trails:
                try:
                    common.add(bytes([lead, trail]).decode(codec))
                except UnicodeDecodeError:
                    continue
    return frozenset(common)


def commonness(text: str) -> Commonness:
    """The share of ``text``'s non-ASCII letters that are common Chinese characters.

    Only letters and private-use characters count: punctuation, symbols, digits, spaces and full-width
    Latin letters read plausibly in either encoding.

    >>> commonness("出老犀角杯，價格私聊，加V詳談").share
    1.0
    >>> commonness("扳肚禜も臢癸礛来︽╬册基坝秖").share < 0.8
    True
    """
    common = _common_characters()
    letters = rare = 0
    examples: dict[str, None] = {}
    for char in text:
        if char < "\x80" or "\uff01" <= char <= "\uff5e":
            continue
        category = unicodedata.category(char)
        if category[0] != "L" and category != "Co":
            continue
        letters += 1
        if char not in common:
            rare += 1
            if len(examples) < 6:
                # Private-use characters show as nothing: written as code points so the message shows them.
                examples[char if category != "Co" else f"U+{ord(char):04X}"] = None
    share = (letters - rare) / letters if letters >= MIN_LETTERS else None
    return Commonness(share, letters, " ".join(examples))


def _decode(sample: bytes, encoding: str) -> str | None:
    try:
        # Not final: the sample may end inside a character.
        return codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except UnicodeDecodeError:
        return None


def is_chinese_legacy(encoding: str) -> bool:
    """Whether ``encoding`` is one of the GB or Big5 families (their exports open in Excel only with a BOM).

    >>> is_chinese_legacy("GBK"), is_chinese_legacy("utf-8")
    (True, False)
    """
    return codecs.lookup(encoding).name in {codecs.lookup(name).name for name in _CHECKED}


def detect_encoding(sample: bytes, name: str = "the input") -> str:
    """The encoding of a file whose bytes include ``sample`` (its head, or its first non-ASCII part).

    >>> detect_encoding("犀角杯，价格私聊，加微信详谈".encode("gbk"))
    'gb18030'
    >>> detect_encoding("犀角杯，價格私聊，加微信詳談".encode("big5"))
    'big5'
    >>> detect_encoding("id,text\\n1,犀角".encode("utf-16-le"))
    'utf-16-le'
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        return _utf16_without_bom(sample, name)
    if _decode(sample, "utf-8") is not None:
        return "utf-8"
    readings = [(commonness(text), encoding) for encoding in CHINESE_ENCODINGS
                if (text := _decode(sample, encoding)) is not None]
    if readings:
        # The earlier encoding wins a tie: Big5-HKSCS only when Big5 cannot read the characters.
        best, encoding = max(readings, key=lambda reading: reading[0].share or 0.0)
        if best.share is None or best.share >= PLAUSIBLE_SHARE:
            return encoding
    guess = _charset_normalizer_guess(sample)
    if guess is not None and not is_chinese_legacy(guess):
        return guess
    if readings:
        assert best.share is not None  # a reading too short to have a share was returned above
        raise InputError(f"cannot tell the text encoding of {name}: read as {encoding}, "
                         f"{1 - best.share:.0%} of its letters are rare characters ({best.rare}); give it with "
                         f"--encoding (e.g. gb18030, big5, utf-8)")
    raise InputError(f"cannot tell the text encoding of {name}; give it with --encoding (e.g. utf-8, gb18030, big5)")


def _utf16_without_bom(sample: bytes, name: str) -> str:
    # The ASCII characters of a CSV (digits, delimiters, line ends) have their NUL byte second in UTF-16-LE,
    # first in UTF-16-BE; read the wrong way round, they are not delimiters or line ends.
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    text = _decode(sample[:len(sample) // 2 * 2], encoding)
    if text is None or not any(mark in text for mark in "\n,\t;|"):
        raise InputError(f"{name} contains NUL bytes but is not UTF-16 text; it does not look like a text export")
    return encoding


def _charset_normalizer_guess(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return None if best is None else best.encoding


def check_encoding(sample: bytes, encoding: str, name: str = "the input") -> str | None:
    """A warning when ``sample`` read as the given GB or Big5 ``encoding`` looks wrong, naming a better one.

    >>> print(check_encoding("犀角杯，價格私聊，加微信詳談".encode("big5"), "gb18030", "in.csv"))
    in.csv does not read well as gb18030: 54% of its letters are rare characters (礡 à U+E4C7 U+E1BD U+E661 稬); big5 reads better. Check --encoding
    >>> check_encoding("犀角杯，价格私聊".encode("gbk"), "gbk") is None
    True
    """
    if not is_chinese_legacy(encoding):
        return None
    text = _decode(sample, encoding)
    if text is None:
        return None  # the decode error itself is reported when the row is read
    reading = commonness(text)
    if reading.share is None or reading.share >= PLAUSIBLE_SHARE:
        return None
    try:
        better = detect_encoding(sample, name)
    except InputError:
        better = None
    hint = f"; {better} reads better" if better and codecs.lookup(better).name != codecs.lookup(encoding).name else ""
    return (f"{name} does not read well as {encoding}: {1 - reading.share:.0%} of its letters are rare characters "
            f"({reading.rare}){hint}. Check --encoding")
