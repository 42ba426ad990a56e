"""The date vocabulary and patterns (``rules/dates.yaml``), validated when they load: month and
weekday names, number words, parts of a month or year, relative days, and each expression's
pattern with the handler that resolves it (``parley.extraction.date_resolution``)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from parley.errors import RuleError

KINDS: tuple[str, ...] = ("explicit", "month", "year", "weekday", "relative", "range")


TENSES: tuple[str, ...] = ("past", "future", "present")


PRECISIONS: tuple[str, ...] = ("day", "month", "year")


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


_WS = re.compile(r"\s+")


# ---------------------------------------------------------------------------
# Loading the rules


@dataclass(frozen=True)
class DateRule:
    id: str
    kind: str
    handler: str
    regex: re.Pattern[str]  # for finding, with its look-behinds
    parse: re.Pattern[str]  # for reading a mention's text on its own: look-behinds dropped
    starts: frozenset[str]  # first words (lower case) a match can begin with; "#" for a digit


@dataclass(frozen=True)
class DatePart:
    month: tuple[int, int] | None = None
    year: tuple[int, int] | None = None
    week: tuple[int, int] | None = None
    cut: str | None = None  # "before" | "after": cut the period at the base date


@dataclass(frozen=True)
class _RelativeDay:
    id: str
    days: int
    base: str


@dataclass(frozen=True)
class DateRules:
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int]
    vague: Mapping[str, int]
    units: Mapping[str, tuple[int, int]]  # name -> (days, months)
    parts: Mapping[str, DatePart]
    modifiers: Mapping[str, tuple[int, str]]  # phrase -> (shift, base)
    relative_days: Mapping[str, _RelativeDay]
    rules: tuple[DateRule, ...]
    combined: re.Pattern[str] = field(repr=False)
    core_words: frozenset[str] = frozenset()
    # first word ("#" for digits) -> the patterns that may start there, as one regex
    # whose n-th group is the n-th rule of the tuple.
    by_start: Mapping[str, tuple[re.Pattern[str], tuple[DateRule, ...]]] = field(
        default_factory=dict, repr=False
    )

    def rule(self, rule_id: str) -> DateRule | None:
        """The pattern behind a mention's rule id (relative-day ids share one pattern)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        if any(entry.id == rule_id for entry in self.relative_days.values()):
            return next(r for r in self.rules if r.handler == "relative_day")
        return None


