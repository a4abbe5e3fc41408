"""kg.cache: every record type survives the JSON Lines round trip unchanged."""
from __future__ import annotations

import dataclasses
import inspect
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import records
from kg.cache import decode_record, encode_record, read_readings, write_readings
from kg.errors import KGError

RECORD_TYPES = sorted(
    (cls for _, cls in inspect.getmembers(records, inspect.isclass) if dataclasses.is_dataclass(cls) and cls.__module__ == records.__name__),
    key=lambda cls: cls.__name__,
)


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda cls: cls.__name__)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_record_round_trip(cls, data):
    record = data.draw(st.from_type(cls))
    encoded = json.dumps(encode_record(record), ensure_ascii=False, sort_keys=True)
    decoded = decode_record(cls, json.loads(encoded))
    assert type(decoded) is cls
    assert json.dumps(encode_record(decoded), ensure_ascii=False, sort_keys=True) == encoded
    if "NaN" not in encoded:  # NaN is never equal to itself
        assert decoded == record


def test_every_record_type_is_covered():
    names = {cls.__name__ for cls in RECORD_TYPES}
    assert {"Reading", "Corpus", "Source", "Evidence", "Ref", "Mention", "Person", "Country", "Place", "Organization", "Meeting", "Agreement", "Variant", "Claim", "Merge"} <= names


def test_readings_file_round_trip(tmp_path):
    evidence = records.Evidence("a.txt", 0, 5, 0, 20, 'Ana "O\'Brien" said\ttab')
    reading = records.Reading(
        source=records.Source("a.txt", title="Nguyễn Phú Trọng in New York", published=date(2024, 3, 1), url="https://example.org/a?x=1"),
        persons=(records.Person("ana-silva", "Ana Silva", aliases=("Silva",), roles=("minister",), country="PT"),),
        meetings=(records.Meeting("m1", ("ana-silva", "bo"), date=date(2024, 3, 1), evidence=(evidence,)),),
        claims=(records.Claim("c1", records.Ref(records.PERSON, "ana-silva"), "x\u0000y", variants=(records.Variant("c2", 0.5),)),),
    )
    other = records.Reading(source=records.Source("0.txt"))
    path = tmp_path / "readings.jsonl"
    assert write_readings(path, [reading, other], {"model": "m"}) == 2
    meta, back = read_readings(path)
    assert meta == {"model": "m"}
    assert back == [other, reading]  # sorted by source name


def test_missing_or_foreign_cache_is_a_kg_error(tmp_path):
    with pytest.raises(KGError, match="without --append"):
        read_readings(tmp_path / "none.jsonl")
    (tmp_path / "bad.jsonl").write_text('{"kg-readings": 99}\n')
    with pytest.raises(KGError, match="version 99"):
        read_readings(tmp_path / "bad.jsonl")


def test_readings_stream_in_and_out(tmp_path):
    """Presorted readings are written as they come; cached ones are read a line at a time, and a bad line is named."""
    from kg.cache import iter_readings

    readings = [records.Reading(source=records.Source(f"{i:03}.txt")) for i in range(5)]
    path = tmp_path / "readings.jsonl"
    assert write_readings(path, iter(readings), {"model": "m"}, presorted=True) == 5
    meta, back = iter_readings(path)
    assert meta == {"model": "m"} and next(back) == readings[0] and list(back) == readings[1:]
    path.write_text(path.read_text().replace('"003.txt"', "003.txt"))
    meta, back = iter_readings(path)  # the header is fine: the error comes with the line
    with pytest.raises(KGError, match=r"readings.jsonl:5: unreadable cached reading"):
        list(back)
