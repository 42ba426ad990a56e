"""Turn one parsed sentence into event mentions: a pure function of the annotated Doc.

A mention is what one sentence says about one event: its type, the cue behind its
status, the date expression and venue attached to it, the sides named around it, the
mediator cue, and whether it is anchored enough (a date, a venue or named people from two
sides) to stand as an event. ``parley.extract`` resolves dates and merges mentions.

Attachment is syntactic: each trigger owns the tokens of its subtree (and, for a noun
that is the argument of a verb, that verb's subtree), minus the subtrees of the other
events' triggers in the sentence. Dates and places inside that scope belong to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from spacy.symbols import ADV, NOUN, VERB
from spacy.tokens import Doc, Span, Token

from parley.extraction.rules import EventRules, TriggerRule
from parley.model import VICINITY, Evidence, Participant

if TYPE_CHECKING:
    from parley.pack import Pack

NEGATIVE = ("cancelled", "postponed", "not_signed")
VENUE_PREPS = frozenset({"in", "at", "inside", "near", "outside"})
VICINITY_PREPS = frozenset({"near", "outside"})
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
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative"})
VERB_POS = frozenset({"VERB", "AUX"})
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "advcl", "relcl", "conj", "acl", "xcomp", "csubj"})
# "set for Brussels": a venue introduced by "for" after a scheduling verb.
SETTING_VERBS = frozenset({"set", "schedule", "plan", "slate", "due", "book"})
# A bare trigger ("for talks", "the mini-summit") joins an anchored one at most this many
# dependency arcs away ("met ... for talks" is 2); farther, it is a separate mention.
JOIN_DISTANCE = 3
ORDINALS = frozenset(
    [
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "2nd",
        "3rd",
        "4th",
        "5th",
        "6th",
        "7th",
        "8th",
        "9th",
        "10th",
    ]
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
class Mention:
    """One sentence's account of one event, before dates are resolved and mentions merged."""

    type: str
    sentence: int
    segment: str
    evidence: Evidence
    trigger_rule: str
    trigger_text: str
    status: str | None  # None: no cue, decide from tense and date
    status_rule: str
    tense: str | None  # "past" | "future" | None
    date_mention: Any = None  # a dates.DateMention with offsets into the sentence text
    date_rule: str = ""
    place: Any = None  # a pack Place, or a name string for a venue the pack does not know
    place_text: str = ""
    place_rule: str = ""
    context: str | None = None
    parties: tuple[PartyRef, ...] = ()
    group_ref: bool = False
    mediator: str | None = None
    mediator_rule: str = ""
    anchored: bool = False
    signing: bool = False
    act: bool = False  # an agreement concluded by another act than signing ("adopted a statement")
    plural: bool = False
    dropped: str = ""  # id of the rule that made this mention a non-event, "" if kept
    distinct: str = ""  # id of the cue saying this is not an event already reported
    joint: bool = False  # a word says everyone took part together ("a joint call")
    apart: bool = False  # "signed separately": no meeting behind the signing
    each: bool = False  # "met A and B separately": a third party met each side on its own
    open_mode: bool = False  # "held a conversation with": in person or by phone, as the story tells
    gathering: bool = False  # "the BRICS summit": a forum's gathering, a setting for events, not one
    unmediated: bool = False  # "without mediators"
    also_places: tuple[Any, ...] = ()  # conjoined venues, each another event of the same kind
    also_dates: tuple[Any, ...] = ()  # "in April and again in May": each date another event
    shared_year: int | None = None  # "in May and in July 2023": the year a coordinated date names
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def sides(self) -> frozenset[str]:
        return frozenset(p.code for p in self.parties)

    @property
    def named_sides(self) -> frozenset[str]:
        return frozenset(p.code for p in self.parties if p.named)


# How finely a date expression dates an event; see _date_for. "A week later" counts from a
# date the text may not give, so a named day ("on 7 November") beside it wins.
COARSE_KINDS = {"relative": 1, "month": 2, "year": 3}
# Nouns a date may hang on and still date the event: "on the day of", "in the first half of July".
DATE_NOUNS = frozenset(
    ["day", "date", "week", "month", "year", "weekend", "evening", "morning", "night", "half", "part",
     "end", "beginning", "start", "middle", "course", "quarter"]
)


# Where a parsed sentence keeps its subtree and head tables (Doc.user_data).
SUBTREES = "parley.subtrees"
HEADS = "parley.heads"


# -- small parse helpers ------------------------------------------------------


def _lower(token: Token) -> str:
    return token.lower_


def _partitive_one(token: Token) -> bool:
    """A plural noun after "one of" ("one of their rounds") names a single event."""
    head = token.head
    return (
        token.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lower_ == "one"
        and head.head.i != head.i
        and head.head.dep_ in ARGUMENT_DEPS
    )


def _governing_verb(token: Token) -> Token | None:
    """The verb a noun trigger is an argument of: directly, or through one preposition."""
    head = token.head
    if token.dep_ in ARGUMENT_DEPS and head.pos_ in VERB_POS and head.i != token.i:
        return head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in VERB_POS:
        return head.head
    if token.dep_ == "conj" and head.i != token.i:
        return _governing_verb(head)
    # "the envoys held one of their rounds in Tbilisi": the verb takes the event through "one of".
    if _partitive_one(token):
        return _governing_verb(token.head.head)
    # "joined Michel and Macron for five-way talks": the purpose hangs on the verb's object.
    if (
        token.dep_ == "pobj"
        and head.lower_ == "for"
        and head.head.dep_ in ("dobj", "conj")
        and head.head.head.pos_ in VERB_POS
    ):
        return head.head.head
    return None


def _clause_verbs(token: Token) -> list[Token]:
    """The trigger (if verbal), its governing verb and the verbs that take it as a complement."""
    verbs: list[Token] = []
    current: Token | None = token if token.pos_ in VERB_POS else _governing_verb(token)
    hops = 0
    while current is not None and hops < 3:
        verbs.append(current)
        if current.dep_ in ("xcomp", "auxpass") or (current.dep_ == "conj" and current.head.pos_ in VERB_POS):
            current = current.head
        elif current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head.pos_ in VERB_POS:
            current = current.head.head
        else:
            break
        hops += 1
    if token.pos_ not in VERB_POS and token.dep_ in ("acl", "relcl"):
        verbs.append(token)
    return verbs


def _ancestors(token: Token, limit: int = 12) -> list[Token]:
    doc = token.doc
    heads = _heads(doc)
    out: list[Token] = []
    i = token.i
    while heads[i] != i and len(out) < limit:
        i = heads[i]
        out.append(doc[i])
    return out


def _heads(doc: Doc) -> list[int]:
    """Each token's head, by position, from the head array, kept with the parsed sentence."""
    heads = doc.user_data.get(HEADS)
    if heads is None or len(heads) != len(doc):
        offsets = doc.to_array("HEAD").astype("int64").tolist()  # stored unsigned
        heads = doc.user_data[HEADS] = [i + offset for i, offset in enumerate(offsets)]
    return heads


