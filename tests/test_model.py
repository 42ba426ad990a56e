"""The small records serialise every field they have."""

from __future__ import annotations

from dataclasses import asdict

from parley.model import Evidence, Participant


def test_evidence_and_participant_serialise_as_asdict_would():
    for value in (Evidence("They met.", 3, 12), Participant("Ararat Mirzoyan", "ARM", "foreign minister")):
        assert value.to_json() == asdict(value)
