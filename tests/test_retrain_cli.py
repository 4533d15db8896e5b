"""The retraining commands: train's new choices, suggest and audit, and the WLT-OSN benchmark's plumbing."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from wildtrade_clf.cli import cli

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT / "tests" / "data" / "posts.csv"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def card(folder: Path) -> dict:
    return json.loads((folder / "card.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("retrain") / "model"
    result = run("train", POSTS, "--label-col", "label", "-o", folder, "--param", "features__min_df=1",
                 "--tune", "--min-recall", "0.9")
    assert result.exit_code == 0, result.output
    assert "bootstrap intervals" in result.output and "nested in each fold" in result.output
    assert "Cross-validation groups:" in result.output
    return folder


@pytest.mark.slow
def test_train_tunes_and_targets_recall(model_dir):
    saved = card(model_dir)
    assert saved["threshold_rule"] == "recall >= 0.9"
    assert saved["metrics"]["cross_validated"]["recall"] >= 0.9
    assert saved["selection"]["nested"] and "cross_validated_ci" in saved["metrics"]


def test_train_refuses_two_threshold_rules_and_a_lone_corpus(tmp_path):
    both = run("train", POSTS, "--label-col", "label", "-o", tmp_path / "m", "--min-precision", "0.9",
               "--min-recall", "0.9")
    assert both.exit_code == 2 and "not both" in both.output
    lone = run("train", POSTS, "--label-col", "label", "-o", tmp_path / "m", "--corpus", POSTS)
    assert lone.exit_code == 2 and "--with-default-corpus" in lone.output
    missing = run("train", POSTS, "--label-col", "label", "-o", tmp_path / "m", "--with-default-corpus",
                  "--corpus", tmp_path / "nope.csv")
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_train_with_a_corpus_reports_both(tmp_path):
    labelled = pd.read_csv(POSTS)
    labelled.iloc[:41].to_csv(tmp_path / "mine.csv", index=False)
    corpus = labelled.iloc[41:].assign(split="train")
    corpus.to_csv(tmp_path / "corpus.csv", index=False)
    result = run("train", tmp_path / "mine.csv", "--label-col", "label", "-o", tmp_path / "m",
                 "--with-default-corpus", "--corpus", tmp_path / "corpus.csv", "--param", "features__min_df=1")
    assert result.exit_code == 0, result.output
    assert f"Also trained on {len(corpus)} corpus rows" in result.output
    assert card(tmp_path / "m")["training_data"]["rows"] == 41


@pytest.mark.slow
def test_suggest_and_audit_write_csvs(tmp_path, model_dir):
    labelled = pd.read_csv(POSTS)
    labelled.drop(columns=["label"]).to_csv(tmp_path / "new.csv", index=False)
    result = run("suggest", tmp_path / "new.csv", "--model", model_dir, "-n", "7")
    assert result.exit_code == 0, result.output
    written = pd.read_csv(tmp_path / "new.to_label.csv", dtype=str, keep_default_na=False)
    assert len(written) == 7 and list(written.columns)[-3:] == ["trade_score", "trade_terms", "label"]
    result = run("audit", POSTS, "--label-col", "label", "-n", "5", "-o", tmp_path / "audit.csv",
                 "--param", "features__min_df=1")
    assert result.exit_code == 0, result.output
    assert "labels disagree" in result.output
    assert len(pd.read_csv(tmp_path / "audit.csv")) == 5
    missing = run("audit", POSTS, "--label-col", "nope")
    assert missing.exit_code == 2 and "nope" in missing.output


@pytest.mark.slow
def test_the_benchmark_runs_on_a_tiny_synthetic_file(tmp_path):
    """bench/retrain_wltosn.py end to end on made-up rows with WLT-OSN's columns (no fastText, no real data)."""
    rng = np.random.default_rng(0)
    words = ["carved", "ivory", "bangle", "antique", "sale", "estimate", "auction", "elephant", "colour", "white",
             "walk", "dog", "coffee", "morning", "love", "piano", "keys", "mammoth", "tusk", "save"]
    rows = []
    for i in range(160):
        label = int(i % 8 == 0)
        text = " ".join(rng.choice(words, 8)) + (" ivory for sale estimate" if label else "")
        rows.append({"tweet_id": i, "tweet_text_cleaned": text, "user_description_cleaned": "collector" * label,
                     "label": label, "source": "s", "original_tid": f"t{i}"})
    data = tmp_path / "share_data.csv"
    pd.DataFrame(rows).to_csv(data, index=False)
    out = tmp_path / "RETRAIN.md"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "retrain_wltosn.py"), "--data", str(data),
                           "--test-size", "40", "--cv-folds", "0", "--no-fasttext", "--markdown", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    table = out.read_text(encoding="utf-8")
    assert "| model | MCC | macro-F1 | ROC-AUC | precision | recall | threshold | train s |" in table
    assert "plain TF-IDF" in table and "wildtrade" in table
