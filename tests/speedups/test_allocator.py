"""The runners set glibc's allocator so that the network's freed arrays are reused; library
functions leave the process as it is."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")

# Allocates and frees arrays of a parse batch's size; prints the page faults that cost.
PROBE = """
import resource, sys
import numpy as np
if sys.argv[1] == "set":
    from parley._speedups.allocator import keep_freed_memory
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


# Extracts through the library, then runs the extract command; prints glibc's setting after each.
RUNS = """
import sys
from parley._speedups import allocator
from parley.extraction import extract_text
from parley.cli.main import app
extract_text('The ministers of Armenia and Azerbaijan met in Geneva.', published='2023-05-01')
print(list(allocator._done))
try:
    app(["--db", sys.argv[1], "--quiet", "extract", sys.argv[2]])
except SystemExit as exit:
    assert not exit.code, exit.code
print(list(allocator._done))
"""


@pytest.mark.parametrize(("speedups", "after_command"), [("1", "[True]"), ("0", "[]")])
def test_the_extract_command_sets_it_and_the_library_does_not(speedups, after_command, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The foreign ministers of Armenia and Azerbaijan met in Geneva on Monday.\n")
    env = {**os.environ, "PARLEY_SPEEDUPS": speedups}
    out = subprocess.run(
        [sys.executable, "-c", RUNS, str(tmp_path / "p.db"), str(article)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert out.stdout.split() == ["[]", after_command]
