"""Web latency, measured: p50/p95 of the main pages and API endpoints on a large record.

``run()`` builds a store of ``n_events`` synthetic events (2020-2025; realistic party sets,
mediators, venues from the pack, agenda items, evidence in synthetic articles, expectations),
starts the real server (``parley serve``) on a loopback port, and times a bounded number of
sequential requests per endpoint. The first request of each endpoint is reported apart as
``cold_ms``: aggregates (histogram, venues, network, tally) are computed then and cached until
the store changes.

    python -m benchmarks.web            # 100,000 events
    BENCH_WEB_EVENTS=20000 python -m benchmarks.web
    BENCH_WEB_STORE=build/bench-web.db python -m benchmarks.web   # keep the record, reuse it next time
"""

from __future__ import annotations

import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from parley import partial_date
from parley.fuse import consolidate, write_decided
from parley.ingest import content_id
from parley.model import DateValue, Document, EventReport, Evidence
from parley.pack import load_pack
from parley.store import Store, record

SIDES = ("ARM", "AZE")
BROKERS = ("RUS", "EU", "USA", "FRA", "DEU", "TUR", "OSCE", "UN")
EVENTS_PER_DOC = 10
REQUESTS = 40  # per endpoint, after the cold one
TARGET_P95_MS = 100.0


def _date(day: dt.date, precision: str) -> DateValue:
    return partial_date.parse(day.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]])


def _sentence(rng: random.Random, parties: tuple[str, ...], place: str, day: dt.date, topic: str) -> str:
    verb = rng.choice(("held talks with", "met", "sat down with", "spoke by phone with"))
    return (
        f"Envoys of {parties[0]} {verb} their {parties[-1]} counterparts in {place}"
        f" on {day:%d %B %Y} about {topic}."
    )


