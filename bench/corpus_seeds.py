"""How much the default model's figures move with the corpus's random seed alone.

    python bench/corpus_seeds.py --seeds 20261129 1 2 --markdown bench/SEEDS.md     # about 5 minutes a seed

For each seed: ``data/build.py``'s generator regenerates every template family with that seed (hand-written and
written rows stay as they are) into a temporary copy of ``data/``, then ``models/build_default.py --quick`` trains
and evaluates on it with the shipped settings, reading the real background and WLT-OSN from ``../shared/`` as the
shipped build does. 20261129 is the shipped corpus's seed (``data/build.py``'s ``SEED``): its row gives the shipped
card's figures. Nothing is written into the checkout except the markdown table.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(seed: int, folder: Path) -> int:
    """data/ copied into ``folder`` with its corpus regenerated from ``seed``; the number of rows."""
    shutil.copytree(ROOT / "data", folder, dirs_exist_ok=True)
    spec = importlib.util.spec_from_file_location("corpus_build", folder / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.SEED = seed
    return len(build.build(str(folder))[1])


def measure(seed: int, work: Path) -> dict:
    folder = work / f"seed{seed}"
    rows = build_corpus(seed, folder)
    summary = folder / "summary.json"
    subprocess.run([sys.executable, str(ROOT / "models" / "build_default.py"), "--corpus", str(folder / "corpus.csv"),
                    "--out", str(folder / "model"), "--quick", "--summary", str(summary)], check=True,
                   stdout=subprocess.DEVNULL)
    found = json.loads(summary.read_text(encoding="utf-8"))
    return {"seed": seed, "rows": rows, "threshold": found["threshold"], "metrics": found["metrics"]}


def markdown(results: list[dict]) -> str:
    lines = ["| corpus seed | rows | threshold | held-out real flag rate | worst kind | hand-written recall | "
             "hand-written ROC-AUC | multi-item recall | WLT-OSN recall | WLT-OSN false-positive rate |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for result in results:
        own = next(row for row in result["metrics"]["tradeoff"] if row["own"])
        targets = {measure: measured for measure, measured, *_ in result["metrics"]["targets"]}
        lines.append(f"| {result['seed']} | {result['rows']:,} | {result['threshold']:.4f} | "
                     f"{own['background_flag_rate']:.2%} | "
                     f"{targets['worst flag rate of a kind, held-out real background']:.2%} | "
                     f"{own['handwritten_recall']:.3f} | {targets['ROC-AUC, hand-written posts']:.3f} | "
                     f"{own['multi_item_recall']:.3f} | {own['wlt_osn_recall']:.3f} | "
                     f"{own['wlt_osn_false_positive_rate']:.2%} |")
    lines += ["", "WLT-OSN recall at the fixed thresholds nearest a 1% false-positive rate:", "",
              "| corpus seed | threshold | WLT-OSN recall | WLT-OSN false-positive rate |", "| --- | --- | --- | --- |"]
    for result in results:
        for row in result["metrics"]["tradeoff"]:
            if not row["own"] and 0.005 <= row["wlt_osn_false_positive_rate"] <= 0.02:
                lines.append(f"| {result['seed']} | {row['threshold']} | {row['wlt_osn_recall']:.3f} | "
                             f"{row['wlt_osn_false_positive_rate']:.2%} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[20261129, 1, 2])
    parser.add_argument("--markdown", type=Path, help="write the tables here too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wildtrade-seeds-") as work:
        results = [measure(seed, Path(work)) for seed in args.seeds]
    table = markdown(results)
    print(table)
    if args.markdown:
        command = "python bench/corpus_seeds.py --seeds " + " ".join(map(str, args.seeds))
        args.markdown.write_text(f"# The default model's figures over corpus seeds\n\n{__doc__.split(chr(10), 2)[2]}"
                                 f"\nCommand: `{command}`\n\n{table}", encoding="utf-8")


if __name__ == "__main__":
    main()
