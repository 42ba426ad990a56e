"""The SQLite store: one file, schema evolved by ordered, recorded migrations.

All SQL lives in this package. Writes are idempotent upserts keyed on content ids
and run in transactions, so a crash never leaves half a batch behind.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from parley.errors import StoreError
from parley.model import Document, EventReport, Rejection


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# Pages the write-ahead log may hold before SQLite copies them into the database (its default:
# 1,000). Each copy syncs the disk, and a run of `parley extract` commits every 64 documents:
# storing and fusing 10,000 benchmark articles spent 3.0 s of its 20 s in commits with the
# default, 1.6 s with this. At 4 KiB a page the log grows to 64 MiB on disk, and SQLite
# removes it when the store is closed.
WAL_CHECKPOINT_PAGES = 16_384


# Seconds an open waits for another process's lock (a migration, a write) before it gives up.
OPEN_TIMEOUT = 30.0


def _write_ahead_log(conn: sqlite3.Connection, timeout: float) -> None:
    """Put the store in WAL mode, waiting for other processes that open it at the same moment.

    The mode is kept in the file, so only a new store's first open changes it. SQLite answers
    "database is locked" at once, without waiting, when another connection holds the file
    while the mode changes: try again, for up to ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def migrations() -> list[tuple[str, str]]:
    """The ordered (name, sql) migrations shipped with the package."""
    folder = resources.files("parley.store") / "migrations"
    items = sorted(
        (p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".sql")
    )
    return [(name.removesuffix(".sql"), sql) for name, sql in items]


