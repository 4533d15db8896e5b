"""Hostile input over the whole text path, and scoring processes running side by side."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wildtrade_clf import load_model

MODEL = load_model()

any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=400)
emoji_sequences = st.lists(st.sampled_from(["👨", "\u200d", "👩", "👧", "🏳", "\ufe0f", "🌈", "🏽", "\U000e0067",
                                            "🦏", "🐘", "\u202e", "\u200f", "\x00", "犀", "角", "a"]),
                           max_size=60).map("".join)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(any_text, emoji_sequences, st.none(), st.just(float("nan"))), min_size=1, max_size=8))
def test_any_posts_get_one_score_each_in_zero_to_one_and_the_same_every_time(posts):
    first = MODEL.score(posts)
    assert first.shape == (len(posts),)
    assert np.all((first >= 0) & (first <= 1))
    np.testing.assert_array_equal(first, MODEL.score(posts))


@pytest.mark.slow
@settings(max_examples=20, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), min_size=1, max_size=20), st.integers(20_000, 200_000))
def test_very_long_posts_are_scored(fragment, repeat):
    post = (fragment * (repeat // len(fragment) + 1))[:repeat]
    with pytest.warns(UserWarning, match="longer than"):
        (score,) = MODEL.score([post])
    assert 0 <= score <= 1


@pytest.mark.slow
def test_two_score_processes_side_by_side_do_not_interfere(tmp_path, labelled):
    inputs = []
    for name, frame in (("a", labelled), ("b", labelled.iloc[::-1])):
        path = tmp_path / f"{name}.csv"
        frame.to_csv(path, index=False)
        inputs.append(path)
    runs = [subprocess.Popen([sys.executable, "-m", "wildtrade_clf", "score", str(path), "-o",
                              str(path.with_suffix(".out.csv")), "--jobs", "1", "-q"], stderr=subprocess.PIPE)
            for path in inputs]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
    for path in inputs:
        out = pd.read_csv(path.with_suffix(".out.csv"))
        np.testing.assert_array_equal(out.trade_score.to_numpy(), MODEL.score(pd.read_csv(path).text).round(6))


def test_a_header_of_a_million_columns_is_refused(tmp_path):
    from click.testing import CliRunner

    from wildtrade_clf.cli import cli

    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n" + "x" * 10 + "\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["score", str(path), "-o", str(tmp_path / "out.csv")])
    assert done.exit_code == 2 and "more than 10,000 columns" in done.output


def test_a_line_of_more_than_the_limit_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from wildtrade_clf import readers
    from wildtrade_clf.cli import cli

    monkeypatch.setattr(readers, "MAX_LINE_BYTES", 1 << 20)  # 1 MB stands in for the real 64 MB
    path = tmp_path / "long.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("text\n短帖\n" + "象" * 3_000_000 + "\n")
    done = CliRunner().invoke(cli, ["score", str(path), "-o", str(tmp_path / "out.csv")])
    assert done.exit_code == 2 and "line longer than 1 MB" in done.output
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.slow
def test_a_reader_closing_the_pipe_stops_scoring_quietly(tmp_path, labelled):
    path = tmp_path / "posts.csv"
    pd.concat([labelled] * 200).to_csv(path, index=False)
    run = subprocess.run(f"{sys.executable} -m wildtrade_clf score {path} -o - -q | head -1", shell=True,
                         capture_output=True, text=True, timeout=300)
    assert run.stdout.startswith("text,label,lang,trade_score")
    assert "Error" not in run.stderr and "Traceback" not in run.stderr
