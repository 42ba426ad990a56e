"""parley.confidence: the shipped model loads, gives probabilities, and ranks events by what decided them."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from tests.confidence.conftest import decided, report, thinly_reported, well_reported

from parley import confidence
from parley.confidence import FIELDS, TARGETS, ConfidenceModelError, Model, assess, shipped_model
from parley.model import Contradiction, Event, Side


def test_the_shipped_model_loads_with_a_target_for_the_event_and_each_field() -> None:
    model = shipped_model()
    assert set(model.targets) == set(TARGETS) == {"event", *FIELDS}
    assert all(t.weights for t in model.targets.values())
    assert "type rule=other" in model.known  # rare rule ids have somewhere to go


@pytest.mark.parametrize("event", [well_reported(), thinly_reported()], ids=["well", "thin"])
def test_every_confidence_is_a_probability(event: Event) -> None:
    assert event.confidence is not None and 0.0 <= event.confidence <= 1.0
    assert [name for name, _ in event.field_confidence] == list(FIELDS)
    assert all(0.0 <= p <= 1.0 for _, p in event.field_confidence)


def test_an_event_several_articles_report_alike_is_surer_than_one_mentioned_in_passing() -> None:
    well, thin = well_reported(), thinly_reported()
    assert well.confidence is not None and thin.confidence is not None
    assert well.confidence > 0.8 > 0.4 > thin.confidence


def test_more_agreeing_sources_raise_the_confidence() -> None:
    one = decided([report("n1")])
    three = decided([report(f"n{n}", published=f"2023-05-1{5 + n}") for n in range(3)])
    assert three.confidence is not None and one.confidence is not None
    assert three.confidence > one.confidence


def test_a_contradiction_lowers_the_confidence_of_the_field_it_touches() -> None:
    event = decided([report("n1"), report("n2")])
    sides = (Side("ARM, AZE, EU", ("a",), ("n1",)), Side("ARM, AZE", ("b",), ("n2",)))
    disputed = assess(event, [report("n1"), report("n2")], [Contradiction(event.id, "parties", sides)])
    assert (disputed.confidence_of("parties") or 0) < (event.confidence_of("parties") or 0)


def test_the_reasons_are_the_cues_that_moved_the_confidence_most_with_their_sign() -> None:
    thin = thinly_reported()
    assert 0 < len(thin.confidence_reasons) <= confidence.REASONS
    weights = [w for _, w in thin.confidence_reasons]
    assert weights == sorted(weights, key=abs, reverse=True)
    assert all(w < 0 for w in weights)  # what makes a passing mention of an agreement doubtful
    assert any("agreement" in name for name, _ in thin.confidence_reasons)


def test_an_unknown_rule_id_counts_as_its_fields_other_rules() -> None:
    known = report("n1", rules={"type": "meeting.meet_verb"})
    unknown = replace(known, rules=(("type", "meeting.no_such_rule"),))
    cues = confidence.features(decided([unknown]), [unknown], known=shipped_model().known)
    assert cues.get("type rule=other") == 1.0 and "type rule=meeting.no_such_rule" not in cues


def test_the_confidence_travels_through_the_events_json() -> None:
    event = well_reported()
    data = json.loads(json.dumps(event.to_json()))
    assert data["confidence"] == event.confidence
    assert data["field_confidence"] == dict(event.field_confidence)
    assert Event.from_json(data) == event


def test_weights_of_another_format_fail_at_load_with_the_command_that_rebuilds_them() -> None:
    with pytest.raises(ConfidenceModelError, match="python -m parley.confidence.train"):
        Model.from_json({"format": 0, "targets": {}})
    with pytest.raises(ConfidenceModelError, match="no target 'date'"):
        Model.from_json({"format": confidence.FORMAT_VERSION, "targets": {"event": {"weights": {}}}})
