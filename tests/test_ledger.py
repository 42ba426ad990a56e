from __future__ import annotations

import datetime as dt

import pytest

from parley.fuse import fuse
from parley.ledger import UNDATED_HORIZON_DAYS, ledger, resolve, tally
from parley.model import DateValue, Document, EventReport, Expectation, Participant
from parley.store import Store

TODAY = dt.date(2023, 7, 1)


def rep(doc: str, published: str, status: str, date: str | None = "2023-05-25", **kw: object) -> EventReport:
    value = None
    if date:
        d = dt.date.fromisoformat(date)
        value = DateValue(date, "day", d, d)
    return EventReport(
        doc=doc,
        doc_id=f"id-{doc}",
        type=str(kw.pop("type_", "meeting")),
        status=status,
        date=value,
        place="Moscow",
        parties=("ARM", "AZE", "RUS"),
        published=published,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def only(store: Store, today: dt.date = TODAY) -> Expectation:
    [item] = [x for x in ledger(store, today) if x.doc == "plan"]
    return item


@pytest.mark.parametrize(
    "later, resolution",
    [
        pytest.param([rep("b", "2023-05-26", "held")], "came_true", id="held afterwards"),
        pytest.param([rep("b", "2023-05-24", "cancelled")], "failed", id="cancelled"),
        pytest.param([rep("b", "2023-05-24", "postponed")], "failed", id="postponed past the date"),
        pytest.param([], "overdue", id="date passed, nothing reported"),
        pytest.param([rep("b", "2023-05-21", "planned")], "overdue", id="another plan settles nothing"),
    ],
)
def test_a_planned_meeting_resolves_by_what_later_reports_say(store, later, resolution):
    fuse(store, [rep("plan", "2023-05-20", "planned")])
    for r in later:
        fuse(store, [r])
    item = only(store)
    assert item.resolution == resolution
    assert (item.made_on, item.expected, item.source) == ("2023-05-20", "2023-05-25", "plan")
    if resolution in {"came_true", "failed"}:
        assert item.resolved_by == "id-b:0"


def test_a_claim_not_yet_due_is_open(store):
    fuse(store, [rep("plan", "2023-05-20", "planned")])
    assert only(store, dt.date(2023, 5, 22)).resolution == "open"


def test_a_held_report_published_before_the_claim_does_not_settle_it(store):
    fuse(store, [rep("plan", "2023-05-20", "planned", date=None)])
    fuse(store, [rep("old", "2023-05-10", "held", date=None)])
    assert only(store, dt.date(2023, 5, 22)).resolution == "open"


@pytest.mark.parametrize(
    "days_after, resolution", [(UNDATED_HORIZON_DAYS - 1, "open"), (UNDATED_HORIZON_DAYS + 1, "overdue")]
)
def test_an_undated_claim_turns_overdue_after_the_horizon(days_after, resolution):
    claim = Expectation(
        "ev", "r", "d", "id-d", "d", "meeting", "planned", made_on="2023-01-01", resolution="pending"
    )
    assert resolve(claim, dt.date(2023, 1, 1) + dt.timedelta(days=days_after)).resolution == resolution


def test_an_approximate_claim_is_due_a_week_later():
    claim = Expectation(
        "ev",
        "r",
        "d",
        "id-d",
        "d",
        "meeting",
        "planned",
        made_on="2023-05-20",
        expected="2023-06-01",
        expected_end="2023-06-08",
        resolution="pending",
    )
    assert resolve(claim, dt.date(2023, 6, 5)).resolution == "open"


def test_the_speaker_comes_from_the_report(store):
    fuse(store, [rep("plan", "2023-05-20", "planned", extra=(("speaker", "Dmitry Peskov"),))])
    fuse(
        store,
        [
            rep(
                "other",
                "2023-05-21",
                "planned",
                date="2023-06-02",
                participants=(Participant("Maria Zakharova", "RUS", "spokeswoman"),),
            )
        ],
    )
    speakers = {x.doc: x.speaker for x in ledger(store, TODAY)}
    assert speakers == {"plan": "Dmitry Peskov", "other": "Maria Zakharova"}


def test_tally_counts_each_source_by_outlet_when_known(store):
    store.add_documents(
        [
            Document(id="id-plan", name="plan", text="x", format="txt", outlet="Wire A"),
            Document(id="id-p2", name="p2", text="y", format="txt", outlet="Wire A"),
            Document(id="id-p3", name="p3", text="z", format="txt"),
        ]
    )
    fuse(store, [rep("plan", "2023-05-20", "planned")])
    fuse(store, [rep("p2", "2023-05-21", "planned", date="2023-08-01", type_="call")])
    fuse(store, [rep("p3", "2023-05-22", "planned", date="2023-06-10", type_="agreement")])
    fuse(store, [rep("b", "2023-05-26", "held")])
    rows = {t.source: t for t in tally(ledger(store, TODAY))}
    assert set(rows) == {"Wire A", "p3"}
    a = rows["Wire A"]
    assert (a.made, a.came_true, a.failed, a.overdue, a.open) == (2, 1, 0, 0, 1)
    p3 = rows["p3"]
    assert (p3.made, p3.overdue) == (1, 1)
    assert [x.source for x in ledger(store, TODAY, source="p3")] == ["p3"]
