"""A read-only in-memory index over a set of triples, with the read methods of rdflib.Graph that kg uses.

Built in one pass over plain tuples, it costs a fraction of loading the same triples into an
rdflib Graph, which `kg build` would do only to read them back (for the view).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleIndex:
    """Predicate -> (subject, object) pairs; per predicate, subject -> objects and object -> subjects when first asked.

    The by-node maps are built lazily because a reader asks about a few predicates: the view never
    looks at offsets, similarity scores or merge records, which are half of a build's triples.
    """

    context_aware = False

    def __init__(self, triples: Iterable[Triple]) -> None:
        pairs: defaultdict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in triples if isinstance(triples, (set, frozenset)) else set(triples):
            pairs[p].append((s, o))
        self._pairs = dict(pairs)
        self._objects: dict[Node, defaultdict[Node, list[Node]]] = {}  # read with .get only: a miss adds nothing
        self._subjects: dict[Node, defaultdict[Node, list[Node]]] = {}

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return iter(self._objects_by_subject(predicate).get(subject, ()))

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return iter(self._subjects_by_object(predicate).get(obj, ()))

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        return iter(self._pairs.get(predicate, ()))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of (subject, predicate), the least as written, or None."""
        objects = self._objects_by_subject(predicate).get(subject)
        return min(objects, key=str) if objects else None

    def __contains__(self, triple: Triple) -> bool:
        s, p, o = triple
        return o in self._objects_by_subject(p).get(s, ())

    def _objects_by_subject(self, predicate: Node) -> defaultdict[Node, list[Node]]:
        found = self._objects.get(predicate)
        if found is None:
            found = self._objects[predicate] = defaultdict(list)
            for s, o in self._pairs.get(predicate, ()):
                found[s].append(o)
        return found

    def _subjects_by_object(self, predicate: Node) -> defaultdict[Node, list[Node]]:
        found = self._subjects.get(predicate)
        if found is None:
            found = self._subjects[predicate] = defaultdict(list)
            for s, o in self._pairs.get(predicate, ()):
                found[o].append(s)
        return found
