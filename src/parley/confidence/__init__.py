"""Confidence: how likely a fused event is real, and each of its fields right.

``assess`` gives an event, decided by fusion from its reports, its confidence: a logistic model
per target (the event, then each of ``FIELDS``) over the cues of ``features``, with room for a
Platt scaling of its log-odds (which the current fit does not use: ``train`` says why). The weights
are data (``weights.json`` beside this module), fitted on the news set's train split by
``python -m parley.confidence.train``; ``parley evaluate`` measures how well calibrated the result
is (``parley.confidence.measure``, ``parley.confidence.calibration``).

A field's confidence is the probability that it is right given that the event is real; the
probability that both hold is their product. Inference is plain Python over a few dozen
weights: fusion calls it at every decision of an event.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from parley.confidence.features import FIELDS, features
from parley.errors import ParleyError
from parley.model import Contradiction, Event, EventReport

# The model file's format; a file of another version fails at load with the command to rebuild it.
FORMAT_VERSION = 1
TARGETS: tuple[str, ...] = ("event", *FIELDS)
# How many cues an event keeps as the reasons for its confidence.
REASONS = 3


class ConfidenceModelError(ParleyError):
    """The confidence model's weights cannot be read."""


@dataclass(frozen=True)
class Target:
    """One logistic model: log-odds = bias + sum(weight * cue), then Platt's ``scale * x + shift``
    (``Model.probabilities`` computes every target's at once)."""

    weights: Mapping[str, float]
    scale: float = 1.0
    shift: float = 0.0

    def contributions(self, cues: Mapping[str, float]) -> list[tuple[str, float]]:
        """Each cue's share of the calibrated log-odds, largest first (the bias left out)."""
        found = [
            (name, self.scale * self.weights[name] * value)
            for name, value in cues.items()
            if name != "bias" and self.weights.get(name)
        ]
        return sorted(found, key=lambda c: (-abs(c[1]), c[0]))


@dataclass(frozen=True)
class Model:
    """The shipped confidence model: the cues it knows and a ``Target`` per name in ``TARGETS``."""

    known: frozenset[str]
    targets: Mapping[str, Target]
    meta: Mapping[str, Any]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Model:
        if data.get("format") != FORMAT_VERSION:
            raise ConfidenceModelError(
                f"confidence weights are format {data.get('format')!r}, not {FORMAT_VERSION}. "
                "Fix: python -m parley.confidence.train"
            )
        targets = {}
        for name in TARGETS:
            raw = (data.get("targets") or {}).get(name)
            if not isinstance(raw, Mapping) or not isinstance(raw.get("weights"), Mapping):
                raise ConfidenceModelError(
                    f"confidence weights have no target {name!r}. Fix: python -m parley.confidence.train"
                )
            targets[name] = Target(
                {str(k): float(v) for k, v in raw["weights"].items()},
                float(raw.get("scale", 1.0)),
                float(raw.get("shift", 0.0)),
            )
        known = frozenset(k for t in targets.values() for k in t.weights)
        return cls(known, targets, {k: v for k, v in data.items() if k != "targets"})

    @cached_property
    def _rows(self) -> dict[str, tuple[float, ...]]:
        # Each cue's weight in every target, in ``TARGETS`` order, so one pass over an event's cues
        # gives all the log-odds: fusion asks at every decision of an event.
        return {
            name: tuple(self.targets[t].weights.get(name, 0.0) * self.targets[t].scale for t in TARGETS)
            for name in self.known
        }

    def probabilities(self, cues: Mapping[str, float]) -> dict[str, float]:
        """The probability of every target, by name."""
        logits = [self.targets[t].shift for t in TARGETS]
        rows = self._rows
        for name, value in cues.items():
            row = rows.get(name)
            if row is not None:
                for i, weight in enumerate(row):
                    logits[i] += weight * value
        return {t: sigmoid(x) for t, x in zip(TARGETS, logits, strict=True)}


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    """The model shipped with parley (``weights.json``), read once."""
    text = resources.files("parley.confidence").joinpath("weights.json").read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ConfidenceModelError(
            f"weights.json is not JSON ({err}). Fix: python -m parley.confidence.train"
        ) from err
    return Model.from_json(data)


def assess(
    event: Event,
    reports: Sequence[EventReport],
    contradictions: Sequence[Contradiction] = (),
    model: Model | None = None,
) -> Event:
    """The event with its confidence, its fields' confidences and the reasons for the first."""
    model = model or shipped_model()
    cues = features(event, reports, contradictions, model.known)
    found = model.probabilities(cues)
    # Sources that disagree on a field bound its confidence by the largest share of them that
    # agree on one value, whatever the model learned: contradictions are too rare in the training
    # articles for a weight of their own to be relied on.
    for c in contradictions:
        if c.field in found:
            docs = {d for side in c.sides for d in side.docs}
            if docs:
                found[c.field] = min(found[c.field], max(len(set(side.docs)) for side in c.sides) / len(docs))
    reasons = model.targets["event"].contributions(cues)[:REASONS]
    return replace(
        event,
        confidence=round(found["event"], 3),
        field_confidence=tuple((f, round(found[f], 3)) for f in FIELDS),
        confidence_reasons=tuple((name, round(value, 2)) for name, value in reasons),
    )


__all__ = [
    "FIELDS",
    "TARGETS",
    "ConfidenceModelError",
    "Model",
    "Target",
    "assess",
    "features",
    "shipped_model",
]
