from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from parley.errors import StoreError
from parley.model import DateValue, Document, EventReport, Evidence, Rejection
from parley.store import Store, migrations


def make_doc(text: str = "Leaders met in Sochi.", name: str = "a", doc_id: str = "id-a") -> Document:
    return Document(id=doc_id, name=name, text=text, format="txt", published="2021-11-27")


def make_report(doc: Document, index: int = 0) -> EventReport:
    day = dt.date(2021, 11, 26)
    return EventReport(
        doc=doc.name,
        doc_id=doc.id,
        type="meeting",
        status="held",
        date=DateValue("2021-11-26", "day", day, day, text="26 November", rule="date.explicit"),
        place="Sochi",
        parties=("ARM", "AZE", "RUS"),
        mediator="RUS",
        evidence=(Evidence("Leaders met in Sochi.", 0, 21),),
        rules=(("type", "meeting.met"),),
        index=index,
    )


def test_new_store_applies_every_migration_in_order(tmp_path):
    store = Store(tmp_path / "s.db")
    assert store.applied_migrations() == [name for name, _ in migrations()]
    assert store.migrate() == []


def test_same_document_is_stored_once():
    store = Store(":memory:")
    doc = make_doc()
    assert store.add_documents([doc]) == 1
    assert store.add_documents([doc, doc]) == 0
    assert store.count("documents") == 1


def test_document_found_by_name_or_id_prefix():
    store = Store(":memory:")
    store.add_documents([make_doc(doc_id="abcdef123")])
    assert store.document("a").id == "abcdef123"
    assert store.document("abcd").name == "a"
    assert store.document("zzz") is None


def test_documents_filter_by_period_and_text():
    store = Store(":memory:")
    store.add_documents(
        [
            Document(id="1", name="one", text="Talks in Prague", format="txt", published="2022-10-06"),
            Document(id="2", name="two", text="Talks in Sochi", format="html", published="2021-11-26"),
        ]
    )
    assert [d.name for d in store.documents(since="2022")] == ["one"]
    assert [d.name for d in store.documents(until="2021-12")] == ["two"]
    assert [d.name for d in store.documents(text="Sochi")] == ["two"]
    assert [d.name for d in store.documents(fmt="html")] == ["two"]


def test_rejection_is_stored_with_reason_and_replaced_on_retry():
    store = Store(":memory:")
    store.add_rejections([Rejection("x.bin", "binary", "NUL bytes")])
    store.add_rejections([Rejection("x.bin", "binary", "NUL bytes again")])
    assert store.rejections() == [Rejection("x.bin", "binary", "NUL bytes again")]


def test_reports_round_trip_and_replace_per_document():
    store = Store(":memory:")
    doc = make_doc()
    store.add_documents([doc])
    store.replace_reports(doc.id, [make_report(doc, 0), make_report(doc, 1)], "v1")
    assert [r.index for r in store.reports(doc.id)] == [0, 1]
    assert store.reports(doc.id)[0] == make_report(doc, 0)
    store.replace_reports(doc.id, [make_report(doc, 0)], "v1")
    assert store.count("reports") == 1
    assert store.extracted_ids("v1") == {doc.id}
    assert store.extracted_ids("v2") == set()


def test_failed_transaction_leaves_nothing_behind():
    store = Store(":memory:")
    doc = make_doc()
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
        conn.execute(
            "INSERT INTO documents (id, name, format, text, ingested_at) VALUES ('x','x','txt','t','now')"
        )
        conn.execute(
            "INSERT INTO documents (id, name, format, text, ingested_at) VALUES ('x','x','txt','t','now')"
        )
    assert store.count("documents") == 0
    store.add_documents([doc])
    assert store.integrity() == "ok"


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="PARLEY_DB"):
        Store(path)


def test_iter_documents_reads_in_batches():
    store = Store(":memory:")
    store.add_documents([make_doc(doc_id=f"{i:03}", name=str(i)) for i in range(25)])
    assert len(list(store.iter_documents(batch=7))) == 25


def test_nested_transaction_is_a_savepoint_that_lands_with_the_outer_one():
    store = Store(":memory:")
    with store.transaction():
        store.add_documents([make_doc(doc_id="id-a")])
        with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
            conn.execute(
                "INSERT INTO documents (id, name, format, text, ingested_at) VALUES ('x','x','txt','t','now')"
            )
            conn.execute(
                "INSERT INTO documents (id, name, format, text, ingested_at) VALUES ('x','x','txt','t','now')"
            )
        store.add_documents([make_doc(name="b", doc_id="id-b")])
    assert sorted(d.id for d in store.iter_documents(10)) == ["id-a", "id-b"]


