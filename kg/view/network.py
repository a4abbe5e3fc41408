"""RDF graph -> networkx: entities and facts as nodes with their labels, dates and details; relations as edges."""
from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.rdf import Terms
from kg.triples import TripleIndex

LABEL_MAX = 30  # characters of a canvas label line; the details panel has the whole label
OVERVIEW_NODES = 3_000  # from this many nodes on, claims are drawn as one group per speaker (see overview)
GROUP = "Claims"  # class name of a node standing for one speaker's claims in the overview
# From this many nodes left in the overview on, meetings between the same people and agreements between
# the same parties are drawn as one node each too (see overview): a page of 10,000 nodes and more takes
# tens of seconds to a first frame, and nobody reads that many at once.
EVENT_NODES = 5_000
MEETINGS, AGREEMENTS = "Meetings", "Agreements"  # class names of those group nodes
# A group of meetings or agreements holds at most this many, in order of date: the page opens a group
# of 30,000 meetings in tens of seconds, and then hardly moves.
GROUP_MAX = 1_000
# In a graph of OVERVIEW_NODES or more, a node's details list at most this many sources and names per
# row, and say how many more there are: a country is in every other article, and the page (and the
# process drawing it) would otherwise grow with every sentence of the corpus, not with what it draws.
LIST_MAX = 10
# The view reads the articles and sentences of this many spans (and the variants of their nodes' claims)
# at once, in a few queries of a spool rather than a few per node; a batch of nodes stops at it.
BATCH_SPANS = 5_000


# Every vocabulary term this module uses, each made once (kg.rdf.Terms): each KG.x builds a new URIRef, and a dictionary
# finds the very object it was keyed with much faster than an equal one (rdflib compares terms in Python).
_T = Terms(lambda term: term)


class _Spill:
    """The details of a large graph's nodes as JSON text in a temporary file, which is deleted with the last Spilled."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="kg-view-")
        self.end = 0
        self.appending = True  # the file is where the next put() writes: a seek would flush its buffer at every put

    def put(self, details: dict) -> Spilled:
        data = encoded(details).encode("utf-8")
        try:
            if not self.appending:
                self.file.seek(self.end)
                self.appending = True
            self.file.write(data)
        except OSError as e:
            raise KGError(f"{tempfile.gettempdir()}: cannot write the view's scratch file ({e.strerror}); free disk space or set TMPDIR") from e
        offset, self.end = self.end, self.end + len(data)
        return Spilled(self, offset, len(data))

    def read(self, offset: int, size: int) -> str:
        self.appending = False
        self.file.seek(offset)
        return self.file.read(size).decode("utf-8")


@dataclass(frozen=True, slots=True)
class Spilled:
    """Where a node's details are in a _Spill: the network of a large graph holds these, not the details."""

    spill: _Spill
    offset: int
    size: int

    def text(self) -> str:
        return self.spill.read(self.offset, self.size)


def details_of(attrs: dict) -> dict:
    """A node's details, from its attributes in the network, spilled or not."""
    details = attrs["details"]
    return json.loads(details.text()) if isinstance(details, Spilled) else details


def name_of(attrs: dict) -> str:
    """A node's whole name, its details' "n": `what` holds it but for a meeting's or an agreement's (spilled details are not read back for it)."""
    return details_of(attrs)["n"] if attrs["cls"] in _EVENT_GROUPS else attrs["what"]


def encoded(value) -> str:
    """`value` as JSON text, as the page holds it."""
    return _ENCODER.encode(value)


# json.dumps with any option builds a new encoder per call: the page encodes each of its nodes, edges and details alone.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Style:
    name: str
    color: str
    shape: str  # a vis-network shape with its label below it


# One colour (Okabe-Ito and friends: distinguishable with colour blindness) and shape per class.
STYLES: dict[URIRef, Style] = {
    _T.kg.Person: Style("Person", "#0072B2", "dot"),
    _T.kg.Country: Style("Country", "#D55E00", "diamond"),
    _T.kg.Meeting: Style("Meeting", "#009E73", "square"),
    _T.kg.Agreement: Style("Agreement", "#CC79A7", "star"),
    _T.kg.Claim: Style("Claim", "#E69F00", "triangle"),
    _T.kg.Place: Style("Place", "#56B4E9", "triangleDown"),
    _T.kg.Organization: Style("Organization", "#6B4C9A", "hexagon"),
}
# A group node is drawn as what it groups.
GROUP_STYLES = {name: Style(name, STYLES[cls].color, STYLES[cls].shape)
                for name, cls in ((GROUP, _T.kg.Claim), (MEETINGS, _T.kg.Meeting), (AGREEMENTS, _T.kg.Agreement))}
