"""What the web app's pages and their JSON twins show, read through the record's one query layer
(``parley.store.query``), the one the CLI and the exports read through too.

Each function returns a JSON-ready dict (the JSON twin returns it as it is; the page renders
it). Aggregates that read the whole record (histogram, venues, network, facets, tally) are
cached until the store changes: ``PRAGMA data_version`` moves when another process commits,
and curation through this app bumps a counter of its own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar
from urllib.parse import quote

from parley import curate as curating
from parley import partial_date, review
from parley.errors import StoreError
from parley.model import EVENT_TYPES, STATUSES, Document, Event, EventReport
from parley.pack import Pack
from parley.store import Store, curation, query
from parley.store import search as fts
from parley.store import stances as stance_store
from parley.store.query import EventFilter, FilterError

T = TypeVar("T")

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
CACHE_ENTRIES = 256


class NotFound(LookupError):
    """What the request names does not exist; the app answers 404."""


class Invalid(ValueError):
    """A parameter or body has a bad value; the app answers 422 with this message."""


@dataclass(frozen=True)
class Span:
    """A highlight: characters ``start``..``end`` of a document, with the anchor id it gets."""

    start: int
    end: int
    anchor: str
    label: str = ""


class Record:
    """The record as the web app reads it: one store connection (serialised by a lock), the pack,
    and a cache of aggregates."""

    def __init__(self, store: Store, pack: Pack) -> None:
        self.store = store
        self.pack = pack
        self._lock = threading.RLock()
        self._cache: OrderedDict[tuple[Any, ...], tuple[tuple[int, int], Any]] = OrderedDict()
        self._writes = 0

    @contextmanager
    def conn(self) -> Iterator[Any]:
        with self._lock:
            yield self.store.conn

    def _version(self) -> tuple[int, int]:
        with self.conn() as conn:
            return query.data_version(conn), self._writes

    def cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        version = self._version()
        hit = self._cache.get(key)
        if hit is not None and hit[0] == version:
            self._cache.move_to_end(key)
            return hit[1]
        value = compute()
        self._cache[key] = (version, value)
        while len(self._cache) > CACHE_ENTRIES:
            self._cache.popitem(last=False)
        return value

    # -- names ----------------------------------------------------------------------------

    def actor_name(self, code: str | None) -> str:
        if not code:
            return ""
        actor = self.pack.actor_by_code(code)
        return actor.name if actor else code

    def issue_label(self, issue_id: str) -> str:
        issue = self.pack.issue(issue_id)
        return issue.label if issue else issue_id


# -- filters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventQuery:
    """A page of a list of events: the record's filter, and which page."""

    filter: EventFilter
    limit: int = PAGE_SIZE
    offset: int = 0


