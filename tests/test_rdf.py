"""build_dataset / serialize: structure, per-article graphs, byte-for-byte determinism, strict round trips."""
from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import fields, replace

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef, namespace
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.errors import KGError
from kg.iris import mint_iri
from kg.rdf import article_graph_iri, build_dataset, build_graphs, clean_text, merged_graph_iri
from kg.serialize import serialize, write_rdf
from kg.vocab import KG, OA

from conftest import NAME_A, NAME_B, ROOT, make_corpus

# Plain Namespaces: pytest probes module globals for mock attributes, and rdflib's DefinedNamespace warns at each.
SDO = Namespace(str(namespace.SDO))
XSD = Namespace(str(namespace.XSD))

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(
            "graphs differ\nonly expected:\n" + only_expected.serialize(format="nt")
            + "\nonly actual:\n" + only_actual.serialize(format="nt")
        )


def merged(dataset: Dataset) -> Graph:
    return dataset.graph(merged_graph_iri())


def oxigraph_graph(data: bytes, fmt: pyoxigraph.RdfFormat) -> Graph:
    """Parse with pyoxigraph (strict), then hand the triples to rdflib through N-Triples."""
    quads = list(pyoxigraph.parse(data, format=fmt))
    nt = pyoxigraph.serialize([q.triple for q in quads], format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Graph().parse(data=nt or b"", format="nt")


def shuffled(corpus, seed: int):
    """The same corpus with every tuple of records (and the records' own tuples of evidence) in another order."""
    rng = random.Random(seed)

    def mix(items):
        items = list(items)
        rng.shuffle(items)
        return tuple(items)

    changes = {}
    for f in fields(corpus):
        records = getattr(corpus, f.name)
        if f.name in ("meetings", "agreements", "claims"):
            records = [replace(r, evidence=mix(r.evidence)) for r in records]
        changes[f.name] = mix(records)
    return replace(corpus, **changes)


# ---- structure -------------------------------------------------------------------------------------


def test_article_node(dataset):
    g = merged(dataset)
    a = mint_iri("article", NAME_A)
    assert (a, RDF.type, KG.Article) in g
    assert g.value(a, KG.fileName) == Literal(NAME_A)
    url = g.value(a, KG.url)
    assert isinstance(url, Literal) and url.datatype == XSD.anyURI  # a URL with <> is no IRI node
    assert g.value(a, KG.published) == Literal("2024-05-04", datatype=XSD.date)
    assert g.value(a, KG.publisher) == Literal("Example News")
    assert g.value(a, KG.author) == Literal("R. Writer")
    assert g.value(a, KG.alsoName) == Literal("copy of a.txt")


def test_entities_have_labels_and_links(dataset):
    g = merged(dataset)
    ana, br = mint_iri("person", "ana-silva"), mint_iri("country", "BR")
    assert g.value(ana, RDFS.label) == g.value(ana, SDO.name) == Literal("Ana Silva")
    assert g.value(ana, SKOS.altLabel) == Literal("Silva")
    assert g.value(ana, KG.represents) == br
    assert g.value(br, KG.isoCode) == Literal("BR") and g.value(br, KG.alpha3) == Literal("BRA")
    assert g.value(mint_iri("place", "geneva"), RDFS.label) == Literal("Geneva")
    assert (None, RDF.type, URIRef(str(KG._NS) + "Topic")) not in g  # no class without a source of its nodes
    assert g.value(mint_iri("organization", "ministry-of-trade"), KG.basedIn) == mint_iri("country", "JP")


def test_meeting_agreement_claim(dataset):
    g = merged(dataset)
    m = mint_iri("meeting", "ana-silva--kenji-sato--2024-05-03")
    assert set(g.objects(m, KG.participant)) == {mint_iri("person", "ana-silva"), mint_iri("person", "kenji-sato")}
    assert g.value(m, KG.kind) == Literal("in-person")
    assert g.value(m, KG.place) == mint_iri("place", "geneva")
    assert g.value(m, KG.date) == Literal("2024-05-03", datatype=XSD.date)
    a = mint_iri("agreement", "brazil-japan-energy-pact")
    assert g.value(a, KG.duration) == Literal("P10Y", datatype=XSD.duration)
    assert set(g.objects(a, KG.party)) == {mint_iri("country", "BR"), mint_iri("country", "JP")}
    c = mint_iri("claim", "tariffs-will-fall")
    assert g.value(c, KG.speaker) == mint_iri("organization", "ministry-of-trade")
    assert mint_iri("country", "JP") in set(g.objects(c, KG.about))  # a claim can be about a named entity
    assert len(set(g.objects(mint_iri("claim", "trade-must-stay-open"), KG.appearance))) == 2


def test_variation_and_merge_records(dataset):
    g = merged(dataset)
    [v] = g.subjects(RDF.type, KG.Variation)
    assert set(g.objects(v, KG.compares)) == {mint_iri("claim", "trade-must-stay-open"), mint_iri("claim", "trade-has-to-stay-open")}
    assert g.value(v, KG.similarity) == Literal("0.83", datatype=XSD.decimal)
    assert (mint_iri("claim", "trade-has-to-stay-open"), KG.variantOf, mint_iri("claim", "trade-must-stay-open")) in g
    [r] = g.subjects(RDF.type, KG.MergeRecord)
    assert g.value(r, KG.mergedInto) == mint_iri("person", "ana-silva")
    assert len(set(g.objects(r, KG.member))) == 2


def test_every_fact_leads_to_its_sentence(dataset):
    g = merged(dataset)
    spans = [*g.subjects(RDF.type, KG.Mention), *g.subjects(RDF.type, KG.Appearance), *g.subjects(RDF.type, KG.Evidence)]
    assert len(spans) == 8 + 4 + 3
    for span in spans:
        article = g.value(span, PROV.wasDerivedFrom)
        assert g.value(article, KG.fileName) is not None
        sentence = g.value(span, KG.inSentence)
        text = str(g.value(sentence, KG.text))
        start, end = int(g.value(span, OA.start)), int(g.value(span, OA.end))
        s_start, s_end = int(g.value(sentence, OA.start)), int(g.value(sentence, OA.end))
        assert s_start <= start <= end <= s_end
        assert text[start - s_start:end - s_start]  # the span lies inside the sentence text


def test_no_blank_nodes(dataset):
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        assert not isinstance(s, BNode) and not isinstance(o, BNode)


def test_serialize_refuses_blank_nodes():
    g = Graph()
    g.add((BNode(), RDF.type, KG.Person))
    with pytest.raises(KGError, match="blank"):
        serialize(g, "turtle")


def test_unknown_format(dataset):
    with pytest.raises(KGError, match="turtle, trig"):
        serialize(dataset, "n3")


def test_bad_base_is_a_user_error(corpus):
    with pytest.raises(KGError, match="not absolute"):
        build_dataset(corpus, base="kg/")


def test_custom_base(corpus):
    ds = build_dataset(corpus, base="http://localhost/x/")
    assert str(next(iter(ds.graph(URIRef("http://localhost/x/graph/merged")).subjects()))).startswith("http://localhost/x/")


# ---- per-article graphs -----------------------------------------------------------------------------


def test_named_graphs(dataset):
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {str(article_graph_iri(NAME_A)), str(article_graph_iri(NAME_B)), str(merged_graph_iri())}
    assert len(dataset.default_graph) == 0


def test_merged_graph_is_the_union_of_the_article_graphs_and_more(dataset):
    union = {t for g in dataset.graphs() if g.identifier != merged_graph_iri() for t in g}
    assert union < set(merged(dataset))


def test_article_graph_holds_what_that_article_says(dataset):
    a, b = dataset.graph(article_graph_iri(NAME_A)), dataset.graph(article_graph_iri(NAME_B))
    may, june = (mint_iri("meeting", f"ana-silva--kenji-sato--2024-0{d}") for d in ("5-03", "6-10"))
    assert (may, RDF.type, KG.Meeting) in a and (may, RDF.type, KG.Meeting) not in b
    assert (june, RDF.type, KG.Meeting) in b and (june, RDF.type, KG.Meeting) not in a
    claim = mint_iri("claim", "trade-must-stay-open")
    for g, name in ((a, NAME_A), (b, NAME_B)):
        [appearance] = g.objects(claim, KG.appearance)  # only this article's appearance
        assert g.value(g.value(appearance, PROV.wasDerivedFrom), KG.fileName) == Literal(name)
        assert set(g.subjects(RDF.type, KG.Article)) == {mint_iri("article", name)}
        assert not set(g.subjects(RDF.type, KG.Variation)) and not set(g.subjects(RDF.type, KG.MergeRecord))
    # entities the article refers to come with their names, and the countries they represent
    assert a.value(mint_iri("person", "ana-silva"), RDFS.label) == Literal("Ana Silva")
    assert b.value(mint_iri("country", "JP"), RDFS.label) == Literal("Japan")  # via Kenji Sato and the ministry
    assert (mint_iri("place", "geneva"), None, None) not in b


# ---- determinism ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_same_corpus_same_bytes(corpus, fmt):
    assert serialize(build_dataset(corpus), fmt) == serialize(build_dataset(corpus), fmt)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_input_order_does_not_matter(corpus, seed, fmt):
    assert serialize(build_dataset(shuffled(corpus, seed)), fmt) == serialize(build_dataset(corpus), fmt)


def test_same_bytes_under_another_hash_seed(dataset):
    code = (
        "import sys; sys.path.insert(0, 'tests'); from conftest import make_corpus; "
        "from kg.rdf import build_dataset; from kg.serialize import serialize; "
        "sys.stdout.buffer.write(serialize(build_dataset(make_corpus()), 'trig'))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert out == serialize(dataset, "trig")


def test_turtle_is_readable(dataset):
    text = serialize(dataset, "turtle").decode()
    assert "@prefix kg: <https://w3id.org/kg/ontology#> .\n" in text
    assert '<https://w3id.org/kg/id/person/ana-silva> a kg:Person ;\n\trdfs:label "Ana Silva" ;\n' in text


# ---- round trips ------------------------------------------------------------------------------------


def test_turtle_round_trip(dataset):
    data = serialize(dataset, "turtle")
    assert_isomorphic(merged(dataset), Graph().parse(data=data, format="turtle"))
    assert_isomorphic(merged(dataset), oxigraph_graph(data, pyoxigraph.RdfFormat.TURTLE))


def test_trig_round_trip(dataset):
    """Each named graph comes back from graph.trig as it went in (read by pyoxigraph: rdflib's TriG parser goes
    through its own deprecated ConjunctiveGraph)."""
    data = serialize(dataset, "trig")
    quads = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TRIG))
    assert len(quads) == sum(len(g) for g in dataset.graphs())
    for g in dataset.graphs():
        if len(g):
            triples = [q.triple for q in quads if isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name.value == str(g.identifier)]
            nt = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
            assert_isomorphic(g, Graph().parse(data=nt or b"", format="nt"))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=ANY_TEXT, quote=ANY_TEXT, suffix=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30), title=ANY_TEXT)
