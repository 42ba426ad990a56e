"""The curation log: who took each action (migration 0011), newest first."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.store.conftest import Generated

from parley import curate
from parley.store import Store, curation, query


def test_each_action_is_logged_with_who_took_it_newest_first(generated: Generated, tmp_path: Path) -> None:
    with Store(generated.path) as source:
        source.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = tmp_path / "log.db"
    shutil.copy(generated.path, db)
    with Store(db) as store:
        first, second = (e.id for e in query.select_events(store.conn, limit=2))
        curate.confirm(store, first, "checked", who="ana")
        curate.correct(store, second, "status", "held", "readout", who="ben")
        newest = curation.log_page(store.conn, limit=2)
        assert [(a["action"], a["event_id"], a["who"], a["note"]) for a in newest] == [
            ("correct", second, "ben", "readout"), ("confirm", first, "ana", "checked")
        ]  # fmt: skip
        assert [a["event_id"] for a in curation.log_page(store.conn, who="ana")] == [first]
        assert curation.verdicts(store.conn)[first] == "confirmed"
        assert second in curation.corrected_events(store.conn)


def test_actions_logged_before_labels_existed_read_as_nobody(tmp_path: Path) -> None:
    with Store(tmp_path / "old.db") as store:
        store.conn.execute(
            "INSERT INTO curation_log (action, event_id, note, created_at)"
            " VALUES ('confirm', 'ev-1', '', 'x')"
        )
        assert curation.log_page(store.conn)[0]["who"] == ""
