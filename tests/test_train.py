"""Training: label spellings, refusal of unusable data, honest cross-validated cards, reproducibility."""

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, f1_score

from wildtrade_clf import TrainingError, parse_labels, train_model
from wildtrade_clf.dedup import duplicate_groups
from wildtrade_clf.metrics import choose_threshold
from wildtrade_clf.persist import PIPELINE_FILE


@pytest.mark.parametrize("values, expected", [
    ([1, 0, 1], [1, 0, 1]),
    (["1", "0"], [1, 0]),
    ([1.0, 0.0], [1, 0]),
    (["true", "False"], [1, 0]),
    (["YES", "no"], [1, 0]),
    ([True, False], [1, 0]),
    (["是", "否", "是"], [1, 0, 1]),
    (["有", "无"], [1, 0]),
    (["正", "负"], [1, 0]),
    (["Positive", "negative"], [1, 0]),
])
def test_label_spellings(values, expected):
    assert parse_labels(values)[0].tolist() == expected


@pytest.mark.parametrize("values", [["交易", "正常", "交易"], ["ad", "other"], ["trade", "other"]])
def test_two_labels_that_are_not_yes_no_words_need_the_positive_one_named(values):
    with pytest.raises(TrainingError, match="not yes/no words: say which one means trade with --positive-label"):
        parse_labels(values)


def test_the_mapping_gives_each_raw_value():
    assert parse_labels(["yes", "no", "Y"])[1] == {"no": 0, "Y": 1, "yes": 1}


def test_a_no_word_named_positive_inverts_on_purpose():
    labels, mapping = parse_labels(["1", "0", "0"], positive="0")
    assert labels.tolist() == [0, 1, 1] and mapping == {"1": 0, "0": 1}


def test_two_strings_name_the_positive_one_back():
    labels, mapping = parse_labels(["ad", "news", "ad"], positive="ad")
    assert labels.tolist() == [1, 0, 1] and mapping == {"ad": 1, "news": 0}


@pytest.mark.parametrize("values, message", [
    (["yes", "no", "maybe", "perhaps"], r"found 4 distinct values: 'maybe', 'no', 'perhaps', 'yes'; not yes/no "
                                        r"words: 'maybe', 'perhaps' \(rows 3, 4\)"),
    (["zh", "zh", "en", "mixed"], r"found 3 distinct values: 'en', 'mixed', 'zh'"),
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


def test_the_card_reports_cross_validated_metrics_and_the_threshold(small_training, labelled):
    small_model, oof = small_training.model, small_training.oof_scores
    card = small_model.card
    cv = card["metrics"]["cross_validated"]
    y = labelled.label.to_numpy()
    # The figures, recomputed by hand from the out-of-fold scores at the card's threshold.
    flags = oof >= card["threshold"]
    tp, fp = int((flags & (y == 1)).sum()), int((flags & (y == 0)).sum())
    fn, tn = int((~flags & (y == 1)).sum()), int((~flags & (y == 0)).sum())
    pos, neg = oof[y == 1], oof[y == 0]
    expected = {
        "precision": tp / (tp + fp), "recall": tp / (tp + fn), "f1": 2 * tp / (2 * tp + fp + fn),
        "mcc": (tp * tn - fp * fn) / np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)),
        "roc_auc": ((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum())
        / (len(pos) * len(neg)),
        "pr_auc": average_precision_score(y, oof), "false_positive_rate": fp / (fp + tn),
    }
    assert {key: cv[key] for key in expected} == pytest.approx(expected, abs=1e-12)
    assert cv["folds"] == 5 and cv["rows"] == len(labelled)
    # The threshold is the out-of-fold score maximising F1 (the rule the card names).
    f1 = {t: f1_score(y, oof >= t) for t in np.unique(oof)}
    assert card["threshold_rule"] == "max F1" and card["threshold"] in f1
    assert f1[card["threshold"]] == max(f1.values())
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


@pytest.mark.slow
def test_same_data_and_seed_give_byte_identical_models(tmp_path, labelled):
    paths = []
    for name in ("a", "b"):
        model = train_model(labelled.text, labelled.label, seed=7, params={"features__min_df": 1}).model
        model.save(tmp_path / name)
        paths.append(tmp_path / name)
    assert (paths[0] / PIPELINE_FILE).read_bytes() == (paths[1] / PIPELINE_FILE).read_bytes()
    first, second = (model_card(path) for path in paths)
    first.pop("created"), second.pop("created")
    assert first == second


def model_card(path):
    import json

    return json.loads((path / "card.json").read_text(encoding="utf-8"))


# --- issue 5: near-duplicate groups, nested tuning, recall targets, bootstrap intervals, extra corpus ---

from wildtrade_clf.metrics import bootstrap_ci  # noqa: E402
from wildtrade_clf.train import default_corpus  # noqa: E402


def test_near_duplicates_with_small_edits_share_a_group_and_ids_follow_first_appearance():
    ad = "selling carved ivory bangle old piece genuine contact me for details"
    posts = ["看大象", ad, ad.replace("details", "detail"), "rhino horn cup", ad + " now", "完全不同的帖子内容"]
    groups = duplicate_groups(posts)
    assert groups[1] == groups[2] == groups[4]
    assert len({groups[0], groups[1], groups[3], groups[5]}) == 4
    firsts = [groups.tolist().index(g) for g in range(groups.max() + 1)]
    assert firsts == sorted(firsts)
    assert groups[0] == 0 and groups[1] == 1
    assert duplicate_groups(posts, near=False)[2] != duplicate_groups(posts, near=False)[1]
    assert (duplicate_groups(posts) == groups).all()


def test_threshold_for_a_recall_target():
    labels = np.array([0, 0, 1, 0, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.8, 0.9])
    assert choose_threshold(labels, scores, min_recall=0.6) == pytest.approx(0.8)
    assert choose_threshold(labels, scores, min_recall=1.0) == pytest.approx(0.3)
    with pytest.raises(TrainingError, match="not both"):
        choose_threshold(labels, scores, min_precision=0.5, min_recall=0.5)


def test_bootstrap_intervals_hold_the_estimate_and_are_seeded():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, 200)
    scores = np.clip(labels * 0.4 + rng.random(200) * 0.6, 0, 1)
    point = binary_metrics_of(labels, scores, 0.5)
    ci = bootstrap_ci(labels, scores, 0.5, resamples=300, seed=1)
    for name in ("precision", "recall", "f1", "mcc", "roc_auc", "pr_auc"):
        low, high = ci[name]
        assert low <= point[name] + 1e-9 and point[name] <= high + 1e-9, name
    assert ci == bootstrap_ci(labels, scores, 0.5, resamples=300, seed=1)
    perfect = bootstrap_ci(np.array([0, 1] * 20), np.array([0.1, 0.9] * 20), 0.5, resamples=50)
    assert perfect["roc_auc"] == [1.0, 1.0] and perfect["mcc"] == [1.0, 1.0]


