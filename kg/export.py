"""The other serializations: N-Triples, N-Quads and JSON-LD, each byte-for-byte deterministic.

N-Triples holds the union of all graphs (the content of graph.ttl), N-Quads every named graph
(the content of graph.trig); both are written by pyoxigraph, whose writer escapes what a strict
parser needs escaped, one statement a line, lines sorted. JSON-LD is compacted with
ontology/context.jsonld, embedded so that no parser has to fetch it.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import KGError
from kg.rdf import Graphs
from kg.shipped import ontology_file
from kg.store import to_quads

FORMATS = {"nt": "graph.nt", "nq": "graph.nq", "jsonld": "graph.jsonld"}


def export(dataset: Dataset | Graphs, fmt: str) -> bytes:
    """Serialize `dataset` as "nt", "nq" or "jsonld", as UTF-8."""
    if fmt == "nt":
        triples = {q.triple for q in to_quads(dataset)}
        return _sorted_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    if fmt == "nq":
        return _sorted_lines(ox.serialize(to_quads(dataset), format=ox.RdfFormat.N_QUADS))
    if fmt == "jsonld":
        return _jsonld(dataset)
    raise KGError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def parse_formats(text: str) -> tuple[str, ...]:
    """Split a --format value such as "nt,jsonld" into known format names."""
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise KGError(f"unknown format {', '.join(unknown)!r} in --format; use a comma-separated list of {', '.join(FORMATS)}")
    return names


@cache
def load_context() -> dict[str, Any]:
    """The JSON-LD context of ontology/context.jsonld (the object under "@context")."""
    path = ontology_file("context.jsonld")
    try:
        return json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as e:
        raise KGError(f"{path}: cannot read the JSON-LD context ({e}); restore it from the repository") from e


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def _jsonld(dataset: Dataset | Graphs) -> bytes:
    """Compacted JSON-LD: one rdflib Graph serialized per named graph, nested as {"@id": graph, "@graph": nodes}.

    Graph by graph, because rdflib's JSON-LD writer reads a Dataset through its deprecated ConjunctiveGraph API.
    """
    from rdflib import Graph

    from kg.store import to_rdflib

    graphs: dict[str | None, Graph] = {}
    for quad in to_quads(dataset):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = Graph()
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    top: list[Any] = []
    for name, graph in graphs.items():
        nodes = _nodes(json.loads(graph.serialize(format="json-ld", context=load_context(), auto_compact=True)))
        top += nodes if name is None else [{"@id": name, "@graph": nodes}]
    data = {"@context": load_context(), "@graph": top}
    return (json.dumps(_sort_json(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _nodes(document: Any) -> list[Any]:
    """The node objects of a compacted JSON-LD document, without its @context."""
    if isinstance(document, list):
        return document
    document = {k: v for k, v in document.items() if k != "@context"}
    return document["@graph"] if set(document) == {"@graph"} else [document] if document else []


def _sort_json(value: Any) -> Any:
    """Sort every array by its written form: JSON-LD arrays here are sets (no @list), so order is free."""
    if isinstance(value, dict):
        return {k: _sort_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def write_exports(dataset: Dataset | Graphs, out: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write OUT/graph.nt, graph.nq, graph.jsonld for the formats asked for (each atomically); return the paths."""
    from kg.files import write_atomic

    paths = []
    for fmt in formats:
        path = out / FORMATS[fmt]
        write_atomic(path, export(dataset, fmt))
        paths.append(path)
    return paths


def stale_exports(out: Path, formats: tuple[str, ...]) -> list[str]:
    """The names of the graph.nt, .nq or .jsonld an earlier build wrote into `out` that this one does not write."""
    return [name for fmt, name in FORMATS.items() if fmt not in formats and (out / name).is_file()]
