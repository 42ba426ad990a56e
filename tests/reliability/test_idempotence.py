"""Idempotence: running the pipeline again over the same corpus changes nothing, and curation survives.

Tables are compared as data (every row, clock columns dropped, sorted): documents,
rejections, reports, extractions, the fused record (events, mentions, status history,
expectations, contradictions, stances, facets) and the curation tables.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import run_parley, table_dump, tables


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    # FTS5 keeps its index in shadow tables (documents_fts_data, ...) whose bytes depend on
    # merge history, not content; the documents_fts table itself is compared.
    skipped = ("migrations", "sqlite_sequence")
    return {
        t: table_dump(db, t) for t in tables(db) if t not in skipped and not t.startswith("documents_fts_")
    }


def pipeline(db: Path, corpus: Path, *extract_args: str) -> None:
    for args in (("ingest", str(corpus)), ("extract", *extract_args)):
        done = run_parley(db, *args)
        assert done.returncode == 0, done.stderr


@pytest.fixture()
def store_copy(tmp_path: Path, loaded_store: Path) -> Path:
    db = tmp_path / "parley.db"
    with_wal = [loaded_store, *(loaded_store.with_name(loaded_store.name + s) for s in ("-wal", "-shm"))]
    for path in with_wal:
        if path.exists():
            shutil.copy(path, db.with_name(db.name + path.name.removeprefix(loaded_store.name)))
    return db


def test_the_whole_pipeline_run_twice_changes_nothing(store_copy: Path, small_corpus: Path) -> None:
    before = dump(store_copy)
    assert before["documents"] and before["reports"] and before["events"] and before["mentions"]
    pipeline(store_copy, small_corpus)
    assert dump(store_copy) == before


def test_forced_re_extraction_changes_nothing(store_copy: Path, small_corpus: Path) -> None:
    before = dump(store_copy)
    pipeline(store_copy, small_corpus, "--force")
    assert dump(store_copy) == before


def test_two_fresh_stores_built_from_the_same_corpus_hold_the_same_record(
    tmp_path: Path, loaded_store: Path, small_corpus: Path
) -> None:
    fresh = tmp_path / "fresh.db"
    pipeline(fresh, small_corpus)
    assert dump(fresh) == dump(loaded_store)


def test_curated_corrections_survive_forced_re_extraction(store_copy: Path, small_corpus: Path) -> None:
    pytest.importorskip("parley.web.app")
    from fastapi.testclient import TestClient

    from parley.web.app import create_app

    auth = {"Authorization": "Bearer reliability-token"}

    def client() -> Any:
        return TestClient(create_app(str(store_copy), token="reliability-token"))

    with client() as web:
        events = web.get("/api/events", params={"limit": 50}).json()["events"]
        assert len(events) >= 3
        corrected, rejected, confirmed = (e["id"] for e in events[:3])
        new_status = "postponed" if events[0]["status"] != "postponed" else "cancelled"
        for event_id, action, body in (
            (corrected, "correct", {"field": "status", "value": new_status, "note": "checked by hand"}),
            (corrected, "correct", {"field": "place", "value": "Geneva"}),
            (rejected, "reject", {"note": "not a meeting"}),
            (confirmed, "confirm", {}),
        ):
            answer = web.post(f"/api/events/{event_id}/{action}", json=body, headers=auth)
            assert answer.status_code == 200, answer.text
    curated = {t: table_dump(store_copy, t) for t in ("curation_log", "corrections", "event_verdicts")}

    pipeline(store_copy, small_corpus, "--force")

    assert {t: table_dump(store_copy, t) for t in curated} == curated
    with client() as web:
        event = web.get(f"/api/events/{corrected}").json()
        flat = repr(event)
        assert new_status in flat and "Geneva" in flat
        listed = {e["id"] for e in web.get("/api/events", params={"limit": 500}).json()["events"]}
        assert rejected not in listed, "a rejected event stays out of the record after re-extraction"
        assert confirmed in listed
