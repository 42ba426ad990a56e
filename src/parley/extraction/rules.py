"""Load ``rules/events.yaml`` into frozen records, failing loudly on a malformed entry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from parley.errors import RuleError
from parley.model import EVENT_TYPES, STATUSES

RULES_PATH = Path(__file__).resolve().parent.parent / "rules" / "events.yaml"
SCOPES = ("local", "chain", "modifier")


@dataclass(frozen=True)
class TriggerRule:
    id: str
    type: str
    pattern: tuple[dict[str, Any], ...]
    weak: bool = False  # needs both a date and a venue to stand as an event
    signing: bool = False  # names the act of signing, not a document
    needs_party_object: bool = False  # "called Aliyev" yes, "called an agreement ..." no
    remote_unless_venue: bool = False  # a call unless a venue or a gathering places it
    mode_from_story: bool = False  # with no venue, a call when the document reports calls


@dataclass(frozen=True)
class Exclusion:
    id: str
    types: tuple[str, ...]
    pattern: tuple[dict[str, Any], ...]
    drop_token: int


@dataclass(frozen=True)
class StatusCue:
    id: str
    scope: str
    status: tuple[tuple[str, str], ...]  # event type -> status
    lemmas: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    requires_next: tuple[tuple[str, tuple[str, ...]], ...] = ()
    past_only: bool = False
    not_as_subject: bool = False  # the cue verb must not have the trigger as its active subject
    # The cue verb does not count when the trigger hangs on it through one of these
    # prepositions: "agreed at talks" reports what the talks produced, not a plan for them.
    not_through: frozenset[str] = frozenset()
    # Negation only: the verbs whose negation cancels an event that is their subject ("the
    # meeting did not take place"); "the meeting did not produce a text" says nothing of it.
    subject_verbs: frozenset[str] = frozenset()
    # For agreements, the cue names the act of concluding a text ("adopted a statement"),
    # which anchors and dates it like a signing does.
    act: bool = False
    not_past: bool = False  # does not apply to a cue verb in the past tense
    nouns_only: bool = False  # applies to a noun trigger only ("arranged a truce", not "agreed to sign")

    def status_for(self, event_type: str) -> str | None:
        """The status this cue gives an event of the type; None where it does not apply."""
        return dict(self.status).get(event_type)

    def next_words(self, lemma: str) -> tuple[str, ...] | None:
        return dict(self.requires_next).get(lemma)


@dataclass(frozen=True)
class WordRule:
    id: str
    words: frozenset[str] = frozenset()
    lemmas: frozenset[str] = frozenset()
    deps: frozenset[str] = frozenset()
    except_with_status: frozenset[str] = frozenset()
    # Words that are no hedge when negated: "could not take place" reports an inability.
    facts_when_negated: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Host:
    id: str
    places: frozenset[str]
    actor: str


@dataclass(frozen=True)
class EventRules:
    version: int
    prefilter: tuple[str, ...]
    triggers: tuple[TriggerRule, ...]
    exclusions: tuple[Exclusion, ...]
    status_cues: tuple[StatusCue, ...]
    negation: StatusCue
    hedges: tuple[WordRule, ...]
    aggregates: tuple[WordRule, ...]
    mediator_phrases: tuple[tuple[str, tuple[str, ...]], ...]
    mediator_agent: WordRule
    mediator_hyphen: WordRule
    mediator_in_role: WordRule  # words = role nouns, lemmas = the word before them ("as")
    mediator_trilateral: WordRule
    context_cues: tuple[WordRule, ...]
    distinct: WordRule
    separate_calls: WordRule  # words = cues of one joint call
    apart: WordRule  # signing without meeting
    one_per_side: WordRule  # "met A and B separately": one meeting per side
    mass_agreement: WordRule  # "reached agreement on": a document noun used as a mass noun
    no_mediator: WordRule  # words = mediator nouns, lemmas = the negating words before them
    unmediated_modifiers: frozenset[str]  # "a bilateral summit"
    role_nouns: frozenset[str]
    group_parties: WordRule  # words = head nouns, lemmas = determiners
    reporting_lemmas: frozenset[str]
    speaker_pronouns: frozenset[str]  # "X said they met": the pronoun is the speaker
    date_blocking_preps: frozenset[str]
    destination_lemmas: frozenset[str]  # "welcomed them to Berlin": "to" names the venue
    visit_lemmas: frozenset[str]  # "Pashinyan, visiting Istanbul, met Erdogan": the object is the venue
    measure_nouns: frozenset[str]  # "two days of talks": the talks act through the measure
    place_kind_nouns: frozenset[str]  # "the resort of Sochi": the kind noun holds the venue slot
    border_nouns: frozenset[str]  # "met on the border": ``border_venue`` is the venue
    border_venue: str | None
    temporal_frames: frozenset[str]  # "after ...", "since ...": another event's time
    duration_nouns: frozenset[str]  # "four days of negotiations": one event, however plural
    sequence_lemmas: frozenset[str]  # "the talks followed clashes on the border": not the talks' venue
    hosts: tuple[Host, ...]

    # Tables derived from the rules above, built once as the rules load.
    # the context cues' words ("on the sidelines of") and the settings they name (their lemmas)
    context_words: frozenset[str] = field(init=False, repr=False, compare=False)
    context_settings: frozenset[str] = field(init=False, repr=False, compare=False)
    # first word -> (number, rule id, words) of the mediator phrases starting with it
    mediator_index: dict[str, list[tuple[int, str, tuple[str, ...]]]] = field(
        init=False, repr=False, compare=False
    )
    joint_cue: re.Pattern[str] | None = field(init=False, repr=False, compare=False)  # any joint-event word

    def __post_init__(self) -> None:
        def set_table(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        set_table("context_words", frozenset(w for rule in self.context_cues for w in rule.words))
        set_table("context_settings", frozenset(w for rule in self.context_cues for w in rule.lemmas))
        index: dict[str, list[tuple[int, str, tuple[str, ...]]]] = {}
        for number, (rule_id, words) in enumerate(self.mediator_phrases):
            if words:
                index.setdefault(words[0], []).append((number, rule_id, words))
        set_table("mediator_index", index)
        # Each joint-event word standing as a whole word.
        joint = sorted(self.separate_calls.words)
        alternatives = "|".join(re.escape(w) for w in joint)
        set_table("joint_cue", re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])") if joint else None)

    def trigger(self, rule_id: str) -> TriggerRule:
        for rule in self.triggers:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _need(entry: Any, key: str, where: str) -> Any:
    if not isinstance(entry, dict) or key not in entry:
        raise RuleError(f"{where}: missing key {key!r} in {entry!r}")
    return entry[key]


def _words(entry: dict[str, Any], key: str, where: str) -> frozenset[str]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{where}: {key!r} must be a list of non-empty strings")
    return frozenset(v.lower() for v in value)


def _pattern(entry: dict[str, Any], where: str) -> tuple[dict[str, Any], ...]:
    pattern = _need(entry, "pattern", where)
    if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
        raise RuleError(f"{where}: 'pattern' must be a non-empty list of token dicts (spaCy Matcher format)")
    return tuple(pattern)


def _status_map(entry: dict[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    status = _need(entry, "status", where)
    if not isinstance(status, dict) or not status or not set(status) <= set(EVENT_TYPES):
        raise RuleError(f"{where}: 'status' must map event types ({EVENT_TYPES}) to a status")
    for value in status.values():
        if value not in STATUSES:
            raise RuleError(f"{where}: unknown status {value!r}; known: {', '.join(STATUSES)}")
    return tuple(sorted(status.items()))


def _status_cue(entry: dict[str, Any], where: str) -> StatusCue:
    scope = entry.get("scope", "local")
    if scope not in SCOPES:
        raise RuleError(f"{where}: scope must be one of {SCOPES}, got {scope!r}")
    requires = entry.get("requires_next") or {}
    if not isinstance(requires, dict):
        raise RuleError(f"{where}: 'requires_next' must map a lemma to the words that must follow it")
    cue = StatusCue(
        id=str(_need(entry, "id", where)),
        scope=scope,
        status=_status_map(entry, where),
        lemmas=_words(entry, "lemmas", where),
        words=_words(entry, "words", where),
        requires_next=tuple((k, tuple(v)) for k, v in requires.items()),
        past_only=bool(entry.get("past_only", False)),
        not_as_subject=bool(entry.get("not_as_subject", False)),
        not_through=_words(entry, "not_through", where),
        subject_verbs=_words(entry, "subject_verbs", where),
        act=bool(entry.get("act", False)),
        nouns_only=bool(entry.get("nouns_only", False)),
        not_past=bool(entry.get("not_past", False)),
    )
    if not cue.lemmas and not cue.words:
        raise RuleError(f"{where}: a status cue needs 'lemmas' or 'words'")
    return cue


def _word_rule(entry: dict[str, Any], where: str) -> WordRule:
    rule = WordRule(
        id=str(_need(entry, "id", where)),
        words=_words(entry, "words", where),
        lemmas=_words(entry, "lemmas", where),
        deps=_words(entry, "deps", where),
        except_with_status=_words(entry, "except_with_status", where),
        facts_when_negated=_words(entry, "facts_when_negated", where),
    )
    if not rule.words and not rule.lemmas:
        raise RuleError(f"{where}: rule {rule.id!r} needs 'words' or 'lemmas'")
    return rule


def parse_rules(data: Any, source: str = "<rules>") -> EventRules:
    """Validate a parsed rules document and build the records; raise RuleError naming the entry."""
    if not isinstance(data, dict):
        raise RuleError(f"{source}: top level must be a mapping")
    triggers = []
    for n, entry in enumerate(_need(data, "triggers", source)):
        where = f"{source}: triggers[{n}]"
        event_type = _need(entry, "type", where)
        if event_type not in EVENT_TYPES:
            raise RuleError(f"{where}: type must be one of {EVENT_TYPES}, got {event_type!r}")
        triggers.append(
            TriggerRule(
                id=str(_need(entry, "id", where)),
                type=event_type,
                pattern=_pattern(entry, where),
                weak=bool(entry.get("weak", False)),
                signing=bool(entry.get("signing", False)),
                needs_party_object=bool(entry.get("needs_party_object", False)),
                remote_unless_venue=bool(entry.get("remote_unless_venue", False)),
                mode_from_story=bool(entry.get("mode_from_story", False)),
            )
        )
    exclusions = []
    for n, entry in enumerate(data.get("not_triggers") or []):
        where = f"{source}: not_triggers[{n}]"
        pattern = _pattern(entry, where)
        drop = int(entry.get("drop_token", 0))
        if not 0 <= drop < len(pattern):
            raise RuleError(f"{where}: drop_token {drop} is outside the pattern")
        types = tuple(entry.get("types") or EVENT_TYPES)
        exclusions.append(Exclusion(str(_need(entry, "id", where)), types, pattern, drop))
    cues = tuple(
        _status_cue(entry, f"{source}: status_cues[{n}]")
        for n, entry in enumerate(_need(data, "status_cues", source))
    )
    neg = _need(data, "negation", source)
    negation = _status_cue({**neg, "scope": "local"}, f"{source}: negation")
    med = _need(data, "mediator_cues", source)
    phrases = []
    for n, entry in enumerate(_need(med, "phrases", f"{source}: mediator_cues")):
        where = f"{source}: mediator_cues.phrases[{n}]"
        words = _need(entry, "words", where)
        if not isinstance(words, list) or not words:
            raise RuleError(f"{where}: 'words' must be a non-empty list")
        phrases.append((str(_need(entry, "id", where)), tuple(w.lower() for w in words)))
    group = _need(data, "group_parties", source)
    rules = EventRules(
        version=int(data.get("version", 1)),
        prefilter=tuple(str(p).lower() for p in _need(data, "prefilter", source)),
        triggers=tuple(triggers),
        exclusions=tuple(exclusions),
        status_cues=cues,
        negation=negation,
        hedges=tuple(_word_rule(e, f"{source}: hedges[{n}]") for n, e in enumerate(data.get("hedges") or [])),
        aggregates=tuple(
            _word_rule(e, f"{source}: aggregates[{n}]") for n, e in enumerate(data.get("aggregates") or [])
        ),
        mediator_phrases=tuple(phrases),
        mediator_agent=_word_rule(_need(med, "agent_verbs", source), f"{source}: mediator_cues.agent_verbs"),
        mediator_hyphen=_word_rule(_need(med, "hyphen_suffixes", source), f"{source}: mediator_cues.hyphen"),
        mediator_in_role=_word_rule(_need(med, "in_role", source), f"{source}: mediator_cues.in_role"),
        mediator_trilateral=_word_rule(
            _need(med, "trilateral", source), f"{source}: mediator_cues.trilateral"
        ),
        context_cues=tuple(
            _word_rule(e, f"{source}: context_cues[{n}]")
            for n, e in enumerate(data.get("context_cues") or [])
        ),
        distinct=_word_rule(_need(data, "distinct_cues", source), f"{source}: distinct_cues"),
        separate_calls=_word_rule(_need(data, "separate_calls", source), f"{source}: separate_calls"),
        apart=_word_rule(_need(data, "apart_cues", source), f"{source}: apart_cues"),
        one_per_side=_word_rule(_need(data, "one_per_side", source), f"{source}: one_per_side"),
        mass_agreement=_word_rule(_need(data, "mass_agreement", source), f"{source}: mass_agreement"),
        no_mediator=_word_rule(_need(data, "no_mediator", source), f"{source}: no_mediator"),
        unmediated_modifiers=frozenset(str(w).lower() for w in data.get("unmediated_modifiers") or []),
        role_nouns=frozenset(str(w).lower() for w in _need(data, "role_nouns", source)),
        group_parties=WordRule(
            id=str(_need(group, "id", f"{source}: group_parties")),
            words=_words(group, "heads", f"{source}: group_parties"),
            lemmas=_words(group, "determiners", f"{source}: group_parties"),
        ),
        reporting_lemmas=frozenset(str(w).lower() for w in data.get("reporting_lemmas") or []),
        date_blocking_preps=frozenset(str(w).lower() for w in data.get("date_blocking_preps") or []),
        destination_lemmas=frozenset(str(w).lower() for w in data.get("destination_lemmas") or []),
        visit_lemmas=frozenset(str(w).lower() for w in data.get("visit_lemmas") or []),
        speaker_pronouns=frozenset(str(w).lower() for w in data.get("speaker_pronouns") or []),
        measure_nouns=frozenset(str(w).lower() for w in data.get("measure_nouns") or []),
        place_kind_nouns=frozenset(str(w).lower() for w in data.get("place_kind_nouns") or []),
        border_nouns=frozenset(str(w).lower() for w in (data.get("border_venue") or {}).get("nouns") or []),
        border_venue=(data.get("border_venue") or {}).get("place"),
        temporal_frames=frozenset(str(w).lower() for w in data.get("temporal_frames") or []),
        duration_nouns=frozenset(str(w).lower() for w in data.get("duration_nouns") or []),
        sequence_lemmas=frozenset(str(w).lower() for w in data.get("sequence_lemmas") or []),
        hosts=tuple(
            Host(
                str(_need(e, "id", f"{source}: hosts[{n}]")),
                frozenset(p.lower() for p in _need(e, "places", f"{source}: hosts[{n}]")),
                str(_need(e, "actor", f"{source}: hosts[{n}]")),
            )
            for n, e in enumerate(data.get("hosts") or [])
        ),
    )
    ids = (
        [r.id for r in rules.triggers] + [r.id for r in rules.exclusions] + [c.id for c in rules.status_cues]
    )
    ids += [r.id for r in rules.hedges + rules.aggregates + rules.context_cues] + [
        p[0] for p in rules.mediator_phrases
    ]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RuleError(f"{source}: rule ids must be unique; repeated: {', '.join(duplicates)}")
    return rules


def load_rules(path: str | None = None) -> EventRules:
    """Read and validate the event rules (the bundled file unless a path is given); loaded once
    per file, so ``load_rules()`` and ``load_rules(None)`` are the same rules, and the tables
    built with them (``parley.annotate.build_pipeline``) serve either."""
    return _load_rules(str(path) if path else str(RULES_PATH))


@lru_cache(maxsize=4)
def _load_rules(path: str) -> EventRules:
    source = Path(path)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise RuleError(f"cannot read rules file {source}: {err}") from err
    return parse_rules(data, str(source))


def sideline_words(rules: EventRules) -> frozenset[str]:
    """The nouns that put an event beside a gathering ("sidelines", "margins"): the words of the
    `context.sidelines` cue."""
    return next((c.words for c in rules.context_cues if c.id == "context.sidelines"), frozenset())

