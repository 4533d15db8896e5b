"""Disguises applied automatically, and how little they move the shipped model's scores."""

import numpy as np
import pytest

from wildtrade_clf.robustness import DISGUISES, disguise_recall


@pytest.mark.parametrize("name, text, disguised", [
    ("spacing", "出象牙手镯 ivory", "出 象 牙 手 镯 ivory"),
    ("punctuation", "犀角杯", "犀/角*杯"),
    ("latin_lookalikes", "ivory tusk", "1v0ry tusk"),
    ("traditional", "鹤顶红一只", "鶴頂紅一隻"),
    ("emoji", "犀牛角 象牙 虎骨", "🦏角 🐘🦷 🐯🦴"),
    ("contact_homophones", "加微信 QQ telegram", "加V 扣扣 纸飞机"),
])
def test_each_disguise(name, text, disguised):
    assert DISGUISES[name](text) == disguised


@pytest.mark.parametrize("name", ["spacing", "punctuation", "traditional", "emoji", "contact_homophones"])
def test_disguises_the_normaliser_undoes_barely_move_scores(default_model, labelled, name):
    posts = labelled.text[labelled.label == 1].tolist()
    before = default_model.score(posts)
    after = default_model.score([DISGUISES[name](post) for post in posts])
    assert np.abs(after - before).max() < 0.05


def test_recall_table_has_a_row_per_disguise(default_model, labelled):
    table = disguise_recall(default_model, labelled.text[labelled.label == 1].tolist())
    assert set(table) == {"as written", *DISGUISES}
    assert all(0 <= row["recall"] <= 1 for row in table.values())
