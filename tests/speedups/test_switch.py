"""The speed-ups switched off (``PARLEY_SPEEDUPS=0``): the stock spaCy pipeline, and the same
reports, field by field, on every evaluation set."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from thinc.api import Model

from parley._speedups.components import Slot
from parley._speedups.network import InferenceOps
from parley._speedups.tokenmatch import IndexedMatcher, SpacyMatcher
from parley.annotate import build_pipeline
from parley.extraction import extract_many
from parley.ingest import ingest, ingest_text
from parley.model import Document
from parley.pack import load_pack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pack() -> Any:
    return load_pack()


@pytest.fixture(scope="module")
def pipelines(pack: Any) -> dict[bool, Any]:
    return {on: build_pipeline(pack=pack, speedups=on) for on in (True, False)}


def _nodes(nlp: Any) -> list[Any]:
    models = [getattr(pipe, "model", None) for _, pipe in nlp.pipeline]
    nodes = [node for model in models if isinstance(model, Model) for node in model.walk()]
    assert nodes
    return nodes


def test_switched_off_the_pipeline_is_the_stock_models(pipelines: dict[bool, Any]) -> None:
    on, off = pipelines[True], pipelines[False]
    assert any(isinstance(pipe, Slot) for name, pipe in on.pipeline if name != "parley_gazetteer")
    assert all(isinstance(node.ops, InferenceOps) for node in _nodes(on))
    assert not any(isinstance(pipe, Slot) for name, pipe in off.pipeline if name != "parley_gazetteer")
    assert not any(isinstance(node.ops, InferenceOps) for node in _nodes(off))
    assert off.pipe_names == on.pipe_names
    for nlp, matcher in ((on, IndexedMatcher), (off, SpacyMatcher)):
        triggers = nlp.get_pipe("parley_triggers")
        assert isinstance(triggers.matcher, matcher) and isinstance(triggers.excluder, matcher)
        assert isinstance(nlp.get_pipe("parley_gazetteer").inner.tokens, matcher)


def test_the_environment_switches_them_off() -> None:
    probe = (
        "from parley.annotate import build_pipeline\n"
        "nlp = build_pipeline()\n"
        "print(type(nlp.get_pipe('parley_triggers').matcher).__name__)\n"
    )
    for value, expected in (("0", "SpacyMatcher"), ("1", "IndexedMatcher")):
        env = {"PATH": "", "PARLEY_SPEEDUPS": value}
        out = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
        )
        assert out.stdout.strip() == expected


def _golden() -> list[Document]:
    docs = []
    for path in sorted((ROOT / "tests" / "golden").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            published = case.get("published")
            docs.append(
                ingest_text(case["text"], name=case["id"], published=str(published) if published else None)
            )
    return docs


def _documents(name: str, shared: Path) -> list[Document]:
    if name == "golden":
        return _golden()
    folder = {
        "development": shared / "eval" / "docs",
        "news": shared / "eval" / "news" / "docs",
        "sample": ROOT / "data" / "sample" / "articles",
    }[name]
    return [d for d in ingest([folder]) if isinstance(d, Document)]


# Each set's documents, and a floor well under the reports extracted from them when the test was
# written (17, 481, 78 and 190), so that a set that went missing or empty fails rather than
# comparing nothing with nothing.
SETS = {"development": (5, 10), "news": (240, 400), "sample": (26, 60), "golden": (243, 150)}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SETS))
def test_reports_are_the_same_with_the_speedups_off(
    name: str, shared: Path, pack: Any, pipelines: dict[bool, Any]
) -> None:
    docs = _documents(name, shared)
    reports: dict[bool, dict[str, list[str]]] = {}
    for on, nlp in pipelines.items():
        reports[on] = {}
        for doc, result in extract_many(docs, nlp=nlp, pack=pack):
            assert not isinstance(result, Exception), (doc.name, result)
            reports[on][doc.id] = [json.dumps(r.to_json(), sort_keys=True) for r in result]
    least_documents, least_reports = SETS[name]
    assert len(reports[True]) == len(docs) >= least_documents
    assert sum(map(len, reports[True].values())) >= least_reports
    assert reports[False] == reports[True]
