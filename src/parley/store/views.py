"""Read-only views of the record for the web app and its JSON API, and the curation layer over it.

The timeline, map, network, actor, issue, ledger and search views are bounded queries
(paginated, limited, or aggregated through indexes) so they stay fast on a large record.
Curation (confirm, correct, reject, merge, split) is written to its own tables by the
functions at the end of this module and applied when events are read, so fusing again
never overwrites an analyst's decision.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from parley.errors import StoreError
from parley.model import (
    EVENT_TYPES,
    STATUSES,
    Contradiction,
    Document,
    Event,
    EventReport,
    Expectation,
    Side,
    Stance,
    StatusChange,
)

# Fields an analyst may correct, and how a corrected value is checked.
CORRECTABLE: tuple[str, ...] = ("type", "status", "date", "place", "mediator", "parties")
FORMATS: tuple[str, ...] = ("bilateral", "trilateral", "multilateral")
HIDDEN_VERDICTS = ("rejected", "merged")

# How many rows a count goes up to before it reports "more than": an exact count of a large
# filtered record would cost a full scan on every page view.
COUNT_CAP = 10_000

# The format of an event follows from how many sides were present (mediator included), the same
# reading the extractor applies to one report: two sides bilateral, three trilateral, more multilateral.
_FORMAT_SQL = (
    "CASE WHEN json_array_length(e.parties) <= 2 THEN 'bilateral'"
    " WHEN json_array_length(e.parties) = 3 THEN 'trilateral' ELSE 'multilateral' END"
)


def _corrected(field: str, corrected: frozenset[str] | None = None) -> str:
    """The field's value with any correction applied; the bare column (which an index can serve)
    when ``corrected`` says no event has that field corrected."""
    if corrected is not None and field not in corrected:
        return f"e.{field}"
    return (
        f"coalesce((SELECT json_extract(c.value, '$') FROM corrections c WHERE c.event_id = e.id"
        f" AND c.field = '{field}'), e.{field})"
    )


_VISIBLE = (
    "NOT EXISTS (SELECT 1 FROM event_verdicts v WHERE v.event_id = e.id"
    " AND v.verdict IN ('rejected', 'merged'))"
)


def format_of(parties: Iterable[str]) -> str:
    n = len(tuple(parties))
    return "bilateral" if n <= 2 else "trilateral" if n == 3 else "multilateral"


@dataclass(frozen=True)
class EventQuery:
    """The filters of every list of events; each is a query parameter of the web views."""

    actor: str | None = None
    issue: str | None = None
    mediator: str | None = None
    format: str | None = None
    status: str | None = None
    type: str | None = None
    since: str | None = None  # YYYY[-MM[-DD]], compared with the event's first day
    until: str | None = None
    limit: int = 100
    offset: int = 0
    corrected: frozenset[str] | None = None  # fields that have corrections (None: any may)


@dataclass(frozen=True)
class EventPage:
    events: tuple[Event, ...]
    total: int  # capped at COUNT_CAP
    capped: bool
    undated: int


def data_version(conn: sqlite3.Connection) -> int:
    """Changes when another connection commits: the key that invalidates cached aggregates."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def _facet(facet: str, by_date: bool) -> str:
    # A common value (an actor present at most events) is best checked row by row while the date
    # index is walked, so a page stops early; a rare one is best read from the facet index first.
    if by_date:
        return (
            f" AND EXISTS (SELECT 1 FROM event_facets f WHERE f.facet = '{facet}' AND f.value = ?"
            " AND f.event_id = e.id)"
        )
    return f" AND e.id IN (SELECT event_id FROM event_facets WHERE facet = '{facet}' AND value = ?)"


def corrected_fields(conn: sqlite3.Connection) -> frozenset[str]:
    """Fields that at least one correction touches."""
    return frozenset(r[0] for r in conn.execute("SELECT DISTINCT field FROM corrections"))


