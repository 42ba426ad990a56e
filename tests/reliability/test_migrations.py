"""Opening a store migrates it under a lock: concurrent starts, and a SIGKILL mid-migration.

Real processes on real SQLite files. The kill test instruments ``sqlite3`` in the child
process only to know where it is (a trace callback counts the statements the migration runs
and kills the process at the one asked for); the store's own code runs unchanged.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from parley.store import Store, _statements, migrations

# Concurrent starts on a new store per round, and rounds in a row that must all succeed.
PROCESSES = 8
ROUNDS = 20
# The migrations an "old" store has: a store made by a parley of three migrations ago.
OLD_VERSION = 3

_OPEN = textwrap.dedent(
    """
    import sys, time
    from parley.store import Store
    path, at = sys.argv[1], float(sys.argv[2])
    time.sleep(max(0.0, at - time.time()))  # every process opens the store at the same moment
    with Store(path) as store:
        print(",".join(store.applied_migrations()))
    """
)

_KILL_AT = textwrap.dedent(
    """
    import os, signal, sqlite3, sys
    path, kill_at = sys.argv[1], int(sys.argv[2])
    seen = {"begun": False, "n": 0}

    def trace(sql):
        if sql.startswith("BEGIN EXCLUSIVE"):
            seen["begun"] = True
        if seen["begun"]:
            seen["n"] += 1
            if seen["n"] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(trace)
        return conn

    sqlite3.connect = traced
    from parley.store import Store
    Store(path).close()
    if kill_at == seen["n"] + 1:  # the point just after the migration committed
        os.kill(os.getpid(), signal.SIGKILL)
    print(seen["n"])
    """
)


def schema(path: Path) -> list[tuple[str, str, str]]:
    """Every table, index, trigger and view of the file, with its SQL."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()
    return [tuple(row) for row in rows]


def recorded(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY name")]
    finally:
        conn.close()


def old_store(path: Path) -> None:
    """A store at OLD_VERSION holding a few documents, as an older parley left it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in migrations()[:OLD_VERSION]:
        for statement in _statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO migrations VALUES (?, '2025-01-01T00:00:00+00:00')", (name,))
    for n in range(20):
        conn.execute(
            "INSERT INTO documents (id, name, format, text, ingested_at, removed)"
            " VALUES (?, ?, 'txt', ?, '2025-01-01', '[]')",
            (f"{n:016x}", f"doc{n}", f"Aliyev and Pashinyan met in Brussels, report {n}."),
        )
    conn.close()


def _python(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", *args], capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
@pytest.mark.parametrize("start", ["new", "old"])
def test_concurrent_starts_all_succeed_with_one_schema(tmp_path: Path, start: str) -> None:
    with Store(tmp_path / "reference.db") as store:
        expected_names = store.applied_migrations()
    expected = schema(tmp_path / "reference.db")
    for round_ in range(ROUNDS):
        db = tmp_path / f"round{round_}.db"
        if start == "old":
            old_store(db)
        at = time.time() + 1.5  # time for every interpreter to start and import parley.store
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _OPEN, str(db), str(at)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(PROCESSES)
        ]
        outcomes = [p.communicate(timeout=120) for p in procs]
        failed = [err for p, (_, err) in zip(procs, outcomes, strict=True) if p.returncode != 0]
        assert not failed, f"round {round_}: {len(failed)} of {PROCESSES} failed: {failed[0][-500:]}"
        assert {out.strip() for out, _ in outcomes} == {",".join(expected_names)}
        assert recorded(db) == expected_names
        if start == "new":
            assert schema(db) == expected


def test_sigkill_during_a_migration_leaves_the_previous_version_or_the_next(tmp_path: Path) -> None:
    pristine = tmp_path / "old.db"
    old_store(pristine)
    before_names, before_schema = recorded(pristine), schema(pristine)
    migrated = tmp_path / "migrated.db"
    migrated.write_bytes(pristine.read_bytes())
    done = _python(_KILL_AT, str(migrated), "0")
    assert done.returncode == 0, done.stderr
    statements = int(done.stdout)
    after_names, after_schema = recorded(migrated), schema(migrated)
    assert after_names == [name for name, _ in migrations()]
    assert statements > len(migrations()) - OLD_VERSION  # every statement of the migration is a kill point
    outcomes = {"previous": 0, "next": 0}
    for kill_at in range(1, statements + 2):
        db = tmp_path / f"killed{kill_at}.db"
        db.write_bytes(pristine.read_bytes())
        killed = _python(_KILL_AT, str(db), str(kill_at))
        assert killed.returncode == -9, f"statement {kill_at}: exit {killed.returncode}, {killed.stderr}"
        names, shape = recorded(db), schema(db)
        if names == before_names:
            assert shape == before_schema, f"killed at statement {kill_at}: old version, schema changed"
            outcomes["previous"] += 1
        else:
            assert (names, shape) == (after_names, after_schema), f"killed at statement {kill_at}: in between"
            outcomes["next"] += 1
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with Store(db) as store:  # the next open finishes the job
            assert store.applied_migrations() == after_names
            assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 20
        assert schema(db) == after_schema
    print(f"\nmigration kill points: {statements + 1}; store found at {outcomes}")
    # A kill at any statement up to COMMIT undoes all of the migration; one after it keeps all.
    assert outcomes == {"previous": statements, "next": 1}


def test_an_open_store_at_the_latest_version_takes_no_write_lock(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a long write
    try:
        started = time.monotonic()
        with Store(db) as store:
            assert store.applied_migrations() == [name for name, _ in migrations()]
        assert time.monotonic() - started < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()

