"""Training: label spellings, refusal of unusable data, honest cross-validated cards, reproducibility."""

import numpy as np
import pytest

from wildtrade_clf import TrainingError, parse_labels, train_model
from wildtrade_clf.persist import PIPELINE_FILE
from wildtrade_clf.train import choose_threshold, duplicate_groups


@pytest.mark.parametrize("values, expected", [
    ([1, 0, 1], [1, 0, 1]),
    (["1", "0"], [1, 0]),
    ([1.0, 0.0], [1, 0]),
    (["true", "False"], [1, 0]),
    (["YES", "no"], [1, 0]),
    ([True, False], [1, 0]),
    (["trade", "other", "trade"], [1, 0, 1]),
])
def test_label_spellings(values, expected):
    assert parse_labels(values)[0].tolist() == expected


def test_two_strings_name_the_positive_one_back():
    labels, mapping = parse_labels(["ad", "news", "ad"], positive="ad")
    assert labels.tolist() == [1, 0, 1] and mapping == {"ad": 1, "news": 0}


@pytest.mark.parametrize("values, message", [
    (["yes", "no", "maybe", "perhaps"], r"'maybe', 'perhaps' \(rows 3, 4\)"),
    (["1", None, "0"], r"no label \(first at row 2\)"),
    ([1, float("nan")], "no label"),
    (["1", "", "0"], "no label"),
])
def test_unreadable_or_missing_labels_name_values_and_rows(values, message):
    with pytest.raises(TrainingError, match=message):
        parse_labels(values)


def test_one_class_only_is_refused(labelled):
    with pytest.raises(TrainingError, match="all 82 labels are 1"):
        train_model(labelled.text, np.ones(len(labelled), dtype=int))


def test_too_few_rows_are_refused(labelled):
    with pytest.raises(TrainingError, match="too few rows"):
        train_model(labelled.text[:10], labelled.label[:10])


def test_too_few_of_one_class_is_refused(labelled):
    keep = labelled[(labelled.label == 0) | (labelled.index < 4)]
    with pytest.raises(TrainingError, match="too few examples of one class"):
        train_model(keep.text, keep.label)


def test_the_card_reports_cross_validated_metrics_and_the_threshold(small_model, labelled):
    card = small_model.card
    cv = card["metrics"]["cross_validated"]
    for key in ("precision", "recall", "f1", "roc_auc", "pr_auc", "mcc"):
        assert 0 <= cv[key] <= 1 or key == "mcc"
    assert card["threshold"] == small_model.threshold
    assert card["training_data"]["rows"] == len(labelled)
    assert card["training_data"]["positives"] == int(labelled.label.sum())
    assert card["tokenizer"]["backend"] == "rjieba"


def test_near_duplicates_share_a_group():
    groups = duplicate_groups(["出象牙 __price__ 微信", "出象牙 __price__ 微信!!", "出象牙 99 微信", "看大象"])
    assert groups[0] == groups[1] == groups[2] != groups[3]


def test_threshold_for_max_f1_and_for_a_precision_target():
    labels = np.array([0, 0, 1, 0, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.8, 0.9])
    assert choose_threshold(labels, scores) == pytest.approx(0.3)
    assert choose_threshold(labels, scores, min_precision=1.0) == pytest.approx(0.8)


def test_an_unreachable_precision_is_reported():
    with pytest.raises(TrainingError, match="precision"):
        choose_threshold(np.array([0, 1]), np.array([0.9, 0.1]), min_precision=1.0)


def test_same_data_and_seed_give_byte_identical_models(tmp_path, labelled):
    paths = []
    for name in ("a", "b"):
        model = train_model(labelled.text, labelled.label, seed=7, params={"features__min_df": 1})
        model.save(tmp_path / name)
        paths.append(tmp_path / name)
    assert (paths[0] / PIPELINE_FILE).read_bytes() == (paths[1] / PIPELINE_FILE).read_bytes()
    first, second = (model_card(path) for path in paths)
    first.pop("created"), second.pop("created")
    assert first == second


def model_card(path):
    import json

    return json.loads((path / "card.json").read_text(encoding="utf-8"))
