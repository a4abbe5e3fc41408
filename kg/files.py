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

    Nothing in `folder` changes until every output is written in full, and the renames run
    back to back with SIGINT and SIGTERM held off, so an interrupted or failed build leaves
    the previous files as they were, never a mix of old and new. The staging folder is
    removed whatever happens.
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
            for name in outputs:
                os.replace(staging / name, folder / name)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    except OSError as e:
        raise KGError(f"{folder}: cannot write there ({e.strerror}); free some space or choose another folder with -o") from e
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
