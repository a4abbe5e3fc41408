"""Date expressions resolved against an anchor: days outside years 1-9999 are no days, never an error."""
from __future__ import annotations

from datetime import date

import pytest

from kg.dates import canonical_duration, parse_when, resolve_when


@pytest.mark.parametrize(
    "text, anchor, event",
    [
        ("3000000 days ago", date(2024, 5, 1), None),
        ("99999999999 weeks ago", date(2024, 5, 1), None),
        ("99999999999999999999999 days later", date(2024, 5, 1), None),
        ("on Friday", date(1, 1, 1), None),  # the Friday before 1 January of year 1
        ("the next day", date(9999, 12, 31), date(9999, 12, 31)),
        ("a day earlier", date(1, 1, 1), date(1, 1, 1)),
        ("December 31", date(9999, 12, 31), None),
    ],
)
def test_days_out_of_range_are_none(text, anchor, event):
    when = parse_when(text)
    assert when is not None
    resolved = resolve_when(when, anchor, event)
    assert resolved is None or date.min <= resolved <= date.max


def test_days_in_range_still_resolve():
    assert resolve_when(parse_when("3 days ago"), date(2024, 5, 1)) == date(2024, 4, 28)
    assert resolve_when(parse_when("on Friday"), date(2024, 5, 1)) == date(2024, 4, 26)
    assert resolve_when(parse_when("December 31"), date(9999, 12, 31)) == date(9999, 12, 31)


@pytest.mark.parametrize("written, canonical", [
    ("P10Y", "P10Y"), ("P18M", "P1Y6M"), ("P12M", "P1Y"), ("P6M", "P6M"), ("P2W", "P14D"), ("P30D", "P30D"),
    ("P0Y", "P0D"), ("PT2H", "PT2H"), ("ten years", "ten years"),
])
def test_durations_are_written_as_every_store_keeps_them(written, canonical):
    assert canonical_duration(written) == canonical
