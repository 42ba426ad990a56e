"""Find date expressions in text and resolve them as a careful reader would.

Pure functions, no spaCy: the extractor calls them with a sentence and the tense of
the verb the date hangs on. The vocabulary and the patterns are data
(``rules/dates.yaml``), validated and compiled once, on first use.

Resolution works against an *anchor*, the article's date, known to the day, the
month or the year, or not at all. Conventions, each chosen to match how news copy
is written:

* A month-day without a year takes the year that puts it on the right side of the
  anchor for the tense: past tense, the latest such date not after the anchor; future
  tense, the earliest not before it; otherwise the nearest. A day date one
  day past the anchor still counts as "not after it" (and likewise before it for
  the future), because sites stamp in their own time zone.
* A bare weekday ("on Tuesday", "Tuesday's summit") is, in past tense, the latest
  such day on or before the anchor (so "Tuesday" in an article of Wednesday is
  yesterday, in an article of Tuesday is today); in future tense the first on or
  after it; otherwise the nearer of the two. "last Friday" is strictly before the
  anchor, "next Monday" strictly after it, "this Thursday" follows the tense.
* Weeks are calendar weeks, Monday to Sunday. A week-sized expression ("last week",
  "in a week") has day precision with ``approx`` set: its value is the middle of the
  range it covers, and ``start``/``end`` give the range.
* Parts of months and years ("early December", "late 2024") keep the month or year
  precision, set ``approx`` and narrow ``start``/``end``.
* Anything that needs a finer anchor than the one given (a weekday against an anchor
  known only to the month) resolves to None; so do impossible dates. Nothing here
  raises on bad input.

Without an anchor, a month-day takes ``context_year`` when the caller has one
(:class:`DateContext` supplies it from the text itself) and is None otherwise.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from parley.errors import RuleError
from parley.model import DateValue

KINDS: tuple[str, ...] = ("explicit", "month", "year", "weekday", "relative", "range")
TENSES: tuple[str, ...] = ("past", "future", "present")
PRECISIONS: tuple[str, ...] = ("day", "month", "year")

# Sites stamp in their own time zone, a day off the reader's: a day date this close past
# the anchor is still read as "not after it" (and as "not before it" for the future).
_SLACK = dt.timedelta(days=1)
_TIME_AFTER = re.compile(r"[\s,|T\-–]{1,3}(?:at\s+)?[0-2]?\d[:.h][0-5]\d\b")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")
# Characters a date expression may run before its core token: "the beginning of the
# following month" is 31, "between the 14th" needs no more than 12.
_REACH = 48
_CORE_LENGTH = 12  # longer than any core word ("wednesday", "fortnights")
_PUNCTUATION_TO_SPACE = str.maketrans({ch: " " for ch in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~‘’“”–—…"})


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text: character offsets, the text, its kind and the rule id."""

    start: int
    end: int
    text: str
    kind: str  # explicit | month | year | weekday | relative | range
    rule: str


# ---------------------------------------------------------------------------
# Loading the rules


@dataclass(frozen=True)
class _Rule:
    id: str
    kind: str
    handler: str
    regex: re.Pattern[str]  # for finding, with its look-behinds
    parse: re.Pattern[str]  # for reading a mention's text on its own: look-behinds dropped
    starts: frozenset[str]  # first words (lower case) a match can begin with; "#" for a digit


@dataclass(frozen=True)
class _Part:
    month: tuple[int, int] | None = None
    year: tuple[int, int] | None = None
    week: tuple[int, int] | None = None
    cut: str | None = None  # "before" | "after": cut the period at the base date


@dataclass(frozen=True)
class _RelativeDay:
    id: str
    days: int
    base: str


