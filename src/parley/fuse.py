"""Fusion: reports from every document about the same real-world event become one event.

The algorithm, per document (see docs/record.md for the reasoning behind each rule):

1. If the document's reports are exactly the ones already fused (same report ids, same
   content fingerprints) nothing happens: fusing twice changes nothing.
2. Otherwise its old mentions are removed and the events they touched are re-decided.
3. Each report looks up candidate events through the date index (or, undated, through
   its (type, party set) within a window around its publication date), keeps those it
   is compatible with, attaches to the best one, or starts a new event.
4. The event's fields are decided again from all its mentions (``consolidate``), with
   the sources of each field, its status history, its expectations and contradictions, and
   how likely the event is real and each field right (``parley.confidence.assess``).

Every mention keeps the id of the rule that attached it: ``fuse.compatible``, ``fuse.same_venue``,
``fuse.undated_window``, ``fuse.near_date``, ``fuse.place_conflict`` or ``fuse.new_event``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from parley import confidence
from parley.model import (
    Contradiction,
    Event,
    EventReport,
    Expectation,
    FieldSources,
    Side,
    StatusChange,
)
from parley.partial_date import month_end, parse_day
from parley.places import place_key
from parley.store import curation, record
from parley.text import fold_name

if TYPE_CHECKING:
    import sqlite3

    from parley.store import Store

# An approximate date ("in a week", "early December") is taken to mean up to this many days
# either side; the same tolerance the dev-set scorer allows for dates marked approx.
APPROX_DAYS = 7
# An event with this many mentions is re-decided once per fuse call, not at each new mention.
# Below it, fusion is exactly mention by mention: every event of the sample corpus and the
# development set stays below it, so their figures do not depend on how documents are batched.
EAGER_MENTIONS = 16
# In a long run (``fuse(..., defer=True)``) such an event is re-decided only once its mentions have
# grown by this fraction since its last decision, and listed as unsettled meanwhile; ``settle``
# re-decides the listed events at the end of the run. Re-deciding it in every call made a run's
# fusion quadratic in its coverage; with geometric growth each event costs a few times its
# mentions in all.
SETTLE_GROWTH = 0.25
# Two day-precision dates one day apart are the same event only with identical parties and the
# same named place; articles published across time zones or written "yesterday" disagree by a day.
NEAR_DAYS = 1
# Parties overlap enough when their Jaccard index reaches this, or one set contains the other.
PARTY_JACCARD = 0.5
# At the same named place on overlapping dates, sharing this many parties is enough: sources differ
# most on the third parties (a mediator named as "the EU" by one and "the European Political
# Community" by another, a host left out), and on small sets one such difference halves the Jaccard.
VENUE_SHARED_PARTIES = 2
# Undated reports attach to events whose date (or, undated, whose first report) falls in a window
# around their publication: forward-looking statuses look ahead, the others look back. The widths
# are judgement calls (a negotiation round is rarely announced more than four months ahead),
# not tuned on an evaluation set.
UNDATED_AHEAD_DAYS = 120
UNDATED_SLACK_DAYS = 14
UNDATED_PAIR_DAYS = 30

FORWARD = {"planned", "postponed"}
POSITIVE = {"held", "signed"}
NEGATIVE = {"cancelled", "not_signed", "postponed"}
DECISIVE = POSITIVE | {"cancelled", "not_signed"}
PRECISION_RANK = {"day": 3, "month": 2, "year": 1}

# Rule priority when a report is compatible with several events: a full match beats a window
# match on undated reports, which beats the tolerant rules that also record a contradiction.
RULE_PRIORITY = {
    "fuse.compatible": 4,
    "fuse.same_venue": 3,
    "fuse.undated_window": 2,
    "fuse.near_date": 1,
    "fuse.place_conflict": 0,
    "fuse.undated_same_venue": 0,
}

# Ranks of office, read from participants' roles, that tell a leaders' meeting from a ministers'
# meeting held the same day in the same city. Checked in order: "deputy prime minister" must
# not read as "prime minister".
ROLE_LEVELS: tuple[tuple[str, str], ...] = (
    ("deputy prime minister", "deputy"),
    ("vice-premier", "deputy"),
    ("vice premier", "deputy"),
    ("deputy foreign minister", "deputy_fm"),
    ("assistant secretary", "senior_official"),
    ("deputy secretary", "deputy_fm"),
    ("foreign minister", "fm"),
    ("minister of foreign affairs", "fm"),
    ("foreign affairs minister", "fm"),
    ("secretary of state", "fm"),
    ("defence minister", "defence"),
    ("defense minister", "defence"),
    ("security council", "security"),
    ("prime minister", "leader"),
    ("president", "leader"),
    ("chancellor", "leader"),
    ("leader", "leader"),
)
# Words of those titles: a "name" whose last word is one of them ("President", "the Prime Minister")
# is a title standing in for a person, and identifies no one.
TITLE_WORDS = frozenset(w for needle, _ in ROLE_LEVELS for w in needle.replace("-", " ").split()) - {"of"}
# Different named people for one side veto a match only when at least this many sides disagree: a
# leaders' meeting names both leaders, while one odd name is more often a person quoted nearby (an
# envoy, a spokesman) attached to the wrong event, or a second official of a mediating body.
PEOPLE_CONFLICT_SIDES = 2


@dataclass(frozen=True)
class FuseResult:
    """What one call to ``fuse`` did."""

    documents: int = 0
    unchanged_documents: int = 0
    reports: int = 0
    events_created: int = 0
    events_updated: int = 0
    events_deleted: int = 0
    event_ids: tuple[str, ...] = ()

    @property
    def events_touched(self) -> int:
        return self.events_created + self.events_updated


# -- small pure helpers ------------------------------------------------------------------


def report_span(rep: EventReport) -> tuple[dt.date, dt.date] | None:
    """The days a report's date may mean, widened for approximate dates."""
    if rep.date is None:
        return None
    pad = dt.timedelta(days=APPROX_DAYS if rep.date.approx else 0)
    return rep.date.start - pad, rep.date.end + pad


def overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def parties_overlap(a: Iterable[str], b: Iterable[str]) -> bool:
    """Jaccard >= 0.5, or one set inside the other (an empty set is inside any)."""
    sa, sb = set(a), set(b)
    if sa <= sb or sb <= sa:
        return True
    return len(sa & sb) / len(sa | sb) >= PARTY_JACCARD


def same_venue_parties(a: Iterable[str], b: Iterable[str]) -> bool:
    return len(set(a) & set(b)) >= VENUE_SHARED_PARTIES


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return 1.0 if not sa and not sb else len(sa & sb) / len(sa | sb)


@lru_cache(maxsize=1 << 14)  # a pure function of a name, asked once per mention
def role_level(role: str | None) -> str | None:
    if not role:
        return None
    text = fold_name(role)
    return next((level for needle, level in ROLE_LEVELS if needle in text), None)


@lru_cache(maxsize=1 << 14)  # a pure function of a name, asked once per mention
def surname(name: str) -> str:
    words = fold_name(name).split()
    return words[-1] if words else ""


@lru_cache(maxsize=1 << 14)  # a pure function of a name, asked once per mention
def names_a_person(name: str) -> bool:
    """A proper name with a surname that is not a title word ("ministers", "President" name no one)."""
    last = surname(name)
    return (
        bool(last)
        and any(w[:1].isupper() for w in name.split())
        and last not in TITLE_WORDS
        and last.removesuffix("s") not in TITLE_WORDS
    )


def event_id_for(rep: EventReport) -> str:
    """A stable id from the report that starts the event: it never changes as the event grows."""
    seed = "|".join([rep.type, rep.date.value if rep.date else "", ",".join(sorted(rep.parties)), rep.key])
    return "ev-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


# -- matching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What matching compares, for a report or for a fused event."""

    type: str
    span: tuple[dt.date, dt.date] | None
    precision: str | None
    approx: bool
    place: str | None
    parties: frozenset[str]
    people: dict[str, frozenset[str]] = field(default_factory=dict)  # party -> surnames
    levels: dict[str, frozenset[str]] = field(default_factory=dict)  # party -> ranks of office
    docs: frozenset[str] = frozenset()
    anchor: dt.date | None = None  # the event's first day, or the publication date when undated
    status: str = ""


