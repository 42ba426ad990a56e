"""Exports: serializers over one iterator of records.

``records()`` yields one dict per event of the record with the fields of ``COLUMNS``, in that
order; every format is written from it. The events are those ``parley.store.query`` selects,
as every reader sees them: the curated record, unless the filter asks for the uncurated one
(``EventFilter(curated=False)``, ``parley export --uncurated``). Column names and order are
defined here once and documented in docs/exports.md (a test keeps the two equal). Nothing is
written anywhere but the stream or path the caller passes.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from parley.errors import ParleyError
from parley.store import curation, query

if TYPE_CHECKING:
    from parley.pack import Pack
    from parley.store import Store

FORMATS = ("csv", "jsonl", "parquet", "geojson", "ics", "plover")
BINARY_FORMATS = ("parquet",)

COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "status",
    "date",
    "date_precision",
    "date_start",
    "date_end",
    "date_approx",
    "place",
    "place_country",
    "lat",
    "lon",
    "parties",
    "mediator",
    "issues",
    "context",
    "mentions",
    "documents",
    "first_reported",
    "last_reported",
    "sources",
    "contradictions",
    "verdict",
    "confidence",
    "date_confidence",
    "place_confidence",
    "parties_confidence",
    "mediator_confidence",
    "status_confidence",
)
# The per-field confidence columns, in ``COLUMNS`` order: the field, then its column.
FIELD_CONFIDENCE_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (c.removesuffix("_confidence"), c) for c in COLUMNS if c.endswith("_confidence") and c != "confidence"
)
LIST_COLUMNS = ("parties", "issues", "sources", "contradictions")

PLOVER_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "event_type",
    "mode",
    "context",
    "actor1",
    "actor2",
    "other_actors",
    "mediator",
    "location",
    "country",
    "lat",
    "lon",
    "status",
    "cameo",
    "sources",
    "confidence",
)

Geocoder = Callable[[str], "tuple[float, float] | None"]


class ExportError(ParleyError):
    """An export cannot be written as asked."""


def records(store: Store, flt: query.EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """One dict per event the filter selects, keys in ``COLUMNS`` order; lists stay lists."""
    contradicted = query.contradicted_fields(store.conn)
    verdicts = curation.verdicts(store.conn)
    for ev in query.iter_events(store.conn, flt):
        sources = ev.sources
        docs = list(dict.fromkeys(d for s in sources for d in s.docs))
        yield {
            "id": ev.id,
            "type": ev.type,
            "status": ev.status,
            "date": ev.date,
            "date_precision": ev.date_precision,
            "date_start": ev.date_start,
            "date_end": ev.date_end,
            "date_approx": ev.date_approx,
            "place": ev.place,
            "place_country": ev.place_country,
            "lat": ev.lat,
            "lon": ev.lon,
            "parties": list(ev.parties),
            "mediator": ev.mediator,
            "issues": list(ev.issues),
            "context": ev.context,
            "mentions": ev.mentions,
            "documents": ev.documents,
            "first_reported": ev.first_reported,
            "last_reported": ev.last_reported,
            "sources": docs,
            "contradictions": contradicted.get(ev.id, []),
            "verdict": verdicts.get(ev.id),
            "confidence": ev.confidence,
            **{column: ev.confidence_of(name) for name, column in FIELD_CONFIDENCE_COLUMNS},
        }


# -- csv, jsonl, parquet -------------------------------------------------------------------------


def write_csv(rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    """CSV with a header; list fields joined with ";", missing values empty."""
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    for row in rows:
        writer.writerow([_cell(row[c]) for c in COLUMNS])
        n += 1
    return n


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_jsonl(rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    n = 0
    for row in rows:
        fh.write(json.dumps({c: row[c] for c in COLUMNS}, ensure_ascii=False) + "\n")
        n += 1
    return n


def parquet_schema() -> Any:
    import pyarrow as pa

    types = {
        "date_approx": pa.bool_(),
        "lat": pa.float64(),
        "lon": pa.float64(),
        "mentions": pa.int64(),
        "documents": pa.int64(),
        **{c: pa.float64() for c in COLUMNS if c.endswith("confidence")},
    }
    return pa.schema(
        [(c, pa.list_(pa.string()) if c in LIST_COLUMNS else types.get(c, pa.string())) for c in COLUMNS]
    )


def write_parquet(rows: Iterable[dict[str, Any]], path: str | Path, record: str = "curated") -> int:
    """Parquet with ``COLUMNS``; the schema's metadata ``parley.record`` says which record it holds."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = list(rows)
    schema = parquet_schema().with_metadata({"parley.record": record})
    table = pa.Table.from_pylist([{c: r[c] for c in COLUMNS} for r in data], schema=schema)
    pq.write_table(table, str(path))
    return len(data)


