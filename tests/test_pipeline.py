from __future__ import annotations

import gc
import json

import pytest

from parley._speedups.collector import YOUNG_COLLECTION
from parley.pipeline import extract_into, ingest_into
from parley.settings import Settings
from parley.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "p.db") as s:
        yield s


def report_rows(store: Store) -> list[str]:
    return sorted(json.dumps(r.to_json(), sort_keys=True) for r in store.reports())


def test_seeds_are_ingested_extracted_and_fused(store, shared, tmp_path):
    settings = Settings(db=str(tmp_path / "p.db"))
    summary = ingest_into(store, [shared / "seeds"], settings)
    assert (summary.new, summary.rejections) == (5, [])
    result = extract_into(store, settings)
    assert result.documents == 5 and result.ok
    assert result.reports == store.count("reports") > 0
    assert store.count("events") > 0


def test_a_library_run_leaves_the_collector_as_it_is(store, shared, tmp_path):
    settings = Settings(db=str(tmp_path / "p.db"))
    ingest_into(store, [shared / "seeds"], settings)
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    during: list[tuple[tuple[int, int, int], int]] = []

    def look(_: object) -> None:
        during.append((gc.get_threshold(), gc.get_freeze_count()))

    extract_into(store, settings, on_document=look)
    assert len(during) == 5
    assert set(during) == {(before, frozen)}  # process tuning is the runners' (parley._speedups)


@pytest.mark.parametrize("speedups", ["1", "0"])
def test_the_extract_command_sets_the_collector_for_the_run_and_restores_it(
    speedups, shared, tmp_path, monkeypatch
):
    from typer.testing import CliRunner

    import parley.pipeline
    from parley.cli.main import app

    monkeypatch.setenv("PARLEY_SPEEDUPS", speedups)
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    during: list[tuple[int, int]] = []
    fuse_batch = parley.pipeline.store_and_fuse

    def look(*args: object) -> tuple[int, int]:
        during.append((gc.get_threshold()[0], gc.get_freeze_count()))
        return fuse_batch(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parley.pipeline, "store_and_fuse", look)
    result = CliRunner().invoke(
        app, ["--db", str(tmp_path / "c.db"), "--quiet", "extract", str(shared / "seeds")]
    )
    assert result.exit_code == 0, result.output
    assert during
    if speedups == "1":
        assert all(young == YOUNG_COLLECTION and count > frozen for young, count in during)
    else:
        assert set(during) == {(before[0], frozen)}
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, frozen)


def test_second_run_processes_only_new_or_changed_documents(store, shared, tmp_path):
    settings = Settings(db=str(tmp_path / "p.db"))
    ingest_into(store, [shared / "seeds"], settings)
    extract_into(store, settings)
    before = report_rows(store)
    again = extract_into(store, settings)
    assert (again.documents, again.skipped) == (0, 5)
    assert report_rows(store) == before
    forced = extract_into(store, settings, force=True)
    assert forced.documents == 5
    assert report_rows(store) == before


def test_ingesting_the_same_corpus_twice_stores_it_once(store, shared, tmp_path):
    settings = Settings(db=str(tmp_path / "p.db"))
    ingest_into(store, [shared / "seeds"], settings)
    again = ingest_into(store, [shared / "seeds"], settings)
    assert (again.new, again.duplicates) == (0, 5)
    assert store.count("documents") == 5


@pytest.mark.slow
def test_worker_processes_give_the_same_reports_as_one_process(shared, tmp_path):
    results = []
    for workers in (1, 2):
        settings = Settings(db=str(tmp_path / f"w{workers}.db"), workers=workers, batch_size=2)
        with Store(settings.db) as store:
            ingest_into(store, [shared / "eval" / "docs"], settings)
            extract_into(store, settings)
            results.append(report_rows(store))
    assert results[0] == results[1] and results[0]


def test_a_crash_before_the_mark_leaves_no_reports_or_events(store, shared, tmp_path, monkeypatch):
    settings = Settings(db=str(tmp_path / "p.db"))
    ingest_into(store, [shared / "seeds"], settings)

    def crash(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(store, "mark_extracted", crash)
    with pytest.raises(OSError):
        extract_into(store, settings)
    assert (store.count("reports"), store.count("events"), store.count("mentions")) == (0, 0, 0)
    monkeypatch.undo()
    result = extract_into(store, settings)
    assert result.documents == 5 and store.count("events") > 0
