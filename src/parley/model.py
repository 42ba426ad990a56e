"""The records that pass between pipeline stages.

Every stage takes and returns these frozen dataclasses; dicts appear only at the
JSON and SQL boundaries (``to_json`` / ``from_json``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from typing import Any, Literal

EventType = Literal["meeting", "call", "agreement"]
Status = Literal["planned", "held", "postponed", "cancelled", "signed", "not_signed"]
Precision = Literal["day", "month", "year"]

EVENT_TYPES: tuple[str, ...] = ("meeting", "call", "agreement")
STATUSES: tuple[str, ...] = ("planned", "held", "postponed", "cancelled", "signed", "not_signed")


def shallow_dict(record: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict, without asdict's deep copy: for records whose fields are
    plain values (or are replaced by the caller), the same dict at a fraction of the cost, which
    matters when fusion serialises an event with hundreds of sources at each new mention."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:  # once per dataclass: fields() builds its tuple at every call
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in fields(record))
    return {name: getattr(record, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True)
class Document:
    """One article, cleaned, with its metadata.

    ``id`` is a stable content id (a hash of the cleaned body), so the same article
    ingested twice, from any path or format, is stored once. ``name`` is the file name
    without its extension (or the JSONL record's id) and is what reports call ``doc``.
    """

    id: str
    name: str
    text: str
    format: str
    source_path: str | None = None
    title: str | None = None
    published: str | None = None  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | None
    published_from: str | None = None  # where the date came from: header, crawler_line, stamp, html, ...
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str = "en"
    removed: tuple[str, ...] = ()  # kinds of boilerplate cleaned away: headline_list, comments, ...

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["removed"] = list(self.removed)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        data = dict(data)
        data["removed"] = tuple(data.get("removed") or ())
        return cls(**data)


@dataclass(frozen=True)
class Rejection:
    """An input that could not become a document, with a reason code and a readable detail."""

    source: str  # path, or path:line for a JSONL record, or "<stdin>"
    reason: str  # one of ingest.REASONS
    detail: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class IngestResult:
    documents: tuple[Document, ...] = ()
    rejections: tuple[Rejection, ...] = ()


@dataclass(frozen=True)
class DateValue:
    """A resolved date at its precision; ``start``..``end`` is the range it covers.

    ``approx`` marks expressions such as "in a week" or "early December", whose
    range is wider than their nominal precision suggests.
    """

    value: str  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    precision: Precision
    start: dt.date
    end: dt.date
    approx: bool = False
    text: str = ""
    rule: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "precision": self.precision,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "approx": self.approx,
            "text": self.text,
            "rule": self.rule,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DateValue:
        return cls(
            value=data["value"],
            precision=data["precision"],
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data["end"]),
            approx=bool(data.get("approx")),
            text=data.get("text", ""),
            rule=data.get("rule", ""),
        )


@dataclass(frozen=True)
class Evidence:
    """A supporting passage: its text and character offsets into ``Document.text``."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return shallow_dict(self)


@dataclass(frozen=True)
class Participant:
    """A person (or body) named as taking part, with the side they speak for."""

    name: str
    party: str | None = None
    role: str | None = None

    def to_json(self) -> dict[str, Any]:
        return shallow_dict(self)


VICINITY = "place.vicinity"  # the rule of a venue given as "near X" or "outside X"


@dataclass(frozen=True)
class EventReport:
    """One event as one document reports it.

    ``rules`` maps each extracted field to the id of the rule that produced it, so
    every field can answer "why?".
    """

    doc: str
    doc_id: str
    type: str
    status: str
    date: DateValue | None = None
    place: str | None = None
    place_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    context: str | None = None  # e.g. "sidelines of the CIS summit"
    parties: tuple[str, ...] = ()
    mediator: str | None = None
    participants: tuple[Participant, ...] = ()
    issues: tuple[str, ...] = ()
    format: str | None = None  # bilateral | trilateral | multilateral
    mediated: bool | None = None
    evidence: tuple[Evidence, ...] = ()
    rules: tuple[tuple[str, str], ...] = ()
    published: str | None = None
    index: int = 0  # position among the document's reports
    extra: tuple[tuple[str, str], ...] = field(default=())

    @cached_property
    def key(self) -> str:
        """A stable id for this report: document content id and position (read at every turn of
        fusion, so computed once)."""
        return f"{self.doc_id}:{self.index}"

    @cached_property
    def stored_json(self) -> str:
        """The report as the store keeps it, as JSON text: written to the reports table and to
        the mentions table, so serialised once."""
        return json.dumps(self._json, ensure_ascii=False)

    @cached_property
    def fingerprint(self) -> str:
        """A content hash of the report (its JSON with sorted keys): re-extraction that changes
        nothing changes no fingerprint."""
        blob = json.dumps(self._json, sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]

    @cached_property
    def _json(self) -> dict[str, Any]:
        # Built once for the stored JSON and the fingerprint; never handed out (to_json gives a
        # fresh dict).
        return self.to_json()

    @property
    def round_trips(self) -> bool:
        """Whether ``from_json`` of its JSON gives this very report back: it does unless its
        rules or extras are out of sorted order, which is the one thing ``from_json`` changes."""
        return self.rules == tuple(sorted(self.rules)) and self.extra == tuple(sorted(self.extra))

    @cached_property
    def near_place(self) -> bool:
        """Whether the place is only a vicinity ("talks near Washington"): the venue is
        somewhere around it."""
        return ("place", VICINITY) in self.rules

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "doc_id": self.doc_id,
            "report_id": self.key,
            "type": self.type,
            "status": self.status,
            "date": self.date.value if self.date else None,
            "date_precision": self.date.precision if self.date else None,
            "date_range": [self.date.start.isoformat(), self.date.end.isoformat()] if self.date else None,
            "date_approx": self.date.approx if self.date else None,
            "date_text": self.date.text if self.date else None,
            "place": self.place,
            "place_country": self.place_country,
            "lat": self.lat,
            "lon": self.lon,
            "context": self.context,
            "parties": list(self.parties),
            "mediator": self.mediator,
            "participants": [p.to_json() for p in self.participants],
            "issues": list(self.issues),
            "format": self.format,
            "mediated": self.mediated,
            "evidence": " ".join(e.text for e in self.evidence),
            "evidence_spans": [e.to_json() for e in self.evidence],
            "rules": dict(self.rules),
            "published": self.published,
            "index": self.index,
            "_date": self.date.to_json() if self.date else None,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventReport:
        return cls(
            doc=data["doc"],
            doc_id=data["doc_id"],
            type=data["type"],
            status=data["status"],
            date=DateValue.from_json(data["_date"]) if data.get("_date") else None,
            place=data.get("place"),
            place_country=data.get("place_country"),
            lat=data.get("lat"),
            lon=data.get("lon"),
            context=data.get("context"),
            parties=tuple(data.get("parties") or ()),
            mediator=data.get("mediator"),
            participants=tuple(Participant(**p) for p in data.get("participants") or ()),
            issues=tuple(data.get("issues") or ()),
            format=data.get("format"),
            mediated=data.get("mediated"),
            evidence=tuple(Evidence(**e) for e in data.get("evidence_spans") or ()),
            rules=tuple(sorted((data.get("rules") or {}).items())),
            published=data.get("published"),
            index=int(data.get("index", 0)),
            extra=tuple(sorted((data.get("extra") or {}).items())),
        )


# -- the fused record: events across sources and what is derived from them ---------------------

Resolution = Literal["came_true", "failed", "overdue", "open"]
RESOLUTIONS: tuple[str, ...] = ("came_true", "failed", "overdue", "open")


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
    # The probability that the event is real, and per field (date, place, parties, mediator,
    # status) that the field is right given that it is; None for an event decided before
    # confidence was (see parley.confidence). ``confidence_reasons`` are the cues that moved the
    # event's confidence most, each with its contribution in log-odds.
    confidence: float | None = None
    field_confidence: tuple[tuple[str, float], ...] = ()
    confidence_reasons: tuple[tuple[str, float], ...] = ()

    def sources_of(self, name: str) -> FieldSources | None:
        return next((s for s in self.sources if s.field == name), None)

    def confidence_of(self, name: str) -> float | None:
        """The confidence that field ``name`` is right (None when not assessed)."""
        return next((p for f, p in self.field_confidence if f == name), None)

    def to_json(self) -> dict[str, Any]:
        data = shallow_dict(self)
        data["parties"] = list(self.parties)
        data["issues"] = list(self.issues)
        data["sources"] = [s.to_json() for s in self.sources]
        data["field_confidence"] = dict(self.field_confidence)
        data["confidence_reasons"] = [list(r) for r in self.confidence_reasons]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        data = dict(data)
        data["parties"] = tuple(data.get("parties") or ())
        data["issues"] = tuple(data.get("issues") or ())
        data["sources"] = tuple(FieldSources.from_json(s) for s in data.get("sources") or ())
        data["field_confidence"] = tuple((data.get("field_confidence") or {}).items())
        reasons = data.get("confidence_reasons") or ()
        data["confidence_reasons"] = tuple((str(name), float(weight)) for name, weight in reasons)
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