# Per class of event grouped in a large overview: (class of its groups, the relation to the people or
# parties it groups by, what one is called).
_EVENT_GROUPS = {"Meeting": (MEETINGS, "participant", "meeting"), "Agreement": (AGREEMENTS, "party", "agreement")}
# A graph with none of kg's classes (a FOAF file, say) is drawn generically: every IRI a node, every link an edge.
GENERIC = "Resource"
GENERIC_STYLE = Style(GENERIC, "#7F7F7F", "dot")
_GENERIC_NAMES = (_T.rdfs.label, _T.sdo.name, _T.skos.prefLabel, URIRef("http://xmlns.com/foaf/0.1/name"), URIRef("http://purl.org/dc/terms/title"))

# Relations drawn as edges: predicate -> (label, drawn from object to subject).
# A claim is drawn from its speaker ("said"), the way a reader says it.
SYMMETRIC = {_T.kg.variantOf}  # stated both ways in the graph; drawn once
RELATIONS: dict[URIRef, tuple[str, bool]] = {
    _T.kg.participant: ("participant", False),
    _T.kg.party: ("party", False),
    _T.kg.signatory: ("signatory", False),
    _T.kg.speaker: ("said", True),
    _T.kg.about: ("about", False),
    _T.kg.locatedIn: ("located in", False),
    _T.kg.represents: ("represents", False),
    _T.kg.place: ("held in", False),
    _T.kg.basedIn: ("based in", False),
    _T.kg.variantOf: ("variant of", False),
}

_ARTICLE_FIELDS = (_T.kg.publisher, _T.kg.published, _T.kg.fileName)  # shown after the title, in this order
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # not %b: that follows the locale
_KINDS = {"in-person": "", "call": "call", "video-call": "video call"}  # words a meeting label gives its kind

# The rows of the details panel per class, in order: (field, what is read, predicate). "text" is the
# least literal, "texts" all literals, "names" the names of the nodes pointed to, "names of" the names
# of the nodes pointing here. Rows without a value are left out.
_ALSO_CALLED = ("Also called", "texts", _T.skos.altLabel)
_SAME_AS = ("Same as", "links", _T.owl.sameAs)
FIELDS: dict[URIRef, tuple[tuple[str, str, URIRef], ...]] = {
    _T.kg.Claim: (("Quote", "text", _T.kg.quote), ("Speaker", "names", _T.kg.speaker), ("About", "names", _T.kg.about),
               ("Variant of", "names", _T.kg.variantOf)),
    _T.kg.Meeting: (("Kind", "text", _T.kg.kind), ("Date", "text", _T.kg.date), ("Date as written", "text", _T.kg.dateText),
                 ("Place", "names", _T.kg.place), ("Occasion", "text", _T.kg.occasion), ("Participants", "names", _T.kg.participant)),
    _T.kg.Agreement: (("Parties", "names", _T.kg.party), ("Signatories", "names", _T.kg.signatory),
                   ("Duration", "text", _T.kg.duration), ("Date", "text", _T.kg.date)),
    _T.kg.Person: (("Roles", "texts", _T.kg.role), ("Country", "names", _T.kg.represents), _ALSO_CALLED),
    _T.kg.Country: (("ISO code", "text", _T.kg.isoCode), ("People", "names of", _T.kg.represents), _ALSO_CALLED, _SAME_AS),
    _T.kg.Place: (("Country", "names", _T.kg.locatedIn), _ALSO_CALLED, _SAME_AS),
    _T.kg.Organization: (("Country", "names", _T.kg.basedIn), _ALSO_CALLED),
}
# Where the sources of a node are: the spans an event lists; for an entity, the mentions of it.
EVENT_SPANS: dict[URIRef, URIRef] = {_T.kg.Claim: _T.kg.appearance, _T.kg.Meeting: _T.kg.evidence, _T.kg.Agreement: _T.kg.evidence}


