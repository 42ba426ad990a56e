"""Mediator: the third party that hosts or brokers an event, from the words around its trigger
("mediated by", "hosted by", "at the invitation of"), or none where the text says the talks
were direct."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from parley.extraction.rules import EventRules
from parley.extraction.syntax import VERB_POS

if TYPE_CHECKING:
    from parley.extraction.arguments import PartyRef, SentenceReader


def mediator_of(
    cluster: list[Span],
    scope: set[int],
    parties: list[PartyRef],
    reader: SentenceReader,
    rules: EventRules,
    doc: Doc,
) -> tuple[str | None, str]:
    by_token = {p.token: p for p in parties}

    def party_near(start: int, stop: int, demonyms: bool = False) -> str | None:
        for i in range(start, min(stop, len(doc))):
            if i in by_token:
                return by_token[i].code
            side = reader._token_side(i)
            if side and (demonyms or reader.labels(i) & {"ACTOR", "PERSON_KNOWN", "NER_PERSON"}):
                return side
            for ent in reader.by_token.get(i, []):
                if ent.label in ("PERSON_KNOWN", "NER_PERSON"):
                    known = reader.person(ent)
                    if known and known[1]:
                        return known[1]
            if lowered[i] in reader.rules.role_nouns:
                side = reader._np_side(doc[i])
                if side:
                    return side
        return None

    lowered = reader.lowered
    # Adverbs may sit inside a cue: "organized first by", "hosted jointly by".
    plain = reader.plain
    # The first phrase in rule order that stands in scope with a party after it wins, at its
    # first such place: phrases are looked up by their first word, not tried at every token.
    found: list[tuple[int, int, str, int]] = []
    by_first = rules.mediator_index
    for k, i in enumerate(plain):
        if i not in scope:
            continue
        for number, rule_id, words in by_first.get(lowered[i], ()):
            n = len(words)
            if k + n <= len(plain) and tuple(lowered[j] for j in plain[k : k + n]) == words:
                found.append((number, k, rule_id, plain[k + n - 1] + 1))
    for _number, _k, rule_id, end in sorted(found):
        code = party_near(end, end + 10)
        if code:
            return code, rule_id
    agent = rules.mediator_agent
    for i in sorted(scope):
        token = doc[i]
        if token.lemma_.lower() not in agent.lemmas or token.pos_ not in VERB_POS:
            continue
        subjects = [c for c in token.children if c.dep_ in ("nsubj",)]
        head = token
        while not subjects and head.dep_ in ("xcomp", "conj") and head.head.i != head.i:
            head = head.head
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
        if not subjects and head.dep_ in ("acl", "xcomp", "relcl") and head.head.pos_ in ("NOUN", "PROPN"):
            noun = head.head
            subjects = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound")]
        for subject in subjects:
            code = party_near(subject.left_edge.i, subject.right_edge.i + 1, demonyms=True)
            if code:
                return code, agent.id
    role = rules.mediator_in_role
    negating = rules.no_mediator.lemmas
    for i in sorted(scope):
        if lowered[i] not in role.words:
            continue
        # "as mediator", "as a mediator", "as the mediator"
        before = [j for j in range(max(i - 2, 0), i) if lowered[j] in role.lemmas]
        if not before or i - before[-1] > 2:
            continue
        at = before[-1]
        window = range(at - 1, max(at - 9, -1), -1)
        if any(lowered[j] in negating for j in window):
            continue  # "without Moscow acting as the mediator"
        for j in window:
            code = party_near(j, j + 1)
            if code:
                return code, role.id
    hyphen = rules.mediator_hyphen
    for i in range(2, len(doc)):
        if lowered[i] in hyphen.words and lowered[i - 1] == "-" and i in scope:
            code = reader._token_side(i - 2)
            if code:
                return code, hyphen.id
    return None, ""


def says_unmediated(doc: Doc, rules: EventRules, lowered: Sequence[str] | None = None) -> bool:
    cue = rules.no_mediator
    lowered = [t.lower_ for t in doc] if lowered is None else lowered
    for i, word in enumerate(lowered):
        if word not in cue.words:
            continue
        token = doc[i]
        before = {c.lower_ for c in token.children} | {token.head.lower_}
        before |= {doc[i].lower_ for i in range(max(0, token.i - 2), token.i)}
        if before & cue.lemmas:
            return True
    return False


def says_joint(reader: SentenceReader, scope: set[int]) -> bool:
    """Whether a cue of one joint event sits in the scope; read on the text, since
    "three-way" is three tokens."""
    if not scope:
        return False
    first, last = reader.doc[min(scope)], reader.doc[max(scope)]
    cue = reader.rules.joint_cue
    return cue is not None and cue.search(reader.text[first.idx : last.idx + len(last)].lower()) is not None
