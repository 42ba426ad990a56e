"""The quality gate: extraction over annotated article sets must not fall below its floors.

Floors live in quality_floors.yaml, one entry per set; a set whose folder is absent is
skipped with the reason, a set that is present but has no floor yet fails, so a new set
cannot be added without pinning what it measures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parley.evaluate import FIGURES, score

from .conftest import ROOT, SHARED

FLOORS = yaml.safe_load((Path(__file__).parent / "quality_floors.yaml").read_text(encoding="utf-8"))
SETS = {
    "dev": (SHARED / "eval" / "docs", SHARED / "eval" / "gold"),
    "eval_extra": (
        ROOT / "tests" / "data" / "eval_extra" / "docs",
        ROOT / "tests" / "data" / "eval_extra" / "gold",
    ),
    "sample": (ROOT / "data" / "sample" / "articles", ROOT / "data" / "sample" / "gold"),
}


def _measure(docs: Path, gold: Path) -> dict:
    from parley.extract import extract
    from parley.ingest import ingest
    from parley.model import Document

    names = {p.stem for p in gold.glob("*.json")}
    # A JSON-lines feed holds several articles under their own ids, so it is read whole;
    # the scorer keeps only the documents that have gold.
    inputs = [
        p for p in sorted(docs.iterdir()) if p.is_file() and (p.stem in names or p.suffix == ".jsonl")
    ]
    reports = [r.to_json() for doc in ingest(inputs) if isinstance(doc, Document) for r in extract(doc)]
    return score(gold, reports)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_extraction_stays_above_its_floors(name):
    docs, gold = SETS[name]
    if not docs.is_dir() or not gold.is_dir() or not any(gold.glob("*.json")):
        pytest.skip(f"{name}: no annotated articles at {docs} and {gold}")
    assert name in FLOORS, f"{name} is present but has no floors in quality_floors.yaml: measure and pin them"
    measured = _measure(docs, gold)
    summary = {k: measured[k] for k in FIGURES}
    for figure, floor in FLOORS[name].items():
        assert measured[figure] >= floor, (
            f"{name}: {figure} fell to {measured[figure]} (floor {floor}); {summary}; "
            f"missed {measured['missed']}; spurious {measured['spurious']}"
        )
