"""kg build on messy and hostile input, from the user's side: the real CLI in a subprocess, the real spaCy model.

One build of the messy corpus (tests/data/messy plus hostile files made in tmp: a 20 MB
article, a 100,000-character line, markup and control characters, an unreadable file, symlink
loops) is shared by the tests that read its output.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

MESSY = Path(__file__).parent / "data" / "messy"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# As root a chmod 000 file is still readable; setpriv (util-linux) can drop the capabilities that allow it.
CAN_LOCK = os.geteuid() != 0 or shutil.which("setpriv") is not None
BUILD_TIMEOUT = 1800  # seconds; the shared build takes one to three minutes
PARAGRAPH = "Ana Silva met Kenji Sato in Port Elm on Tuesday to talk about fishing quotas. "
HOSTILE_TEXT = (
    "Script kiddies in Port Elm\n\n"
    "Ana Silva said <script>alert(1)</script> was found on the ministry site.\n"
    "Kenji Sato posted <img src=x onerror=alert(1)> and \"]]></script><!-- in reply.\n"
    "Control characters \x01\x02\x07\x08\x0b\x0c\x1b\x7f sit in this line; so do \ud7ff and \ufffe.\n"
    "\u201cI told him \u2018never again and he agreed,\u201d Ana Silva said. \u201cThis one never closes, Sato said.\n"
    "\"Nested \u201cquotes \u2018three \"deep\" here\u2019 end\u201d now,\" said Kenji Sato.\n"
    "\u201c" + "We will keep the port open for every boat and every crew. " * 860 + "\u201d Ana Silva said.\n"
    "Turtle breakers: \"\"\" ''' \\ \\u0000 <http://x> @prefix _:b ; . end.\n"
)
# What the summary lists, one line each, for every messy case (paths under the copied corpus).
EXPECTED_WARNINGS = [
    "{c}/bad_date.md: front matter 'published' is not an ISO date (2024-02-30); ignored (write it as YYYY-MM-DD)",
    "{c}/bad_yaml.md:2: front matter is not valid YAML (mapping values are not allowed here); its fields are ignored",
    "skipped empty file {c}/blank.md",
    "decoded {c}/cp1252_quotes.txt as cp1252",
    "skipped empty file {c}/empty.txt",
    "{c}/feed.jsonl:2: not valid JSON; skipped",
    "{c}/feed.jsonl:4: 'published' is not an ISO date (Monday); ignored (write it as YYYY-MM-DD)",
    "{c}/feed.jsonl:5: not a JSON object; skipped",
    "{c}/feed.jsonl:6: no 'text'; skipped",
    "skipped {c}/hostile/locked.txt: permission denied; make it readable (chmod +r) to include it",
    "skipped {c}/hostile/loop: symlink loop back to {c}/hostile",
    "skipped {c}/hostile/self.txt: broken or looping symlink",
    "skipped binary file {c}/image.txt",
    "{c}/x_copies/same article (copy).txt: same text as {c}/same_article.txt; read once",
]


def kg(*args: str, timeout: float = BUILD_TIMEOUT, unprivileged: bool = False) -> subprocess.CompletedProcess:
    """Run the kg CLI; never a traceback, whatever the outcome."""
    command = [*(_without_root_powers() if unprivileged else []), sys.executable, "-m", "kg", *map(str, args)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _without_root_powers() -> list[str]:
    """Run as root without the capabilities to read files whose mode forbids it; as anyone else, as is."""
    if os.geteuid() != 0 or not CAN_LOCK:
        return []
    return [shutil.which("setpriv"), "--bounding-set=-dac_override,-dac_read_search", "--"]


def one_error_line(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), proc.stderr
    return lines[0]


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig", "graph.html")}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


@pytest.fixture(scope="session")
def messy_corpus(tmp_path_factory) -> Path:
    """tests/data/messy copied to tmp, plus the hostile files that cannot live in git."""
    corpus = tmp_path_factory.mktemp("messy") / "corpus"
    shutil.copytree(MESSY, corpus, symlinks=True)
    hostile = corpus / "hostile"
    # 20 MB: a scan pasted into an article as base64, one line with no spaces, after a real paragraph.
    write(hostile / "pasted_scan.txt", "Scanned report\n\n" + PARAGRAPH + "\n\n" + "QUJDRA" * 3_400_000 + "\n")
    write(hostile / "one_line.md", "---\ntitle: One line\n---\n" + "Kenji Sato said yes. " * 4_800)  # 100,800 characters
    write(hostile / "markup_and_quotes.txt", HOSTILE_TEXT)
    if CAN_LOCK:
        write(hostile / "locked.txt", "Ana Silva kept this one locked.\n").chmod(0)
    (hostile / "loop").symlink_to(hostile)  # a folder that contains itself
    (hostile / "self.txt").symlink_to(hostile / "self.txt")  # a file link that points at itself
    return corpus


@pytest.fixture(scope="session")
def messy_build(messy_corpus, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path, float]:
    """`kg build` of the messy corpus, once: (process, OUT, seconds)."""
    out = tmp_path_factory.mktemp("messy_out") / "out"
    started = time.monotonic()
    proc = kg("build", messy_corpus, "-o", out, unprivileged=True)
    return proc, out, time.monotonic() - started


@pytest.fixture(scope="session")
def messy_literals(messy_build) -> set[str]:
    import pyoxigraph

    _, out, _ = messy_build
    with open(out / "graph.ttl", "rb") as f:
        return {q.object.value for q in pyoxigraph.parse(f, format=pyoxigraph.RdfFormat.TURTLE) if isinstance(q.object, pyoxigraph.Literal)}


# -- the messy corpus: read what can be read, say what was skipped ---------------


def test_messy_build_succeeds_and_writes_the_three_files(messy_build):
    proc, out, seconds = messy_build
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.trig", "graph.ttl"]  # no temp files left
    assert seconds < BUILD_TIMEOUT


def test_summary_counts_the_warnings_and_lists_each(messy_build, messy_corpus):
    proc, _, _ = messy_build
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("read 15 articles: ")  # 12 from tests/data/messy, 3 hostile ones
    warnings = [line.removeprefix("  ") for line in lines[2:]]
    assert lines[1] == f"{len(warnings)} warnings:"
    corpus = str(messy_corpus)
    for expected in EXPECTED_WARNINGS:
        if CAN_LOCK or "locked.txt" not in expected:
            assert expected.format(c=corpus) in warnings


@pytest.mark.parametrize(
    "name",
    ["Relatório de São Paulo.txt", "utf16_bom.txt", "cp1252_quotes.txt", "crlf_bom.txt", "scripts_nav.html", "quotes.txt",
     "bad_date.md", "bad_yaml.md", "feed.jsonl#vel-001", "hostile/pasted_scan.txt", "hostile/one_line.md", "hostile/markup_and_quotes.txt"],
)
def test_each_readable_messy_file_is_a_source_in_the_graph(messy_literals, name):
    assert name in messy_literals


@pytest.mark.parametrize("name", ["empty.txt", "blank.md", "image.txt", "hostile/locked.txt", "hostile/self.txt", "notes.csv", ".hidden.txt"])
def test_skipped_files_are_not_in_the_graph(messy_literals, name):
    assert name not in messy_literals


def test_duplicate_article_is_one_source_with_both_names(messy_build, messy_literals):
    import pyoxigraph

    _, out, _ = messy_build
    store = pyoxigraph.Store()
    with open(out / "graph.ttl", "rb") as f:
        store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    names = lambda literal: {str(r[0]) for r in store.query(f"SELECT ?s WHERE {{ ?s ?p {literal} }}")}  # noqa: E731
    assert names('"same_article.txt"') and names('"same_article.txt"') == names('"x_copies/same article (copy).txt"')


def test_the_outputs_parse_validate_and_stay_safe_whatever_the_text_holds(messy_build):
    import pyoxigraph

    _, out, _ = messy_build
    for name, fmt in (("graph.ttl", pyoxigraph.RdfFormat.TURTLE), ("graph.trig", pyoxigraph.RdfFormat.TRIG)):
        with open(out / name, "rb") as f:
            assert sum(1 for _ in pyoxigraph.parse(f, format=fmt)) > 0
    proc = kg("validate", out / "graph.ttl")
    assert proc.returncode == 0, proc.stderr
    html = (out / "graph.html").read_text(encoding="utf-8")
    for unsafe in ("<script>alert", "<img src=x", "onerror=alert(1)>", "]]></script><!--"):
        assert unsafe not in html


def test_markup_and_control_characters_survive_as_text(messy_literals):
    said = [v for v in messy_literals if "alert(1)" in v]
    assert said and all("<script>alert(1)</script>" in v or "onerror" in v for v in said)
    assert not any(c in v for v in messy_literals for c in "\x01\x07\x1b")  # control characters never reach RDF


# -- large inputs: bounded time, spaCy's max_length respected by splitting -------


def test_a_long_article_is_split_not_refused(messy_literals, messy_build):
    proc, _, _ = messy_build
    assert "max_length" not in proc.stdout + proc.stderr
    assert "hostile/pasted_scan.txt" in messy_literals  # 20,400,000 characters, one line of 20 MB


def test_many_quotes_build_in_bounded_time(tmp_path):
    lines = ["Ana Silva on trade", ""]
    lines += [f"\u201cTrade must stay open for the {i}th time,\u201d Ana Silva said. \u201cItem {i} stays,\u201d she added." for i in range(1_000)]
    write(tmp_path / "in" / "quotes.txt", "\n".join(lines) + "\n")
    started = time.monotonic()
    proc = kg("build", tmp_path / "in", "-o", tmp_path / "out", timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 600


# -- user errors: one line naming the file and the fix, exit 1 --------------------


def test_missing_path(tmp_path):
    assert f"{tmp_path}/nowhere: no such file or folder" in one_error_line(kg("build", tmp_path / "nowhere", "-o", tmp_path / "out"))


def test_empty_folder(tmp_path):
    (tmp_path / "in").mkdir()
    assert f"{tmp_path}/in: no .txt, .md, .html or .jsonl articles found" in one_error_line(kg("build", tmp_path / "in", "-o", tmp_path / "out"))


def test_folder_with_only_binary_files(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    (tmp_path / "in" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    line = one_error_line(kg("build", tmp_path / "in", "-o", tmp_path / "out"))
    assert f"no file could be read (skipped binary file {tmp_path}/in/photo.txt and 1 more)" in line


def test_single_empty_file(tmp_path):
    write(tmp_path / "empty.txt", "\n  \n")
    assert f"{tmp_path}/empty.txt: empty file; put the article text in it" in one_error_line(kg("build", tmp_path / "empty.txt", "-o", tmp_path / "out"))


def test_bad_base_iri(tmp_path):
    line = one_error_line(kg("build", SEEDS, "-o", tmp_path / "out", "--base-iri", "not an iri"))
    assert "base IRI" in line and "not an iri" in line


def test_query_with_a_syntax_error_names_file_line_and_column(tmp_path, messy_build):
    _, out, _ = messy_build
    query = write(tmp_path / "bad.rq", "# people\nSELECT ?p WHERE {\n  ?p a ?\n}\n")
    line = one_error_line(kg("query", query, "--graph", out / "graph.ttl"))
    assert line.startswith(f"kg: error: {query}:3:")


def test_query_of_a_missing_graph(tmp_path):
    query = write(tmp_path / "ok.rq", "SELECT * WHERE { ?s ?p ?o }\n")
    assert f"{tmp_path}/none.ttl: no such graph file" in one_error_line(kg("query", query, "--graph", tmp_path / "none.ttl"))


@pytest.mark.parametrize("out", ["a_file", "a_file/sub"])
def test_output_folder_that_is_a_file_fails_before_reading(tmp_path, out):
    write(tmp_path / "a_file", "not a folder\n")
    started = time.monotonic()
    line = one_error_line(kg("build", SEEDS, "-o", tmp_path / out))
    assert f"{tmp_path}/a_file: is a file, not a folder" in line and "choose another output folder" in line
    assert time.monotonic() - started < 60  # checked before spaCy loads, not after the build


@pytest.mark.parametrize("args", [["build"], ["build", "seeds"], ["frobnicate"], ["build", "seeds", "-o", "out", "--no-such-flag"]])
def test_usage_errors_exit_2(args):
    proc = kg(*args)
    assert proc.returncode == 2 and "usage: kg" in proc.stderr


# -- nothing lost: an interrupted or failed build leaves the previous OUT whole ----


@pytest.fixture
def previous_out(tmp_path, messy_build) -> Path:
    """A copy of the messy build's OUT, as a previous build left it."""
    out = tmp_path / "out"
    shutil.copytree(messy_build[1], out)
    return out


