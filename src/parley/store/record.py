"""The fused record as fusion reads and writes it: events, mentions, status history, expectations
and contradictions, and which stored reports are not yet fused.

Fusion calls these functions with a ``Store`` (or its connection inside a transaction). Readers of
the record read through ``parley.store.query``; nothing outside the store package holds SQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from parley.model import Contradiction, Event, EventReport, Expectation, StatusChange

if TYPE_CHECKING:
    from parley.store import Store

# The longest date range each span class may cover, in days: it bounds how far before a
# query range an event's span can start, so a date lookup is an index range per class.
SPAN_CLASSES: tuple[tuple[str, int | None], ...] = (("day", 16), ("month", 46), ("year", 380), ("long", None))


def span_class(start: dt.date | None, end: dt.date | None) -> str:
    if start is None or end is None:
        return "none"
    length = (end - start).days
    for name, limit in SPAN_CLASSES:
        if limit is None or length <= limit:
            return name
    return "long"


@dataclass(frozen=True)
class EventRow:
    """An event as fusion matches against it: the record plus what matching needs."""

    event: Event
    span_start: dt.date | None
    span_end: dt.date | None
    anchor: dt.date | None
    place_key: str | None
    match: dict[str, Any]


# Events as fusion reads them, by id, each with what it was read from: fusion reads the same
# candidate events for report after report, and reading and decoding their JSON each time was
# most of its lookups' cost. The JSON is read only for an event whose stored hash of it
# (``data_hash``, written with it) or whose indexed columns differ from the kept entry's; a
# rewritten event replaces its entry, so the cache holds one entry per event, at most this many.
DECODED_EVENTS = 20_000
_event_rows: dict[str, tuple[tuple[Any, ...], EventRow]] = {}

# The columns an EventRow is made of, less the JSON; ``data_hash`` last.
_ROW_COLUMNS = "id, span_start, span_end, anchor, place_key, data_hash"


def data_hash(data: str) -> str:
    """The hash of an event's stored JSON that ``events.data_hash`` holds."""
    return hashlib.blake2b(data.encode("utf-8"), digest_size=16).hexdigest()


