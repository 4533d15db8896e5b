"""The predict API: score, predict, explain, terms and card, on the shipped model and on odd input."""

import threading

import numpy as np
import pandas as pd
import pytest

import wildtrade_clf
from wildtrade_clf import InputError, ModelError

TRADE = "老犀角杯一只，价格私聊，加V详谈"
INNOCENT = "周末去野生动物园看犀牛"


def test_the_readme_snippet_works(default_model):
    scores = default_model.score([TRADE, INNOCENT])
    assert scores.dtype == np.float64 and scores.shape == (2,)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert default_model.predict([TRADE, INNOCENT]).tolist() == [1, 0]
    terms = default_model.explain(TRADE)
    assert terms and all(isinstance(term, str) and isinstance(weight, float) for term, weight in terms)
    card = default_model.card
    for key in ("package_version", "training_data", "metrics", "threshold", "library_versions"):
        assert key in card


def test_explain_lists_the_strongest_terms_first(default_model):
    weights = [abs(weight) for _, weight in default_model.explain(TRADE, top=20)]
    assert weights == sorted(weights, reverse=True)


def test_explain_of_an_empty_post_is_empty(default_model):
    assert default_model.explain("") == []


def test_explain_refuses_a_list(default_model):
    with pytest.raises(InputError, match="one post as a string, not list"):
        default_model.explain([TRADE])


def test_score_refuses_a_bare_string(default_model):
    with pytest.raises(InputError, match="single string"):
        default_model.score(TRADE)


def test_missing_and_empty_posts_are_scored_not_dropped(default_model):
    scores = default_model.score([None, np.nan, "", TRADE])
    assert len(scores) == 4
    assert scores[0] == scores[1] == scores[2]


def test_an_empty_list_gives_an_empty_array(default_model):
    assert default_model.score([]).shape == (0,)


def test_a_pandas_series_is_scored_in_order(default_model):
    series = pd.Series([INNOCENT, TRADE], index=[10, 3])
    np.testing.assert_array_equal(default_model.score(series), default_model.score([INNOCENT, TRADE]))


def test_a_megabyte_post_is_scored_with_a_warning(default_model):
    with pytest.warns(UserWarning, match="longer than"):
        (score,) = default_model.score([TRADE * 70_000])
    assert 0 <= score <= 1


def test_predict_takes_another_threshold(default_model):
    assert default_model.predict([INNOCENT], threshold=0.0).tolist() == [1]
    assert default_model.predict([TRADE], threshold=1.0).tolist() == [0]


@pytest.mark.parametrize("threshold", [-0.1, 1.01])
def test_a_threshold_outside_0_and_1_is_refused_by_every_caller(default_model, threshold, tmp_path):
    from wildtrade_clf.batch import score_file

    with pytest.raises(InputError, match=f"the threshold must be between 0 and 1, not {threshold}"):
        default_model.predict([TRADE], threshold=threshold)
    (tmp_path / "in.csv").write_text("text\n出象牙\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"the threshold must be between 0 and 1, not {threshold}"):
        score_file(tmp_path / "in.csv", tmp_path / "out.csv", model=default_model, threshold=threshold)
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("text, families", [
    (TRADE, ["rhino_horn", "contact", "price"]),
    ("出白料手镯 象牙白瓷砖", ["ivory"]),
    ("象牙白瓷砖", []),
    ("鶴頂紅摆件 微信:abc_12345", ["hornbill", "contact"]),
    ("pangolin scales telegram", ["pangolin", "contact"]),
    ("musky smell", []),
])
def test_terms_name_the_families_behind_a_post(default_model, text, families):
    assert default_model.terms([text]) == [families]


def test_threads_sharing_a_model_get_the_serial_scores(default_model, labelled):
    texts = labelled.text.tolist()
    expected = default_model.score(texts)
    results = [None] * 8

    def work(i):
        results[i] = default_model.score(texts)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        np.testing.assert_array_equal(result, expected)


def test_the_card_cannot_be_changed_through_the_model(default_model):
    default_model.card["threshold"] = 0
    assert default_model.card["threshold"] == default_model.threshold


def test_a_model_needs_the_four_step_pipeline():
    with pytest.raises(ModelError, match="steps"):
        wildtrade_clf.Model(pipeline=object(), card={})


def test_analyse_gives_what_score_normalise_terms_and_features_give(default_model, labelled):
    posts = [*labelled.text.tolist()[:30], TRADE, TRADE, None, ""]
    found = default_model.analyse(posts)
    np.testing.assert_array_equal(found.scores, default_model.score(posts))
    assert found.normalised == default_model.normalise(posts)
    assert found.terms == default_model.terms(posts)
    assert (found.features != default_model.features(posts)).nnz == 0


def test_features_are_the_reference_pipelines_tfidf_rows(default_model, labelled):
    posts = labelled.text.tolist()
    reference = default_model.pipeline[:-1].transform(posts)
    assert (default_model.features(posts) != reference).nnz == 0


def test_features_of_no_posts_are_an_empty_matrix_of_every_column(default_model):
    assert default_model.features([]).shape == (0, default_model.pipeline[-1].n_features_in_)


@pytest.mark.parametrize("threshold, prior", [(None, None), (0.5, None), (1.0, None), (None, 0.001)])
def test_flags_are_the_scores_at_or_above_the_cut(default_model, threshold, prior):
    cut = default_model.cut(threshold, prior)
    scores = np.array([0.0, np.nextafter(cut, 0), cut, 1.0])
    assert default_model.flags(scores, threshold, prior).tolist() == [0, 0, 1, 1]


def test_a_prior_below_the_training_mix_flags_scores_under_the_models_own_threshold(default_model):
    score = (default_model.cut(prior=0.001) + default_model.threshold) / 2
    assert default_model.flags([score]).tolist() == [0]
    assert default_model.flags([score], prior=0.001).tolist() == [1]
