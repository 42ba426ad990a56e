"""Curation of the record: confirm, correct, reject, merge and split events.

Each action is one transaction: the action is stored (``parley.store.curation``) and the events it
changes are written as the record now reads them, a merged or split event decided again from the
mentions it now has, as fusion decides every event (``parley.fuse.decide_curated``). Readers then
find the curated record ready: nothing is decided when it is read.

    from parley.curate import reject
    with Store("parley.db") as store:
        reject(store, "ev-1a2b3c", note="a duplicate of the Prague meeting", who="ana")

``who`` is the label of whoever took the action (the web app passes its signed-in token's label).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parley.fuse import decide_curated
from parley.store import curation

if TYPE_CHECKING:
    from parley.store import Store

ACTIONS: tuple[str, ...] = ("confirm", "correct", "reject", "merge", "split")


def confirm(store: Store, event_id: str, note: str = "", who: str = "") -> str:
    """Mark an event confirmed; returns its id."""
    with store.transaction() as conn:
        curation.confirm(conn, event_id, note, who)
        curation.rebuild(conn, [event_id], decide_curated)
    return event_id


def reject(store: Store, event_id: str, note: str = "", who: str = "") -> str:
    """Take an event out of every list of the record; returns its id."""
    with store.transaction() as conn:
        curation.reject(conn, event_id, note, who)
        curation.rebuild(conn, [event_id], decide_curated)
    return event_id


def correct(store: Store, event_id: str, field: str, value: Any, note: str = "", who: str = "") -> str:
    """Let ``value`` win over the fused value of ``field`` (one of ``curation.CORRECTABLE``)."""
    with store.transaction() as conn:
        curation.correct(conn, event_id, field, value, note, who)
        curation.rebuild(conn, [event_id], decide_curated)
    return event_id


def merge(store: Store, event_id: str, other: str, note: str = "", who: str = "") -> str:
    """Merge ``other`` into ``event_id``, which is decided again from the mentions of both."""
    with store.transaction() as conn:
        curation.merge(conn, event_id, other, note, who)
        curation.rebuild(conn, [event_id, other], decide_curated)
    return event_id


def split(store: Store, event_id: str, report_id: str, note: str = "", who: str = "") -> str:
    """Split a mention off its event into an event of its own; returns the new event's id."""
    with store.transaction() as conn:
        new_id = curation.split(conn, event_id, report_id, note, who)
        curation.rebuild(conn, [event_id, new_id], decide_curated)
    return new_id
