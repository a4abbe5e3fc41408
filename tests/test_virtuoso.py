"""A private Virtuoso 7 (the store behind DBpedia) bulk-loads graph.ttl, hostile text too (its answers: test_engines)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from kg.endpoint import select_endpoint
from kg.rdf import build_dataset, merged_graph_iri
from kg.serialize import serialize
from servers import Virtuoso

ROOT = Path(__file__).resolve().parents[1]
GRAPH = str(merged_graph_iri())

pytestmark = [pytest.mark.server, pytest.mark.slow]


def test_bulk_load_reports_no_error(virtuoso, dataset):
    assert virtuoso.errors == []
    _, rows = select_endpoint("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", virtuoso.sparql, default_graph=GRAPH)
    assert int(rows[0][0]) == len(Graph().parse(data=serialize(dataset, "turtle"), format="turtle"))


def test_hostile_text_loads_too(tmp_path_factory, corpus_factory):
    """Quotes, controls, unicode and O'Brien in names and quotes: Virtuoso's loader takes graph.ttl as written."""
    from test_interop import HOSTILE, hostile_corpus

    text = " ".join(t for t in HOSTILE if "\ufffe" not in t)  # raptor's complaint, see test_interop
    folder = tmp_path_factory.mktemp("virtuoso-hostile")
    dataset = build_dataset(hostile_corpus(corpus_factory, text))
    (folder / "graph.ttl").write_bytes(serialize(dataset, "turtle"))
    server = Virtuoso(folder)
    try:
        assert server.bulk_load(folder, "graph.ttl", GRAPH) == []
        query = (ROOT / "queries" / "persons.rq").read_text(encoding="utf-8")
        _, rows = select_endpoint(query, server.sparql, default_graph=GRAPH)
        local = [tuple(r) for r in Graph().parse(data=serialize(dataset, "turtle"), format="turtle").query(query)]
        assert Counter(rows) == Counter(local)
    finally:
        server.stop()
