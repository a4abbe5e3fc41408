"""Issue 16's reproductions, from the user's side: the CLI's main() with the real model and files.

Each ends in one `kg: error:` line, or a warning and a graph strict parsers accept, never a traceback;
and after any failure the previous OUT is byte-identical.
"""
from __future__ import annotations

import contextlib
import http.server
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.outputs import Outputs

ROOT = Path(__file__).resolve().parents[1]
MEETING = "Ana Silva met Kenji Sato in Geneva on Friday.\n"
QUERY = ROOT / "queries" / "persons.rq"

pytestmark = pytest.mark.model


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def kg(*args: object) -> Run:
    """Run the kg CLI in this process (the model loaded once for all); never a traceback, whatever the outcome."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([os.fsdecode(a) for a in args])
    run = Run(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    return run


@pytest.fixture(scope="module", autouse=True)
def shared_model(nlp):
    """kg build in this module uses the session's model instead of loading its own each time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kg.pipeline.build_nlp", lambda model=None: nlp)
        yield


def error_line(proc: Run) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), proc.stderr
    return lines[0]


def built(proc: Run, out: Path) -> list[ox.Quad]:
    """The quads of OUT/graph.trig after a build that succeeded, parsed strictly (graph.ttl too)."""
    assert proc.returncode == 0, proc.stderr
    list(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    return list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def previous(tmp_path_factory, shared_model) -> tuple[Path, Path]:
    """OUT and a store, as a previous build with --format nt left them."""
    root = tmp_path_factory.mktemp("previous")
    write(root / "in" / "a.txt", MEETING)
    built(kg("build", root / "in", "-o", root / "out", "--store", root / "store", "--format", "nt", "--quiet"), root / "out")
    return root / "out", root / "store"


# ---------------------------------------------------------------- 1. names in other scripts
def test_names_in_other_scripts_are_distinct_people(tmp_path):
    write(tmp_path / "m" / "a.txt", "President Владимир Путин met President Xi Jinping in Moscow on Friday.\n")
    write(tmp_path / "m" / "b.txt", "Foreign Minister Сергей Лавров met Secretary Marco Rubio in Geneva on Monday.\n"
                                    "Foreign Minister Wang Yi\u0b83 met Wang Yi in Geneva on Monday.\n")
    quads = built(kg("build", tmp_path / "m", "-o", tmp_path / "out"), tmp_path / "out")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    person = ox.NamedNode("https://w3id.org/kg/ontology#Person")
    people = {q.subject for q in quads if q.object == person}
    names = {q.subject: q.object.value for q in quads if q.subject in people and q.predicate == label}
    assert {"Владимир Путин", "Сергей Лавров", "Xi Jinping", "Marco Rubio"} <= set(names.values())
    assert len(set(names)) == len(set(names.values())) == len(people)  # one IRI per name, one name per IRI


# ---------------------------------------------------------------- 2. all outputs as one transaction
def test_a_bad_store_path_leaves_every_previous_output_as_it_was(tmp_path, previous):
    out, store = previous
    before = snapshot(out), snapshot(store)
    write(tmp_path / "in" / "b.txt", "Kenji Sato met Ana Silva in Paris on Monday.\n")
    (tmp_path / "file").write_text("not a folder")
    line = error_line(kg("build", tmp_path / "in", "-o", out, "--format", "nt", "--store", tmp_path / "file" / "store"))
    assert "cannot write there" in line
    assert (snapshot(out), snapshot(store)) == before


def test_a_second_build_into_a_locked_out_is_refused(tmp_path, previous):
    out, _ = previous
    before = snapshot(out)
    write(tmp_path / "in" / "b.txt", "Kenji Sato met Ana Silva in Paris on Monday.\n")
    with Outputs(out):  # as a build running now holds it
        line = error_line(kg("build", tmp_path / "in", "-o", out))
    assert "another kg build is writing it" in line
    assert snapshot(out) == before


# ---------------------------------------------------------------- 3. tracebacks: dates
@pytest.mark.parametrize(
    "published, text",
    [
        ("2024-05-01", "Ana Silva met Kenji Sato in Geneva 3000000 days ago.\n"),
        ("0001-01-01", "Ana Silva met Kenji Sato in Geneva on Friday.\n"),
        ("9999-12-31", "Ana Silva met Kenji Sato in Geneva on 31 December 9999. Sato met Silva in Bern the next day.\n"),
        ("2024-05-01", "Ana Silva met Kenji Sato in Geneva 99999999999 weeks ago.\n"),
    ],
)
def test_dates_out_of_range_are_no_dates(tmp_path, published, text):
    write(tmp_path / "in" / "a.md", f"---\npublished: {published}\n---\n{text}")
    built(kg("build", tmp_path / "in", "-o", tmp_path / "out", "--quiet"), tmp_path / "out")


# ---------------------------------------------------------------- 3. tracebacks: kg query
def test_query_file_that_is_a_folder(previous):
    out, _ = previous
    assert "is a folder; give a query file" in error_line(kg("query", ROOT / "queries", "--graph", out / "graph.ttl"))


@pytest.fixture()
def closed_port_query(tmp_path) -> Path:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the socket is
    return write(tmp_path / "service.rq", f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}\n")


def test_service_to_a_closed_port_on_a_graph(previous, closed_port_query):
    out, _ = previous
    assert "query failed" in error_line(kg("query", closed_port_query, "--graph", out / "graph.ttl"))


def test_service_to_a_closed_port_on_a_store(previous, closed_port_query):
    _, store = previous
    assert "query failed" in error_line(kg("query", closed_port_query, "--store", store))


def test_update_is_named_as_such(tmp_path, previous):
    out, store = previous
    update = write(tmp_path / "up.rq", "# add one\nPREFIX ex: <http://ex.org/#>\nINSERT DATA { ex:a ex:b ex:c }\n")
    for source in (("--graph", out / "graph.ttl"), ("--store", store)):
        assert "INSERT is a SPARQL UPDATE, and kg only reads graphs" in error_line(kg("query", update, *source))


# ---------------------------------------------------------------- 3. tracebacks: kg view -o
def test_view_into_a_folder_under_a_file_or_onto_its_input(tmp_path, previous):
    out, _ = previous
    copy = tmp_path / "graph.nt"
    copy.write_bytes((out / "graph.nt").read_bytes())
    assert "is a folder" in error_line(kg("view", copy, "-o", tmp_path))
    assert "is a file, so" in error_line(kg("view", copy, "-o", copy / "view.html"))
    assert "is the input graph" in error_line(kg("view", copy, "-o", copy))
    assert copy.read_bytes() == (out / "graph.nt").read_bytes()


# ---------------------------------------------------------------- 3. tracebacks: endpoints
@pytest.mark.parametrize("url", ["http://exa mple/query", "http://[::1/query", "http://host:port/query", "http:///query"])
def test_load_with_a_malformed_endpoint_url(previous, url):
    out, _ = previous
    assert f"endpoint {url!r}" in error_line(kg("load", out / "graph.trig", "--endpoint", url))


class _Answer(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_POST(self) -> None:  # noqa: N802 -- http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"head": {}}',
        b'{"head": {"vars": "x"}, "results": {"bindings": []}}',
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [5]}}',
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "a", "xml:lang": "no such tag!"}}]}}',
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}}',
    ],
)
def test_query_an_endpoint_that_answers_malformed_json(body):
    handler = type("Answer", (_Answer,), {"body": body})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        line = error_line(kg("query", QUERY, "--endpoint", f"http://127.0.0.1:{server.server_port}/query"))
    finally:
        server.shutdown()
    assert "not SPARQL JSON results" in line or "unexpected term" in line


