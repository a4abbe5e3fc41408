"""A read-only in-memory index over a set of triples, with the read methods of rdflib.Graph that kg uses.

Built in one pass over plain tuples, it costs a fraction of loading the same triples into an
rdflib Graph, which `kg build` would do only to read them back (for the view).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib.term import Literal, Node

Triple = tuple[Node, Node, Node]


class TripleIndex:
    """Subject -> predicate -> objects, and predicate -> node -> subjects; literal objects only by predicate."""

    context_aware = False

    def __init__(self, triples: Iterable[Triple]) -> None:
        self._spo: dict[Node, dict[Node, list[Node]]] = {}
        self._pos: dict[Node, dict[Node, list[Node]]] = {}
        self._literal_pairs: dict[Node, list[tuple[Node, Node]]] = {}
        spo, pos, pairs = self._spo, self._pos, self._literal_pairs
        for s, p, o in triples if isinstance(triples, (set, frozenset)) else set(triples):
            by_p = spo.get(s)
            if by_p is None:
                by_p = spo[s] = {}
            objects = by_p.get(p)
            if objects is None:
                by_p[p] = [o]
            else:
                objects.append(o)
            if isinstance(o, Literal):  # subjects() is asked of nodes, never of literals
                pairs.setdefault(p, []).append((s, o))
                continue
            by_o = pos.get(p)
            if by_o is None:
                by_o = pos[p] = {}
            subjects = by_o.get(o)
            if subjects is None:
                by_o[o] = [s]
            else:
                subjects.append(s)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return iter(self._spo.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return iter(self._pos.get(predicate, {}).get(obj, ()))

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        for obj, subjects in self._pos.get(predicate, {}).items():
            for subject in subjects:
                yield subject, obj
        yield from self._literal_pairs.get(predicate, ())

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of (subject, predicate), the least as written, or None."""
        objects = self._spo.get(subject, {}).get(predicate)
        return min(objects, key=str) if objects else None

    def __contains__(self, triple: Triple) -> bool:
        s, p, o = triple
        return o in self._spo.get(s, {}).get(p, ())
