"""Date finding and resolution, read as a specification.

Anchors used throughout: 2023-12-27 is a Wednesday, 2023-05-26 a Friday,
2021-01-08 a Friday.
"""

from __future__ import annotations

import copy
import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.errors import RuleError
from parley.extraction.date_resolution import HANDLERS
from parley.extraction.date_rules import build
from parley.extraction.dates import (
    DateContext,
    DateMention,
    _scan,
    anchor_from_text,
    find_dates,
    parse_published,
    resolve,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
DOCS = SHARED / "eval" / "docs"

WED = "2023-12-27"
FRI = "2023-05-26"
JAN = "2021-01-08"

# (expression or sentence, anchor as a published value, tense, value, precision, approx)
CASES: list[tuple[str, str | None, str | None, str | None, str | None, bool]] = [
    # explicit dates in their many spellings
    ("26 November", WED, "past", "2023-11-26", "day", False),
    ("November 30", "2023-11", "future", "2023-11-30", "day", False),
    ("December 26, 2023", None, None, "2023-12-26", "day", False),
    ("26 Nov. 2023", None, None, "2023-11-26", "day", False),
    ("Nov 26th", WED, "past", "2023-11-26", "day", False),
    ("2023-11-26", None, None, "2023-11-26", "day", False),
    ("26.11.2023", None, None, "2023-11-26", "day", False),
    ("08.01.2021 11:12", None, None, "2021-01-08", "day", False),
    ("05.Jul.2025", None, None, "2025-07-05", "day", False),
    ("26-Nov-2023", None, None, "2023-11-26", "day", False),
    ("12/26/2023", None, None, "2023-12-26", "day", False),
    ("26/11/2023", None, None, "2023-11-26", "day", False),
    ("12.26.2023", None, None, "2023-12-26", "day", False),
    ("the 26th of November", WED, "past", "2023-11-26", "day", False),
    ("1st of May 2021", None, None, "2021-05-01", "day", False),
    ("Tuesday, 26 December 2023", None, None, "2023-12-26", "day", False),
    ("on Tuesday, December 26", WED, "past", "2023-12-26", "day", False),
    ("Sept. 30, 2023", None, None, "2023-09-30", "day", False),
    ("They met on the 26th, officials said.", WED, "past", "2023-12-26", "day", False),
    ("They met on the 30th.", WED, "past", "2023-11-30", "day", False),
    ("They will meet on the 5th.", WED, "future", "2024-01-05", "day", False),
    ("May 9", FRI, "past", "2023-05-09", "day", False),
    ("In the talks on May 25 the two sides disagreed.", "2023-05-26", "past", "2023-05-25", "day", False),
    # a year left out: the anchor and the tense choose it
    ("the deal struck on November 10", JAN, "past", "2020-11-10", "day", False),
    ("the meeting expected on January 11", JAN, "future", "2021-01-11", "day", False),
    ("in an address on January 6", JAN, "past", "2021-01-06", "day", False),
    ("December 30", "2024-01-03", "past", "2023-12-30", "day", False),
    ("January 5", "2023-12-20", "future", "2024-01-05", "day", False),
    ("January 5", "2023-12-20", None, "2024-01-05", "day", False),
    ("December 15", "2024-01-03", None, "2023-12-15", "day", False),
    ("December 15", "2024-01-03", "present", "2023-12-15", "day", False),
    ("May 27", FRI, "past", "2023-05-27", "day", False),  # a day past the stamp: lag, not last year
    ("July 4", FRI, "past", "2022-07-04", "day", False),
    ("July 4", FRI, "future", "2023-07-04", "day", False),
    ("November 30", "2023-11", "past", "2023-11-30", "day", False),
    ("December 5", "2023-11", "past", "2022-12-05", "day", False),
    ("December 5", "2023-11", "future", "2023-12-05", "day", False),
    ("March 3", "2023", "past", "2023-03-03", "day", False),
    ("February 29", "2024-03-10", "past", "2024-02-29", "day", False),
    # impossible dates are None, never an error
    ("February 30", WED, None, None, None, False),
    ("31 April", WED, None, None, None, False),
    ("32 May", WED, None, None, None, False),
    ("February 29", "2023-03-10", "past", None, None, False),
    ("2023-02-30", None, None, None, None, False),
    ("30.02.2023", None, None, None, None, False),
    ("13/13/2023", None, None, None, None, False),
    ("05/06/2023", None, None, None, None, False),  # day-first or month-first: cannot tell
    ("the 20-19 September talks", WED, "past", None, None, False),
    # ranges: the first day, with the range kept
    ("September 19-20", WED, "past", "2023-09-19", "day", False),
    ("between 14 and 15 December", "2021-12-01", "future", "2021-12-14", "day", False),
    ("19–20 September 2023", None, None, "2023-09-19", "day", False),
    ("from 30 September to 2 October", WED, "past", "2023-09-30", "day", False),
    ("December 30 - January 2", "2024-01-05", "past", "2023-12-30", "day", False),
    ("30 December - 2 January 2024", None, None, "2023-12-30", "day", False),
    # months
    ("in July", WED, "past", "2023-07", "month", False),
    ("in October", WED, "past", "2023-10", "month", False),
    ("in July", WED, "future", "2024-07", "month", False),
    ("in July 2023", None, None, "2023-07", "month", False),
    ("since May 2021", None, None, "2021-05", "month", False),
    ("last July", WED, None, "2023-07", "month", False),
    ("last July", "2023-07-15", None, "2022-07", "month", False),
    ("next March", WED, None, "2024-03", "month", False),
    ("next March", "2023-02-10", None, "2023-03", "month", False),
    ("this May", WED, None, "2023-05", "month", False),
    ("early December", WED, "past", "2023-12", "month", True),
    ("mid-October", WED, "past", "2023-10", "month", True),
    ("late July 2023", None, None, "2023-07", "month", True),
    ("the end of July", WED, "past", "2023-07", "month", True),
    ("in May", FRI, None, "2023-05", "month", False),
    ("in December", FRI, None, "2022-12", "month", False),
    ("in January", JAN, "past", "2021-01", "month", False),
    ("in December", "2023-11", "future", "2023-12", "month", False),
    # years
    ("in 2021", None, None, "2021", "year", False),
    ("the 2020 war", None, None, "2020", "year", False),
    ("late 2024", None, None, "2024", "year", True),
    ("early 2022", None, None, "2022", "year", True),
    ("this year", WED, None, "2023", "year", False),
    ("next year", WED, None, "2024", "year", False),
    ("last year", WED, None, "2022", "year", False),
    ("this year", "2023", None, "2023", "year", False),
    ("earlier this year", FRI, "past", "2023", "year", False),
    ("later this year", FRI, "future", "2023", "year", False),
    ("by the end of the year", FRI, "future", "2023", "year", True),
    ("late last year", FRI, "past", "2022", "year", True),
    # months counted from the anchor
    ("this month", FRI, None, "2023-05", "month", False),
    ("next month", WED, None, "2024-01", "month", False),
    ("last month", "2023-01-10", None, "2022-12", "month", False),
    ("this month", "2023-11", None, "2023-11", "month", False),
    ("last month", "2023", None, None, None, False),
    ("by the end of the month", FRI, "future", "2023-05", "month", True),
    ("earlier this month", FRI, "past", "2023-05", "month", False),
    ("later this month", FRI, "future", "2023-05", "month", False),
    ("early next month", FRI, "future", "2023-06", "month", True),
    # weekdays: past tense looks back (the anchor day included), future looks ahead
    ("on Tuesday", WED, "past", "2023-12-26", "day", False),
    ("on Wednesday", WED, "past", "2023-12-27", "day", False),
    ("on Thursday", WED, "past", "2023-12-21", "day", False),
    ("on Thursday", WED, "future", "2023-12-28", "day", False),
    ("on Wednesday", WED, "future", "2023-12-27", "day", False),
    ("on Tuesday", WED, "future", "2024-01-02", "day", False),
    ("on Monday", WED, None, "2023-12-25", "day", False),
    ("on Friday", WED, None, "2023-12-29", "day", False),
    ("on Friday", WED, "present", "2023-12-29", "day", False),
    ("on the sidelines of Tuesday's summit", WED, "past", "2023-12-26", "day", False),
    ("last Friday", WED, None, "2023-12-22", "day", False),
    ("last Wednesday", WED, None, "2023-12-20", "day", False),
    ("next Monday", WED, None, "2024-01-01", "day", False),
    ("next Wednesday", WED, None, "2024-01-03", "day", False),
    ("this Thursday", WED, None, "2023-12-28", "day", False),
    ("this Monday", WED, "past", "2023-12-25", "day", False),
    ("on Sunday", JAN, "past", "2021-01-03", "day", False),
    ("on Friday evening", JAN, "past", "2021-01-08", "day", False),
    ("on Tuesday", "2023-12", "past", None, None, False),  # the day is unknown
    ("on Tuesday", None, "past", None, None, False),
    # days counted from the anchor
    ("yesterday", FRI, None, "2023-05-25", "day", False),
    ("today", FRI, None, "2023-05-26", "day", False),
    ("tonight", FRI, None, "2023-05-26", "day", False),
    ("tomorrow", WED, None, "2023-12-28", "day", False),
    ("the day before yesterday", WED, None, "2023-12-25", "day", False),
    ("the day after tomorrow", WED, None, "2023-12-29", "day", False),
    ("the day before", FRI, None, "2023-05-25", "day", False),
    ("yesterday", "2023-11", None, None, None, False),
    ("today", "2023-11", None, None, None, False),
    # weeks and counted spans
    ("last week", FRI, "past", "2023-05-18", "day", True),
    ("next week", FRI, "future", "2023-06-01", "day", True),
    ("this week", FRI, "future", "2023-05-27", "day", True),
    ("the deputies are to take it up in a week", FRI, "future", "2023-06-02", "day", True),
    ("in two weeks", FRI, "future", "2023-06-09", "day", True),
    ("in 10 days", FRI, "future", "2023-06-05", "day", False),
    ("within 15 days", FRI, "future", "2023-06-02", "day", True),
    ("a week ago", FRI, "past", "2023-05-19", "day", True),
    ("three days ago", FRI, "past", "2023-05-23", "day", False),
    ("a few days ago", FRI, "past", "2023-05-23", "day", True),
    ("two months ago", FRI, "past", "2023-03", "month", True),
    ("two months ago", "2023-05", "past", "2023-03", "month", True),
    ("a year ago", FRI, "past", "2022", "year", True),
    ("the past week", FRI, "past", "2023-05-22", "day", True),
    ("in the coming days", FRI, "future", "2023-05-27", "day", True),
    ("in the next two weeks", FRI, "future", "2023-06-02", "day", True),
    ("in a week", "2023-05", "future", None, None, False),
    ("over the weekend", "2023-05-29", "past", "2023-05-27", "day", True),
    ("this weekend", FRI, "future", "2023-05-27", "day", True),
    ("last weekend", FRI, "past", "2023-05-20", "day", True),
    # nothing to resolve
    ("", WED, None, None, None, False),
    ("no date in this sentence", WED, None, None, None, False),
    ("talks may resume soon", WED, None, None, None, False),
]


def _anchor(published: str | None) -> tuple[dt.date | None, str]:
    date, precision = parse_published(published)
    return date, precision or "day"


@pytest.mark.parametrize(("text", "published", "tense", "value", "precision", "approx"), CASES)
def test_date_expression_resolves_as_a_careful_reader_would(
    text: str,
    published: str | None,
    tense: str | None,
    value: str | None,
    precision: str | None,
    approx: bool,
) -> None:
    anchor, anchor_precision = _anchor(published)
    result = resolve(text, anchor, anchor_precision=anchor_precision, tense=tense)
    if value is None:
        assert result is None
        return
    assert result is not None
    assert (result.value, result.precision, result.approx) == (value, precision, approx)
    assert result.start <= result.end
    assert result.rule.startswith("date.")


# (expression, anchor, tense, keyword arguments, value)
WITH_CONTEXT: list[tuple[str, str | None, str | None, dict[str, Any], str | None]] = [
    ("the previous day", FRI, None, {"reference": dt.date(2023, 5, 25)}, "2023-05-24"),
    ("the day after", FRI, None, {"reference": dt.date(2023, 11, 26)}, "2023-11-27"),
    ("the next day", "2023-11", None, {"reference": dt.date(2023, 11, 20)}, "2023-11-21"),
    ("on the same day", None, None, {"reference": dt.date(2023, 11, 26)}, "2023-11-26"),
    ("10 days later", FRI, None, {"reference": dt.date(2023, 5, 1)}, "2023-05-11"),
    ("two days earlier", FRI, None, {"reference": dt.date(2023, 5, 10)}, "2023-05-08"),
    ("the following week", None, None, {"reference": dt.date(2023, 5, 10)}, "2023-05-18"),
    ("26 November", None, None, {"context_year": 2021}, "2021-11-26"),
    ("in July", None, "past", {"context_year": 2023}, "2023-07"),
    ("26 November", None, None, {}, None),
    ("on the 26th", WED, "past", {"context_month": 11}, "2023-11-26"),
    ("on the 26th", None, "past", {}, None),
    ("26 November", WED, "past", {"context_year": 1999}, "2023-11-26"),  # an anchor beats the text
]


@pytest.mark.parametrize(("text", "published", "tense", "kwargs", "value"), WITH_CONTEXT)
def test_reference_and_context_fill_in_what_the_expression_leaves_out(
    text: str, published: str | None, tense: str | None, kwargs: dict[str, Any], value: str | None
) -> None:
    anchor, precision = _anchor(published)
    result = resolve(text, anchor, anchor_precision=precision, tense=tense, **kwargs)
    assert (result.value if result else None) == value


def test_range_keeps_its_end_and_is_not_approximate() -> None:
    result = resolve("September 19-20", dt.date(2023, 12, 27), tense="past")
    assert result is not None
    assert (result.start, result.end, result.approx) == (dt.date(2023, 9, 19), dt.date(2023, 9, 20), False)


def test_a_week_from_now_spans_a_few_days_either_side() -> None:
    result = resolve("in a week", dt.date(2023, 5, 26), tense="future")
    assert result is not None
    assert result.start <= dt.date(2023, 6, 1) <= result.end
    assert result.start < dt.date(2023, 6, 2) < result.end


def test_within_days_covers_the_whole_span_from_the_anchor() -> None:
    result = resolve("within 15 days", dt.date(2023, 5, 26))
    assert result is not None
    assert (result.start, result.end) == (dt.date(2023, 5, 26), dt.date(2023, 6, 10))


def test_part_of_a_month_narrows_its_range() -> None:
    result = resolve("the end of the month", dt.date(2023, 2, 10))
    assert result is not None
    assert (result.start, result.end) == (dt.date(2023, 2, 21), dt.date(2023, 2, 28))


@pytest.mark.parametrize(
    ("text", "tense", "rule"),
    [
        ("on Tuesday", "past", "date.weekday.past"),
        ("on Tuesday", "future", "date.weekday.future"),
        ("on Tuesday", None, "date.weekday.nearest"),
        ("last Tuesday", None, "date.weekday.last"),
        ("November 10", "past", "date.explicit.mdy.past"),
        ("yesterday", None, "date.relative.yesterday"),
        ("2023-11-26", None, "date.explicit.iso"),
    ],
)
def test_resolved_value_names_the_rule_and_how_it_chose(text: str, tense: str | None, rule: str) -> None:
    result = resolve(text, dt.date(2023, 12, 27), tense=tense)
    assert result is not None
    assert result.rule == rule
    assert result.text in text


# (sentence, [(mention text, kind, rule)])
FINDS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("The delegations sat down in Moscow on May 25.", [("May 25", "explicit", "date.explicit.mdy")]),
    ("Talks may resume in May.", [("May", "month", "date.month.plain")]),
    (
        "They met on Tuesday, December 26, 2023.",
        [("Tuesday, December 26, 2023", "explicit", "date.explicit.mdy")],
    ),
    ("the September 19-20 offensive", [("September 19-20", "range", "date.range.mdy")]),
    ("between 14 and 15 December", [("between 14 and 15 December", "range", "date.range.dmy")]),
    ("on the 26th, the two met", [("the 26th", "explicit", "date.explicit.ordinal")]),
    ("on the 26th anniversary of the accord", []),
    ("in the 21st century", []),
    ("the march on Tuesday", [("Tuesday", "weekday", "date.weekday")]),
    (
        "last Friday and next Monday",
        [("last Friday", "weekday", "date.weekday"), ("next Monday", "weekday", "date.weekday")],
    ),
    ("in 2021 and by 2030", [("2021", "year", "date.year.plain"), ("2030", "year", "date.year.plain")]),
    ("2000 soldiers", []),
    (
        "the day before yesterday",
        [("the day before yesterday", "relative", "date.relative.day_before_yesterday")],
    ),
    ("at the end of the month", [("the end of the month", "relative", "date.period.current")]),
    ("mid-May 2021", [("mid-May 2021", "month", "date.month.year")]),
    ("within the next two weeks", [("within the next two weeks", "relative", "date.rolling.ahead")]),
    (
        "five days later, on 3 March",
        [("five days later", "relative", "date.counted.from"), ("3 March", "explicit", "date.explicit.dmy")],
    ),
    ("Version 2.0.1 of the report, page 12", []),
]


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_find_dates_finds_longest_non_overlapping_expressions(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    found = find_dates(text)
    assert [(m.text, m.kind, m.rule) for m in found] == expected
    for mention in found:
        assert text[mention.start : mention.end] == mention.text


def test_resolve_of_a_mention_whose_text_does_not_fit_its_rule_is_none() -> None:
    mention = DateMention(0, 5, "hello", "explicit", "date.explicit.iso")
    assert resolve(mention, dt.date(2023, 1, 1)) is None
    assert resolve(DateMention(0, 5, "today", "relative", "date.no.such.rule"), dt.date(2023, 1, 1)) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-11-26", (dt.date(2023, 11, 26), "day")),
        ("2023-11", (dt.date(2023, 11, 1), "month")),
        ("2023", (dt.date(2023, 1, 1), "year")),
        ("2023-11-26T10:00:00Z", (dt.date(2023, 11, 26), "day")),
        (" 2023-05-26 ", (dt.date(2023, 5, 26), "day")),
        ("26.11.2023", (dt.date(2023, 11, 26), "day")),
        ("unknown", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
        ("2023-13", (None, None)),
        ("2023-02-30", (None, None)),
        ("soon", (None, None)),
    ],
)
def test_parse_published_gives_date_and_precision(value: str | None, expected: tuple[Any, Any]) -> None:
    assert parse_published(value) == expected


