"""From one document's merged mentions to its event reports: the two negotiating sides, the
mediator a venue's host implies, the meeting a signing implies, a third party's contacts
split into one per side, and what is not contact between the sides dropped; every field
keeps the id of the rule behind it."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from parley.extraction.arguments import participants_of
from parley.extraction.coreference import (
    MERGE_WINDOW,
    Group,
    Resolved,
    dates_compatible,
    group_status,
    places_compatible,
)
from parley.extraction.rules import EventRules
from parley.model import Document, EventReport
from parley.places import place_name, same_place

if TYPE_CHECKING:

    from parley.pack import Pack
from parley.extraction.anchoring import fallback_date


def principal_sides(pack: Pack, items: Iterable[Resolved]) -> tuple[str, ...]:
    """The two negotiating sides: a pack lists them first among its actors (see
    packs/armenia_azerbaijan.yaml); a pack without actors falls back to the two most named."""
    actors = [a.code for a in pack.actors]
    if len(actors) >= 2:
        return tuple(actors[:2])
    counts: Counter[str] = Counter()
    for item in items:
        counts.update(item.parties)
    return tuple(code for code, _ in counts.most_common(2))


def _host(place: Any, rules: EventRules, pack: Pack) -> tuple[str | None, str]:
    name = place_name(place)
    if not name:
        return None, ""
    for host in rules.hosts:
        if name.lower() in host.places:
            return host.actor, host.id
    countries: tuple[Any, ...] = tuple(
        getattr(place, "countries", None) or (getattr(place, "country", None),)
    )
    if len(countries) == 1 and countries[0]:
        return str(countries[0]), "mediator.host_country"
    return None, ""


def _hosts_by_venue(
    country: str | None,
    place: Any,
    parties: dict[str, str],
    principals: tuple[str, ...],
    pack: Pack,
    trilateral: bool = False,
) -> bool:
    """Whether a venue's country hosts a meeting of the two sides: when the text names it
    as a side too, or when the sides met alone in its capital ("talks in Moscow"). A venue
    that is only where a wider gathering took place ("in Prague", with the EU and France at
    the table) is a location, not a mediator."""
    if country is None:
        return False
    if country in parties:
        # Among other third states ("the 3+3 consultations in Tehran"), the host is one member
        # of a multilateral format, not the one bringing the two sides together.
        states = [c for c in parties if c not in principals and c != country and _kind(c, pack) == "state"]
        return trilateral or len(states) < 2
    if any(code not in principals for code in parties):
        return False
    actor = pack.actor_by_code(country)
    capital = getattr(actor, "capital", None)
    return bool(capital) and same_place(str(capital), place_name(place) or "")


def build_report(
    document: Document, group: Group, index: int, principals: tuple[str, ...], rules: EventRules, pack: Pack
) -> EventReport:
    status, status_rule = group_status(group, principals)
    members = group.members
    first = members[0].mention
    field_rules: dict[str, str] = {"type": first.trigger_rule, "status": status_rule}
    # A forum (the pack's actor kind) is where an event happens, never a side of it.
    parties = {code: rule for code, rule in group.parties.items() if not _is_forum(code, pack)}
    if any(m.mention.group_ref for m in members) and principals and not group.per_side:
        for code in principals:
            parties.setdefault(code, "parties.group_reference")
    present = [c for c in principals if c in parties]
    if principals and len(parties) < 2:
        for code in principals:
            parties.setdefault(code, "parties.document_sides" if not present else "parties.counterpart")
    mediator, mediator_rule = None, ""
    # One side meeting a third party ("Putin received Aliyev"): nobody mediates.
    one_side = group.per_side or (
        status in ("held", "signed")
        and len(principals) >= 2
        and len([c for c in principals if c in parties]) == 1
    )
    for member in members:
        if one_side:
            break
        if member.mediator and member.mediator not in principals:
            mediator, mediator_rule = member.mediator, member.mediator_rule
            break
    trilateral = any(m.mention.mediator_rule == rules.mediator_trilateral.id for m in members)
    thirds = [c for c in parties if c not in principals]
    if mediator is None and trilateral and len(thirds) == 1 and not one_side:
        mediator, mediator_rule = thirds[0], rules.mediator_trilateral.id
    context = next((m.mention.context for m in members if m.mention.context), None)
    place = group.place
    if mediator is None and group.type == "meeting" and principals and all(c in parties for c in principals):
        host, host_rule = _host(place, rules, pack)
        if context is not None and host not in parties:
            host = None  # the host of the summit the event is held beside, not of the event
        by_venue = host_rule == "mediator.host_country"
        if by_venue and not _hosts_by_venue(host, place, parties, principals, pack, trilateral):
            host = None
        if any(m.mention.unmediated for m in members):
            host = None
        # "the two leaders had two sessions of talks in Brussels": a venue alone does not say who
        # hosted; the host is named in the article (a side of another event, an official).
        if host and host not in parties and not _named_in(document.text, host, pack):
            host = None
        if host and host not in principals:
            mediator, mediator_rule = host, host_rule
    if mediator is None and not one_side and principals and all(c in parties for c in principals):
        # Both sides with several third parties, one of them an international organisation
        # (Michel with Macron and Scholz): the organisation convenes.
        thirds = [c for c in parties if c not in principals]
        bodies = [c for c in thirds if _kind(c, pack) == "organisation"]
        named = not any(parties[c] in INFERRED_SIDES for c in principals)
        if len(thirds) > 1 and len(bodies) == 1:
            mediator, mediator_rule = bodies[0], "mediator.convening_organisation"
        elif len(thirds) == 1 and named and group.type in ("meeting", "call"):
            # The two sides and one third party, all named: the third party is what brings
            # them together ("Lavrov, after talks with his Armenian and Azerbaijani counterparts").
            mediator, mediator_rule = thirds[0], "mediator.third_party"
    if mediator:
        parties.setdefault(mediator, mediator_rule)
    date = group.date
    date_rule = group.date_rule
    if date is None and document.published:
        date = fallback_date(document.published, day_of_report=status != "planned")
        date_rule = date.rule if date else ""
    evidence = sorted({m.mention.evidence for m in members}, key=lambda e: (e.start, e.text))
    issues: list[str] = []
    for ev in evidence:
        for issue, _start, _end in pack.issues_in(ev.text):
            code = str(
                getattr(issue, "id", None) or getattr(issue, "code", None) or getattr(issue, "name", issue)
            )
            if code not in issues:
                issues.append(code)
    refs = [ref for m in members for ref in m.mention.parties]
    participants = participants_of(refs)
    codes = tuple(sorted(parties))
    fmt = "bilateral" if len(codes) <= 2 else ("trilateral" if len(codes) == 3 else "multilateral")
    field_rules["parties"] = ",".join(sorted(set(parties.values())))
    field_rules["format"] = "format.party_count"
    field_rules["mediated"] = mediator_rule or "mediator.none_found"
    if mediator:
        field_rules["mediator"] = mediator_rule
    if date is not None:
        field_rules["date"] = date_rule
    if place is not None:
        field_rules["place"] = group.place_rule
    if context:
        field_rules["context"] = "context.summit_setting"
    if participants:
        field_rules["participants"] = "parties.person"
    if issues:
        field_rules["issues"] = "issues.pack"
    triggers = sorted({m.mention.trigger_rule for m in members})
    return EventReport(
        doc=document.name,
        doc_id=document.id,
        type=group.type,
        status=status,
        date=date,
        place=place_name(place),
        place_country=getattr(place, "country", None),
        lat=getattr(place, "lat", None),
        lon=getattr(place, "lon", None),
        context=context,
        parties=codes,
        mediator=mediator,
        participants=participants,
        issues=tuple(issues),
        format=fmt,
        mediated=mediator is not None,
        evidence=tuple(evidence),
        rules=tuple(sorted(field_rules.items())),
        published=document.published,
        index=index,
        extra=(("triggers", ",".join(triggers)),),
    )


def with_signing_meetings(groups: list[Group]) -> list[Group]:
    """Signing or initialling by people from two sides at a ceremony the text places ("signed in
    the White House") is also a meeting of those sides, unless the document already reports that
    meeting. A signing with no venue is not: statements are often signed apart (on the news set's
    train split, all three meetings so implied were spurious)."""
    out = list(groups)
    meetings = [g for g in groups if g.type == "meeting"]
    for group in groups:
        if group.type != "agreement":
            continue
        signing = [m for m in group.members if m.mention.signing and m.mention.segment == "body"]
        named = {code for m in signing for code in m.mention.named_sides}
        status, _ = group_status(group)
        if not signing or len(named) < 2 or status not in ("signed", "held", "planned"):
            continue
        if any(m.mention.apart for m in signing):
            continue
        if group.place is None:
            continue  # signed with no venue named: perhaps apart
        if any(
            dates_compatible(g.date, group.date) and places_compatible(g.place, group.place)
            for g in meetings[-MERGE_WINDOW:]
        ):
            continue
        meeting = Group("meeting")
        for member in signing:
            meeting.add(
                replace(
                    member,
                    status="held" if status != "planned" else "planned",
                    status_rule="meeting.implied_by_signing",
                )
            )
        out.append(meeting)
        meetings.append(meeting)
    return out


def concerns_the_sides(group: Group, principals: tuple[str, ...], pack: Pack) -> bool:
    """Whether an event is contact between the two sides (or may be, its sides unnamed), or
    one side's contact with a third party about the negotiation.

    Two or more named sides without either principal ("Russian and Iranian officials met")
    is other diplomacy; a held meeting of one principal with a third party only ("Erdogan and
    Aliyev met in Nakhchivan", an envoy's visit to Baku) counts only when its sentence ties it
    to the negotiation: it names the other side or an issue of the pack ("Putin hosted Aliyev
    to discuss the peace treaty"). Calls of that kind stay: a mediator ringing each leader is
    how talks are brokered.
    """
    if len(principals) < 2 or group.per_side or any(m.mention.group_ref for m in group.members):
        return True
    named = set(group.parties)
    present = [c for c in principals if c in named]
    if len(named) >= 2 and not present:
        return False
    if group.type != "meeting" or len(present) != 1 or len(named) < 2:
        return True
    # A refused or planned meeting names the side that refused or was invited, and the
    # mediator; the other side is implied. Only a held one shows who actually sat down.
    if group_status(group)[0] not in ("held", "signed"):
        return True
    other = next(c for c in principals if c not in present)
    return any(_tied_to_the_track(m.mention.evidence.text, other, pack) for m in group.members)


def _named_in(text: str, code: str, pack: Pack) -> bool:
    """Whether a text names an actor: by name, demonym, seat or one of its people."""
    return code in _actors_named(text, pack)


@lru_cache(maxsize=64)  # asked once per report that a venue could give a host, of one document
def _actors_named(text: str, pack: Pack) -> frozenset[str]:
    codes = set()
    for word in set(re.findall(r"[A-Z][^\W\d_]*", text)):  # names are capitalised
        actor = pack.actor(word) or pack.demonym(word) or pack.metonym(word)
        if actor is not None:
            codes.add(actor.code)
        found = pack.person(word)
        person = found[0] if isinstance(found, tuple) else found
        party = getattr(person, "party", None) if person is not None else None
        if party:
            codes.add(party)
    return frozenset(codes)


def _tied_to_the_track(text: str, other: str, pack: Pack) -> bool:
    """Whether a sentence names the other side (its name, demonym or capital) or an issue of
    the pack."""
    if pack.issues_in(text):
        return True
    for word in re.findall(r"[^\W\d_]+", text):
        actor = pack.actor(word) or pack.demonym(word)
        if actor is not None and actor.code == other:
            return True
    return False


# Rules that add a side the text did not name for this event.
INFERRED_SIDES = frozenset(["parties.document_sides", "parties.counterpart", "parties.group_reference"])


def _kind(code: str, pack: Pack) -> str | None:
    """The pack's kind of an actor (state, organisation, forum), None for a code it lacks."""
    actor = pack.actor_by_code(code)
    return getattr(actor, "kind", None)


def _is_forum(code: str, pack: Pack) -> bool:
    return _kind(code, pack) == "forum"


def before_the_period(group: Group, pack: Pack) -> bool:
    """A document from a year before the pack's period began ("the 1991 Almaty Declaration",
    "a ceasefire agreed in 1994") is background, not an event of this negotiation. The year,
    not the day: the period opens with the documents that started it."""
    start = pack.period_start
    if group.type != "agreement" or start is None or group.date is None:
        return False
    return group.date.end < dt.date(start.year, 1, 1)


def one_per_side(groups: list[Group], principals: tuple[str, ...], rules: EventRules) -> list[Group]:
    """One event per side when a third party dealt with both sides one at a time.

    "X spoke with A and B" is two calls unless a word says the call was joint or mediated ("X
    held a joint call with A and B" is one), or the two sides are together its subject ("A and
    B are to speak by phone at X's initiative"). A meeting is split only when the text says so
    ("met A and B separately"); "both separately and in a trilateral format" adds the joint
    meeting to the two.
    """
    out: list[Group] = []
    for group in groups:
        thirds = [c for c in group.parties if c not in principals]
        members = group.members
        both = len(principals) >= 2 and all(c in group.parties for c in principals) and len(thirds) == 1
        joint = any(m.mention.joint or set(principals) <= m.mention.together for m in members)
        mediated = any(m.mediator or m.mention.mediator_rule for m in members)
        if group.type == "call" and both and not joint and not mediated:
            out += _per_side(group, principals, thirds[0], rules.separate_calls.id)
        elif group.type == "meeting" and both and any(m.mention.each for m in members):
            if joint:
                out.append(group)
            out += _per_side(group, principals, thirds[0], rules.one_per_side.id)
        else:
            out.append(group)
    return out


def _per_side(group: Group, principals: tuple[str, ...], third: str, rule: str) -> list[Group]:
    out = []
    for side in principals:
        split = Group(
            group.type, list(group.members), group.date, group.date_rule, group.place, group.place_rule
        )
        split.parties = {third: group.parties[third], side: rule}
        split.per_side = True
        out.append(split)
    return out
