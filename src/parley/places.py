"""The same place: one comparison of place names for extraction and fusion.

Names are compared by a key that folds case, accents, hyphens and full stops, a trailing
region word ("Tavush region"), a leading "the" and "Saint"/"St" away. (``parley.evaluate``
keeps the shared scorer's own normalisation, which its figures must equal.)
"""

from __future__ import annotations

from typing import Any

from parley.text import fold_name

REGION_WORDS = (" region", " province", " city", " marz")


def place_key(place: str | None) -> str | None:
    """A comparison key for a place name, None for none."""
    if not place:
        return None
    key = fold_name(place)
    for suffix in REGION_WORDS:
        key = key.removesuffix(suffix)
    key = key.removeprefix("the ")
    return key.replace("saint ", "st ") or None


def place_name(place: Any) -> str | None:
    """The name of a pack place, or the text of a venue the pack does not know."""
    if place is None:
        return None
    return str(getattr(place, "name", place))


def same_place(a: Any, b: Any) -> bool:
    """Whether two places (pack places or names) are one; an unknown place agrees with any."""
    if a is None or b is None:
        return True
    return place_key(place_name(a)) == place_key(place_name(b))
