"""A build's triples on disk (SQLite), so memory stays flat however many articles there are.

kg.rdf maps records to triples; SpooledGraphs makes their terms as N-Triples strings and sends them here
as rows instead of keeping sets, keeping only entity state (each entity's core triples and links) in
memory. When the corpus is done, finish() sorts on disk: the merged graph (table merged, in written
order), each article's graph (its own rows plus the core triples of every entity it refers to) and a
node -> rdf:type table. Readers then stream: the writer in order, the SHACL checker one subject at a
time, the view by index lookups.

SQLite compares TEXT with memcmp: UTF-8 bytes sort in code-point order, as Python sorts str, so rows
come out in the order kg.serialize sorts them in memory, and the written bytes do not depend on it.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, lru_cache
from itertools import groupby, islice
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD
from rdflib.term import Literal, Node, URIRef

from kg.errors import KGError
from kg.iris import check_base, mint_iri
from kg.rdf import EntityKey, Graphs, Terms, Triple, article_graph_iri, clean_text, merged_graph_iri
from kg.records import Reading
from kg.scratch import scratch_folder
from kg.serialize import QuadRow, Row, nt_term
from kg.store import to_rdflib
from kg.triples import TripleIndex

if TYPE_CHECKING:
    from kg.resolve import Keys

FLUSH_ROWS = 20_000  # rows buffered before one executemany: big enough to amortise, small enough not to grow
LINES = 8192  # rows joined into one text by merged_text() / quads_text()
REFS = 1 << 14  # node IRIs kept for reuse (entities, an article's sentences): a bounded cache, not every node
CACHE_KIB = 4 * 1024  # SQLite's page cache; its sorter spills to temporary files beyond it
PAGE_BYTES = 16 * 1024  # a quarter of the pages SQLite's 4 KiB default makes, to write, sort and scan: 15% less CPU in finish()
TYPE = nt_term(RDF.type)
_SCHEMA = """
CREATE TABLE quads (g TEXT NOT NULL, s TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL);  -- g '' = merged graph only
CREATE TABLE cores (e TEXT NOT NULL, s TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL);
CREATE TABLE wanted (g TEXT NOT NULL, e TEXT NOT NULL);
CREATE TABLE reach (e TEXT NOT NULL, core TEXT NOT NULL);
"""
_FINISH = """
CREATE INDEX cores_e ON cores (e);
CREATE INDEX reach_e ON reach (e);
INSERT INTO quads SELECT '', s, p, o FROM cores;
-- Keyed by its rows, so it is its own (s, p) index: rows put in order append, and a repeat is skipped.
CREATE TABLE merged (s TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL, PRIMARY KEY (s, p, o)) WITHOUT ROWID;
INSERT OR IGNORE INTO merged SELECT s, p, o FROM quads ORDER BY s, p, o;
-- after merged: these rows copy cores' rows, already in quads, and would only lengthen merged's sort
INSERT INTO quads SELECT w.g, c.s, c.p, c.o FROM (SELECT DISTINCT g, e FROM wanted) AS w
    JOIN reach AS r ON r.e = w.e JOIN cores AS c ON c.e = r.core;
DROP TABLE wanted;
CREATE TABLE named (g TEXT NOT NULL, s TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL, PRIMARY KEY (g, s, p, o))
    WITHOUT ROWID;
INSERT OR IGNORE INTO named SELECT g, s, p, o FROM quads WHERE g != '' ORDER BY g, s, p, o;
DROP TABLE quads;
CREATE INDEX merged_po ON merged (p, o);
"""


def connect(path: Path) -> sqlite3.Connection:
    """A connection tuned for one writer that never needs to roll back: no journal, no fsync, bounded cache."""
    try:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.executescript(f"PRAGMA page_size = {PAGE_BYTES}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                         f" PRAGMA cache_size = -{CACHE_KIB}; PRAGMA temp_store = FILE;")
    except sqlite3.Error as e:
        raise KGError(f"{path}: cannot open the build's scratch database ({e}); free disk space or set TMPDIR") from e
    return db


def _entity(entity: EntityKey) -> str:
    return f"{entity[0]}\x1f{entity[1]}"


@lru_cache(maxsize=8192)  # a sentence's text recurs in every span inside it
def _plain(text: str) -> str:
    """kg.rdf's plain literal in N-Triples form, written by pyoxigraph, as nt_term writes it."""
    return str(ox.Literal(clean_text(text)))


