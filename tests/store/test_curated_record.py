"""Curation through the API of the real server shows the same in every reader: parley events,
timeline, ledger, stances --agenda, every export format and the API itself."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from tests.store.conftest import TOKEN, Generated, serving
from typer.testing import CliRunner

from parley.cli.main import app
from parley.export import FORMATS, ICS_STATUS
from parley.model import Event
from parley.store import Store, query


def cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), "--quiet", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def post(base: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def get(base: str, path: str) -> dict[str, Any]:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def api_events(base: str) -> dict[str, dict[str, Any]]:
    events = get(base, "/api/events?limit=500")["events"] + get(base, "/api/events/undated")["events"]
    return {e["id"]: e for e in events}


def exported(db: Path, fmt: str, tmp: Path, *extra: str) -> dict[str, dict[str, Any]]:
    """Event id -> what the export wrote of it (its status at least), for every format."""
    out = tmp / f"out.{fmt}"
    cli(db, "export", "--format", fmt, "-o", str(out), *extra)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return {r["id"]: r for r in pq.read_table(out).to_pylist()}
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        return {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    if fmt == "jsonl":
        return {r["id"]: r for r in lines(text)}
    if fmt == "plover":
        return {r["event_id"]: r for r in lines(text)}
    if fmt == "geojson":
        return {f["id"]: f["properties"] for f in json.loads(text)["features"]}
    found: dict[str, dict[str, Any]] = {}
    event: dict[str, Any] = {}
    for line in text.splitlines():
        if line.startswith("UID:"):
            event = found.setdefault(line[4:].removesuffix("@parley"), {})
        elif line.startswith("STATUS:"):
            event["status"] = line[7:]
    return found


def same_status(written: str, status: str) -> bool:
    """A status as a format writes it (ics has its own words for it)."""
    return written in (status, ICS_STATUS.get(status))


def test_rejecting_merging_splitting_and_correcting_through_the_api_show_in_every_reader(
    generated: Generated, tmp_path: Path
) -> None:
    db = tmp_path / "curated.db"
    shutil.copy(generated.path, db)
    with Store(db) as store:
        before = {e.id: e for e in query.select_events(store.conn)}
        planned = {x.event_id for x in query.ledger_page(store.conn, dt.date.today(), limit=None)}
    taken = {i for ids in generated.curated.values() for i in ids}
    fresh = [e for e in before.values() if e.id not in taken and not e.id.startswith("split-")]
    # Each curated event is one every format writes: a meeting known to the day, at a known venue.
    shown = [e for e in fresh if e.type == "meeting" and e.date_precision == "day" and e.lat is not None]
    rejected = next(e for e in shown if e.id in planned and e.issues)
    corrected = next(e for e in shown if e.id != rejected.id and e.status != "cancelled" and e.issues)
    keep, other = [e for e in shown if e.mentions == 1 and e.id not in (rejected.id, corrected.id)][:2]
    shared = next(e for e in fresh if e.mentions >= 2 and e.id not in (keep.id, other.id, corrected.id))

    with serving(db, token=TOKEN) as base:
        post(base, f"/api/events/{rejected.id}/reject", {"note": "a duplicate"})
        post(base, f"/api/events/{corrected.id}/correct", {"field": "status", "value": "cancelled"})
        post(base, f"/api/events/{keep.id}/merge", {"other": other.id})
        report_id = get(base, f"/api/events/{shared.id}")["mentions"][-1]["report_id"]
        split_id = post(base, f"/api/events/{shared.id}/split", {"report_id": report_id})["event_id"]
        api = api_events(base)
        api_ledger = get(base, "/api/ledger?offset=0")["expectations"]
        issue = get(base, f"/api/issues/{corrected.issues[0]}")

    def check(reader: str, events: dict[str, dict[str, Any]], *, split_shown: bool = True) -> None:
        assert rejected.id not in events, f"{reader} lists the rejected event"
        assert other.id not in events, f"{reader} lists the event merged away"
        assert same_status(events[corrected.id]["status"], "cancelled"), f"{reader} shows the fused status"
        assert keep.id in events, reader
        if split_shown:
            assert split_id in events, f"{reader} misses the event split off"

    check("the API", api)
    assert api[keep.id]["mentions"] == keep.mentions + other.mentions
    assert api[shared.id]["mentions"] == shared.mentions - 1 and api[split_id]["mentions"] == 1
    check("parley events", {e["id"]: e for e in lines(cli(db, "events", "--json"))})
    events = {e["id"]: e for e in lines(cli(db, "events", "--json"))}
    assert events[keep.id]["mentions"] == keep.mentions + other.mentions
    assert events[shared.id]["mentions"] == shared.mentions - 1
    check("parley timeline", {e["id"]: e for e in lines(cli(db, "timeline", "--json"))})
    for fmt in FORMATS:
        rows = exported(db, fmt, tmp_path)
        check(f"export {fmt}", rows, split_shown=split_id in api and _written(fmt, api[split_id]))
        uncurated = exported(db, fmt, tmp_path, "--uncurated")
        assert rejected.id in uncurated and other.id in uncurated and split_id not in uncurated, fmt
        assert same_status(uncurated[corrected.id]["status"], corrected.status), fmt

    # The ledger: the rejected event's claims leave it; the merged event's follow it.
    ledger = [x for x in lines(cli(db, "ledger", "--json")) if x["kind"] == "expectation"]
    assert rejected.id not in {x["event_id"] for x in ledger}
    assert rejected.id not in {x["event_id"] for x in api_ledger}
    assert other.id not in {x["event_id"] for x in ledger}
    assert [x["report_id"] for x in ledger][: len(api_ledger)] == [x["report_id"] for x in api_ledger]
    # Stances with the agenda: the issue's events as the record reads them, as on the issue's page.
    agenda = [x for x in lines(cli(db, "stances", "--agenda", "--json")) if x.get("kind") == "agenda"]
    listed = {(x["issue"], x["event"]["id"]): x["event"] for x in agenda}
    assert not any(event_id == rejected.id for _, event_id in listed)
    assert listed[(corrected.issues[0], corrected.id)]["status"] == "cancelled"
    on_page = {e["id"]: e for e in issue["events"]}
    assert on_page[corrected.id]["status"] == "cancelled" and rejected.id not in on_page


def _written(fmt: str, event: dict[str, Any]) -> bool:
    if fmt == "ics":
        return event["type"] in ("meeting", "call") and event["date_precision"] == "day"
    if fmt == "geojson":
        return event["lat"] is not None or event["place"] is not None
    return True


@pytest.mark.parametrize(
    ("flag", "says"), [((), "of the curated record"), (("--uncurated",), "uncurated record")]
)
def test_an_export_says_which_record_it_wrote(
    generated: Generated, flag: tuple[str, ...], says: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(app, ["--db", str(generated.path), "export", "--format", "jsonl", *flag])
    assert result.exit_code == 0 and says in result.stderr
    ids = {json.loads(line)["id"] for line in result.stdout.splitlines()}
    hidden = {*generated.curated["reject"], *generated.curated["merged"]}
    assert (hidden <= ids) == bool(flag) and not (hidden & ids and not flag)
    which = "uncurated" if flag else "curated"
    geojson = CliRunner().invoke(app, ["--db", str(generated.path), "export", "--format", "geojson", *flag])
    assert json.loads(geojson.stdout)["record"] == which
    ics = CliRunner().invoke(app, ["--db", str(generated.path), "export", "--format", "ics", *flag])
    assert f"X-PARLEY-RECORD:{which}" in ics.stdout.splitlines()
    out = tmp_path / "out.parquet"
    CliRunner().invoke(
        app, ["--db", str(generated.path), "export", "--format", "parquet", "-o", str(out), *flag]
    )
    import pyarrow.parquet as pq

    assert pq.read_schema(out).metadata[b"parley.record"] == which.encode()


def test_events_decided_again_by_curation_are_not_decided_when_read(generated: Generated) -> None:
    """A merged event reads from the row curation wrote: nothing fuses on the way out."""
    with Store(generated.path) as store:
        keep = generated.curated["merge"][0]
        row = store.conn.execute("SELECT data FROM curated_events WHERE id = ?", (keep,)).fetchone()
        assert row is not None
        assert query.event(store.conn, keep) == Event.from_json(json.loads(row[0]))


def test_curation_stored_before_the_curated_record_existed_is_applied_when_fusion_settles(
    generated: Generated, tmp_path: Path
) -> None:
    from parley.fuse import settle
    from parley.store import curation, record

    db = tmp_path / "old.db"
    shutil.copy(generated.path, db)
    with Store(db) as store:
        victim = next(e.id for e in query.select_events(store.conn) if not e.id.startswith("split-"))
        # The store as it was before migration 0008 (and so before 0010), with a rejection written then.
        store.conn.executescript(
            "DROP TABLE curated_events; DROP TABLE curated_expectations;"
            " ALTER TABLE events DROP COLUMN confidence;"
            " DELETE FROM migrations WHERE name IN ('0008_curated_record', '0010_event_confidence');"
        )
        with store.transaction() as conn:
            curation.reject(conn, victim, "rejected before 0008")
    with Store(db) as store:
        assert victim in record.unsettled(store.conn)
        settle(store)
        assert record.unsettled(store.conn) == []
        ids = {e.id for e in query.select_events(store.conn)}
        assert victim not in ids
        assert not {*generated.curated["reject"], *generated.curated["merged"]} & ids
        assert set(generated.curated["split"]) <= ids
