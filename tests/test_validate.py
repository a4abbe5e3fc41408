"""validate_graph / validate_file: the fixture graph conforms; broken graphs give readable one-line violations."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from kg.errors import KGError
from kg.iris import mint_iri
from kg.rdf import build_dataset
from kg.serialize import serialize
from kg.validate import validate_file, validate_graph
from kg.vocab import KG

from conftest import make_corpus

MAY = mint_iri("meeting", "ana-silva--kenji-sato--2024-05-03")
CLAIM = mint_iri("claim", "tariffs-will-fall")
BR = mint_iri("country", "BR")


def test_fixture_graph_conforms(dataset):
    assert validate_graph(dataset) == []


def test_a_dataset_is_checked_as_the_union_of_its_graphs(dataset):
    from rdflib import Dataset

    copy = Dataset()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if not (s == CLAIM and p == KG.speaker):
            copy.graph(g).add((s, p, o))
    assert [line[:len(f"<{CLAIM}> kg:speaker:")] for line in validate_graph(copy)] == [f"<{CLAIM}> kg:speaker:"]


def test_every_named_graph_conforms_on_its_own(dataset):
    assert validate_graph(dataset, each_graph=True) == []


def test_each_graph_names_the_graph(dataset):
    from rdflib import Dataset

    copy = Dataset()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if not (s == CLAIM and p == KG.speaker):
            copy.graph(g).add((s, p, o))
    lines = validate_graph(copy, each_graph=True)
    assert len(lines) == 2 and all(line.startswith(f"<{CLAIM}> kg:speaker:") for line in lines)
    assert {line.rsplit("(graph ", 1)[1] for line in lines} == {
        "<https://w3id.org/kg/id/graph/article/world%2Fb%20c.txt>)", "<https://w3id.org/kg/id/graph/merged>)"}


@pytest.mark.parametrize("fmt, suffix", [("turtle", ".ttl"), ("trig", ".trig")])
def test_validate_file_ok(fmt, suffix, tmp_path, dataset):
    path = tmp_path / f"graph{suffix}"
    path.write_bytes(serialize(dataset, fmt))
    message = validate_file(path)
    assert message.startswith(f"{path} conforms to ontology/shapes.ttl (") and message.endswith(" triples)")


@pytest.mark.parametrize("break_it, expected", [
    (lambda g: g.remove((MAY, KG.participant, mint_iri("person", "kenji-sato"))),
     f"<{MAY}> kg:participant: a meeting needs at least two participants"),
    (lambda g: g.remove((CLAIM, KG.speaker, None)),
     f"<{CLAIM}> kg:speaker: a claim needs exactly one speaker"),
    (lambda g: g.set((MAY, KG.kind, Literal("dinner"))),
     f"<{MAY}> kg:kind: a meeting needs exactly one kind"),
    (lambda g: g.add((MAY, KG.date, Literal("2024-05-04", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")))),
     f"<{MAY}> kg:date: a meeting has at most one date"),
    (lambda g: g.set((BR, KG.isoCode, Literal("bra"))),
     f"<{BR}> kg:isoCode: a country needs exactly one ISO 3166-1 alpha-2 code"),
    (lambda g: g.remove((CLAIM, KG.appearance, None)),
     f"<{CLAIM}> kg:appearance: a claim needs at least one kg:Appearance"),
])
def test_broken_graph_gives_readable_violations(graph, break_it, expected):
    break_it(graph)
    lines = validate_graph(graph)
    assert any(line.startswith(expected) for line in lines), lines
    assert all("\n" not in line for line in lines)


def test_validate_file_lists_every_violation_one_a_line(tmp_path, graph):
    graph.remove((CLAIM, KG.speaker, None))
    graph.remove((MAY, KG.participant, mint_iri("person", "kenji-sato")))
    path = tmp_path / "graph.ttl"
    path.write_bytes(serialize(graph, "turtle"))
    with pytest.raises(KGError) as info:
        validate_file(path)
    head, *lines = str(info.value).splitlines()
    assert head.startswith(f"{path}: 2 SHACL violations; fix ")
    assert lines == validate_graph(graph) and len(lines) == 2
    assert any("kg:participant" in line for line in lines) and any("kg:speaker" in line for line in lines)


def test_validate_limit_caps_the_list_not_the_count(tmp_path, graph):
    graph.remove((CLAIM, KG.speaker, None))
    graph.remove((MAY, KG.participant, mint_iri("person", "kenji-sato")))
    path = tmp_path / "graph.ttl"
    path.write_bytes(serialize(graph, "turtle"))
    with pytest.raises(KGError) as info:
        validate_file(path, limit=1)
    head, first, more = str(info.value).splitlines()
    assert "2 SHACL violations" in head and first == validate_graph(graph)[0]
    assert more == "... and 1 more (--limit 2 lists them all)"


def test_missing_file_is_named(tmp_path):
    with pytest.raises(KGError, match="nope.ttl"):
        validate_file(tmp_path / "nope.ttl")


def test_unparsable_file_is_named(tmp_path):
    path = tmp_path / "graph.trig"
    path.write_text("<a> { nonsense", encoding="utf-8")
    with pytest.raises(KGError, match=r"graph\.trig: not valid TriG"):
        validate_file(path)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20),
       quote=st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
def test_any_text_gives_a_graph_that_validates(name, quote):
    assert validate_graph(build_dataset(make_corpus(ana=name, quote=quote)), each_graph=True) == []
