"""A SHACL Core checker compiled from a shapes graph: one pass over the triples, the results pyshacl would report.

It knows the constraint components ontology/shapes.ttl uses and no others: compile_shapes raises Unsupported for
any other component, path form or target type, so the caller validates with pyshacl rather than skip a constraint.
Literal semantics (ill-typed literals, ordering, sh:in equality) and nested sh:node results follow pyshacl's.
A graph kept as N-Triples text (kg.spool) is checked a subject at a time on the text itself; only a node the
text cannot prove conforming is read into rdflib terms and checked as any other graph is.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.errors import KGError
from kg.heap import collector_paused
from kg.serialize import Row, format_term, nt_term

Triple = tuple[Node, Node, Node]
Result = tuple[Node, "URIRef | None", str]  # focus node, path (None for a node shape's own constraints), message
Test = Callable[[object, Node, "_Index"], bool]  # test(parameter, value node, index): does the value pass?

# The index keys predicates by plain str: an rdflib term compares equal to another in Python code, a str in C.
TYPE, SUBCLASS = str(RDF.type), str(RDFS.subClassOf)
# Terms of the hot loops, looked up once: a DefinedNamespace attribute costs a call each time.
_LITERAL, _DATATYPE, _STRING, _LANG_STRING = RDFS.Literal, RDFS.Datatype, XSD.string, RDF.langString
SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}
# Parameters that describe a shape without constraining anything: they change no result.
INERT = {RDF.type, SH.message, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.severity,
         SH.targetClass}
PARAMETERS = {SH.path, SH.minCount, SH.maxCount, SH.nodeKind, SH.datatype, SH["class"], SH["in"], SH.pattern,
              SH.minLength, SH.minInclusive, SH.maxInclusive, SH.lessThanOrEquals, SH.node, SH["or"], SH.property}
SINGLE = {SH.path, SH.minCount, SH.maxCount, SH.nodeKind, SH.datatype, SH["in"], SH.minLength}  # pyshacl: at most one
PROPERTY_ONLY = {SH.minCount, SH.maxCount, SH.lessThanOrEquals}
NODE_KINDS = {
    SH.IRI: (URIRef,), SH.BlankNode: (BNode,), SH.Literal: (Literal,), SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal),
}
# pyshacl's check that a well-formed literal's value is of its datatype; other datatypes need only be well formed.
PYTHON_TYPES = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float, XSD.decimal: Decimal,
    XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}
# Datatypes rdflib orders by value (a subset of its numeric types), so the common case skips its slow comparisons.
NUMERIC = {str(XSD.integer), str(XSD.decimal), str(XSD.double), str(XSD.float)}


class Unsupported(KGError):
    """The shapes use SHACL that compile_shapes does not know; validate with pyshacl instead."""


@dataclass(frozen=True, eq=False)
class Shape:
    """One compiled node shape (no path: its one value is the focus node) or property shape."""

    path: URIRef | None
    key: str | None  # the path as the index keys it
    message: str | None
    min_count: int = 0
    max_count: int | None = None
    tests: tuple[tuple[Test, object, str], ...] = ()  # (test of one value, its parameter, message if no sh:message)
    less_or_equal: tuple[tuple[str, str], ...] = ()  # (key of the other predicate, message if no sh:message)
    nodes: tuple[Shape, ...] = ()  # sh:node: each value conforms to each of these
    ors: tuple[tuple[Shape, ...], ...] = ()  # sh:or: each value conforms to one shape of each tuple
    properties: tuple[Shape, ...] = ()


@dataclass(frozen=True)
class Shapes:
    """Compiled shapes, by the class whose instances they target."""

    targets: dict[Node, tuple[Shape, ...]]

    def results(self, triples: Iterable[Triple], focus: Node | None = None) -> set[Result]:
        """Every (focus, path, message) of a SHACL report on these triples, the results nested by sh:node included.

        With `focus`, only that node is checked (the other triples describe the nodes it points to).
        """
        with collector_paused():  # the index is ~10^5 small containers, none in a cycle
            return self._results(_Index(triples), focus, {})

    def _results(self, index: _Index, focus: Node | None, shapes_of: dict[Node, dict[Shape, None]]) -> set[Result]:
        """results() of an index; `shapes_of` keeps, by rdf:type, the shapes targeting its instances."""
        found: list[Result] = []
        typed = index.types.items() if focus is None else [(focus, index.types[focus])] if focus in index.types else []
        for node, types in typed:
            for t in types:
                if t not in shapes_of:
                    shapes_of[t] = {shape: None for cls in index.supers(t) for shape in self.targets.get(cls, ())}
            one = len(types) == 1
            shapes = shapes_of[next(iter(types))] if one else {s: None for t in types for s in shapes_of[t]}
            for shape in shapes:
                _validate(shape, node, index, found)
        return set(found)

    def check(self, triples: Iterable[Triple]) -> list[str]:
        """Violations as sorted, distinct one-line strings "focus path: message", as kg.validate reports them."""
        return sorted({format_result(*result) for result in self.results(triples)})

    def check_groups(self, groups: Iterable[tuple[str, Sequence[Row]]], types_of: Callable[[str], Sequence[str]],
                     term: Callable[[str], Node]) -> list[str]:
        """check() of a graph read as N-Triples text one subject at a time, as kg.spool keeps it.

        `groups` gives each subject once with its (s, p, o) rows, `types_of` the rdf:type objects of a node,
        `term` the rdflib term of one N-Triples term. A subject is checked with its rows and the rdf:types of
        the nodes it points to: this finds every violation only when the shapes are `local`. Each subject is
        first tried on the text (_proof), which builds no rdflib term; one it cannot prove conforms is checked
        by _validate, as check() checks it, and its violations come from there.
        """
        found: set[str] = set()
        proofs: dict[Shape, _Proof] = {}
        plans: dict[tuple[str, ...], tuple[_Proof, ...]] = {}  # the proofs a node of these rdf:types must pass
        shapes_of: dict[Node, dict[Shape, None]] = {}  # shared by the groups while none has rdfs:subClassOf
        with collector_paused():
            for subject, rows in groups:
                text = _Text(subject, rows, types_of)
                types = tuple(text.out.get(TYPE_NT, ()))
                if not types:
                    continue  # no shape targets it
                if SUBCLASS_NT not in text.out:
                    plan = plans.get(types)
                    if plan is None:
                        plan = plans[types] = self._plan(types, term, proofs)
                    if all(proof(subject, text) for proof in plan):
                        continue
                index = _Index(_triples(subject, rows, types_of, term))
                results = self._results(index, term(subject), shapes_of if not index.subclassing else {})
                found.update(format_result(*result) for result in results)
        return sorted(found)

    def _plan(self, types: tuple[str, ...], term: Callable[[str], Node],
              proofs: dict[Shape, _Proof]) -> tuple[_Proof, ...]:
        """The proofs for a node of these rdf:types (read as terms, as _results reads them), with no rdfs:subClassOf."""
        shapes = {shape: None for t in types for shape in self.targets.get(term(t), ())}
        return tuple(_proof(shape, term, proofs) for shape in shapes)

    @property
    def local(self) -> bool:
        """Whether a node can be checked from its own triples and the rdf:types of the nodes it points to.

        True when no shape reads more of a value node than its types (sh:class, or sh:node shapes whose
        only path is rdf:type), and the data has no rdfs:subClassOf (kg writes none).
        """
        return all(_reads_focus(shape) for shapes in self.targets.values() for shape in shapes)


def _reads_focus(shape: Shape) -> bool:
    """`shape`, applied to a node whose triples are all known, reads no more than the types of its values."""
    nested = [*shape.nodes, *(m for members in shape.ors for m in members)]
    if shape.key is None:
        return all(_reads_focus(s) for s in (*shape.properties, *nested))
    return all(_reads_types(s) for s in (*shape.properties, *nested))


def _reads_types(shape: Shape) -> bool:
    """`shape`, applied to a value node of which only the rdf:type triples are known, reads nothing else."""
    nested = [*shape.properties, *shape.nodes, *(m for members in shape.ors for m in members)]
    if shape.key is not None:
        return shape.key == TYPE and not nested and not shape.less_or_equal
    return all(_reads_types(s) for s in nested)


def format_result(focus: Node | None, path: Node | None, message: object) -> str:
    """One violation as one line: "focus path: message"."""
    return f"{_show(focus)} {_show(path)}: {message}"


def compile_shapes(shapes: Graph) -> Shapes:
    """Compile every shape of a shapes graph; raise Unsupported if it needs SHACL beyond the components here."""
    if (None, RDF.type, SH.ConstraintComponent) in shapes or (None, SH.parameter, None) in shapes:
        raise Unsupported("the shapes declare constraint components of their own")
    done: dict[Node, Shape] = {}
    targets: dict[Node, list[Shape]] = {}
    # Every subject of a sh: parameter is compiled, target or not: no constraint is passed over unread.
    for node in sorted({s for s, p, _ in shapes if p.startswith(SH)}, key=str):
        shape = _compile(shapes, node, done, set())
        for cls in shapes.objects(node, SH.targetClass):
            targets.setdefault(cls, []).append(shape)
    return Shapes({cls: tuple(found) for cls, found in targets.items()})


def _compile(g: Graph, node: Node, done: dict[Node, Shape], busy: set[Node]) -> Shape:
    if node in done:
        return done[node]
    if node in busy:
        raise Unsupported(f"shape {_show(node)} refers back to itself (recursive shapes)")
    busy.add(node)
    at = f"shape {_show(node)}"
    for p, o in g.predicate_objects(node):
        if p == RDF.type and o not in SHAPE_TYPES:
            raise Unsupported(f"{at} is a {_show(o)} (an implicit class target)")
        if p.startswith(SH) and p not in INERT and p not in PARAMETERS:
            raise Unsupported(f"{at} uses {_show(p)}")
    path = g.value(node, SH.path)
    if path is not None and not isinstance(path, URIRef):
        raise Unsupported(f"{at} has a path that is not one predicate")
    nested = lambda o, kind: _nested(g, node, o, kind, done, busy)  # noqa: E731
    messages = sorted(str(m) for m in g.objects(node, SH.message))  # pyshacl shows any one of several
    part: dict[str, list] = {"tests": [], "less_or_equal": [], "nodes": [], "ors": [], "properties": []}
    counts = {SH.minCount: 0, SH.maxCount: None}
    for p in sorted(PARAMETERS.intersection(g.predicates(node))):
        values = sorted(g.objects(node, p), key=str)
        if p in SINGLE and len(values) > 1:
            raise Unsupported(f"{at} has {len(values)} values of {_show(p)}")
        if path is None and p in PROPERTY_ONLY:
            raise Unsupported(f"{at} is a node shape with {_show(p)}, a property shape parameter")
        for o in values:
            whole = isinstance(o, Literal) and type(o.value) is int and o.value >= 0
            if p in (SH.minCount, SH.maxCount, SH.minLength) and not whole:
                raise Unsupported(f"{at}: {_show(p)} {_show(o)} is not a whole number")
            if p in counts:
                counts[p] = o.value
            elif p == SH.nodeKind and o in NODE_KINDS:
                message = f"a value is not of node kind {_show(o)} (sh:nodeKind)"
                part["tests"].append((_has_kind, NODE_KINDS[o], message))
            elif p == SH.datatype and isinstance(o, URIRef):
                kind = (o, PYTHON_TYPES.get(o, object))
                part["tests"].append((_has_datatype, kind, f"a value is not a valid {_show(o)} (sh:datatype)"))
            elif p == SH["class"]:
                part["tests"].append((_is_instance, o, f"a value is not a {_show(o)} (sh:class)"))
            elif p == SH["in"]:
                allowed = frozenset(_members(g, node, o))
                shown = ", ".join(sorted(map(_show, allowed)))
                part["tests"].append((_is_in, allowed, f"a value is not one of {shown} (sh:in)"))
            elif p == SH.pattern and isinstance(o, Literal):
                try:
                    regex = re.compile(str(o))
                except re.error as e:
                    raise Unsupported(f"{at}: sh:pattern {str(o)!r} is not a Python regex: {e}") from e
                part["tests"].append((_matches, regex, f"a value does not match {str(o)!r} (sh:pattern)"))
            elif p == SH.minLength:
                part["tests"].append((_is_long, o.value, f"a value is shorter than {o.value} (sh:minLength)"))
            elif p in (SH.minInclusive, SH.maxInclusive) and isinstance(o, Literal):
                low = p == SH.minInclusive
                part["tests"].append((_within, (o, 1 if low else -1),
                                      f"a value is {'below' if low else 'above'} {_show(o)} ({_show(p)})"))
            elif p == SH.lessThanOrEquals and isinstance(o, URIRef):
                part["less_or_equal"].append((str(o), f"a value is not <= each {_show(o)} (sh:lessThanOrEquals)"))
            elif p == SH.node:
                part["nodes"].append(nested(o, "node"))
            elif p == SH["or"]:
                part["ors"].append(tuple(nested(m, "any") for m in _members(g, node, o)))
            elif p == SH.property:
                part["properties"].append(nested(o, "property"))
            elif p != SH.path:
                raise Unsupported(f"{at}: {_show(p)} {_show(o)} is not a value kg.shacl understands")
    shape = Shape(path, path and str(path), messages[0] if messages else None, counts[SH.minCount], counts[SH.maxCount],
                  *(tuple(part[k]) for k in ("tests", "less_or_equal", "nodes", "ors", "properties")))
    busy.discard(node)
    done[node] = shape
    return shape


def _nested(g: Graph, node: Node, other: Node, kind: str, done: dict[Node, Shape], busy: set[Node]) -> Shape:
    shape = _compile(g, other, done, busy)
    if kind != "any" and (shape.path is not None) != (kind == "property"):
        raise Unsupported(f"shape {_show(node)}: sh:{kind} {_show(other)} is not a {kind} shape")
    return shape


def _members(g: Graph, node: Node, lst: Node) -> list[Node]:
    items = list(g.items(lst))
    if not items:
        raise Unsupported(f"shape {_show(node)}: {_show(lst)} is not a non-empty RDF list")
    return items


class _Index:
    """The triples, read once: subject -> predicate (as str) -> objects; rdf:types; the sh:node checks made so far."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        out: dict[Node, dict[str, tuple[Node, ...] | set[Node]]] = {}
        for s, p, o in triples:
            by_p = out.get(s)
            if by_p is None:
                by_p = out[s] = {}
            values = by_p.get(key := str(p))
            if values is None:
                by_p[key] = (o,)  # most properties have one value: a tuple is cheaper to make than a set
            elif type(values) is tuple:
                by_p[key] = {*values, o}
            else:
                values.add(o)
        self.out = out
        self.types = {s: by_p[TYPE] for s, by_p in out.items() if TYPE in by_p}
        self.subclassing = any(SUBCLASS in by_p for by_p in out.values())
        self.supers_of: dict[Node, set[Node]] = {}
        self.memo: dict[tuple[Shape, Node], list[Result]] = {}

    def objects(self, node: Node, p: str) -> tuple[Node, ...] | set[Node]:
        by_p = self.out.get(node)
        return by_p.get(p, ()) if by_p else ()

    def supers(self, cls: Node) -> set[Node]:
        """`cls` and its superclasses by rdfs:subClassOf in the data: pyshacl follows them even without inference."""
        if cls not in self.supers_of:
            seen, todo = {cls}, [cls]
            while self.subclassing and todo:
                for parent in set(self.objects(todo.pop(), SUBCLASS)) - seen:
                    seen.add(parent)
                    todo.append(parent)
            self.supers_of[cls] = seen
        return self.supers_of[cls]

    def results_of(self, shape: Shape, node: Node) -> list[Result]:
        """Results of checking `node` against `shape` (for sh:node and sh:or), each pair checked once."""
        key = (shape, node)
        if key not in self.memo:
            self.memo[key] = found = []
            _validate(shape, node, self, found)
        return self.memo[key]


