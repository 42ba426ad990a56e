"""A generated record, fused by the real fusion and curated through the real curation verbs, and
``parley serve`` started over it, for the tests of the one query layer."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.server import serving  # noqa: F401  (the tests import it from here)

from parley import curate, partial_date
from parley.fuse import fuse
from parley.ingest import content_id
from parley.model import DateValue, Document, EventReport
from parley.pack import load_pack
from parley.store import Store, curation, query

TOKEN = "query-layer-token-7d1e"
SIDES = ("ARM", "AZE")
BROKERS = ("RUS", "EU", "USA", "FRA", "TUR")
TYPES_STATUSES = {
    "meeting": ("planned", "held", "held", "postponed", "cancelled"),
    "call": ("planned", "held", "held"),
    "agreement": ("planned", "signed", "not_signed"),
}


def _date(day: dt.date, precision: str) -> DateValue:
    return partial_date.parse(day.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]])


@dataclass
class Generated:
    """What the generated record holds and what curation did to it."""

    path: Path
    issues: tuple[str, ...]
    places: tuple[str, ...]
    curated: dict[str, list[str]] = field(default_factory=dict)  # action -> event ids it touched


def build_record(path: Path, seed: int = 11, n_real: int = 90) -> Generated:
    """``n_real`` real-world events, each told by one to three articles (so fusion gathers
    several mentions into one event), some undated; then fused, then curated."""
    rng = random.Random(seed)
    pack = load_pack()
    places = [p for p in pack.places if p.kind == "city"][:12]
    issues = [i.id for i in pack.issues][:6]
    reports: list[EventReport] = []
    documents: list[Document] = []
    for n in range(n_real):
        type_ = rng.choice(("meeting", "meeting", "call", "agreement"))
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))
        precision = rng.choices(("day", "month", "year", "none"), (70, 15, 5, 10))[0]
        extra = rng.sample(BROKERS, rng.choice((0, 1, 1, 2)))
        parties = tuple(sorted({*SIDES[: rng.choice((1, 2, 2, 2))], *extra}))
        place = rng.choice(places) if type_ != "call" and rng.random() < 0.8 else None
        topics = tuple(rng.sample(issues, rng.choice((0, 1, 1, 2))))
        for k in range(rng.choice((1, 1, 2, 3))):
            published = day + dt.timedelta(days=rng.randrange(-20, 30) + k)
            status = "planned" if published < day else rng.choice(TYPES_STATUSES[type_][1:])
            text = f"Article {n}-{k}: envoys of {' and '.join(parties)} talked about {', '.join(topics)}."
            doc = Document(
                id=content_id(text), name=f"gen-{n}-{k}", text=text, format="txt",
                published=published.isoformat(), outlet=f"Wire {n % 4}",
            )  # fmt: skip
            documents.append(doc)
            reports.append(
                EventReport(
                    doc=doc.name, doc_id=doc.id, type=type_, status=status,
                    date=None if precision == "none" else _date(day, precision),
                    place=place.name if place else None, lat=place.lat if place else None,
                    lon=place.lon if place else None, parties=parties, mediator=extra[0] if extra else None,
                    issues=topics, published=doc.published,
                )
            )  # fmt: skip
    generated = Generated(path, tuple(issues), tuple(p.name for p in places))
    with Store(path) as store:
        store.add_documents(documents)
        fuse(store, reports)
        events = query.select_events(store.conn)
        shared = [e for e in events if e.mentions >= 2]
        single = [e for e in events if e.mentions == 1]
        rng.shuffle(shared)
        rng.shuffle(single)
        done = generated.curated
        for ev in single[:4]:
            curate.reject(store, ev.id, note="not an event")
        done["reject"] = [e.id for e in single[:4]]
        corrections = [
            ("status", "cancelled"), ("date", "2022-07"), ("date", None), ("parties", ["ARM", "AZE", "EU"]),
            ("place", places[0].name), ("mediator", "USA"), ("type", "call"),
        ]  # fmt: skip
        for ev, (name, value) in zip(single[4:], corrections, strict=False):
            curate.correct(store, ev.id, name, value)
        done["correct"] = [e.id for e in single[4 : 4 + len(corrections)]]
        pairs = list(zip(single[12:15], single[15:18], strict=True))
        for keep, other in pairs:
            curate.merge(store, keep.id, other.id)
        done["merge"] = [k.id for k, _ in pairs]
        done["merged"] = [o.id for _, o in pairs]
        done["split"], done["split_from"] = [], []
        for ev in shared[:3]:
            report_id = curation.mentions(store.conn, [ev.id])[-1][0].key
            done["split"].append(curate.split(store, ev.id, report_id))
            done["split_from"].append(ev.id)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return generated


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return build_record(tmp_path_factory.mktemp("record") / "record.db")


