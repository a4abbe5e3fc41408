"""The vocabularies the graph is written in; every kg: term is declared in ontology/kg.ttl (checked by a test)."""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class KG(DefinedNamespace):
    """The kg ontology: people, countries, meetings, agreements and claims read from news articles."""

    _NS = Namespace("https://w3id.org/kg/ontology#")
    _fail = True

    # Classes
    Article: URIRef  # A news article the graph was read from.
    Sentence: URIRef  # A sentence of an article, with its text and character offsets.
    Evidence: URIRef  # A character span of an article that states a fact.
    Mention: URIRef  # One occurrence of an entity in an article.
    Appearance: URIRef  # One appearance of a claim in one sentence of one article.
    Person: URIRef  # A person named in the news.
    Country: URIRef  # A country (or the European Union).
    Place: URIRef  # A city or other place where something happened.
    Organization: URIRef  # An organisation, e.g. a ministry or an agency.
    Meeting: URIRef  # A meeting, call or video call between people.
    Agreement: URIRef  # An agreement, treaty or deal between countries.
    Claim: URIRef  # A quoted statement attributed to a speaker.
    Variation: URIRef  # Two claims that word the same statement differently.
    MergeRecord: URIRef  # An audit line: which article-level records became one node, and why.

    # Object properties
    represents: URIRef  # Person -> the Country the person acts for.
    locatedIn: URIRef  # Place -> the Country it lies in.
    basedIn: URIRef  # Organization -> its Country.
    participant: URIRef  # Meeting -> a Person taking part.
    place: URIRef  # Meeting -> the Place it happened in.
    party: URIRef  # Agreement -> a Country bound by it.
    signatory: URIRef  # Agreement -> a Person who signed it.
    speaker: URIRef  # Claim -> the Person, Country or Organization that said it.
    about: URIRef  # Claim -> a Country, Place, Person or Organization it names.
    appearance: URIRef  # Claim -> one of its Appearances.
    evidence: URIRef  # Meeting or Agreement -> an Evidence span that states it.
    mentionOf: URIRef  # Mention -> the entity mentioned.
    inSentence: URIRef  # Evidence -> the Sentence holding the span.
    variantOf: URIRef  # Claim -> another Claim wording the same statement.
    compares: URIRef  # Variation -> one of the two Claims it compares.
    mergedInto: URIRef  # MergeRecord -> the node the members became.

    # Datatype properties
    fileName: URIRef  # Article -> its file name relative to the input root.
    alsoName: URIRef  # Article -> another file holding the same text.
    title: URIRef  # Article -> its headline.
    url: URIRef  # Article -> where it was published (xsd:anyURI literal).
    published: URIRef  # Article -> its publication date.
    publisher: URIRef  # Article -> the outlet's name.
    author: URIRef  # Article -> the author's name.
    isoCode: URIRef  # Country -> ISO 3166-1 alpha-2 code.
    alpha3: URIRef  # Country -> ISO 3166-1 alpha-3 code.
    role: URIRef  # Person -> a role or title, e.g. "foreign minister".
    kind: URIRef  # Meeting -> "in-person", "call" or "video-call".
    date: URIRef  # Meeting or Agreement -> the day it happened.
    dateText: URIRef  # Meeting -> the words that gave (or failed to give) the date.
    occasion: URIRef  # Meeting -> the event it was held at.
    duration: URIRef  # Agreement -> how long it runs (xsd:duration).
    quote: URIRef  # Claim -> the quoted words as they stand.
    surface: URIRef  # Mention -> the words as they stand in the text.
    text: URIRef  # Sentence -> its text.
    similarity: URIRef  # Variation -> how alike the two wordings are, 0..1.
    mergeKind: URIRef  # MergeRecord -> the kind of record merged.
    member: URIRef  # MergeRecord -> "source#local-key" of a merged record.
    reason: URIRef  # MergeRecord -> why the members were merged.


class OA(DefinedNamespace):
    """The W3C Web Annotation terms the graph uses for character offsets."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    TextPositionSelector: URIRef  # A range of text by start and end positions.
    start: URIRef  # 0-based start position of the range.
    end: URIRef  # 0-based end position of the range (exclusive).


class SEM(DefinedNamespace):
    """The Simple Event Model terms the ontology aligns to."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTimeStamp: URIRef


# Prefixes written at the top of every serialization, in this order.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("kg", str(KG._NS)),
    ("oa", str(OA._NS)),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("schema", "https://schema.org/"),
    ("sem", str(SEM._NS)),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
)