@lru_cache(maxsize=1 << 14)  # offsets, dates and similarity scores recur; an article's URL does not
def _literal(lexical: str, datatype: URIRef) -> str:
    """kg.rdf's typed literal in N-Triples form: through rdflib's Literal, which may normalise the lexical form."""
    return nt_term(Literal(lexical, datatype=datatype))


_INTEGER = nt_term(XSD.integer)


@lru_cache(maxsize=1 << 14)  # a span's offsets are its sentence's, or near them
def _offset(n: int) -> str:
    """kg.rdf's character offset (Graphs.offset) in N-Triples form, as _literal writes it: an int's digits are
    xsd:integer's canonical form, so rdflib's Literal, which checks and normalises, is not needed."""
    return f'"{n}"^^{_INTEGER}'


class SpooledGraphs(Graphs):
    """kg.rdf.Graphs whose triples go to a SQLite file in `folder` (a temporary folder by default).

    Its terms are N-Triples strings, as pyoxigraph writes them (kg.serialize.nt_term): the mapping's rows
    are written as they come, with no term converted one by one.
    """

    terms = Terms(nt_term)

    def __init__(self, base: str, folder: Path | None = None) -> None:
        super().__init__(check_base(base))  # minted IRIs are written unchecked: valid if the base is
        self._tmp = None if folder is not None else scratch_folder("spool")
        self.path = Path(folder if folder is not None else self._tmp.name) / "triples.sqlite"
        self.db = connect(self.path)
        self.db.executescript(_SCHEMA)
        self._rows: list[QuadRow] = []
        self._wanted: list[tuple[str, str]] = []
        self._graph_names: dict[str | None, str] = {None: ""}
        # A node's IRI from a bounded cache (Graphs interns every node's IRI, which would grow with the corpus),
        # called as it is: the mapping asks for 150 refs per article.
        self.ref = lru_cache(maxsize=REFS)(self.iri)
        self.finished = False

    # ---- filled by kg.rdf's mapping, with terms in N-Triples form
    def iri(self, kind: str, key: str | tuple[str | int, ...]) -> str:
        return f"<{mint_iri(kind, key, self.base)}>"  # pyoxigraph writes a valid IRI as it is, and minted ones are

    # The term makers are the cached functions themselves, not methods that call them: a span makes a dozen terms.
    node = staticmethod(nt_term)
    text = staticmethod(_plain)
    literal = staticmethod(_literal)
    offset = staticmethod(_offset)

    def put(self, source: str | None, triples: Iterable[Triple]) -> None:
        """Add N-Triples rows to the merged graph and, unless `source` is None, to that article's graph."""
        g = self._graph_names.get(source)
        if g is None:
            g = self._graph_names[source] = nt_term(article_graph_iri(source, self.base))
        rows = self._rows
        rows += [(g, s, p, o) for s, p, o in triples]  # a list, not a generator: a third faster on 350k rows per 1k articles
        if len(rows) >= FLUSH_ROWS:
            self._flush()

    def want(self, source: str, entities: Iterable[EntityKey]) -> None:
        g = self._graph_names.get(source) or self._graph_name(source)
        self._wanted.extend((g, _entity(e)) for e in entities)

    def put_entities(self) -> None:
        """Each entity's core triples and what it reaches, to disk, once: memory keeps none of them after."""
        rows = [(_entity(entity), s, p, o) for entity, core in self.entity_core.items() for s, p, o in core]
        reach = []
        for entity in set(self.entity_core) | set(self.entity_links):
            todo, done = [entity], set()
            while todo:
                found = todo.pop()
                if found not in done:
                    done.add(found)
                    todo.extend(self.entity_links.get(found, ()))
            reach += [(_entity(entity), _entity(found)) for found in done]
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT INTO cores VALUES (?, ?, ?, ?)", rows)
            self.db.executemany("INSERT INTO reach VALUES (?, ?)", reach)
        self.entity_core.clear()  # on disk now: finish() calls this again, and must not insert them twice
        self.entity_links.clear()

    def _graph_name(self, source: str) -> str:
        g = self._graph_names[source] = nt_term(article_graph_iri(source, self.base))
        return g

    def _flush(self) -> None:
        with self.db:  # one transaction: in autocommit mode each row would be one
            self.db.execute("BEGIN")
            self.db.executemany("INSERT INTO quads VALUES (?, ?, ?, ?)", self._rows)
            self.db.executemany("INSERT INTO wanted VALUES (?, ?)", self._wanted)
        self._rows.clear()
        self._wanted.clear()

    def finish(self) -> SpooledGraphs:
        """Sort what was put: after this the rows are read, never written."""
        if not self.finished:
            self._flush()
            self.put_entities()  # those put after add_corpus's, if any
            self.db.executescript(_FINISH)
            self.finished = True
        return self

    # ---- read by the checker, the writers, the view and the stores
    def merged_rows(self) -> Iterator[Row]:
        """The merged graph, sorted, as N-Triples rows."""
        return self.db.execute("SELECT s, p, o FROM merged ORDER BY s, p, o")

    def quad_rows(self) -> Iterator[QuadRow]:
        """Every named graph, sorted by name, then by subject, predicate and object; the merged graph among them."""
        merged = nt_term(merged_graph_iri(self.base))
        yield from self.db.execute("SELECT g, s, p, o FROM named WHERE g < ? ORDER BY g, s, p, o", (merged,))
        yield from ((merged, s, p, o) for s, p, o in self.merged_rows())
        yield from self.db.execute("SELECT g, s, p, o FROM named WHERE g > ? ORDER BY g, s, p, o", (merged,))

    def merged_text(self) -> Iterator[str]:
        """merged_rows() as N-Triples text, about LINES lines at a time."""
        return self._text("merged", "s", "s || ' ' || p || ' ' || o")

    def quads_text(self) -> Iterator[str]:
        """quad_rows() as N-Quads text, about LINES lines at a time."""
        merged = nt_term(merged_graph_iri(self.base))
        named = "s || ' ' || p || ' ' || o || ' ' || g"
        yield from self._text("named", "g", named, before=merged)
        yield from self._text("merged", "s", f"s || ' ' || p || ' ' || o || ' ' || {_sql_text(merged)}")
        yield from self._text("named", "g", named, after=merged)

    def _text(self, table: str, first: str, line: str, after: str = "", before: str | None = None) -> Iterator[str]:
        """The rows of `table` whose `first` key column is in (after, before), each as `line` + " .", joined by SQLite.

        The table is keyed by its rows in written order (first column first), so a range of its first
        column is scanned, and concatenated, in written order. Each range ends with the value of the
        LINES-th row after it, and holds all rows with that value (a subject's, or a graph's): bounded by
        one column, as comparing whole rows to the bounds costs a fifth more than the join. Joining in
        SQL spares making a Python string per row.
        """
        until = "" if before is None else f" AND {first} < ?"
        ends = () if before is None else (before,)
        join = f"SELECT group_concat({line} || ' .', char(10)) FROM {table} WHERE {first} > ?"
        while True:
            bound = self.db.execute(f"SELECT {first} FROM {table} WHERE {first} > ?{until} ORDER BY {first} LIMIT 1 OFFSET ?",
                                    (after, *ends, LINES - 1)).fetchone()
            if bound is None:
                (text,) = self.db.execute(join + until, (after, *ends)).fetchone()
            else:
                (text,) = self.db.execute(join + f" AND {first} <= ?", (after, *bound)).fetchone()
            if text:
                yield text + "\n"
            if bound is None:
                return
            (after,) = bound

    @property
    def merged(self) -> Iterator[Triple]:
        return iter_terms(self.merged_rows())

    @merged.setter
    def merged(self, value) -> None:  # Graphs.__init__ sets an in-memory set; a spool has none
        pass

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node]]:
        for *triple, g in iter_terms((s, p, o, g) for g, s, p, o in self.quad_rows()):
            yield (*triple, g)

    def article_triples(self, name: str) -> set[Triple]:
        rows = self.db.execute("SELECT s, p, o FROM named WHERE g = ?", (nt_term(article_graph_iri(name, self.base)),))
        return set(iter_terms(rows))

    def subject_groups(self) -> Iterator[tuple[str, list[Row]]]:
        """The merged graph one subject at a time, as N-Triples text: (subject, its (s, p, o) rows).

        With types_of (the rdf:types of the IRIs a subject points to), what kg.shacl checks a node with.
        """
        for subject, rows in groupby(self.merged_rows(), itemgetter(0)):  # the rows are sorted by subject
            yield subject, list(rows)

    @cached_property
    def types_of(self) -> Callable[[str], tuple[str, ...]]:
        """node -> its rdf:type objects, as N-Triples text; recent answers kept (a sentence's spans sort together)."""
        return _type_lookup(self.db)

    def uses(self, predicate: Node) -> bool:
        """Whether some triple of the merged graph has this predicate."""
        return bool(self.db.execute("SELECT 1 FROM merged WHERE p = ? LIMIT 1", (nt_term(predicate),)).fetchall())

    def index(self) -> StoredIndex:
        return StoredIndex(self.path)

    def close(self) -> None:
        """Delete the scratch database (when kg made the folder)."""
        self.db.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> SpooledGraphs:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _sql_text(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _type_lookup(db: sqlite3.Connection) -> Callable[[str], tuple[str, ...]]:
    @lru_cache(maxsize=1 << 15)
    def types_of(node: str) -> tuple[str, ...]:
        return tuple(o for (o,) in db.execute("SELECT o FROM merged WHERE p = ? AND s = ?", (TYPE, node)))

    return types_of


@lru_cache(maxsize=1 << 12)
def _iri(text: str) -> URIRef:
    return URIRef(text[1:-1])  # pyoxigraph writes an IRI as it is, between angle brackets


def iter_terms(rows: Iterable[tuple[str, ...]]) -> Iterator[tuple[Node, ...]]:
    """N-Triples rows (of any width) as tuples of rdflib terms."""
    term = term_of
    for row in rows:
        yield tuple(map(term, row))


@lru_cache(maxsize=1 << 14)  # entities, predicates and classes recur in every article
def term_of(text: str) -> Node:
    """One N-Triples term, as pyoxigraph wrote it, as the rdflib term kg.store.to_rdflib gives.

    An IRI is written as it is; a literal without a backslash holds its value as it is. Only a literal
    with escapes goes through pyoxigraph's parser.
    """
    if text[0] == "<":
        return URIRef(text[1:-1])
    end = text.rindex('"')
    value = text[1:end]
    if "\\" in value:
        return to_rdflib(next(iter(ox.parse(f"<k:> <k:> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES))).object)
    if end == len(text) - 1:
        return Literal(value)
    if text[end + 1] == "@":
        return Literal(value, lang=text[end + 2 :])
    return Literal(value, datatype=_iri(text[end + 3 :]))  # "value"^^<datatype>


class StoredIndex(TripleIndex):
    """TripleIndex's read calls answered from a finished spool, so the view holds no graph.

    A predicate with few triples (types, names, relations between entities and facts) is read whole when
    first asked, and grouped by subject or by object; one with more than BIG (a mention's entity, a span's
    sentence, a sentence's text: a row per mention) is asked row by row, by merged's (s, p, o) key and its
    (p, o) index.
    Either way rows stay N-Triples text until asked for: terms are made only of what a call returns, and
    a node asked about is found by its text (rdflib builds and compares terms in Python, slowly).
    Opened by path: the view may run in a forked child, which must not share the parent's connection.
    """

    BIG = 20_000
    AT_ONCE = 500  # subjects asked about in one query by values() and iris_of()

    def __init__(self, path: Path) -> None:  # noqa: D107 - TripleIndex's maps, here of text, filled per predicate
        self.path = path
        self._objects: dict[str, dict[str, list[str]]] = {}  # predicate's text -> subject's -> objects'
        self._subjects: dict[str, dict[str, list[str]]] = {}  # predicate's text -> object's -> subjects'
        self._db: sqlite3.Connection | None = None
        self._big: dict[Node, bool] = {}

    def read(self, sql: str, *args: str | int) -> list[tuple[str, ...]]:
        return self.stream(sql, *args).fetchall()

    def stream(self, sql: str, *args: str | int) -> sqlite3.Cursor:
        """The rows of a query, read as they are iterated: a big predicate's rows are not all held at once."""
        if self._db is None:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        return self._db.execute(sql, args)

    def big(self, predicate: Node) -> bool:
        found = self._big.get(predicate)  # kept by term: the view asks this of every call
        if found is None:
            # Counted no further than BIG, in the (p, o) index alone: counting every predicate's rows reads all of it.
            (count,) = self.read("SELECT COUNT(*) FROM (SELECT 1 FROM merged WHERE p = ? LIMIT ?)", _nt_iri(predicate), self.BIG + 1)[0]
            found = self._big[predicate] = count > self.BIG
        return found

    def predicates(self) -> list[Node]:
        return [p for (p,) in iter_terms(self.read("SELECT DISTINCT p FROM merged ORDER BY p"))]

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return map(term_of, self._objects_of_text(_nt_iri(subject), predicate))

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        if self.big(predicate):
            found = [s for (s,) in self.read("SELECT s FROM merged WHERE p = ? AND o = ?", _nt_iri(predicate), _nt_iri(obj))]
        else:
            found = self._grouped_text(self._subjects, predicate, 1).get(_nt_iri(obj), ())
        return map(term_of, found)

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        return iter_terms(self.stream("SELECT s, o FROM merged WHERE p = ? ORDER BY s, o", _nt_iri(predicate)))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return _least(self._objects_of_text(_nt_iri(subject), predicate))

    def values(self, subjects: Iterable[Node], predicate: Node) -> dict[Node, Node]:
        return {s: _least(objects) for s, objects in self._texts_of(((s, _nt_iri(s)) for s in subjects), predicate) if objects}

    def iris(self, subject: str, predicate: Node) -> list[str]:
        return [o[1:-1] for o in self._objects_of_text(f"<{subject}>", predicate) if o[0] == "<"]

    def literals(self, subject: str, predicate: Node) -> list[str]:
        return [_literal_text(o) for o in self._objects_of_text(f"<{subject}>", predicate) if o[0] == '"']

    def iris_of(self, subjects: Iterable[str], predicate: Node) -> dict[str, list[str]]:
        return {s: [o[1:-1] for o in objects if o[0] == "<"] for s, objects in self._texts_of(((s, f"<{s}>") for s in subjects), predicate)}

    def literals_of(self, subjects: Iterable[str], predicate: Node) -> dict[str, list[str]]:
        return {s: [_literal_text(o) for o in objects if o[0] == '"'] for s, objects in self._texts_of(((s, f"<{s}>") for s in subjects), predicate)}

    def iri_values(self, subjects: Iterable[str], predicate: Node) -> dict[str, str]:
        found: dict[str, str] = {}
        same: dict[str, str] = {}  # one string per object, however many subjects have it: an article holds many spans
        for s, objects in self._texts_of(((s, f"<{s}>") for s in subjects), predicate):
            iris = [o[1:-1] for o in objects if o[0] == "<"]
            if iris:
                least = iris[0] if len(iris) == 1 else min(iris)
                found[s] = same.setdefault(least, least)
        return found

    def iri_subjects(self, predicate: Node, obj: str) -> list[str]:
        obj = f"<{obj}>"
        if self.big(predicate):
            found = [s for (s,) in self.read("SELECT s FROM merged WHERE p = ? AND o = ?", _nt_iri(predicate), obj)]
        else:
            found = self._grouped_text(self._subjects, predicate, 1).get(obj, ())
        return [s[1:-1] for s in found]  # a spool holds no blank nodes: every subject is an IRI

    def iri_pairs(self, predicate: Node) -> Iterator[tuple[str, str]]:
        rows = self.stream("SELECT s, o FROM merged WHERE p = ? ORDER BY s, o", _nt_iri(predicate))
        return ((s[1:-1], o[1:-1]) for s, o in rows if o[0] == "<")

    def _texts_of(self, subjects: Iterable[tuple[Node | str, str]], predicate: Node) -> Iterator[tuple[Node | str, list[str]]]:
        """(subject, its objects' texts) for each (subject, its text) of `subjects`: of a big predicate in one
        query per AT_ONCE subjects rather than one each, and no more than those held at once."""
        if not self.big(predicate):
            by_subject = self._grouped_text(self._objects, predicate, 0)
            yield from ((s, by_subject.get(text, [])) for s, text in subjects)
            return
        subjects = iter(subjects)
        while part := list(islice(subjects, self.AT_ONCE)):
            found: dict[str, list[str]] = {text: [] for _, text in part}
            # No ORDER BY: SQLite would sort each part's rows in a temporary B-tree, 0.4 ms for a few sentences' texts.
            for s, o in self.read(f"SELECT s, o FROM merged WHERE p = ? AND s IN ({','.join('?' * len(found))})",
                                  _nt_iri(predicate), *found):
                found[s].append(o)
            yield from ((s, found[text]) for s, text in part)

    def _objects_of_text(self, subject: str, predicate: Node) -> list[str]:
        if self.big(predicate):
            return [o for (o,) in self.read("SELECT o FROM merged WHERE p = ? AND s = ?", _nt_iri(predicate), subject)]
        return self._grouped_text(self._objects, predicate, 0).get(subject, [])

    def _grouped_text(self, maps: dict, predicate: Node, key: int) -> dict[str, list[str]]:
        """A predicate read whole, as text: by subject (key 0: the objects of each) or by object (key 1: the subjects of each)."""
        p = _nt_iri(predicate)
        found = maps.get(p)
        if found is None:
            found = maps[p] = {}
            # ORDER BY o, s: the (p, o) index's own order, so no sort; a subject's objects come in o order,
            # an object's subjects in s order.
            for row in self.stream("SELECT s, o FROM merged WHERE p = ? ORDER BY o, s", p):
                node = row[key]
                group = found.get(node)
                if group is None:
                    found[node] = [row[1 - key]]
                else:
                    group.append(row[1 - key])
        return found

    def __contains__(self, triple: Triple) -> bool:
        s, p, o = triple
        return _nt_iri(o) in self._objects_of_text(_nt_iri(s), p)

    def forget(self) -> None:
        """Drop the predicates read whole (read again when asked)."""
        self._objects.clear()
        self._subjects.clear()

    def __getstate__(self):
        return {"path": self.path}

    def __setstate__(self, state) -> None:
        self.__init__(state["path"])


def _literal_text(text: str) -> str:
    """str() of the literal an N-Triples term is, made without the literal where it holds no escape and no datatype (rdflib normalises typed values)."""
    end = text.rindex('"')
    if end == len(text) - 1 or text[end + 1] == "@":
        value = text[1:end]
        if "\\" not in value:
            return value
    return str(term_of(text))


def _least(texts: list[str]) -> Node | None:
    """The least of some terms as text compares them (TripleIndex.value's choice), or None."""
    if not texts:
        return None
    return term_of(texts[0]) if len(texts) == 1 else min(map(term_of, texts), key=str)


def _nt_iri(node: Node) -> str:
    """nt_term(node), without a trip through pyoxigraph for an IRI, the term asked about most: pyoxigraph writes it as it is, in angle brackets."""
    return f"<{node}>" if type(node) is URIRef else nt_term(node)


def build_spool(corpus, base: str, folder: Path | None = None, details: tuple[Iterable[Reading], Keys] | None = None) -> SpooledGraphs:
    """Map a Corpus to triples on disk and sort them; see kg.rdf.build_graphs for the in-memory twin.

    `details`, for a Corpus from kg.resolve.resolve_facts: the whole readings (kg.shelf) and the keys that
    add their mentions and sentences, one article at a time.
    """
    graphs = SpooledGraphs(base, folder)
    try:
        graphs.add_corpus(corpus)
        if details is not None:
            readings, keys = details
            for reading in readings:
                graphs.add_details(reading, keys)
        return graphs.finish()
    except sqlite3.Error as e:
        graphs.close()
        raise KGError(f"{graphs.path}: the build's scratch database failed ({e}); free disk space or set TMPDIR") from e
