"""kg.records: records pickle as their class and field values, and come back equal (the shelf and the workers rely on it)."""
from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import date

import pytest

import kg.records as records
from kg.records import Reading, Source

RECORDS = [value for value in vars(records).values() if isinstance(value, type) and dataclasses.is_dataclass(value)]


def test_a_corpus_round_trips_whole(corpus):
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(corpus, protocol=protocol))
        assert back == corpus
        assert [type(m) for m in back.meetings] == [type(m) for m in corpus.meetings]
    assert copy.deepcopy(corpus) == corpus


def test_defaults_and_none_survive():
    source = Source("a.txt", published=date(2024, 5, 1), also_names=("b.txt",))
    reading = Reading(source)
    assert pickle.loads(pickle.dumps(reading)) == reading
    assert pickle.loads(pickle.dumps(Source("c.txt"))).url is None


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_every_record_pickles_as_constructed(cls):
    """A record pickles as (class, values): one whose fields are not all __init__ arguments could not."""
    assert all(f.init for f in dataclasses.fields(cls))
    assert cls.__reduce__ is not object.__reduce__
