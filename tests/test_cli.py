"""The ``wildtrade`` command run on real files: every bad input gives one clear line and the right exit code."""

import codecs
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import wildtrade_clf
from wildtrade_clf.cli import cli

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT / "tests" / "data" / "posts.csv"
TRADE = "出老犀角杯，价格私聊，加V详谈"
INNOCENT = "周末去野生动物园看犀牛，小朋友很开心"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def scored(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                       sep="\t" if str(path).endswith(".tsv") else ",")


@pytest.fixture(scope="module")
def small_model_dir(tmp_path_factory) -> Path:
    """A model folder trained on the small labelled file."""
    labelled = pd.read_csv(POSTS)
    folder = tmp_path_factory.mktemp("models") / "small"
    wildtrade_clf.train_model(labelled.text, labelled.label, seed=0).model.save(folder)
    return folder


@pytest.fixture
def posts_csv(tmp_path) -> Path:
    path = tmp_path / "posts.csv"
    path.write_text(f"id,text\n001,{TRADE}\n002,{INNOCENT}\n", encoding="utf-8")
    return path


# --- help -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command, expected", [
    ([], ["score", "train", "evaluate", "explain", "Exit codes"]),
    (["score"], ["--text-col", "--model", "--threshold", "--encoding", "--jobs", "-o", "trade_score", "stdin"]),
    (["train"], ["--label-col", "--text-col", "--seed", "--min-precision", "--positive-label", "--split-col"]),
    (["evaluate"], ["--label-col", "--report", "--by", "--model", "errors.csv", "report.html"]),
    (["explain"], ["TEXT", "--model", "--top"]),
])
def test_every_command_has_help(command, expected):
    result = run(*command, "--help")
    assert result.exit_code == 0
    for word in expected:
        assert word in result.output


# --- score: the main job ----------------------------------------------------------------------------------------

