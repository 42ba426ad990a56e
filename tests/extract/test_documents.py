"""What makes an agreement a document: the noun's use, who issued a statement, the pack's period."""

from __future__ import annotations

import pytest

from parley.extraction import extract_text


def agreements(text: str, published: str = "2023-06-28") -> list[tuple[str | None, str]]:
    return [
        (r.date.value if r.date else None, r.status)
        for r in extract_text(text, published=published)
        if r.type == "agreement"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The press service said Armenia and Azerbaijan reached agreement on ways of settling it on Monday.",
        "One cannot say that Armenia and Azerbaijan reached full agreement in Brussels on Monday, he said.",
        "A statement issued by the State Department on Monday said Armenia and Azerbaijan must keep talking.",
        "The ministry said in a statement on Monday that Armenia and Azerbaijan should keep talking.",
        "A ceasefire agreement was reached between Armenia and Azerbaijan in 1994.",
    ],
)
def test_what_is_not_a_document_of_the_negotiation(text):
    assert agreements(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Armenia and Azerbaijan signed an agreement in Washington on Monday.", [("2023-06-26", "signed")]),
        (
            "The Russian, Armenian and Azerbaijani leaders signed a statement on November 9, 2020.",
            [("2020-11-09", "signed")],
        ),
    ],
)
def test_documents_concluded_by_the_sides_are_kept(text, expected):
    assert agreements(text) == expected


@pytest.mark.parametrize(
    "text, date",
    [
        (
            "APA reports that on 13 September Emmanuel Macron phoned Azerbaijan's President Ilham Aliyev.",
            "2023-09-13",
        ),
        ('"Today Antony Blinken spoke by phone with Nikol Pashinyan," the statement read.', "2023-09-20"),
    ],
)
def test_a_date_the_parser_glued_to_a_name_still_dates_the_event(text, date):
    reports = extract_text(text, published="2023-09-20")
    assert [r.date.value for r in reports if r.type == "call"] == [date]


def test_a_meeting_for_the_second_time_is_one_event_not_an_aggregate():
    reports = extract_text(
        "The Armenian and Azerbaijani deputy premiers met in Moscow for the second time on February 6.",
        published="2021-05-01",
    )
    assert [(r.type, r.date.value) for r in reports] == [("meeting", "2021-02-06")]


def test_a_call_noun_with_its_other_side_is_a_call():
    reports = extract_text("Aliyev received a call from Antony Blinken on Sunday.", published="2023-07-31")
    assert [(r.type, r.parties) for r in reports] == [("call", ("AZE", "USA"))]


def test_a_call_for_restraint_is_no_event():
    assert extract_text("Blinken renewed his call for restraint on Sunday.", published="2023-07-31") == []


def test_later_counts_from_the_day_the_story_is_at():
    text = "Blinken phoned Pashinyan on April 29. A day later, Blinken phoned Aliyev."
    reports = extract_text(text, published="2023-05-10")
    assert sorted((r.date.value, r.parties) for r in reports) == [
        ("2023-04-29", ("ARM", "USA")),
        ("2023-04-30", ("AZE", "USA")),
    ]


def test_a_conversation_is_a_call_in_a_story_of_calls_and_a_meeting_otherwise():
    calls = extract_text(
        "Blinken phoned Aliyev on Monday. On Tuesday Blinken held a conversation with Pashinyan.",
        published="2023-05-10",
    )
    assert sorted((r.type, r.parties) for r in calls) == [("call", ("ARM", "USA")), ("call", ("AZE", "USA"))]
    alone = extract_text(
        "On Tuesday Blinken held a conversation with Pashinyan about the peace treaty.",
        published="2023-05-10",
    )
    assert [(r.type, r.parties) for r in alone] == [("meeting", ("ARM", "USA"))]


