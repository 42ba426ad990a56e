"""parley.evaluate gives the shared scorer's figures on the same predictions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parley.evaluate import FIGURES, date_matches, normalise_place, score

from .conftest import SHARED

GOLD = SHARED / "eval" / "gold"
SCORER = SHARED / "eval" / "score.py"


@pytest.mark.parametrize(
    "gold, predicted, agree",
    [
        ({"date": "2023-05"}, {"date": "2023-05-25"}, True),
        ({"date": "2023-05-25"}, {"date": "2023-05"}, False),
        ({"date": "2023-06-01", "approx": True}, {"date": "2023-06-05"}, True),
        ({"date": "2023-06-01", "approx": True}, {"date": "2023-06-12"}, False),
        ({"date": None}, {"date": None}, True),
    ],
)
def test_dates_agree_at_the_gold_precision(gold, predicted, agree):
    assert date_matches(gold, predicted) is agree


@pytest.mark.parametrize(
    "place, normal",
    [
        ("St. Petersburg", "saint petersburg"),
        ("Tavush region", "tavush"),
        ("Qazax", "tavush"),
        ("Armenia-Azerbaijan border", "tavush"),
        ("Armenian-Azerbaijani state border", "armenian azerbaijani state border"),
        (None, None),
    ],
)
def test_places_are_normalised_like_the_gold(place, normal):
    assert normalise_place(place) == normal


def _variants(reports: list[dict]) -> list[list[dict]]:
    """The predictions as given, plus perturbed copies that exercise misses and status errors."""
    dropped = reports[::2]
    flipped = [{**r, "status": "planned" if r.get("status") != "planned" else "held"} for r in reports]
    shifted = [{**r, "date": None, "place": "Nowhere"} for r in reports[1::3]] + reports[::3]
    return [reports, dropped, flipped, shifted, []]


def _assert_scored_as_the_shared_scorer(gold: Path, reports: list[dict], tmp_path: Path) -> None:
    """Each variant of ``reports`` scores the same with parley.evaluate as with the shared scorer."""
    for n, variant in enumerate(_variants(reports)):
        path = tmp_path / f"pred{n}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in variant), encoding="utf-8")
        official = json.loads(
            subprocess.run(
                [sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(path), "--json"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        ours = score(gold, variant)
        assert {k: ours[k] for k in FIGURES} == official, n


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not checked out beside the project")
def test_figures_equal_the_shared_scorer(tmp_path: Path):
    from parley.extraction import extract
    from parley.ingest import ingest
    from parley.model import Document

    reports = [
        r.to_json()
        for doc in ingest([SHARED / "eval" / "docs"])
        if isinstance(doc, Document)
        for r in extract(doc)
    ]
    _assert_scored_as_the_shared_scorer(GOLD, reports, tmp_path)


NEWS = SHARED / "eval" / "news"


@pytest.mark.skipif(not (NEWS / "gold").is_dir(), reason="../shared/eval/news is not beside the project")
def test_figures_equal_the_shared_scorer_on_the_news_set(tmp_path: Path):
    """The news set's gold (train split) scored against perturbed copies of itself: place spellings
    with hyphens and aliases, moved dates and dropped events must score as the shared scorer does."""
    gold = tmp_path / "gold"
    gold.mkdir()
    reports = []
    for n in range(1, 161):
        path = NEWS / "gold" / f"n{n:03d}.json"
        (gold / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        for i, event in enumerate(json.loads(path.read_text(encoding="utf-8"))["events"]):
            place = event.get("place")
            if place == "Tavush" and i % 2:
                place = "Armenia-Azerbaijan border"
            reports.append({**event, "doc": path.stem, "place": place})
    _assert_scored_as_the_shared_scorer(gold, reports, tmp_path)


def test_error_classes_name_the_field_that_kept_a_near_miss_apart():
    from parley.evaluate import error_classes

    gold = {
        "a": [
            {"type": "meeting", "date": "2023-05-14", "place": "Brussels", "parties": ["ARM", "AZE", "EU"],
             "mediator": "EU", "status": "held"},
            {"type": "call", "date": "2023-05-02", "place": None, "parties": ["ARM", "USA"],
             "mediator": None, "status": "held"},
            {"type": "agreement", "date": "2020-11-09", "place": None, "parties": ["ARM", "AZE", "RUS"],
             "mediator": None, "status": "held"},
        ]
    }
    predicted = {
        "a": [
            {"type": "meeting", "date": "2023-05-14", "place": "Brussels", "parties": ["ARM", "AZE", "EU"],
             "mediator": None, "status": "planned"},
            {"type": "call", "date": "2023-05-03", "place": None, "parties": ["ARM", "USA"]},
            {"type": "meeting", "date": "2023-06-01", "place": "Chisinau", "parties": ["ARM", "AZE"]},
        ]
    }
    found = error_classes(gold, predicted)
    assert found["missed_by_type"] == {"agreement": 1, "call": 1, "meeting": 0}
    assert found["spurious_by_type"] == {"agreement": 0, "call": 1, "meeting": 1}
    assert found["near_misses"] == 1 and found["near_miss_fields"] == {"date": 1, "place": 0, "parties": 0}
    assert found["wrong_status"] == 1 and found["wrong_mediator"] == 1
