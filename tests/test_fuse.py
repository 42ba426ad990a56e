from __future__ import annotations

import calendar
import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from parley.fuse import (
    EAGER_MENTIONS,
    SETTLE_GROWTH,
    consolidate,
    fuse,
    fuse_pending,
    match,
    report_facts,
    row_facts,
    settle,
)
from parley.model import DateValue, Document, EventReport, Evidence, Participant
from parley.pipeline import extract_into
from parley.settings import Settings
from parley.store import Store, query, record

ROOT = Path(__file__).resolve().parent.parent
LEADERS = (
    ("Vladimir Putin", "RUS", "President"),
    ("Ilham Aliyev", "AZE", "President"),
    ("Nikol Pashinyan", "ARM", "Prime Minister"),
)
MINISTERS = (
    ("Sergei Lavrov", "RUS", "Foreign Minister"),
    ("Jeyhun Bayramov", "AZE", "Foreign Minister"),
    ("Ararat Mirzoyan", "ARM", "Foreign Minister"),
)


def day(value: str | None, approx: bool = False) -> DateValue | None:
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        start = end = dt.date(*parts)
        precision = "day"
    elif len(parts) == 2:
        start = dt.date(parts[0], parts[1], 1)
        end = dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        precision = "month"
    else:
        start, end, precision = dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), "year"
    return DateValue(value, precision, start, end, approx=approx)  # type: ignore[arg-type]


def rep(
    doc: str,
    published: str | None,
    status: str = "held",
    date: str | None = "2023-05-25",
    place: str | None = "Moscow",
    parties: tuple[str, ...] = ("ARM", "AZE", "RUS"),
    *,
    type_: str = "meeting",
    mediator: str | None = None,
    index: int = 0,
    approx: bool = False,
    people: tuple[tuple[str, str, str], ...] = (),
    issues: tuple[str, ...] = (),
) -> EventReport:
    return EventReport(
        doc=doc,
        doc_id=f"id-{doc}",
        type=type_,
        status=status,
        date=day(date, approx),
        place=place,
        parties=parties,
        mediator=mediator,
        participants=tuple(Participant(*p) for p in people),
        evidence=(Evidence(f"evidence of {doc}", 0, 10),),
        published=published,
        index=index,
        issues=issues,
    )


def dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = ("events", "mentions", "status_history", "expectations", "contradictions")
    out = {}
    for table in tables:
        rows = store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        out[table] = [tuple(v for k, v in zip(r.keys(), r, strict=True) if k != "updated_at") for r in rows]
    return out


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def events(store: Store):
    return list(query.iter_events(store.conn))


def test_three_sources_of_one_meeting_become_one_event_with_every_mention(store):
    fuse(store, [rep("a", "2023-05-25", people=LEADERS, mediator="RUS")])
    fuse(store, [rep("b", "2023-05-26", place=None, mediator="RUS")])
    fuse(store, [rep("c", "2023-06-02", date="2023-05", parties=("ARM", "AZE"))])
    [ev] = events(store)
    assert (ev.date, ev.date_precision, ev.place, ev.parties, ev.mediator) == (
        "2023-05-25",
        "day",
        "Moscow",
        ("ARM", "AZE", "RUS"),
        "RUS",
    )
    assert ev.mentions == 3 and ev.documents == 3
    mentions = record.event_reports(store.conn, ev.id)
    assert sorted(r.doc for r, _ in mentions) == ["a", "b", "c"]
    assert {rule for _, rule in mentions} == {"fuse.new_event", "fuse.compatible"}
    assert set(ev.sources_of("place").docs) == {"a", "c"}
    assert set(ev.sources_of("date").docs) == {"a", "b", "c"}


def near_washington() -> EventReport:
    """A May report of talks "near Washington": a vicinity, not a venue."""
    from dataclasses import replace

    return replace(
        rep("near", "2023-05-14", date="2023-05", place="Washington", parties=("ARM", "AZE", "USA")),
        rules=(("place", "place.vicinity"),),
    )