def _tuples(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor that gives plain tuples, whatever the connection's row factory."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _rows(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[EventRow]:
    """EventRows for rows of ``_ROW_COLUMNS``, in their order; the JSON is read and decoded only
    for events not kept as they are stored."""
    out: dict[str, EventRow] = {}
    stale: dict[str, tuple[Any, ...]] = {}
    for row in rows:
        found = _event_rows.get(row[0])
        if found is not None and row[5] is not None and found[0] == row:
            out[row[0]] = found[1]
        else:
            stale[row[0]] = row
    ids = list(stale)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id, data FROM events WHERE id IN ({marks})"
        for event_id, text in _tuples(conn).execute(sql, chunk):
            row = stale[event_id]
            data = json.loads(text)
            out[event_id] = EventRow(
                event=Event.from_json(data["event"]),
                span_start=_day(row[1]),
                span_end=_day(row[2]),
                anchor=_day(row[3]),
                place_key=row[4],
                match=data.get("match") or {},
            )
            if len(_event_rows) >= DECODED_EVENTS:
                _event_rows.clear()
            _event_rows[event_id] = (row, out[event_id])
    return [out[row[0]] for row in rows if row[0] in out]


# -- candidates for fusion ---------------------------------------------------------


# A cheap test on (party_key, place_key) that spares decoding rows that cannot match.
Keep = Callable[[str, str | None], bool]


def events_overlapping(
    conn: sqlite3.Connection, type_: str, start: dt.date, end: dt.date, keep: Keep | None = None
) -> list[EventRow]:
    """Dated events of a type whose span overlaps ``start``..``end``: one index range per span class.

    The ranges read only ids, sides and places; whole rows (with their JSON) are read for the
    events that pass ``keep``, most of a large record's candidates failing it.
    """
    params: list[str] = []
    for name, limit in SPAN_CLASSES:
        low = (start - dt.timedelta(days=limit)).isoformat() if limit is not None else "0000"
        params += [type_, name, low, end.isoformat(), start.isoformat()]
    rows = [r[2:] for r in _tuples(conn).execute(_OVERLAPPING, params) if keep is None or keep(r[0], r[1])]
    return _rows(conn, rows)


# One index range per span class, in one statement.
_OVERLAPPING = " UNION ALL ".join(
    [f"SELECT party_key, place_key, {_ROW_COLUMNS} FROM events WHERE type = ? AND span_class = ?"
     " AND span_start BETWEEN ? AND ? AND span_end >= ?"] * len(SPAN_CLASSES)
)  # fmt: skip


def events_by_parties(
    conn: sqlite3.Connection, type_: str, party_key: str, low: dt.date, high: dt.date, *, undated_only: bool
) -> list[EventRow]:
    """Events of a type with exactly this party set whose anchor date lies in ``low``..``high``."""
    sql = f"SELECT {_ROW_COLUMNS} FROM events WHERE type = ? AND party_key = ? AND anchor BETWEEN ? AND ?"
    if undated_only:
        sql += " AND span_class = 'none'"
    params = (type_, party_key, low.isoformat(), high.isoformat())
    return _rows(conn, list(_tuples(conn).execute(sql, params)))


def events_at_venue(
    conn: sqlite3.Connection, type_: str, party_key: str, place_key: str, *, limit: int = 50
) -> list[EventRow]:
    """Events of a type with exactly this party set at this place, whatever their date: where an
    undated report with no publication date could belong."""
    sql = (
        f"SELECT {_ROW_COLUMNS} FROM events WHERE type = ? AND party_key = ? AND place_key = ? "
        "ORDER BY id LIMIT ?"
    )
    return _rows(conn, list(_tuples(conn).execute(sql, (type_, party_key, place_key, limit))))


# -- mentions ------------------------------------------------------------------------


def doc_fingerprints(conn: sqlite3.Connection, doc_id: str) -> dict[str, str]:
    rows = conn.execute("SELECT report_id, fingerprint FROM mentions WHERE doc_id = ?", (doc_id,))
    return {r[0]: r[1] for r in rows}


def remove_doc_mentions(conn: sqlite3.Connection, doc_id: str) -> set[str]:
    """Drop a document's mentions; return the events they belonged to."""
    rows = conn.execute("SELECT DISTINCT event_id FROM mentions WHERE doc_id = ?", (doc_id,))
    events = {r[0] for r in rows}
    conn.execute("DELETE FROM mentions WHERE doc_id = ?", (doc_id,))
    return events


def insert_mention(
    conn: sqlite3.Connection, event_id: str, report: EventReport, rule: str, fingerprint: str
) -> None:
    """Add a report's mention. Its id is the document's content id and the report's position,
    and fusion first removes the document's mentions (``remove_doc_mentions``), so a plain
    insert never meets an existing row; an upsert cost several times as much inside a run's
    transaction."""
    conn.execute(
        "INSERT INTO mentions (report_id, event_id, doc_id, doc, published, fingerprint, rule, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            report.key, event_id, report.doc_id, report.doc, report.published, fingerprint, rule,
            report.stored_json,
        ),
    )
    if report.round_trips:  # the very report decoding the row gives: no need to decode it later
        _remember(report.key, fingerprint, report)


# Decoded reports by (report id, fingerprint): an event is re-decided from all its mentions, and
# decoding each from JSON every time was a third of fusion's cost. The fingerprint is a hash of
# the report's content, so a cached report is never stale; the cache holds at most this many.
DECODED_REPORTS = 20_000
_decoded: dict[tuple[str, str], EventReport] = {}


def _remember(report_id: str, fingerprint: str, report: EventReport) -> None:
    if len(_decoded) >= DECODED_REPORTS:
        _decoded.clear()
    _decoded[(report_id, fingerprint)] = report


def _decode_report(report_id: str, fingerprint: str, data: str) -> EventReport:
    report = _decoded.get((report_id, fingerprint))
    if report is None:
        report = EventReport.from_json(json.loads(data))
        _remember(report_id, fingerprint, report)
    return report


