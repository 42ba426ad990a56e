"""How Ray extraction throughput grows from one worker to two, on the generated corpus."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import generate


def run(quick: bool = False) -> dict[str, Any]:
    import ray

    from parley.distributed import documents_dataset, extract_to_parquet
    from parley.ingest import ingest_bytes
    from parley.model import Document
    from parley.settings import Settings

    n = 200 if quick else 1_000
    docs = []
    for a in generate(n, seed=11):
        docs += [
            d
            for d in ingest_bytes(a.text.encode(), name=a.name, source=a.name, fmt="txt")
            if isinstance(d, Document)
        ]
    results: dict[str, Any] = {"articles": len(docs)}
    # Two extraction workers plus one CPU slot for the read and write tasks.
    ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False)
    try:
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                extract_to_parquet(
                    documents_dataset(ray, docs), Settings(db=":memory:"), Path(tmp) / "out", workers
                )
                seconds = time.perf_counter() - start
            results[f"workers_{workers}_articles_per_s"] = round(len(docs) / seconds, 1)
        results["speedup_2_over_1"] = round(
            results["workers_2_articles_per_s"] / results["workers_1_articles_per_s"], 2
        )
    finally:
        ray.shutdown()
    return results
