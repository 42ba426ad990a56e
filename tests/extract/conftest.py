"""Shared fixtures for the extractor tests: the pack and the annotated pipeline, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pack():
    from parley.pack import load_pack

    return load_pack()


@pytest.fixture(scope="session")
def nlp(pack):
    from parley.annotate import build_pipeline

    return build_pipeline(pack=pack)
