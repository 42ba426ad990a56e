"""parley.confidence.labels: fused events are real when the scorer pairs one of their reports
with gold; a field is right by the scorer's comparison, strict where matching is tolerant."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.confidence.conftest import decided, report

from parley.confidence.features import FIELDS
from parley.confidence.labels import Fused, field_right, label

GOLD = {
    "type": "meeting", "date": "2023-05-14", "place": "Brussels", "parties": ["ARM", "AZE", "EU"],
    "mediator": "EU", "status": "held",
}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "gold", "changes", "right"),
    [
        ("date", GOLD, {}, True),
        ("date", {**GOLD, "date": "2023-05"}, {}, True),  # right at the gold's precision
        ("date", {**GOLD, "date": None}, {}, False),  # a date the text does not give
        ("date", {**GOLD, "date": None}, {"date": None}, True),
        ("place", {**GOLD, "place": None}, {}, False),
        ("place", GOLD, {"place": None}, False),
        ("parties", {**GOLD, "parties": ["ARM", "AZE"]}, {}, False),  # matching would let it pass
        ("mediator", {**GOLD, "mediator": None}, {}, False),
        ("status", {**GOLD, "status": "held"}, {"status": "signed"}, True),  # signed counts as held
        ("status", {**GOLD, "status": "cancelled"}, {"status": "postponed"}, True),
        ("status", GOLD, {"status": "planned"}, False),
    ],
)
def test_a_field_is_right_by_the_scorers_comparison(
    name: str, gold: dict[str, object], changes: dict[str, object], right: bool
) -> None:
    event = replace(decided([report("n1")]), **changes)
    assert field_right(name, gold, event) is right


def test_an_event_is_real_when_a_report_of_it_is_paired_with_gold_and_not_otherwise() -> None:
    real_reports = (report("n1"), report("n2", published="2023-05-16"))
    ghost = report("n1", type_="call", place=None, mediator=None, parties=("ARM", "RUS"), index=1)
    events = [
        Fused(decided(list(real_reports)), real_reports, ()),
        Fused(decided([ghost]), (ghost,), ()),
    ]
    gold = {"n1": [GOLD], "n2": [{**GOLD, "mediator": None}]}
    first, second = label(events, gold, FIELDS)
    assert first.real and not second.real and second.fields == {}
    assert first.fields["date"] and first.fields["place"]
    # one of two documents' gold names the mediator: a tie counts as right
    assert first.fields["mediator"]