HEADLINES = "".join(
    f"Unrelated headline number {i}\n{d:02d}.Jul.2025\n" for i, d in enumerate(range(16, 2, -2))
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Body of the story.\n08.01.2021 11:12\n" + HEADLINES, dt.date(2021, 1, 8)),
        (
            "Caption: the two leaders at a gathering of ex-Soviet states, December 26, 2023.\n"
            "On December 18 he spoke.",
            dt.date(2023, 12, 26),
        ),
        (" date 2023-05-26 Summit report\n\nThe delegations sat down on May 25.", dt.date(2023, 5, 26)),
        ("They met on 26 November (2021) in Sochi.", dt.date(2021, 11, 26)),
        ("The summit of 5 May 2021 and the one of 12 March 2099.", dt.date(2021, 5, 5)),
        ("The ceasefire of November 2020 still holds.", None),
        ("No dates at all.", None),
        ("", None),
    ],
)
def test_anchor_from_text_finds_the_latest_plausible_full_date(text: str, expected: dt.date | None) -> None:
    assert anchor_from_text(text, today=dt.date(2025, 12, 31)) == expected


def test_context_without_anchor_uses_the_latest_stated_year() -> None:
    text = (
        "After the ceasefire of November 2020 and the clashes of May 2021, the leaders gathered in Sochi "
        "on 26 November. A further meeting is set for 15 December, by 2030 perhaps a treaty."
    )
    context = DateContext.from_text(text)
    assert context.anchor is None
    assert context.story_year == 2021
    mentions = {m.text: m for m in context.mentions}
    result = context.resolve(mentions["26 November"], tense="past")
    assert result is not None and result.value == "2021-11-26"
    assert result.rule.endswith(".context_year")
    assert context.year_before(mentions["26 November"].start) == 2021


