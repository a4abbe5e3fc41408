"""Run SPARQL query files against a graph file; print results as a table, CSV, TSV or SPARQL JSON.

Every back end (a graph file in pyoxigraph or rdflib, a store, a server) reads its query through
read_query, so a query is refused, or answered, alike everywhere: an undeclared prefix is an error
even where rdflib would lend its own, errors name the file with line and column, and the pieces of a
GROUP_CONCAT, whose order SPARQL leaves to each engine, are put in one order (order_concatenations).
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyparsing import ParseException, ParseResults
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import NamespaceManager
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KGError
from kg.serialize import format_term, serialize
from kg.shipped import shipped_queries
from kg.text import counted

FORMATS = ("table", "csv", "tsv", "json")
ENGINES = ("oxigraph", "rdflib")

# Suffix -> (rdflib parser, whether the syntax carries named graphs).
GRAPH_FORMATS = {
    ".ttl": ("turtle", False),
    ".nt": ("nt", False),
    ".trig": ("trig", True),
    ".nq": ("nquads", True),
    ".jsonld": ("json-ld", True),
}
OXIGRAPH_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}

Row = tuple[Node | None, ...]


@dataclass(frozen=True)
class Query:
    """A SPARQL query file read and checked: its text, and its GROUP_CONCAT columns with their separators."""

    path: Path
    text: str
    concatenations: tuple[tuple[str, str], ...]


def find_query(name: str | Path) -> Path:
    """The query file `name` stands for: a path to a file, or the name of a shipped query ("persons")."""
    path = Path(name)
    if path.is_file() or path.suffix == ".rq" or len(path.parts) > 1:
        return path
    shipped = shipped_queries()
    if str(name) in shipped:
        return shipped[str(name)]
    raise KGError(f"{name}: no such query file, nor a shipped query of that name; `kg queries` lists them")


def list_queries() -> str:
    """One line per shipped query: its name and the first line of its opening comment."""
    shipped = shipped_queries()
    width = max(map(len, shipped), default=0)
    lines = []
    for name, path in shipped.items():
        first = path.read_text(encoding="utf-8").splitlines()[:1] or [""]
        lines.append(f"{name.ljust(width)}  {first[0].lstrip('#').strip()}")
    return "\n".join(lines) + "\n"


def read_query(query_path: Path) -> Query:
    """Read and check a SPARQL query file; a KGError names the file, line and column of what is wrong."""
    query_path = Path(query_path)
    try:
        text = query_path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise KGError(f"{query_path}: no such query file; `kg queries` lists the shipped ones") from e
    except IsADirectoryError as e:
        raise KGError(f"{query_path}: is a folder; give a query file, or the name of a shipped one (`kg queries` lists them)") from e
    except UnicodeDecodeError as e:
        raise KGError(f"{query_path}: not valid UTF-8 at byte {e.start}; re-save it as UTF-8") from e
    except OSError as e:
        raise KGError(f"{query_path}: cannot read the query ({e})") from e
    return check_query(text, query_path)


def check_query(text: str, query_path: Path | str = "<query>") -> Query:
    """Check SPARQL text as read_query does; `query_path` is the name errors give it."""
    query_path = Path(query_path)
    if m := _UPDATE.match(text):
        raise KGError(
            f"{query_path}: {m['verb'].upper()} is a SPARQL UPDATE, and kg only reads graphs; "
            "write a SELECT, ASK, CONSTRUCT or DESCRIBE query"
        )
    try:
        parsed = parseQuery(text)
    except ParseException as e:
        raise KGError(f"{query_path}:{e.lineno}:{e.col}: SPARQL syntax error: {_one_line(e.msg)}; near {e.line.strip()!r}") from e
    declared = {decl.prefix or "" for decl in parsed[0] if decl.name == "PrefixDecl"}
    for prefix in _prefixes_used(parsed[1]):
        if prefix not in declared:
            line, col = _locate(text, prefix + ":")
            known = dict(NamespaceManager(Graph()).namespaces()).get(prefix)
            fix = f"PREFIX {prefix}: <{known}>" if known else f"PREFIX {prefix}: <...>"
            raise KGError(f"{query_path}:{line}:{col}: prefix '{prefix}:' is not declared; add `{fix}` at the top")
    try:
        algebra = translateQuery(parsed).algebra
    except Exception as e:  # rdflib raises bare Exceptions for semantic errors
        line, col = _locate(text, "")
        raise KGError(f"{query_path}:{line}:{col}: SPARQL error: {_one_line(e)}") from e
    return Query(query_path, text, tuple(_concatenations(algebra)))


# An UPDATE: its first keyword after comments, PREFIX and BASE declarations.
_UPDATE = re.compile(
    r"(?:\s+|#[^\n]*+|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*+"  # possessive: a comment is never cut short
    r"(?P<verb>INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.I,
)


def order_concatenations(query: Query, names: list[str], rows: list[Row]) -> list[Row]:
    """Rows with the pieces of each GROUP_CONCAT column sorted: every engine's answer, one string."""
    columns = [(names.index(name), separator) for name, separator in query.concatenations if name in names]
    if not columns:
        return rows
    out = []
    for row in rows:
        row = list(row)
        for i, separator in columns:
            value = row[i]
            if isinstance(value, Literal) and separator and separator in value:
                row[i] = Literal(separator.join(sorted(str(value).split(separator))), lang=value.language, datatype=value.datatype)
        out.append(tuple(row))
    return out