@pytest.mark.parametrize("order", ["near_first", "named_first"])
def test_a_vicinity_gives_way_to_the_venue_named_outright(store, order):
    near = near_washington()
    named = rep("named", "2023-05-04", date="2023-05-04", place="Arlington", parties=("ARM", "AZE", "USA"))
    for r in [near, named] if order == "near_first" else [named, near]:
        fuse(store, [r])
    [ev] = events(store)
    assert (ev.place, ev.date, ev.mentions) == ("Arlington", "2023-05-04", 2)
    assert [c.field for c in query.contradictions(store.conn, [ev.id])] == []


def test_a_vicinity_alone_is_the_events_place(store):
    fuse(store, [near_washington()])
    [ev] = events(store)
    assert ev.place == "Washington"


def test_mentions_keep_their_evidence_and_offsets(store):
    fuse(store, [rep("a", "2023-05-25")])
    row = store.conn.execute("SELECT data FROM mentions").fetchone()
    assert json.loads(row[0])["evidence_spans"] == [{"text": "evidence of a", "start": 0, "end": 10}]


@pytest.mark.parametrize(
    "second",
    [
        pytest.param(rep("b", "2023-05-27", date="2023-05-27"), id="another day"),
        pytest.param(rep("b", "2023-05-26", place="Brussels", parties=("ARM", "AZE")), id="another place"),
        pytest.param(rep("b", "2023-05-26", parties=("AZE", "TUR")), id="other parties"),
        pytest.param(rep("b", "2023-05-26", type_="call", place=None), id="a call, not a meeting"),
        pytest.param(
            rep("b", "2023-05-26", people=MINISTERS), id="ministers, not leaders, same day and city"
        ),
        pytest.param(
            rep("b", "2023-05-26", date=None, parties=("ARM", "AZE")), id="undated, other party set"
        ),
        pytest.param(rep("b", "2024-01-10", date=None), id="undated, far outside the window"),
        pytest.param(
            rep("b", "2023-05-26", parties=("ARM", "AZE", "EAEU", "KAZ"), people=MINISTERS[1:]),
            id="same venue, other third parties, ministers not leaders",
        ),
    ],
)
def test_different_events_stay_apart(store, second):
    fuse(store, [rep("a", "2023-05-25", people=LEADERS)])
    fuse(store, [second])
    assert len(events(store)) == 2


def test_two_reports_of_one_document_are_two_events(store):
    fuse(
        store,
        [rep("a", "2023-05-25"), rep("a", "2023-05-25", index=1, parties=("ARM", "AZE", "RUS", "EAEU"))],
    )
    assert len(events(store)) == 2


@pytest.mark.parametrize(
    "second, rule",
    [
        (rep("b", "2023-06-10", date="2023-05"), "fuse.compatible"),
        (rep("b", "2023-05-20", status="planned", date="2023-05-24", approx=True), "fuse.compatible"),
        (rep("b", "2023-05-23", status="planned", date=None), "fuse.undated_window"),
        (rep("b", "2023-05-27", date=None, place=None), "fuse.undated_window"),
        (rep("b", "2023-05-27", date="2023-05-26"), "fuse.near_date"),
        (rep("b", "2023-05-27", place="Sochi"), "fuse.place_conflict"),
        (rep("b", "2023-05-26", parties=("ARM", "AZE", "EU", "FRA")), "fuse.same_venue"),
        (rep("b", None, date=None), "fuse.undated_same_venue"),
    ],
)
def test_compatible_reports_join_under_the_rule_that_allows_it(store, second, rule):
    fuse(store, [rep("a", "2023-05-25", people=LEADERS)])
    fuse(store, [second])
    [ev] = events(store)
    assert dict((r.doc, rl) for r, rl in record.event_reports(store.conn, ev.id))["b"] == rule