def test_context_prefers_the_published_date_over_the_text() -> None:
    context = DateContext.from_text(
        "On Tuesday they met. Caption: December 26, 2023.", published="2024-01-10"
    )
    assert (context.anchor, context.anchor_precision, context.anchor_from) == (
        dt.date(2024, 1, 10),
        "day",
        "published",
    )
    tuesday = context.resolve(context.mentions[0], tense="past")
    assert tuesday is not None and tuesday.value == "2024-01-09"


def test_context_reads_an_ordinal_day_in_the_month_named_before_it() -> None:
    text = "Talks opened on December 6 and, after a pause, resumed on the 12th."
    context = DateContext.from_text(text, published="2024-01-20")
    ordinal = next(m for m in context.mentions if m.rule == "date.explicit.ordinal")
    result = context.resolve(ordinal, tense="past")
    assert result is not None and result.value == "2023-12-12"


@pytest.mark.parametrize(
    ("name", "published", "expected"),
    [
        ("000_8bf1c03e74a42b91", None, dt.date(2021, 1, 8)),
        ("001_b42beefaead42971", None, dt.date(2023, 5, 26)),
        ("003_f84f38a300892f54", None, dt.date(2023, 12, 26)),
    ],
)
def test_dev_articles_yield_their_publication_anchor(
    name: str, published: str | None, expected: dt.date
) -> None:
    path = DOCS / f"{name}.txt"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    assert anchor_from_text(path.read_text(encoding="utf-8")) == expected


