"""Train a model honestly: cross-validated threshold and metrics, near-duplicates kept in one fold."""

from __future__ import annotations

import datetime as _dt
import hashlib
import platform
import re
from collections.abc import Iterable, Sequence
from importlib import metadata

import numpy as np
from sklearn.base import clone
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    matthews_corrcoef,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedGroupKFold

from ._version import __version__
from .errors import TrainingError
from .model import build_pipeline
from .normalise import _as_posts, _to_text
from .parts import with_parts
from .predictor import Model, lexicon_card

MIN_ROWS = 20
MIN_PER_CLASS = 5
_TRUE = {"1", "1.0", "true", "yes", "y", "t"}
_FALSE = {"0", "0.0", "false", "no", "n", "f"}
_LIBRARIES = ("scikit-learn", "numpy", "scipy", "skops", "rjieba", "jieba", "opencc")


def parse_labels(values: Iterable, positive: str | None = None) -> tuple[np.ndarray, dict]:
    """0/1 labels from 1/0, true/false, yes/no, or two distinct strings (``positive`` names the 1).

    Returns the labels and the mapping used, e.g. ``{"ivory-ad": 1, "other": 0}``.

    >>> parse_labels(["yes", "no", "Yes"])[0].tolist()
    [1, 0, 1]
    """
    raw = list(values)
    text = ["" if _missing(v) else str(v).strip() for v in raw]
    missing = [i for i, v in enumerate(text) if v == ""]
    if missing:
        raise TrainingError(f"{len(missing)} row(s) have no label (first at row {_rows(missing)}); label them or "
                            f"remove them")
    folded = [v.lower() for v in text]
    if all(v in _TRUE | _FALSE for v in folded):
        labels = np.array([1 if v in _TRUE else 0 for v in folded], dtype=np.int64)
        return labels, {"1/true/yes": 1, "0/false/no": 0}
    distinct = sorted(set(text))
    if len(distinct) == 2:
        if positive is None:
            positive = distinct[1]
        if positive not in distinct:
            raise TrainingError(f"the positive label {positive!r} is not among the labels {distinct}")
        negative = distinct[0] if distinct[1] == positive else distinct[1]
        return np.array([1 if v == positive else 0 for v in text], dtype=np.int64), {positive: 1, negative: 0}
    odd = [i for i, v in enumerate(folded) if v not in _TRUE | _FALSE]
    examples = ", ".join(repr(text[i]) for i in odd[:5])
    raise TrainingError(f"labels must be 1/0, true/false, yes/no or two distinct values; found {len(distinct)} "
                        f"distinct values, e.g. {examples} (rows {_rows(odd)})")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _rows(indexes: Sequence[int], limit: int = 5) -> str:
    shown = ", ".join(str(i + 1) for i in indexes[:limit])
    return shown + (f" and {len(indexes) - limit} more" if len(indexes) > limit else "")


_GROUP_NOISE = re.compile(r"(?:__[a-z]+__|[\W\d_])+")
SHINGLE = 5
NEAR_DUPLICATE_JACCARD = 0.7
_MINHASH_BANDS, _MINHASH_ROWS = 8, 4
_PRIME = (1 << 31) - 1