def event_reports(conn: sqlite3.Connection, event_id: str) -> list[tuple[EventReport, str]]:
    """The reports fused into an event, each with the rule that attached it, oldest publication first."""
    rows = conn.execute(
        "SELECT report_id, fingerprint, data, rule FROM mentions WHERE event_id = ?"
        " ORDER BY published IS NULL, published, report_id",
        (event_id,),
    )
    return [(_decode_report(r[0], r[1], r[2]), r[3]) for r in rows]


def mention_rows(store: Store, event_id: str) -> list[tuple[EventReport, str]]:
    return event_reports(store.conn, event_id)


def event_shape(conn: sqlite3.Connection, event_id: str) -> tuple[Any, ...] | None:
    """What decides which events an event can match: its span, place, sides and status."""
    return conn.execute(
        "SELECT span_start, span_end, place_key, party_key, status, last_reported FROM events WHERE id = ?",
        (event_id,),
    ).fetchone()


def event_row(conn: sqlite3.Connection, event_id: str) -> EventRow | None:
    found = _tuples(conn).execute(f"SELECT {_ROW_COLUMNS} FROM events WHERE id = ?", (event_id,))
    rows = _rows(conn, list(found))
    return rows[0] if rows else None


def move_mentions(conn: sqlite3.Connection, source: str, target: str, rule: str) -> None:
    """Move every mention of event ``source`` to event ``target``, recording the rule that did it."""
    conn.execute("UPDATE mentions SET event_id = ?, rule = ? WHERE event_id = ?", (target, rule, source))


def event_mention_count(conn: sqlite3.Connection, event_id: str) -> int | None:
    """How many mentions an event was last decided from; None when it does not exist yet."""
    row = conn.execute("SELECT mentions FROM events WHERE id = ?", (event_id,)).fetchone()
    return None if row is None else int(row[0])


def current_mention_count(conn: sqlite3.Connection, event_id: str) -> int:
    """How many mentions an event holds now (it may have been decided from fewer)."""
    return int(conn.execute("SELECT COUNT(*) FROM mentions WHERE event_id = ?", (event_id,)).fetchone()[0])


def mark_unsettled(conn: sqlite3.Connection, event_ids: Iterable[str]) -> None:
    """List events whose mentions changed since they were decided."""
    rows = [(e,) for e in event_ids]
    conn.executemany("INSERT OR IGNORE INTO unsettled_events (event_id) VALUES (?)", rows)