@pytest.fixture(scope="session")
def slow_corpus(tmp_path_factory) -> Path:
    """Articles that take spaCy well over ten seconds, different from the messy corpus."""
    corpus = tmp_path_factory.mktemp("slow")
    for seed in sorted(SEEDS.iterdir()):
        shutil.copy(seed, corpus / seed.name)
    # Many articles under the per-article cap (a single huge one is cut at 100,000 characters and parses fast).
    for n in range(60):
        write(corpus / f"long-{n:02d}.txt", f"A long report {n}\n\n" + (PARAGRAPH * 12 + "\n\n") * 8)
    return corpus


@pytest.mark.parametrize(("signum", "code", "message"), [(signal.SIGINT, 130, "kg: interrupted"), (signal.SIGTERM, 143, "kg: terminated")])
def test_a_signal_mid_build_leaves_the_previous_out_untouched(slow_corpus, previous_out, signum, code, message):
    before = snapshot(previous_out)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", slow_corpus, "-o", previous_out],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a shell's background job ignores SIGINT
    )
    time.sleep(8)  # past the imports and into spaCy
    assert proc.poll() is None, "the build finished before the signal; make the slow corpus slower"
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == code, stderr
    assert stderr.splitlines() == [f"{message}; outputs left as they were"]
    assert snapshot(previous_out) == before
    assert sorted(p.name for p in previous_out.iterdir()) == ["graph.html", "graph.trig", "graph.ttl"]  # no temp files


def test_a_build_failing_while_writing_leaves_the_previous_out_untouched(tmp_path, previous_out):
    (previous_out / "graph.html").unlink()
    (previous_out / "graph.html").mkdir()  # in the way of the third file: ttl and trig are replaced first
    before = {name: (previous_out / name).read_bytes() for name in ("graph.ttl", "graph.trig")}
    write(tmp_path / "in" / "story.txt", "Kenji Sato met Ana Silva in Port Elm on Friday.\n")
    line = one_error_line(kg("build", tmp_path / "in", "-o", previous_out))
    assert f"{previous_out}/graph.html: cannot write it (Is a directory); the previous outputs are untouched" in line
    assert {name: (previous_out / name).read_bytes() for name in ("graph.ttl", "graph.trig")} == before
    assert sorted(p.name for p in previous_out.iterdir()) == ["graph.html", "graph.trig", "graph.ttl"]


def test_a_build_failing_before_writing_leaves_the_previous_out_untouched(tmp_path, previous_out):
    before = snapshot(previous_out)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "scan.txt").write_bytes(b"%PDF-1.7 nothing else")
    one_error_line(kg("build", tmp_path / "in", "-o", previous_out))
    assert snapshot(previous_out) == before
