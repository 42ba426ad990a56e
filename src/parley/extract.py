"""Extract event reports from one document: the whole algorithm, top to bottom.

1. Split the title and body into sentences (regex, offsets into Document.text; title
   sentences carry offset -1).
2. Cheap pass: keep sentences holding an event stem and a name the pack knows.
3. Tag them with spaCy; parse only those whose words and tags could still make a trigger
   (``extraction.screen``), and turn each into mentions (``extraction.mentions.mentions_in``,
   a pure function of the parsed sentence).
4. Resolve each mention's date with the tense of its trigger and decide its status.
5. Let an anchorless agreement mention ("the signing did not happen") refer back to the
   event just reported; merge mentions into one report per event.
6. Add the meeting a signing implies, split a third party's calls to both sides into one
   call per side, and drop what is not contact between the two sides.
7. Fill parties from context ("the two leaders"), the mediator from the venue's host,
   the format, issues and participants; every field keeps the id of the rule behind it.

docs/extraction.md describes each field's rules and the measured figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from parley.extraction.budget import Budget
from parley.extraction.mentions import NEGATIVE, Mention, mentions_in, participants_of
from parley.extraction.merge import (
    MERGE_WINDOW,
    Group,
    Resolved,
    dates_compatible,
    group_status,
    merge,
    places_compatible,
)
from parley.extraction.rules import EventRules, load_rules
from parley.extraction.screen import tagging_stage, trigger_screen
from parley.extraction.segment import Prefilter, Sentence, prefilter_names, split_sentences
from parley.model import DateValue, Document, EventReport
from parley.places import place_name, same_place

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from parley.pack import Pack

# Bump whenever rules or code change what is extracted: incremental re-runs key on it.
EXTRACTOR_VERSION = "0.9.0"

DEFAULT_PACK = "armenia_azerbaijan"
# An agreement that names no date of its own ("the signing did not happen") refers to an
# event reported at most this many sentences earlier.
REFER_BACK = 4
# Documents whose candidate sentences are parsed together, and sentences per network batch:
# on the benchmark corpus, one document at a time ran tok2vec and the parser at about two
# thirds of the speed of batches of a few hundred sentences.
BATCH_DOCUMENTS = 64
PARSE_BATCH = 256
# A document with more candidate sentences than this is parsed on its own, a network batch at
# a time, its time budget checked between batches; no evaluation, seed or sample article has
# more than 34 after the screen, so the shared batches are as before.
PARSE_ALONE = PARSE_BATCH
# Seconds of work one document may take (the extract_seconds setting): the 240 evaluation
# articles take 15 s together on one core, model loading included, so only text that is no
# article comes near it.
EXTRACT_SECONDS = 60.0
# Sentences read between two looks at the clock.
CHECK_EVERY = 64
# "a year ago", "two years ago": read to the month when the article is dated.
YEARS_AGO = re.compile(r"(a|one|two|three|\d) years? ago")
# "May of that year", "in June that year": the year is one the sentence named before.
THAT_YEAR = re.compile(r"\s*(?:of\s+)?that\s+(?:same\s+)?year\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# "on November 9 last year", "in March of this year": the year named right after the date.
NAMED_YEAR = re.compile(r"\s*,?\s*(?:of\s+)?(last|this|next)\s+year\b", re.IGNORECASE)
NAMED_YEAR_SHIFT = {"last": -1, "this": 0, "next": 1}
YEAR_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, **{str(n): n for n in range(1, 10)}}


def _default_pack() -> Pack:
    from parley.pack import load_pack

    return load_pack(DEFAULT_PACK)


def _prefilter(pack: Pack, rules: EventRules, nlp: Language | None = None) -> Prefilter:
    """The candidate pre-filter for ``pack`` and ``rules``: the one built with the pipeline
    (``parley.annotate.build_pipeline``) when it was built for them, else one built now."""
    has_triggers = nlp is not None and "parley_triggers" in nlp.pipe_names
    built = getattr(nlp.get_pipe("parley_triggers"), "prefilter", None) if nlp and has_triggers else None
    if built is not None and built[0] is pack and built[1] is rules:
        return built[2]
    return Prefilter(rules.prefilter, prefilter_names(pack, rules))


def _resolve_date(
    mention: Mention, status: str | None, context: Any, reference: dt.date | None = None
) -> DateValue | None:
    """Resolve the mention's date expression with the tense its status implies; "a day later"
    and "the same day" count from ``reference``, the day the narrative is at."""
    found = mention.date_mention
    if found is None:
        return None
    tense = mention.tense
    if status == "planned":
        tense = "future"
    elif status in ("held", "signed"):
        tense = "past"
    elif status in NEGATIVE:
        # "declined a meeting set for 20 November": the past verb is the refusal, the
        # date is the plan's, so take the reading nearest the article's date.
        tense = None
    # Offsets into the whole text let the context find the month or year stated before it.
    base = max(mention.evidence.start, 0)
    absolute = replace(found, start=found.start + base, end=found.end + base)
    value: DateValue | None = context.resolve(absolute, tense=tense, reference=reference)
    value = _that_year(value, mention.evidence.text, found)
    value = _named_year(value, mention.evidence.text, found, context)
    value = _shared_year(value, mention)
    return _years_back_to_month(value, found.text, context)


def _that_year(value: DateValue | None, sentence: str, found: Any) -> DateValue | None:
    """ "in May of that year" points back to the last year the sentence names before it
    ("formed in 2021, the panel held its first session in June of that year"), not to the article's year."""
    if value is None or value.precision == "year" or not THAT_YEAR.match(sentence[found.end :]):
        return value
    years = YEAR.findall(sentence[: found.start])
    if not years:
        return value
    return _in_year(value, int(years[-1]), "date.that_year")


