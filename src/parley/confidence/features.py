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
from functools import lru_cache

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


@lru_cache(maxsize=8192)  # asked for every report at every decision of its event
def _rule_shares(
    rules: tuple[tuple[str, str], ...], known: frozenset[str] | None
) -> tuple[tuple[str, float], ...]:
    """A report's rule cues, each with its share of the report: parties name a rule per side
    ("a,b"), a date its anchoring and its reading ("a+b")."""
    out = []
    for field, rule in rules:
        if field not in RULE_FIELDS or not rule:
            continue
        ids = rule.replace("+", ",").split(",")
        for rule_id in ids:
            name = f"{field} rule={rule_id}"
            if known is not None and name not in known:
                name = f"{field} rule=other"
            out.append((name, 1.0 / len(ids)))
    return tuple(out)


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
    known = known if known is None or isinstance(known, frozenset) else frozenset(known)
    out: dict[str, float] = {"bias": 1.0}
    out[f"type={event.type}"] = 1.0
    out[f"status={event.status}"] = 1.0

    # One pass over the reports (fusion asks at every decision of an event).
    sides = set(event.parties)
    dated = placed = mediated = same_sides = near = with_people = in_lead = evidence = later = 0
    rules: dict[str, float] = {}
    for r in reports:
        dated += r.date is not None
        placed += bool(r.place)
        mediated += bool(r.mediator)
        same_sides += set(r.parties) == sides
        near += r.near_place
        with_people += bool(r.participants)
        in_lead += bool(r.evidence) and r.evidence[0].start < LEAD_CHARS
        evidence += len(r.evidence)
        later += min(r.index, 4)
        for name, share in _rule_shares(r.rules, known):
            rules[name] = rules.get(name, 0.0) + share

    # How many sources, and how far they agree on each decided field.
    out["several documents"] = float(event.documents >= 2)
    out["documents (log2)"] = math.log2(max(event.documents, 1))
    out["mentions per document"] = min(event.mentions / max(event.documents, 1), 4.0) - 1.0

    def supporters(name: str) -> int:
        found = event.sources_of(name)
        return len(found.reports) if found else 0

    out["date agreement"] = _fraction(supporters("date"), dated) if dated > 1 else 0.0
    out["place agreement"] = _fraction(supporters("place"), placed) if placed > 1 else 0.0
    out["status agreement"] = _fraction(supporters("status"), n) if n > 1 else 0.0
    out["mediator agreement"] = _fraction(supporters("mediator"), mediated) if mediated > 1 else 0.0
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
    out["place: vicinity only"] = _fraction(near, n) if event.place else 0.0
    out["mediator: named"] = float(event.mediator is not None)
    out["parties: one side"] = float(len(event.parties) <= 1)
    out["parties: more than three"] = float(len(event.parties) > 3)
    out["named people"] = _fraction(with_people, n)
    out["summit setting"] = float(event.context is not None)
    out["agenda issues"] = float(bool(event.issues))
    out["evidence sentences"] = min(evidence / n, 4.0) - 1.0
    # Where in their articles the reports stand: the lead reports the news, later passages more
    # often recall background events, in passing and less precisely.
    out["in the lead"] = _fraction(in_lead, n)
    out["later report of its article"] = later / (4 * n)
    if event.date_start and event.first_reported:
        first_day = event.first_reported[:10]
        if len(first_day) == 10 and event.date_end:
            gap = (dt.date.fromisoformat(first_day) - dt.date.fromisoformat(event.date_end)).days
            out["recalled long after"] = float(gap > RECALLED_DAYS)
            out["reported before it"] = float(gap < 0)

    # Which rules decided each field: the share of the reports each decided.
    if reports:
        out.update((name, total / len(reports)) for name, total in rules.items())
    return {k: v for k, v in out.items() if v}