def oxigraph_error(query: Query, e: SyntaxError) -> KGError:
    """Oxigraph's refusal ("error at 2:10: expected ...") as one line naming the query file, line and column."""
    message = str(e).splitlines()[0] if str(e) else "not valid SPARQL"
    where = ""
    if message.startswith("error at ") and ":" in message[9:]:
        position, _, message = message[9:].partition(": ")
        where = f":{position}"
    return KGError(f"{query.path}{where}: SPARQL error in Oxigraph: {message[:200]}")


def load_graph(path: Path) -> Graph:
    """Parse a .ttl, .nt, .trig, .nq or .jsonld file into an rdflib Graph holding every triple of the file once.

    pyoxigraph parses (fourteen times faster than rdflib's parsers on a large file); the named graphs
    of a .trig, .nq or .jsonld are merged, as the default graph of the file's dataset.
    """
    from kg.store import to_rdflib

    path = Path(path)
    _graph_format(path)
    fmt = OXIGRAPH_FORMATS[path.suffix.lower()]
    graph = Graph()
    terms: dict = {}

    def term(node):
        found = terms.get(node)
        if found is None:
            found = terms[node] = to_rdflib(node)
        return found

    try:
        graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri()))
    except (SyntaxError, ValueError) as e:
        raise KGError(f"{path}: not valid {fmt.name}: {_one_line(e)}; fix the file or rebuild it with `kg build`") from e
    except OSError as e:
        raise KGError(f"{path}: cannot read it ({e})") from e
    return graph


