"""Agenda and stances: which events discussed each pack issue, and what each side said about it.

A stance is a sentence that mentions a pack issue, has a reporting or stance verb
(says, insists, demands, rejects, proposes, calls for, ...), and names a pack person or
actor as the one speaking: the nearest name before the verb (its subject), or, when none
precedes it, the nearest after it ("..., Aliyev said"). Sentences are split as the extractor
splits them (``parley.extraction.segment``), cheaply, with regular expressions; no parser is
needed for this.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from parley.extraction.segment import split_sentences
from parley.model import Document, Event, Stance
from parley.partial_date import parse_day

if TYPE_CHECKING:
    from parley.pack import Pack

# Stance verbs with their inflected forms. The rule id ``stance.<lemma>`` travels onto each
# stance. Plain reporting verbs (say, state) rank below verbs that carry a position, so a
# sentence with both is labelled by the stronger one.
STANCE_VERBS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("reject", ("reject", "rejects", "rejected", "rejecting"), 3),
    ("refuse", ("refuse", "refuses", "refused", "refusing"), 3),
    ("demand", ("demand", "demands", "demanded", "demanding"), 3),
    ("insist", ("insist", "insists", "insisted", "insisting"), 3),
    ("call for", ("call for", "calls for", "called for", "calling for"), 3),
    ("propose", ("propose", "proposes", "proposed", "proposing"), 3),
    ("oppose", ("oppose", "opposes", "opposed", "opposing"), 3),
    ("urge", ("urge", "urges", "urged", "urging"), 3),
    ("condemn", ("condemn", "condemns", "condemned", "condemning"), 3),
    ("accuse", ("accuse", "accuses", "accused", "accusing"), 3),
    ("deny", ("deny", "denies", "denied", "denying"), 3),
    ("support", ("support", "supports", "supported"), 2),
    ("welcome", ("welcome", "welcomes", "welcomed", "welcoming"), 2),
    ("warn", ("warn", "warns", "warned", "warning"), 2),
    ("stress", ("stress", "stresses", "stressed", "stressing"), 2),
    ("reiterate", ("reiterate", "reiterates", "reiterated", "reiterating"), 2),
    ("emphasize", ("emphasize", "emphasizes", "emphasized", "emphasise", "emphasises", "emphasised"), 2),
    ("claim", ("claim", "claims", "claimed"), 2),
    ("declare", ("declare", "declares", "declared"), 1),
    ("announce", ("announce", "announces", "announced"), 1),
    ("state", ("state", "states", "stated"), 1),
    ("say", ("say", "says", "said"), 1),
    ("note", ("note", "notes", "noted"), 1),
)

_VERB_FORMS = {form: (lemma, rank) for lemma, forms, rank in STANCE_VERBS for form in forms}
_VERB_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(f) for f in _VERB_FORMS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_NAME_RE = re.compile(r"[A-Z][\w'’\-.]*(?:\s+[A-Z][\w'’\-.]*)*")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans (start, end) over ``text``, as the extractor splits a document's body
    (``parley.extraction.segment``): one sentence splitter for the whole project."""
    for sentence in split_sentences(text):
        yield sentence.start, sentence.end


@dataclass(frozen=True)
class _Speaker:
    name: str
    party: str | None
    start: int


def _speakers(sentence: str, pack: Pack, on: dt.date | None) -> list[_Speaker]:
    """Pack people and actors named in a sentence, by position."""
    found = []
    for m in _NAME_RE.finditer(sentence):
        words = m.group(0).rstrip(".").split()
        offset = m.start()
        hit: _Speaker | None = None
        # Drop leading words ("The", "On Monday", a title) until a pack name matches.
        for skip in range(len(words)):
            text = " ".join(words[skip:])
            if _VERB_RE.fullmatch(text):
                break
            person = pack.person(text, on=on)
            if person is not None:
                hit = _Speaker(person[0].name, person[0].party, offset)
                break
            actor = pack.actor(text) or (pack.metonym(text) if skip == len(words) - 1 else None)
            if actor is not None:
                hit = _Speaker(text, actor.code, offset)
                break
            offset += len(words[skip]) + 1
        if hit is None:
            # "the Azerbaijani side", "Armenian officials": a demonym speaking for its actor
            for word in words:
                actor = pack.demonym(word)
                if actor is not None:
                    hit = _Speaker(f"{word} side", actor.code, m.start() + sentence[m.start():].find(word))
                    break
        if hit is not None:
            found.append(hit)
    return found


def extract_stances(document: Document, pack: Pack) -> list[Stance]:
    """Every sentence of ``document`` where a pack person or actor states a position on a pack issue."""
    on = parse_day(document.published)
    out: list[Stance] = []
    text = document.text
    for start, end in sentences(text):
        sentence = text[start:end]
        issues = pack.issues_in(sentence)
        if not issues:
            continue
        verbs = [(m, *_VERB_FORMS[m.group(0).lower()]) for m in _VERB_RE.finditer(sentence)]
        if not verbs:
            continue
        verb_match, lemma, _ = max(verbs, key=lambda v: (v[2], -v[0].start()))
        speakers = _speakers(sentence, pack, on)
        before = [s for s in speakers if s.start < verb_match.start()]
        after = [s for s in speakers if s.start > verb_match.end()]
        speaker = before[-1] if before else (after[0] if after else None)
        if speaker is None:
            continue
        for issue_id in dict.fromkeys(issue.id for issue, _, _ in issues):
            out.append(
                Stance(
                    doc=document.name,
                    doc_id=document.id,
                    published=document.published,
                    issue=issue_id,
                    party=speaker.party,
                    speaker=speaker.name,
                    verb=lemma,
                    quote=sentence,
                    start=start,
                    end=end,
                    rule=f"stance.{lemma.replace(' ', '_')}",
                )
            )
    return out


def agenda(events: Iterable[Event]) -> dict[str, list[Event]]:
    """Issue id -> the events where it was discussed (from the reports' issues), in timeline order."""
    out: dict[str, list[Event]] = {}
    for ev in events:
        for issue in ev.issues:
            out.setdefault(issue, []).append(ev)
    return out


def positions(stances: Iterable[Stance]) -> dict[str, dict[str, list[Stance]]]:
    """Issue -> party -> that side's statements, oldest first (undated last)."""
    out: dict[str, dict[str, list[Stance]]] = {}
    for st in sorted(stances, key=lambda s: (s.published is None, s.published or "", s.doc, s.start)):
        out.setdefault(st.issue, {}).setdefault(st.party or "?", []).append(st)
    return out


def stances_json(stances: Iterable[Stance]) -> list[dict[str, Any]]:
    return [s.to_json() for s in stances]