def test_a_report_with_nothing_to_date_it_joins_only_the_one_event_of_its_sides_at_its_venue(store):
    fuse(store, [rep("a", "2023-05-25"), rep("c", "2022-10-31", date="2022-10-31")])
    fuse(store, [rep("b", None, date=None)])
    assert len(events(store)) == 3  # two meetings of these sides in Moscow: the undated one stays apart
    fuse(store, [rep("e", "2021-11-26", date="2021-11-26", place="Sochi")])
    fuse(store, [rep("d", None, date=None, place="Sochi")])
    assert len(events(store)) == 4  # the one meeting of these sides in Sochi


def test_a_month_report_then_a_day_report_take_the_day(store):
    fuse(store, [rep("a", "2023-05-02", status="planned", date="2023-05")])
    first = events(store)[0].id
    fuse(store, [rep("b", "2023-05-26", date="2023-05-25")])
    [ev] = events(store)
    assert (ev.id, ev.date, ev.date_precision) == (first, "2023-05-25", "day")


def test_event_id_is_stable_as_the_event_grows(store):
    fuse(store, [rep("a", "2023-05-20", status="planned", date=None)])
    first = events(store)[0].id
    for i, doc in enumerate("bcd"):
        fuse(store, [rep(doc, f"2023-05-2{5 + i}")])
    [ev] = events(store)
    assert ev.id == first and ev.mentions == 4


def test_fusing_the_same_reports_twice_changes_nothing(store):
    batch = [
        rep("a", "2023-05-25", people=LEADERS),
        rep("a", "2023-05-25", type_="agreement", index=1),
        rep("b", "2023-05-20", status="planned"),
        rep("c", "2023-05-26", date="2023-05"),
    ]
    fuse(store, batch)
    before = dump(store)
    again = fuse(store, batch)
    assert again.unchanged_documents == 3 and again.events_touched == 0
    assert dump(store) == before


def test_refusing_a_document_replaces_its_old_mentions(store):
    fuse(store, [rep("a", "2023-05-25")])
    fuse(store, [rep("b", "2023-05-26")])
    fuse(store, [rep("b", "2023-10-06", date="2023-10-05", place="Granada")])  # b re-extracted
    evs = events(store)
    assert sorted((e.date, e.mentions) for e in evs) == [("2023-05-25", 1), ("2023-10-05", 1)]
    assert record.count_mentions(store) == 2


def facets(store: Store) -> set[tuple[str, str, str]]:
    return {tuple(r) for r in store.conn.execute("SELECT event_id, facet, value FROM event_facets")}


def test_facets_follow_the_events_sides_and_issues(store):
    def expected() -> set[tuple[str, str, str]]:
        (event,) = events(store)
        sides = {(event.id, "actor", p) for p in event.parties}
        return sides | {(event.id, "issue", i) for i in event.issues}

    fuse(store, [rep("a", "2023-05-25", parties=("ARM", "AZE"), issues=("border",))])
    first = expected()
    assert {(f, v) for _, f, v in first} == {("actor", "ARM"), ("actor", "AZE"), ("issue", "border")}
    fuse(store, [rep("b", "2023-05-26", parties=("ARM", "AZE"), issues=("border",))])  # same sides, issues
    assert facets(store) == expected() == first
    fuse(store, [rep("c", "2023-05-27", parties=("ARM", "AZE"), issues=("prisoners",))])  # issues only
    (event,) = events(store)
    assert event.parties == ("ARM", "AZE") and set(event.issues) == {"border", "prisoners"}
    assert facets(store) == expected() != first
    for name in "def":  # sides only
        fuse(store, [rep(name, "2023-05-27", parties=("ARM", "AZE", "RUS"), issues=("border",))])
    (event,) = events(store)
    assert "RUS" in event.parties and set(event.issues) == {"border", "prisoners"}
    assert facets(store) == expected()
    fuse(store, [], documents=[f"id-{name}" for name in "abcdef"])
    assert facets(store) == set()


def test_a_document_with_no_reports_left_loses_its_mentions(store):
    fuse(store, [rep("a", "2023-05-25")])
    result = fuse(store, [], documents=["id-a"])
    assert result.events_deleted == 1 and events(store) == []
    assert store.conn.execute("SELECT count(*) FROM status_history").fetchone()[0] == 0


