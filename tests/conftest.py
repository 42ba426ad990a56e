from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the project (seeds, development set, scorer)."""
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip("../shared is not present beside the project")
    return SHARED
