"""Distributive readings: one account, several events (coordinated dates, a third party meeting each side)."""

from __future__ import annotations

import pytest

from parley.extraction import extract_text


def events(
    text: str, published: str = "2023-06-28"
) -> list[tuple[str, str | None, tuple[str, ...], str | None]]:
    return sorted(
        (r.type, r.date.value if r.date else None, r.parties, r.mediator)
        for r in extract_text(text, published=published)
    )


@pytest.mark.parametrize(
    "text, dates",
    [
        (
            "The Armenian and Azerbaijani foreign ministers met in Geneva on 7 April and 23 May.",
            ["2023-04-07", "2023-05-23"],
        ),
        (
            "Pashinyan and Aliyev had two sessions of talks in Brussels, in May and in July 2023.",
            ["2023-05", "2023-07"],
        ),
        (
            "The statements signed by the Russian, Armenian and Azerbaijani leaders on November 9, 2020 "
            "and January 11, 2021 remain in force.",
            ["2020-11-09", "2021-01-11"],
        ),
    ],
)
def test_coordinated_dates_are_one_event_each(text, dates):
    found = [d for kind, d, _, _ in events(text) if kind in ("meeting", "agreement")]
    assert sorted(set(found)) == dates


@pytest.mark.parametrize(
    "text, first_day",
    [
        (
            "The Armenian and Azerbaijani foreign ministers met in Geneva between 7 April and 3 May.",
            "2023-04-07",
        ),
        ("The Armenian and Azerbaijani foreign ministers met in Geneva on 9 and 10 May.", "2023-05-09"),
        (
            "The Armenian and Azerbaijani foreign ministers held talks in Geneva on Friday and Saturday.",
            "2023-06-23",
        ),
    ],
)
def test_a_round_over_several_days_is_one_event_dated_by_its_first_day(text, first_day):
    assert [d for _, d, _, _ in events(text)] == [first_day]


def test_a_third_party_meeting_both_sides_separately_met_each():
    found = events("Blinken met the foreign ministers of Azerbaijan and Armenia separately on Monday.")
    assert found == [
        ("meeting", "2023-06-26", ("ARM", "USA"), None),
        ("meeting", "2023-06-26", ("AZE", "USA"), None),
    ]


def test_separate_meetings_and_a_joint_one_are_three_events():
    found = events(
        "Putin met Pashinyan and Aliyev both separately and in a trilateral format in Moscow on May 25."
    )
    assert [parties for _, _, parties, _ in found] == [("ARM", "AZE", "RUS"), ("ARM", "RUS"), ("AZE", "RUS")]
    assert [mediator for *_, mediator in found] == ["RUS", None, None]


def test_a_separate_meeting_of_the_two_sides_is_not_split():
    found = events(
        "The treaty will be taken up at a separate meeting between the Armenian and Azerbaijani ministers "
        "in Moscow on Friday."
    )
    assert [parties for kind, _, parties, _ in found if kind == "meeting"] == [("ARM", "AZE", "RUS")]


def test_one_sides_meeting_with_a_third_party_counts_when_tied_to_the_talks():
    assert events("Putin received Aliyev in Moscow on Monday to discuss the peace treaty.") == [
        ("meeting", "2023-06-26", ("AZE", "RUS"), None)
    ]
    assert events("Putin received Aliyev in Moscow on Monday to discuss gas supplies.") == []


def test_coordinated_dates_share_the_year_the_last_names():
    found = events(
        "Pashinyan and Aliyev had two sessions of talks in Brussels, in May and in July 2023.",
        published="2021-08-28",
    )
    assert [d for _, d, _, _ in found] == ["2023-05", "2023-07"]


def test_two_clauses_with_their_own_subjects_tell_two_events():
    found = events(
        "The deputy prime ministers held talks in Vienna in March 2023, while the two presidents "
        "held a meeting in Paris in April 2023."
    )
    assert sorted((d, p) for _, d, p, _ in found) == [
        ("2023-03", ("ARM", "AZE")),
        ("2023-04", ("ARM", "AZE", "FRA")),
    ]


def test_a_date_on_the_verb_and_a_date_on_its_object_each_date_an_event():
    found = events("The Armenian and Azerbaijani envoys met in Vienna in March and again in April 2023.")
    assert [d for _, d, _, _ in found] == ["2023-03", "2023-04"]


def test_calls_with_two_named_sides_are_one_call_each():
    found = events("Blinken briefed reporters on Tuesday after his calls with Aliyev and Pashinyan.")
    assert [(kind, parties) for kind, _, parties, _ in found] == [
        ("call", ("ARM", "USA")),
        ("call", ("AZE", "USA")),
    ]


def test_separate_calls_with_both_leaders_are_one_call_each():
    found = events("In separate calls with Aliyev and Pashinyan on Monday, Macron offered his help.")
    assert found == [
        ("call", "2023-06-26", ("ARM", "FRA"), None),
        ("call", "2023-06-26", ("AZE", "FRA"), None),
    ]
