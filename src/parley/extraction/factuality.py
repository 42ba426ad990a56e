"""Factuality and genericity: whether a mention reports an event that happened, one planned,
one called off, or no event at all.

Status comes from cues on the trigger's clause (rules/events.yaml ``status_cues``), negation
and tense; hedges, questions, aggregates ("met several times"), goals ("toward concluding a
treaty") and documents that are not documents (mass-noun "agreement", one voice's statement)
drop a mention, with the id of the rule that dropped it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from parley.extraction.rules import EventRules
from parley.extraction.syntax import (
    VERB_POS,
    ancestors_of,
    clause_verbs,
    governing_verb,
    is_frame,
    is_future,
    is_past,
    local_tokens,
    modifier_tokens,
    subtree_of,
)

if TYPE_CHECKING:
    from parley.extraction.arguments import PartyRef, SentenceReader


NEGATIVE = ("cancelled", "postponed", "not_signed")


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


def status_of(cluster: list[Span], rules: EventRules, event_type: str) -> tuple[str | None, str]:
    found: list[tuple[str, str]] = []
    # Cues on the verb the event is an argument of (and on its auxiliaries) speak for the
    # event; cues in its modifiers may describe something else ("a statement, issued on
    # Thursday, prepared without mediators"): the first outrank the second.
    close: list[tuple[str, str]] = []
    for span in cluster:
        root = span.root
        heads = {root.i} | {v.i for v in clause_verbs(root)}
        local = local_tokens(root)
        chain = [root, *ancestors_of(root)]
        modifiers = modifier_tokens(root)
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
                    and is_past(token)
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
                    if (cue.past_only and not is_past(token)) or (cue.not_past and is_past(token)):
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
    governing = governing_verb(root)
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


def tense_of(cluster: list[Span], rules: EventRules) -> str | None:
    arranging = next((c.lemmas for c in rules.status_cues if c.id == "status.arranged_meeting"), frozenset())
    for span in cluster:
        # "the statements that the leaders issued on 9 November": the trigger's own verb tells.
        if any(t.i != span.root.i and t.pos_ in VERB_POS and is_past(t) for t in span):
            return "past"
    for span in cluster:
        root = span.root
        verb = governing_verb(root)
        if verb is not None and verb.lemma_.lower() in arranging and root.pos_ in ("NOUN", "PROPN"):
            # "had agreed to a meeting on 15 December": the arranging is past, the meeting's
            # time is its own; its date takes the reading nearest the article's.
            return None
        if root.dep_ == "pobj" and is_frame(root.head, rules):
            # "the first talks since the Sochi meeting": the framed event is not in the
            # clause's tense; "since" looks back, the others say nothing by themselves.
            if root.head.lower_ == "since":
                return "past"
            continue
        for verb in clause_verbs(root):
            if is_future(verb):
                return "future"
            if is_past(verb):
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


def dropped_by(cluster: list[Span], rules: EventRules, status: str | None, reader: SentenceReader) -> str:
    doc, lowered = reader.doc, reader.lowered
    for span in cluster:
        root = span.root
        verbs = clause_verbs(root)
        near = [root, *verbs]
        # The words the hedges test, read once: (dep, word) of the clause heads' children, the
        # auxiliaries of the trigger and its verbs (with whether that verb is negated), and the
        # lemmas up the trigger's chain.
        clause_children = [(c.dep_, c.lower_) for v in verbs + ancestors_of(root, 4) for c in v.children]
        auxiliaries = []
        for v in near:
            children = [(c.dep_, c.lower_) for c in v.children]
            negated = any(dep == "neg" for dep, _ in children)
            auxiliaries += [(word, negated) for dep, word in children if dep == "aux"]
        chain = [t.lemma_.lower() for t in ancestors_of(root, 3)]
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
                    for i in sorted(subtree_of(verb)):
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


def mass_noun(token: Token, rules: EventRules) -> bool:
    """ "reached agreement on the principles", "full agreement": the noun used as a mass noun,
    with no determiner, number or name, is accord on points, not a document."""
    if token.lower_ not in rules.mass_agreement.words or token.tag_ != "NN":
        return False
    return not any(c.dep_ in ("det", "poss", "nummod", "compound", "nmod") for c in token.children)


# Dependencies inside one noun phrase: "the BRICS summit", "a meeting of CIS leaders".
NOUN_PHRASE_DEPS = frozenset(["compound", "amod", "poss", "nmod", "nummod", "appos", "conj", "cc", "det"])


def forum_gathering(span: Span, parties: Iterable[PartyRef], reader: SentenceReader) -> bool:
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


def agreed_to_meet(cluster: list[Span], others: list[Span]) -> bool:
    """ "agreed to a meeting", "agreed to continue talks": what was agreed is a meeting (a plan,
    read from the meeting's own trigger), not a document."""
    verbs = [s.root for s in cluster if s.root.pos_ in VERB_POS and s.root.lemma_.lower() == "agree"]
    if not verbs or len(verbs) != len(cluster):
        return False
    return any(o.label_ != "agreement" and o.root.i in subtree_of(v) for v in verbs for o in others)


def said_alone(span: Span, rules: EventRules) -> bool:
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
