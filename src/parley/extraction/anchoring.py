"""Temporal anchoring: each mention's date expression resolved against the right reference time.

The reference is the article's date, or the narrative's day once the text has named one ("on
April 29 ... a day later"); a trigger's tense decides which side of it a weekday or a year-less
date falls on; "that year", "last year" and a year shared by coordinated dates complete a
year-less date. The status follows from the cue, the tense and the resolved date. The
expressions themselves are read by ``parley.extraction.dates``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from parley.extraction.coreference import (
    Resolved,
)
from parley.extraction.factuality import NEGATIVE
from parley.extraction.mentions import Mention
from parley.model import DateValue

if TYPE_CHECKING:

    from parley.pack import Pack
from parley.extraction.coreference import REFER_BACK

# "a year ago", "two years ago": read to the month when the article is dated.
YEARS_AGO = re.compile(r"(a|one|two|three|\d) years? ago")


# "May of that year", "in June that year": the year is one the sentence named before.
THAT_YEAR = re.compile(r"\s*(?:of\s+)?that\s+(?:same\s+)?year\b", re.IGNORECASE)


YEAR = re.compile(r"\b(?:19|20)\d\d\b")


# "on November 9 last year", "in March of this year": the year named right after the date.
NAMED_YEAR = re.compile(r"\s*,?\s*(?:of\s+)?(last|this|next)\s+year\b", re.IGNORECASE)


NAMED_YEAR_SHIFT = {"last": -1, "this": 0, "next": 1}


YEAR_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, **{str(n): n for n in range(1, 10)}}


def _resolve_date(
    mention: Mention, status: str | None, context: Any, reference: dt.date | None = None
) -> DateValue | None:
    """Resolve the mention's date expression with the tense its status implies; "a day later"
    and "the same day" count from ``reference``, the day the narrative is at."""
    found = mention.date_mention
    if found is None:
        return None
    tense = mention.tense
    if status == "planned":
        tense = "future"
    elif status in ("held", "signed"):
        tense = "past"
    elif status in NEGATIVE:
        # "declined a meeting set for 20 November": the past verb is the refusal, the
        # date is the plan's, so take the reading nearest the article's date.
        tense = None
    # Offsets into the whole text let the context find the month or year stated before it.
    base = max(mention.evidence.start, 0)
    absolute = replace(found, start=found.start + base, end=found.end + base)
    value: DateValue | None = context.resolve(absolute, tense=tense, reference=reference)
    value = _that_year(value, mention.evidence.text, found)
    value = _named_year(value, mention.evidence.text, found, context)
    value = _shared_year(value, mention)
    return _years_back_to_month(value, found.text, context)


def _that_year(value: DateValue | None, sentence: str, found: Any) -> DateValue | None:
    """ "in May of that year" points back to the last year the sentence names before it
    ("formed in 2021, the panel held its first session in June of that year"), not to the article's year."""
    if value is None or value.precision == "year" or not THAT_YEAR.match(sentence[found.end :]):
        return value
    years = YEAR.findall(sentence[: found.start])
    if not years:
        return value
    return _in_year(value, int(years[-1]), "date.that_year")


def _named_year(value: DateValue | None, sentence: str, found: Any, context: Any) -> DateValue | None:
    """ "signed on November 9 last year": the year is counted from the article's."""
    match = NAMED_YEAR.match(sentence[found.end :])
    anchor = context.anchor
    if value is None or value.precision == "year" or match is None or anchor is None:
        return value
    return _in_year(value, anchor.year + NAMED_YEAR_SHIFT[match.group(1).lower()], "date.named_year")


def _shared_year(value: DateValue | None, mention: Mention) -> DateValue | None:
    """ "in May and in July 2023": a date with no year of its own takes the year its
    coordinated date names."""
    found = mention.date_mention
    if value is None or mention.shared_year is None or value.precision == "year" or YEAR.search(found.text):
        return value
    return _in_year(value, mention.shared_year, "date.shared_year")


def _in_year(value: DateValue, year: int, rule: str) -> DateValue:
    """The same day or month in another year (unchanged where that day does not exist)."""
    if year == value.start.year:
        return value
    try:
        start, end = value.start.replace(year=year), value.end.replace(year=year)
    except ValueError:  # 29 February in a year without it
        return value
    return DateValue(str(year) + value.value[4:], value.precision, start, end, value.approx, value.text, rule)


