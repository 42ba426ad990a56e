"""Venue: where an event takes place ("in X", "at X", "the X meeting", the city of the summit
it is held during), told apart from places that are a topic ("the situation in X"), a
dateline, or the other side of a trip; conjoined venues are events of their own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from parley.extraction.rules import sideline_words
from parley.extraction.syntax import (
    ARGUMENT_DEPS,
    VERB_POS,
    clause_verbs,
    is_frame,
    relative_below,
    sequences_other_event,
    subtree_of,
)
from parley.model import VICINITY

if TYPE_CHECKING:
    from parley.extraction.arguments import SentenceReader


VENUE_PREPS = frozenset({"in", "at", "inside", "near", "outside"})


VICINITY_PREPS = frozenset({"near", "outside"})


# "set for Brussels": a venue introduced by "for" after a scheduling verb.
SETTING_VERBS = frozenset({"set", "schedule", "plan", "slate", "due", "book"})


def venue_of(
    cluster: list[Span],
    scope: set[int],
    reader: SentenceReader,
    contexts: dict[int, Span],
    doc: Doc,
    setting: Token | None = None,
) -> tuple[Any, str, str, str | None]:
    """The place an event happens: "in X"/"at X" on the event, "the X meeting", or the city of
    the summit it is held during. ``setting`` is a clause whose venue phrases are the event's
    too ("agreed, while meeting the chancellor, on the margins of the conference")."""
    roots = {s.root.i for s in cluster}
    verbs = {v.i for s in cluster for v in clause_verbs(s.root)}
    anchors = set(roots) | verbs
    if setting is not None:
        anchors.add(setting.i)
    context_text = None
    context_roots = set()
    for root_i, span in contexts.items():
        if (
            any(root_i in subtree_of(s.root) for s in cluster)
            or (setting is not None and root_i in scope)
            # "On the sidelines of the summit, Aliyev held a meeting": on the verb that takes it.
            or (root_i in scope and any(a.i in verbs for a in span.root.ancestors))
        ):
            context_roots.add(root_i)
            head = span.root
            words = [t for t in head.subtree if t.i >= head.left_edge.i]
            context_text = doc[words[0].i : words[-1].i + 1].text if words else span.text
            prep = head.head
            if prep.head.lower_ in sideline_words(reader.rules):
                context_text = f"{prep.head.lower_} of {context_text}"
    anchors |= context_roots
    # "The talks followed clashes on the border": what hangs on the verb is the clashes'.
    anchors -= {i for i in anchors if sequences_other_event(doc[i], reader.rules, roots)}
    trigger_subtrees = {i for s in cluster if s.root.pos_ in ("NOUN", "PROPN") for i in subtree_of(s.root)}
    framed = all(s.root.dep_ == "pobj" and is_frame(s.root.head, reader.rules) for s in cluster)
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
            if sequences_other_event(governor, reader.rules, roots):
                continue
            if governor.pos_ in VERB_POS and all(relative_below(governor, doc[r]) for r in roots):
                continue
            if (
                (
                    governor.i in anchors
                    or (governor.pos_ in VERB_POS and governor.i in scope)
                    or (governor.i in reader.date_tokens and governor.i in scope)
                    or governor.i in trigger_subtrees
                    # "received his counterparts in Moscow", "met Aliyev and Pashinyan in Sochi":
                    # the venue hangs on the verb's object, or on its last conjunct.
                    or (
                        governor.i in scope
                        and (argument := _first_conjunct(governor)).head.i in anchors
                        and argument.dep_ in ARGUMENT_DEPS
                    )
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
        elif any(ent.start in subtree_of(doc[c]) for c in context_roots) and (
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
        in_context = any(ent.start in subtree_of(doc[c]) for c in context_roots)
        candidates.append((ent.start, place, ent.text, "place.context_city" if in_context else rule))
    candidates += _capitals_named(scope, anchors, reader, doc)
    candidates += _bare_border(scope, anchors, reader, doc)
    if not candidates:
        return None, "", "", context_text
    # The first venue wins: "in Granada, Spain" names the city before the country.
    candidates.sort(key=lambda c: c[0])
    _, place, text, rule = candidates[0]
    return place, text, rule, context_text


def _first_conjunct(token: Token) -> Token:
    """The first of a run of conjuncts ("Pashinyan and Aliyev": Pashinyan)."""
    for _ in range(8):
        if token.dep_ != "conj" or token.head.i == token.i:
            break
        token = token.head
    return token


def _bare_border(
    scope: set[int], anchors: set[int], reader: SentenceReader, doc: Doc
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


def conjoined_venues(place: Any, place_text: str, doc: Doc, reader: SentenceReader) -> tuple[Any, ...]:
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
    scope: set[int], anchors: set[int], reader: SentenceReader, doc: Doc
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
