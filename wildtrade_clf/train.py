"""Train a model honestly: cross-validated threshold and metrics, near-duplicates kept in one fold."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import StratifiedGroupKFold
from threadpoolctl import threadpool_limits

from .card import jsonable, provenance, row_sketch, training_data_hash
from .classify import build_pipeline, steps_of, tokens_to_score
from .dedup import NEAR_DUPLICATE_JACCARD, SHINGLE, duplicate_groups
from .errors import TrainingError
from .featurebank import FeatureBank
from .labels import BackgroundInput, LabelledFile, LabelledInput, missing, parse_labels, rows
from .metrics import (
    BOOTSTRAP,
    background_flag_rates,
    binary_metrics,
    bootstrap_ci,
    choose_threshold,
    flag_rate_threshold,
)
from .model import Model, lexicon_card
from .parts import highest, with_parts
from .selection import SEARCH, WIDE_SEARCH, Selection, select_settings
from .textrules import _as_posts, _to_text

MIN_ROWS = 20
MIN_PER_CLASS = 5
# The threshold of a model whose rows are too few to cross-validate: the calibrated probability's midpoint.
UNCHECKED_THRESHOLD = 0.5


@dataclass(frozen=True)
class TrainingResult:
    """What :func:`train_model` returns: the model, and for the caller's own rows (in their order) the
    out-of-fold scores (each from a model that did not train on that row) and the cross-validation groups."""

    model: Model
    oof_scores: np.ndarray
    groups: np.ndarray
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Parts:
    """The parts (lines, list items, sentences; see :mod:`wildtrade_clf.parts`) of the training posts, counted in
    the feature bank after the posts (part ``j`` is bank row ``posts + j``), each with the post it came from.

    A model that scores parts is taught the parts of ordinary posts as more ordinary posts (a part of a trade
    post may be an ordinary line, so it is not taught as trade), and its out-of-fold score of a post is the
    highest over the post and its parts, as it will score posts."""

    posts: int
    owner: np.ndarray
    negative: np.ndarray  # the parts of posts labelled 0

    def fit_rows(self, index: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Bank rows and labels to fit on: the posts ``index`` and the parts of those labelled 0."""
        extra = self.negative[np.isin(self.owner[self.negative], index)]
        return (np.concatenate([index, self.posts + extra]),
                np.concatenate([y[index], np.zeros(len(extra), dtype=np.int64)]))

    def of(self, index: np.ndarray) -> np.ndarray:
        """The parts of the posts ``index``."""
        return np.flatnonzero(np.isin(self.owner, index))


@dataclass(frozen=True)
class _Rows:
    """The training rows in order: the caller's (``[:own]``), the extra corpus (``[own:labelled]``), then the
    background (``[labelled:]``, all labelled 0)."""

    posts: list
    y: np.ndarray
    own: int
    labelled: int
    user_groups: np.ndarray | None
    background_names: list[str] | None

    @property
    def mine(self) -> slice:
        return slice(0, self.own)

    @property
    def background(self) -> slice:
        return slice(self.labelled, len(self.posts))


