"""Who takes part: the sides, people and offices a sentence names, read through the case pack.

``SentenceReader`` holds one parsed sentence with its marked names and decides which of them
act in it (a country as subject or object is a side; "in Moscow" only locates). The speaker
of a reported clause, or of words said within an event, takes part in that event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from spacy.symbols import ADV
from spacy.tokens import Doc, Span, Token

from parley.extraction.mediator import says_unmediated
from parley.extraction.rules import EventRules, TriggerRule
from parley.extraction.syntax import DASHES, clause_verbs
from parley.model import Participant

if TYPE_CHECKING:
    from parley.pack import Pack

NON_PARTY_PREPS = frozenset(
    {
        "in",
        "at",
        "to",
        "from",
        "into",
        "toward",
        "towards",
        "across",
        "near",
        "along",
        "inside",
        "within",
        "through",
        "over",
        "about",
        "against",
        "on",
        "regarding",
        "around",
        "under",
        "onto",
        "out",
    }
)


@dataclass(frozen=True)
class PartyRef:
    code: str
    rule: str
    token: int  # index of the head token in the sentence
    named: bool  # a person or a titled office, as opposed to a country name
    person: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class _Entity:
    start: int
    end: int
    label: str
    text: str
    key: str


def sentence_entities(doc: Doc, text: str) -> list[_Entity]:
    """The names marked in a sentence; ``text`` is its text, which a span's text is a slice of
    (cheaper than the span joining its tokens' texts)."""
    found: list[_Entity] = []
    for span in doc.spans.get("parley", []):
        surface = text[span.start_char : span.end_char]
        found.append(_Entity(span.start, span.end, span.label_, surface, span.id_ or surface))
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "GPE", "LOC", "FAC", "NORP", "ORG"):
            surface = text[ent.start_char : ent.end_char]
            found.append(_Entity(ent.start, ent.end, "NER_" + ent.label_, surface, surface))
    return found


def known_person(pack: Pack, text: str, on: Any) -> tuple[str, str | None, str | None] | None:
    """(name, party, role title) of a person the pack knows by ``text``, at the day ``on``."""
    try:
        found = pack.person(text, on=on)
    except TypeError:
        found = pack.person(text)
    if not found:
        return None
    person, role = found if isinstance(found, tuple) else (found, None)
    party = getattr(role, "party", None) or getattr(person, "party", None)
    title = getattr(role, "title", None)
    return getattr(person, "name", text), party, title


def sentence_people(doc: Doc, pack: Pack, on: Any, text: str) -> list[tuple[Token, str]]:
    """(token, side) of each person the pack knows named in the sentence, in order."""
    people = []
    for span in doc.spans.get("parley", []):
        if span.label_ != "PERSON_KNOWN":
            continue
        known = known_person(pack, text[span.start_char : span.end_char], on)
        if known and known[1]:
            people.append((span.root, str(known[1])))
    return sorted(people, key=lambda p: p[0].i)


def sentence_topic(doc: Doc, pack: Pack, on: Any, text: str) -> str | None:
    """The side of the person a later "he" most likely stands for: the one the pack knows named
    in the subject of the sentence's main clause, else the first one named."""
    people = sentence_people(doc, pack, on, text)
    if not people:
        return None
    for token, party in people:
        node = token
        while node.dep_ in ("compound", "flat", "conj", "appos", "poss") and node.head.i != node.i:
            node = node.head
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.dep_ == "ROOT":
            return party
    return people[0][1]


# Pronouns that stand for one person named before.
PERSON_PRONOUNS = frozenset({"he", "she"})