def test_fuse_pending_fuses_stored_reports_once(store):
    for name in "ab":
        store.add_documents([Document(id=f"id-{name}", name=name, text="x", format="txt")])
    store.replace_reports("id-a", [rep("a", "2023-05-25")], "test")
    store.replace_reports("id-b", [rep("b", "2023-05-26")], "test")
    assert fuse_pending(store).reports == 2
    assert fuse_pending(store).reports == 0
    store.replace_reports("id-b", [], "test")
    fuse_pending(store)
    assert [e.mentions for e in events(store)] == [1]


@pytest.mark.parametrize(
    "reports, current",
    [
        pytest.param(
            [rep("a", "2023-05-20", status="planned"), rep("b", "2023-05-26")],
            "held",
            id="a report after the date outranks one before",
        ),
        pytest.param(
            [rep("a", "2023-05-26"), rep("b", "2023-06-30", status="planned")],
            "held",
            id="held after the date beats a stale plan published later",
        ),
        pytest.param(
            [rep("a", "2023-05-10", status="planned"), rep("b", "2023-05-18", status="postponed")],
            "postponed",
            id="before the date, the later publication wins",
        ),
        pytest.param(
            [rep("a", "2023-05-26"), rep("b", "2023-05-27", status="cancelled")],
            "cancelled",
            id="among reports after the date, the later wins",
        ),
    ],
)
def test_current_status_follows_the_latest_most_authoritative_report(reports, current):
    decided = consolidate("ev-x", [(r, "fuse.compatible") for r in reports])
    assert decided.event.status == current
    assert [h.current for h in decided.history].count(True) == 1


def test_status_history_lists_each_report_in_publication_order(store):
    fuse(store, [rep("c", "2023-05-26")])
    fuse(store, [rep("a", "2023-05-10", status="planned")])
    fuse(store, [rep("b", "2023-05-18", status="postponed")])
    [ev] = events(store)
    history = query.status_history(store.conn, [ev.id])
    assert [(h.reported_on, h.status, h.after_event, h.current) for h in history] == [
        ("2023-05-10", "planned", False, False),
        ("2023-05-18", "postponed", False, False),
        ("2023-05-26", "held", True, True),
    ]


@pytest.mark.parametrize(
    "reports, field, values",
    [
        (
            [rep("a", "2023-05-26"), rep("b", "2023-05-27", date="2023-05-26")],
            "date",
            {"2023-05-25", "2023-05-26"},
        ),
        ([rep("a", "2023-05-26"), rep("b", "2023-05-27", place="Sochi")], "place", {"Moscow", "Sochi"}),
        (
            [rep("a", "2023-05-26"), rep("b", "2023-05-27", status="cancelled")],
            "status",
            {"held", "cancelled"},
        ),
        (
            [rep("a", "2023-05-26", mediator="RUS"), rep("b", "2023-05-27", mediator="EU")],
            "mediator",
            {"RUS", "EU"},
        ),
        (
            [
                rep("a", "2023-05-26"),
                rep("b", "2023-05-26"),
                rep("c", "2023-05-27", parties=("ARM", "AZE", "RUS", "TUR")),
            ],
            "parties",
            {"ARM, AZE, RUS", "ARM, AZE, RUS, TUR"},
        ),
    ],
)
def test_disagreements_stay_visible_with_each_sides_sources(store, reports, field, values):
    for r in reports:
        fuse(store, [r])
    [ev] = events(store)
    [contradiction] = [c for c in query.contradictions(store.conn, [ev.id]) if c.field == field]
    assert {s.value for s in contradiction.sides} == values
    assert {d for s in contradiction.sides for d in s.docs} <= {"a", "b", "c"}


def test_planned_and_held_before_the_date_are_no_status_contradiction(store):
    fuse(store, [rep("a", "2023-05-20", status="planned")])
    fuse(store, [rep("b", "2023-05-26")])
    assert query.contradicted_fields(store.conn) == {}


