"""kg stats: counts, centrality, components and meeting pairs of the fixture graph."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import KGError
from kg.stats import describe_file


@pytest.fixture(scope="module")
def text(graph_files) -> str:
    return describe_file(graph_files["turtle"])


def section(text: str, heading: str) -> list[str]:
    """The stripped lines under a heading, up to the next blank line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading)) + 1
    out = []
    for line in lines[start:]:
        if not line.strip():
            break
        out.append(line.strip())
    return out


def test_summary_line(text):
    assert text.splitlines()[0] == "graph.ttl: 12 nodes, 19 relations, 1 connected component (largest: 12 nodes)"


def test_counts_per_class(text):
    counts = dict(line.split() for line in section(text, "Nodes per class"))
    assert counts == {"Person": "2", "Country": "2", "Meeting": "2", "Agreement": "1", "Claim": "3",
                      "Place": "1", "Organization": "1"}


def test_most_central_people_and_countries(text):
    people = section(text, "Most central people")
    assert people[0].split() == ["degree", "pagerank", "betweenness"]
    assert people[1].startswith("Ana Silva") and people[2].startswith("Kenji Sato")
    countries = section(text, "Most central countries")
    assert [line.split()[0] for line in countries[1:]] == ["Japan", "Brazil"]


def test_pairs_who_meet_most(text):
    assert section(text, "Pairs who meet most") == ["2 meetings  Ana Silva & Kenji Sato"]


def test_empty_graph(tmp_path):
    path = tmp_path / "empty.ttl"
    path.write_text("")
    text = describe_file(path)
    assert text.startswith("empty.ttl: 0 nodes, 0 relations, 0 connected components")
    assert "(no meetings)" in text and "(none)" in text


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(KGError, match="no such graph file"):
        describe_file(tmp_path / "nope.ttl")


def test_meetings_per_month(text):
    assert section(text, "Meetings per month") == ["2024-05     1  ########################################",
                                                   "2024-06     1  ########################################"]


def test_months_without_meetings_are_listed():
    from kg.stats import _meetings_per_month

    network = nx.DiGraph()
    for i, day in enumerate(["2024-11-30", "2025-02-01", "2025-02-03", ""]):
        network.add_node(f"m{i}", cls="Meeting", date=day)
    network.add_node("p", cls="Person", date="")
    assert _meetings_per_month(network) == ({"2024-11": 1, "2024-12": 0, "2025-01": 0, "2025-02": 2}, 1)
