"""The benchmark script still runs (a 300-row smoke run of the in-process contenders); no benchmarking here."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

RUN = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.mark.skipif(not RUN.exists(), reason="bench/ is not part of this tree")
def test_bench_smoke_prints_a_table(tmp_path):
    done = subprocess.run([sys.executable, str(RUN), "--smoke", "--workdir", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert "| group | contender | rows | seconds |" in done.stdout and "posts/s" in done.stdout
    body = [line for line in lines if line.startswith("| a. tokenize") or line.startswith("| b. score")]
    assert len(body) >= 4
    assert not any("FAILED" in line for line in body), "\n".join(body)
