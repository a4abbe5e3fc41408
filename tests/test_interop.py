"""Other tools load kg's output unchanged: strict parsers (pyoxigraph, raptor2's rapper, serdi) and every format.

An rdflib round trip proves nothing here: rdflib writes a newline inside an IRI as invalid Turtle
and its parser accepts a space in an IRI. So the files are checked by parsers that reject both.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.export import FORMATS as EXPORT_FORMATS
from kg.export import export, load_context, parse_formats
from kg.errors import KGError
from kg.iris import mint_iri
from kg.rdf import build_dataset
from kg.serialize import serialize
from kg.store import to_quads
from kg.records import ORGANIZATION, Corpus, Organization
from kg.validate import validate_graph
from kg.vocab import KG
from servers import require_tool

ROOT = Path(__file__).resolve().parents[1]

# Our format name -> (file suffix, pyoxigraph format, rapper/serdi syntax name or None).
FORMATS = {
    "turtle": (".ttl", ox.RdfFormat.TURTLE, "turtle"),
    "trig": (".trig", ox.RdfFormat.TRIG, "trig"),
    "nt": (".nt", ox.RdfFormat.N_TRIPLES, "ntriples"),
    "nq": (".nq", ox.RdfFormat.N_QUADS, "nquads"),
    "jsonld": (".jsonld", ox.RdfFormat.JSON_LD, None),
}
STRICT_TOOLS = ("rapper", "serdi")

# raptor2 rejects the non-characters U+FFFE and U+FFFF in a string, escaped (\uFFFE) or not; RDF allows
# them, but a file that raptor cannot load is not interoperable. rdf.py should replace them by U+FFFD.

HOSTILE = [
    "O'Brien",
    "Nguyễn Phú Trọng",
    "New York",
    'say "no"',
    "back\\slash \\u0041 \\n",
    "tab\there\nnew line\r\nCRLF",
    "\x00\x01\x08\x0b\x0c\x1b\x7f\x80\x9f",
    "\u2028\u2029\ufeff\u200b\u202e",
    "\ufdd0\ufffe\uffff\U0001fffe\U0010ffff",
    "\ud800 lone surrogate \udfff",
    "😀 emoji 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "<script>alert('x')</script> & {braces} |pipe| ^caret^ `tick`",
    '""" triple quotes \'\'\'',
    "@prefix x: <http://evil/> . } GRAPH {",
    "%20 %ZZ % http://x.org/a b",
    "#",
    ".",
    "日本語 العربية עברית",
]


def write(dataset, fmt: str) -> bytes:
    return serialize(dataset, fmt) if fmt in ("turtle", "trig") else export(dataset, fmt)


def oxigraph_quads(data: bytes, fmt: str) -> set:
    return set(ox.parse(data, format=FORMATS[fmt][1]))


