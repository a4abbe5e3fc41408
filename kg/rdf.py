"""Records -> triples: one named graph per article plus one merged graph; no rdflib store, no writing.

Graphs holds the triples in memory (for tests and small graphs); kg.spool's SpooledGraphs sends the
same triples to disk. kg.serialize writes them. Texts are cleaned here of what no RDF syntax can carry.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD
from rdflib.term import Node

from kg.dates import canonical_duration
from kg.gazetteer import GeoEntry, country_geo, fold, load_places
from kg.iris import DEFAULT_BASE, check_base, geonames_iri, mint_iri
from kg.records import COUNTRY, ORGANIZATION, PERSON, PLACE, Corpus, Evidence, Reading, Ref, Source
from kg.vocab import KG, OA, PREFIXES

if TYPE_CHECKING:
    from kg.resolve import Keys

Triple = tuple[URIRef, URIRef, Node]
EntityKey = tuple[str, str]  # (kind, key), as in a Ref

# Terms of the hot loops, looked up once: a DefinedNamespace attribute costs a call each time.
_TYPE, _DERIVED, _START, _END = RDF.type, PROV.wasDerivedFrom, OA.start, OA.end
_IN_SENTENCE, _SENTENCE, _TEXT, _MENTION, _MENTION_OF, _SURFACE = (
    KG.inSentence, KG.Sentence, KG.text, KG.Mention, KG.mentionOf, KG.surface)
MERGED_GRAPH_KEY = "merged"

# Class of each entity kind a Ref can point to.
ENTITY_CLASS = {
    PERSON: KG.Person,
    COUNTRY: KG.Country,
    PLACE: KG.Place,
    ORGANIZATION: KG.Organization,
}


def _geo(node: URIRef, entry: GeoEntry | None) -> list[Triple]:
    """owl:sameAs the GeoNames feature, and its centre as schema:latitude and schema:longitude."""
    if entry is None:
        return []
    triples: list[Triple] = [(node, OWL.sameAs, geonames_iri(entry.geonames_id))]
    if entry.latitude is not None and entry.longitude is not None:
        triples += [(node, SDO.latitude, _decimal(entry.latitude)), (node, SDO.longitude, _decimal(entry.longitude))]
    return triples


def _decimal(value: float) -> Literal:
    """A canonical xsd:decimal (3.1412, -97, 0.5): the same float, the same characters."""
    text = format(Decimal(repr(value)).normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def article_graph_iri(source_name: str, base: str = DEFAULT_BASE) -> URIRef:
    """Name of the graph holding what one article says."""
    return mint_iri("graph", ("article", source_name), base)


def merged_graph_iri(base: str = DEFAULT_BASE) -> URIRef:
    """Name of the graph holding the merged whole (the content of graph.ttl)."""
    return mint_iri("graph", MERGED_GRAPH_KEY, base)


def build_graphs(corpus: Corpus, base: str = DEFAULT_BASE) -> Graphs:
    """Turn a Corpus into triples: the merged graph and, per article, what it says; cheap, no rdflib store."""
    graphs = Graphs(check_base(base))
    graphs.add_corpus(corpus)
    return graphs


def build_dataset(corpus: Corpus, base: str = DEFAULT_BASE) -> Dataset:
    """Turn a Corpus into an rdflib Dataset: one named graph per article and one merged graph; no blank nodes."""
    return build_graphs(corpus, base).to_dataset()


class Graphs:
    """The triples of the merged graph and, per article, the triples that article supports."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.merged: set[Triple] = set()
        self.by_source: dict[str, set[Triple]] = defaultdict(set)
        self.wanted: dict[str, set[EntityKey]] = defaultdict(set)  # entities each article refers to
        self.entity_core: dict[EntityKey, list[Triple]] = defaultdict(list)
        self.entity_links: dict[EntityKey, set[EntityKey]] = defaultdict(set)  # person -> country, ...
        self.refs: dict[tuple[str, str | tuple[str, ...]], URIRef] = {}

    def to_dataset(self) -> Dataset:
        """An rdflib Dataset with one named graph per article and the merged graph."""
        dataset = Dataset()
        for prefix, ns in PREFIXES:
            dataset.bind(prefix, ns, override=True, replace=True)
        for name in sorted(self.by_source):
            graph = dataset.graph(article_graph_iri(name, self.base))
            graph.addN((s, p, o, graph) for s, p, o in self.article_triples(name))
        merged = dataset.graph(merged_graph_iri(self.base))
        merged.addN((s, p, o, merged) for s, p, o in self.merged)
        return dataset

    def quads(self) -> Iterator[tuple[URIRef, URIRef, Node, URIRef]]:
        """Every (subject, predicate, object, graph name) of to_dataset(), without building it."""
        for name in self.by_source:
            graph = article_graph_iri(name, self.base)
            for s, p, o in self.article_triples(name):
                yield s, p, o, graph
        graph = merged_graph_iri(self.base)
        for s, p, o in self.merged:
            yield s, p, o, graph

    def iri(self, kind: str, key: str | tuple[str | int, ...]) -> URIRef:
        return mint_iri(kind, key, self.base)

    def ref(self, kind: str, key: str | tuple[str, ...]) -> URIRef:
        """The IRI of a node many triples point to (an entity, fact, article or sentence), one object per node:
        equal terms that are also identical compare without a call, in every set and dict downstream."""
        iri = self.refs.get((kind, key))
        if iri is None:
            iri = self.refs[(kind, key)] = self.iri(kind, key)
        return iri

    def add_corpus(self, corpus: Corpus) -> None:
        for source in sorted(corpus.sources, key=repr):
            self.add_source(source)
        for person in sorted(corpus.persons, key=repr):
            p = self.ref(PERSON, person.key)
            core = [(p, RDF.type, KG.Person), *self.names(p, person.name, person.aliases)]
            core += [(p, KG.role, _text(r)) for r in person.roles]
            if person.country:
                core.append((p, KG.represents, self.ref(COUNTRY, person.country)))
                self.entity_links[(PERSON, person.key)].add((COUNTRY, person.country))
            self.entity_core[(PERSON, person.key)] += core
        for country in sorted(corpus.countries, key=repr):
            c = self.ref(COUNTRY, country.key)
            core = [(c, RDF.type, KG.Country), *self.names(c, country.name, country.aliases)]
            core.append((c, KG.isoCode, _text(country.key)))
            if country.alpha3:
                core.append((c, KG.alpha3, _text(country.alpha3)))
            core += _geo(c, country_geo(country.key))
            self.entity_core[(COUNTRY, country.key)] += core
        for place in sorted(corpus.places, key=repr):
            pl = self.ref(PLACE, place.key)
            core = [(pl, RDF.type, KG.Place), *self.names(pl, place.name, ())]
            core += _geo(pl, load_places().cities.get(fold(place.name)))
            if place.country:
                core.append((pl, KG.locatedIn, self.ref(COUNTRY, place.country)))
                self.entity_links[(PLACE, place.key)].add((COUNTRY, place.country))
            self.entity_core[(PLACE, place.key)] += core
        for org in sorted(corpus.organizations, key=repr):
            o = self.ref(ORGANIZATION, org.key)
            core = [(o, RDF.type, KG.Organization), *self.names(o, org.name, ())]
            if org.country:
                core.append((o, KG.basedIn, self.ref(COUNTRY, org.country)))
                self.entity_links[(ORGANIZATION, org.key)].add((COUNTRY, org.country))
            self.entity_core[(ORGANIZATION, org.key)] += core
        for mention in sorted(corpus.mentions, key=repr):
            self.add_mention(mention.ref, mention.surface, mention.evidence)
        for meeting in sorted(corpus.meetings, key=repr):
            m = self.ref("meeting", meeting.key)
            core = [(m, RDF.type, KG.Meeting), (m, KG.kind, _text(meeting.kind))]
            core += [(m, KG.participant, self.ref(PERSON, k)) for k in meeting.participants]
            refs = {(PERSON, k) for k in meeting.participants}
            if meeting.date:
                core.append((m, KG.date, Literal(meeting.date)))
            elif meeting.month:
                core.append((m, KG.date, Literal(meeting.month, datatype=XSD.gYearMonth)))
            if meeting.date_text:
                core.append((m, KG.dateText, _text(meeting.date_text)))
            if meeting.place:
                core.append((m, KG.place, self.ref(PLACE, meeting.place)))
                refs.add((PLACE, meeting.place))
            if meeting.occasion:
                core.append((m, KG.occasion, _text(meeting.occasion)))
            self.add_fact(m, core, refs, meeting.evidence, KG.evidence, KG.Evidence, "evidence")
        for agreement in sorted(corpus.agreements, key=repr):
            a = self.ref("agreement", agreement.key)
            core = [(a, RDF.type, KG.Agreement), *self.names(a, agreement.name, ())]
            core += [(a, KG.party, self.ref(COUNTRY, k)) for k in agreement.parties]
            core += [(a, KG.signatory, self.ref(PERSON, k)) for k in agreement.signatories]
            refs = {(COUNTRY, k) for k in agreement.parties} | {(PERSON, k) for k in agreement.signatories}
            if agreement.duration:
                core.append((a, KG.duration, Literal(canonical_duration(_clean(agreement.duration)), datatype=XSD.duration)))
            if agreement.date:
                core.append((a, KG.date, Literal(agreement.date)))
            self.add_fact(a, core, refs, agreement.evidence, KG.evidence, KG.Evidence, "evidence")
        variations: dict[tuple[str, str], Decimal] = {}
        for claim in sorted(corpus.claims, key=repr):
            c = self.ref("claim", claim.key)
            core = [(c, RDF.type, KG.Claim), (c, KG.quote, _text(claim.quote))]
            core.append((c, KG.speaker, self.ref(claim.speaker.kind, claim.speaker.key)))
            refs = {(claim.speaker.kind, claim.speaker.key)}
            for topic in sorted(claim.topics):
                core.append((c, KG.about, self.ref(topic.kind, topic.key)))
                refs.add((topic.kind, topic.key))
            self.add_fact(c, core, refs, claim.evidence, KG.appearance, KG.Appearance, "appearance")
            for variant in sorted(claim.variants):
                self.put(None, [(c, KG.variantOf, self.ref("claim", variant.claim))])
                pair = tuple(sorted((claim.key, variant.claim)))
                score = Decimal(f"{variant.similarity:.4f}").normalize()
                variations[pair] = max(score, variations.get(pair, score))
        for (a, b), score in sorted(variations.items()):
            v = self.iri("variation", (a, b))
            self.put(None, [
                (v, RDF.type, KG.Variation),
                (v, KG.compares, self.ref("claim", a)),
                (v, KG.compares, self.ref("claim", b)),
                (v, KG.similarity, Literal(format(score, "f"), datatype=XSD.decimal)),  # canonical: 0.83, 1
            ])
        seen: dict[tuple[str, str], int] = defaultdict(int)
        for merge in sorted(corpus.merges):
            seen[(merge.kind, merge.key)] += 1
            n = seen[(merge.kind, merge.key)]
            r = self.iri("merge", (merge.kind, merge.key) if n == 1 else (merge.kind, merge.key, n))
            self.put(None, [
                (r, RDF.type, KG.MergeRecord),
                (r, KG.mergeKind, _text(merge.kind)),
                (r, KG.mergedInto, self.ref(merge.kind, merge.key)),
                (r, KG.reason, _text(merge.reason)),
            ])
            self.put(None, [(r, KG.member, _text(m)) for m in merge.members])
        self.put_entities()

    # Where the triples go: here, sets in memory; kg.spool overrides these three to write them to disk.
    def put(self, source: str | None, triples: Iterable[Triple]) -> None:
        """Add triples to the merged graph and, unless `source` is None, to that article's graph."""
        triples = list(triples)
        self.merged.update(triples)
        if source is not None:
            self.by_source[source].update(triples)

    def want(self, source: str, entities: Iterable[EntityKey]) -> None:
        """Note that an article refers to these entities: their core triples belong in its graph."""
        self.wanted[source].update(entities)

    def put_entities(self) -> None:
        """Add every entity's core triples to the merged graph, once the corpus is done."""
        for core in self.entity_core.values():
            self.merged.update(core)

    def names(self, node: URIRef, name: str, aliases: Iterable[str]) -> list[Triple]:
        label = _text(name)
        triples: list[Triple] = [(node, RDFS.label, label), (node, SDO.name, label)]
        triples += [(node, SKOS.altLabel, _text(a)) for a in aliases if a != name]
        return triples

    def add_source(self, source: Source) -> None:
        a = self.ref("article", source.name)
        triples: list[Triple] = [
            (a, RDF.type, KG.Article),
            (a, KG.fileName, _text(source.name)),
            (a, RDFS.label, _text(source.title or source.name)),
        ]
        if source.title:
            triples.append((a, KG.title, _text(source.title)))
        if source.url:
            triples.append((a, KG.url, Literal(_clean(source.url), datatype=XSD.anyURI)))
        if source.published:
            triples.append((a, KG.published, Literal(source.published)))
        if source.publisher:
            triples.append((a, KG.publisher, _text(source.publisher)))
        if source.author:
            triples.append((a, KG.author, _text(source.author)))
        triples += [(a, KG.alsoName, _text(n)) for n in source.also_names]
        self.put(source.name, triples)

    def add_span(self, node: URIRef, cls: URIRef, ev: Evidence) -> list[Triple]:
        """Triples placing `node` at a span of an article, with the sentence around it.

        Evidence slimmed by kg.shelf carries no sentence text: add_details adds it.
        """
        article = self.ref("article", ev.source)
        sentence = self.ref("sentence", (ev.source, f"{ev.sentence_start}-{ev.sentence_end}"))
        triples = [
            (node, _TYPE, cls),
            (node, _DERIVED, article),
            (node, _START, _offset(ev.start)),
            (node, _END, _offset(ev.end)),
            (node, _IN_SENTENCE, sentence),
            (sentence, _TYPE, _SENTENCE),
            (sentence, _DERIVED, article),
            (sentence, _START, _offset(ev.sentence_start)),
            (sentence, _END, _offset(ev.sentence_end)),
        ]
        if ev.sentence:
            triples.append((sentence, _TEXT, _text(ev.sentence)))
        return triples

    def add_details(self, reading: Reading, keys: Keys) -> None:
        """What a Corpus from resolve_facts leaves out of one article: its mentions, and the sentence text of
        its facts' evidence (slimmed by kg.shelf), in that article's graph."""
        source = reading.source.name
        for mention in sorted({keys.mention(source, m) for m in reading.mentions}):
            self.add_mention(mention.ref, mention.surface, mention.evidence)
        sentences = {(ev.sentence_start, ev.sentence_end): ev.sentence for facts in (reading.meetings, reading.agreements, reading.claims)
                     for fact in facts for ev in fact.evidence}
        self.put(source, [(self.ref("sentence", (source, f"{start}-{end}")), _TEXT, _text(text))
                          for (start, end), text in sorted(sentences.items())])

    def add_mention(self, ref: Ref, surface: str, ev: Evidence) -> None:
        m = self.iri("mention", (ev.source, f"{ev.start}-{ev.end}", ref.kind, ref.key))
        triples = self.add_span(m, _MENTION, ev)
        triples += [(m, _MENTION_OF, self.ref(ref.kind, ref.key)), (m, _SURFACE, _text(surface))]
        self.put(ev.source, triples)
        self.want(ev.source, ((ref.kind, ref.key),))

    def add_fact(
        self, node: URIRef, core: list[Triple], refs: set[EntityKey],
        evidence: Iterable[Evidence], link: URIRef, cls: URIRef, kind: str,
    ) -> None:
        """Add a fact's core triples to the merged graph and, with its own spans, to each article that states it."""
        self.put(None, core)
        for ev in sorted(evidence):
            span = self.iri(kind, (ev.source, f"{ev.start}-{ev.end}"))
            self.put(ev.source, [*core, (node, link, span), *self.add_span(span, cls, ev)])
            self.want(ev.source, refs)

    def article_triples(self, name: str) -> set[Triple]:
        """What one article says, plus the core triples of every entity it refers to (transitively)."""
        triples = set(self.by_source[name])
        todo, done = list(self.wanted[name]), set()
        while todo:
            entity = todo.pop()
            if entity in done:
                continue
            done.add(entity)
            triples.update(self.entity_core.get(entity, ()))
            todo.extend(self.entity_links.get(entity, ()))
        return triples


_SURROGATE = re.compile("[\ud800-\udfff]")
_NONCHARACTER = re.compile("[\x00\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff"
                           "\U0004fffe\U0004ffff\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff"
                           "\U0008fffe\U0008ffff\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff"
                           "\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
                           "\U0010fffe\U0010ffff]")


def _clean(text: str) -> str:
    """Replace lone surrogates, which no RDF syntax can carry, Unicode non-characters, which strict
    parsers such as raptor2 refuse even escaped, and NUL, which raptor2 cuts a string at, by U+FFFD."""
    if _SURROGATE.search(text):
        text = text.encode("utf-8", errors="replace").decode("utf-8")
    return _NONCHARACTER.sub("\ufffd", text)


@lru_cache(maxsize=8192)  # a sentence's text recurs in every span inside it
def _text(text: str) -> Literal:
    return Literal(_clean(text))


@lru_cache(maxsize=65536)
def _offset(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)  # xsd:integer: stores such as Oxigraph keep no subtypes
