"""Graph statistics from networkx: counts per class, the most central people and countries, components, pairs who meet most, meetings per month."""
from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import networkx as nx

# One reading of the RDF graph for both the view and the statistics, so they never disagree.
from kg.view.network import STYLES, load_graph_file as _load, to_networkx as _to_networkx

TOP = 10
SEED = 7
EXACT_BETWEENNESS = 1_000  # above this many nodes, betweenness is estimated from this many sampled sources


def describe_file(graph_path: Path) -> str:
    """Read a graph file and return its statistics as text."""
    network = _to_networkx(_load(graph_path))
    return _describe(network, graph_path.name)


def _describe(network: nx.DiGraph, name: str) -> str:
    graph = network.to_undirected(as_view=False)
    n = graph.number_of_nodes()
    components = sorted((len(c) for c in nx.connected_components(graph)), reverse=True)
    lines = [f"{name}: {n} nodes, {graph.number_of_edges()} relations, {len(components)} connected "
             + ("component" if len(components) == 1 else "components")
             + (f" (largest: {components[0]} nodes)" if components else "")]

    counts = Counter(network.nodes[v]["cls"] for v in network)
    lines += ["", "Nodes per class"]
    lines += [f"  {s.name:<14}{counts.get(s.name, 0):>7}" for s in STYLES.values()]

    rank = nx.pagerank(graph, tol=1e-10, max_iter=200)  # scipy's sparse power iteration
    k = None if n <= EXACT_BETWEENNESS else EXACT_BETWEENNESS
    between = nx.betweenness_centrality(graph, k=k, seed=SEED) if n > 2 else {v: 0.0 for v in graph}
    for cls, title in (("Person", "Most central people"), ("Country", "Most central countries")):
        members = [v for v in graph if network.nodes[v]["cls"] == cls]
        best = sorted(members, key=lambda v: (-rank[v], -graph.degree(v), network.nodes[v]["label"], v))[:TOP]
        lines += ["", f"{title} (by PageRank)"]
        if not best:
            lines.append("  (none)")
            continue
        width = max(len(network.nodes[v]["label"]) for v in best)
        lines.append(f"  {'':<{width}}  degree  pagerank  betweenness")
        for v in best:
            lines.append(f"  {network.nodes[v]['label']:<{width}}  {graph.degree(v):>6}  {rank[v]:>8.4f}"
                         f"  {between[v]:>11.4f}")

    lines += ["", "Pairs who meet most"]
    pairs = _meeting_pairs(network)
    if not pairs:
        lines.append("  (no meetings)")
    for (a, b), count in pairs[:TOP]:
        lines.append(f"  {count:>3} {'meeting ' if count == 1 else 'meetings'}  {a} & {b}")

    lines += ["", "Meetings per month"]
    months, undated = _meetings_per_month(network)
    top = max(months.values(), default=0)
    lines += [f"  {month}  {count:>4}  {'#' * round(40 * count / top) if count else ''}".rstrip() for month, count in months.items()]
    if undated or not months:
        lines.append(f"  undated  {undated:>4}")
    return "\n".join(lines) + "\n"


def _meetings_per_month(network: nx.DiGraph) -> tuple[dict[str, int], int]:
    """Meetings (calls included) per month, every month from the first to the last ("2025-10": 3), and how many are undated."""
    days = [network.nodes[v]["date"] for v in network if network.nodes[v]["cls"] == "Meeting"]
    counts = Counter(day[:7] for day in days if day)
    if not counts:
        return {}, len(days)
    (year, month), (last_year, last_month) = (tuple(map(int, m.split("-"))) for m in (min(counts), max(counts)))
    months = {}
    while (year, month) <= (last_year, last_month):
        key = f"{year:04d}-{month:02d}"
        months[key] = counts.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months, len(days) - sum(counts.values())


def _meeting_pairs(network: nx.DiGraph) -> list[tuple[tuple[str, str], int]]:
    """Each pair of people with how many meetings (calls included) they took part in together, most first."""
    together: Counter[tuple[str, str]] = Counter()
    for v in network:
        if network.nodes[v]["cls"] != "Meeting":
            continue
        people = sorted({network.nodes[p]["label"] for p in network.successors(v)
                         if network.edges[v, p]["label"] == "participant"})
        together.update(combinations(people, 2))
    return sorted(together.items(), key=lambda item: (-item[1], item[0]))