def _tree_distance(a: Token, b: Token) -> int:
    if a.i == b.i:
        return 0
    path_a = [a, *_ancestors(a)]
    path_b = [b, *_ancestors(b)]
    index_b = {t.i: n for n, t in enumerate(path_b)}
    for n, t in enumerate(path_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return len(path_a) + len(path_b)


def _is_past(verb: Token) -> bool:
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBN":
        # "has met", "was held" are past; "is expected", "are scheduled" are present passives.
        return any(
            (c.lemma_ == "have" and c.tag_ in ("VBD", "VBZ", "VBP")) or (c.lemma_ == "be" and c.tag_ == "VBD")
            for c in verb.children
            if c.dep_ in ("aux", "auxpass")
        ) or verb.dep_ in ("acl", "amod")
    return False


# Words an infinitive hangs on that put its event ahead: "are to hold", "is about to host".
FUTURE_HEADS = frozenset(["be", "go", "plan", "expect", "intend", "agree", "schedule", "due", "set", "about"])


def _is_future(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in ("will", "shall", "'ll", "would", "wo"):
            return True
        if child.dep_ == "aux" and child.lower_ == "to" and verb.dep_ == "xcomp":
            head = verb.head
            # "are to hold", "is due to meet", "is about to host", "is set to sign"
            if head.lemma_ in FUTURE_HEADS:
                return True
    return False


# -- entities -----------------------------------------------------------------


@dataclass(frozen=True)
class _Entity:
    start: int
    end: int
    label: str
    text: str
    key: str


def _entities(doc: Doc, text: str) -> list[_Entity]:
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


class _Reader:
    """Reads the sides, places and roles of one sentence through the pack."""

    def __init__(self, doc: Doc, pack: Pack, rules: EventRules, on: Any, text: str | None = None) -> None:
        self.doc = doc
        self.pack = pack
        self.rules = rules
        self.on = on
        # The sentence's text: as the caller has it, or joined from the Doc's tokens.
        self.text = doc.text if text is None else text
        self.entities = _entities(doc, self.text)
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
        return _says_unmediated(self.doc, self.rules, self.lowered)

    def labels(self, i: int) -> set[str]:
        return {e.label for e in self.by_token.get(i, [])}

    def _code(self, value: Any) -> str | None:
        if value is None:
            return None
        code = getattr(value, "code", value)
        return code if isinstance(code, str) else None

    def person(self, ent: _Entity) -> tuple[str, str | None, str | None] | None:
        """(name, party, role title) of a person the pack knows, at the event date."""
        try:
            found = self.pack.person(ent.text, on=self.on)
        except TypeError:
            found = self.pack.person(ent.text)
        if not found:
            return None
        person, role = found if isinstance(found, tuple) else (found, None)
        party = getattr(role, "party", None) or getattr(person, "party", None)
        title = getattr(role, "title", None)
        return getattr(person, "name", ent.text), party, title

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


# -- the conversion -----------------------------------------------------------


DASHES = frozenset(["-", "--", "—", "–"])


def _dateline_label(doc: Doc, start: int, end: int) -> bool:
    """ "RUSSIA -- Aliyev, Putin and Pashinyan meet", "Russia - Armenian Prime Minister ...": a
    place opening a caption or dateline says where, not who."""
    return start == 0 and end < len(doc) and doc[end].text in DASHES


def _subtree(token: Token) -> frozenset[int]:
    """The positions of a token's subtree (itself and every token below it)."""
    return _subtrees(token.doc)[token.i]


def _subtrees(doc: Doc) -> list[frozenset[int]]:
    """Every token's subtree, from the head array in one pass, kept with the parsed sentence."""
    table = doc.user_data.get(SUBTREES)
    if table is None or len(table) != len(doc):
        below: list[set[int]] = [{i} for i in range(len(doc))]
        heads = _heads(doc)
        for i in range(len(doc)):
            node, steps = i, 0
            while heads[node] != node and steps < len(doc):
                node = heads[node]
                below[node].add(i)
                steps += 1
        table = doc.user_data[SUBTREES] = [frozenset(b) for b in below]
    return table


def _date_spans(doc: Doc, dates: Sequence[Any]) -> list[tuple[Any, Span]]:
    out = []
    for mention in dates:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append((mention, span))
    return out


def _sequences(verb: Token, rules: EventRules, roots: Iterable[int]) -> bool:
    """ "followed clashes", "preceded the vote": a verb placing its subject after or before
    another event, its object; for an event outside that object, a date or venue on the verb
    belongs to the other event ("talks will follow on Thursday", with no object, are dated by
    it; "followed a round in Brussels on 14 May" dates the round)."""
    if verb.lemma_ not in rules.sequence_lemmas:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return bool(objects) and not any(i in _subtree(o) for o in objects for i in roots)


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


def mentions_in(
    doc: Doc,
    *,
    pack: Pack,
    rules: EventRules,
    dates: Sequence[Any] = (),
    sentence: int = 0,
    offset: int = 0,
    segment: str = "body",
    on: Any = None,
    text: str | None = None,
) -> list[Mention]:
    """Every event mention in one parsed sentence (dropped ones included, with the rule that dropped them).

    ``dates`` are the date mentions found in ``doc.text`` (offsets relative to it);
    ``offset`` places the sentence in Document.text (-1 for the title). ``text``, when the
    caller has it, is ``doc.text`` (the tokenizer keeps every character), which a Doc would
    otherwise join from its tokens.
    """
    triggers = list(doc.spans.get("parley_triggers", []))
    if not triggers:
        return []
    reader = _Reader(doc, pack, rules, on, text)
    date_spans = _date_spans(doc, dates)
    # Date words come from the date finder, not from the tagger's entities: the pipeline
    # need not run a statistical NER.
    reader.date_tokens = {i for _, span in date_spans for i in range(span.start, span.end)}
    trigger_rules = {r.id: r for r in rules.triggers}
    # Settings such as "during a CIS summit" frame another event and are not events here.
    contexts: dict[int, Span] = {}
    kept: list[Span] = []
    for span in triggers:
        root = span.root
        if _is_context(root, triggers, rules):
            contexts[root.i] = span
        else:
            kept.append(span)
    kept = [_with_head_noun(_with_measure(t, rules), kept) for t in kept]
    triggers = [t for t in kept if _has_party_object(t, trigger_rules[t.id_], reader)]
    if not triggers:
        return []
    # Gatherings that are no trigger of their own ("the Munich Security Conference", "an
    # informal gathering of post-Soviet leaders") frame an event all the same.
    taken = {i for t in triggers for i in range(t.start, t.end)}
    pobj = doc.vocab.strings["pobj"]  # settings are prepositional objects: read only those
    for i, dep in enumerate(doc.to_array("DEP").tolist()):
        if dep == pobj and i not in taken and i not in contexts and _is_context(doc[i], triggers, rules):
            contexts[i] = doc[i : i + 1]
    clusters = _cluster(doc, triggers, reader, rules)
    strings = doc.vocab.strings
    reporting = {
        i
        for i, (lemma, pos) in enumerate(doc.to_array(["LEMMA", "POS"]).tolist())
        if pos in (VERB, NOUN) and strings[lemma] in rules.reporting_lemmas
    }
    reporting_subjects = {c.i for r in reporting for c in doc[r].children if c.dep_ in ("nsubj", "nsubjpass")}
    reporting_subjects |= {t.i for r in reporting_subjects for t in doc[r].subtree}
    out: list[Mention] = []
    for cluster in clusters:
        others = [t for c in clusters if c is not cluster for t in c]
        out.append(
            _mention(
                doc,
                cluster,
                others,
                contexts,
                date_spans,
                reader,
                rules,
                trigger_rules,
                reporting,
                reporting_subjects,
                sentence=sentence,
                offset=offset,
                segment=segment,
            )
        )
    # "rounds in Berlin and Almaty": one mention per venue.
    return [
        copy
        for m in _sharing_year(out)
        for copy in (
            replace(m, also_places=()) if m.also_places else m,
            *(
                replace(m, place=p, place_text=str(getattr(p, "name", p)), also_places=())
                for p in m.also_places
            ),
            *(replace(m, date_mention=d, also_places=(), also_dates=()) for d in m.also_dates),
        )
    ]


def _sharing_year(mentions: list[Mention]) -> list[Mention]:
    """Coordinated dates share the one year the last of them names ("in May and in July 2023")."""
    out = []
    for m in mentions:
        dates = [d for d in (m.date_mention, *m.also_dates) if d is not None]
        years = [int(y) for d in sorted(dates, key=lambda d: d.start) for y in YEAR_RE.findall(d.text)]
        if m.also_dates and len(set(years)) == 1:
            m = replace(m, shared_year=years[0])
        out.append(m)
    return out


def _with_measure(span: Span, rules: EventRules) -> Span:
    """"Four days of negotiations wrapped up": the trigger stretches back over its measure,
    so that the measure's verb, date and venue are the event's."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in rules.measure_nouns:
        measure = head.head
        if measure.i < span.start and measure.head.i != measure.i:
            return Span(span.doc, measure.left_edge.i, span.end, label=span.label_, span_id=span.id_)
    return span


def _with_head_noun(span: Span, triggers: Sequence[Span]) -> Span:
    """"the 2020 ceasefire statement", "the November 2020 truce document": a document noun
    that modifies another noun takes that noun, and its date, as its own."""
    root = span.root
    head = root.head
    if (
        span.label_ == "agreement"
        and root.dep_ in ("compound", "amod")
        and head.pos_ == "NOUN"
        and head.i > root.i
        and not any(t.start <= head.i < t.end for t in triggers)
    ):
        return Span(span.doc, span.start, head.i + 1, label=span.label_, span_id=span.id_)
    return span


def _is_context(root: Token, triggers: Sequence[Span], rules: EventRules) -> bool:
    if root.dep_ != "pobj":
        return False
    words, settings = rules.context_words, rules.context_settings
    if root.lemma_.lower() not in settings:
        return False
    prep = root.head
    if prep.lower_ == "of" and prep.head.lower_ in words:  # on the sidelines of the summit
        pass
    elif prep.lower_ not in words:
        return False
    ancestors = {t.i for t in _ancestors(root)}
    return any(t.root.i in ancestors for t in triggers if t.root.i != root.i)


# Prepositions that introduce the other side of a contact: "a call with", "a call from", "talks between".
PARTY_PREPS = frozenset(["with", "from", "between"])


def _has_party_object(span: Span, rule: TriggerRule, reader: _Reader) -> bool:
    if not rule.needs_party_object:
        return True
    for child in span.root.children:
        if child.dep_ in ("dobj", "dative") or (child.dep_ == "prep" and child.lower_ in PARTY_PREPS):
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


def _cluster(doc: Doc, triggers: list[Span], reader: _Reader, rules: EventRules) -> list[list[Span]]:
    """Group one sentence's triggers into events: an agreement never joins a meeting; two
    triggers with their own, different venue or date stay apart; bare triggers join the
    syntactically closest one of the same kind."""

    def kind(span: Span) -> str:
        return "agreement" if span.label_ == "agreement" else "meeting"

    # The sentence's place words (not an actor's) and date numbers, found once for all triggers.
    placed = {
        i
        for i in reader.by_token
        if (labels := reader.labels(i)) & {"PLACE", "NER_GPE"} and not labels & {"ACTOR"}
    }
    dated = {i for i in reader.date_tokens if doc[i].like_num}

    def own_anchor(span: Span) -> tuple[str, ...]:
        tokens = _subtree(span.root)
        for other in triggers:
            if other is not span and other.root.i in tokens:
                tokens -= _subtree(other.root)
        places = sorted(doc[i].lower_ for i in tokens & placed)
        dates = sorted(doc[i].lower_ for i in tokens & dated)
        return tuple(places + dates)

    anchored = [(t, own_anchor(t)) for t in triggers]
    clusters: list[list[Span]] = []
    anchors: list[tuple[str, ...]] = []
    for span, anchor in anchored:
        if not anchor:
            continue
        for n, cluster in enumerate(clusters):
            if kind(cluster[0]) == kind(span) and (anchors[n] == anchor or not set(anchors[n]) ^ set(anchor)):
                cluster.append(span)
                break
        else:
            clusters.append([span])
            anchors.append(anchor)
    for span, anchor in anchored:
        if anchor:
            continue
        same = [
            c
            for c in clusters
            if kind(c[0]) == kind(span) and not any(_across_frame(span.root, t.root, rules) for t in c)
        ]
        best = min(same, key=lambda c: min(_tree_distance(span.root, t.root) for t in c)) if same else None
        if best is not None and min(_tree_distance(span.root, t.root) for t in best) <= JOIN_DISTANCE:
            best.append(span)
        else:
            clusters.append([span])
    for cluster in clusters:
        cluster.sort(key=lambda s: s.start)
    return sorted(clusters, key=lambda c: c[0].start)


def _frame_heads(token: Token, rules: EventRules) -> list[Token]:
    """The temporal frames hanging on a word: "after the clashes", "since they met in May"."""
    return [child for child in token.children if _is_frame(child, rules)]


def _across_frame(a: Token, b: Token, rules: EventRules) -> bool:
    """Whether one of two words sits inside a temporal frame or a relative clause that the
    other is outside of: "since they met in May", "the commissions, which held a session in
    May, are to meet again" tell of another event than the clause around them."""
    path_a = [a, *_ancestors(a)]
    path_b = [b, *_ancestors(b)]
    shared = {t.i for t in path_a} & {t.i for t in path_b}
    for path in (path_a, path_b):
        for token in path:
            if token.i in shared:
                break
            if token.dep_ == "relcl" or _is_frame(token, rules):
                return True
    return False


def _is_frame(token: Token, rules: EventRules) -> bool:
    if token.dep_ == "prep":
        return token.lower_ in rules.temporal_frames
    return token.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in rules.temporal_frames for m in token.children
    )


def _scope(cluster: list[Span], others: list[Span], rules: EventRules) -> set[int]:
    scope: set[int] = set()
    for span in cluster:
        scope |= _subtree(span.root)
        verbs = _clause_verbs(span.root)
        for verb in verbs:
            scope |= _subtree(verb)
        # "The meeting came a week after the leaders met in Prague": what the frame holds
        # belongs to the earlier event, not to this one.
        for head in {t.i: t for t in (span.root, *verbs)}.values():
            for frame in _frame_heads(head, rules):
                if span.root.i not in _subtree(frame):
                    scope -= _subtree(frame)
    # Another event's words are not this one's, but an event that governs this one ("After
    # they met in Prague, Putin hosted them") does not take this one's own words away.
    own = {i for span in cluster for i in _subtree(span.root)}
    for other in others:
        if other.root.i not in {s.root.i for s in cluster}:
            scope -= _subtree(other.root) - own
    for span in cluster:
        scope |= set(range(span.start, span.end))
    return scope


def _local_tokens(root: Token) -> list[Token]:
    tokens = [root]
    tokens += [
        c
        for c in root.children
        if not _content_clause(c)
        and c.dep_
        in (
            "amod",
            "acl",
            "advmod",
            "aux",
            "auxpass",
            "neg",
            "relcl",
            "prep",
            "det",
            "nummod",
            "compound",
            "npadvmod",
        )
    ]
    for verb in _clause_verbs(root):
        if verb.i != root.i:
            tokens.append(verb)
        tokens += [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "acomp", "prt")]
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ in ("NOUN", "ADJ"):
        tokens.append(root.head.head)  # "preparations for the summit", "expectation for a meeting"
    return tokens


