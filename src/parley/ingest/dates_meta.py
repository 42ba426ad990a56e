"""Publication dates: parse the stamps, datelines and metadata values that say when an article appeared.

This is not the event-date resolver (``parley.extraction.dates``): it only reads absolute,
fully written dates, the kind a site prints next to an article, and refuses
anything it would have to guess (a day and month without a year, an ambiguous
``03/04/2023``).
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = (
    r"(?:\s*(?:,|at|-|–|\|)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*[A-Z]{2,4}|\s*[+-]\d{2}:?\d{2})?)?"
)

# Each shape a publication date is printed in; the group names carry the parts.
_DATE_SHAPES: tuple[tuple[str, str], ...] = (
    (
        "iso",
        r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
    ),
    ("numeric_dmy", r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    ("numeric_slash", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})"),
    ("day_month_year", r"(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s.\-/]*" + _MONTH + r"[\s.\-/,]*(?P<y>\d{4})"),
    ("month_day_year", _MONTH + r"\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"),
)

# Every shape at once, without group names (those repeat across shapes), for use
# inside larger patterns; what it matches is read back with :func:`parse_date`.
DATE_PATTERN = re.sub(
    r"\(\?P<\w+>", "(?:", "(?:" + "|".join(f"(?:{shape})" for _, shape in _DATE_SHAPES) + ")"
)

_SHAPE_RES = tuple(
    (name, re.compile(_WEEKDAY + shape + _TIME, re.IGNORECASE)) for name, shape in _DATE_SHAPES
)

# A line that is nothing but a date (with an optional label, weekday and time):
# how sites print a publication stamp and how headline lists print their dates.
_LABEL = r"(?:(?:published|posted|updated|date|last updated|first published)\s*(?:on)?\s*:?\s*)?"


def parse_date(text: str) -> dt.date | None:
    """The date a whole string spells out (label, weekday and time allowed), or None."""
    value = text.strip().strip("|•·").strip()
    label = re.match(_LABEL, value, re.IGNORECASE)
    if label:
        value = value[label.end() :]
    for name, regex in _SHAPE_RES:
        match = regex.fullmatch(value)
        if match:
            return _to_date(name, match)
    return None


def search_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first full date written anywhere in ``text``, with its span."""
    best: tuple[dt.date, int, int] | None = None
    for name, regex in _SHAPE_RES:
        for match in regex.finditer(text):
            date = _to_date(name, match)
            if date is not None and (best is None or match.start() < best[1]):
                best = (date, match.start(), match.end())
                break
    return best


def is_date_line(line: str) -> bool:
    return len(line) <= 60 and parse_date(line) is not None


def plausible(date: dt.date, today: dt.date | None = None) -> bool:
    """An article date: not before 1990 (the oldest archives we read), not after next year."""
    today = today or dt.date.today()
    return 1990 <= date.year <= today.year + 1


def _to_date(shape: str, match: re.Match[str]) -> dt.date | None:
    parts = match.groupdict()
    try:
        year = int(parts["y"])
        if shape == "numeric_slash":
            first, second = int(parts["a"]), int(parts["b"])
            if first > 12 >= second:
                day, month = first, second
            elif second > 12 >= first:
                month, day = first, second
            elif first == second:
                day = month = first
            else:
                return None  # 03/04/2023 reads both ways; refuse to guess
        else:
            day = int(parts["d"])
            month = MONTHS[parts["mon"].lower()] if parts.get("mon") else int(parts["m"])
        return dt.date(year, month, day)
    except (ValueError, KeyError):
        return None


_PARTIAL = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?")


def normalise_published(value: object) -> str | None:
    """A metadata date as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; None when unknown or unreadable.

    Accepts the header forms (``2023-05-26``, ``2023-05``, ``unknown``), ISO timestamps
    and the printed shapes :func:`parse_date` reads.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or text.lower() in {"unknown", "none", "null", "n/a", "-"}:
        return None
    partial = _PARTIAL.fullmatch(text)
    if partial:
        year = int(partial["y"])
        if not plausible(dt.date(year, 1, 1)):
            return None
        if partial["m"] is None:
            return f"{year:04d}"
        month = int(partial["m"])
        if not 1 <= month <= 12:
            return None
        if partial["d"] is None:
            return f"{year:04d}-{month:02d}"
        try:
            return dt.date(year, month, int(partial["d"])).isoformat()
        except ValueError:
            return None
    date = parse_date(text)
    if date is None or not plausible(date):
        return None
    return date.isoformat()