def date_key(text: str) -> str:
    """Normalise a matched word or phrase for table look-up."""
    return _WS.sub(" ", text.strip().lower().replace("’", "'")).rstrip(".")


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first so the longest wins."""
    ordered = sorted({w.lower() for w in words}, key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


def _drop_lookbehinds(pattern: str) -> str:
    """``pattern`` without its look-behind assertions, which need text before a mention."""
    out: list[str] = []
    i, depth_skip, depth, in_class = 0, -1, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if depth_skip < 0:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            if depth_skip < 0 and pattern.startswith(("(?<=", "(?<!"), i):
                depth_skip = depth
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == depth_skip:
                depth_skip = -1
                i += 1
                continue
        if depth_skip < 0:
            out.append(ch)
        i += 1
    return "".join(out)


def _fail(message: str) -> RuleError:
    return RuleError(f"rules/dates.yaml: {message}. Fix the file; it is read at start-up.")


def _require(data: Any, key: str, kind: type, where: str) -> Any:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind):
        raise _fail(f"{where}: {key!r} must be a {kind.__name__}")
    return value


def _strings(data: Any, key: str, where: str) -> list[str]:
    value = _require(data, key, list, where)
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(f"{where}: {key!r} must list words (quote YAML booleans such as 'on')")
    return value


def _pair(value: Any, where: str) -> tuple[int, int] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise _fail(f"{where}: expected a pair of integers, got {value!r}")
    return (value[0], value[1])


def _names(entries: list[Any], where: str, numbers: range) -> tuple[dict[str, int], str, str]:
    """Read month or weekday entries: (name -> number, regex of full names, regex of all names)."""
    table: dict[str, int] = {}
    full: list[str] = []
    short: list[str] = []
    for entry in entries:
        number = _require(entry, "number", int, where)
        names = [n.lower() for n in _strings(entry, "names", where)]
        abbreviations = [a.lower() for a in entry.get("abbreviations") or []]
        capitalised = {c.lower() for c in entry.get("capitalised") or []}
        for name in names + abbreviations:
            table[name] = number

        def pattern(word: str, capitalised: set[str] = capitalised) -> str:
            if word in capitalised:
                return f"(?-i:{word.capitalize()}|{word.upper()})"
            return re.escape(word)

        full += [pattern(n) for n in sorted(names, key=len, reverse=True)]
        short += [pattern(a) for a in sorted(abbreviations, key=len, reverse=True)]
    if sorted(_require(e, "number", int, where) for e in entries) != list(numbers):
        raise _fail(f"{where}: numbers must be {numbers.start}..{numbers.stop - 1}, each once")
    full_re = "(?:" + "|".join(full) + r")\b"
    abbreviated = r"|(?:" + "|".join(short) + r")\b\.?" if short else ""
    all_re = "(?:(?:" + "|".join(full) + r")\b" + abbreviated + ")"
    return table, full_re, all_re


def build(data: Any, handlers: Collection[str]) -> DateRules:
    """Validate and compile the rules file's data; each pattern must name one of ``handlers``
    (``parley.extraction.date_resolution.HANDLERS``)."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise _fail("expected a mapping with version: 1")
    months, month_full, month_all = _names(_require(data, "months", list, "months"), "months", range(1, 13))
    weekdays, weekday_full, weekday_all = _names(
        _require(data, "weekdays", list, "weekdays"), "weekdays", range(7)
    )

    numbers = {date_key(k): v for k, v in _require(data, "numbers", dict, "numbers").items()}
    vague = {date_key(k): v for k, v in _require(data, "vague_numbers", dict, "vague_numbers").items()}
    if not all(isinstance(v, int) and v > 0 for v in [*numbers.values(), *vague.values()]):
        raise _fail("numbers and vague_numbers must map words to positive integers")

    units: dict[str, tuple[int, int]] = {}
    for name, spec in _require(data, "units", dict, "units").items():
        days, month_count = (spec or {}).get("days", 0), (spec or {}).get("months", 0)
        if not (isinstance(days, int) and isinstance(month_count, int)) or bool(days) == bool(month_count):
            raise _fail(f"units.{name}: give exactly one of days or months")
        units[date_key(name)] = (days, month_count)

    parts: dict[str, DatePart] = {}
    for i, entry in enumerate(_require(data, "parts", list, "parts")):
        where = f"parts[{i}]"
        cut = entry.get("cut")
        if cut not in (None, "before", "after"):
            raise _fail(f"{where}: cut must be before or after")
        part = DatePart(_pair(entry.get("month"), where), _pair(entry.get("year"), where),
                     _pair(entry.get("week"), where), cut)
        if cut is None and None in (part.month, part.year, part.week):
            raise _fail(f"{where}: give month, year and week ranges, or a cut")
        for phrase in _strings(entry, "phrases", where):
            parts[date_key(phrase)] = part

    modifiers: dict[str, tuple[int, str]] = {}
    for phrase, spec in _require(data, "modifiers", dict, "modifiers").items():
        shift, base = (spec or {}).get("shift"), (spec or {}).get("base")
        if not isinstance(shift, int) or base not in ("anchor", "reference"):
            raise _fail(f"modifiers.{phrase}: need an integer shift and base anchor|reference")
        modifiers[date_key(phrase)] = (shift, base)
    if not {"the", "that"} <= set(modifiers):
        raise _fail("modifiers must define 'the' and 'that' (used after a part)")

    relative_days: dict[str, _RelativeDay] = {}
    seen_ids: set[str] = set()
    for i, entry in enumerate(_require(data, "relative_days", list, "relative_days")):
        where = f"relative_days[{i}]"
        rule_id = _require(entry, "id", str, where)
        days = _require(entry, "days", int, where)
        base = entry.get("base")
        if base not in ("anchor", "reference") or rule_id in seen_ids:
            raise _fail(f"{where}: base must be anchor|reference and the id {rule_id!r} unique")
        seen_ids.add(rule_id)
        for phrase in _strings(entry, "phrases", where):
            relative_days[date_key(phrase)] = _RelativeDay(rule_id, days, base)

    def words_after(words: list[str]) -> str:
        # One fixed-width look-behind per word: Python's re needs fixed widths.
        return "(?:" + "|".join(rf"(?<=\b{re.escape(w.lower())}\s)" for w in words) + ")"

    ordinal_ok = _strings(data, "ordinal_ok", "ordinal_ok")

    def first_words(phrases: Iterable[str]) -> frozenset[str]:
        return frozenset(p.split()[0] for p in phrases)

    classes = {
        "digit": frozenset({"#"}),
        "month": frozenset(months),
        "weekday": frozenset(weekdays) | {date_key(w) for w in _weekday_abbreviations(data)},
        "number": first_words([*numbers, *vague]),
        "part": first_words(parts),
        "modifier": first_words(modifiers),
        "relative": first_words(relative_days),
    }
    anchor_rel = [p for p, (_, base) in modifiers.items() if base == "anchor" and p != "past"] + ["past"]
    number_words = list(numbers) + list(vague)
    slots = {
        "year": r"(?P<year>(?:19|20)\d\d)(?!\d)",
        "day": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b",
        "day2": r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b",
        "month": f"(?P<month>{month_all})",
        "month2": f"(?P<month2>{month_all})",
        "month_full": f"(?P<month>{month_full})",
        "weekday": f"(?P<weekday>{weekday_full})",
        "wdprefix": rf"(?:{weekday_all},?\s+)?",
        "num": rf"(?P<num>\d{{1,3}}|(?:{_alternation(number_words)})\b)",
        "unit": rf"(?P<unit>{_alternation(units)})s?\b",
        "units": rf"(?P<unit>{_alternation(units)})s\b",
        "part": f"(?P<part>{_alternation(parts)})",
        "rel": rf"(?P<rel>{_alternation(anchor_rel)})",
        "prel": rf"(?P<rel>{_alternation(p for p in modifiers if p not in ('the', 'that'))})",
        "dash": r"(?:[-–—]|\b(?:to|until|till|through)\b)",
        "relday": f"(?P<phrase>{_alternation(relative_days)})",
        "year_before": words_after(_strings(data, "year_before", "year_before")),
        "ordinal_ok": rf"(?!\s+(?!(?:{_alternation(ordinal_ok)})\b)(?-i:[a-z]))",
    }

    rules: list[DateRule] = []
    for i, entry in enumerate(_require(data, "patterns", list, "patterns")):
        where = f"patterns[{i}]"
        rule_id = _require(entry, "id", str, where)
        kind = _require(entry, "kind", str, where)
        handler = _require(entry, "handler", str, where)
        source = _require(entry, "regex", str, where)
        if kind not in KINDS:
            raise _fail(f"{where} ({rule_id}): kind {kind!r} is not one of {', '.join(KINDS)}")
        if handler not in handlers:
            raise _fail(f"{where} ({rule_id}): unknown handler {handler!r}; known: {', '.join(handlers)}")
        if rule_id in seen_ids:
            raise _fail(f"{where}: duplicate id {rule_id!r}")
        seen_ids.add(rule_id)
        try:
            expanded = re.sub(r"\{(\w+)\}", lambda m: slots[m.group(1)], source)
            regex = re.compile(expanded, re.IGNORECASE)
            parse = re.compile(_drop_lookbehinds(expanded), re.IGNORECASE)
        except KeyError as err:
            raise _fail(f"{where} ({rule_id}): unknown placeholder {err}") from err
        except re.error as err:
            raise _fail(f"{where} ({rule_id}): bad regex: {err}") from err
        if regex.groups != len(regex.groupindex):
            raise _fail(f"{where} ({rule_id}): every group must be named or non-capturing")
        starts: set[str] = set()
        for start in _strings(entry, "starts", where):
            if start in classes:
                starts |= classes[start]
            elif " " in start.strip():
                raise _fail(f"{where} ({rule_id}): start {start!r} must be one word or a class")
            else:
                starts.add(start.lower())
        rules.append(DateRule(rule_id, kind, handler, regex, parse, frozenset(starts)))

    combined = _union(rules)
    subsets: dict[tuple[int, ...], tuple[re.Pattern[str], tuple[DateRule, ...]]] = {}
    by_start: dict[str, tuple[re.Pattern[str], tuple[DateRule, ...]]] = {}
    for word in sorted(set().union(*(r.starts for r in rules))):
        chosen = tuple(i for i, r in enumerate(rules) if word in r.starts)
        if chosen not in subsets:
            subset = [rules[i] for i in chosen]
            subsets[chosen] = (_union(subset), tuple(subset))
        by_start[word] = subsets[chosen]
    # Every date expression holds a core token (a digit, a month or weekday name, a unit,
    # the last word of a day phrase) and starts at most _REACH tokens before it: find_dates
    # only tries patterns there. tests/extract/test_dates.py checks it finds what a full scan finds.
    core = set(months) | set(weekdays) | set(units) | {f"{u}s" for u in units} | {"weekend", "weekends"}
    core |= {phrase.split()[-1] for phrase in relative_days}
    return DateRules(
        months, weekdays, numbers, vague, units, parts, modifiers, relative_days, tuple(rules), combined,
        frozenset(core), by_start,
    )


def _union(rules: list[DateRule]) -> re.Pattern[str]:
    # Each rule becomes one capturing group, its own groups turned non-capturing, so the
    # index of the group that matched names the rule.
    return re.compile("|".join(f"({_NAMED_GROUP.sub('(?:', r.regex.pattern)})" for r in rules), re.IGNORECASE)


def _weekday_abbreviations(data: dict[str, Any]) -> list[str]:
    return [a for entry in data["weekdays"] for a in entry.get("abbreviations") or []]


Groups = dict[str, str | None]
