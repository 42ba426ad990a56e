"""The one query layer: the same filters give the same events through the CLI, the JSON API of the
real server and every export format, and each filter means what ``parley.store.query`` says."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from tests.store.conftest import Generated, serving
from typer.testing import CliRunner

from parley.cli.main import app
from parley.export import FORMATS, pack_geocoder
from parley.model import Event
from parley.pack import load_pack
from parley.store import Store, query

COMBINATIONS = 500
ACTORS = ("ARM", "AZE", "RUS", "EU", "USA", "FRA", "TUR", "GEO")
STATUSES = ("planned", "held", "postponed", "cancelled", "signed", "not_signed")
TYPES = ("meeting", "call", "agreement")


def random_filters(rng: random.Random, issues: tuple[str, ...]) -> dict[str, str]:
    """Some of the filters every reader takes, each with a value events have or may not have."""

    def day() -> str:
        d = dt.date(2020, 6, 1) + dt.timedelta(days=rng.randrange(5 * 365))
        return rng.choice((d.isoformat(), d.isoformat()[:7], str(d.year)))

    choices: dict[str, Any] = {
        "actor": lambda: rng.choice(ACTORS),
        "issue": lambda: rng.choice((*issues, "no_such_issue")),
        "mediator": lambda: rng.choice(ACTORS[2:]),
        "format": lambda: rng.choice(query.FORMATS),
        "status": lambda: rng.choice(STATUSES),
        "type": lambda: rng.choice(TYPES),
        "since": day,
        "until": day,
        "min_confidence": lambda: rng.choice(("0.3", "0.5", "0.6", "0.7", "0.8")),
    }
    names = rng.sample(sorted(choices), rng.choice((0, 1, 1, 2, 2, 3, 4)))
    return {name: choices[name]() for name in sorted(names)}


def combinations(issues: tuple[str, ...]) -> list[dict[str, str]]:
    rng = random.Random(2025)
    seen: dict[str, dict[str, str]] = {}
    while len(seen) < COMBINATIONS:
        filters = random_filters(rng, issues)
        seen.setdefault(json.dumps(filters, sort_keys=True), filters)
    return list(seen.values())


CLI_OPTIONS = {"format": "--event-format", "type": "--type", "min_confidence": "--min-confidence"}


def cli_args(filters: dict[str, str]) -> list[str]:
    return [a for k, v in filters.items() for a in (CLI_OPTIONS.get(k, f"--{k}"), v)]


def cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), "--quiet", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def api(base: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
    url = f"{base}{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def api_ids(base: str, filters: dict[str, str]) -> list[str]:
    """The API's events: the timeline's dated events, then, when no period is asked for, the undated ones."""
    ids: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = api(base, "/api/events", {**filters, "limit": 500, "offset": offset})
        ids += [e["id"] for e in page["events"]]
        offset = page["next_offset"]
    if "since" not in filters and "until" not in filters:
        offset = 0
        while True:
            page = api(base, "/api/events/undated", {**filters, "offset": offset})
            ids += [e["id"] for e in page["events"]]
            if len(page["events"]) < 100:
                break
            offset += 100
    return ids


def export_ids(db: Path, fmt: str, filters: dict[str, str], tmp: Path) -> list[str]:
    out = tmp / f"export.{fmt}"
    cli(db, "export", "--format", fmt, "-o", str(out), *cli_args(filters))
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return [str(v) for v in pq.read_table(out).column("id").to_pylist()]
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        return [row["id"] for row in csv.DictReader(io.StringIO(text))]
    if fmt == "jsonl":
        return [json.loads(line)["id"] for line in text.splitlines()]
    if fmt == "plover":
        return [json.loads(line)["event_id"] for line in text.splitlines()]
    if fmt == "geojson":
        return [f["id"] for f in json.loads(text)["features"]]
    return [line[4:].removesuffix("@parley") for line in text.splitlines() if line.startswith("UID:")]


def exported(fmt: str, events: list[Event]) -> list[str]:
    """Which of the events a format writes (docs/exports.md): ics only meetings and calls known to
    the day; geojson only events at a venue with coordinates (the event's own, else the pack's)."""
    if fmt == "ics":
        events = [e for e in events if e.type in ("meeting", "call") and e.date_precision == "day"]
    if fmt == "geojson":
        geocode = pack_geocoder(load_pack())
        events = [
            e for e in events if (e.lat is not None and e.lon is not None) or (e.place and geocode(e.place))
        ]
    return [e.id for e in events]


@pytest.fixture(scope="module")
def server(generated: Generated) -> Iterator[str]:
    with serving(generated.path) as base:
        yield base


@pytest.mark.slow
def test_the_cli_the_api_and_every_export_give_the_same_events_for_500_random_filters(
    generated: Generated, server: str, tmp_path: Path
) -> None:
    with Store(generated.path) as store:
        everything = query.select_events(store.conn)
    combos = combinations(generated.issues)
    assert len(combos) >= 500
    nonempty = 0
    for n, filters in enumerate(combos):
        flt = query.event_filter(**filters)
        # The meaning of each filter, checked in Python over the whole record.
        expected = [e for e in everything if query.matches(e, flt)]
        ids = [e.id for e in expected]
        nonempty += bool(ids)
        events = [
            json.loads(line)["id"]
            for line in cli(generated.path, "events", "--json", *cli_args(filters)).splitlines()
        ]
        assert events == ids, f"parley events {filters}"
        assert api_ids(server, filters) == ids, f"/api/events {filters}"
        if n % 4 == 0:
            timeline = cli(generated.path, "timeline", "--json", *cli_args(filters)).splitlines()
            assert [json.loads(line)["id"] for line in timeline] == ids, f"parley timeline {filters}"
        fmt = FORMATS[n % len(FORMATS)]
        assert export_ids(generated.path, fmt, filters, tmp_path) == exported(fmt, expected), (
            f"export {fmt} {filters}"
        )
    # the combinations select something often enough to mean something
    assert nonempty > COMBINATIONS // 3


def test_the_record_read_hides_what_curation_hid_and_the_uncurated_one_does_not(generated: Generated) -> None:
    with Store(generated.path) as store:
        curated = {e.id for e in query.select_events(store.conn)}
        fused = {e.id for e in query.select_events(store.conn, query.EventFilter(curated=False))}
    hidden = {*generated.curated["reject"], *generated.curated["merged"]}
    assert hidden <= fused and not hidden & curated
    assert set(generated.curated["split"]) <= curated and not set(generated.curated["split"]) & fused


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"status": "probably"}, "status must be one of"),
        ({"since": "May 2023"}, "since must be YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"until": "2023-13"}, "until must be"),
        ({"format": "bilateralish"}, "format must be one of"),
        ({"type": "summit"}, "type must be one of"),
        ({"min_confidence": "high"}, "min_confidence must be a number from 0 to 1"),
        ({"min_confidence": "1.5"}, "min_confidence must be a number from 0 to 1"),
    ],
)
def test_a_bad_filter_is_refused_with_the_same_message_by_the_cli_and_the_api(
    generated: Generated, server: str, filters: dict[str, str], message: str
) -> None:
    result = CliRunner().invoke(app, ["--db", str(generated.path), "events", *cli_args(filters)])
    assert result.exit_code == 2 and message in result.output
    with pytest.raises(urllib.error.HTTPError) as err:
        api(server, "/api/events", filters)
    assert err.value.code == 422 and message in json.loads(err.value.read())["error"]["message"]


def test_since_and_until_compare_the_first_day_and_leave_undated_events_out() -> None:
    ev = Event(
        id="x", type="meeting", status="held", date="2023-05", date_start="2023-05-01", date_end="2023-05-31"
    )
    assert query.matches(ev, query.event_filter(since="2023-05"))
    assert not query.matches(ev, query.event_filter(since="2023-05-15"))
    assert query.matches(ev, query.event_filter(until="2023-05-01"))
    assert query.matches(ev, query.event_filter(until="2023"))
    assert not query.matches(ev, query.event_filter(until="2023-04"))
    undated = Event(id="u", type="meeting", status="held")
    assert query.matches(undated, query.event_filter())
    assert not query.matches(undated, query.event_filter(since="2000"))


@pytest.mark.parametrize("curated", [True, False])
def test_walking_the_record_a_small_batch_at_a_time_reads_each_event_once_in_order(
    generated: Generated, curated: bool
) -> None:
    with Store(generated.path) as store:
        flt = query.EventFilter(curated=curated)
        whole = [e.id for e in query.iter_events(store.conn, flt, batch=10_000)]
        walked = [e.id for e in query.iter_events(store.conn, flt, batch=7)]
        paged = [
            e.id
            for dated in (True, False)
            for offset in range(0, len(whole), 5)
            for e in query.select_events(store.conn, replace(flt, dated=dated), limit=5, offset=offset)
        ]
    assert walked == whole == paged
    assert len(whole) > 50


def test_min_confidence_keeps_the_same_sure_events_in_the_cli_the_api_and_the_exports(
    generated: Generated, server: str, tmp_path: Path
) -> None:
    with Store(generated.path) as store:
        everything = query.select_events(store.conn)
    assert all(e.confidence is not None for e in everything)  # fusion gave every event one
    threshold = sorted(e.confidence or 0 for e in everything)[len(everything) // 2]
    sure = [e.id for e in everything if (e.confidence or 0) >= threshold]
    assert 0 < len(sure) < len(everything)
    filters = {"min_confidence": str(threshold)}
    lines = cli(generated.path, "events", "--json", *cli_args(filters)).splitlines()
    listed = [json.loads(line) for line in lines]
    assert [e["id"] for e in listed] == sure
    assert all(e["confidence"] >= threshold and set(e["field_confidence"]) for e in listed)
    assert api_ids(server, filters) == sure
    out = tmp_path / "sure.csv"
    cli(generated.path, "export", "--format", "csv", "-o", str(out), *cli_args(filters))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == sure
    assert all(float(r["confidence"]) >= threshold and 0 <= float(r["date_confidence"]) <= 1 for r in rows)
