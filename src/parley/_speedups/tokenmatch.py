"""A token-pattern matcher that finds the same matches as spaCy's ``Matcher``, remembering
which patterns can start at a token of given attributes.

spaCy's ``Matcher`` tries every pattern at every token: with the model's 179 attribute-ruler
patterns and the ~60 trigger rules, that was about a fifth of the extraction time on the
benchmark corpus. Here the first tests a token passes are looked up by the values of the
attributes those tests read (so a word seen before costs one dictionary lookup), and the rest
of a pattern is tried only where its first token fits. A match is every ``(key, start, end)``
spaCy would return, optional tokens and ``{m,n}`` ranges included, without duplicates.

Patterns use a subset of spaCy's format: the attributes in ``ATTRS``, values compared for
equality or with ``IN``, ``NOT_IN`` or ``REGEX``, and the operators ``?``, ``*``, ``+`` and
``{n}``, ``{m,n}``, ``{m,}``, ``{,n}``. ``Unsupported`` says a pattern needs more, so that a
caller can keep spaCy's own ``Matcher`` for it; ``tests/speedups/test_tokenmatch.py`` checks that both
find the same matches on the evaluation texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

ATTRS: dict[str, Callable[[Token], Any]] = {
    "ORTH": lambda t: t.text,
    "TEXT": lambda t: t.text,
    "LOWER": lambda t: t.lower_,
    "LEMMA": lambda t: t.lemma_,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "DEP": lambda t: t.dep_,
    "IS_ALPHA": lambda t: t.is_alpha,
    "IS_PUNCT": lambda t: t.is_punct,
    "IS_SPACE": lambda t: t.is_space,
    "IS_DIGIT": lambda t: t.is_digit,
    "IS_TITLE": lambda t: t.is_title,
    "IS_UPPER": lambda t: t.is_upper,
    "IS_LOWER": lambda t: t.is_lower,
    "LIKE_NUM": lambda t: t.like_num,
}
# The Doc.to_array attribute each one reads (TEXT is the token's ORTH).
_ARRAY = {attr: "ORTH" if attr == "TEXT" else attr for attr in ATTRS}
# The attributes Doc.to_array gives as flags (0 or 1): the others are strings' ids.
_FLAGS = frozenset(attr for attr in ATTRS if attr.startswith(("IS_", "LIKE_")))
UNBOUNDED = 1 << 30
_RANGE = re.compile(r"\{(\d*)(,?)(\d*)\}")


class Unsupported(ValueError):
    """A pattern uses an attribute, predicate or operator this matcher does not implement."""


def value_test(value: Any) -> Callable[[Any], bool]:
    """A test of one attribute's value against a pattern value: equality, or ``IN``,
    ``NOT_IN`` and ``REGEX``. ``Unsupported`` for other predicates."""
    if not isinstance(value, dict):
        return lambda v: bool(v == value)
    if set(value) - {"IN", "NOT_IN", "REGEX"}:
        raise Unsupported(f"predicates {sorted(value)}")
    tests: list[Callable[[Any], bool]] = []
    if "IN" in value:
        members = frozenset(value["IN"])
        tests.append(lambda v: v in members)
    if "NOT_IN" in value:
        excluded = frozenset(value["NOT_IN"])
        tests.append(lambda v: v not in excluded)
    if "REGEX" in value:
        regex = re.compile(value["REGEX"])
        tests.append(lambda v: regex.search(str(v)) is not None)
    return lambda v: all(test(v) for test in tests)


def _accepted(value: Any) -> list[Any] | None:
    """The values a pattern value accepts where it lists them (equality, or IN alone), as
    ``value_test`` compares them; None for the other predicates."""
    if not isinstance(value, dict):
        return [value]
    if set(value) == {"IN"}:
        return list(value["IN"])
    return None


def _value_of(attr: str, value: Any) -> Callable[[Any], bool]:
    """The test of ``_test(attr, value)`` on the attribute's value itself (a string or a flag)."""
    try:
        return value_test(value)
    except Unsupported as err:
        raise Unsupported(f"{attr}: {err}") from err


def _test(attr: str, value: Any) -> Callable[[Token], bool]:
    get = ATTRS[attr]
    try:
        check = value_test(value)
    except Unsupported as err:
        raise Unsupported(f"{attr}: {err}") from err
    return lambda t: check(get(t))