def train_model(texts: Iterable, labels: Iterable, *, seed: int = 0, folds: int = 5,
                min_precision: float | None = None, min_recall: float | None = None, params: dict | None = None,
                groups: Iterable | None = None, tune: bool = False, bootstrap: int = BOOTSTRAP,
                corpus: tuple[Iterable, Iterable] | None = None, background: Iterable | None = None,
                background_groups: Iterable | None = None, max_flag_rate: float | None = None,
                max_group_flag_rate: float | None = None, score_parts: bool = False, select: bool = True,
                text_columns: Sequence[str] | None = None, label_mapping: dict | None = None,
                progress: Callable[[str], None] | None = None) -> TrainingResult:
    """Fit a model on labelled posts, choosing its threshold by cross-validation.

    ``labels`` are 0/1 (see :func:`parse_labels` for other spellings). ``params`` set pipeline
    parameters, e.g. ``{"classify__C": 3}``. ``groups`` (a seller, a source, a template) keeps related
    posts in one fold; without it, near-duplicate posts (see :func:`duplicate_groups`) are grouped.
    The threshold maximises F1 on the out-of-fold scores, or is the lowest reaching ``min_precision``, or
    the highest keeping ``min_recall``.

    By default (``select``) the feature set (word unigrams or uni+bigrams; Latin character 4-grams of long
    words or every 2-5-gram, as scikit-learn's ``char_wb``) and the classifier's ``C`` and class weighting are
    chosen by an inner grouped cross-validation (by PR-AUC, see :mod:`wildtrade_clf.selection`), except the
    settings given in ``params``; the card's ``selection`` gives every candidate's figures. The choice is made
    once on all rows, so the cross-validated figures that follow are slightly flattered by it: ``tune=True``
    instead tries every combination of a wider grid and repeats the choice inside each outer training fold, so
    the out-of-fold scores, the threshold and the reported metrics stay honest (several times slower); the
    final model uses the values chosen on all rows. ``select=False`` keeps the pipeline's defaults.

    ``bootstrap`` resamples (by group) give 95% intervals for the cross-validated metrics (0 to skip). ``corpus`` is extra labelled ``(texts, labels)``
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
    the out-of-fold scores behind the threshold and the metrics are made the same way. The settings search
    compares candidates on whole posts. It suits feeds of long posts and lists (the default model uses it); on
    short posts of a few sentences it costs precision (WLT-OSN tweets: MCC 0.941 without, 0.810 with, on the
    held-out split of ``bench/retrain_wltosn.py``), so it is off by default.

    ``text_columns`` (the columns joined into each post) and ``label_mapping`` (raw label to 0/1, as
    :func:`parse_labels` gives it) are recorded in the card; ``progress`` is called with a
    line saying what training is doing, at each step. Returns a :class:`TrainingResult`: the model, with the
    out-of-fold scores and groups of the caller's rows.

    >>> trade = ["出象牙手镯，加微信", "收犀角，价格私聊", "出老虎骨酒，懂的来", "穿山甲片现货，包邮"] * 4
    >>> other = ["出蜜蜡手串，加微信", "海关查获象牙一批", "周末去动物园看老虎", "和田玉手镯，包邮"] * 4
    >>> result = train_model([f"{t} {i}" for i, t in enumerate(trade + other)], [1] * 16 + [0] * 16,
    ...                      params={"features__min_df": 1}, bootstrap=0)
    >>> result.model.predict(["出象牙筷子，加微信", "今天海关又查获了一批象牙"]).tolist()
    [1, 0]
    >>> result.model.card["training_data"]["rows"], result.model.card["threshold_rule"], len(result.oof_scores)
    (32, 'max F1', 32)
    """
    say = progress or (lambda message: None)
    data = _assemble(texts, labels, groups, corpus, background, background_groups)
    rule = _threshold_rule(min_precision, min_recall, max_flag_rate, max_group_flag_rate, data)
    settings = {"classify__random_state": seed, **(params or {})}
    pipeline = build_pipeline(**settings)
    say(f"normalising and tokenizing {len(data.posts):,} posts")
    normalised, tokens, parts, part_tokens = _prepare(pipeline, data, score_parts)
    cv_groups = _cv_groups(data, normalised)
    n_splits = min(folds, _max_folds(data.y, cv_groups))
    warnings = [] if n_splits >= 2 else [_too_few_groups(data, cv_groups)]
    search = _search_space(params, select, tune) if n_splits >= 2 else {}
    # One BLAS thread: faster for these small problems (threads only wait on each other), and the same scores on
    # every machine, whatever its number of cores.
    with threadpool_limits(limits=1, user_api="blas"):
        fitted = _fit(tokens_to_score(pipeline), FeatureBank(tokens + part_tokens), parts, data, cv_groups, n_splits,
                      search, tune, seed, (min_precision, min_recall, max_flag_rate, max_group_flag_rate), say)
        say("fitting the final model on every row")
        rows, final_y = parts.fit_rows(np.arange(len(data.posts)), data.y)
        tokens_to_score(pipeline).set_params(classify__threshold=fitted.threshold).fit(
            [(tokens + part_tokens)[i] for i in rows], final_y)
    if n_splits < 2:
        rule = f"{UNCHECKED_THRESHOLD} (not cross-validated: too few distinct posts)"
    choice = None
    if fitted.selection is not None:
        settings.update(fitted.selection.chosen)
        if fitted.selection.not_searched:
            warnings.append(f"the settings were not searched: {fitted.selection.not_searched}")
        choice = fitted.selection.card(search, {key: value for key, value in (params or {}).items() if key in SEARCH},
                                       tune)
        if tune:
            choice["chosen_per_outer_fold"] = [{key: jsonable(v) for key, v in chosen.items()}
                                               for chosen in fitted.chosen_per_fold]
    if bootstrap and n_splits >= 2:
        say(f"bootstrap intervals ({bootstrap:,} resamples)")
    card = _card(pipeline, data, fitted.oof, cv_groups, fitted.threshold, rule, settings, seed, n_splits, choice,
                 bootstrap if n_splits >= 2 else 0, text_columns)
    card["settings"] = {"used": {key: jsonable(value) for key, value in pipeline.get_params().items() if key in SEARCH},
                        "how": _how_set(choice, params, select, tune, n_splits)}
    card["base_rate"] = float(final_y.mean())  # the mix the calibration saw, parts of ordinary posts included
    card["score_parts"] = bool(score_parts)
    card["training_data"]["row_sketch"] = row_sketch(normalised)
    if label_mapping is not None:
        card["training_data"]["labels"] = {str(raw): int(value) for raw, value in label_mapping.items()}
    if warnings:
        card["warnings"] = warnings
    return TrainingResult(Model(pipeline, card), fitted.oof[data.mine], cv_groups[data.mine], tuple(warnings))