def _validate(shape: Shape, focus: Node, index: _Index, found: list[Result]) -> None:
    values = (focus,) if shape.key is None else index.objects(focus, shape.key)
    n = len(values)
    if n < shape.min_count:
        found.append((focus, shape.path, shape.message or f"fewer than {shape.min_count} values (sh:minCount)"))
    if shape.max_count is not None and n > shape.max_count:
        found.append((focus, shape.path, shape.message or f"more than {shape.max_count} values (sh:maxCount)"))
    for test, parameter, message in shape.tests:
        for value in values:
            if not test(parameter, value, index):
                found.append((focus, shape.path, shape.message or message))
                break
    for other, message in shape.less_or_equal:
        if not all(_less_or_equal(v, bound) for v in values for bound in index.objects(focus, other)):
            found.append((focus, shape.path, shape.message or message))
    for nested in shape.nodes:
        for value in values:
            inner = index.results_of(nested, value)
            if inner:  # pyshacl puts the nested results in the report too, as sh:detail of this one
                found.append((focus, shape.path, shape.message or "a value does not conform to its sh:node shape"))
                found += inner
    for members in shape.ors:
        if not all(any(not index.results_of(m, value) for m in members) for value in values):
            found.append((focus, shape.path, shape.message or "a value conforms to none of its sh:or shapes"))
    for nested in shape.properties:
        for value in values:
            _validate(nested, value, index, found)


