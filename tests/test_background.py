"""Training with real background text as negatives, thresholds by flag rate, and scores restated for a prior."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wildtrade_clf import InputError, TrainingError, train_model
from wildtrade_clf.metrics import flag_rate_threshold
from wildtrade_clf.parts import with_parts

FEED = ["今天天气不错", "这家店的外卖太慢了", "666", "明天开会别迟到", "新款手机壳到货了", "周末去爬山吗",
        "房间很干净，服务好", "快递三天才到", "谢谢老板", "这部电影真好看"]


@pytest.fixture(scope="module")
def with_background(labelled):
    background = [f"{text}{i}" for i, text in enumerate(FEED * 3)]
    sources = ["reviews" if i % 2 else "comments" for i in range(len(background))]
    return train_model(labelled.text, labelled.label, seed=0, bootstrap=0, params={"features__min_df": 1},
                       background=background, background_groups=sources, max_flag_rate=0.05, score_parts=True).model


@pytest.mark.parametrize("scores, rate, flagged", [
    ([0.9, 0.8, 0.7, 0.6], 0.25, 1),
    ([0.9, 0.8, 0.7, 0.6], 0.0, 0),
    ([0.9, 0.9, 0.9, 0.1], 0.5, 0),  # ties move together: flagging one 0.9 flags all three
    ([0.5] * 10, 0.99, 0),
])
def test_flag_rate_threshold_flags_at_most_the_rate(scores, rate, flagged):
    threshold = flag_rate_threshold(np.array(scores), rate)
    assert int((np.array(scores) >= threshold).sum()) == flagged


@given(st.lists(st.floats(0, 1), min_size=1, max_size=200), st.floats(0, 0.99))
def test_flag_rate_threshold_is_the_lowest_within_the_rate(scores, rate):
    scores = np.array(scores)
    threshold = flag_rate_threshold(scores, rate)
    assert (scores >= threshold).mean() <= rate + 1e-12
    lower = scores[scores < threshold]
    if len(lower):
        assert (scores >= lower.max()).mean() > rate


def test_background_rows_are_reported_apart_from_the_labelled_rows(with_background, labelled):
    card = with_background.card
    assert card["training_data"]["rows"] == len(labelled)
    assert card["training_data"]["background"]["rows"] == 30
    assert card["metrics"]["cross_validated"]["rows"] == len(labelled)
    assert set(card["metrics"]["background"]["by_group"]) == {"comments", "reviews"}


def test_the_threshold_keeps_the_out_of_fold_background_flag_rate(with_background):
    background = with_background.card["metrics"]["background"]
    assert background["flag_rate"] <= 0.05
    assert with_background.card["threshold_rule"] == "out-of-fold background flag rate <= 0.05"


def test_the_base_rate_is_the_share_of_trade_in_what_the_calibration_saw_parts_included(with_background, labelled):
    negatives = labelled.text[labelled.label == 0].tolist() + [f"{text}{i}" for i, text in enumerate(FEED * 3)]
    negative_parts = len(with_parts(negatives)[0]) - len(negatives)
    expected = labelled.label.sum() / (len(labelled) + 30 + negative_parts)
    assert with_background.base_rate == pytest.approx(expected)


def test_a_flag_rate_rule_needs_background(labelled):
    with pytest.raises(TrainingError, match="max_flag_rate needs background posts"):
        train_model(labelled.text, labelled.label, max_flag_rate=0.01, bootstrap=0)


def test_background_groups_must_match_the_background(labelled):
    with pytest.raises(TrainingError, match="got 1 background group values for 2 background posts"):
        train_model(labelled.text, labelled.label, background=["a", "b"], background_groups=["x"], bootstrap=0)


POSTS = ["出老犀角杯，价格私聊，加V详谈", "白料手镯一对，懂的来", "周末去动物园看大象", "ivory white phone case"]


def test_a_prior_equal_to_the_base_rate_changes_nothing(default_model):
    assert np.allclose(default_model.score(POSTS, prior=default_model.base_rate), default_model.score(POSTS))


def test_a_lower_prior_lowers_every_score_and_keeps_their_order(default_model):
    plain, rare = default_model.score(POSTS), default_model.score(POSTS, prior=0.001)
    assert (rare <= plain).all()
    assert (np.argsort(rare, kind="stable") == np.argsort(plain, kind="stable")).all()


def test_the_restated_threshold_flags_the_same_posts(default_model):
    restated = default_model.score(POSTS, prior=0.001) >= default_model.threshold_for(0.001)
    assert restated.tolist() == default_model.predict(POSTS).astype(bool).tolist()


@pytest.mark.parametrize("prior", [0, 1, -0.1, 2, "0.01"])
def test_a_prior_outside_0_and_1_is_refused(default_model, prior):
    with pytest.raises(InputError, match="prior must be a share of trade between 0 and 1"):
        default_model.score(POSTS, prior=prior)


@pytest.mark.slow
def test_a_group_flag_rate_cap_raises_the_threshold_for_the_worst_group(labelled):
    background = [f"{text}{i}" for i, text in enumerate(FEED * 3)] + ["出象牙手镯加微信", "收犀角私聊", "白料手镯出"]
    sources = ["reviews"] * 30 + ["odd"] * 3
    common = dict(seed=0, bootstrap=0, params={"features__min_df": 1}, background=background,
                  background_groups=sources, max_flag_rate=0.2)
    loose = train_model(labelled.text, labelled.label, **common).model
    strict = train_model(labelled.text, labelled.label, max_group_flag_rate=0.0, **common).model
    assert strict.threshold > loose.threshold
    assert strict.card["metrics"]["background"]["by_group"]["odd"]["flagged"] == 0
