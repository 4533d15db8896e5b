"""The user-facing model: score, predict and explain posts; load and save model folders."""

from __future__ import annotations

import copy
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .errors import InputError, ModelError
from .fastpath import Rows, ScoringPath
from .lexicon import digest
from .parts import highest, with_parts
from .persist import cached, check_model_folder, keep, load_pipeline, write_model_folder
from .posts import as_posts, like_input
from .terms import TermMatcher
from .textrules import _to_text

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


# Posts scored between two progress reports of Model.analyse.
ANALYSE_BLOCK = 50_000


@dataclass(frozen=True)
class Analysis:
    """What scoring found in each of a batch of posts (one entry or row per post): its score, its text as the
    model sees it, the product families and sale signals it names, and its TF-IDF row (whole post)."""

    scores: np.ndarray
    normalised: list[str]
    terms: list[list[str]]
    features: object


class Model:
    """A fitted pipeline with its card.

    >>> model = load_model()
    >>> float(model.score(["出老犀角杯，价格私聊，加V详谈"])[0]) > model.threshold
    True
    """

    def __init__(self, pipeline: Pipeline, card: dict):
        from .classify import steps_of

        self._pipeline: Pipeline | None = pipeline
        self._card = dict(card)
        self._folder: Path | None = None
        self._path: ScoringPath | None = None
        self._check_lexicon(lexicon_card(pipeline))
        self._matcher = TermMatcher(steps_of(pipeline).tokenizer.lexicon_)

    @classmethod
    def _scoring(cls, path: ScoringPath, card: dict, folder: Path) -> Model:
        """A model scoring through ``path``, made from the checked folder ``folder``, whose pipeline is loaded from
        there only when something needs it (explanations, saving, training)."""
        model = cls.__new__(cls)
        model._pipeline, model._card, model._folder, model._path = None, dict(card), folder, path
        model._check_lexicon(path.tables())
        model._matcher = TermMatcher(path.segmenter.lexicon)
        return model

    def _check_lexicon(self, own: dict) -> None:
        if self._card.get("lexicon") != own:
            raise ModelError("the model's card does not describe the lexicon its pipeline holds (card: "
                             f"{self._card.get('lexicon')}, pipeline: {own}); get a fresh copy of the model or "
                             f"retrain it")

    @property
    def pipeline(self) -> Pipeline:
        """The fitted scikit-learn pipeline (normalise, tokenize, features, classify)."""
        if self._pipeline is None:
            assert self._folder is not None  # a model without its pipeline was loaded from a folder
            card, data = check_model_folder(self._folder, warn=False)
            if card.get("pipeline_sha256") != self._card.get("pipeline_sha256"):
                raise ModelError(f"{self._folder} has changed since this model was loaded from it; load it again")
            self._pipeline = load_pipeline(card, data, self._folder)
        return self._pipeline

    @property
    def card(self) -> dict:
        """The model card: version, training data hash, metrics, threshold, library versions and BLAS kernels.

        >>> sorted(load_model().card)[:3]
        ['background_sources', 'base_rate', 'blas']
        """
        return copy.deepcopy(self._card)

    @property
    def threshold(self) -> float:
        """Scores at or above this are flagged as trade.

        >>> 0 < load_model().threshold < 1
        True
        """
        if self._pipeline is not None:
            from .classify import steps_of

            return float(steps_of(self._pipeline).classifier.threshold)
        return self._scoring_path().threshold

    @property
    def base_rate(self) -> float:
        """The share of trade among the posts the model was trained and calibrated on (``card["base_rate"]``).

        >>> 0 < load_model().base_rate < 1
        True
        """
        rate = self._card.get("base_rate")
        if not isinstance(rate, float) or not 0 < rate < 1:
            raise ModelError("this model's card does not say what share of its training posts were trade, so its "
                             "scores cannot be restated for another prior: retrain it")
        return rate

    def score(self, texts: Iterable, prior: float | None = None) -> np.ndarray:
        """Probability of trade, in [0, 1], for each post; None, NaN and empty posts are scored too. A pandas
        Series gives a Series named ``trade_score`` on the same index.

        A score is a calibrated probability for a feed in which the share of trade is the model's
        :attr:`base_rate` (the mix it was trained on). ``prior`` restates it for a feed in which that share
        is ``prior`` instead (Bayes' rule on the odds): on a real feed, where trade is rare (say 0.001), the
        same post gets a much lower probability. The ranking of posts, and which posts reach the
        correspondingly restated threshold (:meth:`threshold_for`), do not change.

        >>> model = load_model()
        >>> scores = model.score(["出老犀角杯，价格私聊，加V详谈", "周末去动物园看大象", None])
        >>> scores.shape, bool(scores[0] > scores[1])
        ((3,), True)
        >>> bool(model.score(["出老犀角杯，价格私聊"], prior=0.001)[0] < model.score(["出老犀角杯，价格私聊"])[0])
        True
        """
        scores = self._score(texts).scores
        return like_input(texts, scores if prior is None else self.restate(scores, prior), "trade_score")

    def predict_proba(self, texts: Iterable) -> np.ndarray:
        """Probabilities of not-trade and trade, one row per post, as scikit-learn classifiers give them.

        >>> load_model().predict_proba(["出老犀角杯，价格私聊，加V详谈"]).shape
        (1, 2)
        """
        scores = self._score(texts).scores
        return np.column_stack([1 - scores, scores])

    def threshold_for(self, prior: float | None = None) -> float:
        """The model's threshold restated for a feed whose share of trade is ``prior`` (see :meth:`score`).

        >>> model = load_model()
        >>> model.threshold_for() == model.threshold, model.threshold_for(0.001) < model.threshold
        (True, True)
        """
        return self.threshold if prior is None else float(self.restate(np.array([self.threshold]), prior)[0])

    def cut(self, threshold: float | None = None, prior: float | None = None) -> float:
        """The threshold flags are cut at: ``threshold`` when given, else the model's own, restated for ``prior``
        when given (:meth:`threshold_for`). Every caller that flags posts (``predict``, files, Dask) asks here.

        >>> load_model().cut(0.5), load_model().cut() == load_model().threshold
        (0.5, True)
        """
        if threshold is None:
            return self.threshold_for(prior)
        if not 0 <= threshold <= 1:
            raise InputError(f"the threshold must be between 0 and 1, not {threshold}")
        return float(threshold)

    def flags(self, scores: Iterable[float], threshold: float | None = None, prior: float | None = None) -> np.ndarray:
        """Whether each score reaches the :meth:`cut`: the trade flag, for every caller that has the scores already
        (files, Dask, the service, ``predict``), so that all flag alike.

        >>> load_model().flags(np.array([0.0, 0.99, 1.0]), threshold=0.99).tolist()
        [False, True, True]
        """
        return np.asarray(scores) >= self.cut(threshold, prior)

    def restate(self, scores: np.ndarray, prior: float) -> np.ndarray:
        """Scores of this model restated for a feed whose share of trade is ``prior`` (see :meth:`score`).

        >>> load_model().restate(np.array([0.0, 1.0]), 0.001).tolist()
        [0.0, 1.0]
        """
        if not isinstance(prior, (int, float)) or not 0 < prior < 1:
            raise InputError(f"prior must be a share of trade between 0 and 1 (e.g. 0.001), not {prior!r}")
        base = self.base_rate
        ratio = (prior / (1 - prior)) / (base / (1 - base))
        return scores * ratio / (scores * ratio + (1 - scores))

    def score_with_terms(self, texts: Iterable) -> tuple[np.ndarray, list[list[str]]]:
        """:meth:`score` and :meth:`terms` together, normalising and tokenizing each post once.

        >>> scores, terms = load_model().score_with_terms(["出白料手镯，加V详谈"])
        >>> terms
        [['ivory', 'contact']]
        """
        found = self._score(texts, terms=True)
        return found.scores, found.terms

    def analyse(self, texts: Iterable, progress: Callable[[str], None] | None = None) -> Analysis:
        """:meth:`score`, :meth:`normalise`, :meth:`terms` and :meth:`features` together, each post normalised and
        tokenized once (e.g. to choose posts worth labelling). ``progress`` is told how many posts are scored
        after each block of ``ANALYSE_BLOCK`` posts (a big file otherwise says nothing for minutes).

        >>> found = load_model().analyse(["出白料手镯，加V详谈"])
        >>> found.normalised, found.terms, found.features.shape[0]
        (['出白料手镯,加微信详谈'], [['ivory', 'contact']], 1)
        """
        posts = as_posts(texts)
        if progress is None or len(posts) <= ANALYSE_BLOCK:
            return self._score(posts, terms=True, features=True)
        from scipy import sparse

        blocks = []
        for start in range(0, len(posts), ANALYSE_BLOCK):
            blocks.append(self._score(posts[start:start + ANALYSE_BLOCK], terms=True, features=True))
            progress(f"scored {min(start + ANALYSE_BLOCK, len(posts)):,} of {len(posts):,} posts")
        features = sparse.vstack([block.features for block in blocks], format="csr")  # a csr_array stays one
        return Analysis(scores=np.concatenate([block.scores for block in blocks]),
                        normalised=[text for block in blocks for text in block.normalised],
                        terms=[found for block in blocks for found in block.terms],
                        features=features)

    @property
    def max_chars(self) -> int | None:
        """Posts longer than this many characters are scored on their first and last halves (None: no limit).

        >>> load_model().max_chars
        10000
        """
        return self._scoring_path().normaliser.max_chars

    @property
    def scores_parts(self) -> bool:
        """Whether a post is scored part by part (lines, list items, sentences) as well as whole, keeping the
        highest score (``card["score_parts"]``; see :mod:`wildtrade_clf.parts`)."""
        return bool(self._card.get("score_parts", False))

    def _score(self, texts: Iterable, terms: bool = False, features: bool = False) -> Analysis:
        # Real feeds repeat the same advert many times: each distinct post is scored once. Rows are scored
        # independently, so this gives exactly the scores of scoring every row.
        distinct: dict[str, int] = {}
        rows = np.array([distinct.setdefault(_to_text(text), len(distinct)) for text in as_posts(texts)],
                        dtype=np.intp)
        posts = list(distinct)
        entries, owner = with_parts(posts) if self.scores_parts else (posts, None)
        path = self._scoring_path()
        # Parts of different posts often normalise to the same text: each text is tokenized and scored once.
        normalised: dict[str, int] = {}
        where = np.array([normalised.setdefault(text, len(normalised)) for text in path.normalise(as_posts(entries))],
                         dtype=np.intp)
        texts_seen = list(normalised)
        tokens, matrix, scores = path.score(texts_seen)
        scores = scores[where]
        if owner is not None:
            scores = highest(scores, owner, len(posts))
        post_rows = where[rows]  # each input row's whole post among the texts scored
        found = [self._matcher.families(tokens[where[post]]) for post in range(len(posts))] if terms else []
        return Analysis(scores=scores[rows],
                        normalised=[texts_seen[i] for i in post_rows] if features else [],
                        terms=[found[row] for row in rows] if terms else [],
                        features=path.matrix(matrix)[post_rows] if features else None)

    def _scoring_path(self) -> ScoringPath:
        # Built from the fitted pipeline on first use; two threads racing here build equal paths.
        if self._path is None:
            self._path = ScoringPath(self.pipeline)
        return self._path

    def __getstate__(self) -> dict:
        # Self-contained: the pipeline travels (to worker processes, a Dask cluster), the scoring path is rebuilt.
        return {**self.__dict__, "_pipeline": self.pipeline, "_path": None}

    def predict(self, texts: Iterable, threshold: float | None = None) -> np.ndarray:
        """1 for posts scored at or above the threshold (the model's own unless given), else 0.

        >>> load_model().predict(["出老犀角杯，价格私聊，加V详谈", "周末去动物园看大象"]).tolist()
        [1, 0]
        >>> load_model().predict(["周末去动物园看大象"], threshold=0.0).tolist()
        [1]
        """
        flags = self.flags(self._score(texts).scores, threshold).astype(np.int64)
        return like_input(texts, flags, "trade_flag")

    def explain(self, text: str, top: int = 10) -> list[tuple[str, float]]:
        """The terms that moved this post's score most, with their contribution to the log-odds; for a post
        scored part by part, the terms of its :meth:`deciding_part`.

        >>> term, weight = load_model().explain("出白料手镯，加V详谈")[0]
        >>> isinstance(term, str), isinstance(weight, float)
        (True, True)
        """
        if not isinstance(text, str):
            raise InputError(f"explain takes one post as a string, not {type(text).__name__}: call it once per "
                             f"post, e.g. [model.explain(post) for post in posts]")
        entries, rows, deciding = self._deciding(text)
        names, weights = self._scoring_path().contributions(rows, deciding)
        order = sorted(range(len(weights)), key=lambda i: (-abs(weights[i]), names[i]))
        return [(str(names[i]), float(weights[i])) for i in order[:top] if weights[i] != 0]

    def deciding_part(self, text: str) -> str:
        """The part of ``text`` (or the whole post) whose score is the post's score: what :meth:`explain`
        explains.

        >>> load_model().deciding_part("出几样：\\n普洱茶饼一提\\n犀角杯一只\\n二手手机")
        '犀角杯一只'
        """
        if not self.scores_parts:
            return text
        entries, _, deciding = self._deciding(text)
        return entries[deciding]

    def _deciding(self, text: str) -> tuple[list[str], Rows, int]:
        """The entries scored for ``text`` (the post, then its parts), their TF-IDF rows, and which one decides."""
        entries = with_parts([text])[0] if self.scores_parts else [text]
        path = self._scoring_path()
        _, rows, scores = path.score(path.normalise(entries))
        return entries, rows, int(np.argmax(scores))

    def normalise(self, texts: Iterable) -> list[str]:
        """The posts as the model sees them, after normalisation.

        >>> load_model().normalise(["加薇信 犀/角杯 ¥3800"])
        ['加微信犀角杯 __price__']
        """
        return self._scoring_path().normalise(as_posts(texts))

    def features(self, texts: Iterable):
        """The TF-IDF rows of the whole posts (not their parts) as the classifier sees them: a sparse matrix,
        one L2-normalised row per post, e.g. to compare posts with each other.

        >>> load_model().features(["出象牙手镯", "周末看大象"]).shape[0]
        2
        """
        return self._scoring_path().features(self.normalise(texts))[1]

    def terms(self, texts: Iterable) -> list[list[str]]:
        """The product families and sale signals each post mentions.

        >>> load_model().terms(["出白料手镯，加V详谈", "象牙白瓷砖"])
        [['ivory', 'contact'], []]
        """
        segment = self._scoring_path().segmenter
        return [self._matcher.families(segment(text)) for text in self.normalise(texts)]

    def save(self, path: str | os.PathLike) -> None:
        """Write the model to a folder, replacing it only once the new one is complete.

        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp()) / "copy"
        >>> load_model().save(folder)
        >>> sorted(p.name for p in folder.iterdir())
        ['card.json', 'pipeline.skops']
        """
        self._card = write_model_folder(self.pipeline, self._card, path)

    def __repr__(self) -> str:
        return f"Model(version={self._card.get('package_version')!r}, threshold={self.threshold:.3f})"