@dataclass(frozen=True)
class _Fitted:
    oof: np.ndarray
    threshold: float
    selection: Selection | None
    chosen_per_fold: list


def _fit(rest, bank: FeatureBank, parts: _Parts, data: _Rows, groups: np.ndarray, n_splits: int, search: dict,
         tune: bool, seed: int, rules: tuple, say) -> _Fitted:
    """Choose the settings (once on all rows, or with ``tune`` inside each fold and then on all rows), set them on
    ``rest``, and get the out-of-fold scores and the threshold."""
    scored = np.zeros(len(data.posts), dtype=bool)
    scored[data.mine] = True
    background = np.zeros(len(data.posts), dtype=bool)
    background[data.background] = True
    judged_at = {"background": background, "max_flag_rate": rules[2]} if rules[2] is not None else {}
    everything = np.arange(len(data.posts))
    selection = None
    if search and not tune:
        say("choosing features and regularisation by inner cross-validation")
        selection = select_settings(bank, rest, data.y, groups, everything, scored, search, seed, progress=say,
                                    **judged_at)
        rest.set_params(**selection.chosen)
    if n_splits < 2:
        return _Fitted(np.full(len(data.y), np.nan), UNCHECKED_THRESHOLD, selection, [])
    oof, per_fold = _out_of_fold(bank, parts, rest, data.y, groups, scored, n_splits, seed, search if tune else None,
                                 judged_at, say)
    if tune and search:
        say("choosing settings on all rows")
        selection = select_settings(bank, rest, data.y, groups, everything, scored, search, seed, exhaustive=True,
                                    **judged_at)
        rest.set_params(**selection.chosen)
    return _Fitted(oof, _threshold(data, oof, *rules), selection, per_fold)


def _too_few_groups(data: _Rows, groups: np.ndarray) -> str:
    mine = data.mine
    counts = [len(np.unique(groups[mine][data.y[mine] == label])) for label in (1, 0)]
    how = "rows sharing a group value" if data.user_groups is not None else "copies and near-duplicates"
    return (f"only {counts[0]} distinct trade post(s) and {counts[1]} distinct other post(s) ({how} count once): "
            f"cross-validation folds cannot be formed, so the threshold ({UNCHECKED_THRESHOLD}) and the figures "
            f"are not cross-validated and the settings were not searched. Label more distinct posts")