def bounds(op: str | None) -> tuple[int, int]:
    if op is None:
        return 1, 1
    fixed = {"?": (0, 1), "*": (0, UNBOUNDED), "+": (1, UNBOUNDED)}
    if op in fixed:
        return fixed[op]
    found = _RANGE.fullmatch(op)
    if found is None:
        raise Unsupported(f"operator {op!r}")
    low, comma, high = found.groups()
    if not comma:
        return int(low), int(low)
    return int(low or 0), int(high) if high else UNBOUNDED


@dataclass(frozen=True)
class _Step:
    test: Callable[[Token], bool]
    low: int
    high: int


def _always(token: Token) -> bool:
    return True


def _conjunction(tests: list[Callable[[Token], bool]]) -> Callable[[Token], bool]:
    if not tests:
        return _always
    if len(tests) == 1:
        return tests[0]
    return lambda t: all(test(t) for test in tests)


def _compile(pattern: Sequence[dict[str, Any]]) -> tuple[_Step, ...]:
    """Compile a pattern into its steps, one per token spec."""
    steps = []
    for spec in pattern:
        spec = dict(spec)
        low, high = bounds(spec.pop("OP", None))
        unknown = set(spec) - set(ATTRS)
        if unknown:
            raise Unsupported(f"attributes {sorted(unknown)}")
        tests = [_test(attr, value) for attr, value in spec.items()]
        steps.append(_Step(_conjunction(tests), low, high))
    if not steps:
        raise Unsupported("an empty pattern")
    return tuple(steps)


class IndexedMatcher:
    """Token patterns under string keys; calling it returns ``(key, start, end)`` triples.

    Whether a token passes a pattern's first test depends only on the attributes that test
    reads, so the tests a token passes are remembered by those attributes' values, read for
    the whole sentence in one ``Doc.to_array``. After the first few documents a token costs
    one dictionary lookup; the rest of a pattern is tried only where its first token fits.
    """

    MEMO_LIMIT = 200_000  # distinct tokens remembered before the memo starts afresh

    def __init__(self) -> None:
        self._patterns: list[tuple[str, tuple[_Step, ...]]] = []
        self._first: list[tuple[int, Callable[[Token], bool]]] = []  # (pattern, first test)
        self._everywhere: list[int] = []  # patterns whose first token is optional
        self._attrs: list[int | str] = []  # the to_array attributes the first tests read
        self._memo: dict[Any, tuple[int, ...]] = {}
        # The first tests split by attribute. Per to_array attribute: the tests that list the
        # values they accept (equality or IN) as an index, value -> their bits that accept it,
        # with the bits of all of them; the others as (bit of the test in _first, test of the
        # value); and value id -> the bits of the first tests that the value passes or that do
        # not read that attribute.
        self._listed: dict[str, tuple[int, dict[Any, int]]] = {}
        self._by_attr: dict[str, list[tuple[int, Callable[[Any], bool]]]] = {}
        self._attr_memos: list[dict[int, int]] = []

    def add(self, key: str, patterns: Iterable[Sequence[dict[str, Any]]]) -> None:
        """Add patterns under ``key``; raises Unsupported (and adds none) when one cannot be run."""
        compiled = [(pattern, _compile(pattern)) for pattern in patterns]
        for pattern, steps in compiled:
            number = len(self._patterns)
            self._patterns.append((key, steps))
            if steps[0].low == 0:
                self._everywhere.append(number)
                continue
            bit = 1 << len(self._first)
            self._first.append((number, steps[0].test))
            for attr in sorted(set(pattern[0]) - {"OP"}):
                if _ARRAY[attr] not in self._attrs:
                    self._attrs.append(_ARRAY[attr])
                self._add_first_test(_ARRAY[attr], bit, attr, pattern[0][attr])
            self._memo.clear()
            self._attr_memos = [{} for _ in self._attrs]

    def _add_first_test(self, column: str, bit: int, attr: str, value: Any) -> None:
        accepted = _accepted(value)
        if accepted is None or not all(isinstance(each, Hashable) for each in accepted):
            self._by_attr.setdefault(column, []).append((bit, _value_of(attr, value)))
            return
        bits, index = self._listed.get(column, (0, {}))
        for each in accepted:
            index[each] = index.get(each, 0) | bit
        self._listed[column] = (bits | bit, index)

    def __len__(self) -> int:
        return len(self._patterns)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        found: set[tuple[str, int, int]] = set()
        for i, numbers in enumerate(self._starts(doc)):
            for number in numbers:
                key, steps = self._patterns[number]
                if len(steps) == 1 and steps[0].low == steps[0].high == 1:
                    found.add((key, i, i + 1))  # its one test, already passed
                    continue
                for end in _ends(doc, i, steps, 0):
                    if end > i:
                        found.add((key, i, end))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))

    def _starts(self, doc: Doc) -> list[tuple[int, ...]]:
        """For each token, the patterns that may start there."""
        if not len(doc):
            return []
        if not self._attrs:  # no first test reads anything: every pattern may start anywhere
            return [tuple(range(len(self._patterns)))] * len(doc)
        memo = self._memo
        if len(memo) > self.MEMO_LIMIT:
            memo.clear()
            for attr_memo in self._attr_memos:
                attr_memo.clear()
        values = doc.to_array(self._attrs)
        # One signature a token: its attribute values, as a tuple where the first tests read several.
        signatures = map(tuple, values.tolist()) if values.ndim == 2 else values.tolist()
        starts = []
        for signature in signatures:
            numbers = memo.get(signature)
            if numbers is None:
                row = list(signature) if isinstance(signature, tuple) else [signature]
                numbers = memo[signature] = self._passing(row, doc)
            starts.append(numbers)
        return starts

    def _passing(self, values: list[int], doc: Doc) -> tuple[int, ...]:
        """The patterns that may start at a token with these to_array values: those whose
        first test it passes (each of the test's attributes passes on its own value) and those
        whose first token is optional. A value seen before under an attribute costs one
        lookup, so a new word is tried only on the tests that read its words."""
        every = (1 << len(self._first)) - 1
        bits = every
        strings = doc.vocab.strings
        for attr, value, memo in zip(self._attrs, values, self._attr_memos, strict=True):
            passed = memo.get(value)
            if passed is None:
                readable = bool(value) if attr in _FLAGS else strings[value]
                listed, index = self._listed.get(str(attr), (0, {}))
                passed = every & ~listed | index.get(readable, 0)
                for bit, test in self._by_attr.get(str(attr), ()):
                    if not test(readable):
                        passed &= ~bit
                memo[value] = passed
            bits &= passed
        passing = set(self._everywhere)
        while bits:
            low = bits & -bits
            passing.add(self._first[low.bit_length() - 1][0])
            bits ^= low
        return tuple(sorted(passing))


