"""notebooks/explore.ipynb runs top to bottom without an error, on the seeds, writing into a temporary folder."""
from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the test extra is not installed: pip install -e '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="the test extra is not installed: pip install -e '.[test]'")

pytestmark = [pytest.mark.model, pytest.mark.slow]

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def test_notebook_is_stored_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)


def test_notebook_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_OUT", str(tmp_path / "out"))  # the kernel inherits it; the repo's out/ stays as it was
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the inline backend, so the charts become outputs
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert (tmp_path / "out" / "graph.html").is_file()
    images = [o for cell in notebook.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) >= 2  # the timeline, the centrality bars, the communities