def _how_set(choice: dict | None, params: dict | None, select: bool, tune: bool, n_splits: int) -> str:
    """How the searched settings got their values, for the card."""
    fixed = sorted(key for key in (params or {}) if key in SEARCH)
    given = f"; fixed by the caller: {', '.join(fixed)}" if fixed else ""
    if choice is not None and choice["tried"]:
        return f"chosen by inner cross-validation{' nested in each fold' if choice['nested'] else ''}{given}"
    if choice is not None:
        return f"not searched: {choice['not_searched']}{given}"
    if n_splits < 2:
        return f"not searched: too few distinct posts to cross-validate; the defaults{given}"
    if not (select or tune):
        return f"not searched (search turned off); the defaults{given}"
    return f"not searched: every searched setting was fixed by the caller{given}"


def _search_space(params: dict | None, select: bool, tune: bool) -> dict:
    """The settings to choose among: the search (wider with ``tune``) less what the caller set."""
    if not (select or tune):
        return {}
    given = set(params or {})
    return {key: values for key, values in (WIDE_SEARCH if tune else SEARCH).items() if key not in given}


def _assemble(texts, labels, groups, corpus, background, background_groups) -> _Rows:
    """The caller's rows, then the corpus's, then the background's (labelled 0), checked."""
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
            background_names = ["" if missing(g) else str(g) for g in background_groups]
            if len(background_names) != len(extra_posts):
                raise TrainingError(f"got {len(background_names)} background group values for "
                                    f"{len(extra_posts)} background posts")
        posts, y = posts + extra_posts, np.concatenate([y, np.zeros(len(extra_posts), dtype=np.int64)])
    return _Rows(posts, y, own, labelled, user_groups, background_names)


def _threshold_rule(min_precision, min_recall, max_flag_rate, max_group_flag_rate, data: _Rows) -> str:
    """How the threshold will be chosen, as the card says it; refuses rules that cannot be combined or met."""
    if max_group_flag_rate is not None and max_flag_rate is None:
        raise TrainingError("max_group_flag_rate needs max_flag_rate: give the overall share too")
    if max_flag_rate is not None:
        if data.labelled == len(data.posts):
            raise TrainingError("max_flag_rate needs background posts: it is a share of the background that may be "
                                "flagged")
        if min_precision is not None or min_recall is not None:
            raise TrainingError("give one threshold rule: a minimum precision, a minimum recall or a maximum flag "
                                "rate")
        rule = f"out-of-fold background flag rate <= {max_flag_rate}"
        if max_group_flag_rate is not None:
            rule += f", <= {max_group_flag_rate} in every background group"
        return rule
    if min_precision is not None and min_recall is not None:
        raise TrainingError("give a minimum precision or a minimum recall, not both")
    if min_precision is not None:
        return f"precision >= {min_precision}"
    if min_recall is not None:
        return f"recall >= {min_recall}"
    return "max F1"


def _prepare(pipeline, data: _Rows, score_parts: bool) -> tuple[list[str], list[list[str]], _Parts, list[list[str]]]:
    """Fit the text steps and normalise and tokenize every post (and with ``score_parts`` each of its parts) once;
    the rest of training reuses the tokens."""
    normalise, tokenize = steps_of(pipeline)[:2]
    posts = data.posts
    normalised = normalise.fit(posts).transform(posts)
    tokens = tokenize.fit().transform(normalised)
    owner = np.empty(0, dtype=np.intp)
    part_tokens: list[list[str]] = []
    if score_parts:
        entries, owners = with_parts([_to_text(post) for post in posts])
        owner = owners[len(posts):]
        part_tokens = tokenize.transform(normalise.transform(entries[len(posts):]))
    negative = np.flatnonzero(data.y[owner] == 0) if len(owner) else owner
    return normalised, tokens, _Parts(len(posts), owner, negative), part_tokens


def _cv_groups(data: _Rows, normalised: list[str]) -> np.ndarray:
    """Cross-validation groups numbered 0..k-1: the caller's groups for their rows, near-duplicate groups for
    the corpus's (or for every labelled row without caller's groups), and the background's groups after those."""
    found = duplicate_groups(normalised)
    if data.user_groups is None:
        groups = found
    else:
        groups = np.concatenate([data.user_groups, data.user_groups.max() + 1 + found[data.own:]])
    if data.background_names is not None:
        names = data.background_names
        groups = np.concatenate([groups[:data.labelled], groups.max() + 1 + _group_ids(names, len(names))])
    return np.unique(groups, return_inverse=True)[1].ravel()


