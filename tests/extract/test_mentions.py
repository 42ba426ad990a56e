"""The events one parsed sentence mentions: triggers grouped into events, one per venue or date."""

from __future__ import annotations

import pytest
from tests.extract.stages import RULES, parsed

from parley.extraction.mentions import mentions_in


def kinds(nlp, pack, text: str) -> list[str]:
    return [m.type for m in mentions_in(parsed(nlp, text), pack=pack, rules=RULES) if not m.dropped]


@pytest.mark.parametrize(
    "text",
    [
        "Aliyev received a call on Saturday from Blinken.",
        "Pashinyan took two calls on Monday from Putin.",
    ],
)
def test_a_call_received_or_taken_from_the_other_side_is_a_call(nlp, pack, text):
    assert kinds(nlp, pack, text) == ["call"]


def test_a_call_for_something_is_no_call(nlp, pack):
    assert kinds(nlp, pack, "Pashinyan made a call for restraint on Monday.") == []


def test_conjoined_venues_make_one_mention_each(nlp, pack):
    found = mentions_in(
        parsed(nlp, "Armenian and Azerbaijani envoys held talks in Berlin and Almaty last week."),
        pack=pack,
        rules=RULES,
    )
    assert sorted(m.place_text for m in found) == ["Almaty", "Berlin"]


def test_a_quadrilateral_statement_is_a_document(nlp, pack):
    text = "Michel, Macron, Aliyev and Pashinyan adopted a quadrilateral statement in Prague on Thursday."
    assert kinds(nlp, pack, text) == ["agreement"]


def test_a_meeting_told_by_a_participle_takes_its_clauses_subject_and_setting(nlp, pack):
    from parley.extraction.dates import find_dates

    text = (
        "On the sidelines of the Munich Security Conference last week, Aliyev and Pashinyan "
        "pledged to respect the ceasefire while meeting the German chancellor."
    )
    found = [
        m
        for m in mentions_in(parsed(nlp, text), pack=pack, rules=RULES, dates=find_dates(text))
        if m.type == "meeting" and not m.dropped
    ]
    assert len(found) == 1
    assert {p.code for p in found[0].parties} == {"ARM", "AZE", "DEU"}
    assert found[0].date_mention.text == "last week"


def test_a_frame_clause_keeps_its_own_event_whole(nlp, pack):
    from parley.extraction.dates import find_dates

    text = (
        "Days after the Armenian and Azerbaijani presidents are due to have a meeting in Prague on June 3, "
        "their foreign ministers will sit down for talks in Vienna."
    )
    (meeting,) = [
        m
        for m in mentions_in(parsed(nlp, text), pack=pack, rules=RULES, dates=find_dates(text))
        if m.trigger_text == "meeting"
    ]
    assert meeting.date_mention.text == "June 3"
    assert {p.code for p in meeting.parties} == {"ARM", "AZE"}


def test_a_plan_is_not_dated_by_the_day_it_was_told(nlp, pack):
    from parley.extraction.dates import find_dates

    text = "On Monday the Turkish minister said the coming meeting would include Armenia and Azerbaijan."
    found = [m for m in mentions_in(parsed(nlp, text), pack=pack, rules=RULES, dates=find_dates(text))]
    assert [m.date_mention for m in found] == [None]
    text = "On Monday the Turkish minister said Armenia and Azerbaijan had met in Ankara."
    found = [m for m in mentions_in(parsed(nlp, text), pack=pack, rules=RULES, dates=find_dates(text))]
    assert [m.date_mention.text for m in found] == ["Monday"]


def test_the_one_received_in_the_passive_is_the_party_object(nlp, pack):
    text = "The Russian envoy was received on 13 September by the Armenian foreign minister."
    found = mentions_in(parsed(nlp, text), pack=pack, rules=RULES)
    assert [sorted({p.code for p in m.parties}) for m in found if not m.dropped] == [["ARM", "RUS"]]
    award = parsed(nlp, "The award was received by Pashinyan.")
    assert not mentions_in(award, pack=pack, rules=RULES)


def test_a_plural_document_noun_under_no_or_any_is_no_document(nlp, pack):
    dropped = mentions_in(parsed(nlp, "No agreements were signed after the talks."), pack=pack, rules=RULES)
    assert [m.dropped for m in dropped if m.type == "agreement"] == ["agreement.none_named"]
    kept = mentions_in(parsed(nlp, "The talks did not produce any signed agreement."), pack=pack, rules=RULES)
    assert [(m.status, m.dropped) for m in kept if m.type == "agreement"] == [("not_signed", "")]