def _named_year(value: DateValue | None, sentence: str, found: Any, context: Any) -> DateValue | None:
    """ "signed on November 9 last year": the year is counted from the article's."""
    match = NAMED_YEAR.match(sentence[found.end :])
    anchor = context.anchor
    if value is None or value.precision == "year" or match is None or anchor is None:
        return value
    return _in_year(value, anchor.year + NAMED_YEAR_SHIFT[match.group(1).lower()], "date.named_year")


def _shared_year(value: DateValue | None, mention: Mention) -> DateValue | None:
    """ "in May and in July 2023": a date with no year of its own takes the year its
    coordinated date names."""
    found = mention.date_mention
    if value is None or mention.shared_year is None or value.precision == "year" or YEAR.search(found.text):
        return value
    return _in_year(value, mention.shared_year, "date.shared_year")


def _in_year(value: DateValue, year: int, rule: str) -> DateValue:
    """The same day or month in another year (unchanged where that day does not exist)."""
    if year == value.start.year:
        return value
    try:
        start, end = value.start.replace(year=year), value.end.replace(year=year)
    except ValueError:  # 29 February in a year without it
        return value
    return DateValue(str(year) + value.value[4:], value.precision, start, end, value.approx, value.text, rule)


def _years_back_to_month(value: DateValue | None, text: str, context: Any) -> DateValue | None:
    """ "a year ago" counted from a dated article falls in the article's month that many
    years back (approx), finer than the bare year."""
    match = YEARS_AGO.fullmatch(text.strip().lower())
    anchor = context.anchor
    if value is None or match is None or value.precision != "year" or anchor is None:
        return value
    if context.anchor_precision not in ("day", "month"):
        return value
    count = YEAR_COUNTS.get(match.group(1), 0)
    if not count:
        return value
    start = dt.date(anchor.year - count, anchor.month, 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return DateValue(f"{start:%Y-%m}", "month", start, end, True, value.text, "date.years_ago_month")


def _decide(mention: Mention, context: Any, reference: dt.date | None = None) -> Resolved:
    anchor, precision = context.anchor, context.anchor_precision
    date = _resolve_date(mention, mention.status, context, reference)
    date_rule_id = ""
    if date is None and mention.tense == "present" and anchor is not None and precision == "day":
        # An event in the present progressive takes place on the day the article is dated.
        date = DateValue(anchor.isoformat(), "day", anchor, anchor, False, "", "date.present_progressive")
        date_rule_id = "date.present_progressive"
    if mention.status is not None:
        status, rule, explicit = mention.status, mention.status_rule, True
    elif mention.tense == "future":
        status, rule, explicit = "planned", "status.tense_future", False
    elif date is not None and anchor is not None and date.start > anchor and precision == "day":
        status, rule, explicit = "planned", "status.date_after_publication", False
    else:
        status, rule, explicit = "held", "status.default_held", False
    if mention.type == "agreement" and status == "held":
        status = "signed" if mention.signing or mention.act else "held"
    date_rule = f"{mention.date_rule}+{getattr(date, 'rule', '') or 'dates'}" if date else ""
    date_rule = date_rule_id or date_rule
    return Resolved(
        mention=mention,
        date=date,
        status=status,
        status_rule=rule,
        explicit=explicit,
        date_rule=date_rule,
        place=mention.place,
        place_rule=mention.place_rule,
        parties=tuple(dict.fromkeys(p.code for p in mention.parties)),
        mediator=mention.mediator,
        mediator_rule=mention.mediator_rule,
    )


# A wire dateline opening a sentence: "ALMATY —", "BAKU, Azerbaijan —", "MUNICH (RFE/RL) —".
DATELINE = re.compile(
    r"\s*([A-Z][A-Z .'-]*[A-Z])(?:,\s*[A-Z][A-Za-z]+)?\s*(?:\([^)]{0,40}\))?\s*(?:—|–|--)\s"
)


def _dateline_place(sentence: str, pack: Pack) -> Any:
    """The city a dateline opening the sentence names, when the pack knows it as a city."""
    match = DATELINE.match(sentence)
    if match is None:
        return None
    place = pack.place(match.group(1).title())
    return place if getattr(place, "kind", None) == "city" else None


def _narrated(mentions: list[Mention], context: Any, pack: Pack | None = None) -> list[Resolved]:
    """Decide each mention in reading order. The narrative is at the day the last explicit date
    gave ("on April 29 ... A day later, in a call"), which relative counts start from. A contact
    whose mode the sentence leaves open ("held a conversation with") is a call in a story of calls."""
    out: list[Resolved] = []
    reference: dt.date | None = None
    setting: Resolved | None = None  # the last dated gathering: "the BRICS summit on 24 October"
    calls = any(m.type == "call" and not m.dropped for m in mentions)
    for mention in mentions:
        if calls and mention.open_mode:
            rule = f"{mention.trigger_rule}+call.story_of_calls"
            mention = replace(mention, type="call", trigger_rule=rule)
        item = _decide(mention, context, reference)
        if (
            pack is not None
            and item.place is None
            and mention.type == "meeting"
            and item.status == "held"
            and (place := _dateline_place(mention.evidence.text, pack)) is not None
        ):
            # "ALMATY — On Friday the ministers opened talks in Kazakhstan": a held meeting the
            # dateline's own sentence reports took place where the story was filed.
            item.place, item.place_rule = place, "place.dateline"
        if mention.gathering and item.date is not None:
            setting = item
        elif (
            item.date is None
            and mention.context
            and setting is not None
            and 0 <= mention.sentence - setting.mention.sentence <= REFER_BACK
        ):
            # "On the sidelines of the Summit, Aliyev held a meeting": the summit dated before.
            item.date, item.date_rule = setting.date, "date.setting"
        found = mention.date_mention
        explicit = found is not None and found.kind == "explicit"
        if explicit and item.date is not None and item.date.precision == "day":
            reference = item.date.start
        out.append(item)
    return out


def _refer_back(items: list[Resolved]) -> list[Resolved]:
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


def _principal_sides(pack: Pack, items: Iterable[Resolved]) -> tuple[str, ...]:
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
    country: str | None, place: Any, parties: dict[str, str], principals: tuple[str, ...], pack: Pack
) -> bool:
    """Whether a venue's country hosts a meeting of the two sides: when the text names it
    as a side too, or when the sides met alone in its capital ("talks in Moscow"). A venue
    that is only where a wider gathering took place ("in Prague", with the EU and France at
    the table) is a location, not a mediator."""
    if country is None:
        return False
    if country in parties:
        return True
    if any(code not in principals for code in parties):
        return False
    actor = pack.actor_by_code(country)
    capital = getattr(actor, "capital", None)
    return bool(capital) and same_place(str(capital), place_name(place) or "")


