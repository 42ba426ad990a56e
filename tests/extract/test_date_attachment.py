"""Which date expression of a sentence dates which event."""

from __future__ import annotations

from tests.extract.stages import RULES, date_spans, parsed, token

from parley.extraction.date_attachment import conjoined_dates, date_of_verb


def test_the_verbs_own_date_dates_it(nlp):
    doc = parsed(nlp, "The ministers met in Geneva on 2 October, weeks after the clashes.")
    found, rule = date_of_verb(token(doc, "met"), date_spans(doc), RULES)
    assert found is not None and found.text == "2 October"
    assert rule


def test_a_date_on_another_verb_does_not_date_this_one(nlp):
    doc = parsed(nlp, "Pashinyan said on Monday that the leaders met.")
    found, _ = date_of_verb(token(doc, "met"), date_spans(doc), RULES)
    assert found is None


def test_coordinated_dates_each_date_an_event(nlp):
    doc = parsed(nlp, "The commissions met on 7 April and on 23 May.")
    spans = date_spans(doc)
    first = next(m for m, _ in spans if m.text == "7 April")
    assert [m.text for m in conjoined_dates(first, spans, RULES)] == ["23 May"]


def test_a_date_on_the_time_of_the_event_dates_it(nlp, pack):
    from parley.extraction.mentions import mentions_in

    doc = parsed(nlp, "The trilateral working group met for the first time on 12 March.")
    found = mentions_in(doc, pack=pack, rules=RULES, dates=[m for m, _ in date_spans(doc)])
    assert [m.date_mention.text for m in found if m.date_mention] == ["12 March"]


def test_a_year_parsed_onto_a_later_verb_still_dates_the_clause_of_its_day(nlp, pack):
    from parley.extraction.mentions import mentions_in

    text = (
        "The ministers reviewed how the provisions of the statement that the three leaders signed "
        "on November 9, 2020 are being carried out."
    )
    doc = parsed(nlp, text)
    found = mentions_in(doc, pack=pack, rules=RULES, dates=[m for m, _ in date_spans(doc)])
    agreement = next(m for m in found if m.type == "agreement")
    assert agreement.date_mention is not None and agreement.date_mention.text == "November 9, 2020"


def test_a_date_in_a_relative_clause_on_another_noun_dates_that_noun_not_the_event(nlp, pack):
    from parley.extraction.mentions import mentions_in

    text = "During the meeting the minister described the attack that the army launched on 13 September."
    doc = parsed(nlp, text)
    (meeting,) = mentions_in(doc, pack=pack, rules=RULES, dates=[m for m, _ in date_spans(doc)])
    assert meeting.date_mention is None
    text = "The leaders held a meeting, which took place in Prague on 6 October."
    doc = parsed(nlp, text)
    (meeting,) = mentions_in(doc, pack=pack, rules=RULES, dates=[m for m, _ in date_spans(doc)])
    assert meeting.date_mention.text == "6 October"


def test_a_date_right_before_the_event_noun_is_its_own(nlp, pack):
    from parley.extraction.mentions import mentions_in

    text = "Little has changed since the two meetings in Brussels and the November 26, 2021 meeting in Sochi."
    doc = parsed(nlp, text)
    found = mentions_in(doc, pack=pack, rules=RULES, dates=[m for m, _ in date_spans(doc)])
    sochi = next(m for m in found if m.place_text == "Sochi")
    assert sochi.date_mention.text == "November 26, 2021"
