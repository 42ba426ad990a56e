"""Fold one document's mentions into reports: one per real-world event.

Mentions of the same type whose dates, venues and sides do not conflict are one event
(a headline, the lead and a later "the Sochi meeting" are one meeting). A mention with
neither date nor venue joins the most similar compatible event; it never stands alone
unless it names people from two sides. An agreement with a status cue and no anchor of its
own ("the signing did not happen") is the event reported just before it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from parley.extraction.factuality import NEGATIVE
from parley.extraction.mentions import Mention
from parley.model import VICINITY, DateValue
from parley.places import same_place


@dataclass
class Resolved:
    """A mention with its date resolved and its status decided."""

    mention: Mention
    date: DateValue | None
    status: str
    status_rule: str
    explicit: bool  # the status came from a cue, not from tense or date
    date_rule: str = ""
    inherited: tuple[str, ...] = ()  # fields copied from the event this mention refers back to
    place: Any = None
    place_rule: str = ""
    parties: tuple[str, ...] = ()
    mediator: str | None = None
    mediator_rule: str = ""


@dataclass
class Group:
    """The mentions that make one report, with the fields merged so far."""

    type: str
    members: list[Resolved] = field(default_factory=list)
    date: DateValue | None = None
    date_rule: str = ""
    place: Any = None
    place_rule: str = ""
    parties: dict[str, str] = field(default_factory=dict)  # code -> rule id
    per_side: bool = False  # one side's share of an event split per side: its sides are final
    # What the comparisons ask of the members, kept up to date by ``add`` so that comparing a
    # mention with a group costs the same however many mentions the group holds.
    sentences: set[tuple[str, int]] = field(default_factory=set, init=False, repr=False)
    said: set[tuple[str, int, str]] = field(default_factory=set, init=False, repr=False)
    told: set[tuple[str, int, str]] = field(default_factory=set, init=False, repr=False)  # explicit only
    held: bool = field(default=False, init=False, repr=False)  # a member certainly held
    called_off: bool = field(default=False, init=False, repr=False)  # a member explicitly negative

    def __post_init__(self) -> None:
        for item in self.members:
            self._note(item)

    def _note(self, item: Resolved) -> None:
        m = item.mention
        self.sentences.add((m.segment, m.sentence))
        self.said.add((m.segment, m.sentence, item.status))
        if item.explicit:
            self.told.add((m.segment, m.sentence, item.status))
        self.held = self.held or _certain_held(item)
        self.called_off = self.called_off or (item.explicit and item.status in NEGATIVE)

    def add(self, item: Resolved) -> None:
        self.members.append(item)
        self._note(item)
        if item.date is not None and (self.date is None or _narrower(item.date, self.date)):
            self.date, self.date_rule = item.date, item.date_rule
        if item.place is not None and (
            self.place is None or (self.place_rule == VICINITY and item.place_rule != VICINITY)
        ):
            # "in Arlington" says more than "near Washington".
            self.place, self.place_rule = item.place, item.place_rule
        for code in item.parties:
            self.parties.setdefault(code, _party_rule(item, code))


# An undated event the lead of an article tells is its news: it is not an event this many days
# older than the article.
NEWS_DAYS = 60
# The lead: the headline (or, with none, the first sentence).
LEAD_SENTENCES = 1


def _news_before_history(group: Group, item: Resolved, published: dt.date | None) -> bool:
    """ "Trilateral summit in Brussels brings together the sides" in a headline is the day's
    news, not the Brussels summit of a year before that the body recalls."""
    if published is None or (item.mention.segment, item.mention.sentence) in group.sentences:
        return False
    if item.date is None and group.date is not None and item.mention.sentence < LEAD_SENTENCES:
        return (published - group.date.end).days > NEWS_DAYS
    if item.date is not None and group.date is None and all(
        m.mention.sentence < LEAD_SENTENCES for m in group.members
    ):
        return (published - item.date.end).days > NEWS_DAYS
    return False


def _party_rule(item: Resolved, code: str) -> str:
    for ref in item.mention.parties:
        if ref.code == code:
            return ref.rule
    return "parties.inherited" if "parties" in item.inherited else "parties.mention"


def _narrower(a: DateValue, b: DateValue) -> bool:
    return (a.end - a.start) < (b.end - b.start) and a.start >= b.start and a.end <= b.end


# A venue given as "near X" is any city this close to X ("near Washington", then "in Arlington").
NEARBY_KM = 30.0
# A mention is compared with the events most recently begun in its document, this many at
# most, so that merging stays linear in the mentions however many events a text reports: the
# evaluation and seed articles report at most a dozen, a window of 256 never binds on them.
MERGE_WINDOW = 256
EARTH_KM = 6371.0


def places_compatible(a: Any, b: Any) -> bool:
    return same_place(a, b)


def venues_compatible(group: Group, item: Resolved) -> bool:
    """The same place, an unknown one, or a city near a vicinity ("near X") the other gives."""
    if places_compatible(group.place, item.place):
        return True
    return VICINITY in (group.place_rule, item.place_rule) and nearby(group.place, item.place)


def nearby(a: Any, b: Any) -> bool:
    """Whether two pack cities lie within NEARBY_KM of each other (regions, borders and
    states are areas, and their coordinates only a centre)."""
    if getattr(a, "kind", None) != "city" or getattr(b, "kind", None) != "city":
        return False
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h)) <= NEARBY_KM


def dates_compatible(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None:
        return True
    return a.start <= b.end and b.start <= a.end


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def parties_compatible(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return True
    return jaccard(a, b) >= 0.5 or a <= b or b <= a


def _certain_held(item: Resolved) -> bool:
    """Reported as having happened: by a cue, or in the past tense with a date or venue of its own."""
    if item.status not in ("held", "signed"):
        return False
    return item.explicit or (item.mention.tense == "past" and item.mention.anchored)


def statuses_compatible(group: Group, item: Resolved) -> bool:
    """An event reported as having happened is not one reported as called off: "withdrew from
    the meeting in Washington" and "met on the border on 30 November" are two events."""
    negative = item.explicit and item.status in NEGATIVE
    if negative and group.held:
        return False
    # "Lavrov, meeting Bayramov in Moscow, complained that Armenia had withdrawn from a trilateral
    # meeting": one sentence that tells an event apart from one called off tells two events.
    here = (item.mention.segment, item.mention.sentence)
    if negative and any(here == s[:2] and status not in NEGATIVE for s in group.said for status in s[2:]):
        return False
    return not (_certain_held(item) and group.called_off)


