"""The records of the fused negotiation record: events across sources and what is derived from them.

``model.py`` holds the per-document records; these are the cross-document ones that
fusion, the ledger, stances and exports pass around. Frozen dataclasses only; dicts
appear at the JSON and SQL boundaries (``to_json`` / ``from_json``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from parley.model import shallow_dict

Resolution = Literal["came_true", "failed", "overdue", "open"]
RESOLUTIONS: tuple[str, ...] = ("came_true", "failed", "overdue", "open")


@dataclass(frozen=True)
class Mention:
    """One report of an event by one document, kept with its evidence.

    ``rule`` is the id of the fusion rule that attached the report to its event
    (``fuse.new_event`` for the report that started it).
    """

    event_id: str
    report_id: str
    doc: str
    doc_id: str
    type: str
    status: str
    published: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_approx: bool = False
    place: str | None = None
    parties: tuple[str, ...] = ()
    mediator: str | None = None
    evidence: str = ""
    evidence_start: int | None = None
    evidence_end: int | None = None
    rule: str = ""
    fingerprint: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["parties"] = list(self.parties)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mention:
        data = dict(data)
        data["parties"] = tuple(data.get("parties") or ())
        return cls(**data)


@dataclass(frozen=True)
class FieldSources:
    """Which reports support a decided field of an event."""

    field: str
    reports: tuple[str, ...]
    docs: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "reports": list(self.reports), "docs": list(self.docs)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FieldSources:
        return cls(data["field"], tuple(data["reports"]), tuple(data["docs"]))


@dataclass(frozen=True)
class Event:
    """One real-world meeting, call or agreement, decided from all the reports that mention it."""

    id: str
    type: str
    status: str
    date: str | None = None
    date_precision: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_approx: bool = False
    place: str | None = None
    place_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    parties: tuple[str, ...] = ()
    mediator: str | None = None
    issues: tuple[str, ...] = ()
    context: str | None = None
    first_reported: str | None = None
    last_reported: str | None = None
    mentions: int = 0
    documents: int = 0
    sources: tuple[FieldSources, ...] = ()

    def sources_of(self, name: str) -> FieldSources | None:
        return next((s for s in self.sources if s.field == name), None)

    def to_json(self) -> dict[str, Any]:
        data = shallow_dict(self)
        data["parties"] = list(self.parties)
        data["issues"] = list(self.issues)
        data["sources"] = [s.to_json() for s in self.sources]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        data = dict(data)
        data["parties"] = tuple(data.get("parties") or ())
        data["issues"] = tuple(data.get("issues") or ())
        data["sources"] = tuple(FieldSources.from_json(s) for s in data.get("sources") or ())
        return cls(**data)


@dataclass(frozen=True)
class StatusChange:
    """A status as one document reported it, on that document's publication date.

    ``after_event`` is true when the document was written after the event's date, which
    makes it outrank reports written before; ``current`` marks the status that won.
    """

    event_id: str
    seq: int
    status: str
    reported_on: str | None
    doc: str
    doc_id: str
    report_id: str
    after_event: bool
    current: bool = False

    def to_json(self) -> dict[str, Any]:
        return shallow_dict(self)


@dataclass(frozen=True)
class Expectation:
    """A forward-looking claim (a planned meeting or call, an agreement due to be signed) and its fate."""

    event_id: str
    report_id: str
    doc: str
    doc_id: str
    source: str  # the outlet when known, else the document name
    type: str
    claim: str  # the status claimed: planned or postponed
    made_on: str | None
    speaker: str | None = None
    expected: str | None = None  # the date value claimed, at its precision
    expected_start: str | None = None
    expected_end: str | None = None
    resolution: str = "open"  # one of RESOLUTIONS
    resolved_by: str | None = None  # report id of the report that settled it
    resolved_on: str | None = None
    resolved_status: str | None = None

    def to_json(self) -> dict[str, Any]:
        return shallow_dict(self)


@dataclass(frozen=True)
class SourceTally:
    """How one source's expectations turned out."""

    source: str
    made: int = 0
    came_true: int = 0
    failed: int = 0
    overdue: int = 0
    open: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Side:
    """One side of a disagreement: a value and the reports that state it."""

    value: str
    reports: tuple[str, ...]
    docs: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "reports": list(self.reports), "docs": list(self.docs)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Side:
        return cls(data["value"], tuple(data["reports"]), tuple(data["docs"]))


@dataclass(frozen=True)
class Contradiction:
    """Sources that disagree about one field of one event, each side with its sources."""

    event_id: str
    field: str  # date | place | status | parties | mediator
    sides: tuple[Side, ...]
    rule: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "field": self.field,
            "sides": [s.to_json() for s in self.sides],
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Stance:
    """A side's stated position on a pack issue: who said it, what, when and where it is quoted."""

    doc: str
    doc_id: str
    published: str | None
    issue: str
    party: str | None  # the side the speaker speaks for (a pack actor code)
    speaker: str  # the person or body as named in the text
    verb: str  # the reporting or stance verb, lemma
    quote: str  # the sentence
    start: int
    end: int
    rule: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
