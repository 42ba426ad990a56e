"""A reliability plot as a PNG, drawn by parley itself: no plotting library, zlib and struct only.

``reliability_png`` draws, for each series (an evaluation set), the share of events right against
their mean confidence in each of the 10 bins, markers sized by the bin's events, over the
diagonal of perfect calibration. Text is set in a small built-in bitmap font (capitals, digits,
a few signs), so the image is the same wherever it is made.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parley.confidence.calibration import Bin

Colour = tuple[int, int, int]

# Series colours, in order (colour-blind-safe: blue, orange, green, purple).
PALETTE: tuple[Colour, ...] = ((0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167))
WHITE: Colour = (255, 255, 255)
BLACK: Colour = (0, 0, 0)
GRID: Colour = (225, 225, 225)
DIAGONAL: Colour = (150, 150, 150)

SIZE = 640
LEFT, RIGHT, TOP, BOTTOM = 80, 30, 50, 70
SCALE = 2  # font pixels per glyph pixel

# 5x7 glyphs, one string of 7 rows of 5 columns each ("#" set).
_FONT: dict[str, str] = {
    "0": ".###.#...##..###.#.###..##...#.###.", "1": "..#...##....#....#....#....#...###.",
    "2": ".###.#...#....#...#...#...#...#####", "3": "####.....#...#...##.....##...#.###.",
    "4": "...#...##..#.#.#..#.#####...#....#.", "5": "#####.....####.....#....##...#.###.",
    "6": "..##..#...#....####.#...##...#.###.", "7": "#####....#...#...#...#....#....#...",
    "8": ".###.#...##...#.###.#...##...#.###.", "9": ".###.#...##...#.####....#...#..##..",
    ".": "..............................##...", "-": "...............###.................",
    "(": "...#...#...#....#....#.....#.....#.", ")": ".#.....#.....#....#....#...#...#...",
    "=": "..........#####.....#####..........", ":": ".......##....................##....",
    " ": "...................................", "%": "##...##..#...#...#...#...#..##...##",
    "A": ".###.#...##...#######...##...##...#", "B": "####.#...##...#####.#...##...#####.",
    "C": ".###.#...##....#....#....#...#.###.", "D": "####.#...##...##...##...##...#####.",
    "E": "######....#....####.#....#....#####", "F": "######....#....####.#....#....#....",
    "G": ".###.#...##....#.####...##...#.####", "H": "#...##...##...#######...##...##...#",
    "I": ".###...#....#....#....#....#...###.", "J": "..###...#....#....#....#.#..#..##..",
    "K": "#...##..#.#.#..##...#.#..#..#.#...#", "L": "#....#....#....#....#....#....#####",
    "M": "#...###.###.#.##...##...##...##...#", "N": "#...###..##.#.##..###...##...##...#",
    "O": ".###.#...##...##...##...##...#.###.", "P": "####.#...##...#####.#....#....#....",
    "Q": ".###.#...##...##...##.#.##..#..##.#", "R": "####.#...##...#####.#.#..#..#.#...#",
    "S": ".####.....#.....###.....#....#####.", "T": "#####..#....#....#....#....#....#..",
    "U": "#...##...##...##...##...##...#.###.", "V": "#...##...##...##...##...#.#.#...#..",
    "W": "#...##...##...##.#.##.#.##.#.#.#.#.", "X": "#...##...#.#.#...#...#.#.#...##...#",
    "Y": "#...##...#.#.#...#....#....#....#..", "Z": "#####....#...#...#...#...#....#####",
}  # fmt: skip


@dataclass(frozen=True)
class Series:
    """One curve: a label and the reliability table it is drawn from."""

    label: str
    bins: Sequence[Bin]


class Canvas:
    """An RGB raster with the few drawing operations a reliability plot needs."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(WHITE * (width * height))

    def dot(self, x: int, y: int, colour: Colour) -> None:
        if 0 <= x < self.width and 0 <= y < self.height:
            i = 3 * (y * self.width + x)
            self.pixels[i : i + 3] = bytes(colour)

    def box(self, x0: int, y0: int, x1: int, y1: int, colour: Colour) -> None:
        for y in range(min(y0, y1), max(y0, y1) + 1):
            for x in range(min(x0, x1), max(x0, x1) + 1):
                self.dot(x, y, colour)

    def line(self, x0: int, y0: int, x1: int, y1: int, colour: Colour, width: int = 1, dash: int = 0) -> None:
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for s in range(steps + 1):
            if dash and (s // dash) % 2:
                continue
            x = round(x0 + (x1 - x0) * s / steps)
            y = round(y0 + (y1 - y0) * s / steps)
            half = width // 2
            self.box(x - half, y - half, x - half + width - 1, y - half + width - 1, colour)

    def text(self, x: int, y: int, words: str, colour: Colour = BLACK) -> None:
        """Words in the bitmap font, top-left at (x, y); letters are set as capitals."""
        for n, char in enumerate(words.upper()):
            glyph = _FONT.get(char, _FONT[" "])
            for i, bit in enumerate(glyph):
                if bit == "#":
                    gx, gy = x + n * 6 * SCALE + (i % 5) * SCALE, y + (i // 5) * SCALE
                    self.box(gx, gy, gx + SCALE - 1, gy + SCALE - 1, colour)

    def png(self) -> bytes:
        rows = b"".join(
            b"\x00" + bytes(self.pixels[3 * y * self.width : 3 * (y + 1) * self.width])
            for y in range(self.height)
        )

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b"")
        )