def test_any_text_survives_strict_parsers(name, quote, suffix, title):
    ds = build_dataset(make_corpus(ana=name, quote=quote, sentence_suffix=suffix, title=title))
    data = serialize(ds, "turtle")
    expected = merged(ds)
    assert_isomorphic(expected, Graph().parse(data=data, format="turtle"))
    assert_isomorphic(expected, oxigraph_graph(data, pyoxigraph.RdfFormat.TURTLE))
    trig = serialize(ds, "trig")
    assert len(list(pyoxigraph.parse(trig, format=pyoxigraph.RdfFormat.TRIG))) == sum(len(g) for g in ds.graphs())
    # The name as written, but for what strict parsers cannot carry (NUL, non-characters), which reads U+FFFD.
    assert expected.value(mint_iri("person", "ana-silva"), RDFS.label) == Literal(clean_text(name))


# ---- the build's own path: Graphs, streamed writing -------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_graphs_write_the_same_bytes_as_the_dataset(corpus, fmt, tmp_path):
    graphs = build_graphs(corpus)
    expected = serialize(build_dataset(corpus), fmt)
    assert serialize(graphs, fmt) == expected
    write_rdf(graphs, fmt, tmp_path / "out")
    assert (tmp_path / "out").read_bytes() == expected


def test_graphs_quads_are_the_datasets(corpus):
    graphs = build_graphs(corpus)
    expected = set(build_dataset(corpus).quads((None, None, None, None)))
    assert set(graphs.quads()) == expected


