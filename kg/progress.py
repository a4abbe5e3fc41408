"""Feedback on long builds: a progress bar on a terminal, and a clock for the time each stage takes.

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

from kg.formats import SUFFIXES

T = TypeVar("T")
REDRAW_SECONDS = 0.2  # redrawing on every article would cost more than the article on small corpora
BAR_WIDTH = 24


class ProgressBar:
    """Counts articles and draws `read 120/1000 articles [=====     ] 41.3 articles/s ETA 0:21` in place."""

    def __init__(self, total: int | None, stream: TextIO | None = None, enabled: bool = True, clock=time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and _is_terminal(self.stream)
        self.total = total
        self.done = 0
        self.clock = clock
        self.started = clock()
        self.drawn_at = float("-inf")

    def advance(self, n: int = 1) -> None:
        """Count `n` more articles read; redraw at most every REDRAW_SECONDS."""
        self.done += n
        now = self.clock()
        if self.enabled and now - self.drawn_at >= REDRAW_SECONDS:
            self.drawn_at = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        """Clear the bar so the summary line starts on a clean line."""
        if self.enabled and self.drawn_at > float("-inf"):
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def line(self, now: float) -> str:
        """The text of the bar at time `now`."""
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        if not self.total:
            return f"read {self.done} articles  {rate:.1f} articles/s"
        total = max(self.total, self.done)  # the total is an estimate; never show 1010/1000
        filled = round(BAR_WIDTH * self.done / total)
        eta = (total - self.done) / rate if rate > 0 else None
        return (
            f"read {self.done}/{total} articles [{'=' * filled}{' ' * (BAR_WIDTH - filled)}] "
            f"{rate:.1f} articles/s  ETA {_clock(eta)}"
        )

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """Yield `items`, counting each one; clear the bar at the end."""
        try:
            for item in items:
                yield item
                self.advance()
        finally:
            self.close()


def progress_bar(inputs: Sequence[Path], enabled: bool) -> ProgressBar:
    """A bar for reading `inputs`; the inputs are only counted when the bar will be drawn."""
    bar = ProgressBar(None, enabled=enabled)
    if bar.enabled:
        bar.total = count_articles(inputs)
    return bar


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


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
