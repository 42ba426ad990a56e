from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from parley.cli.main import app
from parley.model import DateValue, Document, EventReport
from parley.store import Store

RECORD_COMMANDS = ("fuse", "events", "timeline", "ledger", "stances", "export")


def report(doc: str, published: str, status: str, date: str, place: str = "Moscow") -> EventReport:
    d = dt.date.fromisoformat(date)
    return EventReport(
        doc=doc,
        doc_id=f"id-{doc}",
        type="meeting",
        status=status,
        date=DateValue(date, "day", d, d),
        place=place,
        parties=("ARM", "AZE", "RUS"),
        mediator="RUS",
        published=published,
    )


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "p.db"
    with Store(path) as store:
        rows = [
            ("a", "2023-05-20", "planned", "2023-05-25"),
            ("b", "2023-05-26", "held", "2023-05-25"),
            ("c", "2023-09-01", "planned", "2023-10-05"),
        ]
        for name, published, status, date in rows:
            store.add_documents(
                [
                    Document(
                        id=f"id-{name}",
                        name=name,
                        text=f"Aliyev insisted on the peace treaty {name}.",
                        format="txt",
                        published=published,
                        outlet="Wire",
                    )
                ]
            )
            store.replace_reports(f"id-{name}", [report(name, published, status, date)], "test")
    return str(path)


def invoke(db: str, *args: str):
    return CliRunner().invoke(app, ["--db", db, "--quiet", *args])


@pytest.mark.parametrize("name", RECORD_COMMANDS)
def test_each_record_command_has_an_example_in_its_help(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0 and "Example: parley" in result.output


def test_fuse_then_events_lists_one_event_per_real_meeting(db, tmp_path):
    assert invoke(db, "fuse").exit_code == 0
    result = invoke(db, "events", "--json")
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["date"], e["status"], e["mentions"]) for e in events] == [
        ("2023-05-25", "held", 2),
        ("2023-10-05", "planned", 1),
    ]
    assert [h["status"] for h in events[0]["status_history"]] == ["planned", "held"]
    assert invoke(db, "fuse").exit_code == 0  # nothing new: still two events
    assert len(invoke(db, "events", "--json").stdout.splitlines()) == 2


def test_timeline_filters_and_prints_a_table(db):
    invoke(db, "fuse")
    result = invoke(db, "timeline", "--actor", "AZE", "--since", "2023-06")
    assert result.exit_code == 0
    assert "2023-10-05" in result.stdout and "2023-05-25" not in result.stdout
    assert invoke(db, "timeline", "--since", "May 2023").exit_code == 2


def test_ledger_reports_resolution_and_tally(db):
    invoke(db, "fuse")
    result = invoke(db, "ledger", "--today", "2024-01-01", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["resolution"] for r in rows if r["kind"] == "expectation") == ["came_true", "overdue"]
    [tally] = [r for r in rows if r["kind"] == "tally"]
    assert (tally["source"], tally["made"], tally["came_true"], tally["overdue"]) == ("Wire", 2, 1, 1)


def test_stances_are_extracted_from_stored_documents(db):
    result = invoke(db, "stances", "--refresh", "--issue", "peace_treaty", "--json")
    assert result.exit_code == 0
    assert {json.loads(line)["party"] for line in result.stdout.splitlines()} == {"AZE"}


def test_export_writes_to_stdout_or_the_file_asked(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke(db, "fuse")
    result = invoke(db, "export", "--format", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines()[0].startswith("id,type,status,")
    out = tmp_path / "sub" / "cal.ics"
    assert invoke(db, "export", "--format", "ics", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.db", "sub"]  # nothing else in the cwd


@pytest.mark.parametrize(
    "args", [["--format", "parquet"], ["--format", "xml"], ["--format", "csv", "--status", "x"]]
)
def test_export_usage_errors_exit_2(db, args):
    assert invoke(db, "export", *args).exit_code == 2
