"""Extraction sets glibc's allocator so that the network's freed arrays are reused."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")

# Allocates and frees arrays of a parse batch's size; prints the page faults that cost.
PROBE = """
import resource, sys
import numpy as np
if sys.argv[1] == "set":
    from parley.allocator import keep_freed_memory
    assert keep_freed_memory()
for _ in range(5):
    np.ones((5000, 288), "f") @ np.ones((288, 288), "f")
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(100):
    np.ones((5000, 288), "f") @ np.ones((288, 288), "f")
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def test_freed_arrays_are_reused_not_faulted_in_again():
    unset, kept = _faults("plain"), _faults("set")
    assert unset > 10_000  # each 5.8 MB array faulted in afresh: about 1,400 pages a time
    assert kept < unset / 20


def test_extraction_sets_it():
    probe = (
        "from parley import allocator\n"
        "from parley.extract import extract_text\n"
        "assert not allocator._done\n"
        "extract_text('The ministers of Armenia and Azerbaijan met in Geneva.', published='2023-05-01')\n"
        "print(allocator._done)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[True]"
