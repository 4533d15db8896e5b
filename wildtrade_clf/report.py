"""Evaluate a model on labelled posts: overall and per-group metrics, plots, the errors, and a one-page report."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .predictor import Model
from .train import binary_metrics, bootstrap_ci, duplicate_groups

PLOTS = {
    "pr_curve.png": "Precision-recall curve",
    "roc_curve.png": "ROC curve",
    "confusion_matrix.png": "Confusion matrix",
    "score_histogram.png": "Scores by true class",
}
ERRORS_SHOWN = 20


def _confusion(labels: np.ndarray, flags: np.ndarray) -> dict:
    return {"true_positives": int(((labels == 1) & (flags == 1)).sum()),
            "false_positives": int(((labels == 0) & (flags == 1)).sum()),
            "true_negatives": int(((labels == 0) & (flags == 0)).sum()),
            "false_negatives": int(((labels == 1) & (flags == 0)).sum())}


def _metrics(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    return {**binary_metrics(labels, scores, threshold), **_confusion(labels, (scores >= threshold).astype(int))}


def evaluate_scores(labels: Sequence[int], scores: Sequence[float], threshold: float,
                    by: dict[str, Sequence] | None = None) -> dict:
    """Metrics of ``scores`` against 0/1 ``labels`` at ``threshold``, overall and for each group of each ``by`` column.

    >>> result = evaluate_scores([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6], 0.5, by={"lang": ["en", "en", "zh", "zh"]})
    >>> result["overall"]["recall"], result["by"]["lang"]["zh"]["false_positive_rate"]
    (0.5, 1.0)
    """
    y, s = np.asarray(labels, dtype=np.int64), np.asarray(scores, dtype=np.float64)
    result = {"threshold": float(threshold), "overall": _metrics(y, s, threshold), "by": {}}
    for column, values in (by or {}).items():
        groups = pd.Series(list(values), dtype=object).fillna("").astype(str).to_numpy()
        result["by"][column] = {str(group): _metrics(y[groups == group], s[groups == group], threshold)
                                for group in sorted(set(groups))}
    return result


def evaluate_model(model: Model, texts: Sequence, labels: Sequence[int], by: dict[str, Sequence] | None = None) -> dict:
    """Score ``texts`` with ``model`` and evaluate at its threshold (see :func:`evaluate_scores`), with 95%
    bootstrap intervals for the overall metrics (near-duplicate posts resampled together).

    >>> from wildtrade_clf import load_model
    >>> result = evaluate_model(load_model(), ["出老犀角杯，加V详谈", "周末去看大象"], [1, 0])
    >>> result["overall"]["recall"], result["overall"]["false_positive_rate"]
    (1.0, 0.0)
    """
    scores = np.asarray(model.score(texts))
    result = evaluate_scores(labels, scores, model.threshold, by)
    y = np.asarray(labels, dtype=np.int64)
    if len(np.unique(y)) == 2:
        result["overall_ci"] = bootstrap_ci(y, scores, model.threshold, duplicate_groups(model.normalise(texts)))
    card = model.card
    result["model"] = {key: card.get(key) for key in ("package_version", "created", "threshold_rule", "seed")}
    return result


def error_table(texts: Sequence, labels: Sequence[int], scores: Sequence[float], terms: Sequence[str],
                threshold: float, extra: dict[str, Sequence] | None = None) -> pd.DataFrame:
    """The misclassified posts, worst first: those scored furthest on the wrong side of the threshold.

    >>> error_table(["a", "b", "c"], [1, 0, 1], [0.9, 0.7, 0.2], ["", "", ""], 0.5)[["text", "error"]].values.tolist()
    [['c', 'false_negative'], ['b', 'false_positive']]
    """
    frame = pd.DataFrame({"row": np.arange(1, len(labels) + 1), "label": np.asarray(labels, dtype=np.int64),
                          "score": np.asarray(scores, dtype=np.float64), "terms": list(terms),
                          **{k: list(v) for k, v in (extra or {}).items()}, "text": list(texts)})
    flags = (frame.score >= threshold).astype(int)
    frame.insert(1, "error", np.where(frame.label == 1, "false_negative", "false_positive"))
    frame = frame[flags != frame.label]
    distance = (frame.score - threshold).abs()
    return frame.assign(_d=distance).sort_values(["_d", "row"], ascending=[False, True], kind="stable").drop(
        columns="_d").reset_index(drop=True)


def write_report(result: dict, texts: Sequence, labels: Sequence[int], scores: Sequence[float],
                 terms: Sequence[str], out_dir: str | os.PathLike, extra: dict[str, Sequence] | None = None) -> Path:
    """Write metrics.json, the four PNG plots, errors.csv and report.html to ``out_dir``; returns the HTML's path.

    ``extra`` columns (e.g. the ``--by`` columns) are copied into errors.csv.

    >>> import tempfile
    >>> result = evaluate_scores([1, 0, 1], [0.9, 0.7, 0.2], 0.5)
    >>> page = write_report(result, ["a", "b", "c"], [1, 0, 1], [0.9, 0.7, 0.2], ["", "", ""], tempfile.mkdtemp())
    >>> sorted(p.name for p in page.parent.iterdir())[:3]
    ['confusion_matrix.png', 'errors.csv', 'metrics.json']
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    y, s = np.asarray(labels, dtype=np.int64), np.asarray(scores, dtype=np.float64)
    threshold = result["threshold"]
    (out / "metrics.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    errors = error_table(texts, y, s, terms, threshold, extra)
    errors.to_csv(out / "errors.csv", index=False, float_format="%.6f", encoding="utf-8-sig")
    _plot(y, s, threshold, out)
    page = out / "report.html"
    page.write_text(_html(result, errors), encoding="utf-8")
    return page


def _plot(y: np.ndarray, s: np.ndarray, threshold: float, out: Path) -> None:
    # Figures without pyplot: no backend is switched, so a notebook's inline plots keep working.
    from matplotlib.figure import Figure
    from sklearn.metrics import precision_recall_curve, roc_curve

    both = len(np.unique(y)) == 2
    flags = (s >= threshold).astype(int)

    fig = Figure(figsize=(5, 4))
    ax = fig.subplots()
    if both:
        precision, recall, _ = precision_recall_curve(y, s)
        ax.plot(recall, precision)
        point_precision = y[flags == 1].mean() if flags.any() else 1.0
        ax.plot([flags[y == 1].mean()], [point_precision], "o", label=f"threshold {threshold:.3f}")
        ax.legend(loc="lower left")
    ax.set_ylim(0, 1.02)
    _finish(ax, "Recall", "Precision", PLOTS["pr_curve.png"], both)
    fig.savefig(out / "pr_curve.png", dpi=100, bbox_inches="tight")

    fig = Figure(figsize=(5, 4))
    ax = fig.subplots()
    if both:
        fpr, tpr, _ = roc_curve(y, s)
        ax.plot(fpr, tpr)
        ax.plot([0, 1], [0, 1], ":", color="grey")
        ax.plot([flags[y == 0].mean()], [flags[y == 1].mean()], "o", label=f"threshold {threshold:.3f}")
        ax.legend(loc="lower right")
    ax.set_ylim(0, 1.02)
    _finish(ax, "False positive rate", "True positive rate (recall)", PLOTS["roc_curve.png"], both)
    fig.savefig(out / "roc_curve.png", dpi=100, bbox_inches="tight")

    fig = Figure(figsize=(4, 4))
    ax = fig.subplots()
    counts = np.array([[((y == t) & (flags == p)).sum() for p in (0, 1)] for t in (0, 1)])
    ax.imshow(counts, cmap="Blues")
    for (t, p), n in np.ndenumerate(counts):
        ax.text(p, t, str(n), ha="center", va="center", color="black" if n < counts.max() / 2 else "white")
    ax.set_xticks([0, 1], ["not flagged", "flagged"])
    ax.set_yticks([0, 1], ["not trade", "trade"])
    ax.set_xlabel("Model")
    ax.set_ylabel("Label")
    ax.set_title(f"{PLOTS['confusion_matrix.png']} at {threshold:.3f}")
    fig.savefig(out / "confusion_matrix.png", dpi=100, bbox_inches="tight")

    fig = Figure(figsize=(5, 4))
    ax = fig.subplots()
    bins = np.linspace(0, 1, 21)
    ax.hist([s[y == 0], s[y == 1]], bins=bins, label=["not trade", "trade"], color=["tab:blue", "tab:red"])
    ax.axvline(threshold, color="black", linestyle="--", label=f"threshold {threshold:.3f}")
    ax.legend()
    _finish(ax, "Score", "Posts", PLOTS["score_histogram.png"], True)
    fig.savefig(out / "score_histogram.png", dpi=100, bbox_inches="tight")


def _finish(ax, xlabel: str, ylabel: str, title: str, drawn: bool) -> None:
    if not drawn:
        ax.text(0.5, 0.5, "needs labels of both classes", ha="center", va="center")
    ax.set_xlim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)


