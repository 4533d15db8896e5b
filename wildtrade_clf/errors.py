"""Exceptions raised by wildtrade_clf, each naming what went wrong and what to do about it."""


class WildtradeError(Exception):
    """Base class of every error this package raises on purpose; catch it to handle them all.

    >>> from wildtrade_clf import load_model
    >>> try:
    ...     load_model().score("a bare string")
    ... except WildtradeError as error:
    ...     print(type(error).__name__, "-", error)
    InputError - expected a list of posts, got a single string: wrap it in a list, e.g. [text]
    """


class InputError(WildtradeError, ValueError):
    """The posts, file or column given cannot be used as they are.

    >>> isinstance(InputError("x"), ValueError)
    True
    """


class ModelError(WildtradeError, ValueError):
    """A model folder is missing, corrupt, tampered with or made for another version.

    >>> isinstance(ModelError("x"), ValueError)
    True
    """


class TrainingError(WildtradeError, ValueError):
    """The labelled data cannot train a useful model (one class, too few rows, unreadable labels).

    >>> from wildtrade_clf import parse_labels
    >>> parse_labels(["yes", "no", "maybe"])
    Traceback (most recent call last):
    wildtrade_clf.errors.TrainingError: labels must be yes/no words (1/0, true/false, yes/no, 是/否 ...) or two distinct values; found 3 distinct values: 'maybe', 'no', 'yes'; not yes/no words: 'maybe' (rows 3)
    """