def _has_kind(kinds: tuple[type, ...], value: Node, index: _Index) -> bool:
    return isinstance(value, kinds)


def _has_datatype(kind: tuple[URIRef, type | tuple[type, ...]], value: Node, index: _Index) -> bool:
    """pyshacl's sh:datatype: a literal of that datatype, not ill-typed; a plain literal is an xsd:string."""
    datatype, python_type = kind
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return not value.ill_typed and isinstance(value.value, python_type)
    if datatype == _LITERAL:
        return True
    if datatype == _DATATYPE:
        return value.datatype is not None
    if value.datatype is None and value.language is None and datatype == _STRING:
        return isinstance(value.value, (str, bytes))
    return datatype == _LANG_STRING and bool(value.language) and isinstance(value.value, (str, bytes))


def _is_instance(cls: Node, value: Node, index: _Index) -> bool:
    if isinstance(value, Literal):
        return False
    types = index.objects(value, TYPE)
    return cls in types if not index.subclassing else any(cls in index.supers(t) for t in types)


def _is_in(allowed: frozenset, value: Node, index: _Index) -> bool:
    return value in allowed  # rdflib term equality: "call" and "call"^^xsd:string differ


def _matches(regex: re.Pattern, value: Node, index: _Index) -> bool:
    return not isinstance(value, BNode) and regex.search(str(value)) is not None


