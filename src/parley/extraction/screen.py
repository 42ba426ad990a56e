"""Which sentences could hold an event trigger, told from their words before the parse.

The trigger rules read lemmas and parts of speech, which only the tagger, the parser and the
attribute ruler give. But every token a rule requires also names its word: an exact or
lower-case form, or a lemma. The words that can carry a lemma are few and known beforehand:
the lemma itself, the forms the rule lemmatizer's suffix rules take back to it under any part
of speech ("meetings", "meeting", "meets"), the irregular forms its exception tables list
("met"), and the words the attribute ruler gives that lemma by name ("has" for "have"). A
sentence none of whose words could stand for the required tokens of some rule holds no
trigger, so its parse would yield no mention: it is not parsed.

The screen drops every other test (parts of speech, dependencies, order), so it lets through
more than the rules match, never less; ``tests/extract/test_screen.py`` checks that every
sentence with a trigger passes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from parley.memo import by_identity
from parley.tokenmatch import Unsupported, bounds, value_test

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


def _word_test(spec: dict[str, Any], forms: LemmaForms | None) -> WordTest | None:
    """What a word must be to stand for this pattern token, or None if any word could."""
    parts: list[tuple[bool, Callable[[str], bool]]] = []  # (reads the lower case, test)
    for attr in ("ORTH", "TEXT", "LOWER"):
        test = _value_test(spec[attr]) if attr in spec else None
        if test is not None:
            parts.append((attr == "LOWER", test))
    lemmas = _listed(spec.get("LEMMA"))
    if lemmas is not None and forms is not None:
        words: set[str] | None = set()
        for lemma in lemmas:
            found = forms(lemma)
            words = None if found is None or words is None else words | found
        if words is not None:
            parts.append((True, frozenset(words).__contains__))
    if not parts:
        return None
    return lambda w, lw: all(test(lw if lower else w) for lower, test in parts)


class TriggerScreen:
    """Tells, from a tokenised sentence's words, whether any trigger rule could match in it."""

    MEMO_LIMIT = 200_000  # distinct words remembered before the memo starts afresh

    def __init__(self, patterns: Iterable[Sequence[dict[str, Any]]], forms: LemmaForms | None) -> None:
        self.tests: list[WordTest] = []
        self.needs: list[int] = []  # per rule, the tests its required tokens make, as bits
        self.open = False  # some rule requires no word this screen can read: all pass
        for pattern in patterns:
            need = 0
            for spec in pattern:
                test = _word_test(spec, forms) if _required(spec) else None
                if test is not None:
                    need |= 1 << len(self.tests)
                    self.tests.append(test)
            self.open = self.open or need == 0
            self.needs.append(need)
        self.memo: dict[int, int] = {}  # word (orth id) -> the tests it passes, as bits

    def _bits(self, word: str) -> int:
        lower = word.lower()
        return sum(1 << n for n, test in enumerate(self.tests) if test(word, lower))

    def __call__(self, doc: Doc) -> bool:
        if self.open:
            return True
        memo = self.memo
        if len(memo) > self.MEMO_LIMIT:
            memo.clear()
        strings = doc.vocab.strings
        seen = 0
        for orth in set(doc.to_array("ORTH").tolist()):
            bits = memo.get(orth)
            if bits is None:
                bits = memo[orth] = self._bits(strings[orth])
            seen |= bits
        return any(need & seen == need for need in self.needs)


def _inner(nlp: Language, name: str) -> Any:
    """A pipeline component, or what parley's slot in its place wraps (parley.annotate._swap)."""
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


@by_identity
def trigger_screen(nlp: Language) -> TriggerScreen:
    """The screen for the pipeline's own trigger rules; one that passes every sentence where
    the pipeline has none."""
    rules = getattr(_inner(nlp, "parley_triggers"), "rules", None)
    if rules is None:
        return TriggerScreen([[]], None)
    return TriggerScreen([r.pattern for r in rules.triggers], lemma_forms(nlp))
