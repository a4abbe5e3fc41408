"""Feedback on long builds: a progress bar (tqdm) on a terminal, and a clock for the time each stage takes.

The bar is the one thing below the CLI that writes: to stderr, only when stderr is a
terminal and the user did not ask for --quiet, so piped output and logs stay clean.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO, TypeVar

from tqdm import tqdm

from kg.formats import SUFFIXES

T = TypeVar("T")
REDRAW_SECONDS = 0.2  # redrawing on every article would cost more than the article on small corpora


def progress_bar(items: Iterable[T], inputs: Sequence[Path], enabled: bool, stream: TextIO | None = None) -> tqdm:
    """`items` (one per article read from `inputs`) through a tqdm bar, drawn only on a terminal and when `enabled`.

    The inputs are only counted (for the total and the ETA) when the bar will be drawn; the bar is cleared at the end.
    """
    stream = stream if stream is not None else sys.stderr
    drawn = enabled and _is_terminal(stream)
    return tqdm(items, total=count_articles(inputs) if drawn else None, disable=not drawn, file=stream,
                unit=" articles", desc="read", mininterval=REDRAW_SECONDS, leave=False, dynamic_ncols=True)


def count_articles(paths: Sequence[Path]) -> int:
    """A fast estimate of how many articles `paths` hold, for the ETA: one per file, one per .jsonl line.

    It does not read the texts, so duplicates and files that turn out unreadable still count.
    """
    total = 0
    for path in map(Path, paths):
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".jsonl":
                total += _count_lines(file)
            elif file.suffix.lower() in SUFFIXES:
                total += 1
    return total


class StageClock:
    """Adds the wall time of each named stage to a dict (seconds), for `kg build` and the benchmark."""

    def __init__(self, timings: dict[str, float] | None = None) -> None:
        self.timings = timings if timings is not None else {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - start)

    def call(self, stage: str, function: Callable[..., T], *args, **kwargs) -> T:
        """Call `function` and add its time to `stage`."""
        with self(stage):
            return function(*args, **kwargs)

    def add(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds


def _walk(root: Path) -> Iterator[Path]:
    """Files under `root`, hidden names skipped; a stack, not os.walk, whose recursion fails 1,000 folders deep."""
    stack = [root]
    while stack:
        try:
            with os.scandir(stack.pop()) as it:
                entries = [e for e in it if not e.name.startswith(".")]
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            else:
                yield Path(entry.path)


def _count_lines(path: Path) -> int:
    if not path.is_file():  # a device or a FIFO would be read for ever
        return 0
    try:
        with path.open("rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    except OSError:
        return 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream
        return False
