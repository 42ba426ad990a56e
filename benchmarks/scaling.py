"""CPU time per megabyte of every stage, at 10 KB, 100 KB, 1 MB and 5 MB, for text of several shapes.

A stage whose time grows faster than its input shows as a time per megabyte that rises with
the size; ``make bench`` prints the table and ``docs/reliability.md`` quotes it. Run alone
with ``python -m benchmarks.scaling`` (``SCALING_SIZES=10000,100000`` for a shorter run,
``SCALING_SHAPES=paragraph,table`` for some shapes only).

The shapes are the ones real sources produce when something upstream goes wrong: a PDF
report extracted as one paragraph, a scraped page whose text is one line with no sentence
ends, a feed of many short paragraphs, a table of numbers, and an article that repeats the
same event sentences. The size cap and the time budget (``max_chars``,
``extract_seconds``) are lifted here, so every stage does all its work.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from itertools import cycle
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = (10_000, 100_000, 1_000_000, 5_000_000)
# A small input's time is the fastest of the calls made in this many seconds.
MIN_SECONDS = 0.5
# A shape passes when its time per megabyte at the largest size is within this factor of
# the smallest size's (issue 26: "within 2x between 10 KB and 5 MB").
MAX_RATIO = 2.0

_PARAGRAPH = (
    "The delegation arrived late in the evening.",
    "Officials said the border road was closed for repairs.",
    "Prices of bread rose again in the capital.",
    "The ministers met in Geneva on Monday to discuss the treaty.",
    "A new bridge over the river opened last week.",
    "Farmers in the valley expect a good harvest.",
    "The weather service warned of heavy snow in the mountains.",
    "Schools will reopen after the holidays.",
    "Dr. Smith told reporters the clinic was full.",
    "Trade between the two countries grew by 4 percent in 2023.",
    "The museum will show the collection until March.",
    "Several roads near Yerevan were flooded.",
)
_ONE_LINE = (
    "the talks between the two sides on the border and the peace treaty went on as officials "
    "from Armenia and Azerbaijan and the mediators from Brussels discussed the corridor and the "
    "prisoners and the delimitation commission "
)
_EVENTS = (
    "Pashinyan and Aliyev met in Brussels on 14 May.",
    "The two leaders discussed the peace treaty and the border.",
    "Charles Michel hosted the talks.",
    "The foreign ministers will meet again in Washington next month.",
    "Aliyev and Pashinyan spoke by phone on Tuesday.",
)


def _fill(pieces: Iterator[str], size: int) -> str:
    out: list[str] = []
    total = 0
    for piece in pieces:
        if total >= size:
            break
        out.append(piece)
        total += len(piece.encode("utf-8"))
    return "".join(out)


def paragraph(size: int) -> str:
    """One paragraph of short sentences: a PDF report extracted with no paragraph breaks."""
    return _fill((s + " " for s in cycle(_PARAGRAPH)), size).rstrip() + "\n"


def one_line(size: int) -> str:
    """One line with no breaks and no sentence ends: a scraped page flattened to words."""
    return _fill(cycle([_ONE_LINE]), size).rstrip() + "\n"


def short_paragraphs(size: int) -> str:
    """Many paragraphs of a sentence or two, separated by blank lines."""

    def pieces() -> Iterator[str]:
        for n, sentence in enumerate(cycle(_PARAGRAPH)):
            yield f"Update {n % 97}: {sentence}\n\n"

    return _fill(pieces(), size)


def table(size: int) -> str:
    """A table of numbers: years, percentages, counts and dates, one row a line."""

    labels = ("Exports of grain", "Gas transit", "Border crossings", "Rail freight", "Power sold")

    def rows() -> Iterator[str]:
        n = 0
        while True:
            year = 2000 + n % 26
            label = labels[n % len(labels)]
            count, day = 1000 + 37 * n % 9000, f"{n % 12 + 1}/{n % 28 + 1}/{year}"
            yield f"{label} | {year} | {n % 100}.{n % 7} | {count:,} | {day}\n"
            n += 1

    return _fill(rows(), size)


def events(size: int) -> str:
    """The same event sentences over and over, five to a paragraph."""
    return _fill(cycle([" ".join(_EVENTS) + "\n\n"]), size)


SHAPES: dict[str, Callable[[int], str]] = {
    "paragraph": paragraph,
    "one_line": one_line,
    "short_paragraphs": short_paragraphs,
    "table": table,
    "events": events,
}
# The stages timed, in pipeline order; "extract" is the whole of extraction (split, dates,
# screen, parse, mentions, merge), the rows before it are its parts timed alone.
STAGES = ("ingest", "split", "dates", "screen", "extract", "fuse", "total")


class _Bench:
    def __init__(self) -> None:
        from parley._speedups.collector import set_collector_for_extraction
        from parley.annotate import build_pipeline
        from parley.extraction import _prefilter, load_rules
        from parley.pack import load_pack

        self.pack = load_pack("armenia_azerbaijan")
        self.nlp = build_pipeline(pack=self.pack)
        self.prefilter = _prefilter(self.pack, load_rules(), self.nlp)
        # As in a run of `parley extract`: the loaded model stays out of the collector's passes.
        set_collector_for_extraction()

    def stages(self, data: bytes) -> dict[str, Callable[[], Any]]:
        from parley.extraction import _candidates, _screened, extract_many
        from parley.extraction.dates import DateContext
        from parley.extraction.segment import split_sentences
        from parley.ingest import ingest_bytes
        from parley.model import Document
        from parley.pipeline import store_and_fuse
        from parley.store import Store

        (document,) = ingest_bytes(data, name="shape.txt", source="shape.txt", max_chars=None)
        assert isinstance(document, Document), document
        document = _dated(document)
        ((_, reports),) = extract_many([document], nlp=self.nlp, pack=self.pack, seconds=None)
        assert isinstance(reports, list), reports

        def fuse() -> None:
            with Store(":memory:") as store:
                store.add_documents([document])
                store_and_fuse(store, [(document.id, reports)], "bench")

        return {
            "ingest": lambda: ingest_bytes(data, name="shape.txt", source="shape.txt", max_chars=None),
            "split": lambda: split_sentences(document.text, document.title),
            "dates": lambda: DateContext.from_text(document.text, document.published),
            "screen": lambda: _screened(self.nlp, _candidates(document, self.prefilter)),
            "extract": lambda: list(extract_many([document], nlp=self.nlp, pack=self.pack, seconds=None)),
            "fuse": fuse,
        }


def _dated(document: Any) -> Any:
    from dataclasses import replace

    return replace(document, published="2024-06-01")


def _timed(fn: Callable[[], Any], size: int) -> float:
    """CPU seconds one call takes: for inputs under a megabyte the least of the calls made in
    MIN_SECONDS, else one call.

    CPU time of this process, on one BLAS thread, not wall time: the benchmark's host is shared,
    and the question is how the work grows with the input, not how busy the neighbours are.
    """
    best = float("inf")
    start = time.process_time()
    while True:
        began = time.process_time()
        fn()
        best = min(best, time.process_time() - began)
        if size >= 1_000_000 or time.process_time() - start >= MIN_SECONDS:
            return best


def run(quick: bool = False) -> dict[str, Any]:
    """Seconds per megabyte of each stage for each shape and size, and each shape's ratio of
    the largest size's total to the smallest's."""
    sizes = [int(s) for s in os.environ.get("SCALING_SIZES", "").split(",") if s] or list(SIZES)
    if quick:
        sizes = [s for s in sizes if s <= 1_000_000]
    names = [s for s in os.environ.get("SCALING_SHAPES", "").split(",") if s] or list(SHAPES)
    from parley._speedups.blas import one_blas_thread

    one_blas_thread()
    bench = _Bench()
    bench.stages(events(10_000).encode())["extract"]()  # warm the pipeline's caches
    out: dict[str, Any] = {"sizes": sizes, "shapes": {}}
    for name in names:
        per_mb: dict[str, list[float]] = {stage: [] for stage in STAGES}
        for size in sizes:
            data = SHAPES[name](size).encode("utf-8")
            megabytes = len(data) / 1_000_000
            total = 0.0
            for stage, fn in bench.stages(data).items():
                seconds = _timed(fn, size)
                if stage in ("ingest", "extract", "fuse"):
                    total += seconds
                per_mb[stage].append(round(seconds / megabytes, 3))
            per_mb["total"].append(round(total / megabytes, 3))
            parts = ", ".join(f"{stage} {per_mb[stage][-1]:.2f}" for stage in STAGES[:-1])
            print(f"   {name} {size:>9,} B: {total:.2f} s, s/MB: {parts}", file=sys.stderr, flush=True)
        ratio = per_mb["total"][-1] / per_mb["total"][0] if per_mb["total"][0] else 0.0
        out["shapes"][name] = {"seconds_per_mb": per_mb, "ratio": round(ratio, 2), "ok": ratio <= MAX_RATIO}
    return out


def render(results: dict[str, Any]) -> str:
    """The figures as a Markdown table: CPU seconds per megabyte, one row per shape and stage."""
    sizes = results["sizes"]
    head = " | ".join(_size(s) for s in sizes)
    lines = [
        f"| shape | stage | {head} | largest / smallest |",
        "|---|---|" + "---:|" * (len(sizes) + 1),
    ]
    for name, shape in results["shapes"].items():
        for stage in STAGES:
            values = shape["seconds_per_mb"][stage]
            cells = " | ".join(f"{v:.3f}" for v in values)
            ratio = f"{values[-1] / values[0]:.2f}" if values[0] else "-"
            label = f"**{stage}**" if stage == "total" else stage
            lines.append(f"| {name} | {label} | {cells} | {ratio} |")
    return "\n".join(lines) + "\n"


def _size(size: int) -> str:
    return f"{size // 1_000_000} MB" if size >= 1_000_000 else f"{size // 1_000} KB"


def main() -> None:
    results = run()
    print("CPU seconds per megabyte (ingest + extract + fuse = total):")
    print(render(results))
    failed = [name for name, shape in results["shapes"].items() if not shape["ok"]]
    if failed:
        print(f"time per MB grows more than {MAX_RATIO}x for: {', '.join(failed)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