@dataclass(frozen=True)
class _Rules:
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int]
    vague: Mapping[str, int]
    units: Mapping[str, tuple[int, int]]  # name -> (days, months)
    parts: Mapping[str, _Part]
    modifiers: Mapping[str, tuple[int, str]]  # phrase -> (shift, base)
    relative_days: Mapping[str, _RelativeDay]
    rules: tuple[_Rule, ...]
    combined: re.Pattern[str] = field(repr=False)
    core_words: frozenset[str] = frozenset()
    # first word ("#" for digits) -> the patterns that may start there, as one regex
    # whose n-th group is the n-th rule of the tuple.
    by_start: Mapping[str, tuple[re.Pattern[str], tuple[_Rule, ...]]] = field(
        default_factory=dict, repr=False
    )

    def rule(self, rule_id: str) -> _Rule | None:
        """The pattern behind a mention's rule id (relative-day ids share one pattern)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        if any(entry.id == rule_id for entry in self.relative_days.values()):
            return next(r for r in self.rules if r.handler == "relative_day")
        return None


def _key(text: str) -> str:
    """Normalise a matched word or phrase for table look-up."""
    return _WS.sub(" ", text.strip().lower().replace("’", "'")).rstrip(".")


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first so the longest wins."""
    ordered = sorted({w.lower() for w in words}, key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


def _drop_lookbehinds(pattern: str) -> str:
    """``pattern`` without its look-behind assertions, which need text before a mention."""
    out: list[str] = []
    i, depth_skip, depth, in_class = 0, -1, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if depth_skip < 0:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            if depth_skip < 0 and pattern.startswith(("(?<=", "(?<!"), i):
                depth_skip = depth
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == depth_skip:
                depth_skip = -1
                i += 1
                continue
        if depth_skip < 0:
            out.append(ch)
        i += 1
    return "".join(out)


def _fail(message: str) -> RuleError:
    return RuleError(f"rules/dates.yaml: {message}. Fix the file; it is read at start-up.")


def _require(data: Any, key: str, kind: type, where: str) -> Any:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind):
        raise _fail(f"{where}: {key!r} must be a {kind.__name__}")
    return value


def _strings(data: Any, key: str, where: str) -> list[str]:
    value = _require(data, key, list, where)
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(f"{where}: {key!r} must list words (quote YAML booleans such as 'on')")
    return value


def _pair(value: Any, where: str) -> tuple[int, int] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise _fail(f"{where}: expected a pair of integers, got {value!r}")
    return (value[0], value[1])


def _names(entries: list[Any], where: str, numbers: range) -> tuple[dict[str, int], str, str]:
    """Read month or weekday entries: (name -> number, regex of full names, regex of all names)."""
    table: dict[str, int] = {}
    full: list[str] = []
    short: list[str] = []
    for entry in entries:
        number = _require(entry, "number", int, where)
        names = [n.lower() for n in _strings(entry, "names", where)]
        abbreviations = [a.lower() for a in entry.get("abbreviations") or []]
        capitalised = {c.lower() for c in entry.get("capitalised") or []}
        for name in names + abbreviations:
            table[name] = number

        def pattern(word: str, capitalised: set[str] = capitalised) -> str:
            if word in capitalised:
                return f"(?-i:{word.capitalize()}|{word.upper()})"
            return re.escape(word)

        full += [pattern(n) for n in sorted(names, key=len, reverse=True)]
        short += [pattern(a) for a in sorted(abbreviations, key=len, reverse=True)]
    if sorted(_require(e, "number", int, where) for e in entries) != list(numbers):
        raise _fail(f"{where}: numbers must be {numbers.start}..{numbers.stop - 1}, each once")
    full_re = "(?:" + "|".join(full) + r")\b"
    abbreviated = r"|(?:" + "|".join(short) + r")\b\.?" if short else ""
    all_re = "(?:(?:" + "|".join(full) + r")\b" + abbreviated + ")"
    return table, full_re, all_re


