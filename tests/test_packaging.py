"""kg as a package: pyproject.toml ships every module and data file, and the top-level ontology/ and queries/."""
from __future__ import annotations

import tomllib

from kg.query import find_query, list_queries
from kg.shipped import ontology_file, shipped_dir, shipped_queries

from conftest import ROOT

SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _package_folder(package: str):
    mapped = SETUPTOOLS.get("package-dir", {}).get(package)
    return ROOT / (mapped or package.replace(".", "/"))


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
