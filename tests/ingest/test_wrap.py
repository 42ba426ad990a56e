"""Rejoining hard-wrapped lines into paragraphs."""

from __future__ import annotations

import pytest

from parley.ingest.wrap import looks_hard_wrapped, rejoin

from .conftest import FIXTURES


def test_a_wrapped_text_is_recognised_and_a_paragraph_per_line_text_is_not() -> None:
    wrapped = (FIXTURES / "wrapped_analysis.txt").read_text(encoding="utf-8").splitlines()
    plain = (FIXTURES / "moscow_stamp_list.txt").read_text(encoding="utf-8").splitlines()
    assert looks_hard_wrapped(wrapped)
    assert not looks_hard_wrapped(plain)


def test_too_few_lines_are_never_taken_for_wrapping() -> None:
    assert not looks_hard_wrapped(["a line that ends without a stop", "and another one"])


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["the talks on the", "border continued"], "the talks on the border continued"),
        (["the negoti-", "ations went on"], "the negotiations went on"),
        (["a Russian-", "brokered deal"], "a Russian-brokered deal"),
        (["the Armenian-", "Azerbaijani border"], "the Armenian-Azerbaijani border"),
        (["the talks, as expected,", "Ran late"], "the talks, as expected, Ran late"),
    ],
)
def test_broken_lines_are_joined(lines: list[str], expected: str) -> None:
    width_line = "x" * 60  # gives the text a wrap width the short test lines fall under
    assert rejoin([*lines, "", width_line])[0] == expected


def test_paragraph_breaks_survive_rejoining() -> None:
    text = [
        "This line runs to the full width of the page and carries on into the",
        "next one, where the first paragraph comes to an end.",
        "A Heading Line",
        "The second paragraph starts here and it also runs to the full width so",
        "that it has to continue below.",
        "",
        "A third paragraph after a blank line.",
    ]
    paragraphs = [p for p in rejoin(text) if p]
    assert paragraphs == [
        "This line runs to the full width of the page and carries on into the next one, "
        "where the first paragraph comes to an end.",
        "A Heading Line",
        "The second paragraph starts here and it also runs to the full width so that it has to "
        "continue below.",
        "A third paragraph after a blank line.",
    ]