def test_minority_party_is_left_out_from_three_sources_on():
    reports = [
        rep("a", "2023-05-26"),
        rep("b", "2023-05-26"),
        rep("c", "2023-05-27", parties=("ARM", "AZE", "TUR")),
    ]
    decided = consolidate("ev-x", [(r, "fuse.compatible") for r in reports])
    assert decided.event.parties == ("ARM", "AZE", "RUS")
    two = consolidate("ev-x", [(r, "fuse.compatible") for r in reports[1:]])
    assert two.event.parties == ("ARM", "AZE", "RUS", "TUR")


def test_generic_participant_words_do_not_count_as_people():
    ministers = (("ministers", "ARM", "ministers"), ("ministers", "AZE", "ministers"))
    named = (("Ararat Mirzoyan", "ARM", "Foreign Minister"), ("Jeyhun Bayramov", "AZE", "Foreign Minister"))
    assert match(report_facts(rep("a", "x", people=ministers)), report_facts(rep("b", "x", people=named)))


@pytest.mark.parametrize("title", ["President", "the Prime Minister", "Foreign Ministers", "Leaders"])
def test_a_title_standing_in_for_a_name_identifies_no_one(title):
    titled = ((title, "RUS", None),)
    named = (("Vladimir Putin", "RUS", None),)
    assert report_facts(rep("a", "x", people=titled)).people == {}
    assert match(report_facts(rep("a", "x", people=titled)), report_facts(rep("b", "x", people=named)))


@pytest.mark.parametrize(
    "people, matches",
    [
        pytest.param((("Dmitry Peskov", "RUS", None),), True, id="one side names someone else"),
        pytest.param(
            (("Dmitry Peskov", "RUS", None), ("Hikmet Hajiyev", "AZE", None)), False, id="two sides do"
        ),
    ],
)
def test_different_names_veto_a_match_only_on_two_sides(people, matches):
    leaders = report_facts(rep("a", "x", people=tuple((n, p, None) for n, p, _ in LEADERS)))
    assert (match(report_facts(rep("b", "x", people=people)), leaders) is not None) is matches


def test_people_of_a_passing_mention_do_not_decide_who_took_part():
    reports = [
        rep("a", "2023-11-16", status="cancelled", date="2023-11-20", place="Washington"),
        rep("b", "2023-12-27", status="cancelled", date="2023-11", place="Washington", people=LEADERS[1:2]),
    ]
    decided = consolidate("ev-x", [(r, "fuse.compatible") for r in reports])
    assert decided.match["people"] == {} and decided.match["levels"] == {}


def test_leaders_and_ministers_do_not_match_even_with_equal_fields():
    assert (
        match(report_facts(rep("a", "x", people=LEADERS)), report_facts(rep("b", "x", people=MINISTERS)))
        is None
    )


def test_date_lookup_uses_the_span_index(store):
    plan = store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM events WHERE type = ? AND span_class = ?"
        " AND span_start BETWEEN ? AND ? AND span_end >= ?",
        ("meeting", "day", "2023-01-01", "2023-02-01", "2023-01-05"),
    ).fetchall()
    assert "events_span" in " ".join(str(tuple(r)) for r in plan)