def run_strict(tool: str, path: Path, syntax: str) -> tuple[int, str]:
    """Parse `path` with rapper or serdi in strict mode; return the statement count and any warnings."""
    binary = require_tool(tool, "apt-get install raptor2-utils serdi (.ci/run does)")
    if tool == "rapper":
        done = subprocess.run([binary, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
        # rapper reports on stderr: "Parsing URI ...", "Parsing returned N triples", and any warning or error.
        found = re.search(r"^rapper: Parsing returned (\d+) triples$", done.stderr, re.M)
        count = int(found.group(1)) if found and done.returncode == 0 else -1
        noise = re.compile(r"^rapper: Parsing (URI .* with parser \w+|returned \d+ triples)$")
        return count, "\n".join(line for line in done.stderr.splitlines() if not noise.match(line))
    out = "nquads" if syntax in ("trig", "nquads") else "ntriples"
    done = subprocess.run([binary, "-q", "-i", syntax, "-o", out, str(path)], capture_output=True, timeout=120)
    count = len(done.stdout.splitlines()) if done.returncode == 0 else -1
    return count, done.stderr.decode("utf-8", errors="replace").strip()


def hostile_corpus(factory, text: str) -> Corpus:
    """The fixture corpus with `text` in names, quotes, sentences, titles, urls, publishers and aliases."""
    name = text if text.strip() else f"x{text}x"  # labels must not be empty (SHACL minLength 1)
    corpus = factory(ana=name, quote=text, sentence_suffix=text, title=name)
    sources = tuple(replace(s, url=f"https://news.example/{text}", publisher=name, author=name, also_names=(name,)) for s in corpus.sources)
    persons = tuple(replace(p, aliases=(*p.aliases, name), roles=(name,)) for p in corpus.persons)
    places = tuple(replace(p, name=name) for p in corpus.places)
    meetings = tuple(replace(m, date_text=name, occasion=name) for m in corpus.meetings)
    return replace(corpus, sources=sources, persons=persons, places=places, meetings=meetings)


@pytest.fixture(scope="module")
def hostile_dataset(corpus_factory):
    return build_dataset(hostile_corpus(corpus_factory, " ".join(HOSTILE)))


@pytest.fixture(scope="module", params=["fixture", "hostile"])
def files(request, tmp_path_factory, dataset, hostile_dataset) -> dict[str, Path]:
    """The graph in every format kg writes, for the fixture corpus and for the hostile one."""
    ds = dataset if request.param == "fixture" else hostile_dataset
    out = tmp_path_factory.mktemp(request.param)
    paths = {}
    for fmt, (suffix, _, _) in FORMATS.items():
        paths[fmt] = out / f"graph{suffix}"
        paths[fmt].write_bytes(write(ds, fmt))
    return paths


@pytest.mark.parametrize("fmt", FORMATS)
def test_pyoxigraph_parses_every_format(files, fmt):
    quads = oxigraph_quads(files[fmt].read_bytes(), fmt)
    union = fmt in ("turtle", "nt")
    reference = oxigraph_quads(files["turtle" if union else "trig"].read_bytes(), "turtle" if union else "trig")
    assert quads == reference and quads


@pytest.mark.parametrize("tool", STRICT_TOOLS)
@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nq"])
def test_strict_parsers_load_without_warnings(files, tool, fmt):
    count, warnings = run_strict(tool, files[fmt], FORMATS[fmt][2])
    assert warnings == "", f"{tool} on {files[fmt].name}: {warnings}"
    assert count == len(oxigraph_quads(files[fmt].read_bytes(), fmt))


@pytest.mark.parametrize("tool", STRICT_TOOLS)
def test_strict_parsers_reject_a_bad_iri(tmp_path, tool):
    """The parsers really are strict: a space or newline in an IRI is an error, as it is for pyoxigraph."""
    path = tmp_path / "bad.ttl"
    path.write_text("<https://example.org/a b> <https://example.org/p> 1 .\n")
    count, warnings = run_strict(tool, path, "turtle")
    assert count == -1 or warnings
    with pytest.raises(SyntaxError):
        ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE).__next__()


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_exports_are_deterministic(dataset, corpus_factory, fmt):
    assert export(dataset, fmt) == export(build_dataset(corpus_factory()), fmt)


@pytest.mark.parametrize("fmt", ["nt", "nq"])
def test_line_formats_are_sorted(dataset, fmt):
    lines = export(dataset, fmt).decode("utf-8").splitlines()
    assert lines == sorted(set(lines))


def test_jsonld_is_compact_with_the_context_embedded(dataset):
    data = json.loads(export(dataset, "jsonld"))
    assert data["@context"] == load_context()
    assert any(node.get("@type") == "Person" for graph in data["@graph"] for node in graph.get("@graph", []))


def test_context_covers_the_vocabulary():
    context = load_context()
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl")
    for name in KG.__annotations__:
        term = context[name]
        iri = term if isinstance(term, str) else term["@id"]
        assert iri == f"kg:{name}", name
    from rdflib.namespace import OWL, RDF

    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        assert context[prop.split("#")[-1]]["@type"] == "@id", prop


def test_parse_formats():
    assert parse_formats("nt, jsonld,nt") == ("nt", "jsonld")
    with pytest.raises(KGError, match="unknown format"):
        parse_formats("nt,rdfxml")


hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=30),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map("".join),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text)
def test_any_text_gives_strict_valid_rdf(corpus_factory, text):
    """Law: whatever text a record holds, every serialization parses strictly and the graph conforms to SHACL."""
    dataset = build_dataset(hostile_corpus(corpus_factory, text))
    turtle = serialize(dataset, "turtle")
    triples = oxigraph_quads(turtle, "turtle")
    assert oxigraph_quads(serialize(dataset, "trig"), "trig")
    for fmt in EXPORT_FORMATS:
        assert oxigraph_quads(export(dataset, fmt), fmt)
    assert {q.triple for q in oxigraph_quads(export(dataset, "nt"), "nt")} == {q.triple for q in triples}
    assert validate_graph(Graph().parse(data=turtle, format="turtle")) == []


