"""Bytes to text, and what counts as binary."""

from __future__ import annotations

import pytest

from parley.ingest.decode import Problem, binary_kind, decode

from .conftest import ENGLISH, FOREIGN


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "unsupported"),
        (b"\xff\xd8\xff\xe0 jpeg", "unsupported"),
        (b"PK\x03\x04 zip", "unsupported"),
        (b"\x1f\x8b\x08 gzip", "unsupported"),
        (b"text with a \x00 inside", "binary"),
        (bytes(range(1, 9)) * 50, "binary"),
        (ENGLISH.encode(), None),
        (ENGLISH.encode("utf-16"), None),
        (b"tab\tand\r\nnewlines\x0c", None),
    ],
)
def test_binary_kind(data: bytes, reason: str | None) -> None:
    problem = binary_kind(data)
    assert (problem.reason if problem else None) == reason


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (ENGLISH.encode(), ENGLISH, "utf-8"),
        (b"\xef\xbb\xbf" + ENGLISH.encode(), ENGLISH, "utf-8-sig"),
        (ENGLISH.encode("utf-16"), ENGLISH, "utf-16"),
        (ENGLISH.encode("utf-16-be").join([b"\xfe\xff", b""]), ENGLISH, "utf-16"),
        ((ENGLISH + " ü").encode() + "€".encode()[:2], ENGLISH + " ü", "utf-8"),  # cut mid-character
    ],
)
def test_decode_reads_utf8_and_byte_order_marks(data: bytes, text: str, encoding: str) -> None:
    assert decode(data) == (text, encoding)


def test_non_utf8_english_is_read_with_a_detected_encoding() -> None:
    text = "Officials from both capitals met at the café; the délégation left early. " + ENGLISH
    result = decode(text.encode("cp1252"))
    assert not isinstance(result, Problem)
    assert result[0] == text


def test_non_utf8_foreign_text_is_an_encoding_problem_naming_the_guess() -> None:
    result = decode(FOREIGN["ru"].encode("cp1251"))
    assert isinstance(result, Problem) and result.reason == "encoding"
    assert "ru" in result.detail
