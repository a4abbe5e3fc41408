"""Check graphs against the SHACL shapes in ontology/shapes.ttl; report violations one readable line each."""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.errors import KGError
from kg.serialize import format_term
from kg.shipped import ontology_file
from kg.spool import term_of
from kg.text import counted
from kg.shacl import Shapes, Unsupported, compile_shapes, format_result

@lru_cache(maxsize=1)
def _shapes() -> Graph:
    path = ontology_file("shapes.ttl")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as e:  # rdflib's parse errors have no common base type
        raise KGError(f"{path}: not valid Turtle: {e}; fix the shapes file") from e


@lru_cache(maxsize=1)
def _compiled() -> Shapes | None:
    """The shapes compiled for kg.shacl's linear checker; None when they use SHACL it lacks, and pyshacl checks."""
    try:
        return compile_shapes(_shapes())
    except Unsupported:
        return None


def validate_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """SHACL violations of any iterable of (s, p, o) terms, e.g. the merged triples before any rdflib store exists."""
    shapes = _compiled()
    if shapes is not None:
        return shapes.check(triples)
    if isinstance(triples, Graph) and not triples.context_aware:
        return _violations(triples)
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return _violations(graph)


def validate_spool(graphs) -> list[str]:
    """SHACL violations of a kg.spool build's merged graph, read from disk one subject at a time.

    When the shapes need more of a node than its neighbours' types (not kg's shapes), or the graph has
    rdfs:subClassOf triples (kg writes none), the whole graph is read instead.
    """
    shapes = _compiled()
    if shapes is not None and shapes.local and not graphs.uses(RDFS.subClassOf):
        return shapes.check_groups(graphs.subject_groups(), graphs.types_of, term_of)
    return validate_triples(graphs.merged)


def validate_graph(graph: Graph, each_graph: bool = False) -> list[str]:
    """SHACL violations of `graph` as sorted one-line strings "focus path: message".

    A Dataset is checked as the union of its graphs (one pass; the merged graph holds every triple),
    or, with `each_graph`, graph by graph, each line naming its graph (slower: one pass per article).
    """
    if not graph.context_aware:
        return validate_triples(graph)
    if not each_graph:
        return validate_triples((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None)))
    lines: list[str] = []
    for named in sorted(graph.graphs(), key=lambda g: str(g.identifier)):
        if not len(named):
            continue
        where = "" if named.identifier == DATASET_DEFAULT_GRAPH_ID else f" (graph {format_term(named.identifier)})"
        lines += [line + where for line in validate_triples(named)]
    return lines


def validate_file(path: Path, limit: int | None = None) -> str:
    """Validate a graph file; return one line when it conforms, else raise KGError listing the violations one a line.

    `limit` caps how many are listed (all when None); the count is always of them all.
    """
    from kg.query import load_graph

    graph = load_graph(Path(path))
    lines = validate_graph(graph)
    if lines:
        shown = lines if limit is None else lines[:limit]
        more = f"\n... and {len(lines) - len(shown)} more (--limit {len(lines)} lists them all)" if len(shown) < len(lines) else ""
        raise KGError(
            f"{path}: {counted(len(lines), 'SHACL violation')}; fix the records that produce these nodes, then rebuild with `kg build`:\n"
            + "\n".join(shown) + more
        )
    return f"{path} conforms to ontology/shapes.ttl ({counted(len(graph), 'triple')})"


def _violations(graph: Graph) -> list[str]:
    """pyshacl's report, one line per result: the fallback when kg.shacl cannot compile the shapes."""
    from pyshacl import validate  # imported here: only the fallback needs it, and it costs a quarter second

    conforms, report, _ = validate(graph, shacl_graph=_shapes(), inference="none")
    if conforms:
        return []
    lines = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage) or report.value(result, SH.sourceConstraintComponent)
        lines.add(format_result(focus, path, message))
    return sorted(lines)
