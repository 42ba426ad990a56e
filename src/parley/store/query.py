"""The one query layer over the record: every reader (CLI, exports, web pages, JSON API) asks here.

One filter type, ``EventFilter``, with one meaning for each filter, and one ``select_events``.
The record read is the curated one unless a filter says ``curated=False``: an event that curation
rejected or merged into another is left out, and a corrected, merged or split event reads as
curation left it (``curated_events``, written with the curation: see ``parley.store.curation``).
Events without curation read as fusion decided them.

What each filter means (the same for every reader):

- ``actor``: the code is one of the event's sides (mediator included, as fusion records them);
- ``issue``: the pack issue is one of the event's agenda items;
- ``mediator``, ``status``, ``type``, ``place``: equal to the event's value;
- ``format``: bilateral, trilateral or multilateral, from the number of sides present;
- ``since`` / ``until`` (YYYY, YYYY-MM or YYYY-MM-DD): the event's first day is on or after the
  first day of ``since`` / on or before the last day of ``until``; an undated event has no first
  day, so it never matches a period;
- ``dated``: True for dated events only, False for undated only, None for both;
- ``min_confidence`` (0 to 1): the event's confidence (the probability that it is real, see
  ``parley.confidence``) is at least this; an event with no confidence yet never matches.

Order: dated events by first day then id, then undated events by the day they were first
reported about (``anchor``) then id.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

from parley.errors import StoreError
from parley.model import (
    EVENT_TYPES,
    STATUSES,
    Contradiction,
    Document,
    Event,
    Expectation,
    Side,
    StatusChange,
)
from parley.partial_date import is_partial_date

FORMATS: tuple[str, ...] = ("bilateral", "trilateral", "multilateral")

# How many rows a count goes up to before it reports "more than": an exact count of a large
# filtered record would cost a full scan on every page view.
COUNT_CAP = 10_000


class FilterError(StoreError, ValueError):
    """A filter has a value no event can have; the message says what a valid one looks like."""


@dataclass(frozen=True)
class EventFilter:
    """Which events to read; see the module's docstring for what each filter means."""

    actor: str | None = None
    issue: str | None = None
    mediator: str | None = None
    format: str | None = None
    status: str | None = None
    type: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    dated: bool | None = None
    min_confidence: float | None = None
    curated: bool = True


def event_filter(
    *,
    actor: str | None = None,
    issue: str | None = None,
    mediator: str | None = None,
    format: str | None = None,
    status: str | None = None,
    type: str | None = None,
    place: str | None = None,
    since: str | None = None,
    until: str | None = None,
    dated: bool | None = None,
    min_confidence: float | str | None = None,
    curated: bool = True,
) -> EventFilter:
    """A filter from user input, checked and normalised (codes upper-cased; empty means no filter).

    FilterError names the filter and what a valid value looks like.
    """
    if status and status not in STATUSES:
        raise FilterError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    if type and type not in EVENT_TYPES:
        raise FilterError(f"type must be one of {', '.join(EVENT_TYPES)}, got {type!r}")
    if format and format not in FORMATS:
        raise FilterError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    for name, value in (("since", since), ("until", until)):
        if value and not is_partial_date(value):
            raise FilterError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return EventFilter(
        min_confidence=_confidence(min_confidence),
        actor=actor.upper() if actor else None,
        issue=issue or None,
        mediator=mediator.upper() if mediator else None,
        format=format or None,
        status=status or None,
        type=type or None,
        place=place or None,
        since=since or None,
        until=until or None,
        dated=dated,
        curated=curated,
    )


