"""CPU seconds a build spends outside spaCy's parse, extraction and the back half: reading, cutting, loading.

python -m benchmarks.bench_setup CORPUS [--repeat K]

Each run is a fresh process that imports kg.pipeline first (bench_build does not time that import)
and then times, with time.process_time: reading every article of CORPUS (both passes of
kg.ingest), normalising and cutting them into segments, loading the spaCy model, and loading the
gazetteer's and the places' tables, from the cache in XDG_CACHE_HOME and, in a second column, with
an empty cache (the first build on a machine). The fastest of K runs of each is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("ingest", "segments", "model", "gazetteer", "places")


def child(corpus: Path) -> dict[str, float]:
    from kg.pipeline import build  # noqa: F401 - imported before the clock starts, as in bench_build

    from kg.gazetteer import load_gazetteer, load_places
    from kg.ingest import iter_articles
    from kg.nlp import build_nlp, normalize_text, split_segments

    seconds = {}
    start = time.process_time()
    articles = list(iter_articles([corpus]))  # a few MB for a benchmark corpus; kg build streams them
    seconds["ingest"] = time.process_time() - start
    start = time.process_time()
    for article in articles:
        split_segments(normalize_text(article.text))
    seconds["segments"] = time.process_time() - start
    for part, load in (("model", build_nlp), ("gazetteer", load_gazetteer), ("places", load_places)):
        start = time.process_time()
        load()
        seconds[part] = time.process_time() - start
    return seconds


def run(corpus: Path, cache: str | None) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    if cache is not None:
        env["XDG_CACHE_HOME"] = cache
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_setup", "--child", str(corpus)], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CPU seconds of reading, cutting and loading, outside the parse; one table.")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.corpus)))
        return 0
    warm: dict[str, float] = {}
    cold: dict[str, float] = {}
    run(args.corpus, None)  # fills the cache, if it was empty
    for _ in range(args.repeat):
        for found, cache in ((warm, None), (cold, "")):
            with tempfile.TemporaryDirectory() as empty:
                for part, seconds in run(args.corpus, cache if cache is None else empty).items():
                    found[part] = min(found.get(part, seconds), seconds)
    print(f"{'part':<10} {'cached':>7} {'empty cache':>12}")
    for part in PARTS:
        print(f"{part:<10} {warm[part]:7.3f} {cold[part]:12.3f}")
    print(f"{'sum':<10} {sum(warm.values()):7.3f} {sum(cold.values()):12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
