"""Temporal anchoring: which date expression of a sentence dates which event.

A date belongs to the event whose clause it modifies, never to one in a temporal frame
("after the clashes on 13 September"), on a reporting verb, or on a verb that places the
event before or after another; the finest date wins over a nearer coarse one. Coordinated
dates ("on 7 April and 23 May") each date an event of their own. Resolving an expression
against the article's date is ``parley.extraction.dates``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Span, Token

from parley.extraction.rules import EventRules, sideline_words
from parley.extraction.syntax import (
    VERB_POS,
    ancestors_of,
    clause_verbs,
    governing_verb,
    relative_below,
    sequences_other_event,
    tree_distance,
)

YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


# How finely a date expression dates an event; see attached_date. "A week later" counts from a
# date the text may not give, so a named day ("on 7 November") beside it wins.
COARSE_KINDS = {"relative": 1, "month": 2, "year": 3}


# Nouns a date may hang on and still date the event: "on the day of", "in the first half of July".
DATE_NOUNS = frozenset(
    ["day", "date", "week", "month", "year", "weekend", "evening", "morning", "night", "half", "part",
     "end", "beginning", "start", "middle", "course", "quarter", "time"]
)


def date_spans_in(doc: Doc, dates: Sequence[Any]) -> list[tuple[Any, Span]]:
    out = []
    for mention in dates:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append((mention, _attached_part(span)))
    return out


def _attached_part(span: Span) -> Span:
    """The part of a date phrase that hangs where the phrase does: "on November 9, 2020" is
    sometimes parsed with the year hanging on a later verb; the phrase then attaches where its
    day and month do."""
    outside = [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]
    if len(outside) < 2 or not all(t.like_num and len(t.text) == 4 for t in outside[1:]):
        return span
    first = outside[0]
    end = max(t.i for t in first.subtree if span.start <= t.i < span.end) + 1
    return span.doc[span.start : end]


def _date_owner(span: Span, rules: EventRules) -> tuple[Token | None, str]:
    """The word a date expression modifies and the preposition between them ("" if none)."""
    root = span.root
    head = root.head
    if head.i == root.i:
        return None, ""
    if root.dep_ in ("compound", "nummod") and head.pos_ == "PROPN" and not span.start <= head.i < span.end:
        # "on 13 September Emmanuel Macron phoned", "Today Blinken held": the parser glued the
        # date to the name after it; the date belongs where the name's phrase attaches.
        node = head
        while node.dep_ in ("compound", "flat") and node.head.i != node.i:
            node = node.head
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ in VERB_POS:
            return node.head.head, node.head.lower_
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.pos_ in VERB_POS:
            return node.head, ""
    focused = _cleft_focus(root)
    if focused is not None:
        # "It was on the night of 10 November that the leaders signed": the date belongs to the clause.
        return focused, "on"
    if head.dep_ == "prep" or head.pos_ == "ADP":
        prep = head.lower_
        if prep == "to" and head.head.lower_ == "prior":
            prep = "prior"
        return (head.head if head.head.i != head.i else None), prep
    return head, ""


def dates_a_clause(span: Span, rules: EventRules) -> bool:
    """Whether a date expression modifies a verb (the time of a clause), not a noun ("the
    Declaration of 1991")."""
    owner, _ = _date_owner(span, rules)
    return owner is not None and owner.pos_ in VERB_POS


def _cleft_focus(date_root: Token) -> Token | None:
    """The clause an "it was ... that" cleft puts a date in focus for ("It was only on the night of
    10 November that they signed"): the date hangs on "was" through prepositions and time nouns."""
    node = date_root
    for _ in range(5):
        head = node.head
        if head.i == node.i:
            return None
        if head.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in head.children):
            clauses = (c for c in head.children if c.dep_ == "ccomp")
            return next((c for c in clauses if any(m.lower_ == "that" for m in c.children)), None)
        if not (node.dep_ in ("pobj", "prep") or node.lower_ in DATE_NOUNS):
            return None
        node = head
    return None


