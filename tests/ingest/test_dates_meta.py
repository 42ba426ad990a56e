"""Publication dates as sites print them."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.ingest.dates_meta import normalise_published, parse_date, plausible


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08.01.2021 11:12", dt.date(2021, 1, 8)),
        ("16.Jul.2025", dt.date(2025, 7, 16)),
        ("16 July 2025", dt.date(2025, 7, 16)),
        ("July 16, 2025", dt.date(2025, 7, 16)),
        ("Jul. 16th, 2025 | 14:05", dt.date(2025, 7, 16)),
        ("2025-07-16T08:00:00+04:00", dt.date(2025, 7, 16)),
        ("Wednesday, July 16, 2025 at 3:15 pm", dt.date(2025, 7, 16)),
        ("Updated: 16 Sept 2025", dt.date(2025, 9, 16)),
        ("16/07/2025", dt.date(2025, 7, 16)),
        ("07/16/2025", dt.date(2025, 7, 16)),
        ("03/04/2025", None),  # both readings possible: refused
        ("30 February 2024", None),
        ("July 2025", None),
        ("The talks ended on July 16, 2025.", None),  # a sentence, not a stamp
        ("", None),
    ],
)
def test_parse_date_reads_whole_stamps_only(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-26", "2023-05-26"),
        ("2023-05", "2023-05"),
        ("2023", "2023"),
        ("2023-13", None),
        ("2023-02-30", None),
        ("unknown", None),
        ("", None),
        (None, None),
        ("2023-05-26T10:00:00Z", "2023-05-26"),
        ("May 26, 2023", "2023-05-26"),
        ("1789", None),
        ("soon", None),
    ],
)
def test_normalise_published(value: str | None, expected: str | None) -> None:
    assert normalise_published(value) == expected


def test_plausible_years_run_from_1990_to_next_year() -> None:
    today = dt.date(2025, 6, 1)
    assert plausible(dt.date(1990, 1, 1), today) and plausible(dt.date(2026, 12, 31), today)
    assert not plausible(dt.date(1989, 12, 31), today) and not plausible(dt.date(2027, 1, 1), today)
