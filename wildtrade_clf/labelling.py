"""Helping people label: which unlabelled posts to label next (``suggest``), which labels look wrong (``audit``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, TrainingError
from .labels import LabelledInput, read_table
from .terms import TERMS_SEPARATOR

AUDIT_COLUMNS = ("audit_rank", "label01", "oof_score", "disagreement", "disagrees_at_threshold", "trade_terms",
                 "top_features")
SCORED_COLUMNS = ("trade_score", "trade_flag", "trade_terms")


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def pick_uncertain(scores: np.ndarray, threshold: float, n: int, features=None, groups: np.ndarray | None = None,
                   diversity: float = 0.5, pool_factor: int = 5) -> np.ndarray:
    """Indexes of up to ``n`` posts worth labelling next, in the order to label them.

    Uncertainty: closeness of the score to the model's threshold, in log-odds. Diversity: at most one post
    per near-duplicate group (``groups``), then, from the ``pool_factor * n`` most uncertain of those, a
    greedy maximal-marginal-relevance pick: each step takes the post maximising
    ``(1 - diversity) * uncertainty - diversity * (highest cosine similarity to a post already picked)``
    over the TF-IDF rows in ``features`` (L2-normalised). Ties go to the earlier row: deterministic.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if not 0 <= diversity <= 1:
        raise InputError(f"diversity must be between 0 and 1, not {diversity}")
    distance = np.abs(_logit(scores) - _logit(np.array([threshold]))[0])
    order = np.argsort(distance, kind="stable")
    if groups is not None:
        groups = np.asarray(groups)
        _, first = np.unique(groups[order], return_index=True)
        order = order[np.sort(first)]
    pool = order[:max(n * pool_factor, n)]
    if features is None or diversity == 0 or len(pool) <= 1:
        return pool[:n]
    from sklearn.preprocessing import normalize

    X = normalize(features[pool].astype(np.float64))
    certainty = np.linspace(1.0, 0.0, len(pool)) if len(pool) > 1 else np.ones(1)
    most_similar = np.zeros(len(pool))
    free = np.ones(len(pool), dtype=bool)
    picked = []
    for _ in range(min(n, len(pool))):
        gain = np.where(free, (1 - diversity) * certainty - diversity * most_similar, -np.inf)
        best = int(np.argmax(gain))
        picked.append(best)
        free[best] = False
        similarity = np.asarray((X @ X[best].T).todense()).ravel() if hasattr(X, "todense") else X @ X[best]
        most_similar = np.maximum(most_similar, similarity)
    return pool[picked]


