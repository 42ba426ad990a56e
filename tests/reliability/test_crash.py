"""Crash safety: `parley ingest` and `parley extract` killed at random points lose and duplicate nothing.

The real CLI runs as a subprocess over a generated corpus and is SIGKILLed (its whole
process group) after a random delay, several times; then it is re-run to completion and
the store is compared with a clean, uninterrupted run over the same inputs.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from parley.ingest import ingest
from parley.model import Document
from parley.settings import Settings
from parley.store import Store

from .conftest import ROOT, parley_command, run_parley, write_corpus

KILLS = 5  # per command; the brief's floor
# Small batches give the killed process many commits to die between.
CRASH_ENV = {"PARLEY_BATCH_SIZE": "7"}


def corpus(folder: Path) -> list[Path]:
    """Three hundred articles, a JSON Lines feed repeating some of them, and two inputs that are rejected."""
    paths = write_corpus(folder / "articles", 300, seed=23)
    feed = folder / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for path in paths[:30]:  # the same bodies again: stored once
            body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
            out.write(json.dumps({"id": f"again-{path.stem}", "text": body}) + "\n")
        out.write("{not json\n")
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return paths


def popen(db: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*parley_command(), "--db", str(db), "--quiet", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, **CRASH_ENV},
        start_new_session=True,
    )


def kill_at_random(
    db: Path,
    rng: random.Random,
    span: float,
    make_args: list[list[str]],
    output: Path | None,
) -> tuple[int, int]:
    """Start the command and SIGKILL it after a random delay until KILLS kills landed mid-run.

    ``make_args`` is cycled through (e.g. resuming and forced runs). Returns (kills, runs
    that finished before their kill). After every kill the output file, if any, must be whole.
    """
    kills = finished = attempt = 0
    while kills < KILLS:
        attempt += 1
        assert attempt < 40, "the command kept finishing before its kill; the corpus is too small"
        process = popen(db, *make_args[attempt % len(make_args)])
        time.sleep(rng.uniform(0.15, span))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            kills += 1
        else:
            finished += 1
        if output is not None and output.exists():
            assert_whole_jsonl(output)
    return kills, finished


def assert_whole_jsonl(path: Path) -> int:
    data = path.read_text(encoding="utf-8")
    assert data == "" or data.endswith("\n"), "the output file ends mid-line"
    lines = data.splitlines()
    for line in lines:
        json.loads(line)
    return len(lines)


def report_rows(db: Path) -> dict[str, list[str]]:
    """Each document's reports (their stored JSON), in order."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        out: dict[str, list[str]] = {}
        for doc_id, data in conn.execute("SELECT doc_id, data FROM reports ORDER BY doc_id, idx"):
            out.setdefault(doc_id, []).append(data)
    return out


def scalar(db: Path, sql: str) -> object:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchone()[0]


def timed(db: Path, *args: str) -> float:
    start = time.monotonic()
    done = run_parley(db, *args, env=CRASH_ENV)
    assert done.returncode in (0, 1), done.stderr
    return time.monotonic() - start


