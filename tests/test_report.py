"""Evaluation metrics, the error table and the written report."""

import json

import pytest

from wildtrade_clf.report import PLOTS, error_table, evaluate_scores, write_report

LABELS = [1, 1, 0, 0, 1, 0]
SCORES = [0.9, 0.2, 0.1, 0.7, 0.6, 0.55]
LANG = ["en", "zh", "zh", "en", "zh", "en"]


def test_overall_metrics_and_counts():
    overall = evaluate_scores(LABELS, SCORES, 0.5)["overall"]
    assert (overall["true_positives"], overall["false_positives"], overall["false_negatives"],
            overall["true_negatives"]) == (2, 2, 1, 1)
    assert overall["precision"] == pytest.approx(0.5)
    assert overall["recall"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("group, recall, false_positive_rate", [("en", 1.0, 1.0), ("zh", 0.5, 0.0)])
def test_breakdown_by_group_gives_recall_and_false_positive_rate(group, recall, false_positive_rate):
    metrics = evaluate_scores(LABELS, SCORES, 0.5, by={"lang": LANG})["by"]["lang"][group]
    assert metrics["recall"] == recall
    assert metrics["false_positive_rate"] == false_positive_rate


def test_a_group_with_one_class_has_no_auc():
    metrics = evaluate_scores([1, 0, 1], [0.9, 0.1, 0.8], 0.5, by={"kind": ["a", "b", "a"]})["by"]["kind"]["a"]
    assert metrics["roc_auc"] is None and metrics["recall"] == 1.0


def test_errors_are_the_misclassified_posts_worst_first():
    errors = error_table(list("abcdef"), LABELS, SCORES, [""] * 6, 0.5, extra={"lang": LANG})
    assert errors.text.tolist() == ["b", "d", "f"]
    assert errors.error.tolist() == ["false_negative", "false_positive", "false_positive"]
    assert errors.row.tolist() == [2, 4, 6]
    assert errors.lang.tolist() == ["zh", "en", "en"]


def test_write_report_writes_every_file(tmp_path):
    result = evaluate_scores(LABELS, SCORES, 0.5, by={"lang": LANG})
    page = write_report(result, list("abcdef"), LABELS, SCORES, ["ivory"] * 6, tmp_path / "r", extra={"lang": LANG})
    for name in PLOTS:
        assert (tmp_path / "r" / name).read_bytes().startswith(b"\x89PNG")
        assert f"src='{name}'" in page.read_text(encoding="utf-8")
    assert json.loads((tmp_path / "r" / "metrics.json").read_text(encoding="utf-8")) == result
    assert (tmp_path / "r" / "errors.csv").read_text(encoding="utf-8-sig").splitlines()[0] == \
        "lang,row,error,label,score,copies,terms,text"


def test_html_escapes_post_text(tmp_path):
    result = evaluate_scores([1, 0], [0.1, 0.2], 0.5)
    page = write_report(result, ["<script>alert(1)</script>", "ok"], [1, 0], [0.1, 0.2], ["", ""], tmp_path)
    assert "<script>" not in page.read_text(encoding="utf-8")


def test_a_report_with_one_class_still_draws(tmp_path):
    result = evaluate_scores([0, 0], [0.1, 0.7], 0.5)
    write_report(result, ["a", "b"], [0, 0], [0.1, 0.7], ["", ""], tmp_path)
    assert (tmp_path / "roc_curve.png").stat().st_size > 0


def test_evaluate_model_gives_bootstrap_intervals_around_the_overall_metrics(labelled):
    from wildtrade_clf import load_model
    from wildtrade_clf.report import evaluate_model

    result = evaluate_model(load_model(), labelled.text, labelled.label)
    for name in ("precision", "recall", "f1", "mcc", "roc_auc", "pr_auc"):
        low, high = result["overall_ci"][name]
        assert low <= result["overall"][name] <= high


def test_errors_put_the_most_wrong_first_and_collapse_copies_of_one_advert():
    labels, scores = [0, 1, 0, 0, 1], [0.6, 0.05, 1.0, 1.0, 0.9]
    errors = error_table(list("abcde"), labels, scores, [""] * 5, 0.5, extra={"id": ["p1", "p2", "p3", "p4", "p5"]},
                         groups=[0, 1, 2, 2, 3])
    assert errors.id.tolist() == ["p3", "p2", "p1"]
    assert errors.copies.tolist() == [2, 1, 1]


def test_undefined_figures_are_shown_as_a_dash_not_zero(tmp_path):
    result = evaluate_scores([0, 0], [0.1, 0.2], 0.5)
    assert result["overall"]["precision"] is None and result["overall"]["recall"] is None
    page = write_report(result, ["a", "b"], [0, 0], [0.1, 0.2], ["", ""], tmp_path).read_text(encoding="utf-8")
    assert "<td>–</td>" in page and "0.000</td><td>–" not in page


def test_the_report_has_a_table_at_several_thresholds_and_for_the_top_posts(tmp_path, labelled):
    from wildtrade_clf import load_model
    from wildtrade_clf.report import evaluate_model

    result = evaluate_model(load_model(), labelled.text, labelled.label)
    top = [row for row in result["at_thresholds"] if "top" in row]
    assert [row["top"] for row in top] == [50] and top[0]["flagged"] == 50
    page = write_report(result, labelled.text, labelled.label, [0.5] * len(labelled), [""] * len(labelled), tmp_path)
    text = page.read_text(encoding="utf-8")
    for expected in ("top 50", "Glossary", "MCC", "label mapping"):
        assert expected in text


def test_evaluate_file_writes_the_figures_it_returns(tmp_path, default_model):
    from wildtrade_clf.labels import LabelledInput
    from wildtrade_clf.report import evaluate_file

    evaluation = evaluate_file(LabelledInput("tests/data/posts.csv", "label"), tmp_path / "report", default_model,
                               by=("lang",))
    written = json.loads((tmp_path / "report" / "metrics.json").read_text(encoding="utf-8"))
    assert evaluation.page == tmp_path / "report" / "report.html"
    assert written["overall"] == json.loads(json.dumps(evaluation.result["overall"]))
    assert written["overall"]["rows"] == len(evaluation.data.texts) == 82
    assert sorted(written["by"]["lang"]) == ["en", "mixed", "zh_hans", "zh_hant"]
