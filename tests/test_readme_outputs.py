"""The README's command examples print what the README shows, with the shipped model and committed files.

An example is a ```bash block followed at once by a ```text block. Every one whose inputs are committed files
(under examples/ and data/) is run, in a temporary folder so that what it writes lands there; `wildtrade train`
examples (minutes) and those needing a file made elsewhere are left out. In the text block a line `...` stands for
any number of lines, and a duration (`in 0.6s`) for any duration.
"""

import glob
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DURATION = re.compile(r"\bin \d+(\.\d+)?s\b")
FILE = re.compile(r"\.(csv|tsv|jsonl|parquet|xlsx)$")
OUTPUT_OPTIONS = {"-o", "--output", "--report"}
COMMITTED = ("examples", "data")


def _examples() -> list[tuple[str, str]]:
    block = r"((?:(?!```).)*?)"  # a block's body: no fence inside, so a pair never spans other blocks
    pairs = re.findall(rf"^```bash\n{block}^```\n```text\n{block}^```", README, flags=re.S | re.M)
    return [(commands, shown) for commands, shown in pairs if _runnable(commands)]


def _runnable(commands: str) -> bool:
    try:
        lines = [shlex.split(line, comments=True) for line in commands.replace("\\\n", " ").splitlines()]
    except ValueError:  # not a plain command line (a here-document, say)
        return False
    lines = [words for words in lines if words]
    for words in lines:
        if "wildtrade" not in words[:-1] or words[words.index("wildtrade") + 1] == "train":
            return False
        after = list(zip(["", *words[:-1]], words, strict=True))  # (the word before, the word)
        inputs = [word for before, word in after if FILE.search(word) and before not in OUTPUT_OPTIONS]
        models = [word for before, word in after if before == "--model"]
        if not all(glob.glob(str(ROOT / word)) and word.startswith(COMMITTED) for word in inputs + models):
            return False
    return bool(lines)


def _matches(shown: list[str], printed: list[str]) -> bool:
    """Whether ``printed`` fits ``shown``, whose ``...`` lines (indented or not) stand for any run of lines."""
    if not shown:
        return not printed
    if shown[0].strip() == "...":
        return any(_matches(shown[1:], printed[i:]) for i in range(len(printed) + 1))
    return bool(printed) and DURATION.sub("in Ts", shown[0]) == DURATION.sub("in Ts", printed[0]) and \
        _matches(shown[1:], printed[1:])


EXAMPLES = _examples()


def test_the_readme_has_runnable_examples():
    assert len(EXAMPLES) >= 8, [commands for commands, _ in EXAMPLES]


@pytest.mark.parametrize("commands, shown", EXAMPLES, ids=[commands[:60] for commands, _ in EXAMPLES])
def test_a_readme_example_prints_what_the_readme_shows(tmp_path, commands, shown):
    for name in COMMITTED:
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    printed = []
    for command in filter(str.strip, commands.splitlines()):
        runnable = re.sub(r"(^|\| )wildtrade ", rf"\g<1>{sys.executable} -m wildtrade_clf ", command)
        # Both streams into one pipe, unbuffered, so the lines come in the order a terminal shows them.
        run = subprocess.run(["bash", "-c", runnable], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, encoding="utf-8", timeout=300,
                             env={**os.environ, "PYTHONUNBUFFERED": "1"})
        printed += run.stdout.splitlines()
    assert _matches(shown.splitlines(), printed), "printed:\n" + "\n".join(printed)


RETRAINING = re.compile(r"^```bash\n(wildtrade train data/corpus\.csv [^\n]*)\n```\n```text\n(.*?)^```\n\n"
                        r"On stderr it says what it is doing meanwhile:\n\n```text\n(.*?)^```\n"
                        r"```bash\n(wildtrade evaluate [^\n]*--model my_model [^\n]*)\n```\n```text\n(.*?)^```",
                        flags=re.S | re.M)


def _run_example(command: str, folder: Path) -> subprocess.CompletedProcess:
    runnable = re.sub(r"^wildtrade ", f"{sys.executable} -m wildtrade_clf ", command)
    return subprocess.run(["bash", "-c", runnable], cwd=folder, capture_output=True, text=True, encoding="utf-8",
                          timeout=600, env={**os.environ, "PYTHONUNBUFFERED": "1"})


@pytest.mark.slow
def test_the_readme_retraining_example_prints_what_the_readme_shows(tmp_path):
    """The train-on-the-corpus example (left out above: it takes about half a minute), then evaluating its model."""
    found = RETRAINING.search(README)
    assert found, "the README's retraining example (train on data/corpus.csv, then evaluate --model my_model) moved"
    train, shown_out, shown_err, evaluate, shown_evaluate = found.groups()
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    trained = _run_example(train, tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert _matches(shown_out.splitlines(), trained.stdout.splitlines()), "printed:\n" + trained.stdout
    assert _matches(shown_err.splitlines(), trained.stderr.splitlines()), "printed:\n" + trained.stderr
    evaluated = _run_example(evaluate.replace("--report my_report/", "--report my_report/ 2>&1"), tmp_path)
    assert evaluated.returncode == 0, evaluated.stdout
    assert _matches(shown_evaluate.splitlines(), evaluated.stdout.splitlines()), "printed:\n" + evaluated.stdout
