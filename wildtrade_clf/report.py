"""Evaluate a model on labelled posts: overall and per-group metrics, plots, the errors, and a one-page report."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .card import sketch_overlap
from .dedup import duplicate_groups
from .errors import InputError
from .labels import LabelledFile, LabelledInput
from .metrics import at_thresholds, binary_metrics, bootstrap_ci
from .model import Model

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


def evaluate_scores(labels: ArrayLike, scores: ArrayLike, threshold: float,
                    by: dict[str, Sequence] | None = None) -> dict:
    """Metrics of ``scores`` against 0/1 ``labels`` at ``threshold``, overall and for each group of each ``by`` column.

    >>> result = evaluate_scores([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6], 0.5, by={"lang": ["en", "en", "zh", "zh"]})
    >>> result["overall"]["recall"], result["by"]["lang"]["zh"]["false_positive_rate"]
    (0.5, 1.0)
    """
    y, s = np.asarray(labels, dtype=np.int64), np.asarray(scores, dtype=np.float64)
    result: dict[str, Any] = {"threshold": float(threshold), "overall": _metrics(y, s, threshold), "by": {}}
    for column, values in (by or {}).items():
        groups = pd.Series(list(values), dtype=object).fillna("").astype(str).to_numpy()
        result["by"][column] = {str(group): _metrics(y[groups == group], s[groups == group], threshold)
                                for group in sorted(set(groups))}
    return result


THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
TOP = (50, 100, 200, 500, 1000)


def evaluate_model(model: Model, texts: Sequence, labels: ArrayLike, by: dict[str, Sequence] | None = None,
                   threshold: float | None = None) -> dict:
    """Score ``texts`` with ``model`` and evaluate them (see :func:`evaluate_scored`).

    >>> from wildtrade_clf import load_model
    >>> result = evaluate_model(load_model(), ["出老犀角杯，加V详谈", "周末去看大象"], [1, 0])
    >>> result["overall"]["recall"], result["overall"]["false_positive_rate"]
    (1.0, 0.0)
    """
    return evaluate_scored(model, texts, labels, model.score(texts), by, threshold)


def evaluate_scored(model: Model, texts: Sequence, labels: ArrayLike, scores: ArrayLike,
                    by: dict[str, Sequence] | None = None, threshold: float | None = None,
                    normalised: Sequence[str] | None = None) -> dict:
    """Metrics of ``model``'s ``scores`` of ``texts`` at ``threshold`` (the model's own by default), overall and
    by each ``by`` column (see :func:`evaluate_scores`), with 95% bootstrap intervals for the overall metrics
    (near-duplicate posts resampled together), precision and recall at several thresholds and for the top N
    posts, and how many posts the model trained on (``overlap_with_training``; evaluating on them flatters; None
    when the model's card keeps no sketch of its rows).
    ``normalised`` are the texts as the model normalised them, when the caller has them already.
    """
    cut = model.cut(threshold)
    s = np.asarray(scores, dtype=np.float64)
    result = evaluate_scores(labels, s, cut, by)
    y = np.asarray(labels, dtype=np.int64)
    normalised = model.normalise(texts) if normalised is None else normalised
    if len(np.unique(y)) == 2:
        result["overall_ci"] = bootstrap_ci(y, s, cut, duplicate_groups(normalised))
    result["at_thresholds"] = at_thresholds(y, s, sorted({*THRESHOLDS, cut}), [n for n in TOP if n < len(y)])
    card = model.card
    sketch = card.get("training_data", {}).get("row_sketch")
    if sketch:
        seen = sketch_overlap(sketch, normalised)
        result["overlap_with_training"] = {"rows": int(seen.sum()), "share": float(seen.mean()) if len(seen) else 0.0}
    else:  # a model trained before cards kept a sketch of their rows: say that it could not be checked
        result["overlap_with_training"] = None
    result["model"] = {key: card.get(key) for key in ("package_version", "created", "threshold", "threshold_rule",
                                                      "seed")}
    return result


@dataclass(frozen=True)
class Evaluation:
    """What :func:`evaluate_file` did: the figures (as in ``metrics.json``), the labelled rows it read and the
    report page it wrote."""

    result: dict
    data: LabelledFile
    page: Path


def evaluate_file(source: LabelledInput, report_dir: str | os.PathLike, model: Model | str | os.PathLike | None = None,
                  by: Sequence[str] = (),
                  id_col: str | None = None, threshold: float | None = None,
                  progress: Callable[[str], None] | None = None) -> Evaluation:
    """Score the labelled file ``source`` with ``model`` (a model, its folder, or the shipped model when None) and
    write the report folder ``report_dir``: metrics
    (at ``threshold``, the model's own by default; by each ``by`` column too), plots, ``errors.csv`` (with the
    ``id_col`` first, then the input's columns) and ``report.html``.
    """
    import datetime as dt

    from .labels import describe_mapping, read_labelled
    from .model import as_model
    from .terms import TERMS_SEPARATOR

    say = progress or (lambda message: None)
    target = Path(report_dir)
    if not target.resolve().parent.is_dir():
        raise InputError(f"cannot write the report to {report_dir}: folder {target.resolve().parent} does not exist")
    folder = None if isinstance(model, Model) else model
    model = as_model(model)
    data = read_labelled(source, extra=tuple(dict.fromkeys([*([id_col] if id_col else []), *by])))
    say(f"scoring {len(data.texts):,} posts")
    found = model.analyse(data.texts, progress=say)
    say("metrics and bootstrap intervals")
    result = evaluate_scored(model, data.texts, data.labels, found.scores, {name: data.extra[name] for name in by},
                             threshold, normalised=found.normalised)
    result["input"] = {"path": source.path, "model_folder": str(folder) if folder else "default",
                       "labels": describe_mapping(data.mapping), "skipped_unlabelled": data.skipped,
                       "date": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()}
    say("writing the report")
    # The id first, then the input's columns (a lone text column is the table's own text already).
    shown = [name for name in data.frame.columns if name != id_col and data.text_columns != [name]]
    columns = {**({id_col: data.extra[id_col]} if id_col else {}), **{name: data.frame[name].tolist() for name in shown}}
    page = write_report(result, data.texts, data.labels, found.scores, [TERMS_SEPARATOR.join(f) for f in found.terms],
                        target, extra=columns, groups=duplicate_groups(found.normalised))
    return Evaluation(result, data, page)


def error_table(texts: Sequence, labels: ArrayLike, scores: ArrayLike, terms: Sequence[str],
                threshold: float, extra: dict[str, Sequence] | None = None,
                groups: ArrayLike | None = None) -> pd.DataFrame:
    """The misclassified posts, most wrong first: false positives scored 1.0 and false negatives scored 0.0 lead.

    ``extra`` columns (an id, the input's columns; ``input_label`` for one named like a column of the table) come
    first, so a post can be traced; posts of one ``groups``
    value (copies of one advert) are collapsed into their first row, with ``copies`` counting them.

    >>> error_table(["a", "b", "c"], [1, 0, 1], [0.9, 0.7, 0.2], ["", "", ""], 0.5)[["text", "error"]].values.tolist()
    [['c', 'false_negative'], ['b', 'false_positive']]
    """
    y, s = np.asarray(labels, dtype=np.int64), np.asarray(scores, dtype=np.float64)
    own = {"row", "error", "label", "score", "copies", "terms", "text"}
    # An input column named like one of the table's own keeps its values under input_NAME.
    extra = {(f"input_{k}" if k in own else k): list(v) for k, v in (extra or {}).items()}
    frame = pd.DataFrame({**extra, "row": np.arange(1, len(y) + 1), "label": y, "score": s, "terms": list(terms),
                          "text": list(texts)})
    frame.insert(len(extra or {}) + 1, "error", np.where(y == 1, "false_negative", "false_positive"))
    frame["_wrong"] = np.where(y == 1, 1 - s, s)
    frame["_group"] = np.arange(len(y)) if groups is None else np.asarray(groups)
    frame = frame[(s >= threshold).astype(int) != y]
    copies = frame.groupby(["_group", "error"], sort=False)["row"].transform("size")
    frame = frame.drop_duplicates(["_group", "error"], keep="first")
    frame.insert(frame.columns.get_loc("score") + 1, "copies", copies[frame.index])
    return frame.sort_values(["_wrong", "row"], ascending=[False, True], kind="stable").drop(
        columns=["_wrong", "_group"]).reset_index(drop=True)


def write_report(result: dict, texts: Sequence, labels: ArrayLike, scores: ArrayLike,
                 terms: Sequence[str], out_dir: str | os.PathLike, extra: dict[str, Sequence] | None = None,
                 groups: ArrayLike | None = None) -> Path:
    """Write metrics.json, the four PNG plots, errors.csv and report.html to ``out_dir``; returns the HTML's path.

    ``extra`` columns (e.g. an id and the input's columns) are copied into errors.csv; ``groups`` (near-duplicate
    groups) collapse repeated adverts there into one row with a count.

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
    errors = error_table(texts, y, s, terms, threshold, extra, groups)
    errors.to_csv(out / "errors.csv", index=False, float_format="%.6f", encoding="utf-8-sig")
    _plot(y, s, threshold, out)
    page = out / "report.html"
    page.write_text(_html(result, errors), encoding="utf-8")
    return page


def _plot(y: np.ndarray, s: np.ndarray, threshold: float, out: Path) -> None:
    # Figures without pyplot: no backend is switched, so a notebook's inline plots keep working.
    from matplotlib.figure import Figure
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

    both = len(np.unique(y)) == 2
    flags = (s >= threshold).astype(int)

    fig = Figure(figsize=(5, 4))
    ax = fig.subplots()
    if both:
        precision, recall, _ = precision_recall_curve(y, s)
        ax.plot(recall, precision, label=f"PR-AUC {average_precision_score(y, s):.3f}")
        ax.axhline(y.mean(), linestyle=":", color="grey", label=f"chance ({y.mean():.3f})")
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
        ax.plot(fpr, tpr, label=f"ROC-AUC {roc_auc_score(y, s):.3f}")
        ax.plot([0, 1], [0, 1], ":", color="grey", label="chance")
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
    ax.hist([s[y == 0], s[y == 1]], label=["not trade", "trade"], color=["tab:blue", "tab:red"],
            bins=bins)  # type: ignore[arg-type]  # matplotlib takes any array of edges; its stub wants a Sequence
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


GLOSSARY = [
    ("precision", "of the posts flagged, the share that are trade: how much of a reviewer's time is well spent"),
    ("recall", "of the trade posts, the share flagged: how much trade is caught"),
    ("false-positive rate", "of the other posts, the share flagged"),
    ("F1", "one figure balancing precision and recall (their harmonic mean)"),
    ("MCC", "Matthews correlation between flags and labels: 1 perfect, 0 no better than chance, fair on rare trade"),
    ("ROC-AUC / PR-AUC", "how well the scores rank trade above the rest over all thresholds (chance: 0.5 / the share "
                         "of trade)"),
    ("95% interval", "how far a figure could move on other posts of the same kind (bootstrap, copies of one advert "
                     "resampled together)"),
    ("–", "undefined: e.g. precision when nothing is flagged, recall when there is no trade post"),
]


def _with_interval(metrics: dict, ci: dict | None, key: str) -> str:
    value = _cell(metrics.get(key))
    interval = (ci or {}).get(key)
    return value + (f" <small>[{interval[0]:.3f}, {interval[1]:.3f}]</small>" if interval else "")


def _html(result: dict, errors: pd.DataFrame) -> str:
    overall, ci = result["overall"], result.get("overall_ci")
    model = result.get("model") or {}
    source = result.get("input") or {}
    header = [("model", source.get("model_folder", "–")), ("model trained", model.get("created")),
              ("input", source.get("path", "–")), ("label mapping", source.get("labels", "–")),
              ("threshold", f"{result['threshold']:.3f}" + (" (the model's)" if result["threshold"] == model.get(
                  "threshold") else f" (the model's is {_cell(model.get('threshold'))})")),
              ("evaluated", source.get("date", "–"))]
    parts = ["<h1>wildtrade evaluation</h1>", _table(["", ""], header),
             "<p>Scores flag posts for human review; they are not evidence of guilt.</p>"]
    overlap = result.get("overlap_with_training")
    if overlap and overlap["rows"]:
        parts.append(f"<p><b>Warning:</b> {overlap['rows']:,} of these posts ({overlap['share']:.1%}) are among the "
                     f"model's training rows: figures on them are flattered.</p>")
    figures = ["precision", "recall", "f1", "mcc", "roc_auc", "pr_auc"]
    rest = [m for m in _METRICS if m not in figures]
    parts += ["<h2>Overall</h2>",
              "<table><tr>" + "".join(f"<th>{m}</th>" for m in figures + rest) + "</tr><tr>" +
              "".join(f"<td>{_with_interval(overall, ci, m)}</td>" for m in figures) +
              "".join(f"<td>{_cell(overall.get(m))}</td>" for m in rest) + "</tr></table>",
              "<p>Brackets: 95% intervals.</p>"]
    table = result.get("at_thresholds")
    if table:
        parts += ["<h2>At other thresholds, and for the top N posts</h2>",
                  _table(["threshold or top N", "flagged", "trade flagged", "precision", "recall"],
                         [[f"top {r['top']:,} (score >= {r['lowest_score']:.3f})" if "top" in r else
                           f"{r['threshold']:.3f}", r["flagged"], r["trade_flagged"], r["precision"], r["recall"]]
                          for r in table])]
    for column, groups in result["by"].items():
        parts += [f"<h2>By {html.escape(column)}</h2>",
                  _table([column, *_METRICS], [[group, *(m.get(k) for k in _METRICS)] for group, m in groups.items()])]
    parts.append("<h2>Plots</h2><div class='plots'>" + "".join(
        f"<figure><img src='{name}' alt='{title}'><figcaption>{title}</figcaption></figure>"
        for name, title in PLOTS.items()) + "</div>")
    shown = errors.head(ERRORS_SHOWN)
    parts += [f"<h2>Errors</h2><p>{int(errors['copies'].sum()) if len(errors) else 0} misclassified posts "
              f"({len(errors)} once copies of one advert are counted once), most wrong first; the first "
              f"{len(shown)} below, all in <a href='errors.csv'>errors.csv</a>. Metrics as JSON: "
              f"<a href='metrics.json'>metrics.json</a>.</p>", _table(list(shown.columns), shown.itertuples(index=False))]
    parts += ["<h2>Glossary</h2><dl>" + "".join(f"<dt>{html.escape(term)}</dt><dd>{html.escape(meaning)}</dd>"
                                               for term, meaning in GLOSSARY) + "</dl>"]
    style = ("body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse;margin:8px 0}"
             "td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px}.plots{display:flex;flex-wrap:wrap}"
             "figure{margin:4px}img{width:360px}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>wildtrade evaluation</title>"
            f"<style>{style}</style></head><body>{''.join(parts)}</body></html>\n")
