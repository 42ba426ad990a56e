"""How well confidences are calibrated: expected calibration error and the reliability table.

Both use 10 equal-width bins over [0, 1] (the last bin includes 1.0). ECE is the mean, weighted by
the bin's share of the events, of |mean confidence - share right| per bin.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

BINS = 10
# The share of least confident events whose error rate is compared with the rest's (the test of
# usefulness: that share should hold errors at least three times as often as the rest).
LOW_SHARE = 0.2
# Draws of outcomes from the confidences themselves, to tell how large an ECE sampling alone gives.
NOISE_DRAWS = 200


@dataclass(frozen=True)
class Bin:
    """One bin of the reliability table: its range, how many predictions fell in it, their mean
    confidence and the share of them that were right."""

    low: float
    high: float
    n: int
    confidence: float | None
    accuracy: float | None

    def to_json(self) -> dict[str, float | int | None]:
        return {
            "low": self.low, "high": self.high, "n": self.n, "confidence": self.confidence,
            "accuracy": self.accuracy,
        }  # fmt: skip


def _bin_of(p: float) -> int:
    return min(int(p * BINS), BINS - 1)


def reliability(probabilities: Sequence[float], outcomes: Sequence[bool]) -> list[Bin]:
    """The reliability table: one ``Bin`` per tenth of [0, 1], empty bins included."""
    if len(probabilities) != len(outcomes):
        raise ValueError("one outcome per probability")
    sums = [[0, 0.0, 0] for _ in range(BINS)]
    for p, right in zip(probabilities, outcomes, strict=True):
        if not 0.0 <= p <= 1.0 or math.isnan(p):
            raise ValueError(f"a probability must be in [0, 1], got {p}")
        b = sums[_bin_of(p)]
        b[0] += 1
        b[1] += p
        b[2] += int(right)
    return [
        Bin(
            round(i / BINS, 1),
            round((i + 1) / BINS, 1),
            int(n),
            round(total / n, 4) if n else None,
            round(right / n, 4) if n else None,
        )
        for i, (n, total, right) in enumerate(sums)
    ]


def ece(probabilities: Sequence[float], outcomes: Sequence[bool]) -> float:
    """Expected calibration error over 10 equal-width bins (0.0 for no predictions)."""
    total = len(probabilities)
    if not total:
        return 0.0
    bins = reliability(probabilities, outcomes)
    gap = sum(
        b.n * abs(b.confidence - b.accuracy)
        for b in bins
        if b.confidence is not None and b.accuracy is not None
    )
    return round(gap / total, 4)


def ece_if_calibrated(probabilities: Sequence[float], draws: int = NOISE_DRAWS, seed: int = 0) -> float:
    """The mean ECE of perfectly calibrated confidences: outcomes drawn as each confidence says.

    On a few hundred events ECE is far from zero even for a calibrated model (each bin's share
    right varies around its confidence); this is the level a measured ECE is to be read against.
    """
    if not probabilities:
        return 0.0
    rng = random.Random(seed)
    total = 0.0
    for _ in range(draws):
        total += ece(probabilities, [rng.random() < p for p in probabilities])
    return round(total / draws, 4)


def low_confidence_ratio(
    probabilities: Sequence[float], outcomes: Sequence[bool], share: float = LOW_SHARE
) -> dict[str, float | int | None]:
    """The error rate among the ``share`` least confident predictions, among the rest, and their
    ratio (None when the rest has no error). Ties in confidence keep the given order."""
    order = sorted(range(len(probabilities)), key=lambda i: probabilities[i])
    k = math.ceil(share * len(order))
    low, rest = order[:k], order[k:]

    def error_rate(idx: list[int]) -> float | None:
        return sum(not outcomes[i] for i in idx) / len(idx) if idx else None

    low_rate, rest_rate = error_rate(low), error_rate(rest)
    ratio = round(low_rate / rest_rate, 2) if low_rate is not None and rest_rate else None
    return {
        "low_n": len(low),
        "low_error_rate": None if low_rate is None else round(low_rate, 4),
        "rest_error_rate": None if rest_rate is None else round(rest_rate, 4),
        "ratio": ratio,
    }


def summary(probabilities: Sequence[float], outcomes: Sequence[bool]) -> dict[str, object]:
    """ECE (and what sampling alone would give), the mean confidence, the share right and the
    reliability table, as JSON."""
    n = len(probabilities)
    return {
        "n": n,
        "ece": ece(probabilities, outcomes),
        "ece_if_calibrated": ece_if_calibrated(probabilities),
        "mean_confidence": round(sum(probabilities) / n, 4) if n else None,
        "accuracy": round(sum(outcomes) / n, 4) if n else None,
        "reliability": [b.to_json() for b in reliability(probabilities, outcomes)],
    }
