"""The expectations ledger: every forward-looking claim, who made it, for when, and how it turned out.

Fusion stores each planned report as an expectation already settled as ``came_true`` or
``failed`` by later reports of the same event, or ``pending``. Whether a pending one is
``overdue`` or still ``open`` depends on the day the ledger is read, so it is decided here:
overdue once the claimed date has passed (an undated claim, once ``UNDATED_HORIZON_DAYS``
have passed since it was made).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from parley.model import Expectation, SourceTally
from parley.partial_date import parse_day
from parley.store import query

if TYPE_CHECKING:
    from parley.store import Store

# A claim with no date ("the leaders will meet soon") is counted overdue a year after it was
# made: long enough for any announced round to have taken place, short enough to show stale hopes.
UNDATED_HORIZON_DAYS = 365


def resolve(expectation: Expectation, today: dt.date) -> Expectation:
    """Decide overdue vs open for an expectation not settled by a later report."""
    if expectation.resolution in {"came_true", "failed"}:
        return expectation
    due = parse_day(expectation.expected_end)
    if due is None:
        made = parse_day(expectation.made_on)
        due = made + dt.timedelta(days=UNDATED_HORIZON_DAYS) if made else None
    overdue = due is not None and due < today
    return replace(expectation, resolution="overdue" if overdue else "open")


def ledger(store: Store, today: dt.date | None = None, *, source: str | None = None) -> list[Expectation]:
    """Every expectation in the curated record (an event rejected takes its claims with it; a merged or
    split one has its claims settled again), oldest claim first, undated ones first, resolved as of
    ``today`` (default: now): the ledger the web app shows.

    ``source`` is the document's outlet when the store knows it, else the document name.
    """
    today = today or dt.date.today()
    items = query.ledger_page(store.conn, today, source=source, limit=None)
    return [resolve(item, today) for item in items]


def tally(expectations: Iterable[Expectation]) -> list[SourceTally]:
    """Per source: expectations made, came true, failed, overdue, open. Most claims first."""
    counts: dict[str, dict[str, int]] = {}
    for exp in expectations:
        row = counts.setdefault(exp.source, {"made": 0, "came_true": 0, "failed": 0, "overdue": 0, "open": 0})
        row["made"] += 1
        row[exp.resolution] += 1
    return sorted(
        (SourceTally(source, **row) for source, row in counts.items()), key=lambda t: (-t.made, t.source)
    )
