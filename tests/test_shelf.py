"""kg.shelf: readings on disk, slim ones in memory; the two-pass build gives the graph of the one-pass build."""
from __future__ import annotations

from dataclasses import replace

import pytest

from kg.rdf import build_graphs
from kg.resolve import resolve, resolve_facts
from kg.serialize import serialize
from kg.shelf import Shelf, slim
from kg.spool import build_spool

ARTICLES = {
    "one.txt": (
        "Ministers meet in Norvale\n\n"
        "Defence Minister Tomas Brevik met his counterpart Ilse Marrow in Norvale on Tuesday. "
        "\"We agreed to keep talking,\" Brevik said after the meeting. Marrow said the talks were \"frank and useful\".",
        "2031-03-06",
    ),
    "two.txt": (
        "Talks end\n\n"
        "Tomas Brevik and Ilse Marrow met on Tuesday, the ministry said. "
        "\"We agreed to keep talking,\" Brevik told reporters.",
        "2031-03-07",
    ),
}


@pytest.fixture(scope="module")
def readings(read):
    return [read(text, published, name=name) for name, (text, published) in ARTICLES.items()]


def test_slim_keeps_what_resolution_merges_and_drops_the_bulk(readings):
    reading = readings[0]
    thin = slim(reading)
    assert reading.mentions and thin.mentions == ()
    assert (thin.persons, thin.countries, thin.places, thin.source) == (reading.persons, reading.countries, reading.places, reading.source)
    facts = [f for kind in ("meetings", "agreements", "claims") for f in getattr(reading, kind)]
    thin_facts = [f for kind in ("meetings", "agreements", "claims") for f in getattr(thin, kind)]
    assert facts and all(e.sentence for f in facts for e in f.evidence)
    assert [f.key for f in thin_facts] == [f.key for f in facts]
    assert all(e.sentence == "" for f in thin_facts for e in f.evidence)
    # every other field of the evidence kept as it was (spans, the sentence's span, and any field added later)
    assert [e for f in thin_facts for e in f.evidence] == [replace(e, sentence="") for f in facts for e in f.evidence]


def test_shelf_gives_back_every_whole_reading_by_name(readings, tmp_path):
    with Shelf(tmp_path) as shelf:
        shelf.add(reversed(readings))
        assert len(shelf) == 2 and [r.source.name for r in shelf.slim] == ["two.txt", "one.txt"]
        assert list(shelf.readings()) == sorted(readings, key=lambda r: r.source.name)


def test_temporary_shelf_is_deleted_on_close(readings):
    shelf = Shelf().add(readings)
    path = shelf.path
    assert path.exists()
    shelf.close()
    assert not path.exists()


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_two_pass_build_writes_the_one_pass_graph(readings, fmt):
    """resolve_facts on slim readings, then each whole reading's mentions and sentences: the same bytes."""
    expected = serialize(build_graphs(resolve(readings)), fmt)
    with Shelf() as shelf:
        shelf.add(readings)
        corpus, keys = resolve_facts(shelf.slim)
        assert corpus.mentions == ()
        with build_spool(corpus, "https://w3id.org/kg/id/", details=(shelf.readings(), keys)) as spool:
            assert serialize(spool, fmt) == expected
        with build_spool(corpus, "https://w3id.org/kg/id/") as partial:  # without the details: no mention, no sentence text
            assert serialize(partial, fmt) != expected
            assert b"Mention" not in serialize(partial, fmt)