def _where(
    q: EventQuery, *, dated: bool = True, common: frozenset[str] = frozenset()
) -> tuple[str, list[Any]]:
    sql = " WHERE " + _VISIBLE
    args: list[Any] = []
    fixed = q.corrected
    if dated:
        sql += " AND e.date_start IS NOT NULL"
    if q.since:
        sql += " AND e.date_start >= ?"
        args.append(q.since)
    if q.until:
        sql += " AND e.date_start <= ?"
        args.append(q.until + "\uffff")
    if q.actor:
        sql += _facet("actor", q.actor.upper() in common)
        args.append(q.actor.upper())
    if q.issue:
        sql += _facet("issue", q.issue in common)
        args.append(q.issue)
    if q.mediator:
        sql += f" AND {_corrected('mediator', fixed)} = ?"
        args.append(q.mediator.upper())
    if q.status:
        sql += f" AND {_corrected('status', fixed)} = ?"
        args.append(q.status)
    if q.type:
        sql += f" AND {_corrected('type', fixed)} = ?"
        args.append(q.type)
    if q.format:
        sql += f" AND {_FORMAT_SQL} = ?"
        args.append(q.format)
    return sql, args


def _event(data: str) -> Event:
    return Event.from_json(json.loads(data)["event"])


def timeline(
    conn: sqlite3.Connection, q: EventQuery, *, common: frozenset[str] = frozenset(), counted: bool = True
) -> EventPage:
    """Dated events matching ``q`` in date order, one page of them, corrections applied.

    ``common`` names facet values frequent enough to filter while walking the date index;
    ``counted=False`` skips the counts (total -1), for callers that have them cached.
    """
    where, args = _where(q, common=common)
    rows = conn.execute(
        "SELECT e.id, e.data FROM events e" + where + " ORDER BY e.date_start, e.id LIMIT ? OFFSET ?",
        [*args, q.limit, q.offset],
    ).fetchall()
    events = apply_corrections(conn, [_event(r["data"]) for r in rows])
    splits = [ev for ev in split_events(conn) if _matches(ev, q)]
    if splits and q.offset == 0:
        events = tuple(sorted((*events, *splits), key=lambda ev: (ev.date_start or "", ev.id)))[: q.limit]
    if not counted:
        return EventPage(tuple(events), -1, False, -1)
    total, undated = counts(conn, q, common=common)
    return EventPage(tuple(events), min(total + len(splits), COUNT_CAP), total > COUNT_CAP, undated)


def counts(
    conn: sqlite3.Connection, q: EventQuery, *, common: frozenset[str] = frozenset()
) -> tuple[int, int]:
    """(dated events matching ``q``, up to COUNT_CAP + 1; undated events matching its other filters)."""
    where, args = _where(q, common=common)
    total = int(
        conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM events e{where} LIMIT ?)", [*args, COUNT_CAP + 1]
        ).fetchone()[0]
    )
    undated_where, undated_args = _where(replace(q, since=None, until=None), dated=False, common=common)
    undated = int(
        conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM events e{undated_where} AND e.date_start IS NULL LIMIT ?)",
            [*undated_args, COUNT_CAP + 1],
        ).fetchone()[0]
    )
    return total, undated


def undated_events(
    conn: sqlite3.Connection, q: EventQuery, *, common: frozenset[str] = frozenset()
) -> list[Event]:
    where, args = _where(replace(q, since=None, until=None), dated=False, common=common)
    rows = conn.execute(
        f"SELECT e.data FROM events e{where} AND e.date_start IS NULL"
        " ORDER BY e.anchor, e.id LIMIT ? OFFSET ?",
        [*args, q.limit, q.offset],
    ).fetchall()
    return list(apply_corrections(conn, [_event(r["data"]) for r in rows]))


def _matches(ev: Event, q: EventQuery) -> bool:
    checks = [
        not q.actor or q.actor.upper() in ev.parties,
        not q.issue or q.issue in ev.issues,
        not q.mediator or ev.mediator == q.mediator.upper(),
        not q.status or ev.status == q.status,
        not q.type or ev.type == q.type,
        not q.format or format_of(ev.parties) == q.format,
        not q.since or (ev.date_start or "") >= q.since,
        not q.until or (ev.date_start or "\uffff") <= q.until + "\uffff",
    ]
    return all(checks)


