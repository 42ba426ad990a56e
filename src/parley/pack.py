"""The case pack: the actors, people, places and issues of one negotiation, as validated data.

A negotiation is described by a YAML file (``src/parley/packs/<name>.yaml`` for the
bundled ones, or any path), so following another negotiation needs another pack, not
new code. The file is validated when it is loaded: an unknown party code, a duplicate
id, a bad date, a coordinate out of range or a name claimed by two entries fails at
start-up with a :class:`~parley.errors.PackError` naming the file, the entry and the fix.

Every lookup goes through dict indexes built once, when the pack is built. Names are
compared folded: case-insensitive, diacritics removed (``Erdoğan`` = ``Erdogan``,
``Əliyev`` = ``Aliyev``), hyphens and dashes equal to spaces, a leading "the" and a
trailing possessive dropped. Short all-capital acronyms (``US``, ``EU``, ``UN``) and
actor codes are the exception: they match only as written, because their lower-case
forms are ordinary English words ("us", "arm").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Generic, NoReturn, TypeVar

import yaml

from parley.errors import PackError
from parley.text import fold_char
from parley.text import fold_chars as fold

__all__ = [
    "ACTOR_KINDS",
    "GAZETTEER_LABELS",
    "PLACE_KINDS",
    "Actor",
    "Issue",
    "Pack",
    "Person",
    "Place",
    "Role",
    "bundled_packs",
    "fold",
    "load_pack",
]

# A forum is an organisation whose summits its members attend (CIS, SCO, the European Political
# Community): at its gatherings it is the setting, not a side or a mediator.
ACTOR_KINDS: tuple[str, ...] = ("state", "organisation", "forum")
PLACE_KINDS: tuple[str, ...] = ("city", "region", "border", "country")
GAZETTEER_LABELS: tuple[str, ...] = ("ACTOR", "PERSON_KNOWN", "PLACE", "ISSUE", "DEMONYM")

_STATE_CODE = re.compile(r"[A-Z]{3}")
_ORG_CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}")
_ID = re.compile(r"[a-z][a-z0-9_]*")
# Acronyms match case-sensitively: "US", "UN" and "EU" lower-cased are words of their own.
_ACRONYM = re.compile(r"[A-Z]{2,5}")

_EDGE_PUNCT = " \t\r\n\"'“”«»()[],;:!?"
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)


@lru_cache(maxsize=1 << 15)  # a pure function of a name, asked for every name in every sentence
def _strip(text: str) -> str:
    """Drop surrounding quotes and punctuation, a leading "the" and a trailing possessive."""
    text = text.strip(_EDGE_PUNCT.replace("'", ""))
    text = _ARTICLE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    return text.strip(_EDGE_PUNCT)


@lru_cache(maxsize=1 << 15)  # a pure function of a name, asked for every name in every sentence
def _key(text: str) -> str:
    """The folded form names are indexed and looked up under."""
    return re.sub(r"[\s\-]+", " ", fold(_strip(text))).strip()


# Words that precede a name in news text without being part of it.
_HONORIFICS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "sir", "sheikh", "president", "prime", "minister", "deputy", "foreign",
        "secretary", "state", "chancellor", "speaker", "envoy", "special", "representative", "spokesman",
        "spokeswoman", "spokesperson", "adviser", "advisor", "assistant", "acting", "former", "then", "ex",
        "late", "chief", "head", "senior", "high", "premier", "leader", "top", "diplomat",
    }
)  # fmt: skip


def _is_acronym(text: str) -> bool:
    return bool(_ACRONYM.fullmatch(text))


# --- records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """A state or organisation that takes part in, mediates or comments on the negotiation.

    ``metonyms`` are the capitals and seats that stand for the government in news text
    ("Baku said", "the Kremlin warned"); an extractor should read them as the actor only
    where they act (subject position), and as places elsewhere.
    """

    code: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    capital: str | None = None


@dataclass(frozen=True)
class Role:
    """An office a person held for a party, from ``start`` to ``end`` (None: open-ended)."""

    title: str
    party: str
    start: dt.date | None = None
    end: dt.date | None = None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    """Someone who meets or speaks for a party, with the offices they held and when."""

    id: str
    name: str
    party: str
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()

    def role_on(self, day: dt.date | None = None) -> Role | None:
        """The role held on ``day``; without a day, the current (or else the latest) role.

        Where two roles overlap, the one that began last is the more specific answer
        (a minister who is also a deputy prime minister is usually quoted as the newer).
        """
        if day is None:
            ordered = sorted(self.roles, key=lambda r: (r.end is None, r.end or dt.date.max, _start(r)))
            return ordered[-1] if ordered else None
        held = [r for r in self.roles if r.held_on(day)]
        return max(held, key=_start) if held else None


def _start(role: Role) -> dt.date:
    return role.start or dt.date.min


@dataclass(frozen=True)
class Place:
    """A venue or area. ``country`` is an actor code; a border names both sides, "ARM/AZE"."""

    name: str
    country: str
    lat: float
    lon: float
    kind: str = "city"
    aliases: tuple[str, ...] = ()

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(self.country.split("/"))


@dataclass(frozen=True)
class Issue:
    """An agenda item and the lower-case phrases that signal it."""

    id: str
    label: str
    terms: tuple[str, ...]


# --- the pack ---------------------------------------------------------------------------

T = TypeVar("T")


class _Index(Generic[T]):
    """Names to entries, folded and exact, remembering every claimant so clashes can be reported."""

    def __init__(self) -> None:
        self.folded: dict[str, dict[str, T]] = {}
        self.exact: dict[str, dict[str, T]] = {}
        self.first: dict[tuple[str, str], str] = {}

    def add(self, text: str, owner_id: str, owner: T) -> None:
        stripped = _strip(text)
        if not stripped:
            return
        if _is_acronym(stripped):
            table, key = self.exact, stripped
        else:
            table, key = self.folded, _key(stripped)
        table.setdefault(key, {})[owner_id] = owner
        self.first.setdefault(("=" if table is self.exact else "~", key), text)

    def clashes(self, shared: set[str]) -> list[tuple[str, list[str]]]:
        out = []
        for mark, table in (("=", self.exact), ("~", self.folded)):
            for key, owners in table.items():
                if len(owners) > 1 and key not in shared:
                    out.append((self.first[(mark, key)], sorted(owners)))
        return out

    def find(self, text: str) -> list[T]:
        stripped = _strip(text)
        if not stripped:
            return []
        if _is_acronym(stripped):
            return list(self.exact.get(stripped, {}).values())
        return list(self.folded.get(_key(stripped), {}).values())


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _term_variants(term: str) -> list[str]:
    """A term, its -isation/-ization spelling and its plural: the simple variants news text uses."""
    spellings = {term}
    for a, b in (("isation", "ization"), ("ization", "isation")):
        if a in term:
            spellings.add(term.replace(a, b))
    out: list[str] = []
    for spelling in sorted(spellings):
        out.append(spelling)
        last = re.split(r"[\s\-]", spelling)[-1]
        if last.isalpha() and not last.endswith("s"):
            out.append(spelling[: len(spelling) - len(last)] + _plural(last))
    return out


@dataclass(frozen=True)
class Pack:
    """One negotiation's validated data, with its lookup indexes.

    Building a ``Pack`` checks it: a role, place or actor that names an unknown code,
    a duplicate code or id, and a name claimed by two entries (unless listed in
    ``shared_aliases``) raise :class:`PackError` naming ``source`` and the entry.
    """

    name: str
    title: str
    actors: tuple[Actor, ...]
    people: tuple[Person, ...] = ()
    places: tuple[Place, ...] = ()
    issues: tuple[Issue, ...] = ()
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    shared_aliases: tuple[str, ...] = ()
    source: str = "<pack>"

    _codes: dict[str, Actor] = field(init=False, repr=False, compare=False)
    _actors: _Index[Actor] = field(init=False, repr=False, compare=False)
    _demonyms: _Index[Actor] = field(init=False, repr=False, compare=False)
    _metonyms: _Index[Actor] = field(init=False, repr=False, compare=False)
    _people: _Index[Person] = field(init=False, repr=False, compare=False)
    _places: _Index[Place] = field(init=False, repr=False, compare=False)
    _terms: dict[str, Issue] = field(init=False, repr=False, compare=False)
    _term_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _title_words: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        shared = {_key(s) for s in self.shared_aliases} | {_strip(s) for s in self.shared_aliases}
        codes = self._check_codes()
        actors: _Index[Actor] = _Index()
        demonyms: _Index[Actor] = _Index()
        metonyms: _Index[Actor] = _Index()
        for actor in self.actors:
            for text in (actor.name, *actor.aliases, *actor.demonyms, *actor.metonyms):
                actors.add(text, actor.code, actor)
            for text in actor.demonyms:
                demonyms.add(text, actor.code, actor)
            for text in actor.metonyms:
                metonyms.add(text, actor.code, actor)
        self._report_clashes("actors", actors, shared)

        people: _Index[Person] = _Index()
        seen_ids: set[str] = set()
        for person in self.people:
            entry = f"people {person.id!r}"
            if person.id in seen_ids:
                self._fail(entry, "the id is used twice", "give every person a distinct id")
            seen_ids.add(person.id)
            self._check_code(entry, "party", person.party, codes)
            for n, role in enumerate(person.roles, 1):
                self._check_code(f"{entry}, role {n} ({role.title!r})", "party", role.party, codes)
            for text in (person.name, *person.aliases):
                people.add(text, person.id, person)
        self._report_clashes("people", people, shared)

        places: _Index[Place] = _Index()
        seen_places: set[str] = set()
        for place in self.places:
            entry = f"places {place.name!r}"
            if place.name in seen_places:
                self._fail(entry, "the place is listed twice", "merge the two entries")
            seen_places.add(place.name)
            for part in place.countries:
                self._check_code(entry, "country", part, codes)
            for text in (place.name, *place.aliases):
                places.add(text, place.name, place)
        self._report_clashes("places", places, shared)

        terms: dict[str, Issue] = {}
        seen_issues: set[str] = set()
        for issue in self.issues:
            if issue.id in seen_issues:
                self._fail(f"issues {issue.id!r}", "the id is used twice", "give every issue a distinct id")
            seen_issues.add(issue.id)
            for term in issue.terms:
                for variant in _term_variants(term):
                    key = _key(variant)
                    other = terms.get(key)
                    if other is not None and other.id != issue.id:
                        self._fail(
                            f"issues {issue.id!r}",
                            f"the term {term!r} is also a term of {other.id!r}",
                            "keep each term under one issue",
                        )
                    terms[key] = issue

        set_ = object.__setattr__
        set_(self, "_codes", codes)
        set_(self, "_actors", actors)
        set_(self, "_demonyms", demonyms)
        set_(self, "_metonyms", metonyms)
        set_(self, "_people", people)
        set_(self, "_places", places)
        set_(self, "_terms", terms)
        set_(self, "_term_re", _compile_terms(terms))
        title_texts = [r.title for p in self.people for r in p.roles]
        title_texts += [t for a in self.actors for t in (a.name, *a.aliases, *a.demonyms)]
        title_words = {_key(w) for t in title_texts for w in re.split(r"[\s\-]+", t) if w}
        set_(self, "_title_words", frozenset(title_words | _HONORIFICS))

    # validation helpers

    def _fail(self, entry: str, problem: str, fix: str) -> NoReturn:
        raise PackError(f"{self.source}: {entry}: {problem}. Fix: {fix}.")

    def _check_codes(self) -> dict[str, Actor]:
        codes: dict[str, Actor] = {}
        for actor in self.actors:
            if actor.code in codes:
                self._fail(f"actors {actor.code!r}", "the code is used twice", "give each actor its own code")
            codes[actor.code] = actor
        return codes

    def _check_code(self, entry: str, what: str, code: str, codes: dict[str, Actor]) -> None:
        if code not in codes:
            known = ", ".join(sorted(codes))
            self._fail(
                entry,
                f"{what} {code!r} is not an actor code of this pack",
                f"use one of {known}, or add an actor with code {code!r}",
            )

    def _report_clashes(self, section: str, index: _Index[Any], shared: set[str]) -> None:
        for text, owners in index.clashes(shared):
            self._fail(
                f"{section} {', '.join(repr(o) for o in owners)}",
                f"the name {text!r} is claimed by more than one entry",
                "remove it from all but one, or list it under shared_aliases if it is truly ambiguous",
            )

    # lookups

    def actor(self, text: str) -> Actor | None:
        """The actor ``text`` names: its code, name, an alias, a demonym or a metonym."""
        stripped = _strip(text)
        if stripped in self._codes:
            return self._codes[stripped]
        found = self._actors.find(text)
        return found[0] if len(found) == 1 else None

    def actor_by_code(self, code: str) -> Actor | None:
        return self._codes.get(code)

    def demonym(self, word: str) -> Actor | None:
        """The actor a demonym or attributive form belongs to: "Azeri" -> AZE, "U.S." -> USA."""
        found = self._demonyms.find(word)
        return found[0] if len(found) == 1 else None

    def metonym(self, word: str) -> Actor | None:
        """The actor a capital or seat stands for: "Baku" -> AZE, "the Kremlin" -> RUS."""
        found = self._metonyms.find(word)
        return found[0] if len(found) == 1 else None

    def person(self, text: str, on: dt.date | None = None) -> tuple[Person, Role | None] | None:
        """The person ``text`` names, with the role they held ``on`` that day.

        Title words in front of a name ("Azerbaijan's top diplomat Jeyhun Bayramov") are
        dropped one at a time until a name matches; only words of the pack's role titles,
        actor names and demonyms, and common honorifics count as titles, so that an unknown
        first name before a known surname does not resolve to the known person. A name
        shared by two people resolves only when exactly one of them held a role on ``on``.
        """
        words = _strip(text).split()
        found: list[Person] = []
        for skip in range(len(words)):
            found = self._people.find(" ".join(words[skip:]))
            if found or _key(words[skip]) not in self._title_words:
                break
        if not found:
            return None
        if len(found) > 1:
            if on is None:
                return None
            found = [p for p in found if p.role_on(on) is not None]
            if len(found) != 1:
                return None
        person = found[0]
        return person, person.role_on(on)

    def place(self, text: str) -> Place | None:
        found = self._places.find(text)
        return found[0] if len(found) == 1 else None

    def issue(self, issue_id: str) -> Issue | None:
        return next((i for i in self.issues if i.id == issue_id), None)

    def issues_in(self, text: str) -> list[tuple[Issue, int, int]]:
        """Every issue term in ``text`` (longest match first), with its character offsets."""
        if self._term_re is None:
            return []
        out = []
        for match in self._term_re.finditer(fold(text)):
            issue = self._terms.get(_key(match.group(0)))
            if issue is not None:
                out.append((issue, match.start(), match.end()))
        return out

    def gazetteer(self, tokenizer: Callable[[str], Iterable[Any]] | None = None) -> list[dict[str, Any]]:
        """Token patterns for a spaCy ``EntityRuler`` or ``SpanRuler``.

        Labels: ACTOR (names, aliases, and metonyms that are not also places), DEMONYM,
        PERSON_KNOWN, PLACE (metonymic capitals are emitted as places; the extractor
        decides from syntax when they act) and ISSUE. Each pattern's ``id`` is the actor
        code, person id, place name or issue id. Tokens match on ``LOWER`` except
        acronyms, which match on ``ORTH``. Hyphenated names also match spaced and
        en-dashed; possessives need no pattern because the tokenizer splits off "'s".
        ``tokenizer`` defaults to a blank English one; pass the pipeline's own.
        """
        tok = tokenizer or _blank_tokenizer()
        patterns: list[dict[str, Any]] = []
        seen: set[tuple[str, str, str]] = set()

        def emit(label: str, ident: str, texts: Iterable[str]) -> None:
            for text in texts:
                for variant in _surface_variants(text):
                    tokens = [t.text for t in tok(variant) if not t.is_space]
                    if not tokens:
                        continue
                    if len(tokens) == 1 and _is_acronym(tokens[0]):
                        pattern: list[dict[str, str]] = [{"ORTH": tokens[0]}]
                    else:
                        pattern = [{"ORTH": t} if _is_acronym(t) else {"LOWER": t.lower()} for t in tokens]
                    mark = (label, ident, repr(pattern))
                    if mark not in seen:
                        seen.add(mark)
                        patterns.append({"label": label, "pattern": pattern, "id": ident})

        place_names = {_key(n) for p in self.places for n in (p.name, *p.aliases)}
        for actor in self.actors:
            named = {_key(n) for n in (actor.name, *actor.aliases)}
            emit("ACTOR", actor.code, (actor.name, *actor.aliases))
            emit("ACTOR", actor.code, (m for m in actor.metonyms if _key(m) not in place_names))
            emit("DEMONYM", actor.code, (d for d in actor.demonyms if _key(d) not in named))
        for person in self.people:
            emit("PERSON_KNOWN", person.id, (person.name, *person.aliases))
        for place in self.places:
            emit("PLACE", place.name, (place.name, *place.aliases))
        for issue in self.issues:
            emit("ISSUE", issue.id, (v for t in issue.terms for v in _term_variants(t)))
        return patterns


def _surface_variants(text: str) -> list[str]:
    """The spellings a name takes in text: as written, without diacritics, spaced or dashed."""
    stripped = _strip(text)
    forms = {stripped}
    forms.add("".join(c if fold_char(c) == c.lower() else fold_char(c) for c in stripped))
    for form in list(forms):
        if "-" in form:
            forms.add(form.replace("-", " "))
            forms.add(form.replace("-", "–"))
    return sorted(forms)


def _compile_terms(terms: dict[str, Issue]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # Longest first, so that "lachin corridor" wins over "corridor" at the same position.
    keys = sorted(terms, key=len, reverse=True)
    alternatives = [r"[\s\-]+".join(re.escape(w) for w in key.split(" ")) for key in keys]
    # A term glued by a hyphen to another word is part of a different compound ("pow-wow").
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w]|-\w)")


@lru_cache(maxsize=1)
def _blank_tokenizer() -> Callable[[str], Iterable[Any]]:
    import spacy

    return spacy.blank("en").tokenizer


# --- loading ----------------------------------------------------------------------------

_TOP_KEYS = {"name", "title", "period", "actors", "people", "places", "issues", "shared_aliases"}
_ACTOR_KEYS = {"code", "name", "kind", "aliases", "demonyms", "metonyms", "capital"}
_PERSON_KEYS = {"id", "name", "party", "aliases", "roles"}
_ROLE_KEYS = {"title", "party", "start", "end"}
_PLACE_KEYS = {"name", "aliases", "country", "lat", "lon", "kind"}
_ISSUE_KEYS = {"id", "label", "terms"}


class _Reader:
    """Turns the parsed YAML into records, failing with the file, the entry and the fix."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, entry: str, problem: str, fix: str) -> PackError:
        return PackError(f"{self.source}: {entry}: {problem}. Fix: {fix}.")

    def mapping(self, value: Any, entry: str, allowed: set[str], required: Sequence[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            got = type(value).__name__
            raise self.fail(entry, f"expected a mapping, got {got}", "write key: value lines")
        unknown = sorted(set(map(str, value)) - allowed)
        if unknown:
            raise self.fail(
                entry, f"unknown field(s) {', '.join(unknown)}", f"use only {', '.join(sorted(allowed))}"
            )
        for key in required:
            if value.get(key) in (None, ""):
                raise self.fail(entry, f"the field {key!r} is missing", f"add {key}: ...")
        return value

    def text(self, value: Any, entry: str, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(entry, f"{key} must be non-empty text, got {value!r}", f"write {key} as a string")
        return value.strip()

    def texts(self, value: Any, entry: str, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            got = type(value).__name__
            raise self.fail(entry, f"{key} must be a list, got {got}", f"write {key}: [a, b]")
        return tuple(self.text(v, entry, key) for v in value)

    def entries(self, value: Any, section: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(section, "expected a list of entries", f"write {section}: followed by '- ' items")
        return value

    def date(self, value: Any, entry: str, key: str, *, end: bool) -> dt.date | None:
        """ISO dates; "YYYY-MM" and "YYYY" stand for the first (start) or last (end) day they cover."""
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return dt.date.fromisoformat(text)
            if re.fullmatch(r"\d{4}-\d{2}", text):
                year, month = int(text[:4]), int(text[5:])
                first = dt.date(year, month, 1)
                if not end:
                    return first
                following = dt.date(year + month // 12, month % 12 + 1, 1)
                return following - dt.timedelta(days=1)
            if re.fullmatch(r"\d{4}", text):
                return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
        except ValueError:
            pass
        raise self.fail(
            entry, f"{key} {value!r} is not a valid date", "write YYYY-MM-DD (or YYYY-MM, YYYY), or null"
        )

    def number(self, value: Any, entry: str, key: str, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(entry, f"{key} must be a number, got {value!r}", f"give {key} in decimal degrees")
        if not low <= value <= high:
            raise self.fail(entry, f"{key} {value} is out of range", f"{key} must lie in {low}..{high}")
        return float(value)

    def actor(self, raw: Any, n: int) -> Actor:
        entry = f"actors[{n}]"
        data = self.mapping(raw, entry, _ACTOR_KEYS, ("code", "name", "kind"))
        code = self.text(data["code"], entry, "code")
        entry = f"actors {code!r}"
        kind = self.text(data["kind"], entry, "kind")
        if kind not in ACTOR_KINDS:
            raise self.fail(entry, f"kind {kind!r} is unknown", f"use one of {', '.join(ACTOR_KINDS)}")
        if kind == "state" and not _STATE_CODE.fullmatch(code):
            raise self.fail(entry, "a state's code must be three capital letters", "use ISO 3166 alpha-3")
        if not _ORG_CODE.fullmatch(code):
            raise self.fail(entry, "the code must be 2-8 capitals or digits", "use a short upper-case code")
        capital = data.get("capital")
        return Actor(
            code=code,
            name=self.text(data["name"], entry, "name"),
            kind=kind,
            aliases=self.texts(data.get("aliases"), entry, "aliases"),
            demonyms=self.texts(data.get("demonyms"), entry, "demonyms"),
            metonyms=self.texts(data.get("metonyms"), entry, "metonyms"),
            capital=None if capital is None else self.text(capital, entry, "capital"),
        )

    def person(self, raw: Any, n: int) -> Person:
        entry = f"people[{n}]"
        data = self.mapping(raw, entry, _PERSON_KEYS, ("id", "name", "party"))
        ident = self.text(data["id"], entry, "id")
        entry = f"people {ident!r}"
        if not _ID.fullmatch(ident):
            raise self.fail(entry, "the id must be lower-case letters, digits and _", "e.g. id: pashinyan")
        roles = []
        for k, raw_role in enumerate(self.entries(data.get("roles"), f"{entry}: roles"), 1):
            where = f"{entry}, role {k}"
            role_data = self.mapping(raw_role, where, _ROLE_KEYS, ("title", "party"))
            role = Role(
                title=self.text(role_data["title"], where, "title"),
                party=self.text(role_data["party"], where, "party"),
                start=self.date(role_data.get("start"), where, "start", end=False),
                end=self.date(role_data.get("end"), where, "end", end=True),
            )
            if role.start and role.end and role.end < role.start:
                raise self.fail(
                    f"{where} ({role.title!r})",
                    f"it ends ({role.end}) before it starts ({role.start})",
                    "swap or correct the dates",
                )
            roles.append(role)
        return Person(
            id=ident,
            name=self.text(data["name"], entry, "name"),
            party=self.text(data["party"], entry, "party"),
            aliases=self.texts(data.get("aliases"), entry, "aliases"),
            roles=tuple(roles),
        )

    def place(self, raw: Any, n: int) -> Place:
        entry = f"places[{n}]"
        data = self.mapping(raw, entry, _PLACE_KEYS, ("name", "country", "lat", "lon"))
        name = self.text(data["name"], entry, "name")
        entry = f"places {name!r}"
        kind = self.text(data.get("kind", "city"), entry, "kind")
        if kind not in PLACE_KINDS:
            raise self.fail(entry, f"kind {kind!r} is unknown", f"use one of {', '.join(PLACE_KINDS)}")
        country = data["country"]
        if isinstance(country, list):
            country = "/".join(self.text(c, entry, "country") for c in country)
        return Place(
            name=name,
            country=self.text(country, entry, "country"),
            lat=self.number(data["lat"], entry, "lat", -90.0, 90.0),
            lon=self.number(data["lon"], entry, "lon", -180.0, 180.0),
            kind=kind,
            aliases=self.texts(data.get("aliases"), entry, "aliases"),
        )

    def issue(self, raw: Any, n: int) -> Issue:
        entry = f"issues[{n}]"
        data = self.mapping(raw, entry, _ISSUE_KEYS, ("id", "label", "terms"))
        ident = self.text(data["id"], entry, "id")
        entry = f"issues {ident!r}"
        if not _ID.fullmatch(ident):
            raise self.fail(entry, "the id must be lower-case letters, digits and _", "e.g. id: peace_treaty")
        terms = self.texts(data["terms"], entry, "terms")
        for term in terms:
            if term != term.lower():
                raise self.fail(entry, f"the term {term!r} is not lower-case", "write terms in lower case")
        return Issue(id=ident, label=self.text(data["label"], entry, "label"), terms=terms)

    def pack(self, data: Any, default_name: str) -> Pack:
        data = self.mapping(data, "top level", _TOP_KEYS, ("actors",))
        period = data.get("period") or {}
        period = self.mapping(period, "period", {"start", "end"}, ())
        return Pack(
            name=self.text(data.get("name", default_name), "top level", "name"),
            title=self.text(data.get("title", default_name), "top level", "title"),
            actors=tuple(self.actor(a, n) for n, a in enumerate(self.entries(data["actors"], "actors"))),
            people=tuple(self.person(p, n) for n, p in enumerate(self.entries(data.get("people"), "people"))),
            places=tuple(self.place(p, n) for n, p in enumerate(self.entries(data.get("places"), "places"))),
            issues=tuple(self.issue(i, n) for n, i in enumerate(self.entries(data.get("issues"), "issues"))),
            period_start=self.date(period.get("start"), "period", "start", end=False),
            period_end=self.date(period.get("end"), "period", "end", end=True),
            shared_aliases=self.texts(data.get("shared_aliases"), "top level", "shared_aliases"),
            source=self.source,
        )


def _bundled_dir() -> Any:
    return resources.files("parley").joinpath("packs")


def bundled_packs() -> list[str]:
    """Names of the packs that ship with parley."""
    folder = _bundled_dir()
    return sorted(entry.name[: -len(".yaml")] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def _resolve(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    looks_like_path = (
        isinstance(name_or_path, Path) or "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))
    )
    if not looks_like_path:
        candidate = _bundled_dir().joinpath(f"{text}.yaml")
        if candidate.is_file():
            return Path(str(candidate))
        raise PackError(
            f"no bundled case pack named {text!r}. Fix: use one of {', '.join(bundled_packs()) or '(none)'}, "
            "or give the path of a pack YAML file."
        )
    path = Path(text).expanduser()
    if not path.is_file():
        raise PackError(f"case pack file {path} does not exist. Fix: check the --pack or PARLEY_PACK path.")
    return path.resolve()


def load_pack(name_or_path: str | Path = "armenia_azerbaijan") -> Pack:
    """Load and validate a pack: a bundled pack's name or the path of a YAML file.

    Packs are cached per file; editing the file invalidates the cache.
    """
    path = _resolve(name_or_path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as error:
        raise PackError(f"cannot read case pack {path}: {error}. Fix: check its permissions.") from error
    return _load(str(path), stamp)


@lru_cache(maxsize=32)
def _load(path: str, stamp: int) -> Pack:
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PackError(f"cannot read case pack {path}: {error}. Fix: save it as UTF-8 text.") from error
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        where = ""
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        raise PackError(f"{path}: not valid YAML{where}: {error}. Fix: correct the YAML syntax.") from error
    return _Reader(path).pack(data, Path(path).stem)
