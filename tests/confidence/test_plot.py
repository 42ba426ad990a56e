"""parley.confidence.plot: the reliability plot is a valid PNG drawn from the reliability table."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from parley.confidence.calibration import reliability
from parley.confidence.plot import SIZE, Series, write_reliability_png


def test_the_reliability_plot_is_a_png_of_the_stated_size_with_the_series_colours(tmp_path: Path) -> None:
    path = tmp_path / "reliability.png"
    bins = reliability([0.15, 0.45, 0.5, 0.85, 0.9], [False, False, True, True, True])
    write_reliability_png(path, [Series("news-train", bins), Series("news-test", bins)])
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (width, height, depth, colour) == (SIZE, SIZE, 8, 2)
    start = data.index(b"IDAT") + 4
    length = struct.unpack(">I", data[start - 8 : start - 4])[0]
    raw = zlib.decompress(data[start : start + length])
    assert len(raw) == SIZE * (1 + 3 * SIZE)
    assert bytes((0, 114, 178)) in raw and bytes((230, 159, 0)) in raw  # both series drawn
