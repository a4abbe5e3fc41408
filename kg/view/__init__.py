"""The interactive view: RDF graph -> networkx (network.py) -> positions (layout.py) -> one offline HTML page (page.py)."""
from __future__ import annotations

import resource
import time
from pathlib import Path

from rdflib import Graph

from kg.files import check_output_file, write_atomic
from kg.text import counted
from kg.triples import TripleIndex
from kg.view.network import GENERIC, found_types, load_graph_file, to_networkx
from kg.view.page import page_parts


def write_view(graph: Graph | TripleIndex, out: Path) -> None:
    """Write the interactive view of `graph` (an rdflib Graph, or an index of kg build's triples) to `out`, one offline HTML file."""
    write_atomic(out, (part.encode("utf-8") for part in page_parts(to_networkx(graph))))


def draw(index: TripleIndex, out: Path) -> tuple[float, float]:
    """write_view, for kg build's second process: return the seconds it took and the process's peak RSS in MiB.

    Here rather than in kg.pipeline so that process imports the view alone (half the memory), not spaCy.
    """
    start = time.perf_counter()
    write_view(index, out)
    return time.perf_counter() - start, _peak_mib()


def _peak_mib() -> float:
    """This process's peak RSS: VmHWM, not getrusage, whose figure for a spawned child keeps the parent's at the fork."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def write_view_file(graph_path: Path, out: Path) -> str:
    """Read a graph file, write its view to `out`, and return a one-line summary."""
    check_output_file(out, graph_path)
    graph = load_graph_file(graph_path)
    network = to_networkx(graph)
    write_atomic(out, (part.encode("utf-8") for part in page_parts(network, title=graph_path.name)))
    drawn = f"{counted(network.number_of_nodes(), 'node')}, {counted(network.number_of_edges(), 'edge')}"
    if any(a["cls"] == GENERIC for _, a in network.nodes(data=True)):
        return f"wrote {out}: {graph_path} has none of kg's classes ({found_types(graph)}), so every resource is drawn alike: {drawn}"
    return f"wrote {out}: {drawn}"
