"""Scratch folders in TMPDIR for a build's on-disk tables, named after the process that made them.

A build deletes its scratch folders when it ends, however it fails; only a process killed outright
(kill -9, the out-of-memory killer) cannot. Such leftovers can be gigabytes on a large corpus, so each
build first deletes the scratch folders of kg processes that no longer run.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

PREFIX = "kg-scratch-"
_NAME = re.compile(rf"{PREFIX}(\d+)-")


def scratch_folder(kind: str) -> tempfile.TemporaryDirectory:
    """A new temporary folder for `kind` ("spool", "shelf"), deleted on cleanup(), named with this process's id."""
    return tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-{kind}-")


def sweep(folder: Path | None = None) -> list[Path]:
    """Delete the scratch folders in `folder` (TMPDIR) whose process is gone; return those deleted."""
    removed = []
    try:
        entries = list(Path(folder or tempfile.gettempdir()).iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _NAME.match(entry.name)
        if match and entry.is_dir() and not _running(int(match[1])):
            shutil.rmtree(entry, ignore_errors=True)
            if not entry.exists():
                removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running, and not ours to judge
        return True
    return True