def people_of(
    reports: Iterable[EventReport],
) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Per party: the surnames of named participants, and their ranks of office."""
    people: dict[str, set[str]] = {}
    levels: dict[str, set[str]] = {}
    for rep in reports:
        for p in rep.participants:
            # Only proper names identify people: a generic "ministers" or "the delegation" does not.
            if p.party and names_a_person(p.name):
                people.setdefault(p.party, set()).add(surname(p.name))
            level = role_level(p.role)
            if level and p.party:
                levels.setdefault(p.party, set()).add(level)
    return {k: frozenset(v) for k, v in people.items()}, {k: frozenset(v) for k, v in levels.items()}


def held_by(
    span: tuple[dt.date, dt.date] | None, status: str, published: str | None
) -> tuple[dt.date, dt.date] | None:
    """What a report of a held meeting or a signing says of its date: it took place by the day
    the text was published. "The leaders met this month", written on 14 May, is about 1-14 May,
    not the summit of 25 May. Only a publication day counts, and only a span it falls inside
    (a "held" event dated after its own report is an error that this cannot repair)."""
    if span is None or status not in POSITIVE or not published or len(published) != 10:
        return span
    day = parse_day(published)
    if day is None or not span[0] <= day < span[1]:
        return span
    return span[0], day


def match_place(rep: EventReport) -> str | None:
    """The place key a report is matched by: none where it gives only a vicinity ("near
    Washington" may be Arlington)."""
    return None if rep.near_place else place_key(rep.place)


def report_facts(rep: EventReport) -> Facts:
    people, levels = people_of([rep])
    span = held_by(report_span(rep), rep.status, rep.published)
    return Facts(
        type=rep.type,
        span=span,
        precision=rep.date.precision if rep.date else None,
        approx=bool(rep.date and rep.date.approx),
        place=match_place(rep),
        parties=frozenset(rep.parties),
        people=people,
        levels=levels,
        docs=frozenset({rep.doc_id}),
        anchor=span[0] if span else parse_day(rep.published),
        status=rep.status,
    )


# Facts of fused events, by event id with the row they were made from: the record returns the
# same EventRow while an event is unchanged, and fusion compares report after report with the
# same candidates. Bounded as the record's own cache of rows.
_row_facts: dict[str, tuple[record.EventRow, Facts]] = {}


def row_facts(row: record.EventRow) -> Facts:
    found = _row_facts.get(row.event.id)
    if found is not None and found[0] is row:
        return found[1]
    facts = _facts_of_row(row)
    if len(_row_facts) >= record.DECODED_EVENTS:
        _row_facts.clear()
    _row_facts[row.event.id] = (row, facts)
    return facts


def _facts_of_row(row: record.EventRow) -> Facts:
    ev = row.event
    match = row.match
    return Facts(
        type=ev.type,
        span=held_by(
            (row.span_start, row.span_end) if row.span_start and row.span_end else None,
            ev.status,
            ev.last_reported,
        ),
        precision=ev.date_precision,
        approx=ev.date_approx,
        place=row.place_key,
        parties=frozenset(ev.parties),
        people={k: frozenset(v) for k, v in (match.get("people") or {}).items()},
        levels={k: frozenset(v) for k, v in (match.get("levels") or {}).items()},
        docs=frozenset(match.get("docs") or ()),
        anchor=row.anchor,
        status=ev.status,
    )


def people_compatible(a: Facts, b: Facts) -> bool:
    """False when the two give a side different ranks of office, or name different people for
    at least ``PEOPLE_CONFLICT_SIDES`` sides."""
    if not all(a.levels[party] & b.levels[party] for party in a.levels.keys() & b.levels.keys()):
        return False
    differing = sum(1 for party in a.people.keys() & b.people.keys() if not a.people[party] & b.people[party])
    return differing < PEOPLE_CONFLICT_SIDES


def match(rep: Facts, ev: Facts) -> str | None:
    """The id of the rule under which a report belongs to an event, or None."""
    # One document reports one event once; two of its reports are two events.
    if rep.type != ev.type or rep.docs & ev.docs or not people_compatible(rep, ev):
        return None
    same_or_unknown_place = rep.place is None or ev.place is None or rep.place == ev.place
    if rep.span and ev.span:
        if overlaps(rep.span, ev.span):
            if same_or_unknown_place and parties_overlap(rep.parties, ev.parties):
                return "fuse.compatible"
            same_venue = rep.place is not None and rep.place == ev.place
            if same_venue and same_venue_parties(rep.parties, ev.parties):
                return "fuse.same_venue"
            if (
                rep.precision == ev.precision == "day"
                and rep.span == ev.span
                and rep.place
                and ev.place
                and len(rep.parties) >= 2
                and rep.parties == ev.parties
            ):
                return "fuse.place_conflict"
            return None
        gap = max(rep.span[0], ev.span[0]) - min(rep.span[1], ev.span[1])
        if (
            rep.precision == ev.precision == "day"
            and not rep.approx
            and not ev.approx
            and gap.days <= NEAR_DAYS
            and (
                (rep.place is not None and rep.place == ev.place and rep.parties == ev.parties)
                # a document is signed once: one signed overnight is dated either day
                or (
                    rep.type == "agreement"
                    and same_or_unknown_place
                    and len(rep.parties) >= 2
                    and parties_overlap(rep.parties, ev.parties)
                )
            )
            and rep.parties
        ):
            return "fuse.near_date"
        return None
    # At least one side undated: the party sets must be equal and the dates within the window.
    if not same_or_unknown_place or not rep.parties or rep.parties != ev.parties:
        return None
    if rep.anchor is None or ev.anchor is None:
        # Nothing places the report in time (no date, no publication date): the same sides at
        # the same named venue, if only one such event is known (see place_report).
        if rep.span is None and rep.anchor is None and rep.place is not None and rep.place == ev.place:
            return "fuse.undated_same_venue"
        return None
    if rep.span is None and ev.span is None:
        ok = abs((rep.anchor - ev.anchor).days) <= UNDATED_PAIR_DAYS
    elif rep.span is None:
        ok = _in_window(rep.anchor, rep.status, ev.anchor)
    else:
        ok = _in_window(ev.anchor, ev.status, rep.anchor)
    return "fuse.undated_window" if ok else None


def _in_window(published: dt.date, status: str, day: dt.date) -> bool:
    """Whether an undated report published on ``published`` can be about an event on ``day``."""
    low, high = undated_window(published, status)
    return low <= day <= high


def undated_window(published: dt.date, status: str) -> tuple[dt.date, dt.date]:
    ahead, slack = dt.timedelta(days=UNDATED_AHEAD_DAYS), dt.timedelta(days=UNDATED_SLACK_DAYS)
    if status in FORWARD:
        return published - slack, published + ahead
    return published - ahead, published + slack


def _score(rule: str, rep: Facts, ev: Facts) -> tuple[Any, ...]:
    width = (ev.span[1] - ev.span[0]).days if ev.span else 10_000
    distance = abs((rep.anchor - ev.anchor).days) if rep.anchor and ev.anchor else 10_000
    return (
        RULE_PRIORITY[rule],
        jaccard(rep.parties, ev.parties),
        rep.place is not None and rep.place == ev.place,
        -width,
        -distance,
    )


@lru_cache(maxsize=4096)
def _party_set(party_key: str) -> frozenset[str]:
    """The sides of an indexed party key ("ARM|AZE")."""
    return frozenset(party_key.split("|")) if party_key else frozenset()


def _could_match(parties: frozenset[str], place: str | None) -> record.Keep:
    """A cheap test on an indexed event's party key and place, before its row is decoded:
    whether the dated rules of ``match`` could hold for these parties and this place."""

    def keep(party_key: str, other_place: str | None) -> bool:
        others = _party_set(party_key)
        if place is not None and other_place == place and same_venue_parties(parties, others):
            return True
        if not parties_overlap(parties, others):
            return False
        # a different place is allowed only under fuse.place_conflict, which needs equal parties
        return place is None or other_place is None or other_place == place or others == parties

    return keep


def candidates(conn: sqlite3.Connection, rep: EventReport) -> list[record.EventRow]:
    """Events a report could belong to, found through the indexes (never a scan of the record)."""
    span = report_span(rep)
    key = "|".join(sorted(rep.parties))
    if span:
        near = dt.timedelta(days=NEAR_DAYS)
        keep = _could_match(frozenset(rep.parties), match_place(rep))
        rows = record.events_overlapping(conn, rep.type, span[0] - near, span[1] + near, keep)
        if rep.parties:
            ahead = dt.timedelta(days=UNDATED_AHEAD_DAYS + UNDATED_SLACK_DAYS)
            rows += record.events_by_parties(
                conn, rep.type, key, span[0] - ahead, span[1] + ahead, undated_only=True
            )
        return rows
    published = parse_day(rep.published)
    if published is None and rep.parties and match_place(rep) is not None:
        return record.events_at_venue(conn, rep.type, key, str(match_place(rep)))
    if published is None or not rep.parties:
        return []
    low, high = undated_window(published, rep.status)
    pair = dt.timedelta(days=UNDATED_PAIR_DAYS)
    return record.events_by_parties(
        conn, rep.type, key, min(low, published - pair), max(high, published + pair), undated_only=False
    )


def place_report(conn: sqlite3.Connection, rep: EventReport) -> tuple[str, str]:
    """The event a report belongs to (an existing one, or a new id) and the rule that decided it."""
    facts = report_facts(rep)
    best: tuple[tuple[Any, ...], str, str] | None = None
    undated_venues = 0
    for row in candidates(conn, rep):
        ev = row_facts(row)
        rule = match(facts, ev)
        if rule is None:
            continue
        undated_venues += rule == "fuse.undated_same_venue"
        score = (*_score(rule, facts, ev), row.event.id)
        if best is None or score > best[0]:
            best = (score, row.event.id, rule)
    if best is None or (best[2] == "fuse.undated_same_venue" and undated_venues > 1):
        # Two events of these sides at this venue: a report with nothing to date it stays apart.
        return event_id_for(rep), "fuse.new_event"
    return best[1], best[2]


# -- deciding an event from its mentions ------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """An event decided from its mentions, with everything derived from them."""

    event: Event
    span: tuple[dt.date, dt.date] | None
    anchor: dt.date | None
    place_key: str | None
    match: dict[str, Any]
    history: tuple[StatusChange, ...]
    expectations: tuple[Expectation, ...]
    contradictions: tuple[Contradiction, ...]


def _sources(name: str, reps: Iterable[EventReport]) -> FieldSources:
    reps = list(reps)
    return FieldSources(name, tuple(r.key for r in reps), tuple(dict.fromkeys(r.doc for r in reps)))


def _side(value: str, reps: Iterable[EventReport]) -> Side:
    reps = list(reps)
    return Side(value, tuple(r.key for r in reps), tuple(dict.fromkeys(r.doc for r in reps)))


def written_after(rep: EventReport, event_end: dt.date | None) -> bool:
    """Whether a report was published on or after the event's last day (so it can know the outcome)."""
    published = parse_day(rep.published)
    if published is None or event_end is None:
        return False
    # A month-only publication date counts only when its whole month is past the event.
    if rep.published and len(rep.published) == 7:
        published = month_end(published)
    return published >= event_end


def authority(rep: EventReport, event_end: dt.date | None) -> tuple[Any, ...]:
    """How much a report's status counts: written after the event beats before; then a decisive
    status (held, signed, cancelled, not signed) written after the event beats a stale plan; then
    later publication; then a decisive status on the same day."""
    after = written_after(rep, event_end)
    return (after, after and rep.status in DECISIVE, rep.published or "", rep.status in DECISIVE, rep.key)


def _decide_date(
    reps: Sequence[EventReport],
) -> tuple[EventReport | None, list[EventReport], list[EventReport]]:
    """The most specific date consistent with the most sources; its supporters and dissenters."""
    dated = [r for r in reps if r.date is not None]
    if not dated:
        return None, [], []
    spans: dict[str, tuple[dt.date, dt.date]] = {}
    for r in dated:
        s = report_span(r)
        assert s is not None
        spans[r.key] = s

    # Counted with sorted endpoints rather than pairwise, so an event with hundreds of
    # mentions costs n log n: the spans overlapping [a, b] are all those not ending before a
    # and not starting after b.
    starts = sorted(s[0] for s in spans.values())
    ends = sorted(s[1] for s in spans.values())
    support_by_value = Counter(r.date.value for r in dated if r.date)

    def key(r: EventReport) -> tuple[Any, ...]:
        assert r.date is not None
        a, b = spans[r.key]
        compatible = len(dated) - bisect_left(ends, a) - (len(starts) - bisect_right(starts, b))
        return (
            PRECISION_RANK.get(r.date.precision, 0),
            not r.date.approx,
            compatible,
            support_by_value[r.date.value],
        )

    best = max(dated, key=key)  # max keeps the first (earliest published) among equals
    chosen = spans[best.key]
    agree = [r for r in dated if overlaps(chosen, spans[r.key])]
    disagree = [r for r in dated if not overlaps(chosen, spans[r.key])]
    return best, agree, disagree


def _majority(values: list[tuple[str, EventReport]]) -> str | None:
    """The most frequent value; the earliest reported wins a tie."""
    if not values:
        return None
    counts = Counter(v for v, _ in values)
    top = max(counts.values())
    return next(v for v, _ in values if counts[v] == top)


def consolidate(event_id: str, mentions: Sequence[tuple[EventReport, str]]) -> Decided:
    """Decide an event's fields from its mentions (oldest publication first), with their sources."""
    reps = sorted((r for r, _ in mentions), key=lambda r: (r.published is None, r.published or "", r.key))
    first = reps[0]
    contradictions: list[Contradiction] = []

    # Date: the most specific value consistent with the most sources.
    best, agree, disagree = _decide_date(reps)
    date = best.date if best else None
    span = report_span(best) if best else None
    if disagree:
        groups: dict[str, list[EventReport]] = {}
        for r in [*agree, *disagree]:
            assert r.date is not None
            groups.setdefault(r.date.value, []).append(r)
        contradictions.append(
            Contradiction(
                event_id, "date", tuple(_side(v, g) for v, g in groups.items()), "contradiction.date"
            )
        )

    # Place: the majority of the named places; the surface form most used for it.
    # A venue named outright outranks a vicinity ("in Arlington" over "near Washington").
    named = [(k, r) for r in reps if (k := place_key(r.place))]
    placed = [(k, r) for k, r in named if not r.near_place] or named
    chosen_key = _majority(placed)
    place_reps = [r for k, r in placed if k == chosen_key]
    place = _majority([(r.place, r) for r in place_reps if r.place]) if place_reps else None
    place_country = _majority([(r.place_country, r) for r in place_reps if r.place_country])
    coords = next(
        ((r.lat, r.lon) for r in place_reps if r.lat is not None and r.lon is not None), (None, None)
    )
    if len({k for k, _ in placed}) > 1:
        by_key: dict[str, list[EventReport]] = {}
        for k, r in placed:
            by_key.setdefault(k, []).append(r)
        contradictions.append(
            Contradiction(
                event_id,
                "place",
                tuple(_side(next(x.place or k for x in g), g) for k, g in by_key.items()),
                "contradiction.place",
            )
        )

    # Mediator: the majority of those who name one.
    mediated = [(r.mediator, r) for r in reps if r.mediator]
    mediator = _majority(mediated)
    if len({m for m, _ in mediated}) > 1:
        by_med: dict[str, list[EventReport]] = {}
        for m, r in mediated:
            by_med.setdefault(m, []).append(r)
        contradictions.append(
            Contradiction(
                event_id, "mediator", tuple(_side(m, g) for m, g in by_med.items()), "contradiction.mediator"
            )
        )

    # Parties: articles often leave a side out but rarely invent one, so with one or two sources
    # the union stands; from three sources on, a party needs two of them (a lone extra party is
    # more likely a country named nearby). The decided mediator is always a party.
    with_parties = [r for r in reps if r.parties]
    counts = Counter(p for r in with_parties for p in set(r.parties))
    need = 1 if len(with_parties) <= 2 else 2
    parties = {p for p, n in counts.items() if n >= need}
    if mediator:
        parties.add(mediator)
    dropped = {p for p, n in counts.items() if n < need} - parties
    if dropped:
        by_set: dict[str, list[EventReport]] = {}
        for r in with_parties:
            by_set.setdefault(", ".join(sorted(set(r.parties))), []).append(r)
        contradictions.append(
            Contradiction(
                event_id, "parties", tuple(_side(v, g) for v, g in by_set.items()), "contradiction.parties"
            )
        )

    # Status: the most authoritative report (see ``authority``).
    event_end = span[1] if span else None
    if span and date and date.approx:
        event_end = date.end
    ranked = max(reps, key=lambda r: authority(r, event_end))
    status = ranked.status
    after = [r for r in reps if written_after(r, event_end)]
    pos = [r for r in after if r.status in POSITIVE]
    neg = [r for r in after if r.status in NEGATIVE]
    if pos and neg:
        by_status: dict[str, list[EventReport]] = {}
        for r in [*pos, *neg]:
            by_status.setdefault(r.status, []).append(r)
        contradictions.append(
            Contradiction(
                event_id, "status", tuple(_side(s, g) for s, g in by_status.items()), "contradiction.status"
            )
        )
    history = tuple(
        StatusChange(
            event_id=event_id,
            seq=i,
            status=r.status,
            reported_on=r.published,
            doc=r.doc,
            doc_id=r.doc_id,
            report_id=r.key,
            after_event=written_after(r, event_end),
            current=r.key == ranked.key,
        )
        for i, r in enumerate(reps)
    )

    issues = tuple(sorted({i for r in reps for i in r.issues}))
    context = _majority([(r.context, r) for r in reps if r.context])
    published = [r.published for r in reps if r.published]
    # Who took part is read from the reports as specific about the date as the event: a passing
    # mention ("the November meeting") often carries the people of its sentence's main event.
    people, levels = people_of(
        [r for r in reps if date is None or (r.date is not None and r.date.precision == date.precision)]
    )
    event = Event(
        id=event_id,
        type=first.type,
        status=status,
        date=date.value if date else None,
        date_precision=date.precision if date else None,
        date_start=date.start.isoformat() if date else None,
        date_end=date.end.isoformat() if date else None,
        date_approx=bool(date and date.approx),
        place=place,
        place_country=place_country,
        lat=coords[0],
        lon=coords[1],
        parties=tuple(sorted(parties)),
        mediator=mediator,
        issues=issues,
        context=context,
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        mentions=len(reps),
        documents=len({r.doc_id for r in reps}),
        sources=tuple(
            s
            for s in (
                _sources("date", agree),
                _sources("place", place_reps),
                _sources("parties", [r for r in with_parties if set(r.parties) & parties]),
                _sources("mediator", [r for _, r in mediated if r.mediator == mediator]),
                _sources("status", [r for r in reps if r.status == status]),
            )
            if s.reports
        ),
    )
    # How likely the event is real and each field right, from what decided them.
    event = confidence.assess(event, reps, contradictions)
    anchor = span[0] if span else parse_day(min(published) if published else None)
    return Decided(
        event=event,
        span=span,
        anchor=anchor,
        # An event known only to be near a place matches reports of any venue.
        place_key=chosen_key if any(not r.near_place for r in place_reps) else None,
        match={
            "people": {k: sorted(v) for k, v in people.items()},
            "levels": {k: sorted(v) for k, v in levels.items()},
            "docs": sorted({r.doc_id for r in reps}),
        },
        history=history,
        expectations=tuple(_expectations(event, reps, event_end)),
        contradictions=tuple(contradictions),
    )


SPEAKER_KEYS = ("speaker", "source", "said_by", "attributed_to")
SPEAKER_ROLES = ("speaker", "source", "spokesperson", "spokesman", "spokeswoman")


def speaker_of(rep: EventReport) -> str | None:
    extra = dict(rep.extra)
    for key in SPEAKER_KEYS:
        if extra.get(key):
            return extra[key]
    speakers = (p for p in rep.participants if p.role and any(s in fold_name(p.role) for s in SPEAKER_ROLES))
    return next((p.name for p in speakers), None)


def _expectations(event: Event, reps: Sequence[EventReport], event_end: dt.date | None) -> list[Expectation]:
    """Each planned report is an expectation; a later held/signed report settles it as came_true, a later
    cancelled/not_signed/postponed one as failed (the most authoritative later report decides)."""
    # The reports that can settle a plan, by publication; settles[i] is the most authoritative
    # of those published on or after the i-th, so each plan is settled in log n, not n.
    settling = sorted(
        (r for r in reps if r.published and r.status in POSITIVE | NEGATIVE), key=lambda r: r.published or ""
    )
    dates_settling = [r.published or "" for r in settling]
    settles: list[EventReport] = []
    top: tuple[tuple[Any, ...], EventReport] | None = None
    for r in reversed(settling):
        rank = authority(r, event_end)
        if top is None or rank > top[0]:
            top = (rank, r)
        settles.append(top[1])
    settles.reverse()
    out = []
    for rep in reps:
        if rep.status != "planned":
            continue
        made = rep.published or ""
        first_later = bisect_left(dates_settling, made)
        settled = settles[first_later] if first_later < len(settles) else None
        resolution = "pending"
        if settled is not None:
            resolution = "came_true" if settled.status in POSITIVE else "failed"
        claimed = rep.date
        out.append(
            Expectation(
                event_id=event.id,
                report_id=rep.key,
                doc=rep.doc,
                doc_id=rep.doc_id,
                source=rep.doc,
                type=rep.type,
                claim=rep.status,
                made_on=rep.published,
                speaker=speaker_of(rep),
                expected=claimed.value if claimed else event.date,
                expected_start=claimed.start.isoformat() if claimed else event.date_start,
                expected_end=(
                    (claimed.end + dt.timedelta(days=APPROX_DAYS if claimed.approx else 0)).isoformat()
                    if claimed
                    else event.date_end
                ),
                resolution=resolution,
                resolved_by=settled.key if settled else None,
                resolved_on=settled.published if settled else None,
                resolved_status=settled.status if settled else None,
            )
        )
    return out


# -- the verb --------------------------------------------------------------------------------


def write_decided(conn: sqlite3.Connection, decided: Decided) -> None:
    """Store an event as ``consolidate`` decided it, with everything derived from it."""
    record.write_event(
        conn,
        decided.event,
        span=decided.span,
        anchor=decided.anchor,
        place_key=decided.place_key,
        match=decided.match,
        history=decided.history,
        expectations=decided.expectations,
        contradictions=decided.contradictions,
    )


def decide_curated(
    event_id: str, mentions: Sequence[tuple[EventReport, str]]
) -> tuple[Event, tuple[Expectation, ...]]:
    """An event decided from the mentions curation left it (a merge or a split), with its expectations."""
    decided = consolidate(event_id, mentions)
    return decided.event, decided.expectations


def refresh(conn: sqlite3.Connection, event_id: str) -> str:
    """Re-decide an event from its mentions; delete it when none are left. Returns what happened."""
    mentions = record.event_reports(conn, event_id)
    if not mentions:
        if record.event_exists(conn, event_id):
            record.delete_event(conn, event_id)
            return "deleted"
        record.clear_unsettled(conn, event_id)
        return "gone"
    existed = record.event_exists(conn, event_id)
    decided = consolidate(event_id, mentions)
    write_decided(conn, decided)
    record.clear_unsettled(conn, event_id)
    return "updated" if existed else "created"


def fuse(
    store: Store, reports: Iterable[EventReport], *, documents: Iterable[str] = (), defer: bool = False
) -> FuseResult:
    """Fuse reports into the record, a document at a time, in one transaction.

    An event is re-decided from all its mentions each time one joins it, until it has
    ``EAGER_MENTIONS``; after that, once at the end of the call. A well-reported event keeps
    its date, place and sides as a few more mentions arrive, and re-deciding it from hundreds
    of mentions at each one made fusion quadratic in its coverage.

    With ``defer`` (one call of many in a run), such an event is re-decided only once it has
    grown by ``SETTLE_GROWTH`` since its last decision, and is otherwise listed as unsettled;
    without it, the call also re-decides every event listed, so the record it leaves is settled.

    A document's reports replace its earlier mentions, so re-fusing after re-extraction
    is safe, and fusing the same reports twice changes nothing. Pass ``documents`` to name
    documents whose reports are now none (their old mentions are removed).
    """
    by_doc: dict[str, list[EventReport]] = {}
    for rep in reports:
        by_doc.setdefault(rep.doc_id, []).append(rep)
    for doc_id in documents:
        by_doc.setdefault(doc_id, [])
    created: set[str] = set()
    updated: set[str] = set()
    deleted: set[str] = set()
    unchanged = count = 0
    # Events re-decided once, at the end of the call, rather than at each new mention.
    later: set[str] = set()
    shapes: dict[str, Any] = {}
    with store.transaction() as conn:
        for doc_id, reps in by_doc.items():
            new = {r.key: r.fingerprint for r in reps}
            if record.doc_fingerprints(conn, doc_id) == new:
                unchanged += 1
                continue
            touched = record.remove_doc_mentions(conn, doc_id)
            for event_id in sorted(touched):
                if refresh(conn, event_id) == "deleted":
                    deleted.add(event_id)
            for rep in sorted(reps, key=lambda r: r.index):
                event_id, rule = place_report(conn, rep)
                if event_id not in shapes:
                    shapes[event_id] = record.event_shape(conn, event_id)
                known = record.event_mention_count(conn, event_id)
                record.insert_mention(conn, event_id, rep, rule, new[rep.key])
                if known is not None and known >= EAGER_MENTIONS:
                    later.add(event_id)
                    updated.add(event_id)
                else:
                    outcome = refresh(conn, event_id)
                    later.discard(event_id)
                    (created if outcome == "created" else updated).add(event_id)
                touched.add(event_id)
                count += 1
            for event_id in touched - created - deleted:
                updated.add(event_id)
        waiting: list[str] = []
        for event_id in sorted(later):
            decided = record.event_mention_count(conn, event_id) or 0
            if defer and record.current_mention_count(conn, event_id) < decided * (1 + SETTLE_GROWTH):
                waiting.append(event_id)
            else:
                refresh(conn, event_id)
        record.mark_unsettled(conn, waiting)
        if not defer:
            for event_id in record.unsettled(conn):
                if event_id not in shapes:
                    shapes[event_id] = record.event_shape(conn, event_id)
                outcome = refresh(conn, event_id)
                if outcome == "deleted":
                    deleted.add(event_id)
                elif outcome != "gone":
                    updated.add(event_id)
        # Only an event that is new, or whose span, place, sides or status changed, can now
        # match an event it did not match before.
        reshaped = {e for e in created | updated if shapes.get(e, ()) != record.event_shape(conn, e)}
        merged = remerge(conn, reshaped)
        # Curated events whose mentions changed read again as curation left them.
        curation.rebuild(conn, created | updated | deleted | merged, decide_curated)
    created -= merged
    updated -= merged
    deleted |= merged
    # An event deleted and created again within the call (its only document re-fused) was updated.
    recreated = created & deleted
    created -= recreated
    deleted -= recreated
    updated = (updated | recreated) - created - deleted
    return FuseResult(
        documents=len(by_doc),
        unchanged_documents=unchanged,
        reports=count,
        events_created=len(created),
        events_updated=len(updated),
        events_deleted=len(deleted),
        event_ids=tuple(sorted(created | updated)),
    )


def _event_candidates(conn: sqlite3.Connection, row: record.EventRow) -> list[record.EventRow]:
    """Events that could be the same as a fused one, found through the indexes as for a report."""
    ev = row.event
    if row.span_start and row.span_end:
        near = dt.timedelta(days=NEAR_DAYS)
        keep = _could_match(frozenset(ev.parties), row.place_key)
        rows = record.events_overlapping(conn, ev.type, row.span_start - near, row.span_end + near, keep)
    elif row.anchor and ev.parties:
        window = dt.timedelta(days=UNDATED_AHEAD_DAYS + UNDATED_SLACK_DAYS)
        key = "|".join(sorted(ev.parties))
        rows = record.events_by_parties(
            conn, ev.type, key, row.anchor - window, row.anchor + window, undated_only=False
        )
    else:
        rows = []
    return [r for r in rows if r.event.id != ev.id]


def remerge(conn: sqlite3.Connection, event_ids: Iterable[str]) -> set[str]:
    """Merge events that, as fused, match each other; return the ids merged away.

    Fusion places each report as it arrives, so the order of documents can leave one real
    event as two: a month-dated passing mention starts an event before the report that names
    the day arrives, and a later report bridges them. An event matches another under the same
    rules as a report (``match``, both ways round); the one with fewer mentions joins the other,
    its mentions recorded under ``fuse.merged_events``.
    """
    queue = sorted(set(event_ids))
    gone: set[str] = set()
    while queue:
        event_id = queue.pop(0)
        row = None if event_id in gone else record.event_row(conn, event_id)
        if row is None:
            continue
        facts = row_facts(row)
        best: tuple[tuple[Any, ...], record.EventRow] | None = None
        for other in _event_candidates(conn, row):
            theirs = row_facts(other)
            rule = match(facts, theirs) or match(theirs, facts)
            if rule is None:
                continue
            score = (*_score(rule, facts, theirs), other.event.id)
            if best is None or score > best[0]:
                best = (score, other)
        if best is None:
            continue
        other = best[1]
        keep, drop = sorted((row, other), key=lambda r: (-r.event.mentions, r.event.id))
        record.move_mentions(conn, drop.event.id, keep.event.id, "fuse.merged_events")
        refresh(conn, drop.event.id)
        refresh(conn, keep.event.id)
        gone.add(drop.event.id)
        queue.append(keep.event.id)
    return gone


def settle(store: Store) -> FuseResult:
    """Re-decide the events that deferred fusion left unsettled (see ``fuse``)."""
    return fuse(store, [])


def fuse_pending(store: Store) -> FuseResult:
    """Fuse every stored document whose reports differ from what the record holds for it."""
    reports = record.stored_report_docs(store)
    fused = record.fused_docs(store)
    todo: list[EventReport] = []
    docs: list[str] = []
    for doc_id in sorted(set(reports) | set(fused)):
        reps = reports.get(doc_id, [])
        if {r.key: r.fingerprint for r in reps} != fused.get(doc_id, {}):
            todo += reps
            docs.append(doc_id)
    return fuse(store, todo, documents=docs)


# -- measured: pairwise precision and recall of merged mentions ----------------------------------


def pairwise_scores(predicted: dict[str, str], truth: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1 of clustering: ``predicted`` and ``truth`` map mention ids to
    cluster ids; a pair counts as merged when both mentions share a cluster."""
    keys = sorted(truth.keys() & predicted.keys())
    tp = fp = fn = 0
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            same_pred = predicted[a] == predicted[b]
            same_true = truth[a] == truth[b]
            tp += int(same_pred and same_true)
            fp += int(same_pred and not same_true)
            fn += int(same_true and not same_pred)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "pairs_true": tp + fn,
        "pairs_predicted": tp + fp,
    }


def assignments(store: Store) -> dict[str, str]:
    """Report id -> event id for every mention in the record."""
    return record.assignments(store.conn)


__all__ = [
    "APPROX_DAYS",
    "Decided",
    "FuseResult",
    "assignments",
    "consolidate",
    "fuse",
    "fuse_pending",
    "match",
    "pairwise_scores",
    "place_key",
]
