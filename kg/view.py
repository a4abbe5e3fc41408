"""RDF graph -> networkx -> one self-contained, offline HTML page drawn with pyvis (vis-network).

The page is pyvis 0.3.2's in-line template, post-processed: the Bootstrap links it adds in every mode
are removed, and a side panel (legend with class filter, search box, details) is added, all filled by
our own small script through textContent, so no text from an article is ever parsed as HTML.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
from pyvis.network import Network
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO, SKOS
from rdflib.term import Node

from kg.files import write_atomic
from kg.triples import TripleIndex
from kg.vocab import KG

SEED = 7  # one fixed seed: the same graph gives the same layout, byte for byte
SPACING = 110.0  # canvas pixels per node, roughly, between neighbours
BIG_COMPONENT = 500  # networkx's spring_layout needs SciPy from this size on; ours does not
FAR_SIDE = 16  # up to 16 x 16 cells (about 10,000 nodes), every cell of a big layout pushes every node
TOP_SIDE = 8  # with more, cells are merged until this many a side are left at the top (see _far_cells)
BLOCK = 1 << 17  # numbers in each work array of the big layout: a few such arrays stay in the CPU's cache
WIDEN = 1.6  # labels are wider than tall: stretch layouts sideways so neighbours' labels do not meet
LABEL_MAX = 30  # characters of a name or quote shown on the canvas; the details panel has the rest
CHAR_WIDTH = 7.5  # canvas pixels per label character at font size 14, roughly


@dataclass(frozen=True)
class _Style:
    name: str
    color: str
    shape: str  # a vis-network shape with its label below it, except "box"


# One colour (Okabe-Ito and friends: distinguishable with colour blindness) and shape per class.
STYLES: dict[URIRef, _Style] = {
    KG.Person: _Style("Person", "#0072B2", "dot"),
    KG.Country: _Style("Country", "#D55E00", "diamond"),
    KG.Meeting: _Style("Meeting", "#009E73", "square"),
    KG.Agreement: _Style("Agreement", "#CC79A7", "star"),
    KG.Claim: _Style("Claim", "#E69F00", "triangle"),
    KG.Place: _Style("Place", "#56B4E9", "triangleDown"),
    KG.Organization: _Style("Organization", "#6B4C9A", "hexagon"),
}

# Relations drawn as edges: predicate -> (label, drawn from object to subject).
# A claim is drawn from its speaker ("said"), the way a reader says it.
SYMMETRIC = {KG.variantOf}  # stated both ways in the graph; drawn once
RELATIONS: dict[URIRef, tuple[str, bool]] = {
    KG.participant: ("participant", False),
    KG.party: ("party", False),
    KG.signatory: ("signatory", False),
    KG.speaker: ("said", True),
    KG.about: ("about", False),
    KG.locatedIn: ("located in", False),
    KG.represents: ("represents", False),
    KG.place: ("held in", False),
    KG.basedIn: ("based in", False),
    KG.variantOf: ("variant of", False),
}

_SVG = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"/>',
    "triangle": '<polygon points="8,1 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
    "hexagon": '<polygon points="4,2 12,2 15,8 12,14 4,14 1,8"/>',
    "box": '<rect x="1" y="4" width="14" height="8" rx="2"/>',
}


def write_view(graph: Graph | TripleIndex, out: Path) -> None:
    """Write the interactive view of `graph` (an rdflib Graph, or an index of kg build's triples) to `out`, one offline HTML file."""
    write_atomic(out, _render(_to_networkx(graph)).encode("utf-8"))


def write_view_file(graph_path: Path, out: Path) -> str:
    """Read a graph file, write its view to `out`, and return a one-line summary."""
    network = _to_networkx(_load(graph_path))
    write_atomic(out, _render(network, title=graph_path.name).encode("utf-8"))
    return f"wrote {out}: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges"


def _load(path: Path) -> Graph:
    """Parse a graph file; kg.query names the file and the fix when it cannot."""
    from kg.query import load_graph

    return load_graph(path)


# ---- RDF -> networkx ---------------------------------------------------------------------------

# The terms the reader asks for, looked up once: each KG.x builds a new URIRef, and a dictionary finds
# the very object it was keyed with much faster than an equal one (rdflib compares terms in Python).
_TYPE, _LABEL, _NAME, _ALT_LABEL, _DERIVED_FROM = RDF.type, RDFS.label, SDO.name, SKOS.altLabel, PROV.wasDerivedFrom
_CLAIM, _MEETING, _QUOTE, _KIND, _DATE, _DATE_TEXT = KG.Claim, KG.Meeting, KG.quote, KG.kind, KG.date, KG.dateText
_MENTION_OF, _IN_SENTENCE, _TEXT, _TITLE = KG.mentionOf, KG.inSentence, KG.text, KG.title
_ARTICLE_FIELDS = (KG.publisher, KG.published, KG.fileName)  # shown after the title, in this order

# The rows of the details panel per class, in order: (field, what is read, predicate). "text" is the
# least literal, "texts" all literals, "names" the names of the nodes pointed to, "names of" the names
# of the nodes pointing here, "count of" how many point here. Rows without a value are left out.
_ALSO_CALLED = ("Also called", "texts", _ALT_LABEL)
FIELDS: dict[URIRef, tuple[tuple[str, str, URIRef], ...]] = {
    KG.Claim: (("Quote", "text", _QUOTE), ("Speaker", "names", KG.speaker), ("About", "names", KG.about),
               ("Variant of", "names", KG.variantOf)),
    KG.Meeting: (("Kind", "text", _KIND), ("Date", "text", _DATE), ("Date as written", "text", _DATE_TEXT),
                 ("Place", "names", KG.place), ("Occasion", "text", KG.occasion), ("Participants", "names", KG.participant)),
    KG.Agreement: (("Parties", "names", KG.party), ("Signatories", "names", KG.signatory),
                   ("Duration", "text", KG.duration), ("Date", "text", _DATE)),
    KG.Person: (("Roles", "texts", KG.role), ("Country", "names", KG.represents), _ALSO_CALLED),
    KG.Country: (("ISO code", "text", KG.isoCode), ("People", "names of", KG.represents), _ALSO_CALLED),
    KG.Place: (("Country", "names", KG.locatedIn), _ALSO_CALLED),
    KG.Organization: (("Country", "names", KG.basedIn), _ALSO_CALLED),
}
# Where the sources of a node are: the spans an event lists; for an entity, the mentions of it.
EVENT_SPANS: dict[URIRef, URIRef] = {KG.Claim: KG.appearance, KG.Meeting: KG.evidence, KG.Agreement: KG.evidence}


def _to_networkx(graph: Graph | TripleIndex) -> nx.DiGraph:
    """Entities and facts as nodes (attributes: iri, cls, label, details), relations as labelled edges.

    Nodes are added in sorted IRI order and edges in sorted order, so the result does not depend on
    the order rdflib returns triples in.
    """
    index = _index(graph)
    classes: dict[URIRef, URIRef] = {}
    for cls in STYLES:  # STYLES order decides a node typed with two of our classes
        for node in index.subjects(_TYPE, cls):
            if isinstance(node, URIRef):
                classes.setdefault(node, cls)
    reader = _Reader(index)
    network = nx.DiGraph()
    rows = []
    for iri, node in sorted((str(node), node) for node in classes):  # as the IRIs sort: rdflib orders URIRefs by their text
        cls = classes[node]
        label, details = reader.describe(node, cls)
        rows.append((iri, {"iri": iri, "cls": STYLES[cls].name, "label": label, "details": details}))
    network.add_nodes_from(rows)
    drawn = {iri for iri, _ in rows}
    edges: dict[tuple[str, str], set[str]] = {}
    for predicate, (label, reverse) in RELATIONS.items():
        symmetric = predicate in SYMMETRIC
        for s, o in index.subject_objects(predicate):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            s, o = str(s), str(o)  # compared as text: rdflib compares its terms in Python, slowly
            if s in drawn and o in drawn and s != o:
                key = (o, s) if reverse else (s, o)
                if symmetric:
                    key = tuple(sorted(key))
                edges.setdefault(key, set()).add(label)
    network.add_edges_from((s, o, {"label": ", ".join(sorted(labels))}) for (s, o), labels in sorted(edges.items()))
    return network


def _index(graph: Graph | TripleIndex) -> TripleIndex:
    """The triples of `graph` (of all its graphs, for a dataset) in a TripleIndex, which answers the reader's many small questions fast."""
    if isinstance(graph, TripleIndex):
        return graph
    if graph.context_aware and not getattr(graph, "default_union", False):  # draw the union of its graphs
        return TripleIndex({(s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))})
    return TripleIndex(set(graph.triples((None, None, None))))