def _affinity(group: Group, item: Resolved) -> float:
    score = jaccard(set(group.parties), set(item.parties))
    if group.date is not None and item.date is not None:
        score += 2
    if group.place is not None and item.place is not None:
        score += 2
    # Two compatible accounts in one sentence are one event told in parts ("hosted the pair
    # after their first encounter in Brussels in December": the date on one, the venue on the
    # other), before a like event of an earlier sentence.
    if (item.mention.segment, item.mention.sentence) in group.sentences:
        score += 3
    return score


def _told_together(a: Group, b: Group) -> bool:
    """One sentence giving two like events the same named venue, compatible dates, the same
    outcome and a side in common tells one event from two angles, whatever else their sides
    differ in ("Aliyev will not attend the summit in Granada on Thursday, scrapping a five-way
    meeting planned there")."""
    if a.type != b.type or a.place is None or b.place is None or not places_compatible(a.place, b.place):
        return False
    if not dates_compatible(a.date, b.date) or not set(a.parties) & set(b.parties):
        return False
    return not a.told.isdisjoint(b.told)


def _join_told_together(groups: list[Group]) -> list[Group]:
    out: list[Group] = []
    for group in groups:
        into = next((g for g in out[-MERGE_WINDOW:] if _told_together(g, group)), None)
        if into is None:
            out.append(group)
        else:
            for member in group.members:
                into.add(member)
    return out


