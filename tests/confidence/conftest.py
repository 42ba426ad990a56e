"""Reports and events built by hand for the confidence tests."""

from __future__ import annotations

from parley import partial_date
from parley.fuse import consolidate
from parley.model import Event, EventReport, Evidence, Participant


def report(
    doc: str,
    *,
    type_: str = "meeting",
    status: str = "held",
    date: str | None = "2023-05-14",
    approx: bool = False,
    place: str | None = "Brussels",
    parties: tuple[str, ...] = ("ARM", "AZE", "EU"),
    mediator: str | None = "EU",
    published: str = "2023-05-15",
    rules: dict[str, str] | None = None,
    people: bool = True,
    index: int = 0,
) -> EventReport:
    value = partial_date.parse(date) if date else None
    if value is not None and approx:
        from dataclasses import replace

        value = replace(value, approx=True)
    return EventReport(
        doc=doc,
        doc_id=f"id-{doc}",
        type=type_,
        status=status,
        date=value,
        place=place,
        parties=parties,
        mediator=mediator,
        participants=(Participant("Charles Michel", "EU", "President of the European Council"),) * people,
        evidence=(Evidence("Aliyev and Pashinyan met in Brussels.", 40 + 600 * index, 80 + 600 * index),),
        rules=tuple(sorted((rules or {}).items())),
        published=published,
        index=index,
    )


STRONG_RULES = {
    "type": "meeting.meet_verb",
    "status": "status.held_verb",
    "date": "date.attached+date.explicit.mdy.past",
    "place": "place.prep_venue",
    "parties": "parties.person",
    "mediator": "mediator.host_country",
}
WEAK_RULES = {
    "type": "agreement.document_noun",
    "status": "status.default_held",
    "date": "date.fallback_published",
    "parties": "parties.document_sides",
}


def decided(reports: list[EventReport]) -> Event:
    return consolidate("ev-test", [(r, "fuse.compatible") for r in reports]).event


def well_reported() -> Event:
    """A meeting three articles report alike: the day, the place, the sides, the mediator."""
    return decided([report(f"n{n}", published=f"2023-05-1{5 + n}", rules=STRONG_RULES) for n in range(3)])


def thinly_reported() -> Event:
    """An agreement one article mentions in passing, late in the text, dated only by its publication."""
    return decided(
        [
            report(
                "n9", type_="agreement", status="signed", date="2023-05", approx=True, place=None,
                parties=("ARM", "AZE"), mediator=None, rules=WEAK_RULES, people=False, index=4,
            )
        ]
    )  # fmt: skip