class _Reader:
    """Reads what the view shows of one node: its label and the rows and sources of its details.

    Names, article lines and sentence texts are each read once and kept: a person is named in every
    meeting and claim it is in, and an article or sentence is the source of many spans.
    """

    def __init__(self, index: TripleIndex) -> None:
        self.g = index
        self._claims, self._meetings = set(index.subjects(_TYPE, _CLAIM)), set(index.subjects(_TYPE, _MEETING))
        self._names: dict[str, str] = {}  # by IRI text: found faster than by an rdflib term equal to the key
        self._lines: dict[Node, str] = {}
        self._sentences: dict[Node, str] = {}

    def text(self, node: Node, predicate: URIRef) -> str:
        return min((str(v) for v in self.g.objects(node, predicate) if isinstance(v, Literal)), default="")

    def name(self, node: URIRef) -> str:
        iri = str(node)
        name = self._names.get(iri)
        if name is None:
            name = self._names[iri] = self._name(node)
        return name

    def _name(self, node: URIRef) -> str:
        name = self.text(node, _LABEL) or self.text(node, _NAME)
        if name:
            return name
        if node in self._claims:
            return _quoted(self.text(node, _QUOTE))
        if node in self._meetings:
            return self.meeting_name(node)
        return "(unnamed)"  # never the IRI: the details panel shows it where it helps

    def meeting_name(self, node: URIRef) -> str:
        kind = self.text(node, _KIND) or "meeting"
        kind = {"in-person": "meeting", "video-call": "video call"}.get(kind, kind)
        when = self.text(node, _DATE) or self.text(node, _DATE_TEXT)
        return f"{kind.capitalize()} {when}".strip()

    def names(self, nodes: Iterator[Node]) -> str:
        return ", ".join(sorted(self.name(n) for n in nodes if isinstance(n, URIRef)))

    def texts(self, node: URIRef, predicate: URIRef) -> str:
        return ", ".join(sorted(str(v) for v in self.g.objects(node, predicate)))

    def article_line(self, article: Node) -> str:
        """Title, outlet, date and file of an article, as one line."""
        line = self._lines.get(article)
        if line is None:
            title = self.text(article, _TITLE) or self.text(article, _LABEL)
            parts = [title, *(self.text(article, p) for p in _ARTICLE_FIELDS)]
            line = self._lines[article] = " \u00b7 ".join(x for x in parts if x)
        return line

    def sentence(self, sentence: Node) -> str:
        text = self._sentences.get(sentence)
        if text is None:
            text = self._sentences[sentence] = self.text(sentence, _TEXT)
        return text

    def sources(self, spans: Iterator[Node]) -> list[list[str]]:
        """[article line, sentence] for each span, sorted; the article line says title, outlet, date, file."""
        rows = set()
        for span in spans:
            article = self.g.value(span, _DERIVED_FROM)
            if article is None:
                continue
            sentence = self.g.value(span, _IN_SENTENCE)
            rows.add((self.article_line(article), self.sentence(sentence) if sentence is not None else ""))
        return [list(r) for r in sorted(rows)]

    def describe(self, node: URIRef, cls: URIRef) -> tuple[str, dict]:
        """Return the canvas label and the details: {"c": class, "n": name, "r": [[field, value]], "s": sources}."""
        g, name = self.g, self.name(node)
        rows = []
        for field, read, predicate in FIELDS[cls]:
            if read == "text":
                value = self.text(node, predicate)
            elif read == "texts":
                value = self.texts(node, predicate)
            elif read == "names":
                value = self.names(g.objects(node, predicate))
            elif read == "names of":
                value = self.names(g.subjects(predicate, node))
            else:  # "count of"
                value = str(len(set(g.subjects(predicate, node))))
            if value:
                rows.append([field, value])
        rows.append(["IRI", str(node)])
        spans = g.objects(node, EVENT_SPANS[cls]) if cls in EVENT_SPANS else g.subjects(_MENTION_OF, node)
        details = {"c": STYLES[cls].name, "n": name, "r": rows, "s": self.sources(spans)}
        label = _quoted(self.text(node, _QUOTE), LABEL_MAX) if cls == _CLAIM else _shorten(name, LABEL_MAX)
        return label, details


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _quoted(quote: str, limit: int = 200) -> str:
    return "\u201c" + _shorten(quote, limit) + "\u201d"


