"""Limits with clear outcomes: a document too long or too slow is rejected, the batch goes on.

The real CLI on real files: a 5 MB one-paragraph text between two articles. With the default
settings its text is over ``max_chars`` and it is rejected as ``too_large`` at ingest; with the
cap lifted and a short ``extract_seconds`` it is ingested, and its extraction runs over the
budget and is rejected as ``extract_timeout``. Either way the other two articles are extracted
and the whole run ends well within a minute.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, run_parley

sys.path.insert(0, str(ROOT))
from benchmarks.scaling import events, paragraph  # noqa: E402

ARTICLE = (
    "title: Leaders meet in Brussels {n}\npublished: 2023-05-1{n}\n\n"
    "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev met in Brussels "
    "on Sunday, hosted by European Council President Charles Michel. The leaders discussed the peace "
    "treaty and the opening of transport links, Michel said after talks number {n}.\n"
)
# The bound: a 5 MB one-paragraph document is extracted, cut or rejected within this.
BATCH_SECONDS = 60


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    (folder / "a.txt").write_text(ARTICLE.format(n=1), encoding="utf-8")
    (folder / "b-huge.txt").write_text(paragraph(5_000_000), encoding="utf-8")
    (folder / "c.txt").write_text(ARTICLE.format(n=3), encoding="utf-8")
    return folder


def outcome(db: Path) -> tuple[dict[str, str], int, int]:
    conn = sqlite3.connect(db)
    try:
        rejected = {Path(s).name: r for s, r in conn.execute("SELECT source, reason FROM rejections")}
        extracted = conn.execute("SELECT count(*) FROM extractions").fetchone()[0]
        reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    finally:
        conn.close()
    return rejected, extracted, reports


@pytest.mark.slow
@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({}, "too_large"),
        ({"PARLEY_MAX_CHARS": "0", "PARLEY_EXTRACT_SECONDS": "3"}, "extract_timeout"),
    ],
    ids=["size-cap", "time-budget"],
)
def test_a_5mb_paragraph_is_rejected_within_a_minute_and_the_batch_goes_on(
    tmp_path: Path, batch: Path, env: dict[str, str], reason: str
) -> None:
    db = tmp_path / "store.db"
    started = time.monotonic()
    done = run_parley(db, "extract", str(batch), "-o", str(tmp_path / "reports.jsonl"), env=env)
    seconds = time.monotonic() - started
    print(f"\n{reason}: the batch took {seconds:.1f} s")
    assert done.returncode == 1, done.stderr  # some input failed, the others succeeded
    assert seconds < BATCH_SECONDS
    rejected, extracted, reports = outcome(db)
    assert rejected == {"b-huge.txt": reason}
    assert extracted == 2 and reports >= 2
    assert (tmp_path / "reports.jsonl").read_text(encoding="utf-8").count("\n") == reports


def test_text_longer_than_max_chars_is_rejected_as_too_large_and_text_at_it_is_kept() -> None:
    from parley.errors import IngestError
    from parley.ingest import ingest_bytes, ingest_text
    from parley.model import Document, Rejection

    body = ARTICLE.format(n=5).split("\n\n", 1)[1].strip()
    (kept,) = ingest_bytes(body.encode(), name="a.txt", source="a.txt", max_chars=len(body))
    assert isinstance(kept, Document)
    (rejected,) = ingest_bytes(body.encode(), name="a.txt", source="a.txt", max_chars=len(body) - 1)
    assert isinstance(rejected, Rejection) and rejected.reason == "too_large"
    assert f"{len(body):,} characters" in rejected.detail and "max_chars" in rejected.detail
    with pytest.raises(IngestError, match="too_large"):
        ingest_text(body, max_chars=100)


def test_a_document_over_its_time_budget_is_yielded_with_extract_timeout_and_the_next_is_extracted() -> None:
    from parley.errors import ExtractTimeout
    from parley.extraction import extract_many
    from parley.ingest import ingest_text

    slow = ingest_text(events(300_000), name="slow", published="2024-06-01", max_chars=None)
    normal = ingest_text(ARTICLE.format(n=7).split("\n\n", 1)[1], name="normal", published="2023-05-17")
    started = time.monotonic()
    results = {doc.name: result for doc, result in extract_many([slow, normal], seconds=0.5)}
    assert isinstance(results["slow"], ExtractTimeout)
    assert "extract_seconds" in str(results["slow"])
    assert isinstance(results["normal"], list) and results["normal"]
    assert time.monotonic() - started < 30  # the 300 KB of event sentences alone take about 5 s