def _benchmark():
    spec = importlib.util.spec_from_file_location("fusion_benchmark", ROOT / "benchmarks" / "fusion.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_set_is_large_and_varied_enough():
    data = json.loads((ROOT / "tests" / "data" / "fusion" / "mentions.json").read_text(encoding="utf-8"))
    mentions = data["mentions"]
    assert len(mentions) >= 60
    assert any(m["date"] is None for m in mentions)
    assert {m["status"] for m in mentions} >= {"planned", "held", "cancelled"}


@pytest.mark.parametrize("one_call", [False, True])
def test_fusion_quality_on_the_labelled_set_stays_above_its_floor(one_call):
    # Floors pinned below the first measurement (1.0/1.0 on 72 mentions, 19 events; still 1.0/1.0 on 80
    # mentions, 21 events, after titles, passing mentions and differently named mediators were added);
    # lowering them needs a stated reason.
    scores = _benchmark().evaluate(one_call=one_call)
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.95, scores


@pytest.mark.slow
def test_fusing_one_document_into_a_large_record_is_fast():
    result = _benchmark().run(n_events=20_000, repeats=3)
    assert result["fuse_document_median_ms"] < 1000


def _record(store: Store) -> list[dict]:
    events = [json.loads(r[0])["event"] for r in store.conn.execute("SELECT data FROM events ORDER BY id")]
    history = store.conn.execute("SELECT event_id, seq, status, current FROM status_history ORDER BY 1, 2")
    expectations = store.conn.execute("SELECT report_id, resolution FROM expectations ORDER BY 1")
    return [events, list(history), list(expectations)]


def _summit_reports(n: int) -> list[EventReport]:
    """Reports of one summit, a document each: 20 plans in the days before it, the rest after it."""
    return [
        rep(
            f"d{i:02d}",
            f"2023-05-{10 + i // 4:02d}" if i < 20 else f"2023-05-{26 + i % 4:02d}",
            status="planned" if i < 20 else "held",
        )
        for i in range(n)
    ]


def test_a_well_reported_event_fused_in_one_call_equals_one_document_at_a_time(tmp_path):
    # 40 reports of one summit: plans before it, the summit after; more than EAGER_MENTIONS, so
    # in one call the event is re-decided once at the end rather than at each mention.
    reports = _summit_reports(40)
    one_call = Store(tmp_path / "one.db")
    fuse(one_call, reports)
    one_by_one = Store(tmp_path / "many.db")
    for report in reports:
        fuse(one_by_one, [report])
    got, want = _record(one_call), _record(one_by_one)
    assert got == want
    (event,) = got[0]
    assert event["mentions"] == 40 and event["status"] == "held"
    assert {resolution for _, resolution in got[2]} == {"came_true"}


def test_a_run_defers_a_well_reported_event_until_it_grows_and_settles_it_at_the_end(tmp_path):
    # 42 reports of the summit, each fused in a call of its own as a long run does: once the event has
    # EAGER_MENTIONS, a call re-decides it only when it has grown by SETTLE_GROWTH since.
    reports = _summit_reports(42)
    exact = Store(tmp_path / "exact.db")
    fuse(exact, reports)
    run = Store(tmp_path / "run.db")
    decided = []
    for report in reports:
        fuse(run, [report], defer=True)
        (event,) = events(run)
        decided.append(event.mentions)
    # Decided at every mention up to the threshold; after it, only at growth by the fraction.
    assert decided[:EAGER_MENTIONS] == list(range(1, EAGER_MENTIONS + 1))
    later = decided[EAGER_MENTIONS:]
    assert len(set(later)) < len(later) and all(b >= a for a, b in zip(later, later[1:], strict=False))
    for before, after in zip(later, later[1:], strict=False):
        assert after == before or after >= before * (1 + SETTLE_GROWTH)
    assert decided[-1] < 42 and record.unsettled(run.conn) == [event.id]
    # What a crash would leave: a reopened store settles to the record fused in one call.
    run.close()
    reopened = Store(tmp_path / "run.db")
    settle(reopened)
    assert record.unsettled(reopened.conn) == []
    assert _record(reopened) == _record(exact)


@pytest.mark.parametrize("how", ["plain fuse call", "next extraction run"])
def test_what_deferred_calls_left_unsettled_is_settled_later(tmp_path, how):
    reports = [rep(f"d{i:02d}", f"2023-05-{10 + i // 4:02d}") for i in range(EAGER_MENTIONS + 2)]
    store = Store(tmp_path / "s.db")
    fuse(store, reports[:-1], defer=True)
    fuse(store, reports[-1:], defer=True)
    assert record.unsettled(store.conn)
    if how == "plain fuse call":
        fuse(store, [])
    else:  # a run that finds nothing new to extract still settles the record an interrupted run left
        summary = extract_into(store, Settings(db=str(tmp_path / "s.db")))
        assert summary.documents == 0
    (event,) = events(store)
    assert event.mentions == len(reports) and record.unsettled(store.conn) == []


def test_events_that_a_later_report_bridges_are_merged(store):
    # Each of the first two reports names only one side with a third party, so they start two
    # events; the third names both sides and joins the first, which then matches the second.
    fuse(store, [rep("a", "2023-05-26", parties=("ARM", "RUS"))])
    fuse(store, [rep("b", "2023-05-26", parties=("AZE", "RUS"))])
    assert len(events(store)) == 2
    fuse(store, [rep("c", "2023-05-27", parties=("ARM", "AZE", "RUS"))])
    (event,) = events(store)
    assert event.mentions == 3
    rules = {r[0]: r[1] for r in store.conn.execute("SELECT doc, rule FROM mentions")}
    assert rules["b"] == "fuse.merged_events"
    assert store.count("status_history") == 3


def test_events_of_one_document_are_never_merged(store):
    # Two reports of one document are two events, even when they look alike afterwards.
    fuse(
        store,
        [
            rep("a", "2023-05-26", parties=("ARM", "RUS")),
            rep("a", "2023-05-26", parties=("AZE", "RUS"), index=1),
        ],
    )
    fuse(store, [rep("c", "2023-05-27", parties=("ARM", "AZE", "RUS"))])
    assert len(events(store)) == 2


def test_a_meeting_reported_held_before_a_summit_is_not_that_summit(store):
    fuse(store, [rep("summit", "2023-05-26", date="2023-05-25", place="Moscow", parties=("ARM", "AZE"))])
    # Written on 14 May, "the two leaders met this month" cannot be about the 25 May summit.
    fuse(store, [rep("earlier", "2023-05-14", date="2023-05", place=None, parties=("ARM", "AZE"))])
    assert len(events(store)) == 2
    # Written after it, the same words can.
    fuse(store, [rep("later", "2023-05-30", date="2023-05", place=None, parties=("ARM", "AZE"))])
    assert sorted(e.mentions for e in events(store)) == [1, 2]


def test_an_event_rewritten_elsewhere_or_rolled_back_is_read_as_stored(tmp_path):
    """The decoded-event cache follows the stored JSON: a write through another connection
    is seen, and a write that was rolled back is not."""
    import dataclasses

    def rewrite(conn, row, status):
        record.write_event(
            conn, dataclasses.replace(row.event, status=status), span=(row.span_start, row.span_end),
            anchor=row.anchor, place_key=row.place_key, match=row.match, history=(), expectations=(),
            contradictions=(),
        )

    path = tmp_path / "shared.db"
    with Store(path) as one, Store(path) as other:
        fuse(one, [rep("a", "2023-05-20", status="planned")])
        [ev] = events(one)
        assert record.event_row(one.conn, ev.id).event.status == "planned"
        row = record.event_row(other.conn, ev.id)
        with other.transaction() as tx:
            rewrite(tx, row, "cancelled")
        assert record.event_row(one.conn, ev.id).event.status == "cancelled"
        with pytest.raises(RuntimeError), other.transaction() as tx:
            rewrite(tx, row, "held")
            raise RuntimeError("crash before the commit")
        assert record.event_row(one.conn, ev.id).event.status == "cancelled"
        assert record.event_row(other.conn, ev.id).event.status == "cancelled"


def test_a_re_decided_event_is_read_afresh_not_from_the_decoded_cache(store):
    fuse(store, [rep("a", "2023-05-20", status="planned")])
    [ev] = events(store)
    assert record.event_row(store.conn, ev.id).event.status == "planned"
    fuse(store, [rep("b", "2023-05-26", status="held")])
    [after] = events(store)
    assert after.id == ev.id
    row = record.event_row(store.conn, ev.id)
    assert (row.event.status, row.event.mentions) == ("held", 2)
    cached = [entry for key, entry in record._event_rows.items() if key == ev.id]
    assert len(cached) == 1  # one entry per event, replaced when it was rewritten
    assert row_facts(row).status == "held"  # the facts follow the row


def test_an_event_without_a_stored_hash_is_read_from_its_json(store):
    """A store written before the hash column (or by another writer) has none: its events are
    decoded from their JSON each time they are read."""
    fuse(store, [rep("a", "2023-05-20", status="planned")])
    [ev] = events(store)
    assert record.event_row(store.conn, ev.id).event.status == "planned"
    (text,) = store.conn.execute("SELECT data FROM events").fetchone()
    changed = text.replace('"status": "planned"', '"status": "postponed"')
    assert changed != text
    store.conn.execute("UPDATE events SET data = ?, data_hash = NULL", (changed,))
    assert record.event_row(store.conn, ev.id).event.status == "postponed"
    fuse(store, [rep("b", "2023-05-21", status="planned")])  # re-decided, so hashed again
    assert store.conn.execute("SELECT data_hash FROM events").fetchone()[0] == record.data_hash(
        store.conn.execute("SELECT data FROM events").fetchone()[0]
    )


def test_fusion_finds_candidates_in_its_indexes_alone(store):
    """Both candidate lookups read only an index, never an event's row with its JSON."""
    import datetime as dt

    conn = store.conn
    day = dt.date(2023, 5, 1)
    params = []
    for name, limit in record.SPAN_CLASSES:
        low = (day - dt.timedelta(days=limit or 10_000)).isoformat()
        params += ["meeting", name, low, "2023-05-31", "2023-05-01"]
    plans = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + record._OVERLAPPING, params)]
    by_parties = (
        f"SELECT {record._ROW_COLUMNS} FROM events"
        " WHERE type = ? AND party_key = ? AND anchor BETWEEN ? AND ?"
    )
    plans += [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + by_parties, ["meeting", "AZE", "a", "b"])]
    searches = [p for p in plans if p.startswith("SEARCH")]
    assert len(searches) == len(record.SPAN_CLASSES) + 1
    assert all("USING COVERING INDEX" in p for p in searches), searches