def load_oxigraph(path: Path) -> ox.Store:
    """Parse a graph file into an in-memory Oxigraph store whose default graph holds every triple of the file once."""
    path = Path(path)
    _, quads = _graph_format(path)
    store = ox.Store()
    try:
        store.load(path=str(path), format=OXIGRAPH_FORMATS[path.suffix.lower()], base_iri=path.resolve().as_uri())
    except (SyntaxError, ValueError) as e:
        raise KGError(f"{path}: not valid {OXIGRAPH_FORMATS[path.suffix.lower()].name}: {_one_line(e)}; fix the file or rebuild it with `kg build`") from e
    except OSError as e:
        raise KGError(f"{path}: cannot read it ({e})") from e
    if quads:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def run_query(query_path: Path, graph_path: Path, fmt: str = "table", bindings: dict | None = None, engine: str = "oxigraph") -> str:
    """Run the SPARQL in `query_path` on the graph in `graph_path` with `engine`; `bindings` maps variable names to values.

    A str binding is a plain literal, or an IRI when written <like-this>; rdflib terms pass as they are.
    """
    if fmt not in FORMATS:
        raise KGError(f"unknown result format {fmt!r}; use one of {', '.join(FORMATS)}")
    if engine not in ENGINES:
        raise KGError(f"unknown query engine {engine!r}; use one of {', '.join(ENGINES)}")
    query_path, graph_path = Path(query_path), Path(graph_path)
    query = read_query(query_path)
    if not graph_path.exists():
        raise KGError(f"{graph_path}: no such graph file; run `kg build INPUTS -o {graph_path.parent}` first")
    init = {Variable(name.lstrip("?$")): _to_term(value) for name, value in (bindings or {}).items()}
    if engine == "rdflib":
        graph = load_graph(graph_path)
        try:
            result = graph.query(query.text, initBindings=init)
            return format_result(result, fmt, query)  # rdflib evaluates lazily: errors (a SERVICE that fails) come here
        except KGError:
            raise
        except Exception as e:  # evaluation errors surface as assorted rdflib/Python types
            raise KGError(f"{query_path}: query failed on {graph_path}: {_one_line(e)}") from e
    from kg.store import to_oxigraph

    store = load_oxigraph(graph_path)
    substitutions = {ox.Variable(str(name)): to_oxigraph(value) for name, value in init.items()}
    try:
        result = store.query(query.text, substitutions=substitutions)
        return format_oxigraph(result, fmt, query)  # solutions come lazily: a SERVICE that fails, fails here
    except SyntaxError as e:
        raise oxigraph_error(query, e) from e
    except OSError as e:
        raise KGError(f"{query_path}: query failed on {graph_path}: {_one_line(e)}") from e


def oxigraph_select(query: Query, result: ox.QuerySolutions) -> tuple[list[str], list[Row]]:
    """Variable names and rows of rdflib terms (None when unbound) of an Oxigraph SELECT, concatenations ordered."""
    from kg.store import to_rdflib

    names = [v.value for v in result.variables]
    rows = [tuple(to_rdflib(solution[name]) for name in names) for solution in result]
    return names, order_concatenations(query, names, rows)


def format_oxigraph(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str, query: Query) -> str:
    """Render an Oxigraph result as `format_result` renders rdflib's."""
    if isinstance(result, ox.QueryBoolean):
        return _ask(bool(result), fmt)
    if isinstance(result, ox.QueryTriples):
        from kg.store import to_rdflib

        graph = Graph()
        for triple in result:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return serialize(graph, "turtle").decode("utf-8")
    return format_rows(*oxigraph_select(query, result), fmt)


def format_result(result: Result, fmt: str, query: Query | None = None) -> str:
    """Render an rdflib query result as table, csv, tsv or json (SPARQL 1.1 Query Results JSON)."""
    if result.type == "ASK":
        return _ask(bool(result.askAnswer), fmt)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return serialize(result.graph, "turtle").decode("utf-8")
    names = [str(v) for v in result.vars or ()]
    rows = [tuple(row) for row in result]
    return format_rows(names, order_concatenations(query, names, rows) if query else rows, fmt)


def format_rows(names: list[str], rows: list[tuple[Node | None, ...]], fmt: str) -> str:
    """Render SELECT rows (rdflib terms, None when unbound) as table, csv, tsv or json."""
    if fmt not in FORMATS:
        raise KGError(f"unknown result format {fmt!r}; use one of {', '.join(FORMATS)}")
    rows = [[row[i] if i < len(row) else None for i in range(len(names))] for row in rows]
    if fmt == "json":
        return _json(names, rows)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([["" if v is None else str(v) for v in row] for row in rows])
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join("" if v is None else _tsv_term(v) for v in row) for row in rows]
        return "\n".join(lines) + "\n"
    return _table(names, rows)


def _graph_format(path: Path) -> tuple[str, bool]:
    suffix = path.suffix.lower()
    if suffix not in GRAPH_FORMATS:
        raise KGError(f"{path}: unknown graph format {suffix or '(no suffix)'!r}; use one of {', '.join(GRAPH_FORMATS)}")
    if not path.is_file():
        raise KGError(f"{path}: no such graph file; check the path")
    if suffix == ".jsonld":
        _check_no_remote_context(path)
    return GRAPH_FORMATS[suffix]


