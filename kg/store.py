"""A persistent on-disk Oxigraph store: write a Dataset into a folder, answer SPARQL from it without re-parsing Turtle.

A kg store is a folder: oxigraph/ holds the Oxigraph database, readings.jsonl the per-article
readings (kg.cache) that let `kg build --append` re-run only resolve and rdf.

Queries see the merged graph (the content of graph.ttl) as their default graph. Not the union of all
graphs: Oxigraph's union default graph repeats a triple once per graph holding it, so rows would repeat.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, Dataset
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.cache import iter_readings, write_readings
from kg.errors import KGError
from kg.iris import DEFAULT_BASE
from kg.rdf import Graphs, merged_graph_iri
from kg.records import Reading

if TYPE_CHECKING:
    from kg.query import Query

Row = tuple[Node | None, ...]

DATABASE = "oxigraph"
READINGS = "readings.jsonl"


def save_build(directory: Path, dataset: Dataset | Graphs, readings: Iterable[Reading], meta: dict[str, str]) -> int:
    """Write a build into the kg store `directory`: the quads, then the readings an append starts from (sorted by source name)."""
    count = write_store(dataset, directory)
    write_readings(directory / READINGS, readings, meta, presorted=True)
    return count


def cached_readings(directory: Path, fresh: set[str], meta: dict[str, str]) -> Iterator[Reading]:
    """The store's cached readings, one at a time, but those of the articles named in `fresh` (read again, they replace them).

    `meta` (model, base IRI) must match the cache's: readings of another model would merge differently.
    """
    cached_meta, cached = iter_readings(directory / READINGS)
    if cached_meta != meta:
        diff = ", ".join(f"{k} {cached_meta.get(k)!r} (now {meta.get(k)!r})" for k in sorted(set(meta) | set(cached_meta)) if cached_meta.get(k) != meta.get(k))
        raise KGError(f"{directory}: the store was built with {diff}; append with the same settings or rebuild without --append")
    return (r for r in cached if r.source.name not in fresh)


def write_store(dataset: Dataset | Graphs, directory: Path) -> int:
    """Make the store in `directory` hold exactly the quads of `dataset`; return how many quads it holds.

    A new store is bulk-loaded; an existing one gets only the difference (quads removed, then
    quads added), so writing the same Dataset twice changes nothing and an append touches
    only what changed.
    """
    database = directory / DATABASE
    is_new = not database.exists() or not any(database.iterdir())
    streamed = is_new and hasattr(dataset, "quads_text")  # kg.spool.SpooledGraphs into a new store: never held at once
    quads = None if streamed else set(to_quads(dataset))  # converted (a bad IRI refused) before the store is opened
    store = _open(database, read_only=False)
    try:
        if quads is None:
            # Imported here: kg.serialize imports this module's term conversions.
            from kg.serialize import statements

            store.bulk_extend(statements(dataset.quads_text(), quads=True))
        elif is_new:
            store.bulk_extend(sorted(quads, key=str))
        else:
            old = set(store)
            stale, fresh = old - quads, quads - old
            for quad in stale:
                store.remove(quad)
            store.extend(sorted(fresh, key=str))
        store.flush()
        store.optimize()
        return len(store)
    except OSError as e:
        raise KGError(f"{directory}: could not write the store ({e}); check the disk and that no other kg process has it open") from e
    finally:
        del store


def select_store(query: str | Query, directory: Path, *, base: str = DEFAULT_BASE) -> tuple[list[str], list[Row]]:
    """Run a SELECT query (text, or read by kg.query.read_query) on the store; return its variable names and rows of rdflib terms (None when unbound)."""
    from kg.query import check_query, oxigraph_error, oxigraph_select

    if isinstance(query, str):
        query = check_query(query)
    store = _open(directory / DATABASE, read_only=True)
    merged = ox.NamedNode(str(merged_graph_iri(base)))
    if not store.contains_named_graph(merged):
        raise KGError(f"{directory}: the store has no graph {merged.value}; was it built with another --base-iri?")
    try:
        result = store.query(query.text, default_graph=merged)
        if not isinstance(result, ox.QuerySolutions):
            raise KGError(f"{query.path}: only SELECT queries can be run against a store; rewrite it as SELECT")
        return oxigraph_select(query, result)
    except SyntaxError as e:
        raise oxigraph_error(query, e) from e
    except OSError as e:  # solutions come lazily: a SERVICE that fails, or a damaged store, fails while they are read
        raise KGError(f"{query.path}: the query failed on {directory} ({_first_line(e)})") from e
    except RuntimeError as e:  # pyoxigraph's word for a damaged database
        raise KGError(f"{directory}: the store is damaged ({_first_line(e)}); rebuild it: kg build ... --store {directory}") from e


def query_store(query_path: Path, directory: Path, fmt: str = "table", *, base: str = DEFAULT_BASE) -> str:
    """Run the query in `query_path` on the store in `directory`, formatted like `kg query --graph`."""
    from kg.query import format_rows, read_query

    names, rows = select_store(read_query(query_path), directory, base=base)
    return format_rows(names, rows, fmt)


def to_quads(dataset: Dataset | Graphs) -> Iterator[ox.Quad]:
    """The quads of `dataset` (an rdflib Dataset or kg.rdf.Graphs) as pyoxigraph quads; an IRI that is not valid RFC 3987 raises KGError."""
    terms: dict[Node, ox.NamedNode | ox.Literal | ox.BlankNode] = {}

    def term(node: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
        found = terms.get(node)
        if found is None:
            found = terms[node] = to_oxigraph(node)
        return found

    quads = dataset.quads() if isinstance(dataset, Graphs) else dataset.quads((None, None, None, None))
    for s, p, o, g in quads:
        graph = ox.DefaultGraph() if g is None or g == DATASET_DEFAULT_GRAPH_ID else term(g)
        yield ox.Quad(term(s), term(p), term(o), graph)


def to_oxigraph(node: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """One rdflib term as a pyoxigraph term."""
    try:
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string)))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
    except ValueError as e:
        raise KGError(f"{str(node)!r} cannot be stored: {e}; if it holds the --base-iri, give a plain one such as https://example.org/kg/") from e
    raise KGError(f"{node!r} cannot be stored: not an IRI, literal or blank node")


def to_rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> Node | None:
    """One pyoxigraph term as the rdflib term rdflib's own parser would give."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == str(XSD.string) else Literal(term.value, datatype=URIRef(datatype))
    raise KGError(f"unexpected term {term!r} in a query result")


def _open(directory: Path, *, read_only: bool) -> ox.Store:
    try:
        if read_only:
            if not directory.is_dir():
                raise KGError(f"{directory.parent}: no store there; write one with 'kg build ... --store {directory.parent}'")
            return ox.Store.read_only(str(directory))
        directory.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(directory))
    except OSError as e:
        raise KGError(f"{directory}: cannot open the store ({_first_line(e)}); if no other kg process has it open, rebuild it: kg build ... --store {directory.parent}") from e
    except RuntimeError as e:  # pyoxigraph's word for a damaged database
        raise KGError(f"{directory}: the store is damaged ({_first_line(e)}); rebuild it: kg build ... --store {directory.parent}") from e


def _first_line(e: Exception) -> str:
    return " ".join(str(e).split())[:200]