# ---- layout -------------------------------------------------------------------------------------


def _layout(network: nx.DiGraph) -> dict[str, tuple[int, int]]:
    """Positions in canvas pixels: each connected component laid out alone, then packed in rows, largest first."""
    names = sorted(network)
    number = {name: i for i, name in enumerate(names)}  # nodes by number, in IRI order
    pairs = sorted({(min(a, b), max(a, b)) for a, b in ((number[s], number[o]) for s, o in network.edges) if a != b})
    undirected = nx.Graph()
    undirected.add_nodes_from(range(len(names)))
    undirected.add_edges_from(pairs)
    components = sorted((sorted(c) for c in nx.connected_components(undirected)), key=lambda c: (-len(c), c[0]))
    component = np.empty(len(names), dtype=np.int64)
    rank = np.empty(len(names), dtype=np.int64)  # a node's place in its component
    for i, nodes in enumerate(components):
        component[nodes] = i
        rank[nodes] = np.arange(len(nodes))
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    by_component = np.argsort(component[ends[:, 0]], kind="stable")  # each component's edges stay sorted
    edge_starts = np.searchsorted(component[ends[by_component, 0]], np.arange(len(components) + 1))
    half_width = np.array([max(SPACING, CHAR_WIDTH * len(network.nodes[v]["label"]) + 16) / 2 for v in names])
    boxes = []
    for i, nodes in enumerate(components):
        edges = rank[ends[by_component[edge_starts[i]:edge_starts[i + 1]]]]
        pos = _component_layout(len(nodes), edges)
        # A box holds the labels too, which hang out sideways from their nodes.
        half = half_width[nodes]
        left = float((pos[:, 0] - half).min())
        right = float((pos[:, 0] + half).max())
        top, bottom = float(pos[:, 1].min()), float(pos[:, 1].max())
        boxes.append((nodes, pos, left, top, right - left, bottom - top + SPACING))
    # Shelf packing: fill rows up to the width of a square holding all the boxes (or the widest box).
    row_width = max(math.sqrt(sum(b[4] * b[5] for b in boxes)), max((b[4] for b in boxes), default=0))
    placed: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for nodes, pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        xs = np.rint(x + pos[:, 0] - x0).astype(np.int64).tolist()
        ys = np.rint(y + pos[:, 1] - y0).astype(np.int64).tolist()
        placed.update(zip((names[v] for v in nodes), zip(xs, ys)))
        x, row_height = x + w, max(row_height, h)
    return placed


