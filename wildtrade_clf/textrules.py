"""The rules that normalise a post, and :class:`Normaliser`, which applies them: undo the disguises sellers use and
replace numbers and handles with placeholders. Nothing here needs scikit-learn, so that a model can score without
importing it; :class:`wildtrade_clf.normalise.TextNormaliser` is the pipeline step that holds these settings.

The output is lower-case, simplified Chinese with half-width Latin and digits, single-spaced, in which
contact apps are spelled one way (微信, qq, telegram, whatsapp, line) and handles, phone numbers, URLs,
prices, weights and sizes are placeholder tokens such as ``__price__``.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError

# Format and control characters hide inside words (犀\u200b角); surrogates and private-use characters
# cannot be encoded for the converter. Variation selectors and skin tones only decorate emoji.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ud800-\udfff\ue000-\uf8ff"
    "\U0001f3fb-\U0001f3ff\U000e0000-\U000e0fff\U000f0000-\U0010ffff]"
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s+")

# The Chinese character ranges, for every module that tells Chinese runs from the rest.
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Emoji that stand in for an animal or a body part inside a word (🐘牙 = 象牙).
_EMOJI_WORDS = {
    "🐘": "象", "🦣": "猛犸", "🦏": "犀牛", "🐯": "虎", "🐅": "虎", "🦷": "牙", "🦴": "骨", "🐻": "熊",
    "🐆": "豹", "🐢": "龟", "🐒": "猴", "🐵": "猴", "🦜": "鹦鹉", "🐍": "蛇", "🦅": "鹰", "🐊": "鳄鱼",
    "🦈": "鲨鱼", "🦌": "鹿", "🐂": "牛", "🐃": "牛", "🐄": "牛", "🐑": "羊", "🐐": "羊", "🦁": "狮",
    "🐼": "熊猫", "🦎": "蜥蜴", "🐚": "贝", "📱": "电话", "📞": "电话", "☎": "电话", "✌": "v",
    # Colour words stand for products (白 ivory, 黑 rhino horn, 红 hornbill casque), so do their emoji.
    "🔴": "红", "⚫": "黑", "⚪": "白", "🟡": "黄", "⬛": "黑", "⬜": "白", "🖤": "黑", "🤍": "白",
}
_EMOJI = re.compile("|".join(map(re.escape, _EMOJI_WORDS)))

# Letters from other scripts that look Latin, and digits or symbols written for letters.
_CONFUSABLES = str.maketrans(
    "аеорсхуікмнтвѕјԁαοριτκνυεχ",
    "aeopcxyikmhtbsjdaopitkvuex",
)
_LEET = str.maketrans("013457@$!|", "oieastasii")
_LATIN_CHARS = "a-z0-9@$!|\u0370-\u03ff\u0400-\u04ff"
# Only runs with a digit, a symbol, a doubled letter or a letter from another script can hide a word, so
# plain words never reach the Python-level replacement.
_LATIN_RUN = re.compile(f"(?<![{_LATIN_CHARS}])[{_LATIN_CHARS}]*?"
                        f"(?:[0-9@$!|\u0370-\u03ff\u0400-\u04ff]|([a-z])\\1)[{_LATIN_CHARS}]*")
_LEET_HINT = re.compile(r"[a-z][0-9@$!|]|[0-9@$!|][a-z]|([a-z])\1|[\u0370-\u03ff\u0400-\u04ff]")
_ACCENTED = re.compile("[\u00c0-\u024f]")
# Accented Latin letters written for plain ones (dríed bеar): the base letter, from Unicode's decomposition.
_ACCENTS = {
    code: unicodedata.normalize("NFKD", chr(code))[0]
    for code in range(0xC0, 0x250)
    if unicodedata.normalize("NFKD", chr(code))[0].isascii() and unicodedata.normalize("NFKD", chr(code))[0].isalpha()
}
_DOUBLED = re.compile(r"(.)\1+")
_HAS_LETTER = re.compile("[a-z\u0370-\u03ff\u0400-\u04ff]")
# Latin words worth recovering from look-alike spellings; other Latin words are left alone so that
# model numbers and ordinary words keep their digits.
_LATIN_TARGETS = (
    "ivory", "tusk", "tusks", "rhino", "horn", "horns", "tiger", "pangolin", "scales", "bone", "bones",
    "bile", "leopard", "hawksbill", "hornbill", "casque", "shahtoosh", "saiga", "musk", "totoaba",
    "turtle", "loris", "macaw", "cockatoo", "xiangya", "xijiao", "wechat", "weixin", "whatsapp",
    "telegram", "skin", "teeth", "claw", "wine", "bear", "elephant", "tortoiseshell",
)
_TARGET_BY_SHAPE = {_DOUBLED.sub(r"\1", word): word for word in _LATIN_TARGETS}


# The gate of the look-alike pass: only a run whose shape (look-alikes mapped, doubled letters merged) is a target
# word changes, and such a run, mapped by _TO_LETTERS, holds the word with each letter written one or more times.
_TO_LETTERS = {ord(char): char.translate(_CONFUSABLES).translate(_LEET) for char in {*map(chr, _CONFUSABLES),
                                                                                      *map(chr, _LEET)}}
_LOOKALIKE_CHARS = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TO_LETTERS)) + "]")
_LOOKALIKE_GATE = re.compile("|".join(shape[0] + "".join(f"{letter}+" for letter in shape[1:])
                                      for shape in sorted(_TARGET_BY_SHAPE)))

# Characters pulled apart by separators: 犀/角, 虎 骨, 象*牙, 麝♥香, 豹(猫), i.v.o.r.y, w/h/o/l/e/ /h/o/r/n.
_SEPARATORS = " .*\\-_/\\\\|~·•・+♥❤♡☆★○●◆◇■□※#^=()\\[\\]{}<>〈〉《》「」『』【】\u2600-\u27bf\U0001f000-\U0001faff"
_CJK_SPLIT = re.compile(f"(?<=[{CJK_RANGES}])[{_SEPARATORS}]+(?=[{CJK_RANGES}])")
_CJK_SINGLES = re.compile(f"(?<![{CJK_RANGES}])(?:[{CJK_RANGES}][,，、;；:：.。!！]){{2,}}[{CJK_RANGES}](?![{CJK_RANGES}])")
_CJK_SINGLES_SEP = re.compile("[,，、;；:：.。!！]")
_LATIN_SEPARATORS = " .*\\-_/·|~+♥❤"
_LATIN_SPLIT = re.compile(f"(?<![a-z0-9])[a-z](?:[{_LATIN_SEPARATORS}]+[a-z](?![a-z0-9])){{2,}}")
_CJK_SPLIT_GATE = re.compile(f"[{CJK_RANGES}][{_SEPARATORS}]+[{CJK_RANGES}]")
_CJK_SINGLES_GATE = re.compile(f"[{CJK_RANGES}][,，、;；:：.。!！][{CJK_RANGES}][,，、;；:：.。!！][{CJK_RANGES}]")
_LATIN_SPLIT_GATE = re.compile(f"[a-z][{_LATIN_SEPARATORS}]+[a-z][{_LATIN_SEPARATORS}]+[a-z]")
_LATIN_GAP = re.compile(f"[{_LATIN_SEPARATORS}]+")

# Stand-ins for contact apps: homophones (薇信), Latin (vx, weixin) and "add V".
_NOT_LATIN_BEFORE = "(?<![a-z0-9])"
_NOT_LATIN_AFTER = "(?![a-z0-9])"
_APP_SPELLINGS = (
    ("微信", re.compile(f"[微威薇徽维卫危喂溦嶶围]信|[微威薇]xin|{_NOT_LATIN_BEFORE}(?:v|w)信"
                       f"|{_NOT_LATIN_BEFORE}(?:wechat|weixin|wei xin|vx|wx|vchat){_NOT_LATIN_AFTER}")),
    ("微信", re.compile(f"{_NOT_LATIN_BEFORE}(?:v|vx|wx)\\s*[:❤♥]+\\s*(?=[a-z0-9_])")),
    ("加微信", re.compile(f"(?:加|\\+|➕|扫|私)\\s*(?:v|vv|薇|威|徽|微|卫){_NOT_LATIN_AFTER}(?!信)")),
    ("qq", re.compile(f"扣扣|抠抠|蔻蔻|寇寇|企鹅号|{_NOT_LATIN_BEFORE}q\\s+q{_NOT_LATIN_AFTER}")),
    ("telegram", re.compile(f"纸飞机|飞机号|电报号|{_NOT_LATIN_BEFORE}(?:tg|telegarm|telegramm){_NOT_LATIN_AFTER}")),
    ("whatsapp", re.compile(f"{_NOT_LATIN_BEFORE}(?:whats app|whatsap|whatapp|wsp){_NOT_LATIN_AFTER}")),
)

_ANY_APP = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _APP_SPELLINGS))

# Gates of the fast path (TextNormaliser.normalise_batch): each is found in the text whenever its pass could
# change it, and starts with a literal or a character class so that `re` scans ahead in C; the passes' own
# patterns start with look-behinds, which `re` tries at every position. One gate per app spelling, in order.
_APP_GATES = tuple(re.compile(gate) for gate in (
    "信|xin|wechat|wei xin|vx|wx|vchat",
    "[:❤♥]",
    "[加+➕扫私]\\s*[v薇威徽微卫]",
    "扣扣|抠抠|蔻蔻|寇寇|企鹅号|q\\s+q",
    "纸飞机|飞机号|电报号|tg|telegarm|telegramm",
    "whats app|whatsap|whatapp|wsp",
))

_CN_DIGITS = str.maketrans("零〇一二三四五六七八九幺", "001234567891")
_CN_DIGIT_RUN = re.compile("[零〇一二三四五六七八九幺]{7,}")

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_DIGIT = re.compile(r"\d")
# Each placeholder rule is (token, a cheap pattern the text must contain for the rule to apply, the rule).
_VALUE_RULES = (
    ("__url__", re.compile(r"[./]"), re.compile(r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef" + CJK_RANGES + r"]+"
                           r"|(?<![a-z0-9@.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|io|me|cc|top|xyz|hk|tw)"
                           r"(?:/[^\s" + CJK_RANGES + r"]*)?(?![a-z0-9])")),
    ("__email__", re.compile("@"), re.compile(r"[a-z0-9._+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")),
    ("__phone__", re.compile(r"\d(?:[\s-]?\d){6}"), re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)"
                             r"|\+\d{1,3}[\s-]?\d(?:[\s-]?\d){6,12}(?!\d)")),
    ("__price__", _DIGIT, re.compile(r"[¥$€£]\s*" + _NUMBER + r"\s*(?:[万千]|[kw](?![a-z]))?"
                             r"|" + _NUMBER + r"\s*(?:元|块钱|块|rmb|usd|hkd|ntd|美元|美金|港币|台币|刀|万|千)"
                             r"|" + _NUMBER + r"\s*[kw](?![a-z])"
                             r"|(?P<keep>价格|售价|价钱|一口价|(?<![a-z])price)\s*[:=]?\s*" + _NUMBER)),
    # 4g and 5g are mobile networks, not weights.
    ("__weight__", _DIGIT, re.compile(r"(?<![\d.])(?![2-5]g(?![a-z]))" + _NUMBER + r"\s*(?:克|公斤|千克|斤|两|(?:kg|g|grams?|oz|lbs?)(?![a-z]))")),
    ("__size__", _DIGIT, re.compile(_NUMBER + r"\s*(?:厘米|毫米|公分|(?:cm|mm|inch(?:es)?)(?![a-z]))")),
)
# Tighter than the rules' own hints, which fire on every digit or on any three letters ("__price__").
_PLACEHOLDER_GATES = {
    "__price__": re.compile(r"\d[\d,.]*\s*(?:[元块刀万千kw]|rmb|usd|hkd|ntd|美元|美金|港币|台币)|[¥$€£]\s*\d"
                            r"|(?:价格|售价|价钱|一口价|price)\s*[:=]?\s*\d"),
    "__weight__": re.compile(r"\d[\d,.]*\s*(?:克|公斤|千克|斤|两|kg|g|grams?|oz|lbs?)"),
    "__size__": re.compile(r"\d[\d,.]*\s*(?:厘米|毫米|公分|cm|mm|inch)"),
    "__handle__": re.compile("微信|电话|手机|qq|whatsapp|line|tel|phone|@"),
}
_HANDLE_RULES = (
    ("__handle__", re.compile(r"[a-z0-9_][a-z0-9_.-]{2}"), re.compile(r"(?P<keep>微信|电话|手机|(?<![a-z])(?:qq|telegram|whatsapp|line|tel|phone)(?![a-z]))"
                              r"(?:\s*(?:号码|号|id))?\s*[:=]?\s*[a-z0-9][a-z0-9_.-]{4,}|@[a-z0-9_]{3,}")),
)


T2S_CONFIG = "t2s.json"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def opencc_folder() -> Path:
    """Where the installed opencc package keeps its configurations and dictionaries."""
    import opencc

    return Path(opencc.__file__).resolve().parent / "clib" / "share" / "opencc"


class _T2SGate:
    """Whether a text holds one of the characters without which t2s leaves it unchanged: a pattern for those up
    to U+FFFF, a set for the others."""

    def __init__(self, chars: str):
        # Characters past U+FFFF make `re` test a class member by member (100 us a post), so a pattern finds the
        # others and a set these, in the posts that have any (emoji mostly).
        self.common = re.compile("[" + "".join(re.escape(char) for char in chars if char <= "\uffff") + "]")
        self.rare = frozenset(char for char in chars if char > "\uffff")

    def __call__(self, text: str) -> bool:
        return bool(self.common.search(text) or (_ASTRAL.search(text) and not self.rare.isdisjoint(text)))


def _t2s_gate() -> _T2SGate | None:
    """The gate of the t2s pass (``resources/t2s_gate.tsv``, written by ``data/t2s_gate.py``), or None when the
    installed dictionaries are not the ones it was made from."""
    lines = resources.files("wildtrade_clf").joinpath("resources/t2s_gate.tsv").read_text(encoding="utf-8")
    fields = dict(line.split("\t", 1) for line in lines.splitlines() if line)
    chars = fields.pop("chars")
    try:
        folder = opencc_folder()
        for name, sha256 in fields.items():
            if hashlib.sha256((folder / name).read_bytes()).hexdigest() != sha256:
                return None
    except (ImportError, OSError):
        return None
    return _T2SGate(chars)


def _variant_pattern(variants: dict[str, str]) -> re.Pattern:
    """One pattern for every homophone and pinyin spelling, longest first."""
    spellings = sorted(variants, key=lambda v: (-len(v), v))
    latin = "|".join(re.escape(v) for v in spellings if v.isascii()) or "(?!)"
    chinese = "|".join(re.escape(v) for v in spellings if not v.isascii()) or "(?!)"
    return re.compile(f"(?<![a-z])(?:{latin})(?![a-z])|{chinese}")


def _variant_gate(variants: dict[str, str]) -> re.Pattern:
    """Every spelling of :func:`_variant_pattern` without its look-arounds: a branch of literals, which `re`
    scans for in C."""
    return re.compile("|".join(re.escape(v) for v in sorted(variants, key=lambda v: (-len(v), v))) or "(?!)")


def _to_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        try:
            import pandas as pd

            if pd.isna(value):
                return ""
        except (TypeError, ValueError):
            pass
        return str(value)
    return value


def _unleet(match: re.Match) -> str:
    return _unleet_run(match.group(0))


@lru_cache(maxsize=1 << 16)  # the same handles and words recur across posts
def _unleet_run(run: str) -> str:
    if not _HAS_LETTER.search(run):
        return run
    shape = _DOUBLED.sub(r"\1", run.translate(_CONFUSABLES).translate(_LEET))
    return _TARGET_BY_SHAPE.get(shape, run)


def _unleet_lookalike(text: str) -> str:
    """The look-alike pass on a text in which ``_LEET_HINT`` is found: only when a Latin run could map to a target."""
    if _LOOKALIKE_GATE.search(text.translate(_TO_LETTERS) if _LOOKALIKE_CHARS.search(text) else text):
        return _LATIN_RUN.sub(_unleet, text)
    return text


def _emoji_word(match: re.Match) -> str:
    return _EMOJI_WORDS[match.group(0)]


def _cn_digits(match: re.Match) -> str:
    return match.group(0).translate(_CN_DIGITS)


def _join_singles(match: re.Match) -> str:
    return _CJK_SINGLES_SEP.sub("", match.group(0))


def _join_letters(match: re.Match) -> str:
    # A gap holding a space next to another separator (or two spaces) ends a word: w/h/o/l/e/ /h/o/r/n.
    joined = _LATIN_GAP.sub(lambda gap: " " if " " in gap.group() and len(gap.group()) > 1 else "", match.group())
    words = joined.split(" ")
    # One-letter words would be joined again on a second pass; leave such runs as they are.
    return joined if len(words) == 1 or min(map(len, words)) > 1 else match.group()


def _placeholder(token: str):
    """A replacement that keeps the named group ``keep`` (the word that announced the value)."""
    return lambda match: f"{match.groupdict().get('keep') or ''} {token} "


def _cleaned(text: str) -> str:
    """The passes every normalisation starts with, none of them gated: invisible and control characters, NFKC,
    lower case, runs of spaces, accents."""
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub(" ", text.lower())
    if _ACCENTED.search(text):
        text = text.translate(_ACCENTS)
    return text


# Joins the texts of a batch: _cleaned turns every control character into a space, so no cleaned text holds this
# one, and no gate matches it, so whatever a gate finds in the joined texts lies inside one text.
_JOIN = "\x00"


class _Batch:
    """Cleaned texts normalised together: each gate is searched once over all of them joined, and its pass runs on
    the texts it was found in, instead of a search per text and gate. The joined texts are made again only once
    many texts have changed; until then a gate is searched in the old join for the texts that have not, and in
    each changed text on its own."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self._joined = ""
        self._ends: list[int] | None = None
        self._changed: set[int] = set()

    def having(self, gate: re.Pattern) -> list[int]:
        """The positions of the texts in which ``gate`` is found, in order."""
        changed = self._changed
        if self._ends is None or len(changed) * 8 > len(self.texts):
            self._joined = _JOIN.join(self.texts)
            lengths = np.fromiter(map(len, self.texts), dtype=np.int64, count=len(self.texts))
            self._ends = np.cumsum(lengths + 1).tolist()
            changed.clear()
        ends, search, joined = self._ends, gate.search, self._joined
        found: list[int] = []
        at = 0
        while (match := search(joined, at)) is not None:
            index = bisect.bisect_right(ends, match.start())
            if index not in changed:
                found.append(index)
            at = ends[index]
        if changed:
            texts = self.texts
            found.extend(index for index in changed if search(texts[index]))
            found.sort()
        return found

    def apply(self, positions: Iterable[int], change: Callable[[str], str]) -> None:
        """Replace the texts at ``positions`` with ``change`` of them."""
        self._update(positions, change)

    def sub(self, gate: re.Pattern, pattern: re.Pattern, replacement) -> None:
        """``pattern.sub(replacement, text)`` on the texts in which ``gate`` is found."""
        self._update(self.having(gate), functools.partial(pattern.sub, replacement))

    def _update(self, positions: Iterable[int], change: Callable[[str], str]) -> None:
        texts, changed = self.texts, self._changed
        for index in positions:
            text = change(texts[index])
            if text != texts[index]:
                texts[index] = text
                changed.add(index)

    def changed_since(self, before: list[str], positions: Iterable[int]) -> list[int]:
        """Those of ``positions`` whose text differs from the one in ``before``."""
        texts = self.texts
        return [index for index in positions if texts[index] != before[index]]


