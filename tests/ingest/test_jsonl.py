"""JSON Lines records."""

from __future__ import annotations

import io

import pytest

from parley.ingest.decode import Problem
from parley.ingest.jsonl import Record, parse_line, read_lines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"\n", None),
        (b'{"text": "Body."}', Record("Body.", None, {})),
        (b'{"id": 12, "text": "Body."}', Record("Body.", "12", {})),
        (b'{"name": "n", "text": "Body."}', Record("Body.", "n", {})),
        (
            b'{"text": "B", "date": "2023-05", "outlet": "O", "link": "u", "byline": "A", "headline": "H"}',
            Record(
                "B", None, {"published": "2023-05", "outlet": "O", "url": "u", "author": "A", "title": "H"}
            ),
        ),
        (b'{"text": "B", "title": null, "published": ["2023"]}', Record("B", None, {})),
        (b'{"text": ', "bad_json"),
        (b"[1, 2]", "bad_record"),
        (b'{"title": "no body"}', "bad_record"),
        (b'{"text": 5}', "bad_record"),
        (b'{"text": "\xff"}', "encoding"),
    ],
)
def test_parse_line(line: bytes, expected: Record | str | None) -> None:
    result = parse_line(line)
    if isinstance(expected, str):
        assert isinstance(result, Problem) and result.reason == expected
    else:
        assert result == expected


def test_read_lines_numbers_lines_and_skips_overlong_ones_without_holding_them() -> None:
    stream = io.BytesIO(b"one\n" + b"x" * 5000 + b"\nthree\nfour")
    expected = [(1, b"one\n"), (2, None), (3, b"three\n"), (4, b"four")]
    assert list(read_lines(stream, max_bytes=100)) == expected
