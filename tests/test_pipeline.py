"""kg build end to end, as a user runs it: the real CLI, the real model, the scorer's contract."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
SEEDS_GOLD = ROOT.parent / "shared" / "eval" / "gold" / "seeds"
HELDOUT = ROOT / "tests" / "data" / "heldout"
HELDOUT_GOLD = ROOT / "tests" / "data" / "heldout_gold"
DEV = ROOT.parent / "shared" / "eval" / "dev"

pytestmark = pytest.mark.model


def kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds-out")
    result = kg("build", "seeds", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def require_shared(path: Path) -> None:
    """The evaluation set lives beside the repository; in CI its absence is a failure, elsewhere a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing: CI runs beside ../shared (the evaluation set)")
    pytest.skip(f"{path} is not beside the repository")


def score(graph: Path, gold: Path, tmp_path: Path) -> dict:
    if not SCORER.exists():
        require_shared(SCORER)
    report = tmp_path / "score.json"
    result = subprocess.run(
        [sys.executable, str(SCORER), "--graph", str(graph), "--gold", str(gold), "--queries", str(ROOT / "queries"), "--json", str(report)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "problem:" not in result.stdout, result.stdout
    return json.loads(report.read_text(encoding="utf-8"))


def test_build_writes_the_three_outputs_and_a_summary(seeds_out):
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert (seeds_out / name).stat().st_size > 0


def test_the_graph_validates_and_parses_strictly(seeds_out):
    import pyoxigraph

    assert kg("validate", str(seeds_out / "graph.ttl")).returncode == 0
    quads = list(pyoxigraph.parse(path=str(seeds_out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) > 1000
    list(pyoxigraph.parse(path=str(seeds_out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG))


def test_same_input_gives_byte_identical_files_whatever_the_order(seeds_out, tmp_path):
    shuffled = tmp_path / "in"
    shuffled.mkdir()
    for f in sorted((ROOT / "seeds").glob("*.txt"), reverse=True):
        (shuffled / f.name).write_bytes(f.read_bytes())  # written in reverse order: a different directory order
    out = tmp_path / "out"
    assert kg("build", str(shuffled), "-o", str(out)).returncode == 0
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert (out / name).read_bytes() == (seeds_out / name).read_bytes(), name


def test_seeds_score_holds_its_floor(seeds_out, tmp_path):
    """A regression floor on the development articles (they scored 1.000 when this test was written)."""
    if not SEEDS_GOLD.exists():
        require_shared(SEEDS_GOLD)
    result = score(seeds_out / "graph.ttl", SEEDS_GOLD, tmp_path)
    assert result["macro_f1"] >= 0.97
    for category in ("persons", "countries", "mentions", "meetings", "agreements", "claims"):
        assert result[category]["f1"] >= 0.9, (category, result[category])


def test_heldout_score_holds_its_floor(tmp_path):
    """Ten articles in other house styles about other people, never tuned against line by line."""
    out = tmp_path / "out"
    assert kg("build", str(HELDOUT), "-o", str(out)).returncode == 0
    result = score(out / "graph.ttl", HELDOUT_GOLD, tmp_path)
    assert result["macro_f1"] >= 0.90, result["macro_f1"]
    assert result["persons"]["f1"] >= 0.95
    assert result["claims"]["f1"] >= 0.93


# Floors a little under the scores of December 2026 (see the closing note of issue 13): a drop below
# one is a regression in reading world news, not noise (the build is deterministic).
DEV_FLOORS = {"macro": 0.95, "persons": 0.95, "countries": 0.95, "mentions": 0.95, "meetings": 0.88, "agreements": 0.93, "claims": 0.95}


def test_dev_score_holds_its_floor(tmp_path):
    """Thirty real articles from about thirty outlets, read in place from ../shared/eval/dev."""
    if not (DEV / "articles").exists():
        require_shared(DEV)
    out = tmp_path / "out"
    result = kg("build", str(DEV / "articles"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    scores = score(out / "graph.ttl", DEV / "gold", tmp_path)
    assert scores["macro_f1"] >= DEV_FLOORS["macro"], scores["macro_f1"]
    for category, floor in DEV_FLOORS.items():
        if category != "macro":
            assert scores[category]["f1"] >= floor, (category, scores[category])


def test_query_answers_from_the_built_graph(seeds_out):
    result = kg("query", "queries/meetings.rq", "--graph", str(seeds_out / "graph.ttl"), "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert rows and all({"meeting", "participant", "kind"} <= row.keys() for row in rows)


def test_bad_input_is_one_line_and_exit_1(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in (["build", str(tmp_path / "missing"), "-o", str(tmp_path / "o")], ["build", str(empty), "-o", str(tmp_path / "o")]):
        result = kg(*args)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