def _years_back_to_month(value: DateValue | None, text: str, context: Any) -> DateValue | None:
    """ "a year ago" counted from a dated article falls in the article's month that many
    years back (approx), finer than the bare year."""
    match = YEARS_AGO.fullmatch(text.strip().lower())
    anchor = context.anchor
    if value is None or match is None or value.precision != "year" or anchor is None:
        return value
    if context.anchor_precision not in ("day", "month"):
        return value
    count = YEAR_COUNTS.get(match.group(1), 0)
    if not count:
        return value
    start = dt.date(anchor.year - count, anchor.month, 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return DateValue(f"{start:%Y-%m}", "month", start, end, True, value.text, "date.years_ago_month")


def _decide(mention: Mention, context: Any, reference: dt.date | None = None) -> Resolved:
    anchor, precision = context.anchor, context.anchor_precision
    date = _resolve_date(mention, mention.status, context, reference)
    date_rule_id = ""
    if date is None and mention.tense == "present" and anchor is not None and precision == "day":
        # An event in the present progressive takes place on the day the article is dated.
        date = DateValue(anchor.isoformat(), "day", anchor, anchor, False, "", "date.present_progressive")
        date_rule_id = "date.present_progressive"
    if mention.status is not None:
        status, rule, explicit = mention.status, mention.status_rule, True
    elif mention.tense == "future":
        status, rule, explicit = "planned", "status.tense_future", False
    elif date is not None and anchor is not None and date.start > anchor and precision == "day":
        status, rule, explicit = "planned", "status.date_after_publication", False
    else:
        status, rule, explicit = "held", "status.default_held", False
    if mention.type == "agreement" and status == "held":
        status = "signed" if mention.signing or mention.act else "held"
    date_rule = f"{mention.date_rule}+{getattr(date, 'rule', '') or 'dates'}" if date else ""
    date_rule = date_rule_id or date_rule
    return Resolved(
        mention=mention,
        date=date,
        status=status,
        status_rule=rule,
        explicit=explicit,
        date_rule=date_rule,
        place=mention.place,
        place_rule=mention.place_rule,
        parties=tuple(dict.fromkeys(p.code for p in mention.parties)),
        mediator=mention.mediator,
        mediator_rule=mention.mediator_rule,
    )


# A wire dateline opening a sentence: "ALMATY —", "BAKU, Azerbaijan —", "MUNICH (RFE/RL) —".
DATELINE = re.compile(
    r"\s*([A-Z][A-Z .'-]*[A-Z])(?:,\s*[A-Z][A-Za-z]+)?\s*(?:\([^)]{0,40}\))?\s*(?:—|–|--)\s"
)


def _dateline_place(sentence: str, pack: Pack) -> Any:
    """The city a dateline opening the sentence names, when the pack knows it as a city."""
    match = DATELINE.match(sentence)
    if match is None:
        return None
    place = pack.place(match.group(1).title())
    return place if getattr(place, "kind", None) == "city" else None


def resolve_mentions(mentions: list[Mention], context: Any, pack: Pack | None = None) -> list[Resolved]:
    """Decide each mention in reading order. The narrative is at the day the last explicit date
    gave ("on April 29 ... A day later, in a call"), which relative counts start from. A contact
    whose mode the sentence leaves open ("held a conversation with") is a call in a story of calls."""
    out: list[Resolved] = []
    reference: dt.date | None = None
    setting: Resolved | None = None  # the last dated gathering: "the BRICS summit on 24 October"
    calls = any(m.type == "call" and not m.dropped for m in mentions)
    for mention in mentions:
        if calls and mention.open_mode:
            rule = f"{mention.trigger_rule}+call.story_of_calls"
            mention = replace(mention, type="call", trigger_rule=rule)
        item = _decide(mention, context, reference)
        if (
            pack is not None
            and item.place is None
            and mention.type == "meeting"
            and item.status == "held"
            and (place := _dateline_place(mention.evidence.text, pack)) is not None
        ):
            # "ALMATY — On Friday the ministers opened talks in Kazakhstan": a held meeting the
            # dateline's own sentence reports took place where the story was filed.
            item.place, item.place_rule = place, "place.dateline"
        if mention.gathering and item.date is not None:
            setting = item
        elif (
            item.date is None
            and mention.context
            and setting is not None
            and 0 <= mention.sentence - setting.mention.sentence <= REFER_BACK
        ):
            # "On the sidelines of the Summit, Aliyev held a meeting": the summit dated before.
            item.date, item.date_rule = setting.date, "date.setting"
        found = mention.date_mention
        # A named day or a range (its first day) moves the story on; a relative date does not.
        names_day = found is not None and found.kind in ("explicit", "range")
        if names_day and item.date is not None and item.date.precision == "day":
            reference = item.date.start
        out.append(item)
    return out


def fallback_date(published: str, day_of_report: bool = False) -> DateValue | None:
    """An undated event is taken to fall in the month of publication (approx); with
    ``day_of_report``, on the publication day itself (approx)."""
    from parley.extraction import dates

    day, precision = dates.parse_published(published)
    if day is None or precision not in ("day", "month"):
        return None
    if day_of_report and precision == "day":
        return DateValue(f"{day:%Y-%m-%d}", "day", day, day, True, "", "date.fallback_published_day")
    start = day.replace(day=1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return DateValue(f"{start:%Y-%m}", "month", start, end, True, "", "date.fallback_published")
