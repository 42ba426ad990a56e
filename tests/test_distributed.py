"""`parley extract --engine ray` on a local Ray instance with two workers."""

from __future__ import annotations

import json

import pytest

from parley.pipeline import extract_into, ingest_into
from parley.settings import Settings
from parley.store import Store

ray = pytest.importorskip("ray")


@pytest.mark.slow
def test_ray_engine_gives_the_same_reports_as_the_local_engine(shared, tmp_path):
    from parley.distributed import extract_with_ray

    rows = []
    for engine in ("local", "ray"):
        settings = Settings(db=str(tmp_path / f"{engine}.db"), workers=2)
        with Store(settings.db) as store:
            ingest_into(store, [shared / "eval" / "docs"], settings)
            if engine == "ray":
                summary = extract_with_ray(store, settings, None, workers=2)
                assert summary.documents == 5 and summary.ok
                again = extract_with_ray(store, settings, None, workers=2)
                assert again.skipped == 5 and again.documents == 0
            else:
                extract_into(store, settings)
            rows.append(sorted(json.dumps(r.to_json(), sort_keys=True) for r in store.reports()))
            assert store.count("events") > 0
    ray.shutdown()
    assert rows[0] == rows[1] and rows[0]


@pytest.mark.slow
def test_ray_reads_jsonl_and_parquet_documents(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from parley.distributed import _ray, extract_to_parquet, files_dataset, load_parquet_reports
    from parley.model import Document

    text = (
        "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev"
        " met in Prague on 6 October."
    )
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(json.dumps({"id": "j1", "published": "2022-10-07", "text": text}) + "\n")
    parquet = tmp_path / "docs.parquet"
    pq.write_table(
        pa.table({"id": ["p1"], "published": ["2022-10-07"], "text": [text + " They spoke for hours."]}),
        parquet,
    )
    handle = _ray(2)
    settings = Settings(db=str(tmp_path / "r.db"))
    with Store(settings.db) as store:
        for i, source in enumerate((str(jsonl), str(parquet))):
            dataset = files_dataset(handle, [source], settings.max_bytes).materialize()
            # The documents are stored first; their reports then load against them.
            store.add_documents(
                Document.from_json(json.loads(row["document"])) for row in dataset.iter_rows()
            )
            folder = extract_to_parquet(dataset, settings, tmp_path / f"out{i}", 2)
            summary = load_parquet_reports(store, folder)
            assert summary.documents == 1 and summary.reports == 1
        reports = store.reports()
    handle.shutdown()
    assert {r.place for r in reports} == {"Prague"}
    assert all(r.date and r.date.value == "2022-10-06" for r in reports)