def merge(
    items: list[Resolved], check: Callable[[], None] | None = None, published: dt.date | None = None
) -> list[Group]:
    """One group per event; ``check`` is called before each mention (a time budget's).
    ``published`` is the article's day, when known."""
    groups: list[Group] = []
    for item in items:
        if check is not None:
            check()
        m = item.mention
        if item.date is None and item.place is None and not item.parties:
            continue  # "the meeting" with nothing to tie it to any event
        if m.distinct and m.anchored:
            group = Group(m.type)
            group.add(item)
            groups.append(group)
            continue
        options = [
            (n, g)
            for n, g in enumerate(groups[-MERGE_WINDOW:])
            if g.type == item.mention.type
            and dates_compatible(g.date, item.date)
            and venues_compatible(g, item)
            and parties_compatible(set(g.parties), set(item.parties))
            and statuses_compatible(g, item)
            and not _news_before_history(g, item, published)
        ]
        if item.date is None and item.place is None:
            # A bare mention joins an event that shares a side with it, or that its own
            # sentence tells ("talks in Brussels on Sunday, Michel said after hosting them").
            here = (m.segment, m.sentence)
            options = [
                (n, g)
                for n, g in options
                if set(g.parties) & set(item.parties) or not item.parties or (*here, item.status) in g.said
            ]
        if options:
            _, best = max(options, key=lambda option: (_affinity(option[1], item), option[0]))
            best.add(item)
            continue
        if item.mention.anchored:
            group = Group(item.mention.type)
            group.add(item)
            groups.append(group)
    return _join_told_together(groups)


def group_status(group: Group, principals: tuple[str, ...] = ()) -> tuple[str, str]:
    """Negative outcomes outrank a held event, which outranks a plan; cues outrank defaults.
    A third party staying away ("Georgia refused to join") does not call off a meeting
    of both ``principals``."""
    both = len(principals) >= 2 and all(c in group.parties for c in principals)
    explicit = [
        m
        for m in group.members
        if m.explicit
        and not (
            both
            and m.status in NEGATIVE
            and m.parties
            and not any(c in principals for c in m.parties)
        )
    ]
    for status in (*NEGATIVE, "held", "signed"):
        for member in explicit:
            if member.status == status:
                return member.status, member.status_rule
    # An event told in the past tense happened, whatever plan another sentence recalls
    # ("hosted the ministers on Monday" beside "the meeting announced last week").
    for member in group.members:
        if _certain_held(member):
            return member.status, member.status_rule
    for member in explicit:
        if member.status == "planned":
            return member.status, member.status_rule
    # No cue anywhere: a sentence in the future tense, or dated after the article, says more than
    # one that only names the event ("will meet next week" beside "the meeting").
    for member in group.members:
        if member.status == "planned":
            return member.status, member.status_rule
    dated = [m for m in group.members if m.date is not None] or group.members
    return dated[0].status, dated[0].status_rule


# An agreement that names no date of its own ("the signing did not happen") refers to an
# event reported at most this many sentences earlier.
REFER_BACK = 4


def refer_back(items: list[Resolved]) -> list[Resolved]:
    """An agreement with a status cue but no anchor of its own takes the date, venue and
    sides of the event reported just before it."""
    out: list[Resolved] = []
    last: Resolved | None = None
    for item in items:
        m = item.mention
        if m.dropped:
            out.append(item)
            continue
        if (
            m.type == "agreement"
            and (m.signing or m.act)
            and item.date is None
            and m.segment == "body"
            and item.explicit  # "the signing did not happen"; a mere "the treaty" or "to sign" is no act
            and last is not None
            and m.sentence - last.mention.sentence <= REFER_BACK
            # "In the fall of 2020 ... a war ended by an agreement brokered by Russia": a
            # sentence with a time of its own tells of that time, not of the event before.
            and not m.other_time
        ):
            item.date = item.date or last.date
            item.date_rule = item.date_rule or "date.refers_back"
            item.place = item.place or last.place
            item.place_rule = item.place_rule or "place.refers_back"
            if len(item.parties) < 2:
                item.parties = tuple(dict.fromkeys((*item.parties, *last.parties)))
            item.mediator = item.mediator or last.mediator
            item.mediator_rule = item.mediator_rule or ("mediator.refers_back" if last.mediator else "")
            item.inherited = ("date", "place", "parties")
            object.__setattr__(item, "mention", _anchored(m))
        if item.date is not None and m.segment == "body":
            last = item
        out.append(item)
    return out


def _anchored(mention: Mention) -> Mention:
    return replace(mention, anchored=True)