def date_bounds(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    """The first and last event day in the record (two index look-ups)."""
    low = conn.execute("SELECT min(date_start) FROM events").fetchone()[0]
    high = conn.execute("SELECT max(date_start) FROM events").fetchone()[0]
    return low, high


def histogram(conn: sqlite3.Connection, q: EventQuery, unit: int) -> list[tuple[str, str, int]]:
    """(bucket, status, count) over the filtered record; ``unit`` is 4 (years), 7 (months) or 10 (days)."""
    where, args = _where(replace(q, status=None))
    rows = conn.execute(
        f"SELECT substr(e.date_start, 1, {int(unit)}) AS bucket, {_corrected('status')} AS st, count(*) AS n"
        f" FROM events e{where} GROUP BY bucket, st ORDER BY bucket",
        args,
    ).fetchall()
    return [(r["bucket"], r["st"], int(r["n"])) for r in rows]


def event_row(conn: sqlite3.Connection, event_id: str) -> Event | None:
    """An event by id as fusion stored it (no curation applied)."""
    row = conn.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
    return _event(row["data"]) if row else None


def verdict(conn: sqlite3.Connection, event_id: str) -> tuple[str, str | None] | None:
    row = conn.execute(
        "SELECT verdict, merged_into FROM event_verdicts WHERE event_id = ?", (event_id,)
    ).fetchone()
    return (row["verdict"], row["merged_into"]) if row else None


def merged_into(conn: sqlite3.Connection, event_id: str) -> list[str]:
    rows = conn.execute(
        "SELECT event_id FROM event_verdicts WHERE verdict = 'merged' AND merged_into = ? ORDER BY event_id",
        (event_id,),
    )
    return [r[0] for r in rows]


def mentions(conn: sqlite3.Connection, event_ids: Iterable[str]) -> list[tuple[EventReport, str, str]]:
    """(report, rule, event id) for the mentions of these events, split-off mentions left out."""
    out: list[tuple[EventReport, str, str]] = []
    for event_id in event_ids:
        rows = conn.execute(
            "SELECT m.data, m.rule FROM mentions m WHERE m.event_id = ?"
            " AND m.report_id NOT IN (SELECT report_id FROM mention_splits)"
            " ORDER BY m.published IS NULL, m.published, m.report_id",
            (event_id,),
        )
        out += [(EventReport.from_json(json.loads(r[0])), r[1], event_id) for r in rows]
    return out


def split_mention(conn: sqlite3.Connection, event_id: str) -> tuple[EventReport, str] | None:
    """The report behind a split-off event ('split-' + report id) and the event it came from."""
    split = conn.execute(
        "SELECT report_id, from_event FROM mention_splits WHERE event_id = ?", (event_id,)
    ).fetchone()
    if split is None:
        return None
    row = conn.execute("SELECT data FROM mentions WHERE report_id = ?", (split[0],)).fetchone()
    return (EventReport.from_json(json.loads(row[0])), split[1]) if row else None


def split_ids(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT event_id FROM mention_splits ORDER BY event_id")]


def split_events(conn: sqlite3.Connection) -> list[Event]:
    """Events made of one split-off mention each, decided from that report alone."""
    ids = split_ids(conn)
    if not ids:
        return []
    from parley.fuse import consolidate

    out = []
    for event_id in ids:
        found = split_mention(conn, event_id)
        state = verdict(conn, event_id)
        if found and (state is None or state[0] not in HIDDEN_VERDICTS):
            out.append(consolidate(event_id, [(found[0], "curation.split")]).event)
    return list(apply_corrections(conn, out))


def status_history(conn: sqlite3.Connection, event_ids: Iterable[str]) -> list[StatusChange]:
    out = []
    for event_id in event_ids:
        rows = conn.execute("SELECT * FROM status_history WHERE event_id = ? ORDER BY seq", (event_id,))
        out += [
            StatusChange(
                event_id=r["event_id"],
                seq=r["seq"],
                status=r["status"],
                reported_on=r["reported_on"],
                doc=r["doc"],
                doc_id=r["doc_id"],
                report_id=r["report_id"],
                after_event=bool(r["after_event"]),
                current=bool(r["current"]),
            )
            for r in rows
        ]
    return out


def contradictions(conn: sqlite3.Connection, event_ids: Iterable[str]) -> list[Contradiction]:
    out = []
    for event_id in event_ids:
        for (data,) in conn.execute(
            "SELECT data FROM contradictions WHERE event_id = ? ORDER BY field", (event_id,)
        ):
            raw = json.loads(data)
            sides = tuple(Side.from_json(s) for s in raw["sides"])
            out.append(Contradiction(raw["event_id"], raw["field"], sides, raw["rule"]))
    return out


def documents_by_id(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Document]:
    from parley.store import _document

    out: dict[str, Document] = {}
    for doc_id in dict.fromkeys(ids):
        row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row:
            out[doc_id] = _document(row)
    return out


# -- corrections applied on read ----------------------------------------------------------------


def _date_range(value: str) -> tuple[str, str, str]:
    """(precision, first day, last day) of a YYYY[-MM[-DD]] value."""
    if len(value) == 10:
        day = dt.date.fromisoformat(value)
        return "day", day.isoformat(), day.isoformat()
    if len(value) == 7:
        first = dt.date.fromisoformat(value + "-01")
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return "month", first.isoformat(), last.isoformat()
    year = int(value)
    return "year", dt.date(year, 1, 1).isoformat(), dt.date(year, 12, 31).isoformat()


def corrections(conn: sqlite3.Connection, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Event id -> field -> corrected value, for the events given."""
    ids = list(dict.fromkeys(event_ids))
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT event_id, field, value FROM corrections WHERE event_id IN ({marks})", chunk
        ):
            out.setdefault(row[0], {})[row[1]] = json.loads(row[2])
    return out


def correct_event(ev: Event, fields: dict[str, Any]) -> Event:
    """An event with corrected field values in place of the fused ones."""
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "parties":
            changes["parties"] = tuple(value)
        elif name == "date":
            if value is None:
                changes.update(
                    date=None, date_precision=None, date_start=None, date_end=None, date_approx=False
                )
            else:
                precision, first, last = _date_range(value)
                changes.update(
                    date=value, date_precision=precision, date_start=first, date_end=last, date_approx=False
                )
        elif name == "place" and value != ev.place:
            changes.update(place=value, lat=None, lon=None, place_country=None)
        else:
            changes[name] = value
    return replace(ev, **changes)


def apply_corrections(conn: sqlite3.Connection, events: list[Event]) -> tuple[Event, ...]:
    fixes = corrections(conn, [e.id for e in events])
    return tuple(correct_event(e, fixes[e.id]) if e.id in fixes else e for e in events)


def curation_log(conn: sqlite3.Connection, event_ids: Iterable[str]) -> list[dict[str, Any]]:
    ids = list(dict.fromkeys(event_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT * FROM curation_log WHERE event_id IN ({marks}) OR target IN ({marks}) ORDER BY id",
        [*ids, *ids],
    )
    return [dict(r) for r in rows]


# -- aggregates: venues, network, actors, issues ----------------------------------------------------


def venues(conn: sqlite3.Connection, limit: int = 1000) -> list[tuple[str, int, float | None, float | None]]:
    """(place, events, lat, lon) for every named venue, most used first."""
    rows = conn.execute(
        f"SELECT {_corrected('place', corrected_fields(conn))} AS p, count(*) AS n FROM events e"
        f" WHERE {_VISIBLE} AND p IS NOT NULL"
        " GROUP BY p ORDER BY n DESC, p LIMIT ?",
        (limit,),
    ).fetchall()
    out = []
    for r in rows:
        coords = conn.execute(
            "SELECT json_extract(data, '$.event.lat'), json_extract(data, '$.event.lon') FROM events"
            " WHERE place = ? AND json_extract(data, '$.event.lat') IS NOT NULL LIMIT 1",
            (r["p"],),
        ).fetchone()
        out.append((r["p"], int(r["n"]), coords[0] if coords else None, coords[1] if coords else None))
    return out


def venue_events(conn: sqlite3.Connection, place: str, *, limit: int = 100, offset: int = 0) -> list[Event]:
    """Events at a venue (its corrected name when corrected), undated first, then by date."""
    fixed = corrected_fields(conn)
    rows = conn.execute(
        f"SELECT e.data FROM events e WHERE {_corrected('place', fixed)} = ? AND {_VISIBLE}"
        " ORDER BY e.date_start, e.id LIMIT ? OFFSET ?",
        (place, limit, offset),
    ).fetchall()
    return list(apply_corrections(conn, [_event(r[0]) for r in rows]))


def network(
    conn: sqlite3.Connection, since: str | None = None, until: str | None = None
) -> list[tuple[str, str, str, int]]:
    """(a, b, kind, events) edges: ``meets`` between sides present together, ``mediates`` from a
    mediator to each side it brought together."""
    where = " WHERE " + _VISIBLE
    args: list[Any] = []
    if since:
        where += " AND e.date_start >= ?"
        args.append(since)
    if until:
        where += " AND e.date_start <= ?"
        args.append(until + "\uffff")
    rows = conn.execute(
        "SELECT a.value AS a, b.value AS b,"
        " CASE WHEN e.mediator IN (a.value, b.value) THEN 'mediates' ELSE 'meets' END AS kind, count(*) AS n"
        " FROM events e JOIN event_facets a ON a.event_id = e.id AND a.facet = 'actor'"
        " JOIN event_facets b ON b.event_id = e.id AND b.facet = 'actor' AND a.value < b.value"
        f"{where} GROUP BY a.value, b.value, kind ORDER BY n DESC",
        args,
    ).fetchall()
    return [(r["a"], r["b"], r["kind"], int(r["n"])) for r in rows]


def facet_counts(conn: sqlite3.Connection, facet: str) -> list[tuple[str, int]]:
    """(value, events) of one facet (actor or issue), most frequent first."""
    rows = conn.execute(
        "SELECT value, count(*) AS n FROM event_facets f WHERE facet = ? AND NOT EXISTS"
        " (SELECT 1 FROM event_verdicts v WHERE v.event_id = f.event_id"
        " AND v.verdict IN ('rejected', 'merged'))"
        " GROUP BY value ORDER BY n DESC, value",
        (facet,),
    )
    return [(r[0], int(r[1])) for r in rows]


def mediators(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute("SELECT DISTINCT mediator FROM events WHERE mediator IS NOT NULL ORDER BY 1")
    ]


def stances(
    conn: sqlite3.Connection, *, issue: str | None = None, party: str | None = None, limit: int = 200
) -> list[Stance]:
    sql = "SELECT data FROM stances WHERE 1=1"
    args: list[Any] = []
    if issue:
        sql += " AND issue = ?"
        args.append(issue)
    if party:
        sql += " AND party = ?"
        args.append(party)
    sql += " ORDER BY published IS NULL, published, doc_id, start LIMIT ?"
    args.append(limit)
    return [Stance(**json.loads(r[0])) for r in conn.execute(sql, args)]


# -- the expectations ledger -----------------------------------------------------------------------

# Mirrors ledger.resolve in SQL so the tally and a page of the ledger need no full read:
# a pending claim is overdue once its date has passed, an undated one a year after it was made.
_RESOLUTION_SQL = (
    "CASE WHEN x.resolution IN ('came_true', 'failed') THEN x.resolution"
    " WHEN coalesce(x.expected_end, date(x.made_on, '+365 days')) < :today THEN 'overdue' ELSE 'open' END"
)
_SOURCE_SQL = "coalesce(d.outlet, json_extract(x.data, '$.doc'))"


def ledger_page(
    conn: sqlite3.Connection, today: dt.date, *, source: str | None = None, limit: int = 100, offset: int = 0
) -> list[Expectation]:
    sql = (
        f"SELECT x.data, {_SOURCE_SQL} AS source, {_RESOLUTION_SQL} AS res FROM expectations x"
        " LEFT JOIN documents d ON d.id = x.doc_id"
    )
    params: dict[str, Any] = {"today": today.isoformat(), "limit": limit, "offset": offset}
    if source:
        sql += f" WHERE {_SOURCE_SQL} = :source"
        params["source"] = source
    # Undated claims come first: ordering on the bare column lets the index serve the page.
    sql += " ORDER BY x.made_on, x.report_id LIMIT :limit OFFSET :offset"
    return [
        replace(Expectation(**json.loads(r["data"])), source=r["source"], resolution=r["res"])
        for r in conn.execute(sql, params)
    ]


def ledger_tally(conn: sqlite3.Connection, today: dt.date) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {_SOURCE_SQL} AS source, {_RESOLUTION_SQL} AS res, count(*) AS n FROM expectations x"
        " LEFT JOIN documents d ON d.id = x.doc_id GROUP BY source, res",
        {"today": today.isoformat()},
    )
    counts: dict[str, dict[str, Any]] = {}
    for r in rows:
        row = counts.setdefault(
            r["source"],
            {"source": r["source"], "made": 0, "came_true": 0, "failed": 0, "overdue": 0, "open": 0},
        )
        row["made"] += r["n"]
        row[r["res"]] += r["n"]
    return sorted(counts.values(), key=lambda t: (-t["made"], t["source"]))


# -- search ----------------------------------------------------------------------------------------

# Snippet markers outside any text an article can contain, swapped for <mark> after escaping.
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query of quoted terms (all must occur), immune to its syntax."""
    terms = [t.replace('"', '""') for t in text.split() if t.strip('"')]
    return " ".join(f'"{t}"' for t in terms)


def search(conn: sqlite3.Connection, text: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Articles matching every word, best first, each with a snippet whose hits sit between markers."""
    query = fts_query(text)
    if not query:
        return []
    try:
        rows = conn.execute(
            "SELECT f.doc_id, d.name, d.title, d.published, d.outlet,"
            f" snippet(documents_fts, 2, '{MARK_OPEN}', '{MARK_CLOSE}', ' … ', 24) AS snippet"
            " FROM documents_fts f JOIN documents d ON d.id = f.doc_id WHERE documents_fts MATCH ?"
            " ORDER BY bm25(documents_fts) LIMIT ? OFFSET ?",
            (query, limit, offset),
        ).fetchall()
    except sqlite3.OperationalError as err:
        raise StoreError(f"cannot search for {text!r}: {err}") from err
    return [dict(r) for r in rows]


# -- curation writes -------------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def event_known(conn: sqlite3.Connection, event_id: str) -> bool:
    if conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone():
        return True
    return conn.execute("SELECT 1 FROM mention_splits WHERE event_id = ?", (event_id,)).fetchone() is not None


def _log(
    conn: sqlite3.Connection,
    action: str,
    event_id: str,
    *,
    field: str | None = None,
    value: str | None = None,
    target: str | None = None,
    note: str = "",
) -> int:
    cur = conn.execute(
        "INSERT INTO curation_log (action, event_id, field, value, target, note, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (action, event_id, field, value, target, note, _now()),
    )
    return int(cur.lastrowid or 0)


def check_correction(field: str, value: Any) -> Any:
    """The value normalised, or StoreError saying what a valid one looks like."""
    if field not in CORRECTABLE:
        raise StoreError(f"field {field!r} cannot be corrected; choose one of {', '.join(CORRECTABLE)}")
    if field == "status" and value not in STATUSES:
        raise StoreError(f"status must be one of {', '.join(STATUSES)}, got {value!r}")
    if field == "type" and value not in EVENT_TYPES:
        raise StoreError(f"type must be one of {', '.join(EVENT_TYPES)}, got {value!r}")
    if field == "date" and value is not None:
        try:
            if not isinstance(value, str) or len(value) not in (4, 7, 10):
                raise ValueError(value)
            _date_range(value)
        except ValueError as err:
            raise StoreError(f"date must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}") from err
    if field == "parties":
        if not isinstance(value, list) or not value or not all(isinstance(p, str) and p for p in value):
            raise StoreError('parties must be a non-empty list of actor codes, e.g. ["ARM", "AZE"]')
        return sorted({p.upper() for p in value})
    if (
        field in ("place", "mediator")
        and value is not None
        and (not isinstance(value, str) or not value.strip())
    ):
        raise StoreError(f"{field} must be a non-empty string or null")
    if field == "mediator" and value is not None:
        return value.upper()
    return value


def confirm(conn: sqlite3.Connection, event_id: str, note: str = "") -> int:
    cid = _log(conn, "confirm", event_id, note=note)
    conn.execute(
        "INSERT INTO event_verdicts (event_id, verdict, merged_into, curation_id)"
        " VALUES (?, 'confirmed', NULL, ?)"
        " ON CONFLICT(event_id) DO UPDATE SET verdict = 'confirmed', merged_into = NULL,"
        " curation_id = excluded.curation_id",
        (event_id, cid),
    )
    return cid


def reject(conn: sqlite3.Connection, event_id: str, note: str = "") -> int:
    cid = _log(conn, "reject", event_id, note=note)
    conn.execute(
        "INSERT INTO event_verdicts (event_id, verdict, merged_into, curation_id)"
        " VALUES (?, 'rejected', NULL, ?)"
        " ON CONFLICT(event_id) DO UPDATE SET verdict = 'rejected', merged_into = NULL,"
        " curation_id = excluded.curation_id",
        (event_id, cid),
    )
    return cid


def correct(conn: sqlite3.Connection, event_id: str, field: str, value: Any, note: str = "") -> int:
    value = check_correction(field, value)
    encoded = json.dumps(value, ensure_ascii=False)
    cid = _log(conn, "correct", event_id, field=field, value=encoded, note=note)
    conn.execute(
        "INSERT INTO corrections (event_id, field, value, curation_id) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(event_id, field) DO UPDATE SET value = excluded.value,"
        " curation_id = excluded.curation_id",
        (event_id, field, encoded, cid),
    )
    return cid


def merge(conn: sqlite3.Connection, event_id: str, other: str, note: str = "") -> int:
    """Merge ``other`` into ``event_id``: ``other`` leaves the lists; its mentions join ``event_id``."""
    if other == event_id:
        raise StoreError("an event cannot be merged into itself; name two different events")
    target = verdict(conn, event_id)
    if target and target[0] in HIDDEN_VERDICTS:
        raise StoreError(f"event {event_id} is {target[0]}; merge into an event still in the record")
    cid = _log(conn, "merge", other, target=event_id, note=note)
    conn.execute(
        "INSERT INTO event_verdicts (event_id, verdict, merged_into, curation_id) VALUES (?, 'merged', ?, ?)"
        " ON CONFLICT(event_id) DO UPDATE SET verdict = 'merged', merged_into = excluded.merged_into,"
        " curation_id = excluded.curation_id",
        (other, event_id, cid),
    )
    # Events merged into ``other`` earlier follow it, so no merge chain points at a hidden event.
    conn.execute("UPDATE event_verdicts SET merged_into = ? WHERE merged_into = ?", (event_id, other))
    return cid


def split(conn: sqlite3.Connection, event_id: str, report_id: str, note: str = "") -> str:
    """Split one mention off its event into an event of its own; returns the new event's id."""
    row = conn.execute("SELECT event_id FROM mentions WHERE report_id = ?", (report_id,)).fetchone()
    if row is None or row[0] != event_id:
        raise StoreError(f"report {report_id} is not a mention of event {event_id}; see the event's mentions")
    left = conn.execute(
        "SELECT count(*) FROM mentions WHERE event_id = ?"
        " AND report_id NOT IN (SELECT report_id FROM mention_splits)",
        (event_id,),
    ).fetchone()[0]
    if left <= 1:
        raise StoreError(f"event {event_id} has only this mention; reject the event instead of splitting it")
    new_id = "split-" + report_id
    cid = _log(conn, "split", event_id, target=report_id, value=json.dumps(new_id), note=note)
    conn.execute(
        "INSERT INTO mention_splits (report_id, from_event, event_id, curation_id) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(report_id) DO NOTHING",
        (report_id, event_id, new_id, cid),
    )
    return new_id