def _out_of_fold(bank: FeatureBank, parts: _Parts, rest, y: np.ndarray, groups: np.ndarray, scored: np.ndarray,
                 n_splits: int, seed: int, search: dict | None, judged_at: dict, say) -> tuple[np.ndarray, list[dict]]:
    """Scores of every row from a model fitted on the other folds; with ``search``, each fold first chooses its
    settings by an inner cross-validation of its own training rows (returned, one dict per fold), by the criterion
    ``judged_at`` gives :func:`~wildtrade_clf.selection.select_settings`."""
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    oof = np.zeros(len(y))
    chosen_per_fold = []
    for k, (train_idx, test_idx) in enumerate(splitter.split(y, y, groups)):
        say(f"cross-validating: fold {k + 1} of {n_splits}")
        features, classify = (clone(step) for _, step in rest.steps)
        if search:
            best = select_settings(bank, rest, y, groups, train_idx, scored, search, seed, exhaustive=True,
                                   **judged_at).chosen
            chosen_per_fold.append(best)
            features.set_params(**{k.split("__", 1)[1]: v for k, v in best.items() if k.startswith("features__")})
            classify.set_params(**{k.split("__", 1)[1]: v for k, v in best.items() if k.startswith("classify__")})
        fit_rows, fit_y = parts.fit_rows(train_idx, y)
        held_parts = parts.of(test_idx)
        X_train, (X_test, X_parts) = bank.tfidf(features, fit_rows, [test_idx, parts.posts + held_parts])
        classify.fit(X_train, fit_y)
        oof[test_idx] = classify.predict_proba(X_test)[:, 1]
        if len(held_parts):
            oof[:] = highest(np.concatenate([oof, classify.predict_proba(X_parts)[:, 1]]),
                             np.concatenate([np.arange(len(y)), parts.owner[held_parts]]), len(y))
    return oof, chosen_per_fold


def _threshold(data: _Rows, oof: np.ndarray, min_precision, min_recall, max_flag_rate, max_group_flag_rate) -> float:
    if max_flag_rate is not None:
        background = oof[data.background]
        threshold = flag_rate_threshold(background, max_flag_rate)
        if max_group_flag_rate is None:
            return threshold
        names = np.asarray(data.background_names if data.background_names is not None else [""] * len(background),
                           dtype=object)
        return max([threshold, *(flag_rate_threshold(background[names == name], max_group_flag_rate)
                                 for name in dict.fromkeys(names))])
    return choose_threshold(data.y[data.mine], oof[data.mine], min_precision, min_recall)