def load_graph_file(path: Path) -> Graph:
    """Parse a graph file; kg.query names the file and the fix when it cannot."""
    from kg.query import load_graph

    return load_graph(path)


def to_networkx(graph: Graph | TripleIndex) -> nx.DiGraph:
    """Entities and facts as nodes (attributes: iri, cls, label, date, what, details, sources), relations as labelled edges.

    `label` is the canvas label (up to two lines of LABEL_MAX characters), `date` the ISO day of a
    meeting, an agreement or a claim (its earliest article's publication) or "", `what` the whole
    label without the date (for the timeline), `details` what the details panel shows: {"c": class, "n": whole label,
    "r": [[field, value]], "s": sources, and "m": sources not listed, if any}, `sources` how many sources
    it has, listed or not (for the timeline, which would otherwise read spilled details back).
    Nodes are added in sorted IRI order and edges in sorted order, so the result does not depend on
    the order rdflib returns triples in.

    From OVERVIEW_NODES nodes on (kg.view.page draws the overview then), a node's sources and each row
    of names hold at most LIST_MAX items, "m" in the details counts the sources left out, and a claim
    is "variant of" only claims of its own (first) speaker: the overview draws no other variants.
    The graph attribute "left_out" counts the relations so left out, and each node's `details` wait in
    a temporary file (a Spilled: read them with details_of), so memory grows with what is drawn, not
    with every sentence the panels quote.
    """
    index = _index(graph)
    classes: dict[str, URIRef] = {}  # by IRI text, as the reader reads (see TripleIndex.iris)
    for cls in STYLES:  # STYLES order decides a node typed with two of our classes
        for node in index.iri_subjects(_T.rdf.type, str(cls)):
            classes.setdefault(node, cls)
    if not classes:
        return generic_networkx(index)
    large = len(classes) >= OVERVIEW_NODES
    reader = _Reader(index, LIST_MAX if large else None)
    spill = _Spill() if large else None
    ordered = sorted(classes)  # as the IRIs sort: rdflib orders URIRefs by their text
    drawn = {iri: iri for iri in ordered}  # the node's own text, so that edges share it rather than hold copies
    edges = _Edges(drawn, large)
    for s, o in index.iri_pairs(_T.kg.speaker):  # first: whether a variant is drawn depends on both claims' speakers
        edges.add(_T.kg.speaker, s, o)
    network = nx.DiGraph()
    rows = []
    for iri, (label, day, what, details) in zip(ordered, reader.describe_all((iri, classes[iri]) for iri in ordered)):
        cls = classes[iri]
        sources = len(details["s"]) + details.get("m", 0)
        if spill is not None:
            details = spill.put(details)
        rows.append((iri, {"iri": iri, "cls": STYLES[cls].name, "label": label, "date": day, "what": what, "details": details,
                           "sources": sources}))
        # The variants the reader read for this node's batch (the "Variant of" row): read once, not again for the edges.
        for variant in reader.iris(iri, _T.kg.variantOf):
            edges.add(_T.kg.variantOf, iri, variant)
    network.add_nodes_from(rows)
    del rows
    for predicate in RELATIONS:
        if predicate not in (_T.kg.speaker, _T.kg.variantOf):
            for s, o in index.iri_pairs(predicate):
                edges.add(predicate, s, o)
    edges, left_out = edges.labels, edges.left_out
    network.add_edges_from((s, o, {"label": labels}) for (s, o), labels in sorted(edges.items()))
    network.graph["left_out"] = left_out  # relations not kept as edges, for the page's count of relations
    index.forget()  # what it read to answer the questions above: not needed while the page is drawn
    return network