def disagreement(labels: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """How far each out-of-fold score is from its label: ``1 - score`` for a 1, ``score`` for a 0."""
    labels = np.asarray(labels)
    scores = np.asarray(scores, dtype=np.float64)
    return np.where(labels == 1, 1 - scores, scores)


def _output(input_path: str, output: str | None, suffix: str) -> str:
    from .writers import check_not_input

    if not output:
        output = "-" if input_path == "-" else str(Path(input_path).with_name(f"{Path(input_path).stem}.{suffix}.csv"))
    check_not_input(output, [input_path])
    return output


def _write(rows: pd.DataFrame, out: str, how: dict) -> None:
    """Write ``rows`` to ``out`` as the input was written (``how``: delimiter, line ending, BOM)."""
    from .writers import output_format, write_frame

    fmt = output_format(out, "csv", allowed=("csv", "tsv"))
    write_frame(rows, out, fmt=fmt, **{**how, "bom": how["bom"] and out != "-"})


def suggest_file(input_path: str, output: str | None = None, model=None, n: int = 200,
                 text_cols: Sequence[str] = (), encoding: str | None = None, label_col: str = "label",
                 diversity: float = 0.5, prefix: str = "", progress=None) -> tuple[str, int, int]:
    """Write the ``n`` posts of ``input_path`` most worth labelling next, as a CSV ready to label.

    Rows whose ``label_col`` is already filled in are skipped. The output holds every input column, then
    ``trade_score``, ``trade_terms`` and an empty ``label_col`` (when the input has none); when the input is
    already scored (has ``trade_score``, ``trade_flag`` or ``trade_terms``), those stay as they are and this
    model's columns are ``suggest_score`` and ``suggest_terms``. ``progress`` is told how scoring goes on a big
    file. Returns the output path, the number of rows written and the number of candidate rows.
    """
    from .dedup import duplicate_groups
    from .model import as_model
    from .readers import is_missing
    from .writers import format_score, new_columns

    loaded = as_model(model)
    source = read_table(input_path, text_cols, encoding, optional=[label_col])
    frame, texts = source.frame, source.texts()
    # An already-scored input keeps its own trade_* columns whole; this model's score goes beside them.
    names = ["suggest_score", "suggest_terms"] if set(SCORED_COLUMNS) & set(source.header) and not prefix else \
        ["trade_score", "trade_terms"]
    score_col, terms_col = new_columns(input_path, source.header, names, prefix)
    has_labels = label_col in source.header
    if has_labels:
        candidates = np.flatnonzero([is_missing(v) or (isinstance(v, str) and not v.strip()) for v in frame[label_col]])
    else:
        candidates = np.arange(len(frame))
    out = _output(input_path, output, "to_label")
    if not len(candidates):
        raise InputError(f"every row of {input_path} already has a {label_col!r} label")
    posts = [texts[i] for i in candidates]
    # The model's own scores (part by part, as `score` gives them); the whole posts' features for diversity.
    found = loaded.analyse(posts, progress=progress)
    chosen = pick_uncertain(found.scores, loaded.threshold, n, found.features, duplicate_groups(found.normalised),
                            diversity)
    rows = frame.iloc[candidates[chosen]].copy()
    rows[score_col] = [format_score(score) for score in found.scores[chosen]]
    rows[terms_col] = [TERMS_SEPARATOR.join(found.terms[i]) for i in chosen]
    if not has_labels:
        rows[label_col] = ""
    _write(rows, out, source.write)
    return out, len(rows), len(candidates)


def audit_labels(texts: Sequence, labels: np.ndarray, *, seed: int = 0, folds: int = 5, groups=None,
                 params: dict | None = None, tune: bool = False, progress=None):
    """Out-of-fold scores from cross-validated training, and the model trained on all rows.

    Returns ``(model, oof_scores, disagreement)``; sort by disagreement, largest first, for the rows whose
    labels most deserve a second look.
    """
    result = _cross_validated(texts, labels, seed=seed, folds=folds, params=params, groups=groups, tune=tune,
                              progress=progress)
    return result.model, result.oof_scores, disagreement(labels, result.oof_scores)


def _cross_validated(texts: Sequence, labels: np.ndarray, **training):
    """Training for an audit, refused when no out-of-fold score can be made (an audit is nothing without them)."""
    from .train import train_model

    result = train_model(texts, labels, bootstrap=0, **training)
    if np.isnan(result.oof_scores).all():
        raise TrainingError(f"cannot audit these labels: {result.warnings[0]}")
    return result


@dataclass(frozen=True)
class Audit:
    """What :func:`audit_file` did: where it wrote, how many rows it wrote, audited, found disagreeing and
    skipped (unlabelled), the label mapping it used, and training's warnings."""

    output: str
    rows: int
    total: int
    disagreeing: int
    skipped: int
    mapping: dict
    warnings: tuple[str, ...] = ()


def audit_file(source: LabelledInput, output: str | None = None, group_col: str | None = None,
               n: int | None = 200, seed: int = 0, folds: int = 5, params: dict | None = None,
               top_features: int = 5, progress=None, prefix: str = "") -> Audit:
    """Write the rows of the labelled file ``source`` whose labels disagree most with out-of-fold scores, worst
    first, to ``output`` (default: beside the input, named ``*.audit.csv``).

    The output holds every input column, then ``audit_rank``, ``label01`` (the label as 0/1),
    ``oof_score`` (the score of a model that did not train on the row), ``disagreement``,
    ``disagrees_at_threshold`` (1 when the out-of-fold prediction at the cross-validated threshold differs
    from the label), ``trade_terms`` and ``top_features`` (the features that moved the score most, from the
    model trained on all rows). Rows without a label are refused, or left out and counted with
    ``source.skip_unlabelled``.
    """
    from .labels import read_labelled
    from .writers import format_score, new_columns

    data = read_labelled(source, extra=(group_col,) if group_col else ())
    frame, texts, labels = data.frame, data.texts, data.labels
    names = new_columns(source.path, data.header, AUDIT_COLUMNS, prefix)
    result = _cross_validated(texts, labels, seed=seed, folds=folds, groups=data.extra.get(group_col),
                              params=params, progress=progress)
    model, oof, gap = result.model, result.oof_scores, disagreement(labels, result.oof_scores)
    disagree = model.flags(oof) != labels
    order = np.lexsort((np.arange(len(gap)), -gap))
    if n is not None:
        order = order[:n]
    rows = frame.iloc[order].copy()
    chosen = [texts[i] for i in order]
    values = [np.arange(1, len(order) + 1), labels[order], [format_score(v) for v in oof[order]],
              [format_score(v) for v in gap[order]], disagree[order].astype(int),
              [TERMS_SEPARATOR.join(f) for f in model.terms(chosen)] if chosen else [],
              [TERMS_SEPARATOR.join(f"{term}:{weight:+.2f}" for term, weight in model.explain(text, top=top_features))
               for text in chosen]]
    for name, column in zip(names, values, strict=False):
        rows[name] = [str(value) for value in column]
    out = _output(source.path, output, "audit")
    _write(rows, out, data.write)
    return Audit(out, len(rows), len(labels), int(disagree.sum()), data.skipped, data.mapping, result.warnings)
