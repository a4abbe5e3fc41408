"""Run SPARQL query files against a graph file; print results as a table, CSV, TSV or SPARQL JSON."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pyparsing import ParseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KGError
from kg.rdf import format_term, serialize

FORMATS = ("table", "csv", "tsv", "json")

# Suffix -> (rdflib parser, whether the syntax carries named graphs).
GRAPH_FORMATS = {
    ".ttl": ("turtle", False),
    ".nt": ("nt", False),
    ".trig": ("trig", True),
    ".nq": ("nquads", True),
    ".jsonld": ("json-ld", True),
}


def load_graph(path: Path) -> Graph | Dataset:
    """Parse a .ttl, .nt, .trig, .nq or .jsonld file; a Dataset's default graph is the union of its graphs."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in GRAPH_FORMATS:
        raise KGError(f"{path}: unknown graph format {suffix or '(no suffix)'!r}; use one of {', '.join(GRAPH_FORMATS)}")
    if not path.is_file():
        raise KGError(f"{path}: no such graph file; check the path")
    fmt, quads = GRAPH_FORMATS[suffix]
    graph: Graph | Dataset = Dataset(default_union=True) if quads else Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many types (BadSyntax, ValueError, JSON errors...)
        raise KGError(f"{path}: not valid {fmt}: {_one_line(e)}; fix the file or rebuild it with `kg build`") from e
    return graph


def run_query(query_path: Path, graph_path: Path, fmt: str = "table", bindings: dict | None = None) -> str:
    """Run the SPARQL in `query_path` on the graph in `graph_path`; `bindings` maps variable names to values.

    A str binding is a plain literal, or an IRI when written <like-this>; rdflib terms pass as they are.
    """
    if fmt not in FORMATS:
        raise KGError(f"unknown result format {fmt!r}; use one of {', '.join(FORMATS)}")
    query_path, graph_path = Path(query_path), Path(graph_path)
    query = _prepare(query_path)
    if not graph_path.exists():
        raise KGError(f"{graph_path}: no such graph file; run `kg build INPUTS -o {graph_path.parent}` first")
    graph = load_graph(graph_path)
    init = {Variable(name.lstrip("?$")): _to_term(value) for name, value in (bindings or {}).items()}
    try:
        result = graph.query(query, initBindings=init)
    except Exception as e:  # evaluation errors surface as assorted rdflib/Python types
        raise KGError(f"{query_path}: query failed on {graph_path}: {_one_line(e)}") from e
    return format_result(result, fmt)


def format_result(result: Result, fmt: str) -> str:
    """Render a query result as table, csv, tsv or json (SPARQL 1.1 Query Results JSON)."""
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        return json.dumps({"head": {}, "boolean": answer}, indent=2) + "\n" if fmt == "json" else f"{str(answer).lower()}\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return serialize(result.graph, "turtle").decode("utf-8")
    names = [str(v) for v in result.vars or ()]
    return format_rows(names, [tuple(row) for row in result], fmt)


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


def _prepare(query_path: Path):
    try:
        text = query_path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise KGError(f"{query_path}: no such query file; see queries/ for the shipped ones") from e
    except UnicodeDecodeError as e:
        raise KGError(f"{query_path}: not valid UTF-8 at byte {e.start}; re-save it as UTF-8") from e
    try:
        return prepareQuery(text)
    except ParseException as e:
        raise KGError(f"{query_path}:{e.lineno}:{e.col}: SPARQL syntax error: {_one_line(e.msg)}; near {e.line.strip()!r}") from e
    except Exception as e:  # e.g. an undeclared prefix, raised as a bare Exception by rdflib
        line, col = _locate(text, str(e))
        raise KGError(f"{query_path}:{line}:{col}: SPARQL error: {_one_line(e)}") from e


def _locate(text: str, message: str) -> tuple[int, int]:
    """Best guess at where an error without a position lies: the first quoted word of the message found in the text."""
    for word in message.replace('"', "'").split("'")[1::2] or message.split()[-1:]:
        pos = text.find(word + ":") if word else -1
        if pos >= 0:
            line = text.count("\n", 0, pos) + 1
            return line, pos - (text.rfind("\n", 0, pos) + 1) + 1
    return 1, 1


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
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(value: Node | None) -> str:
    if value is None:
        return ""
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _one_line(e: object) -> str:
    return " ".join(str(e).split())