def _content_clause(token: Token) -> bool:
    """"a statement in which they agreed to ...": a relative clause through a preposition
    tells what the event said or did, not whether it happened."""
    return token.dep_ == "relcl" and any(
        c.dep_ == "prep" and any(o.lower_ in ("which", "whom") for o in c.children) for c in token.children
    )


def _modifier_tokens(root: Token) -> list[Token]:
    tokens = [c for c in root.children if c.dep_ in ("amod", "compound", "nmod", "acl", "advmod")]
    current = root
    for _ in range(3):
        if current.head.i == current.i:
            break
        current = current.head
        tokens += [c for c in current.children if c.dep_ in ("amod",)]
        if current.pos_ in ("NOUN",) and current.dep_ not in ("xcomp", "acl"):
            break
    return tokens


def _cue_hit(token: Token, lemmas: frozenset[str], words: frozenset[str], cue: Any) -> bool:
    if token.lemma_.lower() in lemmas or (words and token.lower_ in words):
        follow = cue.next_words(token.lemma_.lower()) if hasattr(cue, "next_words") else None
        if follow:
            nxt = [c.lower_ for c in token.children if c.dep_ in ("prt", "advmod", "prep")]
            if token.i + 1 < len(token.doc):
                nxt.append(token.doc[token.i + 1].lower_)
            return any(w in nxt for w in follow)
        return True
    return False


