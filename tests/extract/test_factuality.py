"""Status and whether a mention is an event at all."""

from __future__ import annotations

import pytest
from tests.extract.stages import RULES, parsed

from parley.extraction.mentions import mentions_in


def read(nlp, pack, text: str) -> list[tuple[str | None, str]]:
    doc = parsed(nlp, text)
    return [(m.status, m.dropped) for m in mentions_in(doc, pack=pack, rules=RULES)]


@pytest.mark.parametrize(
    "text, status",
    [
        ("The meeting of Pashinyan and Aliyev in Prague was cancelled.", "cancelled"),
        ("The meeting of Pashinyan and Aliyev in Prague was postponed.", "postponed"),
        ("Pashinyan and Aliyev are scheduled to meet in Prague.", "planned"),
    ],
)
def test_a_status_cue_on_the_clause_decides_the_status(nlp, pack, text, status):
    assert [s for s, _ in read(nlp, pack, text)] == [status]


def test_a_negated_signing_is_not_signed(nlp, pack):
    assert [
        s for s, _ in read(nlp, pack, "Armenia and Azerbaijan did not sign the peace treaty in Washington.")
    ] == ["not_signed"]


def test_a_hedged_meeting_is_no_event(nlp, pack):
    found = read(nlp, pack, "Pashinyan and Aliyev might meet in Prague.")
    assert found and all(dropped for _, dropped in found)


def test_a_meeting_the_text_reports_is_kept(nlp, pack):
    assert read(nlp, pack, "Pashinyan and Aliyev met in Prague on Thursday.")[0][1] == ""


@pytest.mark.parametrize(
    "text",
    [
        "The sides have kept working on a peace agreement since then.",
        "They made progress on Friday toward concluding a peace agreement.",
    ],
)
def test_a_document_worked_toward_is_a_goal_not_an_event(nlp, pack, text):
    found = [(s, d) for s, d in read(nlp, pack, text)]
    assert found and all(d == "hedge.goal" for _, d in found)