def _component_layout(n: int, edges: np.ndarray) -> np.ndarray:
    """Positions of one component's nodes 0..n-1, joined by `edges` (pairs, the smaller first, sorted), in pixels."""
    if n == 1:
        return np.zeros((1, 2))
    if n < BIG_COMPONENT:
        ordered = nx.Graph()
        ordered.add_nodes_from(range(n))
        ordered.add_edges_from(edges.tolist())
        # A longer ideal edge than networkx's default (1/sqrt(n)) leaves room for the labels.
        raw = nx.spring_layout(ordered, k=2.0 / math.sqrt(n), seed=SEED, iterations=200 if n <= 100 else 50)
        pos = np.array([raw[v] for v in range(n)], dtype=float)
    else:
        pos = _grid_force_layout(n, edges)
    pos -= pos.mean(axis=0)
    radius = float(np.abs(pos).max()) or 1.0
    pos *= SPACING * math.sqrt(n) * 0.7 / radius
    if n < BIG_COMPONENT:
        pos = _spread(pos)
    pos[:, 0] *= WIDEN
    return pos


def _spread(pos: np.ndarray, gap: float = SPACING * 0.75, rounds: int = 50) -> np.ndarray:
    """Push apart nodes closer than `gap` pixels, so shapes and labels do not sit on each other."""
    pos = pos.copy()
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        close = dist < gap
        if not close.any():
            break
        # Each close pair moves apart by half the overlap each; equal points part along a fixed direction.
        safe = np.where(dist == 0, 1.0, dist)
        unit = np.where((dist == 0)[:, :, None], np.array([1.0, 0.0]), delta / safe[:, :, None])
        push = np.where(close, (gap - np.minimum(dist, gap)) / 2, 0.0)
        pos += np.einsum("ijk,ij->ik", unit, push) / np.maximum(close.sum(axis=1), 1)[:, None] * 1.0
    return pos