COUNTRY_GEONAMES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <https://schema.org/>
SELECT ?country ?geonames ?lat WHERE {
  ?country kg:isoCode ?code ; owl:sameAs ?geonames ; schema:latitude ?lat .
  FILTER(STRSTARTS(STR(?geonames), "https://sws.geonames.org/"))
}"""


@pytest.mark.parametrize("code, geonames", [("JP", 1861060), ("BR", 3469034)])
def test_a_country_joins_its_geonames_iri(dataset, code, geonames):
    rows = list(merged(dataset).query(COUNTRY_GEONAMES, initNs={"kg": KG._NS}, initBindings={"code": Literal(code)}))
    assert [(r.country, r.geonames) for r in rows] == [(mint_iri("country", code), URIRef(f"https://sws.geonames.org/{geonames}/"))]
    assert rows[0].lat.datatype == XSD.decimal


def test_a_gazetteer_place_has_geonames_and_coordinates(dataset):
    g = merged(dataset)
    geneva = mint_iri("place", "geneva")
    assert g.value(geneva, URIRef("http://www.w3.org/2002/07/owl#sameAs")) == URIRef("https://sws.geonames.org/2660646/")
    assert 46 < float(g.value(geneva, SDO.latitude)) < 47 and 6 < float(g.value(geneva, SDO.longitude)) < 7


def _noncharacter(c: str) -> bool:
    return 0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE


@settings(max_examples=300)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x7F), st.characters(blacklist_categories=("Cs",)),
                                  st.sampled_from("\x00\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff"))))
def test_clean_text_replaces_nul_and_noncharacters_and_keeps_every_other_character(text):
    """ASCII texts take a shortcut: the same result as any other text, character by character."""
    expected = "".join("\ufffd" if c == "\x00" or _noncharacter(c) else c for c in text)
    assert clean_text(text) == expected


@pytest.mark.parametrize("text", ["plain ascii", "nul\x00inside\x00", "\x00", ""])
def test_clean_text_of_ascii(text):
    assert clean_text(text) == text.replace("\x00", "\ufffd")


@pytest.mark.parametrize(("one", "other", "written"), [(0.83, 0.83, "0.83"), (0.81234, 0.83336, "0.8334"),
                                                     (0.83336, 0.81234, "0.8334"), (0.99996, 0.5, "1"), (0.5, 0.60004, "0.6")])
def test_a_pair_of_claims_is_one_variation_with_the_greater_similarity_rounded(one, other, written):
    corpus = make_corpus()
    claims = list(corpus.claims)
    for i, claim in enumerate(claims):
        if claim.variants:
            similarity = one if claim.key == "trade-must-stay-open" else other
            claims[i] = replace(claim, variants=(replace(claim.variants[0], similarity=similarity),))
    g = merged(build_dataset(replace(corpus, claims=tuple(claims))))
    [v] = g.subjects(RDF.type, KG.Variation)
    assert g.value(v, KG.similarity) == Literal(written, datatype=XSD.decimal)
