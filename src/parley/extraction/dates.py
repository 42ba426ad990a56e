"""Find date expressions in text and resolve them as a careful reader would.

Pure functions, no spaCy: the extractor calls them with a sentence and the tense of
the verb the date hangs on. The vocabulary and the patterns are data
(``rules/dates.yaml``), validated and compiled once, on first use
(``parley.extraction.date_rules``); each kind of expression is resolved by its handler
in ``parley.extraction.date_resolution``. This module finds the expressions, resolves one
(``resolve``), and reads the article's own date and year (``DateContext``).

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

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from parley.errors import RuleError
from parley.extraction.date_resolution import HANDLERS, Query, safe_date, to_int
from parley.extraction.date_rules import PRECISIONS, TENSES, build, date_key
from parley.model import DateValue

if TYPE_CHECKING:
    from parley.extraction.date_rules import DateRule, DateRules


_TIME_AFTER = re.compile(r"[\s,|T\-–]{1,3}(?:at\s+)?[0-2]?\d[:.h][0-5]\d\b")


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


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
# Finding


@cache
def loaded_rules() -> DateRules:
    """The bundled ``rules/dates.yaml``, validated and compiled once."""
    try:
        raw = resources.files("parley").joinpath("rules/dates.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as err:
        raise RuleError(f"cannot read rules/dates.yaml: {err}. Reinstall parley (pip install -e .).") from err
    return build(data, HANDLERS)


def find_dates(text: str) -> list[DateMention]:
    """Date expressions in ``text``: non-overlapping, left to right, the longest form at each place."""
    if not isinstance(text, str) or not text:
        return []
    table = loaded_rules()
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
    table = loaded_rules()
    for word in text.lower().translate(_PUNCTUATION_TO_SPACE).split():
        if date_key(word) in table.weekdays:
            return table.weekdays[date_key(word)]
    return None


def _scan(text: str) -> list[DateMention]:
    """find_dates the slow way, one regex pass over every position (the reference for tests)."""
    table = loaded_rules()
    return [
        _mention(m, table.rules[m.lastindex - 1], table)
        for m in table.combined.finditer(text)
        if m.end() > m.start() and m.lastindex
    ]


def _mention(match: re.Match[str], rule: DateRule, table: DateRules) -> DateMention:
    rule_id = rule.id
    if rule.handler == "relative_day":
        rule_id = table.relative_days[date_key(match.group())].id
    return DateMention(match.start(), match.end(), match.group(), rule.kind, rule_id)


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
    table = loaded_rules()
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
    query = Query(
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
        return HANDLERS[rule.handler](match.groupdict(), query, table)
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
        date = safe_date(year, month, day)
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
        table = loaded_rules()
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
                number = table.months.get(date_key(month)) or to_int(month)
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
