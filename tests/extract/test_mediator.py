"""Who mediates: the third party that brings the two sides together."""

from __future__ import annotations

import pytest

from parley.extraction import extract_text


def meetings(text: str, published: str = "2023-07-27") -> list[tuple[tuple[str, ...], str | None]]:
    return [(r.parties, r.mediator) for r in extract_text(text, published=published) if r.type == "meeting"]


@pytest.mark.parametrize(
    "text, mediator",
    [
        ("Lavrov held talks with his Armenian and Azerbaijani counterparts on Tuesday.", "RUS"),
        (
            "On Thursday Michel met Aliyev, Pashinyan, Macron and Scholz on the margins of the summit.",
            "EU",
        ),
    ],
)
def test_the_third_party_that_brings_the_sides_together_mediates(text, mediator):
    assert [m for _, m in meetings(text)] == [mediator]


def test_a_side_the_text_did_not_name_makes_no_mediator():
    # Only Armenia is named beside Russia: the meeting is no three-way format.
    assert meetings("Pashinyan held talks with Putin in Sochi on Tuesday about the peace treaty.") == [
        (("ARM", "RUS"), None)
    ]


def test_a_place_opening_a_caption_is_no_side():
    text = "Russia - Pashinyan and Aliyev met in Saint Petersburg on December 26."
    found = meetings(text, published="2023-12-27")
    assert found == [(("ARM", "AZE"), None)]


def test_talks_without_mediators_say_so(nlp):
    from parley.extraction.mediator import says_unmediated
    from parley.extraction.rules import load_rules

    rules = load_rules()
    assert says_unmediated(nlp("Pashinyan and Aliyev held talks without mediators."), rules)
    assert not says_unmediated(nlp("Pashinyan and Aliyev held talks in Moscow."), rules)


@pytest.mark.parametrize(
    "text, mediator",
    [
        ("On Friday Aliyev and Pashinyan met in Paris, the French president acting as mediator.", "FRA"),
        ("Aliyev and Pashinyan talked in Brussels on Monday with Michel as the mediator.", "EU"),
    ],
)
def test_the_party_named_as_mediator_mediates(text, mediator):
    assert [m for _, m in meetings(text)] == [mediator]
