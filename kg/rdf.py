"""Records -> triples: one named graph per article plus one merged graph; no rdflib store, no writing.

Graphs holds the triples in memory (for tests and small graphs); kg.spool's SpooledGraphs sends the
same triples to disk. kg.serialize writes them. Texts are cleaned here of what no RDF syntax can carry.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING

from rdflib import Dataset, Literal, Namespace, URIRef
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

MERGED_GRAPH_KEY = "merged"

# Class of each entity kind a Ref can point to.
ENTITY_CLASS = {
    PERSON: KG.Person,
    COUNTRY: KG.Country,
    PLACE: KG.Place,
    ORGANIZATION: KG.Organization,
}


class Vocabulary:
    """One namespace's terms in the form a Graphs writes them, each made once, on first use.

    A DefinedNamespace attribute costs a call and gives a new object each time; the mapping reads one per triple.
    """

    def __init__(self, namespace: type | Namespace, form: Callable[[URIRef], Node]) -> None:
        self._namespace, self._form = namespace, form

    def __getattr__(self, name: str) -> Node:
        if name.startswith("_"):
            raise AttributeError(name)
        term = self._form(getattr(self._namespace, name))  # a term the namespace lacks fails here, as before
        setattr(self, name, term)  # found as a plain attribute from now on
        return term


class Terms:
    """The vocabularies the mapping writes (terms.kg.Person, terms.rdf.type), in one form: rdflib terms, or N-Triples."""

    def __init__(self, form: Callable[[URIRef], Node]) -> None:
        self.kg, self.oa, self.owl, self.prov, self.rdf, self.rdfs, self.sdo, self.skos = (
            Vocabulary(ns, form) for ns in (KG, OA, OWL, PROV, RDF, RDFS, SDO, SKOS))


_XSD = Vocabulary(XSD, lambda term: term)  # the datatypes literal() takes: rdflib terms in either form


def _decimal(value: float) -> str:
    """A canonical xsd:decimal (3.1412, -97, 0.5): the same float, the same characters."""
    return format(Decimal(repr(value)).normalize(), "f")


@lru_cache(maxsize=1 << 13)  # four decimals from 0.5 to 1: at most 5,001 scores
def _score(rounded: str) -> str:
    """A similarity rounded to four decimals, as a canonical xsd:decimal: 0.83, 1."""
    return format(Decimal(rounded).normalize(), "f")


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
    """The triples of the merged graph and, per article, the triples that article supports.

    The mapping makes every term through `terms`, iri(), ref(), node(), text() and literal(): rdflib terms
    here; kg.spool's SpooledGraphs makes them as N-Triples strings, which it writes as they are.
    """

    terms = Terms(lambda term: term)

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

    def node(self, iri: URIRef) -> URIRef:
        """An IRI made elsewhere (kg.iris), in this Graphs' form."""
        return iri

    def text(self, text: str) -> Literal:
        """A plain literal, cleaned of what no RDF syntax can carry."""
        return _text(text)

    def literal(self, lexical: str, datatype: URIRef) -> Literal:
        """A typed literal; `lexical` in the datatype's canonical form."""
        return _typed(lexical, datatype)

    def ref(self, kind: str, key: str | tuple[str, ...]) -> URIRef:
        """The IRI of a node many triples point to (an entity, fact, article or sentence), one object per node:
        equal terms that are also identical compare without a call, in every set and dict downstream."""
        iri = self.refs.get((kind, key))
        if iri is None:
            iri = self.refs[(kind, key)] = self.iri(kind, key)
        return iri

    def add_corpus(self, corpus: Corpus) -> None:
        kg, rdf, text, literal = self.terms.kg, self.terms.rdf, self.text, self.literal
        # In the Corpus's own order, which is deterministic: what is put is sorted when written (kg.serialize,
        # kg.spool's finish()), so sorting the records again here (by repr, a tenth of this mapping's time) gained nothing.
        for source in corpus.sources:
            self.add_source(source)
        for person in corpus.persons:
            p = self.ref(PERSON, person.key)
            core = [(p, rdf.type, kg.Person), *self.names(p, person.name, person.aliases)]
            core += [(p, kg.role, text(r)) for r in person.roles]
            if person.country:
                core.append((p, kg.represents, self.ref(COUNTRY, person.country)))
                self.entity_links[(PERSON, person.key)].add((COUNTRY, person.country))
            self.entity_core[(PERSON, person.key)] += core
        for country in corpus.countries:
            c = self.ref(COUNTRY, country.key)
            core = [(c, rdf.type, kg.Country), *self.names(c, country.name, country.aliases)]
            core.append((c, kg.isoCode, text(country.key)))
            if country.alpha3:
                core.append((c, kg.alpha3, text(country.alpha3)))
            core += self.geo(c, country_geo(country.key))
            self.entity_core[(COUNTRY, country.key)] += core
        for place in corpus.places:
            pl = self.ref(PLACE, place.key)
            core = [(pl, rdf.type, kg.Place), *self.names(pl, place.name, ())]
            core += self.geo(pl, load_places().cities.get(fold(place.name)))
            if place.country:
                core.append((pl, kg.locatedIn, self.ref(COUNTRY, place.country)))
                self.entity_links[(PLACE, place.key)].add((COUNTRY, place.country))
            self.entity_core[(PLACE, place.key)] += core
        for org in corpus.organizations:
            o = self.ref(ORGANIZATION, org.key)
            core = [(o, rdf.type, kg.Organization), *self.names(o, org.name, ())]
            if org.country:
                core.append((o, kg.basedIn, self.ref(COUNTRY, org.country)))
                self.entity_links[(ORGANIZATION, org.key)].add((COUNTRY, org.country))
            self.entity_core[(ORGANIZATION, org.key)] += core
        for mention in corpus.mentions:
            self.add_mention(mention.ref, mention.surface, mention.evidence)
        for meeting in corpus.meetings:
            m = self.ref("meeting", meeting.key)
            core = [(m, rdf.type, kg.Meeting), (m, kg.kind, text(meeting.kind))]
            core += [(m, kg.participant, self.ref(PERSON, k)) for k in meeting.participants]
            refs = {(PERSON, k) for k in meeting.participants}
            if meeting.date:
                core.append((m, kg.date, literal(meeting.date.isoformat(), _XSD.date)))
            elif meeting.month:
                core.append((m, kg.date, literal(meeting.month, _XSD.gYearMonth)))
            if meeting.date_text:
                core.append((m, kg.dateText, text(meeting.date_text)))
            if meeting.place:
                core.append((m, kg.place, self.ref(PLACE, meeting.place)))
                refs.add((PLACE, meeting.place))
            if meeting.occasion:
                core.append((m, kg.occasion, text(meeting.occasion)))
            self.add_fact(m, core, refs, meeting.evidence, kg.evidence, kg.Evidence, "evidence")
        for agreement in corpus.agreements:
            a = self.ref("agreement", agreement.key)
            core = [(a, rdf.type, kg.Agreement), *self.names(a, agreement.name, ())]
            core += [(a, kg.party, self.ref(COUNTRY, k)) for k in agreement.parties]
            core += [(a, kg.signatory, self.ref(PERSON, k)) for k in agreement.signatories]
            refs = {(COUNTRY, k) for k in agreement.parties} | {(PERSON, k) for k in agreement.signatories}
            if agreement.duration:
                core.append((a, kg.duration, literal(canonical_duration(clean_text(agreement.duration)), _XSD.duration)))
            if agreement.date:
                core.append((a, kg.date, literal(agreement.date.isoformat(), _XSD.date)))
            self.add_fact(a, core, refs, agreement.evidence, kg.evidence, kg.Evidence, "evidence")
        variations: dict[tuple[str, str], float] = {}  # each pair of claims' greatest similarity
        for claim in corpus.claims:
            c = self.ref("claim", claim.key)
            core = [(c, rdf.type, kg.Claim), (c, kg.quote, text(claim.quote))]
            core.append((c, kg.speaker, self.ref(claim.speaker.kind, claim.speaker.key)))
            refs = {(claim.speaker.kind, claim.speaker.key)}
            for topic in sorted(claim.topics):
                core.append((c, kg.about, self.ref(topic.kind, topic.key)))
                refs.add((topic.kind, topic.key))
            self.add_fact(c, core, refs, claim.evidence, kg.appearance, kg.Appearance, "appearance")
            self.put(None, [(c, kg.variantOf, self.ref("claim", variant.claim)) for variant in claim.variants])
            for variant in claim.variants:
                pair = (claim.key, variant.claim) if claim.key <= variant.claim else (variant.claim, claim.key)
                variations[pair] = max(variant.similarity, variations.get(pair, variant.similarity))
        variation, compares, similar, ref = kg.Variation, kg.compares, kg.similarity, self.ref  # 23 per article
        for (a, b), similarity in sorted(variations.items()):
            v = self.iri("variation", (a, b))
            self.put(None, [
                (v, rdf.type, variation),
                (v, compares, ref("claim", a)),
                (v, compares, ref("claim", b)),
                # Rounded once, to the greatest: rounding keeps the order, so it is the greatest rounded score.
                (v, similar, literal(_score(f"{similarity:.4f}"), _XSD.decimal)),
            ])
        seen: dict[tuple[str, str], int] = defaultdict(int)
        for merge in sorted(corpus.merges):
            seen[(merge.kind, merge.key)] += 1
            n = seen[(merge.kind, merge.key)]
            r = self.iri("merge", (merge.kind, merge.key) if n == 1 else (merge.kind, merge.key, n))
            self.put(None, [
                (r, rdf.type, kg.MergeRecord),
                (r, kg.mergeKind, text(merge.kind)),
                (r, kg.mergedInto, self.ref(merge.kind, merge.key)),
                (r, kg.reason, text(merge.reason)),
            ])
            self.put(None, [(r, kg.member, text(m)) for m in merge.members])
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
        t = self.terms
        label = self.text(name)
        triples: list[Triple] = [(node, t.rdfs.label, label), (node, t.sdo.name, label)]
        triples += [(node, t.skos.altLabel, self.text(a)) for a in aliases if a != name]
        return triples

    def geo(self, node: URIRef, entry: GeoEntry | None) -> list[Triple]:
        """owl:sameAs the GeoNames feature, and its centre as schema:latitude and schema:longitude."""
        if entry is None:
            return []
        t = self.terms
        triples: list[Triple] = [(node, t.owl.sameAs, self.node(geonames_iri(entry.geonames_id)))]
        if entry.latitude is not None and entry.longitude is not None:
            triples += [(node, t.sdo.latitude, self.literal(_decimal(entry.latitude), _XSD.decimal)),
                        (node, t.sdo.longitude, self.literal(_decimal(entry.longitude), _XSD.decimal))]
        return triples

    def add_source(self, source: Source) -> None:
        kg, text = self.terms.kg, self.text
        a = self.ref("article", source.name)
        triples: list[Triple] = [
            (a, self.terms.rdf.type, kg.Article),
            (a, kg.fileName, text(source.name)),
            (a, self.terms.rdfs.label, text(source.title or source.name)),
        ]
        if source.title:
            triples.append((a, kg.title, text(source.title)))
        if source.url:
            triples.append((a, kg.url, self.literal(clean_text(source.url), _XSD.anyURI)))
        if source.published:
            triples.append((a, kg.published, self.literal(source.published.isoformat(), _XSD.date)))
        if source.publisher:
            triples.append((a, kg.publisher, text(source.publisher)))
        if source.author:
            triples.append((a, kg.author, text(source.author)))
        triples += [(a, kg.alsoName, text(n)) for n in source.also_names]
        self.put(source.name, triples)

    def add_span(self, node: URIRef, cls: URIRef, ev: Evidence) -> list[Triple]:
        """Triples placing `node` at a span of an article, with the sentence around it.

        Evidence slimmed by kg.shelf carries no sentence text: add_details adds it.
        """
        t, offset = self.terms, self.offset
        kind, derived, start, end = t.rdf.type, t.prov.wasDerivedFrom, t.oa.start, t.oa.end
        article = self.ref("article", ev.source)
        sentence = self.ref("sentence", (ev.source, f"{ev.sentence_start}-{ev.sentence_end}"))
        triples = [
            (node, kind, cls),
            (node, derived, article),
            (node, start, offset(ev.start)),
            (node, end, offset(ev.end)),
            (node, t.kg.inSentence, sentence),
            (sentence, kind, t.kg.Sentence),
            (sentence, derived, article),
            (sentence, start, offset(ev.sentence_start)),
            (sentence, end, offset(ev.sentence_end)),
        ]
        if ev.sentence:
            triples.append((sentence, t.kg.text, self.text(ev.sentence)))
        return triples

    def offset(self, n: int) -> Literal:
        """A character offset, as xsd:integer: stores such as Oxigraph keep no subtypes."""
        return self.literal(str(n), _XSD.integer)

    def add_details(self, reading: Reading, keys: Keys) -> None:
        """What a Corpus from resolve_facts leaves out of one article: its mentions, and the sentence text of
        its facts' evidence (slimmed by kg.shelf), in that article's graph."""
        source = reading.source.name
        triples: dict[str, list[Triple]] = defaultdict(list)
        wanted: dict[str, set[EntityKey]] = defaultdict(set)
        for m in reading.mentions:  # a mention read twice gives the same triples, put once below
            mention = keys.mention(source, m)
            ev = mention.evidence
            triples[ev.source] += self.mention_triples(mention.ref, mention.surface, ev)
            wanted[ev.source].add((mention.ref.kind, mention.ref.key))
        sentences = {(ev.sentence_start, ev.sentence_end): ev.sentence for facts in (reading.meetings, reading.agreements, reading.claims)
                     for fact in facts for ev in fact.evidence}
        triples[source] += [(self.ref("sentence", (source, f"{start}-{end}")), self.terms.kg.text, self.text(text))
                            for (start, end), text in sorted(sentences.items())]
        for name, article in triples.items():
            # Each triple put once: a sentence's triples come with every mention in it (a spool would write each).
            self.put(name, dict.fromkeys(article))
        for name, entities in wanted.items():
            self.want(name, sorted(entities))

    def add_mention(self, ref: Ref, surface: str, ev: Evidence) -> None:
        self.put(ev.source, self.mention_triples(ref, surface, ev))
        self.want(ev.source, ((ref.kind, ref.key),))

    def mention_triples(self, ref: Ref, surface: str, ev: Evidence) -> list[Triple]:
        kg = self.terms.kg
        m = self.iri("mention", (ev.source, f"{ev.start}-{ev.end}", ref.kind, ref.key))
        triples = self.add_span(m, kg.Mention, ev)
        triples += [(m, kg.mentionOf, self.ref(ref.kind, ref.key)), (m, kg.surface, self.text(surface))]
        return triples

    def add_fact(
        self, node: URIRef, core: list[Triple], refs: set[EntityKey],
        evidence: Iterable[Evidence], link: URIRef, cls: URIRef, kind: str,
    ) -> None:
        """Add a fact's core triples to the merged graph and, with its own spans, to each article that states it."""
        evidence = sorted(evidence)  # by article first
        if not evidence:  # else the core goes to the merged graph with each article's graph
            self.put(None, core)
        for source, spans in groupby(evidence, key=attrgetter("source")):
            triples = dict.fromkeys(core)  # each triple once, though several spans of one article share a sentence
            for ev in spans:
                span = self.iri(kind, (ev.source, f"{ev.start}-{ev.end}"))
                triples.update(dict.fromkeys([(node, link, span), *self.add_span(span, cls, ev)]))
            self.put(source, triples)
            self.want(source, refs)

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


def clean_text(text: str) -> str:
    """Replace lone surrogates, which no RDF syntax can carry, Unicode non-characters, which strict
    parsers such as raptor2 refuse even escaped, and NUL, which raptor2 cuts a string at, by U+FFFD."""
    if text.isascii():  # most texts; an ASCII text's only such character is NUL, and str knows it is ASCII without a scan
        return text.replace("\x00", "\ufffd")
    if _SURROGATE.search(text):
        text = text.encode("utf-8", errors="replace").decode("utf-8")
    return _NONCHARACTER.sub("\ufffd", text)


@lru_cache(maxsize=8192)  # a sentence's text recurs in every span inside it
def _text(text: str) -> Literal:
    return Literal(clean_text(text))


@lru_cache(maxsize=65536)  # offsets, dates and similarity scores recur
def _typed(lexical: str, datatype: URIRef) -> Literal:
    return Literal(lexical, datatype=datatype)
