"""Exceptions raised by wildtrade_clf, each naming what went wrong and what to do about it."""


class WildtradeError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(WildtradeError, ValueError):
    """The posts, file or column given cannot be used as they are."""


class ModelError(WildtradeError, ValueError):
    """A model folder is missing, corrupt, tampered with or made for another version."""


class TrainingError(WildtradeError, ValueError):
    """The labelled data cannot train a useful model (one class, too few rows, unreadable labels)."""