def _report(
    document: Document, group: Group, index: int, principals: tuple[str, ...], rules: EventRules, pack: Pack
) -> EventReport:
    status, status_rule = group_status(group)
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
    if (
        mediator is None
        and group.type == "meeting"
        and context is None
        and principals
        and all(c in parties for c in principals)
    ):
        host, host_rule = _host(place, rules, pack)
        by_venue = host_rule == "mediator.host_country"
        if by_venue and not _hosts_by_venue(host, place, parties, principals, pack):
            host = None
        if any(m.mention.unmediated for m in members):
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
        date = _fallback_date(document.published)
        date_rule = "date.fallback_published" if date else ""
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


def _with_signing_meetings(groups: list[Group]) -> list[Group]:
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


def _concerns_the_sides(group: Group, principals: tuple[str, ...], pack: Pack) -> bool:
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


def _before_the_period(group: Group, pack: Pack) -> bool:
    """A document from a year before the pack's period began ("the 1991 Almaty Declaration",
    "a ceasefire agreed in 1994") is background, not an event of this negotiation. The year,
    not the day: the period opens with the documents that started it."""
    start = pack.period_start
    if group.type != "agreement" or start is None or group.date is None:
        return False
    return group.date.end < dt.date(start.year, 1, 1)


def _one_per_side(groups: list[Group], principals: tuple[str, ...], rules: EventRules) -> list[Group]:
    """One event per side when a third party dealt with both sides one at a time.

    "X spoke with A and B" is two calls unless a word says the call was joint or mediated ("X
    held a joint call with A and B" is one). A meeting is split only when the text says so
    ("met A and B separately"); "both separately and in a trilateral format" adds the joint
    meeting to the two.
    """
    out: list[Group] = []
    for group in groups:
        thirds = [c for c in group.parties if c not in principals]
        members = group.members
        both = len(principals) >= 2 and all(c in group.parties for c in principals) and len(thirds) == 1
        joint = any(m.mention.joint for m in members)
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


