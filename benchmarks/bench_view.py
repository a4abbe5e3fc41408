"""Graph view at 100, 1,000, 5,000 and 20,000 nodes: time to write, file size, and time to interactive in chromium.

    python -m benchmarks.bench_view [SIZES...] [--keep DIR]

Graphs are built from synthetic records through kg.rdf.build_graphs (with provenance, as `kg build`
writes them) and drawn as `kg build` draws them, from a TripleIndex of the merged triples; the write
time includes building the index. Time to interactive is measured in headless chromium from navigation
start until the page's own script has seen vis draw (window.kgReadyAt).
Needs /usr/bin/chromium (Debian's chromium package) and Playwright from PyPI.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from kg.rdf import build_graphs
from kg.records import (
    CALL, COUNTRY, IN_PERSON, PERSON, PLACE, Agreement, Claim, Corpus, Country, Evidence, Meeting, Mention,
    Organization, Person, Place, Ref, Source,
)
from kg.triples import TripleIndex
from kg.view import write_view
from kg.view.network import to_networkx as _to_networkx

SIZES = (100, 1_000, 5_000, 20_000)
SEED = 11
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def synthetic_corpus(n: int, seed: int = SEED) -> Corpus:
    """A corpus whose graph has exactly `n` entity nodes, in the proportions of a news corpus."""
    rng = random.Random(seed)
    counts = {"country": max(3, n // 25), "place": max(2, n // 20), "org": max(2, n // 25),
              "person": n * 3 // 10, "meeting": n * 15 // 100, "agreement": max(1, n // 20)}
    counts["claim"] = n - sum(counts.values())
    sources = tuple(Source(f"a{i:05d}.txt", f"Article {i}", date(2024, 1, 1) + timedelta(days=i % 365), None,
                           f"Outlet {i % 7}") for i in range(max(2, n // 10)))

    def evidence(words: str) -> Evidence:
        source = rng.choice(sources).name
        start = rng.randrange(0, 5_000)
        sentence = f"Officials said {words} on the record, according to the report."
        return Evidence(source, start + 15, start + 15 + len(words), start, start + len(sentence), sentence)

    countries = tuple(Country(f"C{i:03d}", f"Country {i}") for i in range(counts["country"]))
    ckeys = [c.key for c in countries]
    places = tuple(Place(f"place-{i}", f"City {i}", rng.choice(ckeys)) for i in range(counts["place"]))
    orgs = tuple(Organization(f"org-{i}", f"Ministry {i}", rng.choice(ckeys)) for i in range(counts["org"]))
    persons = tuple(Person(f"person-{i}", f"Person {i} Name", (), ("minister",), rng.choice(ckeys))
                    for i in range(counts["person"]))
    pkeys = [p.key for p in persons]
    mentions = tuple(Mention(Ref(PERSON, p.key), p.name, evidence(p.name)) for p in persons)
    meetings = tuple(
        Meeting(f"meeting-{i}", tuple(sorted(rng.sample(pkeys, rng.choice((2, 2, 3))))), rng.choice((IN_PERSON, CALL)),
                date(2024, 1, 1) + timedelta(days=rng.randrange(365)), None, rng.choice(places).key, None,
                (evidence("met"),))
        for i in range(counts["meeting"]))
    agreements = tuple(
        Agreement(f"agreement-{i}", f"Accord {i}", tuple(sorted(rng.sample(ckeys, 2))), tuple(sorted(rng.sample(pkeys, 2))),
                  "P5Y", None, (evidence("signed"),))
        for i in range(counts["agreement"]))
    topics = [Ref(COUNTRY, c) for c in ckeys] + [Ref(PLACE, p.key) for p in places]  # what claims are about
    claims = []
    for i in range(counts["claim"]):
        speaker = Ref(PERSON, rng.choice(pkeys)) if rng.random() < 0.85 else Ref(COUNTRY, rng.choice(ckeys))
        quote = f"we will keep talking about point {i} <and> stay the course"
        about = tuple(sorted(set(rng.sample(topics, min(len(topics), rng.choice((1, 2)))))))
        claims.append(Claim(f"claim-{i}", speaker, quote, about, tuple(sorted({evidence(quote) for _ in range(rng.choice((1, 2)))}))))
    return Corpus(sources, persons, countries, places, orgs, mentions, meetings, agreements, tuple(claims))


def measure(sizes: tuple[int, ...], folder: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=ARGS, headless=True, viewport={"width": 1400, "height": 900})
        for n in sizes:
            merged = build_graphs(synthetic_corpus(n)).merged
            out = folder / f"view-{n}.html"
            started = time.perf_counter()
            write_view(TripleIndex(merged), out)  # as kg build draws it
            written = time.perf_counter() - started
            network = _to_networkx(TripleIndex(merged))
            page = context.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
            page.goto(out.as_uri())
            page.wait_for_selector("body[data-ready=true]", timeout=120_000)
            ready_ms = page.evaluate("() => window.kgReadyAt")
            drawn = page.evaluate("() => nodes.length")
            page.close()
            assert network.number_of_nodes() == n and drawn <= n, (drawn, n)  # from OVERVIEW_NODES on, claims are grouped
            size = out.stat().st_size
            rows.append({"nodes": n, "drawn": drawn, "edges": network.number_of_edges(), "bytes": size,
                         "write_s": written, "tti_s": ready_ms / 1000})
        context.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--keep", type=Path, help="folder to keep the pages in (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        rows = measure(tuple(args.sizes), folder)
    base = rows[0]
    print(f"{'nodes':>6} {'drawn':>6} {'edges':>6} {'file size':>10} {'bytes/node*':>11} {'write':>7} {'interactive':>11}")
    for r in rows:
        per_node = (r["bytes"] - base["bytes"]) / (r["nodes"] - base["nodes"]) if r is not base else float("nan")
        print(f"{r['nodes']:>6} {r['drawn']:>6} {r['edges']:>6} {r['bytes'] / 1e6:>8.2f}MB {per_node:>11.0f} {r['write_s']:>6.2f}s"
              f" {r['tti_s']:>10.2f}s")
    print("* growth per node over the smallest graph: constant when the file grows linearly")


if __name__ == "__main__":
    main()
