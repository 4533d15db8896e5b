"""Score online posts (Chinese, English and mixed) for likely illegal wildlife-product trade.

>>> import wildtrade_clf
>>> model = wildtrade_clf.load_model()
>>> model.predict(["出老犀角杯，价格私聊，加V详谈", "周末去野生动物园看犀牛"]).tolist()
[1, 0]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ._version import __version__
from .errors import InputError, ModelError, TrainingError, WildtradeError
from .labels import parse_labels
from .model import Model, default_model_path, load_model
from .terms import TermMatcher

if TYPE_CHECKING:
    from .classify import TradeClassifier, build_pipeline
    from .features import TokenTfidf
    from .normalise import TextNormaliser
    from .tokenize import PostTokenizer
    from .train import TrainingResult, train_model

# Imported on first use: they need scikit-learn, which scoring a file with a loaded model does not.
_NEEDING_SKLEARN = {"TradeClassifier": "classify", "build_pipeline": "classify", "TokenTfidf": "features",
                    "TextNormaliser": "normalise", "PostTokenizer": "tokenize", "TrainingResult": "train",
                    "train_model": "train"}


def __getattr__(name: str):
    if name in _NEEDING_SKLEARN:
        value = getattr(importlib.import_module(f".{_NEEDING_SKLEARN[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_NEEDING_SKLEARN})

__all__ = [
    "__version__",
    "InputError",
    "Model",
    "ModelError",
    "PostTokenizer",
    "TermMatcher",
    "TextNormaliser",
    "TokenTfidf",
    "TradeClassifier",
    "TrainingResult",
    "TrainingError",
    "WildtradeError",
    "build_pipeline",
    "default_model_path",
    "load_model",
    "parse_labels",
    "train_model",
]