def duplicate_groups(normalised: Sequence[str], near: bool = True,
                     jaccard: float = NEAR_DUPLICATE_JACCARD) -> np.ndarray:
    """A group id per post: posts that are the same advert, possibly with small edits, share one.

    Posts equal once placeholders, digits, punctuation and spaces are dropped are always grouped. With
    ``near`` (the default), posts whose character 5-gram sets overlap by at least ``jaccard`` (Jaccard
    similarity) are grouped too, and grouping is transitive: candidate pairs come from MinHash with
    locality-sensitive hashing (32 hashes in 8 bands of 4, seeded, so deterministic) and each candidate is
    checked exactly against its bucket's first post. Group ids are numbered in order of first appearance.
    """
    keys = [_GROUP_NOISE.sub("", "" if _missing(text) else str(text)) for text in normalised]
    ids: dict[str, int] = {}
    exact = np.array([ids.setdefault(key, len(ids)) for key in keys], dtype=np.int64)
    if not near or len(ids) < 2:
        return exact
    # One representative per exact group; near-duplicates are found among the representatives.
    firsts = np.unique(exact, return_index=True)[1]
    reps = [keys[i] for i in firsts]
    links = _near_duplicate_links(reps, jaccard)
    if not len(links):
        return exact
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(reps)
    graph = coo_matrix((np.ones(len(links)), (links[:, 0], links[:, 1])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    merged = component[exact]
    # Renumber in order of first appearance, so ids do not depend on the graph library's numbering.
    order = np.unique(merged, return_index=True)
    renumber = np.empty(order[0].max() + 1, dtype=np.int64)
    renumber[order[0][np.argsort(order[1])]] = np.arange(len(order[0]))
    return renumber[merged]


def _near_duplicate_links(keys: Sequence[str], jaccard: float) -> np.ndarray:
    """Pairs (i, j) of keys whose character-shingle sets have Jaccard similarity >= ``jaccard``."""
    from sklearn.feature_extraction.text import HashingVectorizer

    shingles = HashingVectorizer(analyzer="char", ngram_range=(SHINGLE, SHINGLE), lowercase=False, norm=None,
                                 alternate_sign=False, binary=True, n_features=1 << 22).transform(keys).tocsr()
    shingles.sum_duplicates()
    sizes = np.diff(shingles.indptr)
    rows = np.flatnonzero(sizes > 0)
    if len(rows) < 2:
        return np.empty((0, 2), dtype=np.int64)
    cols = shingles.indices.astype(np.int64)
    starts = shingles.indptr[rows]
    rng = np.random.RandomState(20240517)
    hashes = _MINHASH_BANDS * _MINHASH_ROWS
    a = rng.randint(1, _PRIME, size=hashes, dtype=np.int64)
    b = rng.randint(0, _PRIME, size=hashes, dtype=np.int64)
    signature = np.empty((len(rows), hashes), dtype=np.int64)
    for k in range(hashes):
        signature[:, k] = np.minimum.reduceat((a[k] * cols + b[k]) % _PRIME, starts)
    pairs = []
    for band in range(_MINHASH_BANDS):
        part = np.ascontiguousarray(signature[:, band * _MINHASH_ROWS:(band + 1) * _MINHASH_ROWS])
        _, first, bucket = np.unique(part, axis=0, return_index=True, return_inverse=True)
        leader = first[bucket.ravel()]
        members = np.flatnonzero(leader != np.arange(len(rows)))
        if len(members):
            pairs.append(np.stack([rows[members], rows[leader[members]]], axis=1))
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.unique(np.concatenate(pairs), axis=0)
    overlap = np.asarray(shingles[pairs[:, 0]].multiply(shingles[pairs[:, 1]]).sum(axis=1)).ravel()
    union = sizes[pairs[:, 0]] + sizes[pairs[:, 1]] - overlap
    return pairs[overlap >= jaccard * union]


def choose_threshold(labels: np.ndarray, scores: np.ndarray, min_precision: float | None = None,
                     min_recall: float | None = None) -> float:
    """The threshold maximising F1, the lowest one reaching ``min_precision``, or the highest keeping
    ``min_recall``."""
    if min_precision is not None and min_recall is not None:
        raise TrainingError("give a minimum precision or a minimum recall, not both")
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    precision, recall = precision[:-1], recall[:-1]
    if min_precision is not None:
        ok = np.flatnonzero(precision >= min_precision)
        if not len(ok):
            raise TrainingError(f"no threshold reaches precision {min_precision} on cross-validation; lower "
                                f"--min-precision or add labelled data")
        return float(thresholds[ok[0]])
    if min_recall is not None:
        ok = np.flatnonzero(recall >= min_recall)
        if not len(ok):
            raise TrainingError(f"no threshold reaches recall {min_recall} on cross-validation")
        return float(thresholds[ok[-1]])
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(precision),
                   where=(precision + recall) > 0)
    return float(thresholds[int(np.argmax(f1))])


def flag_rate_threshold(scores: np.ndarray, rate: float) -> float:
    """The lowest threshold that flags at most ``rate`` of ``scores`` (flags are scores >= threshold)."""
    if not 0 <= rate < 1:
        raise TrainingError(f"a maximum flag rate must be at least 0 and below 1, not {rate}")
    ordered = np.sort(np.asarray(scores, dtype=np.float64))[::-1]
    allowed = int(np.floor(rate * len(ordered) + 1e-9))
    if allowed >= len(ordered):
        return float(ordered[-1])
    return float(np.nextafter(ordered[allowed], np.inf))


def background_flag_rates(scores: np.ndarray, threshold: float, groups: Sequence[str] | None = None) -> dict:
    """Rows and share flagged at ``threshold``, overall and by group."""
    flags = np.asarray(scores) >= threshold
    result = {"rows": int(len(flags)), "flagged": int(flags.sum()), "flag_rate": float(flags.mean()) if len(flags) else None}
    if groups is not None:
        names = np.asarray(groups, dtype=object)
        result["by_group"] = {str(name): {"rows": int((names == name).sum()), "flagged": int(flags[names == name].sum()),
                                          "flag_rate": float(flags[names == name].mean())}
                              for name in dict.fromkeys(groups)}
    return result


def binary_metrics(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    """Precision, recall, F1, MCC, ROC-AUC and PR-AUC of ``scores`` at ``threshold``."""
    labels = np.asarray(labels)
    flags = (np.asarray(scores) >= threshold).astype(int)
    both = len(np.unique(labels)) == 2
    return {
        "rows": int(len(labels)),
        "positives": int(labels.sum()),
        "precision": float(precision_score(labels, flags, zero_division=0)),
        "recall": float(recall_score(labels, flags, zero_division=0)),
        "f1": float(f1_score(labels, flags, zero_division=0)),
        "mcc": float(matthews_corrcoef(labels, flags)) if both else None,
        "roc_auc": float(roc_auc_score(labels, scores)) if both else None,
        "pr_auc": float(average_precision_score(labels, scores)) if both else None,
        "false_positive_rate": float(flags[labels == 0].mean()) if (labels == 0).any() else None,
    }


def training_data_hash(texts: Sequence, labels: np.ndarray) -> str:
    """SHA-256 of the training rows (text and label), order included."""
    digest = hashlib.sha256()
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{int(label)}\t{'' if _missing(text) else text}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def library_versions() -> dict:
    """Versions of Python and of the libraries that decide a model's scores."""
    versions = {"python": platform.python_version(), "wildtrade_clf": __version__}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0)
CLASS_WEIGHTS = (None, "balanced")
INNER_FOLDS = 3
BOOTSTRAP = 1000


def train_model(texts: Iterable, labels: Iterable, *, seed: int = 0, folds: int = 5,
                min_precision: float | None = None, min_recall: float | None = None, params: dict | None = None,
                groups: Iterable | None = None, tune: bool = False, bootstrap: int = BOOTSTRAP,
                corpus: tuple[Iterable, Iterable] | None = None, background: Iterable | None = None,
                background_groups: Iterable | None = None, max_flag_rate: float | None = None,
                max_group_flag_rate: float | None = None, score_parts: bool = True) -> Model:
    """Fit a model on labelled posts, choosing its threshold by cross-validation.

    ``labels`` are 0/1 (see :func:`parse_labels` for other spellings). ``params`` set pipeline
    parameters, e.g. ``{"classify__C": 3}``. ``groups`` (a seller, a source, a template) keeps related
    posts in one fold; without it, near-duplicate posts (see :func:`duplicate_groups`) are grouped.
    The threshold maximises F1 on the out-of-fold scores, or is the lowest reaching ``min_precision``, or
    the highest keeping ``min_recall``.

    ``tune=True`` chooses the regularisation strength ``C`` and the class weighting by nested grouped
    cross-validation: on each outer training fold an inner cross-validation picks them (by PR-AUC), so the
    outer out-of-fold scores, the threshold and the reported metrics stay honest; the final model uses the
    values an inner-style cross-validation on all rows picks. ``bootstrap`` resamples (by group) give 95%
    intervals for the cross-validated metrics (0 to skip). ``corpus`` is extra labelled ``(texts, labels)``
    (e.g. the shipped corpus) trained on alongside the user's rows; the threshold and the metrics are then
    those of the user's rows only. The card reports the cross-validated metrics.

    ``background`` is unlabelled real text from the feed the model will score (taken as not trade: in a real
    feed nearly every post is not), trained on as negatives and reported apart: the card gives its
    out-of-fold flag rate at the threshold, by ``background_groups`` (e.g. the source of each row; whole groups
    stay in one fold, so each rate comes from models that never saw that group). ``max_flag_rate`` makes the
    threshold the lowest one that flags at most that share of the background out of fold (e.g. 0.001), and
    ``max_group_flag_rate`` at most that share of each background group too (e.g. 0.003).

    ``score_parts`` makes the model score each post whole and part by part (lines, list items, sentences; see
    :mod:`wildtrade_clf.parts`), keeping the highest score, so one trade line in a long ordinary post flags it;
    the out-of-fold scores behind the threshold and the metrics are made the same way.

    >>> trade = ["出象牙手镯，加微信", "收犀角，价格私聊", "出老虎骨酒，懂的来", "穿山甲片现货，包邮"] * 4
    >>> other = ["出蜜蜡手串，加微信", "海关查获象牙一批", "周末去动物园看老虎", "和田玉手镯，包邮"] * 4
    >>> model = train_model([f"{t} {i}" for i, t in enumerate(trade + other)], [1] * 16 + [0] * 16,
    ...                     params={"features__min_df": 1}, bootstrap=0)
    >>> model.predict(["出象牙筷子，加微信", "今天海关又查获了一批象牙"]).tolist()
    [1, 0]
    >>> model.card["training_data"]["rows"], model.card["threshold_rule"]
    (32, 'max F1')
    """
    posts = _as_posts(texts)
    y = np.asarray(labels, dtype=np.int64)
    _check_training_set(posts, y)
    own = len(posts)
    user_groups = None if groups is None else _group_ids(groups, own)
    if corpus is not None:
        extra_posts = _as_posts(corpus[0])
        extra_y = np.asarray(corpus[1], dtype=np.int64)
        if len(extra_posts) != len(extra_y):
            raise TrainingError(f"got {len(extra_posts)} corpus posts but {len(extra_y)} labels")
        posts, y = posts + extra_posts, np.concatenate([y, extra_y])
    labelled = len(posts)
    background_names = None
    if background is not None:
        extra_posts = _as_posts(background)
        if background_groups is not None:
            background_names = ["" if _missing(g) else str(g) for g in background_groups]
            if len(background_names) != len(extra_posts):
                raise TrainingError(f"got {len(background_names)} background group values for "
                                    f"{len(extra_posts)} background posts")
        posts, y = posts + extra_posts, np.concatenate([y, np.zeros(len(extra_posts), dtype=np.int64)])
    if max_group_flag_rate is not None and max_flag_rate is None:
        raise TrainingError("max_group_flag_rate needs max_flag_rate: give the overall share too")
    if max_flag_rate is not None and (background is None or labelled == len(posts)):
        raise TrainingError("max_flag_rate needs background posts: it is a share of the background that may be flagged")
    settings = {"classify__random_state": seed, **(params or {})}
    pipeline = build_pipeline(**settings)
    prefix, rest = pipeline[:2], pipeline[2:]
    normalised = prefix[0].fit(posts).transform(posts)
    tokens = prefix[1].fit().transform(normalised)
    # The model scores whole posts and their parts, keeping the highest, so it also learns from the parts of the
    # posts that are not trade (a part of a trade post may be an ordinary line: it is not taught as trade), and
    # the out-of-fold scores are made the same way.
    part_owner = np.empty(0, dtype=np.intp)
    part_tokens: list = []
    if score_parts:
        entries, owner = with_parts([_to_text(post) for post in posts])
        part_owner = owner[len(posts):]
        part_tokens = prefix[1].transform(prefix[0].transform(entries[len(posts):]))
    negative_parts = np.flatnonzero(y[part_owner] == 0) if len(part_owner) else part_owner

    def rows(index: np.ndarray) -> tuple[list, np.ndarray]:
        extra = negative_parts[np.isin(part_owner[negative_parts], index)]
        return ([tokens[i] for i in index] + [part_tokens[i] for i in extra],
                np.concatenate([y[index], np.zeros(len(extra), dtype=np.int64)]))
    found = duplicate_groups(normalised)
    if user_groups is None:
        groups = found
    else:  # the user's groups for their rows; corpus rows keep their near-duplicate groups
        groups = np.concatenate([user_groups, user_groups.max() + 1 + found[own:]])
    if background_names is not None:
        groups = np.concatenate([groups[:labelled], groups.max() + 1 + _group_ids(background_names, len(background_names))])
    groups = np.unique(groups, return_inverse=True)[1].ravel()
    n_splits = min(folds, _max_folds(y, groups))
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    oof = np.zeros(len(y))
    chosen_per_fold = []
    for train_idx, test_idx in splitter.split(tokens, y, groups):
        fold = clone(rest)
        if tune:
            best = _tune(rest, [tokens[i] for i in train_idx], y[train_idx], groups[train_idx], seed)
            fold.set_params(**best)
            chosen_per_fold.append(best)
        fold.fit(*rows(train_idx))
        oof[test_idx] = fold.predict_proba([tokens[i] for i in test_idx])[:, 1]
        held = np.flatnonzero(np.isin(part_owner, test_idx))
        if len(held):
            np.maximum.at(oof, part_owner[held], fold.predict_proba([part_tokens[i] for i in held])[:, 1])
    mine, unlabelled = slice(0, own), slice(labelled, len(posts))
    if max_flag_rate is not None:
        if min_precision is not None or min_recall is not None:
            raise TrainingError("give one threshold rule: a minimum precision, a minimum recall or a maximum flag rate")
        threshold = flag_rate_threshold(oof[unlabelled], max_flag_rate)
        if max_group_flag_rate is not None:
            names = np.asarray(background_names if background_names is not None else [""] * (len(posts) - labelled),
                               dtype=object)
            threshold = max([threshold, *(flag_rate_threshold(oof[unlabelled][names == name], max_group_flag_rate)
                                          for name in dict.fromkeys(names))])
    else:
        threshold = choose_threshold(y[mine], oof[mine], min_precision, min_recall)
    tuning = None
    if tune:
        best = _tune(rest, tokens, y, groups, seed)
        rest.set_params(**best)
        settings.update(best)
        tuning = {"chosen": {key: _jsonable(value) for key, value in best.items()},
                  "chosen_per_outer_fold": [{key: _jsonable(v) for key, v in chosen.items()}
                                            for chosen in chosen_per_fold],
                  "grid": {"classify__C": list(C_GRID), "classify__class_weight": list(CLASS_WEIGHTS)},
                  "inner_folds": INNER_FOLDS, "criterion": "PR-AUC (average precision)"}
    final_tokens, final_y = rows(np.arange(len(posts)))
    rest.set_params(classify__threshold=threshold).fit(final_tokens, final_y)
    tokenizer = pipeline.named_steps["tokenize"]
    sizes = np.bincount(groups[mine])
    sizes = sizes[sizes > 0]
    cross_validated = {**binary_metrics(y[mine], oof[mine], threshold), "folds": n_splits}
    rule = "max F1"
    if min_precision is not None:
        rule = f"precision >= {min_precision}"
    elif min_recall is not None:
        rule = f"recall >= {min_recall}"
    elif max_flag_rate is not None:
        rule = f"out-of-fold background flag rate <= {max_flag_rate}"
        if max_group_flag_rate is not None:
            rule += f", <= {max_group_flag_rate} in every background group"
    card = {
        "package_version": __version__,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "library_versions": library_versions(),
        "tokenizer": {"backend": tokenizer.backend, "hmm": tokenizer.hmm,
                      "lexicon": tokenizer.lexicon if isinstance(tokenizer.lexicon, bool) else "custom"},
        "lexicon": lexicon_card(pipeline),
        "training_data": {"sha256": training_data_hash(posts[mine], y[mine]), "rows": own,
                          "positives": int(y[mine].sum()), "groups": int(len(sizes)),
                          "rows_in_multi_row_groups": int(sizes[sizes > 1].sum()),
                          "largest_group": int(sizes.max()),
                          "grouping": "given" if user_groups is not None else
                          f"near-duplicates (character {SHINGLE}-gram Jaccard >= {NEAR_DUPLICATE_JACCARD})"},
        "seed": seed,
        "params": {key: _jsonable(value) for key, value in sorted(settings.items())},
        "threshold": threshold,
        "threshold_rule": rule,
        "metrics": {"cross_validated": cross_validated},
    }
    if corpus is not None:
        card["training_data"]["corpus"] = {"sha256": training_data_hash(posts[own:labelled], y[own:labelled]),
                                           "rows": labelled - own, "positives": int(y[own:labelled].sum())}
        card["metrics"]["cross_validated_with_corpus"] = {**binary_metrics(y[:labelled], oof[:labelled], threshold),
                                                          "folds": n_splits}
    if labelled < len(posts):
        card["training_data"]["background"] = {"sha256": training_data_hash(posts[unlabelled], y[unlabelled]),
                                               "rows": len(posts) - labelled}
        card["metrics"]["background"] = background_flag_rates(oof[unlabelled], threshold, background_names)
    card["base_rate"] = float(final_y.mean())  # the mix the calibration saw, parts of ordinary posts included
    card["score_parts"] = bool(score_parts)
    if tuning:
        card["tuning"] = tuning
    if bootstrap:
        card["metrics"]["cross_validated_ci"] = bootstrap_ci(y[mine], oof[mine], threshold, groups[mine],
                                                             resamples=bootstrap, seed=seed)
    model = Model(pipeline, card)
    model.oof_scores_ = oof[mine]
    model.cv_groups_ = groups[mine]
    return model


def _tune(rest, tokens: list, y: np.ndarray, groups: np.ndarray, seed: int) -> dict:
    """C and class weighting with the best inner grouped cross-validated PR-AUC (ties: the stronger
    regularisation). The features are learned once on all of ``tokens`` (unsupervised, so the inner folds
    share only document frequencies), then plain logistic regressions are fitted per inner fold: ranking
    does not depend on the monotone calibration, so it is left out here."""
    from sklearn.linear_model import LogisticRegression

    X = clone(rest.named_steps["features"]).fit_transform(tokens)
    n_inner = min(INNER_FOLDS, _max_folds(y, groups))
    inner = list(StratifiedGroupKFold(n_splits=n_inner, shuffle=True, random_state=seed + 1).split(X, y, groups))
    best, best_score = None, -np.inf
    for weight in CLASS_WEIGHTS:
        for C in C_GRID:
            scores = np.zeros(len(y))
            for train_idx, test_idx in inner:
                lr = LogisticRegression(C=C, class_weight=weight, solver="liblinear", max_iter=1000,
                                        random_state=seed).fit(X[train_idx], y[train_idx])
                scores[test_idx] = lr.decision_function(X[test_idx])
            value = average_precision_score(y, scores)
            if value > best_score + 1e-9:
                best, best_score = {"classify__C": C, "classify__class_weight": weight}, value
    return best


def bootstrap_ci(labels: np.ndarray, scores: np.ndarray, threshold: float, groups: np.ndarray | None = None,
                 resamples: int = BOOTSTRAP, seed: int = 0, level: float = 0.95) -> dict:
    """Percentile bootstrap intervals for precision, recall, F1, MCC, ROC-AUC and PR-AUC at ``threshold``.

    Whole groups (near-duplicates) are resampled, since copies of one advert are not independent evidence.
    Each resample is a vector of weights over the rows, so the metrics come from weighted cumulative counts
    over one sort (ties handled as scikit-learn does): about a second for 1000 resamples of 100k rows.
    Resamples lacking a class are skipped. Returns ``{metric: [low, high]}``, the resamples and the level.
    """
    y = np.asarray(labels).astype(bool)
    s = np.asarray(scores, dtype=np.float64)
    n = len(y)
    g = np.arange(n) if groups is None else np.unique(np.asarray(groups), return_inverse=True)[1].ravel()
    n_groups = int(g.max()) + 1 if n else 0
    order = np.argsort(-s, kind="stable")
    y, g, s = y[order], g[order], s[order]
    bucket = np.concatenate([[0], np.cumsum(np.diff(s) != 0)])  # rank of each distinct score, highest first
    pos, neg = np.flatnonzero(y), np.flatnonzero(~y)
    pos_bucket, neg_bucket = bucket[pos], bucket[neg]
    # For each positive: how many positives / negatives score at or above its score, and negatives above it.
    pos_upto = np.searchsorted(pos_bucket, pos_bucket, side="right") - 1
    neg_upto = np.searchsorted(neg_bucket, pos_bucket, side="right") - 1
    neg_above = np.searchsorted(neg_bucket, pos_bucket, side="left") - 1
    flagged_pos = int(np.count_nonzero(s[pos] >= threshold))
    flagged_neg = int(np.count_nonzero(s[neg] >= threshold))
    g_pos, g_neg = g[pos], g[neg]
    rng = np.random.default_rng(seed)
    names = ("precision", "recall", "f1", "mcc", "roc_auc", "pr_auc")
    values = {name: np.full(resamples, np.nan) for name in names}

    def at(cumulative, index):  # cumulative[:, index] with index -1 meaning "none yet" (0)
        padded = np.concatenate([np.zeros((cumulative.shape[0], 1)), cumulative], axis=1)
        return padded[:, np.asarray(index) + 1]

    batch = max(1, min(resamples, 2_000_000 // max(n, 1)))
    for first in range(0, resamples, batch):
        size = min(batch, resamples - first)
        draws = rng.integers(0, n_groups, size=(size, n_groups))
        counts = np.stack([np.bincount(row, minlength=n_groups) for row in draws]).astype(np.float64)
        cum_pos = np.cumsum(counts[:, g_pos], axis=1)
        cum_neg = np.cumsum(counts[:, g_neg], axis=1)
        P, N = at(cum_pos, [len(pos) - 1])[:, 0], at(cum_neg, [len(neg) - 1])[:, 0]
        w_pos = counts[:, g_pos]
        tp_upto, fp_upto = at(cum_pos, pos_upto), at(cum_neg, neg_upto)
        fp_above = at(cum_neg, neg_above)
        with np.errstate(divide="ignore", invalid="ignore"):
            auc = (w_pos * (N[:, None] - fp_upto + 0.5 * (fp_upto - fp_above))).sum(axis=1) / (P * N)
            ap = (w_pos * tp_upto / np.maximum(tp_upto + fp_upto, 1e-12)).sum(axis=1) / P
            tp = at(cum_pos, [flagged_pos - 1])[:, 0]
            fp = at(cum_neg, [flagged_neg - 1])[:, 0]
            fn, tn = P - tp, N - fp
            precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
            recall = tp / P
            f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
            denominator = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
            mcc = np.where(denominator > 0, (tp * tn - fp * fn) / np.where(denominator > 0, denominator, 1), 0.0)
        both = (P > 0) & (N > 0)
        for name, value in zip(names, (precision, recall, f1, mcc, auc, ap), strict=False):
            values[name][first:first + size] = np.where(both, value, np.nan)
    tail = (1 - level) / 2 * 100
    result = {}
    for name in names:
        sample = values[name][~np.isnan(values[name])]
        result[name] = ([round(float(v), 4) for v in np.percentile(sample, [tail, 100 - tail])]
                        if len(sample) else None)
    result.update({"resamples": int(resamples), "level": level,
                   "resampled_unit": "near-duplicate group" if groups is not None else "row"})
    return result


def _group_ids(groups: Iterable, n: int) -> np.ndarray:
    keys = ["" if _missing(g) else str(g) for g in groups]
    if len(keys) != n:
        raise TrainingError(f"got {len(keys)} group values for {n} posts")
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(key, len(ids)) for key in keys], dtype=np.int64)


def _jsonable(value):
    return list(value) if isinstance(value, tuple) else value


def _max_folds(y: np.ndarray, groups: np.ndarray) -> int:
    per_class = [len(np.unique(groups[y == label])) for label in (0, 1)]
    return max(2, min(per_class))


def _check_training_set(posts: list, y: np.ndarray) -> None:
    if len(posts) != len(y):
        raise TrainingError(f"got {len(posts)} posts but {len(y)} labels")
    bad = np.flatnonzero((y != 0) & (y != 1))
    if len(bad):
        raise TrainingError(f"labels must be 0 or 1; rows {_rows(bad.tolist())} are not")
    if len(y) < MIN_ROWS:
        raise TrainingError(f"too few rows to train: {len(y)}; at least {MIN_ROWS} labelled posts are needed")
    counts = {label: int((y == label).sum()) for label in (0, 1)}
    if min(counts.values()) == 0:
        only = 1 if counts[1] else 0
        raise TrainingError(f"all {len(y)} labels are {only}; training needs examples of both trade (1) and "
                            f"not trade (0)")
    if min(counts.values()) < MIN_PER_CLASS:
        raise TrainingError(f"too few examples of one class ({counts[0]} not trade, {counts[1]} trade); at least "
                            f"{MIN_PER_CLASS} of each are needed")


def default_corpus(path=None) -> tuple[list[str], np.ndarray]:
    """The training rows (``split == train``) of the shipped corpus, ``data/corpus.csv`` in a checkout, or of
    the corpus file at ``path`` (columns ``text`` and ``label``, optionally ``split``)."""
    from pathlib import Path

    import pandas as pd

    file = Path(path) if path is not None else Path(__file__).resolve().parent.parent / "data" / "corpus.csv"
    if not file.is_file():
        if path is not None:
            raise TrainingError(f"corpus file {file} does not exist")
        raise TrainingError("the shipped corpus (data/corpus.csv) comes with a checkout of the wildtrade_clf "
                            "repository, not with an installed package: run from a checkout or give --corpus PATH")
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    missing = {"text", "label"} - set(frame.columns)
    if missing:
        raise TrainingError(f"corpus file {file} lacks the column(s) {', '.join(sorted(missing))}")
    if "split" in frame.columns:
        frame = frame[frame["split"] == "train"]
    return frame["text"].tolist(), parse_labels(frame["label"])[0]