def lexicon_card(pipeline: Pipeline) -> dict:
    """Size and SHA-256 of each table the fitted pipeline holds: the tokenizer's lexicon, the features'
    domain-tag lexicon and the normaliser's variant spellings."""
    from .classify import steps_of

    steps = steps_of(pipeline)
    try:
        tables = {"tokenizer": steps.tokenizer.lexicon_, "domain_tags": steps.features.lexicon_,
                  "variants": steps.normaliser.variants_}
    except AttributeError:
        raise ModelError("the pipeline is not fitted, or was fitted by an older wildtrade_clf that read its lexicon "
                         "from the installed package: retrain it") from None
    return {name: {"terms": len(table), "sha256": digest(table)} for name, table in tables.items()}


def default_model_path() -> Path:
    """Where the shipped default model lives: inside the installed package, or ``models/default`` in a checkout.

    >>> default_model_path().name
    'default'
    """
    installed = Path(str(resources.files("wildtrade_clf").joinpath("models/default")))
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "models" / "default"


def as_model(model: Model | str | os.PathLike | None) -> Model:
    """``model`` itself when it is a :class:`Model`, else the model loaded from that folder (the shipped one for
    None): what every function taking ``model=`` accepts."""
    return model if isinstance(model, Model) else load_model(model)


def load_model(path: str | os.PathLike | None = None) -> Model:
    """Load a model folder (the shipped default model when ``path`` is None).

    >>> load_model().predict(["出老犀角杯，价格私聊，加V详谈"]).tolist()
    [1]
    >>> load_model("/no/such/model")
    Traceback (most recent call last):
    wildtrade_clf.errors.ModelError: model folder /no/such/model does not exist
    """
    folder = Path(default_model_path() if path is None else path).absolute()  # its pipeline may be read later
    card, data = check_model_folder(folder)
    scoring = cached(card, "scoring", ScoringPath, _scoring_code())
    if scoring is not None:
        scoring.build()
        return Model._scoring(scoring, card, folder)
    model = Model(load_pipeline(card, data, folder), card)
    keep(card, "scoring", model._scoring_path(), _scoring_code())
    return model


@lru_cache(maxsize=1)
def _scoring_code() -> str:
    """The SHA-256 of the modules a scoring path is made of: a path kept by other code is never loaded."""
    digest = hashlib.sha256()
    for name in ("fastpath", "textrules", "segment", "ngrams", "lexicon", "normalise", "tokenize", "features",
                 "classify"):
        try:
            digest.update((Path(__file__).parent / f"{name}.py").read_bytes())
        except OSError:  # installed without sources: the package version in the cache key stands for the code
            return ""
    return digest.hexdigest()
