"""Shared fixtures: a small hand-built Corpus of two invented articles, and the graphs built from it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from kg.records import (
    CALL,
    COUNTRY,
    IN_PERSON,
    ORGANIZATION,
    PERSON,
    PLACE,
    Agreement,
    Claim,
    Corpus,
    Country,
    Evidence,
    Meeting,
    Mention,
    Merge,
    Organization,
    Person,
    Place,
    Ref,
    Source,
    Variant,
)

ROOT = Path(__file__).resolve().parents[1]

TEXT_A = (
    'Ana Silva met Kenji Sato in Geneva on 3 May 2024 at the trade summit. '
    '"Trade must stay open," Silva said. '
    'Brazil and Japan signed a ten-year energy pact, signed by Silva and Sato.'
)
TEXT_B = (
    'Kenji Sato called Ana Silva on 10 June 2024. '
    '"Trade must stay open," Silva told reporters. '
    '"Trade has to stay open," said Silva later. '
    'The Ministry of Trade said "tariffs will fall".'
)
NAME_A = "a.txt"
NAME_B = "world/b c.txt"  # a name with a folder and a space, as input trees have


def span(source: str, text: str, words: str, nth: int = 0) -> Evidence:
    """Evidence for the `nth` occurrence of `words` in `text`, inside its sentence."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    end = start + len(words)
    sentence_start = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
    sentence_end = text.find(". ", end)
    sentence_end = len(text) if sentence_end < 0 else sentence_end + 1
    return Evidence(source, start, end, sentence_start, sentence_end, text[sentence_start:sentence_end])


def make_corpus(
    ana: str = "Ana Silva", quote: str = "Trade must stay open,", sentence_suffix: str = "", title: str = "Summit in Geneva"
) -> Corpus:
    """The fixture corpus; the arguments let property tests put arbitrary text in a name, a quote and a sentence."""
    a = lambda words, nth=0: span(NAME_A, TEXT_A, words, nth)  # noqa: E731
    b = lambda words, nth=0: span(NAME_B, TEXT_B, words, nth)  # noqa: E731
    sources = (
        Source(NAME_A, title, date(2024, 5, 4), "https://news.example/a?q=<1>&x={2}", "Example News", "R. Writer", ("copy of a.txt",)),
        Source(NAME_B, "Call between leaders", date(2024, 6, 11), None, "Other Outlet"),
    )
    persons = (
        Person("ana-silva", ana, ("Silva",), ("foreign minister",), "BR"),
        Person("kenji-sato", "Kenji Sato", ("Sato",), ("trade minister", "envoy"), "JP"),
    )
    countries = (Country("BR", "Brazil", "BRA", ("Brasil",)), Country("JP", "Japan", "JPN"))
    places = (Place("geneva", "Geneva"),)
    organizations = (Organization("ministry-of-trade", "Ministry of Trade", "JP"),)
    mentions = (
        Mention(Ref(PERSON, "ana-silva"), "Ana Silva", a("Ana Silva")),
        Mention(Ref(PERSON, "kenji-sato"), "Kenji Sato", a("Kenji Sato")),
        Mention(Ref(PLACE, "geneva"), "Geneva", a("Geneva")),
        Mention(Ref(COUNTRY, "BR"), "Brazil", a("Brazil")),
        Mention(Ref(COUNTRY, "JP"), "Japan", a("Japan")),
        Mention(Ref(PERSON, "kenji-sato"), "Kenji Sato", b("Kenji Sato")),
        Mention(Ref(PERSON, "ana-silva"), "Ana Silva", b("Ana Silva")),
        Mention(Ref(ORGANIZATION, "ministry-of-trade"), "Ministry of Trade", b("Ministry of Trade")),
    )
    meetings = (
        Meeting("ana-silva--kenji-sato--2024-05-03", ("ana-silva", "kenji-sato"), IN_PERSON, date(2024, 5, 3),
                "3 May 2024", "geneva", "trade summit", (a("met"),)),
        Meeting("ana-silva--kenji-sato--2024-06-10", ("ana-silva", "kenji-sato"), CALL, date(2024, 6, 10),
                "10 June 2024", None, None, (b("called"),)),
    )
    agreements = (
        Agreement("brazil-japan-energy-pact", "Brazil-Japan energy pact", ("BR", "JP"), ("ana-silva", "kenji-sato"),
                  "P10Y", date(2024, 5, 3), (a("energy pact"),)),
    )
    first = a("Trade must stay open,")
    first = replace(first, sentence=first.sentence + sentence_suffix)
    claims = (
        Claim("trade-must-stay-open", Ref(PERSON, "ana-silva"), quote, (Ref(COUNTRY, "BR"),),
              (first, b("Trade must stay open,")), (Variant("trade-has-to-stay-open", 0.83),)),
        Claim("trade-has-to-stay-open", Ref(PERSON, "ana-silva"), "Trade has to stay open,", (Ref(COUNTRY, "BR"),),
              (b("Trade has to stay open,"),), (Variant("trade-must-stay-open", 0.83),)),
        Claim("tariffs-will-fall", Ref(ORGANIZATION, "ministry-of-trade"), "tariffs will fall",
              (Ref(COUNTRY, "JP"),), (b("tariffs will fall"),)),
    )
    merges = (Merge(PERSON, "ana-silva", (f"{NAME_A}#ana-silva", f"{NAME_B}#silva"), "same surname, same country"),)
    return Corpus(sources, persons, countries, places, organizations, mentions, meetings, agreements, claims, merges)


