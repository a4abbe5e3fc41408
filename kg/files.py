"""Atomic file output: write beside the target and rename, so a failure never leaves half a file (kg.outputs commits a whole build)."""
from __future__ import annotations

import os
import tempfile
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



def check_writable(folder: Path) -> None:
    """Raise KGError unless `folder` is, or can be made as, a writable folder: checked before a long build, not after."""
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise KGError(f"{existing}: is a file, not a folder, so {folder} cannot be written; choose another output folder with -o")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise KGError(f"{existing}: permission denied, so {folder} cannot be written; choose another output folder with -o")
