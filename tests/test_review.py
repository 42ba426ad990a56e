"""The review queue's order: contradictions and suggested merges first, then the least certain."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from parley.model import Event, FieldSources
from parley.review import MERGE_DAYS, review_priority, review_queue, suggest_merges


def event(
    id: str,
    *,
    day: str | None = "2023-05-14",
    parties: tuple[str, ...] = ("ARM", "AZE"),
    documents: int = 1,
    docs: tuple[str, ...] | None = None,
    type: str = "meeting",
) -> Event:
    docs = docs if docs is not None else tuple(f"{id}-doc{n}" for n in range(documents))
    return Event(
        id=id, type=type, status="held", date=day, date_start=day, parties=parties,
        documents=documents, first_reported="2023-05-15T00:00:00", sources=(FieldSources("type", (), docs),),
    )  # fmt: skip


@dataclass(frozen=True)
class ConfidentEvent(Event):
    """An event as it will read once ``Event.confidence`` lands (another branch adds the field)."""

    confidence: float | None = None


def test_an_event_one_article_reports_comes_before_one_four_agree_on() -> None:
    assert review_priority(event("a", documents=1)) > review_priority(event("b", documents=4))  # type: ignore[operator]


def test_contradictions_and_suggested_merges_outrank_any_uncertainty() -> None:
    lone = review_priority(event("a", documents=1))
    disputed = review_priority(event("b", documents=9), contradictions=["date"])
    twin = review_priority(event("c", documents=9), merge_with=["d"])
    assert disputed > lone and twin > lone  # type: ignore[operator]
    both = review_priority(event("e", documents=9), contradictions=["date", "place"], merge_with=["d"])
    assert both > disputed  # type: ignore[operator]


@pytest.mark.parametrize("verdict", ["confirmed", "rejected", "merged"])
def test_reviewed_events_leave_the_queue(verdict: str) -> None:
    assert review_priority(event("a"), verdict=verdict) is None


def test_a_corrected_event_not_yet_confirmed_counts_half() -> None:
    assert review_priority(event("a"), corrected=True) == review_priority(event("a")) / 2  # type: ignore[operator]


def test_confidence_when_the_event_has_one_decides_the_uncertainty() -> None:
    sure = ConfidentEvent(**{**event("a", documents=1).__dict__, "confidence": 0.95})
    unsure = ConfidentEvent(**{**event("b", documents=5).__dict__, "confidence": 0.2})
    assert review_priority(unsure) == pytest.approx(0.8)
    assert review_priority(sure) == pytest.approx(0.05)
    # No confidence yet: the number of documents stands in for it.
    assert review_priority(ConfidentEvent(**{**event("c", documents=3).__dict__})) == pytest.approx(0.25)


def test_events_fusion_left_apart_that_look_alike_are_suggested_merges() -> None:
    a = event("a", day="2023-05-14")
    b = event("b", day=f"2023-05-{14 + MERGE_DAYS}")
    far = event("far", day=f"2023-05-{15 + MERGE_DAYS}")
    others = event("other-sides", parties=("ARM", "TUR"))
    call = event("call", type="call")
    same_article = event("same-article", day="2023-05-13", docs=("a-doc0",))
    merges = suggest_merges([a, b, far, others, call, same_article])
    assert merges["a"] == ("b",) and merges["b"] == ("a", "far")
    assert "other-sides" not in merges and "call" not in merges and "same-article" not in merges


def test_the_queue_puts_contradictions_and_merges_first_and_skips_reviewed_events() -> None:
    events = [
        event("sure", day="2022-01-01", documents=5),
        event("lone", day="2022-02-01", documents=1),
        event("disputed", day="2022-03-01", documents=3),
        event("twin-a", day="2022-06-01", documents=2, parties=("ARM", "TUR")),
        event("twin-b", day="2022-06-03", documents=2, parties=("ARM", "TUR")),
        event("done", day="2022-07-01", documents=1, parties=("RUS", "AZE")),
    ]
    queue = review_queue(
        events, contradictions={"disputed": ["date"]}, verdicts={"done": "confirmed"}, corrected=set()
    )
    order = [it.event.id for it in queue]
    assert set(order[:3]) == {"disputed", "twin-a", "twin-b"} and order[3:] == ["lone", "sure"]
    by_id = {it.event.id: it for it in queue}
    assert by_id["disputed"].reasons[0] == "sources disagree on date"
    assert by_id["twin-a"].merge_with == ("twin-b",)