def attached_date(
    cluster: list[Span],
    scope: set[int],
    date_spans: list[tuple[Any, Span]],
    rules: EventRules,
    reporting: set[int],
    date_owners: set[int],  # date words, and the gatherings an event is held during
) -> tuple[Any, str]:
    roots = [s.root for s in cluster]
    root_ids = {r.i for r in roots}
    best: tuple[int, int, Any] | None = None
    # "since January, when they met in Moscow": the clause dates itself by the word it qualifies.
    for root in roots:
        for verb in [root, *clause_verbs(root)]:
            if verb.dep_ != "relcl" or not any(c.lower_ == "when" for c in verb.children):
                continue
            for mention, span in date_spans:
                if span.start <= verb.head.i < span.end and not _counts_from_other_event(mention, span):
                    return mention, "date.when_clause"
    starts = {s.start for s in cluster}
    for mention, span in date_spans:
        # "the November 26, 2021 meeting", "the 9 November statement": a date right before the
        # event noun is its own, however the parser attached it.
        whole = span.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if (
            whole is not None
            and whole.end in starts
            and whole.start > 0
            and whole.doc[whole.start - 1].dep_ == "det"
            and not _counts_from_other_event(mention, span)
        ):
            return mention, "date.attached"
    for mention, span in date_spans:
        focused = _cleft_focus(span.root)
        if span.root.i not in scope and not (focused is not None and focused.i in scope):
            continue
        if _counts_from_other_event(mention, span):
            continue
        owner, prep = _date_owner(span, rules)
        if prep in rules.date_blocking_preps:
            continue
        if owner is not None and owner.i not in root_ids:
            if owner.lemma_.lower() in rules.reporting_lemmas or owner.i in reporting:
                continue
            if sequences_other_event(owner, rules, root_ids):
                continue
            if owner.pos_ in VERB_POS and all(relative_below(owner, r) for r in roots):
                # "During the meeting he spoke of the attack that Azerbaijan launched on
                # 13 September": a verb in a relative clause or frame dates another event.
                continue
            if (
                owner.pos_ in ("NOUN", "PROPN")
                and owner.i not in date_owners
                and owner.lower_ not in DATE_NOUNS
                and owner.lower_ not in sideline_words(rules)  # "on the sidelines ... on 24 October"
                and owner.lemma_.lower() not in rules.visit_lemmas  # "while on a trip there on 14 May"
                and not any(owner.i in range(s.start, s.end) for s in cluster)
            ):
                continue
        distance = min(tree_distance(span.root, r) for r in roots)
        # "on Saturday, their second meeting this year": the day dates the event, the year
        # only places it in a series, so a finer date wins over a nearer coarse one.
        key = (_coarseness(mention), distance)
        if best is None or key < best[:2]:
            best = (key[0], key[1], mention)
    if best is None:
        return None, ""
    return best[2], "date.attached"


def date_before_frame(cluster: list[Span], date_spans: list[tuple[Any, Span]]) -> tuple[Any, str]:
    """"The meeting came three weeks after Putin received the pair in Sochi": the framed event
    lies that long before the article's own event, taken to be the article's date. Read as
    "three weeks ago"; the bound of "less than" is dropped."""
    from parley.extraction.dates import DateMention

    for mention, span in date_spans:
        words = span.text.lower().split()
        if mention.kind != "relative" or len(words) < 3 or words[-1] != "after":
            continue
        frame = span[-1]
        # "after" is the preposition above a noun ("after talks") or the marker of a clause.
        framed = any(
            frame.i in {t.i for t in ancestors_of(s.root)}
            or (frame.dep_ == "mark" and frame.head.i == s.root.i)
            for s in cluster
        )
        if not framed:
            continue
        text = " ".join(words[-3:-1]) + " ago"
        counted = DateMention(mention.start, mention.end, text, "relative", "date.counted.from")
        return counted, "date.before_framing_event"
    return None, ""


def _coarseness(mention: Any) -> int:
    """0 for a named day, 1 for a day counted from another, 2 for a month, 3 for a year:
    "this year" and "2023" alike are years."""
    words = mention.text.lower().split()
    last = words[-1].rstrip("s") if words else ""
    if last in ("year", "month"):
        return COARSE_KINDS[last]
    return COARSE_KINDS.get(mention.kind, 0)


