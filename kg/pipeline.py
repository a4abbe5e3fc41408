"""kg build: articles -> readings (shelved) -> corpus -> RDF -> files. A dozen lines composing the stages."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.errors import KGError
from kg.export import FORMATS, stale_exports, write_exports
from kg.files import check_writable
from kg.heap import collector_paused
from kg.ingest import iter_articles
from kg.iris import DEFAULT_BASE, check_base
from kg.nlp import build_nlp, model_label
from kg.outputs import Outputs
from kg.parallel import BackgroundJob, read_corpus
from kg.progress import StageClock, progress_bar
from kg.resolve import resolve_facts
from kg.scratch import sweep
from kg.serialize import write_rdf
from kg.shelf import Shelf
from kg.spool import SpooledGraphs, build_spool
from kg.store import cached_readings, save_build
from kg.text import counted
from kg.validate import validate_spool
from kg.view import draw


def build(
    inputs: list[Path], out: Path, *, model: str | None = None, base_iri: str | None = None, progress: bool = False,
    store: Path | None = None, append: bool = False, formats: tuple[str, ...] = (),
    workers: int = 1, dask: str | None = None, timings: dict[str, float] | None = None,
) -> str:
    """Build OUT/graph.ttl, graph.trig and graph.html from the articles under `inputs`; return a summary line.

    `store` also writes a kg store (Oxigraph + cached readings); `append` adds `inputs` to the
    articles already in it, extracting only those; `formats` adds graph.nt / .nq / .jsonld.
    """
    if append and store is None:
        raise KGError("--append adds articles to a store; give the store with --store DIR")
    base = check_base(base_iri or DEFAULT_BASE)
    check_writable(out)
    sweep()  # scratch folders of builds that were killed outright
    with Outputs(out, store) as outputs:  # one build at a time into OUT and the store; all outputs or none
        return _build(
            inputs, outputs, model=model, base=base, progress=progress, store=store, append=append, formats=formats,
            workers=workers, dask=dask, timings=timings,
        )


def _build(
    inputs: list[Path], outputs: Outputs, *, model: str | None, base: str, progress: bool, store: Path | None,
    append: bool, formats: tuple[str, ...], workers: int, dask: str | None, timings: dict[str, float] | None,
) -> str:
    out = outputs.folders[0]
    clock = StageClock(timings)  # seconds per stage, for the benchmark
    warnings: list[str] = []
    articles = clock.call("ingest", iter_articles, inputs, warn=warnings.append)
    meta = {"model": model_label(model), "base_iri": base}
    nlp = clock.call("model", build_nlp, model) if workers == 1 and not dask else None  # workers load their own
    stream = read_corpus(articles, nlp=nlp, model=model, workers=workers, dask=dask, timings=clock.timings)
    with Shelf() as shelf:  # whole readings on disk; in memory only what resolution merges
        shelf.add(progress_bar(stream, inputs, progress))
        read = len(shelf)
        if append:
            shelf.add(cached_readings(store, {r.source.name for r in shelf.slim}, meta))
        with collector_paused():  # from here on kg makes objects by the hundred thousand, none in a cycle
            corpus, keys = clock.call("resolution", resolve_facts, shelf.slim)
            shelf.slim.clear()
            if not corpus.sources:
                raise KGError(f"{', '.join(map(str, inputs))}: no article could be read ({'; '.join(warnings[:3])}); check the files")
            # On disk, sorted: all that is written from here on. Mentions and sentences come from the shelf, an article at a time.
            graphs = clock.call("rdf", build_spool, corpus, base, details=(shelf.readings(), keys))
            written = ["graph.ttl", "graph.trig", "graph.html", *(FORMATS[f] for f in formats)]
            summary = _summary(corpus, read, out, written, store, warnings)
            del corpus, keys
            with graphs, _ViewWriter(graphs, outputs.out, clock, beside=workers > 1 or bool(dask)) as view:
                problems = clock.call("validation", validate_spool, graphs)
                if problems:
                    raise KGError(f"the built graph breaks ontology/shapes.ttl ({len(problems)} violations, first: {problems[0]}); this is a bug in kg, please report it")
                clock.call("serialization", write_rdf, graphs, "turtle", outputs.path("graph.ttl"))
                clock.call("serialization", write_rdf, graphs, "trig", outputs.path("graph.trig"))
                view.write(outputs.path("graph.html"))
                clock.call("exports", write_exports, graphs, outputs.out, formats)
                if store is not None:
                    clock.call("store", save_build, outputs.store, graphs, shelf.readings(), meta)
                stale = stale_exports(out, formats)
                for name in stale:
                    outputs.remove(name)
                outputs.commit()  # every output above replaces its old self in one step, or none does
    return summary + "".join(f"\nremoved {out / name}, left by an earlier build with --format" for name in stale)


class _ViewWriter:
    """Writes graph.html: with --workers or --dask, drawn in a second process while this one checks and writes the RDF."""

    def __init__(self, graphs: SpooledGraphs, out: Path, clock: StageClock, beside: bool) -> None:
        self.graphs, self.clock, self.job, self.tmp = graphs, clock, None, None
        if beside:
            try:
                out.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(prefix=".graph.html.", suffix=".tmp", dir=out)
            except OSError as e:
                raise KGError(f"{out}: cannot write there ({e.strerror}); choose another output folder with -o") from e
            os.close(fd)
            self.tmp = Path(name)
            self.job = BackgroundJob(draw, graphs.index(), self.tmp)  # the index pickles as the spool's path

    def write(self, path: Path) -> None:
        if self.job is None:
            self.clock.add("view", draw(self.graphs.index(), path)[0])
            return
        seconds, peak = self.job.result()
        self.clock.add("view", seconds)
        self.clock.timings["view peak MiB"] = peak  # the second process's own high-water mark, for the benchmark
        self.job = None
        os.replace(self.tmp, path)

    def __enter__(self) -> _ViewWriter:
        return self

    def __exit__(self, *exc) -> None:
        if self.job is not None:
            self.job.cancel()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)


def _summary(corpus, read: int, out: Path, written: list[str], store: Path | None, warnings: list[str]) -> str:
    """'read 3 articles (8 with the store's): 2 persons, 1 country, ...; wrote OUT/graph.ttl, ... and the store STORE'."""
    kinds = (("persons", "person"), ("countries", "country"), ("meetings", "meeting"), ("agreements", "agreement"), ("claims", "claim"))
    counts = ", ".join(counted(len(getattr(corpus, k)), noun, k) for k, noun in kinds)
    total = len(corpus.sources)
    articles = counted(read, "article") + (f" ({total:,} with those already in the store)" if total != read else "")
    files = f"{out}/{written[0]}, " + ", ".join(written[1:])
    lines = [f"read {articles}: {counts}; wrote {files}" + (f" and the store {store}" if store is not None else "")]
    if warnings:
        lines.append(f"{counted(len(warnings), 'warning')}:")
        lines += [f"  {w}" for w in warnings]
    return "\n".join(lines)