class SentenceReader:
    """Reads the sides, places and roles of one sentence through the pack."""

    def __init__(self, doc: Doc, pack: Pack, rules: EventRules, on: Any, text: str | None = None) -> None:
        self.doc = doc
        self.pack = pack
        self.rules = rules
        self.on = on
        # The sentence's text: as the caller has it, or joined from the Doc's tokens.
        self.text = doc.text if text is None else text
        self.entities = sentence_entities(doc, self.text)
        self.date_tokens: set[int] = set()
        self.by_token: dict[int, list[_Entity]] = {}
        for ent in self.entities:
            for i in range(ent.start, ent.end):
                self.by_token.setdefault(i, []).append(ent)

    @cached_property
    def lowered(self) -> list[str]:
        """Each token's lower-case form, read once per sentence (from one array, not a Token each)."""
        strings = self.doc.vocab.strings
        return [strings[key] for key in self.doc.to_array("LOWER").tolist()]

    @cached_property
    def words(self) -> list[str]:
        """Each token's text, read once per sentence."""
        strings = self.doc.vocab.strings
        return [strings[key] for key in self.doc.to_array("ORTH").tolist()]

    @cached_property
    def alphabetic(self) -> list[bool]:
        """Whether each token is all letters."""
        return [bool(flag) for flag in self.doc.to_array("IS_ALPHA").tolist()]

    @cached_property
    def plain(self) -> list[int]:
        """The positions of the tokens that are not adverbs."""
        return [i for i, pos in enumerate(self.doc.to_array("POS").tolist()) if pos != ADV]

    @cached_property
    def unmediated(self) -> bool:
        """Whether the sentence says talks were held without a mediator."""
        return says_unmediated(self.doc, self.rules, self.lowered)

    def labels(self, i: int) -> set[str]:
        return {e.label for e in self.by_token.get(i, [])}

    def _code(self, value: Any) -> str | None:
        if value is None:
            return None
        code = getattr(value, "code", value)
        return code if isinstance(code, str) else None

    def person(self, ent: _Entity) -> tuple[str, str | None, str | None] | None:
        """(name, party, role title) of a person the pack knows, at the event date."""
        return known_person(self.pack, ent.text, self.on)

    def antecedent(self, pronoun: int, before: str | None) -> str | None:
        """The side of the person "he" or "she" at ``pronoun`` stands for: the last person the
        pack knows named before it in the sentence, else ``before`` (the last one named in the
        sentences before)."""
        named = sentence_people(self.doc, self.pack, self.on, self.text)
        earlier = [code for token, code in named if token.i < pronoun]
        return earlier[-1] if earlier else before

    def actor(self, text: str) -> str | None:
        return self._code(self.pack.actor(text))

    def metonym(self, text: str) -> str | None:
        return self._code(self.pack.metonym(text))

    def demonym(self, text: str) -> str | None:
        return self._code(self.pack.demonym(text))

    def place(self, text: str) -> Any:
        return self.pack.place(text)

    def _np_side(self, head: Token) -> str | None:
        """A side named inside a person's or office's noun phrase: a demonym, a country, a possessor."""
        for child in head.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
                for i in range(child.left_edge.i, child.i + 1):
                    code = self._token_side(i)
                    if code:
                        return code
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        code = self._token_side(obj.i)
                        if code:
                            return code
        return None

    def _token_side(self, i: int) -> str | None:
        for ent in self.by_token.get(i, []):
            if ent.label == "DEMONYM" or ent.label == "NER_NORP":
                code = self.demonym(ent.text)
                if code:
                    return code
            if ent.label == "ACTOR":
                code = self.actor(ent.text)
                if code:
                    return code
        if self.lowered[i] not in self.rules.role_nouns and self.alphabetic[i]:
            return self.demonym(self.words[i])
        return None

    def parties(self, scope: set[int], reporting: set[int]) -> list[PartyRef]:
        doc = self.doc
        refs: list[PartyRef] = []
        seen_tokens: set[int] = set()
        for ent in sorted(self.entities, key=lambda e: (e.start, -(e.end - e.start))):
            if ent.start not in scope or ent.start in seen_tokens:
                continue
            root = doc[ent.start : ent.end].root
            if root.i in reporting:
                continue
            if ent.label in ("PERSON_KNOWN", "NER_PERSON"):
                known = self.person(ent)
                if known and known[1]:
                    refs.append(PartyRef(known[1], "parties.person", root.i, True, known[0], known[2]))
                    seen_tokens.update(range(ent.start, ent.end))
                elif ent.label == "NER_PERSON" and not self.labels(ent.start) & {"ACTOR", "PLACE", "DEMONYM"}:
                    side = self._np_side(root)
                    if side:
                        refs.append(PartyRef(side, "parties.titled_person", root.i, True, ent.text, None))
                        seen_tokens.update(range(ent.start, ent.end))
        for i in sorted(scope):
            if i in seen_tokens or i in reporting:
                continue
            labels = self.labels(i)
            # An office with its country: "the Armenian foreign minister", "President of Russia".
            token = doc[i] if self.lowered[i] in self.rules.role_nouns else None
            if token is not None and token.pos_ in ("NOUN", "PROPN"):
                if any(doc[j].ent_type_ == "PERSON" for j in (token.i + 1,) if j < len(doc)):
                    continue
                side = self._np_side(token)
                if side:
                    refs.append(PartyRef(side, "parties.office", i, True, None, token.text))
                    for child in token.children:
                        if child.dep_ == "amod" or child.dep_ == "compound":
                            seen_tokens.update(range(child.left_edge.i, child.i + 1))
                    # "the Armenian and Azerbaijani leaders": each conjoined demonym is a side.
                    for child in token.children:
                        for conj in child.conjuncts:
                            code = self._token_side(conj.i)
                            if code and code != side:
                                refs.append(PartyRef(code, "parties.office", conj.i, True, None, token.text))
                                seen_tokens.add(conj.i)
                    of_objects = [
                        o
                        for c in token.children
                        if c.dep_ == "prep" and c.lower_ == "of"
                        for o in c.children
                        if o.dep_ == "pobj"
                    ]
                    for obj in of_objects:
                        for conj in obj.conjuncts:
                            code = self._token_side(conj.i)
                            if code and code != side:
                                refs.append(PartyRef(code, "parties.office", conj.i, True, None, token.text))
                            seen_tokens.add(conj.i)
                        seen_tokens.add(obj.i)
                    continue
            if "ACTOR" in labels and self._starts(i, "ACTOR"):
                found = self._entity_at(i, "ACTOR")
                if found is None:
                    continue
                ent = found
                code = self.actor(ent.text)
                if not code or _dateline_label(doc, ent.start, ent.end):
                    continue
                root = doc[ent.start : ent.end].root
                metonym = (
                    "PLACE" in labels or self.place(ent.text) is not None or bool(self.metonym(ent.text))
                )
                if self._party_position(root, metonym):
                    refs.append(
                        PartyRef(code, "parties.metonym" if metonym else "parties.actor", root.i, False)
                    )
                seen_tokens.update(range(ent.start, ent.end))
            elif "PLACE" in labels and self._starts(i, "PLACE"):
                # A capital standing for its government ("Baku proposed talks"): a side only where it acts.
                seat = self._entity_at(i, "PLACE")
                code = self.metonym(seat.text) if seat else None
                if code and seat is not None:
                    ent = seat
                    root = doc[ent.start : ent.end].root
                    if self._party_position(root, True):
                        refs.append(PartyRef(code, "parties.metonym", root.i, False))
                    seen_tokens.update(range(ent.start, ent.end))
        return refs

    def _starts(self, i: int, label: str) -> bool:
        return any(e.start == i and e.label == label for e in self.by_token.get(i, []))

    def _entity_at(self, i: int, label: str) -> _Entity | None:
        options = [e for e in self.by_token.get(i, []) if e.start == i and e.label == label]
        return max(options, key=lambda e: e.end - e.start) if options else None

    def _party_position(self, root: Token, metonym: bool) -> bool:
        """A country or organisation counts as a side when it acts, not when it is a location."""
        dep = root.dep_
        node = root
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
            dep = node.dep_
        # "in Granada, Spain", "in Abu Dhabi (United Arab Emirates)": a country in apposition to
        # a place only locates it.
        if dep == "appos" and (
            "PLACE" in self.labels(node.head.i) or node.head.ent_type_ in ("GPE", "LOC", "FAC")
        ):
            return False
        if dep in ("nsubj", "nsubjpass", "dobj", "appos", "dative", "agent"):
            return True
        if dep == "pobj":
            prep = node.head.lower_
            if prep in ("with", "between", "among", "by", "and"):
                return True
            if prep == "of" and not metonym:
                governor = node.head.head
                return governor.lower_ in self.rules.role_nouns or governor.lemma_ in (
                    "mediation",
                    "participation",
                    "auspices",
                    "invitation",
                    "meeting",
                    "summit",
                    "leader",
                    "talks",
                    "delegation",
                    "initiative",
                    "presence",
                )
            return False if prep in NON_PARTY_PREPS else not metonym
        if dep in ("compound", "poss", "nmod", "amod"):
            return not metonym or node.head.lower_ in self.rules.role_nouns
        return False


