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
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
from pyvis.network import Network
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO, SKOS

from kg.files import write_atomic
from kg.triples import TripleIndex
from kg.vocab import KG

SEED = 7  # one fixed seed: the same graph gives the same layout, byte for byte
SPACING = 110.0  # canvas pixels per node, roughly, between neighbours
BIG_COMPONENT = 500  # networkx's spring_layout needs SciPy from this size on; ours does not
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
    KG.Topic: _Style("Topic", "#8C8C3A", "box"),
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


def _to_networkx(graph: Graph | TripleIndex) -> nx.DiGraph:
    """Entities and facts as nodes (attributes: iri, cls, label, details), relations as labelled edges.

    Nodes are added in sorted IRI order and edges in sorted order, so the result does not depend on
    the order rdflib returns triples in.
    """
    if graph.context_aware and not getattr(graph, "default_union", False):  # draw the union of its graphs
        union = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        graph = union
    classes: dict[URIRef, URIRef] = {}
    for cls in STYLES:  # STYLES order decides a node typed with two of our classes
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef):
                classes.setdefault(node, cls)
    reader = _Reader(graph)
    network = nx.DiGraph()
    for node in sorted(classes):
        cls = classes[node]
        label, details = reader.describe(node, cls)
        network.add_node(str(node), iri=str(node), cls=STYLES[cls].name, label=label, details=details)
    edges: dict[tuple[str, str], set[str]] = {}
    for predicate, (label, reverse) in RELATIONS.items():
        for s, o in graph.subject_objects(predicate):
            if s in classes and o in classes and s != o:
                key = (str(o), str(s)) if reverse else (str(s), str(o))
                if predicate in SYMMETRIC:
                    key = tuple(sorted(key))
                edges.setdefault(key, set()).add(label)
    for (s, o), labels in sorted(edges.items()):
        network.add_edge(s, o, label=", ".join(sorted(labels)))
    return network


class _Reader:
    """Reads what the view shows of one node: its label and the rows and sources of its details."""

    def __init__(self, graph: Graph | TripleIndex) -> None:
        self.g = graph
        self._names: dict[URIRef, str] = {}  # a person's name is read for every meeting and claim it is in

    def text(self, node: URIRef, predicate: URIRef) -> str:
        values = sorted(str(v) for v in self.g.objects(node, predicate) if isinstance(v, Literal))
        return values[0] if values else ""

    def name(self, node: URIRef) -> str:
        name = self._names.get(node)
        if name is None:
            name = self._names[node] = self._name(node)
        return name

    def _name(self, node: URIRef) -> str:
        name = self.text(node, RDFS.label) or self.text(node, SDO.name)
        if name:
            return name
        if (node, RDF.type, KG.Claim) in self.g:
            return _quoted(self.text(node, KG.quote))
        if (node, RDF.type, KG.Meeting) in self.g:
            return self.meeting_name(node)
        return "(unnamed)"  # never the IRI: the details panel shows it where it helps

    def meeting_name(self, node: URIRef) -> str:
        kind = self.text(node, KG.kind) or "meeting"
        kind = {"in-person": "meeting", "video-call": "video call"}.get(kind, kind)
        when = self.text(node, KG.date) or self.text(node, KG.dateText)
        return f"{kind.capitalize()} {when}".strip()

    def names(self, node: URIRef, predicate: URIRef, reverse: bool = False) -> str:
        nodes = self.g.subjects(predicate, node) if reverse else self.g.objects(node, predicate)
        return ", ".join(sorted(self.name(n) for n in nodes if isinstance(n, URIRef)))

    def texts(self, node: URIRef, predicate: URIRef) -> str:
        return ", ".join(sorted(str(v) for v in self.g.objects(node, predicate)))

    def sources(self, spans: list[URIRef]) -> list[list[str]]:
        """[article line, sentence] for each span, sorted; the article line says title, outlet, date, file."""
        rows = set()
        for span in spans:
            article = self.g.value(span, PROV.wasDerivedFrom)
            sentence = self.g.value(span, KG.inSentence)
            if article is None:
                continue
            title = self.text(article, KG.title) or self.text(article, RDFS.label)
            meta = [self.text(article, KG.publisher), self.text(article, KG.published), self.text(article, KG.fileName)]
            line = " \u00b7 ".join(x for x in [title, *meta] if x)
            rows.add((line, self.text(sentence, KG.text) if sentence is not None else ""))
        return [list(r) for r in sorted(rows)]

    def describe(self, node: URIRef, cls: URIRef) -> tuple[str, dict]:
        """Return the canvas label and the details: {"c": class, "n": name, "r": [[field, value]], "s": sources}."""
        g, name = self.g, self.name(node)
        rows: list[tuple[str, str]] = []
        spans: list[URIRef] = []
        if cls == KG.Claim:
            rows += [("Quote", self.text(node, KG.quote)), ("Speaker", self.names(node, KG.speaker)),
                     ("Topics", self.names(node, KG.about)), ("Variant of", self.names(node, KG.variantOf))]
            spans = list(g.objects(node, KG.appearance))
        elif cls == KG.Meeting:
            rows += [("Kind", self.text(node, KG.kind)), ("Date", self.text(node, KG.date)),
                     ("Date as written", self.text(node, KG.dateText)), ("Place", self.names(node, KG.place)),
                     ("Occasion", self.text(node, KG.occasion)), ("Participants", self.names(node, KG.participant))]
            spans = list(g.objects(node, KG.evidence))
        elif cls == KG.Agreement:
            rows += [("Parties", self.names(node, KG.party)), ("Signatories", self.names(node, KG.signatory)),
                     ("Duration", self.text(node, KG.duration)), ("Date", self.text(node, KG.date))]
            spans = list(g.objects(node, KG.evidence))
        else:
            if cls == KG.Person:
                rows += [("Roles", self.texts(node, KG.role)), ("Country", self.names(node, KG.represents))]
            elif cls == KG.Country:
                rows += [("ISO code", self.text(node, KG.isoCode)), ("People", self.names(node, KG.represents, reverse=True))]
            elif cls == KG.Place:
                rows += [("Country", self.names(node, KG.locatedIn))]
            elif cls == KG.Organization:
                rows += [("Country", self.names(node, KG.basedIn))]
            elif cls == KG.Topic:
                rows += [("Claims", str(len(set(g.subjects(KG.about, node)))))]
            rows += [("Also called", self.texts(node, SKOS.altLabel))]
            spans = list(g.subjects(KG.mentionOf, node))
        rows.append(("IRI", str(node)))
        details = {"c": STYLES[cls].name, "n": name, "r": [list(r) for r in rows if r[1]], "s": self.sources(spans)}
        label = _quoted(self.text(node, KG.quote), LABEL_MAX) if cls == KG.Claim else _shorten(name, LABEL_MAX)
        return label, details


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _quoted(quote: str, limit: int = 200) -> str:
    return "\u201c" + _shorten(quote, limit) + "\u201d"


