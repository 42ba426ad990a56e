"""Which sentences could hold an event trigger, told from their words before the parse.

The trigger rules read lemmas and parts of speech, which only the tagger, the parser and the
attribute ruler give. But every token a rule requires also names its word: an exact or
lower-case form, or a lemma. The words that can carry a lemma are few and known beforehand:
the lemma itself, the forms the rule lemmatizer's suffix rules take back to it under any part
of speech ("meetings", "meeting", "meets"), the irregular forms its exception tables list
("met"), and the words the attribute ruler gives that lemma by name ("has" for "have"). A
sentence none of whose words could stand for the required tokens of some rule holds no
trigger, so its parse would yield no mention: it is not parsed.

Once the tagger has run, the screen can look again, with each token's tag and the parts of
speech it could end with (``PartsOfSpeech``): a rule that wants a verb finds none in "the talks"
read as a noun. A sentence that fails then is spared the parser and what follows it.

The screen drops every other test (dependencies, order, exclusions), so it lets through more
than the rules match, never less; ``tests/extract/test_screen.py`` checks that every sentence
with a trigger passes it, before and after tagging.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler, DependencyParser, Lemmatizer, Tagger
from spacy.tokens import Doc

from parley._speedups.tokenmatch import Unsupported, bounds, value_test

# The parts of speech whose lemma tables a rule lemmatizer may consult.
UPOS = (
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
    "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
)  # fmt: skip

WordTest = Callable[[str, str], bool]  # (word, its lower case) -> could it stand for the token


def _value_test(value: Any) -> Callable[[str], bool] | None:
    """A test of one string against a pattern value, or None for a value it cannot read
    (which then requires nothing)."""
    try:
        return value_test(value)
    except Unsupported:
        return None


def _listed(value: Any) -> list[str] | None:
    """The strings a pattern value accepts, when it lists them (a string or ``IN``)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return [str(v) for v in value["IN"]]
    return None


def _required(spec: dict[str, Any]) -> bool:
    """Whether a pattern token must be matched by at least one token."""
    op = spec.get("OP")
    if op == "!":
        return False
    try:
        least, _ = bounds(op)
    except Unsupported:
        return False
    return least >= 1


class LemmaForms:
    """The lower-case words that the pipeline could give a lemma, worked back from its rule
    lemmatizer's tables and its attribute ruler's patterns."""

    def __init__(self, lemmatizer: Any, ruler: Any) -> None:
        lookups = lemmatizer.lookups
        self.rules: list[tuple[str, str]] = []
        self.inverse: dict[str, set[str]] = {}  # lemma -> irregular words (exception tables)
        for pos in (p.lower() for p in UPOS):
            self.rules += [(old, new) for old, new in lookups.get_table("lemma_rules", {}).get(pos, ())]
            for word, lemmas in (lookups.get_table("lemma_exc", {}).get(pos) or {}).items():
                for lemma in lemmas:
                    self.inverse.setdefault(lemma, set()).add(word)
        self.named: dict[str, set[str]] = {}  # lemma -> words the attribute ruler gives it
        self.unnamed: set[str] = set()  # lemmas it gives without naming the word
        for entry in getattr(ruler, "patterns", ()):
            lemma = entry.get("attrs", {}).get("LEMMA")
            if lemma is None:
                continue
            index = entry.get("index", 0)
            for pattern in entry.get("patterns", ()):
                spec = pattern[index] if -len(pattern) <= index < len(pattern) else {}
                words = _listed(spec.get("LOWER")) or _listed(spec.get("ORTH")) or _listed(spec.get("TEXT"))
                if words is None:
                    self.unnamed.add(str(lemma))
                else:
                    self.named.setdefault(str(lemma), set()).update(w.lower() for w in words)

    def __call__(self, lemma: str) -> frozenset[str] | None:
        """Every lower-case word that could take ``lemma``, or None if any word might."""
        if lemma in self.unnamed:
            return None
        lower = lemma.lower()
        words = {lower}
        for old, new in self.rules:  # a rule turns a word ending in `old` to end in `new`
            if lower.endswith(new):
                words.add(lower[: len(lower) - len(new)] + old)
        words |= self.inverse.get(lower, set()) | self.named.get(lemma, set())
        return frozenset(words)


