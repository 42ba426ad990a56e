"""Curation: an analyst's verdicts, corrections, merges and splits, and the curated record they make.

Every action is logged (``curation_log``) and kept in its own table (``corrections``,
``event_verdicts``, ``mention_splits``), which fusion never writes. The event as curation leaves
it is written at the same time, in ``curated_events`` (see ``rebuild``), and every reader of the
record reads it from there (``parley.store.query``). Deciding a merged or split event again from
the mentions it now has is fusion's work: ``rebuild`` is handed that decision as a function, so
the store never imports the stage above it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from parley import partial_date
from parley.errors import StoreError
from parley.model import EVENT_TYPES, STATUSES, Event, EventReport, Expectation

# Fields an analyst may correct, and how a corrected value is checked.
CORRECTABLE: tuple[str, ...] = ("type", "status", "date", "place", "mediator", "parties")
HIDDEN_VERDICTS = ("rejected", "merged")

# Decides an event from its mentions, as fusion would: the event and its expectations.
Decide = Callable[[str, Sequence[tuple[EventReport, str]]], tuple[Event, Sequence[Expectation]]]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# -- reading curation ------------------------------------------------------------------------------


def event_known(conn: sqlite3.Connection, event_id: str) -> bool:
    if conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone():
        return True
    return conn.execute("SELECT 1 FROM mention_splits WHERE event_id = ?", (event_id,)).fetchone() is not None


def verdict(conn: sqlite3.Connection, event_id: str) -> tuple[str, str | None] | None:
    row = conn.execute(
        "SELECT verdict, merged_into FROM event_verdicts WHERE event_id = ?", (event_id,)
    ).fetchone()
    return (row[0], row[1]) if row else None


def merged_into(conn: sqlite3.Connection, event_id: str) -> list[str]:
    """The events merged into this one."""
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


def split_off(conn: sqlite3.Connection, event_id: str) -> list[str]:
    """The events split off this one."""
    rows = conn.execute(
        "SELECT event_id FROM mention_splits WHERE from_event = ? ORDER BY event_id", (event_id,)
    )
    return [r[0] for r in rows]


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


def log_page(
    conn: sqlite3.Connection, *, who: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Curation actions, newest first (``who``: only those one token's label took)."""
    sql = "SELECT * FROM curation_log"
    args: list[Any] = []
    if who is not None:
        sql += " WHERE who = ?"
        args.append(who)
    rows = conn.execute(sql + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", [*args, limit, offset])
    return [dict(r) for r in rows]


def verdicts(conn: sqlite3.Connection) -> dict[str, str]:
    """Event id -> its verdict (confirmed, rejected, merged), for every event that has one."""
    return {r[0]: r[1] for r in conn.execute("SELECT event_id, verdict FROM event_verdicts")}


def corrected_events(conn: sqlite3.Connection) -> set[str]:
    """The events with at least one corrected field."""
    return {r[0] for r in conn.execute("SELECT DISTINCT event_id FROM corrections")}


def correct_event(ev: Event, fields: dict[str, Any]) -> Event:
    """An event with corrected field values in place of the fused ones. A field an analyst set is
    no longer the model's guess: its confidence is 1."""
    changes: dict[str, Any] = {}
    if ev.field_confidence and fields:
        changes["field_confidence"] = tuple((f, 1.0 if f in fields else p) for f, p in ev.field_confidence)
    for name, value in fields.items():
        if name == "parties":
            changes["parties"] = tuple(value)
        elif name == "date":
            if value is None:
                changes.update(
                    date=None, date_precision=None, date_start=None, date_end=None, date_approx=False
                )
            else:
                day = partial_date.parse(value)
                changes.update(
                    date=value, date_precision=day.precision, date_start=day.start.isoformat(),
                    date_end=day.end.isoformat(), date_approx=False,
                )  # fmt: skip
        elif name == "place" and value != ev.place:
            changes.update(place=value, lat=None, lon=None, place_country=None)
        else:
            changes[name] = value
    return replace(ev, **changes)


# -- the curated record -----------------------------------------------------------------------------


def affected(conn: sqlite3.Connection, event_ids: Iterable[str]) -> set[str]:
    """The events whose curated reading depends on these events' mentions or curation: the events
    themselves, what they were merged into, and the events split off them."""
    ids = json.dumps(sorted(set(event_ids)))
    out = set(json.loads(ids))
    out |= {
        r[0]
        for r in conn.execute(
            "SELECT merged_into FROM event_verdicts WHERE verdict = 'merged'"
            " AND event_id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
    }
    out |= {
        r[0]
        for r in conn.execute(
            "SELECT event_id FROM mention_splits WHERE from_event IN (SELECT value FROM json_each(?))"
            " OR report_id IN (SELECT report_id FROM mentions"
            " WHERE event_id IN (SELECT value FROM json_each(?)))",
            (ids, ids),
        )
    }
    return out


def rebuild(conn: sqlite3.Connection, event_ids: Iterable[str], decide: Decide) -> int:
    """Write again how the record reads these events (and those ``affected`` by them) after their
    curation or their mentions changed; returns the rows written. Costs one look-up when nothing
    was ever curated."""
    if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM curation_log)").fetchone()[0]:
        return 0
    written = 0
    for event_id in sorted(affected(conn, event_ids)):
        written += _rebuild_one(conn, event_id, decide)
    return written


def _rebuild_one(conn: sqlite3.Connection, event_id: str, decide: Decide) -> int:
    conn.execute("DELETE FROM curated_events WHERE id = ?", (event_id,))
    conn.execute("DELETE FROM curated_expectations WHERE event_id = ?", (event_id,))
    state = verdict(conn, event_id)
    hidden = state is not None and state[0] in HIDDEN_VERDICTS
    decided: tuple[Event, Sequence[Expectation]] | None = None
    anchor: str | None = None
    split = split_mention(conn, event_id)
    if split is not None:
        decided = decide(event_id, [(split[0], "curation.split")])
        ev = decided[0]
    else:
        row = conn.execute("SELECT data, anchor FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:  # fusion removed the event (its mentions are gone)
            return 0
        ev, anchor = Event.from_json(json.loads(row[0])["event"]), row[1]
        merged = merged_into(conn, event_id)
        family = [event_id, *merged]
        kept = mentions(conn, family)
        everything = conn.execute(
            "SELECT count(*) FROM mentions WHERE event_id IN (SELECT value FROM json_each(?))",
            (json.dumps(family),),
        ).fetchone()[0]
        if kept and (merged or len(kept) < everything):
            decided = decide(event_id, [(r, rule) for r, rule, _ in kept])
            ev = replace(decided[0], id=event_id)
    fixes = corrections(conn, [event_id]).get(event_id, {})
    confirmed = state is not None and state[0] == "confirmed"
    if not hidden and decided is None and not fixes and not confirmed:
        return 0  # reads as fusion decided it
    ev = correct_event(ev, fixes)
    if confirmed:  # an analyst checked it: no longer the model's guess
        ev = replace(ev, confidence=1.0, field_confidence=tuple((f, 1.0) for f, _ in ev.field_confidence))
    if decided is not None or anchor is None:
        anchor = ev.date_start or (ev.first_reported[:10] if ev.first_reported else None)
    conn.execute(
        "INSERT INTO curated_events (id, hidden, type, status, date_start, anchor, place, parties, mediator,"
        " issues, confidence, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event_id, int(hidden), ev.type, ev.status, ev.date_start, anchor, ev.place,
            json.dumps(list(ev.parties)), ev.mediator, json.dumps(list(ev.issues)), ev.confidence,
            json.dumps(ev.to_json(), ensure_ascii=False),
        ),
    )  # fmt: skip
    if hidden:
        return 1
    if decided is None:  # fusion's expectations stand
        conn.execute(
            "INSERT OR REPLACE INTO curated_expectations"
            " (report_id, event_id, doc_id, made_on, expected_end, resolution, data)"
            " SELECT report_id, event_id, doc_id, made_on, expected_end, resolution, data"
            " FROM expectations WHERE event_id = ?",
            (event_id,),
        )
    else:
        conn.executemany(
            "INSERT OR REPLACE INTO curated_expectations"
            " (report_id, event_id, doc_id, made_on, expected_end, resolution, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (x.report_id, event_id, x.doc_id, x.made_on, x.expected_end, x.resolution,
                 json.dumps(replace(x, event_id=event_id).to_json(), ensure_ascii=False))
                for x in decided[1]
            ],
        )  # fmt: skip
    return 1