def _confidence(value: float | str | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError as err:
        raise FilterError(f"min_confidence must be a number from 0 to 1, got {value!r}") from err
    if not 0.0 <= number <= 1.0:
        raise FilterError(f"min_confidence must be a number from 0 to 1, got {value!r}")
    return number


def format_of(parties: Iterable[str]) -> str:
    """Two sides bilateral, three trilateral, more multilateral (mediator included)."""
    n = len(tuple(parties))
    return "bilateral" if n <= 2 else "trilateral" if n == 3 else "multilateral"


def matches(ev: Event, flt: EventFilter) -> bool:
    """Whether an event (as read) passes the filter: the same meaning as the SQL, in Python."""
    return all(
        (
            flt.dated is None or (ev.date_start is not None) == flt.dated,
            not flt.actor or flt.actor in ev.parties,
            not flt.issue or flt.issue in ev.issues,
            not flt.mediator or ev.mediator == flt.mediator,
            not flt.status or ev.status == flt.status,
            not flt.type or ev.type == flt.type,
            not flt.place or ev.place == flt.place,
            not flt.format or format_of(ev.parties) == flt.format,
            not flt.since or (ev.date_start is not None and ev.date_start >= flt.since),
            not flt.until or (ev.date_start is not None and ev.date_start <= flt.until + "\uffff"),
            flt.min_confidence is None or (ev.confidence is not None and ev.confidence >= flt.min_confidence),
        )
    )


# -- SQL for a filter --------------------------------------------------------------------------

# The columns a filter reads, in both tables an event is read from.
_SIDES = ("e", "c")  # e: events (as fused); c: curated_events


def _format_sql(t: str) -> str:
    return (
        f"CASE WHEN json_array_length({t}.parties) <= 2 THEN 'bilateral'"
        f" WHEN json_array_length({t}.parties) = 3 THEN 'trilateral' ELSE 'multilateral' END"
    )


def _has(t: str, column: str) -> str:
    """The value is in a JSON list column of the curated rows (few: read row by row)."""
    return f"EXISTS (SELECT 1 FROM json_each({t}.{column}) j WHERE j.value = ?)"


def _facet(facet: str, by_date: bool) -> str:
    # A common value (an actor present at most events) is best checked row by row while the date
    # index is walked, so a page stops early; a rare one is best read from the facet index first.
    if by_date:
        return (
            f"EXISTS (SELECT 1 FROM event_facets f WHERE f.facet = '{facet}' AND f.value = ?"
            " AND f.event_id = e.id)"
        )
    return f"e.id IN (SELECT event_id FROM event_facets WHERE facet = '{facet}' AND value = ?)"


def _where(flt: EventFilter, t: str, common: frozenset[str] = frozenset()) -> tuple[str, list[Any]]:
    """The filter's conditions on table alias ``t`` (one of ``_SIDES``), joined by AND."""
    if t not in _SIDES:
        raise ValueError(t)
    parts: list[str] = []
    args: list[Any] = []
    if flt.dated is True:
        parts.append(f"{t}.date_start IS NOT NULL")
    elif flt.dated is False:
        parts.append(f"{t}.date_start IS NULL")
    if flt.since:
        parts.append(f"{t}.date_start >= ?")
        args.append(flt.since)
    if flt.until:
        parts.append(f"{t}.date_start <= ?")
        args.append(flt.until + "\uffff")
    if flt.actor:
        parts.append(_facet("actor", flt.actor in common) if t == "e" else _has(t, "parties"))
        args.append(flt.actor)
    if flt.issue:
        parts.append(_facet("issue", flt.issue in common) if t == "e" else _has(t, "issues"))
        args.append(flt.issue)
    for column, value in (
        ("mediator", flt.mediator), ("status", flt.status), ("type", flt.type), ("place", flt.place)
    ):  # fmt: skip
        if value:
            parts.append(f"{t}.{column} = ?")
            args.append(value)
    if flt.format:
        parts.append(f"{_format_sql(t)} = ?")
        args.append(flt.format)
    if flt.min_confidence is not None:
        parts.append(f"{t}.confidence >= ?")
        args.append(flt.min_confidence)
    return " AND ".join(parts) or "1", args


_NOT_CURATED = "NOT EXISTS (SELECT 1 FROM curated_events x WHERE x.id = e.id)"


def has_curated(conn: sqlite3.Connection) -> bool:
    """Whether curation changed any event (when not, the fused events are the record)."""
    return conn.execute("SELECT EXISTS (SELECT 1 FROM curated_events)").fetchone()[0] == 1


def _sources(
    conn: sqlite3.Connection, flt: EventFilter, common: frozenset[str]
) -> list[tuple[str, list[Any]]]:
    """(FROM ... WHERE ..., args) for each table the filtered record is read from, as alias t."""
    e_where, e_args = _where(flt, "e", common)
    if not flt.curated or not has_curated(conn):
        return [(f"events e WHERE {e_where}", e_args)]
    c_where, c_args = _where(flt, "c", common)
    return [
        (f"events e WHERE {e_where} AND {_NOT_CURATED}", e_args),
        (f"curated_events c WHERE c.hidden = 0 AND {c_where}", c_args),
    ]


# -- events ------------------------------------------------------------------------------------


def _fused(data: str) -> Event:
    return Event.from_json(json.loads(data)["event"])


def _curated(data: str) -> Event:
    return Event.from_json(json.loads(data))


def _page(
    conn: sqlite3.Connection, flt: EventFilter, limit: int, offset: int, common: frozenset[str]
) -> list[Event]:
    """One page of dated (``flt.dated`` True) or undated (False) events in the record's order."""
    return _read(conn, flt, limit, offset, common)[0]


def _read(
    conn: sqlite3.Connection,
    flt: EventFilter,
    limit: int,
    offset: int,
    common: frozenset[str],
    after: tuple[str, str] | None = None,
) -> tuple[list[Event], tuple[str, str] | None]:
    """A page as ``_page`` reads it, from ``offset`` or from just after the (key, id) ``after``
    (how a walk through every event goes: at a deep offset SQLite orders everything before it
    again), with the (key, id) of its last event."""
    sources = _sources(conn, flt, common)
    selects = []
    args: list[Any] = []
    for n, ((source, source_args), alias) in enumerate(zip(sources, _SIDES, strict=False)):
        # An undated event's key, its anchor, may be missing: it sorts first, as NULL would.
        key = f"{alias}.date_start" if flt.dated else f"coalesce({alias}.anchor, '')"
        sql = f"SELECT {key} AS k, {alias}.id AS id, {n} AS src FROM {source}"
        args += source_args
        if after is not None:
            sql += f" AND ({key}, {alias}.id) > (?, ?)"
            args += after
        selects.append(sql)
    rows = conn.execute(
        " UNION ALL ".join(selects) + " ORDER BY k, id LIMIT ? OFFSET ?", [*args, limit, offset]
    ).fetchall()
    ids = [[r[1] for r in rows if r[2] == n] for n in range(len(sources))]
    found: dict[str, Event] = {}
    for n, table, decode in ((0, "events", _fused), (1, "curated_events", _curated)):
        if n < len(ids):
            found.update((i, decode(d)) for i, d in _data(conn, table, ids[n]))
    events = [found[r[1]] for r in rows if r[1] in found]
    return events, ((rows[-1][0], rows[-1][1]) if rows else None)


def _data(conn: sqlite3.Connection, table: str, ids: list[str]) -> Iterator[tuple[str, str]]:
    if table not in ("events", "curated_events"):
        raise ValueError(table)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        yield from conn.execute(f"SELECT id, data FROM {table} WHERE id IN ({marks})", chunk)


def iter_events(
    conn: sqlite3.Connection, flt: EventFilter | None = None, *, batch: int = 1000,
    common: frozenset[str] = frozenset(),
) -> Iterator[Event]:  # fmt: skip
    """Every event the filter selects, in the record's order, read a bounded batch at a time."""
    flt = flt or EventFilter()
    parts = [flt] if flt.dated is not None else [replace(flt, dated=True), replace(flt, dated=False)]
    for part in parts:
        after: tuple[str, str] | None = None
        while True:
            page, after = _read(conn, part, batch, 0, common, after)
            yield from page
            if after is None or len(page) < batch:
                break


def select_events(
    conn: sqlite3.Connection,
    flt: EventFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    common: frozenset[str] = frozenset(),
) -> list[Event]:
    """The events the filter selects, in the record's order: all of them, or ``limit`` from ``offset``.

    ``common`` names actor and issue values frequent enough to be checked while walking the date
    index (see ``common_values``); it changes how the query runs, never what it returns.
    """
    flt = flt or EventFilter()
    if limit is not None and flt.dated is not None:
        return _page(conn, flt, limit, offset, common)
    events = iter_events(conn, flt, batch=limit or 1000, common=common)
    return list(islice(events, offset, None if limit is None else offset + limit))


def count_events(
    conn: sqlite3.Connection, flt: EventFilter | None = None, *, cap: int | None = COUNT_CAP,
    common: frozenset[str] = frozenset(),
) -> int:  # fmt: skip
    """How many events the filter selects, counted up to ``cap + 1`` (None: exactly)."""
    flt = flt or EventFilter()
    total = 0
    for source, args in _sources(conn, flt, common):
        if cap is None:
            total += int(conn.execute(f"SELECT count(*) FROM {source}", args).fetchone()[0])
        else:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM {source} LIMIT ?)"
            total += int(conn.execute(sql, [*args, cap + 1]).fetchone()[0])
    return total


