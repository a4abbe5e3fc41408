"""Atomic file output: write beside the target and rename, so a failure never leaves half a file (kg.outputs commits a whole build)."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kg.errors import KGError


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or parts of it one after the other) to `path` through a temporary file in the same folder and an atomic rename; KGError if it cannot."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise KGError(f"{e.filename or path.parent}: cannot write there ({e.strerror}); choose another path") from e
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the output from other users
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, bytes):
                f.write(data)
            else:
                for part in data:
                    f.write(part)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise KGError(f"{path}: cannot write it ({e.strerror}); free space or choose another path") from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_output_file(out: Path, source: Path) -> None:
    """Raise KGError unless `out` can be a file written from `source`: not a folder, not under a file, not `source` itself."""
    out = Path(out)
    if out.is_dir():
        raise KGError(f"{out}: is a folder; give a file name such as {out / 'graph.html'}")
    parent = next((p for p in out.absolute().parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise KGError(f"{parent}: is a file, so {out} cannot be written under it; choose another path")
    if out.exists() and Path(source).exists() and os.path.samefile(out, source):
        raise KGError(f"{out}: is the input graph; write the view to another file, e.g. {out.with_suffix('.html')}")


def check_writable(folder: Path) -> None:
    """Raise KGError unless `folder` is, or can be made as, a writable folder: checked before a long build, not after."""
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise KGError(f"{existing}: is a file, not a folder, so {folder} cannot be written; choose another output folder with -o")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise KGError(f"{existing}: permission denied, so {folder} cannot be written; choose another output folder with -o")