def _check_no_remote_context(path: Path) -> None:
    """Raise KGError if a JSON-LD file names a context by URL: a parser would fetch it, and input must never cause network access."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as e:
        raise KGError(f"{path}: not valid JSON-LD: {_one_line(e)}; fix the file or rebuild it with `kg build`") from e
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            context = value.get("@context")
            for item in context if isinstance(context, list) else [context]:
                if isinstance(item, str) or (isinstance(item, dict) and "@import" in item):
                    url = item if isinstance(item, str) else item["@import"]
                    raise KGError(f"{path}: its @context is fetched from {url!r}, and kg reads no input from the network; embed the context in the file")
            stack.extend(value.values())


def _prefixes_used(tree: object) -> list[str]:
    """The prefixes of the prefixed names in a parsed query, in order of appearance."""
    found: list[str] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "pname":
                found.append(node.get("prefix") or "")
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(reversed(list(node)))
    return list(dict.fromkeys(found))


def _concatenations(algebra: CompValue) -> list[tuple[str, str]]:
    """(projected variable, separator) of each GROUP_CONCAT in the query's algebra, subqueries included."""
    aggregates: dict[Variable, str] = {}
    renames: dict[Variable, Variable] = {}
    stack: list[object] = [algebra]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "Aggregate_GroupConcat":
                aggregates[node.res] = str(node.separator) if node.get("separator") is not None else " "
            elif node.name == "Extend" and isinstance(node.expr, Variable):
                renames[node.expr] = node.var
            stack.extend(v for k, v in node.items() if k != "_vars")
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return sorted((str(renames.get(res, res)), sep) for res, sep in aggregates.items())


def _locate(text: str, word: str) -> tuple[int, int]:
    """Line and column of the first `word` outside comments, strings and IRIs (1, 1 when not found)."""
    in_comment = in_iri = False
    quote = ""
    line, col = 1, 1
    for i, ch in enumerate(text):
        if in_comment:
            in_comment = ch != "\n"
        elif quote:
            if text.startswith(quote, i) and text[i - 1] != "\\":
                quote = ""
        elif in_iri:
            in_iri = ch != ">"
        elif ch == "#":
            in_comment = True
        elif ch in "'\"":
            quote = ch
        elif ch == "<" and text[i + 1:i + 2] not in (" ", "=", "\n"):
            in_iri = True
        elif word and text.startswith(word, i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_-.:?$")):
            return line, col
        if ch == "\n":
            line, col = line + 1, 1
        else:
            col += 1
    return 1, 1


def _ask(answer: bool, fmt: str) -> str:
    return json.dumps({"head": {}, "boolean": answer}, indent=2) + "\n" if fmt == "json" else f"{str(answer).lower()}\n"


def _to_term(value: object) -> Node:
    if isinstance(value, Node):
        return value
    text = str(value)
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    return Literal(text)


def _json(names: list[str], rows: list[list[Node | None]]) -> str:
    bindings = []
    for row in rows:
        binding = {}
        for name, value in zip(names, row):
            if value is None:
                continue
            if isinstance(value, URIRef):
                binding[name] = {"type": "uri", "value": str(value)}
            elif isinstance(value, BNode):
                binding[name] = {"type": "bnode", "value": str(value)}
            else:
                term = {"type": "literal", "value": str(value)}
                if value.language:
                    term["xml:lang"] = value.language
                elif value.datatype:
                    term["datatype"] = str(value.datatype)
                binding[name] = term
        bindings.append(binding)
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _tsv_term(value: Node) -> str:
    if isinstance(value, BNode):
        return f"_:{value}"
    return format_term(value, prefixed=False)


def _table(names: list[str], rows: list[list[Node | None]]) -> str:
    """Aligned columns; newlines and tabs in values shown as \\n and \\t so each row stays one line."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(n), *(len(r[i]) for r in cells)]) for i, n in enumerate(names)]
    fmt = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    lines = [fmt(names), fmt(["-" * w for w in widths]), *(fmt(r) for r in cells)]
    lines.append(f"({counted(len(rows), 'row')})")
    return "\n".join(lines) + "\n"


def _cell(value: Node | None) -> str:
    if value is None:
        return ""
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _one_line(e: object) -> str:
    return " ".join(str(e).split())
