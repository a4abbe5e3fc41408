"""The interactive view: RDF graph -> networkx (network.py) -> positions (layout.py) -> one offline HTML page (page.py)."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.files import write_atomic
from kg.triples import TripleIndex
from kg.view.network import load_graph_file, to_networkx
from kg.view.page import render


def write_view(graph: Graph | TripleIndex, out: Path) -> None:
    """Write the interactive view of `graph` (an rdflib Graph, or an index of kg build's triples) to `out`, one offline HTML file."""
    write_atomic(out, render(to_networkx(graph)).encode("utf-8"))


def write_view_file(graph_path: Path, out: Path) -> str:
    """Read a graph file, write its view to `out`, and return a one-line summary."""
    network = to_networkx(load_graph_file(graph_path))
    write_atomic(out, render(network, title=graph_path.name).encode("utf-8"))
    return f"wrote {out}: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges"
