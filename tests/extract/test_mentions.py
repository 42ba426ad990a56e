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
