"""Apply the disguises sellers use to posts, and measure how much a model's recall moves under each."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from .model import Model
from .textrules import CJK_RANGES

_CJK_PAIR = re.compile(f"(?<=[{CJK_RANGES}])(?=[{CJK_RANGES}])")
_PUNCTUATION = "/*.-"
_LOOKALIKE = str.maketrans({"o": "0", "i": "1", "e": "3", "a": "@", "O": "0", "I": "1", "E": "3", "A": "@"})
_EMOJI = {"犀牛": "🦏", "象": "🐘", "牙": "🦷", "虎": "🐯", "熊": "🐻", "豹": "🐆", "龟": "🐢", "猴": "🐒", "骨": "🦴"}
_EMOJI_PATTERN = re.compile("|".join(map(re.escape, _EMOJI)))
_APP_STAND_INS = [
    (re.compile("加微信"), "加V"), (re.compile("微信"), "薇信"), (re.compile("(?i)wechat"), "vx"),
    (re.compile("(?i)qq"), "扣扣"), (re.compile("(?i)telegram"), "纸飞机"),
]


def spacing(text: str) -> str:
    """A space between every two Chinese characters.

    >>> spacing("犀角杯 ivory")
    '犀 角 杯 ivory'
    """
    return _CJK_PAIR.sub(" ", text)


def punctuation(text: str) -> str:
    """Punctuation between Chinese characters, cycling through / * . -.

    >>> punctuation("犀角杯")
    '犀/角*杯'
    """
    marks = iter(_PUNCTUATION * (len(text) + 1))
    return _CJK_PAIR.sub(lambda _: next(marks), text)


def latin_lookalikes(text: str) -> str:
    """Digits and symbols for Latin letters.

    >>> latin_lookalikes("ivory")
    '1v0ry'
    """
    return text.translate(_LOOKALIKE)


def traditional(text: str) -> str:
    """Simplified Chinese written in traditional characters.

    >>> traditional("鹤顶红")
    '鶴頂紅'
    """
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def emoji(text: str) -> str:
    """Emoji for animals and body parts.

    >>> emoji("象牙 犀牛角")
    '🐘🦷 🦏角'
    """
    return _EMOJI_PATTERN.sub(lambda m: _EMOJI[m.group()], text)


def contact_homophones(text: str) -> str:
    """Stand-ins for chat apps.

    >>> contact_homophones("加微信 或 QQ 或 Telegram")
    '加V 或 扣扣 或 纸飞机'
    """
    for pattern, stand_in in _APP_STAND_INS:
        text = pattern.sub(stand_in, text)
    return text


DISGUISES: dict[str, Callable[[str], str]] = {
    "spacing": spacing,
    "punctuation": punctuation,
    "latin_lookalikes": latin_lookalikes,
    "traditional": traditional,
    "emoji": emoji,
    "contact_homophones": contact_homophones,
}


def disguise_recall(model: Model, trade_posts: Sequence[str]) -> dict[str, dict]:
    """Recall on trade posts as written and after each disguise, with the mean change in score.

    >>> from wildtrade_clf import load_model
    >>> table = disguise_recall(load_model(), ["出象牙手镯，加微信"])
    >>> sorted(table) == ["as written", *sorted(DISGUISES)]
    True
    """
    posts = list(trade_posts)
    base = model.score(posts)
    table = {"as written": {"recall": float(model.flags(base).mean()), "mean_score_change": 0.0,
                            "changed_posts": 0}}
    for name, disguise in DISGUISES.items():
        disguised = [disguise(post) for post in posts]
        scores = model.score(disguised)
        table[name] = {"recall": float(model.flags(scores).mean()),
                       "mean_score_change": float(np.mean(scores - base)),
                       "changed_posts": sum(a != b for a, b in zip(posts, disguised, strict=False))}
    return table
