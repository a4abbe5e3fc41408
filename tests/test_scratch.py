"""kg.scratch: a build's scratch folders carry its process id; the next build deletes those of dead processes."""
from __future__ import annotations

import os
import subprocess
import sys

from kg import scratch
from kg.shelf import Shelf
from kg.spool import SpooledGraphs


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_sweep_deletes_only_the_folders_of_processes_that_are_gone(tmp_path):
    dead = tmp_path / f"{scratch.PREFIX}{_dead_pid()}-spool-abc"
    (dead / "sub").mkdir(parents=True)
    (dead / "sub" / "triples.sqlite").write_bytes(b"x" * 100)
    mine = tmp_path / f"{scratch.PREFIX}{os.getpid()}-shelf-def"
    parent = tmp_path / f"{scratch.PREFIX}{os.getppid()}-shelf-ghi"
    other = tmp_path / "kg-something-else"
    for folder in (mine, parent, other):
        folder.mkdir()
    assert scratch.sweep(tmp_path) == [dead]
    assert not dead.exists() and mine.exists() and parent.exists() and other.exists()


def test_shelf_and_spool_folders_are_named_for_the_sweep(monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with Shelf() as shelf, SpooledGraphs("https://w3id.org/kg/id/") as spool:
        names = sorted(p.parent.name for p in (shelf.path, spool.path))
        assert [n.startswith(f"{scratch.PREFIX}{os.getpid()}-") for n in names] == [True, True]
        assert scratch.sweep(tmp_path) == []  # this process runs
    assert list(tmp_path.iterdir()) == []


def test_a_build_killed_outright_is_swept_by_the_next(tmp_path):
    """A process that made a shelf and died without cleaning up (as kill -9 leaves it): the next build removes it."""
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    code = "import os; from kg.shelf import Shelf; shelf = Shelf(); os._exit(9)"
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 9
    (left,) = tmp_path.iterdir()
    assert left.name.startswith(scratch.PREFIX) and (left / "readings.sqlite").exists()
    empty = tmp_path.parent / f"{tmp_path.name}-empty"
    empty.mkdir()
    build = subprocess.run([sys.executable, "-m", "kg", "build", str(empty), "-o", str(tmp_path.parent / f"{tmp_path.name}-out")],
                           env=env, capture_output=True, text=True)
    assert build.returncode != 0 and "Traceback" not in build.stderr  # nothing to read, but the sweep ran first
    assert list(tmp_path.iterdir()) == []
