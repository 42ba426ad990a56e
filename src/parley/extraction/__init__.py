"""Extract event reports from one document: the whole algorithm, top to bottom.

1. Split the title and body into sentences (``segment``: regex, offsets into Document.text;
   title sentences carry offset -1).
2. Cheap pass: keep sentences holding an event stem and a name the pack knows (``segment``).
3. Tag them with spaCy; parse only those whose words and tags could still make a trigger
   (``screen``), and turn each into mentions (``mentions.mentions_in``, a pure function of
   the parsed sentence), each decision in a module of its own: the sides (``arguments``),
   which date expression is the event's (``date_attachment``), the venue (``venue``), the
   mediator (``mediator``), status and whether it is an event at all (``factuality``), on
   the parse helpers of ``syntax``.
4. Resolve each mention's date against the article's or the narrative's day, with the tense
   of its trigger, and decide its status (``anchoring``, reading expressions with ``dates``,
   ``date_rules`` and ``date_resolution``).
5. Join the mentions of one event: an anchorless agreement mention ("the signing did not
   happen") refers back to the event just reported, and mentions merge into one report
   per event (``coreference``).
6. Add the meeting a signing implies, split a third party's contacts with both sides into
   one per side, drop what is not contact between the two sides, and fill parties from
   context ("the two leaders"), the mediator from the venue's host, the format, issues and
   participants (``reports``); every field keeps the id of the rule behind it.

``rules`` loads and validates ``rules/events.yaml``; ``budget`` bounds the work on one document.

docs/extraction.md describes each field's rules and the measured figures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from parley.extraction.arguments import sentence_topic
from parley.extraction.budget import Budget
from parley.extraction.coreference import merge
from parley.extraction.factuality import NEGATIVE
from parley.extraction.mentions import Mention, mentions_in
from parley.extraction.rules import EventRules, load_rules
from parley.extraction.screen import tagging_stage, trigger_screen
from parley.extraction.segment import Prefilter, Sentence, prefilter_names, split_sentences
from parley.model import Document, EventReport

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from parley.pack import Pack
from parley.extraction.anchoring import resolve_mentions
from parley.extraction.coreference import REFER_BACK, refer_back
from parley.extraction.reports import (
    before_the_period,
    build_report,
    concerns_the_sides,
    one_per_side,
    principal_sides,
    with_signing_meetings,
)

# Bump whenever rules or code change what is extracted: incremental re-runs key on it.
EXTRACTOR_VERSION = "0.10.0"


DEFAULT_PACK = "armenia_azerbaijan"


# Documents whose candidate sentences are parsed together, and sentences per network batch:
# on the benchmark corpus, one document at a time ran tok2vec and the parser at about two
# thirds of the speed of batches of a few hundred sentences.
BATCH_DOCUMENTS = 64


PARSE_BATCH = 256


# A document with more candidate sentences than this is parsed on its own, a network batch at
# a time, its time budget checked between batches; no evaluation, seed or sample article has
# more than 34 after the screen, so the shared batches are as before.
PARSE_ALONE = PARSE_BATCH


# Seconds of work one document may take (the extract_seconds setting): the 240 evaluation
# articles take 15 s together on one core, model loading included, so only text that is no
# article comes near it.
EXTRACT_SECONDS = 60.0


# Sentences read between two looks at the clock.
CHECK_EVERY = 64


def _default_pack() -> Pack:
    from parley.pack import load_pack

    return load_pack(DEFAULT_PACK)


def _prefilter(pack: Pack, rules: EventRules, nlp: Language | None = None) -> Prefilter:
    """The candidate pre-filter for ``pack`` and ``rules``: the one built with the pipeline
    (``parley.annotate.build_pipeline``) when it was built for them, else one built now."""
    has_triggers = nlp is not None and "parley_triggers" in nlp.pipe_names
    built = getattr(nlp.get_pipe("parley_triggers"), "prefilter", None) if nlp and has_triggers else None
    if built is not None and built[0] is pack and built[1] is rules:
        return built[2]
    return Prefilter(rules.prefilter, prefilter_names(pack, rules))


def _candidates(document: Document, prefilter: Prefilter, budget: Budget | None = None) -> list[Sentence]:
    """The sentences worth parsing: an event stem and a known name, or an event stem shortly
    after such a sentence ("The signing did not happen." refers back to the talks just reported)."""
    candidates = []
    last_named = -REFER_BACK - 1
    for s in split_sentences(document.text, document.title):
        if budget is not None and s.index % CHECK_EVERY == 0:
            budget.check()
        if not prefilter.trigger(s.text):
            continue
        if prefilter.names(s.text):
            last_named = s.index
            candidates.append(s)
        elif s.segment == "body" and s.index - last_named <= REFER_BACK:
            candidates.append(s)
    return candidates


def _screened(
    nlp: Language, candidates: list[Sentence], budget: Budget | None = None
) -> list[tuple[Sentence, Doc]]:
    """The candidate sentences, tokenised, that could hold a trigger: the others' parse would
    yield no mention (parley.extraction.screen)."""
    screen = trigger_screen(nlp)
    kept = []
    for n, s in enumerate(candidates):
        if budget is not None and n % CHECK_EVERY == 0:
            budget.check()
        tokens = nlp.make_doc(s.text)
        if screen(tokens):
            kept.append((s, tokens))
    return kept


def _parse(nlp: Language, tokenised: list[Doc]) -> list[Doc | None]:
    """Annotate tokenised sentences in two stages: the pipeline up to its tagger, then, for the
    sentences the screen still lets through once tagged, the parser and the rest. None stands
    for a sentence screened out: it holds no trigger, so its parse would yield no mention."""
    split = tagging_stage(nlp)
    tagged = list(_run(nlp.pipeline[:split], tokenised))
    screen = trigger_screen(nlp)
    keep = [screen.tagged(doc) for doc in tagged] if split else [True] * len(tagged)
    rest = iter(_run(nlp.pipeline[split:], [doc for doc, kept in zip(tagged, keep, strict=True) if kept]))
    return [next(rest) if kept else None for kept in keep]


def _parse_alone(nlp: Language, tokenised: list[Doc], budget: Budget) -> list[Doc | None]:
    """``_parse`` of one document's many sentences, a network batch at a time, with the
    document's time budget checked between batches."""
    parsed: list[Doc | None] = []
    for at in range(0, len(tokenised), PARSE_BATCH):
        budget.check()
        parsed += _parse(nlp, tokenised[at : at + PARSE_BATCH])
    return parsed