def unsettled(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT event_id FROM unsettled_events ORDER BY event_id")]


def clear_unsettled(conn: sqlite3.Connection, event_id: str) -> None:
    conn.execute("DELETE FROM unsettled_events WHERE event_id = ?", (event_id,))


def assignments(conn: sqlite3.Connection) -> dict[str, str]:
    """Report id -> event id for every mention in the record."""
    return {r[0]: r[1] for r in conn.execute("SELECT report_id, event_id FROM mentions")}


def event_exists(conn: sqlite3.Connection, event_id: str) -> bool:
    return conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is not None


# -- writing an event and what is derived from it ------------------------------------------


def write_event(
    conn: sqlite3.Connection,
    event: Event,
    *,
    span: tuple[dt.date, dt.date] | None,
    anchor: dt.date | None,
    place_key: str | None,
    match: dict[str, Any],
    history: Iterable[StatusChange],
    expectations: Iterable[Expectation],
    contradictions: Iterable[Contradiction],
) -> None:
    """Upsert an event and replace its status history, expectations and contradictions."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    data = json.dumps({"event": event.to_json(), "match": match}, ensure_ascii=False)
    conn.execute(
        "INSERT INTO events (id, type, status, date, date_precision, date_start, date_end, span_class,"
        " span_start, span_end, anchor, place, place_key, parties, party_key, mediator, first_reported,"
        " last_reported, mentions, documents, issues, confidence, data, data_hash, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET type = excluded.type, status = excluded.status, date = excluded.date,"
        " date_precision = excluded.date_precision, date_start = excluded.date_start,"
        " date_end = excluded.date_end, span_class = excluded.span_class, span_start = excluded.span_start,"
        " span_end = excluded.span_end, anchor = excluded.anchor, place = excluded.place,"
        " place_key = excluded.place_key, parties = excluded.parties, party_key = excluded.party_key,"
        " mediator = excluded.mediator, first_reported = excluded.first_reported,"
        " last_reported = excluded.last_reported, mentions = excluded.mentions,"
        " documents = excluded.documents, issues = excluded.issues, confidence = excluded.confidence,"
        " data = excluded.data,"
        " data_hash = excluded.data_hash, updated_at = excluded.updated_at",
        (
            event.id, event.type, event.status, event.date, event.date_precision, event.date_start,
            event.date_end, span_class(*span) if span else "none",
            span[0].isoformat() if span else None, span[1].isoformat() if span else None,
            anchor.isoformat() if anchor else None, event.place, place_key,
            json.dumps(list(event.parties)), "|".join(sorted(event.parties)), event.mediator,
            event.first_reported, event.last_reported, event.mentions, event.documents,
            json.dumps(list(event.issues)), event.confidence, data, data_hash(data), now,
        ),
    )
    conn.execute("DELETE FROM status_history WHERE event_id = ?", (event.id,))
    conn.executemany(
        "INSERT INTO status_history (event_id, seq, status, reported_on, doc, doc_id, report_id, after_event,"
        " current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (h.event_id, h.seq, h.status, h.reported_on, h.doc, h.doc_id, h.report_id, int(h.after_event),
             int(h.current))
            for h in history
        ],
    )
    expected = [
        (x.report_id, x.event_id, x.doc_id, x.made_on, x.expected_end, x.resolution,
         json.dumps(x.to_json(), ensure_ascii=False))
        for x in expectations
    ]  # fmt: skip
    # Replaced rather than upserted: the event's old rows and any row of these reports (a
    # report that moved here from another event) go, then plain inserts. Upserts cost about
    # 40 µs a row inside a run's transaction, these about 5 (10,000 benchmark articles).
    conn.execute("DELETE FROM expectations WHERE event_id = ?", (event.id,))
    if expected:
        conn.execute(
            "DELETE FROM expectations WHERE report_id IN (SELECT value FROM json_each(?))",
            (json.dumps([x[0] for x in expected]),),
        )
    conn.executemany(
        "INSERT INTO expectations (report_id, event_id, doc_id, made_on, expected_end, resolution, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        expected,
    )
    conn.execute("DELETE FROM contradictions WHERE event_id = ?", (event.id,))
    conn.executemany(
        "INSERT INTO contradictions (event_id, field, data) VALUES (?, ?, ?)",
        [(c.event_id, c.field, json.dumps(c.to_json(), ensure_ascii=False)) for c in contradictions],
    )


def delete_event(conn: sqlite3.Connection, event_id: str) -> None:
    """Remove an event left without mentions; its history, expectations and contradictions go with it."""
    for table in ("status_history", "expectations", "contradictions", "mentions", "unsettled_events"):
        conn.execute(f"DELETE FROM {table} WHERE event_id = ?", (event_id,))
    conn.execute("DELETE FROM events WHERE id = ?", (event_id,))


# -- counts ------------------------------------------------------------------------------------


def count_events(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM events").fetchone()[0])


def count_mentions(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0])


# -- which stored reports are not yet fused ---------------------------------------------------


def stored_report_docs(store: Store) -> dict[str, list[EventReport]]:
    """Every stored report, grouped by document id."""
    out: dict[str, list[EventReport]] = {}
    for (data,) in store.conn.execute("SELECT data FROM reports ORDER BY doc_id, idx"):
        rep = EventReport.from_json(json.loads(data))
        out.setdefault(rep.doc_id, []).append(rep)
    return out


def fused_docs(store: Store) -> dict[str, dict[str, str]]:
    """Fingerprints of the fused mentions, by document id, for documents whose reports are stored."""
    out: dict[str, dict[str, str]] = {}
    rows = store.conn.execute(
        "SELECT doc_id, report_id, fingerprint FROM mentions"
        " WHERE doc_id IN (SELECT id FROM documents)"
    )
    for doc_id, report_id, fingerprint in rows:
        out.setdefault(doc_id, {})[report_id] = fingerprint
    return out
