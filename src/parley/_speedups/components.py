"""Cheaper stand-ins for two of the model's components: the attribute ruler with its
patterns found by ``IndexedMatcher``, and the rule lemmatizer with its answers remembered.
Each sets exactly what the component it wraps would (``tests/speedups/test_tokenmatch.py``).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

from parley._speedups.tokenmatch import IndexedMatcher, Unsupported
from parley.errors import RuleError
from parley.pipe_slot import Slot, make_slot


class IndexedAttributeRuler:
    """The model's attribute ruler, its patterns found by ``IndexedMatcher``.

    It sets the same attributes as the ruler it wraps (its own ``set_annotations`` does the
    setting, in the same rule order); only finding where its 179 patterns apply is cheaper:
    spaCy's Matcher tried each at every token, about a fifth of extraction time on the
    benchmark corpus. ``tests/speedups/test_tokenmatch.py`` checks the annotations are identical.
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


class RuleLemmas:
    """spaCy's ``Lemmatizer.rule_lemmatize``, first lemma only, with each part of speech's
    index of known lemmas as a set.

    The model's lookups hold that index as lists (57,528 nouns), which spaCy searches from the
    start for every form a suffix rule makes: about 100 microseconds a new word, most of the
    lemmatizer's time on a first pass over news text, where a third of the words are new. The
    steps and their order are spaCy's, so the lemmas are the same
    (``tests/speedups/test_tokenmatch.py``); a part of speech without tables, or a lemmatizer
    whose rule method is not spaCy's, goes to the wrapped lemmatizer.
    """

    UPOS = (
        "adj", "adp", "adv", "aux", "cconj", "det", "intj", "noun", "num",
        "part", "pron", "propn", "punct", "sconj", "sym", "verb", "x",
    )  # fmt: skip

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        stock = type(lemmatizer).rule_lemmatize is Lemmatizer.rule_lemmatize
        lookups = lemmatizer.lookups
        index = lookups.get_table("lemma_index", {})
        exceptions = lookups.get_table("lemma_exc", {})
        rules = lookups.get_table("lemma_rules", {})
        # part of speech -> (any table, known lemmas, exceptions, suffix rules)
        self.tables: dict[str, tuple[bool, frozenset[str], dict[str, Any], list[Any]]] = {}
        for pos in self.UPOS if stock else ():
            known, exc, suffixes = index.get(pos), exceptions.get(pos), rules.get(pos)
            self.tables[pos] = (
                any((known, exc, suffixes)),
                frozenset(known or ()),
                dict(exc or {}),
                [tuple(rule) for rule in suffixes or ()],
            )

    def __call__(self, token: Token) -> str:
        univ_pos = token.pos_.lower()
        tables = self.tables.get(univ_pos)
        if tables is None:
            return str(self.lemmatizer.lemmatize(token)[0])
        string = token.text
        if self.lemmatizer.is_base_form(token):
            return string.lower()
        some, index, exceptions, rules = tables
        if not some:
            return string if univ_pos == "propn" else string.lower()
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov_forms or [orig])[0]


class MemoLemmatizer:
    """The model's rule lemmatizer, its answers remembered by (word, part of speech, morphology).

    A rule lemma is a function of exactly those three (spaCy caches it under the same key), so
    a word seen before costs one lookup in a row read by ``Doc.to_array``, not a Token object
    and a string assignment. Tokens that already have a lemma (from the attribute ruler) keep
    it, as the wrapped lemmatizer's ``overwrite=False`` does. Misses are worked out by
    ``RuleLemmas``.
    """

    MEMO_LIMIT = 200_000  # distinct words remembered before the memo starts afresh
    ATTRS = ("ORTH", "POS", "MORPH", "LEMMA")

    def __init__(self, lemmatizer: Any) -> None:
        if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
            raise Unsupported("only a rule lemmatizer that keeps existing lemmas is remembered")
        self.lemmatizer = lemmatizer
        self.lemma = RuleLemmas(lemmatizer)
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
                found = memo[key] = strings.add(self.lemma(doc[i]))
            lemmas[i, 0] = found
            changed = True
        if changed:
            doc.from_array(["LEMMA"], lemmas)
        return doc


def register() -> None:
    """Register the two components' factories (once; never at import time)."""
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


def index_attribute_ruler(nlp: Language) -> None:
    """Swap the model's attribute ruler for the indexed one, where its patterns allow it."""
    if "attribute_ruler" in nlp.pipe_names:
        _swap(nlp, "attribute_ruler", "parley_attribute_ruler", IndexedAttributeRuler)


def remember_lemmas(nlp: Language) -> None:
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
    register()
    slot = nlp.replace_pipe(name, factory)
    assert isinstance(slot, Slot)
    slot.use(inner)