class Store:
    """A parley store at ``path`` (``":memory:"`` for a throw-away one)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"cannot create the folder for the store {self.path}: {err}") from err
        try:
            self._savepoints = 0
            self.conn = sqlite3.connect(
                self.path, timeout=OPEN_TIMEOUT, isolation_level=None, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                _write_ahead_log(self.conn, OPEN_TIMEOUT)
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute("PRAGMA temp_store = MEMORY")
                self.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            self.migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(
                f"cannot open the store {self.path}: {err}. Fix: point --db (or PARLEY_DB) at a parley store "
                "or at a new file."
            ) from err

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block in one write transaction: all of it lands, or none of it.

        Inside another transaction the block is a savepoint: a failure undoes the block only,
        and it lands when the outer transaction commits.
        """
        if self.conn.in_transaction:
            self._savepoints += 1
            name = f"parley_{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self.conn.execute(f"RELEASE {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- schema -------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded, all in one exclusive transaction; return the
        names applied.

        Any number of processes may open a store at once, new or old: each takes the write lock
        (``BEGIN EXCLUSIVE``, waiting up to the connection's timeout) and reads which migrations
        are recorded only once it holds it, so the first to get it migrates and the others find
        nothing left to do. The pending migrations land together or not at all: a process killed
        half-way leaves the store at the version it had, and the next open migrates it.
        """
        shipped = migrations()
        if not self._pending(shipped):  # the usual open: up to date, and no lock taken
            return []
        if self.conn.in_transaction:
            raise StoreError("cannot migrate the store inside a transaction; open it afresh")
        self.conn.execute("BEGIN EXCLUSIVE")
        try:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            pending = self._pending(shipped)
            for name, sql in pending:
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, _now())
                )
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        return [name for name, _ in pending]

    def _pending(self, shipped: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The shipped migrations the store has not recorded, in order."""
        known = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
        ).fetchone()
        done = {row[0] for row in self.conn.execute("SELECT name FROM migrations")} if known else set()
        return [(name, sql) for name, sql in shipped if name not in done]

    def applied_migrations(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM migrations ORDER BY name")]

    # -- documents ----------------------------------------------------------

    def add_documents(self, documents: Iterable[Document]) -> int:
        """Store documents; one already stored (same content id) is left as it is. Returns the new count."""
        new = 0
        with self.transaction() as conn:
            for doc in documents:
                cur = conn.execute(
                    "INSERT INTO documents (id, name, format, source_path, title, published, published_from,"
                    " url, outlet, author, language, removed, text, ingested_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                    (
                        doc.id,
                        doc.name,
                        doc.format,
                        doc.source_path,
                        doc.title,
                        doc.published,
                        doc.published_from,
                        doc.url,
                        doc.outlet,
                        doc.author,
                        doc.language,
                        json.dumps(list(doc.removed)),
                        doc.text,
                        _now(),
                    ),
                )
                new += cur.rowcount
                conn.execute("DELETE FROM rejections WHERE source = ?", (doc.source_path or doc.name,))
        return new

    def add_rejections(self, rejections: Iterable[Rejection]) -> int:
        count = 0
        with self.transaction() as conn:
            for rej in rejections:
                conn.execute(
                    "INSERT INTO rejections (source, reason, detail, rejected_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(source, reason) DO UPDATE SET detail = excluded.detail,"
                    " rejected_at = excluded.rejected_at",
                    (rej.source, rej.reason, rej.detail, _now()),
                )
                count += 1
        return count

    def document(self, key: str) -> Document | None:
        """A document by content id, id prefix or name."""
        row = self.conn.execute(
            "SELECT * FROM documents WHERE id = ? OR name = ? OR id LIKE ? ORDER BY ingested_at LIMIT 1",
            (key, key, f"{key}%"),
        ).fetchone()
        return _document(row) if row else None

    def documents(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        text: str | None = None,
        outlet: str | None = None,
        fmt: str | None = None,
        limit: int | None = None,
    ) -> list[Document]:
        """Documents, oldest publication first, filtered by date range, outlet, format or a substring."""
        sql = "SELECT * FROM documents WHERE 1=1"
        args: list[Any] = []
        if since:
            sql += " AND published >= ?"
            args.append(since)
        if until:
            sql += " AND published <= ?"
            args.append(until + "\uffff")
        if outlet:
            sql += " AND outlet = ?"
            args.append(outlet)
        if fmt:
            sql += " AND format = ?"
            args.append(fmt)
        if text:
            sql += " AND (text LIKE ? OR title LIKE ?)"
            args += [f"%{text}%", f"%{text}%"]
        sql += " ORDER BY published IS NULL, published, name"
        if limit:
            sql += " LIMIT ?"
            args.append(limit)
        return [_document(row) for row in self.conn.execute(sql, args)]

    def iter_documents(self, batch: int = 500) -> Iterator[Document]:
        """Every document, read a bounded batch at a time."""
        last = ""
        while True:
            rows = self.conn.execute(
                "SELECT * FROM documents WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _document(row)
            last = rows[-1]["id"]

    def rejections(self) -> list[Rejection]:
        return [
            Rejection(row["source"], row["reason"], row["detail"])
            for row in self.conn.execute("SELECT * FROM rejections ORDER BY source")
        ]

    def count(self, table: str) -> int:
        if table not in {"documents", "rejections", "reports"} and not table.isidentifier():
            raise StoreError(f"unknown table {table!r}")
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    # -- reports ------------------------------------------------------------

    def replace_reports(
        self, doc_id: str, reports: Iterable[EventReport], extractor: str | None = None
    ) -> int:
        """Replace a document's reports in one transaction.

        With ``extractor``, the extraction is recorded in the same transaction; without it the
        caller records it with ``mark_extracted`` once later stages (fusion) are done, so a
        crash in between leaves the document to be extracted again rather than half-done.
        """
        reports = list(reports)
        with self.transaction() as conn:
            self._replace_reports(conn, doc_id, reports)
            if extractor:
                self._mark(conn, doc_id, extractor)
        return len(reports)

    def replace_many_reports(self, extracted: Iterable[tuple[str, Iterable[EventReport]]]) -> int:
        """Replace several documents' reports in one transaction (each as ``replace_reports``
        without ``extractor``); returns the reports stored."""
        count = 0
        with self.transaction() as conn:
            for doc_id, reports in extracted:
                reports = list(reports)
                self._replace_reports(conn, doc_id, reports)
                count += len(reports)
        return count

    @staticmethod
    def _replace_reports(conn: sqlite3.Connection, doc_id: str, reports: list[EventReport]) -> None:
        conn.execute("DELETE FROM extractions WHERE doc_id = ?", (doc_id,))
        conn.execute("DELETE FROM reports WHERE doc_id = ?", (doc_id,))
        for rep in reports:
            conn.execute(
                "INSERT INTO reports (id, doc_id, idx, type, status, date, date_start, date_end, place,"
                " parties, mediator, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rep.key,
                    doc_id,
                    rep.index,
                    rep.type,
                    rep.status,
                    rep.date.value if rep.date else None,
                    rep.date.start.isoformat() if rep.date else None,
                    rep.date.end.isoformat() if rep.date else None,
                    rep.place,
                    json.dumps(list(rep.parties)),
                    rep.mediator,
                    rep.stored_json,
                ),
            )

    def mark_extracted(self, doc_id: str | Iterable[str], extractor: str) -> None:
        """Record that documents' reports are stored and fused by this extractor version
        (one document id, or several in one transaction)."""
        with self.transaction() as conn:
            for one in [doc_id] if isinstance(doc_id, str) else doc_id:
                self._mark(conn, one, extractor)

    @staticmethod
    def _mark(conn: sqlite3.Connection, doc_id: str, extractor: str) -> None:
        conn.execute(
            "INSERT INTO extractions (doc_id, extractor, extracted_at) VALUES (?, ?, ?)"
            " ON CONFLICT(doc_id) DO UPDATE SET extractor = excluded.extractor,"
            " extracted_at = excluded.extracted_at",
            (doc_id, extractor, _now()),
        )

    def extracted_ids(self, extractor: str) -> set[str]:
        """Ids of documents already extracted by this extractor version."""
        rows = self.conn.execute("SELECT doc_id FROM extractions WHERE extractor = ?", (extractor,))
        return {row[0] for row in rows}

    def reports(self, doc_id: str | None = None) -> list[EventReport]:
        if doc_id:
            rows = self.conn.execute("SELECT data FROM reports WHERE doc_id = ? ORDER BY idx", (doc_id,))
        else:
            rows = self.conn.execute("SELECT data FROM reports ORDER BY doc_id, idx")
        return [EventReport.from_json(json.loads(row[0])) for row in rows]

    def integrity(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (``sqlite3.complete_statement`` knows about triggers)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if any(line.strip() and not line.strip().startswith("--") for line in buf.splitlines()):
        raise StoreError(f"incomplete SQL statement in a migration: {buf.strip()[:80]}")
    return out


def _document(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"],
        name=row["name"],
        text=row["text"],
        format=row["format"],
        source_path=row["source_path"],
        title=row["title"],
        published=row["published"],
        published_from=row["published_from"],
        url=row["url"],
        outlet=row["outlet"],
        author=row["author"],
        language=row["language"],
        removed=tuple(json.loads(row["removed"])),
    )
