"""networkx + positions -> one self-contained, offline HTML page, drawn from the template page.html.

The page holds vis-network (the copy pyvis ships), its stylesheet, our script and one JSON element
with the nodes, edges, details, timeline and claim groups. Our script fills the side panel through
textContent only, so no text from an article is ever parsed as HTML.
"""
from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import jinja2
import networkx as nx
from markupsafe import Markup

from kg.errors import KGError
from kg.view.layout import layout, node_size
from kg.view.network import (
    AGREEMENTS, GENERIC_STYLE, GROUP, GROUP_STYLES, MEETINGS, OVERVIEW_NODES, STYLES, Spilled, Style, day_text, encoded,
    overview,
)

# Defence in depth: even if some text slipped through unescaped, the page may fetch nothing.
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
VIS = "vis-9.1.2"  # the vis-network build inside pyvis' templates
JSON_PART = 1 << 16  # characters of the page's JSON written at a time
_DATA = "\x00kg-data\x00"  # where the JSON goes in the rendered template: no text of ours holds a NUL

# Per-class label fonts: quotes smaller and grey, so names stand out; meetings in a dark shade of their green,
# so "who met whom" reads apart from the names around it.
_FONTS = {"Claim": {"size": 12, "color": "#555555"}, GROUP: {"size": 12, "color": "#555555"}, "Meeting": {"color": "#00604a"},
          MEETINGS: {"color": "#00604a"}}

OPTIONS = {
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
        # Relation names show from 80 % zoom on: below that they only cover the nodes.
        "scaling": {"label": {"drawThreshold": 8}},
    },
}

SVG = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"/>',
    "triangle": '<polygon points="8,1 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
    "hexagon": '<polygon points="4,2 12,2 15,8 12,14 4,14 1,8"/>',
}


def render(network: nx.DiGraph, title: str = "Knowledge graph") -> str:
    """Draw `network` as one offline HTML page; same network, same bytes (see page_parts)."""
    return "".join(page_parts(network, title))


def page_parts(network: nx.DiGraph, title: str = "Knowledge graph") -> Iterator[str]:
    """The page drawing `network`, in parts to write one after the other: the JSON is never one string.

    From OVERVIEW_NODES nodes on, the page draws the overview (kg.view.network.overview): each
    speaker's claims as one group node, expanded in the page on a click; in a larger one, meetings
    and agreements between the same people too. The timeline lists every meeting, grouped or not.
    """
    total = Counter(network.nodes[n]["cls"] for n in network)
    groups: dict[str, list[str]] = {}
    drawn = network
    if network.number_of_nodes() >= OVERVIEW_NODES:
        drawn, groups = overview(network)
    order = sorted(drawn)
    ids = {node: i for i, node in enumerate(order)}
    for members in groups.values():  # hidden claims get numbers after the drawn nodes
        for claim in members:
            ids[claim] = len(ids)
    positions = layout(drawn)
    degree = dict(drawn.degree())
    top = max(degree.values(), default=1) or 1
    # The node, edge, details and group lists are made as the JSON is written, one item at a time: in a
    # large graph each would hold hundreds of thousands of dicts at once.
    nodes = _Lazy(lambda: (_vis_node(drawn, node, ids[node], positions[node], node_size(degree[node], top)) for node in order))
    edges = _Lazy(lambda: ({"from": ids[s], "to": ids[o], "label": a["label"]} for s, o, a in sorted(drawn.edges(data=True))))
    hidden_claims = [c for members in groups.values() for c in members]  # numbered in this order, after the drawn nodes
    details = _Lazy(lambda: ((ids[node], (drawn if node in drawn else network).nodes[node]["details"])
                             for node in (*order, *hidden_claims)), pairs=True)
    group_of = {claim: group for group, members in groups.items() for claim in members}
    group_edges: dict[str, list[tuple[int, int, str]]] = {group: [] for group in groups}
    for s, o, a in sorted(network.edges(data=True)):  # a claim's edges, to drawn nodes or claims of its group
        group = group_of.get(s) or group_of.get(o)
        if group and all(end in drawn or group_of.get(end) == group for end in (s, o)):
            group_edges[group].append((ids[s], ids[o], a["label"]))
    hidden = _Lazy(lambda: ((ids[group], {"nodes": [_vis_node(network, c, ids[c], None, 10.0) for c in groups[group]],
                                          "edges": [{"from": s, "to": o, "label": label} for s, o, label in group_edges[group]]})
                            for group in sorted(groups, key=ids.get)), pairs=True)
    # Every meeting, drawn or in a group (the page opens its group when one is picked): the network's are the same ones.
    meetings = sorted((a["date"] or "9999", a["what"], node) for node, a in network.nodes(data=True) if a["cls"] == "Meeting")
    timeline = [[ids[node], "" if day == "9999" else day, day_text(day), what, network.nodes[node]["sources"]]
                for day, what, node in meetings]
    days = sorted(a["date"] for _, a in network.nodes(data=True) if a["date"])
    data = {"nodes": nodes, "edges": edges, "details": details, "groups": hidden, "timeline": timeline,
            "options": OPTIONS, "first": days[0] if days else "", "last": days[-1] if days else ""}
    shown = [GENERIC_STYLE] if total.get(GENERIC_STYLE.name) else list(STYLES.values())  # a foreign graph: one class
    legend = [(style, SVG[style.shape], total.get(style.name, 0)) for style in shown]
    kinds = Counter(drawn.nodes[g]["cls"] for g in groups)
    page = _template().render(
        title=title, csp=Markup(CSP), legend=legend, nodes=network.number_of_nodes(), relations=network.number_of_edges() + network.graph.get("left_out", 0),
        drawn=drawn.number_of_nodes(), grouped=kinds[GROUP], meetings=kinds[MEETINGS], agreements=kinds[AGREEMENTS],
        events_by=drawn.graph.get("events_by", ""), data=Markup(_DATA), vis_js=Markup(_vis("vis-network.min.js")),
        vis_css=Markup(_vis("vis-network.css")),
    )
    head, tail = page.split(_DATA)
    yield head
    yield from _json(data)
    yield tail


