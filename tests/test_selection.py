"""Choosing features and regularisation on every train: shared features equal to per-fold ones, the search, the card."""

import numpy as np
import pytest

from wildtrade_clf import PostTokenizer, TextNormaliser, TokenTfidf, train_model
from wildtrade_clf.featurebank import FeatureBank
from wildtrade_clf.selection import SEARCH, grouped_folds


@pytest.fixture(scope="module")
def tokens(labelled):
    return PostTokenizer().fit().transform(TextNormaliser().fit().transform(list(labelled.text)))


@pytest.fixture(scope="module")
def searched(labelled):
    return train_model(labelled.text, labelled.label, seed=0, bootstrap=0).model


@pytest.mark.parametrize("settings", [
    {}, {"min_df": 1}, {"ngram_range": (1, 2), "latin_char_ngram": (2, 5)}, {"latin_char_ngram": None},
    {"max_features": 50}, {"min_df": 0.05, "max_df": 0.5}, {"sublinear_tf": False, "domain_tags": False},
    {"char_ngram_range": None, "latin_char_ngram": 3},
])
def test_the_feature_bank_gives_the_matrices_token_tfidf_fitted_on_the_rows_gives(tokens, settings):
    fit_rows, other_rows = np.arange(0, len(tokens), 2), np.arange(1, len(tokens), 2)
    fitted = TokenTfidf(**settings).fit([tokens[i] for i in fit_rows])
    fit, (other,) = FeatureBank(tokens).tfidf(TokenTfidf(**settings), fit_rows, [other_rows])
    for mine, theirs in ((fit, fitted.transform([tokens[i] for i in fit_rows])),
                         (other, fitted.transform([tokens[i] for i in other_rows]))):
        assert mine.shape == theirs.shape
        assert abs(mine - theirs).max() < 1e-12


def test_every_train_records_the_settings_tried_and_chosen(searched):
    selection = searched.card["selection"]
    assert selection["nested"] is False
    assert set(selection["searched"]) == set(SEARCH)
    assert {key: selection["chosen"][key] for key in SEARCH} == {key: searched.card["params"][key] for key in SEARCH}
    best = max(selection["tried"], key=lambda row: row["pr_auc"])
    assert best["settings"] == selection["chosen"]


def test_with_a_flag_rate_cap_the_search_judges_recall_where_the_threshold_will_be_and_keeps_the_start_unless_clearly_beaten(
        labelled):
    feed = [f"{text}{i}" for i, text in enumerate(["今天天气不错", "外卖太慢了", "周末去爬山吗", "新款手机壳到货"] * 15)]
    card = train_model(labelled.text, labelled.label, seed=0, bootstrap=0, background=feed,
                       max_flag_rate=0.05).model.card
    selection = card["selection"]
    assert selection["criterion"].startswith("recall of the labelled trade posts at the threshold flagging at most "
                                             "0.05 of the background")
    assert all(0 <= row["recall_at_flag_rate"] <= 1 for row in selection["tried"])
    start, chosen = selection["tried"][0], next(row for row in selection["tried"]
                                                 if row["settings"] == selection["chosen"])
    recall = start["recall_at_flag_rate"]
    one_standard_error = np.sqrt(recall * (1 - recall) / labelled.label.sum())
    assert chosen is start or chosen["recall_at_flag_rate"] > recall + one_standard_error


def test_settings_given_by_the_caller_are_not_searched(labelled):
    card = train_model(labelled.text, labelled.label, bootstrap=0, params={"classify__C": 5.0}).model.card
    assert "classify__C" not in card["selection"]["searched"]
    assert card["selection"]["fixed_by_caller"] == {"classify__C": 5.0}
    assert {row["settings"].get("classify__C", 5.0) for row in card["selection"]["tried"]} == {5.0}
    assert card["params"]["classify__C"] == 5.0


def test_select_false_keeps_the_pipeline_defaults(labelled):
    card = train_model(labelled.text, labelled.label, bootstrap=0, select=False).model.card
    assert "selection" not in card
    assert "classify__C" not in card["params"]


def test_the_search_is_deterministic(labelled, searched):
    again = train_model(labelled.text, labelled.label, seed=0, bootstrap=0).model
    assert again.card["selection"] == searched.card["selection"]


def test_grouped_folds_keep_each_group_in_one_part_and_spread_the_positives():
    y = np.array([1] * 6 + [0] * 30)
    groups = np.array([0, 0, 1, 2, 3, 4] + list(range(5, 35)))
    folds = grouped_folds(y, groups, 3, seed=1)
    held = np.concatenate([part for _, part in folds])
    assert sorted(held.tolist()) == list(range(36))
    for fit, part in folds:
        assert not set(groups[fit]) & set(groups[part])
        assert y[part].sum() == 2 and len(part) == 12
