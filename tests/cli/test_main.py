"""The `parley` command as a user runs it: real subprocesses, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PARLEY = str(Path(sys.executable).with_name("parley"))


def run(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PARLEY_DB=str(tmp_path / "cli.db"))
    return subprocess.run([PARLEY, *args], env=env, capture_output=True, text=True, input=stdin, timeout=300)


def test_ingest_of_good_inputs_exits_zero_and_stores_them(tmp_path, shared):
    done = run(tmp_path, "ingest", str(shared / "seeds"))
    assert done.returncode == 0, done.stderr
    assert "5 new documents" in done.stderr
    listed = run(tmp_path, "documents", "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {r["published"] for r in rows} >= {"2021-01-08", "2023-05-26"}


def test_a_bad_input_is_reported_stored_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "title: Talks\npublished: 2022-10-07\n\n"
        "The Armenian and Azerbaijani leaders met in Prague on Thursday "
        "for talks on the border, officials said after the meeting ended late in the evening.\n"
    )
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (folder / "empty.txt").write_text("")
    done = run(tmp_path, "ingest", str(folder))
    assert done.returncode == 1
    assert "binary" in done.stderr and "empty" in done.stderr
    rejected = run(tmp_path, "documents", "--rejected", "--json")
    assert {json.loads(line)["reason"] for line in rejected.stdout.splitlines()} == {"binary", "empty"}
    assert len(run(tmp_path, "documents", "--json").stdout.splitlines()) == 1


def test_usage_errors_exit_two(tmp_path):
    assert run(tmp_path, "ingest", str(tmp_path / "missing")).returncode == 2
    assert run(tmp_path, "no-such-command").returncode == 2
    assert run(tmp_path, "extract", "--engine", "spark").returncode == 2


def test_stdin_is_read_with_a_dash(tmp_path):
    text = (
        "Armenian Prime Minister Nikol Pashinyan spoke by phone"
        " with Azerbaijani President Ilham Aliyev on Monday."
    )
    done = run(tmp_path, "ingest", "-", stdin=text)
    assert done.returncode == 0, done.stderr
    assert len(run(tmp_path, "documents", "--json").stdout.splitlines()) == 1


def test_extract_writes_reports_that_the_official_scorer_reads_with_the_same_figures(tmp_path, shared):
    out = tmp_path / "reports.jsonl"
    done = run(tmp_path, "extract", str(shared / "eval" / "docs"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and all(
        {"doc", "type", "date", "place", "parties", "mediator", "status", "evidence"} <= set(r) for r in rows
    )
    official = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "score.py"),
            "--gold",
            str(shared / "eval" / "gold"),
            "--pred",
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    ours = run(tmp_path, "evaluate", "--gold", str(shared / "eval" / "gold"), "--pred", str(out), "--json")
    assert json.loads(ours.stdout) == json.loads(official.stdout)


def test_evaluate_names_a_broken_prediction_line(tmp_path, shared):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "x"}\nnot json\n')
    done = run(tmp_path, "evaluate", "--gold", str(shared / "eval" / "gold"), "--pred", str(bad))
    assert done.returncode == 1
    assert "bad.jsonl:2" in done.stderr


def test_check_reports_each_dependency(tmp_path):
    done = run(tmp_path, "check")
    assert done.returncode == 0, done.stdout
    for name in ("spaCy model", "case pack", "store"):
        assert f"ok   {name}" in done.stdout
    assert "text 1,000,000 characters at most (over: too_large)" in done.stdout
    assert "extraction 60 s a document at most (over: extract_timeout)" in done.stdout


def test_check_reports_whether_the_speedups_are_on(tmp_path):
    for value, line in (("1", "ok   speed-ups: on"), ("0", "ok   speed-ups: off (PARLEY_SPEEDUPS=0)")):
        env = dict(os.environ, PARLEY_DB=str(tmp_path / "cli.db"), PARLEY_SPEEDUPS=value)
        done = subprocess.run([PARLEY, "check"], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout
        assert line in done.stdout, done.stdout


def test_check_warns_of_events_an_interrupted_run_left_unsettled_and_fuse_settles_them(tmp_path):
    from parley.store import Store, record

    run(tmp_path, "check")  # creates the store
    with Store(tmp_path / "cli.db") as store:
        record.mark_unsettled(store.conn, ["ev-gone"])  # listed, as a run cut short leaves it
    done = run(tmp_path, "check")
    assert done.returncode == 0, done.stdout
    assert "1 events not yet re-decided" in done.stdout and "parley fuse" in done.stdout
    assert run(tmp_path, "fuse").returncode == 0
    done = run(tmp_path, "check")
    assert "ok   store" in done.stdout



def test_evaluate_extracts_and_scores_a_named_set(tmp_path, shared):
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PARLEY_DB=str(tmp_path / "cli.db"))
    done = subprocess.run(
        [PARLEY, "evaluate", "--set", "dev", "--shared", str(shared), "--json"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["set"] == "dev" and figures["docs"] == 5
    assert set(figures["near_miss_fields"]) == {"date", "place", "parties"}
    unknown = run(tmp_path, "evaluate", "--set", "nope")
    assert unknown.returncode == 2 and "unknown set" in unknown.stderr
