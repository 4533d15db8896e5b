"""Keep a long run's memory flat: hand the memory freed by each chunk back to the system."""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def release_memory() -> None:
    """Give the memory freed by the last chunk back to the system.

    pandas keeps strings in pyarrow, whose allocator, like glibc's, holds on to freed memory; without this the
    peak grows with the file's length (about +20% at a million rows) instead of staying flat.
    """
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
