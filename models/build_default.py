"""Train the shipped default model from data/corpus.csv and write its card.

    python data/build.py && python models/build_default.py

Trains on the ``train`` split (cross-validation grouped by template family, so the threshold and the
cross-validated figures come from families the fold never saw), evaluates on the two held-out splits, stores
those figures in ``card.json`` and writes ``MODEL_CARD.md``. Same corpus and seed, same model, byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from wildtrade_clf import load_model, train_model  # noqa: E402
from wildtrade_clf.report import evaluate_scores  # noqa: E402
from wildtrade_clf.robustness import disguise_recall  # noqa: E402

SEED = 0
HELD_OUT = {"test_template": "held-out template families", "test_handwritten": "hand-written posts"}
NEGATIVE_KINDS = ("news", "lookalike", "legal_sale", "chat")
POSITIVE_KINDS = ("offer", "buy_request", "jargon", "code_word", "disguised")
# The bar the default model is held to on the hand-written posts (issue: corpus and default model).
TARGETS = [
    ("ROC-AUC", lambda m: m["overall"]["roc_auc"], ">=", 0.97),
    ("F1 at the model's threshold", lambda m: m["overall"]["f1"], ">=", 0.90),
    ("recall, disguised and code-word posts", lambda m: m["by"]["disguise"]["disguised or code word"]["recall"],
     ">=", 0.85),
    ("false-positive rate, look-alikes", lambda m: m["by"]["kind"]["lookalike"]["false_positive_rate"], "<=", 0.10),
    ("false-positive rate, news", lambda m: m["by"]["kind"]["news"]["false_positive_rate"], "<=", 0.05),
]


def evaluate(model, frame: pd.DataFrame) -> dict:
    """Metrics at the model's threshold, overall and by kind, language and disguise."""
    disguise = frame.kind.map(lambda k: "disguised or code word" if k in ("disguised", "code_word") else "other")
    return evaluate_scores(frame.label.to_numpy(), model.score(frame.text), model.threshold,
                           by={"kind": frame.kind, "lang": frame.lang, "disguise": disguise})


def _pct(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def markdown(card: dict) -> str:
    cv = card["metrics"]["cross_validated"]
    lines = [
        "# Model card: wildtrade_clf default model", "",
        f"Package version {card['package_version']}, trained {card['created']} with seed {card['seed']}.",
        f"Training data: `data/corpus.csv`, split `train`: {cv['rows']:,} posts ({cv['positives']:,} trade), "
        f"{card['training_data']['groups']} template families (SHA-256 of the rows "
        f"`{card['training_data']['sha256'][:16]}…`).",
        f"Tokenizer: {card['tokenizer']['backend']} (HMM {'on' if card['tokenizer']['hmm'] else 'off'}); "
        f"decision threshold {card['threshold']:.4f} ({card['threshold_rule']}, chosen on cross-validation "
        f"grouped by template family).", "",
        "Rebuild: `python data/build.py && python models/build_default.py`.", "",
        "## What it is for, and what not", "",
        "It ranks short posts (Chinese, traditional Chinese, English, mixed) by the likelihood that they offer or "
        "ask for a protected wildlife product, so that people review the riskiest first. A score is not "
        "evidence of a crime and must never be used alone to punish, block or report anyone. It was trained on "
        "synthetic and hand-written posts written by this project (see `data/DATACARD.md`), not on real "
        "platform data: expect lower figures on real feeds, new code words, images and other languages.", "",
        "## Figures", "",
        "| set | rows | ROC-AUC | PR-AUC | precision | recall | F1 | false-positive rate |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| cross-validated on train (grouped by family) | {cv['rows']} | {_pct(cv['roc_auc'])} | "
        f"{_pct(cv['pr_auc'])} | {_pct(cv['precision'])} | {_pct(cv['recall'])} | {_pct(cv['f1'])} | "
        f"{_pct(cv['false_positive_rate'])} |",
    ]
    for split, title in HELD_OUT.items():
        m = card["metrics"][split]["overall"]
        lines.append(f"| {title} | {m['rows']} | {_pct(m['roc_auc'])} | {_pct(m['pr_auc'])} | "
                     f"{_pct(m['precision'])} | {_pct(m['recall'])} | {_pct(m['f1'])} | "
                     f"{_pct(m['false_positive_rate'])} |")
    for split, title in HELD_OUT.items():
        by = card["metrics"][split]["by"]
        lines += ["", f"### {title[0].upper() + title[1:]}: by kind and language", "",
                  "| group | rows | recall (trade kinds) | false-positive rate (other kinds) |", "| --- | --- | --- | --- |"]
        for kind in POSITIVE_KINDS + NEGATIVE_KINDS:
            g = by["kind"].get(kind)
            if g:
                lines.append(f"| kind: {kind} | {g['rows']} | {_pct(g['recall']) if g['positives'] else '–'} | "
                             f"{_pct(g['false_positive_rate']) if g['positives'] < g['rows'] else '–'} |")
        for lang, g in by["lang"].items():
            lines.append(f"| language: {lang} | {g['rows']} | {_pct(g['recall'])} | {_pct(g['false_positive_rate'])} |")
    trade_posts = sum(card["metrics"][split]["overall"]["positives"] for split in HELD_OUT)
    lines += ["", "## Robustness to disguises", "",
              f"Recall on the {trade_posts} held-out trade posts as written and after each disguise is applied to "
              "all of them automatically (`wildtrade_clf.robustness`).", "",
              "| disguise | posts changed | recall | mean change in score |", "| --- | --- | --- | --- |"]
    for name, row in card["metrics"]["disguise_robustness"].items():
        lines.append(f"| {name} | {row['changed_posts']} | {row['recall']:.3f} | {row['mean_score_change']:+.4f} |")
    lines += ["", "## Against the bar set for the default model (hand-written posts)", "",
              "| measure | target | measured | met |", "| --- | --- | --- | --- |"]
    for name, value, op, target in card["metrics"]["targets"]:
        met = value >= target if op == ">=" else value <= target
        lines.append(f"| {name} | {op} {target} | {value:.3f} | {'yes' if met else 'no'} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(HERE.parent / "data" / "corpus.csv"))
    parser.add_argument("--out", default=str(HERE / "default"))
    args = parser.parse_args(argv)
    corpus = pd.read_csv(args.corpus, dtype=str, keep_default_na=False)
    corpus["label"] = corpus.label.astype(int)
    train = corpus[corpus.split == "train"]
    model = train_model(train.text.tolist(), train.label.to_numpy(), seed=SEED, groups=train.source.tolist())
    metrics = model._card["metrics"]
    for split in HELD_OUT:
        metrics[split] = evaluate(model, corpus[corpus.split == split])
    held_out_trade = corpus[corpus.split.isin(list(HELD_OUT)) & (corpus.label == 1)]
    metrics["disguise_robustness"] = disguise_recall(model, held_out_trade.text.tolist())
    handwritten = metrics["test_handwritten"]
    metrics["targets"] = [(name, float(get(handwritten)), op, target) for name, get, op, target in TARGETS]
    model.save(args.out)
    card = load_model(args.out).card
    (Path(args.out) / "MODEL_CARD.md").write_text(markdown(card), encoding="utf-8")
    for name, value, op, target in card["metrics"]["targets"]:
        print(f"{name:40s} {value:.3f} (target {op} {target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