def test_failure_after_a_nested_transaction_undoes_it_too():
    store = Store(":memory:")
    with pytest.raises(RuntimeError), store.transaction():
        store.add_documents([make_doc()])
        raise RuntimeError("crash before the outer commit")
    assert store.count("documents") == 0


def test_a_store_from_before_the_facet_columns_keeps_its_facets(tmp_path):
    """Migration 0006 fills the issues column from each event's JSON; the facets stay and
    follow later changes."""
    import dataclasses
    import json

    from parley.model import Event
    from parley.store import _statements, record

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in migrations():
        if name >= "0006":
            break
        for statement in _statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO migrations VALUES (?, 'then')", (name,))
    event = Event(
        id="ev1", type="meeting", status="held", date="2023-05-25", date_precision="day",
        date_start="2023-05-25", date_end="2023-05-25", place="Moscow", parties=("ARM", "AZE"),
        mediator=None, first_reported="2023-05-25", last_reported="2023-05-25", mentions=1,
        documents=1, issues=("border", "prisoners"),
    )
    data = json.dumps({"event": event.to_json(), "match": {}})
    conn.execute(
        "INSERT INTO events (id, type, status, span_class, parties, party_key, mentions, documents, data,"
        " updated_at) VALUES ('ev1', 'meeting', 'held', 'none', ?, 'ARM|AZE', 1, 1, ?, 'then')",
        (json.dumps(["ARM", "AZE"]), data),
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        (issues,) = store.conn.execute("SELECT issues FROM events").fetchone()
        assert json.loads(issues) == ["border", "prisoners"]
        rows = {tuple(r) for r in store.conn.execute("SELECT facet, value FROM event_facets")}
        assert rows == {("actor", "ARM"), ("actor", "AZE"), ("issue", "border"), ("issue", "prisoners")}
        with store.transaction() as tx:
            changed = dataclasses.replace(event, issues=("enclaves",))
            record.write_event(
                tx, changed, span=None, anchor=None, place_key=None, match={}, history=(), expectations=(),
                contradictions=(),
            )
        rows = {tuple(r) for r in store.conn.execute("SELECT facet, value FROM event_facets")}
        assert rows == {("actor", "ARM"), ("actor", "AZE"), ("issue", "enclaves")}


def test_a_file_store_logs_writes_ahead_and_folds_the_log_in_when_closed(tmp_path):
    """Commits go to the write-ahead log, copied into the database only every
    WAL_CHECKPOINT_PAGES pages; closing the store copies the rest and removes the log."""
    from parley.store import WAL_CHECKPOINT_PAGES

    path = tmp_path / "logged.db"
    wal = tmp_path / "logged.db-wal"
    with Store(path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == WAL_CHECKPOINT_PAGES
        for i in range(5):
            store.add_documents([make_doc(f"text number {i} " * 50, name=f"d{i}", doc_id=f"id-{i}")])
        assert wal.exists() and wal.stat().st_size > 0
    assert not wal.exists()
    with Store(path) as store:
        assert store.count("documents") == 5


def test_events_fused_before_confidence_existed_get_it_when_fusion_next_settles(tmp_path) -> None:
    import json

    from tests.confidence.conftest import report

    from parley.fuse import fuse, settle
    from parley.store import query, record

    path = tmp_path / "old.db"
    with Store(path) as store:
        fuse(store, [report("n1"), report("n2", published="2023-05-16")])
        (event_id,) = [e.id for e in query.select_events(store.conn)]
        # The store as it was before migration 0010: no column, no confidence in the event's JSON.
        data = json.loads(store.conn.execute("SELECT data FROM events").fetchone()[0])
        for key in ("confidence", "field_confidence", "confidence_reasons"):
            del data["event"][key]
        store.conn.execute("UPDATE events SET data = ?", (json.dumps(data),))
        store.conn.executescript(
            "ALTER TABLE events DROP COLUMN confidence; ALTER TABLE curated_events DROP COLUMN confidence;"
            " DELETE FROM migrations WHERE name = '0010_event_confidence';"
        )
    with Store(path) as store:
        assert record.unsettled(store.conn) == [event_id]
        assert query.select_events(store.conn, query.event_filter(min_confidence=0)) == []
        settle(store)
        (event,) = query.select_events(store.conn, query.event_filter(min_confidence=0))
        assert event.confidence is not None and event.confidence_of("date") is not None
        assert record.unsettled(store.conn) == []
