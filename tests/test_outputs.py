"""A build's outputs as one transaction: staged, committed together or not at all, one build at a time."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.outputs import JOURNAL, STAGING_PREFIX, Outputs

ROOT = Path(__file__).resolve().parents[1]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stage(outputs: Outputs, tag: str) -> None:
    """Stage a build's worth of outputs: three files in OUT, a database folder and a file in the store."""
    for name in ("graph.ttl", "graph.trig", "graph.nt"):
        outputs.path(name).write_text(f"{tag} {name}")
    (outputs.store / "oxigraph").mkdir()
    (outputs.store / "oxigraph" / "CURRENT").write_text(f"{tag} db")
    (outputs.store / "readings.jsonl").write_text(f"{tag} readings")


@pytest.fixture()
def previous(tmp_path) -> tuple[Path, Path]:
    out, store = tmp_path / "out", tmp_path / "store"
    with Outputs(out, store) as outputs:
        stage(outputs, "old")
        outputs.commit()
    return out, store


def test_commit_replaces_every_output_and_leaves_no_staging(previous):
    out, store = previous
    with Outputs(out, store) as outputs:
        stage(outputs, "new")
        outputs.commit()
    assert set(snapshot(out).values()) | set(snapshot(store).values()) == {
        b"new graph.ttl", b"new graph.trig", b"new graph.nt", b"new db", b"new readings"}
    assert not list(out.glob(STAGING_PREFIX + "*")) and not list(store.glob(STAGING_PREFIX + "*"))


def test_a_failure_before_the_commit_changes_nothing(previous):
    out, store = previous
    before = snapshot(out), snapshot(store)
    with pytest.raises(RuntimeError), Outputs(out, store) as outputs:
        stage(outputs, "new")
        raise RuntimeError("disk full")
    assert (snapshot(out), snapshot(store)) == before


def test_a_failing_commit_puts_back_what_it_moved(previous):
    out, store = previous
    (store / "readings.jsonl").unlink()
    (store / "readings.jsonl").mkdir()  # moved last, and in the way
    before = snapshot(out), snapshot(store)
    with pytest.raises(KGError, match="readings.jsonl.*previous outputs are untouched"), Outputs(out, store) as outputs:
        stage(outputs, "new")
        outputs.commit()
    assert (snapshot(out), snapshot(store)) == before
    assert (store / "readings.jsonl").is_dir()


def test_a_second_build_into_the_same_folder_is_refused(tmp_path):
    with Outputs(tmp_path / "out"):
        with pytest.raises(KGError, match="another kg build is writing it"):
            Outputs(tmp_path / "out").__enter__()


def test_staging_left_by_a_killed_build_is_removed(previous):
    out, store = previous
    before = snapshot(out)
    stale = out / f"{STAGING_PREFIX}dead"
    stale.mkdir()
    (stale / "graph.ttl").write_text("half")
    with Outputs(out):
        pass
    assert not stale.exists() and snapshot(out) == before


CRASH = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from kg.outputs import Outputs
    from test_outputs import stage
    renames = [0]
    def dying(real):
        def rename(*args):
            renames[0] += 1
            if renames[0] == {at}:
                os._exit(9)  # as kill -9: no clean-up runs
            return real(*args)
        return rename
    with Outputs(Path({out!r}), Path({store!r})) as outputs:
        stage(outputs, "new")
        os.replace, os.rename = dying(os.replace), dying(os.rename)
        outputs.commit()
""")


@pytest.mark.parametrize("at", [1, 3, 4, 5, 6])  # six renames: three files, a folder (two), a file
def test_a_build_killed_between_renames_is_finished_by_the_next(previous, at):
    out, store = previous
    script = CRASH.format(root=str(ROOT), at=at, out=str(out), store=str(store))
    died = subprocess.run([sys.executable, "-c", script], cwd=ROOT / "tests", capture_output=True)
    assert died.returncode == 9, died.stderr
    assert list(out.glob(f"{STAGING_PREFIX}*/{JOURNAL}"))  # the commit point was passed
    with Outputs(out, store):
        pass  # the next build finishes the commit before it stages anything
    assert set(snapshot(out).values()) | set(snapshot(store).values()) == {
        b"new graph.ttl", b"new graph.trig", b"new graph.nt", b"new db", b"new readings"}
    assert not list(out.glob(STAGING_PREFIX + "*")) and not list(store.glob(STAGING_PREFIX + "*"))


def test_a_removal_is_part_of_the_commit(previous):
    out, store = previous
    with Outputs(out, store) as outputs:
        stage(outputs, "new")
        outputs.path("graph.nt").unlink()
        outputs.remove("graph.nt")
        outputs.commit()
    assert not (out / "graph.nt").exists() and (out / "graph.ttl").read_text() == "new graph.ttl"


def test_a_failing_commit_puts_back_what_it_removed(previous):
    out, store = previous
    (store / "readings.jsonl").unlink()
    (store / "readings.jsonl").mkdir()  # in the way, after the removal
    before = snapshot(out)
    with pytest.raises(KGError), Outputs(out, store) as outputs:
        stage(outputs, "new")
        outputs.path("graph.nt").unlink()
        outputs.remove("graph.nt")
        outputs.commit()
    assert snapshot(out) == before


def test_a_store_in_out_itself_shares_its_staging(tmp_path):
    with Outputs(tmp_path / "out", tmp_path / "out") as outputs:
        stage(outputs, "new")
        outputs.commit()
    assert sorted(snapshot(tmp_path / "out")) == ["graph.nt", "graph.trig", "graph.ttl", "oxigraph/CURRENT", "readings.jsonl"]


def test_a_folder_that_cannot_hold_staging_is_a_kg_error(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tempfile.mkdtemp", full)
    with pytest.raises(KGError, match="cannot write there \\(No space left on device\\)"):
        Outputs(tmp_path / "out").__enter__()
