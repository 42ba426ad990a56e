"""Boilerplate removal: what goes, what must stay, and rules that fail loudly when malformed."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from parley.errors import RuleError
from parley.ingest.clean import clean, load_rules, parse_rules

PARAGRAPHS = [
    "The two leaders met in the capital on Monday and agreed to continue the talks next month.",
    "Officials said the discussion covered transport links, the border and the release of detainees.",
    "Analysts were cautious, noting that earlier rounds had produced few written commitments.",
    "A joint statement is expected once the foreign ministers finish their review of the draft.",
]


def _lines(*blocks: str) -> list[str]:
    out: list[str] = []
    for block in blocks:
        out.extend(block.split("\n"))
        out.append("")
    return out


def _text(lines: tuple[str, ...] | list[str]) -> str:
    return "\n".join(line for line in lines if line.strip())


def test_bundled_rules_load_and_every_id_is_unique() -> None:
    rules = load_rules()
    ids = [r.id for r in rules.lines] + [r.id for r in rules.comment_lines]
    ids += [r.id for r in rules.tail_markers] + [rules.author_bio.id]
    assert len(ids) == len(set(ids)) and all(ids)


@pytest.mark.parametrize(
    "paragraph",
    [
        *PARAGRAPHS,
        "Comments made by the minister on Friday angered officials in the other capital.",
        "Share prices of the state railway rose after the announcement of the new route.",
        "Readers who subscribe to the agency's service received the statement an hour earlier.",
        "Related talks between the deputy prime ministers are planned for the spring.",
        "The website uses cookies, a spokesman joked, when asked how the leak had happened.",
        "1. The first point of the statement concerns the opening of transport links.",
        "Anna Petrosyan is the spokeswoman of the ministry, and she confirmed the date.",
        "Follow-up meetings are expected after the summit, diplomats said.",
    ],
)
def test_an_ordinary_paragraph_is_never_removed(paragraph: str) -> None:
    lines = _lines(PARAGRAPHS[0], paragraph, PARAGRAPHS[1])
    result = clean(lines)
    assert _text(result.lines) == _text(lines)
    assert result.removed == ()


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Share this article", "share"),
        ("Share on Facebook", "share"),
        ("Facebook Twitter WhatsApp Telegram", "share"),
        ("Follow us on Telegram", "follow"),
        ("Subscribe to our newsletter", "subscribe"),
        ("Sign up for our daily briefing newsletter", "subscribe"),
        ("Read more: Border guards report a quiet week", "related"),
        ("Related: What the new route means for trade", "related"),
        ("This website uses cookies to improve your experience.", "cookie_notice"),
        ("Advertisement", "advertisement"),
        ("© 2024 Some Outlet. All rights reserved.", "copyright"),
        ("Tags: Armenia, Azerbaijan, diplomacy", "tags"),
    ],
)
def test_a_boilerplate_line_is_removed_wherever_it_stands(line: str, kind: str) -> None:
    result = clean(_lines(PARAGRAPHS[0], line, PARAGRAPHS[1], PARAGRAPHS[2]))
    assert _text(result.lines) == _text([PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]])
    assert result.removed == (kind,)


def test_dated_headline_list_goes_and_the_stamp_before_it_stays() -> None:
    lines = [
        *PARAGRAPHS,
        "12.03.2022 09:15",
        "",
        "Harvest figures beat the forecast in the southern valleys",
        "16.Jul.2025",
        "A new museum opens in the old town",
        "15.Jul.2025",
        "Train timetable changes for the summer season",
        "10.Jul.2025",
    ]
    result = clean(lines)
    assert _text(result.lines) == _text([*PARAGRAPHS, "12.03.2022 09:15"])
    assert result.removed == ("headline_list",)
    assert "headline_list.dated_titles" in result.rules


def test_headlines_with_the_date_on_the_same_line_go_too() -> None:
    tail = [
        "Harvest figures beat the forecast in the southern valleys | July 16, 2025",
        "A new museum opens in the old town | July 15, 2025",
        "Train timetable changes for the summer season | July 10, 2025",
    ]
    result = clean([*PARAGRAPHS, "", *tail])
    assert _text(result.lines) == _text(PARAGRAPHS)


def test_the_quick_look_at_a_line_end_agrees_with_the_dated_headline_pattern() -> None:
    """The look at the last character skips only lines the full pattern rejects."""
    from pathlib import Path

    from parley.ingest.clean import _DATED_HEADLINE, _dated_headline

    root = Path(__file__).resolve().parents[2]
    lines = [
        "Ceasefire holds along the line of contact - 2023-05-01T10:00Z",
        "Ceasefire holds along the line of contact 2023-05-01t10:00z",
        "Ministers meet again in the capital — 3rd March, 2024",
        "Ministers meet again in the capital, 3 March 2024.",
        "Short 1 May 2024",
    ]
    for folder in ("data/sample/articles", "tests/data/eval_extra/docs"):
        for path in sorted((root / folder).glob("*.txt")):
            lines += path.read_text(encoding="utf-8").splitlines()
    lines += [f"{line.strip()} | {day} July 2025" for day, line in enumerate(lines[:300], 1)]
    found = 0
    for line in (raw.strip() for raw in lines):
        expected = _DATED_HEADLINE.fullmatch(line) is not None
        assert _dated_headline(line) == expected, line
        found += expected
    assert found > 100


def test_one_title_over_one_date_is_not_a_list() -> None:
    lines = [*PARAGRAPHS, "Talks to continue", "12.03.2022"]
    assert clean(lines).lines == tuple(lines)


def test_comment_section_after_a_reply_marker_goes() -> None:
    lines = _lines(
        *PARAGRAPHS,
        "  1. A reader thinks the talks will fail again.",
        "    • Another reader answers that patience is needed.",
        "  2. A third reader asks about the maps.",
        "Post a comment",
        "Name and email are required.",
    )
    result = clean(lines)
    assert _text(result.lines) == _text(PARAGRAPHS)
    assert result.removed == ("comments",)


def test_comment_count_header_cuts_the_thread_below_it() -> None:
    lines = _lines(*PARAGRAPHS, "3 Comments", "Reader One says:", "I disagree with this analysis.", "Reply")
    result = clean(lines)
    assert _text(result.lines) == _text(PARAGRAPHS)
    assert result.removed == ("comments",)


def test_numbered_list_closing_an_article_without_comment_cues_stays() -> None:
    lines = _lines(*PARAGRAPHS, "1. Open the transport links.", "2. Release the detainees.")
    assert _text(clean(lines).lines) == _text(lines)


@pytest.mark.parametrize(
    "bio",
    [
        ["Anna Petrosyan", "Anna Petrosyan", "Anna Petrosyan is a reporter in Yerevan who covers diplomacy."],
        ["Anna Petrosyan", "She has covered the region for the agency since 2015."],
        ["About the author", "A reporter who has followed the talks since they began."],
    ],
)
def test_author_bio_at_the_end_goes_and_the_last_paragraph_stays(bio: list[str]) -> None:
    result = clean(_lines(*PARAGRAPHS, *bio))
    assert _text(result.lines) == _text(PARAGRAPHS)
    assert result.removed == ("author_bio",)


def test_a_closing_paragraph_about_a_person_without_a_name_line_stays() -> None:
    lines = _lines(*PARAGRAPHS, "Hikmet Hajiyev is the foreign policy adviser to the president.")
    assert _text(clean(lines).lines) == _text(lines)


def test_related_section_is_cut_only_when_what_follows_is_headline_sized() -> None:
    short = _lines(*PARAGRAPHS, "Related articles", "Markets close higher", "A bridge opens")
    assert _text(clean(short).lines) == _text(PARAGRAPHS)
    long = _lines(*PARAGRAPHS, "Related articles", PARAGRAPHS[0] * 3)
    assert _text(clean(long).lines) == _text(long)


def test_a_marker_near_the_top_cuts_nothing() -> None:
    lines = _lines("Comments", *PARAGRAPHS, *PARAGRAPHS)
    assert _text(clean(lines).lines) == _text(lines)


def _rules_data() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("parley.ingest").joinpath("boilerplate.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["lines"][0].update(pattern="(unclosed"), "bad pattern"),
        (lambda d: d["lines"][1].update(id=d["lines"][0]["id"]), "used twice"),
        (lambda d: d["lines"][0].update(colour="red"), "unknown keys"),
        (lambda d: d["tail_markers"][0].update(rest="some"), "'rest'"),
        (lambda d: d["tail_markers"][0].update(after=1.5), "'after'"),
        (lambda d: d.pop("author_bio"), "missing keys"),
    ],
)
def test_malformed_rules_fail_at_load_naming_the_problem(mutate: Any, message: str) -> None:
    data = copy.deepcopy(_rules_data())
    mutate(data)
    with pytest.raises(RuleError, match=message):
        parse_rules(data)
