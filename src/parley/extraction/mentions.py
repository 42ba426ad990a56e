"""Turn one parsed sentence into event mentions: a pure function of the annotated Doc.

A mention is what one sentence says about one event: its type, the cue behind its
status, the date expression and venue attached to it, the sides named around it, the
mediator cue, and whether it is anchored enough (a date, a venue or named people from two
sides) to stand as an event. ``parley.extraction`` resolves dates and merges mentions.

Attachment is syntactic: each trigger owns the tokens of its subtree (and, for a noun
that is the argument of a verb, that verb's subtree), minus the subtrees of the other
events' triggers in the sentence. Dates and places inside that scope belong to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span, Token

from parley.extraction.arguments import (
    PERSON_PRONOUNS,
    PartyRef,
    SentenceReader,
    has_party_object,
    one_per_side_cue,
    reporting_head,
    speaker_for_pronoun,
    speaker_within,
)
from parley.extraction.date_attachment import (
    YEAR_RE,
    attached_date,
    conjoined_dates,
    date_before_frame,
    date_of_verb,
    date_spans_in,
    dates_a_clause,
)
from parley.extraction.factuality import (
    NEGATIVE,
    agreed_to_meet,
    dropped_by,
    forum_gathering,
    mass_noun,
    said_alone,
    status_of,
    tense_of,
)
from parley.extraction.mediator import mediator_of, says_joint
from parley.extraction.rules import EventRules, TriggerRule, sideline_words
from parley.extraction.syntax import (
    CLAUSE_DEPS,
    SUBJECT_DEPS,
    VERB_POS,
    across_frame,
    ancestors_of,
    clause_verbs,
    controlling_verb,
    frame_heads,
    is_frame,
    is_future,
    is_past,
    own_clauses,
    partitive_one,
    possessor_subject,
    subtree_of,
    tree_distance,
)
from parley.extraction.venue import conjoined_venues, venue_of
from parley.model import Evidence

if TYPE_CHECKING:
    from parley.extraction.arguments import PartyRef
    from parley.pack import Pack



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
    together: frozenset[str] = frozenset()  # sides that are together the subject ("A and B spoke")
    apart: bool = False  # "signed separately": no meeting behind the signing
    each: bool = False  # "met A and B separately": a third party met each side on its own
    open_mode: bool = False  # "held a conversation with": in person or by phone, as the story tells
    gathering: bool = False  # "the BRICS summit": a forum's gathering, a setting for events, not one
    unmediated: bool = False  # "without mediators"
    also_places: tuple[Any, ...] = ()  # conjoined venues, each another event of the same kind
    also_dates: tuple[Any, ...] = ()  # "in April and again in May": each date another event
    shared_year: int | None = None  # "in May and in July 2023": the year a coordinated date names
    other_time: bool = False  # the sentence tells a time no event of it takes ("In the fall of 2020, ...")
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def sides(self) -> frozenset[str]:
        return frozenset(p.code for p in self.parties)

    @property
    def named_sides(self) -> frozenset[str]:
        return frozenset(p.code for p in self.parties if p.named)


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
    antecedent: str | None = None,
) -> list[Mention]:
    """Every event mention in one parsed sentence (dropped ones included, with the rule that dropped them).

    ``dates`` are the date mentions found in ``doc.text`` (offsets relative to it);
    ``offset`` places the sentence in Document.text (-1 for the title). ``text``, when the
    caller has it, is ``doc.text`` (the tokenizer keeps every character), which a Doc would
    otherwise join from its tokens. ``antecedent`` is the side of the last person the pack
    knows named in the sentences before ("he" may stand for them).
    """
    triggers = list(doc.spans.get("parley_triggers", []))
    if not triggers:
        return []
    reader = SentenceReader(doc, pack, rules, on, text)
    date_spans = date_spans_in(doc, dates)
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
    triggers = [t for t in kept if has_party_object(t, trigger_rules[t.id_], reader)]
    contents = [t for t in triggers if _content_of(t, triggers)]
    triggers = [t for t in triggers if t not in contents]
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
        others = [t for c in clusters if c is not cluster for t in c] + contents
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
                antecedent=antecedent,
            )
        )
    # "In the fall of 2020, Azerbaijan freed the region in a war ended by an agreement": a date
    # that no event of the sentence takes, and that no event word holds, sets the sentence's time.
    taken = {id(d) for m in out for d in (m.date_mention, *m.also_dates) if d is not None}
    held = {i for t in (*triggers, *contexts.values()) for i in subtree_of(t.root)}
    if any(
        id(d) not in taken and span.root.i not in held and dates_a_clause(span, rules)
        for d, span in date_spans
    ):
        out = [replace(m, other_time=True) for m in out]
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
    ancestors = {t.i for t in ancestors_of(root)}
    # "On the sidelines of the summit, Aliyev held a meeting": the setting hangs on the verb
    # that takes the event noun.
    return any(
        t.root.i in ancestors or any(v.i in ancestors for v in clause_verbs(t.root))
        for t in triggers
        if t.root.i != root.i
    )


def _cluster(doc: Doc, triggers: list[Span], reader: SentenceReader, rules: EventRules) -> list[list[Span]]:
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
    dated = {i for i in reader.date_tokens if doc[i].like_num or (doc[i].is_alpha and not doc[i].is_stop)}

    def own_anchor(span: Span) -> tuple[str, ...]:
        tokens = subtree_of(span.root)
        for other in triggers:
            if other is not span and other.root.i in tokens:
                tokens -= subtree_of(other.root)
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
            if kind(c[0]) == kind(span)
            and not any(across_frame(span.root, t.root, rules) or own_clauses(span.root, t.root) for t in c)
        ]
        best = min(same, key=lambda c: min(tree_distance(span.root, t.root) for t in c)) if same else None
        if best is not None and min(tree_distance(span.root, t.root) for t in best) <= JOIN_DISTANCE:
            best.append(span)
        else:
            clusters.append([span])
    for cluster in clusters:
        cluster.sort(key=lambda s: s.start)
    return sorted(clusters, key=lambda c: c[0].start)


def _scope(cluster: list[Span], others: list[Span], rules: EventRules) -> set[int]:
    scope: set[int] = set()
    for span in cluster:
        scope |= subtree_of(span.root)
        verbs = clause_verbs(span.root)
        for verb in verbs:
            scope |= subtree_of(verb)
        # "The meeting came a week after the leaders met in Prague": what the frame holds
        # belongs to the earlier event, not to this one.
        for head in {t.i: t for t in (span.root, *verbs)}.values():
            for frame in frame_heads(head, rules):
                if span.root.i not in subtree_of(frame):
                    scope -= subtree_of(frame)
    # Another event's words are not this one's, but an event that governs this one ("After
    # they met in Prague, Putin hosted them") does not take this one's own words away.
    # Nor does it take away the words of this event's own clause when it governs that clause
    # ("days after the leaders are due to meet in Brussels on May 14, the ministers will meet").
    own = {i for span in cluster for i in subtree_of(span.root)}
    clauses = [subtree_of(v) for span in cluster for v in clause_verbs(span.root)]
    for other in others:
        if other.root.i not in {s.root.i for s in cluster}:
            kept = own.union(*(part for part in clauses if other.root.i not in part))
            scope -= subtree_of(other.root) - kept
    for span in cluster:
        scope |= set(range(span.start, span.end))
    return scope


def _mention(
    doc: Doc,
    cluster: list[Span],
    others: list[Span],
    contexts: dict[int, Span],
    date_spans: list[tuple[Any, Span]],
    reader: SentenceReader,
    rules: EventRules,
    trigger_rules: dict[str, TriggerRule],
    reporting: set[int],
    reporting_subjects: set[int],
    *,
    sentence: int,
    offset: int,
    segment: str,
    antecedent: str | None = None,
) -> Mention:
    types = {s.label_ for s in cluster}
    event_type = "agreement" if "agreement" in types else ("call" if "call" in types else "meeting")
    main = next(s for s in cluster if s.label_ == event_type)
    scope = _scope(cluster, others, rules)
    # "The leaders agreed to relaunch talks while meeting the chancellor on the margins of the
    # conference": the clause's subject meets; when the two happen at once, the clause's
    # setting (its date and venue phrases) is the meeting's too.
    # A document is only an event of such a clause when a verb of its own tells it ("flew to
    # Moscow to sign the statement"), not as a topic ("received him to discuss the treaty").
    told = event_type != "agreement" or any(s.root.pos_ in VERB_POS for s in cluster)
    control = next(
        (c for v in (main.root, *clause_verbs(main.root)) if (c := controlling_verb(v)) is not None), None
    ) if told else None
    controller = control[0] if control is not None else None
    setting = None
    if control is not None:
        matrix, simultaneous = control
        subjects = {i for c in matrix.children if c.dep_ in SUBJECT_DEPS for i in subtree_of(c)}
        scope = scope | subjects
        reporting_subjects = reporting_subjects - subjects
        if simultaneous:
            setting = matrix
            scope = scope | {
                i
                for c in matrix.children
                if c.dep_ in ("prep", "npadvmod") and not is_frame(c, rules)
                for i in subtree_of(c)
            }
    # "Blinken spoke after his calls with both leaders": whoever "his" stands for, the
    # subject of the nearest clause above, takes part.
    owner = possessor_subject(main.root)
    if owner is not None:
        owners = set(subtree_of(owner))
        scope = scope | owners
        reporting_subjects = reporting_subjects - owners
    status, status_rule = status_of(cluster, rules, event_type)
    tense = tense_of(cluster, rules)
    if tense is None and controller is not None:
        # "flew to Moscow on Friday to hold talks": the trip's tense is the talks'.
        tense = "future" if is_future(controller) else "past" if is_past(controller) else None
    date_mention, date_rule = attached_date(
        cluster, scope, date_spans, rules, reporting, reader.date_tokens | set(contexts)
    )
    if date_mention is None:
        date_mention, date_rule = date_before_frame(cluster, date_spans)
    place, place_text, place_rule, context = venue_of(cluster, scope, reader, contexts, doc, setting)
    also = conjoined_venues(place, place_text, doc, reader)
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
    speaker = speaker_for_pronoun(cluster, reporting, rules)
    if speaker is not None:
        said = {i for c in speaker.children if c.dep_ in ("nsubj", "nsubjpass") for i in subtree_of(c)}
        scope = scope | said
        reporting_subjects = reporting_subjects - said
        if date_mention is None:
            date_mention, date_rule = date_of_verb(speaker, date_spans, rules)
    # "During a call with Pashinyan, Putin stressed ...", "At the talks, Aliyev said ...":
    # whoever speaks within the event takes part in it.
    within = speaker_within(cluster, rules)
    if within is not None:
        said = {i for c in within.children if c.dep_ == "nsubj" for i in subtree_of(c)}
        scope = scope | said
        reporting_subjects = reporting_subjects - said
    if date_mention is None and status != "planned" and tense != "future":
        # "On Monday, X said the sides had agreed ...": the event reported is dated on the
        # day it was said unless the clause itself has a date; a plan told that day is not.
        teller = reporting_head(cluster, reporting)
        if teller is not None:
            date_mention, date_rule = date_of_verb(teller, date_spans, rules)
            date_rule = "date.reporting_verb" if date_mention is not None else ""
    also_dates = conjoined_dates(date_mention, date_spans, rules)
    if date_mention is None and status in NEGATIVE:
        # "Last month Aliyev stayed away from a meeting": a refusal from afar is dated on
        # the verb that refuses.
        node = main.root
        for _ in range(4):
            if node.head.i == node.i or node.dep_ in CLAUSE_DEPS:
                break
            node = node.head
            if node.pos_ in VERB_POS:
                date_mention, date_rule = date_of_verb(node, date_spans, rules)
                date_rule = "date.refusing_verb" if date_mention is not None else ""
                break
    context_tokens = {i for c in contexts.values() for i in subtree_of(c.root)}
    parties = [
        p for p in reader.parties(scope, reporting_subjects) if p.person or p.token not in context_tokens
    ]
    parties += _pronoun_parties(main, controller, parties, reader, antecedent)
    distinct = next(
        (
            rules.distinct.id
            for s in cluster
            for c in s.root.children
            if c.dep_ in ("amod", "det")
            and c.lower_ in rules.distinct.words
            # "in separate calls with A and B": one event per side, not one more event.
            and not one_per_side_cue(c, rules)
        ),
        "",
    )
    group = rules.group_parties
    group_ref = any(
        reader.lowered[i] in group.words and any(c.lower_ in group.lemmas for c in doc[i].children)
        for i in scope
    )
    # The host of the summit an event is held beside ("on the margins of the summit hosted by
    # Moldova") is not the event's mediator; the one who convenes a summit that is the event is.
    beside = {
        i
        for c in contexts.values()
        if c.root.head.dep_ == "prep" and c.root.head.head.lower_ in sideline_words(rules)
        for i in subtree_of(c.root)
    }
    mediator, mediator_rule = mediator_of(cluster, scope - beside, parties, reader, rules, doc)
    if mediator is None and any(reader.lowered[i] in rules.mediator_trilateral.words for i in scope):
        mediator_rule = rules.mediator_trilateral.id
    dropped = dropped_by(cluster, rules, status, reader)
    weak = all(trigger_rules[s.id_].weak for s in cluster)
    signing = any(trigger_rules[s.id_].signing for s in cluster)
    act = event_type == "agreement" and status_rule in {c.id for c in rules.status_cues if c.act}
    plural = all(
        s.root.tag_ in ("NNS", "NNPS")
        and s.root.lower_ not in ("talks", "negotiations", "consultations")
        and s.root.lower_ not in rules.duration_nouns
        and not partitive_one(s.root)
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
    # "his calls with Aliyev and Pashinyan", "meetings with A and B": a plural event noun
    # whose counterparts are named sides is one event per counterpart, not a generic plural.
    per_counterpart = plural and _counterpart_sides(cluster, parties) >= 2
    if plural and date_mention is None and event_type != "agreement" and not dropped and not per_counterpart:
        dropped = "aggregate.plural"
    if event_type == "agreement" and not dropped and all(mass_noun(s.root, rules) for s in cluster):
        dropped = rules.mass_agreement.id
    if event_type == "agreement" and not dropped and all(said_alone(s, rules) for s in cluster):
        dropped = "agreement.unilateral_statement"
    if event_type == "agreement" and not dropped and agreed_to_meet(cluster, others):
        dropped = "agreement.agreed_to_meet"
    if event_type == "agreement" and not dropped and _no_document(cluster):
        dropped = "agreement.none_named"
    gathering = event_type != "agreement" and all(forum_gathering(s, parties, reader) for s in cluster)
    start = offset if offset >= 0 else -1
    text = reader.text
    evidence = Evidence(text, start, start + len(text) if offset >= 0 else -1)
    one_per_side = rules.one_per_side.words | rules.one_per_side.lemmas  # the words one_per_side_cue reads
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
        joint=says_joint(reader, scope),
        together=_sides_together(main, parties, controller),
        apart=any(reader.lowered[i] in rules.apart.words for i in scope),
        each=per_counterpart
        or any(one_per_side_cue(doc[i], rules) for i in scope if reader.lowered[i] in one_per_side),
        open_mode=open_mode,
        gathering=gathering,
        unmediated=reader.unmediated
        or any(c.lower_ in rules.unmediated_modifiers for s in cluster for c in s.root.children),
        also_places=also,
        also_dates=also_dates,
    )


def _pronoun_parties(
    main: Span,
    controller: Token | None,
    parties: Sequence[PartyRef],
    reader: SentenceReader,
    before: str | None,
) -> list[PartyRef]:
    """ "On Thursday he met Pashinyan", "he told reporters after meeting both leaders": a
    subject "he" or "she" of the event's clause is the person it stands for (``antecedent``)."""
    verbs = [*clause_verbs(main.root), *((controller,) if controller is not None else ())]
    found: list[PartyRef] = []
    have = {p.code for p in parties}
    for verb in verbs:
        for child in verb.children:
            if child.dep_ not in SUBJECT_DEPS:
                continue
            for word in (child, *child.conjuncts):
                if word.lower_ not in PERSON_PRONOUNS:
                    continue
                code = reader.antecedent(word.i, before)
                if code and code not in have:
                    found.append(PartyRef(code, "parties.pronoun", word.i, False))
                    have.add(code)
    return found