# -- geojson ------------------------------------------------------------------------------------


def pack_geocoder(pack: Pack | None) -> Geocoder:
    """Coordinates of a venue from the case pack's places (None when the pack does not know it)."""

    def geocode(name: str) -> tuple[float, float] | None:
        place = pack.place(name) if pack is not None else None
        return (place.lat, place.lon) if place is not None else None

    return geocode


def write_geojson(
    rows: Iterable[dict[str, Any]], fh: IO[str], geocode: Geocoder | None = None, record: str = "curated"
) -> int:
    """A FeatureCollection of events at venues with coordinates (the reports' own, else the pack's);
    events without a known venue are left out. Properties are ``COLUMNS`` less lat/lon; the
    collection's ``record`` member says which record it holds."""
    features = []
    for row in rows:
        lat, lon = row["lat"], row["lon"]
        if (lat is None or lon is None) and row["place"] and geocode is not None:
            found = geocode(row["place"])
            if found:
                lat, lon = found
        if lat is None or lon is None:
            continue
        props = {c: row[c] for c in COLUMNS if c not in ("lat", "lon")}
        features.append(
            {"type": "Feature", "id": row["id"], "geometry": {"type": "Point", "coordinates": [lon, lat]},
             "properties": props}
        )
    json.dump({"type": "FeatureCollection", "record": record, "features": features}, fh, ensure_ascii=False)
    fh.write("\n")
    return len(features)


# -- ics (RFC 5545, written by hand) ---------------------------------------------------------------

ICS_STATUS = {"planned": "TENTATIVE", "held": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "CANCELLED"}


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def write_ics(
    rows: Iterable[dict[str, Any]], fh: IO[str], now: dt.datetime | None = None, record: str = "curated"
) -> int:
    """Meetings and calls with a day-precision date as all-day VEVENTs.

    Month- and year-only and undated events are skipped: an all-day entry on the first of
    the month would put a meeting on a day nobody reported. Approximate days are kept, with
    a note in the DESCRIPTION.
    """
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//parley//negotiation record//EN", "CALSCALE:GREGORIAN",
        f"X-PARLEY-RECORD:{record}",
    ]
    n = 0
    for row in rows:
        if row["type"] not in {"meeting", "call"} or row["date_precision"] != "day" or not row["date_start"]:
            continue
        start = dt.date.fromisoformat(row["date_start"])
        end = dt.date.fromisoformat(row["date_end"] or row["date_start"]) + dt.timedelta(days=1)
        parties = ", ".join(row["parties"]) or "unknown parties"
        summary = f"{row['type'].capitalize()}: {parties}" + (f" ({row['place']})" if row["place"] else "")
        notes = [f"Status: {row['status']}"]
        if row["mediator"]:
            notes.append(f"Mediator: {row['mediator']}")
        if row["date_approx"]:
            notes.append("Date approximate (about a week either side)")
        if row["issues"]:
            notes.append("Issues: " + ", ".join(row["issues"]))
        if row["contradictions"]:
            notes.append("Sources disagree on: " + ", ".join(row["contradictions"]))
        notes.append(f"Sources ({row['mentions']} reports): " + ", ".join(row["sources"]))
        if row["confidence"] is not None:
            notes.append(f"Confidence that it is real: {row['confidence']:.2f}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{row['id']}@parley",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{ics_escape(summary)}",
            f"DESCRIPTION:{ics_escape(chr(10).join(notes))}",
        ]
        if row["place"]:
            lines.append(f"LOCATION:{ics_escape(row['place'])}")
        if row["lat"] is not None and row["lon"] is not None:
            lines.append(f"GEO:{row['lat']:.6f};{row['lon']:.6f}")
        if row["status"] in ICS_STATUS:
            lines.append(f"STATUS:{ICS_STATUS[row['status']]}")
        if row["issues"]:
            lines.append("CATEGORIES:" + ",".join(ics_escape(i) for i in row["issues"]))
        lines.append("END:VEVENT")
        n += 1
    lines.append("END:VCALENDAR")
    fh.write("".join(ics_fold(line) + "\r\n" for line in lines))
    return n