# ---- layout -------------------------------------------------------------------------------------


def _layout(network: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Positions in canvas pixels: each connected component laid out alone, then packed in rows, largest first."""
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(network))
    undirected.add_edges_from(sorted(tuple(sorted(e)) for e in network.edges))
    components = sorted((sorted(c) for c in nx.connected_components(undirected)), key=lambda c: (-len(c), c[0]))
    boxes = []
    for nodes in components:
        pos = _component_layout(undirected.subgraph(nodes), nodes)
        # A box holds the labels too, which hang out sideways from their nodes.
        half = {v: max(SPACING, CHAR_WIDTH * len(network.nodes[v]["label"]) + 16) / 2 for v in nodes}
        left = min(pos[v][0] - half[v] for v in nodes)
        right = max(pos[v][0] + half[v] for v in nodes)
        ys = [p[1] for p in pos.values()]
        boxes.append((pos, left, min(ys), right - left, max(ys) - min(ys) + SPACING))
    # Shelf packing: fill rows up to the width of a square holding all the boxes (or the widest box).
    row_width = max(math.sqrt(sum(b[3] * b[4] for b in boxes)), max((b[3] for b in boxes), default=0))
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            placed[node] = (round(x + px - x0), round(y + py - y0))
        x, row_height = x + w, max(row_height, h)
    return placed


def _component_layout(sub: nx.Graph, nodes: list[str]) -> dict[str, tuple[float, float]]:
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    if n < BIG_COMPONENT:
        ordered = nx.Graph()
        ordered.add_nodes_from(nodes)
        ordered.add_edges_from(sorted(sub.edges))
        # A longer ideal edge than networkx's default (1/sqrt(n)) leaves room for the labels.
        raw = nx.spring_layout(ordered, k=2.0 / math.sqrt(n), seed=SEED, iterations=200 if n <= 100 else 50)
        pos = np.array([raw[v] for v in nodes], dtype=float)
    else:
        index = {v: i for i, v in enumerate(nodes)}
        edges = np.array(sorted((index[a], index[b]) for a, b in sub.edges), dtype=np.int64).reshape(-1, 2)
        pos = _grid_force_layout(n, edges)
    pos -= pos.mean(axis=0)
    radius = float(np.abs(pos).max()) or 1.0
    pos *= SPACING * math.sqrt(n) * 0.7 / radius
    if n < BIG_COMPONENT:
        pos = _spread(pos)
    pos[:, 0] *= WIDEN
    return {v: (float(p[0]), float(p[1])) for v, p in zip(nodes, pos)}


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
    """Fruchterman-Reingold for large components in O(n * cells) per step instead of O(n^2).

    Nodes are binned into cells of equal count (strips by x, then by y within a strip). Repulsion
    from other cells comes from their centroids, weighted by their count; nodes within a cell
    repel exactly. Attraction runs along the edges.
    """
    rng = np.random.default_rng(SEED)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    side = max(2, int(math.sqrt(n) / 6))  # about 36 nodes a cell: few centroids, small exact blocks
    cells = side * side
    per_cell = -(-n // cells)  # ceil
    temperature = 0.1
    cool = temperature / (iterations + 1)
    u, v = edges[:, 0], edges[:, 1]
    everyone = np.arange(n)
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
        mass = np.bincount(cell, minlength=cells).astype(float)
        sums = np.stack([np.bincount(cell, weights=pos[:, d], minlength=cells) for d in (0, 1)], axis=1)
        centroids = sums / np.maximum(mass, 1)[:, None]
        dx = pos[:, 0, None] - centroids[None, :, 0]
        dy = pos[:, 1, None] - centroids[None, :, 1]
        force = (k * k) * mass[None, :] / np.maximum(dx * dx + dy * dy, 1e-6)
        force[everyone, cell] = 0.0  # the own cell is done exactly below
        disp = np.stack([(dx * force).sum(axis=1), (dy * force).sum(axis=1)], axis=1)
        # Exact repulsion inside each cell, all cells at once on a padded (cells, per_cell) table.
        cell_start = np.searchsorted(cell_of_sorted, np.arange(cells))
        slot = np.full((cells, per_cell), -1, dtype=np.int64)
        slot[cell_of_sorted, everyone - cell_start[cell_of_sorted]] = order
        present = slot >= 0
        p = pos[np.where(present, slot, 0)]
        d = p[:, :, None, :] - p[:, None, :, :]
        d2 = np.maximum((d**2).sum(axis=3), 1e-6)
        pair = present[:, :, None] & present[:, None, :]
        inside = np.einsum("cijk,cij->cik", d, np.where(pair, k * k / d2, 0.0))
        np.add.at(disp, slot[present], inside[present])
        d = pos[u] - pos[v]
        pull = d * (np.sqrt((d**2).sum(axis=1)) / k)[:, None]
        np.add.at(disp, u, -pull)
        np.add.at(disp, v, pull)
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cool
    return pos


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
    ids = {node: i for i, node in enumerate(sorted(network))}
    positions = _layout(network)
    degree = dict(network.degree())
    top = max(degree.values(), default=1) or 1
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    net.set_options(json.dumps(_OPTIONS))
    # Append pyvis' node and edge dicts directly: add_node/add_edge check membership in lists,
    # which is quadratic and takes seconds at 5,000 nodes.
    by_name = {s.name: s for s in STYLES.values()}
    for node in sorted(network):
        attrs = network.nodes[node]
        style = by_name[attrs["cls"]]
        x, y = positions[node]
        net.nodes.append({
            "id": ids[node], "label": attrs["label"], "cls": style.name, "shape": style.shape,
            "color": style.color, "x": x, "y": y, "physics": False,
            "size": round(10 + 16 * math.sqrt(degree[node] / top), 1),
            **_FONTS.get(style.shape, {}),
        })
        net.node_ids.append(ids[node])
    for s, o, attrs in sorted(network.edges(data=True)):
        net.edges.append({"from": ids[s], "to": ids[o], "label": attrs["label"]})
    page = net.generate_html()
    details = {ids[node]: network.nodes[node]["details"] for node in network}
    counts = Counter(network.nodes[n]["cls"] for n in network)
    return _finish(page, title, details, counts, network.number_of_edges())


_BOOTSTRAP = re.compile(
    r'\s*<link\s[^>]*href="https://cdn\.jsdelivr\.net/npm/bootstrap@[^"]*"[^>]*/>'
    r'|\s*<script\s[^>]*src="https://cdn\.jsdelivr\.net/npm/bootstrap@[^"]*"[^>]*>\s*</script>'
)
_EMPTY_HEADING = re.compile(r"\s*<center>\s*<h1>\s*</h1>\s*</center>")
_EXTERNAL = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
# Defence in depth: even if some text slipped through unescaped, the page may fetch nothing.
_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"


def _finish(page: str, title: str, details: dict, counts: Counter, n_edges: int) -> str:
    """Strip pyvis' CDN links and empty headings; add the side panel, our data and our script."""
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
    data = json.dumps({"details": details}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    tail = f'<script type="application/json" id="kg-data">{data}</script>\n<script>{_JS}</script>\n'
    return page.replace("</body>", tail + "</body>", 1)


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