def overview(network: nx.DiGraph) -> tuple[nx.DiGraph, dict[str, list[str]]]:
    """The network with each speaker's claims replaced by one group node, and each group's members.

    A group node's IRI is its speaker's with "#claims" added; its edges are the speaker's "said" edge
    and the "about" edges of its claims (once each). Claims without a speaker in the network stay.
    If EVENT_NODES or more nodes are left, meetings and agreements are grouped too (see _group_events).
    """
    groups: dict[str, list[str]] = {}
    for node, attrs in network.nodes(data=True):
        if attrs["cls"] == "Claim":
            speakers = sorted(s for s in network.predecessors(node) if network.edges[s, node]["label"] == "said")
            if speakers:
                groups.setdefault(speakers[0] + "#claims", []).append(node)
    grouped = {c for members in groups.values() for c in members}
    small = network.subgraph(n for n in network if n not in grouped).copy()  # copying all of network would copy every claim too
    for group, members in sorted(groups.items()):
        speaker = group.removesuffix("#claims")
        name = name_of(network.nodes[speaker])
        dates = sorted(d for d in (network.nodes[c]["date"] for c in members) if d)
        whole = f"{len(members)} claims of {name}" if len(members) > 1 else f"1 claim of {name}"
        small.add_node(group, iri=group, cls=GROUP, label=shorten(whole, LABEL_MAX), date=dates[0] if dates else "", what=whole,
                       details={"c": GROUP, "n": whole, "r": [["Speaker", name], ["Claims", str(len(members))]], "s": []})
        small.add_edge(speaker, group, label="said")
        for target in sorted({t for c in members for t in network.successors(c) if t in small and t != group}):
            small.add_edge(group, target, label="about")
        groups[group] = sorted(members)
    if small.number_of_nodes() >= EVENT_NODES:
        groups.update(_group_events(small))
    return small, groups


def _group_events(small: nx.DiGraph) -> dict[str, list[str]]:
    """Replace in `small` the meetings with the same participants, and the agreements with the same parties, by one node per set; return the groups.

    A group of meetings is drawn as "12 meetings" over the names; its IRI is its first meeting's with
    "#group" added, its date the earliest of its meetings' and `last` the latest, its edges those of its
    meetings (once each, labels joined). If that still leaves EVENT_NODES nodes or more, an event that
    shares its set with no other is grouped with the others of its best-connected participant (or party)
    like that: "40 meetings with A"; if still too many, every event is. An event in no group stays as it is.
    """
    names: dict[str, str] = {}

    def name(node: str) -> str:
        if node not in names:
            names[node] = name_of(small.nodes[node])
        return names[node]

    people: dict[str, tuple[str, ...]] = {}  # event -> its participants or parties, in the order of their names
    for node, attrs in small.nodes(data=True):
        if attrs["cls"] in _EVENT_GROUPS:
            relation = _EVENT_GROUPS[attrs["cls"]][1]
            ends = [o for o in small.successors(node) if relation in small.edges[node, o]["label"].split(", ")]
            if ends:
                people[node] = tuple(sorted(ends, key=lambda p: (name(p), p)))
    events = Counter(p for who in people.values() for p in who)  # the best-connected gather the most

    def busiest(who: tuple[str, ...]) -> tuple[str, ...]:
        return (min(who, key=lambda p: (-events[p], name(p), p)),)

    sets = Counter((small.nodes[e]["cls"], who) for e, who in people.items())
    ways = (  # from the finest grouping to the coarsest: the first that leaves fewer than EVENT_NODES nodes
        ("per set of participants or parties", lambda e, who: ("of", who)),
        ("per set of participants or parties, and the rest per best-connected one",
         lambda e, who: ("of", who) if sets[small.nodes[e]["cls"], who] > 1 else ("with", busiest(who))),
        ("per best-connected participant or party", lambda e, who: ("with", busiest(who))),
    )
    for way, key in ways:
        by_key = _keyed(small, {event: key(event, who) for event, who in people.items()})
        if small.number_of_nodes() - sum(len(m) - 1 for m in by_key.values()) < EVENT_NODES:
            break
    if by_key:
        small.graph["events_by"] = way
    group_of = {event: members[0] + "#group" for members in by_key.values() for event in members}
    edges: dict[tuple[str, str], set[str]] = {}
    for event in group_of:
        for s, o, label in (*small.in_edges(event, data="label"), *small.out_edges(event, data="label")):
            s, o = group_of.get(s, s), group_of.get(o, o)
            if s != o:
                edges.setdefault((s, o), set()).update(label.split(", "))
    groups = {}
    for (cls, (how, key), _), members in sorted(by_key.items()):
        group_cls, _, noun = _EVENT_GROUPS[cls]
        group = members[0] + "#group"
        who = [name(p) for p in key]
        listed = " and ".join([", ".join(who[:-1]), who[-1]] if len(who) > 1 else who)
        if len(who) > 3:
            listed = ", ".join(who[:3]) + f" and {len(who) - 3} more"
        whole = f"{len(members)} {noun}s {how} {listed}"
        dates = sorted(d for d in (small.nodes[e]["date"] for e in members) if d)
        rows = [["Participants" if cls == "Meeting" else "Parties", ", ".join(who)], [f"{noun.capitalize()}s", str(len(members))]]
        if dates:
            rows.append(["Dates", day_text(dates[0]) + ("" if dates[-1] == dates[0] else " \u2013 " + day_text(dates[-1]))])
        small.add_node(group, iri=group, cls=group_cls, label=_lines(f"{len(members)} {noun}s", listed), date=dates[0] if dates else "",
                       last=dates[-1] if dates and dates[-1] != dates[0] else "", what=whole,
                       details={"c": group_cls, "n": whole, "r": rows, "s": []})
        groups[group] = members
    small.remove_nodes_from(group_of)
    small.add_edges_from((s, o, {"label": ", ".join(sorted(labels))}) for (s, o), labels in sorted(edges.items()))
    return groups


