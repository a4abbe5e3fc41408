"""Dates as news writes them: "12 March 2024", "May 3", "Friday", "a day earlier".

`parse_when` turns words into a When; `resolve_when` turns a When into a date, given the
article's anchor (its publication date, or one inferred from the corpus) and the date of
the article's main event (for "a day earlier").
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "fifty": 50, "hundred": 100,
}
UNIT_DAYS = {"day": 1, "week": 7}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_ABSOLUTE = [
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]
_MONTH_DAY = [re.compile(rf"\b{_DAY}\s+{_MONTH}\b", re.I), re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\d)", re.I)]
_MONTH_ONLY = re.compile(rf"\b{_MONTH}(?:\s+{_YEAR})?\b", re.I)
_WEEKDAY = re.compile(r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)
_OFFSET = re.compile(r"\b(?P<n>\d+|" + "|".join(NUMBER_WORDS) + r")\s+(?P<unit>day|week)s?\s+(?P<dir>earlier|before|ago|later|after)\b", re.I)
_RELATIVE_MONTH = {"last month": -1, "the previous month": -1, "this month": 0, "earlier this month": 0, "past month": -1}
_RELATIVE_DAY = {
    "yesterday": -1, "today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0,
    "last night": -1, "the previous day": -1, "the day before": -1, "the next day": 1, "the following day": 1,
}


@dataclass(frozen=True)
class When:
    """A parsed date expression; `kind` says which fields are set."""

    kind: str  # "absolute", "month-day", "month", "weekday", "offset", "anchor-offset"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # Monday = 0
    days: int = 0  # for offsets: days to add
    months: int = 0  # for "anchor-month": months to add to the anchor's month ("last month": -1)


def parse_when(text: str) -> When | None:
    """Parse the first date expression in `text`, or None."""
    t = text.strip()
    for pattern in _ABSOLUTE:
        if m := pattern.search(t):
            month = int(m["month"]) if m["month"].isdigit() else MONTHS[m["month"].lower().rstrip(".")]
            if _valid(int(m["year"]), month, int(m["day"])):
                return When("absolute", int(m["year"]), month, int(m["day"]))
    for pattern in _MONTH_DAY:
        if m := pattern.search(t):
            month, day = MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
            if _valid(2000, month, day):
                return When("month-day", month=month, day=day)
    if m := _OFFSET.search(t):
        n = int(m["n"]) if m["n"].isdigit() else NUMBER_WORDS[m["n"].lower()]
        sign = -1 if m["dir"].lower() in ("earlier", "before", "ago") else 1
        kind = "anchor-offset" if m["dir"].lower() == "ago" else "offset"
        return When(kind, days=sign * n * UNIT_DAYS[m["unit"].lower()])
    for words, days in _RELATIVE_DAY.items():
        if re.search(rf"\b{words}\b", t, re.I):
            kind = "offset" if words.startswith("the ") else "anchor-offset"
            return When(kind, days=days)
    for words, months in _RELATIVE_MONTH.items():
        if re.search(rf"\b{words}\b", t, re.I):
            return When("anchor-month", months=months)
    if m := _WEEKDAY.search(t):
        return When("weekday", weekday=WEEKDAYS[m["weekday"].lower()])
    if m := _MONTH_ONLY.search(t):
        if m["month"].lower() in ("may", "march") and not re.search(r"\b(in|early|late|mid|since|last|this)\s+(may|march)\b", t, re.I):
            return None  # the verb "may", the noun "march"
        year = int(m["year"]) if m["year"] else None
        return When("month", year=year, month=MONTHS[m["month"].lower().rstrip(".")])
    return None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def resolve_when(when: When | None, anchor: date | None, event: date | None = None) -> date | None:
    """The day `when` names, or None when it names no single day, lacks what it depends on or falls outside years 1-9999."""
    if when is None:
        return None
    if when.kind == "absolute":
        return date(when.year, when.month, when.day)
    if when.kind == "offset":
        return _shift(event or anchor, when.days)
    if when.kind == "anchor-offset":
        return _shift(anchor, when.days)
    if anchor is None:
        return None
    if when.kind == "month-day":
        for year in (anchor.year, anchor.year - 1):
            if _valid(year, when.month, when.day) and date(year, when.month, when.day) <= (_shift(anchor, 1) or date.max):
                return date(year, when.month, when.day)
        return None
    if when.kind == "weekday":
        return _shift(anchor, -((anchor.weekday() - when.weekday) % 7))
    return None  # a month names no single day


def resolve_month(when: When | None, anchor: date | None) -> str | None:
    """The month ("YYYY-MM") that `when` names when it names a month and no day: "June 2018"; "in June"
    (the last June up to the anchor); "last month"."""
    if when is None:
        return None
    if when.kind == "month" and when.year:
        return f"{when.year:04d}-{when.month:02d}"
    if anchor is None:
        return None
    if when.kind == "month":
        year = anchor.year if when.month <= anchor.month else anchor.year - 1
        return f"{year:04d}-{when.month:02d}" if year >= 1 else None  # "in June" before June of year 1
    if when.kind == "anchor-month":
        year, month = divmod(anchor.year * 12 + anchor.month - 1 + when.months, 12)
        return f"{year:04d}-{month + 1:02d}" if 1 <= year <= 9999 else None
    return None


def _shift(day: date | None, days: int) -> date | None:
    """`day` moved by `days`, or None when there is no day or the result is not a date ("3000000 days ago")."""
    if day is None:
        return None
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def compatible(when: When | None, day: date | None) -> bool:
    """Whether a known date could be what `when` says (used to merge and to infer anchors)."""
    if when is None or day is None:
        return True
    if when.kind == "absolute":
        return (when.year, when.month, when.day) == (day.year, day.month, day.day)
    if when.kind == "month-day":
        return (when.month, when.day) == (day.month, day.day)
    if when.kind == "month":
        return when.month == day.month and (when.year is None or when.year == day.year)
    if when.kind == "weekday":
        return when.weekday == day.weekday()
    return True


def same_day(a: When | None, b: When | None, anchor: date | None = None) -> bool:
    """Whether two date expressions could name the same day ("Friday" and "12 March 2024" could;
    "September" and "October 31" cannot). Unknown is compatible with anything."""
    if a is None or b is None:
        return True
    da, db = resolve_when(a, anchor), resolve_when(b, anchor)
    if da and db:
        return da == db
    calendar_kinds = ("absolute", "month-day", "month", "weekday")
    if a.kind == b.kind and a.kind in calendar_kinds:
        years_agree = a.year is None or b.year is None or a.year == b.year
        return years_agree and (a.month, a.day, a.weekday) == (b.month, b.day, b.weekday)
    if {a.kind, b.kind} <= {"absolute", "month-day", "month"}:
        return a.month == b.month and (a.day is None or b.day is None or a.day == b.day)
    return True


_DURATION = re.compile(r"P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?")


def canonical_duration(text: str) -> str:
    """An ISO 8601 duration of years, months, weeks and days as the canonical xsd:duration every store agrees on.

    "P18M" is "P1Y6M" (Oxigraph and Virtuoso keep it so; rdflib would keep "P18M"), and weeks, which
    xsd:duration has not, become days: "P2W" is "P14D". Other text is returned as it is.
    """
    m = _DURATION.fullmatch(text)
    if m is None or text == "P":
        return text
    years, months, weeks, days = (int(m[k] or 0) for k in ("years", "months", "weeks", "days"))
    years, months = years + months // 12, months % 12
    days += 7 * weeks
    return "P" + "".join(f"{n}{unit}" for n, unit in ((years, "Y"), (months, "M"), (days, "D")) if n) if years or months or days else "P0D"
