"""Concurrency: the real server under 100 concurrent clients, and reads while a writer ingests.

Load stays on 127.0.0.1 and is bounded in count (clients x requests) and time. Latency
figures are printed (run with -s) and quoted in docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import ROOT, parley_command, running_server, serve_app_available, write_corpus

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not serve_app_available(), reason="the web app (parley.web) is not installed"),
]

CLIENTS = 100
REQUESTS_EACH = 20
TIME_LIMIT = 180.0  # seconds for the whole load test; a hang fails instead of running on
PATHS = (
    "/",
    "/api/events",
    "/api/events?status=held",
    "/api/search?q=talks",
    "/search?q=border",
    "/actors",
    "/api/actors",
    "/api/choices",
    "/map",
    "/api/venues",
    "/network",
    "/api/ledger",
    "/static/app.css",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def load(base: str, paths: list[str], clients: int, each: int) -> tuple[list[float], list[str]]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:

        async def client(number: int) -> None:
            for i in range(each):
                path = paths[(number + i) % len(paths)]
                start = time.perf_counter()
                try:
                    answer = await http.get(path)
                except httpx.HTTPError as error:
                    errors.append(f"{path}: {type(error).__name__}")
                    continue
                latencies.append(time.perf_counter() - start)
                if answer.status_code != 200:
                    errors.append(f"{path}: {answer.status_code}")

        await asyncio.wait_for(asyncio.gather(*(client(n) for n in range(clients))), TIME_LIMIT)
    return latencies, errors


def test_a_hundred_concurrent_clients_get_answers_without_errors(loaded_store: Path, tmp_path: Path) -> None:
    with running_server(loaded_store, tmp_path) as server:
        import httpx

        events = httpx.get(server.base + "/api/events").json()["events"]
        paths = [
            *PATHS,
            *(f"/events/{e['id']}" for e in events[:5]),
            *(f"/api/events/{e['id']}" for e in events[:5]),
        ]
        started = time.perf_counter()
        latencies, errors = asyncio.run(load(server.base, paths, CLIENTS, REQUESTS_EACH))
        wall = time.perf_counter() - started
    figures = {
        "requests": CLIENTS * REQUESTS_EACH,
        "clients": CLIENTS,
        "errors": len(errors),
        "wall_s": round(wall, 2),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "throughput_rps": round(len(latencies) / wall, 1),
    }
    print("load figures:", json.dumps(figures))
    assert errors == [], errors[:10]
    assert len(latencies) == CLIENTS * REQUESTS_EACH


def test_reads_keep_succeeding_while_a_writer_ingests(loaded_store: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "parley.db"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(loaded_store) + suffix)
        if source.exists():
            shutil.copy(source, str(db) + suffix)
    corpus = tmp_path / "more"
    write_corpus(corpus, 300, seed=99)
    with running_server(db, tmp_path) as server:
        import httpx

        writer = subprocess.Popen(
            [*parley_command(), "--db", str(db), "--quiet", "ingest", str(corpus)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "PARLEY_BATCH_SIZE": "5"},  # many small write transactions
        )
        latencies: list[float] = []
        failures: list[str] = []
        during = 0
        with httpx.Client(base_url=server.base, timeout=30) as http:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                writing = writer.poll() is None
                for path in ("/api/events", "/api/search?q=dispatch", "/"):
                    start = time.perf_counter()
                    answer = http.get(path)
                    latencies.append(time.perf_counter() - start)
                    during += writing
                    if answer.status_code != 200:
                        failures.append(f"{path}: {answer.status_code}")
                if not writing:
                    break
            found = http.get("/api/search", params={"q": "dispatch"}).json()["results"]
        _, stderr = writer.communicate(timeout=60)
    figures = {
        "reads": len(latencies),
        "reads_during_writes": during,
        "failures": len(failures),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
    }
    print("read-while-writing figures:", json.dumps(figures))
    assert writer.returncode == 0, stderr
    assert failures == []
    assert during >= 3, "reads overlapped the writes"
    assert max(latencies) < 5.0, "no read waited on the writer"
    assert found, "the newly ingested articles are visible once written"
