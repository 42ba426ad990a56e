"""Memoising by identity: once per object, never across objects that are equal but distinct."""

from __future__ import annotations

from parley._speedups.memo import by_identity


def test_computed_once_per_object_and_apart_for_an_equal_copy():
    calls = []

    @by_identity
    def size(items: list[int]) -> int:
        calls.append(items)
        return len(items)

    a, b = [1, 2], [1, 2]
    assert (size(a), size(a), size(b)) == (2, 2, 2)
    assert len(calls) == 2 and calls[0] is a and calls[1] is b


def test_a_combination_of_objects_is_one_key():
    @by_identity
    def pair(x: object, y: object) -> tuple[object, object]:
        return (x, y)

    x, y = object(), object()
    assert pair(x, y) == (x, y) and pair(y, x) == (y, x)
