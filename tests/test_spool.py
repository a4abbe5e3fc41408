"""kg.spool: the triples of a build on disk give the graphs, bytes, SHACL results and index reads of the in-memory Graphs."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, Namespace, URIRef, namespace
from rdflib.namespace import RDF, RDFS

from kg.iris import mint_iri
from kg.rdf import Graphs, build_graphs
from kg.serialize import lines as lines_of
from kg.serialize import nt_term, serialize, sorted_rows, write_rdf, write_sorted
from kg.spool import SpooledGraphs, StoredIndex, _literal_text, build_spool, term_of
from kg.store import to_oxigraph, to_rdflib
from kg.triples import TripleIndex
from kg.validate import validate_spool, validate_triples
from kg.vocab import KG

from conftest import NAME_A, NAME_B, make_corpus

# A plain Namespace: pytest probes module globals for mock attributes, and rdflib's DefinedNamespace warns at each.
XSD = Namespace(str(namespace.XSD))

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@pytest.fixture(scope="module")
def spool(corpus):
    with build_spool(corpus, "https://w3id.org/kg/id/") as graphs:
        yield graphs


def test_merged_and_article_graphs_are_the_in_memory_ones(corpus, spool):
    graphs = build_graphs(corpus)
    assert set(spool.merged) == graphs.merged
    for name in (NAME_A, NAME_B):
        assert spool.article_triples(name) == graphs.article_triples(name)
    assert set(spool.quads()) == set(graphs.quads())


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_written_from_disk_as_from_memory(corpus, spool, fmt, tmp_path):
    expected = serialize(build_graphs(corpus), fmt)
    assert serialize(spool, fmt) == expected
    write_rdf(spool, fmt, tmp_path / "out")
    assert (tmp_path / "out").read_bytes() == expected


@pytest.mark.parametrize("lines", [1, 5, 10_000])
def test_text_joined_on_disk_in_any_chunks_is_the_rows(corpus, lines, monkeypatch):
    """SQLite joins the rows into text LINES at a time: any chunking gives the rows, in order, and the same bytes."""
    monkeypatch.setattr("kg.spool.LINES", lines)
    with build_spool(corpus, "https://w3id.org/kg/id/") as spool:
        late = "<https://w3id.org/kg/id/graph/zz>"  # a graph named after the merged graph: written after it
        spool.db.execute("INSERT INTO named VALUES (?, ?, ?, ?)", (late, late, nt_term(RDF.type), nt_term(KG.Person)))
        assert "".join(spool.merged_text()) == "".join(lines_of(spool.merged_rows()))
        assert "".join(spool.quads_text()) == "".join(lines_of(spool.quad_rows()))
        assert list(spool.quad_rows())[-1][0] == late
        memory, extra = build_graphs(corpus), [(late, late, nt_term(RDF.type), nt_term(KG.Person))]
        assert serialize(spool, "turtle") == write_sorted(lines_of(sorted_rows(memory, "turtle")), "turtle")
        assert serialize(spool, "trig") == write_sorted(lines_of(sorted_rows(memory, "trig") + extra), "trig")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=TEXT, quote=TEXT, suffix=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_text_written_from_disk_as_from_memory(name, quote, suffix):
    corpus = make_corpus(ana=name, quote=quote, sentence_suffix=suffix)
    with build_spool(corpus, "https://w3id.org/kg/id/") as spool:
        for fmt in ("turtle", "trig"):
            assert serialize(spool, fmt) == serialize(build_graphs(corpus), fmt)


def test_checked_per_subject_as_whole(corpus):
    """Each subject is checked with the types of what it points to: the same violations as the whole graph."""
    person, meeting = mint_iri("person", "ana-silva"), next(iter(sorted(build_graphs(corpus).refs.values())))
    broken = [
        (person, KG.represents, mint_iri("person", "kenji-sato")),  # sh:class kg:Country: needs the object's type
        (person, KG.represents, Literal("not a node")),
        (mint_iri("mention", "x"), RDF.type, KG.Mention),  # a mention with nothing else
        (meeting, RDFS.label, Literal("")),
    ]
    spool = SpooledGraphs("https://w3id.org/kg/id/")
    with spool:
        spool.add_corpus(corpus)
        spool.put(None, [tuple(map(nt_term, triple)) for triple in broken])  # a spool puts N-Triples rows
        spool.finish()
        expected = validate_triples(list(spool.merged))
        assert len(expected) >= 3
        assert validate_spool(spool) == expected
    assert validate_spool(build_spool(corpus, "https://w3id.org/kg/id/")) == []


def test_a_conforming_spool_is_proven_on_its_text(spool):
    """No node of a conforming build is read into rdflib terms: the term checker sees only what the text cannot prove."""
    import kg.validate

    asked = []
    shapes = kg.validate._compiled()
    lines = shapes.check_groups(spool.subject_groups(), spool.types_of, lambda text: asked.append(text) or term_of(text))
    subjects = {s for s, _, _ in spool.merged_rows()}
    assert lines == [] and asked and not subjects & set(asked)

@pytest.mark.parametrize("big", [20_000, 0], ids=["read-whole", "row-by-row"])
def test_stored_index_reads_as_the_triple_index(corpus, spool, big, monkeypatch):
    monkeypatch.setattr(StoredIndex, "BIG", big)
    memory, disk = TripleIndex(build_graphs(corpus).merged), spool.index()
    triples = sorted(build_graphs(corpus).merged)
    for s, p, o in triples:
        assert sorted(disk.objects(s, p)) == sorted(memory.objects(s, p))
        assert sorted(disk.subjects(p, o)) == sorted(memory.subjects(p, o))
        assert disk.value(s, p) == memory.value(s, p)
        assert (s, p, o) in disk
    assert sorted(disk.predicates()) == sorted(memory.predicates())
    subjects = sorted({s for s, _, _ in triples}) + [URIRef("https://example.org/nothing")]
    monkeypatch.setattr(StoredIndex, "AT_ONCE", 7)  # several queries, the last one short
    for p in {p for _, p, _ in triples}:
        assert sorted(disk.subject_objects(p)) == sorted(memory.subject_objects(p))
        assert disk.values(subjects, p) == memory.values(subjects, p) == {
            s: memory.value(s, p) for s in subjects if memory.value(s, p) is not None}
    assert (triples[0][0], RDF.type, KG.Variation) not in disk


@pytest.mark.parametrize("big", [20_000, 0], ids=["read-whole", "row-by-row"])
def test_stored_index_reads_text_as_the_triple_index(corpus, spool, big, monkeypatch):
    """The view's reads by IRI text (TripleIndex.iris and the rest) give from disk what they give from memory."""
    monkeypatch.setattr(StoredIndex, "BIG", big)
    monkeypatch.setattr(StoredIndex, "AT_ONCE", 7)
    memory, disk = TripleIndex(build_graphs(corpus).merged), spool.index()
    triples = sorted(build_graphs(corpus).merged)
    iris = sorted({str(s) for s, _, _ in triples}) + ["https://example.org/nothing"]
    for p in {p for _, p, _ in triples}:
        for read in ("iris_of", "literals_of"):
            found = getattr(disk, read)(iris, p)
            assert list(found) == iris
            assert {s: sorted(v) for s, v in found.items()} == {s: sorted(v) for s, v in getattr(memory, read)(iris, p).items()}
            assert all(sorted(getattr(disk, read[:-3])(s, p)) == sorted(found[s]) for s in iris)
        assert disk.iri_values(iris, p) == memory.iri_values(iris, p) == {
            s: min(v) for s, v in memory.iris_of(iris, p).items() if v}
        assert sorted(disk.iri_pairs(p)) == sorted(memory.iri_pairs(p))
        for _, o in memory.iri_pairs(p):
            assert sorted(disk.iri_subjects(p, o)) == sorted(memory.iri_subjects(p, o))
    assert memory.literals(str(triples[0][0]), RDF.type) == [] and disk.iri_subjects(RDF.type, "https://example.org/nothing") == []


