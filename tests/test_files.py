"""Writing one file atomically: a failure is a KGError naming the path, and leaves the old file whole."""
from __future__ import annotations

import errno
import os

import pytest

from kg.errors import KGError
from kg.files import check_output_file, write_atomic


def test_a_read_only_file_system_is_a_kg_error(tmp_path, monkeypatch):
    target = tmp_path / "view.html"
    target.write_bytes(b"old")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp_path))

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    with pytest.raises(KGError, match="cannot write there \\(Read-only file system\\)"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"


def test_a_failed_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "view.html"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(KGError, match="view.html: cannot write it \\(No space left on device\\)"):
        write_atomic(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"] and target.read_bytes() == b"old"


@pytest.mark.parametrize("case, message", [("folder", "is a folder"), ("under a file", "is a file, so"), ("the input", "is the input graph")])
def test_an_output_file_that_cannot_be(tmp_path, case, message):
    source = tmp_path / "graph.ttl"
    source.write_text("")
    out = {"folder": tmp_path, "under a file": source / "view.html", "the input": source}[case]
    with pytest.raises(KGError, match=message):
        check_output_file(out, source)