def _lemma_words(spec: dict[str, Any], forms: LemmaForms | None) -> frozenset[str] | None:
    """The lower-case words that could carry one of the lemmas a pattern token lists, or None
    where it lists none or one of them could be any word's."""
    lemmas = _listed(spec.get("LEMMA"))
    if lemmas is None or forms is None:
        return None
    words: set[str] = set()
    for lemma in lemmas:
        found = forms(lemma)
        if found is None:
            return None
        words |= found
    return frozenset(words)


def _word_test(spec: dict[str, Any], forms: LemmaForms | None) -> WordTest | None:
    """What a word must be to stand for this pattern token, or None if any word could."""
    parts: list[tuple[bool, Callable[[str], bool]]] = []  # (reads the lower case, test)
    for attr in ("ORTH", "TEXT", "LOWER"):
        test = _value_test(spec[attr]) if attr in spec else None
        if test is not None:
            parts.append((attr == "LOWER", test))
    lemma_words = _lemma_words(spec, forms)
    if lemma_words is not None:
        parts.append((True, lemma_words.__contains__))
    if not parts:
        return None
    return lambda w, lw: all(test(lw if lower else w) for lower, test in parts)


def _lower_words(spec: dict[str, Any], forms: LemmaForms | None) -> frozenset[str] | None:
    """The lower-case words ``_word_test`` lets stand for this pattern token, where it reads
    the lower case alone and lists them (LOWER values and lemmas); None otherwise."""
    if any(attr in spec for attr in ("ORTH", "TEXT")):
        return None
    words: frozenset[str] | None = None
    if "LOWER" in spec:
        listed = _listed(spec["LOWER"])
        if listed is None:
            return None
        words = frozenset(listed)
    lemma_words = _lemma_words(spec, forms)
    if lemma_words is not None:
        words = lemma_words if words is None else words & lemma_words
    return words


class PartsOfSpeech:
    """The tags and parts of speech a tagged token could end with, once the attribute rulers
    that follow the tagger have run.

    A ruler pattern may set the token it points at when that token's tag, words and spacing
    pass its tests; its other tests (the dependency label above all, which the parse gives) are
    taken as passed, and so are the pattern's other tokens. The token could then end with the
    part of speech or tag any such pattern sets, or keep the one it has.
    """

    READABLE = ("TAG", "ORTH", "TEXT", "LOWER", "IS_SPACE")

    def __init__(self, rulers: Iterable[Any]) -> None:
        # Per ruler, in pipeline order: the patterns that want one tag, by that tag, and the
        # others; each as (tests of the readable attributes, POS set, TAG set). Most of a
        # model's ruler is its tag map, one pattern per tag.
        Entry = tuple[list[tuple[str, Callable[[Any], bool]]], Any, Any]
        self.rulers: list[tuple[dict[str, list[Entry]], list[Entry]]] = []
        for ruler in rulers:
            by_tag: dict[str, list[Entry]] = {}
            others: list[Entry] = []
            for entry in getattr(ruler, "patterns", ()):
                attrs = entry.get("attrs", {})
                if "POS" not in attrs and "TAG" not in attrs:
                    continue
                index = entry.get("index", 0)
                for pattern in entry.get("patterns", ()):
                    spec = pattern[index] if -len(pattern) <= index < len(pattern) else {}
                    tests = [
                        (attr, test)
                        for attr in self.READABLE
                        if attr in spec and (test := _value_test(spec[attr])) is not None
                    ]
                    one_tag = spec.get("TAG")
                    if isinstance(one_tag, str):
                        by_tag.setdefault(one_tag, []).append((tests, attrs.get("POS"), attrs.get("TAG")))
                    else:
                        others.append((tests, attrs.get("POS"), attrs.get("TAG")))
            self.rulers.append((by_tag, others))

    def __call__(self, word: str, tag: str, pos: str) -> tuple[frozenset[str], frozenset[str]]:
        """The tags and the parts of speech ``word``, tagged ``tag`` (and ``pos``), could end with."""
        tags, poses = {tag}, {pos}
        for by_tag, others in self.rulers:
            values: dict[str, Any] = {
                "TAG": set(tags), "ORTH": (word,), "TEXT": (word,), "LOWER": (word.lower(),),
                "IS_SPACE": (word.isspace(),),
            }  # fmt: skip
            entries = [e for t in values["TAG"] for e in by_tag.get(t, ())] + others
            for tests, set_pos, set_tag in entries:
                if all(any(test(v) for v in values[attr]) for attr, test in tests):
                    if set_pos is not None:
                        poses.add(str(set_pos))
                    if set_tag is not None:
                        tags.add(str(set_tag))
        return frozenset(tags), frozenset(poses)


