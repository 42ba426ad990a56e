"""The scaling benchmark's text shapes and its table."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.scaling import SHAPES, STAGES, render  # noqa: E402


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("size", [10_000, 1_000_000])
def test_each_shape_is_made_to_the_size_asked(shape: str, size: int) -> None:
    text = SHAPES[shape](size)
    assert size <= len(text.encode("utf-8")) <= size + 500  # whole units: one more at most
    lines = text.splitlines()
    if shape in ("paragraph", "one_line"):
        assert len(lines) == 1
    else:
        assert len(lines) > size // 500


def test_the_table_gives_seconds_per_megabyte_and_the_ratio_of_largest_to_smallest() -> None:
    results = {
        "sizes": [10_000, 5_000_000],
        "shapes": {"paragraph": {"seconds_per_mb": {stage: [1.0, 1.5] for stage in STAGES}}},
    }
    table = render(results)
    assert "| shape | stage | 10 KB | 5 MB | largest / smallest |" in table
    assert "| paragraph | **total** | 1.000 | 1.500 | 1.50 |" in table
