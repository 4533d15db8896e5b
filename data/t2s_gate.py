#!/usr/bin/env python3
"""Write wildtrade_clf/resources/t2s_gate.tsv: the characters without which OpenCC's t2s leaves a text unchanged.

    python data/t2s_gate.py

OpenCC replaces a text's dictionary matches by their first value and copies the rest, so a text changes only if
it holds a key whose value differs, and such a key holds a character where it differs from its value (or any of
its characters, when the two differ in length). The file lists those characters of every dictionary t2s uses,
after the SHA-256 of each file they come from: the normaliser skips the converter for a post holding none of them
only while the installed OpenCC has exactly those files (see ``textrules._t2s_gate``). Rerun after upgrading
OpenCC; the dictionaries are read with the ``opencc_dict`` tool the opencc wheel ships.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wildtrade_clf.textrules import T2S_CONFIG, opencc_folder  # noqa: E402


def dictionary_files(folder: Path) -> list[str]:
    config = json.loads((folder / T2S_CONFIG).read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "ocd2":
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(config)
    return found


def changing_characters(dump: str) -> set[str]:
    chars: set[str] = set()
    for line in dump.splitlines():
        if not line:
            continue
        key, values = line.split("\t")
        first = values.split(" ")[0]
        if first == key:
            continue
        if len(first) != len(key):
            chars.update(key)
        else:
            chars.update(k for k, v in zip(key, first, strict=True) if k != v)
    return chars


def main() -> None:
    folder = opencc_folder()
    tool = folder.parent.parent / "bin" / "opencc_dict"
    files = dictionary_files(folder)
    chars: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for name in files:
            out = Path(tmp) / f"{name}.txt"
            subprocess.run([str(tool), "-i", str(folder / name), "-o", str(out), "-f", "ocd2", "-t", "text"],
                           check=True)
            chars |= changing_characters(out.read_text(encoding="utf-8"))
    lines = [f"{name}\t{hashlib.sha256((folder / name).read_bytes()).hexdigest()}" for name in [T2S_CONFIG, *files]]
    lines.append("chars\t" + "".join(sorted(chars)))
    target = ROOT / "wildtrade_clf" / "resources" / "t2s_gate.tsv"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{target}: {len(chars)} characters from {', '.join(files)}")


if __name__ == "__main__":
    main()
