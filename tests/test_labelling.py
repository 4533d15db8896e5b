"""Choosing posts to label next (suggest) and finding doubtful labels (audit)."""

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from wildtrade_clf import InputError
from wildtrade_clf.labelling import audit_file, audit_labels, pick_uncertain, suggest_file
from wildtrade_clf.labels import LabelledInput


def test_the_most_uncertain_come_first_without_diversity():
    scores = np.array([0.01, 0.45, 0.99, 0.55, 0.3])
    assert pick_uncertain(scores, 0.5, 3, diversity=0).tolist() == [1, 3, 4]


def test_one_post_per_near_duplicate_group():
    # Rows 0-2 are one group: its most uncertain row stands for it (0 and 1 tie: the earlier row), and the
    # groups come most uncertain first (0.2 is nearer 0.5 than 0.9 is, in log-odds).
    scores = np.array([0.5, 0.5, 0.55, 0.9, 0.2])
    groups = np.array([0, 0, 0, 1, 2])
    assert pick_uncertain(scores, 0.5, 3, diversity=0).tolist() == [0, 1, 2]
    assert pick_uncertain(scores, 0.5, 3, groups=groups, diversity=0).tolist() == [0, 4, 3]


def test_diversity_skips_a_post_like_one_already_picked():
    features = sparse.csr_matrix(np.array([[1, 0], [1, 0.01], [0, 1]], dtype=float))
    scores = np.array([0.5, 0.51, 0.6])
    assert pick_uncertain(scores, 0.5, 2, features, diversity=0).tolist() == [0, 1]
    assert pick_uncertain(scores, 0.5, 2, features, diversity=0.8).tolist() == [0, 2]


def test_suggest_writes_a_csv_ready_to_label(tmp_path, labelled, small_model):
    unlabelled = pd.concat([labelled.drop(columns=["label"])] * 3, ignore_index=True)
    unlabelled["label"] = ""
    unlabelled.loc[0, "label"] = "1"
    source = tmp_path / "posts.csv"
    unlabelled.to_csv(source, index=False)
    out, rows, candidates = suggest_file(str(source), None, small_model, n=20)
    assert out == str(tmp_path / "posts.to_label.csv") and candidates == len(unlabelled) - 1
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(written.columns) == ["text", "lang", "label", "trade_score", "trade_terms"]
    assert len(written) == rows == 20
    assert (written.label == "").all()
    assert written.text.is_unique  # the three copies of each post count as one
    assert not list(tmp_path.glob("*.part"))


def test_suggest_writes_the_scores_the_model_gives_part_by_part(tmp_path, default_model):
    posts = ["今天天气不错\n出白料手镯，懂的私聊", "和田玉手镯一只\n黄金吊坠\n犀角杯，加V详谈", "周末去看大象", "茶叶 一斤"]
    source = tmp_path / "posts.csv"
    pd.DataFrame({"text": posts}).to_csv(source, index=False)
    assert default_model.scores_parts
    out, _, _ = suggest_file(str(source), None, default_model, n=4, diversity=0)
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    expected = {post: f"{score:.6f}" for post, score in zip(posts, default_model.score(posts), strict=True)}
    assert {text: score for text, score in zip(written.text, written.trade_score, strict=True)} == expected


def test_suggest_refuses_a_fully_labelled_file(tmp_path, labelled, small_model):
    source = tmp_path / "posts.csv"
    labelled.to_csv(source, index=False)
    with pytest.raises(InputError, match="already has"):
        suggest_file(str(source), str(tmp_path / "out.csv"), small_model, n=5)


def test_audit_puts_flipped_labels_near_the_top(tmp_path, labelled):
    noisy = labelled.copy()
    flipped = [3, 20, 50]
    noisy.loc[flipped, "label"] = 1 - noisy.loc[flipped, "label"]
    _, oof, gap = audit_labels(noisy.text, noisy.label.to_numpy(), params={"features__min_df": 1})
    worst = np.argsort(-gap)[:12]
    assert len(set(flipped) & set(worst.tolist())) >= 2
    source = tmp_path / "noisy.csv"
    noisy.to_csv(source, index=False)
    audit = audit_file(LabelledInput(str(source), "label"), str(tmp_path / "audit.csv"), n=10,
                       params={"features__min_df": 1})
    written = pd.read_csv(audit.output)
    assert audit.rows == 10 and audit.total == len(noisy) and audit.disagreeing >= 2
    assert written.audit_rank.tolist() == list(range(1, 11))
    assert written.disagreement.is_monotonic_decreasing
    assert {"oof_score", "label01", "trade_terms", "top_features", "disagrees_at_threshold"} <= set(written.columns)
