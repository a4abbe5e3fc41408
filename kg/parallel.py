"""The per-article stage (parse, then extract) run here, in worker processes, or on a Dask cluster.

Each route streams articles in and one Reading per article out, with a bounded number of
articles in flight, so no route holds the corpus or any spaCy Doc beyond its own chunk.
resolve() sorts readings by source name, so the order they come back in cannot change the
graph: `--workers 2` and `--dask` give the same bytes as one process.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from kg.errors import KGError
from kg.extract import read_parsed
from kg.heap import present_objects_frozen
from kg.nlp import build_nlp, parse_articles
from kg.progress import StageClock
from kg.records import Article, Reading

BATCH_SIZE = 64  # segments per nlp.pipe batch, as read_articles uses
CHUNK_ARTICLES = 16  # articles sent to a worker at a time: big enough to amortise pickling, small enough to balance
PARENT_POLL_SECONDS = 1.0  # how soon a worker notices its parent is gone
IN_FLIGHT_PER_WORKER = 3  # chunks queued per worker: keeps workers busy without reading ahead the whole corpus


def read_corpus(
    articles: Iterable[Article], *, nlp=None, model: str | None = None, workers: int = 1, dask: str | None = None,
    batch_size: int = BATCH_SIZE, timings: dict[str, float] | None = None,
) -> Iterator[Reading]:
    """Yield one Reading per article: here with `nlp` (workers=1), in `workers` processes, or on the Dask scheduler at `dask`.

    `timings` gets the seconds spent in "ingest", "nlp" and "extraction"; with workers or Dask
    the last two are summed over the workers, so they can exceed the wall time.
    """
    clock = StageClock(timings)
    if workers < 1:
        raise KGError(f"--workers {workers}: give at least 1")
    if dask:
        return _read_on_dask(articles, model, dask, batch_size, clock)
    if workers > 1:
        return _read_in_pool(articles, model, workers, batch_size, clock)
    return _read_here(nlp if nlp is not None else build_nlp(model), articles, batch_size, clock)


def _read_here(nlp, articles: Iterable[Article], batch_size: int, clock: StageClock) -> Iterator[Reading]:
    """Parse and extract in this process, timing ingest (pulling articles), nlp and extraction apart."""
    source = _TimedIterator(articles)
    parsed_articles = parse_articles(nlp, source, batch_size=batch_size)
    try:
        with present_objects_frozen():  # the model's objects, not re-scanned by every full collection
            while True:
                start, ingest_before = time.perf_counter(), source.seconds
                parsed = next(parsed_articles, None)
                clock.add("nlp", time.perf_counter() - start - (source.seconds - ingest_before))
                if parsed is None:
                    break
                with clock("extraction"):
                    reading = read_parsed(parsed)
                del parsed  # the Docs go before the next article is parsed
                yield reading
    finally:
        clock.add("ingest", source.seconds)


class _TimedIterator:
    """Wraps an iterator and adds up the time its __next__ takes (reading files, for ingest)."""

    def __init__(self, items: Iterable) -> None:
        self.items = iter(items)
        self.seconds = 0.0

    def __iter__(self):
        return self

    def __next__(self):
        start = time.perf_counter()
        try:
            return next(self.items)
        finally:
            self.seconds += time.perf_counter() - start


def _chunks(articles: Iterable[Article]) -> Iterator[list[Article]]:
    items = iter(articles)
    while chunk := list(islice(items, CHUNK_ARTICLES)):
        yield chunk


# ---------------------------------------------------------------- worker processes
_worker_nlp = None
_worker_batch_size = BATCH_SIZE


def _start_worker(model: str | None, batch_size: int, parent: int | None = None) -> None:
    """Load the model and the gazetteer once per worker process, which ends when `parent` does."""
    global _worker_nlp, _worker_batch_size
    from kg.gazetteer import load_gazetteer

    if parent is not None:
        die_with(parent)

    _worker_nlp, _worker_batch_size = build_nlp(model), batch_size
    load_gazetteer()


def _read_chunk(articles: list[Article]) -> tuple[list[Reading], dict[str, float]]:
    timings: dict[str, float] = {}
    readings = list(_read_here(_worker_nlp, articles, _worker_batch_size, StageClock(timings)))
    timings.pop("ingest", None)  # the articles came in the call; the client timed reading them
    return readings, timings


def _read_in_pool(articles: Iterable[Article], model: str | None, workers: int, batch_size: int, clock: StageClock) -> Iterator[Reading]:
    # spawn, not fork: a forked child would inherit the parent's threads (thinc, Dask) mid-lock.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(model, batch_size, os.getpid()))
    source = _TimedIterator(articles)
    pending: deque[Future] = deque()
    try:
        for chunk in _chunks(source):
            pending.append(pool.submit(_read_chunk, chunk))
            while len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from _collect(pending.popleft().result(), clock)
        while pending:
            yield from _collect(pending.popleft().result(), clock)
    except BrokenProcessPool as e:
        raise KGError(f"a worker process died ({e}); it may have run out of memory: retry with fewer --workers") from e
    finally:
        clock.add("ingest", source.seconds)
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(result: tuple[list[Reading], dict[str, float]], clock: StageClock) -> list[Reading]:
    readings, timings = result
    for stage, seconds in timings.items():
        clock.add(stage, seconds)
    return readings


# ---------------------------------------------------------------- Dask
_dask_local = threading.local()  # one pipeline per worker thread: a Language is not safe to share between threads


def _read_chunk_on_dask(articles: list[Article], model: str | None, batch_size: int) -> tuple[list[Reading], dict[str, float]]:
    """Run on a Dask worker: load the model once per worker thread, then parse and extract the chunk."""
    nlp = getattr(_dask_local, "nlp", None)
    if nlp is None or getattr(_dask_local, "model", None) != model:
        _dask_local.nlp, _dask_local.model = build_nlp(model), model
        nlp = _dask_local.nlp
    timings: dict[str, float] = {}
    readings = list(_read_here(nlp, articles, batch_size, StageClock(timings)))
    timings.pop("ingest", None)
    return readings, timings


def _read_on_dask(articles: Iterable[Article], model: str | None, address: str, batch_size: int, clock: StageClock) -> Iterator[Reading]:
    try:
        from dask.distributed import Client
    except ImportError as e:
        raise KGError("--dask needs dask.distributed; install it with pip install 'kg[scale]'") from e
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise KGError(f"{address}: no Dask scheduler answered ({e}); start one with 'dask scheduler' or check the address") from e
    source = _TimedIterator(articles)
    pending: deque = deque()
    try:
        threads = max(1, sum(client.nthreads().values()))
        for chunk in _chunks(source):
            pending.append(client.submit(_read_chunk_on_dask, chunk, model, batch_size, pure=False))
            while len(pending) >= threads * IN_FLIGHT_PER_WORKER:
                yield from _collect(pending.popleft().result(), clock)
        while pending:
            yield from _collect(pending.popleft().result(), clock)
    finally:
        clock.add("ingest", source.seconds)
        for future in pending:
            future.cancel()
        client.close()


# ---------------------------------------------------------------- one job beside the main process
class BackgroundJob:
    """function(*args) run in a new process: `function` and `args` are pickled, so they must be importable and small.

    For the end of a build with --workers: the view is drawn while the main process validates
    and writes the RDF. result() waits for the child; its KGError (or any failure) is raised here.
    The child is spawned, not forked: a forked child counts every page of the parent's heap it
    touches in its own resident memory, and the parent's heap grows with the corpus.
    """

    def __init__(self, function, *args) -> None:
        context = multiprocessing.get_context("spawn")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_and_send, args=(send, function, args, os.getpid()), daemon=True)
        self._process.start()
        send.close()

    def result(self):
        try:
            ok, value = self._receive.recv()
        except EOFError:  # the child died without a word
            ok, value = False, None
        finally:
            self._process.join()
            self._receive.close()
        if not ok:
            raise KGError(value or f"a background process died (exit code {self._process.exitcode}); it may have run out of memory")
        return value

    def cancel(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()


def die_with(parent: int) -> None:
    """End this process soon after process `parent` ends, however it ends (kill -9 included).

    A worker blocked on its task queue would never learn it: the queue stays open in its
    siblings. So a thread watches for this process being handed to another parent.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="kg-die-with-parent", daemon=True).start()


def _run_and_send(send, function, args, parent: int) -> None:
    die_with(parent)
    try:
        send.send((True, function(*args)))
    except KGError as e:
        send.send((False, str(e)))
    except BaseException as e:  # a bug: say what it was, the parent raises it as one line
        send.send((False, f"{type(e).__name__}: {e}"))
    finally:
        send.close()