def _content_of(span: Span, others: Sequence[Span]) -> bool:
    """"a joint statement announcing a complete ceasefire from 10 November": a document named as
    what another document declares or provides for is that document's content, not one more
    event, and its date (when the ceasefire took effect) is not the document's."""
    verb = span.root.head
    if span.root.dep_ != "dobj" or verb.dep_ not in ("acl", "relcl"):
        return False
    return any(o.label_ == "agreement" and o.root.i == verb.head.i for o in others if o is not span)


def _no_document(cluster: list[Span]) -> bool:
    """"No agreements were signed", "did not announce any concrete deals": a plural document
    noun quantified by "no" or "any" is generic, no document that was expected and failed
    ("did not produce any signed text" can be the one expected). A verb trigger ("signed")
    goes with its object."""
    nouns = [s.root for s in cluster if s.root.pos_ not in VERB_POS]
    return bool(nouns) and all(
        root.tag_ in ("NNS", "NNPS")
        and any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in root.children)
        for root in nouns
    )


def _counterpart_sides(cluster: list[Span], parties: Sequence[PartyRef]) -> int:
    """How many different sides the conjoined objects of "with" on the event nouns name."""
    objects: set[int] = set()
    for span in cluster:
        for prep in span.root.children:
            if prep.dep_ == "prep" and prep.lower_ == "with":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        objects |= {t.i for conj in (obj, *obj.conjuncts) for t in conj.subtree}
    return len({p.code for p in parties if p.token in objects})


def _sides_together(
    trigger: Span, parties: Sequence[PartyRef], controller: Token | None = None
) -> frozenset[str]:
    """ "The Armenian and Azerbaijani leaders are to speak by phone": the sides named in the
    subject of the event's clause (or of the clause that controls it: "the ministers flew to
    Tbilisi to meet") take part in it together, whoever arranged it."""
    for verb in (*clause_verbs(trigger.root), *((controller,) if controller is not None else ())):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            below = {i for c in subjects for i in subtree_of(c)}
            return frozenset(p.code for p in parties if p.token in below)
    return frozenset()