def _dateline_label(doc: Doc, start: int, end: int) -> bool:
    """ "RUSSIA -- Aliyev, Putin and Pashinyan meet", "Russia - Armenian Prime Minister ...": a
    place opening a caption or dateline says where, not who."""
    return start == 0 and end < len(doc) and doc[end].text in DASHES


# Prepositions that introduce the other side of a contact: "a call with", "a call from", "talks between".
PARTY_PREPS = frozenset(["with", "from", "between"])


def has_party_object(span: Span, rule: TriggerRule, reader: SentenceReader) -> bool:
    if not rule.needs_party_object:
        return True
    # The other side hangs on the trigger's head, or on the object noun of a verb-and-object
    # trigger ("took a call from Putin": "from" hangs on "call").
    last = span[-1]
    children = list(span.root.children)
    if last.dep_ == "dobj" and last.head.i == span.root.i:
        children += list(last.children)
    for child in children:
        # "The envoy was received by the minister": the passive subject is the one received.
        if child.dep_ in ("dobj", "dative", "nsubjpass") or (
            child.dep_ == "prep" and child.lower_ in PARTY_PREPS
        ):
            target = (
                child if child.dep_ != "prep" else next((c for c in child.children if c.dep_ == "pobj"), None)
            )
            if target is None:
                continue
            labels = reader.labels(target.i)
            if labels & {"PERSON_KNOWN", "NER_PERSON", "ACTOR", "DEMONYM"}:
                return True
            if target.lower_ in reader.rules.role_nouns or target.lower_ in reader.rules.group_parties.words:
                return True
            # "hosted them in Sochi": a plural pronoun stands for the sides already in play.
            if target.lower_ == "them":
                return True
    return False