def _run(components: list[tuple[str, Any]], docs: Iterable[Doc]) -> Iterable[Doc]:
    """``Language.pipe`` over some of the pipeline's components, in order."""
    for _name, component in components:
        if hasattr(component, "pipe"):
            docs = component.pipe(docs, batch_size=PARSE_BATCH)
        else:
            docs = map(component, docs)
    return docs


def _mentions(
    sentences: Iterable[tuple[Sentence, Any]],
    *,
    pack: Pack,
    rules: EventRules,
    anchor: Any,
    budget: Budget | None = None,
) -> list[Mention]:
    """Mentions of parsed candidate sentences, in reading order; a sentence whose Doc is None
    (screened out once tagged) has none."""
    from parley.extraction import dates

    mentions: list[Mention] = []
    person: str | None = None  # the side of the last person the pack knows named so far
    for sentence, doc in sentences:
        if budget is not None:
            budget.check()
        if doc is None:
            continue
        doc._.parley_offset = sentence.start
        doc._.parley_sentence = sentence.index
        mentions += mentions_in(
            doc,
            pack=pack,
            rules=rules,
            dates=dates.find_dates(sentence.text),
            sentence=sentence.index,
            offset=sentence.start,
            segment=sentence.segment,
            on=anchor,
            text=sentence.text,
            antecedent=person,
        )
        person = sentence_topic(doc, pack, anchor, sentence.text) or person
    return mentions


def document_mentions(
    document: Document, *, nlp: Language, pack: Pack, rules: EventRules, anchor: Any = None
) -> list[Mention]:
    """Every mention in a document, kept and dropped, in reading order."""
    kept = _screened(nlp, _candidates(document, _prefilter(pack, rules, nlp)))
    parsed = _parse(nlp, [tokens for _, tokens in kept])
    return _mentions(zip((s for s, _ in kept), parsed, strict=True), pack=pack, rules=rules, anchor=anchor)


def _reports(
    document: Document,
    mentions: list[Mention],
    context: Any,
    pack: Pack,
    rules: EventRules,
    budget: Budget | None = None,
) -> list[EventReport]:
    resolved = refer_back(resolve_mentions(mentions, context, pack))
    kept = [r for r in resolved if not r.mention.dropped]
    principals = principal_sides(pack, kept)
    published = (
        context.anchor if context.anchor_from == "published" and context.anchor_precision == "day" else None
    )
    groups = merge(kept, check=budget.check if budget is not None else None, published=published)
    groups = one_per_side(with_signing_meetings(groups), principals, rules)
    groups = [
        g
        for g in groups
        if concerns_the_sides(g, principals, pack)
        and not before_the_period(g, pack)
        and not all(m.mention.gathering for m in g.members)
    ]
    return [build_report(document, g, n, principals, rules, pack) for n, g in enumerate(groups)]