def common_values(conn: sqlite3.Connection) -> frozenset[str]:
    """Actors and issues present at more than a twentieth of the events (see ``_facet``)."""
    total = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    rows = conn.execute(
        "SELECT value FROM event_facets GROUP BY facet, value HAVING count(*) * 20 > ?", (total,)
    ).fetchall()
    return frozenset(r[0] for r in rows)


# -- aggregates over the filtered record ----------------------------------------------------------


def data_version(conn: sqlite3.Connection) -> int:
    """Changes when another connection commits: the key that invalidates cached aggregates."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def date_bounds(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    """The first and last event day in the record (index look-ups)."""
    row = conn.execute(
        "SELECT min(lo), max(hi) FROM (SELECT min(date_start) AS lo, max(date_start) AS hi FROM events"
        " UNION ALL SELECT min(date_start), max(date_start) FROM curated_events WHERE hidden = 0)"
    ).fetchone()
    return row[0], row[1]


def _union(conn: sqlite3.Connection, flt: EventFilter, columns: str) -> tuple[str, list[Any]]:
    """A subquery of ``columns`` (written over alias t) for every event the filter selects."""
    sources = _sources(conn, flt, frozenset())
    selects = [
        f"SELECT {columns.replace('t.', alias + '.')} FROM {source}"
        for (source, _), alias in zip(sources, _SIDES, strict=False)
    ]
    return " UNION ALL ".join(selects), [a for _, args in sources for a in args]


def histogram(conn: sqlite3.Connection, flt: EventFilter, unit: int) -> list[tuple[str, str, int]]:
    """(bucket, status, count) over the filtered record; ``unit`` is 4 (years), 7 (months) or 10 (days)."""
    if unit not in (4, 7, 10):
        raise ValueError(unit)
    columns = f"substr(t.date_start, 1, {unit}) AS b, t.status AS s"
    inner, args = _union(conn, replace(flt, dated=True), columns)
    rows = conn.execute(
        f"SELECT b, s, count(*) FROM ({inner}) GROUP BY b, s ORDER BY b", args
    ).fetchall()
    return [(r[0], r[1], int(r[2])) for r in rows]


def venues(conn: sqlite3.Connection, limit: int = 1000) -> list[tuple[str, int, float | None, float | None]]:
    """(place, events, lat, lon) for every named venue, most used first."""
    inner, args = _union(conn, EventFilter(), "t.place AS p")
    rows = conn.execute(
        f"SELECT p, count(*) AS n FROM ({inner}) WHERE p IS NOT NULL GROUP BY p ORDER BY n DESC, p LIMIT ?",
        [*args, limit],
    ).fetchall()
    out = []
    for place, n in rows:
        coords = conn.execute(
            "SELECT json_extract(data, '$.event.lat'), json_extract(data, '$.event.lon') FROM events"
            " WHERE place = ? AND json_extract(data, '$.event.lat') IS NOT NULL LIMIT 1",
            (place,),
        ).fetchone()
        out.append((place, int(n), coords[0] if coords else None, coords[1] if coords else None))
    return out


def network(
    conn: sqlite3.Connection, since: str | None = None, until: str | None = None
) -> list[tuple[str, str, str, int]]:
    """(a, b, kind, events) edges: ``meets`` between sides present together, ``mediates`` from a
    mediator to each side it brought together."""
    flt = EventFilter(since=since, until=until)
    e_where, e_args = _where(flt, "e")
    curated = has_curated(conn)
    sql = (
        "SELECT a.value AS a, b.value AS b,"
        " CASE WHEN e.mediator IN (a.value, b.value) THEN 'mediates' ELSE 'meets' END AS kind"
        " FROM events e JOIN event_facets a ON a.event_id = e.id AND a.facet = 'actor'"
        " JOIN event_facets b ON b.event_id = e.id AND b.facet = 'actor' AND a.value < b.value"
        f" WHERE {e_where}" + (f" AND {_NOT_CURATED}" if curated else "")
    )
    args = list(e_args)
    if curated:
        c_where, c_args = _where(flt, "c")
        sql += (
            " UNION ALL SELECT a.value, b.value,"
            " CASE WHEN c.mediator IN (a.value, b.value) THEN 'mediates' ELSE 'meets' END"
            " FROM curated_events c JOIN json_each(c.parties) a"
            " JOIN json_each(c.parties) b ON a.value < b.value"
            f" WHERE c.hidden = 0 AND {c_where}"
        )
        args += c_args
    rows = conn.execute(
        f"SELECT a, b, kind, count(*) AS n FROM ({sql}) GROUP BY a, b, kind ORDER BY n DESC", args
    ).fetchall()
    return [(r[0], r[1], r[2], int(r[3])) for r in rows]


def facet_counts(conn: sqlite3.Connection, facet: str) -> list[tuple[str, int]]:
    """(value, events) of one facet (actor or issue), most frequent first."""
    column = {"actor": "parties", "issue": "issues"}[facet]
    sql = "SELECT value AS v FROM event_facets f WHERE facet = ?"
    args: list[Any] = [facet]
    if has_curated(conn):
        sql += (
            " AND NOT EXISTS (SELECT 1 FROM curated_events x WHERE x.id = f.event_id)"
            f" UNION ALL SELECT j.value FROM curated_events c JOIN json_each(c.{column}) j WHERE c.hidden = 0"
        )
    rows = conn.execute(
        f"SELECT v, count(*) AS n FROM ({sql}) GROUP BY v ORDER BY n DESC, v", args
    ).fetchall()
    return [(r[0], int(r[1])) for r in rows]


def mediators(conn: sqlite3.Connection) -> list[str]:
    inner, args = _union(conn, EventFilter(), "t.mediator AS m")
    rows = conn.execute(f"SELECT DISTINCT m FROM ({inner}) WHERE m IS NOT NULL ORDER BY 1", args)
    return [r[0] for r in rows]


# -- one event, as its page shows it -----------------------------------------------------------


def event(conn: sqlite3.Connection, event_id: str, *, curated: bool = True) -> Event | None:
    """An event by id, as the record reads it (a hidden event too, as it last read)."""
    if curated:
        row = conn.execute("SELECT data FROM curated_events WHERE id = ?", (event_id,)).fetchone()
        if row:
            return _curated(row[0])
    row = conn.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
    return _fused(row[0]) if row else None


def status_history(conn: sqlite3.Connection, event_ids: Iterable[str]) -> list[StatusChange]:
    out = []
    for event_id in event_ids:
        rows = conn.execute("SELECT * FROM status_history WHERE event_id = ? ORDER BY seq", (event_id,))
        out += [
            StatusChange(
                event_id=r["event_id"], seq=r["seq"], status=r["status"], reported_on=r["reported_on"],
                doc=r["doc"], doc_id=r["doc_id"], report_id=r["report_id"],
                after_event=bool(r["after_event"]), current=bool(r["current"]),
            )
            for r in rows
        ]  # fmt: skip
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


def contradicted_fields(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Event id -> the fields its sources disagree on."""
    out: dict[str, list[str]] = {}
    for event_id, field in conn.execute("SELECT event_id, field FROM contradictions ORDER BY field"):
        out.setdefault(event_id, []).append(field)
    return out