@cache
def _rules() -> _Rules:
    try:
        raw = resources.files("parley").joinpath("rules/dates.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as err:
        raise RuleError(f"cannot read rules/dates.yaml: {err}. Reinstall parley (pip install -e .).") from err
    return _build(data)


def _build(data: Any) -> _Rules:
    if not isinstance(data, dict) or data.get("version") != 1:
        raise _fail("expected a mapping with version: 1")
    months, month_full, month_all = _names(_require(data, "months", list, "months"), "months", range(1, 13))
    weekdays, weekday_full, weekday_all = _names(
        _require(data, "weekdays", list, "weekdays"), "weekdays", range(7)
    )

    numbers = {_key(k): v for k, v in _require(data, "numbers", dict, "numbers").items()}
    vague = {_key(k): v for k, v in _require(data, "vague_numbers", dict, "vague_numbers").items()}
    if not all(isinstance(v, int) and v > 0 for v in [*numbers.values(), *vague.values()]):
        raise _fail("numbers and vague_numbers must map words to positive integers")

    units: dict[str, tuple[int, int]] = {}
    for name, spec in _require(data, "units", dict, "units").items():
        days, month_count = (spec or {}).get("days", 0), (spec or {}).get("months", 0)
        if not (isinstance(days, int) and isinstance(month_count, int)) or bool(days) == bool(month_count):
            raise _fail(f"units.{name}: give exactly one of days or months")
        units[_key(name)] = (days, month_count)

    parts: dict[str, _Part] = {}
    for i, entry in enumerate(_require(data, "parts", list, "parts")):
        where = f"parts[{i}]"
        cut = entry.get("cut")
        if cut not in (None, "before", "after"):
            raise _fail(f"{where}: cut must be before or after")
        part = _Part(_pair(entry.get("month"), where), _pair(entry.get("year"), where),
                     _pair(entry.get("week"), where), cut)
        if cut is None and None in (part.month, part.year, part.week):
            raise _fail(f"{where}: give month, year and week ranges, or a cut")
        for phrase in _strings(entry, "phrases", where):
            parts[_key(phrase)] = part

    modifiers: dict[str, tuple[int, str]] = {}
    for phrase, spec in _require(data, "modifiers", dict, "modifiers").items():
        shift, base = (spec or {}).get("shift"), (spec or {}).get("base")
        if not isinstance(shift, int) or base not in ("anchor", "reference"):
            raise _fail(f"modifiers.{phrase}: need an integer shift and base anchor|reference")
        modifiers[_key(phrase)] = (shift, base)
    if not {"the", "that"} <= set(modifiers):
        raise _fail("modifiers must define 'the' and 'that' (used after a part)")

    relative_days: dict[str, _RelativeDay] = {}
    seen_ids: set[str] = set()
    for i, entry in enumerate(_require(data, "relative_days", list, "relative_days")):
        where = f"relative_days[{i}]"
        rule_id = _require(entry, "id", str, where)
        days = _require(entry, "days", int, where)
        base = entry.get("base")
        if base not in ("anchor", "reference") or rule_id in seen_ids:
            raise _fail(f"{where}: base must be anchor|reference and the id {rule_id!r} unique")
        seen_ids.add(rule_id)
        for phrase in _strings(entry, "phrases", where):
            relative_days[_key(phrase)] = _RelativeDay(rule_id, days, base)

    def words_after(words: list[str]) -> str:
        # One fixed-width look-behind per word: Python's re needs fixed widths.
        return "(?:" + "|".join(rf"(?<=\b{re.escape(w.lower())}\s)" for w in words) + ")"

    ordinal_ok = _strings(data, "ordinal_ok", "ordinal_ok")

    def first_words(phrases: Iterable[str]) -> frozenset[str]:
        return frozenset(p.split()[0] for p in phrases)

    classes = {
        "digit": frozenset({"#"}),
        "month": frozenset(months),
        "weekday": frozenset(weekdays) | {_key(w) for w in _weekday_abbreviations(data)},
        "number": first_words([*numbers, *vague]),
        "part": first_words(parts),
        "modifier": first_words(modifiers),
        "relative": first_words(relative_days),
    }
    anchor_rel = [p for p, (_, base) in modifiers.items() if base == "anchor" and p != "past"] + ["past"]
    number_words = list(numbers) + list(vague)
    slots = {
        "year": r"(?P<year>(?:19|20)\d\d)(?!\d)",
        "day": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b",
        "day2": r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b",
        "month": f"(?P<month>{month_all})",
        "month2": f"(?P<month2>{month_all})",
        "month_full": f"(?P<month>{month_full})",
        "weekday": f"(?P<weekday>{weekday_full})",
        "wdprefix": rf"(?:{weekday_all},?\s+)?",
        "num": rf"(?P<num>\d{{1,3}}|(?:{_alternation(number_words)})\b)",
        "unit": rf"(?P<unit>{_alternation(units)})s?\b",
        "units": rf"(?P<unit>{_alternation(units)})s\b",
        "part": f"(?P<part>{_alternation(parts)})",
        "rel": rf"(?P<rel>{_alternation(anchor_rel)})",
        "prel": rf"(?P<rel>{_alternation(p for p in modifiers if p not in ('the', 'that'))})",
        "dash": r"(?:[-–—]|\b(?:to|until|till|through)\b)",
        "relday": f"(?P<phrase>{_alternation(relative_days)})",
        "year_before": words_after(_strings(data, "year_before", "year_before")),
        "ordinal_ok": rf"(?!\s+(?!(?:{_alternation(ordinal_ok)})\b)(?-i:[a-z]))",
    }

    rules: list[_Rule] = []
    for i, entry in enumerate(_require(data, "patterns", list, "patterns")):
        where = f"patterns[{i}]"
        rule_id = _require(entry, "id", str, where)
        kind = _require(entry, "kind", str, where)
        handler = _require(entry, "handler", str, where)
        source = _require(entry, "regex", str, where)
        if kind not in KINDS:
            raise _fail(f"{where} ({rule_id}): kind {kind!r} is not one of {', '.join(KINDS)}")
        if handler not in _HANDLERS:
            raise _fail(f"{where} ({rule_id}): unknown handler {handler!r}; known: {', '.join(_HANDLERS)}")
        if rule_id in seen_ids:
            raise _fail(f"{where}: duplicate id {rule_id!r}")
        seen_ids.add(rule_id)
        try:
            expanded = re.sub(r"\{(\w+)\}", lambda m: slots[m.group(1)], source)
            regex = re.compile(expanded, re.IGNORECASE)
            parse = re.compile(_drop_lookbehinds(expanded), re.IGNORECASE)
        except KeyError as err:
            raise _fail(f"{where} ({rule_id}): unknown placeholder {err}") from err
        except re.error as err:
            raise _fail(f"{where} ({rule_id}): bad regex: {err}") from err
        if regex.groups != len(regex.groupindex):
            raise _fail(f"{where} ({rule_id}): every group must be named or non-capturing")
        starts: set[str] = set()
        for start in _strings(entry, "starts", where):
            if start in classes:
                starts |= classes[start]
            elif " " in start.strip():
                raise _fail(f"{where} ({rule_id}): start {start!r} must be one word or a class")
            else:
                starts.add(start.lower())
        rules.append(_Rule(rule_id, kind, handler, regex, parse, frozenset(starts)))

    combined = _union(rules)
    subsets: dict[tuple[int, ...], tuple[re.Pattern[str], tuple[_Rule, ...]]] = {}
    by_start: dict[str, tuple[re.Pattern[str], tuple[_Rule, ...]]] = {}
    for word in sorted(set().union(*(r.starts for r in rules))):
        chosen = tuple(i for i, r in enumerate(rules) if word in r.starts)
        if chosen not in subsets:
            subset = [rules[i] for i in chosen]
            subsets[chosen] = (_union(subset), tuple(subset))
        by_start[word] = subsets[chosen]
    # Every date expression holds a core token (a digit, a month or weekday name, a unit,
    # the last word of a day phrase) and starts at most _REACH tokens before it: find_dates
    # only tries patterns there. tests/extract/test_dates.py checks it finds what a full scan finds.
    core = set(months) | set(weekdays) | set(units) | {f"{u}s" for u in units} | {"weekend", "weekends"}
    core |= {phrase.split()[-1] for phrase in relative_days}
    return _Rules(
        months, weekdays, numbers, vague, units, parts, modifiers, relative_days, tuple(rules), combined,
        frozenset(core), by_start,
    )


def _union(rules: list[_Rule]) -> re.Pattern[str]:
    # Each rule becomes one capturing group, its own groups turned non-capturing, so the
    # index of the group that matched names the rule.
    return re.compile("|".join(f"({_NAMED_GROUP.sub('(?:', r.regex.pattern)})" for r in rules), re.IGNORECASE)


def _weekday_abbreviations(data: dict[str, Any]) -> list[str]:
    return [a for entry in data["weekdays"] for a in entry.get("abbreviations") or []]


# ---------------------------------------------------------------------------
# Finding


def find_dates(text: str) -> list[DateMention]:
    """Date expressions in ``text``: non-overlapping, left to right, the longest form at each place."""
    if not isinstance(text, str) or not text:
        return []
    table = _rules()
    lowered = text.lower()
    if len(lowered) != len(text):  # a few Unicode letters change length when lowered
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    words = set(lowered.translate(_PUNCTUATION_TO_SPACE).split())
    core = table.core_words.intersection(words)
    cores = [m.start() for m in _DIGITS.finditer(text)]
    for word in core:
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            alone_before = at == 0 or not lowered[at - 1].isalnum()
            if alone_before and (end == len(lowered) or not lowered[end].isalnum()):
                cores.append(at)
            at = lowered.find(word, end)
    if not cores:
        return []
    # Try the patterns at each word that starts within _REACH characters before a core
    # token, and at the core itself.
    starts: dict[int, str] = {}
    by_start = table.by_start
    spans: list[tuple[int, int]] = []
    for a, b in sorted((max(0, c - _REACH), c + _CORE_LENGTH) for c in cores):
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
        else:
            spans.append((a, b))
    for low, high in spans:
        for token in _TOKEN.finditer(lowered, low, high):
            word = token.group()
            key = "#" if word[0].isdigit() else word
            if key in by_start:
                starts[token.start()] = key
    found: list[DateMention] = []
    done = 0
    for position in sorted(starts):
        if position < done:
            continue
        regex, rules = by_start[starts[position]]
        match = regex.match(text, position)
        if match is None or match.end() == position or match.lastindex is None:
            continue
        found.append(_mention(match, rules[match.lastindex - 1], table))
        done = match.end()
    return found


def weekday_number(text: str) -> int | None:
    """The weekday a weekday expression names (Monday 0), or None: "on Friday" -> 4."""
    table = _rules()
    for word in text.lower().translate(_PUNCTUATION_TO_SPACE).split():
        if _key(word) in table.weekdays:
            return table.weekdays[_key(word)]
    return None


def _scan(text: str) -> list[DateMention]:
    """find_dates the slow way, one regex pass over every position (the reference for tests)."""
    table = _rules()
    return [
        _mention(m, table.rules[m.lastindex - 1], table)
        for m in table.combined.finditer(text)
        if m.end() > m.start() and m.lastindex
    ]


def _mention(match: re.Match[str], rule: _Rule, table: _Rules) -> DateMention:
    rule_id = rule.id
    if rule.handler == "relative_day":
        rule_id = table.relative_days[_key(match.group())].id
    return DateMention(match.start(), match.end(), match.group(), rule.kind, rule_id)


# ---------------------------------------------------------------------------
# Resolving


@dataclass(frozen=True)
class _Query:
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


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _day_value(day: dt.date, q: _Query, rule: str, *, approx: bool = False,
               span: tuple[dt.date, dt.date] | None = None) -> DateValue:
    start, end = span or (day, day)
    return DateValue(day.isoformat(), "day", start, end, approx, q.text, rule)


def _middle(start: dt.date, end: dt.date) -> dt.date:
    return start + (end - start) // 2


def _span_value(start: dt.date, end: dt.date, precision: str, q: _Query, rule: str,
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


def _choose(candidates: list[tuple[dt.date, dt.date]], q: _Query) -> tuple[int, str] | None:
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


def _pick_year(make: Callable[[int], tuple[dt.date, dt.date] | None], q: _Query) -> tuple[int, str] | None:
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


def _number(word: str | None, table: _Rules) -> tuple[int, bool] | None:
    """A count and whether it is vague; None for a missing or absurd number."""
    if word is None:
        return 1, False
    key = _key(word)
    if key.isdigit():
        value = int(key)
        return (value, False) if 0 < value <= 999 else None
    if key in table.numbers:
        return table.numbers[key], False
    if key in table.vague:
        return table.vague[key], True
    return None


def _int(text: str | None) -> int | None:
    digits = "".join(ch for ch in text or "" if ch.isdigit())
    return int(digits) if digits else None


Groups = dict[str, str | None]
Handler = Callable[[Groups, _Query, _Rules], DateValue | None]


def _h_ymd(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    year, month, day = _int(g.get("year")), _int(g.get("month")), _int(g.get("day"))
    if year is None or month is None or day is None:
        return None
    date = _safe_date(year, month, day)
    return _day_value(date, q, q.rule) if date else None


def _h_numeric_day_first(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    # Dotted and dashed numeric dates are day-first in most of the world; a first number
    # that cannot be a month (with a second that can be a day) is read month-first.
    a, b = _int(g.get("a")), _int(g.get("b"))
    if a is None or b is None:
        return None
    day, month = (b, a) if b > 12 >= a else (a, b)
    return _h_ymd({"year": g.get("year"), "month": str(month), "day": str(day)}, q, t)


def _h_numeric_slashed(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    # Slashed dates are day-first in Europe and month-first in the US: resolve only the
    # ones whose order the numbers themselves settle.
    a, b = _int(g.get("a")), _int(g.get("b"))
    if a is None or b is None:
        return None
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a or a == b:
        day, month = b, a
    else:
        return None
    return _h_ymd({"year": g.get("year"), "month": str(month), "day": str(day)}, q, t)


def _h_day_month(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    month = t.months.get(_key(g.get("month") or ""))
    day = _int(g.get("day"))
    if month is None or day is None:
        return None
    year = _int(g.get("year"))
    if year is not None:
        date = _safe_date(year, month, day)
        return _day_value(date, q, q.rule) if date else None

    def make(y: int) -> tuple[dt.date, dt.date] | None:
        d = _safe_date(y, month, day)
        return (d, d) if d else None

    if make(2000) is None:  # impossible in every year (leap day is possible in 2000)
        return None
    picked = _pick_year(make, q)
    if picked is None:
        return None
    date = _safe_date(picked[0], month, day)
    return _day_value(date, q, f"{q.rule}.{picked[1]}") if date else None


def _h_day_range(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    first = t.months.get(_key(g.get("month") or ""))
    second = t.months.get(_key(g.get("month2") or "")) if g.get("month2") else first
    day, day2 = _int(g.get("day")), _int(g.get("day2"))
    if first is None or second is None or day is None or day2 is None:
        return None

    def make(y: int) -> tuple[dt.date, dt.date] | None:
        start = _safe_date(y, first, day)
        end = _safe_date(y + (1 if (second, day2) < (first, day) else 0), second, day2)
        if start is None or end is None or end <= start or (end - start).days > 62:
            return None
        return start, end

    year = _int(g.get("year"))
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


def _month_range(year: int, month: int, part: _Part | None) -> tuple[dt.date, dt.date]:
    start, end = _month_span(year, month)
    if part is None or part.month is None:
        return start, end
    return start.replace(day=min(part.month[0], end.day)), end.replace(day=min(part.month[1], end.day))


def _h_month(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    month = t.months.get(_key(g.get("month") or ""))
    if month is None:
        return None
    part = t.parts.get(_key(g.get("part") or ""))
    if part is not None and part.cut is not None:
        part = None  # "earlier"/"later" before a month name add nothing a reader can place
    approx = part is not None
    year = _int(g.get("year"))
    rule = q.rule
    if year is None and g.get("rel"):
        shift, _ = t.modifiers.get(_key(g["rel"] or ""), (0, "anchor"))
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


def _year_range(year: int, part: _Part | None) -> tuple[dt.date, dt.date]:
    if part is None or part.year is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return dt.date(year, part.year[0], 1), _month_span(year, part.year[1])[1]


def _h_year(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    year = _int(g.get("year"))
    if year is None:
        return None
    part = t.parts.get(_key(g.get("part") or ""))
    if part is not None and part.cut is not None:
        part = None
    start, end = _year_range(year, part)
    return DateValue(f"{year:04d}", "year", start, end, part is not None, q.text, q.rule)


def _h_weekday(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    weekday = t.weekdays.get(_key(g.get("weekday") or ""))
    anchor = q.day_anchor
    if weekday is None or anchor is None:
        return None
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    shift = t.modifiers.get(_key(g["rel"] or ""), (0, "anchor"))[0] if g.get("rel") else None
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


def _h_relative_day(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    entry = t.relative_days.get(_key(g.get("phrase") or ""))
    if entry is None:
        return None
    base = q.reference if entry.base == "reference" else q.day_anchor
    if base is None:
        return None
    return _day_value(base + dt.timedelta(days=entry.days), q, entry.id)


def _week_of(day: dt.date, shift: int) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=shift)
    return monday, monday + dt.timedelta(days=6)


def _h_period(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    unit = _key(g.get("unit") or "")
    modifier = t.modifiers.get(_key(g.get("rel") or ""))
    if modifier is None:
        return None
    shift, base_kind = modifier
    part = t.parts.get(_key(g.get("part") or ""))
    based = q.base(base_kind)
    if based is None:
        return None
    base, precision = based
    cut = part.cut if part is not None else None
    if cut is not None and shift != 0:
        return None  # "earlier next week" does not cut anything a reader can place
    rule = q.rule + (f".{_key(g['part'] or '').replace(' ', '_')}" if part is not None else "")

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


def _h_weekend(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
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


def _shifted(base: dt.date, precision: str, unit: tuple[int, int], count: int, q: _Query, rule: str,
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


def _h_counted(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    counted = _number(g.get("num"), t)
    unit = t.units.get(_key(g.get("unit") or ""))
    direction = _key(g.get("dir") or "")
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


def _h_rolling(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    counted = _number(g.get("num"), t)
    unit = t.units.get(_key(g.get("unit") or ""))
    anchor = q.day_anchor
    if counted is None or unit is None or anchor is None:
        return None
    count = counted[0]
    if g.get("num") is None and _key(q.text).endswith("s"):
        count = t.vague.get("few", 3)  # "the coming days": a few of them
    days, months = unit
    back = _key(g.get("dir") or "") in ("past", "last")
    if days:
        length = dt.timedelta(days=days * count)
        start, end = (anchor - length, anchor) if back else (anchor, anchor + length)
    else:
        year, month = _add_months(anchor.year, anchor.month, months * count * (-1 if back else 1))
        other = _safe_date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))
        if other is None:
            return None
        start, end = (other, anchor) if back else (anchor, other)
    return _span_value(start, end, "day", q, q.rule, True)


def _h_ordinal(g: Groups, q: _Query, t: _Rules) -> DateValue | None:
    day = _int(g.get("day"))
    if day is None or not 1 <= day <= 31:
        return None
    if q.context_month is not None:
        return _h_day_month({"day": str(day), "month": calendar.month_name[q.context_month]}, q, t)
    window = q.window
    if window is None or q.precision == "year":
        return None
    # The day of the anchor's month, or of the month before or after as the tense says.
    months = [_add_months(window[0].year, window[0].month, k) for k in (-1, 0, 1)]
    options = [(ym, d) for ym in months if (d := _safe_date(ym[0], ym[1], day)) is not None]
    chosen = _choose([(d, d) for _, d in options], q)
    if chosen is None:
        return None
    return _day_value(options[chosen[0]][1], q, f"{q.rule}.{chosen[1]}")


_HANDLERS: dict[str, Handler] = {
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


def resolve(
    mention: DateMention | str,
    anchor: dt.date | None,
    *,
    anchor_precision: str = "day",
    tense: str | None = None,
    reference: dt.date | None = None,
    context_year: int | None = None,
    context_month: int | None = None,
) -> DateValue | None:
    """Resolve a date mention (or the first one found in a string) to a :class:`DateValue`.

    ``anchor`` is the article's date at ``anchor_precision`` (day, month or year);
    ``tense`` ("past", "future", "present" or None) is the tense of the verb the date
    belongs to; ``reference`` is the date the narrative is at, which "the day before"
    and "the same day" count from (default: the anchor, when known to the day);
    ``context_year`` and ``context_month`` come from the text itself (see
    :class:`DateContext`). Returns None when the date cannot be known.
    """
    if isinstance(mention, str):
        found = find_dates(mention)
        if not found:
            return None
        mention = found[0]
    if not isinstance(mention, DateMention):
        return None
    table = _rules()
    rule = table.rule(mention.rule)
    if rule is None:
        return None
    match = rule.parse.fullmatch(mention.text)
    if match is None:
        return None
    if not isinstance(anchor, dt.date) or anchor_precision not in PRECISIONS:
        anchor, anchor_precision = None, "day"
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    if not isinstance(reference, dt.date):
        reference = anchor if anchor_precision == "day" else None
    query = _Query(
        text=mention.text,
        rule=mention.rule,
        anchor=anchor,
        precision=anchor_precision if anchor is not None else None,
        tense=tense if tense in TENSES else None,
        reference=reference,
        context_year=context_year if isinstance(context_year, int) and 1 <= context_year <= 9998 else None,
        context_month=context_month if isinstance(context_month, int) and 1 <= context_month <= 12 else None,
    )
    try:
        return _HANDLERS[rule.handler](match.groupdict(), query, table)
    except (ValueError, OverflowError):
        # Calendar arithmetic beyond year 1 or 9999: nothing a news text means.
        return None


# ---------------------------------------------------------------------------
# Anchors


def parse_published(value: str | None) -> tuple[dt.date | None, str | None]:
    """A ``published`` header value as (date, precision): "2023-11" -> (2023-11-01, "month")."""
    if not isinstance(value, str):
        return None, None
    text = value.strip()
    match = re.fullmatch(r"((?:1[89]|2\d)\d\d)(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ].*)?)?)?", text)
    if match is not None:
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is None:
            return dt.date(year, 1, 1), "year"
        if day is None:
            return (dt.date(year, month, 1), "month") if 1 <= month <= 12 else (None, None)
        date = _safe_date(year, month, day)
        return (date, "day") if date else (None, None)
    found = find_dates(text)
    if len(found) == 1:
        resolved = resolve(found[0], None)
        if resolved is not None and resolved.precision == "day" and resolved.start == resolved.end:
            return resolved.start, "day"
    return None, None


def _nearby_year(text: str, mention: DateMention) -> int | None:
    """A year written just before or after a day-month, on the same line ("26 November (2021)")."""
    after = text[mention.end : mention.end + 12].split("\n", 1)[0]
    before = text[max(0, mention.start - 12) : mention.start].rsplit("\n", 1)[-1]
    years = [int(m.group()) for m in _YEAR.finditer(after)]
    years = years or [int(m.group()) for m in _YEAR.finditer(before)]
    return years[0] if len(years) == 1 else None


def anchor_from_text(text: str, *, today: dt.date | None = None) -> dt.date | None:
    """The latest plausible full date in ``text``, to stand in for an unknown publication date.

    A date followed by a clock time ("08.01.2021 11:12") is a publication stamp and
    beats any date without one: lists of related headlines carry newer dates that say
    nothing about the article. Dates after ``today`` (default: the real today) or
    before 1990 are not plausible publication dates.
    """
    if not isinstance(text, str):
        return None
    today = today or dt.date.today()
    best: tuple[bool, dt.date] | None = None
    for mention in find_dates(text):
        if mention.kind not in ("explicit", "range"):
            continue
        value = resolve(mention, None)
        if value is None and mention.rule.startswith(("date.explicit.dmy", "date.explicit.mdy")):
            year = _nearby_year(text, mention)
            value = resolve(mention, None, context_year=year) if year else None
        if value is None or value.precision != "day":
            continue
        date = value.start
        if not dt.date(1990, 1, 1) <= date <= today:
            continue
        key = (bool(_TIME_AFTER.match(text, mention.end)), date)
        if best is None or key > best:
            best = key
    return best[1] if best else None


@dataclass(frozen=True)
class DateContext:
    """What a whole text says about time, for resolving the dates in its sentences.

    Built once per document. With a publication date (or, failing that, a full date
    found in the text) it resolves against that anchor. Without one, a month-day
    takes the *story year*: the latest year the text states outright. News copy
    writes years for background ("the ceasefire of November 2020") and leaves them
    off for the current story, so the latest stated year is the best guess for an
    unmarked date; the year stated nearest before the date is often background. Years
    given as targets ("by 2030", "until 2026") are not counted.
    """

    anchor: dt.date | None = None
    anchor_precision: str | None = None
    anchor_from: str | None = None  # "published" | "text"
    mentions: tuple[DateMention, ...] = ()
    years: tuple[tuple[int, int], ...] = ()  # (offset, year) of each stated year, in order
    months: tuple[tuple[int, int], ...] = ()  # (offset, month) of each named month, in order

    @classmethod
    def from_text(cls, text: str, published: str | None = None) -> DateContext:
        text = text if isinstance(text, str) else ""
        anchor, precision = parse_published(published)
        origin = "published" if anchor else None
        if anchor is None:
            anchor = anchor_from_text(text)
            precision, origin = ("day", "text") if anchor else (None, None)
        table = _rules()
        mentions = tuple(find_dates(text))
        years: list[tuple[int, int]] = []
        months: list[tuple[int, int]] = []
        for mention in mentions:
            rule = table.rule(mention.rule)
            match = rule.parse.fullmatch(mention.text) if rule else None
            if match is None:
                continue
            groups = match.groupdict()
            lead = text[max(0, mention.start - 8) : mention.start].lower().split()
            if groups.get("year") and not (lead and lead[-1] in ("by", "until", "till")):
                years.append((mention.start, int(groups["year"] or 0)))
            month = groups.get("month2") or groups.get("month")
            if month:
                number = table.months.get(_key(month)) or _int(month)
                if number and 1 <= number <= 12:
                    months.append((mention.start, number))
        return cls(anchor, precision, origin, mentions, tuple(years), tuple(months))

    @property
    def story_year(self) -> int | None:
        """The latest year the text states outright, or None."""
        return max((y for _, y in self.years), default=None)

    def year_before(self, offset: int) -> int | None:
        """The last year stated before ``offset``."""
        return next((y for o, y in reversed(self.years) if o < offset), None)

    def month_before(self, offset: int) -> int | None:
        """The last month named before ``offset``, for "on the 26th"."""
        return next((m for o, m in reversed(self.months) if o < offset), None)

    def resolve(self, mention: DateMention | str, *, tense: str | None = None,
                reference: dt.date | None = None) -> DateValue | None:
        """Resolve a mention from this text with everything the text says about time."""
        offset = mention.start if isinstance(mention, DateMention) else None
        return resolve(
            mention,
            self.anchor,
            anchor_precision=self.anchor_precision or "day",
            tense=tense,
            reference=reference,
            context_year=None if self.anchor else self.story_year,
            context_month=self.month_before(offset) if offset is not None else None,
        )
