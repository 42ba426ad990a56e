"""What makes an agreement a document: the noun's use, who issued a statement, the pack's period."""

from __future__ import annotations

import pytest

from parley.extract import extract_text


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