def test_close_deletes_the_scratch_file(corpus):
    spool = build_spool(corpus, "https://w3id.org/kg/id/")
    assert spool.path.exists()
    spool.close()
    assert not spool.path.exists()


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
def test_terms_read_back_as_pyoxigraph_reads_them(text):
    """term_of parses kg's N-Triples rows without pyoxigraph where it can; it gives what to_rdflib gives, and _literal_text its text."""
    for node in (Literal(text), Literal(text, lang="en-GB"), Literal(text, datatype=XSD.anyURI)):
        assert term_of(nt_term(node)) == to_rdflib(to_oxigraph(node)) == node
        assert _literal_text(nt_term(node)) == str(node)


@pytest.mark.parametrize("node", [Literal("01", datatype=XSD.integer), Literal("2024-05-03", datatype=XSD.date), Literal("1.50", datatype=XSD.decimal)])
def test_a_typed_literal_reads_as_rdflib_normalises_it(node):
    assert _literal_text(nt_term(node)) == str(node)


BASES = st.sampled_from(["https://w3id.org/kg/id/", "http://localhost:8000/kg/", "https://example.org/ns#", "urn:kg:", "https://b\u00e9.example/k/"])
KEYS = st.one_of(TEXT, st.tuples(TEXT, st.integers(0, 10**6)), st.tuples(TEXT, TEXT, TEXT, TEXT))


