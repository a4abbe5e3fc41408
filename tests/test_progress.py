"""The progress bar draws only on a terminal; the stage clock adds up seconds."""
from __future__ import annotations

import io

import pytest

from kg.progress import ProgressBar, StageClock, count_articles, progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("stream", [io.StringIO(), Terminal()], ids=["pipe", "terminal"])
def test_draws_only_on_a_terminal(stream):
    bar = ProgressBar(3, stream=stream)
    assert list(bar.track("abc")) == ["a", "b", "c"]
    drawn = stream.getvalue()
    assert bool(drawn) is isinstance(stream, Terminal)


def test_quiet_draws_nothing_even_on_a_terminal():
    stream = Terminal()
    list(ProgressBar(3, stream=stream, enabled=False).track("abc"))
    assert stream.getvalue() == ""


def test_shows_count_rate_and_eta():
    clock, stream = Clock(), Terminal()
    bar = ProgressBar(100, stream=stream, clock=clock)
    clock.now += 10
    bar.advance(25)
    assert "read 25/100 articles" in stream.getvalue()
    assert "2.5 articles/s" in stream.getvalue()
    assert "ETA 0:30" in stream.getvalue()  # 75 left at 2.5 per second


@pytest.mark.parametrize(("total", "done", "expected"), [
    (None, 7, "read 7 articles"),  # no estimate: count and rate only
    (5, 7, "read 7/7 articles"),  # an estimate too low never shows more done than total
    (720, 1, "ETA 1:59:50"),  # 719 left at 0.1 per second
])
def test_line(total, done, expected):
    clock = Clock()
    bar = ProgressBar(total, stream=io.StringIO(), clock=clock)
    bar.done = done
    assert expected in bar.line(clock.now + 10)


def test_redraws_at_most_every_fifth_of_a_second():
    clock, stream = Clock(), Terminal()
    bar = ProgressBar(1000, stream=stream, clock=clock)
    for _ in range(100):
        bar.advance()
    assert stream.getvalue().count("\r") == 1


def test_close_clears_the_line():
    stream = Terminal()
    bar = ProgressBar(1, stream=stream)
    list(bar.track([1]))
    assert stream.getvalue().endswith("\r\x1b[K")


def test_counts_files_and_jsonl_lines(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x")
    (tmp_path / "c.jsonl").write_text('{"text": "1"}\n{"text": "2"}\n{"text": "3"}\n')
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-")
    assert count_articles([tmp_path]) == 5
    assert count_articles([tmp_path / "a.txt", tmp_path / "c.jsonl"]) == 4


def test_counts_only_when_the_bar_is_drawn(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert progress_bar([tmp_path / "missing"], enabled=True).total is None


def test_stage_clock_adds_up():
    timings: dict[str, float] = {}
    clock = StageClock(timings)
    clock.add("nlp", 1.5)
    clock.add("nlp", 0.5)
    assert clock.call("rdf", sorted, [2, 1]) == [1, 2]
    with clock("view"):
        pass
    assert timings["nlp"] == 2.0 and timings["rdf"] >= 0 and timings["view"] >= 0
