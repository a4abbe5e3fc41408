"""A SPARQL server as kg's store: push a built graph through the SPARQL 1.1 Graph Store HTTP Protocol, query it.

URLs: `endpoint` is the server's SPARQL query URL. Its Graph Store URL is derived the way
common servers lay them out -- Oxigraph: /query -> /store (a bare http://host:port means
Oxigraph's layout); Virtuoso: /sparql -> /sparql-graph-crud; Fuseki: the dataset URL
serves both -- or given explicitly.

Every graph is sent with PUT, which replaces that graph, so loading the same build twice
leaves the server as one load did. Queries run with the merged graph (the content of
graph.ttl) as their default graph, through the standard default-graph-uri parameter, so they
answer as `kg query --graph out/graph.ttl` does whatever else the server holds.
"""
from __future__ import annotations

import http.client
import json
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.iris import DEFAULT_BASE
from kg.rdf import merged_graph_iri
from kg.text import counted

if TYPE_CHECKING:
    from kg.query import Query

Row = tuple[Node | None, ...]

RDF_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
DURATION = "http://www.w3.org/2001/XMLSchema#duration"
TIMEOUT = 120  # seconds for one request; a large graph PUT on a slow server takes a while


def endpoint_urls(endpoint: str, graph_store: str | None = None) -> tuple[str, str]:
    """The (query URL, Graph Store URL) of a server given by its query URL."""
    parts = _split_url(endpoint, "endpoint")
    if graph_store is not None:
        _split_url(graph_store, "--graph-store")
    path = parts.path.rstrip("/")
    if not path:
        query, store = "/query", "/store"
    elif path.endswith("/query"):
        query, store = path, path[: -len("/query")] + "/store"
    elif path.endswith("/sparql"):
        query, store = path, path + "-graph-crud"
    else:
        query, store = path, path
    url = lambda p: urlunsplit((parts.scheme, parts.netloc, p, "", ""))  # noqa: E731
    return url(query), graph_store or url(store)