def test_dev_article_without_any_full_date_resolves_from_its_story_year() -> None:
    path = DOCS / "002_9212128ac2e15acf.txt"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    context = DateContext.from_text(path.read_text(encoding="utf-8"))
    assert context.anchor is None
    values = {
        v.value for m in context.mentions if m.kind == "explicit" if (v := context.resolve(m, tense="past"))
    }
    assert {"2021-11-26", "2021-12-15"} <= values


def _seed_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(DOCS.glob("*.txt")) if DOCS.exists() else []:
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def test_fast_path_finds_what_a_full_scan_finds_on_the_dev_articles() -> None:
    lines = _seed_lines()
    if not lines:
        pytest.skip("dev articles are not present")
    for line in lines:
        assert find_dates(line) == _scan(line), line


VOCABULARY = [
    "on",
    "the",
    "in",
    "last",
    "next",
    "this",
    "early",
    "mid-",
    "late",
    "the end of",
    "between",
    "and",
    "to",
    "-",
    "–",
    ",",
    ".",
    "26",
    "5th",
    "2023",
    "1999",
    "11",
    "08.01.2021",
    "2023-11-26",
    "26/11/2023",
    "May",
    "may",
    "November",
    "Nov.",
    "Sept",
    "Tuesday",
    "Tue,",
    "Friday's",
    "week",
    "weeks",
    "month",
    "year",
    "days",
    "ago",
    "later",
    "within",
    "a",
    "few",
    "two",
    "yesterday",
    "the day before",
    "weekend",
    "of",
    "coming",
    "past",
    "earlier",
    "by",
    "since",
    "morning",
    "x",
    "Brussels",
]
fragments = st.lists(st.sampled_from(VOCABULARY), max_size=14).map(" ".join)
anchors = st.one_of(st.none(), st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2098, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=80), fragments),
    anchor=anchors,
    precision=st.sampled_from(["day", "month", "year"]),
    tense=st.sampled_from([None, "past", "future", "present", "bogus"]),
    reference=st.one_of(st.none(), st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2098, 12, 31))),
)
def test_any_text_resolves_without_error_to_well_formed_values(
    text: str, anchor: dt.date | None, precision: str, tense: str | None, reference: dt.date | None
) -> None:
    found = find_dates(text)
    assert found == _scan(text)
    for previous, mention in zip(found, found[1:], strict=False):
        assert previous.end <= mention.start
    for mention in found:
        result = resolve(
            mention, anchor, anchor_precision=precision, tense=tense, reference=reference, context_year=2020
        )
        if result is None:
            continue
        assert result.start <= result.end
        parsed = parse_published(result.value)
        assert parsed[1] == result.precision
        assert parsed[0] is not None
        if result.precision == "day":
            assert result.start <= dt.date.fromisoformat(result.value) <= result.end
        else:
            assert (parsed[0].year, parsed[0].month if result.precision == "month" else 1) >= (
                result.start.year,
                result.start.month if result.precision == "month" else 1,
            )