class _Test:
    """What one pattern token asks of a token that the screen can read: its word, and once
    tagged, its tag and part of speech. A part left out (None) asks nothing."""

    def __init__(self, spec: dict[str, Any], forms: LemmaForms | None) -> None:
        self.word = _word_test(spec, forms)
        self.lower_words = _lower_words(spec, forms) if self.word is not None else None
        self.tag = _value_test(spec["TAG"]) if "TAG" in spec else None
        self.pos = _value_test(spec["POS"]) if "POS" in spec else None

    def words(self, word: str, lower: str) -> bool:
        return self.word is None or self.word(word, lower)

    def tags(self, tags: frozenset[str], poses: frozenset[str]) -> bool:
        """Whether a token that could end with these tags and parts of speech may pass."""
        tag, pos = self.tag, self.pos
        return (tag is None or any(tag(t) for t in tags)) and (pos is None or any(pos(p) for p in poses))


class TriggerScreen:
    """Tells, from a tokenised sentence's words (and, once tagged, its tags), whether any
    trigger rule could match in it."""

    MEMO_LIMIT = 200_000  # distinct words (or tagged words) remembered before the memo starts afresh

    def __init__(
        self,
        patterns: Iterable[Sequence[dict[str, Any]]],
        forms: LemmaForms | None,
        parts_of_speech: PartsOfSpeech | None = None,
    ) -> None:
        self.tests: list[_Test] = []
        self.needs: list[int] = []  # per rule, the tests its required tokens make, as bits
        self.open = False  # some rule requires no word this screen can read: all pass
        self.tags_open = parts_of_speech is None  # nor tag or part of speech, once tagged
        self.parts_of_speech = parts_of_speech
        for pattern in patterns:
            need = 0
            reads_words = False
            for spec in pattern:
                test = _Test(spec, forms) if _required(spec) else None
                if test is not None and (test.word or test.tag or test.pos):
                    need |= 1 << len(self.tests)
                    self.tests.append(test)
                    reads_words = reads_words or test.word is not None
            self.open = self.open or not reads_words
            self.tags_open = self.tags_open or need == 0
            self.needs.append(need)
        # The word tests as an index: lower-case word -> the tests that list it, as bits; the
        # tests that list no words, tried one by one; the tests that read no word.
        self.index: dict[str, int] = {}
        self.general: list[tuple[int, _Test]] = []
        self.any_word = 0
        for n, test in enumerate(self.tests):
            if test.word is None:
                self.any_word |= 1 << n
            elif test.lower_words is None:
                self.general.append((n, test))
            else:
                for word in test.lower_words:
                    self.index[word] = self.index.get(word, 0) | 1 << n
        self.memo: dict[int, int] = {}  # word (orth id) -> the tests its word passes, as bits
        self.tagged_memo: dict[tuple[int, int, int], int] = {}  # (orth, tag, pos) ids -> bits
        # (possible tags, possible parts of speech) -> the tests they pass, as bits
        self.tags_memo: dict[tuple[frozenset[str], frozenset[str]], int] = {}

    def _word_bits(self, orth: int, strings: Any) -> int:
        bits = self.memo.get(orth)
        if bits is None:
            word = strings[orth]
            lower = word.lower()
            bits = self.any_word | self.index.get(lower, 0)
            for n, test in self.general:
                if test.words(word, lower):
                    bits |= 1 << n
            self.memo[orth] = bits
        return bits

    def _tagged_bits(self, orth: int, tag: int, pos: int, strings: Any) -> int:
        assert self.parts_of_speech is not None
        possible = self.parts_of_speech(strings[orth], strings[tag], strings[pos])
        tag_bits = self.tags_memo.get(possible)
        if tag_bits is None:
            tag_bits = self.tags_memo[possible] = sum(
                1 << n for n, test in enumerate(self.tests) if test.tags(*possible)
            )
        return self._word_bits(orth, strings) & tag_bits

    def _clear_full_memos(self) -> None:
        for memo in (self.memo, self.tagged_memo, self.tags_memo):
            if len(memo) > self.MEMO_LIMIT:
                memo.clear()

    def __call__(self, doc: Doc) -> bool:
        """Whether a trigger rule could match the sentence, from its words alone."""
        if self.open:
            return True
        self._clear_full_memos()
        strings = doc.vocab.strings
        seen = 0
        for orth in set(doc.to_array("ORTH").tolist()):
            seen |= self._word_bits(orth, strings)
        return any(need & seen == need for need in self.needs)

    def tagged(self, doc: Doc) -> bool:
        """Whether a trigger rule could match the tagged sentence, from its words, its tags
        and the parts of speech they could end with."""
        if self.tags_open or not doc.has_annotation("TAG"):
            return self(doc)
        self._clear_full_memos()
        memo = self.tagged_memo
        strings = doc.vocab.strings
        seen = 0
        for orth, tag, pos in set(map(tuple, doc.to_array(["ORTH", "TAG", "POS"]).tolist())):
            bits = memo.get((orth, tag, pos))
            if bits is None:
                bits = memo[(orth, tag, pos)] = self._tagged_bits(orth, tag, pos, strings)
            seen |= bits
        return any(need & seen == need for need in self.needs)


