"""What an event's confidence is computed from: named cues read off the event as fusion decided it.

Each cue has a readable name (it is what an event's page shows as a reason) and a value, mostly
0/1 or a fraction of the event's reports. Cues about rules name the rule id, so a rule that is
often wrong on real news lowers the confidence of what it decides. A rule id the model was not
trained on reads as ``<field> rule=other``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Sequence

from parley.model import Contradiction, Event, EventReport

# The fields whose confidence is assessed, each as the scorer compares it.
FIELDS: tuple[str, ...] = ("date", "place", "parties", "mediator", "status")

# Evidence starting within this many characters of the article is in its lead (a headline and
# a paragraph or two).
LEAD_CHARS = 500
# An event first reported this many days after it ended is recalled, not news.
RECALLED_DAYS = 60

# Report fields whose deciding rule is a cue ("type" is the trigger: which words made it an event).
RULE_FIELDS: tuple[str, ...] = ("type", "status", "date", "place", "parties", "mediator")


def _fraction(count: int, total: int) -> float:
    return count / total if total else 0.0


def _rule_cues(field: str, reports: Sequence[EventReport], known: Collection[str] | None) -> dict[str, float]:
    """The share of the reports whose ``field`` was decided by each rule (a report may name several
    rules, comma-joined: the parties' rules)."""
    counts: dict[str, float] = {}
    for rep in reports:
        rule = dict(rep.rules).get(field)
        if not rule:
            continue
        # Parties name a rule per side ("a,b"); a date names its anchoring and its reading ("a+b").
        ids = rule.replace("+", ",").split(",")
        for rule_id in ids:
            name = f"{field} rule={rule_id}"
            if known is not None and name not in known:
                name = f"{field} rule=other"
            counts[name] = counts.get(name, 0.0) + 1.0 / len(ids)
    return {k: v / len(reports) for k, v in counts.items()} if reports else {}


def features(
    event: Event,
    reports: Sequence[EventReport],
    contradictions: Sequence[Contradiction] = (),
    known: Collection[str] | None = None,
) -> dict[str, float]:
    """The cues of an event decided from ``reports``, by name; absent cues are 0.

    ``known`` names the cues a model was trained on: a rule cue outside it reads as ``=other``.
    """
    n = len(reports) or 1
    out: dict[str, float] = {"bias": 1.0}
    out[f"type={event.type}"] = 1.0
    out[f"status={event.status}"] = 1.0

    # How many sources, and how far they agree on each decided field.
    out["several documents"] = float(event.documents >= 2)
    out["documents (log2)"] = math.log2(max(event.documents, 1))
    out["mentions per document"] = min(event.mentions / max(event.documents, 1), 4.0) - 1.0
    dated = sum(1 for r in reports if r.date is not None)
    placed = sum(1 for r in reports if r.place)
    mediated = sum(1 for r in reports if r.mediator)

    def supporters(name: str) -> int:
        found = event.sources_of(name)
        return len(found.reports) if found else 0

    out["date agreement"] = _fraction(supporters("date"), dated) if dated > 1 else 0.0
    out["place agreement"] = _fraction(supporters("place"), placed) if placed > 1 else 0.0
    out["status agreement"] = _fraction(supporters("status"), n) if n > 1 else 0.0
    out["mediator agreement"] = _fraction(supporters("mediator"), mediated) if mediated > 1 else 0.0
    same_sides = sum(1 for r in reports if set(r.parties) == set(event.parties))
    out["parties agreement"] = _fraction(same_sides, n) if n > 1 else 0.0
    for c in contradictions:
        out[f"contradiction: {c.field}"] = 1.0

    # What the event has, and how precisely.
    if event.date is None:
        out["date: none"] = 1.0
    else:
        out[f"date: {event.date_precision}"] = 1.0
        out["date: approximate"] = float(event.date_approx)
        if event.status == "held" and event.last_reported and event.date_start:
            # A meeting reported as held on a day after every report of it: stale or wrong.
            out["held, dated after its reports"] = float(event.date_start > event.last_reported)
    out["place: none"] = float(event.place is None)
    out["place: vicinity only"] = (
        _fraction(sum(1 for r in reports if r.near_place), n) if event.place else 0.0
    )
    out["mediator: named"] = float(event.mediator is not None)
    out["parties: one side"] = float(len(event.parties) <= 1)
    out["parties: more than three"] = float(len(event.parties) > 3)
    out["named people"] = _fraction(sum(1 for r in reports if r.participants), n)
    out["summit setting"] = float(event.context is not None)
    out["agenda issues"] = float(bool(event.issues))
    out["evidence sentences"] = min(sum(len(r.evidence) for r in reports) / n, 4.0) - 1.0
    # Where in their articles the reports stand: the lead reports the news, later passages more
    # often recall background events, in passing and less precisely.
    out["in the lead"] = _fraction(
        sum(1 for r in reports if r.evidence and r.evidence[0].start < LEAD_CHARS), n
    )
    out["later report of its article"] = sum(min(r.index, 4) for r in reports) / (4 * n)
    if event.date_start and event.first_reported:
        first_day = event.first_reported[:10]
        if len(first_day) == 10 and event.date_end:
            gap = (dt.date.fromisoformat(first_day) - dt.date.fromisoformat(event.date_end)).days
            out["recalled long after"] = float(gap > RECALLED_DAYS)
            out["reported before it"] = float(gap < 0)

    # Which rules decided each field.
    for field in RULE_FIELDS:
        out.update(_rule_cues(field, reports, known))
    return {k: v for k, v in out.items() if v}
