from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from parley.export import COLUMNS, PLOVER_COLUMNS, export, ics_fold, pack_geocoder, records
from parley.fuse import fuse
from parley.model import DateValue, EventReport
from parley.pack import load_pack
from parley.store import Store, query

DOCS = Path(__file__).resolve().parents[1] / "docs" / "exports.md"
NOW = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def rep(
    doc: str,
    type_: str,
    status: str,
    date: str | None,
    place: str | None,
    parties: tuple[str, ...],
    mediator: str | None = None,
    precision: str = "day",
    **kw: object,
) -> EventReport:
    value = None
    if date:
        start = dt.date.fromisoformat(date if precision == "day" else date + "-01")
        end = start if precision == "day" else start.replace(day=28)
        value = DateValue(date, precision, start, end)  # type: ignore[arg-type]
    return EventReport(
        doc=doc,
        doc_id=f"id-{doc}",
        type=type_,
        status=status,
        date=value,
        place=place,
        parties=parties,
        mediator=mediator,
        published="2023-06-01",
        **kw,
    )  # type: ignore[arg-type]


@pytest.fixture
def store():
    with Store(":memory:") as s:
        fuse(
            s,
            [
                rep(
                    "a",
                    "meeting",
                    "held",
                    "2023-05-25",
                    "Moscow",
                    ("ARM", "AZE", "RUS"),
                    "RUS",
                    lat=55.75,
                    lon=37.62,
                    issues=("peace_treaty",),
                    place_country="RUS",
                )
            ],
        )
        fuse(s, [rep("b", "call", "held", "2022-09-13", None, ("ARM", "RUS"))])
        fuse(s, [rep("c", "agreement", "signed", "2020-11-10", None, ("ARM", "AZE", "RUS"), "RUS")])
        fuse(s, [rep("d", "meeting", "planned", "2023-10", "Granada", ("ARM", "AZE", "EU"), "EU", "month")])
        fuse(
            s,
            [
                rep(
                    "e",
                    "meeting",
                    "held",
                    "2024-04-19",
                    'Brussels; "EU" HQ, Belgium',
                    ("ARM", "AZE"),
                    context="Café talks ünder the sidelines of a very long summit title " * 3,
                )
            ],
        )
        yield s


def documented(heading: str) -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_0-9]+)` \|", section, re.M)


def test_documented_columns_equal_the_code():
    assert documented("Columns") == list(COLUMNS)


def test_documented_plover_columns_equal_the_code():
    assert documented("PLOVER (`plover`)") == list(PLOVER_COLUMNS)


def test_records_carry_every_column_in_order(store):
    rows = list(records(store))
    assert len(rows) == 5 and all(list(r) == list(COLUMNS) for r in rows)
    assert [r["date"] for r in rows] == ["2020-11-10", "2022-09-13", "2023-05-25", "2023-10", "2024-04-19"]


def test_records_carry_the_confidence_of_the_event_and_of_each_field(store):
    events = {e.id: e for e in query.iter_events(store.conn)}
    for row in records(store):
        event = events[row["id"]]
        assert row["confidence"] == event.confidence and 0 <= row["confidence"] <= 1
        for name in ("date", "place", "parties", "mediator", "status"):
            assert row[f"{name}_confidence"] == event.confidence_of(name) is not None


def test_csv_has_the_documented_header_and_joined_lists(store):
    buf = io.StringIO()
    assert export(store, "csv", buf) == 5
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[2]["parties"] == "ARM;AZE;RUS" and rows[2]["lat"] == "55.75"


def test_jsonl_round_trips(store):
    buf = io.StringIO()
    export(store, "jsonl", buf, query.EventFilter(actor="AZE", since="2023"))
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [r["date"] for r in rows] == ["2023-05-25", "2023-10", "2024-04-19"]


def test_parquet_round_trips(store, tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "out" / "events.parquet"
    assert export(store, "parquet", path) == 5
    table = pq.read_table(path)
    assert table.column_names == list(COLUMNS)
    assert table.to_pylist() == list(records(store))


def test_geojson_is_a_valid_feature_collection_with_pack_venues(store):
    buf = io.StringIO()
    n = export(store, "geojson", buf, geocode=pack_geocoder(load_pack()))
    data = json.loads(buf.getvalue())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == n >= 2
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert "lat" not in feature["properties"]
    venues = {f["properties"]["place"] for f in data["features"]}
    assert {"Moscow", "Granada"} <= venues


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_is_valid_rfc5545(store, tmp_path):
    path = tmp_path / "cal.ics"
    n = export(store, "ics", path, now=NOW)
    raw = path.read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    lines = unfold(raw.decode("utf-8"))
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-2:] == ["END:VCALENDAR", ""]
    assert any(line.startswith("PRODID:") for line in lines)
    vevents = raw.decode().count("BEGIN:VEVENT")
    assert vevents == n == 3  # two meetings and a call with day dates; month-only and agreements skipped
    for prop in ("UID:", "DTSTAMP:20240102T030405Z", "DTSTART;VALUE=DATE:", "DTEND;VALUE=DATE:", "SUMMARY:"):
        assert sum(line.startswith(prop) for line in lines) == vevents
    assert "DTSTART;VALUE=DATE:20230525" in lines and "DTEND;VALUE=DATE:20230526" in lines
    assert 'LOCATION:Brussels\\; "EU" HQ\\, Belgium' in lines
    assert "STATUS:CONFIRMED" in lines and "GEO:55.750000;37.620000" in lines


@pytest.mark.parametrize("line", ["A" * 200, "DESCRIPTION:" + "é" * 100, "X:" + "€🙂" * 60])
def test_ics_folding_keeps_lines_within_75_octets_and_characters_whole(line):
    folded = ics_fold(line).encode("utf-8")
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    assert folded.decode("utf-8").replace("\r\n ", "") == line


def test_plover_rows_follow_the_documented_mapping(store):
    buf = io.StringIO()
    export(store, "plover", buf)
    rows = {r["event_date"]: r for r in map(json.loads, buf.getvalue().splitlines())}
    assert all(list(r) == list(PLOVER_COLUMNS) for r in rows.values())
    got = {d: (r["event_type"], r["mode"], r["cameo"], r["status"]) for d, r in rows.items()}
    assert got == {
        "2020-11-10": ("AGREE", "", "057", "signed"),
        "2022-09-13": ("CONSULT", "phone", "041", "held"),
        "2023-05-25": ("CONSULT", "third-party", "045", "held"),
        "2023-10": ("CONSULT", "third-party", "036", "planned"),
        "2024-04-19": ("CONSULT", "", "040", "held"),  # venue country unknown: no mode
    }
    assert (rows["2023-05-25"]["actor1"], rows["2023-05-25"]["actor2"], rows["2023-05-25"]["mediator"]) == (
        "ARM",
        "AZE",
        "RUS",
    )


def test_unknown_format_and_binary_to_stream_are_errors(store):
    from parley.errors import ParleyError

    with pytest.raises(ParleyError, match="unknown export format"):
        export(store, "xml", io.StringIO())
    with pytest.raises(ParleyError, match="binary"):
        export(store, "parquet", io.StringIO())
