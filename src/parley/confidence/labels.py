"""What confidence is trained and measured against: fused events labelled right or wrong by gold.

An annotated set's reports are fused into a scratch store, as ``parley extract`` fuses them. A
fused event is **real** when one of its reports is paired with a gold event of its document by the
scorer's matching (``parley.evaluate.pair_up``: same type, overlapping sides, agreeing date and
place); a field of a real event is **right** when the event's value agrees (``field_right``)
with the gold events its reports are paired with (with most of them, when they are several: one
per document that reports it).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.evaluate import date_matches, pair_up, place_matches, same_status
from parley.model import Contradiction, Document, Event, EventReport


@dataclass(frozen=True)
class Fused:
    """A fused event with the reports and contradictions it was decided from."""

    event: Event
    reports: tuple[EventReport, ...]
    contradictions: tuple[Contradiction, ...]


@dataclass(frozen=True)
class Labelled:
    """A fused event, whether it is real, and (for a real one) which of its fields are right."""

    fused: Fused
    real: bool
    fields: Mapping[str, bool]


def fuse_set(
    documents: Sequence[Document], extracted: Iterable[tuple[str, Sequence[EventReport]]]
) -> list[Fused]:
    """Fuse documents' reports in a scratch store, as a run of ``parley extract`` would; every
    event as fused, in the record's order."""
    from parley.fuse import settle
    from parley.pipeline import store_and_fuse
    from parley.store import Store, query, record

    with (
        tempfile.TemporaryDirectory(prefix="parley-confidence-") as tmp,
        Store(Path(tmp) / "set.db") as store,
    ):
        store.add_documents(documents)
        store_and_fuse(store, [(doc_id, list(reps)) for doc_id, reps in extracted], "confidence")
        settle(store)
        out = []
        for ev in query.iter_events(store.conn, query.EventFilter(curated=False)):
            reports = tuple(r for r, _ in record.event_reports(store.conn, ev.id))
            out.append(Fused(ev, reports, tuple(query.contradictions(store.conn, [ev.id]))))
        return out


def field_right(name: str, gold: Mapping[str, Any], event: Event) -> bool:
    """Whether an event's field agrees with a gold event's, by the scorer's comparison of that field,
    made strict where matching is tolerant (matching alone would make every field of a real event
    right): a date or place the gold does not have is wrong, and the sides must be the same set."""
    if name == "date":
        if not gold.get("date"):
            return event.date is None
        return date_matches(gold, {"date": event.date})
    if name == "place":
        if not gold.get("place"):
            return event.place is None
        return place_matches(gold.get("place"), event.place)
    if name == "parties":
        return set(gold.get("parties") or ()) == set(event.parties)
    if name == "mediator":
        return gold.get("mediator") == event.mediator
    if name == "status":
        return same_status(gold.get("status"), event.status)
    raise ValueError(name)


def label(
    events: Sequence[Fused], gold: Mapping[str, list[dict[str, Any]]], fields: Sequence[str]
) -> list[Labelled]:
    """Each event labelled against ``gold`` (gold events by document name)."""
    by_doc: dict[str, list[EventReport]] = {}
    for fused in events:
        for rep in fused.reports:
            by_doc.setdefault(rep.doc, []).append(rep)
    paired: dict[str, Mapping[str, Any]] = {}  # report id -> its gold event
    for doc, reps in by_doc.items():
        reps.sort(key=lambda r: r.index)
        golds = gold.get(doc, [])
        for p, g in pair_up(golds, [r.to_json() for r in reps]).items():
            paired[reps[p].key] = golds[g]
    out = []
    for fused in events:
        matched = [paired[r.key] for r in fused.reports if r.key in paired]
        right: dict[str, bool] = {}
        if matched:
            for name in fields:
                votes = sum(field_right(name, g, fused.event) for g in matched)
                right[name] = 2 * votes >= len(matched)
        out.append(Labelled(fused, bool(matched), right))
    return out
