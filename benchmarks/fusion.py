"""Fusion, measured: pairwise precision/recall on a labelled set, and speed against a large record.

``evaluate()`` fuses the labelled mentions in tests/data/fusion/ (each labelled with the
real-world event it reports) and scores which pairs of mentions ended up together.
``run()`` builds a synthetic record of ``n_events`` events (2020-2025, realistic party sets)
and times fusing one new document's reports into it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from parley.fuse import assignments, consolidate, fuse, pairwise_scores, write_decided
from parley.model import DateValue, EventReport, Evidence, Participant
from parley.store import Store, record

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "fusion" / "mentions.json"


def date_value(value: str | None, *, approx: bool = False, end: str | None = None) -> DateValue | None:
    """A DateValue for YYYY, YYYY-MM or YYYY-MM-DD (``end`` widens a day into a range)."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        start = dt.date(*parts)
        stop = dt.date.fromisoformat(end) if end else start
        return DateValue(value, "day", start, stop, approx=approx, text=value, rule="fixture")
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return DateValue(
            value,
            "month",
            dt.date(parts[0], parts[1], 1),
            dt.date(parts[0], parts[1], last),
            approx,
            value,
            "fixture",
        )
    return DateValue(
        value, "year", dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), approx, value, "fixture"
    )


def labelled_reports(path: Path = LABELLED) -> list[tuple[EventReport, str]]:
    """The labelled mentions as reports, each with its true event label."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for row in data["mentions"]:
        rep = EventReport(
            doc=row["doc"],
            doc_id=f"doc-{row['doc']}",
            type=row["type"],
            status=row["status"],
            date=date_value(row["date"], approx=row.get("approx", False), end=row.get("date_end")),
            place=row["place"],
            parties=tuple(row["parties"]),
            mediator=row["mediator"],
            participants=tuple(Participant(n, p, r) for n, p, r in row["participants"]),
            evidence=(Evidence(row["evidence"], 0, len(row["evidence"])),),
            published=row["published"],
            index=row.get("index", 0),
        )
        out.append((rep, row["event"]))
    return out


def evaluate(path: Path = LABELLED, *, one_call: bool = False) -> dict[str, Any]:
    """Fuse the labelled set (document by document, in publication order) and score the clustering."""
    labelled = labelled_reports(path)
    truth = {rep.key: label for rep, label in labelled}
    with Store(":memory:") as store:
        reports = [rep for rep, _ in sorted(labelled, key=lambda x: (x[0].published or "", x[0].key))]
        if one_call:
            fuse(store, reports)
        else:
            by_doc: dict[str, list[EventReport]] = {}
            for rep in reports:
                by_doc.setdefault(rep.doc_id, []).append(rep)
            for reps in by_doc.values():
                fuse(store, reps)
        predicted = assignments(store)
        scores = pairwise_scores(predicted, truth)
        scores["events_true"] = len(set(truth.values()))
        scores["events_predicted"] = record.count_events(store)
        scores["mentions"] = len(truth)
    return scores


# -- speed ------------------------------------------------------------------------------

SIDES = ("ARM", "AZE")
BROKERS = ("RUS", "EU", "USA", "FRA", "DEU", "TUR", "KAZ", "OSCE", "UN", "IRN", "GEO")
PLACES = (
    "Moscow",
    "Brussels",
    "Washington",
    "Sochi",
    "Prague",
    "Granada",
    "Almaty",
    "Tbilisi",
    "Baku",
    "Yerevan",
    "Munich",
    "Geneva",
    "Istanbul",
    "Paris",
    "Berlin",
    "Minsk",
    None,
)


def _synthetic_report(rng: random.Random, i: int, day: dt.date | None = None) -> EventReport:
    day = day or dt.date(2020, 11, 1) + dt.timedelta(days=rng.randrange(5 * 365))
    extra = rng.sample(BROKERS, rng.choice((0, 1, 1, 1, 2)))
    parties = tuple(sorted({*SIDES[: rng.choice((1, 2, 2, 2))], *extra}))
    kind = rng.random()
    if kind < 0.8:
        date = date_value(day.isoformat(), approx=rng.random() < 0.1)
    elif kind < 0.95:
        date = date_value(day.isoformat()[:7])
    else:
        date = date_value(day.isoformat()[:4])
    return EventReport(
        doc=f"synthetic-{i}",
        doc_id=f"syn-{i}",
        type=rng.choice(("meeting", "meeting", "call", "agreement")),
        status=rng.choice(("held", "held", "planned", "cancelled", "signed")),
        date=date,
        place=rng.choice(PLACES),
        parties=parties,
        mediator=extra[0] if extra else None,
        published=(day + dt.timedelta(days=rng.randrange(-10, 30))).isoformat(),
    )


def build(store: Store, n_events: int, seed: int = 7) -> None:
    """Fill a store with ``n_events`` synthetic events, one mention each, written in bulk.

    Random events are often compatible with each other, which no fused record's events are
    (fusion would have merged them, and re-merging after each call would start merging them,
    event by event, in the timed calls). So the synthetic mentions all come from one archive
    document: two reports of one document are never the same event, and the record holds
    100,000 events that do not match each other, as a fused record does.
    """
    rng = random.Random(seed)
    with store.transaction() as conn:
        for i in range(n_events):
            rep = _synthetic_report(rng, i)
            rep = EventReport(**{**rep.__dict__, "doc_id": "syn-archive", "index": i})
            event_id = f"ev-syn{i:08d}"
            record.insert_mention(conn, event_id, rep, "fuse.new_event", "synthetic")
            d = consolidate(event_id, [(rep, "fuse.new_event")])
            write_decided(conn, d)


def run(n_events: int = 100_000, repeats: int = 7, reports_per_doc: int = 6) -> dict[str, Any]:
    """Time fusing one new document's reports into a record of ``n_events`` events; print the figures."""
    rng = random.Random(11)
    with Store(":memory:") as store:
        t0 = time.perf_counter()
        build(store, n_events)
        built = time.perf_counter() - t0
        timings = []
        for r in range(repeats):
            day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))
            reps = [
                _synthetic_report(rng, 10_000_000 + r, day + dt.timedelta(days=rng.randrange(-3, 4)))
                for _ in range(reports_per_doc)
            ]
            reps = [
                EventReport(**{**rep.__dict__, "index": k, "doc_id": f"new-{r}", "doc": f"new-{r}"})
                for k, rep in enumerate(reps)
            ]
            t = time.perf_counter()
            fuse(store, reps)
            timings.append(time.perf_counter() - t)
        result: dict[str, Any] = {
            "events": record.count_events(store),
            "build_s": round(built, 2),
            "reports_per_document": reports_per_doc,
            "fuse_document_median_ms": round(statistics.median(timings) * 1000, 2),
            "fuse_document_max_ms": round(max(timings) * 1000, 2),
        }
    quality = evaluate()
    result["labelled"] = quality
    print(
        f"fusion: {result['events']} events; one document ({reports_per_doc} reports) fused in "
        f"{result['fuse_document_median_ms']} ms median, {result['fuse_document_max_ms']} ms max "
        f"(record built in {result['build_s']} s)"
    )
    print(
        f"fusion quality on {quality['mentions']} labelled mentions: "
        f"pairwise precision {quality['precision']}, "
        f"recall {quality['recall']}, F1 {quality['f1']} ({quality['events_predicted']} events for "
        f"{quality['events_true']} true)"
    )
    return result


if __name__ == "__main__":
    run()
