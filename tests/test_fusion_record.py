from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from parley.errors import ParleyError
from parley.evaluate import normalise_place
from parley.model import DateValue, EventReport

ROOT = Path(__file__).resolve().parent.parent


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fusion_record", ROOT / "benchmarks" / "fusion_record.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _benchmark()


@pytest.fixture(scope="module")
def figures(shared: Path) -> dict[str, Any]:
    return bench.run()


def test_every_development_gold_event_has_a_canonical_id(shared):
    import json

    gold = bench.dev_gold(shared / "eval" / "gold")
    for path in sorted((shared / "eval" / "gold").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert len(gold[data["doc"]]) == len(data["events"])


def test_a_mapping_without_an_id_for_a_gold_event_is_refused(shared, tmp_path):
    mapping = tmp_path / "ids.yaml"
    mapping.write_text("documents:\n  001_b42beefaead42971:\n    0: x\n", encoding="utf-8")
    with pytest.raises(ParleyError, match="has no id"):
        bench.dev_gold(shared / "eval" / "gold", mapping)


def test_development_and_sample_events_with_the_same_day_and_place_share_their_id(shared):
    """The mapping reuses the sample's ids: a dated, placed event in both sets is one real-world event."""
    sample = [
        (ev, cid) for events in bench.sample_gold().values() for ev, cid in events
        if ev["date"] and len(ev["date"]) == 10 and ev["place"]
    ]
    checked = 0
    for events in bench.dev_gold(shared / "eval" / "gold").values():
        for ev, cid in events:
            for other, other_id in sample:
                if (
                    ev["type"] == other["type"]
                    and ev["date"] == other["date"]
                    and normalise_place(ev["place"]) == normalise_place(other["place"])
                    and set(ev["parties"]) == set(other["parties"])
                ):
                    checked += 1
                    assert cid == other_id, (ev["evidence"], other_id)
    assert checked >= 5


def _report(doc: str, index: int, date: str) -> EventReport:
    day = dt.date.fromisoformat(date)
    return EventReport(
        doc=doc, doc_id=f"id-{doc}", type="meeting", status="held", index=index,
        date=DateValue(date, "day", day, day), place="Moscow", parties=("ARM", "AZE", "RUS"),
    )


def _gold(date: str) -> dict[str, Any]:
    return {"type": "meeting", "date": date, "place": "Moscow", "parties": ["ARM", "AZE", "RUS"],
            "status": "held", "mediator": "RUS"}


@pytest.mark.parametrize(
    "fused, split, merged, once",
    [
        pytest.param({"id-a:0": "e1", "id-b:0": "e1", "id-b:1": "e2"}, 0, 0, 2, id="each event once"),
        pytest.param({"id-a:0": "e1", "id-b:0": "e3", "id-b:1": "e2"}, 1, 0, 1, id="one event split"),
        pytest.param({"id-a:0": "e1", "id-b:0": "e1", "id-b:1": "e1"}, 0, 1, 2, id="two events merged"),
    ],
)
def test_splits_and_merges_are_counted_over_matched_reports_only(fused, split, merged, once):
    gold = {
        "a": [(_gold("2023-05-25"), "summit")],
        "b": [(_gold("2023-05-25"), "summit"), (_gold("2023-05-19"), "ministers")],
    }
    reports = [
        _report("a", 0, "2023-05-25"),
        _report("b", 0, "2023-05-25"),
        _report("b", 1, "2023-05-19"),
        _report("b", 2, "2023-01-02"),  # spurious: extraction's error, not fusion's
    ]
    result = bench.measure(gold, reports, {**fused, "id-b:2": "e1"})
    counted = (result["split_events"], result["merged_events"], result["real_events_once"])
    assert counted == (split, merged, once)
    assert result["matched_reports"] == 3 and result["extraction_spurious"] == 1


@pytest.mark.slow
def test_every_extracted_real_world_event_appears_once_as_often_as_before(figures):
    # Floors pinned a little below the measurement of the sample corpus plus the development set
    # with extractor 0.8.3 (31 documents, 90 matched reports, 42 real-world events: pairwise
    # precision and recall 1.0; all 42 events once and clean; 0.8.2 gave 0.988, 0.911 and 38 of
    # 41), leaving room for extraction to shift which reports match. Without the title, people
    # and venue rules an earlier extraction gave 0.923, 0.779, 34 of 39 and 32, which these
    # floors refuse; without re-merging and held-by dates precision was 0.943. Lowering a floor
    # needs a stated reason.
    extracted = figures["real_events_extracted"]
    assert extracted >= 30, figures
    assert figures["pairwise_precision"] >= 0.96, figures
    assert figures["pairwise_recall"] >= 0.95, figures
    assert figures["real_events_once"] / extracted >= 0.95, figures
    assert figures["real_events_clean"] / extracted >= 0.95, figures
