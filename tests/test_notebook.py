"""The walkthrough notebook runs from a clean kernel, top to bottom, without an error."""

import shutil
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.mark.slow
def test_walkthrough_executes(tmp_path):
    """Execute a copy (the committed file keeps its outputs) with the notebook folder as working directory."""
    copy = tmp_path / "walkthrough.ipynb"
    shutil.copy(NOTEBOOKS / "walkthrough.ipynb", copy)
    notebook = nbformat.read(copy, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    errors = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
              if output.output_type == "error"]
    assert not errors
    text = "".join(output.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                   for output in cell.outputs if output.output_type == "stream")
    assert "identical scores: True" in text


def test_committed_notebook_has_outputs():
    """The committed notebook keeps its outputs (it should read well on a code host) and is valid nbformat v4."""
    notebook = nbformat.read(NOTEBOOKS / "walkthrough.ipynb", as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs for cell in code)
    assert not any(output.output_type == "error" for cell in code for output in cell.outputs)
    assert any("image/png" in output.get("data", {}) for cell in code for output in cell.outputs)


def test_kernel_is_this_interpreter():
    """The python3 kernel the test uses runs the interpreter running the tests (so it sees this install)."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    executable = spec.argv[0]
    assert executable in ("python", "python3", "{python_executable}") or Path(executable).resolve() == Path(
        sys.executable).resolve()
