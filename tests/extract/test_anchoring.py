"""Temporal anchoring: a mention's date resolved against the article's or the narrative's day."""

from __future__ import annotations

from parley.extraction import extract_text
from parley.extraction.anchoring import fallback_date


def dates(text: str, published: str | None) -> list[tuple[str, str | None]]:
    return [(r.type, r.date.value if r.date else None) for r in extract_text(text, published=published)]


def test_a_weekday_in_the_past_tense_falls_before_the_article():
    # 2023-05-05 is a Friday: "on Tuesday" in the past is 2 May.
    assert dates("Pashinyan and Aliyev met in Brussels on Tuesday.", "2023-05-05") == [
        ("meeting", "2023-05-02")
    ]


def test_a_weekday_in_the_future_falls_after_the_article():
    assert dates("Pashinyan and Aliyev will meet in Brussels on Tuesday.", "2023-05-05") == [
        ("meeting", "2023-05-09")
    ]


def test_a_day_later_counts_from_the_narratives_day():
    text = (
        "On April 29 Pashinyan and Aliyev met in Brussels. A day later, Pashinyan and Aliyev spoke by phone."
    )
    assert ("call", "2023-04-30") in dates(text, "2023-05-20")


def test_the_publication_month_is_a_coarse_fallback():
    fallback = fallback_date("2023-05-05")
    assert fallback is not None and fallback.value == "2023-05" and fallback.approx
    assert fallback_date("unknown") is None


def test_an_undated_event_reported_as_done_falls_on_the_publication_day():
    day = fallback_date("2023-05-05", day_of_report=True)
    assert day is not None and (day.value, day.approx, day.rule) == (
        "2023-05-05",
        True,
        "date.fallback_published_day",
    )
    assert fallback_date("2023-05", day_of_report=True).value == "2023-05"
    assert dates("The Kremlin hosted talks between Putin, Aliyev and Pashinyan.", "2023-05-25") == [
        ("meeting", "2023-05-25")
    ]
    assert dates("Putin will host talks between Aliyev and Pashinyan.", "2023-05-25") == [
        ("meeting", "2023-05")
    ]


def test_the_days_of_a_round_count_from_its_first_day():
    text = (
        "The Armenian and Azerbaijani envoys negotiated in Washington "
        "between June 27 and June 29. "
        "On day two, the US national security adviser joined the ministers for a trilateral meeting."
    )
    found = sorted(r.date.value for r in extract_text(text, published="2023-06-30"))
    assert "2023-06-28" in found
