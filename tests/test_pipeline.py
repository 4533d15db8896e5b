"""The pipeline as scikit-learn sees it: clone, GridSearchCV, pickling, features and the classifier."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline

from wildtrade_clf import InputError, ModelError, TokenTfidf, TradeClassifier, TrainingError, build_pipeline
from wildtrade_clf.features import TokenNgrams
from wildtrade_clf.lexicon import installed_families


@pytest.mark.parametrize("ngram_range, expected", [
    ((1, 1), ["a", "b", "c"]),
    ((1, 2), ["a", "b", "c", "a b", "b c"]),
    ((2, 3), ["a b", "b c", "a b c"]),
])
def test_token_ngrams(ngram_range, expected):
    grams = TokenNgrams(ngram_range, char_ngram_range=None, latin_char_ngram=None)(["a", "b", "c"])
    assert grams == expected


def test_character_ngrams_cover_runs_of_chinese_tokens():
    grams = TokenNgrams((1, 1), char_ngram_range=(2, 2), latin_char_ngram=None)(
        ["出", "象牙", "ivory", "手镯"])
    assert grams == ["出", "象牙", "ivory", "手镯", "c:出象", "c:象牙", "c:手镯"]


def test_longer_latin_words_get_character_ngrams():
    grams = TokenNgrams((1, 1), char_ngram_range=None, latin_char_ngram=4)(["carved", "ivory", "dm"])
    assert grams[3:] == ["l:<car", "l:carv", "l:arve", "l:rved", "l:ved>", "l:<ivo", "l:ivor", "l:vory", "l:ory>"]


@pytest.mark.parametrize("tokens, tags", [
    (["出", "象牙", "手镯"], ["__f_ivory__", "__sale__", "__product_sale__"]),
    (["海关", "查获", "象牙", "犀角"], ["__f_ivory__", "__f_rhino_horn__", "__news__", "__product_news__"]),
    (["法院", "判处"], ["__news__"]),
    (["蜜蜡", "手串", "__price__"], ["__sale__"]),
    (["象牙白", "瓷砖", "包邮"], ["__sale__"]),
    (["今天", "天气", "好"], []),
])
def test_domain_tags_name_products_sales_and_both(tokens, tags):
    grams = TokenNgrams((1, 1), char_ngram_range=None, families=installed_families(), latin_char_ngram=None)(tokens)
    assert grams[len(tokens):] == tags


def test_features_refuse_raw_strings():
    with pytest.raises(InputError, match="PostTokenizer"):
        TokenTfidf(min_df=1).fit(["象牙", "犀角"])


@pytest.mark.parametrize("ngram_range", [(0, 1), (2, 1)])
def test_features_refuse_a_bad_ngram_range(ngram_range):
    with pytest.raises(InputError, match="ngram_range"):
        TokenTfidf(ngram_range=ngram_range, min_df=1).fit([["a"]])


def test_classifier_needs_both_classes():
    with pytest.raises(TrainingError, match="both 0 and 1"):
        TradeClassifier().fit(np.eye(4), [1, 1, 1, 1])


@pytest.mark.parametrize("params, message", [
    ({"calibration": "platt"}, "calibration"),
    ({"threshold": 1.5}, "threshold"),
])
def test_classifier_checks_its_parameters(params, message):
    with pytest.raises(InputError, match=message):
        TradeClassifier(**params).fit(np.eye(4), [0, 1, 0, 1])


def test_classifier_predicts_at_its_threshold(labelled, small_model):
    pipeline = small_model.pipeline
    proba = pipeline.predict_proba(labelled.text)[:, 1]
    assert (pipeline.predict(labelled.text) == (proba >= small_model.threshold)).all()


def test_decision_function_orders_posts_like_the_probability(labelled, small_model):
    pipeline = small_model.pipeline
    features = pipeline[:-1].transform(labelled.text)
    margin = pipeline[-1].decision_function(features)
    proba = pipeline[-1].predict_proba(features)[:, 1]
    assert (np.argsort(margin, kind="stable") == np.argsort(proba, kind="stable")).all()


def test_pipeline_clones_with_its_parameters():
    pipeline = build_pipeline(classify__C=3.0, tokenize__hmm=True, normalise__max_chars=500)
    copy = clone(pipeline)
    assert copy.get_params()["classify__C"] == 3.0
    assert copy.get_params()["tokenize__hmm"] is True
    assert copy.get_params()["normalise__max_chars"] == 500


@pytest.mark.slow
def test_grid_search_runs_over_the_whole_pipeline(labelled):
    search = GridSearchCV(build_pipeline(features__min_df=1),
                          {"classify__C": [1.0, 10.0], "features__ngram_range": [(1, 1), (1, 2)]},
                          cv=StratifiedKFold(3, shuffle=True, random_state=0), scoring="roc_auc")
    search.fit(labelled.text, labelled.label)
    assert set(search.best_params_) == {"classify__C", "features__ngram_range"}
    assert 0.5 < search.best_score_ <= 1.0


def test_a_pickled_pipeline_scores_identically(labelled, small_model):
    copy = pickle.loads(pickle.dumps(small_model.pipeline))
    np.testing.assert_array_equal(copy.predict_proba(labelled.text), small_model.pipeline.predict_proba(labelled.text))


def test_steps_of_names_each_step_by_what_it_does():
    from wildtrade_clf.classify import steps_of

    pipeline = build_pipeline()
    steps = steps_of(pipeline)
    assert [type(step).__name__ for step in steps] == ["TextNormaliser", "PostTokenizer", "TokenTfidf",
                                                        "TradeClassifier"]
    assert steps.classifier is pipeline.steps[-1][1]


@pytest.mark.parametrize("pipeline", [object(), Pipeline([("classify", TradeClassifier())]),
                                      build_pipeline()[1:]])
def test_steps_of_refuses_a_pipeline_of_another_shape(pipeline):
    from wildtrade_clf.classify import steps_of

    with pytest.raises(ModelError, match="a model needs a pipeline with the steps normalise, tokenize, features, "
                                         "classify"):
        steps_of(pipeline)


def test_fitting_tokens_to_score_fits_the_pipelines_own_steps():
    from wildtrade_clf.classify import tokens_to_score

    pipeline = build_pipeline(features__min_df=1, classify__calibration=None)
    tokens_to_score(pipeline).fit([["象牙", "出"], ["大象", "看"]] * 3, [1, 0] * 3)
    assert hasattr(pipeline.steps[-1][1], "estimator_")
