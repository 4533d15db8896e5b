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


# OpenCC converts to traditional characters slowly (a converter per post).
@pytest.mark.parametrize("name", [
    "spacing", "punctuation", pytest.param("traditional", marks=pytest.mark.slow), "emoji", "contact_homophones"])
def test_disguises_the_normaliser_undoes_barely_move_scores(default_model, labelled, name):
    posts = labelled.text[labelled.label == 1].tolist()
    before = default_model.score(posts)
    after = default_model.score([DISGUISES[name](post) for post in posts])
    assert np.abs(after - before).max() < 0.05


@pytest.mark.slow
def test_recall_table_has_a_row_per_disguise(default_model, labelled):
    posts = labelled.text[labelled.label == 1].tolist()
    table = disguise_recall(default_model, posts)
    assert list(table) == ["as written", *DISGUISES]
    before = default_model.score(posts)
    assert table["as written"] == {"recall": np.mean(before >= default_model.threshold), "mean_score_change": 0.0,
                                   "changed_posts": 0}
    for name, disguise in DISGUISES.items():
        disguised = [disguise(post) for post in posts]
        after = default_model.score(disguised)
        assert table[name] == {"recall": pytest.approx(np.mean(after >= default_model.threshold), abs=1e-12),
                               "mean_score_change": pytest.approx(np.mean(after - before), abs=1e-12),
                               "changed_posts": sum(a != b for a, b in zip(posts, disguised, strict=True))}, name