_METRICS = ["rows", "positives", "precision", "recall", "f1", "false_positive_rate", "roc_auc", "pr_auc", "mcc",
            "true_positives", "false_positives", "true_negatives", "false_negatives"]


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return html.escape(str(value))


def _table(header: Sequence[str], rows: Sequence[Sequence]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _html(result: dict, errors: pd.DataFrame) -> str:
    overall = result["overall"]
    parts = [f"<h1>wildtrade evaluation</h1><p>Threshold {result['threshold']:.3f}; model "
             f"{_cell((result.get('model') or {}).get('package_version'))}. Scores flag posts for human review; "
             f"they are not evidence of guilt.</p>",
             "<h2>Overall</h2>", _table(_METRICS, [[overall.get(m) for m in _METRICS]])]
    for column, groups in result["by"].items():
        parts += [f"<h2>By {html.escape(column)}</h2>",
                  _table([column, *_METRICS], [[group, *(m.get(k) for k in _METRICS)] for group, m in groups.items()])]
    parts.append("<h2>Plots</h2><div class='plots'>" + "".join(
        f"<figure><img src='{name}' alt='{title}'><figcaption>{title}</figcaption></figure>"
        for name, title in PLOTS.items()) + "</div>")
    shown = errors.head(ERRORS_SHOWN)
    parts += [f"<h2>Errors</h2><p>{len(errors)} misclassified posts, worst first; the first {len(shown)} below, "
              f"all in <a href='errors.csv'>errors.csv</a>. Metrics as JSON: <a href='metrics.json'>metrics.json</a>"
              f".</p>", _table(list(shown.columns), shown.itertuples(index=False))]
    style = ("body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse;margin:8px 0}"
             "td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px}.plots{display:flex;flex-wrap:wrap}"
             "figure{margin:4px}img{width:360px}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>wildtrade evaluation</title>"
            f"<style>{style}</style></head><body>{''.join(parts)}</body></html>\n")
