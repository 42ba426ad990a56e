"""Stated positions (stances): each side's statements on the pack's issues, kept per document."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from parley.model import Stance

if TYPE_CHECKING:
    from parley.store import Store


def replace_stances(store: Store, doc_id: str, stances: Iterable[Stance]) -> int:
    stances = list(stances)
    with store.transaction() as conn:
        conn.execute("DELETE FROM stances WHERE doc_id = ?", (doc_id,))
        conn.executemany(
            "INSERT OR REPLACE INTO stances (doc_id, start, issue, party, published, data)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    s.doc_id, s.start, s.issue, s.party, s.published,
                    json.dumps(s.to_json(), ensure_ascii=False),
                )
                for s in stances
            ],
        )
    return len(stances)


def stances(
    conn: sqlite3.Connection, *, issue: str | None = None, party: str | None = None, limit: int | None = None
) -> list[Stance]:
    """Stated positions, oldest first, on an issue and/or by a side."""
    sql = "SELECT data FROM stances WHERE 1=1"
    args: list[Any] = []
    if issue:
        sql += " AND issue = ?"
        args.append(issue)
    if party:
        sql += " AND party = ?"
        args.append(party)
    sql += " ORDER BY published IS NULL, published, doc_id, start LIMIT ?"
    args.append(-1 if limit is None else limit)
    return [Stance(**json.loads(r[0])) for r in conn.execute(sql, args)]
