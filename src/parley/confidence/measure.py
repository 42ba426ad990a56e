"""Calibration measured on an annotated set: its reports fused, each event's confidence (as fusion
gave it) set against whether the event is real, each field's against whether it is right.

What ``parley evaluate --set`` reports under ``calibration`` (``evaluate_calibrated``): per target
(the event, then each field) the number of events, ECE over 10 equal-width bins and the
reliability table; for the event, also the error rate of the 20% least confident events against
the rest's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from parley.confidence import calibration
from parley.confidence.features import FIELDS
from parley.confidence.labels import Labelled, fuse_set, label
from parley.evaluate import EvalSet, evaluate_set, extract_set
from parley.model import Document, EventReport


def pairs(labelled: Sequence[Labelled], target: str) -> tuple[list[float], list[bool]]:
    """(confidences, outcomes) for one target: ``event``, or a field (real events only)."""
    probabilities: list[float] = []
    outcomes: list[bool] = []
    for item in labelled:
        ev = item.fused.event
        if target == "event":
            p, right = ev.confidence, item.real
        elif item.real:
            p, right = ev.confidence_of(target), item.fields[target]
        else:
            continue
        if p is not None:
            probabilities.append(p)
            outcomes.append(right)
    return probabilities, outcomes


def figures(labelled: Sequence[Labelled]) -> dict[str, Any]:
    """The calibration figures of labelled events (see the module's docstring)."""
    out: dict[str, Any] = {"bins": calibration.BINS, "binning": "equal-width"}
    for target in ("event", *FIELDS):
        probabilities, outcomes = pairs(labelled, target)
        out[target] = calibration.summary(probabilities, outcomes)
        if target == "event":
            out[target]["least_confident"] = calibration.low_confidence_ratio(probabilities, outcomes)
    return out


def measure(
    documents: Sequence[Document],
    extracted: Iterable[tuple[str, Sequence[EventReport]]],
    gold: Mapping[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    """Fuse a set's reports and measure its events' confidences against its gold."""
    return figures(label(fuse_set(documents, extracted), gold, FIELDS))


def evaluate_calibrated(eval_set: EvalSet) -> dict[str, Any]:
    """``parley.evaluate.evaluate_set``'s figures for a set, extracted once, with its calibration
    figures under ``calibration``."""
    documents, extracted = extract_set(eval_set)
    result = evaluate_set(eval_set, (documents, extracted))
    result["calibration"] = measure(documents, [(d.id, reps) for d, reps in extracted], eval_set.load_gold())
    return result
