"""JSON Lines: one article per line, read one line at a time so files of any length stream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from parley.ingest.decode import Problem

# Record fields and the Document field each fills; the first present one wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "pubdate"),
    "url": ("url", "link"),
    "outlet": ("source", "outlet", "site"),
    "author": ("author", "byline"),
}
NAME_FIELDS = ("id", "name")


@dataclass(frozen=True)
class Record:
    text: str
    name: str | None
    meta: dict[str, str] = field(default_factory=dict)


def parse_line(raw: bytes) -> Record | Problem | None:
    """One line: a record, a problem, or None for a blank line (JSON Lines allows those)."""
    if not raw.strip():
        return None
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return Problem("encoding", f"line is not valid UTF-8 (bad byte at column {err.start + 1})")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        return Problem("bad_json", f"not valid JSON ({err.msg}, column {err.colno})")
    if not isinstance(data, dict):
        return Problem("bad_record", f"expected a JSON object with a 'text' field, got {type(data).__name__}")
    text = data.get("text")
    if not isinstance(text, str):
        got = "missing" if text is None else f"of type {type(text).__name__}"
        return Problem("bad_record", f"field 'text' must be a string, it is {got}")
    meta: dict[str, str] = {}
    for target, names in FIELDS.items():
        for key in names:
            value = data.get(key)
            if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
                meta[target] = str(value).strip()
                break
    name = next(
        (str(data[key]).strip() for key in NAME_FIELDS
         if isinstance(data.get(key), str | int) and str(data[key]).strip()),
        None,
    )
    return Record(text=text, name=name, meta=meta)


def read_lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; bytes is None for a line longer than ``max_bytes``.

    At most ``max_bytes`` of one line is ever held in memory: the rest of an
    overlong line is read in chunks and thrown away.
    """
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, raw