def _fallback_date(published: str) -> DateValue | None:
    """An undated event is taken to fall in the month of publication (approx)."""
    from parley import dates

    day, precision = dates.parse_published(published)
    if day is None or precision not in ("day", "month"):
        return None
    start = day.replace(day=1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return DateValue(f"{start:%Y-%m}", "month", start, end, True, "", "date.fallback_published")


def _candidates(document: Document, prefilter: Prefilter, budget: Budget | None = None) -> list[Sentence]:
    """The sentences worth parsing: an event stem and a known name, or an event stem shortly
    after such a sentence ("The signing did not happen." refers back to the talks just reported)."""
    candidates = []
    last_named = -REFER_BACK - 1
    for s in split_sentences(document.text, document.title):
        if budget is not None and s.index % CHECK_EVERY == 0:
            budget.check()
        if not prefilter.trigger(s.text):
            continue
        if prefilter.names(s.text):
            last_named = s.index
            candidates.append(s)
        elif s.segment == "body" and s.index - last_named <= REFER_BACK:
            candidates.append(s)
    return candidates


def _screened(
    nlp: Language, candidates: list[Sentence], budget: Budget | None = None
) -> list[tuple[Sentence, Doc]]:
    """The candidate sentences, tokenised, that could hold a trigger: the others' parse would
    yield no mention (parley.extraction.screen)."""
    screen = trigger_screen(nlp)
    kept = []
    for n, s in enumerate(candidates):
        if budget is not None and n % CHECK_EVERY == 0:
            budget.check()
        tokens = nlp.make_doc(s.text)
        if screen(tokens):
            kept.append((s, tokens))
    return kept


def _parse(nlp: Language, tokenised: list[Doc]) -> list[Doc | None]:
    """Annotate tokenised sentences in two stages: the pipeline up to its tagger, then, for the
    sentences the screen still lets through once tagged, the parser and the rest. None stands
    for a sentence screened out: it holds no trigger, so its parse would yield no mention."""
    split = tagging_stage(nlp)
    tagged = list(_run(nlp.pipeline[:split], tokenised))
    screen = trigger_screen(nlp)
    keep = [screen.tagged(doc) for doc in tagged] if split else [True] * len(tagged)
    rest = iter(_run(nlp.pipeline[split:], [doc for doc, kept in zip(tagged, keep, strict=True) if kept]))
    return [next(rest) if kept else None for kept in keep]


def _parse_alone(nlp: Language, tokenised: list[Doc], budget: Budget) -> list[Doc | None]:
    """``_parse`` of one document's many sentences, a network batch at a time, with the
    document's time budget checked between batches."""
    parsed: list[Doc | None] = []
    for at in range(0, len(tokenised), PARSE_BATCH):
        budget.check()
        parsed += _parse(nlp, tokenised[at : at + PARSE_BATCH])
    return parsed


def _run(components: list[tuple[str, Any]], docs: Iterable[Doc]) -> Iterable[Doc]:
    """``Language.pipe`` over some of the pipeline's components, in order."""
    for _name, component in components:
        if hasattr(component, "pipe"):
            docs = component.pipe(docs, batch_size=PARSE_BATCH)
        else:
            docs = map(component, docs)
    return docs


def _mentions(
    sentences: Iterable[tuple[Sentence, Any]],
    *,
    pack: Pack,
    rules: EventRules,
    anchor: Any,
    budget: Budget | None = None,
) -> list[Mention]:
    """Mentions of parsed candidate sentences, in reading order; a sentence whose Doc is None
    (screened out once tagged) has none."""
    from parley import dates

    mentions: list[Mention] = []
    for sentence, doc in sentences:
        if budget is not None:
            budget.check()
        if doc is None:
            continue
        doc._.parley_offset = sentence.start
        doc._.parley_sentence = sentence.index
        mentions += mentions_in(
            doc,
            pack=pack,
            rules=rules,
            dates=dates.find_dates(sentence.text),
            sentence=sentence.index,
            offset=sentence.start,
            segment=sentence.segment,
            on=anchor,
            text=sentence.text,
        )
    return mentions


def document_mentions(
    document: Document, *, nlp: Language, pack: Pack, rules: EventRules, anchor: Any = None
) -> list[Mention]:
    """Every mention in a document, kept and dropped, in reading order."""
    kept = _screened(nlp, _candidates(document, _prefilter(pack, rules, nlp)))
    parsed = _parse(nlp, [tokens for _, tokens in kept])
    return _mentions(zip((s for s, _ in kept), parsed, strict=True), pack=pack, rules=rules, anchor=anchor)


def _reports(
    document: Document,
    mentions: list[Mention],
    context: Any,
    pack: Pack,
    rules: EventRules,
    budget: Budget | None = None,
) -> list[EventReport]:
    resolved = _refer_back(_narrated(mentions, context, pack))
    kept = [r for r in resolved if not r.mention.dropped]
    principals = _principal_sides(pack, kept)
    groups = merge(kept, check=budget.check if budget is not None else None)
    groups = _one_per_side(_with_signing_meetings(groups), principals, rules)
    groups = [
        g
        for g in groups
        if _concerns_the_sides(g, principals, pack)
        and not _before_the_period(g, pack)
        and not all(m.mention.gathering for m in g.members)
    ]
    return [_report(document, g, n, principals, rules, pack) for n, g in enumerate(groups)]


def extract(
    document: Document, *, nlp: Language | None = None, pack: Pack | None = None
) -> list[EventReport]:
    """The events one document reports, one report per event, each field with its rule id."""
    ((_, reports),) = extract_many([document], nlp=nlp, pack=pack)
    if isinstance(reports, Exception):
        raise reports
    return reports


def extract_many(
    documents: Iterable[Document],
    *,
    nlp: Language | None = None,
    pack: Pack | None = None,
    batch_size: int = BATCH_DOCUMENTS,
    seconds: float | None = EXTRACT_SECONDS,
) -> Iterator[tuple[Document, list[EventReport] | Exception]]:
    """Extract from many documents, parsing the candidate sentences of ``batch_size`` documents
    together: spaCy's network runs faster on a batch of a few hundred sentences than on the few
    of one document. Yields each document with its reports, or with the exception its extraction
    raised (the other documents go on); the reports equal ``extract``'s, document by document.

    Each document has ``seconds`` of work (None or 0: no limit; see ``extraction.budget``); one
    that runs over is yielded with ``ExtractTimeout``.
    """
    from parley.annotate import build_pipeline

    pack = pack if pack is not None else _default_pack()
    nlp = nlp if nlp is not None else build_pipeline(pack=pack)
    rules = load_rules()
    prefilter = _prefilter(pack, rules, nlp)
    documents = iter(documents)
    while batch := list(islice(documents, max(1, batch_size))):
        planned: list[tuple[Document, Budget, list[tuple[Sentence, Doc]]]] = []
        for doc in batch:
            budget = Budget(seconds)
            try:
                with budget.running():
                    kept = _screened(nlp, _candidates(doc, prefilter, budget), budget)
            except Exception as error:  # one bad document must not stop the batch
                yield doc, error
                continue
            planned.append((doc, budget, kept))
        try:
            tokenised = [tokens for _, _, kept in planned if len(kept) <= PARSE_ALONE for _, tokens in kept]
            parsed: Iterator[Any] | None = iter(_parse(nlp, tokenised))
        except Exception:  # parse each document alone, so only the one that fails is lost
            parsed = None
        for doc, budget, kept in planned:
            try:
                with budget.running():
                    result = _document_reports(doc, kept, parsed, nlp, pack, rules, budget)
            except Exception as error:  # one bad document must not stop the batch
                yield doc, error
            else:
                yield doc, result


def _document_reports(
    doc: Document,
    kept: list[tuple[Sentence, Doc]],
    parsed: Iterator[Any] | None,
    nlp: Language,
    pack: Pack,
    rules: EventRules,
    budget: Budget,
) -> list[EventReport]:
    """One document's reports from its screened sentences, their parses taken from the
    batch's (``parsed``), made afresh, or, for a long document, made here alone."""
    from parley.dates import DateContext

    candidates = [s for s, _ in kept]
    docs: list[Any]
    if len(kept) > PARSE_ALONE:
        docs = _parse_alone(nlp, [tokens for _, tokens in kept], budget)
    elif parsed is not None:
        docs = [next(parsed) for _ in candidates]
    else:  # afresh from the text: the failed batch may have half-annotated its Docs
        docs = list(nlp.pipe(s.text for s in candidates))
    if all(d is None for d in docs):
        # Nothing parsed, so no mention: most articles of a stream of news end here,
        # and the dates of their whole text need not be read.
        return []
    budget.check()
    context = DateContext.from_text(doc.text, doc.published)
    sentences = zip(candidates, docs, strict=True)
    mentions = _mentions(sentences, pack=pack, rules=rules, anchor=context.anchor, budget=budget)
    return _reports(doc, mentions, context, pack, rules, budget)


def extract_text(
    text: str, *, published: str | None = None, name: str = "text", title: str | None = None
) -> list[EventReport]:
    """Extract from a bare string (tests, notebooks): the text is cleaned as ingest would."""
    try:
        from parley.ingest import ingest_text
    except ImportError:
        document = Document(
            id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
            name=name,
            text=text,
            format="text",
            title=title,
            published=published,
        )
    else:
        document = ingest_text(text, name=name, published=published, title=title)
    return extract(document)


__all__ = ["EXTRACTOR_VERSION", "extract", "extract_many", "extract_text", "document_mentions", "NEGATIVE"]
