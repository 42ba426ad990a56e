"""The small records serialise every field they have."""

from __future__ import annotations

from dataclasses import asdict

from parley.model import Evidence, Participant


def test_evidence_and_participant_serialise_as_asdict_would():
    for value in (Evidence("They met.", 3, 12), Participant("Ararat Mirzoyan", "ARM", "foreign minister")):
        assert value.to_json() == asdict(value)


def test_extracted_reports_come_back_from_their_json_as_they_were():
    """Fusion keeps the report it stores as the one decoding the stored row would give; that
    holds for what the extractor produces (sorted rules), on every sample article."""
    import json
    from pathlib import Path

    from parley.extraction import extract_text
    from parley.model import EventReport

    folder = Path(__file__).resolve().parents[1] / "data" / "sample" / "articles"
    reports = [r for path in sorted(folder.glob("*.txt")) for r in extract_text(path.read_text("utf-8"))]
    assert len(reports) > 20
    for report in reports:
        assert report.round_trips
        assert EventReport.from_json(json.loads(report.stored_json)) == report
        assert report.stored_json == json.dumps(report.to_json(), ensure_ascii=False)


def test_a_report_with_rules_out_of_order_does_not_come_back_as_it_was():
    from parley.model import EventReport

    rules = (("type", "call.spoke"), ("date", "date.explicit"))
    report = EventReport(doc="a", doc_id="id-a", type="call", status="held", rules=rules)
    assert not report.round_trips
    assert EventReport.from_json(report.to_json()) != report
    assert EventReport.from_json(report.to_json()).round_trips