def test_score_writes_every_row_in_order_with_the_new_columns(tmp_path, posts_csv):
    result = run("score", posts_csv, "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    out = scored(tmp_path / "out.csv")
    assert list(out.columns) == ["id", "text", "trade_score", "trade_flag", "trade_terms"]
    assert out.id.tolist() == ["001", "002"]
    assert out.trade_flag.tolist() == ["1", "0"]
    assert "Scored 2 rows (1 flagged)" in result.stderr


def test_without_output_the_result_goes_next_to_the_input(posts_csv):
    assert run("score", posts_csv).exit_code == 0
    assert scored(posts_csv.with_name("posts.scored.csv")).shape == (2, 5)


@pytest.mark.parametrize("encoding, prefix", [("gbk", b""), ("gb18030", b""), ("utf-8", codecs.BOM_UTF8),
                                              ("utf-8", b"")])
def test_chinese_encodings_are_detected(tmp_path, encoding, prefix):
    source = tmp_path / "in.csv"
    source.write_bytes(prefix + f"id,text\n1,{TRADE}\n2,{INNOCENT}\n".encode(encoding))
    assert run("score", source, "-o", tmp_path / "out.csv").exit_code == 0
    out = scored(tmp_path / "out.csv")
    assert out.columns[0] == "id"
    assert out.text.tolist() == [TRADE, INNOCENT]


@pytest.mark.slow
def test_encoding_option_overrides_detection(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(f"text\n{TRADE}\n".encode("gb18030"))
    wrong = run("score", source, "-o", tmp_path / "out.csv", "--encoding", "utf-8")
    assert wrong.exit_code == 2
    assert "--encoding" in wrong.stderr
    assert run("score", source, "-o", tmp_path / "out.csv", "--encoding", "gbk").exit_code == 0
    assert scored(tmp_path / "out.csv").text.tolist() == [TRADE]


@pytest.mark.parametrize("output", ["out.tsv", "out.csv"])
def test_tsv_input_is_read_and_the_output_format_follows_its_extension(tmp_path, output):
    source = tmp_path / "in.tsv"
    source.write_text(f"id\ttext\n1\t{TRADE}, 有逗号\n", encoding="utf-8")
    assert run("score", source, "-o", tmp_path / output).exit_code == 0
    out = scored(tmp_path / output)
    assert out.text.tolist() == [f"{TRADE}, 有逗号"]
    assert (tmp_path / output).read_text(encoding="utf-8").startswith(
        "id\ttext\ttrade_score" if output.endswith(".tsv") else "id,text,trade_score")


def test_quoted_fields_with_newlines_and_commas_survive(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(f'id,text\n1,"第一行, 有逗号\n第二行 ""引号"""\n2,{TRADE}\n', encoding="utf-8")
    assert run("score", source, "-o", tmp_path / "out.csv").exit_code == 0
    assert scored(tmp_path / "out.csv").text.tolist() == ['第一行, 有逗号\n第二行 "引号"', TRADE]


def test_blank_and_nan_text_cells_are_scored_and_kept(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,\n2,NaN\n3,NA\n4,null\n", encoding="utf-8")
    assert run("score", source, "-o", tmp_path / "out.csv").exit_code == 0
    out = scored(tmp_path / "out.csv")
    assert out.text.tolist() == ["", "NaN", "NA", "null"]
    assert all(0 <= float(s) <= 1 for s in out.trade_score)


def test_several_text_columns_are_joined(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("title,body\n老犀角杯,价格私聊，加V详谈\n", encoding="utf-8")
    joined = tmp_path / "joined.csv"
    joined.write_text("text\n老犀角杯 价格私聊，加V详谈\n", encoding="utf-8")
    assert run("score", source, "--text-col", "title", "--text-col", "body", "-o", tmp_path / "a.csv").exit_code == 0
    assert run("score", joined, "-o", tmp_path / "b.csv").exit_code == 0
    assert scored(tmp_path / "a.csv").trade_score.tolist() == scored(tmp_path / "b.csv").trade_score.tolist()


def test_stdin_to_stdout(posts_csv):
    result = run("score", "-", "-o", "-", "-q", input=posts_csv.read_bytes())
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "id,text,trade_score,trade_flag,trade_terms"
    assert [line.split(",")[0] for line in lines[1:]] == ["001", "002"]
    assert result.stderr == ""


@pytest.mark.parametrize("threshold, flags", [("0", ["1", "1"]), ("1", ["0", "0"])])
def test_threshold_option_sets_the_flag(tmp_path, posts_csv, threshold, flags):
    assert run("score", posts_csv, "-o", tmp_path / "out.csv", "--threshold", threshold).exit_code == 0
    assert scored(tmp_path / "out.csv").trade_flag.tolist() == flags


def test_quiet_prints_nothing(tmp_path, posts_csv):
    result = run("score", posts_csv, "-o", tmp_path / "out.csv", "-q")
    assert result.exit_code == 0
    assert result.output == ""


def test_jobs_two_scores_like_jobs_one(tmp_path, posts_csv):
    assert run("score", posts_csv, "-o", tmp_path / "one.csv", "--jobs", "1").exit_code == 0
    assert run("score", posts_csv, "-o", tmp_path / "two.csv", "--jobs", "2").exit_code == 0
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_header_only_file_gives_header_only_output(tmp_path):
    (tmp_path / "in.csv").write_text("id,text\n", encoding="utf-8")
    assert run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv").exit_code == 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "id,text,trade_score,trade_flag,trade_terms\n"


# --- score: refusals ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, args, message", [
    (b"", [], "is empty"),
    ("id,body\n1,x\n".encode(), ["--text-col", "text"], "column 'text' not found in"),
    ("id,body\n1,x\n".encode(), [], "--text-col"),
    (b'text\n"never closed\n', [], "not well-formed CSV"),
    (b"text\nx\n", ["--threshold", "2"], "Invalid value for '--threshold': 2.0 is not in the range 0<=x<=1."),
    (b"text\nx\n", ["--jobs", "0"], "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1."),
])
def test_bad_input_exits_2_with_one_clear_line(tmp_path, content, args, message):
    (tmp_path / "in.csv").write_bytes(content)
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv", *args)
    assert result.exit_code == 2
    # Click puts its usage lines before an option's error; the error itself is one line.
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and message in errors[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.csv").exists()


def test_missing_column_message_lists_the_columns(tmp_path):
    (tmp_path / "in.csv").write_text("post_id,title,body\n1,x,y\n", encoding="utf-8")
    result = run("score", tmp_path / "in.csv", "--text-col", "content")
    assert result.stderr.strip().splitlines() == [
        f"Error: column 'content' not found in {tmp_path / 'in.csv'}; its columns are: 'post_id', 'title', 'body'"]


def test_a_failed_run_leaves_the_existing_output_untouched(tmp_path, posts_csv):
    output = tmp_path / "out.csv"
    output.write_text("precious earlier results\n", encoding="utf-8")
    result = run("score", posts_csv, "--text-col", "missing", "-o", output)
    assert result.exit_code == 2
    assert output.read_text(encoding="utf-8") == "precious earlier results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "posts.csv"]


def test_missing_input_file(tmp_path):
    result = run("score", tmp_path / "nope.csv")
    assert result.exit_code == 2
    assert "nope.csv does not exist" in result.stderr


def test_output_folder_that_does_not_exist(tmp_path, posts_csv):
    result = run("score", posts_csv, "-o", tmp_path / "no" / "such" / "out.csv")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def _corrupt(folder: Path) -> None:
    pipeline = folder / "pipeline.skops"
    pipeline.write_bytes(pipeline.read_bytes()[:1000])


def _not_a_model(folder: Path) -> None:
    shutil.rmtree(folder)
    folder.mkdir()
    (folder / "notes.txt").write_text("hello", encoding="utf-8")


def _broken_card(folder: Path) -> None:
    (folder / "card.json").write_text("{not json", encoding="utf-8")


@pytest.mark.parametrize("damage, message", [(_corrupt, "does not match its card"),
                                             (_not_a_model, "is not a model folder"),
                                             (_broken_card, "is corrupt")])
def test_a_damaged_model_folder_is_refused(tmp_path, posts_csv, small_model_dir, damage, message):
    folder = tmp_path / "model"
    shutil.copytree(small_model_dir, folder)
    damage(folder)
    result = run("score", posts_csv, "--model", folder, "-o", tmp_path / "out.csv")
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_an_unexpected_failure_exits_1_with_one_line(tmp_path, posts_csv, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("wildtrade_clf.batch.score_file", explode)
    result = run("score", posts_csv)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "disk on fire" in result.stderr and "--debug" in result.stderr
    debug = run("--debug", "score", posts_csv)
    assert isinstance(debug.exception, RuntimeError)


# --- the real command, real exit codes ---------------------------------------------------------------------------

def command(*args, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "wildtrade_clf", *map(str, args)], capture_output=True, env=env,
                          **kwargs)


@pytest.mark.slow
def test_real_command_scores_a_file_and_exits_0(tmp_path, posts_csv):
    result = command("score", posts_csv, "-o", tmp_path / "out.csv", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert scored(tmp_path / "out.csv").trade_flag.tolist() == ["1", "0"]


@pytest.mark.slow
def test_real_command_exits_2_without_a_traceback(tmp_path, posts_csv):
    result = command("score", posts_csv, "--text-col", "body")
    assert result.returncode == 2
    assert result.stderr.decode().startswith("Error: column 'body' not found")
    assert b"Traceback" not in result.stderr


@pytest.mark.slow
def test_real_command_pipes_stdin_to_stdout_quietly(posts_csv):
    result = command("score", "-", input=posts_csv.read_bytes())
    assert result.returncode == 0
    assert result.stdout.decode().splitlines()[0] == "id,text,trade_score,trade_flag,trade_terms"


# --- train -------------------------------------------------------------------------------------------------------

def test_train_writes_a_model_with_cross_validated_metrics(tmp_path):
    result = run("train", POSTS, "--text-col", "text", "--label-col", "label", "-o", tmp_path / "m")
    assert result.exit_code == 0, result.output
    assert "Labels:" in result.stdout and "Threshold:" in result.stdout
    card = json.loads((tmp_path / "m" / "card.json").read_text(encoding="utf-8"))
    assert {"precision", "recall", "f1", "roc_auc", "pr_auc"} <= set(card["metrics"]["cross_validated"])
    assert run("score", POSTS, "--model", tmp_path / "m", "-o", tmp_path / "out.csv").exit_code == 0


@pytest.mark.slow
def test_train_is_deterministic_for_a_seed(tmp_path):
    for name in ("a", "b"):
        assert run("train", POSTS, "--label-col", "label", "--seed", "3", "-o", tmp_path / name).exit_code == 0
    assert (tmp_path / "a" / "pipeline.skops").read_bytes() == (tmp_path / "b" / "pipeline.skops").read_bytes()


def test_train_names_the_two_string_labels_it_used(tmp_path):
    labelled = pd.read_csv(POSTS)
    labelled["label"] = labelled.label.map({1: "ad", 0: "other"})
    labelled.to_csv(tmp_path / "in.csv", index=False)
    result = run("train", tmp_path / "in.csv", "--label-col", "label", "--positive-label", "ad", "-o", tmp_path / "m")
    assert result.exit_code == 0, result.output
    assert "'ad' -> 1 (trade), 'other' -> 0" in result.stdout


def test_train_on_a_split(tmp_path):
    labelled = pd.read_csv(POSTS)
    labelled["split"] = ["train"] * 70 + ["test"] * 12
    labelled.to_csv(tmp_path / "in.csv", index=False)
    result = run("train", tmp_path / "in.csv", "--label-col", "label", "--split-col", "split", "--split-value",
                 "train", "-o", tmp_path / "m")
    assert result.exit_code == 0, result.output
    assert "Trained on 70 rows" in result.stdout


def _labels(tmp_path, labels, rows=None) -> Path:
    labelled = pd.read_csv(POSTS).head(rows)
    labelled["label"] = labels(labelled)
    labelled.to_csv(tmp_path / "in.csv", index=False)
    return tmp_path / "in.csv"


@pytest.mark.parametrize("labels, rows, message", [
    (lambda f: 1, None, "all 82 labels are 1"),
    (lambda f: f.label, 10, "too few rows"),
    (lambda f: ["maybe" if i in (2, 5) else v for i, v in enumerate(f.label)], None, "'maybe'"),
    (lambda f: ["" if i == 4 else v for i, v in enumerate(f.label)], None, "no label"),
])
def test_training_refusals_exit_2(tmp_path, labels, rows, message):
    result = run("train", _labels(tmp_path, labels, rows), "--label-col", "label", "-o", tmp_path / "m")
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "m").exists()


def test_unreadable_labels_are_named_with_their_rows(tmp_path):
    path = _labels(tmp_path, lambda f: ["maybe" if i in (2, 5) else v for i, v in enumerate(f.label)])
    result = run("train", path, "--label-col", "label", "-o", tmp_path / "m")
    assert "'maybe'" in result.stderr and "rows 3, 6" in result.stderr


def test_train_names_a_missing_label_column(tmp_path):
    result = run("train", POSTS, "--label-col", "is_trade", "-o", tmp_path / "m")
    assert result.exit_code == 2
    assert "'is_trade' not found" in result.stderr and "'label'" in result.stderr


# --- evaluate ----------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_evaluate_writes_the_full_report(tmp_path, small_model_dir):
    result = run("evaluate", POSTS, "--label-col", "label", "--model", small_model_dir, "--by", "lang",
                 "--report", tmp_path / "report")
    assert result.exit_code == 0, result.output
    files = {p.name for p in (tmp_path / "report").iterdir()}
    assert files == {"metrics.json", "pr_curve.png", "roc_curve.png", "confusion_matrix.png",
                     "score_histogram.png", "errors.csv", "report.html"}
    metrics = json.loads((tmp_path / "report" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["overall"]["rows"] == 82
    assert set(metrics["by"]["lang"]) == {"zh_hans", "zh_hant", "en", "mixed"}
    assert sum(group["rows"] for group in metrics["by"]["lang"].values()) == 82


def test_evaluate_on_a_split_with_the_default_model(tmp_path):
    labelled = pd.read_csv(POSTS)
    labelled["split"] = ["train"] * 70 + ["test"] * 12
    labelled.to_csv(tmp_path / "in.csv", index=False)
    result = run("evaluate", tmp_path / "in.csv", "--label-col", "label", "--split-col", "split", "--split-value",
                 "test", "--report", tmp_path / "report")
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "report" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["overall"]["rows"] == 12


@pytest.mark.parametrize("args, message", [
    (["--by", "country"], "'country' not found"),
    (["--split-col", "lang"], "go together"),
    (["--split-col", "lang", "--split-value", "fr"], "no rows where lang is 'fr'"),
])
def test_evaluate_refusals_exit_2(tmp_path, args, message):
    result = run("evaluate", POSTS, "--label-col", "label", "--report", tmp_path / "report", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_the_readme_example_scores_the_sample_posts(tmp_path):
    result = run("score", ROOT / "examples" / "sample_posts.csv", "-o", tmp_path / "sample_posts.scored.csv")
    assert result.exit_code == 0, result.output
    out = scored(tmp_path / "sample_posts.scored.csv")
    assert list(out.columns[:3]) == ["post_id", "title", "text"] and len(out) == 30


def test_prior_restates_the_scores_and_keeps_the_flags(tmp_path, posts_csv, default_model):
    plain, restated = tmp_path / "plain.csv", tmp_path / "restated.csv"
    assert run("score", posts_csv, "-o", plain, "-q", "--jobs", "1").exit_code == 0
    assert run("score", posts_csv, "-o", restated, "-q", "--jobs", "1", "--prior", "0.001").exit_code == 0
    before, after = scored(plain), scored(restated)
    expected = default_model.score([TRADE, INNOCENT], prior=0.001)
    assert after.trade_score.astype(float).tolist() == pytest.approx(expected.tolist(), abs=1e-6)
    assert after.trade_score.tolist() != before.trade_score.tolist()
    assert after.trade_flag.tolist() == before.trade_flag.tolist()


@pytest.mark.parametrize("prior", ["0", "1", "-0.5", "abc"])
def test_a_prior_outside_0_and_1_is_a_usage_error(posts_csv, prior):
    result = run("score", posts_csv, "--prior", prior)
    assert result.exit_code == 2
    assert "--prior" in result.output
