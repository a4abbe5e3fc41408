"""kg/vocab.py and ontology/kg.ttl declare the same kg: terms, each with a label, a comment, a domain and a range."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.vocab import KG, OA

from conftest import ROOT

ONTOLOGY = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
NS = str(KG._NS)
DECLARED = {
    s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for s in ONTOLOGY.subjects(RDF.type, t) if str(s).startswith(NS)
}
TERMS = sorted(str(KG[name]) for name in KG.__annotations__)


def test_every_vocab_term_is_declared_and_vice_versa():
    assert set(TERMS) == {str(s) for s in DECLARED}


def test_undeclared_term_is_an_error():
    with pytest.raises(AttributeError):
        KG.Persn  # noqa: B018
    with pytest.raises(AttributeError):
        OA.begin  # noqa: B018


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.rsplit("#", 1)[1])
def test_term_is_documented(term):
    node = next(s for s in DECLARED if str(s) == term)
    assert ONTOLOGY.value(node, RDFS.label) is not None
    assert ONTOLOGY.value(node, RDFS.comment) is not None
    if (node, RDF.type, OWL.Class) in ONTOLOGY:
        assert ONTOLOGY.value(node, RDFS.subClassOf) is not None, "classes align to a standard vocabulary"
    else:
        assert ONTOLOGY.value(node, RDFS.domain) is not None
        if node != KG.mergedInto:  # any node can be the result of a merge
            assert ONTOLOGY.value(node, RDFS.range) is not None


@pytest.mark.parametrize("cls, parent", [
    (KG.Person, "https://schema.org/Person"),
    (KG.Country, "https://schema.org/Country"),
    (KG.Meeting, "https://schema.org/Event"),
    (KG.Claim, "https://schema.org/Claim"),
    (KG.Place, "https://schema.org/Place"),
    (KG.Organization, "https://schema.org/Organization"),
    (KG.Article, "https://schema.org/NewsArticle"),
    (KG.Evidence, "http://www.w3.org/ns/oa#TextPositionSelector"),
])
def test_alignment(cls, parent):
    assert parent in {str(o) for o in ONTOLOGY.objects(cls, RDFS.subClassOf)}


def test_participant_is_an_actor_of_the_event():
    assert "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor" in {
        str(o) for o in ONTOLOGY.objects(KG.participant, RDFS.subPropertyOf)
    }