def test_an_expectation_moves_with_its_report_to_another_event(store):
    """An expectation is one row per report: re-deciding another event that now holds the
    report moves the row there."""
    fuse(store, [rep("a", "2023-05-20", status="planned")])
    [ev] = events(store)
    (report_id, event_id) = store.conn.execute("SELECT report_id, event_id FROM expectations").fetchone()
    assert event_id == ev.id
    row = record.event_row(store.conn, ev.id)
    mentions = [(r, "fuse.new_event") for r, _ in record.event_reports(store.conn, ev.id)]
    decided = consolidate("ev-other", mentions)
    with store.transaction() as conn:
        record.write_event(
            conn, decided.event, span=decided.span, anchor=row.anchor, place_key=row.place_key,
            match=decided.match, history=decided.history, expectations=decided.expectations,
            contradictions=decided.contradictions,
        )
    moved = [tuple(r) for r in store.conn.execute("SELECT report_id, event_id FROM expectations")]
    assert moved == [(report_id, "ev-other")]


def test_a_document_dated_a_day_apart_by_another_source_is_the_same_document(store):
    statement = {"type_": "agreement", "place": None}
    fuse(store, [rep("a", "2020-11-12", date="2020-11-09", parties=("ARM", "AZE", "RUS"), **statement)])
    fuse(store, [rep("b", "2020-11-10", date="2020-11-10", parties=("ARM", "AZE"), **statement)])
    [ev] = events(store)
    assert dict((r.doc, rl) for r, rl in record.event_reports(store.conn, ev.id))["b"] == "fuse.near_date"
    # meetings a day apart with no venue named stay apart: rounds on consecutive days happen
    fuse(store, [rep("c", "2020-11-12", date="2020-11-09", place=None)])
    fuse(store, [rep("d", "2020-11-12", date="2020-11-10", place=None, parties=("ARM", "AZE"))])
    assert len(events(store)) == 3
