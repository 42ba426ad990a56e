"""Full-text search over the stored articles (SQLite FTS5, kept by triggers on ``documents``)."""

from __future__ import annotations

import sqlite3
from typing import Any

from parley.errors import StoreError

# Snippet markers outside any text an article can contain, swapped for <mark> after escaping.
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query of quoted terms (all must occur), immune to its syntax."""
    terms = [t.replace('"', '""') for t in text.split() if t.strip('"')]
    return " ".join(f'"{t}"' for t in terms)


def search(conn: sqlite3.Connection, text: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Articles matching every word, best first, each with a snippet whose hits sit between markers."""
    query = fts_query(text)
    if not query:
        return []
    try:
        rows = conn.execute(
            "SELECT f.doc_id, d.name, d.title, d.published, d.outlet,"
            f" snippet(documents_fts, 2, '{MARK_OPEN}', '{MARK_CLOSE}', ' … ', 24) AS snippet"
            " FROM documents_fts f JOIN documents d ON d.id = f.doc_id WHERE documents_fts MATCH ?"
            " ORDER BY bm25(documents_fts) LIMIT ? OFFSET ?",
            (query, limit, offset),
        ).fetchall()
    except sqlite3.OperationalError as err:
        raise StoreError(f"cannot search for {text!r}: {err}") from err
    return [dict(r) for r in rows]


def plain_snippet(snippet: str) -> str:
    """A snippet without its hit markers."""
    return snippet.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
