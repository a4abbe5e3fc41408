"""The command line: every command explains itself with an example; usage errors exit 2, user errors 1, one line each."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("build", "query", "queries", "load", "validate", "view", "stats")


def test_every_command_is_covered():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS), "a new command: add it to COMMANDS and give it an example"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit:
        main([command, "--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: kg {command}" in out
    assert "example:" in out and f"  kg {command} " in out


def test_build_help_and_the_readme_give_one_install_line_for_dask(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    line = 'pip install -e ".[scale]" in a checkout'
    assert line in " ".join(capsys.readouterr().out.split())
    assert line in (ROOT / "README.md").read_text(encoding="utf-8").replace("`", "")


def test_top_level_help_names_commands_and_exit_codes(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert all(command in out for command in COMMANDS)
    assert "example:" in out and "exit codes: 0 ok, 1 user error" in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["build"],
        ["build", "seeds"],  # no -o
        ["query"],
        ["query", "queries/persons.rq", "--format", "xml"],
        ["query", "queries/persons.rq", "--store", "s", "--endpoint", "http://127.0.0.1:1/query"],
        ["load", "out/graph.trig"],  # no --endpoint
        ["view", "out/graph.ttl"],  # no -o
        ["validate", "a.ttl", "b.ttl"],
        ["stats", "--no-such-option", "a.ttl"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit:
        main(argv)
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: kg") and "error:" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "no/such/folder", "-o", "{tmp}/out"],
        ["query", "no-such.rq"],
        ["query", str(ROOT / "queries" / "persons.rq"), "--graph", "{tmp}/missing.ttl"],
        ["query", "{tmp}/bad.rq", "--graph", "{tmp}/graph.ttl"],
        ["validate", "{tmp}/missing.ttl"],
        ["validate", "{tmp}/bad.rq"],  # not a graph format
        ["view", "{tmp}/missing.ttl", "-o", "{tmp}/view.html"],
        ["stats", "{tmp}/missing.ttl"],
        ["query", str(ROOT / "queries" / "persons.rq"), "--store", "{tmp}/no-store"],
        ["load", "{tmp}/graph.ttl", "--endpoint", "not-a-url"],
    ],
)
def test_user_errors_are_one_line_and_exit_1(argv, tmp_path, capsys):
    (tmp_path / "bad.rq").write_text("SELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    (tmp_path / "graph.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert main([arg.format(tmp=tmp_path) for arg in argv]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), captured.err
    assert "Traceback" not in captured.err


def test_python_dash_m_kg_works():
    done = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "usage: kg" in done.stdout and "example:" in done.stdout


def test_console_script_exit_codes(tmp_path):
    kg = Path(sys.executable).parent / "kg"
    if not kg.exists():
        pytest.skip("the kg console script is not installed; pip install -e .")
    usage = subprocess.run([str(kg), "query"], capture_output=True, text=True, timeout=60)
    user = subprocess.run([str(kg), "stats", str(tmp_path / "missing.ttl")], capture_output=True, text=True, timeout=60)
    assert (usage.returncode, user.returncode) == (2, 1)
    assert user.stderr.count("\n") == 1 and user.stderr.startswith("kg: error: ")


@pytest.mark.parametrize(
    "text, shown",
    [
        ("red \x1b[31malert\x07", "red \\x1b[31malert\\x07"),
        ("right\u202eto left", "right\\u202eto left"),
        ("lone \ud800", "lone \\ud800"),
        ("tab\tand\nline", "tab\tand\nline"),
    ],
)
def test_printable_escapes_what_a_terminal_would_act_on(text, shown):
    from kg.cli import printable

    assert printable(text) == shown


def test_an_error_line_is_one_line_and_escaped(tmp_path, capsys):
    assert main(["query", str(tmp_path / "a\nb\x1b.rq"), "--graph", str(tmp_path / "g.ttl")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "a\\nb\\x1b.rq" in err


def test_a_usage_error_quotes_arguments_escaped(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["query", "x.rq", "--format", "\x1b[31m"])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "'\\x1b[31m'" in err


def test_printable_keeps_a_json_answer_valid():
    import json

    from kg.cli import printable

    text = json.dumps({"quote": "a\x85b\x9bc\u202ed\x7f"}, ensure_ascii=False)  # json.dumps leaves DEL, C1 and bidi raw
    shown = printable(text)
    assert json.loads(shown) == json.loads(text) and "\x85" not in shown
