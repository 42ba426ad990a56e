"""Plain-text articles: header, crawler line, title, publication stamps and datelines."""

from __future__ import annotations

import pytest

from parley.ingest.text import parse_article, parse_header

BODY = (
    "The two leaders met in the capital on Monday and agreed to continue the talks next month.\n\n"
    "Officials said the discussion covered transport links, the border and the release of detainees."
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("published: 2023-05-26\n", ("2023-05-26", "header")),
        ("published: 2023-11\n", ("2023-11", "header")),
        ("published: unknown\n", (None, None)),
        ("published: 26 November 2021\n", ("2021-11-26", "header")),
        ("published: 1850-01-01\n", (None, None)),
        ("date: 2022-10-06\n", ("2022-10-06", "header")),
    ],
)
def test_header_published_is_normalised(header: str, expected: tuple[str | None, str | None]) -> None:
    article = parse_article(f"title: A headline\n{header}\n{BODY}")
    assert (article.published, article.published_from) == expected
    assert article.title == "A headline"
    assert article.text == BODY


@pytest.mark.parametrize(
    "text",
    [
        "Update: the talks were postponed.\n\nMore text follows here.",
        "title: no blank line ends this header\nThe body starts at once.",
        "\ntitle: a blank line comes first\n\nbody",
    ],
)
def test_lines_that_only_resemble_a_header_stay_in_the_body(text: str) -> None:
    assert parse_header(text.split("\n"))[0] == {}


def test_unknown_keys_are_tolerated_inside_a_real_header() -> None:
    meta, body = parse_header(["title: T", "lang: en", "", "Body."])
    assert meta == {"title": "T"} and body == ["Body."]


def test_crawler_line_gives_date_and_title() -> None:
    article = parse_article(f" date 2023-05-26 Leaders talk in the capital\n\n{BODY}")
    assert (article.published, article.published_from) == ("2023-05-26", "crawler_line")
    assert article.title == "Leaders talk in the capital"
    assert article.text == BODY


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("08.01.2021 11:12", "2021-01-08"),
        ("2023-05-26", "2023-05-26"),
        ("May 26, 2023", "2023-05-26"),
        ("Published: 26 Nov 2021, 10:30", "2021-11-26"),
        ("Tuesday, December 26, 2023", "2023-12-26"),
    ],
)
def test_trailing_stamp_dates_the_article_and_leaves_the_body(stamp: str, expected: str) -> None:
    article = parse_article(f"A headline without a stop\n{BODY}\n{stamp}")
    assert (article.published, article.published_from) == (expected, "stamp")
    assert article.text == BODY


def test_stamp_under_the_title_dates_the_article() -> None:
    article = parse_article(f"A headline without a stop\nMay 26, 2023\n\n{BODY}")
    assert (article.published, article.title) == ("2023-05-26", "A headline without a stop")
    assert article.text == BODY


def test_header_date_wins_over_a_stamp_which_still_leaves_the_body() -> None:
    article = parse_article(f"published: 2021-01-09\n\n{BODY}\n08.01.2021 11:12")
    assert (article.published, article.published_from) == ("2021-01-09", "header")
    assert article.text == BODY


@pytest.mark.parametrize("stamp", ["08.01.1921 11:12", "08.01.2999", "31.02.2021"])
def test_implausible_or_impossible_stamps_are_ignored(stamp: str) -> None:
    assert parse_article(f"{BODY}\n{stamp}").published is None


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("MOSCOW, May 26, 2023 (Caucasus Wire) — ", "2023-05-26"),
        ("YEREVAN, 30 November 2023 - ", "2023-11-30"),
        ("YEREVAN, May 14 (Caucasus Wire) — ", None),  # no year: not guessed
    ],
)
def test_dateline_with_a_full_date_dates_the_article(opening: str, expected: str | None) -> None:
    article = parse_article(opening + BODY)
    assert article.published == expected
    assert article.published_from == ("dateline" if expected else None)


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Leaders meet in the capital", "Leaders meet in the capital"),
        ("What to expect from the next round?", "What to expect from the next round?"),
        ("The leaders met in the capital on Monday.", None),
        ("The leaders met in the capital on Monday, officials said, and talked at length about " * 3, None),
    ],
)
def test_first_line_is_the_title_only_when_it_looks_like_one(first_line: str, title: str | None) -> None:
    article = parse_article(f"{first_line}\n{BODY}")
    assert article.title == title
    assert article.text.startswith("The leaders met" if title is None else "The two leaders")


def test_title_is_not_repeated_in_the_body() -> None:
    article = parse_article(BODY.replace("The two", "A Headline\n\nThe two", 1), meta={"title": "A headline"})
    assert article.text == BODY


def test_paragraphs_are_separated_by_one_blank_line_and_spaces_collapse() -> None:
    article = parse_article("First   paragraph  here.\r\n\r\n\r\nSecond\u00a0paragraph.\nThird one.")
    assert article.text == "First paragraph here.\n\nSecond paragraph.\n\nThird one."
