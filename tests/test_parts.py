"""A post is scored whole and part by part, so one trade line among ordinary ones flags it."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wildtrade_clf.parts import highest, split_parts, with_parts


@pytest.mark.parametrize("text, parts", [
    ("普洱茶饼\n老象牙手镯\n二手手机", ["普洱茶饼", "老象牙手镯", "二手手机"]),
    ("1. 茶叶 2. 白料牌子 3. 手机壳", ["1. 茶叶", "2. 白料牌子", "3. 手机壳"]),
    ("茶叶 | 玉镯 | 犀角杯", ["茶叶", "玉镯", "犀角杯"]),
    ("年货：海参、鲍鱼、金钱胶一头、腊肠", ["年货：", "海参", "鲍鱼", "金钱胶一头", "腊肠"]),
    ("好茶。犀角杯一只！手机便宜出", ["好茶。", "犀角杯一只！", "手机便宜出"]),
    ("• 茶具套装 • 鹤顶红挂件 • 耳机", ["茶具套装", "鹤顶红挂件", "耳机"]),
    ("Selling: tea set, jade bangle, ivory netsuke. DM me!", ["Selling: tea set", "jade bangle", "ivory netsuke.", "DM me!"]),
])
def test_lines_items_and_sentences_are_parts(text, parts):
    assert split_parts(text) == parts


@pytest.mark.parametrize("text", ["周末去动物园看大象", "666", "", "象", "DM me", "网上看到卖象牙、犀角、虎骨的，举报",
                                  "备注：茶叶、玉镯"])
def test_a_single_part_post_has_no_parts(text):
    assert split_parts(text) == []


@pytest.mark.parametrize("text, parts", [
    ("茶\n玉镯一只\n手机", ["茶 玉镯一只", "手机"]),
    ("tea | jade | old ivory", ["tea jade", "old ivory"]),
    ("玉镯一只\n茶", []),
])
def test_a_fragment_too_short_alone_joins_the_next_part(text, parts):
    assert split_parts(text) == parts


@given(st.text(max_size=200))
def test_parts_are_stripped_non_empty_and_at_most_forty(text):
    parts = split_parts(text)
    assert len(parts) != 1 and len(parts) <= 40
    assert all(part and part == part.strip() for part in parts)


def test_with_parts_puts_the_posts_first_then_their_parts():
    texts, owner = with_parts(["a\nb c", "周末看大象", "茶叶\n玉镯"])
    assert texts[:3] == ["a\nb c", "周末看大象", "茶叶\n玉镯"]
    assert owner.tolist() == [0, 1, 2, *[2] * (len(texts) - 3)]


def test_a_post_scores_its_highest_part():
    scores = highest(np.array([0.1, 0.2, 0.05, 0.9, 0.3]), np.array([0, 1, 0, 0, 1]), 2)
    assert scores.tolist() == [0.9, 0.3]



def test_one_trade_line_in_an_ordinary_list_flags_the_post(default_model):
    post = "家里清闲置：\n普洱熟茶一提 300\n和田玉手镯 一只\n老象牙手镯一只，懂的私聊\n二手iPad 800"
    assert default_model.scores_parts
    assert default_model.predict([post]).tolist() == [1]
    assert "象牙" in default_model.deciding_part(post)


def test_explain_points_at_the_deciding_part(default_model):
    post = "家里清闲置：\n普洱熟茶一提 300\n老象牙手镯一只，懂的私聊\n二手iPad 800"
    terms = [term for term, _ in default_model.explain(post, top=20)]
    assert not any("普洱" in term or "ipad" in term for term in terms)