def test_bootstrap_by_group_is_wider_than_by_row_when_groups_are_copies():
    rng = np.random.default_rng(0)
    labels = np.repeat(rng.integers(0, 2, 40), 10)
    scores = np.repeat(rng.random(40), 10)
    by_row = bootstrap_ci(labels, scores, 0.5, resamples=300)
    by_group = bootstrap_ci(labels, scores, 0.5, np.repeat(np.arange(40), 10), resamples=300)
    width = lambda ci: ci["roc_auc"][1] - ci["roc_auc"][0]  # noqa: E731
    assert width(by_group) > 1.5 * width(by_row)


def binary_metrics_of(labels, scores, threshold):
    from wildtrade_clf.metrics import binary_metrics

    return binary_metrics(labels, scores, threshold)


def test_the_card_gives_groups_and_bootstrap_intervals(labelled):
    groups = np.arange(len(labelled)) // 3  # 82 rows: 27 groups of three, then one row alone
    result = train_model(labelled.text, labelled.label, seed=0, groups=groups, params={"features__min_df": 1})
    card = result.model.card
    data = card["training_data"]
    assert (data["grouping"], data["groups"], data["rows_in_multi_row_groups"], data["largest_group"]) == (
        "given", 28, 81, 3)
    ci, cv = card["metrics"]["cross_validated_ci"], card["metrics"]["cross_validated"]
    assert ci["resamples"] == 1000 and ci["level"] == 0.95
    for name in ("precision", "recall", "f1", "mcc", "roc_auc", "pr_auc"):
        low, high = ci[name]
        assert low < cv[name] < high, (name, ci[name], cv[name])


@pytest.mark.slow
def test_nested_tuning_is_recorded_and_honest(labelled):
    model = train_model(labelled.text, labelled.label, tune=True, bootstrap=0, params={"features__min_df": 1}).model
    selection = model.card["selection"]
    assert selection["nested"] is True
    assert selection["chosen"]["classify__C"] in selection["searched"]["classify__C"]
    assert len(selection["chosen_per_outer_fold"]) == model.card["metrics"]["cross_validated"]["folds"]
    assert model.card["params"]["classify__C"] == selection["chosen"]["classify__C"]
    assert "cross_validated_ci" not in model.card["metrics"]


def test_an_extra_corpus_is_trained_on_but_metrics_are_the_users_rows(labelled):
    own = labelled.iloc[:40]
    extra = labelled.iloc[40:]
    result = train_model(own.text, own.label, corpus=(extra.text, extra.label), bootstrap=0,
                         params={"features__min_df": 1})
    card = result.model.card
    assert card["training_data"]["rows"] == 40
    assert card["training_data"]["corpus"]["rows"] == len(extra)
    assert card["metrics"]["cross_validated"]["rows"] == 40
    assert card["metrics"]["cross_validated_with_corpus"]["rows"] == len(labelled)
    assert len(result.oof_scores) == len(result.groups) == 40