def _keyed(small: nx.DiGraph, keys: dict[str, tuple]) -> dict[tuple[str, tuple, int], list[str]]:
    """The events by (class, key, part), sorted, where two or more share one.

    More than GROUP_MAX events with one key are cut, in order of date, into as few parts of about equal size.
    """
    by_key: dict[tuple[str, tuple], list[str]] = {}
    for event, key in keys.items():
        by_key.setdefault((small.nodes[event]["cls"], key), []).append(event)
    parts = {}
    for (cls, key), members in by_key.items():
        members.sort(key=lambda e: (small.nodes[e]["date"] or "9999", e))
        count = -(-len(members) // GROUP_MAX)
        for part in range(count):
            chunk = members[len(members) * part // count : len(members) * (part + 1) // count]
            if len(chunk) > 1:
                parts[cls, key, part] = sorted(chunk)
    return parts


def generic_networkx(index: TripleIndex) -> nx.DiGraph:
    """Every IRI that is a subject, or the object of a link between IRIs, as a node of class GENERIC; each such link an edge.

    Labels come from rdfs:label, schema:name, skos:prefLabel, foaf:name or dcterms:title, else the
    IRI's last segment; the details list its types and literal values.
    """
    literals: dict[URIRef, list[list[str]]] = {}
    links: dict[tuple[str, str], set[str]] = {}
    nodes: set[URIRef] = set()
    for predicate in sorted(index.predicates(), key=str):
        for s, o in index.subject_objects(predicate):
            if not isinstance(s, URIRef):
                continue
            nodes.add(s)
            if predicate == _T.rdf.type:
                literals.setdefault(s, []).append(["Type", local_name(o)])
            elif isinstance(o, URIRef):
                nodes.add(o)
                if s != o:
                    links.setdefault((str(s), str(o)), set()).add(local_name(predicate))
            elif isinstance(o, Literal):
                literals.setdefault(s, []).append([local_name(predicate), str(o)])
    network = nx.DiGraph()
    for iri, node in sorted((str(n), n) for n in nodes):
        names = sorted(str(v) for p in _GENERIC_NAMES for v in index.objects(node, p) if isinstance(v, Literal))
        name = names[0] if names else local_name(node)
        rows = sorted(literals.get(node, [])) + [["IRI", iri]]
        details = {"c": GENERIC, "n": name, "r": rows, "s": []}
        network.add_node(iri, iri=iri, cls=GENERIC, label=shorten(name, LABEL_MAX), date="", what=name, details=details)
    network.add_edges_from((s, o, {"label": ", ".join(sorted(labels))}) for (s, o), labels in sorted(links.items()))
    return network


def found_types(graph: Graph | TripleIndex, top: int = 5) -> str:
    """What a graph holds, for a reader told it has none of kg's classes: '120 triples; types: Person 12, Document 3'."""
    index = _index(graph)
    triples = sum(len(list(index.subject_objects(p))) for p in index.predicates())
    types = Counter(local_name(o) for _, o in index.subject_objects(_T.rdf.type))
    listed = ", ".join(f"{name} {n:,}" for name, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    return f"{triples:,} triples" + (f"; types: {listed}" if listed else "; no rdf:type")


def local_name(term: Node) -> str:
    """The last segment of an IRI (after '#' or '/'), or a literal's text."""
    text = str(term).rstrip("/#")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


def _index(graph: Graph | TripleIndex) -> TripleIndex:
    """The triples of `graph` (of all its graphs, for a dataset) in a TripleIndex, which answers the reader's many small questions fast."""
    if isinstance(graph, TripleIndex):
        return graph
    if graph.context_aware and not getattr(graph, "default_union", False):  # draw the union of its graphs
        return TripleIndex({(s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))})
    return TripleIndex(set(graph.triples((None, None, None))))


class _Edges:
    """The network's edges, added one relation at a time: labels joined by ", " (none holds a comma; a set per edge takes 200 bytes).

    A relation is kept between two drawn nodes. In a large graph a symmetric one between claims of two
    speakers is not: they are in two groups of the overview, which draws no edge between them; `left_out`
    counts those. So every claim's speaker must be added before its variants.
    """

    def __init__(self, drawn: dict[str, str], large: bool) -> None:
        self.drawn, self.large = drawn, large
        self.labels: dict[tuple[str, str], str] = {}
        self.speaker: dict[str, str] = {}  # claim -> its first speaker, as the overview groups it
        self.left_out = 0

    def add(self, predicate: URIRef, s: str, o: str) -> None:
        label, reverse = RELATIONS[predicate]
        s, o = self.drawn.get(s), self.drawn.get(o)
        if s is None or o is None or s == o:
            return
        symmetric = predicate in SYMMETRIC
        if self.large and symmetric:
            ends = (self.speaker.get(s), self.speaker.get(o))
            if None not in ends and ends[0] != ends[1]:
                self.left_out += s < o  # counted once: kg states a symmetric relation both ways
                return
        key = (o, s) if reverse else (s, o)
        if symmetric:
            key = tuple(sorted(key))
        labels = self.labels.get(key)
        if labels is None:
            self.labels[key] = label
        elif label not in labels.split(", "):
            self.labels[key] = ", ".join(sorted([*labels.split(", "), label]))
        if predicate == _T.kg.speaker and (s not in self.speaker or o < self.speaker[s]):
            self.speaker[s] = o


class _Reader:
    """Reads what the view shows of one node: its label, date and the rows and sources of its details.

    Nodes are IRI text throughout (TripleIndex's text reads). Names, article lines and sentence texts are
    each read once and kept: a person is named in every meeting and claim it is in, and an article or
    sentence is the source of many spans. With `most`, rows of names and lists of sources stop at that
    many (and only the sentences listed are read, and not kept).
    """

    def __init__(self, index: TripleIndex, most: int | None = None) -> None:
        self.g, self.most = index, most
        self._claims, self._meetings = set(index.iri_subjects(_T.rdf.type, str(_T.kg.Claim))), set(index.iri_subjects(_T.rdf.type, str(_T.kg.Meeting)))
        self._names: dict[str, str] = {}
        self._short: dict[str, str] = {}
        self._lines: dict[str, str] = {}
        self._published: dict[str, str] = {}
        self._sentences: dict[str, str] = {}
        # For the batch of nodes being described (see describe_all): the article and the sentence of each of
        # their spans (predicate -> span -> least IRI object; a span missing has none), each node's variants,
        # and each meeting's meeting_parts (its name and its label both need them).
        self._batch: dict[URIRef, dict[str, str]] = {}
        self._variants: dict[str, list[str]] = {}
        self._parts: dict[str, tuple[str, ...]] = {}

    def iris(self, node: str, predicate: URIRef) -> list[str]:
        """The IRI objects of (node, predicate); a node's variants from those read for the batch."""
        read = self._variants.get(node) if predicate == _T.kg.variantOf else None
        return self.g.iris(node, predicate) if read is None else read

    def least_iris(self, spans: list[str], predicate: URIRef) -> dict[str, str]:
        """The least IRI object of each of a node's `spans` that has one (as TripleIndex.value chooses), as read for the batch."""
        read = self._batch.get(predicate)
        if read is None:
            return self.g.iri_values(spans, predicate)
        return {s: read[s] for s in spans if s in read}

    def spans(self, node: str, cls: URIRef) -> list[str]:
        """The spans a node's sources are read from."""
        return self.g.iris(node, EVENT_SPANS[cls]) if cls in EVENT_SPANS else self.g.iri_subjects(_T.kg.mentionOf, node)

    def describe_all(self, nodes: Iterable[tuple[str, URIRef]]) -> Iterator[tuple[str, str, str, dict]]:
        """describe() each (node, class), in batches of about BATCH_SPANS spans whose articles and sentences are read at once."""
        batch, spans = [], 0
        for node, cls in nodes:
            batch.append((node, cls, self.spans(node, cls)))
            spans += len(batch[-1][2])
            if spans >= BATCH_SPANS:
                yield from self._describe_batch(batch)
                batch, spans = [], 0
        yield from self._describe_batch(batch)

    def _describe_batch(self, batch: list[tuple[str, URIRef, list[str]]]) -> Iterator[tuple[str, str, str, dict]]:
        spans = [span for _, _, its in batch for span in its]
        self._batch = {_T.prov.wasDerivedFrom: self.g.iri_values(spans, _T.prov.wasDerivedFrom), _T.kg.inSentence: self.g.iri_values(spans, _T.kg.inSentence)}
        self._variants = self.g.iris_of([node for node, _, _ in batch], _T.kg.variantOf)
        try:
            for node, cls, its in batch:
                yield self.describe(node, cls, its)
        finally:
            self._batch, self._variants, self._parts = {}, {}, {}

    def text(self, node: str, predicate: URIRef) -> str:
        return min(self.g.literals(node, predicate), default="")

    def name(self, node: str) -> str:
        name = self._names.get(node)
        if name is None:
            name = self._names[node] = self._name(node)
        return name

    def _name(self, node: str) -> str:
        name = self.text(node, _T.rdfs.label) or self.text(node, _T.sdo.name)
        if name:
            return name
        if node in self._claims:
            return _quoted(self.text(node, _T.kg.quote))
        if node in self._meetings:
            return " \u00b7 ".join(self.meeting_parts(node))
        return "(unnamed)"  # never the IRI: the details panel shows it where it helps

    def short_name(self, person: str) -> str:
        """What an article calls a person for short: the shortest other name that is one word of the full name."""
        short = self._short.get(person)
        if short is None:
            name = self.name(person)
            words = name.split()
            mentions = self.g.iri_subjects(_T.kg.mentionOf, person)
            surfaces = self.g.literals_of(mentions, _T.kg.surface)
            said = Counter(min(texts) for texts in surfaces.values() if texts)
            aliases = self.g.literals(person, _T.skos.altLabel)
            # The one-word name the articles use most ("Ferreira" of "Ana Ferreira"), else the shortest.
            fits = sorted((a for a in aliases if " " not in a and a in words and len(words) > 1), key=lambda a: (-said[a], len(a), a))
            short = self._short[person] = fits[0] if fits else name
        return short

    def meeting_parts(self, node: str) -> tuple[str, ...]:
        """(participants, place, date) of a meeting's label; a call says so in place of a place."""
        parts = self._parts.get(node)
        if parts is None:
            parts = self._parts[node] = self._meeting_parts(node)
        return parts

    def _meeting_parts(self, node: str) -> tuple[str, ...]:
        people = [self.short_name(p) for p in sorted(  # in the order of their full names, as the details list them
            self.g.iris(node, _T.kg.participant), key=lambda p: (self.name(p), p))]
        who = " \u2013 ".join(people[:3]) + (f" +{len(people) - 3}" if len(people) > 3 else "") if people else "Meeting"
        where = _KINDS.get(self.text(node, _T.kg.kind), "") or self.names(self.g.iris(node, _T.kg.place))
        when = day_text(self.text(node, _T.kg.date))
        return tuple(x for x in (who, where, when) if x)

    def names(self, nodes: list[str]) -> str:
        """The names of `nodes`, sorted, joined by commas; past `most` names, the rest as 'and N more'."""
        names = sorted(self.name(n) for n in nodes)
        if self.most is None or len(names) <= self.most:
            return ", ".join(names)
        return ", ".join(names[: self.most]) + f" and {len(names) - self.most:,} more"

    def texts(self, node: str, predicate: URIRef) -> str:
        return ", ".join(sorted(self.g.literals(node, predicate) + self.g.iris(node, predicate)))

    def article_line(self, article: str) -> str:
        """Title, outlet, date and file of an article, as one line."""
        line = self._lines.get(article)
        if line is None:
            title = self.text(article, _T.kg.title) or self.text(article, _T.rdfs.label)
            parts = [title, *(self.text(article, p) for p in _ARTICLE_FIELDS)]
            line = self._lines[article] = " \u00b7 ".join(x for x in parts if x)
        return line

    def published(self, article: str) -> str:
        day = self._published.get(article)
        if day is None:
            day = self._published[article] = self.text(article, _T.kg.published)
        return day

    def sentence(self, sentence: str) -> str:
        text = self._sentences.get(sentence)
        if text is None:
            text = self._sentences[sentence] = self.text(sentence, _T.kg.text)
        return text

    def sources(self, spans: list[str]) -> tuple[list[list[str]], int]:
        """[article line, sentence] for each span, sorted, and how many more there are than `most` (listed are the first by article line).

        The article line says title, outlet, date, file.
        """
        articles = self.least_iris(spans, _T.prov.wasDerivedFrom)  # a span without an article is no source
        sentences = self.least_iris(list(articles), _T.kg.inSentence)
        found = {(article, sentences.get(span)) for span, article in articles.items()}
        listed = found
        if self.most is not None and len(found) > self.most:
            listed = sorted(found, key=lambda a_s: (self.article_line(a_s[0]), "" if a_s[1] is None else a_s[1]))[: self.most]
        said = {s for _, s in listed if s is not None}
        if self.most is None:
            texts = {s: self.sentence(s) for s in said}
        else:  # read at once and not kept: in a large graph few sentences are listed twice
            texts = {s: min(t) for s, t in self.g.literals_of(said, _T.kg.text).items() if t}
        rows = {(self.article_line(a), texts.get(s, "")) for a, s in listed}
        return [list(r) for r in sorted(rows)], len(found) - len(listed)

    def first_published(self, spans: list[str]) -> str:
        """The earliest publication day of the articles the spans are in, or ""."""
        days = [self.published(a) for a in self.least_iris(spans, _T.prov.wasDerivedFrom).values()]
        return min((d for d in days if d), default="")

    def describe(self, node: str, cls: URIRef, spans: list[str]) -> tuple[str, str, str, dict]:
        """Return the canvas label, the ISO day the node happened on (or ""), its name without the date, and the details; `spans` are its spans()."""
        g, name = self.g, self.name(node)
        rows = []
        for field, read, predicate in FIELDS[cls]:
            if read == "text":
                value = self.text(node, predicate)
            elif read == "texts":
                value = self.texts(node, predicate)
            elif read == "names":
                value = self.names(self.iris(node, predicate))
            elif read == "names of":
                value = self.names(g.iri_subjects(predicate, node))
            else:  # "links": IRIs outside the graph, as text
                value = ", ".join(sorted(g.iris(node, predicate)))
            if value:
                rows.append([field, value])
        rows.append(["IRI", node])
        day, what = "", name
        if cls == _T.kg.Claim:
            label, day = _quoted(self.text(node, _T.kg.quote), LABEL_MAX), self.first_published(spans)
        elif cls == _T.kg.Meeting:
            parts = self.meeting_parts(node)
            label, day = _lines(parts[0], " \u00b7 ".join(parts[1:])), self.text(node, _T.kg.date)
            what = " \u00b7 ".join(parts[:-1] if day else parts)
        elif cls == _T.kg.Agreement:
            parties = self.names(g.iris(node, _T.kg.party))
            label, day = _lines(name, parties), self.text(node, _T.kg.date)
            name = " \u00b7 ".join(x for x in (name, parties) if x)
        else:
            label = shorten(name, LABEL_MAX)
        sources, more = self.sources(spans)
        details = {"c": STYLES[cls].name, "n": name, "r": rows, "s": sources}
        if more:
            details["m"] = more  # sources not listed (see LIST_MAX)
        return label, day, what, details


def _lines(first: str, second: str) -> str:
    """A two-line canvas label, each line shortened: narrower than one long line, so fewer labels meet."""
    return "\n".join(shorten(x, LABEL_MAX) for x in (first, second) if x)


def day_text(iso: str) -> str:
    """'2025-10-31' as '31 Oct 2025'; anything else as it is."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _quoted(quote: str, limit: int = 200) -> str:
    return "\u201c" + shorten(quote, limit) + "\u201d"
