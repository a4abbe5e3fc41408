"""Every shipped query gives the same rows, in the same order, on all five engines kg answers from.

rdflib and pyoxigraph on a graph file (`kg query --graph`, `--engine`), a kg store (`--store`), an
Oxigraph server and Virtuoso (`--endpoint`), all holding the fixture graph. Each answer is printed
as `kg query --format tsv` prints it, so a difference in a term, its datatype or the row order fails.
"""
from __future__ import annotations

import logging

import pytest

from kg.endpoint import query_endpoint
from kg.errors import KGError
from kg.query import run_query
from kg.store import query_store, write_store

from conftest import ROOT

QUERIES = sorted((ROOT / "queries").glob("*.rq"))

pytestmark = [pytest.mark.server, pytest.mark.slow]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, dataset):
    folder = tmp_path_factory.mktemp("store")
    write_store(dataset, folder)
    return folder


@pytest.fixture(scope="module")
def engines(graph_files, store_dir, oxigraph_loaded, virtuoso):
    """Each engine as a function from a query file to its TSV answer."""
    assert virtuoso.errors == []
    return {
        "rdflib": lambda q: run_query(q, graph_files["turtle"], fmt="tsv", engine="rdflib"),
        "pyoxigraph": lambda q: run_query(q, graph_files["trig"], fmt="tsv"),
        "store": lambda q: query_store(q, store_dir, fmt="tsv"),
        "oxigraph server": lambda q: query_endpoint(q, oxigraph_loaded, fmt="tsv"),
        "virtuoso": lambda q: query_endpoint(q, virtuoso.sparql, fmt="tsv"),
    }


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_engine_gives_the_same_rows(engines, query, caplog):
    answers = {name: answer(query) for name, answer in engines.items()}
    expected = answers["rdflib"]
    assert len(expected.splitlines()) > 1, f"{query.name} finds nothing in the fixture graph"
    for name, answer in answers.items():
        assert answer == expected, f"{name} answers {query.name} otherwise than rdflib"
    # rdflib logs a traceback for each value it cannot read (Virtuoso's durations were such): none here.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_an_undeclared_prefix_is_refused_alike_everywhere(engines, tmp_path):
    bad = tmp_path / "undeclared.rq"
    bad.write_text("# no PREFIX line\nSELECT ?name\nWHERE { ?person rdfs:label ?name }\n", encoding="utf-8")
    messages = set()
    for answer in engines.values():
        with pytest.raises(KGError) as refused:
            answer(bad)
        messages.add(str(refused.value))
    assert messages == {f"{bad}:3:17: prefix 'rdfs:' is not declared; add `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>` at the top"}


def test_a_syntax_error_names_file_line_and_column_alike_everywhere(engines, tmp_path):
    bad = tmp_path / "broken.rq"
    bad.write_text("SELECT ?s\nWHERE { ?s ?p }\n", encoding="utf-8")
    messages = set()
    for answer in engines.values():
        with pytest.raises(KGError) as refused:
            answer(bad)
        messages.add(str(refused.value))
    assert len(messages) == 1 and messages.pop().startswith(f"{bad}:2:"), messages
