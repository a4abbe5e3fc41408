"""The files kg ships beside its code: ontology/ (kg.ttl, shapes.ttl, context.jsonld) and queries/*.rq.

In a source checkout they are the repository's top-level folders, the files users read and edit.
A wheel carries those same files inside the package (pyproject.toml maps kg.ontology and
kg.queries onto the folders), so there is one copy, and an installed kg finds them from any folder.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from kg.errors import KGError

CHECKOUT = Path(__file__).resolve().parents[1]


def shipped_dir(name: str) -> Path:
    """The folder `name` ("ontology" or "queries"): inside an installed package, else the checkout's top-level one."""
    packaged = resources.files("kg") / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = CHECKOUT / name
    if checkout.is_dir():
        return checkout
    raise KGError(f"{name}/ is missing from kg's package and from {CHECKOUT}; reinstall kg (pip install kg, or pip install -e . in a checkout)")


def ontology_file(name: str) -> Path:
    """A file of ontology/, e.g. "shapes.ttl"."""
    path = shipped_dir("ontology") / name
    if not path.is_file():
        raise KGError(f"{path}: missing from kg's ontology/; reinstall kg or restore the file from the repository")
    return path


def shipped_queries() -> dict[str, Path]:
    """The shipped queries by name (file name without .rq), sorted by name."""
    return {p.stem: p for p in sorted(shipped_dir("queries").glob("*.rq"))}