def _day(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        partial_date.parse(value)
    except ValueError as err:
        raise Invalid(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}") from err
    return value


def event_query(
    *,
    actor: str | None = None,
    issue: str | None = None,
    mediator: str | None = None,
    format: str | None = None,
    status: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_confidence: str | float | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> EventQuery:
    """Filters from query parameters, checked; an empty parameter means no filter."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise Invalid(f"limit must be between 1 and {MAX_PAGE_SIZE}, got {limit}")
    if offset < 0:
        raise Invalid(f"offset must be 0 or more, got {offset}")
    try:
        flt = query.event_filter(
            actor=actor, issue=issue, mediator=mediator, format=format, status=status, type=type,
            since=since, until=until, min_confidence=min_confidence,
        )  # fmt: skip
    except FilterError as err:
        raise Invalid(str(err)) from err
    return EventQuery(flt, limit, offset)


FILTER_KEYS = ("actor", "issue", "mediator", "format", "status", "type", "since", "until", "min_confidence")


def filters_json(q: EventQuery) -> dict[str, Any]:
    return {k: getattr(q.filter, k) for k in FILTER_KEYS}


# -- events -------------------------------------------------------------------------------------


# Event.to_json goes through dataclasses.asdict, which deep-copies; a page of events is
# serialised field by field instead (the same keys), which is several times faster.
_EVENT_FIELDS = tuple(f.name for f in fields(Event))


def event_json(rec: Record, ev: Event) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(ev, name) for name in _EVENT_FIELDS}
    data["parties"] = list(ev.parties)
    data["issues"] = list(ev.issues)
    data["sources"] = [s.to_json() for s in ev.sources]
    data["field_confidence"] = dict(ev.field_confidence)
    data["confidence_reasons"] = [list(r) for r in ev.confidence_reasons]
    data["format"] = query.format_of(ev.parties)
    data["parties_named"] = [{"code": p, "name": rec.actor_name(p)} for p in ev.parties]
    data["url"] = f"/events/{ev.id}"
    return data


def _first_day(value: str | None, default: str) -> str:
    return partial_date.parse(value).start.isoformat() if value else default


def timeline(rec: Record, q: EventQuery) -> dict[str, Any]:
    """One page of dated events in the period, the period itself, and counts over it by status."""
    common = _common(rec)
    dated = replace(q.filter, dated=True)
    with rec.conn() as conn:
        low, high = rec.cached(("bounds",), lambda: query.date_bounds(conn))
        events = query.select_events(conn, dated, limit=q.limit, offset=q.offset, common=common)

    def count() -> tuple[int, int]:
        with rec.conn() as conn:
            undated = replace(q.filter, dated=False, since=None, until=None)
            return (
                query.count_events(conn, dated, common=common),
                query.count_events(conn, undated, common=common),
            )

    total, undated_count = rec.cached(("counts", q.filter), count)
    total_capped = total > query.COUNT_CAP
    total = min(total, query.COUNT_CAP)
    since = _first_day(q.filter.since, low or dt.date.today().isoformat())
    until = _first_day(q.filter.until, high or since)
    if q.filter.until and len(q.filter.until) < 10:
        until = partial_date.parse(q.filter.until).end.isoformat()
    span_days = max((dt.date.fromisoformat(until) - dt.date.fromisoformat(since)).days, 1)
    unit = 10 if span_days <= 120 else 7 if span_days <= 3 * 366 else 4
    hist = replace(q.filter, since=since, until=until, status=None)

    def compute() -> list[tuple[str, str, int]]:
        with rec.conn() as conn:
            return query.histogram(conn, hist, unit)

    histogram = rec.cached(("histogram", hist, unit), compute)
    more = q.offset + len(events) < total
    return {
        "filters": filters_json(q),
        "period": {"since": since, "until": until, "first": low, "last": high},
        "events": [event_json(rec, ev) for ev in events],
        "total": total,
        "total_capped": total_capped,
        "undated": min(undated_count, query.COUNT_CAP),
        "limit": q.limit,
        "offset": q.offset,
        "next_offset": q.offset + q.limit if more else None,
        "histogram": {
            "unit": {4: "year", 7: "month", 10: "day"}[unit],
            "buckets": [{"bucket": b, "status": s, "events": n} for b, s, n in histogram],
        },
    }


def undated(rec: Record, q: EventQuery) -> dict[str, Any]:
    """Events no source dates, with the same filters (a period selects none of them, so it is ignored)."""
    common = _common(rec)
    flt = replace(q.filter, dated=False, since=None, until=None)
    with rec.conn() as conn:
        events = query.select_events(conn, flt, limit=q.limit, offset=q.offset, common=common)
    return {"filters": filters_json(q), "events": [event_json(rec, e) for e in events], "offset": q.offset}


def _common(rec: Record) -> frozenset[str]:
    """Actors and issues present at more than a twentieth of the events (see query._facet)."""

    def compute() -> frozenset[str]:
        with rec.conn() as conn:
            return query.common_values(conn)

    return rec.cached(("common",), compute)


def choices(rec: Record) -> dict[str, Any]:
    """What the filter controls offer."""

    def compute() -> dict[str, Any]:
        with rec.conn() as conn:
            actors = query.facet_counts(conn, "actor")
            issues = query.facet_counts(conn, "issue")
            mediators = query.mediators(conn)
        return {
            "actors": [{"code": c, "name": rec.actor_name(c), "events": n} for c, n in actors],
            "issues": [{"id": i, "label": rec.issue_label(i), "events": n} for i, n in issues],
            "mediators": [{"code": m, "name": rec.actor_name(m)} for m in mediators],
            "statuses": list(STATUSES),
            "types": list(EVENT_TYPES),
            "formats": list(query.FORMATS),
        }

    return rec.cached(("choices",), compute)


def _evidence_spans(rep: EventReport, doc: Document | None, anchor: str) -> list[dict[str, Any]]:
    """The report's evidence spans that really sit at their offsets in the stored article."""
    out = []
    for n, ev in enumerate(rep.evidence):
        ok = (
            doc is not None
            and 0 <= ev.start < ev.end <= len(doc.text)
            and doc.text[ev.start : ev.end] == ev.text
        )
        out.append(
            {"text": ev.text, "start": ev.start, "end": ev.end, "anchor": f"{anchor}-{n}", "located": ok}
        )
    return out


def event_detail(rec: Record, event_id: str, *, with_text: bool = False) -> dict[str, Any]:
    """An event with every field's sources, its mentions and evidence, status history,
    contradictions and curation; ``with_text`` adds each source article's text."""
    with rec.conn() as conn:
        ev = query.event(conn, event_id)
        state = curation.verdict(conn, event_id)
        split = curation.split_mention(conn, event_id)
        if ev is None:
            raise NotFound(f"no event {event_id!r}; list events at /api/events")
        if split is not None:
            report, origin = split
            mentions: list[tuple[EventReport, str, str]] = [(report, "curation.split", event_id)]
            merged: list[str] = []
        else:
            origin = None
            merged = curation.merged_into(conn, event_id)
            mentions = curation.mentions(conn, [event_id, *merged])
        split_off = curation.split_off(conn, event_id)
        family = [event_id, *merged]
        fixes = curation.corrections(conn, [event_id]).get(event_id, {})
        history = query.status_history(conn, family)
        contradictions = query.contradictions(conn, family)
        log = curation.curation_log(conn, family)
        docs = query.documents_by_id(conn, [r.doc_id for r, _, _ in mentions])
    items = []
    for n, (rep, rule, from_event) in enumerate(mentions):
        doc = docs.get(rep.doc_id)
        item = {
            "report_id": rep.key,
            "event_id": from_event,
            "doc": rep.doc,
            "doc_id": rep.doc_id,
            "title": doc.title if doc else None,
            "outlet": doc.outlet if doc else None,
            "published": rep.published,
            "rule": rule,
            "status": rep.status,
            "date": rep.date.value if rep.date else None,
            "place": rep.place,
            "parties": list(rep.parties),
            "mediator": rep.mediator,
            "evidence": _evidence_spans(rep, doc, f"ev-{n}"),
            "rules": dict(rep.rules),
        }
        items.append(item)
    fields = []
    for name in ("type", "status", "date", "place", "parties", "mediator", "issues", "context"):
        sources = ev.sources_of(name)
        value = getattr(ev, name)
        fields.append(
            {
                "field": name,
                "value": list(value) if isinstance(value, tuple) else value,
                "corrected": name in fixes,
                "confidence": ev.confidence_of(name),
                "reports": list(sources.reports) if sources else [],
                "docs": list(sources.docs) if sources else [],
            }
        )
    data: dict[str, Any] = {
        "event": event_json(rec, ev),
        "verdict": state[0] if state else None,
        "merged_into": state[1] if state else None,
        "merged_from": merged,
        "split_from": origin,
        "split_off": split_off,
        "corrections": fixes,
        "fields": fields,
        "mentions": items,
        "status_history": [h.to_json() for h in history],
        "contradictions": [c.to_json() for c in contradictions],
        "curation": log,
    }
    if with_text:
        data["documents"] = {
            d.id: {"id": d.id, "name": d.name, "title": d.title, "text": d.text, "url": d.url}
            for d in docs.values()
        }
    return data


def document_detail(rec: Record, key: str) -> dict[str, Any]:
    """An article with the evidence of every report extracted from it."""
    doc = rec.store.document(key) if len(key) >= 6 else None
    with rec.conn() as conn:
        if doc is None:
            doc = query.find_document(conn, key)
        if doc is None:
            raise NotFound(f"no document {key!r}; search the articles at /api/search?q=...")
        reports = rec.store.reports(doc.id)
        events = query.report_events(conn, doc.id)
    return {
        "document": {k: v for k, v in doc.to_json().items()},
        "reports": [
            {
                "report_id": rep.key,
                "type": rep.type,
                "status": rep.status,
                "date": rep.date.value if rep.date else None,
                "parties": list(rep.parties),
                "event_id": events.get(rep.key),
                "evidence": _evidence_spans(rep, doc, f"r{rep.index}"),
            }
            for rep in reports
        ],
    }


# -- aggregates -------------------------------------------------------------------------------


def venues(rec: Record) -> dict[str, Any]:
    def compute() -> list[tuple[str, int, float | None, float | None]]:
        with rec.conn() as conn:
            return query.venues(conn)

    rows = rec.cached(("venues",), compute)
    out = []
    for place, n, lat, lon in rows:
        if lat is None or lon is None:
            known = rec.pack.place(place)
            lat, lon = (known.lat, known.lon) if known else (None, None)
        out.append(
            {"place": place, "events": n, "lat": lat, "lon": lon, "url": "/venues/" + quote(place, safe="")}
        )
    return {"venues": out}


def venue_events(rec: Record, place: str, offset: int = 0) -> dict[str, Any]:
    with rec.conn() as conn:
        events = query.select_events(conn, EventFilter(place=place), limit=PAGE_SIZE, offset=offset)
    if not events and offset == 0:
        raise NotFound(f"no events at a venue named {place!r}; see /api/venues")
    return {"place": place, "events": [event_json(rec, e) for e in events], "offset": offset}


def network(rec: Record, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    since, until = _day(since, "since"), _day(until, "until")

    def compute() -> list[tuple[str, str, str, int]]:
        with rec.conn() as conn:
            return query.network(conn, since, until)

    edges = rec.cached(("network", since, until), compute)
    degree: dict[str, int] = {}
    mediating: dict[str, int] = {}
    for a, b, kind, n in edges:
        degree[a] = degree.get(a, 0) + n
        degree[b] = degree.get(b, 0) + n
        if kind == "mediates":
            for side in (a, b):
                mediating[side] = mediating.get(side, 0) + n
    return {
        "period": {"since": since, "until": until},
        "nodes": [
            {"code": c, "name": rec.actor_name(c), "weight": w, "url": f"/actors/{c}"}
            for c, w in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "edges": [{"a": a, "b": b, "kind": kind, "events": n} for a, b, kind, n in edges],
    }


def _undated_first(rec: Record, q: EventQuery, offset: int) -> list[dict[str, Any]]:
    """Undated events follow the dated ones on the first page of an actor's or issue's events."""
    return undated(rec, q)["events"] if offset == 0 else []


def actors(rec: Record) -> dict[str, Any]:
    counts = {a["code"]: a["events"] for a in choices(rec)["actors"]}
    known = [
        {"code": a.code, "name": a.name, "kind": a.kind, "events": counts.get(a.code, 0)}
        for a in rec.pack.actors
    ]
    extra = [
        {"code": c, "name": c, "kind": "unknown", "events": n}
        for c, n in counts.items()
        if rec.pack.actor_by_code(c) is None
    ]
    return {"actors": sorted([*known, *extra], key=lambda a: (-a["events"], a["code"]))}


def actor_detail(rec: Record, code: str, offset: int = 0) -> dict[str, Any]:
    code = code.upper()
    actor = rec.pack.actor_by_code(code)
    counts = {a["code"]: a["events"] for a in choices(rec)["actors"]}
    if actor is None and code not in counts:
        raise NotFound(f"no actor {code!r}; list actors at /api/actors")
    page = timeline(rec, event_query(actor=code, limit=PAGE_SIZE, offset=offset))
    page["events"] += _undated_first(rec, event_query(actor=code), offset)
    edges = [e for e in network(rec)["edges"] if code in (e["a"], e["b"])]
    counterparts: dict[str, dict[str, int]] = {}
    for e in edges:
        other = e["b"] if e["a"] == code else e["a"]
        counterparts.setdefault(other, {"meets": 0, "mediates": 0})[e["kind"]] += e["events"]
    with rec.conn() as conn:
        stances = stance_store.stances(conn, party=code, limit=100)
    people = [
        {
            "name": p.name,
            "roles": [
                {"title": r.title, "start": str(r.start or ""), "end": str(r.end or "")} for r in p.roles
            ],
        }
        for p in rec.pack.people
        if p.party == code
    ]
    return {
        "actor": {
            "code": code,
            "name": actor.name if actor else code,
            "kind": actor.kind if actor else None,
            "events": counts.get(code, 0),
        },
        "people": people,
        "counterparts": [
            {"code": c, "name": rec.actor_name(c), **v}
            for c, v in sorted(counterparts.items(), key=lambda kv: -sum(kv[1].values()))
        ],
        "events": page["events"],
        "total": page["total"],
        "undated": page["undated"],
        "next_offset": page["next_offset"],
        "stances": [s.to_json() for s in stances],
    }


def issues(rec: Record) -> dict[str, Any]:
    counts = {i["id"]: i["events"] for i in choices(rec)["issues"]}
    return {
        "issues": [{"id": i.id, "label": i.label, "events": counts.get(i.id, 0)} for i in rec.pack.issues]
    }


def issue_detail(rec: Record, issue_id: str, offset: int = 0) -> dict[str, Any]:
    issue = rec.pack.issue(issue_id)
    if issue is None:
        raise NotFound(f"no issue {issue_id!r}; list issues at /api/issues")
    page = timeline(rec, event_query(issue=issue_id, limit=PAGE_SIZE, offset=offset))
    page["events"] += _undated_first(rec, event_query(issue=issue_id), offset)
    with rec.conn() as conn:
        stances = stance_store.stances(conn, issue=issue_id, limit=300)
    by_party: dict[str, list[dict[str, Any]]] = {}
    for st in stances:
        by_party.setdefault(st.party or "?", []).append(st.to_json())
    return {
        "issue": {"id": issue.id, "label": issue.label, "terms": list(issue.terms)},
        "events": page["events"],
        "total": page["total"],
        "next_offset": page["next_offset"],
        "stances": [s.to_json() for s in stances],
        "positions": [
            {"party": p, "name": rec.actor_name(p), "stances": s} for p, s in sorted(by_party.items())
        ],
    }


def ledger(
    rec: Record, *, source: str | None = None, offset: int = 0, today: dt.date | None = None
) -> dict[str, Any]:
    today = today or dt.date.today()
    with rec.conn() as conn:
        items = query.ledger_page(conn, today, source=source or None, limit=PAGE_SIZE, offset=offset)

    def compute() -> list[dict[str, Any]]:
        with rec.conn() as conn:
            return query.ledger_tally(conn, today)

    tally = rec.cached(("tally", today), compute)
    return {
        "today": today.isoformat(),
        "source": source or None,
        "expectations": [x.to_json() for x in items],
        "offset": offset,
        "next_offset": offset + PAGE_SIZE if len(items) == PAGE_SIZE else None,
        "tally": tally,
    }


def search(rec: Record, text: str, offset: int = 0) -> dict[str, Any]:
    with rec.conn() as conn:
        try:
            hits = fts.search(conn, text, offset=offset)
        except StoreError as err:
            raise Invalid(str(err)) from err
    return {"q": text, "results": hits, "offset": offset}


plain_snippet = fts.plain_snippet


# -- curation ---------------------------------------------------------------------------------


def curation_choices(rec: Record, ev: dict[str, Any]) -> dict[str, Any]:
    """The values the event page's correction forms offer: the model's types and statuses, the
    pack's actors and places (and the event's own values, should the pack lack them)."""
    actors = [{"code": a.code, "name": a.name} for a in rec.pack.actors]
    known = {a["code"] for a in actors}
    for code in [*ev.get("parties", []), ev.get("mediator")]:
        if code and code not in known:
            actors.append({"code": code, "name": code})
            known.add(code)
    places = [p.name for p in rec.pack.places]
    if ev.get("place") and ev["place"] not in places:
        places.append(ev["place"])
    return {
        "fields": list(curation.CORRECTABLE),
        "types": list(EVENT_TYPES),
        "statuses": list(STATUSES),
        "actors": actors,
        "places": sorted(places),
    }


def _check_choice(rec: Record, event_id: str, field: str, value: Any) -> None:
    """A form's correction must be one the form offered (a crafted POST cannot add a new value)."""
    with rec.conn() as conn:
        ev = query.event(conn, event_id)
    offered = curation_choices(rec, event_json(rec, ev) if ev else {})
    if field == "place" and value is not None and value not in offered["places"]:
        raise Invalid(f"place must be one of the pack's places, got {value!r}")
    codes = {a["code"] for a in offered["actors"]}
    picked: list[Any] = []
    if field == "parties" and isinstance(value, list):
        picked = value
    elif field == "mediator":
        picked = [value]
    unknown = [c for c in picked if c is not None and str(c).upper() not in codes]
    if unknown:
        raise Invalid(f"{field} must name actors of the pack, got {', '.join(map(str, unknown))}")


def curate(
    rec: Record, action: str, event_id: str, body: dict[str, Any], *, who: str = "", from_form: bool = False
) -> dict[str, Any]:
    """Apply one curation action (``parley.curate``) as ``who``; returns the event as it now reads.

    ``from_form``: the values come from the event page's forms, so they must be ones it offered.
    """
    note = str(body.get("note") or "")
    with rec.conn() as conn:
        if not curation.event_known(conn, event_id):
            raise NotFound(f"no event {event_id!r}; list events at /api/events")
        if action not in curating.ACTIONS:
            raise NotFound(f"no curation action {action!r}")
        try:
            if action == "confirm":
                result_id = curating.confirm(rec.store, event_id, note, who)
            elif action == "reject":
                result_id = curating.reject(rec.store, event_id, note, who)
            elif action == "correct":
                if "field" not in body or "value" not in body:
                    raise Invalid(
                        'a correction needs "field" and "value", e.g. {"field": "status", "value": "held"}'
                    )
                if from_form:
                    _check_choice(rec, event_id, str(body["field"]), body["value"])
                result_id = curating.correct(
                    rec.store, event_id, str(body["field"]), body["value"], note, who
                )
            elif action == "merge":
                other = str(body.get("other") or "")
                if not other or not curation.event_known(conn, other):
                    raise Invalid(f'merge needs "other": the id of an existing event, got {other!r}')
                result_id = curating.merge(rec.store, event_id, other, note, who)
            else:
                report_id = str(body.get("report_id") or "")
                result_id = curating.split(rec.store, event_id, report_id, note, who)
        except StoreError as err:
            raise Invalid(str(err)) from err
        rec._writes += 1
    return {"action": action, "event_id": result_id, "detail": event_detail(rec, result_id)}


def find_events(
    rec: Record, text: str, *, exclude: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Events to merge with, found by an event id or by full-text search over their articles
    (each matching article's events, best match first); rejected and merged events left out."""
    text = text.strip()
    if not text:
        return []
    ids: list[str] = []
    with rec.conn() as conn:
        if curation.event_known(conn, text):
            ids.append(text)
        try:
            hits = fts.search(conn, text)
        except StoreError as err:
            raise Invalid(str(err)) from err
        for hit in hits:
            ids += sorted(set(query.report_events(conn, hit["doc_id"]).values()))
        hidden = {k for k, v in curation.verdicts(conn).items() if v in curation.HIDDEN_VERDICTS}
        found = []
        for event_id in dict.fromkeys(ids):
            ev = query.event(conn, event_id)
            if ev is not None and event_id != exclude and event_id not in hidden:
                found.append(ev)
            if len(found) >= limit:
                break
    return [event_json(rec, ev) for ev in found]


# -- the review queue and the curation log ------------------------------------------------------


def _merges(rec: Record) -> dict[str, tuple[str, ...]]:
    """Suggested merges among every event of the record (``parley.review.suggest_merges``): it reads
    the whole record, so it is cached until the store changes."""

    def compute() -> dict[str, tuple[str, ...]]:
        with rec.conn() as conn:
            return review.suggest_merges(query.iter_events(conn))

    return rec.cached(("merges",), compute)


def _queue(rec: Record) -> list[review.ReviewItem]:
    """The whole queue, ordered (``parley.review``); cached until the store changes."""

    def compute() -> list[review.ReviewItem]:
        merges = _merges(rec)
        with rec.conn() as conn:
            return review.review_queue(
                query.iter_events(conn),
                contradictions=query.contradicted_fields(conn),
                verdicts=curation.verdicts(conn),
                corrected=curation.corrected_events(conn),
                merges=merges,
            )

    return rec.cached(("review",), compute)


def review_queue(rec: Record, *, limit: int = PAGE_SIZE, offset: int = 0) -> dict[str, Any]:
    """Events still to review (not confirmed, rejected or merged), those a look would change most
    first: see ``parley.review.review_priority``."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise Invalid(f"limit must be between 1 and {MAX_PAGE_SIZE}, got {limit}")
    queue = _queue(rec)
    page = queue[offset : offset + limit]
    return {
        "left": len(queue),
        "offset": offset,
        "limit": limit,
        "next_offset": offset + limit if offset + limit < len(queue) else None,
        "events": [
            {
                **event_json(rec, it.event),
                "priority": it.priority,
                "reasons": list(it.reasons),
                "contradicted_fields": list(it.contradictions),
                "merge_with": list(it.merge_with),
            }
            for it in page
        ],
    }


def merge_suggestions(rec: Record, event_id: str) -> list[str]:
    """The events fusion left apart that look like this one (as the review queue suggests them)."""
    return list(_merges(rec).get(event_id, ()))


def curation_log(rec: Record, *, who: str | None = None, offset: int = 0) -> dict[str, Any]:
    """Every curation action, newest first: what, on which event, who (the token's label), when, why."""
    with rec.conn() as conn:
        rows = curation.log_page(conn, who=who or None, limit=PAGE_SIZE, offset=offset)
    for row in rows:
        row["url"] = "/events/" + quote(row["event_id"], safe="")
        if row["value"] is not None:
            row["value"] = _json_or_text(row["value"])
    return {
        "who": who or None,
        "actions": rows,
        "offset": offset,
        "next_offset": offset + PAGE_SIZE if len(rows) == PAGE_SIZE else None,
    }


def _json_or_text(raw: str) -> Any:
    import json

    try:
        return json.loads(raw)
    except ValueError:
        return raw
