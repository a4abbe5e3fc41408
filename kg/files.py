"""Atomic file output: write beside the target and rename, or stage several files and rename them together; a failure never leaves half a file."""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path

from kg.errors import KGError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the output from other users
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


Output = bytes | Callable[[Path], None]  # the bytes of a file, or a function that writes it to the path it is given

HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def check_writable(folder: Path) -> None:
    """Raise KGError unless `folder` is, or can be made as, a writable folder: checked before a long build, not after."""
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise KGError(f"{existing}: is a file, not a folder, so {folder} cannot be written; choose another output folder with -o")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise KGError(f"{existing}: permission denied, so {folder} cannot be written; choose another output folder with -o")


def replace_together(folder: Path, outputs: dict[str, Output]) -> None:
    """Write every output into a staging folder inside `folder`, then rename them all into place.

    Nothing in `folder` changes until every output is written in full; the renames run back
    to back with SIGINT and SIGTERM held off, and if one fails (say graph.html is a folder)
    those already done are undone from hard links to the old files. So an interrupted or
    failed build leaves the previous files as they were, never a mix of old and new. The
    staging folder is removed whatever happens.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".kg-staging-", dir=folder))
    except OSError as e:
        raise KGError(f"{folder}: cannot write there ({e.strerror}); choose another output folder with -o") from e
    try:
        os.chmod(staging, 0o755)
        for name, output in outputs.items():
            if isinstance(output, bytes):
                _write_synced(staging / name, output)
            else:
                output(staging / name)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
        try:
            _rename_all(staging, folder, list(outputs))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    except OSError as e:
        where = e.filename2 or e.filename or folder
        raise KGError(f"{where}: cannot write it ({e.strerror}); the previous files are untouched; free space, remove it, or choose another folder with -o") from e
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _rename_all(staging: Path, folder: Path, names: list[str]) -> None:
    """Move staging/NAME to folder/NAME for every name, or, if one move fails, put the old files back."""
    old: dict[str, Path] = {}
    for name in names:
        if (folder / name).is_file():  # nothing to keep on a first build; a folder in the way fails below
            os.link(folder / name, staging / f"{name}.old")
            old[name] = staging / f"{name}.old"
    done: list[str] = []
    try:
        for name in names:
            os.replace(staging / name, folder / name)
            done.append(name)
    except OSError:
        for name in reversed(done):
            if name in old:
                os.replace(old[name], folder / name)
            else:
                (folder / name).unlink()
        raise


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
