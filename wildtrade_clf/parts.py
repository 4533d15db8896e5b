"""The parts of a post a moderator reads one at a time: lines, list items and sentences.

A seller who lists tea, jade and a phone with one ivory bangle among them writes one trade line in an
ordinary post; a bag of words over the whole post dilutes it. Scoring each part as well as the whole, and
keeping the highest, lets that one line flag the post.
"""

from __future__ import annotations

import re

import numpy as np

from .textrules import CJK_RANGES

# Line breaks; sentence ends; semicolons; list bullets and numbering that start an item.
_BREAK = re.compile(
    r"[\r\n\u2028\u2029]+"
    r"|(?<=[。！？!?；;])"
    r"|(?<=[a-z)][.])\s+(?=[A-Z])"
    r"|\s(?=(?:\d{1,2}|[①-⑳])[.、)）]\s*\S)"
    r"|(?:^|\s)[•·●▪◆◇■□★☆✅✔☑➤►▶🔸🔹🔺🔻👉]+\s*"
)
# Items of a one-line table or list written with spaced bars or slashes.
_ITEMS = re.compile(r"\s[/|]\s")
# Items of a list announced by a colon (清单：茶叶、玉镯、犀角杯): commas, 、 and slashes after it. Elsewhere they
# join the words of one sentence (举报卖象牙、犀角的), whose pieces alone would read as offers.
_LIST_INTRO = re.compile(r"[:：]")
_LIST_ITEMS = re.compile(r"[、，,/／]")
MIN_LIST_ITEMS = 3
_CJK = re.compile(f"[{CJK_RANGES}]")
_WORD = re.compile(r"[^\W\d_]{2,}")
MAX_PARTS = 40


def split_parts(text: str) -> list[str]:
    """The parts of ``text`` worth scoring on their own (empty when the post is a single part).

    Lines, sentences and list items, each stripped; a part too short to mean anything alone (fewer than two
    Chinese characters and fewer than two words) is joined to the next one, and at most ``MAX_PARTS`` are
    kept (the rest of the post is still scored whole).

    >>> split_parts("出几样东西：\\n1. 普洱茶饼\\n2. 老象牙手镯一只\\n3. 二手手机")
    ['出几样东西：', '1. 普洱茶饼', '2. 老象牙手镯一只', '3. 二手手机']
    >>> split_parts("普洱茶 / 和田玉手镯 / 白料牌子 / 蜜蜡手串")
    ['普洱茶', '和田玉手镯', '白料牌子', '蜜蜡手串']
    >>> split_parts("Selling: tea set, jade bangle, old ivory netsuke. DM me!")
    ['Selling: tea set', 'jade bangle', 'old ivory netsuke.', 'DM me!']
    >>> split_parts("在网上看到卖象牙、犀角的，可以举报")
    []
    >>> split_parts("年货清单：海参、鲍鱼、金钱胶一头、腊肠")
    ['年货清单：', '海参', '鲍鱼', '金钱胶一头', '腊肠']
    >>> split_parts("周末去动物园看大象")
    []
    """
    if not isinstance(text, str):
        return []
    pieces = []
    for block in _BREAK.split(text):
        if block and block.strip():
            for piece in _ITEMS.split(block):
                pieces.extend(_list_items(piece))
    parts: list[str] = []
    carry = ""
    for piece in pieces:
        piece = (carry + " " + piece.strip()).strip() if carry else piece.strip()
        if _too_short(piece):
            carry = piece
            continue
        carry = ""
        parts.append(piece)
    if carry:
        if parts:
            parts[-1] = f"{parts[-1]} {carry}"
        else:
            parts.append(carry)
    if len(parts) < 2:
        return []
    return parts[:MAX_PARTS]


def _list_items(piece: str) -> list[str]:
    intro = _LIST_INTRO.search(piece)
    if intro is None:
        return [piece]
    items = [item for item in _LIST_ITEMS.split(piece[intro.end():]) if item.strip()]
    if len(items) < MIN_LIST_ITEMS:
        return [piece]
    return [piece[:intro.end()], *items]


def _too_short(piece: str) -> bool:
    return len(_CJK.findall(piece)) < 2 and len(_WORD.findall(piece)) < 2


def with_parts(posts: list[str]) -> tuple[list, np.ndarray]:
    """``posts`` followed by the parts of each, and for every entry the index of the post it belongs to.

    >>> texts, owner = with_parts(["茶叶 | 玉镯 | 犀角杯", "看大象"])
    >>> texts, owner.tolist()
    (['茶叶 | 玉镯 | 犀角杯', '看大象', '茶叶', '玉镯', '犀角杯'], [0, 1, 0, 0, 0])
    """
    texts, owner = list(posts), list(range(len(posts)))
    for index, post in enumerate(posts):
        parts = split_parts(post)
        texts.extend(parts)
        owner.extend([index] * len(parts))
    return texts, np.array(owner, dtype=np.intp)


def highest(scores: np.ndarray, owner: np.ndarray, posts: int) -> np.ndarray:
    """Each post's highest score over itself and its parts (entries laid out as :func:`with_parts` gives).

    >>> highest(np.array([0.2, 0.1, 0.9, 0.3]), np.array([0, 1, 0, 1]), 2).tolist()
    [0.9, 0.3]
    """
    best = np.array(scores[:posts], dtype=np.float64)
    np.maximum.at(best, owner[posts:], scores[posts:])
    return best