def text_width(words: str) -> int:
    return len(words) * 6 * SCALE


def reliability_png(series: Sequence[Series], title: str = "EVENT CONFIDENCE") -> bytes:
    """The reliability plot of ``series`` (at most four) as PNG bytes."""
    canvas = Canvas(SIZE, SIZE)
    side = SIZE - LEFT - RIGHT
    x0, y0 = LEFT, SIZE - BOTTOM  # the origin, in pixels

    def at(p: float, q: float) -> tuple[int, int]:
        return round(x0 + p * side), round(y0 - q * (SIZE - TOP - BOTTOM))

    for tenth in range(11):
        gx, gy = at(tenth / 10, tenth / 10)
        canvas.line(gx, y0, gx, TOP, GRID)
        canvas.line(x0, gy, x0 + side, gy, GRID)
        if tenth % 2 == 0:
            label = f"{tenth / 10:.1f}"
            canvas.text(gx - text_width(label) // 2, y0 + 8, label)
            canvas.text(x0 - text_width(label) - 8, gy - 7, label)
    canvas.line(*at(0, 0), *at(1, 1), DIAGONAL, width=2, dash=6)
    canvas.line(x0, y0, x0 + side, y0, BLACK, width=2)
    canvas.line(x0, y0, x0, TOP, BLACK, width=2)
    canvas.text(x0 + side // 2 - text_width("CONFIDENCE") // 2, SIZE - 30, "CONFIDENCE")
    canvas.text(8, 12, f"SHARE RIGHT  -  {title}")
    total = max((b.n for s in series for b in s.bins), default=1) or 1
    for n, (s, colour) in enumerate(zip(series, PALETTE, strict=False)):
        points = [
            (at(b.confidence, b.accuracy), b.n)
            for b in s.bins
            if b.confidence is not None and b.accuracy is not None
        ]
        for (a, _), (b, _) in zip(points, points[1:], strict=False):
            canvas.line(*a, *b, colour, width=3)
        for (px, py), count in points:
            r = 3 + round(7 * (count / total) ** 0.5)
            canvas.box(px - r, py - r, px + r, py + r, colour)
        ly = TOP + 10 + n * 24
        canvas.box(x0 + 14, ly, x0 + 28, ly + 14, colour)
        canvas.text(x0 + 36, ly, s.label)
    return canvas.png()


def write_reliability_png(
    path: str | Path, series: Sequence[Series], title: str = "EVENT CONFIDENCE"
) -> None:
    Path(path).write_bytes(reliability_png(series, title))
