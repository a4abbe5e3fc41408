"""Reading articles from disk: files and folders in, one Article at a time out."""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import KGError
from kg.formats import LONE_SURROGATE, SUFFIXES, SkippedFile, Warn, read_file, read_text
from kg.records import Article

__all__ = ["iter_articles", "read_text"]

SPACE = re.compile(r"\s")
DIGEST_CHUNK = 1 << 20  # characters hashed at a time
NOTHING_FOUND = "no .txt, .md, .html or .jsonl articles found"


@dataclass(frozen=True)
class _File:
    """A file to read, the Source.name it gets, and which input it was found under."""

    path: Path
    name: str
    input: int


def _ignore(message: str) -> None:
    pass


def iter_articles(paths: Sequence[Path], warn: Callable[[str], None] = _ignore) -> Iterator[Article]:
    """Yield the articles in `paths` (files and folders, read recursively), one at a time.

    Folders are walked in sorted order, skipping hidden names, unknown extensions and
    symlinks back into a folder already walked. Source.name is the path relative to the
    input folder ("/"-separated), or the file name for a file given directly.
    Files with the same whitespace-collapsed text are read once: the first in sorted order
    is yielded, with the others in Source.also_names.

    Front matter that is not valid YAML is warned about, cut from the text and its fields
    ignored: the article is still read, only its metadata is missing.

    Problems with one file (binary, empty, unreadable, bad jsonl lines, bad dates) are
    passed to `warn` and the file is skipped -- unless it was the only input, which is then
    a KGError, as are missing paths, a file with an unknown extension given directly, and
    inputs with no articles at all. The checks and one hashing pass over every file run
    when this is called; the articles are then read again and yielded as they are read,
    so only hashes and names are ever held, never the corpus.
    """
    paths = sorted(map(Path, paths), key=lambda p: p.as_posix())  # names and first copies must not depend on argument order
    files, overlapping = _find_files(paths, warn)
    only_file = len(paths) == 1 and not Path(paths[0]).is_dir()
    first: dict[bytes, tuple[str, str]] = {}  # text hash -> (name, where) of its first copy
    copies: dict[str, list[str]] = {}  # name of a first copy -> names of the other copies
    found = [0] * len(paths)
    skipped: list[str] = []
    for file in files:
        try:
            for article in read_file(file.path, file.name, warn):
                found[file.input] += 1
                digest, name = _digest(article.text), article.source.name
                where = f"{file.path}{name[len(file.name):]}"
                if digest in first:
                    warn(f"{where}: same text as {first[digest][1]}; read once")
                    copies.setdefault(first[digest][0], []).append(name)
                else:
                    first[digest] = (name, where)
        except SkippedFile as e:
            if only_file:
                raise
            skipped.append(e.warning)
            warn(e.warning)
    _check_found(paths, found, overlapping, skipped, warn)
    return _yield_articles(files, {name: digest for digest, (name, _) in first.items()}, copies)


def _yield_articles(files: list[_File], first: dict[str, bytes], copies: dict[str, list[str]]) -> Iterator[Article]:
    """The second pass: read every file again and yield the first copy of each text."""
    for file in files:
        try:
            for article in read_file(file.path, file.name, _ignore):  # warned in the first pass
                name = article.source.name
                if first.get(name) != _digest(article.text):
                    continue
                also = copies.get(name)
                yield replace(article, source=replace(article.source, also_names=tuple(also))) if also else article
        except SkippedFile:
            continue


def _digest(text: str) -> bytes:
    """Hash of the whitespace-collapsed text, fed in chunks cut at whitespace to bound memory."""
    hasher, separator, start = hashlib.blake2b(digest_size=16), b"", 0
    while start < len(text):
        space = SPACE.search(text, start + DIGEST_CHUNK)
        end = space.end() if space else len(text)
        words = text[start:end].split()
        if words:
            hasher.update(separator + " ".join(words).encode("utf-8", "surrogatepass"))
            separator = b" "
        start = end
    return hasher.digest()


def _check_found(paths: Sequence[Path], found: list[int], overlapping: set[int], skipped: list[str], warn: Warn) -> None:
    if not any(found) and skipped:
        more = f" and {len(skipped) - 1} more" if len(skipped) > 1 else ""
        raise KGError(f"{', '.join(map(str, paths))}: no file could be read ({skipped[0]}{more}); fix or replace those files")
    if not any(found):
        path = Path(paths[0])
        if path.is_dir():
            raise KGError(f"{path}: {NOTHING_FOUND}; point kg at a folder of articles")
        raise KGError(f"{path}: no readable articles in it; fix the problems warned about")
    for index, (path, count) in enumerate(zip(paths, found)):
        if not count and index not in overlapping:
            warn(f"{path}: {NOTHING_FOUND}; skipped")


