"""In-document coreference: one document's mentions of one event make one report."""

from __future__ import annotations

from parley.extraction import extract_text
from parley.extraction.coreference import dates_compatible, parties_compatible
from parley.partial_date import parse


def reports(text: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (r.type, r.date.value if r.date else None, r.place)
        for r in extract_text(text, published="2023-05-20")
    ]


def test_a_later_mention_of_the_meeting_joins_it():
    text = (
        "Pashinyan and Aliyev met in Brussels on 14 May. "
        "The meeting in Brussels focused on the border commissions."
    )
    assert reports(text) == [("meeting", "2023-05-14", "Brussels")]


def test_meetings_at_different_venues_stay_apart():
    text = "Pashinyan and Aliyev met in Brussels on 14 May. Pashinyan and Aliyev met in Moscow on 5 May."
    assert sorted(reports(text)) == [
        ("meeting", "2023-05-05", "Moscow"),
        ("meeting", "2023-05-14", "Brussels"),
    ]


def test_dates_that_overlap_are_compatible_and_sides_that_share_most_are_too():
    may, may_14, june = (parse(v) for v in ("2023-05", "2023-05-14", "2023-06"))
    assert dates_compatible(may, may_14) and not dates_compatible(may_14, june)
    assert dates_compatible(None, june)
    assert parties_compatible({"ARM", "AZE"}, {"ARM", "AZE", "EU"})
    assert not parties_compatible({"ARM", "RUS"}, {"AZE", "USA"})


def test_a_plan_told_in_the_future_outranks_a_mention_that_only_names_the_event():
    text = (
        "Aliyev and Pashinyan will hold a one-on-one meeting in Abu Dhabi. "
        "Today's Abu Dhabi meeting of Aliyev and Pashinyan centres on the border."
    )
    found = [(r.status, r.date.value if r.date else None) for r in extract_text(text, published="2025-07-10")]
    assert found == [("planned", "2025-07-10")]


def test_a_third_party_staying_away_does_not_call_off_the_sides_meeting():
    text = (
        "The foreign ministers of Armenia, Azerbaijan, Georgia, Russia and Turkey will meet in Ankara "
        "on 25 May. Georgia refused to join the meeting."
    )
    found = [(r.status, r.place) for r in extract_text(text, published="2023-05-20")]
    assert found == [("planned", "Ankara")]
    text = (
        "The foreign ministers of Armenia, Azerbaijan, Georgia, Russia and Turkey will meet in Ankara "
        "on 25 May. Azerbaijan refused to join the meeting."
    )
    assert [r.status for r in extract_text(text, published="2023-05-20")] == ["cancelled"]


def test_a_document_in_a_sentence_with_a_time_of_its_own_does_not_refer_back():
    text = (
        "Aliyev and Pashinyan met in Munich on 17 February. "
        "In the fall of 2020, Azerbaijan won a war that was ended by an agreement brokered by Russia."
    )
    found = [(r.type, r.date.value if r.date else None) for r in extract_text(text, published="2024-02-28")]
    assert ("agreement", "2024-02-17") not in found


def test_one_sentence_telling_a_meeting_and_one_called_off_tells_two_events():
    text = (
        "Lavrov, meeting his Azerbaijani counterpart in Moscow, complained that Armenia had withdrawn "
        "from a trilateral meeting with the Russian and Azerbaijani ministers."
    )
    found = sorted((r.status, r.parties) for r in extract_text(text, published="2022-12-23"))
    assert found == [("cancelled", ("ARM", "AZE", "RUS")), ("held", ("AZE", "RUS"))]


def test_an_undated_headline_is_the_days_news_not_an_event_the_body_recalls():
    text = (
        "Leaders of Armenia and Azerbaijan meet in Brussels\n\n"
        "Aliyev and Pashinyan first met in Brussels on December 14, 2021, at the invitation of Michel."
    )
    found = sorted((r.date.value, r.place) for r in extract_text(text, published="2023-05-14"))
    assert found == [("2021-12-14", "Brussels"), ("2023-05-14", "Brussels")]