@pytest.mark.slow
def test_killed_ingest_and_extract_leave_the_same_store_as_a_clean_run(tmp_path: Path) -> None:
    corpus(tmp_path / "in")
    inputs = str(tmp_path / "in")
    distinct = {item.id for item in ingest([inputs]) if isinstance(item, Document)}

    clean = tmp_path / "clean.db"
    ingest_time = timed(clean, "ingest", inputs)
    extract_time = timed(clean, "extract", "-o", str(tmp_path / "clean.jsonl"))

    crashed = tmp_path / "crashed.db"
    output = tmp_path / "crashed.jsonl"
    rng = random.Random(2024)
    ingest_kills, ingest_finished = kill_at_random(crashed, rng, ingest_time, [["ingest", inputs]], None)
    assert run_parley(crashed, "ingest", inputs).returncode == 1  # the two bad inputs are still rejected
    extract_kills, extract_finished = kill_at_random(
        crashed,
        rng,
        extract_time * 0.8,
        [["extract", "-o", str(output)], ["extract", "--force", "-o", str(output)]],
        output,
    )
    done = run_parley(crashed, "extract", "-o", str(output))
    assert done.returncode == 0, done.stderr

    figures = {
        "inputs": len(list((tmp_path / "in" / "articles").iterdir())) + 30 + 1 + 2,
        "distinct_documents": len(distinct),
        "stored": scalar(crashed, "SELECT count(*) FROM documents"),
        "ingest_kills": ingest_kills,
        "ingest_runs_finished_first": ingest_finished,
        "extract_kills": extract_kills,
        "extract_runs_finished_first": extract_finished,
        "reports_clean": scalar(clean, "SELECT count(*) FROM reports"),
        "reports_crashed": scalar(crashed, "SELECT count(*) FROM reports"),
        "events_clean": scalar(clean, "SELECT count(*) FROM events"),
        "events_crashed": scalar(crashed, "SELECT count(*) FROM events"),
    }
    print("crash-safety figures:", json.dumps(figures))

    assert ingest_kills == extract_kills == KILLS
    assert figures["stored"] == len(distinct) == scalar(clean, "SELECT count(*) FROM documents")
    assert scalar(crashed, "SELECT count(*) - count(DISTINCT id) FROM documents") == 0
    assert scalar(crashed, "SELECT count(*) FROM rejections") == scalar(
        clean, "SELECT count(*) FROM rejections"
    )
    assert report_rows(crashed) == report_rows(clean), "each document's reports equal the clean run's"
    assert scalar(crashed, "SELECT count(*) FROM reports WHERE doc_id NOT IN (SELECT id FROM documents)") == 0
    assert (
        scalar(crashed, "SELECT count(*) FROM extractions WHERE doc_id NOT IN (SELECT id FROM documents)")
        == 0
    )
    assert (
        scalar(crashed, "SELECT count(*) FROM mentions WHERE report_id NOT IN (SELECT id FROM reports)") == 0
    )
    assert (
        scalar(crashed, "SELECT count(*) FROM reports WHERE id NOT IN (SELECT report_id FROM mentions)") == 0
    ), "every stored report is fused into the record"
    assert figures["events_crashed"] == figures["events_clean"]
    assert scalar(crashed, "PRAGMA integrity_check") == "ok"
    with contextlib.closing(sqlite3.connect(crashed)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert assert_whole_jsonl(output) == figures["reports_clean"]
    assert not output.with_name(output.name + ".tmp").exists()


def test_reports_stored_but_not_fused_when_the_process_died_are_fused_by_the_next_run(
    tmp_path: Path, small_corpus: Path
) -> None:
    # extract_into stores a document's reports (one transaction), fuses them (a second one)
    # and only then marks the document extracted (a third). A kill before the mark leaves
    # reports without mentions in the record; a plain re-run must extract and fuse it again.
    from parley.pipeline import extract_into, ingest_into

    db = tmp_path / "parley.db"
    settings = Settings(db=str(db))
    with Store(db) as store:
        ingest_into(store, [small_corpus], settings)
        extract_into(store, settings)
        fused_before = store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        assert fused_before > 0
        # The state a kill after storing reports and before fusing leaves, made with the
        # store's own calls: the reports stored again without the mark, the mentions gone.
        doc_id = store.conn.execute("SELECT doc_id FROM mentions LIMIT 1").fetchone()[0]
        from parley.fuse import fuse

        store.replace_reports(doc_id, store.reports(doc_id))
        fuse(store, [], documents=[doc_id])
        assert (
            store.conn.execute("SELECT count(*) FROM mentions WHERE doc_id = ?", (doc_id,)).fetchone()[0] == 0
        )
    done = run_parley(db, "extract")
    assert done.returncode == 0, done.stderr
    assert scalar(db, "SELECT count(*) FROM mentions") == fused_before