def _find_files(paths: Sequence[Path], warn: Warn) -> tuple[list[_File], set[int]]:
    """Check the inputs and list the files to read, each real file once, each with a unique name.

    Also return the indices of inputs holding a file another input already listed.
    """
    if not paths:
        raise KGError("no input paths; name the files or folders of articles to read")
    for path in map(Path, paths):
        if not path.exists():
            raise KGError(f"{path}: no such file or folder; check the path")
        if not path.is_dir() and path.suffix.lower() not in SUFFIXES:
            kind = f"unknown extension '{path.suffix}'" if path.suffix else "no extension"
            raise KGError(f"{path}: {kind}; kg reads .txt, .md, .markdown, .html, .htm and .jsonl files")
    files: list[_File] = []
    seen: set[str] = set()  # real paths, so overlapping inputs and symlinks read a file once
    names: set[str] = set()
    overlapping: set[int] = set()
    for index, root in enumerate(map(Path, paths)):
        if root.is_dir():
            found = ((path, path.relative_to(root).as_posix(), real) for path, real in _walk(root, warn))
        else:
            found = iter([(root, root.name, os.path.realpath(root))])
        for path, name, real in found:
            if real in seen:
                overlapping.add(index)
                continue
            seen.add(real)
            if LONE_SURROGATE.search(name):  # bytes of a file name that are not UTF-8, kept by Python as lone surrogates
                clean = LONE_SURROGATE.sub("\ufffd", name)
                shown = os.fsencode(path).decode("utf-8", "backslashreplace")
                warn(f"{shown}: the file name is not valid UTF-8; named {clean!r} in the graph (rename the file to keep its name)")
                name = clean
            name = _unique(name, LONE_SURROGATE.sub("\ufffd", path.as_posix()), names)
            names.add(name)
            files.append(_File(path, name, index))
    return files, overlapping


def _unique(name: str, fallback: str, names: set[str]) -> str:
    """Keep names unique across inputs: the path as given, then a counter."""
    if name not in names:
        return name
    if fallback not in names:
        return fallback
    n = 2
    while f"{name}~{n}" in names:
        n += 1
    return f"{name}~{n}"


def _walk(folder: Path, warn: Warn) -> Iterator[tuple[Path, str]]:
    """Yield article files under `folder` in sorted order, each with its real path, walking each real folder once.

    A stack of open folders, not recursion: folders nested thousands deep are walked too.
    """
    visited = {os.path.realpath(folder)}
    stack: list[tuple[Iterator[os.DirEntry], tuple[str, ...]]] = []

    def enter(current: Path, ancestors: tuple[str, ...]) -> None:
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda entry: entry.name)
        except PermissionError:
            warn(f"skipped {current}: permission denied; make it readable (chmod +rx) to include it")
            return
        except OSError as e:
            warn(f"skipped {current}: cannot list it ({e.strerror})")
            return
        stack.append((iter(entries), ancestors))

    enter(folder, (os.path.realpath(folder),))
    while stack:
        entries, ancestors = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError:  # a symlink to itself: ELOOP
            is_dir = is_file = False
        if is_dir:
            # realpath costs one lstat per component, quadratic down deep trees: only a symlink needs it
            real = os.path.realpath(path) if entry.is_symlink() else os.path.join(ancestors[-1], entry.name)
            if real in ancestors:
                warn(f"skipped {path}: symlink loop back to {real}")
            elif real in visited:
                warn(f"skipped {path}: links to a folder already read ({real})")
            else:
                visited.add(real)
                enter(path, (*ancestors, real))
        elif path.suffix.lower() not in SUFFIXES:
            continue
        elif is_file:
            # realpath costs one lstat per component: only a symlink needs it (the folder's own is known)
            yield path, os.path.realpath(path) if entry.is_symlink() else os.path.join(ancestors[-1], entry.name)
        elif os.path.exists(path):
            warn(f"skipped {path}: a device, FIFO or socket, not a file of text")
        elif entry.is_symlink():
            warn(f"skipped {path}: broken or looping symlink")