def _status(cluster: list[Span], rules: EventRules, event_type: str) -> tuple[str | None, str]:
    found: list[tuple[str, str]] = []
    # Cues on the verb the event is an argument of (and on its auxiliaries) speak for the
    # event; cues in its modifiers may describe something else ("a statement, issued on
    # Thursday, prepared without mediators"): the first outrank the second.
    close: list[tuple[str, str]] = []
    for span in cluster:
        root = span.root
        heads = {root.i} | {v.i for v in _clause_verbs(root)}
        local = _local_tokens(root)
        chain = [root, *_ancestors(root)]
        modifiers = _modifier_tokens(root)
        signing = span.label_ != "agreement" or span.root.lemma_ in ("sign", "signing", "initial")
        # Each token's words once, for the cheap test that rules most (token, cue) pairs out.
        words = {t.i: (t.lemma_.lower(), t.lower_) for t in (*chain, *local, *modifiers)}
        pools = {"local": local, "chain": chain + local, "modifier": modifiers}
        # Per pool, every lemma and word in it: a cue none of whose words is there is passed over.
        present = {
            name: ({words[t.i][0] for t in pool}, {words[t.i][1] for t in pool})
            for name, pool in pools.items()
        }
        for cue in rules.status_cues:
            scope = cue.scope if (cue.scope != "chain" or signing) else "local"
            pool = pools[scope]
            lemmas_there, words_there = present[scope]
            if cue.lemmas.isdisjoint(lemmas_there) and cue.words.isdisjoint(words_there):
                continue
            if cue.status_for(event_type) is None or (cue.nouns_only and root.pos_ not in ("NOUN", "PROPN")):
                continue
            for token in pool:
                lemma, lower = words[token.i]
                if lemma not in cue.lemmas and not (cue.words and lower in cue.words):
                    continue  # _cue_hit below would be False
                if cue.not_as_subject and token.i == root.head.i and root.dep_ == "nsubj":
                    continue
                if (
                    cue.not_through
                    and root.dep_ == "pobj"
                    and root.head.lower_ in cue.not_through
                    and root.head.head.i == token.i
                    and _is_past(token)
                ):
                    continue
                # A trigger is not its own cue, except a signing verb's own lemma for agreements.
                if (
                    token.i in range(span.start, span.end)
                    and cue.scope != "modifier"
                    and (not (cue.lemmas & {token.lemma_.lower()}) or span.label_ != "agreement")
                ):
                    continue
                if _cue_hit(token, cue.lemmas, cue.words, cue):
                    if (cue.past_only and not _is_past(token)) or (cue.not_past and _is_past(token)):
                        continue
                    found.append((str(cue.status_for(event_type)), cue.id))
                    auxiliary = token.head.i in heads and token.dep_ in ("aux", "auxpass", "neg", "prt")
                    if token.i in heads or auxiliary:
                        close.append(found[-1])
                    break
        if _negated(root, rules):
            found.append((str(rules.negation.status_for(event_type)), rules.negation.id))
    for status in NEGATIVE:
        for value, rule in found:
            if value == status:
                return value, rule
    for cues in (close, found):
        for status in ("planned", "held"):
            for value, rule in cues:
                if value == status:
                    return value, rule
    return None, ""


def _negated(root: Token, rules: EventRules) -> bool:
    words = rules.negation.words
    verbs = [root] if root.pos_ in VERB_POS else []
    governing = _governing_verb(root)
    if governing is not None and (
        root.dep_ in ("nsubjpass", "dobj")
        or (
            root.dep_ == "nsubj"
            and (
                not rules.negation.subject_verbs
                or governing.lemma_.lower() in rules.negation.subject_verbs
            )
        )
    ):
        verbs.append(governing)
    for verb in verbs:
        if any(c.dep_ == "neg" or (c.lower_ in words and c.dep_ in ("advmod", "neg")) for c in verb.children):
            return True
    if any(c.dep_ == "det" and c.lower_ == "no" for c in root.children):
        return True
    # "No document was signed": the negation sits on the signing verb's argument.
    return root.pos_ in VERB_POS and any(
        a.dep_ in ("nsubjpass", "dobj") and any(c.dep_ == "det" and c.lower_ == "no" for c in a.children)
        for a in root.children
    )