# ---------------------------------------------------------------- 3. tracebacks: --store
def test_surrogate_ids_and_file_names_not_utf8_become_u_fffd(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"id": "x\ud800y", "text": MEETING}) + "\n")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"Kenji Sato met Ana Silva in Paris on Monday.\n")
    proc = kg("build", folder, "-o", tmp_path / "out", "--store", tmp_path / "store")
    quads = built(proc, tmp_path / "out")
    assert "caf\\xe9.txt: the file name is not valid UTF-8" in proc.stdout
    file_name = ox.NamedNode("https://w3id.org/kg/ontology#fileName")
    names = {q.subject.value: q.object.value for q in quads if q.predicate == file_name}
    assert set(names.values()) == {"a.jsonl#x\ufffdy", "caf\ufffd.txt"}
    from kg.iris import mint_iri

    assert {iri: str(mint_iri("article", name)) for iri, name in names.items()} == {iri: iri for iri in names}  # the IRI still matches its name


CORRUPTIONS = {
    "CURRENT garbage": lambda store: (store / "oxigraph" / "CURRENT").write_text("garbage\n"),
    "CURRENT gone": lambda store: (store / "oxigraph" / "CURRENT").unlink(),
    "sst truncated": lambda store: [os.truncate(p, 100) for p in (store / "oxigraph").glob("*.sst")],
    "MANIFEST garbage": lambda store: [p.write_text("x") for p in (store / "oxigraph").glob("MANIFEST-*")],
    "readings garbage": lambda store: (store / "readings.jsonl").write_bytes(b"\xff\xfe" + os.urandom(64)),
    "readings header a list": lambda store: (store / "readings.jsonl").write_text("[1]\n"),
    "readings line a list": lambda store: (store / "readings.jsonl").write_text(
        (store / "readings.jsonl").read_text().splitlines()[0] + "\n[1, 2]\n"),
    "readings truncated": lambda store: os.truncate(store / "readings.jsonl", 300),
    "readings a folder": lambda store: ((store / "readings.jsonl").unlink(), (store / "readings.jsonl").mkdir()),
}


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_a_damaged_store_is_one_line_and_a_full_build_rebuilds_it(tmp_path, previous, corruption):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(previous[1], store)
    CORRUPTIONS[corruption](store)
    write(tmp_path / "in" / "b.txt", "Kenji Sato met Ana Silva in Paris on Monday.\n")
    if corruption.startswith("readings"):
        assert "rebuild the store without --append" in error_line(
            kg("build", tmp_path / "in", "-o", tmp_path / "out", "--store", store, "--append"))
        if corruption == "readings a folder":
            return  # in the way of the new readings too: a full build says so, in one line
    else:
        assert "rebuild it" in error_line(kg("query", QUERY, "--store", store))
    built(kg("build", tmp_path / "in", "-o", tmp_path / "out", "--store", store, "--quiet"), tmp_path / "out")
    assert "Kenji Sato" in kg("query", QUERY, "--store", store).stdout


