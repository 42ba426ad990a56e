"""Partial dates: a day, a month or a year written YYYY-MM-DD, YYYY-MM or YYYY.

Publication dates, event dates, corrections and the record's period filters come in all three
precisions. This module is their one home: parsing, the range of days a value covers, and the
last day of a month. (The extractor's own date reading, from prose, is ``parley.dates``.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A YYYY, YYYY-MM or YYYY-MM-DD value with the first and last day it covers."""

    first: dt.date
    last: dt.date
    precision: Precision
    value: str

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """The value read strictly; ValueError says what a valid one looks like."""
        try:
            if len(value) == 10:
                day = dt.date.fromisoformat(value)
                return cls(day, day, "day", value)
            if len(value) == 7 and value[4] == "-":
                first = dt.date.fromisoformat(value + "-01")
                return cls(first, month_end(first), "month", value)
            if len(value) == 4 and value.isdigit():
                year = int(value)
                return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", value)
        except ValueError:
            pass
        raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def is_partial_date(value: str | None) -> bool:
    """Whether ``value`` is a valid YYYY, YYYY-MM or YYYY-MM-DD."""
    if not value:
        return False
    try:
        PartialDate.parse(value)
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
