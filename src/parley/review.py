"""The review queue: the events of the record ordered by how much an analyst's look would change it.

Pure functions over the record as read (``parley.store.query``): the web app's ``/review`` page,
and anything else that wants the queue, hands in the events and what the store knows about them
(contradictions, verdicts, corrections) and gets the queue back.

    from parley.review import review_queue
    queue = review_queue(events, contradictions={"ev-1": ["date"]}, verdicts={}, corrected=set())
    queue[0].event.id, queue[0].priority, queue[0].reasons
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from parley.model import Event

# Verdicts that take an event out of the queue: someone has looked (confirmed), or it left the
# record (rejected, merged into another).
REVIEWED = frozenset({"confirmed", "rejected", "merged"})

# Two events of one type with the same sides whose days (first day, or first report when undated)
# are at most this many days apart, and that share no document, are shown as a possible merge.
# Fusion's own near-date rule joins only day-precise dates one day apart at the same venue
# (parley.fuse.NEAR_DAYS); a week catches the near misses it leaves apart (a venue spelled two
# ways, a date one source gets wrong by a few days) without pairing a leader's monthly meetings.
MERGE_DAYS = 7

# A sign that outranks any amount of plain uncertainty: an uncertainty term is at most 1.
STRONG_SIGN = 1.0


@dataclass(frozen=True)
class ReviewItem:
    """An event in the queue, its priority and the reasons for it, highest priority first."""

    event: Event
    priority: float
    reasons: tuple[str, ...]
    contradictions: tuple[str, ...] = ()
    merge_with: tuple[str, ...] = ()


def review_priority(
    event: Event,
    *,
    contradictions: Sequence[str] = (),
    merge_with: Sequence[str] = (),
    verdict: str | None = None,
    corrected: bool = False,
) -> float | None:
    """How much a look at ``event`` would change the record (higher first), or None when it is out
    of the queue (confirmed, rejected or merged into another).

    - uncertainty, at most 1: one minus the event's confidence (the calibrated probability that it
      is real, ``parley.confidence``); for an event decided before confidence was, ``1 / (1 +
      documents)``: an event one article reports (0.5) before one that four agree on (0.2);
    - fields its sources disagree on (``contradictions``): + 1, and 0.1 for each field past the first;
    - events fusion left apart that look like the same one (``merge_with``, see ``suggest_merges``): + 1;
    - an event an analyst corrected but has not confirmed counts half: someone has looked at it.

    Every signal the queue uses is read here, so a new one changes the order in one place.
    """
    if verdict in REVIEWED:
        return None
    confidence = event.confidence
    score = 1.0 - float(confidence) if confidence is not None else 1.0 / (1 + max(event.documents, 1))
    if contradictions:
        score += STRONG_SIGN + 0.1 * (len(contradictions) - 1)
    if merge_with:
        score += STRONG_SIGN
    if corrected:
        score *= 0.5
    return round(score, 6)


def _reasons(
    event: Event, contradictions: Sequence[str], merge_with: Sequence[str], corrected: bool
) -> tuple[str, ...]:
    out = []
    if contradictions:
        out.append("sources disagree on " + ", ".join(contradictions))
    if merge_with:
        out.append("may be the same event as " + ", ".join(merge_with))
    if event.confidence is not None:
        out.append(f"confidence {event.confidence:.2f}")
    out.append("one source" if event.documents <= 1 else f"{event.documents} sources")
    if corrected:
        out.append("corrected, not yet confirmed")
    return tuple(out)


def _day(event: Event) -> dt.date | None:
    raw = event.date_start or (event.first_reported[:10] if event.first_reported else None)
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _docs(event: Event) -> frozenset[str]:
    return frozenset(d for s in event.sources for d in s.docs)


def suggest_merges(events: Iterable[Event], days: int = MERGE_DAYS) -> dict[str, tuple[str, ...]]:
    """Event id -> the other events it may be the same as: same type, same sides, days at most
    ``days`` apart, no document in common (one article reports one event once: two of its reports
    are two events, as fusion holds)."""
    groups: dict[tuple[str, frozenset[str]], list[tuple[dt.date, Event]]] = {}
    for ev in events:
        day = _day(ev)
        if day is not None and ev.parties:
            groups.setdefault((ev.type, frozenset(ev.parties)), []).append((day, ev))
    out: dict[str, list[str]] = {}
    for members in groups.values():
        members.sort(key=lambda m: (m[0], m[1].id))
        for i, (day, ev) in enumerate(members):
            for other_day, other in members[i + 1 :]:
                if (other_day - day).days > days:
                    break
                if _docs(ev) & _docs(other):
                    continue
                out.setdefault(ev.id, []).append(other.id)
                out.setdefault(other.id, []).append(ev.id)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def review_queue(
    events: Iterable[Event],
    *,
    contradictions: Mapping[str, Sequence[str]],
    verdicts: Mapping[str, str],
    corrected: set[str] | frozenset[str],
    merges: Mapping[str, Sequence[str]] | None = None,
) -> list[ReviewItem]:
    """The events still to review, highest priority first (then by day and id, the record's order).

    ``merges`` are the suggested merges among ``events`` (``suggest_merges``), when already known.
    """
    events = list(events)
    merges = suggest_merges(events) if merges is None else merges
    items = []
    for ev in events:
        fields = tuple(contradictions.get(ev.id, ()))
        merge_with = tuple(merges.get(ev.id, ()))
        priority = review_priority(
            ev,
            contradictions=fields,
            merge_with=merge_with,
            verdict=verdicts.get(ev.id),
            corrected=ev.id in corrected,
        )
        if priority is None:
            continue
        reasons = _reasons(ev, fields, merge_with, ev.id in corrected)
        items.append(ReviewItem(ev, priority, reasons, fields, merge_with))
    items.sort(key=lambda it: (-it.priority, it.event.date_start or "9999", it.event.id))
    return items