def _inner(nlp: Language, name: str) -> Any:
    """A pipeline component, or what parley's slot in its place wraps (parley._speedups.components)."""
    if name not in nlp.pipe_names:
        return None
    component = nlp.get_pipe(name)
    return getattr(component, "inner", None) or component


def lemma_forms(nlp: Language) -> LemmaForms | None:
    """The pipeline's lemma forms, or None where its lemmas cannot be worked back (no rule
    lemmatizer): then lemma tests screen nothing out."""
    lemmatizer = _inner(nlp, "lemmatizer")
    lemmatizer = getattr(lemmatizer, "lemmatizer", lemmatizer)  # the model's, if remembered
    if getattr(lemmatizer, "mode", None) != "rule" or not hasattr(lemmatizer, "lookups"):
        return None
    ruler = _inner(nlp, "attribute_ruler")
    return LemmaForms(lemmatizer, getattr(ruler, "ruler", ruler))  # the model's ruler, if indexed


def tagging_stage(nlp: Language) -> int:
    """How many components, from the first, run before the tag screen: those up to the tagger
    (0 for a pipeline without one)."""
    for number, name in enumerate(nlp.pipe_names):
        if "token.tag" in nlp.get_pipe_meta(name).assigns:
            return number + 1
    return 0


def _parts_of_speech(nlp: Language) -> PartsOfSpeech | None:
    """What the components after the tagger may make of a token's tag and part of speech, or
    None where one of them may set either in a way the screen cannot work out."""
    split = tagging_stage(nlp)
    if not split:
        return None
    rulers = []
    for name in nlp.pipe_names[split:]:
        component = _inner(nlp, name)
        ruler = getattr(component, "ruler", component)  # the model's ruler, if indexed
        if isinstance(ruler, AttributeRuler):
            rulers.append(ruler)
            continue
        if isinstance(component, (DependencyParser, Lemmatizer)) and not isinstance(component, Tagger):
            continue
        assigns = nlp.get_pipe_meta(name).assigns
        if not assigns or {"token.pos", "token.tag"} & set(assigns):
            return None
    return PartsOfSpeech(rulers)


def build_trigger_screen(nlp: Language) -> TriggerScreen:
    """The screen for the pipeline's own trigger rules; one that passes every sentence where
    the pipeline has none."""
    rules = getattr(_inner(nlp, "parley_triggers"), "rules", None)
    if rules is None:
        return TriggerScreen([[]], None)
    return TriggerScreen([r.pattern for r in rules.triggers], lemma_forms(nlp), _parts_of_speech(nlp))


def trigger_screen(nlp: Language) -> TriggerScreen:
    """The pipeline's screen, kept on its trigger component: built with the pipeline
    (``parley.annotate.build_pipeline``), or on first use for a pipeline put together otherwise."""
    triggers = _inner(nlp, "parley_triggers")
    screen = getattr(triggers, "screen", None)
    if screen is None:
        screen = build_trigger_screen(nlp)
        if triggers is not None:
            triggers.screen = screen
    return screen