# -- the expectations ledger ---------------------------------------------------------------------

# Mirrors ledger.resolve in SQL so the tally and a page of the ledger need no full read:
# a pending claim is overdue once its date has passed, an undated one a year after it was made.
_RESOLUTION_SQL = (
    "CASE WHEN x.resolution IN ('came_true', 'failed') THEN x.resolution"
    " WHEN coalesce(x.expected_end, date(x.made_on, '+365 days')) < :today THEN 'overdue' ELSE 'open' END"
)
_SOURCE_SQL = "coalesce(d.outlet, json_extract(x.data, '$.doc'))"


def _expectations_sql(conn: sqlite3.Connection) -> str:
    """The expectations of the curated record: fusion's, in place of which a curated event has its own."""
    if not has_curated(conn):
        return "expectations"
    return (
        "(SELECT * FROM expectations WHERE event_id NOT IN (SELECT id FROM curated_events)"
        " UNION ALL SELECT * FROM curated_expectations)"
    )


def ledger_page(
    conn: sqlite3.Connection, today: dt.date, *, source: str | None = None, limit: int | None = 100,
    offset: int = 0,
) -> list[Expectation]:  # fmt: skip
    """Expectations oldest claim first (undated first), with their source and resolution as of ``today``.

    Fusion's rows and the curated events' rows are each read in order through their index, as far
    as the page reaches, and merged: one ordered query over both would read and sort them all.
    """
    parts = [("expectations", "1")]
    if has_curated(conn):
        parts = [
            ("expectations", "x.event_id NOT IN (SELECT id FROM curated_events)"),
            ("curated_expectations", "1"),
        ]
    params: dict[str, Any] = {"today": today.isoformat(), "n": -1 if limit is None else offset + limit}
    if source:
        params["source"] = source
    keys: list[tuple[str | None, str, int]] = []
    for n, (table, where) in enumerate(parts):
        sql = (
            f"SELECT x.made_on, x.report_id FROM {table} x LEFT JOIN documents d ON d.id = x.doc_id"
            f" WHERE {where}"
        )
        if source:
            sql += f" AND {_SOURCE_SQL} = :source"
        # Undated claims come first: ordering on the bare column lets the index serve the page.
        sql += " ORDER BY x.made_on, x.report_id LIMIT :n"
        keys += [(r[0], r[1], n) for r in conn.execute(sql, params)]
    if len(parts) > 1:
        keys.sort(key=lambda k: (k[0] is not None, k[0] or "", k[1]))
    page = keys[offset : None if limit is None else offset + limit]
    found: dict[str, Expectation] = {}
    for n, (table, _) in enumerate(parts):
        ids = [k[1] for k in page if k[2] == n]
        for start in range(0, len(ids), 500):
            chunk = json.dumps(ids[start : start + 500])
            rows = conn.execute(
                f"SELECT x.report_id, x.data, {_SOURCE_SQL} AS source, {_RESOLUTION_SQL} AS res"
                f" FROM {table} x LEFT JOIN documents d ON d.id = x.doc_id"
                " WHERE x.report_id IN (SELECT value FROM json_each(:ids))",
                {**params, "ids": chunk},
            )
            for r in rows:
                found[r[0]] = replace(Expectation(**json.loads(r[1])), source=r[2], resolution=r[3])
    return [found[k[1]] for k in page if k[1] in found]