def _ends(doc: Doc, i: int, steps: tuple[_Step, ...], k: int) -> set[int]:
    """Every position where ``steps[k:]`` can stop matching when started at token ``i``."""
    if k == len(steps):
        return {i}
    step = steps[k]
    out: set[int] = set()
    count, j = 0, i
    while True:
        if count >= step.low:
            out |= _ends(doc, j, steps, k + 1)
        if count >= step.high or j >= len(doc) or not step.test(doc[j]):
            return out
        count += 1
        j += 1


class SpacyMatcher:
    """spaCy's own ``Matcher`` behind the same call: the reference, and the fallback."""

    def __init__(self, vocab: Any, entries: Iterable[tuple[str, Sequence[dict[str, Any]]]]) -> None:
        from spacy.matcher import Matcher

        self.matcher = Matcher(vocab, validate=True)
        for key, pattern in entries:
            self.matcher.add(key, [list(pattern)])
        self.strings = vocab.strings

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        found = {(self.strings[m], s, e) for m, s, e in self.matcher(doc, allow_missing=True)}
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


def token_matcher(
    vocab: Any, entries: Sequence[tuple[str, Sequence[dict[str, Any]]]], *, indexed: bool = True
) -> IndexedMatcher | SpacyMatcher:
    """The indexed matcher for ``entries`` (key, pattern), or spaCy's when a pattern needs more
    or ``indexed`` is false (the speed-ups switched off).

    spaCy's Matcher is built either way, so a malformed pattern fails here with spaCy's own
    validation message (a ValueError).
    """
    reference = SpacyMatcher(vocab, entries)
    if not indexed:
        return reference
    matcher = IndexedMatcher()
    try:
        for key, pattern in entries:
            matcher.add(key, [pattern])
    except Unsupported:
        return reference
    return matcher