def _is_long(n: int, value: Node, index: _Index) -> bool:
    return n == 0 or (not isinstance(value, BNode) and len(str(value)) >= n)


def _within(limit: tuple[Literal, int], value: Node, index: _Index) -> bool:
    """sh:minInclusive (sign 1) or sh:maxInclusive (sign -1): the value is on the bound's right side, or on it."""
    bound, sign = limit
    order = _compare(value, bound)
    return order is not None and order * sign >= 0


def _compare(value: Node, bound: Literal) -> int | None:
    """pyshacl's order of a value against a bound (its compare_literal); None when they cannot be compared."""
    if not isinstance(value, Literal) or isinstance(value.value, str) != isinstance(bound.value, str):
        return None
    a, b = value.value, bound.value
    try:
        if not (str(value.datatype) in NUMERIC and str(bound.datatype) in NUMERIC and a is not None and b is not None):
            if value.eq(bound):
                return 0
            if type(a) not in (datetime, time):
                return 1 if value > bound else -1
        return 0 if a == b else 1 if a > b else -1  # what rdflib does for numbers, and pyshacl for times
    except (TypeError, NotImplementedError):
        return None


def _less_or_equal(value: Node, other: Node) -> bool:
    """value <= other as pyshacl's sh:lessThanOrEquals decides: IRIs and strings compare only with each other."""
    a, b = _as_string(value), _as_string(other)
    if (a is None) != (b is None):
        return False
    try:
        return bool(a <= b) if a is not None else _rdflib_less_or_equal(value, other)
    except TypeError:  # pyshacl stops with this error; SHACL says values that cannot be compared violate
        return False


