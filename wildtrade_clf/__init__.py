"""Score online posts (Chinese, English and mixed) for likely illegal wildlife-product trade.

>>> import wildtrade_clf
>>> model = wildtrade_clf.load_model()
>>> model.predict(["出老犀角杯，价格私聊，加V详谈", "周末去野生动物园看犀牛"]).tolist()
[1, 0]
"""

from ._version import __version__
from .classify import TradeClassifier, build_pipeline
from .errors import InputError, ModelError, TrainingError, WildtradeError
from .features import TokenTfidf
from .labels import parse_labels
from .model import Model, default_model_path, load_model
from .normalise import TextNormaliser
from .terms import TermMatcher
from .tokenize import PostTokenizer
from .train import TrainingResult, train_model

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