@pytest.mark.parametrize(
    "text",
    ["The talks concluded with a pledge to meet again.", "Armenia has signed up to attend the conference."],
)
def test_an_ending_or_an_enrolment_is_no_signing(nlp, pack, text):
    assert "agreement" not in kinds(nlp, pack, text)


def test_a_document_concluded_is_signed(nlp, pack):
    assert kinds(nlp, pack, "The two countries concluded an agreement on transit in Moscow.") == ["agreement"]


def test_a_document_that_another_declares_is_its_content_not_one_more(nlp, pack):
    from parley.extraction.dates import find_dates

    text = (
        "The three presidents endorsed on 9 November a joint statement announcing a complete "
        "ceasefire in Nagorno-Karabakh from 10 November."
    )
    found = [m for m in mentions_in(parsed(nlp, text), pack=pack, rules=RULES, dates=find_dates(text))]
    assert [(m.type, m.date_mention.text) for m in found] == [("agreement", "9 November")]


def test_a_visit_dates_and_places_what_happens_during_it(nlp, pack):
    from parley.extraction.dates import find_dates

    text = "Aliyev met Michel while on a working trip to Brussels on May 14."
    (meeting,) = mentions_in(parsed(nlp, text), pack=pack, rules=RULES, dates=find_dates(text))
    assert meeting.date_mention.text == "May 14"
    assert meeting.place_text == "Brussels"


def test_an_adverb_may_come_between_the_verb_and_by_phone(nlp, pack):
    assert kinds(nlp, pack, "Putin and Pashinyan spoke twice by phone last week.") == ["call"]


def test_statements_that_leaders_issued_are_documents_told_in_the_past(nlp, pack):
    from parley.extraction.dates import find_dates

    text = "The minister will discuss the statements that the three leaders issued on November 9, 2020."
    found = [
        m
        for m in mentions_in(parsed(nlp, text), pack=pack, rules=RULES, dates=find_dates(text))
        if m.type == "agreement"
    ]
    assert [(m.date_mention.text, m.tense) for m in found] == [("November 9, 2020", "past")]


def test_a_second_purpose_shares_the_trip_of_the_first(nlp, pack):
    from parley.extraction.dates import find_dates

    text = "Pashinyan flew to Washington on Friday to meet Trump and to sign a peace deal with Azerbaijan."
    mentions = mentions_in(parsed(nlp, text), pack=pack, rules=RULES, dates=find_dates(text))
    found = {m.type: m for m in mentions}
    assert found["agreement"].date_mention.text == "Friday"
    assert {p.code for p in found["agreement"].parties} == {"ARM", "AZE"}


@pytest.mark.parametrize(
    "text",
    [
        "The latest round of fighting flared up on 27 September in the region.",
        "Speaking to a business conference in Baku on Friday, Aliyev criticised the talks.",
    ],
)
def test_a_round_of_fighting_or_an_address_is_no_meeting(nlp, pack, text):
    from parley.extraction.dates import find_dates

    found = mentions_in(parsed(nlp, text), pack=pack, rules=RULES, dates=find_dates(text))
    assert not [m for m in found if m.type in ("meeting", "call") and m.trigger_rule != "meeting.noun"]


def test_a_summit_on_whose_sidelines_the_verb_holds_the_event_is_its_setting(nlp, pack):
    from parley.extraction.dates import find_dates

    text = "On the sidelines of the summit, Aliyev held a meeting with Pashinyan."
    found = [m for m in mentions_in(parsed(nlp, text), pack=pack, rules=RULES, dates=find_dates(text))]
    assert [m.trigger_text for m in found] == ["meeting"]


def test_the_host_of_a_summit_beside_the_event_does_not_mediate_it(nlp, pack):
    text = (
        "The leaders of Armenia and Azerbaijan held talks on Thursday on the margins of the "
        "European Political Community summit hosted by Moldova near Chisinau."
    )
    (found,) = [m for m in mentions_in(parsed(nlp, text), pack=pack, rules=RULES) if not m.dropped]
    assert found.mediator != "MDA"