def build(path: Path, n_events: int = 100_000, seed: int = 3) -> dict[str, Any]:
    """Fill a new store at ``path`` with ``n_events`` events, one mention each, in synthetic articles."""
    rng = random.Random(seed)
    pack = load_pack()
    places = [p for p in pack.places if p.kind == "city"] or list(pack.places)
    issues = list(pack.issues)
    started = time.perf_counter()
    store = Store(path)
    try:
        for first in range(0, n_events, 5000):
            docs: list[Document] = []
            pending: list[tuple[str, EventReport]] = []
            for d in range(first // EVENTS_PER_DOC, min(first + 5000, n_events) // EVENTS_PER_DOC + 1):
                lines, reps = [], []
                published = dt.date(2020, 11, 1) + dt.timedelta(days=rng.randrange(5 * 365))
                offset = 0
                for k in range(EVENTS_PER_DOC):
                    i = d * EVENTS_PER_DOC + k
                    if i < first or i >= min(first + 5000, n_events):
                        continue
                    day = published + dt.timedelta(days=rng.randrange(-60, 60))
                    extra = rng.sample(BROKERS, rng.choice((0, 1, 1, 1, 2)))
                    parties = tuple(sorted({*SIDES[: rng.choice((1, 2, 2, 2))], *extra}))
                    place = rng.choice(places)
                    topic = rng.sample(issues, rng.choice((0, 1, 1, 2))) if issues else []
                    text = _sentence(rng, parties, place.name, day, topic[0].label if topic else "the talks")
                    lines.append(text)
                    status = (
                        "planned" if day > published else rng.choice(("held", "held", "cancelled", "signed"))
                    )
                    precision = rng.choices(("day", "month", "year"), (80, 15, 5))[0]
                    reps.append(
                        EventReport(
                            doc=f"synthetic-{d}",
                            doc_id="",
                            type=rng.choice(("meeting", "meeting", "call", "agreement")),
                            status=status,
                            date=_date(day, precision),
                            place=place.name,
                            lat=place.lat,
                            lon=place.lon,
                            parties=parties,
                            mediator=extra[0] if extra else None,
                            issues=tuple(t.id for t in topic),
                            published=published.isoformat(),
                            index=k,
                            evidence=(Evidence(text, offset, offset + len(text)),),
                        )
                    )
                    offset += len(text) + 1
                if not lines:
                    continue
                body = "\n".join(lines)
                doc = Document(
                    id=content_id(body),
                    name=f"synthetic-{d}",
                    text=body,
                    format="txt",
                    title=f"Synthetic dispatch {d}",
                    published=published.isoformat(),
                    outlet=f"Wire {d % 7}",
                )
                docs.append(doc)
                pending += [(doc.id, EventReport(**{**r.__dict__, "doc_id": doc.id})) for r in reps]
            store.add_documents(docs)
            with store.transaction() as conn:
                for doc_id, rep in pending:
                    event_id = f"ev-{doc_id[:10]}-{rep.index}"
                    record.insert_mention(conn, event_id, rep, "fuse.new_event", "synthetic")
                    decided = consolidate(event_id, [(rep, "fuse.new_event")])
                    write_decided(conn, decided)
        events = record.count_events(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("ANALYZE")
    finally:
        store.close()
    return {"events": events, "build_s": round(time.perf_counter() - started, 1)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    parley = Path(sys.executable).with_name("parley")
    command = [str(parley)] if parley.exists() else [sys.executable, "-m", "parley.cli.main"]
    proc = subprocess.Popen(
        [*command, "--db", str(db), "--quiet", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PARLEY_TOKEN": ""},
    )
    return proc, f"http://127.0.0.1:{port}"


def _endpoints(db: Path) -> list[str]:
    with Store(db) as store:
        conn = store.conn
        event_id = conn.execute("SELECT id FROM events ORDER BY date_start LIMIT 1 OFFSET 5000").fetchone()[0]
        issue = conn.execute("SELECT value FROM event_facets WHERE facet = 'issue' LIMIT 1").fetchone()
        place = conn.execute("SELECT place FROM events WHERE place IS NOT NULL LIMIT 1").fetchone()[0]
    issue_id = issue[0] if issue else "none"
    return [
        "/",
        "/?status=held",
        "/?actor=RUS&format=trilateral",
        f"/?issue={issue_id}",
        "/?since=2023-01-01&until=2023-03-31",
        "/api/events",
        "/api/events?status=cancelled&mediator=EU",
        "/api/events?offset=5000",
        f"/events/{event_id}",
        f"/api/events/{event_id}",
        "/map",
        "/api/venues",
        f"/venues/{place}",
        "/network",
        "/api/network",
        "/actors",
        "/actors/ARM",
        "/api/actors/AZE",
        "/issues",
        f"/issues/{issue_id}",
        "/ledger",
        "/api/ledger",
        "/search?q=counterparts+Moscow",
        "/api/search?q=envoys",
        "/undated",
    ]


def run(n_events: int = 100_000, requests: int = REQUESTS, store: str | None = None) -> dict[str, Any]:
    """Build a record of ``n_events`` events, serve it, time each endpoint; print and return the figures.

    ``store`` names a file to keep the record in: built there when missing, reused when present.
    """
    import httpx

    with tempfile.TemporaryDirectory(prefix="parley-web-bench-") as tmp:
        db = Path(store) if store else Path(tmp) / "bench.db"
        if db.exists():
            with Store(db) as existing:
                built = {"events": record.count_events(existing), "build_s": 0.0}
        else:
            built = build(db, n_events)
        print(f"built {built['events']:,} events in {built['build_s']} s", file=sys.stderr)
        endpoints = _endpoints(db)
        proc, base = _serve(db)
        figures: dict[str, Any] = {}
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        if client.get("/api/choices").status_code == 200:
                            break
                    except httpx.TransportError:
                        if proc.poll() is not None or time.monotonic() > deadline:
                            raise RuntimeError("parley serve did not start") from None
                        time.sleep(0.2)
                for path in endpoints:
                    t0 = time.perf_counter()
                    first = client.get(path)
                    cold = (time.perf_counter() - t0) * 1000
                    if first.status_code != 200:
                        raise RuntimeError(f"{path} answered {first.status_code}: {first.text[:200]}")
                    times = []
                    for _ in range(requests):
                        t0 = time.perf_counter()
                        client.get(path).raise_for_status()
                        times.append((time.perf_counter() - t0) * 1000)
                    times.sort()
                    figures[path] = {
                        "cold_ms": round(cold, 1),
                        "p50_ms": round(statistics.median(times), 1),
                        "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 1),
                        "bytes": len(first.content),
                    }
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    worst = max(f["p95_ms"] for f in figures.values())
    result = {
        **built,
        "requests_per_endpoint": requests,
        "endpoints": figures,
        "worst_p95_ms": worst,
        "target_p95_ms": TARGET_P95_MS,
        "ok": worst < TARGET_P95_MS,
    }
    print(f"{'endpoint':<48} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}")
    for path, f in figures.items():
        print(f"{path:<48} {f['cold_ms']:>8} {f['p50_ms']:>8} {f['p95_ms']:>8} {f['bytes']:>9}")
    print(f"worst p95 {worst} ms (target < {TARGET_P95_MS:g} ms) over {built['events']:,} events")
    return result


if __name__ == "__main__":
    run(int(os.environ.get("BENCH_WEB_EVENTS", "100000")), store=os.environ.get("BENCH_WEB_STORE") or None)
