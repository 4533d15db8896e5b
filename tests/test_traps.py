"""Traps first-time analysts fell into, each run as the real command on real files (issue 15)."""

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from wildtrade_clf.cli import cli

POSTS = Path(__file__).resolve().parent / "data" / "posts.csv"
FAST = ("--param", "features__min_df=1", "--no-search")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def write(tmp_path, frame: pd.DataFrame, name="in.csv") -> Path:
    frame.to_csv(tmp_path / name, index=False)
    return tmp_path / name


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("traps") / "model"
    result = run("train", POSTS, "--label-col", "label", "-o", folder, *FAST)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def words(tmp_path) -> Path:
    labelled = pd.read_csv(POSTS)
    return write(tmp_path, labelled.assign(label=labelled.label.map({1: "交易", 0: "正常"})))


# --- label polarity --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["train", "-o", "m"], ["evaluate", "--report", "r"], ["audit"]])
def test_two_labels_that_are_not_yes_no_words_are_refused_without_positive_label(tmp_path, words, command):
    name, *rest = command
    result = run(name, words, "--label-col", "label", *[tmp_path / a if a in ("m", "r") else a for a in rest])
    assert result.exit_code == 2
    assert "not yes/no words: say which one means trade with --positive-label" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("command", [["train", "-o", "m", *FAST], ["evaluate", "--report", "r"], ["audit", "--param", "features__min_df=1"]])
def test_the_label_mapping_is_printed(tmp_path, words, command):
    name, *rest = command
    result = run(name, words, "--label-col", "label", "--positive-label", "交易",
                 *[tmp_path / a if a in ("m", "r") else a for a in rest])
    assert result.exit_code == 0, result.output
    assert "Labels: '交易' -> 1 (trade), '正常' -> 0" in result.output
    if name in ("train", "audit"):
        assert "cross-validating: fold 1" in result.stderr


@pytest.mark.parametrize("yes, no", [("是", "否"), ("是", "不是"), ("有", "无"), ("有", "没有"), ("正", "负"), ("yes", "no")])
def test_yes_no_words_need_no_positive_label(tmp_path, yes, no):
    labelled = pd.read_csv(POSTS)
    path = write(tmp_path, labelled.assign(label=labelled.label.map({1: yes, 0: no})))
    result = run("train", path, "--label-col", "label", "-o", tmp_path / "m", *FAST)
    assert result.exit_code == 0, result.output
    assert f"'{yes}' -> 1 (trade)" in result.output


