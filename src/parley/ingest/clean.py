"""Remove what a page wraps around an article: headline lists, comments, author bios, share lines.

The patterns are data (``boilerplate.yaml``, validated at load); this module is the
machinery that applies them to a text's lines. Everything here works on whole lines
and on the article's tail, and every removal needs a structural cue (a marker line,
a run of dated headlines, a name line over a bio), so an ordinary paragraph of the
article is never removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from parley.errors import RuleError
from parley.ingest.dates_meta import DATE_PATTERN, is_date_line

RULES_FILE = "boilerplate.yaml"


@dataclass(frozen=True)
class LineRule:
    id: str
    kind: str
    regex: re.Pattern[str]
    max_len: int = 200


@dataclass(frozen=True)
class TailMarker:
    id: str
    kind: str
    regex: re.Pattern[str]
    after: float
    rest: str  # "any" | "short"


@dataclass(frozen=True)
class BioRule:
    id: str
    kind: str
    max_len: int
    pronouns: frozenset[str]
    verbs: frozenset[str]
    name_particles: frozenset[str]
    markers: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Rules:
    lines: tuple[LineRule, ...]
    tail_markers: tuple[TailMarker, ...]
    comment_lines: tuple[LineRule, ...]
    author_bio: BioRule


@dataclass(frozen=True)
class Cleaned:
    """The cleaned lines, the kinds of boilerplate removed and the ids of the rules that removed them."""

    lines: tuple[str, ...]
    removed: tuple[str, ...]
    rules: tuple[str, ...]


# Headline-sized: a related-stories entry or a headline in a list, never a paragraph.
HEADLINE_MAX = 200
# A headline list needs at least this many dated entries; one title over one date
# is too little to tell a list from an article's closing line and its stamp.
HEADLINE_LIST_MIN = 2
_DATED_HEADLINE = re.compile(
    rf"(?P<title>.{{10,{HEADLINE_MAX}}}?)\s*[|•·–—-]?\s*{DATE_PATTERN}\s*", re.IGNORECASE
)


def _dated_headline(line: str) -> bool:
    """Whether a stripped line is a headline followed by a date ("Talks resume | 16 July 2025").

    Every date shape ends in a digit (or the "Z" of an ISO time), so a line ending otherwise
    is no dated headline: that one look spares the pattern's two hundred trial splits of a
    paragraph line into title and date, which were most of the cost of ingesting a document.
    """
    if not line or not (line[-1].isdigit() or line[-1] in "zZ"):
        return False
    return _DATED_HEADLINE.fullmatch(line) is not None


def _compile(pattern: Any, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(f"{where}: 'pattern' must be a non-empty string. Fix the rule in {RULES_FILE}.")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise RuleError(f"{where}: bad pattern {pattern!r}: {err}. Fix the rule in {RULES_FILE}.") from err


def _check_keys(
    entry: Any, where: str, required: set[str], optional: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise RuleError(f"{where}: expected a mapping, got {type(entry).__name__}. Fix {RULES_FILE}.")
    missing = required - entry.keys()
    unknown = entry.keys() - required - optional
    if missing or unknown:
        raise RuleError(
            f"{where}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}; "
            f"allowed: {sorted(required | optional)}. Fix {RULES_FILE}."
        )
    return entry


def parse_rules(data: Any, source: str = RULES_FILE) -> Rules:
    """Validate the boilerplate rules; any defect raises RuleError naming the rule."""
    data = _check_keys(data, source, {"lines", "tail_markers", "comment_lines", "author_bio"})
    seen: set[str] = set()

    def rule_id(entry: dict[str, Any], where: str) -> str:
        value = entry["id"]
        if not isinstance(value, str) or not value or value in seen:
            raise RuleError(f"{where}: rule id {value!r} is empty or used twice. Fix {source}.")
        seen.add(value)
        return value

    lines = []
    for i, entry in enumerate(data["lines"] or ()):
        where = f"{source}: lines[{i}]"
        _check_keys(entry, where, {"id", "kind", "pattern"}, {"max_len"})
        lines.append(
            LineRule(rule_id(entry, where), str(entry["kind"]), _compile(entry["pattern"], where),
                     int(entry.get("max_len", 200)))
        )
    markers = []
    for i, entry in enumerate(data["tail_markers"] or ()):
        where = f"{source}: tail_markers[{i}]"
        _check_keys(entry, where, {"id", "kind", "pattern", "after", "rest"})
        if entry["rest"] not in ("any", "short"):
            raise RuleError(f"{where}: 'rest' must be 'any' or 'short', got {entry['rest']!r}. Fix {source}.")
        after = float(entry["after"])
        if not 0.0 <= after < 1.0:
            raise RuleError(f"{where}: 'after' must be a fraction in [0, 1), got {after}. Fix {source}.")
        markers.append(
            TailMarker(rule_id(entry, where), str(entry["kind"]), _compile(entry["pattern"], where),
                       after, entry["rest"])
        )
    comments = []
    for i, entry in enumerate(data["comment_lines"] or ()):
        where = f"{source}: comment_lines[{i}]"
        _check_keys(entry, where, {"id", "pattern"}, {"max_len"})
        comments.append(
            LineRule(rule_id(entry, where), "comments", _compile(entry["pattern"], where),
                     int(entry.get("max_len", 2000)))
        )
    where = f"{source}: author_bio"
    bio = _check_keys(
        data["author_bio"], where, {"id", "kind", "max_len", "pronouns", "verbs", "name_particles", "markers"}
    )
    author_bio = BioRule(
        id=rule_id(bio, where),
        kind=str(bio["kind"]),
        max_len=int(bio["max_len"]),
        pronouns=frozenset(str(w).lower() for w in bio["pronouns"]),
        verbs=frozenset(str(w).lower() for w in bio["verbs"]),
        name_particles=frozenset(str(w).lower() for w in bio["name_particles"]),
        markers=tuple(_compile(m, f"{where}.markers") for m in bio["markers"]),
    )
    return Rules(tuple(lines), tuple(markers), tuple(comments), author_bio)


@cache
def load_rules() -> Rules:
    text = resources.files("parley.ingest").joinpath(RULES_FILE).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise RuleError(f"{RULES_FILE} is not valid YAML: {err}") from err
    return parse_rules(data)


def clean(lines: Sequence[str], rules: Rules | None = None) -> Cleaned:
    """Drop boilerplate lines; blank lines are kept as paragraph separators.

    Order matters: trailing sections are cut first (a reply form, then the comment
    thread above it, then the author bio above that), then dated headline lists and
    single boilerplate lines anywhere.
    """
    rules = rules or load_rules()
    work = list(lines)
    removed: list[str] = []
    fired: list[str] = []

    def note(kind: str, rule: str) -> None:
        if kind not in removed:
            removed.append(kind)
        if rule not in fired:
            fired.append(rule)

    comments_marked = False
    marker = _find_tail_marker(work, rules.tail_markers)
    if marker is not None:
        index, rule = marker
        work = work[:index]
        note(rule.kind, rule.id)
        comments_marked = rule.kind == "comments"

    thread_start, thread_rule = _comment_thread_start(work, rules.comment_lines)
    bio = _author_bio_span(work, thread_start, rules.author_bio)
    if thread_start < len(work) and (comments_marked or bio is not None):
        work = work[:thread_start]
        note("comments", thread_rule)
    if bio is not None:
        start, end = bio
        del work[start:end]
        note(rules.author_bio.kind, rules.author_bio.id)

    work, found = _drop_headline_lists(work)
    if found:
        note("headline_list", "headline_list.dated_titles")

    kept: list[str] = []
    for line in work:
        stripped = line.strip()
        rule_hit = _match_line(stripped, rules.lines) if stripped else None
        if rule_hit is None:
            kept.append(line)
        else:
            note(rule_hit.kind, rule_hit.id)
    while kept and not kept[-1].strip():
        kept.pop()
    return Cleaned(tuple(kept), tuple(removed), tuple(fired))


def _match_line(stripped: str, rules: Sequence[LineRule]) -> LineRule | None:
    for rule in rules:
        if len(stripped) <= rule.max_len and rule.regex.fullmatch(stripped):
            return rule
    return None


def _find_tail_marker(lines: list[str], markers: Sequence[TailMarker]) -> tuple[int, TailMarker] | None:
    total = sum(len(line) + 1 for line in lines) or 1
    offset = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and len(stripped) <= 80:
            for marker in markers:
                if offset / total < marker.after or not marker.regex.fullmatch(stripped):
                    continue
                rest = lines[index + 1 :]
                if marker.rest == "short" and any(len(r.strip()) > HEADLINE_MAX for r in rest):
                    continue
                return index, marker
        offset += len(line) + 1
    return None


def _comment_thread_start(lines: list[str], rules: Sequence[LineRule]) -> tuple[int, str]:
    """Where a trailing run of comment-like lines begins (``len(lines)`` when there is none).

    The run holds comment lines (numbered or bulleted replies, "says:" headers, reply
    links) and indented continuation lines; it must contain a list item, start on a
    comment line and be mostly comment lines, so an article's own indented paragraphs
    are never taken for a thread.
    """
    matched: list[tuple[int, str]] = []
    others: list[int] = []
    has_item = False
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            continue
        hit = _match_line(stripped, rules)
        if hit is not None:
            matched.append((index, hit.id))
            has_item = has_item or hit.id.endswith("list_item")
        elif len(line) - len(line.lstrip()) >= 2:
            others.append(index)
        else:
            break
    if not has_item:
        return len(lines), ""
    start, _ = matched[-1]
    if sum(1 for i in others if i > start) > len(matched):
        return len(lines), ""
    return start, next(rule for _, rule in matched if rule.endswith("list_item"))


def _is_name_line(line: str, rule: BioRule) -> bool:
    text = re.sub(r"^by\s+", "", line.strip(), flags=re.IGNORECASE)
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 60 or any(ch.isdigit() for ch in text):
        return False
    if text[-1] in ".,;:!?":
        return False
    return all(
        w[0].isupper() or w.lower() in rule.name_particles for w in words
    ) and any(w[0].isupper() and len(w.strip(".")) > 1 for w in words)


def _is_bio(paragraph: str, name: str | None, rule: BioRule) -> bool:
    if len(paragraph) > rule.max_len:
        return False
    words = re.findall(r"[\w'’-]+", paragraph)
    if not words:
        return False
    subject_len = 0
    if name:
        name_words = re.findall(r"[\w'’-]+", name)
        if words[: len(name_words)] == name_words:
            subject_len = len(name_words)
        elif words[0] in (name_words[0], name_words[-1]):
            subject_len = 1
    if not subject_len and words[0].lower() in rule.pronouns:
        subject_len = 1
    if not subject_len:
        return False
    return any(w.lower() in rule.verbs for w in words[subject_len : subject_len + 3])


def _author_bio_span(lines: list[str], end: int, rule: BioRule) -> tuple[int, int] | None:
    """The lines of an author bio just before ``end``: name line(s) and one short paragraph."""
    idx = [i for i in range(end) if lines[i].strip()]
    if len(idx) < 3:
        return None
    para_at = idx[-1]
    paragraph = lines[para_at].strip()
    above = idx[-2]
    head = lines[above].strip()
    if any(m.fullmatch(head.rstrip(":")) for m in rule.markers):
        if len(paragraph) <= rule.max_len:
            return above, end
        return None
    if not _is_name_line(head, rule):
        return None
    name = re.sub(r"^by\s+", "", head, flags=re.IGNORECASE)
    if not _is_bio(paragraph, name, rule):
        return None
    start = above
    # The name is often printed twice (byline, then bio heading).
    for i in reversed(idx[:-2]):
        if lines[i].strip() == head:
            start = i
        else:
            break
    return start, end


def _kind(line: str) -> str:
    """'D' for a date-only line, 'T' for a headline-sized title line, '' otherwise."""
    stripped = line.strip()
    if not stripped:
        return ""
    if is_date_line(stripped):
        return "D"
    if 10 <= len(stripped) <= HEADLINE_MAX and stripped[-1] not in ".,;:":
        return "T"
    return ""


def _drop_headline_lists(lines: list[str]) -> tuple[list[str], bool]:
    """Remove runs of titles alternating with dates, and runs of titles ending in a date.

    A list printed title-then-date cannot start with a date: a date line just before
    the first title is the article's own stamp and stays (and vice versa).
    """
    idx = [i for i, line in enumerate(lines) if line.strip()]
    kinds = [_kind(lines[i]) for i in idx]
    drop: set[int] = set()
    k = 0
    while k < len(idx):
        if not kinds[k]:
            k += 1
            continue
        run_end = k + 1
        while run_end < len(idx) and kinds[run_end] and kinds[run_end] != kinds[run_end - 1]:
            run_end += 1
        run = list(range(k, run_end))
        last_kind = kinds[run[-1]]
        if kinds[run[0]] == last_kind and len(run) > 1:
            run = run[1:]  # the list ends the way it starts the other way round: trim the stranger
        dates = sum(1 for j in run if kinds[j] == "D")
        titles = len(run) - dates
        if dates >= HEADLINE_LIST_MIN and titles >= HEADLINE_LIST_MIN:
            drop.update(idx[j] for j in run)
        k = run_end
    # Entries printed on one line: "Some headline 16.Jul.2025", three or more in a row.
    streak: list[int] = []
    for i in [*idx, -1]:
        line = lines[i].strip() if i >= 0 else ""
        if i >= 0 and i not in drop and _dated_headline(line) and not is_date_line(line):
            streak.append(i)
            continue
        if len(streak) >= 3:
            drop.update(streak)
        streak = []
    if not drop:
        return lines, False
    return [line for i, line in enumerate(lines) if i not in drop], True
