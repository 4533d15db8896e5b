"""The README documents what exists: every command, every public name, the set-up commands CI runs, and its
Python examples still give the output shown. The changelog names the current version."""

import doctest
import re
import shlex
from pathlib import Path

import pytest

import wildtrade_clf
from wildtrade_clf.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAIN_COMMAND = "python -m pip install . && wildtrade score examples/sample_posts.csv -o sample_posts.scored.csv"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.S | re.M)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme(command):
    assert f"wildtrade {command}" in README, f"README has no example of `wildtrade {command}`"


@pytest.mark.parametrize("name", sorted(wildtrade_clf.__all__))
def test_every_public_name_is_in_the_readme(name):
    assert re.search(rf"\b{re.escape(name)}\b", README), f"README does not mention {name}"


def test_readme_setup_commands_match_ci():
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))]
    assert len(ci) == 1, ci
    setup = _blocks("bash")[0].splitlines()
    assert MAIN_COMMAND in setup
    tests, _, checks = ci[0].partition(" && python -m ruff check")
    assert tests in setup and checks == " . && python -m mypy wildtrade_clf"


def test_readme_command_examples_use_real_options():
    """Each `wildtrade COMMAND --option` line in the README's shell blocks names a command and options that exist."""
    lines = [line.strip() for block in _blocks("bash") for line in block.replace("\\\n", " ").splitlines()]
    checked = 0
    for line in lines:
        if not line.startswith("wildtrade "):
            continue
        words = shlex.split(line.split(" #")[0])
        if words[1].startswith("-"):
            assert set(words[1:]) <= {"--version", "-V", "--help", "-h"}, line
            continue
        command = cli.commands[words[1]]
        known = {opt for param in command.params for opt in param.opts + param.secondary_opts} | {"-h", "--help"}
        used = {word.split("=")[0] for word in words[2:] if word.startswith("-") and word != "-"}
        assert used <= known, f"{line}: unknown {sorted(used - known)}"
        checked += 1
    assert checked >= len(cli.commands)


def test_readme_python_examples_run(monkeypatch):
    """The ```pycon blocks are doctests: their output must be what the code prints today."""
    monkeypatch.chdir(ROOT)  # the examples read files by paths relative to the repository root
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    blocks = _blocks("pycon")
    assert blocks
    for number, block in enumerate(blocks, 1):
        runner.run(parser.get_doctest(block, {}, f"README.md pycon block {number}", "README.md", 0))
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} README example(s) failed; see the output above"


def test_changelog_names_the_current_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{wildtrade_clf.__version__}]" in changelog
