"""The per-article stage in worker processes and on a Dask cluster gives the bytes one process gives."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from kg.errors import KGError
from kg import parallel
from kg.parallel import CHUNK_ARTICLES, IN_FLIGHT_PER_WORKER, read_corpus
from kg.pipeline import build
from kg.records import Article, Reading, Source

OUTPUTS = ("graph.ttl", "graph.trig", "graph.html")
ARTICLES = 6


@pytest.fixture(scope="module")
def articles_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    write_corpus(ARTICLES, folder)
    return folder


@pytest.fixture(scope="module")
def one_process_build(articles_dir, tmp_path_factory) -> tuple[dict[str, bytes], dict[str, float]]:
    """The outputs and stage times of a build in this process."""
    out, timings = tmp_path_factory.mktemp("one"), {}
    build([articles_dir], out, workers=1, timings=timings)
    return {name: (out / name).read_bytes() for name in OUTPUTS}, timings


@pytest.fixture(scope="module")
def one_process(one_process_build) -> dict[str, bytes]:
    """What every other route must reproduce, byte for byte."""
    return one_process_build[0]


@pytest.mark.model
@pytest.mark.slow
def test_two_workers_write_the_same_bytes(articles_dir, one_process, tmp_path):
    timings: dict[str, float] = {}
    build([articles_dir], tmp_path, workers=2, timings=timings)
    assert {name: (tmp_path / name).read_bytes() for name in OUTPUTS} == one_process
    assert timings["nlp"] > 0 and timings["extraction"] > 0  # summed over the workers
    assert timings["view"] > 0  # drawn in a forked child, timed there
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUTS)  # no temporary file left


@pytest.mark.model
@pytest.mark.slow
def test_a_failed_build_with_workers_leaves_no_view_behind(articles_dir, tmp_path):
    (tmp_path / "graph.html").mkdir()  # the view cannot be put in place
    with pytest.raises(KGError, match="graph.html"):
        build([articles_dir], tmp_path, workers=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]


@pytest.mark.model
@pytest.mark.slow
def test_dask_cluster_writes_the_same_bytes(articles_dir, one_process, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        build([articles_dir], tmp_path, dask=cluster.scheduler_address)
    assert {name: (tmp_path / name).read_bytes() for name in OUTPUTS} == one_process


@pytest.mark.model
def test_one_process_times_each_stage(one_process_build):
    timings = one_process_build[1]
    stages = ("ingest", "model", "nlp", "extraction", "resolution", "rdf", "validation", "serialization", "view")
    assert all(timings[stage] >= 0 for stage in stages), timings
    assert timings["nlp"] > timings["ingest"]


@pytest.mark.model
def test_reading_streams_the_articles(nlp):
    """Readings come out as articles go in: only one nlp.pipe batch ahead, so no corpus and no Docs are held."""
    pulled: list[int] = []
    batch_size = 8

    def articles():
        for i in range(40):
            pulled.append(i)
            yield Article(Source(f"{i:02d}.txt"), f"Ana Silva met Kenji Sato in Geneva on {i % 28 + 1} May 2024.")

    for n, reading in enumerate(read_corpus(articles(), nlp=nlp, batch_size=batch_size), 1):
        assert reading.source.name == f"{n - 1:02d}.txt"
        assert len(pulled) <= n + batch_size  # one segment per article here
    assert n == 40


def test_workers_read_ahead_a_bounded_number_of_articles(monkeypatch):
    """The pool gets a few chunks per worker at a time, and readings come back in submission order."""
    pulled: list[int] = []
    total = CHUNK_ARTICLES * 2 * IN_FLIGHT_PER_WORKER * 3

    def articles():
        for i in range(total):
            pulled.append(i)
            yield Article(Source(f"{i:03d}.txt"), f"Talks {i}.")

    def pool(workers, mp_context, initializer, initargs):  # threads and no model: only the windowing is under test
        return ThreadPoolExecutor(workers)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", pool)
    monkeypatch.setattr(parallel, "_read_chunk", lambda chunk: ([Reading(a.source) for a in chunk], {"nlp": 0.5}))
    timings: dict[str, float] = {}
    stream = read_corpus(articles(), workers=2, timings=timings)
    assert next(stream).source.name == "000.txt"
    assert len(pulled) <= CHUNK_ARTICLES * 2 * IN_FLIGHT_PER_WORKER
    assert [r.source.name for r in stream] == [f"{i:03d}.txt" for i in range(1, total)]
    assert timings["nlp"] == 0.5 * total / CHUNK_ARTICLES


def test_workers_must_be_positive():
    with pytest.raises(KGError, match="--workers 0"):
        read_corpus([], workers=0)


def test_model_label_is_read_without_loading_the_model(nlp):
    """With --workers the main process names the model from its meta.json instead of loading it."""
    from kg.nlp import label_of, model_label

    assert model_label() == label_of(nlp.meta)
    with pytest.raises(KGError, match="not installed"):
        model_label("no_such_model.sub")


def _fail(message: str) -> None:
    raise KGError(message)


def _die() -> None:
    import os

    os._exit(3)


def test_background_job_returns_its_value_and_raises_its_errors():
    assert parallel.BackgroundJob(sum, [1, 2, 3]).result() == 6
    with pytest.raises(KGError, match="^out of ink$"):
        parallel.BackgroundJob(_fail, "out of ink").result()
    with pytest.raises(KGError, match="ZeroDivisionError"):
        parallel.BackgroundJob(divmod, 1, 0).result()
    with pytest.raises(KGError, match="exit code 3"):
        parallel.BackgroundJob(_die).result()


def test_background_job_cancel_stops_the_child():
    import time

    job = parallel.BackgroundJob(time.sleep, 60)
    start = time.monotonic()
    job.cancel()
    assert time.monotonic() - start < 10 and not job._process.is_alive()


DIE_WITH_PARENT = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
parent = os.getpid()
if os.fork() == 0:  # the worker: it reports its pid, then waits for work that never comes
    from kg.parallel import die_with
    die_with(parent)
    print(os.getpid(), flush=True)
    time.sleep(60)
    os._exit(0)
time.sleep(60)  # the parent, killed with -9 by the test
"""


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie no longer does: a container's init may never reap it)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_a_worker_ends_when_its_parent_is_killed():
    import signal
    import subprocess
    import sys
    import time

    root = str(Path(__file__).resolve().parents[1])
    parent = subprocess.Popen([sys.executable, "-c", DIE_WITH_PARENT, root], stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())
    parent.kill()  # SIGKILL: no clean-up of its own runs
    parent.wait()
    deadline = time.monotonic() + 30
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(worker):
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived its parent by 30 s")