def _tense(cluster: list[Span], rules: EventRules) -> str | None:
    arranging = next((c.lemmas for c in rules.status_cues if c.id == "status.arranged_meeting"), frozenset())
    for span in cluster:
        root = span.root
        verb = _governing_verb(root)
        if verb is not None and verb.lemma_.lower() in arranging and root.pos_ in ("NOUN", "PROPN"):
            # "had agreed to a meeting on 15 December": the arranging is past, the meeting's
            # time is its own; its date takes the reading nearest the article's.
            return None
        if root.dep_ == "pobj" and _is_frame(root.head, rules):
            # "the first talks since the Sochi meeting": the framed event is not in the
            # clause's tense; "since" looks back, the others say nothing by themselves.
            if root.head.lower_ == "since":
                return "past"
            continue
        for verb in _clause_verbs(root):
            if _is_future(verb):
                return "future"
            if _is_past(verb):
                return "past"
            if verb.tag_ in ("VBZ", "VBP") and any(
                c.dep_ == "xcomp" and c.lemma_ in ("hold", "meet", "take", "sign", "be")
                for c in verb.children
            ):
                return "future"
            # "Sochi is hosting the meeting", "the leaders are meeting": happening as the
            # article is written (a progressive with a later date is a plan, see extract).
            if (
                verb.tag_ == "VBG"
                and (verb.i == root.i or verb.lemma_ in ("hold", "host"))
                and any(
                    c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in verb.children
                )
            ):
                return "present"
    return None


def _dropped(cluster: list[Span], rules: EventRules, status: str | None, reader: _Reader) -> str:
    doc, lowered = reader.doc, reader.lowered
    for span in cluster:
        root = span.root
        verbs = _clause_verbs(root)
        near = [root, *verbs]
        # The words the hedges test, read once: (dep, word) of the clause heads' children, the
        # auxiliaries of the trigger and its verbs (with whether that verb is negated), and the
        # lemmas up the trigger's chain.
        clause_children = [(c.dep_, c.lower_) for v in verbs + _ancestors(root, 4) for c in v.children]
        auxiliaries = []
        for v in near:
            children = [(c.dep_, c.lower_) for c in v.children]
            negated = any(dep == "neg" for dep, _ in children)
            auxiliaries += [(word, negated) for dep, word in children if dep == "aux"]
        chain = [t.lemma_.lower() for t in _ancestors(root, 3)]
        pool: set[str] | None = None  # the words an aggregate may modify the trigger with
        for hedge in rules.hedges:
            if hedge.except_with_status and status in hedge.except_with_status:
                continue
            if hedge.deps:
                if any(dep in hedge.deps and word in hedge.words for dep, word in clause_children):
                    return hedge.id
                continue
            if hedge.words and any(
                word in hedge.words and not (word in hedge.facts_when_negated and negated)
                for word, negated in auxiliaries
            ):
                return hedge.id
            if hedge.lemmas and any(lemma in hedge.lemmas for lemma in chain):
                return hedge.id
        for aggregate in rules.aggregates:
            if aggregate.id.endswith("times"):
                for verb in near:
                    for i in sorted(_subtree(verb)):
                        if lowered[i] in aggregate.words and any(
                            c.like_num or c.dep_ in ("amod", "nummod") for c in doc[i].children
                        ):
                            return aggregate.id
                continue
            if pool is None:
                pool = {c.lower_ for c in root.children} | {
                    c.lower_ for v in verbs for c in v.children if c.dep_ in ("advmod", "npadvmod")
                }
            if not pool.isdisjoint(aggregate.words):
                return aggregate.id
    return ""