def one_per_side_cue(token: Token, rules: EventRules) -> bool:
    """ "met them separately", "in separate meetings": a cue that a third party met each side on its own."""
    cue = rules.one_per_side
    if token.lower_ in cue.words:
        return True
    return token.lower_ in cue.lemmas and token.dep_ in ("amod", "conj") and token.head.tag_ == "NNS"


def speaker_for_pronoun(cluster: list[Span], reporting: set[int], rules: EventRules) -> Token | None:
    """The reporting verb whose complement clause holds the event with a personal pronoun as
    its subject ("X said they had met"): the pronoun refers back to the speaker."""
    for span in cluster:
        for verb in clause_verbs(span.root):
            if verb.dep_ != "ccomp" or verb.head.i not in reporting or verb.head.pos_ != "VERB":
                continue
            if any(c.dep_ == "nsubj" and c.lower_ in rules.speaker_pronouns for c in verb.children):
                return verb.head
    return None


def speaker_within(cluster: list[Span], rules: EventRules) -> Token | None:
    """The verb an event frames through "during", "in" or "at" ("during a call, X stressed"),
    when that verb has a subject of its own."""
    for span in cluster:
        root = span.root
        prep = root.head
        if root.dep_ != "pobj" or prep.lower_ not in ("during", "at", "in") or prep.dep_ != "prep":
            continue
        verb = prep.head
        if verb.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in verb.children):
            return verb
    return None


def reporting_head(cluster: list[Span], reporting: set[int]) -> Token | None:
    """The reporting verb whose complement clause holds the event ("X said the sides met")."""
    for span in cluster:
        for verb in clause_verbs(span.root):
            if verb.dep_ == "ccomp" and verb.head.i in reporting and verb.head.pos_ == "VERB":
                return verb.head
    return None


def participants_of(parties: Iterable[PartyRef]) -> tuple[Participant, ...]:
    seen: dict[tuple[str, str | None], Participant] = {}
    for ref in parties:
        if ref.person:
            seen.setdefault((ref.person, ref.code), Participant(ref.person, ref.code, ref.role))
        elif ref.role:
            seen.setdefault((ref.role.lower(), ref.code), Participant(ref.role, ref.code, ref.role))
    return tuple(seen.values())