class _Lazy:
    """A JSON list (of what items() yields) or, with `pairs`, a JSON object (items() yields (key, value) in key order), made while it is written."""

    def __init__(self, items, pairs: bool = False) -> None:
        self.items, self.pairs = items, pairs


def _vis_node(network: nx.DiGraph, node: str, number: int, position: tuple[int, int] | None, size: float) -> dict:
    attrs = network.nodes[node]
    style = GROUP_STYLES.get(attrs["cls"]) or _STYLE_BY_NAME[attrs["cls"]]
    item = {"id": number, "label": attrs["label"], "cls": attrs["cls"], "shape": style.shape, "color": style.color,
            "physics": False, "size": size}
    if position is not None:
        item["x"], item["y"] = position
    if attrs["date"]:
        item["d"] = attrs["date"]
    if attrs.get("last"):
        item["e"] = attrs["last"]  # a group of meetings or agreements: the latest day of its members
    if attrs["cls"] in _FONTS:
        item["font"] = _FONTS[attrs["cls"]]
    return item


_STYLE_BY_NAME: dict[str, Style] = {s.name: s for s in (*STYLES.values(), GENERIC_STYLE)}


def _json(data: dict) -> Iterator[str]:
    """JSON for a <script type="application/json"> element, in parts of about JSON_PART characters: no '<', '>' or '&' left to end it early.

    The bytes json.dumps(data, sort_keys=True) would give: the top two levels are written here, each
    item below by json.dumps (in C; JSONEncoder.iterencode would do all of it in Python).
    """
    part: list[str] = []
    size = 0
    for piece in _json_pieces(data, 2):
        part.append(piece)
        size += len(piece)
        if size >= JSON_PART:
            yield _escaped("".join(part))
            part, size = [], 0
    yield _escaped("".join(part))


def _json_pieces(value, depth: int) -> Iterator[str]:
    lazy = isinstance(value, _Lazy)
    if lazy and value.pairs or depth and isinstance(value, dict):
        yield "{"
        pairs = value.items() if lazy else ((key, value[key]) for key in sorted(value))  # numbers sort as numbers, as in json.dumps
        for i, (key, item) in enumerate(pairs):
            yield ("," if i else "") + encoded(key if isinstance(key, str) else str(key)) + ":"
            yield from _json_pieces(item, depth - 1)
        yield "}"
    elif lazy or depth and isinstance(value, list):
        yield "["
        for i, item in enumerate(value.items() if lazy else value):
            if i:
                yield ","
            yield from _json_pieces(item, depth - 1)
        yield "]"
    elif isinstance(value, Spilled):
        yield value.text()  # JSON text already
    else:
        yield encoded(value)


def _escaped(json_text: str) -> str:
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _vis(name: str) -> str:
    # Found, not imported: importing pyvis imports IPython too, which took longer than drawing a 1,000-article page.
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KGError("pyvis is not installed, and the page needs the vis-network it ships; run pip install pyvis")
    text = Path(spec.submodule_search_locations[0]).joinpath("templates", "lib", VIS, name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise RuntimeError(f"pyvis' {name} would end its element early; it cannot be put inline")
    return text


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.PackageLoader("kg.view", "templates"), autoescape=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("page.html")
