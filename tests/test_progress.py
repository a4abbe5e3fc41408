"""The progress bar (tqdm) draws only on a terminal and counts articles; the stage clock adds up seconds."""
from __future__ import annotations

import io

import pytest

from kg.progress import StageClock, count_articles, progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stream", [io.StringIO(), Terminal()], ids=["pipe", "terminal"])
def test_draws_only_on_a_terminal(stream, tmp_path):
    assert list(progress_bar("abc", [tmp_path], enabled=True, stream=stream)) == ["a", "b", "c"]
    assert bool(stream.getvalue()) is isinstance(stream, Terminal)


def test_quiet_draws_nothing_even_on_a_terminal(tmp_path):
    stream = Terminal()
    assert list(progress_bar("abc", [tmp_path], enabled=False, stream=stream)) == ["a", "b", "c"]
    assert stream.getvalue() == ""


def test_shows_count_and_total(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text("x")
    stream = Terminal()
    bar = progress_bar(iter("abc"), [tmp_path], enabled=True, stream=stream)
    assert bar.total == 4
    assert list(bar) == ["a", "b", "c"] and bar.n == 3
    assert "/4 " in stream.getvalue() and "articles/s" in stream.getvalue()


def test_counts_files_and_jsonl_lines(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x")
    (tmp_path / "c.jsonl").write_text('{"text": "1"}\n{"text": "2"}\n{"text": "3"}\n')
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-")
    assert count_articles([tmp_path]) == 5
    assert count_articles([tmp_path / "a.txt", tmp_path / "c.jsonl"]) == 4


def test_counts_only_when_the_bar_is_drawn(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    assert progress_bar(iter(()), [tmp_path], enabled=True, stream=io.StringIO()).total is None
    assert progress_bar(iter(()), [tmp_path], enabled=True, stream=Terminal()).total == 1


def test_stage_clock_adds_up():
    timings: dict[str, float] = {}
    clock = StageClock(timings)
    clock.add("nlp", 1.5)
    clock.add("nlp", 0.5)
    assert clock.call("rdf", sorted, [2, 1]) == [1, 2]
    with clock("view"):
        pass
    assert timings["nlp"] == 2.0 and timings["rdf"] >= 0 and timings["view"] >= 0
