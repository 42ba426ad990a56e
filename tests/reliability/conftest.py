"""Shared machinery for the reliability tests: a generated corpus, the real CLI and server as processes.

Everything here runs the real components: the installed ``parley`` command, the real
store, the real spaCy pipeline. Nothing is mocked; the corpora are written by code in
this folder (or by ``benchmarks/corpus.py``), never copied from the seed articles.
"""

from __future__ import annotations

import contextlib
import os
import random
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PARLEY = VENV_BIN / "parley"

# Examples each fuzz property actually ran, summed per property; printed at the end of the run
# so the figure quoted in docs/reliability.md can be re-measured with one command.
FUZZ_COUNTS: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FUZZ_COUNTS:
        total = sum(FUZZ_COUNTS.values())
        terminalreporter.write_sep("-", f"reliability fuzz: {total} generated inputs")
        for name, count in sorted(FUZZ_COUNTS.items()):
            terminalreporter.write_line(f"{count:>7}  {name}")


def parley_command() -> list[str]:
    """The installed console script, else the module run by this interpreter."""
    if PARLEY.exists():
        return [str(PARLEY)]
    return [sys.executable, "-c", "from parley.cli.main import run; run()"]


def run_parley(
    db: Path,
    *args: str,
    timeout: float = 300,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*parley_command(), "--db", str(db), "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- a corpus written in this project's own words -------------------------------------------------

LEADERS = (
    ("Nikol Pashinyan", "ARM"),
    ("Ilham Aliyev", "AZE"),
    ("Ararat Mirzoyan", "ARM"),
    ("Jeyhun Bayramov", "AZE"),
    ("Vladimir Putin", "RUS"),
    ("Charles Michel", "EU"),
    ("Antony Blinken", "USA"),
    ("Emmanuel Macron", "FRA"),
)
PLACES = ("Brussels", "Moscow", "Sochi", "Washington", "Prague", "Granada", "Munich", "Abu Dhabi", "Almaty")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
OPENERS = (
    "{a} and {b} held talks in {place} on {day} {month}, with {m} acting as host.",
    "{a} met {b} in {place} on {month} {day} to discuss {issue}.",
    "A meeting between {a} and {b} is planned in {place} on {day} {month}.",
    "{a} spoke by phone with {b} on {day} {month} about {issue}.",
    "The planned talks between {a} and {b} in {place} were called off.",
    "{a} and {b} signed a statement on {issue} in {place} on {day} {month}.",
)
ISSUES = (
    "border delimitation",
    "transport links",
    "the release of detainees",
    "a peace treaty",
    "humanitarian questions",
    "the opening of roads",
)
FILLER = (
    "Analysts said the sides remain far apart on several questions.",
    "Officials gave no further details after the session ended.",
    "The statement was published on the government website later that evening.",
    "Observers expect the discussion to continue at the level of deputy ministers.",
    "Local media carried the news on their front pages the next morning.",
    "The foreign ministry declined to comment on the timetable.",
    "Both delegations included advisers on security and economic matters.",
    "A spokesperson described the atmosphere as constructive but difficult.",
)


def article(rng: random.Random, number: int) -> tuple[str, str]:
    """One plausible article (name, text): a header, an event sentence and some filler."""
    year = rng.choice((2021, 2022, 2023, 2024))
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 28)
    (a, _), (b, _), (m, _) = rng.sample(LEADERS, 3)
    lead = rng.choice(OPENERS).format(
        a=a, b=b, m=m, place=rng.choice(PLACES), day=day, month=MONTHS[month - 1], issue=rng.choice(ISSUES)
    )
    body = [lead, " ".join(rng.sample(FILLER, rng.randint(2, 5))), " ".join(rng.sample(FILLER, 2))]
    # A serial number keeps each article's content (and so its content id) distinct.
    body.append(f"This is dispatch number {number} in the series.")
    header = f"title: Talks report {number}\npublished: {year}-{month:02d}-{min(day + 2, 28):02d}\n\n"
    return f"report-{number:04d}", header + "\n\n".join(body) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 11) -> list[Path]:
    """``n`` distinct articles as .txt files, deterministically for a seed."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        name, text = article(rng, i)
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty articles: enough for events to fuse across documents, cheap enough for the default run."""
    folder = tmp_path_factory.mktemp("corpus-small")
    write_corpus(folder, 40)
    return folder


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory: pytest.TempPathFactory, small_corpus: Path) -> Path:
    """A store holding the small corpus, ingested and extracted by the real CLI."""
    db = tmp_path_factory.mktemp("store") / "parley.db"
    for args in (("ingest", str(small_corpus)), ("extract",)):
        done = run_parley(db, *args)
        assert done.returncode == 0, done.stderr
    return db


# -- tables, dumped for comparison ----------------------------------------------------------------

# Columns that record when something happened, not what: they differ between two identical runs.
CLOCK_COLUMNS = frozenset(
    {
        "ingested_at",
        "rejected_at",
        "extracted_at",
        "applied_at",
        "created_at",
        "updated_at",
        "fused_at",
        "first_seen",
        "last_seen",
        "at",
        "curated_at",
    }
)


def table_dump(db: Path, table: str) -> list[tuple[object, ...]]:
    """Every row of ``table`` without its clock columns, sorted, so two dumps compare as data."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        columns = [row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))]
        kept = [c for c in columns if c not in CLOCK_COLUMNS]
        select = ", ".join(_identifier(c) for c in kept)
        rows = conn.execute(f"SELECT {select} FROM {_identifier(table)}").fetchall()
    return sorted(rows, key=repr)


def tables(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return sorted(row[0] for row in rows)


def _identifier(name: str) -> str:
    # Table and column names here come from sqlite_master / table_info, never from input;
    # the check keeps the f-strings above honest all the same.
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return f'"{name}"'


# -- the real server as a subprocess --------------------------------------------------------------


class Server:
    def __init__(self, process: subprocess.Popen[bytes], base: str, log: Path) -> None:
        self.process = process
        self.base = base
        self.log = log


def serve_app_available() -> bool:
    try:
        import parley.cli.serve  # noqa: F401
        import parley.web.app  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def running_server(
    db: Path,
    log_dir: Path,
    *extra: str,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """``parley serve`` on a free port of 127.0.0.1, waited on until it answers, stopped afterwards."""
    import httpx

    port = free_port()
    log = log_dir / f"serve-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*parley_command(), "--db", str(db), "--quiet", "serve", "--port", str(port), *extra],
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(
                    f"parley serve exited with {process.returncode}: {log.read_text()[-2000:]}"
                )
            try:
                httpx.get(base + "/", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise AssertionError("parley serve did not answer within 60 s") from None
                time.sleep(0.2)
        yield Server(process, base, log)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
