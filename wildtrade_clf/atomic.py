"""Files that appear whole or not at all: written beside their target under a temporary name, then renamed."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def staging_file(target: str | os.PathLike) -> tuple[int, str]:
    """Open a new file in ``target``'s folder for writing; returns its descriptor and path.

    The file is created with mode 0o666, so the kernel applies the process's umask and the renamed file
    gets the permissions any new file would (``tempfile.mkstemp`` makes private ones). Rename it over
    ``target`` with :func:`os.replace` once complete, or unlink it.
    """
    folder = Path(target).resolve().parent
    while True:
        path = folder / f".{Path(target).name}.{secrets.token_hex(6)}.part"
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), str(path)
        except FileExistsError:
            continue