class Normaliser:
    """The normalisation of a fitted :class:`~wildtrade_clf.normalise.TextNormaliser`: its settings and variant
    spellings, with the converter and patterns built from them on first use (and left out of pickles)."""

    def __init__(self, *, to_simplified: bool, undo_disguises: bool, placeholders: bool, max_chars: int | None,
                 variants: Mapping[str, str]):
        self.to_simplified = to_simplified
        self.undo_disguises = undo_disguises
        self.placeholders = placeholders
        self.max_chars = max_chars
        self.variants = dict(variants)
        self._built: dict[str, Any] = {}

    def transform(self, texts: list, batch: bool = False) -> list[str]:
        """Each post normalised (None, NaN and empty posts become ``""``), by :meth:`normalise_batch` when ``batch``
        else by :meth:`normalise`; posts longer than ``max_chars`` keep their first and last halves, with a
        warning."""
        long_posts = 0
        cut = []
        for text in texts:
            text = _to_text(text)
            if self.max_chars is not None and len(text) > self.max_chars:
                long_posts += 1
                half = self.max_chars // 2
                text = text[:half] + " " + text[-half:]
            cut.append(text)
        distinct = list(dict.fromkeys(cut))  # real feeds repeat the same advert many times
        found = self.normalise_batch(distinct) if batch else [self.normalise(text) for text in distinct]
        normalised = dict(zip(distinct, found, strict=True))
        out = [normalised[text] for text in cut]
        if long_posts:
            assert self.max_chars is not None  # posts are cut only under a limit
            warnings.warn(f"{long_posts} post(s) longer than {self.max_chars} characters were scored on their "
                          f"first and last {self.max_chars // 2} characters", stacklevel=3)
        return out

    def normalise(self, text: str) -> str:
        """Normalise one post."""
        # The reference for normalise_batch, which scoring runs.
        text = _cleaned(text)
        if self.undo_disguises and text and max(text) >= "\u2600":
            text = _EMOJI.sub(lambda m: _EMOJI_WORDS[m.group(0)], text)
        if self.to_simplified:
            text = self._converter().convert(text)
        if self.undo_disguises:
            if _LEET_HINT.search(text):
                text = _LATIN_RUN.sub(_unleet, text)
            text = _CJK_SINGLES.sub(_join_singles, text)
            text = _CJK_SPLIT.sub("", text)
            text = _LATIN_SPLIT.sub(_join_letters, text)
            if _LEET_HINT.search(text):
                text = _LATIN_RUN.sub(_unleet, text)
            text = self._variants().sub(lambda m: self.variants[m.group()], text)
            text = _CN_DIGIT_RUN.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)
        # Values go before app names (加v1g is 加v + 1g) and handles after them (vx:abc is 微信:abc).
        if self.placeholders:
            text = self._replace(_VALUE_RULES, text)
        if self.undo_disguises:
            if _ANY_APP.search(text):
                for canonical, pattern in _APP_SPELLINGS:
                    text = pattern.sub(canonical, text)
            text = _CJK_SPLIT.sub("", text)  # 象 v信 and xiangya 印章 only became Chinese above
        if self.placeholders:
            text = self._replace(_HANDLE_RULES, text)
        return _SPACES.sub(" ", text).strip()

    def normalise_batch(self, texts: list[str]) -> list[str]:
        """:meth:`normalise` of each text, as scoring runs it: the same passes in the same order, each run only on
        the texts in which its gate is found, a pattern that is there whenever the pass could change the text
        (``tests/test_fast_path.py`` holds the two to the same output)."""
        batch = _Batch([_cleaned(text) for text in texts])
        if self.undo_disguises:
            batch.sub(_EMOJI, _EMOJI, _emoji_word)
        if self.to_simplified:
            needed = self._t2s_needed()
            found = range(len(texts)) if needed is bool else \
                sorted({*batch.having(needed.common), *(index for index in batch.having(_ASTRAL)
                                                       if not needed.rare.isdisjoint(batch.texts[index]))})
            batch.apply([index for index in found if batch.texts[index]], self._converter().convert)
        if self.undo_disguises:
            batch.apply(batch.having(_LEET_HINT), _unleet_lookalike)
            unleeted = list(batch.texts)
            batch.sub(_CJK_SINGLES_GATE, _CJK_SINGLES, _join_singles)
            batch.sub(_CJK_SPLIT_GATE, _CJK_SPLIT, "")
            split = list(batch.texts)
            batch.sub(_LATIN_SPLIT_GATE, _LATIN_SPLIT, _join_letters)
            # The look-alike pass gives its own output back unchanged: it is run again only on a changed text.
            batch.apply(batch.changed_since(unleeted, batch.having(_LEET_HINT)), _unleet_lookalike)
            batch.sub(self._variant_gate(), self._variants(), lambda m: self.variants[m.group()])
            batch.sub(_CN_DIGIT_RUN, _CN_DIGIT_RUN, _cn_digits)
        if self.placeholders:
            for token, hint, pattern in _VALUE_RULES:
                batch.sub(_PLACEHOLDER_GATES.get(token, hint), pattern, _placeholder(token))
        if self.undo_disguises:
            for (canonical, pattern), gate in zip(_APP_SPELLINGS, _APP_GATES, strict=True):
                batch.sub(gate, pattern, canonical)
            # Joining split characters leaves none to join: again only where the text changed since.
            batch.apply(batch.changed_since(split, batch.having(_CJK_SPLIT_GATE)),
                        functools.partial(_CJK_SPLIT.sub, ""))
        if self.placeholders:
            for token, hint, pattern in _HANDLE_RULES:
                batch.sub(_PLACEHOLDER_GATES.get(token, hint), pattern, _placeholder(token))
        return [_SPACES.sub(" ", text).strip() for text in batch.texts]

    @staticmethod
    def _replace(rules, text: str) -> str:
        for token, hint, pattern in rules:
            if hint.search(text):
                text = pattern.sub(_placeholder(token), text)
        return text

    def build(self) -> None:
        """Build the converter and the patterns now (worker processes forked after this share them)."""
        self._converter()
        self._variants()
        self._variant_gate()
        self._t2s_needed()

    def _converter(self):
        import opencc

        return self._helper("converter", lambda: opencc.OpenCC("t2s"))

    def _variants(self) -> re.Pattern:
        return self._helper("variants", lambda: _variant_pattern(self.variants))

    def _variant_gate(self) -> re.Pattern:
        return self._helper("variant_gate", lambda: _variant_gate(self.variants))

    def _t2s_needed(self) -> _T2SGate | type[bool]:
        # Without the gate (other dictionaries installed) every non-empty text is converted.
        return self._helper("t2s_gate", lambda: _t2s_gate() or bool)

    def _helper(self, name: str, build):
        return built_once(self._built, name, build)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_built": {}}


_BUILD_LOCK = threading.Lock()


def built_once(table: dict, name: str, build: Callable):
    """``table[name]``, built by ``build()`` the first time; threads that race here share one build."""
    helper = table.get(name)
    if helper is None:
        with _BUILD_LOCK:
            helper = table.get(name)
            if helper is None:
                helper = table[name] = build()
    return helper




def _as_posts(X: Any) -> list:
    """A list of posts from a list, tuple, array or pandas Series; a bare string is refused."""
    if isinstance(X, (str, bytes)):
        raise InputError("expected a list of posts, got a single string: wrap it in a list, e.g. [text]")
    if hasattr(X, "ndim") and getattr(X, "ndim", 1) > 1:
        shape = getattr(X, "shape", None)
        if shape is not None and len(shape) == 2 and shape[1] == 1:
            X = X.iloc[:, 0] if hasattr(X, "iloc") else X[:, 0]
        else:
            raise InputError(f"expected one column of posts, got a table of shape {shape}: pick the text column")
    try:
        return list(X)
    except TypeError:
        raise InputError(f"expected a list of posts, got {type(X).__name__}") from None
