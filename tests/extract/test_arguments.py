"""Who takes part: sides, people and offices read through the pack."""

from __future__ import annotations

from tests.extract.stages import RULES, parsed

from parley.extraction.arguments import PartyRef, SentenceReader, participants_of, sentence_topic


def sides(nlp, pack, text: str) -> list[tuple[str, str]]:
    doc = parsed(nlp, text)
    reader = SentenceReader(doc, pack, RULES, None)
    return [(p.code, p.rule) for p in reader.parties(set(range(len(doc))), set())]


def test_known_people_are_the_sides_their_office_speaks_for(nlp, pack):
    assert {code for code, _ in sides(nlp, pack, "Pashinyan met Aliyev on Friday.")} == {"ARM", "AZE"}


def test_a_city_that_only_locates_the_event_is_no_side(nlp, pack):
    found = sides(nlp, pack, "Pashinyan met Aliyev in Moscow on Friday.")
    assert "RUS" not in {code for code, _ in found}


def test_an_office_with_its_country_is_a_side(nlp, pack):
    found = sides(nlp, pack, "The Armenian foreign minister spoke with his Azerbaijani counterpart.")
    assert ("ARM", "parties.office") in found


def test_a_country_acting_as_subject_is_a_side(nlp, pack):
    found = sides(nlp, pack, "Russia hosted talks between the two countries.")
    assert ("RUS", "parties.actor") in found


def test_participants_are_the_named_people_once_each():
    refs = [
        PartyRef("ARM", "parties.person", 0, True, "Nikol Pashinyan", "Prime Minister"),
        PartyRef("ARM", "parties.person", 5, True, "Nikol Pashinyan", "Prime Minister"),
        PartyRef("AZE", "parties.actor", 3, False),
    ]
    assert [(p.name, p.party) for p in participants_of(refs)] == [("Nikol Pashinyan", "ARM")]


def test_he_stands_for_the_person_named_in_the_subject_before(nlp, pack):
    from parley.extraction import extract_text

    text = (
        "On Wednesday Macron hailed the talks that Aliyev and Pashinyan held in Brussels. "
        "On Thursday in Paris he met Pashinyan to discuss the peace treaty."
    )
    found = [(r.place, r.parties) for r in extract_text(text, published="2023-05-20")]
    assert ("Paris", ("ARM", "FRA")) in found


def test_the_topic_of_a_sentence_is_the_person_in_its_subject(nlp, pack):
    doc = parsed(nlp, "Late on Monday Reeker flew to Baku, where he held talks with Aliyev.")
    assert sentence_topic(doc, pack, None, doc.text) == "USA"
