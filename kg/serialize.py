"""Writing RDF: Turtle and TriG by pyoxigraph's serializers, fed statements in one sorted order.

Every term is first written in N-Triples form (by pyoxigraph too), and statements are sorted by those
strings, code point by code point: the same graph gives the same bytes whatever order its triples came
in, in any process and with any PYTHONHASHSEED. kg.spool sorts a build's statements on disk the same way.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import KGError
from kg.rdf import Graphs
from kg.store import to_oxigraph
from kg.vocab import PREFIXES

FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG}
Row = tuple[str, str, str]  # subject, predicate, object in N-Triples form
QuadRow = tuple[str, str, str, str]  # graph ("" for the default graph), subject, predicate, object
BATCH = 4096  # lines handed to pyoxigraph's parser at a time
_PN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_NAMESPACES = sorted(((ns, prefix) for prefix, ns in PREFIXES), key=lambda x: -len(x[0]))


@lru_cache(maxsize=1 << 14)  # entities, predicates and classes recur in every article; texts mostly do not
def nt_term(node: Node) -> str:
    """One IRI or literal in N-Triples form, as pyoxigraph writes it."""
    if isinstance(node, BNode) or not isinstance(node, (URIRef, Literal)):
        raise KGError(f"cannot write {node!r}: the graph must hold no blank nodes")
    return str(to_oxigraph(node))


def format_term(node: Node, prefixed: bool = True) -> str:
    """One IRI or literal in Turtle syntax (N-Triples when not `prefixed`), for messages and query output."""
    text = nt_term(node)
    if prefixed and isinstance(node, URIRef):
        iri = str(node)
        for ns, prefix in _NAMESPACES:
            if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
    elif prefixed and isinstance(node, Literal) and node.datatype and node.datatype != XSD.string:
        return text[: text.rindex("^^") + 2] + format_term(node.datatype)
    return text


def serialize(data: Graphs | Graph, fmt: str) -> bytes:
    """Write "turtle" (the merged graph: the union of all graphs) or "trig" (every named graph), as UTF-8.

    `data` is kg.rdf's Graphs (or kg.spool's, read from disk in order), an rdflib Graph or Dataset.
    """
    return write_sorted(sorted_text(data, fmt), fmt)


def write_rdf(data: Graphs | Graph, fmt: str, path: Path) -> None:
    """Write serialize(data, fmt) to `path`, streamed: the whole text is never held at once."""
    write_sorted(sorted_text(data, fmt), fmt, path)


def sorted_rows(data: Graphs | Graph, fmt: str) -> list[Row] | list[QuadRow]:
    """The statements `fmt` writes, as N-Triples rows in written order: triples for "turtle", quads for "trig"."""
    check_format(fmt)
    if isinstance(data, Graphs):
        if fmt == "turtle":
            return sorted({_row(t) for t in data.merged})
        return sorted({(_graph_name(g), *_row((s, p, o))) for s, p, o, g in data.quads()})
    if fmt == "turtle":
        return sorted({_row(t) for t in _triples(data)})
    return sorted({(_graph_name(g), *_row((s, p, o))) for s, p, o, g in _quads(data)})


def sorted_text(data: Graphs | Graph, fmt: str) -> Iterable[str]:
    """The statements `fmt` writes in written order, as N-Triples ("turtle") or N-Quads ("trig") text, in chunks of lines."""
    check_format(fmt)
    if hasattr(data, "merged_text"):  # kg.spool.SpooledGraphs: sorted on disk, its lines joined by SQLite
        return data.merged_text() if fmt == "turtle" else data.quads_text()
    return lines(sorted_rows(data, fmt))


def lines(rows: Iterable[Row] | Iterable[QuadRow]) -> Iterator[str]:
    """N-Triples rows (s, p, o) or quad rows (g, s, p, o; g "" for the default graph) as text, BATCH lines at a time."""
    batch: list[str] = []
    for row in rows:
        if len(row) == 4:
            g, s, p, o = row
            batch.append(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n")
        else:
            batch.append(f"{row[0]} {row[1]} {row[2]} .\n")
        if len(batch) == BATCH:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)


def write_sorted(text: Iterable[str], fmt: str, out: Path | BinaryIO | None = None) -> bytes | None:
    """Write sorted N-Triples ("turtle") or N-Quads ("trig") text, in chunks of whole lines, with pyoxigraph.

    To `out` (a path, written and synced, or a binary file), else return the bytes.
    """
    check_format(fmt)
    parsed = statements(text, quads=fmt == "trig")
    prefixes = dict(PREFIXES)
    if isinstance(out, Path):
        with open(out, "wb") as f:
            ox.serialize(parsed, f, FORMATS[fmt], prefixes=prefixes)
            f.flush()
            os.fsync(f.fileno())
        return None
    if out is not None:
        ox.serialize(parsed, out, FORMATS[fmt], prefixes=prefixes)
        return None
    return ox.serialize(parsed, format=FORMATS[fmt], prefixes=prefixes)


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise KGError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")


def statements(text: Iterable[str], quads: bool) -> Iterator[ox.Triple | ox.Quad]:
    """N-Triples or N-Quads text, in chunks of whole lines, as pyoxigraph statements.

    Parsed leniently (IRIs not checked again): every term in it was written by pyoxigraph (nt_term), which
    refuses an invalid IRI when the term is made. That halves the parser's time.
    """
    fmt = ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES
    for chunk in text:
        yield from ox.parse(chunk.encode("utf-8"), format=fmt, lenient=True)


def _row(triple: tuple[Node, Node, Node]) -> Row:
    return nt_term(triple[0]), nt_term(triple[1]), nt_term(triple[2])


def _graph_name(graph: Node | None) -> str:
    if graph is None or graph == DATASET_DEFAULT_GRAPH_ID:
        return ""
    return nt_term(graph.identifier if isinstance(graph, Graph) else graph)


def _triples(data: Graph) -> Iterable[tuple[Node, Node, Node]]:
    if not data.context_aware:
        return data.triples((None, None, None))
    return ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))


def _quads(data: Graph) -> Iterable[tuple[Node, Node, Node, Node | None]]:
    if not data.context_aware:
        return ((s, p, o, None) for s, p, o in data.triples((None, None, None)))
    return data.quads((None, None, None, None))