@pytest.fixture(scope="session")
def corpus_factory() -> Callable[..., Corpus]:
    return make_corpus


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return make_corpus()


@pytest.fixture(scope="session")
def dataset(corpus):
    from kg.rdf import build_dataset

    return build_dataset(corpus)


@pytest.fixture()
def graph(dataset):
    """A private copy of the merged fixture graph, free to break."""
    from rdflib import Graph

    from kg.rdf import merged_graph_iri

    copy = Graph()
    for triple in dataset.graph(merged_graph_iri()):
        copy.add(triple)
    return copy


@pytest.fixture(scope="session")
def graph_files(tmp_path_factory, dataset) -> dict[str, Path]:
    """The fixture graph written as graph.ttl and graph.trig, as `kg build` writes them."""
    from kg.serialize import serialize

    out = tmp_path_factory.mktemp("out")
    (out / "graph.ttl").write_bytes(serialize(dataset, "turtle"))
    (out / "graph.trig").write_bytes(serialize(dataset, "trig"))
    return {"turtle": out / "graph.ttl", "trig": out / "graph.trig"}


# ---------------------------------------------------------------- servers holding the fixture graph
@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory, dataset):
    """A private Virtuoso with the fixture graph.ttl bulk-loaded into the merged graph's IRI; `errors` lists load errors."""
    from kg.rdf import merged_graph_iri
    from kg.serialize import serialize
    from servers import Virtuoso

    folder = tmp_path_factory.mktemp("virtuoso")
    (folder / "graph.ttl").write_bytes(serialize(dataset, "turtle"))
    server = Virtuoso(folder)
    try:
        server.errors = server.bulk_load(folder, "graph.ttl", str(merged_graph_iri()))
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph_loaded(tmp_path_factory, graph_files):
    """The query URL of an Oxigraph server loaded with the fixture graph.trig by `kg load`."""
    import subprocess

    from kg.endpoint import load_endpoint
    from servers import free_port, require_tool, stop, wait_for_http

    binary = require_tool("oxigraph", "pip install oxigraph (the test extra of pyproject.toml)")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", proc, timeout=30, log=log)
        load_endpoint(graph_files["trig"], f"http://127.0.0.1:{port}/query")
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(proc)


# ---------------------------------------------------------------- the real spaCy model
@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline, loaded once per test session."""
    from kg.nlp import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def read(nlp):
    """read(text, published=None) -> the Reading kg extracts from one article with that text."""
    from datetime import date

    from kg.extract import read_articles
    from kg.records import Article, Source

    def _read(text: str, published: str | None = None, name: str = "article.txt"):
        source = Source(name=name, title=text.splitlines()[0], published=date.fromisoformat(published) if published else None)
        return next(read_articles(nlp, [Article(source, text)]))

    return _read
