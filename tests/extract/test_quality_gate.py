"""The quality gate: extraction over annotated article sets must not fall below its floors.

Floors live in quality_floors.yaml, one entry per set of ``parley.evaluate.standard_sets``; a
set whose folder is absent is skipped with the reason, a set that is present but has no floor
yet fails, so a new set cannot be added without pinning what it measures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parley.evaluate import FIGURES, evaluate_set, standard_sets

from .conftest import ROOT, SHARED

FLOORS = yaml.safe_load((Path(__file__).parent / "quality_floors.yaml").read_text(encoding="utf-8"))
SETS = standard_sets(ROOT, SHARED)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_extraction_stays_above_its_floors(name):
    eval_set = SETS[name]
    if not eval_set.available():
        pytest.skip(f"{name}: no annotated articles at {eval_set.docs} and {eval_set.gold}")
    assert name in FLOORS, f"{name} is present but has no floors in quality_floors.yaml: measure and pin them"
    measured = evaluate_set(eval_set)
    summary = {k: measured[k] for k in FIGURES}
    for figure, floor in FLOORS[name].items():
        # A split for measuring only names its figures, never its events.
        detail = (
            "" if eval_set.figures_only else f"; missed {measured['missed']}; spurious {measured['spurious']}"
        )
        assert measured[figure] >= floor, (
            f"{name}: {figure} fell to {measured[figure]} (floor {floor}); {summary}{detail}"
        )