def _grid_force_layout(n: int, edges: np.ndarray, iterations: int = 60) -> np.ndarray:
    """Fruchterman-Reingold for large components in about O(n log n) per step instead of O(n^2).

    Nodes are binned into cells of equal count (strips by x, then by y within a strip). Nodes within
    a cell repel exactly; other cells repel through their centroids, weighted by their count. With
    up to FAR_SIDE x FAR_SIDE cells, every other cell pushes each node. With more, as in a
    Barnes-Hut tree, cells are merged 2 x 2 level by level until TOP_SIDE x TOP_SIDE are left, and
    a node is pushed by the coarsest cells that are not next to its own (see _far_cells): about a
    hundred centroids per node, not a thousand. Attraction runs along the edges.
    """
    rng = np.random.default_rng(SEED)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    side = max(2, int(math.sqrt(n) / 6))  # about 36 nodes a cell: few centroids, small exact blocks
    cells = side * side
    per_cell = -(-n // cells)  # ceil
    levels, keep_top, stand_ins = _far_cells(side)
    sides = [((side - 1) >> level) + 1 for level in range(levels + 1)]  # cells a side, level by level
    temperature = 0.1
    cool = temperature / (iterations + 1)
    u, v = edges[:, 0], edges[:, 1]
    everyone = np.arange(n)
    ends = np.concatenate([everyone, u, v])
    # Work arrays for a block of cells at a time, allocated once: fresh multi-megabyte temporaries
    # each step cost more than the arithmetic done in them.
    widest = max(sides[-1] ** 2, stand_ins.shape[1], per_cell)
    block = max(1, BLOCK // (per_cell * widest))
    scratch = np.empty((4, block * per_cell * widest))
    for _ in range(iterations):
        strip = np.empty(n, dtype=np.int64)
        strip[np.argsort(pos[:, 0], kind="stable")] = everyone * side // n
        order = np.lexsort((pos[:, 1], strip))  # by strip, then by y
        strip_start = np.searchsorted(strip[order], np.arange(side))
        strip_size = np.diff(np.append(strip_start, n))
        rank = everyone - strip_start[strip[order]]
        cell_of_sorted = strip[order] * side + rank * side // strip_size[strip[order]]
        cell = np.empty(n, dtype=np.int64)
        cell[order] = cell_of_sorted
        a, b = np.divmod(cell, side)
        masses, centroids = [], []
        for level, s in enumerate(sides):
            c = (a >> level) * s + (b >> level) if level else cell
            mass = np.bincount(c, minlength=s * s).astype(float)
            sums = np.stack([np.bincount(c, weights=pos[:, d], minlength=s * s) for d in (0, 1)], axis=1)
            masses.append((k * k) * mass)
            centroids.append(sums / np.maximum(mass, 1)[:, None])
        lower_mass = np.concatenate(masses[:-1] + [np.zeros(1)])  # the last one stands for nothing
        lower = np.concatenate(centroids[:-1] + [np.zeros((1, 2))])
        # The nodes on a padded (cells, per_cell) table: a cell's nodes share what pushes them.
        cell_start = np.searchsorted(cell_of_sorted, np.arange(cells))
        slot = np.full((cells, per_cell), -1, dtype=np.int64)
        slot[cell_of_sorted, everyone - cell_start[cell_of_sorted]] = order
        present = slot >= 0
        p = pos[np.where(present, slot, 0)]
        px, py = p[:, :, 0], p[:, :, 1]
        fx, fy = np.zeros((cells, per_cell)), np.zeros((cells, per_cell))
        for lo in range(0, cells, block):
            part = slice(lo, lo + block)
            x, y, out = px[part, :, None], py[part, :, None], (fx[part], fy[part])
            _push(x, y, centroids[-1][:, 0], centroids[-1][:, 1], masses[-1] * keep_top[part, None, :], scratch, out)
            if levels:
                ids = stand_ins[part, None, :]
                _push(x, y, lower[ids, 0], lower[ids, 1], lower_mass[ids], scratch, out)
            _push_inside(px[part], py[part], present[part], k * k, scratch, out)
        xs, ys = pos[:, 0].copy(), pos[:, 1].copy()
        ex, ey = xs[u] - xs[v], ys[u] - ys[v]
        stretch = np.sqrt(ex * ex + ey * ey) / k
        # Per node: repulsion, then the pulls of its edges in edge order, summed in one pass.
        nodes = slot[present]
        disp = np.empty((n, 2))
        for j, (f, e) in enumerate(((fx, ex), (fy, ey))):
            repulsion = np.empty(n)
            repulsion[nodes] = f[present]
            pull = e * stretch
            disp[:, j] = np.bincount(ends, weights=np.concatenate([repulsion, -pull, pull]), minlength=n)
        length = np.maximum(np.sqrt(disp[:, 0] * disp[:, 0] + disp[:, 1] * disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cool
    return pos


def _push(x, y, cx, cy, weight, scratch: np.ndarray, out: tuple[np.ndarray, np.ndarray]) -> None:
    """Add to `out` the repulsion on the points (x, y), shaped (cells, m, 1), from weighted centroids (cx, cy), shaped (..., q)."""
    shape = np.broadcast_shapes(x.shape, np.shape(cx))
    dx, dy, d2, tmp = (a[: math.prod(shape)].reshape(shape) for a in scratch)
    np.subtract(x, cx, out=dx)
    np.subtract(y, cy, out=dy)
    np.multiply(dx, dx, out=d2)
    d2 += np.multiply(dy, dy, out=tmp)
    np.maximum(d2, 1e-6, out=d2)
    force = np.divide(weight, d2, out=d2)
    dx *= force
    dy *= force
    out_x, out_y = out
    out_x += dx.sum(axis=-1)
    out_y += dy.sum(axis=-1)


def _push_inside(x, y, present: np.ndarray, weight: float, scratch: np.ndarray, out: tuple[np.ndarray, np.ndarray]) -> None:
    """Add to `out` the repulsion between the nodes of each cell, exactly; (x, y) and `present` are shaped (cells, m)."""
    # Shaped (other node, cell, node): numpy sums over a leading axis slice by slice, fast, and in a fixed order.
    shape = (x.shape[1], *x.shape)
    dx, dy, d2, tmp = (a[: math.prod(shape)].reshape(shape) for a in scratch)
    np.subtract(x[None, :, :], x.T[:, :, None], out=dx)
    np.subtract(y[None, :, :], y.T[:, :, None], out=dy)
    np.multiply(dx, dx, out=d2)
    d2 += np.multiply(dy, dy, out=tmp)
    np.maximum(d2, 1e-6, out=d2)
    force = np.divide(weight, d2, out=d2)
    force *= present.T[:, :, None] & present[None, :, :]
    dx *= force
    dy *= force
    out_x, out_y = out
    out_x += dx.sum(axis=0)
    out_y += dy.sum(axis=0)


def _far_cells(side: int) -> tuple[int, np.ndarray, np.ndarray]:
    """What pushes the nodes of each of the side x side cells from afar: (levels, keep_top, stand_ins).

    Level l merges 2^l x 2^l cells; `levels` is the top one: 0 up to FAR_SIDE cells a side, else
    the first with at most TOP_SIDE. keep_top, (cells, top cells), is 1.0 for the top-level cells
    that push a cell's nodes from their centroids, 0.0 for the one holding it and (above level 0)
    those next to that. stand_ins, (cells, 36 * levels), lists the lower-level cells that push from
    theirs, numbered level 0's first, then level 1's..., and one more, empty number for none: at
    level l, the children of the cells next to its own at level l + 1 that are not next to its
    own at level l (at level 0, all but itself). These are a fast multipole method's interaction
    lists: every other node is counted once, from afar through a coarse cell, near through a fine one.
    """
    levels = 0 if side <= FAR_SIDE else next(lv for lv in range(1, 64) if ((side - 1) >> lv) + 1 <= TOP_SIDE)
    cells = side * side
    a, b = np.divmod(np.arange(cells), side)
    top = ((side - 1) >> levels) + 1
    ta, tb = np.divmod(np.arange(top * top), top)
    reach = 1 if levels else 0
    near = (np.abs(ta[None, :] - (a >> levels)[:, None]) <= reach) & (np.abs(tb[None, :] - (b >> levels)[:, None]) <= reach)
    keep_top = np.where(near, 0.0, 1.0)
    blocks, offset = [], 0
    empty = sum((((side - 1) >> level) + 1) ** 2 for level in range(levels))
    six = np.arange(-2, 4)
    for level in range(levels):
        s = ((side - 1) >> level) + 1
        own_a, own_b = a >> level, b >> level
        xa = np.broadcast_to((own_a >> 1 << 1)[:, None, None] + six[None, :, None], (cells, 6, 6))
        xb = np.broadcast_to((own_b >> 1 << 1)[:, None, None] + six[None, None, :], (cells, 6, 6))
        reach = 1 if level else 0
        near = (np.abs(xa - own_a[:, None, None]) <= reach) & (np.abs(xb - own_b[:, None, None]) <= reach)
        real = (xa >= 0) & (xa < s) & (xb >= 0) & (xb < s)
        blocks.append(np.where(real & ~near, offset + xa * s + xb, empty).reshape(cells, 36))
        offset += s * s
    return levels, keep_top, np.concatenate(blocks, axis=1) if blocks else np.empty((cells, 0), dtype=np.int64)


# ---- networkx -> HTML ---------------------------------------------------------------------------


# Per-shape label fonts: white on the coloured box; quotes smaller and grey, so names stand out.
_FONTS = {
    "box": {"font": {"color": "#ffffff", "strokeWidth": 0}},
    "triangle": {"font": {"size": 12, "color": "#555555"}},
}

_OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "hideEdgesOnDrag": True, "tooltipDelay": 100, "multiselect": True},
    "nodes": {
        "borderWidth": 1,
        "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#222", "strokeWidth": 4, "strokeColor": "#ffffff"},
        # Labels fade out when zoomed out far enough to make them a smudge (size x zoom < threshold).
        "scaling": {"label": {"drawThreshold": 6}},
    },
    "edges": {
        "smooth": False,
        "width": 1,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
        "color": {"color": "#b8b8b8", "highlight": "#333333", "hover": "#555555"},
        "font": {"size": 10, "color": "#666666", "face": "system-ui, sans-serif", "strokeWidth": 3, "align": "middle"},
        # Relation names show from 70 % zoom on: below that they only cover the nodes.
        "scaling": {"label": {"drawThreshold": 8}},
    },
}


def _render(network: nx.DiGraph, title: str = "Knowledge graph") -> str:
    """Draw `network` as one offline HTML page; same network, same bytes."""
    order = sorted(network)
    ids = {node: i for i, node in enumerate(order)}
    positions = _layout(network)
    degree = dict(network.degree())
    top = max(degree.values(), default=1) or 1
    by_name = {s.name: s for s in STYLES.values()}
    nodes = []
    for node in order:
        attrs = network.nodes[node]
        style = by_name[attrs["cls"]]
        x, y = positions[node]
        nodes.append({
            "id": ids[node], "label": attrs["label"], "cls": style.name, "shape": style.shape,
            "color": style.color, "x": x, "y": y, "physics": False,
            "size": round(10 + 16 * math.sqrt(degree[node] / top), 1),
            **_FONTS.get(style.shape, {}),
        })
    edges = [{"from": ids[s], "to": ids[o], "label": attrs["label"]} for s, o, attrs in sorted(network.edges(data=True))]
    details = {ids[node]: network.nodes[node]["details"] for node in network}
    counts = Counter(network.nodes[n]["cls"] for n in network)
    # pyvis draws its template without our nodes and edges: the page is checked and edited while it
    # is a few hundred kB, not tens of MB, and the data goes in last, written as the template would.
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    net.set_options(json.dumps(_OPTIONS))
    page = _finish(net.generate_html(), title, counts, network.number_of_edges())
    tojson = net.templateEnv.from_string("{{ data|tojson }}")  # the template's own filter writes our data
    pieces = []
    for name, data in (("nodes", nodes), ("edges", edges)):
        before, found, page = page.partition(f"{name} = new vis.DataSet([]);")
        if not found:
            raise RuntimeError(f"pyvis' template changed: no place for the {name} in the page")
        pieces += [before, f"{name} = new vis.DataSet(", tojson.render(data=data), ");"]
    before, found, page = page.partition(_DATA)
    data = json.dumps({"details": details}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return "".join([*pieces, before, _DATA, data, page])


_BOOTSTRAP = re.compile(
    r'\s*<link\s[^>]*href="https://cdn\.jsdelivr\.net/npm/bootstrap@[^"]*"[^>]*/>'
    r'|\s*<script\s[^>]*src="https://cdn\.jsdelivr\.net/npm/bootstrap@[^"]*"[^>]*>\s*</script>'
)
_EMPTY_HEADING = re.compile(r"\s*<center>\s*<h1>\s*</h1>\s*</center>")
_EXTERNAL = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
# Defence in depth: even if some text slipped through unescaped, the page may fetch nothing.
_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
_DATA = '<script type="application/json" id="kg-data">'  # our data goes right after this


def _finish(page: str, title: str, counts: Counter, n_edges: int) -> str:
    """Strip pyvis' CDN links and empty headings; add the side panel, the element for our data and our script."""
    page, removed = _BOOTSTRAP.subn("", page)
    page = _EMPTY_HEADING.sub("", page)
    if removed != 2 or _EXTERNAL.search(page):
        raise RuntimeError("pyvis' template changed: the page would load something from the network")
    head = (
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{html.escape(title)} \u2014 kg</title>\n"
    )
    page = "<!DOCTYPE html>\n" + page.replace("<html>", '<html lang="en">', 1)
    page = page.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + head, 1)
    page = page.replace("</head>", f"<style>{_CSS}</style>\n</head>", 1)
    page = page.replace("<body>", "<body>\n" + _panel(title, counts, n_edges), 1)
    return page.replace("</body>", f"{_DATA}</script>\n<script>{_JS}</script>\n</body>", 1)


def _panel(title: str, counts: Counter, n_edges: int) -> str:
    rows = []
    for style in STYLES.values():
        n = counts.get(style.name, 0)
        icon = f'<svg width="16" height="16" viewBox="0 0 16 16" fill="{style.color}" aria-hidden="true">{_SVG[style.shape]}</svg>'
        disabled = "" if n else " disabled"
        rows.append(
            f'<li><label><input type="checkbox" class="kg-filter" data-cls="{style.name}" checked{disabled}>'
            f'{icon}<span class="kg-name">{style.name}</span><span class="kg-count">{n}</span></label></li>'
        )
    total = sum(counts.values())
    return (
        '<aside id="kg-panel">\n'
        f'<h1>{html.escape(title)}</h1>\n'
        f'<p class="kg-summary">{total} nodes, {n_edges} relations. Scroll to zoom (relations are named '
        'from 70 %), drag to move, click a node to keep its details.</p>\n'
        '<input id="kg-search" type="search" placeholder="Search names and quotes\u2026" autocomplete="off" aria-label="Search">\n'
        '<p id="kg-search-status" class="kg-hint"></p>\n'
        '<fieldset id="kg-legend"><legend>Show classes</legend><ul>\n' + "\n".join(rows) + "\n</ul></fieldset>\n"
        '<section id="kg-details" aria-live="polite"><p class="kg-hint">Hover or click a node to see its details.</p></section>\n'
        "</aside>\n"
    )


_CSS = """
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #222; }
#kg-panel { position: fixed; top: 0; left: 0; bottom: 0; width: 320px; box-sizing: border-box; padding: 12px 14px;
  overflow-y: auto; background: #fafafa; border-right: 1px solid #ddd; z-index: 2; }
#kg-panel h1 { font-size: 17px; margin: 0 0 2px; overflow-wrap: anywhere; }
#kg-panel h2 { font-size: 15px; margin: 4px 0 8px; overflow-wrap: anywhere; }
#kg-panel h3 { font-size: 13px; margin: 12px 0 4px; }
.kg-summary, .kg-hint { color: #666; margin: 0 0 8px; font-size: 12px; }
#kg-search { width: 100%; box-sizing: border-box; padding: 6px 8px; font: inherit; border: 1px solid #bbb; border-radius: 4px; }
#kg-legend { border: 1px solid #ddd; border-radius: 4px; margin: 4px 0 12px; padding: 4px 8px; }
#kg-legend legend { font-size: 12px; color: #666; padding: 0 4px; }
#kg-legend ul { list-style: none; margin: 0; padding: 0; }
#kg-legend label { display: flex; align-items: center; gap: 6px; padding: 2px 0; cursor: pointer; }
#kg-legend .kg-name { flex: 1; }
#kg-legend .kg-count { color: #666; font-variant-numeric: tabular-nums; }
#kg-legend input:disabled ~ span { color: #aaa; }
.kg-class { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: #666; }
#kg-details dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; }
#kg-details dt { color: #666; font-size: 12px; }
#kg-details dd { margin: 0; overflow-wrap: anywhere; white-space: pre-wrap; }
#kg-details ol { margin: 0; padding-left: 18px; }
#kg-details li { margin-bottom: 6px; }
#kg-details .kg-src { font-size: 12px; color: #555; overflow-wrap: anywhere; }
#kg-details blockquote { margin: 2px 0 0; padding-left: 6px; border-left: 3px solid #ddd; white-space: pre-wrap; overflow-wrap: anywhere; }
.card { border: 0; }
#mynetwork { position: fixed !important; top: 0; left: 320px; right: 0; bottom: 0; width: auto !important;
  height: auto !important; float: none !important; border: 0 !important; background: #ffffff; }
"""

# Our script: details, class filter and search. Article text only ever reaches the page through
# textContent; vis draws labels on a canvas, and no node has a title, so vis shows no HTML popup.
_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var panel = document.getElementById("kg-details");
  var pinned = null;
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function show(id) {
    var d = id === null ? undefined : DATA.details[id];
    panel.replaceChildren();
    if (!d) { panel.appendChild(el("p", "Hover or click a node to see its details.", "kg-hint")); return; }
    panel.appendChild(el("div", d.c, "kg-class"));
    panel.appendChild(el("h2", d.n));
    var dl = el("dl");
    d.r.forEach(function (row) { dl.appendChild(el("dt", row[0])); dl.appendChild(el("dd", row[1])); });
    panel.appendChild(dl);
    if (d.s.length) {
      panel.appendChild(el("h3", "Sources (" + d.s.length + ")"));
      var ol = el("ol");
      d.s.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("div", s[0], "kg-src"));
        if (s[1]) li.appendChild(el("blockquote", s[1]));
        ol.appendChild(li);
      });
      panel.appendChild(ol);
    }
  }
  network.on("hoverNode", function (p) { if (pinned === null) show(p.node); });
  network.on("blurNode", function () { if (pinned === null) show(null); });
  network.on("click", function (p) { pinned = p.nodes.length ? p.nodes[0] : null; show(pinned); });

  document.querySelectorAll("#kg-legend .kg-filter").forEach(function (box) {
    box.addEventListener("change", function () {
      var changes = nodes.get({ filter: function (n) { return n.cls === box.dataset.cls; } })
        .map(function (n) { return { id: n.id, hidden: !box.checked }; });
      nodes.update(changes);
    });
  });

  var search = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  var matches = [];
  function find() {
    var q = search.value.trim().toLowerCase();
    matches = q.length < 2 ? [] : nodes.getIds({ filter: function (n) {
      var d = DATA.details[n.id];
      return !n.hidden && ((d && d.n.toLowerCase().indexOf(q) >= 0) || String(n.label).toLowerCase().indexOf(q) >= 0);
    } });
    network.selectNodes(matches);
    status.textContent = q.length < 2 ? "" : matches.length + (matches.length === 1 ? " match" : " matches") +
      (matches.length ? " \u2014 press Enter to zoom to them" : "");
  }
  search.addEventListener("input", find);
  search.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || !matches.length) return;
    network.fit({ nodes: matches, animation: false });
    if (matches.length === 1) { pinned = matches[0]; show(pinned); }
  });

  // vis may have drawn once already, inside drawGraph(): ask for a frame we are sure to see.
  network.once("afterDrawing", function () {
    window.kgReady = true;
    window.kgReadyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  });
  network.redraw();
})();
"""