def ledger_tally(conn: sqlite3.Connection, today: dt.date) -> list[dict[str, Any]]:
    """Per source: expectations made, came true, failed, overdue and open as of ``today``; most made first."""
    table = _expectations_sql(conn)
    rows = conn.execute(
        f"SELECT {_SOURCE_SQL} AS source, {_RESOLUTION_SQL} AS res, count(*) AS n FROM {table} x"
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


# -- documents, as the event and article pages show them ------------------------------------------


def documents_by_id(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Document]:
    from parley.store import _document

    out: dict[str, Document] = {}
    for doc_id in dict.fromkeys(ids):
        row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row:
            out[doc_id] = _document(row)
    return out


def find_document(conn: sqlite3.Connection, key: str) -> Document | None:
    """A document by content id or name, exactly."""
    row = conn.execute("SELECT id FROM documents WHERE id = ? OR name = ? LIMIT 1", (key, key)).fetchone()
    return documents_by_id(conn, [row[0]]).get(row[0]) if row else None


def report_events(conn: sqlite3.Connection, doc_id: str) -> dict[str, str]:
    """Report id -> the event it is a mention of, for one document's reports."""
    rows = conn.execute("SELECT report_id, event_id FROM mentions WHERE doc_id = ?", (doc_id,))
    return {r[0]: r[1] for r in rows}