def _split_url(url: str, what: str) -> SplitResult:
    """The parts of an http(s) URL; KGError naming the fix for anything http.client would choke on."""
    fix = "give the SPARQL query URL, e.g. http://127.0.0.1:7878/query"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as e:
        raise KGError(f"{what} {url!r} is not a valid URL ({e}); {fix}") from e
    if any(c.isspace() or not c.isprintable() for c in url):
        raise KGError(f"{what} {url!r} holds a space or control character; percent-encode it, or {fix}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KGError(f"{what} {url!r} is not an http(s) URL; {fix}")
    return parts


def load_endpoint(graph_path: Path, endpoint: str, *, graph_store: str | None = None, base: str = DEFAULT_BASE) -> str:
    """PUT every graph of `graph_path` (.trig/.nq keep their named graphs; .ttl/.nt go to the merged graph); return a summary."""
    graphs = read_graphs(graph_path, merged_graph_iri(base))
    _, store_url = endpoint_urls(endpoint, graph_store)
    triples = 0
    with _Client(store_url) as client:
        for name in sorted(graphs):
            body = ox.serialize(sorted(graphs[name], key=str), format=ox.RdfFormat.N_TRIPLES)
            client.request("PUT", {"graph": name}, body, {"Content-Type": "application/n-triples"})
            triples += len(graphs[name])
    return f"loaded {counted(len(graphs), 'graph')} ({counted(triples, 'triple')}) from {graph_path} into {store_url}"


def read_graphs(graph_path: Path, default_graph: str) -> dict[str, list[ox.Triple]]:
    """Triples of each graph in the file, parsed strictly; triples outside any named graph go to `default_graph`."""
    fmt = RDF_FORMATS.get(graph_path.suffix.lower())
    if fmt is None:
        raise KGError(f"{graph_path}: unknown RDF file type; give a {', '.join(RDF_FORMATS)} file as kg build writes it")
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    try:
        for quad in ox.parse(path=str(graph_path), format=fmt):
            name = default_graph if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            if isinstance(quad.graph_name, ox.BlankNode):
                raise KGError(f"{graph_path}: a graph named by a blank node cannot be addressed over HTTP; name it with an IRI")
            graphs[name].append(quad.triple)
    except SyntaxError as e:
        raise KGError(f"{graph_path}: not valid {fmt.name}: {e}") from e
    except OSError as e:
        raise KGError(f"{graph_path}: cannot read it ({e})") from e
    return dict(graphs)


def select_endpoint(query: str | Query, endpoint: str, *, default_graph: str | None) -> tuple[list[str], list[Row]]:
    """Run a SELECT query (text, or read by kg.query.read_query) at the endpoint; return its variable names and rows of rdflib terms (None when unbound)."""
    from kg.query import check_query, order_concatenations

    if isinstance(query, str):
        query = check_query(query)
    query_url, _ = endpoint_urls(endpoint)
    form = [("query", query.text)] + ([("default-graph-uri", default_graph)] if default_graph else [])
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    with _Client(query_url) as client:
        body = client.request("POST", {}, urlencode(form).encode("utf-8"), headers)
    try:
        data = json.loads(body)
        names = data["head"]["vars"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise TypeError("head.vars is not a list of names")
        rows = [tuple(_term(b.get(n)) for n in names) for b in data["results"]["bindings"]]
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise KGError(f"{query_url}: the answer is not SPARQL JSON results ({type(e).__name__}: {e}); is it a SPARQL endpoint, and the query a SELECT?") from e
    return names, order_concatenations(query, names, rows)


def query_endpoint(query_path: Path, endpoint: str, fmt: str = "table", *, base: str = DEFAULT_BASE) -> str:
    """Run the query in `query_path` at the endpoint, formatted like `kg query --graph`."""
    from kg.query import format_rows, read_query

    names, rows = select_endpoint(read_query(query_path), endpoint, default_graph=str(merged_graph_iri(base)))
    return format_rows(names, rows, fmt)


def _term(value: dict[str, str] | None) -> Node | None:
    """A term of SPARQL JSON results as the rdflib term rdflib's own query engine would give."""
    if value is None:
        return None
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):  # "typed-literal": SPARQL 1.0 JSON, still sent by Virtuoso
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype in (None, "http://www.w3.org/2001/XMLSchema#string"):
            return Literal(value["value"])
        if datatype == DURATION and not value["value"].lstrip("-").startswith("P"):
            return Literal(_virtuoso_duration(value["value"]), datatype=URIRef(datatype))
        return Literal(value["value"], datatype=URIRef(datatype))
    raise KGError(f"unexpected term {value!r} in SPARQL results")


def _virtuoso_duration(number: str) -> str:
    """The canonical xsd:duration of the number Virtuoso 7 keeps instead: months for a whole number, else seconds.

    Virtuoso stores "P10Y" as 120 (months) and "P30D" as 2.592e+06 (seconds), and answers with those.
    """
    try:
        amount = float(number)
    except ValueError as e:
        raise KGError(f"the server answered {number!r} for an xsd:duration; kg cannot read it as months or seconds") from e
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    if "." not in number and "e" not in number.lower():
        years, months = divmod(int(amount), 12)
        return sign + "P" + ((f"{years}Y" if years else "") + (f"{months}M" if months else "") or "0D")
    days, rest = divmod(amount, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    seconds_text = format(seconds, "f").rstrip("0").rstrip(".")
    time = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "") + (f"{seconds_text}S" if seconds else "")
    text = (f"{int(days)}D" if days else "") + (f"T{time}" if time else "")
    return sign + "P" + (text or "0D")


class _Client:
    """One keep-alive HTTP connection to one URL; a non-2xx answer raises KGError with the server's words."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.url, self.path = url, parts.path or "/"
        self.query = parts.query
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self.conn = cls(parts.netloc, timeout=TIMEOUT)

    def __enter__(self) -> _Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    def request(self, method: str, params: dict[str, str], body: bytes, headers: dict[str, str]) -> bytes:
        query = "&".join(q for q in (self.query, urlencode(params)) if q)
        target = self.path + ("?" + query if query else "")
        try:
            self.conn.request(method, target, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as e:
            raise KGError(f"{self.url}: cannot reach the server ({e}); is it running, and the URL right?") from e
        if not 200 <= response.status < 300:
            words = data.decode("utf-8", errors="replace").strip().splitlines()
            raise KGError(f"{self.url}: {method} answered {response.status} {response.reason}: {' '.join(words)[:300]}")
        return data