def _rdflib_less_or_equal(value: Node, other: Node) -> bool:
    """rdflib's `value <= other`, which pyshacl decides with, without its test of NotImplemented for truth.

    rdflib's Literal.__le__ takes __lt__'s NotImplemented (an ill-typed value, say) as true; asked as a
    truth value, NotImplemented raises a DeprecationWarning, so the answer is spelled out here.
    """
    if not isinstance(value, Literal):
        return bool(value <= other)
    less = value.__lt__(other)
    if less is NotImplemented or less:
        return True
    return bool(value.eq(other))


def _as_string(term: Node) -> str | None:
    if isinstance(term, URIRef):
        return str(term)
    return term.value if isinstance(term, Literal) and isinstance(term.value, str) else None


# ---- The proof on N-Triples text: kg.spool's rows read as they are, without building rdflib terms.
#
# A _Proof says True only when the node conforms: each test below passes a value on its text alone when the
# text settles it (a plain literal is an xsd:string, an IRI is an IRI), and asks the term test above otherwise.
# Anything it cannot settle (a sh:class or sh:node that fails, an rdfs:subClassOf) says False, and the caller
# checks the node with _validate, which also words the violations.

_Proof = Callable[[str, "_Text"], bool]
_Quick = Callable[[str, "_Text"], bool]
TYPE_NT, SUBCLASS_NT = f"<{TYPE}>", f"<{SUBCLASS}>"  # pyoxigraph writes an IRI as it is, between angle brackets
# The lexical forms of xsd:integer and xsd:decimal that rdflib reads as a well-typed int or Decimal of the same
# value (tests/test_shacl.py checks it), so a number kg wrote is compared without an rdflib Literal.
_NUMBER = re.compile(r'"(-?[0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#integer>'
                     r'|"(-?[0-9]+(?:\.[0-9]+)?)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>')


