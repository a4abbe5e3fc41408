"""A read-only in-memory index over a set of triples, with the read methods of rdflib.Graph that kg uses.

Built in one pass over plain tuples, it costs a fraction of loading the same triples into an
rdflib Graph, which `kg build` would do only to read them back (for the view).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from rdflib.term import Literal, Node, URIRef

Triple = tuple[Node, Node, Node]


class TripleIndex:
    """Predicate -> its triples; per predicate, subject -> objects and object -> subjects when first asked.

    The by-node maps are built lazily because a reader asks about a few predicates: the view never
    looks at offsets, similarity scores or merge records, which are half of a build's triples.
    """

    context_aware = False

    def __init__(self, triples: Iterable[Triple]) -> None:
        by_predicate: defaultdict[Node, list[Triple]] = defaultdict(list)
        for triple in triples if isinstance(triples, (set, frozenset)) else set(triples):
            by_predicate[triple[1]].append(triple)  # the triple itself: a new (s, o) tuple each would take 3 times as long
        self._triples = dict(by_predicate)
        self._objects: dict[Node, defaultdict[Node, list[Node]]] = {}  # read with .get only: a miss adds nothing
        self._subjects: dict[Node, defaultdict[Node, list[Node]]] = {}

    def predicates(self) -> list[Node]:
        """Every predicate the index holds triples of."""
        return list(self._triples)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return iter(self._objects_by_subject(predicate).get(subject, ()))

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return iter(self._subjects_by_object(predicate).get(obj, ()))

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        return ((s, o) for s, _, o in self._triples.get(predicate, ()))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of (subject, predicate), the least as written, or None."""
        objects = self._objects_by_subject(predicate).get(subject)
        if not objects:
            return None
        return objects[0] if len(objects) == 1 else min(objects, key=str)

    def values(self, subjects: Iterable[Node], predicate: Node) -> dict[Node, Node]:
        """value(s, predicate) of each of `subjects` that has one: a span's article, say, for all of a node's spans at once."""
        found = {}
        for s in subjects:
            o = self.value(s, predicate)
            if o is not None:
                found[s] = o
        return found

    def __contains__(self, triple: Triple) -> bool:
        s, p, o = triple
        return o in self._objects_by_subject(p).get(s, ())

    # The view's reads, by IRI text: it shows text and finds nodes by it (an rdflib term is built and compared
    # in Python, slowly), and a spool (kg.spool.StoredIndex) answers them without making terms at all.
    def iris(self, subject: str, predicate: Node) -> list[str]:
        """The IRI objects of (IRI `subject`, predicate), as text."""
        return [str(o) for o in self.objects(URIRef(subject), predicate) if isinstance(o, URIRef)]

    def literals(self, subject: str, predicate: Node) -> list[str]:
        """The text of each literal object of (IRI `subject`, predicate)."""
        return [str(o) for o in self.objects(URIRef(subject), predicate) if isinstance(o, Literal)]

    def iris_of(self, subjects: Iterable[str], predicate: Node) -> dict[str, list[str]]:
        """iris() of each of `subjects`, [] for none."""
        return {s: self.iris(s, predicate) for s in subjects}

    def literals_of(self, subjects: Iterable[str], predicate: Node) -> dict[str, list[str]]:
        """literals() of each of `subjects`, [] for none."""
        return {s: self.literals(s, predicate) for s in subjects}

    def iri_values(self, subjects: Iterable[str], predicate: Node) -> dict[str, str]:
        """The least IRI object of each of `subjects` that has one, as text (value() for IRI objects, many subjects at once)."""
        return {s: min(iris) for s in subjects if (iris := self.iris(s, predicate))}

    def iri_subjects(self, predicate: Node, obj: str) -> list[str]:
        """The IRI subjects of (predicate, IRI `obj`), as text."""
        return [str(s) for s in self.subjects(predicate, URIRef(obj)) if isinstance(s, URIRef)]

    def iri_pairs(self, predicate: Node) -> Iterator[tuple[str, str]]:
        """(subject, object) of each triple of `predicate` between two IRIs, as text."""
        return ((str(s), str(o)) for s, o in self.subject_objects(predicate) if isinstance(s, URIRef) and isinstance(o, URIRef))

    def forget(self) -> None:
        """Drop the by-node maps built so far (they are built again when asked)."""
        self._objects.clear()
        self._subjects.clear()

    def _objects_by_subject(self, predicate: Node) -> defaultdict[Node, list[Node]]:
        return self._grouped(self._objects, predicate, by_subject=True)

    def _subjects_by_object(self, predicate: Node) -> defaultdict[Node, list[Node]]:
        return self._grouped(self._subjects, predicate, by_subject=False)

    def _grouped(self, maps: dict, predicate: Node, by_subject: bool) -> defaultdict[Node, list[Node]]:
        """The triples of `predicate` grouped by subject (their objects) or by object (their subjects), built on first use."""
        found = maps.get(predicate)
        if found is None:
            found = maps[predicate] = defaultdict(list)
            for s, _, o in self._triples.get(predicate, ()):
                if by_subject:
                    found[s].append(o)
                else:
                    found[o].append(s)
        return found
