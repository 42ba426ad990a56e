"""Partial dates: a day, a month or a year written YYYY-MM-DD, YYYY-MM or YYYY.

Publication dates, event dates, corrections and the record's period filters come in all three
precisions. Their type is ``parley.model.DateValue`` (the value, its precision and the first and
last day it covers); this module is the one home of reading them: ``parse`` (strict),
``parse_day`` (lenient, to the first day), ``is_partial_date`` and ``month_end``. (The
extractor's own date reading, from prose, is ``parley.extraction.dates``.)
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from parley.model import DateValue


def parse(value: str) -> DateValue:
    """A YYYY, YYYY-MM or YYYY-MM-DD value read strictly, as the ``DateValue`` of the days it covers;
    ValueError says what a valid one looks like."""
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return DateValue(value, "day", day, day)
        if len(value) == 7 and value[4] == "-":
            first = dt.date.fromisoformat(value + "-01")
            return DateValue(value, "month", first, month_end(first))
        if len(value) == 4 and value.isdigit():
            year = int(value)
            return DateValue(value, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError:
        pass
    raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def is_partial_date(value: str | None) -> bool:
    """Whether ``value`` is a valid YYYY, YYYY-MM or YYYY-MM-DD."""
    if not value:
        return False
    try:
        parse(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def parse_day(value: str | None) -> dt.date | None:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD value (leniently: a longer timestamp is read
    to its day, a bad value is None), as publication dates come."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None