def extract(
    document: Document, *, nlp: Language | None = None, pack: Pack | None = None
) -> list[EventReport]:
    """The events one document reports, one report per event, each field with its rule id."""
    ((_, reports),) = extract_many([document], nlp=nlp, pack=pack)
    if isinstance(reports, Exception):
        raise reports
    return reports


def extract_many(
    documents: Iterable[Document],
    *,
    nlp: Language | None = None,
    pack: Pack | None = None,
    batch_size: int = BATCH_DOCUMENTS,
    seconds: float | None = EXTRACT_SECONDS,
) -> Iterator[tuple[Document, list[EventReport] | Exception]]:
    """Extract from many documents, parsing the candidate sentences of ``batch_size`` documents
    together: spaCy's network runs faster on a batch of a few hundred sentences than on the few
    of one document. Yields each document with its reports, or with the exception its extraction
    raised (the other documents go on); the reports equal ``extract``'s, document by document.

    Each document has ``seconds`` of work (None or 0: no limit; see ``extraction.budget``); one
    that runs over is yielded with ``ExtractTimeout``.
    """
    from parley.annotate import build_pipeline

    pack = pack if pack is not None else _default_pack()
    nlp = nlp if nlp is not None else build_pipeline(pack=pack)
    rules = load_rules()
    prefilter = _prefilter(pack, rules, nlp)
    documents = iter(documents)
    while batch := list(islice(documents, max(1, batch_size))):
        planned: list[tuple[Document, Budget, list[tuple[Sentence, Doc]]]] = []
        for doc in batch:
            budget = Budget(seconds)
            try:
                with budget.running():
                    kept = _screened(nlp, _candidates(doc, prefilter, budget), budget)
            except Exception as error:  # one bad document must not stop the batch
                yield doc, error
                continue
            planned.append((doc, budget, kept))
        try:
            tokenised = [tokens for _, _, kept in planned if len(kept) <= PARSE_ALONE for _, tokens in kept]
            parsed: Iterator[Any] | None = iter(_parse(nlp, tokenised))
        except Exception:  # parse each document alone, so only the one that fails is lost
            parsed = None
        for doc, budget, kept in planned:
            try:
                with budget.running():
                    result = _document_reports(doc, kept, parsed, nlp, pack, rules, budget)
            except Exception as error:  # one bad document must not stop the batch
                yield doc, error
            else:
                yield doc, result


def _document_reports(
    doc: Document,
    kept: list[tuple[Sentence, Doc]],
    parsed: Iterator[Any] | None,
    nlp: Language,
    pack: Pack,
    rules: EventRules,
    budget: Budget,
) -> list[EventReport]:
    """One document's reports from its screened sentences, their parses taken from the
    batch's (``parsed``), made afresh, or, for a long document, made here alone."""
    from parley.extraction.dates import DateContext

    candidates = [s for s, _ in kept]
    docs: list[Any]
    if len(kept) > PARSE_ALONE:
        docs = _parse_alone(nlp, [tokens for _, tokens in kept], budget)
    elif parsed is not None:
        docs = [next(parsed) for _ in candidates]
    else:  # afresh from the text: the failed batch may have half-annotated its Docs
        docs = list(nlp.pipe(s.text for s in candidates))
    if all(d is None for d in docs):
        # Nothing parsed, so no mention: most articles of a stream of news end here,
        # and the dates of their whole text need not be read.
        return []
    budget.check()
    context = DateContext.from_text(doc.text, doc.published)
    sentences = zip(candidates, docs, strict=True)
    mentions = _mentions(sentences, pack=pack, rules=rules, anchor=context.anchor, budget=budget)
    return _reports(doc, mentions, context, pack, rules, budget)


def extract_text(
    text: str, *, published: str | None = None, name: str = "text", title: str | None = None
) -> list[EventReport]:
    """Extract from a bare string (tests, notebooks): the text is cleaned as ingest would."""
    try:
        from parley.ingest import ingest_text
    except ImportError:
        document = Document(
            id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
            name=name,
            text=text,
            format="text",
            title=title,
            published=published,
        )
    else:
        document = ingest_text(text, name=name, published=published, title=title)
    return extract(document)


__all__ = ["EXTRACTOR_VERSION", "extract", "extract_many", "extract_text", "document_mentions", "NEGATIVE"]