def _counts_from_other_event(mention: Any, span: Span) -> bool:
    """"four days after the clashes", "a week before the vote": the count starts at another
    event the text does not date here, not at the article's date."""
    words = span.text.lower().split()
    if mention.kind != "relative" or not words or words[-1] not in ("after", "before", "prior"):
        return False
    doc = span.doc
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.lower_ == "to" and words[-1] == "prior":
        following = doc[span.end + 1] if span.end + 1 < len(doc) else None
    return following is not None and not following.is_punct


def conjoined_dates(found: Any, date_spans: list[tuple[Any, Span]], rules: EventRules) -> tuple[Any, ...]:
    """"met in April and again in May", "on 7 April and 23 May", "the statements of 9 November
    2020 and 11 January 2021": another date joined to the event's date by "and" (on the same
    verb, or coordinated with it in the parse) dates another event of the same kind."""
    if found is None:
        return ()
    spans = {id(m): span for m, span in date_spans}
    first = spans.get(id(found))
    if first is None:
        return ()
    owner = _date_owner(first, rules)[0]
    out = []
    for mention, span in date_spans:
        if mention is found or span.start < first.end and first.start < span.end:
            continue
        same_kind = mention.kind == found.kind and _coarseness(mention) == _coarseness(found)
        if not same_kind and not (mention.kind in COORDINATE_KINDS and found.kind in COORDINATE_KINDS):
            continue
        left, right = (first, span) if first.start < span.start else (span, first)
        if _next_days(found, mention):
            continue  # "on Friday and Saturday": one round over two days
        between = span.doc[left.end : right.start]
        if not any(t.lower_ == "and" for t in between) or any(t.pos_ in VERB_POS for t in between):
            continue
        other_owner, prep = _date_owner(span, rules)
        same_verb = (
            other_owner is not None
            and owner is not None
            and _same_owner(owner, other_owner)
            and prep not in rules.date_blocking_preps
        )
        if same_verb or _coordinated(left.root, right.root):
            out.append(mention)
    return tuple(out)


def _same_owner(a: Token, b: Token) -> bool:
    """Two dates modify one event when they hang on the same word, or one on a verb and the
    other on the noun that is its object ("held talks in May and again in June")."""
    if a.i == b.i:
        return True
    verb_a, verb_b = governing_verb(a), governing_verb(b)
    return (verb_a is not None and verb_a.i == b.i) or (verb_b is not None and verb_b.i == a.i)


def _next_days(a: Any, b: Any) -> bool:
    """Two weekdays in a row ("Friday and Saturday")."""
    from parley.extraction.dates import weekday_number

    if a.kind != "weekday" or b.kind != "weekday":
        return False
    x, y = weekday_number(a.text), weekday_number(b.text)
    return x is not None and y is not None and (abs(x - y) == 1 or abs(x - y) == 6)


# Date kinds that may be coordinated with one another ("in May and on 3 July").
COORDINATE_KINDS = frozenset(["explicit", "month", "year"])


def _coordinated(left: Token, right: Token) -> bool:
    """Whether ``right`` is a conjunct of ``left``, directly or through a preposition ("in May
    and in July": the second "in" is the first's conjunct)."""
    for a, b in ((left, right), (left.head, right.head)):
        node = b
        for _ in range(3):
            if node.dep_ != "conj" or node.head.i == node.i:
                break
            node = node.head
            if node.i == a.i:
                return True
    return False


def date_of_verb(verb: Token, date_spans: list[tuple[Any, Span]], rules: EventRules) -> tuple[Any, str]:
    """The finest date hanging directly on a verb."""
    found = [
        (_coarseness(mention), mention)
        for mention, span in date_spans
        if (owner := _date_owner(span, rules))[0] is not None
        and owner[0].i == verb.i
        and owner[1] not in rules.date_blocking_preps
        and not _counts_from_other_event(mention, span)
    ]
    if not found:
        return None, ""
    return min(found, key=lambda pair: pair[0])[1], "date.speaker"
