"""Every queries/*.rq parses and gives the same rows on rdflib and on pyoxigraph; formats; errors."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import KGError
from kg.query import format_rows, load_graph, run_query

from conftest import ROOT

QUERIES = sorted((ROOT / "queries").glob("*.rq"))
CONTRACT = {
    "persons.rq": ["person", "name"],
    "countries.rq": ["country", "name"],
    "mentions.rq": ["entity", "name", "source"],
    "meetings.rq": ["meeting", "participant", "date", "place", "kind"],
    "agreements.rq": ["agreement", "party", "signatory", "duration", "date"],
    "claims.rq": ["claim", "speaker", "quote", "source"],
}


def _value(term) -> str:
    """A result value as a string, with the parts of a "; "-joined GROUP_CONCAT sorted (SPARQL leaves their order open)."""
    if term is None:
        return ""
    text = term.value if isinstance(term, (pyoxigraph.NamedNode, pyoxigraph.Literal)) else str(term)
    return "; ".join(sorted(text.split("; ")))


def rdflib_rows(query: Path, graph_path: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    result = load_graph(graph_path).query(prepareQuery(query.read_text(encoding="utf-8")))
    names = [str(v) for v in result.vars]
    return names, sorted(tuple(_value(v) for v in row) for row in result)


def oxigraph_rows(query: Path, graph_path: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    store = pyoxigraph.Store()
    store.load(path=str(graph_path), format=pyoxigraph.RdfFormat.TURTLE)
    solutions = store.query(query.read_text(encoding="utf-8"))
    names = [v.value for v in solutions.variables]
    return names, sorted(tuple(_value(s[n]) for n in names) for s in solutions)


def test_every_query_is_documented_and_the_contract_ones_exist():
    names = {q.name for q in QUERIES}
    assert set(CONTRACT) <= names
    assert len(names - set(CONTRACT)) >= 6
    for query in QUERIES:
        assert query.read_text(encoding="utf-8").startswith("#"), f"{query.name} must open with a # comment"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_runs_alike_on_rdflib_and_oxigraph(query, graph_files):
    names, rows = rdflib_rows(query, graph_files["turtle"])
    ox_names, ox_rows = oxigraph_rows(query, graph_files["turtle"])
    assert names == ox_names
    assert rows, f"{query.name} finds nothing in the fixture graph"
    assert rows == ox_rows


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_gives_the_same_rows_on_turtle_and_trig(query, graph_files):
    assert rdflib_rows(query, graph_files["turtle"]) == rdflib_rows(query, graph_files["trig"])


def _joins(node) -> list[CompValue]:
    """Every Join in an rdflib algebra tree (not those of an EXISTS: rdflib keeps them apart and joins them eagerly)."""
    if isinstance(node, CompValue):
        own = [node] if node.name == "Join" else []
        return own + [join for value in node.values() for join in _joins(value)]
    if isinstance(node, (list, tuple)):
        return [join for value in node for join in _joins(value)]
    return []


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_rdflib_joins_each_query_lazily(query):
    """rdflib answers a join's right side once per left row, with its bindings, only when neither side holds a
    join itself; otherwise it pairs every left row with every right row (mentions.rq once took minutes so)."""
    algebra = prepareQuery(query.read_text(encoding="utf-8")).algebra
    assert all(join.lazy for join in _joins(algebra)), (
        f"{query.name}: rdflib would join whole solution sets pairwise; write the pattern as one group joined to one "
        "other (a UNION, say), neither holding a join of its own; OPTIONAL, BIND and FILTER may wrap them"
    )


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_queries_bind_exactly_the_contract_variables(name, graph_files):
    names, _ = rdflib_rows(ROOT / "queries" / name, graph_files["turtle"])
    assert names == CONTRACT[name]


def test_contract_values(graph_files):
    q = ROOT / "queries"
    _, persons = rdflib_rows(q / "persons.rq", graph_files["turtle"])
    assert [name for _, name in persons] == ["Ana Silva", "Kenji Sato"]
    _, meetings = rdflib_rows(q / "meetings.rq", graph_files["turtle"])
    assert {(p, d, pl, k) for _, p, d, pl, k in meetings} == {
        ("Ana Silva", "2024-05-03", "Geneva", "in-person"),
        ("Kenji Sato", "2024-05-03", "Geneva", "in-person"),
        ("Ana Silva", "2024-06-10", "", "call"),
        ("Kenji Sato", "2024-06-10", "", "call"),
    }
    _, claims = rdflib_rows(q / "claims.rq", graph_files["turtle"])
    sources = {s for c, _, _, s in claims if c.endswith("/trade-must-stay-open")}
    assert sources == {"a.txt", "copy of a.txt", "world/b c.txt"}
    _, agreements = rdflib_rows(q / "agreements.rq", graph_files["turtle"])
    assert {(p, d) for _, p, _, d, _ in agreements} == {("Brazil", "P10Y"), ("Japan", "P10Y")}


def test_meeting_dates_are_typed(graph_files):
    result = load_graph(graph_files["turtle"]).query((ROOT / "queries" / "meetings.rq").read_text())
    assert {row.date.datatype for row in result} == {URIRef("http://www.w3.org/2001/XMLSchema#date")}


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_formats(fmt, graph_files):
    out = run_query(ROOT / "queries" / "meetings.rq", graph_files["turtle"], fmt=fmt)
    if fmt == "table":
        lines = out.splitlines()
        assert lines[0].split() == CONTRACT["meetings.rq"]
        assert lines[-1] == "(4 rows)"
        assert "in-person" in out
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == CONTRACT["meetings.rq"] and len(rows) == 5
    elif fmt == "tsv":
        lines = out.splitlines()
        assert lines[0] == "\t".join(f"?{n}" for n in CONTRACT["meetings.rq"])
        assert '"2024-05-03"^^<http://www.w3.org/2001/XMLSchema#date>' in out
    else:
        doc = json.loads(out)
        assert doc["head"]["vars"] == CONTRACT["meetings.rq"]
        first = doc["results"]["bindings"][0]
        assert first["meeting"]["type"] == "uri"
        assert first["date"] == {"type": "literal", "value": "2024-05-03", "datatype": "http://www.w3.org/2001/XMLSchema#date"}
        assert "place" not in doc["results"]["bindings"][-1]  # unbound values are left out


def test_bindings_restrict_the_query(graph_files):
    out = run_query(ROOT / "queries" / "claims.rq", graph_files["turtle"], fmt="csv",
                    bindings={"source": "a.txt"})
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert rows and {r[3] for r in rows} == {"a.txt"}
    iri = "<https://w3id.org/kg/id/claim/tariffs-will-fall>"
    out = run_query(ROOT / "queries" / "fact_sentences.rq", graph_files["trig"], fmt="json", bindings={"fact": iri})
    bindings = json.loads(out)["results"]["bindings"]
    assert [b["sentence"]["value"] for b in bindings] == ['The Ministry of Trade said "tariffs will fall".']


def test_table_keeps_each_row_on_one_line():
    out = format_rows(["x"], [(Literal("two\nlines"),), (None,)], "table")
    assert out.splitlines()[2:] == ["two\\nlines", "", "(2 rows)"]


def test_syntax_error_names_file_line_and_column(tmp_path, graph_files):
    bad = tmp_path / "bad.rq"
    bad.write_text("# broken\nSELECT ?x\nWHERE { ?x ?y }\n", encoding="utf-8")
    with pytest.raises(KGError, match=r"bad\.rq:3:\d+: SPARQL syntax error"):
        run_query(bad, graph_files["turtle"])


def test_unknown_prefix_names_file_and_line(tmp_path, graph_files):
    bad = tmp_path / "prefix.rq"
    bad.write_text("SELECT ?x\nWHERE { ?x a nope:Thing }\n", encoding="utf-8")
    with pytest.raises(KGError, match=r"prefix\.rq:2:14: prefix 'nope:' is not declared"):
        run_query(bad, graph_files["turtle"])


def test_missing_graph_says_to_build_first(tmp_path):
    with pytest.raises(KGError, match="kg build"):
        run_query(ROOT / "queries" / "persons.rq", tmp_path / "out" / "graph.ttl")


def test_missing_query_file(tmp_path, graph_files):
    with pytest.raises(KGError, match="nope.rq"):
        run_query(tmp_path / "nope.rq", graph_files["turtle"])


def test_unparsable_graph_names_the_file(tmp_path):
    bad = tmp_path / "graph.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(KGError, match=r"graph\.ttl: not valid Turtle"):
        load_graph(bad)


@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nt", ".nq", ".jsonld"])
def test_load_graph_reads_every_format(suffix, tmp_path, dataset):
    """Each format kg writes loads as one Graph holding the merged triples once (named graphs folded in)."""
    from kg.export import export
    from kg.serialize import serialize

    path = tmp_path / f"graph{suffix}"
    writers = {".ttl": lambda: serialize(dataset, "turtle"), ".trig": lambda: serialize(dataset, "trig")}
    path.write_bytes(writers.get(suffix, lambda: export(dataset, suffix[1:]))())
    merged = tmp_path / "merged.ttl"
    merged.write_bytes(serialize(dataset, "turtle"))
    graph = load_graph(path)
    assert type(graph) is Graph
    assert len(graph) == len(load_graph(merged)) > 0
    names, rows = rdflib_rows(ROOT / "queries" / "persons.rq", path)
    assert [r[1] for r in rows] == ["Ana Silva", "Kenji Sato"]