# -- plover -----------------------------------------------------------------------------------------

# CAMEO codes by (type, mode or status). "" where no CAMEO code says what happened: a cancelled
# meeting is not a "reduce relations" (16x) event, and 0 is not a CAMEO code.
CAMEO_CONSULT = {"phone": "041", "visit": "042", "third-party": "045", "multilateral": "040", "": "040",
                 "third-location": "044"}


def plover_row(row: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER-style record (see docs/exports.md for the mapping and its limits)."""
    parties = list(row["parties"])
    mediator = row["mediator"]
    sides = [p for p in parties if p != mediator] or parties
    host = row["place_country"]
    status = row["status"]
    if row["type"] == "agreement":
        event_type, mode = "AGREE", ""
        cameo = {"signed": "057", "held": "057", "planned": "030"}.get(status, "")
    else:
        event_type = "CONSULT"
        if row["type"] == "call":
            mode = "phone"
        elif mediator:
            mode = "third-party"
        elif len(sides) > 2:
            mode = "multilateral"
        elif host and host in sides and len(sides) == 2:
            mode = "visit"
            sides = [p for p in sides if p != host] + [host]  # actor1 visits actor2, the host
        elif host and len(sides) == 2:
            mode = "third-location"
        else:
            mode = ""
        if status == "planned":
            cameo = "036"
        else:
            cameo = "" if status in {"cancelled", "postponed"} else CAMEO_CONSULT[mode]
    return {
        "event_id": row["id"],
        "event_date": row["date"],
        "event_type": event_type,
        "mode": mode,
        "context": row["context"] or "",
        "actor1": sides[0] if sides else "",
        "actor2": sides[1] if len(sides) > 1 else "",
        "other_actors": ";".join(sides[2:]),
        "mediator": mediator or "",
        "location": row["place"] or "",
        "country": host or "",
        "lat": row["lat"],
        "lon": row["lon"],
        "status": status,
        "cameo": cameo,
        "sources": ";".join(row["sources"]),
        "confidence": row["confidence"],
    }


def write_plover(rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    """PLOVER-style records as JSON Lines, keys in ``PLOVER_COLUMNS`` order."""
    n = 0
    for row in rows:
        data = plover_row(row)
        fh.write(json.dumps({c: data[c] for c in PLOVER_COLUMNS}, ensure_ascii=False) + "\n")
        n += 1
    return n


def export(
    store: Store,
    fmt: str,
    out: IO[str] | str | Path,
    flt: query.EventFilter | None = None,
    *,
    geocode: Geocoder | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Write the record in ``fmt`` to a text stream or a path; return the number of records written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}. Fix: use one of {', '.join(FORMATS)}.")
    rows = records(store, flt)
    record = "curated" if flt is None or flt.curated else "uncurated"
    if fmt == "parquet":
        if not isinstance(out, str | Path):
            raise ExportError("parquet is binary. Fix: give a file path with -o.")
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        return write_parquet(rows, out, record)
    if isinstance(out, str | Path):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        newline = "" if fmt == "ics" else None
        with open(out, "w", encoding="utf-8", newline=newline) as fh:
            return _write_text(fmt, rows, fh, geocode, now, record)
    return _write_text(fmt, rows, out, geocode, now, record)


def _write_text(
    fmt: str,
    rows: Iterable[dict[str, Any]],
    fh: IO[str],
    geocode: Geocoder | None,
    now: dt.datetime | None,
    record: str,
) -> int:
    if fmt == "csv":
        return write_csv(rows, fh)
    if fmt == "jsonl":
        return write_jsonl(rows, fh)
    if fmt == "geojson":
        return write_geojson(rows, fh, geocode, record)
    if fmt == "ics":
        return write_ics(rows, fh, now, record)
    return write_plover(rows, fh)
