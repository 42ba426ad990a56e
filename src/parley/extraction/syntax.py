"""Small readings of the dependency parse that every decision about a mention shares: the verb
a noun trigger is an argument of, the verbs of its clause, tense, temporal frames and subtrees."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from parley.extraction.rules import EventRules

ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


VERB_POS = frozenset({"VERB", "AUX"})


CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "advcl", "relcl", "conj", "acl", "xcomp", "csubj"})


# Where a parsed sentence keeps its subtree and head tables (Doc.user_data).
SUBTREES = "parley.subtrees"
HEADS = "parley.heads"


def _lower(token: Token) -> str:
    return token.lower_


def partitive_one(token: Token) -> bool:
    """A plural noun after "one of" ("one of their rounds") names a single event."""
    head = token.head
    return (
        token.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lower_ == "one"
        and head.head.i != head.i
        and head.head.dep_ in ARGUMENT_DEPS
    )


def governing_verb(token: Token) -> Token | None:
    """The verb a noun trigger is an argument of: directly, or through one preposition."""
    head = token.head
    if token.dep_ in ARGUMENT_DEPS and head.pos_ in VERB_POS and head.i != token.i:
        return head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in VERB_POS:
        return head.head
    if token.dep_ == "conj" and head.i != token.i:
        return governing_verb(head)
    # "the envoys held one of their rounds in Tbilisi": the verb takes the event through "one of".
    if partitive_one(token):
        return governing_verb(token.head.head)
    # "joined Michel and Macron for five-way talks": the purpose hangs on the verb's object.
    if (
        token.dep_ == "pobj"
        and head.lower_ == "for"
        and head.head.dep_ in ("dobj", "conj")
        and head.head.head.pos_ in VERB_POS
    ):
        return head.head.head
    return None


def clause_verbs(token: Token) -> list[Token]:
    """The trigger (if verbal), its governing verb and the verbs that take it as a complement."""
    verbs: list[Token] = []
    current: Token | None = token if token.pos_ in VERB_POS else governing_verb(token)
    hops = 0
    while current is not None and hops < 3:
        verbs.append(current)
        if current.dep_ in ("xcomp", "auxpass") or (current.dep_ == "conj" and current.head.pos_ in VERB_POS):
            current = current.head
        elif current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head.pos_ in VERB_POS:
            current = current.head.head
        elif current.dep_ == "acomp" and current.pos_ == "ADJ" and current.head.pos_ in VERB_POS:
            # "the minister is due to see them": the copula's subject is the one who meets.
            current = current.head
        else:
            break
        hops += 1
    if token.pos_ not in VERB_POS and token.dep_ in ("acl", "relcl"):
        verbs.append(token)
    return verbs


def ancestors_of(token: Token, limit: int = 12) -> list[Token]:
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


def tree_distance(a: Token, b: Token) -> int:
    if a.i == b.i:
        return 0
    path_a = [a, *ancestors_of(a)]
    path_b = [b, *ancestors_of(b)]
    index_b = {t.i: n for n, t in enumerate(path_b)}
    for n, t in enumerate(path_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return len(path_a) + len(path_b)


def is_past(verb: Token) -> bool:
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBN":
        # "has met", "was held" are past; "is expected", "are scheduled" are present passives.
        return any(
            (c.lemma_ == "have" and c.tag_ in ("VBD", "VBZ", "VBP")) or (c.lemma_ == "be" and c.tag_ == "VBD")
            for c in verb.children
            if c.dep_ in ("aux", "auxpass")
        ) or verb.dep_ in ("acl", "amod") or _finite_participle(verb)
    return False


def _finite_participle(verb: Token) -> bool:
    """"The two sides negotiated on 21 November" tagged as a participle: with a subject of its
    own and no auxiliary it can only be a finite past."""
    children = [c.dep_ for c in verb.children]
    return "nsubj" in children and not any(d in ("aux", "auxpass", "nsubjpass") for d in children)


# Words an infinitive hangs on that put its event ahead: "are to hold", "is about to host".
FUTURE_HEADS = frozenset(["be", "go", "plan", "expect", "intend", "agree", "schedule", "due", "set", "about"])


def is_future(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in ("will", "shall", "'ll", "would", "wo"):
            return True
        if child.dep_ == "aux" and child.lower_ == "to" and verb.dep_ == "xcomp":
            head = verb.head
            # "are to hold", "is due to meet", "is about to host", "is set to sign"
            if head.lemma_ in FUTURE_HEADS:
                return True
    return False


DASHES = frozenset(["-", "--", "—", "–"])


def subtree_of(token: Token) -> frozenset[int]:
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


def sequences_other_event(verb: Token, rules: EventRules, roots: Iterable[int]) -> bool:
    """ "followed clashes", "preceded the vote": a verb placing its subject after or before
    another event, its object; for an event outside that object, a date or venue on the verb
    belongs to the other event ("talks will follow on Thursday", with no object, are dated by
    it; "followed a round in Brussels on 14 May" dates the round)."""
    if verb.lemma_ not in rules.sequence_lemmas:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return bool(objects) and not any(i in subtree_of(o) for o in objects for i in roots)


def frame_heads(token: Token, rules: EventRules) -> list[Token]:
    """The temporal frames hanging on a word: "after the clashes", "since they met in May"."""
    return [child for child in token.children if is_frame(child, rules)]


def across_frame(a: Token, b: Token, rules: EventRules) -> bool:
    """Whether one of two words sits inside a temporal frame or a relative clause that the
    other is outside of: "since they met in May", "the commissions, which held a session in
    May, are to meet again" tell of another event than the clause around them."""
    path_a = [a, *ancestors_of(a)]
    path_b = [b, *ancestors_of(b)]
    shared = {t.i for t in path_a} & {t.i for t in path_b}
    for path in (path_a, path_b):
        for token in path:
            if token.i in shared:
                break
            if token.dep_ == "relcl" or is_frame(token, rules):
                return True
    return False