def _card(pipeline, data: _Rows, oof: np.ndarray, groups: np.ndarray, threshold: float, rule: str, settings: dict,
          seed: int, n_splits: int, selection: dict | None, bootstrap: int, text_columns: Sequence[str] | None) -> dict:
    """The model card: provenance, training data, settings, threshold and the cross-validated figures."""
    mine, y = data.mine, data.y
    tokenizer = steps_of(pipeline).tokenizer
    sizes = np.bincount(groups[mine])
    sizes = sizes[sizes > 0]
    card = {
        **provenance(),
        "tokenizer": {"backend": tokenizer.backend, "hmm": tokenizer.hmm,
                      "lexicon": tokenizer.lexicon if isinstance(tokenizer.lexicon, bool) else "custom"},
        "lexicon": lexicon_card(pipeline),
        "training_data": {"sha256": training_data_hash(data.posts[mine], y[mine]), "rows": data.own,
                          "positives": int(y[mine].sum()), "groups": int(len(sizes)),
                          "rows_in_multi_row_groups": int(sizes[sizes > 1].sum()),
                          "largest_group": int(sizes.max()),
                          "grouping": "given" if data.user_groups is not None else
                          f"near-duplicates (character {SHINGLE}-gram Jaccard >= {NEAR_DUPLICATE_JACCARD})"},
        "seed": seed,
        "params": {key: jsonable(value) for key, value in sorted(settings.items())},
        "threshold": threshold,
        "threshold_rule": rule,
        "metrics": {"cross_validated": {**binary_metrics(y[mine], oof[mine], threshold), "folds": n_splits}
                    if n_splits >= 2 else None},
    }
    if n_splits < 2:
        card["base_rate"] = float(y.mean())
        return card
    if data.labelled > data.own:
        extra = slice(data.own, data.labelled)
        card["training_data"]["corpus"] = {"sha256": training_data_hash(data.posts[extra], y[extra]),
                                           "rows": data.labelled - data.own, "positives": int(y[extra].sum())}
        card["metrics"]["cross_validated_with_corpus"] = {
            **binary_metrics(y[:data.labelled], oof[:data.labelled], threshold), "folds": n_splits}
    if data.labelled < len(data.posts):
        background = data.background
        card["training_data"]["background"] = {"sha256": training_data_hash(data.posts[background], y[background]),
                                               "rows": len(data.posts) - data.labelled}
        card["metrics"]["background"] = background_flag_rates(oof[background], threshold, data.background_names)
    card["base_rate"] = float(y.mean())
    if selection:
        card["selection"] = selection
    if text_columns is not None:
        card["training_data"]["text_columns"] = list(text_columns)
    if bootstrap:
        card["metrics"]["cross_validated_ci"] = bootstrap_ci(y[mine], oof[mine], threshold, groups[mine],
                                                             resamples=bootstrap, seed=seed)
    return card


def _group_ids(groups: Iterable, n: int) -> np.ndarray:
    keys = ["" if missing(g) else str(g) for g in groups]
    if len(keys) != n:
        raise TrainingError(f"got {len(keys)} group values for {n} posts")
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(key, len(ids)) for key in keys], dtype=np.int64)


def _max_folds(y: np.ndarray, groups: np.ndarray) -> int:
    """The most folds each holding both classes: the number of distinct groups of the rarer class."""
    return min(len(np.unique(groups[y == label])) for label in (0, 1))


def _check_training_set(posts: list, y: np.ndarray) -> None:
    if len(posts) != len(y):
        raise TrainingError(f"got {len(posts)} posts but {len(y)} labels")
    bad = np.flatnonzero((y != 0) & (y != 1))
    if len(bad):
        raise TrainingError(f"labels must be 0 or 1; rows {rows(bad.tolist())} are not")
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


def train_to_folder(source: LabelledInput, out: str | os.PathLike, *, force: bool = False,
                    background: BackgroundInput | None = None, group_col: str | None = None,
                    progress: Callable[[str], None] | None = None, **options) -> tuple[TrainingResult, LabelledFile]:
    """Train on the labelled file ``source`` (with the ``background`` file's posts as not trade, and rows sharing
    ``group_col`` kept in one fold) and write the model folder ``out``, with its ``MODEL_CARD.md``.

    ``options`` are :func:`train_model`'s. An existing ``out`` is refused unless ``force``, and is replaced only
    once the new model is complete. Returns the training result and the labelled rows read.
    """
    from pathlib import Path

    from .card import model_card_markdown
    from .errors import InputError
    from .labels import read_background, read_labelled

    folder = Path(out)
    if folder.exists() and not force:
        raise InputError(f"{out} already exists: choose another folder, or add --force to replace it")
    data = read_labelled(source, extra=(group_col,) if group_col else ())
    texts, sources = read_background(background) if background else (None, None)
    result = train_model(data.texts, data.labels, groups=data.extra.get(group_col), background=texts,
                         background_groups=sources, text_columns=data.text_columns, label_mapping=data.mapping,
                         progress=progress, **options)
    result.model.save(folder)
    (folder / "MODEL_CARD.md").write_text(model_card_markdown(result.model.card, folder.name), encoding="utf-8")
    return result, data


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
    missing_columns = {"text", "label"} - set(frame.columns)
    if missing_columns:
        raise TrainingError(f"corpus file {file} lacks the column(s) {', '.join(sorted(missing_columns))}")
    if "split" in frame.columns:
        frame = frame[frame["split"] == "train"]
    return frame["text"].tolist(), parse_labels(frame["label"])[0]