def _date_for(
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
        for verb in [root, *_clause_verbs(root)]:
            if verb.dep_ != "relcl" or not any(c.lower_ == "when" for c in verb.children):
                continue
            for mention, span in date_spans:
                if span.start <= verb.head.i < span.end and not _counts_from_other_event(mention, span):
                    return mention, "date.when_clause"
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
            if _sequences(owner, rules, root_ids):
                continue
            if (
                owner.pos_ in ("NOUN", "PROPN")
                and owner.i not in date_owners
                and owner.lower_ not in DATE_NOUNS
                and owner.lower_ not in _setting_words(rules)  # "on the sidelines ... on 24 October"
                and not any(owner.i in range(s.start, s.end) for s in cluster)
            ):
                continue
        distance = min(_tree_distance(span.root, r) for r in roots)
        # "on Saturday, their second meeting this year": the day dates the event, the year
        # only places it in a series, so a finer date wins over a nearer coarse one.
        key = (_coarseness(mention), distance)
        if best is None or key < best[:2]:
            best = (key[0], key[1], mention)
    if best is None:
        return None, ""
    return best[2], "date.attached"


def _setting_words(rules: EventRules) -> frozenset[str]:
    """The nouns that place an event within a gathering ("sidelines", "margins")."""
    return next((c.words for c in rules.context_cues if c.id == "context.sidelines"), frozenset())


def _date_before_frame(cluster: list[Span], date_spans: list[tuple[Any, Span]]) -> tuple[Any, str]:
    """"The meeting came three weeks after Putin received the pair in Sochi": the framed event
    lies that long before the article's own event, taken to be the article's date. Read as
    "three weeks ago"; the bound of "less than" is dropped."""
    from parley.dates import DateMention

    for mention, span in date_spans:
        words = span.text.lower().split()
        if mention.kind != "relative" or len(words) < 3 or words[-1] != "after":
            continue
        frame = span[-1]
        # "after" is the preposition above a noun ("after talks") or the marker of a clause.
        framed = any(
            frame.i in {t.i for t in _ancestors(s.root)}
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


def _venue(
    cluster: list[Span], scope: set[int], reader: _Reader, contexts: dict[int, Span], doc: Doc
) -> tuple[Any, str, str, str | None]:
    """The place an event happens: "in X"/"at X" on the event, "the X meeting", or the city of
    the summit it is held during."""
    roots = {s.root.i for s in cluster}
    anchors = set(roots) | {v.i for s in cluster for v in _clause_verbs(s.root)}
    context_text = None
    context_roots = set()
    for root_i, span in contexts.items():
        if any(root_i in _subtree(s.root) for s in cluster):
            context_roots.add(root_i)
            head = span.root
            words = [t for t in head.subtree if t.i >= head.left_edge.i]
            context_text = doc[words[0].i : words[-1].i + 1].text if words else span.text
            prep = head.head
            if prep.head.lower_ in ("sidelines", "margins", "sideline", "margin", "fringes"):
                context_text = f"{prep.head.lower_} of {context_text}"
    anchors |= context_roots
    # "The talks followed clashes on the border": what hangs on the verb is the clashes'.
    anchors -= {i for i in anchors if _sequences(doc[i], reader.rules, roots)}
    trigger_subtrees = {i for s in cluster if s.root.pos_ in ("NOUN", "PROPN") for i in _subtree(s.root)}
    framed = all(s.root.dep_ == "pobj" and _is_frame(s.root.head, reader.rules) for s in cluster)
    candidates: list[tuple[int, Any, str, str]] = []
    for ent in reader.entities:
        if ent.label not in ("PLACE", "NER_GPE", "NER_LOC", "NER_FAC", "ACTOR") or ent.start not in scope:
            continue
        seat = None
        if ent.label == "ACTOR":
            # "at the White House", "in the Kremlin": a seat of government stands for its capital.
            actor = reader.pack.metonym(ent.text)
            capital = getattr(actor, "capital", None)
            seat = reader.place(capital) if capital else None
            if seat is None:
                continue
        root = doc[ent.start : ent.end].root
        rule = ""
        prep = root.head
        if root.dep_ == "compound" and root.head.dep_ == "pobj" and root.head.head.lower_ in VENUE_PREPS:
            # "at his Sochi residence", "at Prague Castle": a building stands for its city.
            root, prep = root.head, root.head.head
        elif (
            root.dep_ == "pobj"
            and prep.lower_ == "of"
            and prep.head.lower_ in reader.rules.place_kind_nouns
            and prep.head.dep_ == "pobj"
        ):
            # "in the Black Sea resort of Sochi": the kind noun holds the venue slot.
            root, prep = prep.head, prep.head.head
        if root.dep_ == "pobj" and (
            prep.lower_ in VENUE_PREPS
            or (prep.lower_ == "for" and prep.head.lemma_ in SETTING_VERBS)
            or (
                prep.lower_ == "to"
                and prep.head.lemma_.lower() in reader.rules.destination_lemmas
                # "travelled to Sochi after the summit": a framed event is not where one went next.
                and not framed
            )
        ):
            governor = prep.head
            if _sequences(governor, reader.rules, roots):
                continue
            if (
                (
                    governor.i in anchors
                    or (governor.pos_ in VERB_POS and governor.i in scope)
                    or (governor.i in reader.date_tokens and governor.i in scope)
                    or governor.i in trigger_subtrees
                    # "received his counterparts in Moscow": the venue hangs on the verb's object.
                    or (governor.i in scope and governor.head.i in anchors and governor.dep_ in ARGUMENT_DEPS)
                )
                or governor.dep_ == "pobj"
                and governor.head.head.i in anchors
            ):
                rule = "place.prep_venue"
        elif root.dep_ in ("compound", "nmod", "amod", "poss") and (
            root.head.i in roots or root.head.i in anchors
        ):
            rule = "place.modifier"
        elif root.dep_ == "appos" and root.head.dep_ == "pobj" and root.head.head.lower_ in VENUE_PREPS:
            rule = "place.prep_venue"
        elif root.dep_ == "dobj" and root.head.lemma_.lower() in reader.rules.visit_lemmas and (
            root.head.head.i in anchors
            or (root.head.head.dep_ in ("nsubj", "nsubjpass") and root.head.head.head.i in anchors)
        ):
            rule = "place.visited"  # "Pashinyan, visiting Istanbul, met Erdogan"
        elif (
            root.dep_ == "nsubj"
            and root.head.i in anchors
            and root.head.lemma_.lower() in reader.rules.destination_lemmas
        ):
            rule = "place.host_city"  # "Moscow hosted the leaders", "Sochi is hosting the meeting"
        elif any(ent.start in _subtree(doc[c]) for c in context_roots) and (
            root.dep_ in ("compound", "nmod", "amod") or (root.dep_ == "pobj" and prep.lower_ in VENUE_PREPS)
        ):
            rule = "place.context_city"  # "the Munich Security Conference", "a summit in Dushanbe"
        if not rule:
            continue
        if rule == "place.prep_venue" and prep.lower_ in VICINITY_PREPS:
            rule = VICINITY  # "talks near Washington": somewhere around the city
        if seat is not None:
            place = seat
        elif ent.label == "PLACE":
            place = reader.place(ent.text)
        else:
            if reader.actor(ent.text) and reader.place(ent.text) is None:
                continue  # a country named as a location is a side, not a venue city
            place = reader.place(ent.text) or ent.text
        if place is None:
            continue
        in_context = any(ent.start in _subtree(doc[c]) for c in context_roots)
        candidates.append((ent.start, place, ent.text, "place.context_city" if in_context else rule))
    candidates += _capitals_named(scope, anchors, reader, doc)
    candidates += _bare_border(scope, anchors, reader, doc)
    if not candidates:
        return None, "", "", context_text
    # The first venue wins: "in Granada, Spain" names the city before the country.
    candidates.sort(key=lambda c: c[0])
    _, place, text, rule = candidates[0]
    return place, text, rule, context_text


def _bare_border(
    scope: set[int], anchors: set[int], reader: _Reader, doc: Doc
) -> list[tuple[int, Any, str, str]]:
    """ "Met on the border": a bare border noun on the event names the border between the sides.
    A modified noun ("the Turkish border", "the border with Iran") names another one."""
    venue = reader.place(reader.rules.border_venue) if reader.rules.border_venue else None
    if venue is None:
        return []
    found: list[tuple[int, Any, str, str]] = []
    for i in scope:
        if reader.lowered[i] not in reader.rules.border_nouns:
            continue
        token = doc[i]
        if (
            token.dep_ == "pobj"
            and token.head.lower_ in ("on", "at")
            and token.head.head.i in anchors
            and all(c.dep_ == "det" and c.lower_ == "the" for c in token.children if c.i < token.i)
            and not any(c.dep_ == "prep" and c.lower_ in ("with", "of") for c in token.children)
        ):
            found.append((token.i, venue, token.text, "place.bare_border"))
    return found


def _conjoined_venues(place: Any, place_text: str, doc: Doc, reader: _Reader) -> tuple[Any, ...]:
    """"held rounds in Berlin and Almaty": each conjoined city is a venue of its own event.
    The two sides' own capitals conjoined ("spoke to his counterparts in Baku and Yerevan")
    say where the participants were, which is no venue at all: returns (None,)."""
    if place is None or isinstance(place, str):
        return ()
    heads = [t for t in doc if t.text == place_text.split()[-1] and t.dep_ == "pobj"]
    if not heads:
        return ()
    others = []
    for conj in heads[0].conjuncts:
        other = reader.place(conj.text) or next(
            (reader.place(e.text) for e in reader.by_token.get(conj.i, []) if e.label == "PLACE"), None
        )
        if other is not None and getattr(other, "name", None) != getattr(place, "name", None):
            others.append(other)
    if not others:
        return ()
    actors = [str(getattr(a, "code", "")) for a in getattr(reader.pack, "actors", ())][:2]
    home = {getattr(p, "country", None) for p in (place, *others)}
    if len(actors) == 2 and home == set(actors):
        return (None,)
    return tuple(others)


def _capitals_named(
    scope: set[int], anchors: set[int], reader: _Reader, doc: Doc
) -> list[tuple[int, Any, str, str]]:
    """The capital a phrase names by description: "in the Georgian capital"."""
    found: list[tuple[int, Any, str, str]] = []
    for i in sorted(scope):
        if reader.lowered[i] != "capital":
            continue
        token = doc[i]
        if token.dep_ != "pobj" or token.head.lower_ not in VENUE_PREPS:
            continue
        governor = token.head.head
        if governor.i not in anchors and not (governor.pos_ in VERB_POS and governor.i in scope):
            continue
        side = reader._np_side(token)
        actor = reader.pack.actor_by_code(side) if side else None
        capital = getattr(actor, "capital", None)
        place = reader.place(capital) if capital else None
        if place is not None:
            found.append((token.left_edge.i, place, token.text, "place.capital_named"))
    return found


def _mediator(
    cluster: list[Span],
    scope: set[int],
    parties: list[PartyRef],
    reader: _Reader,
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
    hyphen = rules.mediator_hyphen
    for i in range(2, len(doc)):
        if lowered[i] in hyphen.words and lowered[i - 1] == "-" and i in scope:
            code = reader._token_side(i - 2)
            if code:
                return code, hyphen.id
    return None, ""


def _mention(
    doc: Doc,
    cluster: list[Span],
    others: list[Span],
    contexts: dict[int, Span],
    date_spans: list[tuple[Any, Span]],
    reader: _Reader,
    rules: EventRules,
    trigger_rules: dict[str, TriggerRule],
    reporting: set[int],
    reporting_subjects: set[int],
    *,
    sentence: int,
    offset: int,
    segment: str,
) -> Mention:
    types = {s.label_ for s in cluster}
    event_type = "agreement" if "agreement" in types else ("call" if "call" in types else "meeting")
    main = next(s for s in cluster if s.label_ == event_type)
    scope = _scope(cluster, others, rules)
    status, status_rule = _status(cluster, rules, event_type)
    tense = _tense(cluster, rules)
    date_mention, date_rule = _date_for(
        cluster, scope, date_spans, rules, reporting, reader.date_tokens | set(contexts)
    )
    if date_mention is None:
        date_mention, date_rule = _date_before_frame(cluster, date_spans)
    place, place_text, place_rule, context = _venue(cluster, scope, reader, contexts, doc)
    also = _conjoined_venues(place, place_text, doc, reader)
    if also == (None,):
        place, place_text, place_rule, also = None, "", "", ()
    if (
        event_type == "meeting"
        and place is None
        and context is None
        and all(trigger_rules[s.id_].remote_unless_venue for s in cluster)
    ):
        event_type = "call"
    open_mode = (
        event_type == "meeting"
        and place is None
        and context is None
        and all(trigger_rules[s.id_].mode_from_story for s in cluster)
    )
    # "Armenia and Azerbaijan announced on Thursday that they had agreed ...": a pronoun
    # subject of the reported clause is the speaker, who then takes part, on the day said.
    speaker = _speaker_for_pronoun(cluster, reporting, rules)
    if speaker is not None:
        said = {i for c in speaker.children if c.dep_ in ("nsubj", "nsubjpass") for i in _subtree(c)}
        scope = scope | said
        reporting_subjects = reporting_subjects - said
        if date_mention is None:
            date_mention, date_rule = _date_of(speaker, date_spans, rules)
    # "During a call with Pashinyan, Putin stressed ...", "At the talks, Aliyev said ...":
    # whoever speaks within the event takes part in it.
    within = _speaker_within(cluster, rules)
    if within is not None:
        said = {i for c in within.children if c.dep_ == "nsubj" for i in _subtree(c)}
        scope = scope | said
        reporting_subjects = reporting_subjects - said
    if date_mention is None:
        # "On Monday, X said the sides had agreed ...": the event reported is dated on the
        # day it was said unless the clause itself has a date.
        teller = _reporting_head(cluster, reporting)
        if teller is not None:
            date_mention, date_rule = _date_of(teller, date_spans, rules)
            date_rule = "date.reporting_verb" if date_mention is not None else ""
    also_dates = _conjoined_dates(date_mention, date_spans, rules)
    if date_mention is None and status in NEGATIVE:
        # "Last month Aliyev stayed away from a meeting": a refusal from afar is dated on
        # the verb that refuses.
        node = main.root
        for _ in range(4):
            if node.head.i == node.i or node.dep_ in CLAUSE_DEPS:
                break
            node = node.head
            if node.pos_ in VERB_POS:
                date_mention, date_rule = _date_of(node, date_spans, rules)
                date_rule = "date.refusing_verb" if date_mention is not None else ""
                break
    context_tokens = {i for c in contexts.values() for i in _subtree(c.root)}
    parties = [
        p for p in reader.parties(scope, reporting_subjects) if p.person or p.token not in context_tokens
    ]
    distinct = next(
        (
            rules.distinct.id
            for s in cluster
            for c in s.root.children
            if c.dep_ in ("amod", "det") and c.lower_ in rules.distinct.words
        ),
        "",
    )
    group = rules.group_parties
    group_ref = any(
        reader.lowered[i] in group.words and any(c.lower_ in group.lemmas for c in doc[i].children)
        for i in scope
    )
    mediator, mediator_rule = _mediator(cluster, scope, parties, reader, rules, doc)
    if mediator is None and any(reader.lowered[i] in rules.mediator_trilateral.words for i in scope):
        mediator_rule = rules.mediator_trilateral.id
    dropped = _dropped(cluster, rules, status, reader)
    weak = all(trigger_rules[s.id_].weak for s in cluster)
    signing = any(trigger_rules[s.id_].signing for s in cluster)
    act = event_type == "agreement" and status_rule in {c.id for c in rules.status_cues if c.act}
    plural = all(
        s.root.tag_ in ("NNS", "NNPS")
        and s.root.lower_ not in ("talks", "negotiations", "consultations")
        and s.root.lower_ not in rules.duration_nouns
        and not _partitive_one(s.root)
        for s in cluster
    )
    named = {p.code for p in parties if p.named}
    if event_type == "agreement":
        # Countries sign too: "Armenia, Azerbaijan and Russia signed a statement".
        sides = {p.code for p in parties}
        anchored = date_mention is not None or ((signing or act) and (place is not None or len(sides) >= 2))
    elif weak:
        anchored = date_mention is not None and place is not None
    else:
        anchored = date_mention is not None or place is not None or len(named) >= 2
    if plural and date_mention is None and event_type != "agreement" and not dropped:
        dropped = "aggregate.plural"
    if event_type == "agreement" and not dropped and all(_mass_noun(s.root, rules) for s in cluster):
        dropped = rules.mass_agreement.id
    if event_type == "agreement" and not dropped and all(_said_alone(s, rules) for s in cluster):
        dropped = "agreement.unilateral_statement"
    if event_type == "agreement" and not dropped and _agreed_to_meet(cluster, others):
        dropped = "agreement.agreed_to_meet"
    gathering = event_type != "agreement" and all(_forum_gathering(s, parties, reader) for s in cluster)
    start = offset if offset >= 0 else -1
    text = reader.text
    evidence = Evidence(text, start, start + len(text) if offset >= 0 else -1)
    one_per_side = rules.one_per_side.words | rules.one_per_side.lemmas  # the words _one_per_side_cue reads
    return Mention(
        type=event_type,
        sentence=sentence,
        segment=segment,
        evidence=evidence,
        trigger_rule=main.id_,
        trigger_text=main.text,
        status=status,
        status_rule=status_rule,
        tense=tense,
        date_mention=date_mention,
        date_rule=date_rule,
        place=place,
        place_text=place_text,
        place_rule=place_rule,
        context=context,
        parties=tuple(parties),
        group_ref=group_ref,
        mediator=mediator,
        mediator_rule=mediator_rule,
        anchored=anchored,
        signing=signing,
        act=act,
        plural=plural,
        dropped=dropped,
        distinct=distinct,
        joint=_says_joint(reader, scope),
        apart=any(reader.lowered[i] in rules.apart.words for i in scope),
        each=any(_one_per_side_cue(doc[i], rules) for i in scope if reader.lowered[i] in one_per_side),
        open_mode=open_mode,
        gathering=gathering,
        unmediated=reader.unmediated
        or any(c.lower_ in rules.unmediated_modifiers for s in cluster for c in s.root.children),
        also_places=also,
        also_dates=also_dates,
    )


def _mass_noun(token: Token, rules: EventRules) -> bool:
    """ "reached agreement on the principles", "full agreement": the noun used as a mass noun,
    with no determiner, number or name, is accord on points, not a document."""
    if token.lower_ not in rules.mass_agreement.words or token.tag_ != "NN":
        return False
    return not any(c.dep_ in ("det", "poss", "nummod", "compound", "nmod") for c in token.children)


# Dependencies inside one noun phrase: "the BRICS summit", "a meeting of CIS leaders".
NOUN_PHRASE_DEPS = frozenset(["compound", "amod", "poss", "nmod", "nummod", "appos", "conj", "cc", "det"])


def _forum_gathering(span: Span, parties: Iterable[PartyRef], reader: _Reader) -> bool:
    """ "the 16th BRICS Summit", "an informal meeting of CIS leaders": the trigger names a forum's
    own gathering (see the pack's actor kinds), a setting, not contact between sides."""
    doc = reader.doc
    for ref in parties:
        actor = reader.pack.actor_by_code(ref.code)
        if getattr(actor, "kind", None) != "forum":
            continue
        node = doc[ref.token]
        for _ in range(6):
            if node.i == span.root.i:
                return True
            inside = node.dep_ in NOUN_PHRASE_DEPS or (
                node.dep_ in ("pobj", "prep") and (node.head.lower_ == "of" or node.lower_ == "of")
            )
            if not inside or node.head.i == node.i:
                break
            node = node.head
    return False


def _agreed_to_meet(cluster: list[Span], others: list[Span]) -> bool:
    """ "agreed to a meeting", "agreed to continue talks": what was agreed is a meeting (a plan,
    read from the meeting's own trigger), not a document."""
    verbs = [s.root for s in cluster if s.root.pos_ in VERB_POS and s.root.lemma_.lower() == "agree"]
    if not verbs or len(verbs) != len(cluster):
        return False
    return any(o.label_ != "agreement" and o.root.i in _subtree(v) for v in verbs for o in others)


def _said_alone(span: Span, rules: EventRules) -> bool:
    """ "a statement issued by the State Department", "said in a statement": one voice's
    statement, not a document several sides concluded."""
    nouns = ("statement", "statements", "communique", "communiqué")
    noun = next((t for t in span if t.lower_ in nouns), None)
    if noun is None or any(c.lower_ in rules.separate_calls.words for c in noun.children):
        return False  # "a joint statement issued by the three leaders"
    for verb in (t for t in span if t.i != noun.i and t.head.i == noun.i):
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            issuer = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if issuer is None or issuer.tag_ == "NNS":
                continue
            if not any(c.dep_ == "conj" for c in issuer.children):
                return True
    prep = noun.head
    return prep.dep_ == "prep" and prep.lower_ == "in" and prep.head.lemma_.lower() in rules.reporting_lemmas


def _one_per_side_cue(token: Token, rules: EventRules) -> bool:
    """ "met them separately", "in separate meetings": a cue that a third party met each side on its own."""
    cue = rules.one_per_side
    if token.lower_ in cue.words:
        return True
    return token.lower_ in cue.lemmas and token.dep_ in ("amod", "conj") and token.head.tag_ == "NNS"


def _conjoined_dates(found: Any, date_spans: list[tuple[Any, Span]], rules: EventRules) -> tuple[Any, ...]:
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
            and other_owner.i == owner.i
            and prep not in rules.date_blocking_preps
        )
        if same_verb or _coordinated(left.root, right.root):
            out.append(mention)
    return tuple(out)


def _next_days(a: Any, b: Any) -> bool:
    """Two weekdays in a row ("Friday and Saturday")."""
    from parley.dates import weekday_number

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


def _speaker_for_pronoun(cluster: list[Span], reporting: set[int], rules: EventRules) -> Token | None:
    """The reporting verb whose complement clause holds the event with a personal pronoun as
    its subject ("X said they had met"): the pronoun refers back to the speaker."""
    for span in cluster:
        for verb in _clause_verbs(span.root):
            if verb.dep_ != "ccomp" or verb.head.i not in reporting or verb.head.pos_ != "VERB":
                continue
            if any(c.dep_ == "nsubj" and c.lower_ in rules.speaker_pronouns for c in verb.children):
                return verb.head
    return None


def _speaker_within(cluster: list[Span], rules: EventRules) -> Token | None:
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


def _reporting_head(cluster: list[Span], reporting: set[int]) -> Token | None:
    """The reporting verb whose complement clause holds the event ("X said the sides met")."""
    for span in cluster:
        for verb in _clause_verbs(span.root):
            if verb.dep_ == "ccomp" and verb.head.i in reporting and verb.head.pos_ == "VERB":
                return verb.head
    return None


def _date_of(verb: Token, date_spans: list[tuple[Any, Span]], rules: EventRules) -> tuple[Any, str]:
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


def _says_unmediated(doc: Doc, rules: EventRules, lowered: Sequence[str] | None = None) -> bool:
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


def _says_joint(reader: _Reader, scope: set[int]) -> bool:
    """Whether a cue of one joint event sits in the scope; read on the text, since
    "three-way" is three tokens."""
    if not scope:
        return False
    first, last = reader.doc[min(scope)], reader.doc[max(scope)]
    cue = reader.rules.joint_cue
    return cue is not None and cue.search(reader.text[first.idx : last.idx + len(last)].lower()) is not None


def participants_of(parties: Iterable[PartyRef]) -> tuple[Participant, ...]:
    seen: dict[tuple[str, str | None], Participant] = {}
    for ref in parties:
        if ref.person:
            seen.setdefault((ref.person, ref.code), Participant(ref.person, ref.code, ref.role))
        elif ref.role:
            seen.setdefault((ref.role.lower(), ref.code), Participant(ref.role, ref.code, ref.role))
    return tuple(seen.values())
