"""The Python API given what people actually pass it: numbers, bytes, dicts, Series and DataFrames."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wildtrade_clf import InputError

TRADE = "出老犀角杯，价格私聊，加V详谈"
INNOCENT = "周末去野生动物园看犀牛，小朋友很开心"


@pytest.mark.parametrize("method", ["score", "predict", "predict_proba", "terms", "normalise", "score_with_terms"])
@pytest.mark.parametrize("posts", [[1, 2, 3], pd.Series([1, 2, 3]), [TRADE, {"text": TRADE}], [[TRADE]],
                                   [TRADE, 0.5], np.array([1, 2]), [True]])
def test_anything_but_text_is_refused_by_every_method(default_model, method, posts):
    with pytest.raises(InputError, match="posts must be text: the post at"):
        getattr(default_model, method)(posts)


def test_bytes_are_read_as_utf8(default_model):
    assert default_model.score([TRADE.encode()]).tolist() == default_model.score([TRADE]).tolist()


def test_bytes_that_are_not_utf8_are_refused(default_model):
    with pytest.raises(InputError, match=r"position 1 is bytes that are not UTF-8 .*decode\('gb18030'\)"):
        default_model.score([TRADE, TRADE.encode("gbk")])


def test_none_and_nan_stay_scored_as_empty_posts(default_model):
    scores = default_model.score([None, float("nan"), np.nan, pd.NA, ""])
    assert len(set(scores.tolist())) == 1


def test_a_series_gives_a_series_on_its_index(default_model):
    posts = pd.Series([TRADE, INNOCENT, None], index=["a", "b", "c"], name="body")
    scores = default_model.score(posts)
    assert isinstance(scores, pd.Series) and scores.name == "trade_score"
    assert scores.index.tolist() == ["a", "b", "c"]
    assert scores.tolist() == default_model.score(posts.tolist()).tolist()
    flags = default_model.predict(posts)
    assert flags.name == "trade_flag" and flags.to_dict() == {"a": 1, "b": 0, "c": 0}


def test_a_series_error_names_the_index_label(default_model):
    with pytest.raises(InputError, match=r"the post at index 'b' is an int \(7\)"):
        default_model.score(pd.Series([TRADE, 7], index=["a", "b"]))


def test_a_dataframe_is_refused_naming_the_column_to_pass(default_model):
    frame = pd.DataFrame({"id": [1], "Text": [TRADE]})
    with pytest.raises(InputError, match=r"columns 'id', 'Text': pass the column holding the posts, e.g. "
                                         r"frame\['Text'\]"):
        default_model.score(frame)


def test_predict_proba_has_two_columns_summing_to_one(default_model):
    proba = default_model.predict_proba([TRADE, INNOCENT])
    assert proba.shape == (2, 2)
    assert proba[:, 1].tolist() == default_model.score([TRADE, INNOCENT]).tolist()
    assert np.allclose(proba.sum(axis=1), 1)


@pytest.mark.parametrize("post", [[TRADE], (TRADE,), None, 3])
def test_explain_refuses_anything_but_one_string(default_model, post):
    with pytest.raises(InputError, match="explain takes one post as a string"):
        default_model.explain(post)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                          st.dictionaries(st.text(), st.text()), st.lists(st.text())), min_size=1, max_size=5),
       st.lists(st.text(max_size=20), max_size=5))
def test_the_first_non_text_element_is_the_one_named(default_model, bad, good):
    posts = good + bad
    with pytest.raises(InputError) as error:
        default_model.score(posts)
    assert f"the post at position {len(good)} is" in str(error.value)
    assert type(bad[0]).__name__ in str(error.value)