def test_a_date_followed_by_last_year_falls_in_the_year_before_the_articles():
    reports = extract_text(
        "Peskov said the statement Russia, Armenia and Azerbaijan signed on November 9 last year matters.",
        published="2021-11-09",
    )
    assert [(r.type, r.date.value) for r in reports] == [("agreement", "2020-11-09")]


def test_agreeing_to_a_meeting_plans_the_meeting_and_is_no_document():
    reports = extract_text(
        "Michel's office said that Aliyev and Pashinyan had agreed to a meeting in Brussels on December 15.",
        published="2021-12-02",
    )
    assert [(r.type, r.date.value, r.status) for r in reports] == [("meeting", "2021-12-15", "planned")]


def test_a_forums_own_gathering_is_a_setting_not_an_event():
    gathering = "An informal meeting of CIS leaders took place in Moscow on Monday."
    assert extract_text(gathering, published="2024-10-09") == []
    reports = extract_text(
        "On the sidelines of the BRICS summit in Kazan on October 24, Aliyev met Pashinyan.",
        published="2024-10-26",
    )
    assert [(r.type, r.date.value, r.place, r.parties) for r in reports] == [
        ("meeting", "2024-10-24", "Kazan", ("ARM", "AZE"))
    ]


def test_statements_known_by_their_dates_are_documents_each():
    reports = extract_text(
        "They discussed the leaders' statement of November 9, 2020 and January 11, 2021.",
        published="2021-05-01",
    )
    assert sorted(r.date.value for r in reports if r.type == "agreement") == ["2020-11-09", "2021-01-11"]


def test_a_cleft_date_dates_the_clause_it_focuses():
    reports = extract_text(
        "It was only on the night of November 10 that the leaders of Russia and Armenia signed it.",
        published="2021-05-01",
    )
    assert [(r.type, r.date.value) for r in reports] == [("agreement", "2020-11-10")]


def test_a_signing_with_no_venue_implies_no_meeting_and_one_with_a_venue_does():
    apart = extract_text("Aliyev and Pashinyan signed a joint appeal on Friday.", published="2025-08-10")
    assert [r.type for r in apart] == ["agreement"]
    together = extract_text(
        "Aliyev and Pashinyan signed a joint appeal in Washington on Friday.", published="2025-08-10"
    )
    assert sorted(r.type for r in together) == ["agreement", "meeting"]


def test_a_held_meeting_in_the_datelines_sentence_took_place_where_the_story_was_filed():
    reports = extract_text(
        "ALMATY — On Friday the Armenian and Azerbaijani foreign ministers opened talks in Kazakhstan.",
        published="2024-05-11",
    )
    assert [(r.date.value, r.place) for r in reports] == [("2024-05-10", "Almaty")]
    planned = extract_text(
        "MOSCOW, July 7. Pashinyan will hold talks with Putin on Wednesday about the peace treaty.",
        published="2021-07-07",
    )
    assert [r.place for r in planned if r.type == "meeting"] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "The talks were held in Washington on July 10. They noted progress toward concluding an agreement.",
        "The talks were held in Washington on July 10. Baku makes signing the treaty conditional on reforms.",
    ],
)
def test_a_document_named_as_a_goal_does_not_take_the_events_date(text):
    assert [r.type for r in extract_text(text, published="2024-07-11")] == ["meeting"]


def test_about_to_host_is_a_plan():
    reports = extract_text("Putin is about to host a new meeting between Aliyev and Pashinyan in Sochi.")
    assert [r.status for r in reports] == ["planned"]


@pytest.mark.parametrize(
    "text, place",
    [
        ("On Friday, Pashinyan, visiting Istanbul, met Erdogan about the peace treaty.", "Istanbul"),
        ("While visiting Baku on Monday, Putin held talks with Aliyev on the peace treaty.", "Baku"),
    ],
)
def test_the_place_a_side_is_visiting_is_the_venue(text, place):
    assert [r.place for r in extract_text(text, published="2025-06-21")] == [place]
