"""One notion of the same place, for extraction and fusion."""

from __future__ import annotations

import pytest

from parley.pack import load_pack
from parley.places import place_key, same_place


@pytest.mark.parametrize(
    "a, b",
    [
        ("Tavush region", "Tavush"),
        ("Saint Petersburg", "St. Petersburg"),
        ("the Hague", "Hague"),
        ("Chișinău", "Chisinau"),
    ],
)
def test_spellings_of_one_place_are_the_same_place(a, b):
    assert place_key(a) == place_key(b) and same_place(a, b)


def test_different_places_and_unknown_places():
    assert not same_place("Sochi", "Moscow")
    assert same_place(None, "Moscow") and place_key(None) is None


def test_a_pack_place_is_the_same_place_as_its_name():
    pack = load_pack("armenia_azerbaijan")
    assert same_place(pack.place("Brussels"), "brussels")