@given(text=st.text(max_size=200))
def test_anchor_from_text_and_context_never_raise(text: str) -> None:
    anchor_from_text(text)
    DateContext.from_text(text, published=text[:10] or None)


# ---------------------------------------------------------------------------
# The rule file is validated at load.


def _data() -> dict[str, Any]:
    raw = resources.files("parley").joinpath("rules/dates.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(raw)


def _broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(_data())
    if change == "kind":
        data["patterns"][0]["kind"] = "sometime"
    elif change == "handler":
        data["patterns"][0]["handler"] = "guess"
    elif change == "unnamed_group":
        data["patterns"][0]["regex"] = r"(\d+)"
    elif change == "placeholder":
        data["patterns"][0]["regex"] = "{fortnightly}"
    elif change == "bad_regex":
        data["patterns"][0]["regex"] = "(?P<day>"
    elif change == "duplicate_id":
        data["patterns"][1]["id"] = data["patterns"][0]["id"]
    elif change == "month_missing":
        data["months"].pop()
    elif change == "yaml_boolean":
        data["ordinal_ok"].append(True)
    elif change == "unit":
        data["units"]["week"] = {"days": 7, "months": 1}
    elif change == "start":
        data["patterns"][0]["starts"] = ["two words"]
    elif change == "version":
        data["version"] = 2
    return data


@pytest.mark.parametrize(
    "change",
    [
        "kind",
        "handler",
        "unnamed_group",
        "placeholder",
        "bad_regex",
        "duplicate_id",
        "month_missing",
        "yaml_boolean",
        "unit",
        "start",
        "version",
    ],
)
def test_malformed_rule_file_fails_at_load_with_a_fix(change: str) -> None:
    with pytest.raises(RuleError, match="Fix"):
        build(_broken(change), HANDLERS)


def test_bundled_rule_file_loads() -> None:
    rules = build(_data(), HANDLERS)
    assert len(rules.rules) >= 20
    assert len({r.id for r in rules.rules}) == len(rules.rules)


@pytest.mark.parametrize("text", ["In the fall of 2020 the war ended.", "Talks resumed in summer 2023."])
def test_a_season_names_its_year(text: str) -> None:
    (found,) = find_dates(text)
    assert found.rule == "date.year.season" and found.kind == "year"