class _Text:
    """One subject's rows as N-Triples text (predicate -> objects), and the rdf:types of the nodes it points to."""

    __slots__ = ("subject", "out", "types_of")

    def __init__(self, subject: str, rows: Iterable[Row], types_of: Callable[[str], Sequence[str]]) -> None:
        out: dict[str, list[str]] = {}
        for _, p, o in rows:
            values = out.get(p)
            if values is None:
                out[p] = [o]
            else:
                values.append(o)
        self.subject, self.out, self.types_of = subject, out, types_of

    def objects(self, node: str, key: str) -> Sequence[str]:
        """What _Index.objects gives for the same rows: the subject's objects, or another IRI's rdf:types."""
        if node == self.subject:
            return self.out.get(key, ())
        return self.types_of(node) if key == TYPE_NT and node[0] == "<" else ()


def _triples(subject: str, rows: Sequence[Row], types_of: Callable[[str], Sequence[str]],
             term: Callable[[str], Node]) -> list[Triple]:
    """The terms _validate checks a subject with: its rows, and the rdf:type triples of the IRIs it points to."""
    pointed = sorted({o for _, _, o in rows if o[0] == "<"} - {subject})
    return [(term(s), term(p), term(o)) for s, p, o in rows] + [
        (term(node), RDF.type, term(t)) for node in pointed for t in types_of(node)]


def _proof(shape: Shape, term: Callable[[str], Node], done: dict[Shape, _Proof]) -> _Proof:
    """`shape` as a test of a node's text: True when the node conforms, False when _validate must decide."""
    if shape in done:
        return done[shape]
    key = None if shape.key is None else f"<{shape.key}>"
    low, high = shape.min_count, sys.maxsize if shape.max_count is None else shape.max_count
    quick = tuple(_quick(test, parameter, term) for test, parameter, _ in shape.tests)
    bounds = tuple(f"<{other}>" for other, _ in shape.less_or_equal)
    nested = tuple(_proof(s, term, done) for s in (*shape.nodes, *shape.properties))  # each value conforms to each
    ors = tuple(tuple(_proof(s, term, done) for s in members) for members in shape.ors)

    def proof(focus: str, text: _Text) -> bool:
        if key is None:
            values = (focus,)
        else:  # the subject's own objects, read without a call: most checks are of them
            values = text.out.get(key, ()) if focus is text.subject else text.objects(focus, key)
        n = len(values)
        if n < low or n > high:
            return False
        # Distinct rows are distinct IRIs, but two literal texts may be one rdflib term: count only IRIs past one.
        if low > 1 and (len(set(values)) < low or any(v[0] != "<" for v in values)):
            return False
        for test in quick:
            for v in values:
                if not test(v, text):
                    return False
        if bounds:
            for other in bounds:
                for bound in text.objects(focus, other):
                    if not all(_quick_less_or_equal(v, bound, term) for v in values):
                        return False
        if nested:
            for inner in nested:
                for v in values:
                    if not inner(v, text):
                        return False
        return not ors or all(any(m(v, text) for m in members) for members in ors for v in values)

    done[shape] = proof
    return proof