def test_a_file_of_ordinary_posts_only_is_evaluated_once_the_trade_label_is_named(tmp_path):
    path = write(tmp_path, pd.DataFrame({"text": ["今天天气真好，去公园散步", "周末去动物园看大象"], "label": ["正常"] * 2}))
    refused = run("evaluate", path, "--label-col", "label", "--report", tmp_path / "r")
    assert refused.exit_code == 2 and "say which label means trade with --positive-label" in refused.stderr
    result = run("evaluate", path, "--label-col", "label", "--positive-label", "交易", "--report", tmp_path / "r")
    assert result.exit_code == 0, result.output
    assert "Labels: '正常' -> 0" in result.output
    metrics = json.loads((tmp_path / "r" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["overall"]["rows"] == 2 and metrics["overall"]["recall"] is None
    assert metrics["overall"]["false_positive_rate"] == 0.0


def test_an_unreadable_label_column_lists_its_distinct_values(tmp_path):
    result = run("train", POSTS, "--label-col", "lang", "-o", tmp_path / "m")
    assert result.exit_code == 2
    assert "found 4 distinct values: 'en', 'mixed', 'zh_hans', 'zh_hant'" in result.stderr


# --- too few distinct posts, partly labelled files --------------------------------------------------------------

def test_too_few_distinct_posts_train_with_a_warning(tmp_path):
    path = write(tmp_path, pd.DataFrame({"text": ["出象牙手镯，加微信详谈"] * 30 + ["周末去动物园看大象"] * 30,
                                         "label": [1] * 30 + [0] * 30}))
    result = run("train", path, "--label-col", "label", "-o", tmp_path / "m", "--param", "features__min_df=1")
    assert result.exit_code == 0, result.output
    assert "Warning: only 1 distinct trade post(s) and 1 distinct other post(s)" in result.stderr
    assert "not cross-validated" in result.output


def test_too_few_distinct_posts_to_audit_are_refused_with_the_reason(tmp_path):
    path = write(tmp_path, pd.DataFrame({"text": ["出象牙手镯，加微信详谈"] * 30 + ["周末去动物园看大象"] * 30,
                                         "label": [1] * 30 + [0] * 30}))
    result = run("audit", path, "--label-col", "label", "--param", "features__min_df=1")
    assert result.exit_code == 2
    assert "cannot audit these labels: only 1 distinct trade post(s) and 1 distinct other post(s)" in result.stderr
    assert not (tmp_path / "in.audit.csv").exists()


@pytest.mark.parametrize("command", [["train", "-o", "m"], ["audit"]])
def test_copies_labelled_both_ways_train_with_the_settings_unsearched(tmp_path, command):
    """Copies of a post carrying both labels fall in one group; an inner fold could then train on one class."""
    texts = ["出象牙手镯，加微信详谈"] * 20 + ["收老犀角杯，价格私聊"] * 20 \
        + [text for text in ("周末去动物园看大象", "今天吃了虎皮青椒", "这件蜜蜡手串真好看") for _ in range(5)]
    labels = [1] * 40 + [1, 0, 0, 0, 0] * 3
    path = write(tmp_path, pd.DataFrame({"text": texts, "label": labels}))
    name, *rest = command
    result = run(name, path, "--label-col", "label", "--param", "features__min_df=1",
                 *[tmp_path / a if a == "m" else a for a in rest])
    assert result.exit_code == 0, result.output
    assert "the settings were not searched: an inner fold would train on one class only" in result.stderr


@pytest.mark.parametrize("options, how", [
    (["--no-search"], "not searched (search turned off); the defaults; fixed by the caller: classify__C"),
    ([], "chosen by inner cross-validation; fixed by the caller: classify__C"),
])
def test_the_model_card_says_which_settings_were_used_and_how(tmp_path, options, how):
    result = run("train", POSTS, "--label-col", "label", "-o", tmp_path / "m", "--param", "features__min_df=1",
                 "--param", "classify__C=30", *options)
    assert result.exit_code == 0, result.output
    card = (tmp_path / "m" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "## Settings and why" in card
    used = json.loads((tmp_path / "m" / "card.json").read_text(encoding="utf-8"))["settings"]
    assert used["used"]["classify__C"] == 30 and used["how"] == how
    assert "`C=30`" in card
    assert f"({how})" in card


@pytest.fixture
def partly(tmp_path) -> Path:
    labelled = pd.read_csv(POSTS).astype({"label": str})
    labelled.loc[[3, 10, 40], "label"] = ""
    return write(tmp_path, labelled)


@pytest.mark.slow
@pytest.mark.parametrize("command", [["train", "-o", "m", *FAST], ["evaluate", "--report", "r"], ["audit", "--param", "features__min_df=1"]])
def test_skip_unlabelled_leaves_out_empty_labels_and_says_how_many(tmp_path, partly, command):
    name, *rest = command
    args = [name, partly, "--label-col", "label", *[tmp_path / a if a in ("m", "r") else a for a in rest]]
    refused = run(*args)
    assert refused.exit_code == 2 and "3 row(s) have no label" in refused.stderr
    assert "--skip-unlabelled" in refused.stderr
    result = run(*args, "--skip-unlabelled")
    assert result.exit_code == 0, result.output
    assert "Skipped 3 unlabelled rows" in result.output


# --- evaluate ---------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_evaluate_warns_when_posts_were_trained_on(tmp_path, model_dir):
    seen = run("evaluate", POSTS, "--label-col", "label", "--model", model_dir, "--report", tmp_path / "r")
    assert seen.exit_code == 0, seen.output
    assert "82 of the 82 posts (100.0%) are among the model's training rows" in seen.stderr
    fresh = write(tmp_path, pd.DataFrame({"text": ["出老犀角杯，价格私聊", "今天天气真好，去公园散步"], "label": [1, 0]}))
    unseen = run("evaluate", fresh, "--label-col", "label", "--model", model_dir, "--report", tmp_path / "r2")
    assert unseen.exit_code == 0 and "training rows" not in unseen.stderr


def test_evaluate_says_when_overlap_cannot_be_checked(tmp_path, model_dir):
    import shutil

    old = tmp_path / "old_model"
    shutil.copytree(model_dir, old)
    card = json.loads((old / "card.json").read_text(encoding="utf-8"))
    del card["training_data"]["row_sketch"]  # as cards were written before they kept one
    (old / "card.json").write_text(json.dumps(card), encoding="utf-8")
    result = run("evaluate", POSTS, "--label-col", "label", "--model", old, "--report", tmp_path / "r")
    assert result.exit_code == 0, result.output
    assert "whether these posts were trained on cannot be checked" in result.stderr


@pytest.mark.slow
def test_evaluate_at_a_given_threshold_with_intervals(tmp_path, model_dir):
    result = run("evaluate", POSTS, "--label-col", "label", "--model", model_dir, "--threshold", "0.9",
                 "--report", tmp_path / "r")
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "r" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["threshold"] == 0.9
    assert metrics["overall_ci"]["level"] == 0.95
    assert "95% intervals:" in result.output
    assert "scoring 82 posts" in result.stderr


@pytest.mark.slow
def test_figures_undefined_at_the_threshold_are_dashes_not_zeros(tmp_path, model_dir):
    """Nothing is flagged at 1.0, so precision is undefined: no 0.000 for it, nor for its interval."""
    result = run("evaluate", POSTS, "--label-col", "label", "--model", model_dir, "--threshold", "1.0",
                 "--report", tmp_path / "r")
    assert result.exit_code == 0, result.output
    assert "threshold 1.000: precision –, recall 0.000" in result.output
    assert "95% intervals: precision –, recall 0.000-0.000" in result.output
    metrics = json.loads((tmp_path / "r" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["overall"]["precision"] is None and metrics["overall_ci"]["precision"] is None
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "<td>–</td>" in page and "<td>– <small>" not in page


@pytest.fixture
def adverts(tmp_path) -> Path:
    """Posts with three copies of one trade-like advert labelled not trade (the worst false positives) and ids."""
    texts = ["出象牙手镯，加微信详谈"] * 3 + ["收老犀角杯，价格私聊，加V", "周末去动物园看大象", "今天天气真好，去公园散步",
                                             "出穿山甲鳞片，懂的来"]
    return write(tmp_path, pd.DataFrame({"post_id": [f"p{i}" for i in range(len(texts))], "text": texts,
                                         "label": [0, 0, 0, 1, 0, 0, 0]}))


@pytest.mark.slow
def test_the_report_collapses_copies_orders_errors_and_matches_the_library(tmp_path, model_dir, adverts, monkeypatch):
    from matplotlib.figure import Figure

    import wildtrade_clf
    from wildtrade_clf.report import evaluate_model

    legends: dict[str, list[str]] = {}
    save = Figure.savefig

    def keep_legend(figure, path, **options):
        legend = figure.axes[0].get_legend()
        legends[Path(path).name] = [text.get_text() for text in legend.get_texts()] if legend else []
        return save(figure, path, **options)

    monkeypatch.setattr(Figure, "savefig", keep_legend)
    result = run("evaluate", adverts, "--label-col", "label", "--model", model_dir, "--id-col", "post_id",
                 "--threshold", "0.5", "--report", tmp_path / "r")
    assert result.exit_code == 0, result.output
    errors = pd.read_csv(tmp_path / "r" / "errors.csv", encoding="utf-8-sig")
    advert = errors[errors.post_id.isin(["p0", "p1", "p2"])]
    assert advert.post_id.tolist() == ["p0"] and advert.copies.tolist() == [3]
    assert advert.error.tolist() == ["false_positive"]
    wrong = errors.score.where(errors.error == "false_positive", 1 - errors.score)
    assert len(errors) >= 2 and wrong.is_monotonic_decreasing
    metrics = json.loads((tmp_path / "r" / "metrics.json").read_text(encoding="utf-8"))
    frame = pd.read_csv(adverts)
    library = evaluate_model(wildtrade_clf.load_model(model_dir), frame.text.tolist(), frame.label, threshold=0.5)
    for key in ("overall", "overall_ci", "at_thresholds"):
        assert metrics[key] == json.loads(json.dumps(library[key])), key
    assert any(label.startswith("ROC-AUC ") for label in legends["roc_curve.png"]) and "chance" in legends["roc_curve.png"]
    assert any(label.startswith("chance (") for label in legends["pr_curve.png"])
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert metrics["input"]["date"][:10] in page and "<small>[" in page


def test_evaluate_refuses_a_report_path_that_is_a_file(tmp_path):
    (tmp_path / "report.html").write_text("mine", encoding="utf-8")
    result = run("evaluate", POSTS, "--label-col", "label", "--report", tmp_path / "report.html")
    assert result.exit_code == 2
    assert "is a file" in result.stderr and (tmp_path / "report.html").read_text(encoding="utf-8") == "mine"


@pytest.mark.slow
def test_errors_csv_leads_with_the_id_column_then_the_input_columns(tmp_path, model_dir):
    labelled = pd.read_csv(POSTS)
    path = write(tmp_path, labelled.assign(post_id=[f"p{i}" for i in range(len(labelled))]))
    result = run("evaluate", path, "--label-col", "label", "--model", model_dir, "--id-col", "post_id",
                 "--threshold", "0.2", "--report", tmp_path / "r")
    assert result.exit_code == 0, result.output
    header = (tmp_path / "r" / "errors.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[:4] == ["post_id", "input_label", "lang", "row"]


@pytest.mark.slow
def test_the_report_page_names_model_input_and_mapping(tmp_path, model_dir):
    result = run("evaluate", POSTS, "--label-col", "label", "--model", model_dir, "--report", tmp_path / "r")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    for expected in (str(model_dir), str(POSTS), "&#x27;1&#x27; -&gt; 1 (trade)", "Glossary", "top 50"):
        assert expected in page


# --- train ------------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_train_writes_a_model_card_and_shows_progress(tmp_path):
    result = run("train", POSTS, "--label-col", "label", "-o", tmp_path / "m", "--param", "features__min_df=1")
    assert result.exit_code == 0, result.output
    card = (tmp_path / "m" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "## Settings and why" in card and "## Cross-validated figures" in card and "`text`" in card
    assert "normalising and tokenizing 82 posts" in result.stderr and "cross-validating: fold 1" in result.stderr


def test_train_refuses_an_existing_folder_unless_forced(tmp_path, model_dir):
    before = (model_dir / "pipeline.skops").read_bytes()
    refused = run("train", POSTS, "--label-col", "label", "-o", model_dir, *FAST)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert (model_dir / "pipeline.skops").read_bytes() == before
    target = tmp_path / "copy"
    target.mkdir()
    (target / "card.json").write_text("{}", encoding="utf-8")
    forced = run("train", POSTS, "--label-col", "label", "-o", target, "--force", *FAST)
    assert forced.exit_code == 0, forced.output
    assert (target / "MODEL_CARD.md").is_file()


def test_train_with_background_posts_reports_them_apart(tmp_path):
    background = write(tmp_path, pd.DataFrame({"body": [f"今天的外卖太慢了{i}" for i in range(40)]}), "feed.csv")
    result = run("train", POSTS, "--label-col", "label", "-o", tmp_path / "m", "--background", background,
                 "--background-text-col", "body", "--max-flag-rate", "0.05", *FAST)
    assert result.exit_code == 0, result.output
    assert "Background: 40 rows trained on as not trade; flagged out of fold at the threshold" in result.output
    card = json.loads((tmp_path / "m" / "card.json").read_text(encoding="utf-8"))
    assert card["training_data"]["background"]["rows"] == 40
    assert card["threshold_rule"] == "out-of-fold background flag rate <= 0.05"


def test_train_caps_the_flag_rate_of_each_background_source(tmp_path):
    feed = [f"今天的外卖太慢了{i}" for i in range(40)] + ["出象牙手镯，加微信", "收犀角，价格私聊", "白料手镯出"]
    background = write(tmp_path, pd.DataFrame({"text": feed, "source": ["reviews"] * 40 + ["odd"] * 3}), "feed.csv")
    result = run("train", POSTS, "--label-col", "label", "-o", tmp_path / "m", "--background", background,
                 "--background-group-col", "source", "--max-flag-rate", "0.2", "--max-group-flag-rate", "0", *FAST)
    assert result.exit_code == 0, result.output
    assert "  odd: 0 of 3 (0.00%)" in result.output
    card = json.loads((tmp_path / "m" / "card.json").read_text(encoding="utf-8"))
    assert card["threshold_rule"] == "out-of-fold background flag rate <= 0.2, <= 0.0 in every background group"


@pytest.mark.parametrize("options, message", [
    (["--max-group-flag-rate", "0.1"], "--max-group-flag-rate goes with --max-flag-rate and --background-group-col"),
    (["--background-group-col", "source"], "go with --background FILE"),
    (["--max-flag-rate", "0.1"], "--max-flag-rate goes with --background FILE"),
])
def test_background_options_without_what_they_need_are_usage_errors(tmp_path, options, message):
    result = run("train", POSTS, "--label-col", "label", "-o", tmp_path / "m", *options, *FAST)
    assert result.exit_code == 2 and message in result.stderr


@pytest.mark.parametrize("options, parts", [([], False), (["--score-parts"], True)])
def test_train_scores_posts_part_by_part_only_when_asked(tmp_path, options, parts):
    result = run("train", POSTS, "--label-col", "label", "-o", tmp_path / "m", *options, *FAST)
    assert result.exit_code == 0, result.output
    card = json.loads((tmp_path / "m" / "card.json").read_text(encoding="utf-8"))
    assert card["score_parts"] is parts


# --- suggest ----------------------------------------------------------------------------------------------------

def test_suggest_keeps_an_already_scored_inputs_columns(tmp_path, model_dir):
    labelled = pd.read_csv(POSTS).drop(columns=["label"])
    path = write(tmp_path, labelled.assign(trade_score="0.123", trade_flag="1", trade_terms="x"))
    result = run("suggest", path, "--model", model_dir, "-n", "5", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert set(out.trade_score) == {"0.123"} and set(out.trade_flag) == {"1"}
    assert list(out.columns[-3:]) == ["suggest_score", "suggest_terms", "label"]
    assert "scoring the unlabelled posts" in result.stderr


# --- progress on big files ----------------------------------------------------------------------------------------

def test_analysing_in_blocks_gives_what_one_pass_gives(small_model, labelled, monkeypatch):
    import wildtrade_clf.model

    whole = small_model.analyse(labelled.text)
    monkeypatch.setattr(wildtrade_clf.model, "ANALYSE_BLOCK", 10)
    said: list[str] = []
    blocks = small_model.analyse(labelled.text, progress=said.append)
    assert said[0] == "scored 10 of 82 posts" and said[-1] == "scored 82 of 82 posts" and len(said) == 9
    assert blocks.scores.tobytes() == whole.scores.tobytes()
    assert (blocks.normalised, blocks.terms) == (whole.normalised, whole.terms)
    assert type(blocks.features) is type(whole.features) and (blocks.features != whole.features).nnz == 0


@pytest.mark.parametrize("command", [["evaluate", "--label-col", "label", "--report", "r"], ["suggest", "-o", "s.csv"]])
def test_evaluate_and_suggest_report_progress_on_big_files(tmp_path, model_dir, monkeypatch, command):
    import wildtrade_clf.model

    monkeypatch.setattr(wildtrade_clf.model, "ANALYSE_BLOCK", 40)
    labelled = pd.read_csv(POSTS)
    path = write(tmp_path, labelled if command[0] == "evaluate" else labelled.drop(columns="label"))
    name, *rest = command
    result = run(name, path, "--model", model_dir, *[tmp_path / a if a in ("r", "s.csv") else a for a in rest])
    assert result.exit_code == 0, result.output
    assert "scored 40 of 82 posts\n  scored 80 of 82 posts\n  scored 82 of 82 posts" in result.stderr
