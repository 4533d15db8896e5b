"""Execute walkthrough.ipynb from a clean kernel and save it with its outputs.

    python notebooks/execute.py

Run it after changing the notebook or the library, and commit the notebook with the new outputs.
The test suite (tests/test_notebook.py) executes a copy the same way and fails on any error.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def main() -> int:
    path = HERE / "walkthrough.ipynb"
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    for cell in notebook.cells:  # keep the committed file free of per-run noise
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(notebook, path)
    print(f"executed {path.name} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
