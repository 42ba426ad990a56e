"""Memoise what is derived from a loaded object (a case pack, a rule set) by the object's
identity: such objects are built once, never change, and are costly or impossible to hash."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")


def by_identity(fn: Callable[..., R]) -> Callable[..., R]:
    """``fn(*objects)``, computed once per combination of objects. The cache holds the objects
    themselves, so an id is never reused for another object while its entry lives: equal ids
    are the same objects."""
    cache: dict[tuple[int, ...], tuple[tuple[Any, ...], R]] = {}

    @functools.wraps(fn)
    def cached(*objects: Any) -> R:
        key = tuple(map(id, objects))
        hit = cache.get(key)
        if hit is not None:
            return hit[1]
        value = fn(*objects)
        cache[key] = (objects, value)
        return value

    return cached
