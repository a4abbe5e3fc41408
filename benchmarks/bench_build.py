"""How fast kg builds next to bare spaCy, how much memory it takes, and where the time goes: one table.

python -m benchmarks.bench_build [--sizes 1000 10000] [--workers 2] [--repeat K] [--work DIR] [--reuse]

For each size N it writes N articles with benchmarks/corpus.py (kept in --work between runs)
and runs, each in a fresh process so peak memory is its own:

- bare spaCy: nlp.pipe over exactly the segment texts kg parses (same model, batch size and
  number of processes), texts read beforehand, model load not counted;
- kg build end to end (model load included), with the seconds of each stage, the gazetteer's
  tables read from the user's cache (filled first, as any build after the first on a machine);
- kg build --workers W, whose output must be byte-identical to --workers 1 (the larger
  sizes run with --workers W only: on 2 cores one process takes an hour at N=10,000);
- the contract queries on the largest graph of up to 10,000 articles, in rdflib and in pyoxigraph.

Words are whitespace-separated tokens of the segment texts. Peak memory is the RSS
high-water mark of the build's main process; its children (the workers, and with --workers
the process drawing the view) report the largest of theirs separately.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ("persons.rq", "countries.rq", "mentions.rq", "meetings.rq", "agreements.rq", "claims.rq")
STAGES = ("ingest", "model", "nlp", "extraction", "resolution", "rdf", "validation", "serialization", "view", "exports")
BATCH_SIZE = 64  # kg.parallel.BATCH_SIZE
RSS_TARGETS = {4_000: 1.3, 10_000: 1.5}  # peak RSS at N over that at the first size (issue 15)
QUERY_TIMEOUT = 300  # seconds for all rdflib queries together; rdflib is the slow engine (>900 s for mentions.rq at N=10,000)
QUERY_MAX_ARTICLES = 10_000  # the queries run on the largest corpus up to this size: rdflib parses 19 million triples in hours


# ---------------------------------------------------------------- children: one measurement each
def child_spacy(corpus: Path, processes: int) -> dict:
    from kg.ingest import iter_articles
    from kg.nlp import build_nlp, normalize_text, split_segments

    texts = []
    for article in iter_articles([corpus]):
        text = normalize_text(article.text)
        texts += [text[s.start : s.end] for s in split_segments(text)]
    nlp = build_nlp()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=processes):
        pass
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "words": sum(len(t.split()) for t in texts), "segments": len(texts), **_peaks()}


def child_tables() -> dict:
    """Load the gazetteer's tables as a build does: from the user's cache, else built and cached (the first build on a machine)."""
    from kg.gazetteer import _cache_path, load_gazetteer, load_places

    path = _cache_path()
    cached = path is not None and path.exists()
    start = time.perf_counter()
    load_gazetteer()
    load_places()
    return {"seconds": time.perf_counter() - start, "cached": cached, "path": str(path)}


def child_kg(corpus: Path, out: Path, workers: int) -> dict:
    from kg.pipeline import build

    timings: dict[str, float] = {}
    start = time.perf_counter()
    summary = build([corpus], out, workers=workers, timings=timings)
    return {"seconds": time.perf_counter() - start, "timings": timings, "summary": summary.splitlines()[0], **_peaks()}


def child_queries(graph: Path, engine: str) -> None:
    """Print one JSON line per query as it finishes, so a time-out still reports the ones done."""
    texts = {q: (ROOT / "queries" / q).read_text(encoding="utf-8") for q in QUERIES}
    start = time.perf_counter()
    if engine == "rdflib":
        from rdflib import Graph

        store = Graph().parse(graph, format="turtle")
        run = lambda text: len(list(store.query(text)))  # noqa: E731
    else:
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=str(graph), format=ox.RdfFormat.TURTLE)
        run = lambda text: len(list(store.query(text)))  # noqa: E731
    print(json.dumps({"query": "load", "seconds": time.perf_counter() - start}), flush=True)
    for name, text in texts.items():
        start = time.perf_counter()
        rows = run(text)
        print(json.dumps({"query": name, "seconds": time.perf_counter() - start, "rows": rows}), flush=True)


def _peaks() -> dict:
    kib = 1024  # ru_maxrss is in KiB on Linux
    return {
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kib,
        "worker_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kib,
    }


def _spawn(*args: str, timeout: float | None = None) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_build", "--child", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=ROOT)
    if proc.returncode:
        raise SystemExit(f"bench_build: child {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout


def measure(*args: str) -> dict:
    return json.loads(_spawn(*args).strip().splitlines()[-1])


def measure_queries(graph: Path, engine: str) -> dict[str, float | None]:
    try:
        out = _spawn("queries", str(graph), engine, timeout=QUERY_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
    done = {row["query"]: row["seconds"] for row in map(json.loads, out.splitlines())}
    return {q: done.get(q) for q in ("load", *QUERIES)}


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min {seconds % 60:.0f} s" if seconds >= 60 else f"{seconds:.0f} s"


# ---------------------------------------------------------------- the table
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark kg build against bare spaCy; print one table.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000], help="corpus sizes (the speed rows use the first)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"), help="folder for corpora and outputs (kept)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each speed measurement, interleaved; the fastest counts")
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse the measurements saved in WORK/results by an earlier run")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "queries":
            child_queries(Path(rest[0]), rest[1])
        elif kind == "spacy":
            print(json.dumps(child_spacy(Path(rest[0]), int(rest[1]))))
        elif kind == "tables":
            print(json.dumps(child_tables()))
        else:
            print(json.dumps(child_kg(Path(rest[0]), Path(rest[1]), int(rest[2]))))
        return 0

    from benchmarks.corpus import write_corpus

    work, w = args.work, args.workers
    rows: list[tuple[str, str]] = []
    log = lambda *parts: print(*parts, file=sys.stderr, flush=True)  # noqa: E731
    corpora = {}
    for n in args.sizes:
        corpora[n] = work / f"corpus-{n}"
        if len(list(corpora[n].glob("*.txt"))) != n:
            log(f"writing {n} articles to {corpora[n]}")
            write_corpus(n, corpora[n])

    # Every build reads the gazetteer's tables from the user's cache; the first on a machine builds them. Fill
    # it first, so no speed run pays that once-per-machine cost and the table says what it was.
    tables = measure("tables")
    cache_row = ("gazetteer tables", f"cached in {tables['path']} before the runs" if tables["cached"] else
                 f"not cached: built and cached in {tables['seconds']:.2f} s, before the runs (once per machine)")
    runs: dict[tuple[str, int, int], dict] = {}
    first = args.sizes[0]
    plan = [("spacy", first, 1), ("kg", first, 1), ("spacy", first, w), ("kg", first, w)] * args.repeat
    plan += [("kg", n, w) for n in args.sizes[1:]]  # the large corpora with workers: an hour less on 2 cores
    done: dict[tuple[str, int, int], int] = {}
    for kind, n, procs in plan:
        rep = done[kind, n, procs] = done.get((kind, n, procs), 0) + 1
        saved = work / "results" / f"{kind}-{n}-{procs}{'' if rep == 1 else f'-{rep}'}.json"
        if args.reuse and saved.exists():
            run = json.loads(saved.read_text())
        else:
            log(f"{kind} N={n} processes={procs} (run {rep}) ...")
            if kind == "spacy":
                run = measure("spacy", str(corpora[n]), str(procs))
            else:
                run = measure("kg", str(corpora[n]), str(work / f"out-{n}-w{procs}"), str(procs))
            saved.parent.mkdir(exist_ok=True)
            saved.write_text(json.dumps(run))
            log(f"  {run['seconds']:.1f} s")
        if (kind, n, procs) not in runs or run["seconds"] < runs[kind, n, procs]["seconds"]:
            runs[kind, n, procs] = run  # the fastest of the repeats: the one least slowed by the machine

    words = runs["spacy", first, 1]["words"]
    bare1, kg1 = runs["spacy", first, 1], runs["kg", first, 1]
    barew, kgw = runs["spacy", first, w], runs["kg", first, w]
    wps = lambda run: words / run["seconds"]  # noqa: E731
    rows.append(("machine", f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end"))
    rows.append((f"corpus N={first}", f"{words:,} words in {bare1['segments']:,} segments"))
    rows.append(("speed runs", f"{args.repeat} of each, interleaved; the fastest of each counts"))
    rows.append(cache_row)
    rows.append(("bare spaCy nlp.pipe, 1 process", f"{wps(bare1):,.0f} words/s ({bare1['seconds']:.1f} s)"))
    rows.append(("kg build end to end, 1 process", f"{wps(kg1):,.0f} words/s ({kg1['seconds']:.1f} s)"))
    rows.append(("kg / spaCy, 1 process  [target >= 0.8]", f"{wps(kg1) / wps(bare1):.2f}"))
    rows.append((f"bare spaCy nlp.pipe, n_process={w}", f"{wps(barew):,.0f} words/s ({barew['seconds']:.1f} s)"))
    rows.append((f"kg build --workers {w}", f"{wps(kgw):,.0f} words/s ({kgw['seconds']:.1f} s)"))
    rows.append((f"kg / spaCy, {w} processes", f"{wps(kgw) / wps(barew):.2f}"))
    rows.append((f"--workers {w} speed-up  [target >= 1.6]", f"{kg1['seconds'] / kgw['seconds']:.2f}x"))
    same = all((work / f"out-{first}-w1" / f).read_bytes() == (work / f"out-{first}-w{w}" / f).read_bytes() for f in ("graph.ttl", "graph.trig"))
    rows.append((f"--workers {w} output == --workers 1", "byte-identical" if same else "DIFFERENT"))
    rows.append((f"peak RSS, kg build N={first}, 1 process", f"{kg1['peak_mib']:,.0f} MiB"))
    for n in args.sizes:
        run = runs["kg", n, w]
        view = run["timings"].get("view peak MiB")
        rows.append((f"peak RSS, kg build N={n} --workers {w}", f"main {run['peak_mib']:,.0f} MiB, largest child {run['worker_peak_mib']:,.0f} MiB"
                     + (f" (the view's process {view:,.0f} MiB)" if view else "")))
    for n in args.sizes[1:]:
        run = runs["kg", n, w]
        target = RSS_TARGETS.get(n)
        ratio = run["peak_mib"] / kgw["peak_mib"]
        child = run["worker_peak_mib"] / kgw["worker_peak_mib"]
        rows.append((f"peak RSS N={n} / N={first}" + (f"  [target <= {target}]" if target else ""),
                     f"main {ratio:.2f}, largest child {child:.2f}; wall time {_minutes(run['seconds'])}"))
        if n >= 100_000:
            rows.append((f"peak RSS N={n}  [target <= 1.5 GiB]", f"main {run['peak_mib'] / 1024:.2f} GiB, largest child {run['worker_peak_mib'] / 1024:.2f} GiB"))
    for key in [("kg", first, 1)] + [("kg", n, w) for n in args.sizes]:
        t, total = runs[key]["timings"], runs[key]["seconds"]
        stages = "  ".join(f"{s} {t.get(s, 0):.1f}" for s in STAGES)
        rows.append((f"stages, s, N={key[1]} --workers {key[2]} ({total:.0f} s)", stages))
    rows.append(("", "(with --workers, nlp and extraction are seconds summed over the workers)"))
    if not args.skip_queries:
        largest = max([n for n in args.sizes if n <= QUERY_MAX_ARTICLES] or [first])
        graph = work / f"out-{largest}-w{w if largest != first else 1}" / "graph.ttl"
        for engine in ("pyoxigraph", "rdflib"):
            log(f"queries on N={largest} in {engine} ...")
            times = measure_queries(graph, engine)
            cells = "  ".join(f"{q.removesuffix('.rq')} {'>' + str(QUERY_TIMEOUT) if s is None else f'{s:.2f}'}" for q, s in times.items())
            rows.append((f"queries, s, N={largest}, {engine}", cells))
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
