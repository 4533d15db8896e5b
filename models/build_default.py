"""Train the shipped default model from data/corpus.csv and real background text, and write its card.

    python data/build.py && python models/build_default.py

Trains on the corpus's ``train`` split plus up to 12,000 rows from each of five real background sources read
from ``../shared/background/`` (never committed), taken as not trade. Cross-validation keeps template families
of the corpus, and whole background sources, in one fold, so each out-of-fold score comes from a model that never
saw that family or source. The threshold is the lowest at which the out-of-fold background flag rate stays at
most ``MAX_FLAG_RATE``. Then evaluates on what the model never trained on: the corpus's held-out splits (template
families, hand-written posts, multi-item posts), three whole held-out background sources (flag rate by source,
kind and language) and, zero-shot, WLT-OSN's real English posts (``../shared/eval/wlt-osn/``, research use
only: evaluated, never trained on). Stores the figures in ``card.json`` and writes ``MODEL_CARD.md``. Same data
and seed, same model, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from real_text import (
    BACKGROUND,
    HELD_OUT_SOURCES,
    SOURCES,
    TRAIN_ROWS_PER_SOURCE,
    read_background,
    read_wlt_osn,
    split_background,
)

from wildtrade_clf import load_model, train_model
from wildtrade_clf.report import evaluate_scores
from wildtrade_clf.robustness import disguise_recall

SEED = 0
# At most these shares of the training background, overall and of each fifth of each source, may be flagged out
# of fold: the goals for real feeds. Each fifth of a source sits in one fold, so the threshold is set on new posts
# of registers the model knows; the held-out sources then test registers it has never seen. (Whole sources in one
# fold set it on unseen registers instead; the one English source, sms_ham, then sat in a fold that saw almost no
# ordinary English, and the threshold rose until recall on trade posts fell by a third.)
MAX_FLAG_RATE = 0.0005
MAX_SOURCE_FLAG_RATE = 0.003
# The features, C and class weighting. train_model's inner grouped cross-validation (judged by the recall of the
# corpus's trade posts at the threshold flagging MAX_FLAG_RATE of the training background) chose these on the
# v3 corpus. On the v4 corpus (English families added) the same search chose word unigrams and C=3, which lost
# multi-item recall (0.869 -> 0.774) and doubled the held-out template families' false-positive rate, probably
# because the search compares candidates on whole posts while the model scores part by part. They stay fixed here.
# That choice was made with held-out figures in view (two candidates), so those figures are slightly flattered; the
# cards say so. --param overrides one (experiments).
SETTINGS = {"features__ngram_range": (1, 2), "features__latin_char_ngram": (2, 5), "classify__C": 300.0,
            "classify__class_weight": None}
# Every REPRODUCTION_STRIDE-th training row goes into the reproduction check (see reproduction_check).
REPRODUCTION_STRIDE = 10
HELD_OUT = {"test_template": "held-out template families", "test_handwritten": "hand-written posts",
            "test_multi_item": "multi-item posts, one trade item"}
NEGATIVE_KINDS = ("news", "lookalike", "legal_sale", "chat")
POSITIVE_KINDS = ("offer", "buy_request", "jargon", "code_word", "disguised")
CURVE_THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
# The bar the default model is held to (issues: corpus and default model; real feeds).
TARGETS = [
    ("flag rate, held-out real background", lambda m: m["real_background"]["overall"]["flag_rate"], "<=", 0.001),
    ("worst flag rate of a kind, held-out real background",
     lambda m: max(g["flag_rate"] for g in m["real_background"]["by_kind"].values()), "<=", 0.003),
    ("recall, hand-written trade posts", lambda m: m["test_handwritten"]["overall"]["recall"], ">=", 0.90),
    ("ROC-AUC, hand-written posts", lambda m: m["test_handwritten"]["overall"]["roc_auc"], ">=", 0.97),
    ("recall, multi-item posts with one trade item",
     lambda m: m.get("test_multi_item", {}).get("overall", {}).get("recall"), ">=", 0.80),
    ("recall, WLT-OSN zero-shot", lambda m: m.get("wlt_osn", {}).get("recall"), ">=", 0.85),
    ("false-positive rate, WLT-OSN zero-shot", lambda m: m.get("wlt_osn", {}).get("false_positive_rate"), "<=", 0.01),
    ("false-positive rate, look-alikes (hand-written)",
     lambda m: m["test_handwritten"]["by"]["kind"]["lookalike"]["false_positive_rate"], "<=", 0.10),
    ("false-positive rate, news (hand-written)",
     lambda m: m["test_handwritten"]["by"]["kind"]["news"]["false_positive_rate"], "<=", 0.05),
]


def evaluate(frame: pd.DataFrame, scores: np.ndarray, threshold: float) -> dict:
    """Metrics at ``threshold``, overall and by kind, language and disguise."""
    disguise = frame.kind.map(lambda k: "disguised or code word" if k in ("disguised", "code_word") else "other")
    return evaluate_scores(frame.label.to_numpy(), scores, threshold,
                           by={"kind": frame.kind, "lang": frame.lang, "disguise": disguise})


def real_background(scores: np.ndarray, frame: pd.DataFrame, threshold: float) -> dict:
    """Share of held-out real posts flagged at ``threshold``: overall, by source, kind and language. Rows judged
    by hand to be trade (``trade_suspect``) are counted apart, not as false flags."""
    flags = np.asarray(scores) >= threshold
    suspect = (frame.trade_suspect == "1").to_numpy()

    def rate(mask) -> dict:
        return {"rows": int(mask.sum()), "flagged": int(flags[mask].sum()),
                "flag_rate": float(flags[mask].mean()) if mask.any() else None}

    ordinary = ~suspect
    result = {"overall": rate(ordinary), "trade_suspects": rate(suspect)}
    for column in ("source", "kind", "lang"):
        values = frame[column].to_numpy()
        result[f"by_{column}"] = {str(v): rate(ordinary & (values == v)) for v in sorted(set(values[ordinary]))}
    return result


def wlt_osn(frame: pd.DataFrame, scores: np.ndarray, threshold: float) -> dict:
    """Zero-shot figures on WLT-OSN at ``threshold``."""
    m = evaluate_scores(frame.label.to_numpy(), scores, threshold)["overall"]
    return {key: m[key] for key in ("rows", "positives", "recall", "precision", "false_positive_rate", "roc_auc",
                                    "pr_auc", "mcc")}


def tradeoff(threshold: float, held_scores: np.ndarray, held: pd.DataFrame, recall_on: dict,
             osn: tuple | None) -> list[dict]:
    """Flag rate on held-out real text against recall on labelled sets (``recall_on``: a name and its
    ``(labels, scores)``) and on WLT-OSN (``osn``, with its false-positive rate) at several thresholds, the
    model's own among them."""
    ordinary = (held.trade_suspect != "1").to_numpy()
    rows = []
    for cut in sorted({*CURVE_THRESHOLDS, threshold}):
        row = {"threshold": float(cut), "own": cut == threshold,
               "background_flag_rate": float((held_scores[ordinary] >= cut).mean())}
        for name, (labels, scores) in recall_on.items():
            trade = np.asarray(labels) == 1
            row[name] = float((scores[trade] >= cut).mean()) if trade.any() else None
        if osn is not None:
            y, scores = np.asarray(osn[0]) == 1, osn[1]
            row["wlt_osn_recall"] = float((scores[y] >= cut).mean())
            row["wlt_osn_false_positive_rate"] = float((scores[~y] >= cut).mean())
        rows.append(row)
    return rows