# -- curation writes ---------------------------------------------------------------------------------


def _log(
    conn: sqlite3.Connection,
    action: str,
    event_id: str,
    *,
    field: str | None = None,
    value: str | None = None,
    target: str | None = None,
    note: str = "",
    who: str = "",
) -> int:
    cur = conn.execute(
        "INSERT INTO curation_log (action, event_id, field, value, target, note, created_at, who)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (action, event_id, field, value, target, note, _now(), who),
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
            if not isinstance(value, str):
                raise ValueError(value)
            partial_date.parse(value)
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


def _set_verdict(conn: sqlite3.Connection, event_id: str, verdict: str, target: str | None, cid: int) -> None:
    conn.execute(
        "INSERT INTO event_verdicts (event_id, verdict, merged_into, curation_id) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(event_id) DO UPDATE SET verdict = excluded.verdict, merged_into = excluded.merged_into,"
        " curation_id = excluded.curation_id",
        (event_id, verdict, target, cid),
    )


def confirm(conn: sqlite3.Connection, event_id: str, note: str = "", who: str = "") -> int:
    cid = _log(conn, "confirm", event_id, note=note, who=who)
    _set_verdict(conn, event_id, "confirmed", None, cid)
    return cid


def reject(conn: sqlite3.Connection, event_id: str, note: str = "", who: str = "") -> int:
    cid = _log(conn, "reject", event_id, note=note, who=who)
    _set_verdict(conn, event_id, "rejected", None, cid)
    return cid


def correct(
    conn: sqlite3.Connection, event_id: str, field: str, value: Any, note: str = "", who: str = ""
) -> int:
    value = check_correction(field, value)
    encoded = json.dumps(value, ensure_ascii=False)
    cid = _log(conn, "correct", event_id, field=field, value=encoded, note=note, who=who)
    conn.execute(
        "INSERT INTO corrections (event_id, field, value, curation_id) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(event_id, field) DO UPDATE SET value = excluded.value,"
        " curation_id = excluded.curation_id",
        (event_id, field, encoded, cid),
    )
    return cid


def merge(conn: sqlite3.Connection, event_id: str, other: str, note: str = "", who: str = "") -> int:
    """Merge ``other`` into ``event_id``: ``other`` leaves the lists; its mentions join ``event_id``."""
    if other == event_id:
        raise StoreError("an event cannot be merged into itself; name two different events")
    target = verdict(conn, event_id)
    if target and target[0] in HIDDEN_VERDICTS:
        raise StoreError(f"event {event_id} is {target[0]}; merge into an event still in the record")
    cid = _log(conn, "merge", other, target=event_id, note=note, who=who)
    _set_verdict(conn, other, "merged", event_id, cid)
    # Events merged into ``other`` earlier follow it, so no merge chain points at a hidden event.
    conn.execute("UPDATE event_verdicts SET merged_into = ? WHERE merged_into = ?", (event_id, other))
    return cid


def split(conn: sqlite3.Connection, event_id: str, report_id: str, note: str = "", who: str = "") -> str:
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
    cid = _log(conn, "split", event_id, target=report_id, value=json.dumps(new_id), note=note, who=who)
    conn.execute(
        "INSERT INTO mention_splits (report_id, from_event, event_id, curation_id) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(report_id) DO NOTHING",
        (report_id, event_id, new_id, cid),
    )
    return new_id
