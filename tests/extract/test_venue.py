"""Where the event takes place, and what only looks like a place."""

from __future__ import annotations

import pytest
from tests.extract.stages import RULES, parsed

from parley.extraction.mentions import mentions_in


def venues(nlp, pack, text: str) -> list[tuple[str, str]]:
    doc = parsed(nlp, text)
    found = mentions_in(doc, pack=pack, rules=RULES)
    return [(str(getattr(m.place, "name", m.place or "")), m.place_rule) for m in found if not m.dropped]


@pytest.mark.parametrize(
    "text, place",
    [
        ("Pashinyan and Aliyev met in Brussels on Friday.", "Brussels"),
        ("Putin hosted Pashinyan and Aliyev in Sochi on Friday.", "Sochi"),
    ],
)
def test_the_place_on_the_event_is_its_venue(nlp, pack, text, place):
    assert [p for p, _ in venues(nlp, pack, text)] == [place]


@pytest.mark.xfail(strict=True, reason="a place in a purpose clause's topic is still read as the venue")
def test_a_topic_place_is_no_venue(nlp, pack):
    found = venues(nlp, pack, "Pashinyan and Aliyev met on Friday to discuss the situation in Lachin.")
    assert [p for p, _ in found] == [""]


def test_a_seat_of_government_stands_for_its_capital(nlp, pack):
    assert venues(nlp, pack, "Pashinyan and Aliyev held talks at the White House on Friday.") == [
        ("Washington", "place.prep_venue")
    ]


def test_conjoined_venues_are_events_of_their_own(nlp, pack):
    found = venues(nlp, pack, "Armenian and Azerbaijani envoys held talks in Berlin and Almaty last week.")
    assert sorted(p for p, _ in found) == ["Almaty", "Berlin"]


def test_a_venue_in_a_relative_clause_on_another_noun_is_not_the_events():
    from parley.extraction import extract_text

    text = (
        "Aliyev and Pashinyan met in Chisinau on 1 June. "
        "Their meeting laid the ground for the next one, which will take place in Brussels on 21 July."
    )
    found = sorted((r.date.value, r.place, r.status) for r in extract_text(text, published="2023-06-02"))
    assert ("2023-06-01", "Chisinau", "held") in found
    assert all(status == "planned" for _, place, status in found if place == "Brussels")