def _pct(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def _rate(value) -> str:
    return "–" if value is None else f"{100 * value:.2f}%"


def _reproduction_lines(check: dict | None) -> list[str]:
    if check is None:
        return []
    return [f"Reproduction check: the same code fits every {REPRODUCTION_STRIDE}th training row "
            f"({check['labelled_rows']:,}), with {check['background_rows']:,} ordinary corpus rows for background, "
            f"into a model with threshold {check['threshold']:.6f} whose scores of the {check['scored_rows']:,} "
            f"held-out rows hash to `{check['scores_sha256'][:12]}…`; `tests/test_reproduction.py` refits it.", ""]


def markdown(card: dict) -> str:
    m = card["metrics"]
    cv, bg = m["cross_validated"], m["background"]
    real = m["real_background"]
    sources = card["background_sources"]
    lines = [
        "# Model card: wildtrade_clf default model", "",
        f"Package version {card['package_version']}, trained {card['created']} with seed {card['seed']}. "
        "Rebuild: `python data/build.py && python models/build_default.py` (needs `../shared/background/`).", "",
        *_reproduction_lines(card.get("reproduction_check")),
        "## What it is for, and what not", "",
        "It ranks short posts (Chinese, traditional Chinese, English, mixed) by the likelihood that they offer or "
        "ask for a protected wildlife product, so that people review the riskiest first. A score is not "
        "evidence of a crime and must never be used alone to punish, block or report anyone. Its labelled posts "
        "are synthetic and hand-written by this project (`data/DATACARD.md`); its negatives also include real, "
        "ordinary text from public corpora (below). Expect lower figures on new code words, images, other "
        "languages and registers no source below covers.", "",
        "## Training data", "",
        f"* Labelled: `data/corpus.csv`, split `train`: {cv['rows']:,} posts ({cv['positives']:,} trade) in "
        f"{card['training_data']['groups']} template families.",
        f"* Real background, taken as not trade: {bg['rows']:,} posts, up to {TRAIN_ROWS_PER_SOURCE:,} per source "
        "(fixed sample by hashed id; rows judged by hand to be trade offers left out):", "",
        "| source | kind | origin | licence | use | rows used |", "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, row in sources.items():
        lines.append(f"| {name} | {row['kind']} | {row['origin']} | {row['licence']} | {row['use']} | "
                     f"{row['rows_used']:,} |")
    fixed = {key.split("__", 1)[1]: value for key, value in card["params"].items() if key in SETTINGS}
    lines += [
        "", "None of this text is in the repository: the build reads it from `../shared/background/`.", "",
        "## Settings", "",
        "Features and regularisation: " + ", ".join(f"`{key}={value}`" for key, value in sorted(fixed.items())) +
        ". `train_model`'s inner cross-validation chose them on the previous corpus (v3); on this one it chose word "
        "unigrams and `C=3`, which lost recall on the multi-item posts (0.869 to 0.774) and doubled the held-out "
        "template families' false-positive rate, probably because the search compares candidates on whole posts "
        "while the model scores part by part. They are fixed in `models/build_default.py` (`SETTINGS`). That choice "
        "between two candidates was made with the held-out figures below in view, so they are slightly flattered.", "",
        "## What a score means, and the threshold", "",
        f"A score is a calibrated probability of trade for a feed in which trade makes up {100 * card['base_rate']:.1f}% "
        "of posts (the training mix, `base_rate`). Real feeds hold far less: `Model.score(posts, prior=0.001)` "
        "(or `wildtrade score --prior 0.001`) restates the probabilities for a feed where 0.1% of posts are trade; "
        "the ranking, and which posts are flagged (at the restated threshold), stay the same.",
        f"The threshold, {card['threshold']:.4f}, is the lowest at which at most {100 * MAX_FLAG_RATE:.2f}% of the "
        f"training background, and at most {100 * MAX_SOURCE_FLAG_RATE:.2f}% of each fifth of each source, is flagged "
        f"out of fold (each fifth sat in one fold): {bg['flagged']} of {bg['rows']:,} ({_rate(bg['flag_rate'])}). "
        "A post is scored whole and part by part (lines, list items, sentences); its score is the highest.", "",
        "## Flag rate on real text the model never trained on", "",
        f"Held-out sources ({', '.join(HELD_OUT_SOURCES)}), all their rows, at the model's threshold: "
        f"**{_rate(real['overall']['flag_rate'])}** of {real['overall']['rows']:,} posts flagged "
        f"({real['overall']['flagged']}). Out-of-fold rates of the training sources (new posts of a source the "
        "model knows) are listed below them.", "",
        "| group | rows | flagged | flag rate |", "| --- | --- | --- | --- |",
    ]
    for column in ("source", "kind", "lang"):
        for name, row in real[f"by_{column}"].items():
            lines.append(f"| held out, {column}: {name} | {row['rows']:,} | {row['flagged']} | {_rate(row['flag_rate'])} |")
    for name, row in bg["by_source"].items():
        lines.append(f"| training source out of fold: {name} | {row['rows']:,} | {row['flagged']} | "
                     f"{_rate(row['flag_rate'])} |")
    suspects = real["trade_suspects"]
    lines += ["", f"Rows of the held-out sources judged by hand to be trade: {suspects['rows']} "
              f"({suspects['flagged']} flagged).", "",
              "## Labelled posts the model never trained on", "",
              "These are written by the project (synthetic or hand-written): figures on them say little about real "
              "feeds.", "",
              "| set | rows | ROC-AUC | PR-AUC | precision | recall | F1 | false-positive rate |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |",
              f"| cross-validated on train (grouped by family) | {cv['rows']} | {_pct(cv['roc_auc'])} | "
              f"{_pct(cv['pr_auc'])} | {_pct(cv['precision'])} | {_pct(cv['recall'])} | {_pct(cv['f1'])} | "
              f"{_pct(cv['false_positive_rate'])} |"]
    for split, title in HELD_OUT.items():
        if split in m:
            g = m[split]["overall"]
            lines.append(f"| {title} | {g['rows']} | {_pct(g['roc_auc'])} | {_pct(g['pr_auc'])} | "
                         f"{_pct(g['precision'])} | {_pct(g['recall'])} | {_pct(g['f1'])} | "
                         f"{_pct(g['false_positive_rate'])} |")
    hand = m["test_handwritten"]["by"]
    lines += ["", "### Hand-written posts by kind and language", "",
              "| group | rows | recall (trade kinds) | false-positive rate (other kinds) |", "| --- | --- | --- | --- |"]
    for kind in POSITIVE_KINDS + NEGATIVE_KINDS:
        g = hand["kind"].get(kind)
        if g:
            lines.append(f"| kind: {kind} | {g['rows']} | {_pct(g['recall']) if g['positives'] else '–'} | "
                         f"{_pct(g['false_positive_rate']) if g['positives'] < g['rows'] else '–'} |")
    for lang, g in hand["lang"].items():
        lines.append(f"| language: {lang} | {g['rows']} | {_pct(g['recall'])} | {_pct(g['false_positive_rate'])} |")
    osn = m.get("wlt_osn")
    if osn:
        lines += ["", "## Zero-shot on real English posts (WLT-OSN)", "",
                  f"WLT-OSN (Mou et al., ICWSM 2024; research use only, evaluated on, never trained on): "
                  f"{osn['rows']:,} real tweets about ivory, {osn['positives']} of them ivory sales promotion. At the "
                  f"model's threshold: recall {_pct(osn['recall'])}, false-positive rate {_rate(osn['false_positive_rate'])}, "
                  f"precision {_pct(osn['precision'])}, ROC-AUC {_pct(osn['roc_auc'])}. Its positives include "
                  "\"legal\" mammoth and antique ivory sales, which the corpus teaches only through a few English "
                  "families written for them (data/DATACARD.md, corpus v4)."]
    lines += ["", "## The trade-off at other thresholds", "",
              "| threshold | flag rate, held-out real text | recall, hand-written trade posts | recall, multi-item "
              "posts | WLT-OSN recall | WLT-OSN false-positive rate |", "| --- | --- | --- | --- | --- | --- |"]
    for row in m["tradeoff"]:
        mark = " (the model's)" if row["own"] else ""
        lines.append(f"| {row['threshold']:.4f}{mark} | {_rate(row['background_flag_rate'])} | "
                     f"{_pct(row['handwritten_recall'])} | {_pct(row['multi_item_recall'])} | "
                     f"{_pct(row.get('wlt_osn_recall'))} | "
                     f"{_rate(row.get('wlt_osn_false_positive_rate'))} |")
    if "disguise_robustness" in m:
        trade_posts = sum(m[split]["overall"]["positives"] for split in HELD_OUT if split in m)
        lines += ["", "## Robustness to disguises", "",
                  f"Recall on the {trade_posts} held-out trade posts as written and after each disguise is applied to "
                  "all of them automatically (`wildtrade_clf.robustness`).", "",
                  "| disguise | posts changed | recall | mean change in score |", "| --- | --- | --- | --- |"]
        for name, row in m["disguise_robustness"].items():
            lines.append(f"| {name} | {row['changed_posts']} | {row['recall']:.3f} | {row['mean_score_change']:+.4f} |")
    lines += ["", "## Against the bar set for the default model", "",
              "| measure | target | measured | met |", "| --- | --- | --- | --- |"]
    for name, value, op, target in m["targets"]:
        met = value is not None and (value >= target if op == ">=" else value <= target)
        shown = "–" if value is None else f"{value:.4f}"
        lines.append(f"| {name} | {op} {target} | {shown} | {'yes' if met else 'no'} |")
    return "\n".join(lines) + "\n"


def fold_groups(background: pd.DataFrame) -> list[str]:
    """A cross-validation group per background row: its source and one of five fixed buckets by hashed id."""
    buckets = background.id.map(lambda i: int(hashlib.sha256(i.encode("utf-8")).hexdigest()[:8], 16) % 5)
    return (background.source + "/" + buckets.astype(str)).tolist()


def by_source(groups: dict) -> dict:
    """Out-of-fold background flag counts summed from source/bucket groups to sources."""
    sources: dict = {}
    for name, row in groups.items():
        total = sources.setdefault(name.split("/")[0], {"rows": 0, "flagged": 0})
        total["rows"] += row["rows"]
        total["flagged"] += row["flagged"]
    return {name: {**row, "flag_rate": row["flagged"] / row["rows"]} for name, row in sorted(sources.items())}


def fit(train: pd.DataFrame, background: pd.DataFrame, params: dict, *, bootstrap: int, progress=None):
    """The default model's training: ``train`` the corpus rows (text, label, source), ``background`` the real
    rows (id, source, text) taken as not trade."""
    return train_model(train.text.tolist(), train.label.to_numpy(), seed=SEED, groups=train.source.tolist(),
                       params=params, background=background.text.tolist(), background_groups=fold_groups(background),
                       max_flag_rate=MAX_FLAG_RATE, max_group_flag_rate=MAX_SOURCE_FLAG_RATE, score_parts=True,
                       progress=progress, bootstrap=bootstrap).model


def reproduction_check(corpus: pd.DataFrame) -> dict:
    """What :func:`fit` makes of a fixed tenth of the corpus's training rows, with another tenth of its ordinary
    rows standing in for the background (tests cannot read the real one): its threshold and a hash of its scores
    of the held-out rows. Stored in the card by the build, so a test can tell in seconds when the code no longer
    fits what it fitted when the shipped model was built."""
    train = corpus[corpus.split == "train"].reset_index(drop=True)
    labelled = train.iloc[::REPRODUCTION_STRIDE]
    stand_in = train.iloc[REPRODUCTION_STRIDE // 2::REPRODUCTION_STRIDE]
    stand_in = stand_in[stand_in.label == 0]
    model = fit(labelled, stand_in, SETTINGS, bootstrap=0)
    scores = np.asarray(model.score(corpus[corpus.split != "train"].text), dtype="<f8")
    return {"labelled_rows": len(labelled), "background_rows": len(stand_in), "scored_rows": len(scores),
            "threshold": model.threshold, "scores_sha256": hashlib.sha256(scores.tobytes()).hexdigest()}


def _param(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    return key, json.loads(value)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(HERE.parent / "data" / "corpus.csv"))
    parser.add_argument("--background", default=str(BACKGROUND), help="the background corpus (real text, not trade)")
    parser.add_argument("--out", default=str(HERE / "default"))
    parser.add_argument("--rows-per-source", type=int, default=TRAIN_ROWS_PER_SOURCE)
    parser.add_argument("--param", action="append", default=[], type=_param, metavar='STEP__NAME=JSON',
                        help="fix a setting instead of searching it (experiments)")
    parser.add_argument("--quick", action="store_true",
                        help="skip intervals and disguise checks (experiments; pair it with --out elsewhere)")
    parser.add_argument("--summary", default=None, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    corpus = pd.read_csv(args.corpus, dtype=str, keep_default_na=False)
    corpus["label"] = corpus.label.astype(int)
    train = corpus[corpus.split == "train"]
    background = read_background(Path(args.background))
    bg_train, bg_held = split_background(background, args.rows_per_source)
    params = {**SETTINGS, **dict(args.param)}
    model = fit(train, bg_train, params, bootstrap=0 if args.quick else 1000,
                progress=lambda line: print(f"  {line}", file=sys.stderr, flush=True))
    metrics = model._card["metrics"]
    metrics["background"]["by_source"] = by_source(metrics["background"].pop("by_group"))
    held_out = {split: corpus[corpus.split == split] for split in HELD_OUT if (corpus.split == split).any()}
    scores = {split: model.score(frame.text) for split, frame in held_out.items()}
    for split, frame in held_out.items():
        metrics[split] = evaluate(frame, scores[split], model.threshold)
    held_scores = model.score(bg_held.text)
    metrics["real_background"] = real_background(held_scores, bg_held, model.threshold)
    osn_frame = read_wlt_osn()
    osn = None if osn_frame is None else (osn_frame.label.to_numpy(), model.score(osn_frame.text))
    if osn is not None:
        metrics["wlt_osn"] = wlt_osn(osn_frame, osn[1], model.threshold)
    recall_on = {name: (held_out[split].label.to_numpy(), scores[split]) if split in held_out else ([], np.empty(0))
                 for name, split in (("handwritten_recall", "test_handwritten"), ("multi_item_recall", "test_multi_item"))}
    metrics["tradeoff"] = tradeoff(model.threshold, held_scores, bg_held, recall_on, osn)
    if not args.quick:
        held_out_trade = corpus[corpus.split.isin(list(HELD_OUT)) & (corpus.label == 1)]
        metrics["disguise_robustness"] = disguise_recall(model, held_out_trade.text.tolist())
    metrics["targets"] = [(name, None if get(metrics) is None else float(get(metrics)), op, target)
                          for name, get, op, target in TARGETS]
    model._card["background_sources"] = {
        name: {"origin": origin, "licence": licence, "kind": kind,
               "use": "held out (evaluation only)" if name in HELD_OUT_SOURCES else "training negatives",
               "rows_used": int((bg_train.source == name).sum() + (bg_held.source == name).sum())}
        for name, (origin, licence, kind) in SOURCES.items()}
    if not args.param:
        model._card["reproduction_check"] = reproduction_check(corpus)
    model._card["evaluated_zero_shot_on"] = (
        "WLT-OSN (Mou et al., ICWSM 2024; research use only; never trained on)" if osn is not None else None)
    if args.summary:
        Path(args.summary).write_text(json.dumps({"params": params, "threshold": model.threshold,
                                                  "metrics": metrics}, indent=1, default=str), encoding="utf-8")
    for name, value, op, target in metrics["targets"]:
        shown = "–" if value is None else f"{value:.4f}"
        print(f"{name:55s} {shown} (target {op} {target})")
    model.save(args.out)
    card = load_model(args.out).card
    (Path(args.out) / "MODEL_CARD.md").write_text(markdown(card), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