NAMES = ["O'Brien", "Nguyễn Phú Trọng", "Ana \"Bo\" Silva", "Zoë Ça\u0301rdenas", "Jean-Luc D'Arcy"]


@pytest.mark.model
@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    a=st.sampled_from(NAMES),
    b=st.sampled_from(NAMES),
    place=st.sampled_from(["New York", "Hà Nội", "São Paulo", "Zürich"]),
    quote=st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(codec="utf-8"), max_size=20)),
)
def test_real_text_through_the_model_gives_strict_valid_rdf(nlp, a, b, place, quote):
    """The same law through the real extraction: hostile names, places and quotes in article text."""
    from kg.extract import read_articles
    from kg.records import Article, Source
    from kg.resolve import resolve

    clean = quote.replace('"', "'").replace("\n", " ")
    text = f'{a} met {b} in {place} on 3 May 2024.\n"{clean}," {a} said. {b} called {a} on Monday.\n'
    readings = list(read_articles(nlp, [Article(Source("hostile.txt", title=f"{a} in {place}"), text)]))
    dataset = build_dataset(resolve(readings))
    turtle = serialize(dataset, "turtle")
    assert oxigraph_quads(turtle, "turtle")
    assert oxigraph_quads(serialize(dataset, "trig"), "trig")
    assert validate_graph(Graph().parse(data=turtle, format="turtle")) == []


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory, nlp) -> Path:
    """`kg build seeds --format nt,nq,jsonld` with the session's model."""
    from kg import pipeline

    out = tmp_path_factory.mktemp("seeds-out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "build_nlp", lambda model=None: nlp)
        pipeline.build([ROOT / "seeds"], out, formats=tuple(EXPORT_FORMATS))
    return out


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_seeds_build_loads_in_every_strict_parser(seeds_out, fmt):
    path = seeds_out / f"graph{FORMATS[fmt][0]}"
    quads = oxigraph_quads(path.read_bytes(), fmt)
    assert quads
    if FORMATS[fmt][2] is None:
        return
    for tool in STRICT_TOOLS:
        count, warnings = run_strict(tool, path, FORMATS[fmt][2])
        assert warnings == "", f"{tool} on {path.name}: {warnings}"
        assert count == len(quads), tool


def strict_statements(tool: str, path: Path, syntax: str) -> set:
    """The statements rapper or serdi read from `path`, as pyoxigraph quads (parsed from the tool's N-Triples/N-Quads)."""
    binary = require_tool(tool, "apt-get install raptor2-utils serdi (.ci/run does)")
    out = "nquads" if syntax == "trig" else "ntriples"
    command = [binary, "-q", "-i", syntax, "-o", out, str(path)]
    done = subprocess.run(command, capture_output=True, timeout=120)
    assert done.returncode == 0 and not done.stderr.strip(), f"{tool} on {path.name}: {done.stderr.decode(errors='replace')}"
    fmt = ox.RdfFormat.N_QUADS if syntax == "trig" else ox.RdfFormat.N_TRIPLES
    return set(ox.parse(done.stdout, format=fmt))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text)
def test_hostile_literals_and_iris_round_trip_through_every_strict_parser(corpus_factory, text, tmp_path_factory):
    """Law: what kg writes, rapper, serdi and pyoxigraph each read back as exactly the statements written.

    The text lands in literals (names, quotes, sentences, URLs) and, as an organisation's key, in an IRI.
    """
    corpus = hostile_corpus(corpus_factory, text)
    corpus = replace(corpus, organizations=(*corpus.organizations, Organization(text, f"x{text}x")))
    dataset = build_dataset(corpus)
    expected = {"turtle": {q.triple for q in to_quads(dataset)}, "trig": set(to_quads(dataset))}
    assert any(str(mint_iri(ORGANIZATION, text)) == q.subject.value for q in expected["turtle"])
    folder = tmp_path_factory.mktemp("round-trip")
    for fmt, (suffix, ox_format, syntax) in ((f, FORMATS[f]) for f in ("turtle", "trig")):
        path = folder / f"graph{suffix}"
        path.write_bytes(serialize(dataset, fmt))
        read = set(ox.parse(path.read_bytes(), format=ox_format))
        assert (read if fmt == "trig" else {q.triple for q in read}) == expected[fmt]
        for tool in STRICT_TOOLS:
            read = strict_statements(tool, path, syntax)
            assert (read if fmt == "trig" else {q.triple if isinstance(q, ox.Quad) else q for q in read}) == expected[fmt], tool