# ---------------------------------------------------------------- 3. tracebacks: deep folders, imports
def test_folders_nested_a_thousand_deep(tmp_path):
    # Outside pytest's tmp_path: its clean-up recurses through folders and would fail on these.
    top = Path(tempfile.mkdtemp(prefix="kg-deep-"))
    try:
        fd = os.open(top, os.O_RDONLY)
        for _ in range(1000):  # by descriptor: the path grows past what one call may name
            os.mkdir("d", dir_fd=fd)
            fd, parent = os.open("d", os.O_RDONLY, dir_fd=fd), fd
            os.close(parent)
        with os.fdopen(os.open("a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
            f.write(MEETING)
        os.close(fd)
        (top / "top.txt").write_text("Kenji Sato met Ana Silva in Paris on Monday.\n")
        proc = kg("build", top, "-o", tmp_path / "out")
        built(proc, tmp_path / "out")
        assert proc.stdout.startswith("read 2 articles")
    finally:
        subprocess.run(["rm", "-rf", top], check=True)


def test_a_library_that_fails_to_import_skips_html_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura raises ImportError, as a broken install does
    write(tmp_path / "in" / "a.txt", MEETING)
    write(tmp_path / "in" / "b.html", "<html><body><p>Kenji Sato met Ana Silva in Paris on Monday.</p></body></html>")
    proc = kg("build", tmp_path / "in", "-o", tmp_path / "out")
    built(proc, tmp_path / "out")
    assert "b.html: trafilatura failed to import" in proc.stdout
    assert "pip install trafilatura lxml_html_clean" in error_line(kg("build", tmp_path / "in" / "b.html", "-o", tmp_path / "o2"))


# ---------------------------------------------------------------- 4. other defects
@pytest.mark.parametrize("base", ["https://example.org/[kg]/", "https://example.org/\ue000/", "https://example.org:port/"])
def test_base_iri_that_strict_parsers_refuse(tmp_path, base):
    write(tmp_path / "in" / "a.txt", MEETING)
    line = error_line(kg("build", tmp_path / "in", "-o", tmp_path / "out", "--base-iri", base, "--store", tmp_path / "store"))
    assert "base IRI" in line and "mint_iri" not in line


def test_argument_order_does_not_change_the_bytes(tmp_path):
    write(tmp_path / "d1" / "x.txt", MEETING)
    write(tmp_path / "d2" / "x.txt", "Kenji Sato met Ana Silva in Paris on Monday.\n")
    write(tmp_path / "a.txt", MEETING)
    write(tmp_path / "b.txt", MEETING)
    for first, second in ((tmp_path / "d1", tmp_path / "d2"), (tmp_path / "a.txt", tmp_path / "b.txt")):
        built(kg("build", first, second, "-o", tmp_path / "one", "--quiet"), tmp_path / "one")
        built(kg("build", second, first, "-o", tmp_path / "two", "--quiet"), tmp_path / "two")
        assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_a_remote_json_ld_context_is_never_fetched(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/context.jsonld"
    doc = write(tmp_path / "remote.jsonld", json.dumps({"@context": url, "@id": "https://example.org/a", "name": "A"}))
    try:
        for args in (("validate", doc), ("view", doc, "-o", tmp_path / "v.html"), ("query", QUERY, "--graph", doc)):
            assert "kg reads no input from the network" in error_line(kg(*args))
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody knocked
    finally:
        listener.close()


def test_devices_and_fifos_are_never_read(tmp_path):
    (tmp_path / "in").mkdir()
    write(tmp_path / "in" / "a.txt", MEETING)
    (tmp_path / "in" / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    proc = kg("build", tmp_path / "in", "-o", tmp_path / "out")
    built(proc, tmp_path / "out")
    assert proc.stdout.count("a device, FIFO or socket, not a file of text") == 2
    assert "a FIFO, not a file of text" in error_line(kg("build", tmp_path / "in" / "pipe.txt", "-o", tmp_path / "o2"))
    assert "a device, not a file of text" in error_line(kg("build", tmp_path / "in" / "zero.txt", "-o", tmp_path / "o2"))


def test_control_characters_reach_the_terminal_escaped(tmp_path):
    write(tmp_path / "in" / "a.txt", 'Ana Silva met Kenji Sato in Geneva on Friday.\n"We will \x1b[2J\x1b]0;owned\x07win," Ana Silva said.\n')
    built(kg("build", tmp_path / "in", "-o", tmp_path / "out", "--quiet"), tmp_path / "out")
    table = kg("query", ROOT / "queries" / "claims.rq", "--graph", tmp_path / "out" / "graph.ttl")
    assert "\\x1b[2J" in table.stdout and "\x1b" not in table.stdout and "\x07" not in table.stdout
    line = error_line(kg("query", tmp_path / "no\x1b[31mne.rq", "--graph", tmp_path / "out" / "graph.ttl"))
    assert "no\\x1b[31mne.rq" in line and "\x1b" not in line


def test_an_overlong_article_is_cut_with_a_warning(tmp_path):
    write(tmp_path / "in" / "long.txt", "A long one\n\n" + MEETING + "word " * 50_000)
    proc = kg("build", tmp_path / "in", "-o", tmp_path / "out")
    built(proc, tmp_path / "out")
    assert "longer than an article; read its first" in proc.stdout


# ---------------------------------------------------------------- the standing property
# Letters of six scripts, and the words an article puts around names: any mix must build, or fail in one line.
SCRIPTS = {
    "latin": "abcdeéèêëíìîïóòôöúùûüñçãõåæøœßčšžłńśźżğışță",
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяїієґ",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي\u064b\u064e\u064f\u0650\u0651",
    "cjk": "中国日本人大小山川王李张刘陈杨黄赵周吴習近平東京한국서울",
    "devanagari": "कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह\u093e\u093f\u0940\u0941\u0942\u0947\u094b\u094d\u0902",
}
TITLES = ["President", "Prime Minister", "Foreign Minister", "Secretary", "Chancellor", ""]
PLACES = ["Geneva", "Москва", "Αθήνα", "القاهرة", "北京", "नई दिल्ली", "São Paulo"]
DATES = ["on Friday", "yesterday", "3 days ago", "on 31 December 9999", "99999999999 weeks ago", "the next day",
         "on 1 January 0001", "in May", "September 9", "a day earlier", ""]


@st.composite
def names(draw) -> str:
    script = SCRIPTS[draw(st.sampled_from(sorted(SCRIPTS)))]
    word = st.text(alphabet=script, min_size=1, max_size=8).map(lambda w: w[:1].upper() + w[1:])
    return " ".join(draw(st.lists(word, min_size=1, max_size=3)))


@st.composite
def articles(draw) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 4))):
        a, b = draw(names()), draw(names())
        title_a, title_b = draw(st.sampled_from(TITLES)), draw(st.sampled_from(TITLES))
        place, when = draw(st.sampled_from(PLACES)), draw(st.sampled_from(DATES))
        sentences.append(draw(st.sampled_from([
            f"{title_a} {a} met {title_b} {b} in {place} {when}.",
            f'"{draw(names())} will sign {draw(st.integers(0, 10**12))} deals," {a} said {when}.',
            f"{a} and {b} signed a {draw(st.integers(1, 99))}-year agreement in {place}.",
            f"{a} {draw(names())} {draw(st.floats(allow_nan=True, allow_infinity=True))} {draw(names())}.",
        ])))
    body = "\n\n".join(sentences) + "\n"
    fields = draw(st.dictionaries(
        st.sampled_from(["title", "published", "author", "url", "publisher"]),
        st.one_of(st.sampled_from(["0001-01-01", "9999-12-31", "2024-02-30", "2025-10-31", "Friday", "", "~"]), names()),
        max_size=4,
    ))
    if not fields:
        return body
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items()) + "---\n" + body


@settings(max_examples=int(os.environ.get("KG_CLI_EXAMPLES", "12")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(articles(), min_size=1, max_size=3))
def test_any_article_in_any_script_builds_or_fails_in_one_line(texts):
    """CI runs KG_CLI_EXAMPLES (default 12) examples; run more with KG_CLI_EXAMPLES=500."""
    folder = Path(tempfile.mkdtemp(prefix="kg-any-"))
    try:
        for i, text in enumerate(texts):
            write(folder / "in" / f"{i}.md", text)
        out = folder / "out"
        proc = kg("build", folder / "in", "-o", out, "--format", "nt,nq,jsonld", "--quiet")
        if proc.returncode:
            error_line(proc)
            return
        for name, fmt in [("graph.ttl", ox.RdfFormat.TURTLE), ("graph.trig", ox.RdfFormat.TRIG), ("graph.nt", ox.RdfFormat.N_TRIPLES),
                          ("graph.nq", ox.RdfFormat.N_QUADS), ("graph.jsonld", ox.RdfFormat.JSON_LD)]:
            list(ox.parse(path=str(out / name), format=fmt))
        assert kg("validate", out / "graph.ttl").returncode == 0
    finally:
        subprocess.run(["rm", "-rf", folder], check=True)
