"""Resolving one date expression against the article's date: a handler per kind of expression
(a named day, a month, a weekday, "a week later", "early May", ranges, ordinals), each choosing
the year or side of the reference date that the tense of its verb and the text allow."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parley.extraction.date_rules import DateRules, Groups, date_key
from parley.model import DateValue

if TYPE_CHECKING:
    from parley.extraction.date_rules import DatePart


# Sites stamp in their own time zone, a day off the reader's: a day date this close past
# the anchor is still read as "not after it" (and as "not before it" for the future).
_SLACK = dt.timedelta(days=1)


# ---------------------------------------------------------------------------
# Resolving


@dataclass(frozen=True)
class Query:
    text: str
    rule: str
    anchor: dt.date | None
    precision: str | None
    tense: str | None
    reference: dt.date | None  # a day: the caller's, else the anchor when known to the day
    context_year: int | None
    context_month: int | None

    @property
    def day_anchor(self) -> dt.date | None:
        return self.anchor if self.precision == "day" else None

    @property
    def window(self) -> tuple[dt.date, dt.date] | None:
        """The span of days the anchor stands for."""
        if self.anchor is None:
            return None
        if self.precision == "day":
            return self.anchor, self.anchor
        if self.precision == "month":
            return _month_span(self.anchor.year, self.anchor.month)
        return dt.date(self.anchor.year, 1, 1), dt.date(self.anchor.year, 12, 31)

    def base(self, kind: str) -> tuple[dt.date, str] | None:
        """The date a relative expression counts from, with its precision."""
        if kind == "reference" and self.reference is not None:
            return self.reference, "day"
        if self.anchor is None or self.precision is None:
            return None
        return self.anchor, self.precision


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + count
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _day_value(day: dt.date, q: Query, rule: str, *, approx: bool = False,
               span: tuple[dt.date, dt.date] | None = None) -> DateValue:
    start, end = span or (day, day)
    return DateValue(day.isoformat(), "day", start, end, approx, q.text, rule)


def _middle(start: dt.date, end: dt.date) -> dt.date:
    return start + (end - start) // 2


def _span_value(start: dt.date, end: dt.date, precision: str, q: Query, rule: str,
                approx: bool) -> DateValue | None:
    """A value at ``precision`` for a range: the middle of it, or the month/year it sits in."""
    if end < start:
        return None
    middle = _middle(start, end)
    if precision == "day":
        return DateValue(middle.isoformat(), "day", start, end, approx, q.text, rule)
    if precision == "month":
        return DateValue(f"{middle.year:04d}-{middle.month:02d}", "month", start, end, approx, q.text, rule)
    return DateValue(f"{middle.year:04d}", "year", start, end, approx, q.text, rule)


def _choose(candidates: list[tuple[dt.date, dt.date]], q: Query) -> tuple[int, str] | None:
    """Pick the candidate span that sits on the right side of the anchor for the tense."""
    window = q.window
    if window is None or not candidates:
        return None
    low, high = window

    def slack(span: tuple[dt.date, dt.date]) -> dt.timedelta:
        return _SLACK if span[0] == span[1] else dt.timedelta(0)

    indexed = list(enumerate(candidates))
    if q.tense == "past":
        allowed = [(i, s) for i, s in indexed if s[0] <= high + slack(s)]
        return (max(allowed, key=lambda c: c[1][0])[0], "past") if allowed else None
    if q.tense == "future":
        allowed = [(i, s) for i, s in indexed if s[1] >= low - slack(s)]
        return (min(allowed, key=lambda c: c[1][0])[0], "future") if allowed else None

    def distance(span: tuple[dt.date, dt.date]) -> int:
        if span[1] < low:
            return (low - span[1]).days
        if span[0] > high:
            return (span[0] - high).days
        return 0

    # Ties go to the earlier candidate: news reports on the past more than it announces.
    return min(indexed, key=lambda c: (distance(c[1]), c[1][0]))[0], "nearest"


def _pick_year(make: Callable[[int], tuple[dt.date, dt.date] | None], q: Query) -> tuple[int, str] | None:
    """The year for a date or month written without one, and how it was chosen."""
    if q.anchor is None:
        if q.context_year is not None and make(q.context_year) is not None:
            return q.context_year, "context_year"
        return None
    years = [y for y in (q.anchor.year - 1, q.anchor.year, q.anchor.year + 1) if make(y) is not None]
    spans = [make(y) for y in years]
    chosen = _choose([s for s in spans if s is not None], q)
    if chosen is None:
        return None
    return years[chosen[0]], chosen[1]


def _number(word: str | None, table: DateRules) -> tuple[int, bool] | None:
    """A count and whether it is vague; None for a missing or absurd number."""
    if word is None:
        return 1, False
    key = date_key(word)
    if key.isdigit():
        value = int(key)
        return (value, False) if 0 < value <= 999 else None
    if key in table.numbers:
        return table.numbers[key], False
    if key in table.vague:
        return table.vague[key], True
    return None


def to_int(text: str | None) -> int | None:
    digits = "".join(ch for ch in text or "" if ch.isdigit())
    return int(digits) if digits else None


Handler = Callable[[Groups, Query, DateRules], DateValue | None]


def _h_ymd(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    year, month, day = to_int(g.get("year")), to_int(g.get("month")), to_int(g.get("day"))
    if year is None or month is None or day is None:
        return None
    date = safe_date(year, month, day)
    return _day_value(date, q, q.rule) if date else None


def _h_numeric_day_first(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    # Dotted and dashed numeric dates are day-first in most of the world; a first number
    # that cannot be a month (with a second that can be a day) is read month-first.
    a, b = to_int(g.get("a")), to_int(g.get("b"))
    if a is None or b is None:
        return None
    day, month = (b, a) if b > 12 >= a else (a, b)
    return _h_ymd({"year": g.get("year"), "month": str(month), "day": str(day)}, q, t)


def _h_numeric_slashed(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    # Slashed dates are day-first in Europe and month-first in the US: resolve only the
    # ones whose order the numbers themselves settle.
    a, b = to_int(g.get("a")), to_int(g.get("b"))
    if a is None or b is None:
        return None
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a or a == b:
        day, month = b, a
    else:
        return None
    return _h_ymd({"year": g.get("year"), "month": str(month), "day": str(day)}, q, t)


def _h_day_month(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    month = t.months.get(date_key(g.get("month") or ""))
    day = to_int(g.get("day"))
    if month is None or day is None:
        return None
    year = to_int(g.get("year"))
    if year is not None:
        date = safe_date(year, month, day)
        return _day_value(date, q, q.rule) if date else None

    def make(y: int) -> tuple[dt.date, dt.date] | None:
        d = safe_date(y, month, day)
        return (d, d) if d else None

    if make(2000) is None:  # impossible in every year (leap day is possible in 2000)
        return None
    picked = _pick_year(make, q)
    if picked is None:
        return None
    date = safe_date(picked[0], month, day)
    return _day_value(date, q, f"{q.rule}.{picked[1]}") if date else None


def _h_day_range(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    first = t.months.get(date_key(g.get("month") or ""))
    second = t.months.get(date_key(g.get("month2") or "")) if g.get("month2") else first
    day, day2 = to_int(g.get("day")), to_int(g.get("day2"))
    if first is None or second is None or day is None or day2 is None:
        return None

    def make(y: int) -> tuple[dt.date, dt.date] | None:
        start = safe_date(y, first, day)
        end = safe_date(y + (1 if (second, day2) < (first, day) else 0), second, day2)
        if start is None or end is None or end <= start or (end - start).days > 62:
            return None
        return start, end

    year = to_int(g.get("year"))
    rule = q.rule
    if year is not None:
        # A trailing year belongs to the end of the range ("30 December - 2 January 2024").
        span = None
        for candidate in (make(year), make(year - 1)):
            if candidate is not None and candidate[1].year == year:
                span = candidate
                break
    else:
        if make(2000) is None and make(2001) is None:
            return None
        picked = _pick_year(lambda y: (s[0], s[0]) if (s := make(y)) else None, q)
        span = make(picked[0]) if picked else None
        rule = f"{rule}.{picked[1]}" if picked else rule
    if span is None:
        return None
    return _day_value(span[0], q, rule, span=span)


def _month_range(year: int, month: int, part: DatePart | None) -> tuple[dt.date, dt.date]:
    start, end = _month_span(year, month)
    if part is None or part.month is None:
        return start, end
    return start.replace(day=min(part.month[0], end.day)), end.replace(day=min(part.month[1], end.day))


def _h_month(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    month = t.months.get(date_key(g.get("month") or ""))
    if month is None:
        return None
    part = t.parts.get(date_key(g.get("part") or ""))
    if part is not None and part.cut is not None:
        part = None  # "earlier"/"later" before a month name add nothing a reader can place
    approx = part is not None
    year = to_int(g.get("year"))
    rule = q.rule
    if year is None and g.get("rel"):
        shift, _ = t.modifiers.get(date_key(g["rel"] or ""), (0, "anchor"))
        window = q.window
        if window is None:
            return None
        if shift == 0:
            year = window[0].year
        else:
            # "last July": the latest July wholly before the anchor's month; "next March":
            # the first one wholly after it.
            low, high = window
            options = [y for y in (low.year - 1, low.year, low.year + 1)
                       if (_month_span(y, month)[1] < low if shift < 0 else _month_span(y, month)[0] > high)]
            if not options:
                return None
            year = max(options) if shift < 0 else min(options)
        rule = f"{rule}.{'last' if shift < 0 else 'next' if shift > 0 else 'this'}"
    elif year is None:
        picked = _pick_year(lambda y: _month_range(y, month, part), q)
        if picked is None:
            return None
        year, rule = picked[0], f"{rule}.{picked[1]}"
    start, end = _month_range(year, month, part)
    return DateValue(f"{year:04d}-{month:02d}", "month", start, end, approx, q.text, rule)


def _year_range(year: int, part: DatePart | None) -> tuple[dt.date, dt.date]:
    if part is None or part.year is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return dt.date(year, part.year[0], 1), _month_span(year, part.year[1])[1]


def _h_year(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    year = to_int(g.get("year"))
    if year is None:
        return None
    part = t.parts.get(date_key(g.get("part") or ""))
    if part is not None and part.cut is not None:
        part = None
    start, end = _year_range(year, part)
    return DateValue(f"{year:04d}", "year", start, end, part is not None, q.text, q.rule)


def _h_weekday(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    weekday = t.weekdays.get(date_key(g.get("weekday") or ""))
    anchor = q.day_anchor
    if weekday is None or anchor is None:
        return None
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    shift = t.modifiers.get(date_key(g["rel"] or ""), (0, "anchor"))[0] if g.get("rel") else None
    if shift is not None and shift < 0:
        offset, how = -(back or 7), "last"
    elif shift is not None and shift > 0:
        offset, how = ahead or 7, "next"
    elif q.tense == "past":
        offset, how = -back, "past"
    elif q.tense == "future" or shift == 0:
        offset, how = ahead, "future"
    else:
        offset, how = (-back, "nearest") if back <= ahead else (ahead, "nearest")
    return _day_value(anchor + dt.timedelta(days=offset), q, f"{q.rule}.{how}")


def _h_relative_day(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    entry = t.relative_days.get(date_key(g.get("phrase") or ""))
    if entry is None:
        return None
    base = q.reference if entry.base == "reference" else q.day_anchor
    if base is None:
        return None
    return _day_value(base + dt.timedelta(days=entry.days), q, entry.id)


def _week_of(day: dt.date, shift: int) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=shift)
    return monday, monday + dt.timedelta(days=6)


def _h_period(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    unit = date_key(g.get("unit") or "")
    modifier = t.modifiers.get(date_key(g.get("rel") or ""))
    if modifier is None:
        return None
    shift, base_kind = modifier
    part = t.parts.get(date_key(g.get("part") or ""))
    based = q.base(base_kind)
    if based is None:
        return None
    base, precision = based
    cut = part.cut if part is not None else None
    if cut is not None and shift != 0:
        return None  # "earlier next week" does not cut anything a reader can place
    rule = q.rule + (f".{date_key(g['part'] or '').replace(' ', '_')}" if part is not None else "")

    if unit in ("week", "weekend"):
        if precision != "day":
            return None
        monday, sunday = _week_of(base, shift)
        if unit == "weekend":
            start, end = monday + dt.timedelta(days=5), sunday
        elif cut == "before":
            start, end = monday, base - dt.timedelta(days=1)
        elif cut == "after":
            start, end = base + dt.timedelta(days=1), sunday
        elif part is not None and part.week is not None:
            start, end = monday + dt.timedelta(days=part.week[0]), monday + dt.timedelta(days=part.week[1])
        elif shift == 0 and q.tense == "past":
            start, end = monday, base
        elif shift == 0 and q.tense == "future":
            start, end = base, sunday
        else:
            start, end = monday, sunday
        return _span_value(start, end, "day", q, rule, True)

    if unit == "month":
        if precision == "year":
            return None
        year, month = _add_months(base.year, base.month, shift)
        start, end = _month_span(year, month)
        approx = False
        if cut is not None and precision == "day":
            if cut == "before":
                end = base - dt.timedelta(days=1)
            else:
                start = base + dt.timedelta(days=1)
        elif part is not None and part.month is not None:
            start, end = _month_range(year, month, part)
            approx = True
        if end < start:
            return None
        return DateValue(f"{year:04d}-{month:02d}", "month", start, end, approx, q.text, rule)

    if unit == "year":
        year = base.year + shift
        start, end = _year_range(year, None)
        approx = False
        if cut is not None and precision in ("day", "month"):
            first, last = _month_span(base.year, base.month)
            if cut == "before":
                end = base - dt.timedelta(days=1) if precision == "day" else last
            else:
                start = base + dt.timedelta(days=1) if precision == "day" else first
        elif part is not None and part.year is not None:
            start, end = _year_range(year, part)
            approx = True
        if end < start:
            return None
        return DateValue(f"{year:04d}", "year", start, end, approx, q.text, rule)
    return None


def _h_weekend(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    anchor = q.day_anchor
    if anchor is None:
        return None
    monday, _ = _week_of(anchor, 0)
    saturday = monday + dt.timedelta(days=5)
    if q.tense == "past" and saturday > anchor:
        saturday -= dt.timedelta(weeks=1)
        how = "past"
    elif q.tense == "past":
        how = "past"
    elif q.tense == "future":
        how = "future"
    else:
        # Early in the week "the weekend" is the one just gone, late in the week the next one.
        how = "nearest"
        if anchor.weekday() < 3:
            saturday -= dt.timedelta(weeks=1)
    end = saturday + dt.timedelta(days=1)
    return _span_value(saturday, end, "day", q, f"{q.rule}.{how}", True)


def _shifted(base: dt.date, precision: str, unit: tuple[int, int], count: int, q: Query, rule: str,
             approx: bool) -> DateValue | None:
    """``base`` moved by ``count`` units (negative counts go back)."""
    days, months = unit
    if days:
        if precision != "day":
            return None
        target = base + dt.timedelta(days=days * count)
        if days == 1 and not approx:
            return _day_value(target, q, rule)
        # A week or more from now is known to a few days either side.
        half = dt.timedelta(days=max(3, abs(days * count) // 8) if days > 1 else max(1, abs(count) // 3))
        return _day_value(target, q, rule, approx=True, span=(target - half, target + half))
    if precision == "year" and months % 12:
        return None
    year, month = _add_months(base.year, base.month, months * count)
    if months % 12 == 0:
        start, end = _year_range(year, None)
        return DateValue(f"{year:04d}", "year", start, end, approx or precision != "year", q.text, rule)
    start, end = _month_span(year, month)
    return DateValue(f"{year:04d}-{month:02d}", "month", start, end, True, q.text, rule)


def _h_counted(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    counted = _number(g.get("num"), t)
    unit = t.units.get(date_key(g.get("unit") or ""))
    direction = date_key(g.get("dir") or "")
    if counted is None or unit is None:
        return None
    count, vague = counted
    based = q.base("anchor" if direction in ("ago", "from now", "in", "within") else "reference")
    if based is None:
        return None
    base, precision = based
    sign = -1 if direction in ("ago", "earlier", "before", "previously", "prior") else 1
    if direction == "within":
        end = _shifted(base, precision, unit, count, q, q.rule, vague)
        if end is None or precision != "day":
            return end
        finish = end.end if end.precision != "day" else base + dt.timedelta(days=unit[0] * count)
        return _span_value(base, finish, "day", q, q.rule, True)
    return _shifted(base, precision, unit, sign * count, q, q.rule, vague)


def _h_rolling(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    counted = _number(g.get("num"), t)
    unit = t.units.get(date_key(g.get("unit") or ""))
    anchor = q.day_anchor
    if counted is None or unit is None or anchor is None:
        return None
    count = counted[0]
    if g.get("num") is None and date_key(q.text).endswith("s"):
        count = t.vague.get("few", 3)  # "the coming days": a few of them
    days, months = unit
    back = date_key(g.get("dir") or "") in ("past", "last")
    if days:
        length = dt.timedelta(days=days * count)
        start, end = (anchor - length, anchor) if back else (anchor, anchor + length)
    else:
        year, month = _add_months(anchor.year, anchor.month, months * count * (-1 if back else 1))
        other = safe_date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))
        if other is None:
            return None
        start, end = (other, anchor) if back else (anchor, other)
    return _span_value(start, end, "day", q, q.rule, True)


def _h_ordinal(g: Groups, q: Query, t: DateRules) -> DateValue | None:
    day = to_int(g.get("day"))
    if day is None or not 1 <= day <= 31:
        return None
    if q.context_month is not None:
        return _h_day_month({"day": str(day), "month": calendar.month_name[q.context_month]}, q, t)
    window = q.window
    if window is None or q.precision == "year":
        return None
    # The day of the anchor's month, or of the month before or after as the tense says.
    months = [_add_months(window[0].year, window[0].month, k) for k in (-1, 0, 1)]
    options = [(ym, d) for ym in months if (d := safe_date(ym[0], ym[1], day)) is not None]
    chosen = _choose([(d, d) for _, d in options], q)
    if chosen is None:
        return None
    return _day_value(options[chosen[0]][1], q, f"{q.rule}.{chosen[1]}")


HANDLERS: dict[str, Handler] = {
    "ymd": _h_ymd,
    "numeric_day_first": _h_numeric_day_first,
    "numeric_slashed": _h_numeric_slashed,
    "day_month": _h_day_month,
    "day_range": _h_day_range,
    "month": _h_month,
    "year": _h_year,
    "weekday": _h_weekday,
    "relative_day": _h_relative_day,
    "period": _h_period,
    "weekend": _h_weekend,
    "counted": _h_counted,
    "rolling": _h_rolling,
    "ordinal": _h_ordinal,
}