def test_the_shipped_corpus_is_found_in_a_checkout_and_a_missing_one_is_named(tmp_path):
    texts, labels = default_corpus()
    assert len(texts) == len(labels) > 1000 and set(labels.tolist()) == {0, 1}
    with pytest.raises(TrainingError, match="does not exist"):
        default_corpus(tmp_path / "nope.csv")


def test_one_bootstrap_resample_equals_scikit_learn_on_the_resampled_rows():
    from sklearn.metrics import average_precision_score, f1_score, matthews_corrcoef, roc_auc_score

    rng = np.random.default_rng(3)
    labels = rng.integers(0, 2, 300)
    scores = np.round(rng.random(300) * 0.6 + labels * 0.3, 2)  # many ties
    ci = bootstrap_ci(labels, scores, 0.5, resamples=1, seed=7)
    rows = np.repeat(np.arange(300), np.bincount(np.random.default_rng(7).integers(0, 300, (1, 300))[0],
                                                 minlength=300))
    y, s = labels[rows], scores[rows]
    assert ci["roc_auc"][0] == pytest.approx(roc_auc_score(y, s), abs=1e-4)
    assert ci["pr_auc"][0] == pytest.approx(average_precision_score(y, s), abs=1e-4)
    assert ci["mcc"][0] == pytest.approx(matthews_corrcoef(y, s >= 0.5), abs=1e-4)
    assert ci["f1"][0] == pytest.approx(f1_score(y, s >= 0.5), abs=1e-4)


def test_too_few_distinct_posts_train_anyway_with_a_warning():
    texts = ["出象牙手镯，加微信详谈"] * 30 + ["周末去动物园看大象"] * 30
    result = train_model(texts, [1] * 30 + [0] * 30, params={"features__min_df": 1})
    assert result.warnings and "cannot be formed" in result.warnings[0]
    card = result.model.card
    assert card["metrics"]["cross_validated"] is None and card["threshold"] == 0.5
    assert card["warnings"] == list(result.warnings)
    assert result.model.predict(["出象牙手镯，加微信详谈", "周末去动物园看大象"]).tolist() == [1, 0]


def test_out_of_fold_scores_are_the_highest_over_each_post_and_its_parts_from_models_taught_ordinary_parts(labelled):
    """The reference: for each fold, the plain pipeline fitted on the fold's training posts plus the parts of its
    ordinary ones (as ordinary posts), scoring each held-out post and its parts; a post keeps its highest score."""
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedGroupKFold

    from wildtrade_clf import build_pipeline
    from wildtrade_clf.parts import with_parts

    texts = [text if i % 3 else f"{text}\n周末去动物园看大象。天气不错" for i, text in enumerate(labelled.text)]
    y = labelled.label.to_numpy()
    params = {"features__min_df": 1}
    result = train_model(texts, y, seed=0, bootstrap=0, select=False, params=params, score_parts=True)
    pipeline = build_pipeline(classify__random_state=0, **params)
    pipeline[:2].fit(texts)
    entries, owner = with_parts(texts)
    tokens = pipeline[:2].transform(entries)
    expected = np.zeros(len(texts))
    splits = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=0).split(y, y, result.groups)
    for fit, held in splits:
        taught = [i for i in range(len(entries)) if owner[i] in fit and (i < len(texts) or y[owner[i]] == 0)]
        rest = clone(pipeline[2:]).fit([tokens[i] for i in taught], [y[i] if i < len(texts) else 0 for i in taught])
        scored = [i for i in range(len(entries)) if owner[i] in held]
        for i, score in zip(scored, rest.predict_proba([tokens[i] for i in scored])[:, 1], strict=True):
            expected[owner[i]] = max(expected[owner[i]], score)
    assert len(entries) > len(texts) * 1.3
    np.testing.assert_allclose(result.oof_scores, expected, rtol=0, atol=1e-9)


def test_train_to_folder_writes_the_model_and_its_card_and_refuses_an_existing_folder(tmp_path):
    from wildtrade_clf import InputError, load_model
    from wildtrade_clf.labels import LabelledInput
    from wildtrade_clf.train import train_to_folder

    source = LabelledInput("tests/data/posts.csv", "label", text_cols=("text",))
    result, data = train_to_folder(source, tmp_path / "model", params={"features__min_df": 1}, select=False,
                                   bootstrap=0)
    assert sorted(p.name for p in (tmp_path / "model").iterdir()) == ["MODEL_CARD.md", "card.json", PIPELINE_FILE]
    np.testing.assert_array_equal(load_model(tmp_path / "model").score(data.texts), result.model.score(data.texts))
    assert result.model.card["training_data"]["text_columns"] == ["text"]
    with pytest.raises(InputError, match="already exists: choose another folder, or add --force"):
        train_to_folder(source, tmp_path / "model", params={"features__min_df": 1}, select=False, bootstrap=0)