def own_clauses(a: Token, b: Token) -> bool:
    """Whether two words are arguments of two different verbs that each have a subject of their
    own: "the ministers held talks in May, while the leaders held two meetings" tells of two
    events, however close the two nouns sit in the tree."""
    verb_a, verb_b = governing_verb(a), governing_verb(b)
    if verb_a is None or verb_b is None or verb_a.i == verb_b.i:
        return False
    return all(any(c.dep_ in SUBJECT_DEPS for c in v.children) for v in (verb_a, verb_b))


def controlling_verb(token: Token) -> tuple[Token, bool] | None:
    """The clause whose subject does what a subjectless participle or purpose infinitive says,
    and whether the two happen at once: "the leaders agreed to relaunch talks while meeting the
    chancellor" (the leaders meet, then and there), "Macron spoke after meeting both leaders"
    (Macron meets, before), "the ministers flew to Tbilisi to hold talks" (they meet there).
    None when the verb has a subject of its own or is not such an adjunct."""
    if token.dep_ == "conj" and token.head.i != token.i and token.head.pos_ in VERB_POS:
        # "went to Washington to meet Aliyev and to sign a deal": the second purpose is the first's.
        if not any(c.dep_ in SUBJECT_DEPS for c in token.children):
            return controlling_verb(token.head)
        return None
    purpose = token.tag_ == "VB" and token.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    )
    if token.pos_ not in VERB_POS or (token.tag_ not in ("VBG", "VBN") and not purpose):
        return None
    if any(c.dep_ in SUBJECT_DEPS for c in token.children):
        return None
    if token.dep_ == "advcl":
        matrix = token.head
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
    elif token.dep_ == "pcomp" and token.head.dep_ == "prep":
        matrix = token.head.head
        marks = {token.head.lower_}
    else:
        return None
    for _ in range(3):
        if matrix.pos_ not in VERB_POS or any(c.dep_ in SUBJECT_DEPS for c in matrix.children):
            break
        if matrix.dep_ not in ("xcomp", "conj") or matrix.head.i == matrix.i:
            return None
        matrix = matrix.head
    if matrix.pos_ not in VERB_POS or not any(c.dep_ in SUBJECT_DEPS for c in matrix.children):
        return None
    # "travelled to Tbilisi to hold a meeting": the purpose is met where and when the trip went.
    return matrix, purpose or bool(marks & SIMULTANEOUS_MARKS)


def possessor_subject(token: Token) -> Token | None:
    """The subject that a possessive pronoun in an event noun's phrase stands for: the subject
    of the nearest clause above it ("Blinken spoke after his calls with the leaders", "after
    talks with his counterparts, Lavrov said": Blinken, Lavrov)."""
    # On the event noun or on a word of its phrase ("talks with his counterparts").
    if not any(t.dep_ == "poss" and t.lower_ in POSSESSIVE_PRONOUNS for t in token.subtree):
        return None
    for node in ancestors_of(token):
        if node.pos_ in VERB_POS:
            subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None:
                return subject if subject.pos_ != "PRON" else None
    return None


POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their"})


# Subordinators that put the adjunct's event at the time and place of its clause's.
SIMULTANEOUS_MARKS = frozenset({"while", "when", "during", "as"})


def relative_below(word: Token, trigger: Token) -> bool:
    """Whether ``word`` sits in a relative clause on a noun other than ``trigger`` or the words
    above it ("the attack that Azerbaijan launched on 13 September", "the next one, which
    will take place in Brussels"): what it says is another thing's."""
    above = {t.i for t in (trigger, *ancestors_of(trigger))}
    own = subtree_of(trigger)  # "a meeting of the leaders, which was held in Prague"
    for token in (word, *ancestors_of(word)):
        if token.i in above:
            return False
        if token.dep_ == "relcl":
            return token.head.i not in above and token.head.i not in own
    return False


def is_frame(token: Token, rules: EventRules) -> bool:
    if token.dep_ == "prep":
        return token.lower_ in rules.temporal_frames
    # "after they are due to meet" is sometimes parsed as a complement clause; its marker decides.
    return token.dep_ in ("advcl", "ccomp") and any(
        m.dep_ == "mark" and m.lower_ in rules.temporal_frames for m in token.children
    )


def local_tokens(root: Token) -> list[Token]:
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
    for verb in clause_verbs(root):
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


def modifier_tokens(root: Token) -> list[Token]:
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
