"""All outputs of a build as one transaction: staged beside their targets, then committed together, one build at a time.

Every folder a build writes (OUT, and the --store folder) is locked (flock) for the whole build and gets a
staging folder inside it, so each commit is a rename within one file system. Nothing outside the
staging folders changes until commit(). commit() first writes a journal (the commit point), then
renames every staged entry into place back to back, with SIGINT and SIGTERM held off:

- an error while committing (a folder in the way, a full disk) puts the old entries back;
- a process killed outright while committing leaves the journal, and the next build into that
  folder finishes the commit before it starts;
- staging folders a killed build left behind without a journal are removed by the next build.

So after any failure the previous outputs are whole; readers see either the old set or the new one.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import tempfile
from pathlib import Path

from kg.errors import KGError

STAGING_PREFIX = ".kg-staging-"
JOURNAL = "COMMIT.json"  # in OUT's staging folder: every move of the transaction; written last, read on recovery
OWNER = "OWNER"  # in the other staging folders: the path of the staging folder holding the journal
OLD = ".old"  # suffix of the entries a commit replaced, kept in staging until the commit is done
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class Outputs:
    """with Outputs(out, store) as outputs: write outputs.path(name) and into outputs.store, then outputs.commit()."""

    def __init__(self, out: Path, store: Path | None = None) -> None:
        self.folders = [Path(out)]
        if store is not None and Path(store).absolute() != Path(out).absolute():  # --store OUT: one folder, one staging
            self.folders.append(Path(store))
        self.has_store = store is not None
        self.locks: list[int] = []
        self.staging: list[Path] = []
        self.removals: list[str] = []

    def __enter__(self) -> Outputs:
        try:
            for folder in self.folders:
                self.locks.append(_lock(folder))
                recover(folder)
                try:
                    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
                    os.chmod(staging, 0o755)  # mkdtemp's 0700 would hide the outputs from other users
                except OSError as e:
                    raise KGError(f"{folder}: cannot write there ({e.strerror}); choose another folder") from e
                self.staging.append(staging)
            for staging in self.staging[1:]:
                (staging / OWNER).write_text(str(self.staging[0]), encoding="utf-8")
        except OSError as e:
            self.__exit__(None, None, None)
            raise KGError(f"{e.filename or self.folders[-1]}: cannot write there ({e.strerror}); choose another folder") from e
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for staging in self.staging:
            shutil.rmtree(staging, ignore_errors=True)
        for fd in self.locks:
            os.close(fd)  # closing drops the flock
        self.staging, self.locks = [], []
        self.removals = []

    @property
    def out(self) -> Path:
        """The staging folder that stands for OUT until the commit."""
        return self.staging[0]

    def path(self, name: str) -> Path:
        """Where to write OUT/`name` before the commit."""
        return self.out / name

    def remove(self, name: str) -> None:
        """Remove OUT/`name` with the commit (an output an earlier build wrote and this one does not)."""
        self.removals.append(name)

    @property
    def store(self) -> Path:
        """Where to write the store's entries (oxigraph/, readings.jsonl) before the commit."""
        if not self.has_store:
            raise AssertionError("Outputs opened without a store")
        return self.staging[-1]

    def commit(self) -> None:
        """Move every staged entry into its folder, all or none; raise KGError naming what was in the way."""
        moves = []
        for index, (folder, staging) in enumerate(zip(self.folders, self.staging)):
            moves += [(str(staging), str(folder), name, False) for name in sorted(os.listdir(staging)) if name != OWNER]
            moves += [(str(staging), str(folder), name, True) for name in self.removals if index == 0]
        journal = self.staging[0] / JOURNAL
        held = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
        try:
            try:
                _write_synced(journal, json.dumps(moves).encode("utf-8"))
                _move_all(moves)
            except OSError as e:
                journal.unlink(missing_ok=True)
                where = e.filename2 or e.filename or self.folders[0]
                raise KGError(f"{where}: cannot write it ({e.strerror}); the previous outputs are untouched; free space, remove it, or choose another folder") from e
            journal.unlink()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)


def recover(folder: Path) -> None:
    """Finish the commit a killed build left journaled in `folder`, and remove the staging folders it left."""
    for staging in sorted(folder.glob(STAGING_PREFIX + "*")):
        journal = staging / JOURNAL
        owner = staging / OWNER
        if not journal.exists() and owner.exists():
            journal = Path(owner.read_text(encoding="utf-8")) / JOURNAL
        if journal.exists():
            try:
                _move_all([tuple(m) for m in json.loads(journal.read_text(encoding="utf-8"))], forward=True)
            except (OSError, ValueError) as e:
                raise KGError(f"{journal}: a killed build left a commit that cannot be finished ({e}); remove {staging} and rebuild") from e
            journal.unlink()
        shutil.rmtree(staging, ignore_errors=True)


def _lock(folder: Path) -> int:
    """Create `folder` if need be and lock it for this process; raise KGError if another build holds it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)  # the folder itself: no lock file left behind
    except OSError as e:
        raise KGError(f"{e.filename or folder}: cannot write there ({e.strerror}); choose another output folder") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        os.close(fd)
        raise KGError(f"{folder}: another kg build is writing it; wait for it to finish or choose another folder") from e
    return fd


def _move_all(moves: list[tuple[str, str, str, bool]], forward: bool = False) -> None:
    """Move staging/NAME to folder/NAME for every move (or, for a removal, only folder/NAME away); the replaced
    entry goes to staging/NAME.old.

    Run again after a crash (`forward`), moves already done are skipped. Otherwise, if one move
    fails, those done are undone and the error raised.
    """
    done: list[tuple[Path, Path, Path, bool]] = []
    try:
        for staging, folder, name, removal in moves:
            new, target, old = Path(staging, name), Path(folder, name), Path(staging, name + OLD)
            if removal:
                if target.is_file() and not old.exists():
                    os.replace(target, old)
                    done.append((new, target, old, removal))
                continue
            if forward and not new.exists() and not new.is_symlink():
                continue
            if new.is_dir() and target.is_dir() and not target.is_symlink():  # the store's database
                os.rename(target, old)
                try:
                    os.rename(new, target)
                except OSError:
                    os.rename(old, target)
                    raise
            else:
                if target.is_file() and not forward:
                    os.link(target, old)  # a hard link keeps the old file for an undo
                os.replace(new, target)  # a folder in the way of a file fails here, and is left alone
            done.append((new, target, old, removal))
    except OSError:
        if forward:
            raise
        for new, target, old, removal in reversed(done):
            if not removal:
                os.replace(target, new)
            if old.exists():
                os.replace(old, target)
        raise


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
