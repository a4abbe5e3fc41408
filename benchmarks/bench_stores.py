"""Load and query times of kg's graph in rdflib, the pyoxigraph store, an Oxigraph server and Virtuoso.

python -m benchmarks.bench_stores [--seeds-out OUT] [--articles 10000] [--skip-rdflib-queries]

Two graphs: the seeds build (OUT of `kg build seeds -o OUT`, built here when not given) and a
synthetic graph of N articles whose records are generated directly (no spaCy), with the shape
of real readings: a recurring cast, mentions, a meeting, a claim and now and then an agreement
per article. Servers run on free 127.0.0.1 ports in a temporary folder and are stopped by PID.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pycountry
from rdflib import Dataset, Graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from servers import Virtuoso, free_port, require_tool, stop, wait_for_http  # noqa: E402

from kg.endpoint import load_endpoint, select_endpoint  # noqa: E402
from kg.rdf import build_dataset, merged_graph_iri  # noqa: E402
from kg.serialize import serialize  # noqa: E402
from kg.records import (  # noqa: E402
    COUNTRY, PERSON, Agreement, Claim, Corpus, Country, Evidence, Meeting, Mention, Person, Ref, Source,
)
from kg.store import select_store, write_store  # noqa: E402

QUERIES = ["persons.rq", "countries.rq", "mentions.rq", "meetings.rq", "agreements.rq", "claims.rq"]
GRAPH = str(merged_graph_iri())


def synthetic_corpus(n: int, seed: int = 7) -> Corpus:
    """Records of `n` invented articles: 320 people, 60 countries, ~4 mentions, a meeting and a claim each."""
    rng = random.Random(seed)
    nations = sorted(pycountry.countries, key=lambda c: c.alpha_2)[:60]
    countries = tuple(Country(c.alpha_2, c.name, c.alpha_3) for c in nations)
    persons = tuple(
        Person(f"person-{i}", f"Person {i} O'Name", (f"O'Name {i}",), ("Foreign Minister",), rng.choice(countries).key) for i in range(320)
    )
    sources, mentions, meetings, claims, agreements = [], [], [], [], []
    for i in range(n):
        name = f"article-{i:05d}.txt"
        a, b = rng.sample(persons, 2)
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(1000))
        sentence = f'{a.name} met {b.name} on {day:%d %B %Y}. "We agree on trade {i}," {a.name} said.'
        ev = lambda s, e: Evidence(name, s, e, 0, len(sentence), sentence)  # noqa: E731
        sources.append(Source(name, f"Talks {i}", day + timedelta(days=1), f"https://news.example/{i}", "Meridian Daily"))
        mentions += [
            Mention(Ref(PERSON, a.key), a.name, ev(0, len(a.name))),
            Mention(Ref(PERSON, b.key), b.name, ev(len(a.name) + 5, len(a.name) + 5 + len(b.name))),
            Mention(Ref(COUNTRY, a.country), a.country, ev(1, 2)),
            Mention(Ref(COUNTRY, b.country), b.country, ev(3, 4)),
        ]
        meetings.append(Meeting(f"meeting-{i}", tuple(sorted((a.key, b.key))), date=day, date_text=f"{day:%d %B %Y}", evidence=(ev(len(a.name) + 1, len(a.name) + 4),)))
        claims.append(Claim(f"claim-{i}", Ref(PERSON, a.key), f"We agree on trade {i},", (Ref(COUNTRY, b.country),), (ev(60, 80),)))
        if i % 10 == 0 and a.country != b.country:
            agreements.append(Agreement(f"agreement-{i}", f"Trade pact {i}", tuple(sorted({a.country, b.country})), tuple(sorted((a.key, b.key))), "P5Y", day, (ev(5, 9),)))
    return Corpus(tuple(sources), persons, countries, (), (), tuple(mentions), tuple(meetings), tuple(agreements), tuple(claims))


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def query_texts() -> dict[str, str]:
    return {q: (ROOT / "queries" / q).read_text(encoding="utf-8") for q in QUERIES}


def read_dataset(trig: Path) -> Dataset:
    """graph.trig with its named graphs, as an rdflib Dataset for write_store (kg.query.load_graph merges them)."""
    import pyoxigraph as ox

    from kg.store import to_rdflib

    dataset = Dataset()
    for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        graph = dataset.default_graph if isinstance(quad.graph_name, ox.DefaultGraph) else dataset.graph(to_rdflib(quad.graph_name))
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return dataset


def bench(label: str, ttl: Path, trig: Path, dataset, work: Path, rdflib_queries: bool) -> list[tuple]:
    rows = []
    queries = query_texts()

    def add(store: str, load: float, times: dict[str, float], counts: dict[str, int]):
        rows.append((label, store, load, times, counts))
        print(f"{label:10} {store:16} load {load:8.2f}s  " + "  ".join(f"{q[:-3]} {times[q]:.3f}s/{counts[q]}" for q in QUERIES), flush=True)

    # rdflib: parse graph.ttl, query in memory.
    t_load, graph = timed(lambda: Graph().parse(ttl, format="turtle"))
    times, counts = {}, {}
    for q, text in queries.items():
        if rdflib_queries:
            times[q], result = timed(lambda: list(graph.query(text)))
            counts[q] = len(result)
        else:
            times[q], counts[q] = float("nan"), -1
    add("rdflib", t_load, times, counts)
    graph = None  # free the parsed graph before the stores load theirs

    # pyoxigraph on-disk store.
    store_dir = work / f"{label}-store"
    t_load, _ = timed(lambda: write_store(dataset, store_dir))
    times, counts = {}, {}
    for q, text in queries.items():
        times[q], (_, result) = timed(lambda: select_store(text, store_dir))
        counts[q] = len(result)
    add("pyoxigraph store", t_load, times, counts)

    # Oxigraph server, loaded through the Graph Store Protocol.
    binary = require_tool("oxigraph", "pip install oxigraph")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(work / f"{label}-oxi"), "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(url + "/", proc, timeout=30)
        t_load, _ = timed(lambda: load_endpoint(trig, url))
        times, counts = {}, {}
        for q, text in queries.items():
            times[q], (_, result) = timed(lambda: select_endpoint(text, url, default_graph=GRAPH))
            counts[q] = len(result)
        add("oxigraph server", t_load, times, counts)
    finally:
        stop(proc)

    # Virtuoso, bulk-loading graph.ttl.
    folder = work / f"{label}-virtuoso"
    folder.mkdir()
    (folder / "graph.ttl").write_bytes(ttl.read_bytes())
    server = Virtuoso(folder)
    try:
        t_load, errors = timed(lambda: server.bulk_load(folder, "graph.ttl", GRAPH))
        assert errors == [], errors
        times, counts = {}, {}
        for q, text in queries.items():
            times[q], (_, result) = timed(lambda: select_endpoint(text, server.sparql, default_graph=GRAPH))
            counts[q] = len(result)
        add("virtuoso", t_load, times, counts)
    finally:
        server.stop()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-out", type=Path, help="output folder of 'kg build seeds' (built here if missing)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--skip-rdflib-queries", action="store_true", help="rdflib queries on the large graph take minutes")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = Path(tmp)
        seeds_out = args.seeds_out
        if seeds_out is None:
            from kg.pipeline import build

            seeds_out = work / "seeds-out"
            build([ROOT / "seeds"], seeds_out)
        seeds_ds = read_dataset(seeds_out / "graph.trig")
        bench("seeds", seeds_out / "graph.ttl", seeds_out / "graph.trig", seeds_ds, work, rdflib_queries=True)

        t_records, corpus = timed(lambda: synthetic_corpus(args.articles))
        t_rdf, dataset = timed(lambda: build_dataset(corpus))
        ttl, trig = work / "synthetic.ttl", work / "synthetic.trig"
        t_ser, _ = timed(lambda: (ttl.write_bytes(serialize(dataset, "turtle")), trig.write_bytes(serialize(dataset, "trig"))))
        print(f"synthetic: {args.articles} articles, records {t_records:.1f}s, build_dataset {t_rdf:.1f}s, serialize ttl+trig {t_ser:.1f}s, "
              f"{ttl.stat().st_size / 1e6:.0f} MB ttl, {trig.stat().st_size / 1e6:.0f} MB trig", flush=True)
        bench(f"synth-{args.articles}", ttl, trig, dataset, work, rdflib_queries=not args.skip_rdflib_queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