def _quick(test: Test, parameter: object, term: Callable[[str], Node]) -> _Quick:
    """One value test on a value's text: passes on the text where it settles the test, else on the term."""
    if test is _is_instance:  # needs the index of terms: a value of another class is left to _validate
        cls = _text_of(parameter, term)

        def is_instance(v: str, text: _Text) -> bool:  # text.objects(v, TYPE_NT) spelled out: most values get this test
            if cls is None or v[0] != "<":
                return False
            return cls in (text.types_of(v) if v != text.subject else text.out.get(TYPE_NT, ()))

        return is_instance
    exact = lambda v, text: test(parameter, term(v), None)  # noqa: E731 - the other tests read no index
    plain = lambda v: (v[0] == "<" or v[-1] == '"') and "\\" not in v  # noqa: E731 - an IRI, an unescaped plain literal
    if test is _has_kind:  # the text's first character is its kind
        leads = "".join(lead for kind, lead in ((URIRef, "<"), (BNode, "_"), (Literal, '"')) if kind in parameter)
        return lambda v, text: v[0] in leads
    if test is _has_datatype and parameter[0] == _STRING:
        return lambda v, text: v[0] == '"' and v[-1] == '"' or exact(v, text)  # a plain literal is an xsd:string
    if test is _has_datatype and parameter[0] in (XSD.integer, XSD.decimal):
        python_type = int if parameter[0] == XSD.integer else Decimal
        return lambda v, text: type(_number(v)) is python_type or exact(v, text)
    if test is _within and type(parameter[0].value) in (int, Decimal) and str(parameter[0].datatype) in NUMERIC:
        bound, sign = parameter[0].value, parameter[1]

        def within(v: str, text: _Text) -> bool:
            value = _number(v)
            return (value - bound) * sign >= 0 if value is not None else exact(v, text)

        return within
    if test is _is_in:
        texts = {t for t in (_text_of(member, term) for member in parameter) if t is not None}
        return lambda v, text: v in texts or exact(v, text)
    if test is _matches:
        return lambda v, text: plain(v) and parameter.search(v[1:-1]) is not None or exact(v, text)
    if test is _is_long:
        return lambda v, text: plain(v) and len(v) - 2 >= parameter or exact(v, text)
    return exact


def _quick_less_or_equal(value: str, other: str, term: Callable[[str], Node]) -> bool:
    """_less_or_equal on text: two integers compare as numbers, as rdflib compares them."""
    a, b = _number(value), _number(other)
    if type(a) is int and type(b) is int:
        return a <= b
    return _less_or_equal(term(value), term(other))


@lru_cache(maxsize=1 << 12)  # offsets and similarities recur: a few thousand values in a corpus
def _number(text: str) -> int | Decimal | None:
    """The value of an xsd:integer or xsd:decimal literal in a form _NUMBER knows; None for any other text."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    return int(match[1]) if match[1] is not None else Decimal(match[2])


def _text_of(node: object, term: Callable[[str], Node]) -> str | None:
    """The N-Triples text that reads back as `node`; None when there is none to compare text with."""
    try:
        text = nt_term(node)
    except KGError:  # a blank node, or an IRI that no N-Triples row holds
        return None
    return text if term(text) == node else None


def _show(node: object) -> str:
    if isinstance(node, (URIRef, Literal)):
        return format_term(node)
    return "" if node is None else str(node)