@settings(max_examples=200, deadline=None)
@given(base=BASES, key=KEYS, text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_spool_terms_are_what_nt_term_writes_of_the_in_memory_ones(base, key, text):
    """A spool makes its terms as N-Triples strings itself: exactly what pyoxigraph writes of the in-memory Graphs' terms."""
    memory = Graphs(base)
    with SpooledGraphs(base) as spool:
        assert spool.iri("mention", key) == spool.ref("mention", key) == nt_term(memory.iri("mention", key))
        assert spool.text(text) == nt_term(memory.text(text))
        assert spool.node(mint_iri("person", key, base)) == nt_term(mint_iri("person", key, base))
        for lexical, datatype in [(text, XSD.anyURI), ("-12", XSD.integer), ("0.83", XSD.decimal), ("2024-05", XSD.gYearMonth),
                                  ("2024-05-06", XSD.date), ("P1Y2M", XSD.duration)]:
            assert spool.literal(lexical, datatype) == nt_term(memory.literal(lexical, datatype))


@pytest.mark.parametrize("vocabulary, name", [
    ("kg", "Person"), ("kg", "text"), ("oa", "start"), ("owl", "sameAs"), ("prov", "wasDerivedFrom"),
    ("rdf", "type"), ("rdfs", "label"), ("sdo", "name"), ("skos", "altLabel"),
])
def test_spool_vocabulary_is_what_nt_term_writes(vocabulary, name):
    term = getattr(getattr(Graphs.terms, vocabulary), name)
    assert getattr(getattr(SpooledGraphs.terms, vocabulary), name) == nt_term(term)
    assert getattr(getattr(Graphs.terms, vocabulary), name) is term  # made once


def test_vocabulary_refuses_a_term_its_namespace_lacks():
    with pytest.raises(AttributeError):
        _ = Graphs.terms.kg.NoSuchTerm


def test_store_loaded_from_the_spool_holds_the_in_memory_quads(corpus, spool, tmp_path):
    """write_store streams a spool's rows into a new store (never a set of every quad): the same quads."""
    import pyoxigraph as ox

    from kg.store import DATABASE, to_quads, write_store

    assert write_store(spool, tmp_path / "spooled") == len(set(to_quads(build_graphs(corpus))))
    assert write_store(build_graphs(corpus), tmp_path / "memory") > 0
    spooled, memory = (set(ox.Store.read_only(str(tmp_path / name / DATABASE))) for name in ("spooled", "memory"))
    assert spooled == memory


@given(st.integers(min_value=0, max_value=10**12))
def test_an_offset_is_written_as_the_graphs_xsd_integer_literal(n):
    spool_offset = SpooledGraphs.offset
    assert spool_offset(n) == nt_term(Graphs("https://example.org/").offset(n))
