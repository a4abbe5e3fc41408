"""TripleIndex answers the read calls kg makes exactly as an rdflib Graph over the same triples does."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg.iris import mint_iri
from kg.rdf import build_graphs
from kg.triples import TripleIndex
from kg.vocab import KG


@pytest.fixture(scope="module")
def both(corpus):
    triples = build_graphs(corpus).merged
    graph = Graph()
    for t in triples:
        graph.add(t)
    return TripleIndex(triples), graph


def test_objects_and_subjects_match_rdflib(both):
    index, graph = both
    for s, p, o in graph:
        assert sorted(index.objects(s, p)) == sorted(graph.objects(s, p))
        assert sorted(index.subjects(p, o)) == sorted(graph.subjects(p, o))
        assert (s, p, o) in index


def test_subject_objects_match_rdflib(both):
    index, graph = both
    for p in {p for _, p, _ in graph}:
        assert sorted(index.subject_objects(p)) == sorted(graph.subject_objects(p))


def test_text_reads_are_the_terms_as_text(both):
    index, graph = both
    for s, p, _ in graph:
        objects = list(graph.objects(s, p))
        assert sorted(index.iris(str(s), p)) == sorted(str(o) for o in objects if isinstance(o, URIRef))
        assert sorted(index.literals(str(s), p)) == sorted(str(o) for o in objects if isinstance(o, Literal))
    for p in {p for _, p, _ in graph}:
        pairs = sorted((str(s), str(o)) for s, o in graph.subject_objects(p) if isinstance(o, URIRef))
        assert sorted(index.iri_pairs(p)) == pairs
        for _, o in pairs:
            assert sorted(index.iri_subjects(p, o)) == sorted(s for s, x in pairs if x == o)


def test_value_is_the_least_object_and_none_when_absent(both):
    index, graph = both
    ana = mint_iri("person", "ana-silva")
    assert index.value(ana, RDFS.label) == graph.value(ana, RDFS.label) == Literal("Ana Silva")
    assert index.value(ana, PROV.wasDerivedFrom) is None
    assert (ana, RDF.type, KG.Country) not in index
    assert list(index.subjects(RDFS.label, Literal("Ana Silva"))) == [ana]
    assert list(index.subjects(RDFS.label, Literal("Nobody"))) == list(index.objects(ana, KG.quote)) == []


def test_a_list_of_triples_with_repeats_counts_each_once():
    a, b = mint_iri("person", "a"), mint_iri("person", "b")
    index = TripleIndex([(a, KG.represents, b), (a, KG.represents, b)])
    assert list(index.objects(a, KG.represents)) == [b]
    assert list(index.subjects(KG.represents, b)) == [a]
