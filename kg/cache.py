"""Per-article readings on disk as JSON Lines, so `kg build --append` re-runs only resolve and rdf.

The first line is a header: {"kg-readings": VERSION, ...meta}; every other line is one
kg.records.Reading. The encoding is driven by the records' type hints, so a field added to
a record is cached without touching this module.
"""
from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from kg import records
from kg.errors import KGError
from kg.files import write_atomic
from kg.records import Reading

VERSION = 1


def encode_record(record: Any) -> Any:
    """A record (or any value inside one) as plain JSON data."""
    if dataclasses.is_dataclass(record):
        return {f.name: encode_record(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, tuple):
        return [encode_record(v) for v in record]
    if isinstance(record, date):
        return record.isoformat()
    return record


def decode_record(hint: Any, data: Any) -> Any:
    """The value of type `hint` (a record class or a field's type) that `encode_record` turned into `data`."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return decode_record(inner, data)
    if origin is tuple:
        inner = typing.get_args(hint)[0]
        return tuple(decode_record(inner, v) for v in data)
    if dataclasses.is_dataclass(hint):
        fields = _field_types(hint)
        return hint(**{name: decode_record(fields[name], value) for name, value in data.items()})
    if hint is date:
        return date.fromisoformat(data)
    if hint is float:
        return float(data)
    return data


@cache
def _field_types(cls: type) -> dict[str, Any]:
    # Resolved against kg.records, not the class body: a field named `date` would shadow the type.
    return typing.get_type_hints(cls, globalns=vars(records), localns={})


def write_readings(path: Path, readings: Iterable[Reading], meta: dict[str, Any] | None = None, *, presorted: bool = False) -> int:
    """Write readings sorted by source name to `path` (atomically); return how many were written.

    `presorted`: the readings come sorted already (kg.shelf.Shelf.readings) and are streamed, never held at once.
    """
    ordered = readings if presorted else sorted(readings, key=lambda r: r.source.name)
    count = 0

    def lines() -> Iterator[bytes]:
        nonlocal count
        yield (json.dumps({"kg-readings": VERSION, **(meta or {})}, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        for reading in ordered:
            count += 1
            yield (json.dumps(encode_record(reading), ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")

    write_atomic(path, lines())
    return count


def read_readings(path: Path) -> tuple[dict[str, Any], list[Reading]]:
    """Return the header's meta data and the readings cached in `path`."""
    meta, readings = iter_readings(path)
    return meta, list(readings)


def iter_readings(path: Path) -> tuple[dict[str, Any], Iterator[Reading]]:
    """The header's meta data (read now: a foreign file fails here) and the cached readings, read one line at a time."""
    rebuild = "rebuild the store without --append"
    try:
        f = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the generator below
    except FileNotFoundError as e:
        raise KGError(f"{path}: no cached readings; build the store without --append first") from e
    except OSError as e:
        raise KGError(f"{path}: cannot read the cached readings ({e.strerror}); {rebuild}") from e
    try:
        first = f.readline()
        header = json.loads(first) if first else {}
    except UnicodeDecodeError as e:
        f.close()
        raise KGError(f"{path}: not valid UTF-8 at byte {e.start}, so not a readings cache; {rebuild}") from e
    except json.JSONDecodeError as e:
        f.close()
        raise KGError(f"{path}:1: not a readings cache ({e.msg}); {rebuild}") from e
    if not isinstance(header, dict):
        f.close()
        raise KGError(f"{path}:1: not a readings cache (the header is not a JSON object); {rebuild}")
    if header.get("kg-readings") != VERSION:
        f.close()
        raise KGError(f"{path}: readings cache version {header.get('kg-readings')!r}, expected {VERSION}; rebuild the store without --append")
    meta = {k: v for k, v in header.items() if k != "kg-readings"}
    return meta, _readings(f, path, rebuild)


def _readings(f, path: Path, rebuild: str) -> Iterator[Reading]:
    number = 1
    with f:
        try:
            for number, line in enumerate(f, start=2):  # noqa: B007 - the number names the line in the error
                if line.strip():
                    yield decode_record(Reading, json.loads(line))
        except UnicodeDecodeError as e:
            raise KGError(f"{path}:{number + 1}: not valid UTF-8, so not a readings cache; {rebuild}") from e  # the line being read
        except (json.JSONDecodeError, TypeError, KeyError, ValueError, AttributeError) as e:
            raise KGError(f"{path}:{number}: unreadable cached reading ({e}); {rebuild}") from e
